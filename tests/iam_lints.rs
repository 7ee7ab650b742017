//! Snapshot the IAM findings of every fixture in tests/fixtures/iam.
//!
//! A fixture is named `<name>.<kind>.json`, where kind is one of
//! identity-policy, resource-policy, trust-policy or policy-statement.
//! Update snapshots with `INSTA_UPDATE=always cargo test --test iam_lints`,
//! then read every changed `.snap` before committing it.

use std::path::PathBuf;

use lambda_notes::checks::iam::{access_level, action_exists, lint};
use lambda_notes::snippet::kind::Kind;

fn fixtures() -> Vec<(String, Kind, PathBuf)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iam"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = file.strip_suffix(".json") else { continue };
        let (name, kind) = stem.rsplit_once('.').expect("fixture names are <name>.<kind>.json");
        let kind = Kind::from_name(kind).unwrap_or_else(|| panic!("unknown kind in {file}"));
        out.push((name.to_string(), kind, path));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn fixture_findings() {
    let all = fixtures();
    assert!(all.len() >= 20, "expected at least 20 fixtures, found {}", all.len());
    for (name, kind, path) in all {
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let findings = lint(&doc, kind);
        insta::assert_json_snapshot!(format!("iam_{name}"), findings);
    }
}

#[test]
fn public_helpers_for_other_modules() {
    assert_eq!(access_level("lambda:InvokeFunction"), Some("Write"));
    assert_eq!(access_level("lambda:GetFunction"), Some("Read"));
    assert_eq!(access_level("lambda:ListFunctions"), Some("List"));
    assert_eq!(access_level("lambda:AddPermission"), Some("Permissions management"));
    assert_eq!(access_level("lambda:TagResource"), Some("Tagging"));
    assert_eq!(access_level("nope:Nothing"), None);
    assert!(action_exists("logs:CreateLogGroup") && action_exists("logs:Create*") && action_exists("*"));
    assert!(!action_exists("logs: CreateLogGroup") && !action_exists("logs:CreateLogGroups"));
}

#[test]
fn non_iam_kinds_are_ignored() {
    let doc = serde_json::json!({"Records": [{"eventSource": "aws:sqs"}]});
    assert!(lint(&doc, Kind::SqsEvent).is_empty());
}
