//! Must-deny probes for a fix-it exercise: requests near the author's
//! `allow` cases that the model answer denies, so that a fix broader than
//! the cases (say, `"Resource": "*"`) is not accepted.
//!
//! A probe changes one thing of an `allow` case — the resource (a sibling,
//! another account or region), the action (another action of the service
//! on the same resource), the principal, or a condition key (left out, or
//! another value). Only the things the exercise is about are changed: those
//! in which an author's `deny` case differs from the nearest `allow` case,
//! or in which the model answer differs from the document to fix (its
//! intent). A probe is kept only when AWS could see it (the `POLICY_TEST_*`
//! request checks) and the Rust evaluator denies it under the model answer,
//! so the model answer, and any fix that grants no more than it along those
//! lines, passes every probe.

use crate::checks::eval::{self, Case, Expect, Principal};
use crate::checks::iam::service_data::{Level, data};
use crate::checks::iam::valid_account;
use crate::checks::policy_tests;
use crate::snippet::kind::Kind;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// What one probe changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dimension {
    Principal,
    Action,
    Resource,
    Context,
}

const OTHER_ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT_2: &str = "444455556666";
/// At most this many other actions per case and verb, and per access level.
const ACTIONS_PER_GROUP: usize = 2;

/// A candidate probe: the words of a case line (without `allow`/`deny`) and
/// the condition keys it leaves out (what the page says about it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    words: Vec<String>,
    missing: Vec<String>,
}

/// The probes the model answer denies, as the page's JSON (the same shape as
/// a case, plus `request`, the line as written, and `missing`).
/// `start` and `model` are whole policies of `policy_kind` (a statement is
/// already wrapped).
pub fn derive(
    policy_kind: Kind,
    start: &Value,
    model: &Value,
    cases_text: &str,
    attached_to: Option<&str>,
) -> Vec<Value> {
    let Ok(cases) = eval::parse_cases(cases_text) else { return Vec::new() };
    let intent = intent(&cases, start, model);
    let mut seen: BTreeSet<Vec<String>> = cases.iter().map(|c| sorted(&line_words(cases_text, c))).collect();
    let mut candidates = Vec::new();
    // Other actions are tried on the first case of each action only: on
    // every case they would multiply the probes and prove nothing more.
    let mut actions_tried = BTreeSet::new();
    for case in cases.iter().filter(|c| c.expect == Expect::Allow) {
        let words = line_words(cases_text, case);
        let try_actions = actions_tried.insert(case.action.to_ascii_lowercase());
        for candidate in neighbours(&words, case, policy_kind, &intent, try_actions) {
            if seen.insert(sorted(&candidate.words)) {
                candidates.push(candidate);
            }
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // The author's cases first, so that the policy is attached to whom the
    // cases attach it; each probe is one line after them.
    let mut text = cases_text.trim_end_matches('\n').to_string();
    let first_probe_line = text.lines().count();
    for candidate in &candidates {
        text.push_str("\ndeny ");
        text.push_str(&candidate.words.join(" "));
    }
    let evaluated = policy_tests::evaluate("solution", policy_kind, model, &text, attached_to);
    // Any finding on a probe's line: AWS could not see it, or the model allows it.
    let rejected: BTreeSet<usize> = evaluated.findings.iter().filter(|f| !f.at_fence).map(|f| f.line).collect();
    let results = evaluated.results();
    let mut out = Vec::new();
    for (i, candidate) in candidates.iter().enumerate() {
        let Some(result) = results.get(cases.len() + i) else { break };
        if rejected.contains(&(first_probe_line + i)) || result.decision.is_allow() {
            continue;
        }
        out.push(json!({
            "applies": result.applies,
            "principal": principal_json(&result.request.principal),
            "action": result.request.action,
            "resource": result.request.resource,
            "context": eval::effective_context(result.request),
            "request": candidate.words.join(" "),
            "missing": candidate.missing,
        }));
    }
    out
}

/// The case's line as written, without its `allow`/`deny` and comment.
fn line_words(text: &str, case: &Case) -> Vec<String> {
    let line = text.lines().nth(case.line).unwrap_or_default();
    let line = line.split_once(" #").map_or(line, |(before, _)| before);
    line.split_whitespace().skip(1).map(str::to_string).collect()
}

fn sorted(words: &[String]) -> Vec<String> {
    let mut words = words.to_vec();
    words.sort();
    words
}

/// What the exercise is about: the dimensions in which a `deny` case differs
/// from its nearest `allow` case, and those the model answer changed.
pub fn intent(cases: &[Case], start: &Value, model: &Value) -> BTreeSet<Dimension> {
    let mut out = BTreeSet::new();
    let allows: Vec<&Case> = cases.iter().filter(|c| c.expect == Expect::Allow).collect();
    for deny in cases.iter().filter(|c| c.expect == Expect::Deny) {
        if let Some(nearest) = allows.iter().map(|a| differences(a, deny)).min_by_key(BTreeSet::len) {
            out.extend(nearest);
        }
    }
    for (dimension, keys) in [
        (Dimension::Action, ["Action", "NotAction"].as_slice()),
        (Dimension::Resource, &["Resource", "NotResource"]),
        (Dimension::Principal, &["Principal", "NotPrincipal"]),
        (Dimension::Context, &["Condition"]),
    ] {
        if elements(start, keys) != elements(model, keys) {
            out.insert(dimension);
        }
    }
    out
}

fn differences(a: &Case, b: &Case) -> BTreeSet<Dimension> {
    let mut out = BTreeSet::new();
    if a.principal != b.principal {
        out.insert(Dimension::Principal);
    }
    if !a.action.eq_ignore_ascii_case(&b.action) {
        out.insert(Dimension::Action);
    }
    if a.resource != b.resource {
        out.insert(Dimension::Resource);
    }
    if a.context != b.context {
        out.insert(Dimension::Context);
    }
    out
}

/// Every value the policy's statements give these elements (actions
/// lower-cased: IAM ignores their case), as a set.
fn elements(policy: &Value, keys: &[&str]) -> BTreeSet<String> {
    let statements = match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut out = BTreeSet::new();
    for statement in statements {
        for key in keys {
            match statement.get(*key) {
                Some(Value::Array(values)) => out.extend(values.iter().map(|v| element(key, v))),
                Some(value) => {
                    out.insert(element(key, value));
                }
                None => {}
            }
        }
    }
    out
}

fn element(key: &str, value: &Value) -> String {
    let text = format!("{key} {value}");
    if key.ends_with("Action") { text.to_ascii_lowercase() } else { text }
}

/// The probes of one `allow` case, in the dimensions the exercise is about.
fn neighbours(
    words: &[String],
    case: &Case,
    kind: Kind,
    intent: &BTreeSet<Dimension>,
    try_actions: bool,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let replaced = |key: &str, value: &str| Candidate {
        words: words
            .iter()
            .map(|w| match w.split_once('=') {
                Some((k, _)) if k == key => format!("{key}={value}"),
                _ => w.clone(),
            })
            .collect(),
        missing: Vec::new(),
    };
    // A resource-based or trust policy is only ever asked about the resource
    // it is attached to; an identity policy, about its own principal.
    let identity = kind == Kind::IdentityPolicy;
    if intent.contains(&Dimension::Resource)
        && identity
        && let Some(resource) = case.resource.as_deref().filter(|r| r.starts_with("arn:"))
    {
        for other in other_resources(resource) {
            out.push(replaced("resource", &other));
        }
    }
    if intent.contains(&Dimension::Action) && try_actions && !case.action.is_empty() {
        for other in other_actions(&case.action) {
            out.push(replaced("action", &other));
        }
    }
    if intent.contains(&Dimension::Principal) && !identity {
        for other in other_principals(&case.principal) {
            out.push(replaced("principal", &other));
        }
    }
    if intent.contains(&Dimension::Context) {
        for (key, value) in &case.context_as_written {
            let mut without = Candidate {
                words: words.iter().filter(|w| !w.starts_with(&format!("{key}="))).cloned().collect(),
                missing: vec![key.clone()],
            };
            without.missing.sort();
            out.push(without);
            if let Some(other) = other_value(value) {
                out.push(replaced(key, &other));
            }
        }
    }
    out
}

/// A sibling (`-other` after the name, `other-` before it), and the same
/// resource in another account or region.
fn other_resources(resource: &str) -> Vec<String> {
    let mut out = vec![format!("{resource}-other")];
    let cut = resource.rfind([':', '/']).map_or(0, |i| i + 1);
    if cut < resource.len() {
        out.push(format!("{}other-{}", &resource[..cut], &resource[cut..]));
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    if parts.len() == 6 {
        if valid_account(parts[4]) {
            out.push([parts[0], parts[1], parts[2], parts[3], other_account(parts[4]), parts[5]].join(":"));
        }
        if !parts[3].is_empty() {
            let region = if parts[3] == "us-west-2" { "eu-west-1" } else { "us-west-2" };
            out.push([parts[0], parts[1], parts[2], region, parts[4], parts[5]].join(":"));
        }
    }
    out
}

/// Other actions of the service: those of the same verb (`Get…`, the
/// pattern `service:Get*` would grant), then some of each access level.
/// Those the case's resource does not fit are dropped later, by the
/// request checks.
fn other_actions(action: &str) -> Vec<String> {
    let Some((service, action)) = data().action(action) else { return Vec::new() };
    let own_verb = verb(action.name);
    let others: Vec<_> = service.actions().iter().filter(|a| a.name != action.name).collect();
    let mut picked: Vec<&str> =
        others.iter().filter(|a| verb(a.name) == own_verb).take(ACTIONS_PER_GROUP).map(|a| a.name).collect();
    for level in [Level::Write, Level::PermissionsManagement, Level::Read, Level::List, Level::Tagging] {
        let resources = |a: &&&crate::checks::iam::service_data::Action| {
            a.resources.iter().map(|(i, _)| i).eq(action.resources.iter().map(|(i, _)| i))
        };
        picked.extend(
            others
                .iter()
                .filter(|a| a.level == level && resources(a) && !picked.contains(&a.name))
                .take(ACTIONS_PER_GROUP)
                .map(|a| a.name)
                .collect::<Vec<_>>(),
        );
    }
    picked.into_iter().map(|name| format!("{}:{name}", service.prefix)).collect()
}

/// `GetFunction` → `Get`.
fn verb(name: &str) -> &str {
    let end = name.char_indices().skip(1).find(|(_, c)| c.is_ascii_uppercase()).map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// Another service, the same role in another account, another role.
fn other_principals(principal: &Principal) -> Vec<String> {
    match principal {
        Principal::Service(name) => {
            let other = if name == "sns.amazonaws.com" { "s3.amazonaws.com" } else { "sns.amazonaws.com" };
            vec![format!("service:{other}")]
        }
        Principal::Iam { arn, account } => {
            let elsewhere = arn.replacen(&format!(":{account}:"), &format!(":{}:", other_account(account)), 1);
            let mut out = vec![elsewhere];
            if let Some((path, _)) = arn.rsplit_once('/') {
                out.push(format!("{path}/other-role"));
            }
            out
        }
        Principal::Account(account) => vec![format!("account:{}", other_account(account))],
        Principal::Anonymous => Vec::new(),
    }
}

fn other_account(account: &str) -> &'static str {
    if account == OTHER_ACCOUNT { OTHER_ACCOUNT_2 } else { OTHER_ACCOUNT }
}

/// Another value of the same type: another account, a sibling ARN or name,
/// the other boolean (numbers, dates and addresses are left alone).
fn other_value(value: &str) -> Option<String> {
    if valid_account(value) {
        return Some(other_account(value).to_string());
    }
    match value {
        "true" => return Some("false".into()),
        "false" => return Some("true".into()),
        _ => {}
    }
    let looks_numeric = value.bytes().next().is_some_and(|b| b.is_ascii_digit());
    (!looks_numeric).then(|| format!("{value}-other"))
}

/// A request's principal as the page's evaluator reads it (the cases and the probes alike).
pub(super) fn principal_json(principal: &Principal) -> Value {
    match principal {
        Principal::Service(name) => json!({"service": name}),
        Principal::Iam { arn, account } => json!({"arn": arn, "account": account}),
        Principal::Account(account) => json!({"account": account}),
        Principal::Anonymous => json!({"anonymous": true}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "principal=arn:aws:iam::123456789012:role/order-api-role";
    const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:my-function";

    fn policy(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    /// The cases of `es-fix-every-version`: they vary the action only, so
    /// `"Resource": "*"` passes every one of them.
    fn cases() -> String {
        format!(
            "allow {ROLE} action=lambda:InvokeFunction resource={FUNCTION}\n\
             allow {ROLE} action=lambda:InvokeFunction resource={FUNCTION}:prod\n\
             deny {ROLE} action=lambda:GetFunction resource={FUNCTION}:prod\n"
        )
    }

    /// The requests (as written) of the probes `fix` allows, after the
    /// author's cases, which it must pass.
    fn allowed_probes(fix: &Value, probes: &[Value]) -> Vec<String> {
        let cases = cases();
        let passed = policy_tests::evaluate("fix", Kind::IdentityPolicy, fix, &cases, None);
        assert!(passed.findings.is_empty(), "the fix passes the cases: {:?}", passed.findings);
        let mut text = cases.clone();
        for probe in probes {
            text.push_str(&format!("deny {}\n", probe["request"].as_str().unwrap()));
        }
        let evaluated = policy_tests::evaluate("fix", Kind::IdentityPolicy, fix, &text, None);
        let results = evaluated.results();
        probes
            .iter()
            .zip(&results[3..])
            .filter(|(_, r)| r.decision.is_allow())
            .map(|(p, _)| p["request"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_fix_broader_than_the_cases_is_rejected_and_the_model_passes() {
        let start = policy(
            json!([{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": format!("{FUNCTION}:prod")}]),
        );
        let model = policy(json!([{
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": [FUNCTION, format!("{FUNCTION}:*")]
        }]));
        let probes = derive(Kind::IdentityPolicy, &start, &model, &cases(), None);
        assert!(!probes.is_empty());
        assert_eq!(allowed_probes(&model, &probes), Vec::<String>::new());
        // Written differently (two statements, a Sid, the action's case): still right.
        let other = policy(json!([
            {"Sid": "Unqualified", "Effect": "Allow", "Action": "Lambda:invokeFunction", "Resource": FUNCTION},
            {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": format!("{FUNCTION}:*")}
        ]));
        assert_eq!(allowed_probes(&other, &probes), Vec::<String>::new());
        // Every function of every account, or every invoke action: both rejected.
        let everything = policy(json!([{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]));
        let allowed = allowed_probes(&everything, &probes);
        assert!(
            allowed.contains(&format!("{ROLE} action=lambda:InvokeFunction resource={FUNCTION}-other")),
            "{allowed:?}"
        );
        let prefix =
            policy(json!([{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": format!("{FUNCTION}*")}]));
        assert_eq!(
            allowed_probes(&prefix, &probes),
            [format!("{ROLE} action=lambda:InvokeFunction resource={FUNCTION}-other")]
        );
        let invoke_any = policy(
            json!([{"Effect": "Allow", "Action": "lambda:Invoke*", "Resource": [FUNCTION, format!("{FUNCTION}:*")]}]),
        );
        let allowed = allowed_probes(&invoke_any, &probes);
        assert!(allowed.contains(&format!("{ROLE} action=lambda:InvokeAsync resource={FUNCTION}")), "{allowed:?}");
    }

    #[test]
    fn only_what_the_exercise_is_about_is_probed() {
        // The model changed the resource only and no deny case varies the
        // action: granting `logs:*` on the right log group is not probed.
        let stream = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:log-stream:s";
        let cases = format!(
            "allow principal=arn:aws:iam::123456789012:role/r action=logs:PutLogEvents resource={stream}\n\
             deny principal=arn:aws:iam::123456789012:role/r action=logs:PutLogEvents resource={}\n",
            stream.replace("my-function", "other")
        );
        let start = policy(json!([{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]));
        let model = policy(json!([{
            "Effect": "Allow",
            "Action": "logs:PutLogEvents",
            "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:*"
        }]));
        let parsed = eval::parse_cases(&cases).unwrap();
        assert_eq!(intent(&parsed, &start, &model), BTreeSet::from([Dimension::Resource]));
        let probes = derive(Kind::IdentityPolicy, &start, &model, &cases, None);
        assert!(probes.iter().all(|p| p["action"] == "logs:PutLogEvents"), "{probes:?}");
        assert!(probes.iter().any(|p| p["resource"].as_str().unwrap().contains(":111122223333:")), "{probes:?}");
    }

    #[test]
    fn a_condition_key_left_out_or_changed() {
        let cases = format!(
            "allow principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource={FUNCTION} aws:SourceArn=arn:aws:s3:::b aws:SourceAccount=123456789012\n"
        );
        let start = policy(
            json!([{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": FUNCTION}]),
        );
        let mut model = start.clone();
        model["Statement"][0]["Condition"] = json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}, "StringEquals": {"aws:SourceAccount": "123456789012"}});
        let probes = derive(Kind::ResourcePolicy, &start, &model, &cases, None);
        let missing: Vec<&Value> = probes.iter().map(|p| &p["missing"]).collect();
        assert_eq!(
            missing,
            [&json!(["aws:SourceArn"]), &json!([]), &json!(["aws:SourceAccount"]), &json!([])],
            "{probes:?}"
        );
        assert!(probes[1]["request"].as_str().unwrap().contains("aws:SourceArn=arn:aws:s3:::b-other"));
    }

    #[test]
    fn resources_near_a_queue() {
        assert_eq!(
            other_resources("arn:aws:sqs:us-east-1:123456789012:my-queue"),
            [
                "arn:aws:sqs:us-east-1:123456789012:my-queue-other",
                "arn:aws:sqs:us-east-1:123456789012:other-my-queue",
                "arn:aws:sqs:us-east-1:111122223333:my-queue",
                "arn:aws:sqs:us-west-2:123456789012:my-queue",
            ]
        );
    }

    #[test]
    fn verbs_and_other_values() {
        assert_eq!(verb("GetFunction"), "Get");
        assert_eq!(verb("Invoke"), "Invoke");
        assert_eq!(other_value("123456789012").as_deref(), Some(OTHER_ACCOUNT));
        assert_eq!(other_value("arn:aws:s3:::b").as_deref(), Some("arn:aws:s3:::b-other"));
        assert_eq!(other_value("true").as_deref(), Some("false"));
        assert_eq!(other_value("10"), None);
    }

    #[test]
    fn other_actions_share_the_verb_or_the_resource() {
        let got = other_actions("lambda:InvokeFunction");
        // `lambda:Invoke*` would grant these two.
        assert_eq!(got[..2], ["lambda:InvokeFunctionUrl", "lambda:InvokeAsync"], "{got:?}");
        assert!(!got.contains(&"lambda:InvokeFunction".to_string()), "{got:?}");
        assert!(got.iter().all(|a| a.starts_with("lambda:")), "{got:?}");
    }
}
