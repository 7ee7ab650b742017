//! Compare the statement a notation produces with the book's JSON statement,
//! one element at a time, and say which element differs and how.
//!
//! Equal means equal for IAM: a principal account ID and its `:root` ARN are
//! the same principal, one value and a one-element list are the same value,
//! and action names and condition keys are compared without regard to case.
//! Condition values are compared exactly.

use super::Built;
use crate::checks::iam::valid_account;
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const CODE: &str = codes::NOTATION_MISMATCH;

/// Compare `built` (what the notation `says` produces, by calling the API
/// operation `api`) with the JSON `statement`.
pub(crate) fn compare(says: &str, api: &str, built: &Built, statement: &Value) -> Vec<Finding> {
    let ours = &built.statement;
    let Some(theirs) = statement.as_object() else {
        return vec![Finding::error(CODE, "the JSON statement is not an object")];
    };
    let skipped = |element: &str| built.unresolved.iter().any(|u| u.element == element);
    let mut findings = Vec::new();
    let differ = |element: &str, ours: String, theirs: String| {
        Finding::error(CODE, format!("{element}: {says} says {ours}, the JSON says {theirs}"))
    };

    // Sid: only when the notation sets one (CloudFormation never does; Terraform
    // makes one up when `statement_id` is left out).
    if let Some(sid) = ours.get("Sid")
        && theirs.get("Sid") != Some(sid)
    {
        findings.push(differ("Sid", show(Some(sid)), show(theirs.get("Sid"))));
    }

    if theirs.get("Effect").and_then(Value::as_str) != Some("Allow") {
        findings.push(Finding::error(
            CODE,
            format!("Effect: {says} always creates an Allow statement, the JSON says {}", show(theirs.get("Effect"))),
        ));
    }

    if !skipped("Principal") && !same_principal(ours.get("Principal"), theirs.get("Principal")) {
        findings.push(differ("Principal", show(ours.get("Principal")), show(theirs.get("Principal"))));
    }
    if !skipped("Action") && folded(ours.get("Action")) != folded(theirs.get("Action")) {
        findings.push(differ("Action", show(ours.get("Action")), show(theirs.get("Action"))));
    }
    if !skipped("Resource") && strings(ours.get("Resource")) != strings(theirs.get("Resource")) {
        findings.push(differ("Resource", show(ours.get("Resource")), show(theirs.get("Resource"))));
    }

    // Conditions, entry by entry: (operator, folded key) → values.
    let ours_c = conditions(ours.get("Condition"));
    let theirs_c = match theirs.get("Condition") {
        None => Ok(BTreeMap::new()),
        Some(Value::Object(_)) => Ok(conditions(theirs.get("Condition"))),
        Some(other) => Err(other),
    };
    match theirs_c {
        Err(other) => findings.push(Finding::error(
            CODE,
            format!("Condition: the JSON's Condition is {}, not an object", show(Some(other))),
        )),
        Ok(theirs_c) => {
            let mut keys: BTreeSet<&(String, String)> = ours_c.keys().collect();
            keys.extend(theirs_c.keys());
            for key in keys {
                let (operator, _) = key;
                let a = ours_c.get(key);
                let b = theirs_c.get(key);
                let name = b.or(a).map(|e| e.key.as_str()).unwrap_or_default();
                let element = format!("Condition {operator} {name}");
                // A condition whose value is a reference is not compared, whatever its operator.
                if built.unresolved.iter().any(|u| {
                    u.element.starts_with("Condition ")
                        && u.element.to_ascii_lowercase().ends_with(&format!(" {}", key.1))
                }) {
                    continue;
                }
                match (a, b) {
                    (Some(a), Some(b)) if a.values == b.values => {}
                    (Some(a), Some(b)) => findings.push(differ(&element, a.shown(), b.shown())),
                    (Some(a), None) => {
                        // Same key under another operator reads better as one difference.
                        let elsewhere = theirs_c.iter().find(|((_, k), _)| *k == key.1);
                        match elsewhere {
                            Some(((other_op, _), e)) => findings.push(Finding::error(
                                CODE,
                                format!(
                                    "{element}: {says} says {} with {operator}, the JSON tests it with {other_op} ({})",
                                    a.shown(),
                                    e.shown()
                                ),
                            )),
                            None => findings.push(Finding::error(
                                CODE,
                                format!("{element}: {says} says {}, the JSON has no such condition", a.shown()),
                            )),
                        }
                    }
                    (None, Some(b)) => {
                        if ours_c.keys().any(|(_, k)| *k == key.1) {
                            continue; // already reported from our side
                        }
                        findings.push(Finding::error(
                            CODE,
                            format!("{element}: {says} sets no such condition, the JSON says {}", b.shown()),
                        ));
                    }
                    (None, None) => {}
                }
            }
        }
    }

    // What the operation cannot write at all.
    for key in theirs.keys() {
        if !["Sid", "Effect", "Principal", "Action", "Resource", "Condition"].contains(&key.as_str()) {
            findings.push(
                Finding::error(CODE, format!("{key}: the JSON has {key}, which {says} cannot express"))
                    .with_hint(format!("{api} writes Sid, Effect, Principal, Action, Resource and Condition only")),
            );
        }
    }
    findings
}

/// A value as a message shows it: strings bare, anything else as compact JSON.
fn show(value: Option<&Value>) -> String {
    match value {
        None => "nothing".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.len() == 1 => show(items.first()),
        Some(other) => other.to_string(),
    }
}

/// A string or a list of strings, as a set.
fn strings(value: Option<&Value>) -> Option<BTreeSet<String>> {
    match value? {
        Value::String(s) => Some(BTreeSet::from([s.clone()])),
        Value::Array(items) => items.iter().map(|v| v.as_str().map(str::to_string)).collect(),
        _ => None,
    }
}

fn folded(value: Option<&Value>) -> Option<BTreeSet<String>> {
    strings(value).map(|set| set.into_iter().map(|s| s.to_ascii_lowercase()).collect())
}

/// A principal as a set of (type, value), with `"*"` as ("*", "*"), and an
/// account ID written as its `arn:aws:iam::ACCOUNT:root` form.
fn principal_set(value: Option<&Value>) -> Option<BTreeSet<(String, String)>> {
    let mut out = BTreeSet::new();
    match value? {
        Value::String(s) if s == "*" => {
            out.insert(("*".to_string(), "*".to_string()));
        }
        Value::Object(map) => {
            for (kind, values) in map {
                for v in strings(Some(values))? {
                    let v = if kind == "AWS" && valid_account(&v) { format!("arn:aws:iam::{v}:root") } else { v };
                    if kind == "AWS" && v == "*" {
                        out.insert(("*".to_string(), "*".to_string()));
                    } else {
                        out.insert((kind.clone(), v));
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

fn same_principal(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (principal_set(a), principal_set(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// One condition entry: the key as written, and its values.
struct Entry {
    key: String,
    values: BTreeSet<String>,
}

impl Entry {
    fn shown(&self) -> String {
        let v: Vec<&str> = self.values.iter().map(String::as_str).collect();
        match v.as_slice() {
            [one] => one.to_string(),
            many => format!("[{}]", many.join(", ")),
        }
    }
}

fn conditions(value: Option<&Value>) -> BTreeMap<(String, String), Entry> {
    let mut out = BTreeMap::new();
    let Some(Value::Object(blocks)) = value else { return out };
    for (operator, block) in blocks {
        let Value::Object(block) = block else { continue };
        for (key, values) in block {
            let values = values_of(values);
            out.insert((operator.clone(), key.to_ascii_lowercase()), Entry { key: key.clone(), values });
        }
    }
    out
}

fn values_of(value: &Value) -> BTreeSet<String> {
    let one = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => BTreeSet::from([one(other)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn built(statement: Value) -> Built {
        Built { statement: statement.as_object().unwrap().clone(), unresolved: vec![] }
    }

    fn messages(ours: Value, theirs: Value) -> Vec<String> {
        compare("add-permission", "AddPermission", &built(ours), &theirs).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn table_of_differences() {
        let base = json!({
            "Sid": "s",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}}
        });
        let with = |pointer: &str, v: Value| {
            let mut t = base.clone();
            *t.pointer_mut(pointer).unwrap() = v;
            t
        };
        let cases: Vec<(&str, Value, Vec<&str>)> = vec![
            ("equal", base.clone(), vec![]),
            ("sid", with("/Sid", json!("t")), vec!["Sid: add-permission says s, the JSON says t"]),
            (
                "effect",
                with("/Effect", json!("Deny")),
                vec!["Effect: add-permission always creates an Allow statement, the JSON says Deny"],
            ),
            (
                "principal",
                with("/Principal", json!({"Service": "sns.amazonaws.com"})),
                vec![
                    "Principal: add-permission says {\"Service\":\"s3.amazonaws.com\"}, the JSON says {\"Service\":\"sns.amazonaws.com\"}",
                ],
            ),
            (
                "action",
                with("/Action", json!("lambda:GetFunction")),
                vec!["Action: add-permission says lambda:InvokeFunction, the JSON says lambda:GetFunction"],
            ),
            ("action case", with("/Action", json!(["LAMBDA:invokefunction"])), vec![]),
            (
                "resource",
                with("/Resource", json!("arn:aws:lambda:us-east-1:123456789012:function:g")),
                vec![
                    "Resource: add-permission says arn:aws:lambda:us-east-1:123456789012:function:f, the JSON says arn:aws:lambda:us-east-1:123456789012:function:g",
                ],
            ),
            (
                "source arn",
                with("/Condition/ArnLike/aws:SourceArn", json!("arn:aws:s3:::c")),
                vec![
                    "Condition ArnLike aws:SourceArn: add-permission says arn:aws:s3:::b, the JSON says arn:aws:s3:::c",
                ],
            ),
            ("key case", with("/Condition", json!({"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::b"}})), vec![]),
            (
                "operator",
                with("/Condition", json!({"StringLike": {"aws:SourceArn": "arn:aws:s3:::b"}})),
                vec![
                    "Condition ArnLike aws:SourceArn: add-permission says arn:aws:s3:::b with ArnLike, the JSON tests it with StringLike (arn:aws:s3:::b)",
                ],
            ),
            (
                "missing in json",
                with("/Condition", json!({})),
                vec![
                    "Condition ArnLike aws:SourceArn: add-permission says arn:aws:s3:::b, the JSON has no such condition",
                ],
            ),
            (
                "extra in json",
                with(
                    "/Condition",
                    json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}, "StringEquals": {"aws:SourceAccount": "123456789012"}}),
                ),
                vec![
                    "Condition StringEquals aws:SourceAccount: add-permission sets no such condition, the JSON says 123456789012",
                ],
            ),
        ];
        for (name, theirs, want) in cases {
            assert_eq!(messages(base.clone(), theirs), want, "case {name}");
        }
    }

    #[test]
    fn account_principal_forms_are_equal() {
        let ours = json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}});
        let theirs = json!({"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}});
        assert!(messages(ours.clone(), theirs).is_empty());
        let star = json!({"Effect": "Allow", "Principal": {"AWS": "*"}});
        assert!(messages(json!({"Effect": "Allow", "Principal": "*"}), star).is_empty());
    }

    #[test]
    fn elements_add_permission_cannot_write() {
        let ours = json!({"Effect": "Allow", "Action": "lambda:InvokeFunction"});
        let theirs = json!({"Effect": "Allow", "Action": "lambda:InvokeFunction", "NotResource": "x"});
        assert_eq!(
            messages(ours, theirs),
            vec!["NotResource: the JSON has NotResource, which add-permission cannot express"]
        );
    }
}
