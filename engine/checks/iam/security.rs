//! Security checks on Allow statements: the confused deputy (a service
//! principal without `aws:SourceArn`/`aws:SourceAccount`), public access,
//! `NotAction`/`NotResource` with Allow, full administrator access,
//! `iam:PassRole` and `iam:CreateServiceLinkedRole` on `*`, and write or
//! permissions-management actions on every resource.
//!
//! Codes of our own: PUBLIC_ACCESS (security_warning), ALLOW_WITH_NOT_ACTION
//! (security_warning), ALLOW_WITH_NOT_RESOURCE (security_warning),
//! FULL_ADMIN_ACCESS (security_warning), PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES
//! (security_warning), WRITE_ON_ALL_RESOURCES (warning).

use serde_json::Value;

use super::actions::resolve;
use super::service_data::Level;
use super::text::{glob_match, has_wildcard};
use super::{PolicyType, Stmt, join, strings};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

/// Keys that tie a service principal to one source (the confused-deputy guard).
const SOURCE_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "lambda:EventSourceToken",
];
/// Keys that narrow `"Principal": "*"` to someone in particular.
const NARROWING_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:SourceVpcArn",
    "aws:PrincipalServiceName",
    "aws:PrincipalIsAWSService",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "lambda:FunctionUrlAuthType",
    // The public `lambda:InvokeFunction` grant that a function URL with
    // `AuthType` `NONE` needs (since October 2025) only works through the URL:
    // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
    "lambda:InvokedViaFunctionUrl",
    "lambda:EventSourceToken",
];

pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    if !s.is_allow() {
        return;
    }
    service_principals(s, out);
    public(s, out);
    for (key, code, what) in [
        ("NotAction", codes::ALLOW_WITH_NOT_ACTION, "every action not listed, including actions AWS adds later"),
        ("NotResource", codes::ALLOW_WITH_NOT_RESOURCE, "every resource not listed"),
    ] {
        if s.obj.contains_key(key) {
            out.push(
                Finding::security_warning(code, format!("`Allow` with `{key}` grants {what}."))
                    .at_key(s.at(key))
                    .with_hint(format!("list what to allow in `{}` instead", key.trim_start_matches("Not"))),
            );
        }
    }
    if s.policy == PolicyType::Trust {
        return;
    }
    let actions = s.strings("Action");
    let resources = s.strings("Resource");
    let star_resource = resources.iter().find(|(_, r)| *r == "*");
    let not_resource = s.obj.contains_key("NotResource");
    let not_action = s.obj.contains_key("NotAction");

    if let (Some((aptr, _)), Some((rptr, _))) = (actions.iter().find(|(_, a)| *a == "*"), star_resource)
        && s.get("Condition").is_none()
    {
        out.push(
            Finding::security_warning(
                codes::FULL_ADMIN_ACCESS,
                "This statement allows every action on every resource: full administrator access.",
            )
            .at(aptr.clone())
            .with_hint("grant only the actions and resources the principal needs"),
        );
        let _ = rptr;
        return;
    }
    for special in [&PASS_ROLE, &CREATE_SLR] {
        special_action(s, &actions, star_resource.map(|(p, _)| p.as_str()), not_resource, not_action, special, out);
    }
    if let Some((rptr, _)) = star_resource {
        writes_on_star(&actions, rptr, out);
    }
}

/// RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL, for resource policies (not trust policies:
/// `lambda.amazonaws.com` assuming an execution role is not a confused deputy).
fn service_principals(s: &Stmt, out: &mut Vec<Finding>) {
    if !matches!(s.policy, PolicyType::Resource | PolicyType::Statement) {
        return;
    }
    let Some(Value::Object(p)) = s.get("Principal") else { return };
    let Some(services) = p.get("Service") else { return };
    if s.has_condition_key(SOURCE_KEYS) {
        return;
    }
    let assume_only = {
        let a = s.strings("Action");
        !a.is_empty() && a.iter().all(|(_, a)| a.to_ascii_lowercase().starts_with("sts:"))
    };
    if assume_only {
        return; // a trust statement linted as a lone statement
    }
    for (ptr, svc) in strings(services, &join(&s.at("Principal"), "Service")) {
        let example = source_example(svc);
        out.push(
            Finding::security_warning(codes::RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL, format!("Any `{svc}` resource, in any account, can use this permission: nothing ties it to your source (the confused deputy problem)."))
                .at(ptr)
                .with_hint(format!("add an `aws:SourceArn` condition, e.g. `\"Condition\": {{\"ArnLike\": {{\"aws:SourceArn\": \"{example}\"}}}}`, or `aws:SourceAccount`")),
        );
    }
}

fn source_example(service: &str) -> &'static str {
    match service.split('.').next().unwrap_or("") {
        "s3" => "arn:aws:s3:::my-bucket",
        "sns" => "arn:aws:sns:us-east-1:123456789012:my-topic",
        "events" => "arn:aws:events:us-east-1:123456789012:rule/my-rule",
        "apigateway" => "arn:aws:execute-api:us-east-1:123456789012:api-id/*",
        "logs" => "arn:aws:logs:us-east-1:123456789012:log-group:my-group:*",
        "sqs" => "arn:aws:sqs:us-east-1:123456789012:my-queue",
        _ => "arn:aws:service:us-east-1:123456789012:resource",
    }
}

fn public(s: &Stmt, out: &mut Vec<Finding>) {
    if !matches!(s.policy, PolicyType::Resource | PolicyType::Statement) {
        return;
    }
    let ptr = match s.get("Principal") {
        Some(Value::String(p)) if p == "*" => s.at("Principal"),
        Some(Value::Object(m)) => match m.get("AWS") {
            Some(v) => match strings(v, &join(&s.at("Principal"), "AWS")).into_iter().find(|(_, p)| *p == "*") {
                Some((ptr, _)) => ptr,
                None => return,
            },
            None => return,
        },
        _ => return,
    };
    if s.has_condition_key(NARROWING_KEYS) {
        return;
    }
    out.push(
        Finding::security_warning(codes::PUBLIC_ACCESS, "`\"Principal\": \"*\"` without a narrowing condition makes this resource public: anyone, in any account, gets these permissions.")
            .at(ptr)
            .with_hint("name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceAccount`"),
    );
}

/// An action that hands out power (passing a role, creating a service-linked
/// role) and the findings for granting it too widely, one code per shape.
struct Special {
    action: &'static str,
    guard_key: &'static str,
    security: bool,
    message: &'static str,
    hint: &'static str,
    star_resource: &'static str,
    star_action_and_resource: &'static str,
    not_resource: &'static str,
    star_action_and_not_resource: &'static str,
    star_resource_and_not_action: &'static str,
    not_action_and_not_resource: &'static str,
}

const PASS_ROLE: Special = Special {
    action: "iam:PassRole",
    guard_key: "iam:PassedToService",
    security: true,
    message: "This statement lets the principal pass any role to any service, which can escalate its privileges.",
    hint: "limit `Resource` to the role ARNs to pass, and add an `iam:PassedToService` condition",
    star_resource: codes::PASS_ROLE_WITH_STAR_IN_RESOURCE,
    star_action_and_resource: codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
    not_resource: codes::PASS_ROLE_WITH_NOT_RESOURCE,
    star_action_and_not_resource: codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    star_resource_and_not_action: codes::PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
    not_action_and_not_resource: codes::PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
};

const CREATE_SLR: Special = Special {
    action: "iam:CreateServiceLinkedRole",
    guard_key: "iam:AWSServiceName",
    security: false,
    message: "This statement allows creating service-linked roles for any service.",
    hint: "limit `Resource` to the service-linked role ARNs, or add an `iam:AWSServiceName` condition",
    star_resource: codes::CREATE_SLR_WITH_STAR_IN_RESOURCE,
    star_action_and_resource: codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
    not_resource: codes::CREATE_SLR_WITH_NOT_RESOURCE,
    star_action_and_not_resource: codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    star_resource_and_not_action: codes::CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
    not_action_and_not_resource: codes::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
};

fn special_action(
    s: &Stmt,
    actions: &[(String, &str)],
    star_resource: Option<&str>,
    not_resource: bool,
    not_action: bool,
    special: &Special,
    out: &mut Vec<Finding>,
) {
    let action = special.action;
    if s.has_condition_key(&[special.guard_key]) {
        return;
    }
    let covering = actions.iter().find(|(_, a)| glob_match(a, action));
    let exact = covering.is_some_and(|(_, a)| !has_wildcard(a));
    let (code, ptr) = match (covering, not_action, star_resource, not_resource) {
        (Some((p, _)), _, Some(_), _) if exact => (special.star_resource, p.clone()),
        (Some((p, _)), _, Some(_), _) => (special.star_action_and_resource, p.clone()),
        (Some((p, _)), _, _, true) if exact => (special.not_resource, p.clone()),
        (Some((p, _)), _, _, true) => (special.star_action_and_not_resource, p.clone()),
        (None, true, Some(r), _) if !excluded(s, action) => (special.star_resource_and_not_action, r.to_string()),
        (None, true, _, true) if !excluded(s, action) => (special.not_action_and_not_resource, s.at("NotAction")),
        _ => return,
    };
    let f = if special.security {
        Finding::security_warning(code, special.message)
    } else {
        Finding::warning(code, special.message)
    };
    out.push(f.at(ptr).with_hint(special.hint));
}

fn excluded(s: &Stmt, action: &str) -> bool {
    s.strings("NotAction").iter().any(|(_, a)| glob_match(a, action))
}

/// Write and permissions-management actions that could be limited to resources but get `*`.
fn writes_on_star(actions: &[(String, &str)], rptr: &str, out: &mut Vec<Finding>) {
    let mut perms: Vec<String> = Vec::new();
    let mut writes: Vec<String> = Vec::new();
    for (_, value) in actions {
        if *value == "*" {
            continue;
        }
        let Some(list) = resolve(value) else { continue };
        let scoped = |l: Level| list.iter().any(|(_, a)| a.level == l && !a.resources.is_empty());
        if scoped(Level::PermissionsManagement) {
            perms.push(value.to_string());
        } else if scoped(Level::Write) {
            writes.push(value.to_string());
        }
    }
    let shown = |v: &[String]| {
        let mut s = v.iter().take(3).map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        if v.len() > 3 {
            s.push_str(&format!(" and {} more", v.len() - 3));
        }
        s
    };
    if !perms.is_empty() {
        out.push(
            Finding::security_warning(
                codes::PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES,
                format!("Permissions-management actions apply to every resource: {}.", shown(&perms)),
            )
            .at(rptr.to_string())
            .with_hint("limit `Resource` to the ARNs these actions should change"),
        );
    }
    if !writes.is_empty() {
        out.push(
            Finding::warning(
                codes::WRITE_ON_ALL_RESOURCES,
                format!("Write actions apply to every resource: {}.", shown(&writes)),
            )
            .at(rptr.to_string())
            .with_hint("limit `Resource` to the ARNs these actions should change"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::listed;
    use crate::snippet::kind::Kind;
    use insta::assert_snapshot;
    use serde_json::json;

    #[test]
    fn confused_deputy() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}]});
        assert_snapshot!(listed(doc, Kind::ResourcePolicy), @r#"
        security_warning RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL at /Statement/0/Principal/Service: Any `s3.amazonaws.com` resource, in any account, can use this permission: nothing ties it to your source (the confused deputy problem).
            help: add an `aws:SourceArn` condition, e.g. `"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket"}}`, or `aws:SourceAccount`
        "#);
        let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        assert_eq!(listed(trust, Kind::TrustPolicy), "");
        let ok = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}}}]});
        assert_eq!(listed(ok, Kind::ResourcePolicy), "");
    }

    #[test]
    fn broad_grants() {
        let admin =
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        // Its privilege-escalation paths are iam::privesc's to test.
        let findings: Vec<_> = super::super::lint(&admin, Kind::IdentityPolicy)
            .into_iter()
            .filter(|f| f.code != "PRIVILEGE_ESCALATION")
            .collect();
        assert_snapshot!(super::super::testutil::render(&findings), @"
        security_warning FULL_ADMIN_ACCESS at /Statement/0/Action: This statement allows every action on every resource: full administrator access.
            help: grant only the actions and resources the principal needs
        ");
        let statement = |s: serde_json::Value| listed(s, Kind::PolicyStatement);
        assert_snapshot!(statement(json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})), @"
        security_warning PASS_ROLE_WITH_STAR_IN_RESOURCE at /Action: This statement lets the principal pass any role to any service, which can escalate its privileges.
            help: limit `Resource` to the role ARNs to pass, and add an `iam:PassedToService` condition
        warning WRITE_ON_ALL_RESOURCES at /Resource: Write actions apply to every resource: `iam:PassRole`.
            help: limit `Resource` to the ARNs these actions should change
        ");
        assert_snapshot!(statement(json!({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})), @"
        security_warning PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE at /Action: This statement lets the principal pass any role to any service, which can escalate its privileges.
            help: limit `Resource` to the role ARNs to pass, and add an `iam:PassedToService` condition
        warning CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE at /Action: This statement allows creating service-linked roles for any service.
            help: limit `Resource` to the service-linked role ARNs, or add an `iam:AWSServiceName` condition
        security_warning PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES at /Resource: Permissions-management actions apply to every resource: `iam:*`.
            help: limit `Resource` to the ARNs these actions should change
        ");
        assert_snapshot!(statement(json!({"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"})), @"
        warning WRITE_ON_ALL_RESOURCES at /Resource: Write actions apply to every resource: `sqs:SendMessage`.
            help: limit `Resource` to the ARNs these actions should change
        ");
        assert_snapshot!(statement(json!({"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b"})), @"
        security_warning ALLOW_WITH_NOT_ACTION at /NotAction (key): `Allow` with `NotAction` grants every action not listed, including actions AWS adds later.
            help: list what to allow in `Action` instead
        security_warning ALLOW_WITH_NOT_RESOURCE at /NotResource (key): `Allow` with `NotResource` grants every resource not listed.
            help: list what to allow in `Resource` instead
        ");
    }

    #[test]
    fn public_access() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert_snapshot!(listed(doc, Kind::ResourcePolicy), @r#"
        security_warning PUBLIC_ACCESS at /Statement/0/Principal: `"Principal": "*"` without a narrowing condition makes this resource public: anyone, in any account, gets these permissions.
            help: name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceAccount`
        "#);
        // Restricted to one organization: not public.
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]});
        assert_eq!(listed(doc, Kind::ResourcePolicy), "");
        // A function URL's public invoke grant: only usable through the URL.
        let url = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}}]});
        assert_eq!(listed(url, Kind::ResourcePolicy), "");
        let bare = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}]});
        assert_snapshot!(listed(bare, Kind::ResourcePolicy), @r#"
        security_warning PUBLIC_ACCESS at /Statement/0/Principal: `"Principal": "*"` without a narrowing condition makes this resource public: anyone, in any account, gets these permissions.
            help: name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceAccount`
        "#);
    }
}
