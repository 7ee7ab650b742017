//! The Markdown scanner and splicer: positions inside the chapter, body
//! pieces copied from it, and splicing each block with its own text is
//! byte-identical.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|text: &str| {
    invariants::scan_and_splice(text);
});
