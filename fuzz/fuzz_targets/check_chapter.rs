//! The whole `check` of one chapter (with the book's examples/): findings
//! inside the chapter, a chapter with nothing to handle untouched, snippet
//! text never raw HTML on the page, reports without raw control characters.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|text: &str| {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    invariants::check_chapter(&root, text, "en");
});
