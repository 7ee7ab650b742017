//! Resource and NotResource: ARN grammar (`arn:partition:service:region:account:resource`),
//! placeholders left in from documentation or CloudFormation, partitions,
//! regions and accounts a service does not allow, and resources that match no
//! resource type of the statement's actions.
//!
//! Codes of our own: ARN_PLACEHOLDER (error), RESOURCE_MISMATCH (warning).

use serde_json::Value;

use super::actions::resolve;
use super::service_data::{ResourceType, Service, data};
use super::text::{closest, globs_intersect, has_wildcard, variables_to_star};
use super::{Stmt, join};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

pub const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

#[derive(Debug, Clone, Copy)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Split an ARN into its six fields; None if it does not start with `arn:` or has fewer fields.
pub fn split(s: &str) -> Option<Arn<'_>> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" {
        return None;
    }
    Some(Arn { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5] })
}

fn is_flexible(field: &str) -> bool {
    has_wildcard(field) || field.contains("${")
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`...
pub fn valid_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts.last().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

pub fn valid_account(a: &str) -> bool {
    a.len() == 12 && a.chars().all(|c| c.is_ascii_digit())
}

/// A field that reads like a documentation placeholder: `ACCOUNT_ID`, `REGION`, `account-id`, `AccountId`.
fn looks_like_placeholder(field: &str) -> bool {
    !field.is_empty()
        && field.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && (field.chars().any(|c| c.is_ascii_uppercase())
            || field.to_ascii_lowercase().contains("account")
            || field.contains('_'))
}

/// Explain a placeholder left in a value, if there is one.
pub fn placeholder(value: &str) -> Option<(String, String)> {
    if let Some(start) = value.find("${AWS::") {
        let end = value[start..].find('}').map(|e| start + e + 1).unwrap_or(value.len());
        let p = &value[start..end];
        return Some((
            format!("`{p}` is a CloudFormation pseudo parameter; IAM reads it as a policy variable that does not exist."),
            "in a plain policy write the real value (or `*`); `${AWS::AccountId}` is only resolved inside CloudFormation `Fn::Sub`".into(),
        ));
    }
    if let (Some(start), Some(end)) = (value.find('<'), value.find('>'))
        && start < end
    {
        return Some((
            format!("`{}` is a placeholder, not a value.", &value[start..=end]),
            "replace it with the real value, e.g. a 12-digit account ID or a Region such as `us-east-1` (or `*`)"
                .into(),
        ));
    }
    if let Some(start) = value.find("{{") {
        let end = value[start..].find("}}").map(|e| start + e + 2).unwrap_or(value.len());
        return Some((
            format!("`{}` is a template placeholder, not a value.", &value[start..end]),
            "replace it with the real value".into(),
        ));
    }
    None
}

fn resource_part_matches(arn: &Arn, rt: &ResourceType) -> bool {
    let fmt: Vec<&str> = rt.pattern.splitn(6, ':').collect();
    fmt.len() == 6 && globs_intersect(fmt[5], &variables_to_star(arn.resource))
}

fn check_value(value: &str, out: &mut Vec<Finding>, ptr: &str) {
    if value == "*" {
        return;
    }
    let err = |code: &str, msg: String| Finding::error(code, msg).at(ptr.to_string());
    if let Some((msg, hint)) = placeholder(value) {
        out.push(err(codes::ARN_PLACEHOLDER, msg).with_hint(hint));
        return;
    }
    if !value.starts_with("arn:") {
        let f = err(codes::INVALID_ARN_PREFIX, format!("The resource `{value}` is not an ARN."));
        out.push(if value.to_ascii_lowercase().starts_with("arn:") {
            f.with_hint("write the prefix `arn:` in lower case")
        } else {
            f.with_hint("use an ARN such as `arn:aws:s3:::my-bucket/*`, or `*`")
        });
        return;
    }
    let Some(arn) = split(value) else {
        out.push(
            err(codes::MISSING_ARN_FIELD, format!("The resource `{value}` has fewer than the six ARN fields."))
                .with_hint(
                    "use `arn:partition:service:region:account:resource`; leave a field empty (`::`) rather than out",
                ),
        );
        return;
    };
    // Whitespace in the fixed fields: say which field and show the ARN without it.
    let fields = [
        (codes::INVALID_PARTITION, "partition", arn.partition),
        (codes::INVALID_SERVICE, "service", arn.service),
        (codes::INVALID_ARN_REGION, "Region", arn.region),
        (codes::INVALID_ARN_ACCOUNT, "account", arn.account),
    ];
    for (code, name, field) in fields {
        if field.chars().any(char::is_whitespace) {
            let fixed = format!(
                "arn:{}:{}:{}:{}:{}",
                arn.partition.trim(),
                arn.service.trim(),
                arn.region.trim(),
                arn.account.trim(),
                arn.resource
            );
            out.push(
                err(code, format!("The {name} field `{field}` of the ARN contains a space."))
                    .with_hint(format!("write `{fixed}`")),
            );
            return;
        }
    }
    if !is_flexible(arn.partition) && !PARTITIONS.contains(&arn.partition) {
        out.push(
            err(codes::INVALID_PARTITION, format!("The partition `{}` does not exist.", arn.partition))
                .with_hint("use `aws` (or `aws-cn`, `aws-us-gov`)"),
        );
        return;
    }
    let data = data();
    if !is_flexible(arn.service) {
        if arn.service.is_empty() {
            out.push(
                err(codes::INVALID_SERVICE, "The ARN has an empty service field.".to_string())
                    .with_hint("e.g. `arn:aws:iam::123456789012:root`: one colon between fields"),
            );
            return;
        }
        if arn.service.chars().any(|c| c.is_ascii_uppercase()) {
            out.push(
                err(
                    codes::INVALID_ARN_SERVICE_CASE,
                    format!("The service `{}` in the ARN must be lower case.", arn.service),
                )
                .with_hint(format!("write `{}`", arn.service.to_ascii_lowercase())),
            );
            return;
        }
        if !data.is_arn_service(arn.service) {
            let f = err(codes::INVALID_SERVICE, format!("The service `{}` in the ARN does not exist.", arn.service));
            let all = data.arn_services.iter().copied().chain(data.prefixes());
            out.push(match closest(arn.service, all) {
                Some(s) => f.with_hint(format!("did you mean `{s}`?")),
                None => f,
            });
            return;
        }
    }
    if !arn.region.is_empty() && !is_flexible(arn.region) && !valid_region(arn.region) {
        out.push(if looks_like_placeholder(arn.region) {
            err(codes::ARN_PLACEHOLDER, format!("The Region field `{}` is a placeholder, not a Region.", arn.region))
                .with_hint("write a Region such as `us-east-1`, or `*`")
        } else {
            err(codes::INVALID_ARN_REGION, format!("The Region `{}` is not valid.", arn.region))
                .with_hint("use a Region code such as `us-east-1`, or `*`")
        });
        return;
    }
    if !arn.account.is_empty() && !is_flexible(arn.account) && arn.account != "aws" && !valid_account(arn.account) {
        out.push(if looks_like_placeholder(arn.account) {
            err(
                codes::ARN_PLACEHOLDER,
                format!("The account field `{}` is a placeholder, not an account ID.", arn.account),
            )
            .with_hint("write the 12-digit account ID, or `*`")
        } else {
            err(
                codes::INVALID_ARN_ACCOUNT,
                format!("The account ID `{}` is not valid: it must be 12 digits.", arn.account),
            )
            .with_hint("account IDs have exactly 12 digits, leading zeros included")
        });
        return;
    }
    // Region and account against the service's resource types.
    let Some(svc) = (!is_flexible(arn.service)).then(|| data.service(arn.service)).flatten() else { return };
    let candidates: Vec<&ResourceType> = svc
        .resources()
        .iter()
        .filter(|rt| {
            rt.arn.starts_with(&format!("arn:${{Partition}}:{}:", arn.service)) && resource_part_matches(&arn, rt)
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let example = candidates[0].arn;
    if !arn.region.is_empty() && !is_flexible(arn.region) && candidates.iter().all(|rt| !rt.has_region) {
        out.push(
            err(
                codes::ARN_REGION_NOT_ALLOWED,
                format!("The service {} does not take a Region in this ARN.", arn.service),
            )
            .with_hint(format!("leave the Region empty: `{example}`")),
        );
    } else if !arn.account.is_empty() && !is_flexible(arn.account) && candidates.iter().all(|rt| !rt.has_account) {
        out.push(
            err(
                codes::ARN_ACCOUNT_NOT_ALLOWED,
                format!("The service {} does not take an account ID in this ARN.", arn.service),
            )
            .with_hint(format!("leave the account empty: `{example}`")),
        );
    } else if arn.region.is_empty() && candidates.iter().all(|rt| rt.has_region) {
        out.push(
            err(codes::MISSING_ARN_REGION, format!("The {} ARN needs a Region.", arn.service))
                .with_hint(format!("the format is `{example}`; use `*` for any Region")),
        );
    }
}

pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    for key in ["Resource", "NotResource"] {
        match s.get(key) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let ptr = join(&s.at(key), &i.to_string());
                    match item {
                        Value::String(v) => check_value(v, out, &ptr),
                        other => out.push(not_a_string(other, ptr)),
                    }
                }
            }
            Some(Value::String(v)) => check_value(v, out, &s.at(key)),
            Some(other) if !matches!(other, Value::Null) => out.push(not_a_string(other, s.at(key))),
            _ => {}
        }
    }
    mismatch(s, out);
}

fn not_a_string(v: &Value, ptr: String) -> Finding {
    let f = Finding::error(codes::DATA_TYPE_MISMATCH, "A resource must be an ARN string.").at(ptr);
    match v.as_object().and_then(|o| o.keys().find(|k| k.starts_with("Fn::") || *k == "Ref")) {
        Some(k) => f.with_hint(format!("`{k}` is a CloudFormation intrinsic; a plain policy needs the resolved ARN")),
        None => f.with_hint("write the ARN as a string"),
    }
}

/// RESOURCE_MISMATCH, conservatively: only when every action of the statement is
/// known and has resource types, and a resource matches none of them (or an
/// action matches none of the resources).
fn mismatch(s: &Stmt, out: &mut Vec<Finding>) {
    let actions = s.strings("Action");
    let resources = s.strings("Resource");
    if actions.is_empty() || resources.is_empty() || resources.iter().any(|(_, r)| *r == "*") {
        return;
    }
    let mut resolved = Vec::new();
    for (ptr, value) in &actions {
        let Some(list) = resolve(value) else { return };
        if list.iter().any(|(_, a)| a.resources.is_empty()) {
            return;
        }
        resolved.push((ptr, value, list));
    }
    let arns: Vec<(&String, &str, Arn)> = resources
        .iter()
        .filter(|(_, r)| placeholder(r).is_none())
        .filter_map(|(p, r)| split(r).map(|a| (p, *r, a)))
        .collect();
    if arns.len() != resources.len() {
        return; // something else is wrong with the resources; say that instead
    }
    // The resources with policy variables read as wildcards, once.
    let starred: std::collections::HashMap<&str, String> =
        arns.iter().map(|(_, r, _)| (*r, variables_to_star(r))).collect();
    let matches = |svc: &Service, idx: usize, arn: &str| {
        let arn = starred.get(arn).map_or(arn, String::as_str);
        svc.resources().get(idx).is_some_and(|rt| globs_intersect(&rt.pattern, arn))
    };
    for (ptr, value, _) in &arns {
        let hit = resolved
            .iter()
            .any(|(_, _, list)| list.iter().any(|(svc, a)| a.resources.iter().any(|(i, _)| matches(svc, *i, value))));
        if !hit {
            let (svc, a) = resolved[0].2[0];
            let expected: Vec<&str> =
                a.resources.iter().filter_map(|(i, _)| svc.resources().get(*i)).map(|rt| rt.arn).take(2).collect();
            out.push(
                Finding::warning(codes::RESOURCE_MISMATCH, format!("The resource `{value}` matches no resource type of the statement's actions, so it grants nothing."))
                    .at((*ptr).clone())
                    .with_hint(format!("`{}:{}` expects e.g. `{}`", svc.prefix, a.name, expected.join("` or `"))),
            );
        }
    }
    for (ptr, value, list) in &resolved {
        let hit = list
            .iter()
            .any(|(svc, a)| a.resources.iter().any(|(i, _)| arns.iter().any(|(_, r, _)| matches(svc, *i, r))));
        if !hit {
            let (svc, a) = list[0];
            let expected: Vec<&str> =
                a.resources.iter().filter_map(|(i, _)| svc.resources().get(*i)).map(|rt| rt.arn).take(2).collect();
            out.push(
                Finding::warning(
                    codes::RESOURCE_MISMATCH,
                    format!("The action `{value}` applies to none of the statement's resources."),
                )
                .at((*ptr).clone())
                .with_hint(format!("it needs a resource like `{}`", expected.join("` or `"))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::listed;
    use super::*;
    use crate::snippet::kind::Kind;
    use serde_json::json;

    /// Every finding of a statement granting `action` on each resource, the
    /// whole list each time: a missing, extra or repeated finding shows.
    fn report(cases: &[(&str, serde_json::Value)]) -> String {
        cases
            .iter()
            .map(|(action, resource)| {
                let statement = json!({"Effect": "Allow", "Action": action, "Resource": resource});
                format!("## {action} on {resource}\n{}", listed(statement, Kind::PolicyStatement))
            })
            .collect()
    }

    #[test]
    fn grammar() {
        insta::assert_snapshot!(report(&[
            ("logs:CreateLogGroup", json!("arn:aws: logs:*:*:*")),
            ("s3:GetObject", json!(" aws")),
            ("s3:GetObject", json!("arn: aws:s3:::b/*")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1 :123456789012:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1: 123456789012:q")),
            ("s3:GetObject", json!("s3")),
            ("s3:GetObject", json!("ARN:aws:s3:::b/*")),
            ("s3:GetObject", json!("arn:aws:s3")),
            ("s3:GetObject", json!("arn:amazon:s3:::b/*")),
            ("s3:GetObject", json!("arn:*:s3:::b/*")),
            ("s3:GetObject", json!("arn:aws::us-east-1:123456789012:b")),
            ("lambda:InvokeFunction", json!("arn:aws:lamda:us-east-1:123456789012:function:f")),
            ("lambda:InvokeFunction", json!("arn:aws:qqqqqqqqqqqq:us-east-1:123456789012:function:f")),
            ("s3:GetObject", json!("arn:aws:*:*:*:*")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:12345:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:moon-1:123456789012:q")),
            ("sqs:SendMessage", json!("arn:aws:SQS:us-east-1:123456789012:q")),
        ]));
    }

    #[test]
    fn placeholders() {
        insta::assert_snapshot!(report(&[
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:<account>:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:${AWS::AccountId")),
            ("sqs:SendMessage", json!("arn:aws:sqs:REGION:ACCOUNT_ID:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:ACCOUNT_ID:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:account-id:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:AccountId:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:abcdefghijkl:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us_east_1:123456789012:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:{{region}}:123456789012:q")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:123456789012:{{queue")),
            ("sqs:SendMessage", json!("arn:aws:sqs:us-east-1:123456789012:a>b<c")),
        ]));
    }

    #[test]
    fn fields_the_service_does_not_allow() {
        insta::assert_snapshot!(report(&[
            ("s3:GetObject", json!("arn:aws:s3:us-east-1::b/*")),
            ("s3:GetObject", json!("arn:aws:s3::123456789012:b/*")),
            ("iam:PassRole", json!("arn:aws:iam:us-east-1:123456789012:role/r")),
            ("lambda:InvokeFunction", json!("arn:aws:lambda::123456789012:function:f")),
            ("lambda:InvokeFunction", json!("arn:aws:lambda:*:123456789012:function:f")),
            (
                "s3:GetObject",
                json!([
                    "arn:aws:s3:::b/*",
                    "arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/*",
                    "arn:aws:iam::aws:policy/ReadOnlyAccess"
                ]),
            ),
        ]));
    }

    #[test]
    fn resources_that_are_not_strings() {
        insta::assert_snapshot!(report(&[
            ("s3:GetObject", json!([{"Fn::Sub": "arn:aws:s3:::b/*"}])),
            ("s3:GetObject", json!({"Ref": "Bucket"})),
            ("s3:GetObject", json!({"Bucket": "b"})),
            ("s3:GetObject", json!(5)),
            ("s3:GetObject", json!([true])),
            ("s3:GetObject", json!(null)),
        ]));
        let not_resource = json!({"Effect": "Deny", "Action": "s3:GetObject", "NotResource": 7});
        insta::assert_snapshot!(listed(not_resource, Kind::PolicyStatement), @"
        error DATA_TYPE_MISMATCH at /NotResource: A resource must be an ARN string.
            help: write the ARN as a string
        ");
    }

    #[test]
    fn resource_mismatch() {
        insta::assert_snapshot!(report(&[
            ("sqs:SendMessage", json!("arn:aws:s3:::bucket")),
            ("s3:GetObject", json!("arn:aws:s3:::bucket")),
            ("s3:GetObject", json!("arn:aws:s3:::bucket/*")),
            ("s3:Get*", json!("arn:aws:s3:::bucket/*")),
            ("s3:GetObject", json!(["arn:aws:s3:::bucket/*", "arn:aws:sqs:us-east-1:123456789012:q"])),
            ("s3:GetObject", json!("arn:aws:s3:::${aws:username}/*")),
        ]));
        assert!(valid_region("us-gov-west-1") && valid_region("eu-central-2") && !valid_region("useast1"));
    }

    #[test]
    fn regions_accounts_and_placeholder_fields() {
        for (region, valid) in [
            ("us-east-1", true),
            ("us-isob-east-1", true),
            ("eusc-de-east-1", true),
            ("us-1", false),
            ("123", false),
            ("us-EAST-1", false),
            ("us--1", false),
            ("1us-east-1", false),
            ("us-east-a", false),
            ("us_east_1", false),
        ] {
            assert_eq!(valid_region(region), valid, "{region}");
        }
        for (account, valid) in
            [("123456789012", true), ("12345678901", false), ("1234567890123", false), ("12345678901a", false)]
        {
            assert_eq!(valid_account(account), valid, "{account}");
        }
        for (field, placeholder) in [
            ("ACCOUNT_ID", true),
            ("REGION", true),
            ("account-id", true),
            ("AccountId", true),
            ("my_region", true),
            ("", false),
            ("region", false),
            ("Region1", false),
            ("us-east-1", false),
            ("Region x", false),
        ] {
            assert_eq!(looks_like_placeholder(field), placeholder, "{field}");
        }
    }
}
