//! The shape of a policy: Version, Statement, the statement elements, Effect,
//! Sid, empty and redundant values, and the size quota of each policy kind.
//!
//! Codes of our own: OUTDATED_VERSION (warning).

use serde_json::{Map, Value};

use super::text::{closest, glob_match};
use super::{PolicyType, Stmt, join};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

const TOP_LEVEL: &[&str] = &["Version", "Id", "Statement"];
const ELEMENTS: &[&str] =
    &["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// Size quotas, in characters without whitespace (IAM) or bytes (Lambda).
/// IAM: managed policy 6,144 characters; role trust policy 2,048 by default (can be raised to 8,192).
/// Lambda: a function's resource-based policy is at most 20 KB (not adjustable).
pub const IDENTITY_POLICY_QUOTA: usize = 6_144;
pub const TRUST_POLICY_QUOTA: usize = 2_048;
pub const FUNCTION_POLICY_QUOTA: usize = 20 * 1024;

fn unknown_element(key: &str, known: &[&'static str], ptr: String) -> Finding {
    let f = Finding::error(codes::INVALID_POLICY_ELEMENT, format!("`{key}` is not a policy element here.")).at_key(ptr);
    match known.iter().find(|k| k.eq_ignore_ascii_case(key)).copied().or_else(|| closest(key, known.iter().copied())) {
        Some(k) => f.with_hint(format!("did you mean `{k}`? Element names are case-sensitive.")),
        None => f.with_hint(format!("allowed here: {}", known.join(", "))),
    }
}

/// Top-level checks; returns the statements to lint.
pub(crate) fn document<'a>(doc: &'a Value, policy: PolicyType, out: &mut Vec<Finding>) -> Vec<Stmt<'a>> {
    let Some(obj) = doc.as_object() else { return Vec::new() };
    for key in obj.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            out.push(unknown_element(key, TOP_LEVEL, join("", key)));
        }
    }
    version(obj, out);
    size(doc, policy, out);

    match obj.get("Statement") {
        None => {
            out.push(
                Finding::error(codes::MISSING_STATEMENT, "The policy has no `Statement` element.")
                    .at("")
                    .with_hint("add `\"Statement\": [ ... ]` with at least one statement"),
            );
            Vec::new()
        }
        Some(Value::Object(s)) => vec![Stmt { obj: s, ptr: "/Statement".into(), policy }],
        Some(Value::Array(items)) => {
            if items.is_empty() {
                out.push(Finding::error(codes::MISSING_STATEMENT, "The `Statement` array is empty.").at("/Statement"));
            }
            items
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.as_object().map(|obj| Stmt { obj, ptr: format!("/Statement/{i}"), policy }))
                .collect()
        }
        Some(_) => Vec::new(),
    }
}

fn mentions_variable(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("${"),
        Value::Array(a) => a.iter().any(mentions_variable),
        Value::Object(o) => o.iter().any(|(k, v)| k.contains("${") || mentions_variable(v)),
        _ => false,
    }
}

fn version(obj: &Map<String, Value>, out: &mut Vec<Finding>) {
    match obj.get("Version") {
        None => out.push(
            Finding::warning(codes::MISSING_VERSION, "The policy has no `Version`, so IAM reads it with the 2008-10-17 rules.")
                .at("")
                .with_hint("add `\"Version\": \"2012-10-17\"`; without it policy variables such as `${aws:username}` are plain text"),
        ),
        Some(Value::String(v)) if v == "2012-10-17" => {}
        Some(Value::String(v)) if v == "2008-10-17" => {
            out.push(
                Finding::warning(codes::OUTDATED_VERSION, "Version `2008-10-17` is the old policy language: policy variables do not work in it.")
                    .at("/Version")
                    .with_hint("use `\"Version\": \"2012-10-17\"`"),
            );
            if let Some(stmts) = obj.get("Statement")
                && mentions_variable(stmts) {
                    out.push(
                        Finding::error(codes::VARIABLE_UNSUPPORTED_IN_VERSION, "The policy uses `${...}` variables, which version 2008-10-17 treats as literal text.")
                            .at("/Version")
                            .with_hint("use `\"Version\": \"2012-10-17\"`"),
                    );
                }
        }
        Some(other) => out.push(
            Finding::error(codes::INVALID_VERSION, format!("The version {other} is not valid."))
                .at("/Version")
                .with_hint("use `\"2012-10-17\"` (a fixed date, not today's date)"),
        ),
    }
}

fn size(doc: &Value, policy: PolicyType, out: &mut Vec<Finding>) {
    let compact = serde_json::to_string(doc).unwrap_or_default();
    let chars = compact.chars().filter(|c| !c.is_whitespace()).count();
    let (code, quota, what, count) = match policy {
        PolicyType::Identity => {
            (codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, IDENTITY_POLICY_QUOTA, "a managed policy", chars)
        }
        PolicyType::Trust => (
            codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
            TRUST_POLICY_QUOTA,
            "a role trust policy (default quota)",
            chars,
        ),
        PolicyType::Resource => (
            codes::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
            FUNCTION_POLICY_QUOTA,
            "a Lambda function policy",
            compact.len(),
        ),
        PolicyType::Statement => return,
    };
    if count > quota {
        out.push(
            Finding::warning(
                code,
                format!("The policy is {count} characters long, over the {quota} allowed for {what}."),
            )
            .at("")
            .with_hint("split it into several smaller policies, or use wildcards to merge repeated statements"),
        );
    }
}

fn is_sts_session_action(a: &str) -> bool {
    let a = a.to_ascii_lowercase();
    a.starts_with("sts:assumerole") || a == "sts:tagsession" || a == "sts:setsourceidentity" || a == "sts:setcontext"
}

pub(crate) fn statement(s: &Stmt, out: &mut Vec<Finding>) {
    for key in s.obj.keys() {
        if !ELEMENTS.contains(&key.as_str()) {
            out.push(unknown_element(key, ELEMENTS, s.at(key)));
        }
    }
    // Effect
    match s.get("Effect") {
        None => out.push(
            Finding::error(codes::MISSING_EFFECT, "The statement has no `Effect`.")
                .at(s.ptr.clone())
                .with_hint("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
        ),
        Some(Value::String(e)) if e == "Allow" || e == "Deny" => {}
        Some(other) => {
            let shown = other.as_str().map(str::to_string).unwrap_or_else(|| other.to_string());
            let mut f =
                Finding::error(codes::INVALID_EFFECT, format!("The effect `{shown}` is not valid.")).at(s.at("Effect"));
            f = match shown.to_ascii_lowercase().as_str() {
                "allow" => f.with_hint("write `Allow`: the value is case-sensitive"),
                "deny" => f.with_hint("write `Deny`: the value is case-sensitive"),
                _ => f.with_hint("use `Allow` or `Deny`"),
            };
            out.push(f);
        }
    }
    // Exclusive pairs
    for (a, b) in [("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")] {
        if s.obj.contains_key(a) && s.obj.contains_key(b) {
            out.push(
                Finding::error(
                    codes::UNSUPPORTED_ELEMENT_COMBINATION,
                    format!("`{a}` and `{b}` cannot be used in the same statement."),
                )
                .at_key(s.at(b))
                .with_hint(format!("keep one of `{a}` and `{b}`")),
            );
        }
    }
    if !s.obj.contains_key("Action") && !s.obj.contains_key("NotAction") {
        out.push(
            Finding::error(codes::MISSING_ACTION, "The statement has no `Action` or `NotAction`.")
                .at(s.ptr.clone())
                .with_hint("add an `Action` element"),
        );
    }
    let has_resource = s.obj.contains_key("Resource") || s.obj.contains_key("NotResource");
    match s.policy {
        PolicyType::Trust => {
            for key in ["Resource", "NotResource"] {
                if s.obj.contains_key(key) {
                    out.push(
                        Finding::error(
                            codes::ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE,
                            format!(
                                "A role trust policy cannot have `{key}`: it applies to the role it is attached to."
                            ),
                        )
                        .at_key(s.at(key))
                        .with_hint(format!("remove `{key}`")),
                    );
                }
            }
        }
        _ if !has_resource => {
            // A lone statement may come from a trust policy: let sts session actions go.
            let actions = s.strings("Action");
            let trust_like = !actions.is_empty() && actions.iter().all(|(_, a)| is_sts_session_action(a));
            // An ECR repository policy applies to its repository and is
            // written without Resource, as AWS's own examples are.
            let ecr_only =
                !actions.is_empty() && actions.iter().all(|(_, a)| a.to_ascii_lowercase().starts_with("ecr:"));
            if s.policy == PolicyType::Resource && ecr_only {
                // nothing to say
            } else if s.policy == PolicyType::Resource {
                // Some resource policies (ECR repositories, for one) may leave Resource out.
                out.push(
                    Finding::warning(codes::MISSING_RESOURCE, "The statement has no `Resource` or `NotResource`.")
                        .at(s.ptr.clone())
                        .with_hint("Lambda, S3, SQS and SNS policies need a `Resource`; only a few services (ECR) let it default to the resource the policy is attached to"),
                );
            } else if !(s.policy == PolicyType::Statement && trust_like) {
                out.push(
                    Finding::error(codes::MISSING_RESOURCE, "The statement has no `Resource` or `NotResource`.")
                        .at(s.ptr.clone())
                        .with_hint("add a `Resource` element with the ARNs this statement is about"),
                );
            }
        }
        _ => {}
    }
    // Sid
    match s.get("Sid") {
        Some(Value::String(sid)) if sid.is_empty() => out.push(
            Finding::suggestion(codes::EMPTY_SID_VALUE, "The `Sid` is an empty string.")
                .at(s.at("Sid"))
                .with_hint("give it a short name, or remove it"),
        ),
        Some(Value::String(sid)) => {
            let iam = matches!(s.policy, PolicyType::Identity | PolicyType::Trust);
            if iam && !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
                let fixed: String = sid.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                out.push(
                    Finding::error(
                        codes::UNSUPPORTED_SID,
                        format!(
                            "The Sid `{sid}` has characters IAM does not accept; only A-Z, a-z and 0-9 are allowed."
                        ),
                    )
                    .at(s.at("Sid"))
                    .with_hint(format!("use `{fixed}`")),
                );
            }
        }
        _ => {}
    }
    // Empty arrays
    for (key, code, what) in [
        ("Action", codes::EMPTY_ARRAY_ACTION, "actions"),
        ("NotAction", codes::EMPTY_ARRAY_ACTION, "actions"),
        ("Resource", codes::EMPTY_ARRAY_RESOURCE, "resources"),
        ("NotResource", codes::EMPTY_ARRAY_RESOURCE, "resources"),
    ] {
        if let Some(Value::Array(a)) = s.get(key)
            && a.is_empty()
        {
            out.push(
                Finding::suggestion(
                    code,
                    format!("`{key}` is an empty array, so the statement grants or denies nothing."),
                )
                .at(s.at(key))
                .with_hint(format!("list the {what}, or remove the statement")),
            );
        }
    }
    redundant(s, "Action", codes::REDUNDANT_ACTION, "action", out);
    redundant(s, "NotAction", codes::REDUNDANT_ACTION, "action", out);
    redundant(s, "Resource", codes::REDUNDANT_RESOURCE, "resource", out);
    redundant(s, "NotResource", codes::REDUNDANT_RESOURCE, "resource", out);
}

/// A value already covered by another value of the same element (`s3:GetObject` next to `s3:Get*`).
fn redundant(s: &Stmt, key: &str, code: &str, what: &str, out: &mut Vec<Finding>) {
    let values = s.strings(key);
    // Compare each distinct value (ignoring ASCII case) once, by its first
    // occurrence: a list repeating one value thousands of times stays linear.
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut distinct: Vec<(String, usize)> = Vec::new(); // (lower-cased value, first index)
    let group: Vec<usize> = values
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let lower = v.to_ascii_lowercase();
            *first_of.entry(lower.clone()).or_insert_with(|| {
                distinct.push((lower, i));
                distinct.len() - 1
            })
        })
        .collect();
    // For each distinct value: the first index of a value that covers it
    // one way, and of one that covers it both ways (`a?` and `a*` cover
    // each other: then only the later one is redundant).
    let mut one_way: Vec<Option<usize>> = vec![None; distinct.len()];
    let mut both_ways: Vec<Option<usize>> = vec![None; distinct.len()];
    let mut consider = |d: usize, e: usize| {
        let (v, w) = (values[distinct[d].1].1, values[distinct[e].1].1);
        if d != e && glob_match(w, v) {
            let slot = if glob_match(v, w) { &mut both_ways[d] } else { &mut one_way[d] };
            *slot = Some(slot.map_or(distinct[e].1, |k| k.min(distinct[e].1)));
        }
    };
    // A value can only be covered by a wildcard whose literal prefix it
    // starts with: look those up in a sorted list instead of trying every
    // pair (managed policies list hundreds of actions).
    let mut sorted: Vec<(&str, usize)> = distinct.iter().enumerate().map(|(d, (v, _))| (v.as_str(), d)).collect();
    sorted.sort();
    for (e, (w_lower, _)) in distinct.iter().enumerate() {
        let Some(star) = w_lower.find(['*', '?']) else { continue };
        let literal = &w_lower[..star];
        let from = sorted.partition_point(|(v, _)| *v < literal);
        for (v, d) in &sorted[from..] {
            if !v.starts_with(literal) {
                break;
            }
            consider(*d, e);
        }
    }
    // cover[i]: the first value (by position) that makes value i redundant;
    // of equal values, every one but the first.
    let cover: Vec<Option<usize>> = group
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let twin = Some(distinct[d].1).filter(|&j| j < i);
            let mutual = both_ways[d].filter(|&j| j < i);
            [twin, mutual, one_way[d]].into_iter().flatten().min()
        })
        .collect();
    for (i, (ptr, v)) in values.iter().enumerate() {
        if let Some(j) = cover[i] {
            let w = &values[j].1;
            let msg = if w.eq_ignore_ascii_case(v) {
                format!("The {what} `{v}` is listed twice.")
            } else {
                format!("The {what} `{v}` is redundant: `{w}` already covers it.")
            };
            out.push(Finding::suggestion(code, msg).at(ptr.clone()).with_hint(format!("remove `{v}`")));
        }
    }
}

pub(crate) fn across_statements(statements: &[Stmt], policy: PolicyType, out: &mut Vec<Finding>) {
    // A set, not a list: a policy of thousands of statements stays linear.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for s in statements {
        let Some(Value::String(sid)) = s.get("Sid") else { continue };
        if sid.is_empty() {
            continue;
        }
        if !seen.insert(sid.as_str()) {
            let f = if policy == PolicyType::Identity {
                Finding::error(
                    codes::UNIQUE_SIDS_REQUIRED,
                    format!("The Sid `{sid}` is used by more than one statement; identity policies need unique Sids."),
                )
            } else {
                Finding::warning(
                    codes::UNIQUE_SIDS_RECOMMENDED,
                    format!("The Sid `{sid}` is used by more than one statement."),
                )
            };
            out.push(f.at(s.at("Sid")).with_hint("give each statement its own Sid"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{listed, render};
    use crate::snippet::kind::Kind;
    use insta::assert_snapshot;
    use serde_json::json;

    #[test]
    fn version_rules() {
        assert_snapshot!(listed(
            json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
            Kind::IdentityPolicy,
        ), @r#"
        warning MISSING_VERSION at : The policy has no `Version`, so IAM reads it with the 2008-10-17 rules.
            help: add `"Version": "2012-10-17"`; without it policy variables such as `${aws:username}` are plain text
        "#);
        assert_snapshot!(listed(
            json!({"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b-${aws:username}"}]}),
            Kind::IdentityPolicy,
        ), @r#"
        warning OUTDATED_VERSION at /Version: Version `2008-10-17` is the old policy language: policy variables do not work in it.
            help: use `"Version": "2012-10-17"`
        error VARIABLE_UNSUPPORTED_IN_VERSION at /Version: The policy uses `${...}` variables, which version 2008-10-17 treats as literal text.
            help: use `"Version": "2012-10-17"`
        "#);
        assert_snapshot!(listed(json!({"Version": "2024-01-01", "Statement": []}), Kind::IdentityPolicy), @r#"
        error INVALID_VERSION at /Version: The version "2024-01-01" is not valid.
            help: use `"2012-10-17"` (a fixed date, not today's date)
        error MISSING_STATEMENT at /Statement: The `Statement` array is empty.
        "#);
    }

    #[test]
    fn statement_shape() {
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*", "Foo": 1}]}),
            Kind::IdentityPolicy,
        ), @"
        error INVALID_POLICY_ELEMENT at /Statement/0/Foo (key): `Foo` is not a policy element here.
            help: allowed here: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition
        error INVALID_EFFECT at /Statement/0/Effect: The effect `allow` is not valid.
            help: write `Allow`: the value is case-sensitive
        error UNSUPPORTED_ELEMENT_COMBINATION at /Statement/0/NotAction (key): `Action` and `NotAction` cannot be used in the same statement.
            help: keep one of `Action` and `NotAction`
        ");
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject"}]}),
            Kind::IdentityPolicy,
        ), @r#"
        error MISSING_EFFECT at /Statement/0: The statement has no `Effect`.
            help: add `"Effect": "Allow"` or `"Effect": "Deny"`
        error MISSING_RESOURCE at /Statement/0: The statement has no `Resource` or `NotResource`.
            help: add a `Resource` element with the ARNs this statement is about
        "#);
        assert_snapshot!(listed(json!({"Version": "2012-10-17"}), Kind::IdentityPolicy), @r#"
        error MISSING_STATEMENT at : The policy has no `Statement` element.
            help: add `"Statement": [ ... ]` with at least one statement
        "#);
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}),
            Kind::TrustPolicy,
        ), @"
        error ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE at /Statement/0/Resource (key): A role trust policy cannot have `Resource`: it applies to the role it is attached to.
            help: remove `Resource`
        ");
    }

    #[test]
    fn sids() {
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
                {"Sid": "bad sid", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"},
                {"Sid": "", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}),
            Kind::IdentityPolicy,
        ), @"
        warning WRITE_ON_ALL_RESOURCES at /Statement/1/Resource: Write actions apply to every resource: `s3:PutObject`.
            help: limit `Resource` to the ARNs these actions should change
        error UNSUPPORTED_SID at /Statement/2/Sid: The Sid `bad sid` has characters IAM does not accept; only A-Z, a-z and 0-9 are allowed.
            help: use `badsid`
        suggestion EMPTY_SID_VALUE at /Statement/3/Sid: The `Sid` is an empty string.
            help: give it a short name, or remove it
        error UNIQUE_SIDS_REQUIRED at /Statement/1/Sid: The Sid `A` is used by more than one statement; identity policies need unique Sids.
            help: give each statement its own Sid
        ");
        // In a resource policy a Sid may have spaces; a repeated one is only advised against.
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Sid": "a b", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "a b", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}),
            Kind::ResourcePolicy,
        ), @r#"
        security_warning PUBLIC_ACCESS at /Statement/0/Principal: `"Principal": "*"` without a narrowing condition makes this resource public: anyone, in any account, gets these permissions.
            help: name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceAccount`
        warning UNIQUE_SIDS_RECOMMENDED at /Statement/1/Sid: The Sid `a b` is used by more than one statement.
            help: give each statement its own Sid
        "#);
    }

    #[test]
    fn empty_and_redundant() {
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "s3:get*"], "Resource": []}]}),
            Kind::IdentityPolicy,
        ), @"
        suggestion EMPTY_ARRAY_RESOURCE at /Statement/0/Resource: `Resource` is an empty array, so the statement grants or denies nothing.
            help: list the resources, or remove the statement
        suggestion REDUNDANT_ACTION at /Statement/0/Action/1: The action `s3:GetObject` is redundant: `s3:Get*` already covers it.
            help: remove `s3:GetObject`
        suggestion REDUNDANT_ACTION at /Statement/0/Action/2: The action `s3:get*` is listed twice.
            help: remove `s3:get*`
        ");
        assert_snapshot!(listed(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}]}),
            Kind::IdentityPolicy,
        ), @"
        suggestion REDUNDANT_RESOURCE at /Statement/0/Resource/1: The resource `arn:aws:s3:::b/x` is redundant: `arn:aws:s3:::b/*` already covers it.
            help: remove `arn:aws:s3:::b/x`
        ");
    }

    #[test]
    fn size_quota() {
        let actions: Vec<String> = (0..700).map(|i| format!("s3:GetObject{i}")).collect();
        let doc =
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]});
        // 700 unknown actions, one each, then the quota.
        let (invalid, rest): (Vec<_>, Vec<_>) =
            super::super::lint(&doc, Kind::IdentityPolicy).into_iter().partition(|f| f.code == "INVALID_ACTION");
        let pointers: Vec<String> = invalid.iter().map(|f| f.target.pointer.clone()).collect();
        assert_eq!(pointers, (0..700).map(|i| format!("/Statement/0/Action/{i}")).collect::<Vec<_>>());
        assert_snapshot!(render(&rest), @"
        warning POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA at : The policy is 12573 characters long, over the 6144 allowed for a managed policy.
            help: split it into several smaller policies, or use wildcards to merge repeated statements
        ");
    }
}
