//! IAM policy lints: catch offline what IAM Access Analyzer's ValidatePolicy
//! catches, and a little more.
//!
//! Findings use Access Analyzer's finding types as severities and its issue
//! codes wherever one exists; codes of our own are marked in each file.
//!
//! One file per job:
//! - `structure`: Version, Statement, elements, Effect, Sid, empty and redundant values, size
//! - `actions`: service prefixes and action names, wildcards expanded against the service data
//! - `arns`: Resource/NotResource ARN grammar, placeholders, resource types
//! - `principals`: Principal/NotPrincipal by policy kind
//! - `conditions`: operators, keys, value types
//! - `quirks`: resources a service authorizes in another form than the reference prints (data/iam/quirks.json)
//! - `requests`: a policy-test case must be a request AWS could see
//! - `security`: confused deputy, public access, Not* with Allow, admin, PassRole, writes on `*`
//! - `privesc`: privilege-escalation paths across all statements (data/iam/privesc.json)
//! - `service_data`: the compiled-in Service Authorization Reference
//! - `text`: wildcard matching and edit distance
//!
//! The engine calls [`lint`] whether or not the JSON Schema check passed, so
//! every rule skips what it cannot read instead of panicking.

mod actions;
mod arns;
mod bounded_roles;
mod conditions;
mod principals;
mod privesc;
pub mod quirks;
pub mod requests;
mod security;
pub mod service_data;
mod structure;

/// Twelve ASCII digits: an AWS account ID (the one test, for every part of the engine).
pub use arns::valid_account;
mod text;

use serde_json::{Map, Value};

use crate::diagnostics::finding::Finding;
use crate::snippet::kind::Kind;

/// Which kind of policy a statement sits in. `Statement` is a lone statement
/// (Kind::PolicyStatement): its policy kind is unknown, so rules that depend
/// on it stay quiet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PolicyType {
    Identity,
    Resource,
    Trust,
    Statement,
}

/// One statement object and the pointer it lives at.
pub(crate) struct Stmt<'a> {
    pub obj: &'a Map<String, Value>,
    pub ptr: String,
    pub policy: PolicyType,
}

impl<'a> Stmt<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key)
    }

    pub fn at(&self, key: &str) -> String {
        join(&self.ptr, key)
    }

    pub fn is_allow(&self) -> bool {
        self.get("Effect").and_then(Value::as_str) == Some("Allow")
    }

    /// The string values of an element that is a string or an array, with their pointers.
    pub fn strings(&self, key: &str) -> Vec<(String, &'a str)> {
        match self.get(key) {
            Some(v) => strings(v, &self.at(key)),
            None => Vec::new(),
        }
    }

    /// Condition keys used anywhere in the Condition block, as written.
    pub fn condition_keys(&self) -> Vec<&'a str> {
        let mut keys = Vec::new();
        if let Some(Value::Object(ops)) = self.get("Condition") {
            for block in ops.values() {
                if let Value::Object(block) = block {
                    keys.extend(block.keys().map(String::as_str));
                }
            }
        }
        keys
    }

    pub fn has_condition_key(&self, wanted: &[&str]) -> bool {
        self.condition_keys().iter().any(|k| wanted.iter().any(|w| k.eq_ignore_ascii_case(w)))
    }
}

/// Append one escaped segment to a JSON pointer.
pub(crate) fn join(base: &str, segment: &str) -> String {
    // Called for every value of every statement: no formatting machinery.
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    if segment.contains(['~', '/']) {
        out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(segment);
    }
    out
}

/// String values of a string-or-array element, without pointers (other values are skipped).
pub(crate) fn string_values(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// String values of a string-or-array value, with pointers; other shapes are skipped.
pub(crate) fn strings<'a>(v: &'a Value, ptr: &str) -> Vec<(String, &'a str)> {
    match v {
        Value::String(s) => vec![(ptr.to_string(), s.as_str())],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| item.as_str().map(|s| (join(ptr, &i.to_string()), s)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Lint one IAM document. For `Kind::PolicyStatement` the document is a single
/// statement and pointers start at it; kinds that are not IAM give nothing.
pub fn lint(doc: &Value, kind: Kind) -> Vec<Finding> {
    let policy = match kind {
        Kind::IdentityPolicy => PolicyType::Identity,
        Kind::ResourcePolicy => PolicyType::Resource,
        Kind::TrustPolicy => PolicyType::Trust,
        Kind::PolicyStatement => PolicyType::Statement,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let statements = if policy == PolicyType::Statement {
        match doc.as_object() {
            Some(obj) => vec![Stmt { obj, ptr: String::new(), policy }],
            None => Vec::new(),
        }
    } else {
        structure::document(doc, policy, &mut out)
    };
    for s in &statements {
        structure::statement(s, &mut out);
        actions::check(s, &mut out);
        arns::check(s, &mut out);
        quirks::check(s, &mut out);
        principals::check(s, &mut out);
        conditions::check(s, &mut out);
        security::check(s, &mut out);
    }
    structure::across_statements(&statements, policy, &mut out);
    privesc::check(&statements, policy, &mut out);
    out
}

/// The access level of an exact `service:Action` ("List", "Read", "Write",
/// "Permissions management" or "Tagging"); None for unknown actions and wildcards.
/// Actions AWS lists as "Permissions management, Write" count as Permissions management,
/// "Tagging, Write" as Tagging.
pub fn access_level(action: &str) -> Option<&'static str> {
    service_data::data().action(action.trim()).map(|(_, a)| a.level.as_str())
}

/// Does `service:Action` exist? Case-insensitive; a name with `*`/`?` exists
/// when it matches at least one action of a known service (`*` alone matches all).
pub fn action_exists(action: &str) -> bool {
    let action = action.trim();
    if action == "*" {
        return true;
    }
    let Some((prefix, name)) = action.split_once(':') else { return false };
    let data = service_data::data();
    if text::has_wildcard(prefix) {
        return data.services.iter().filter(|s| text::glob_match(prefix, s.prefix)).any(|s| !s.expand(name).is_empty());
    }
    data.service(prefix).is_some_and(|s| !s.expand(name).is_empty())
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::diagnostics::finding::Finding;
    use crate::snippet::kind::Kind;
    use serde_json::Value;

    pub fn codes(doc: Value, kind: Kind) -> Vec<String> {
        super::lint(&doc, kind).into_iter().map(|f| f.code).collect()
    }

    pub fn find(doc: Value, kind: Kind, code: &str) -> Option<Finding> {
        super::lint(&doc, kind).into_iter().find(|f| f.code == code)
    }

    /// Every finding, one line each: severity, code, pointer (`key` when it
    /// points at the key), message and hint. Tests compare the whole list, so
    /// an extra, missing or repeated finding fails them.
    pub fn listed(doc: Value, kind: Kind) -> String {
        render(&super::lint(&doc, kind))
    }

    pub fn render(findings: &[Finding]) -> String {
        findings
            .iter()
            .map(|f| {
                let key = if f.target.at_key { " (key)" } else { "" };
                let hint = f.hint.as_deref().map(|h| format!("\n    help: {h}")).unwrap_or_default();
                format!("{} {} at {}{key}: {}{hint}\n", f.severity.as_str(), f.code, f.target.pointer, f.message)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn public_helpers() {
        assert_eq!(access_level("s3:GetObject"), Some("Read"));
        assert_eq!(access_level("S3:getobject"), Some("Read"));
        assert_eq!(access_level("s3:ListAllMyBuckets"), Some("List"));
        assert_eq!(access_level("iam:AttachRolePolicy"), Some("Permissions management"));
        assert_eq!(access_level("lambda:TagResource"), Some("Tagging"));
        assert_eq!(access_level("s3:Get*"), None);
        assert!(action_exists("sqs:SendMessage"));
        assert!(action_exists("sqs:Send*"));
        assert!(!action_exists("sqs:SendMesage"));
        assert!(!action_exists("nosuch:Thing"));
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        for doc in [
            json!("a string"),
            json!(42),
            json!({"Statement": "nope"}),
            json!({"Statement": [1, "two", null, {"Effect": 3, "Action": 4, "Resource": {"a": 1}}]}),
            json!({"Statement": {"Effect": "Allow", "Action": [null, 1], "Principal": 5, "Condition": []}}),
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": 1, "Bool": {"aws:SecureTransport": {"x": 1}}}}]}),
        ] {
            for kind in [Kind::IdentityPolicy, Kind::ResourcePolicy, Kind::TrustPolicy, Kind::PolicyStatement] {
                let _ = lint(&doc, kind);
            }
        }
        assert!(lint(&json!({"Records": []}), Kind::SqsEvent).is_empty());
    }
}
