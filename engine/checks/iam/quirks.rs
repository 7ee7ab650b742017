//! Service authorization quirks: a service that authorizes a request against
//! a resource ARN other than the one the Service Authorization Reference
//! prints (CloudWatch Logs checks most log-group actions against
//! `…:log-group:NAME:*`, not `…:log-group:NAME`).
//!
//! The rules live in `data/iam/quirks.json`, each with the AWS page that
//! states it. Two users read them, so they cannot disagree:
//! - the policy-test evaluator: [`checked_resource`] turns a case's resource
//!   into the one the service really checks;
//! - the lint [`check`] (our code `RESOURCE_FORM_NEVER_CHECKED`, a warning):
//!   a policy that names only the form the service never checks grants nothing
//!   for those actions.

use crate::diagnostics::codes;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Stmt;
use super::actions::resolve;
use super::service_data::data;
use super::text::{glob_match, globs_intersect, variables_to_star};
use crate::diagnostics::finding::Finding;

const RAW: &str = include_str!("../../../data/iam/quirks.json");

#[derive(Debug, PartialEq, Deserialize)]
pub struct Quirk {
    pub id: String,
    /// The service prefix (`logs`).
    pub service: String,
    /// The Service Authorization Reference's resource type (`log-group`).
    pub resource_type: String,
    /// What the service appends to that type's ARN when it authorizes (`:*`).
    pub checked_suffix: String,
    /// Actions of the type that are checked against the plain ARN.
    pub except_actions: Vec<String>,
    /// The rule in one sentence (our words).
    pub rule: String,
    /// The AWS documentation page that states the rule.
    pub source: String,
    /// One request the tests run through both the evaluator and the lint.
    pub example: Example,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Example {
    pub action: String,
    pub resource: String,
    pub checked_as: String,
    pub excepted_action: String,
}

#[derive(Deserialize)]
struct File {
    quirks: Vec<Quirk>,
}

/// Every quirk. The file is compiled in; a unit test proves it parses, so an
/// unreadable file (impossible in a tested build) means "no quirks", not a panic.
pub fn all() -> &'static [Quirk] {
    static QUIRKS: OnceLock<Vec<Quirk>> = OnceLock::new();
    QUIRKS.get_or_init(|| serde_json::from_str::<File>(RAW).map(|f| f.quirks).unwrap_or_default())
}

impl Quirk {
    /// The resource type's ARN format (`arn:${Partition}:logs:…:log-group:${LogGroupName}`).
    fn format(&self) -> Option<&'static str> {
        let svc = data().service(&self.service)?;
        svc.resources().iter().find(|rt| rt.name == self.resource_type).map(|rt| rt.arn)
    }

    /// Does `service:Action` (exact name) fall under this quirk: an action of
    /// the service that takes the resource type and is not one of the exceptions?
    fn covers(&self, action: &str) -> bool {
        let Some((prefix, name)) = action.split_once(':') else { return false };
        if !prefix.eq_ignore_ascii_case(&self.service)
            || self.except_actions.iter().any(|e| e.eq_ignore_ascii_case(name))
        {
            return false;
        }
        let Some(svc) = data().service(prefix) else { return false };
        let Some(act) = svc.action(name) else { return false };
        act.resources.iter().any(|(i, _)| svc.resources().get(*i).is_some_and(|rt| rt.name == self.resource_type))
    }
}

/// Does a concrete ARN have the shape of `format`, each `${…}` standing for
/// one non-empty colon-free field? (`log-group:NAME` does; `log-group:NAME:*`
/// and `log-group:NAME:log-stream:S` do not.)
fn fits(format: &str, arn: &str) -> bool {
    let (f, a): (Vec<&str>, Vec<&str>) = (format.split(':').collect(), arn.split(':').collect());
    f.len() == a.len()
        && f.iter()
            .zip(&a)
            .all(|(f, a)| if f.contains("${") { !a.is_empty() && glob_match(&variables_to_star(f), a) } else { f == a })
}

/// The sixth field of an ARN (or ARN pattern): everything after the account.
fn resource_part(arn: &str) -> Option<&str> {
    arn.splitn(6, ':').nth(5)
}

/// The resource the service checks for `action` on `resource`, when a quirk
/// makes it differ from `resource`; with the quirk that says so.
pub fn checked_resource(action: &str, resource: &str) -> Option<(String, &'static Quirk)> {
    all().iter().find_map(|q| {
        let format = q.format()?;
        (q.covers(action) && fits(format, resource)).then(|| (format!("{resource}{}", q.checked_suffix), q))
    })
}

/// The lint: a Resource that can only ever name the plain form, in a
/// statement whose actions are checked against the suffixed form, and no
/// other Resource of the statement covers the suffixed form.
pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    let resources = s.strings("Resource");
    if resources.is_empty() {
        return;
    }
    for q in all() {
        let Some(format) = q.format() else { continue };
        let Some(action) = s
            .strings("Action")
            .into_iter()
            .flat_map(|(_, value)| resolve(value).unwrap_or_default())
            .map(|(svc, a)| format!("{}:{}", svc.prefix, a.name))
            .find(|a| q.covers(a))
        else {
            continue;
        };
        // Compared field by field: a `*` in the Region or account field does
        // not reach into the resource part (the evaluator matches the same way).
        let plain = variables_to_star(format);
        let Some(plain) = resource_part(&plain).map(str::to_string) else { continue };
        let checked = format!("{plain}{}", q.checked_suffix);
        for (ptr, value) in &resources {
            let pattern = variables_to_star(value);
            let service = pattern.split(':').nth(2).unwrap_or_default();
            let Some(part) = resource_part(&pattern) else { continue };
            if !glob_match(service, &q.service) || !globs_intersect(part, &plain) || globs_intersect(part, &checked) {
                continue;
            }
            let wanted = format!("{value}{}", q.checked_suffix);
            if resources.iter().any(|(_, other)| glob_match(&variables_to_star(other), &wanted)) {
                continue;
            }
            out.push(
                Finding::warning(
                    codes::RESOURCE_FORM_NEVER_CHECKED,
                    format!(
                        "`{action}` is authorized against `{wanted}`, so the resource `{value}` grants it nothing: {}",
                        q.rule
                    ),
                )
                .at(ptr.clone())
                .with_hint(format!("write `{wanted}` (see {})", q.source)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::eval::{self, PolicyRef, PolicySet, Principal, Request};
    use crate::snippet::kind::Kind;
    use serde_json::json;

    const ROLE: &str = "arn:aws:iam::123456789012:role/my-function-role";

    fn decide(action: &str, resource: &str, policy_resource: &str) -> eval::Decision {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": policy_resource}]});
        let principal = Principal::from_arn(ROLE).unwrap();
        let request = eval::checked_request(Request::new(principal, action, resource));
        let set = PolicySet { identity: vec![PolicyRef { id: "p", doc: &policy }], ..Default::default() };
        eval::evaluate(&request, &set).decision
    }

    /// The quirk lint's codes for one statement (other lints are not the point here).
    fn lint_codes(action: &str, resource: serde_json::Value) -> Vec<String> {
        let stmt = json!({"Effect": "Allow", "Action": action, "Resource": resource});
        let findings = super::super::lint(&stmt, Kind::PolicyStatement).into_iter();
        findings.map(|f| f.code).filter(|c| c == "RESOURCE_FORM_NEVER_CHECKED").collect()
    }

    #[test]
    fn the_data_file_parses_and_names_real_resource_types_and_actions() {
        assert!(!all().is_empty());
        for q in all() {
            assert!(q.format().is_some(), "{}: no resource type {}", q.id, q.resource_type);
            assert!(q.source.starts_with("https://docs.aws.amazon.com/"), "{}: cite an AWS page", q.id);
            for e in &q.except_actions {
                assert!(data().action(&format!("{}:{e}", q.service)).is_some(), "{}: no action {e}", q.id);
            }
        }
    }

    /// Per quirk: the evaluator checks the suffixed form, the lint warns about
    /// exactly the policy the evaluator denies, and the exceptions keep the plain form.
    #[test]
    fn evaluator_and_lint_agree_on_every_quirk() {
        for q in all() {
            let e = &q.example;
            assert_eq!(
                checked_resource(&e.action, &e.resource).map(|(r, _)| r),
                Some(e.checked_as.clone()),
                "{}",
                q.id
            );
            assert_eq!(checked_resource(&e.excepted_action, &e.resource), None, "{}", q.id);
            // Already in the checked form: unchanged.
            assert_eq!(checked_resource(&e.action, &e.checked_as), None, "{}", q.id);

            // A policy naming the plain form: denied, and the lint says so.
            assert_eq!(decide(&e.action, &e.resource, &e.resource), eval::Decision::ImplicitDeny, "{}", q.id);
            assert_eq!(lint_codes(&e.action, json!(e.resource)), ["RESOURCE_FORM_NEVER_CHECKED"], "{}", q.id);
            // The checked form: allowed, and the lint is quiet.
            assert_eq!(decide(&e.action, &e.resource, &e.checked_as), eval::Decision::Allow, "{}", q.id);
            assert_eq!(lint_codes(&e.action, json!(e.checked_as)), Vec::<String>::new(), "{}", q.id);
            // Both forms side by side: quiet.
            assert_eq!(lint_codes(&e.action, json!([e.resource, e.checked_as])), Vec::<String>::new(), "{}", q.id);
            // An excepted action on the plain form: allowed, and quiet.
            assert_eq!(decide(&e.excepted_action, &e.resource, &e.resource), eval::Decision::Allow, "{}", q.id);
            assert_eq!(lint_codes(&e.excepted_action, json!(e.resource)), Vec::<String>::new(), "{}", q.id);
        }
    }

    #[test]
    fn the_log_group_warning_in_full() {
        let stmt = json!({"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:PutLogEvents"], "Resource": ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:log-stream:*"]});
        let found: Vec<_> = super::super::lint(&stmt, Kind::PolicyStatement)
            .into_iter()
            .filter(|f| f.code == "RESOURCE_FORM_NEVER_CHECKED")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.severity, crate::diagnostics::finding::Severity::Warning);
        assert_eq!(f.target.pointer, "/Resource/0");
        assert_eq!(
            f.message,
            "`logs:CreateLogGroup` is authorized against `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:*`, so the resource `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function` grants it nothing: CloudWatch Logs authorizes log-group actions against the log group's ARN followed by `:*`; only TagResource, UntagResource and ListTagsForResource use the ARN without it."
        );
        assert_eq!(
            f.hint.as_deref(),
            Some(
                "write `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:*` (see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html)"
            )
        );
    }

    #[test]
    fn log_streams_and_wildcards_are_not_log_group_arns() {
        // A log-stream ARN is checked as written; a wildcard name covers `NAME:*`.
        assert_eq!(
            checked_resource(
                "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:s"
            ),
            None
        );
        assert_eq!(lint_codes("logs:*", json!("arn:aws:logs:*:*:log-group:/aws/lambda/*")), Vec::<String>::new());
        assert_eq!(lint_codes("logs:*", json!("*")), Vec::<String>::new());
        // Wildcards in the Region and account fields do not reach the log group's name
        // (seen in the AWS managed policy AWSDeepRacerRoboMakerAccessPolicy).
        assert_eq!(
            lint_codes("logs:CreateLogGroup", json!("arn:aws:logs:*:*:log-group:/aws/robomaker/SimulationJobs")),
            ["RESOURCE_FORM_NEVER_CHECKED"]
        );
        assert_eq!(
            lint_codes("logs:*", json!("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f")),
            ["RESOURCE_FORM_NEVER_CHECKED"]
        );
    }
}
