//! The hcl notation parser (`aws_lambda_permission`): compared with the book's S3
//! statement without panicking, and a statement built from a block matches
//! that block.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

const POLICY: &str = include_str!("../../examples/policies/s3-invoke-function.json");

libfuzzer_sys::fuzz_target!(|body: &str| {
    let policy: serde_json::Value = serde_json::from_str(POLICY).unwrap();
    invariants::notation("hcl", body, &policy["Statement"][0]);
});
