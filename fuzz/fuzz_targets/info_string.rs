//! The info-string parser: an error points at a token inside the string.
#![no_main]

libfuzzer_sys::fuzz_target!(|info: &str| {
    if let Err(e) = lambda_notes::snippet::attrs::parse(info) {
        assert!(e.offset < info.len().max(1), "offset {} beyond {:?}", e.offset, info);
        assert!(info.is_char_boundary(e.offset), "offset {} cuts a character", e.offset);
    }
});
