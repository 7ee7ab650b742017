//! The policy-test parser and evaluator. Input: a policy-test block body,
//! run against the book's resource, identity and trust policies; or
//! `POLICY_JSON \0 BODY` to fuzz the policy too.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use lambda_notes::snippet::kind::{self, Kind};
use serde_json::Value;

const POLICIES: [(Kind, &str); 3] = [
    (Kind::ResourcePolicy, include_str!("../../examples/policies/s3-invoke-function.json")),
    (Kind::IdentityPolicy, include_str!("../../examples/policies/sqs-consumer-role-policy.json")),
    (Kind::TrustPolicy, include_str!("../../examples/policies/lambda-trust-policy.json")),
];

libfuzzer_sys::fuzz_target!(|input: &str| {
    if let Some((policy, body)) = input.split_once('\0') {
        let Ok(policy) = serde_json::from_str::<Value>(policy) else { return };
        let kind = kind::classify(&policy).filter(|k| k.is_iam()).unwrap_or(Kind::ResourcePolicy);
        invariants::policy_test(&policy, kind, body);
        return;
    }
    for (kind, policy) in POLICIES {
        invariants::policy_test(&serde_json::from_str(policy).unwrap(), kind, input);
    }
});
