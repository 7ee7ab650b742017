//! The strict JSON locator: syntax errors point inside the text, every value
//! is located where it is written, and `check` of a bare JSON document puts
//! each finding inside it.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|text: &str| {
    if invariants::json_locate(text).is_none() {
        return;
    }
    for d in lambda_notes::pipeline::inputs::check_json("doc.json", text.to_string(), None) {
        invariants::assert_diagnostic_inside(&d);
    }
});
