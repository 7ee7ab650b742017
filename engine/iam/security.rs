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
use crate::finding::Finding;

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
        ("NotAction", "ALLOW_WITH_NOT_ACTION", "every action not listed, including actions AWS adds later"),
        ("NotResource", "ALLOW_WITH_NOT_RESOURCE", "every resource not listed"),
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
                "FULL_ADMIN_ACCESS",
                "This statement allows every action on every resource: full administrator access.",
            )
            .at(aptr.clone())
            .with_hint("grant only the actions and resources the principal needs"),
        );
        let _ = rptr;
        return;
    }
    special_action(
        s,
        &actions,
        star_resource.map(|(p, _)| p.as_str()),
        not_resource,
        not_action,
        "iam:PassRole",
        "PASS_ROLE",
        "iam:PassedToService",
        out,
    );
    special_action(
        s,
        &actions,
        star_resource.map(|(p, _)| p.as_str()),
        not_resource,
        not_action,
        "iam:CreateServiceLinkedRole",
        "CREATE_SLR",
        "iam:AWSServiceName",
        out,
    );
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
            Finding::security_warning("RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", format!("Any `{svc}` resource, in any account, can use this permission: nothing ties it to your source (the confused deputy problem)."))
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
        Finding::security_warning("PUBLIC_ACCESS", "`\"Principal\": \"*\"` without a narrowing condition makes this resource public: anyone, in any account, gets these permissions.")
            .at(ptr)
            .with_hint("name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceAccount`"),
    );
}

#[allow(clippy::too_many_arguments)]
fn special_action(
    s: &Stmt,
    actions: &[(String, &str)],
    star_resource: Option<&str>,
    not_resource: bool,
    not_action: bool,
    action: &str,
    prefix: &str,
    guard_key: &str,
    out: &mut Vec<Finding>,
) {
    if s.has_condition_key(&[guard_key]) {
        return;
    }
    let covering = actions.iter().find(|(_, a)| glob_match(a, action));
    let exact = covering.is_some_and(|(_, a)| !has_wildcard(a));
    let (code, ptr) = match (covering, not_action, star_resource, not_resource) {
        (Some((p, _)), _, Some(_), _) if exact => (format!("{prefix}_WITH_STAR_IN_RESOURCE"), p.clone()),
        (Some((p, _)), _, Some(_), _) => (format!("{prefix}_WITH_STAR_IN_ACTION_AND_RESOURCE"), p.clone()),
        (Some((p, _)), _, _, true) if exact => (format!("{prefix}_WITH_NOT_RESOURCE"), p.clone()),
        (Some((p, _)), _, _, true) => (format!("{prefix}_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"), p.clone()),
        (None, true, Some(r), _) if !excluded(s, action) => {
            (format!("{prefix}_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"), r.to_string())
        }
        (None, true, _, true) if !excluded(s, action) => {
            (format!("{prefix}_WITH_NOT_ACTION_AND_NOT_RESOURCE"), s.at("NotAction"))
        }
        _ => return,
    };
    let (msg, hint) = if prefix == "PASS_ROLE" {
        (
            "This statement lets the principal pass any role to any service, which can escalate its privileges.",
            "limit `Resource` to the role ARNs to pass, and add an `iam:PassedToService` condition",
        )
    } else {
        (
            "This statement allows creating service-linked roles for any service.",
            "limit `Resource` to the service-linked role ARNs, or add an `iam:AWSServiceName` condition",
        )
    };
    let f = if prefix == "PASS_ROLE" { Finding::security_warning(&code, msg) } else { Finding::warning(&code, msg) };
    out.push(f.at(ptr).with_hint(hint));
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
                "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES",
                format!("Permissions-management actions apply to every resource: {}.", shown(&perms)),
            )
            .at(rptr.to_string())
            .with_hint("limit `Resource` to the ARNs these actions should change"),
        );
    }
    if !writes.is_empty() {
        out.push(
            Finding::warning(
                "WRITE_ON_ALL_RESOURCES",
                format!("Write actions apply to every resource: {}.", shown(&writes)),
            )
            .at(rptr.to_string())
            .with_hint("limit `Resource` to the ARNs these actions should change"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{codes, find};
    use crate::kind::Kind;
    use serde_json::json;

    #[test]
    fn confused_deputy() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}]});
        let f = find(doc, Kind::ResourcePolicy, "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL").unwrap();
        assert_eq!(f.target.pointer, "/Statement/0/Principal/Service");
        assert!(f.hint.unwrap().contains("aws:SourceArn"));
        let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        assert!(codes(trust, Kind::TrustPolicy).is_empty());
        let ok = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}}}]});
        assert!(codes(ok, Kind::ResourcePolicy).is_empty());
    }

    #[test]
    fn broad_grants() {
        let admin =
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        assert_eq!(codes(admin, Kind::IdentityPolicy), ["FULL_ADMIN_ACCESS"]);
        let pass = json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"});
        assert!(codes(pass, Kind::PolicyStatement).contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE".to_string()));
        let pass = json!({"Effect": "Allow", "Action": "iam:*", "Resource": "*"});
        let c = codes(pass, Kind::PolicyStatement);
        assert!(
            c.contains(&"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE".to_string())
                && c.contains(&"PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES".to_string())
        );
        let w = json!({"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"});
        assert!(codes(w, Kind::PolicyStatement).contains(&"WRITE_ON_ALL_RESOURCES".to_string()));
        let na = json!({"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b"});
        let c = codes(na, Kind::PolicyStatement);
        assert!(c.contains(&"ALLOW_WITH_NOT_ACTION".to_string()) && c.contains(&"ALLOW_WITH_NOT_RESOURCE".to_string()));
    }

    #[test]
    fn public_access() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert!(codes(doc, Kind::ResourcePolicy).contains(&"PUBLIC_ACCESS".to_string()));
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]});
        assert!(!codes(doc, Kind::ResourcePolicy).contains(&"PUBLIC_ACCESS".to_string()));
        // A function URL's public invoke grant: only usable through the URL.
        let url = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}}]});
        assert!(codes(url, Kind::ResourcePolicy).is_empty());
        let bare = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}]});
        assert_eq!(codes(bare, Kind::ResourcePolicy), ["PUBLIC_ACCESS"]);
    }
}
