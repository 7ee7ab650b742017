//! Principal and NotPrincipal, by policy kind: none in identity policies, one
//! required in resource and trust policies, and well-formed values for each
//! principal key (AWS, Service, Federated, CanonicalUser).

use serde_json::Value;

use super::arns::{split, valid_account};
use super::text::has_wildcard;
use super::{PolicyType, Stmt, join, strings};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

const KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    let present: Vec<&str> = ["Principal", "NotPrincipal"].into_iter().filter(|k| s.obj.contains_key(*k)).collect();
    match s.policy {
        PolicyType::Identity => {
            for key in &present {
                out.push(
                    Finding::error(codes::UNSUPPORTED_PRINCIPAL, format!("An identity policy cannot have `{key}`: it applies to the user, group or role it is attached to."))
                        .at_key(s.at(key))
                        .with_hint(format!("remove `{key}`, or lint this document as a resource or trust policy")),
                );
            }
            return;
        }
        PolicyType::Resource | PolicyType::Trust if present.is_empty() => {
            out.push(
                Finding::error(
                    codes::MISSING_PRINCIPAL,
                    "The statement has no `Principal`: a resource-based or trust policy must say who it applies to.",
                )
                .at(s.ptr.clone())
                .with_hint("add e.g. `\"Principal\": {\"Service\": \"lambda.amazonaws.com\"}`"),
            );
        }
        _ => {}
    }
    if s.obj.contains_key("NotPrincipal") {
        if s.policy == PolicyType::Trust {
            out.push(
                Finding::error(
                    codes::ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL,
                    "Role trust policies do not support `NotPrincipal`.",
                )
                .at_key(s.at("NotPrincipal"))
                .with_hint("use `Principal`"),
            );
        } else if s.is_allow() {
            out.push(
                Finding::security_warning(
                    codes::ALLOW_WITH_NOT_PRINCIPAL,
                    "`Allow` with `NotPrincipal` grants access to every principal not listed, anonymous ones included.",
                )
                .at_key(s.at("NotPrincipal"))
                .with_hint("list the principals to allow in `Principal` instead"),
            );
        }
    }
    for key in present {
        if let Some(v) = s.get(key) {
            principal_value(s, v, &s.at(key), out);
        }
    }
    federated_trust(s, out);
}

fn principal_value(s: &Stmt, v: &Value, ptr: &str, out: &mut Vec<Finding>) {
    match v {
        Value::String(p) if p == "*" => {
            if s.policy == PolicyType::Trust && s.is_allow() {
                out.push(
                    Finding::error(codes::ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL, "`\"Principal\": \"*\"` is not supported in a role trust policy, and would let anyone assume the role.")
                        .at(ptr.to_string())
                        .with_hint("name the account, role or service that may assume the role"),
                );
            }
        }
        Value::String(p) => out.push(
            Finding::error(
                codes::INVALID_PRINCIPAL_FORMAT,
                format!("The principal `{p}` must be `\"*\"` or an object such as `{{\"AWS\": ...}}`."),
            )
            .at(ptr.to_string())
            .with_hint(hint_for_bare(p)),
        ),
        Value::Object(map) => {
            if map.is_empty() {
                out.push(
                    Finding::suggestion(
                        codes::EMPTY_OBJECT_PRINCIPAL,
                        "The principal object is empty, so the statement applies to no one.",
                    )
                    .at(ptr.to_string())
                    .with_hint("name a principal, or remove the statement"),
                );
            }
            for (key, value) in map {
                let kptr = join(ptr, key);
                if !KEYS.contains(&key.as_str()) {
                    let f = Finding::error(
                        codes::INVALID_PRINCIPAL_KEY,
                        format!("The principal key `{key}` is not valid."),
                    )
                    .at_key(kptr);
                    out.push(match KEYS.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                        Some(k) => f.with_hint(format!("write `{k}`: principal keys are case-sensitive")),
                        None => f.with_hint("use `AWS`, `Service`, `Federated` or `CanonicalUser`"),
                    });
                    continue;
                }
                if let Value::Array(a) = value
                    && a.is_empty()
                {
                    out.push(
                        Finding::suggestion(
                            codes::EMPTY_ARRAY_PRINCIPAL,
                            format!("`{key}` is an empty array, so it names no principal."),
                        )
                        .at(kptr.clone())
                        .with_hint("name a principal, or remove the key"),
                    );
                }
                for (vptr, p) in strings(value, &kptr) {
                    if let Some(f) = check_one(s, key, p) {
                        out.push(f.at(vptr));
                    }
                }
            }
        }
        _ => out.push(
            Finding::error(
                codes::INVALID_PRINCIPAL_FORMAT,
                "The principal must be `\"*\"` or an object of principal keys.",
            )
            .at(ptr.to_string()),
        ),
    }
}

fn hint_for_bare(p: &str) -> String {
    if p.ends_with(".amazonaws.com") {
        format!("write `{{\"Service\": \"{p}\"}}`")
    } else if p.starts_with("arn:") || valid_account(p) {
        format!("write `{{\"AWS\": \"{p}\"}}`")
    } else {
        "write `{\"AWS\": \"arn:aws:iam::123456789012:root\"}` or `{\"Service\": \"...amazonaws.com\"}`".into()
    }
}

/// A service principal: `name.amazonaws.com` (optionally with a Region label, or `.cn`), or an `amazon.com` one.
pub fn valid_service_principal(p: &str) -> bool {
    let host = ["amazonaws.com", "amazonaws.com.cn", "amazon.com", "c2s.ic.gov", "sc2s.sgov.gov"]
        .iter()
        .find_map(|suffix| p.strip_suffix(suffix).and_then(|h| h.strip_suffix('.')));
    host.is_some_and(|h| {
        !h.is_empty()
            && h.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
    })
}

fn check_one(s: &Stmt, key: &str, p: &str) -> Option<Finding> {
    if key != "AWS" && has_wildcard(p) || key == "AWS" && p != "*" && has_wildcard(p) {
        return Some(
            Finding::error(codes::UNSUPPORTED_WILDCARD_IN_PRINCIPAL, format!("Wildcards are not supported in the `{key}` principal `{p}`."))
                .with_hint("name the principal exactly; to match many principals use `\"AWS\": \"*\"` with a condition such as `aws:PrincipalArn` (ArnLike) or `aws:PrincipalOrgID`"),
        );
    }
    match key {
        "AWS" => aws_principal(p),
        "Service" => {
            if valid_service_principal(p) {
                return None;
            }
            let f =
                Finding::error(codes::INVALID_SERVICE_PRINCIPAL_FORMAT, format!("`{p}` is not a service principal."));
            Some(if p.starts_with("arn:") || valid_account(p) {
                f.with_hint("accounts, users and roles go under the `AWS` key")
            } else if !p.contains('.') && !p.is_empty() {
                f.with_hint(format!("did you mean `{}.amazonaws.com`?", p.to_ascii_lowercase()))
            } else {
                f.with_hint("use the form `service.amazonaws.com`, in lower case")
            })
        }
        "Federated" => federated(s, p),
        "CanonicalUser" => {
            if p.len() == 64 && p.chars().all(|c| c.is_ascii_hexdigit()) {
                None
            } else {
                Some(Finding::error(
                    codes::INVALID_PRINCIPAL_FORMAT,
                    format!("`{p}` is not a canonical user ID (64 hex digits)."),
                ))
            }
        }
        _ => None,
    }
}

fn aws_principal(p: &str) -> Option<Finding> {
    if p == "*" || valid_account(p) {
        return None;
    }
    let id_kind = |prefix: &str| {
        p.starts_with(prefix) && p.len() == 21 && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    if id_kind("AROA") {
        return Some(
            Finding::warning(
                codes::INVALID_ROLE_REFERENCE,
                format!("The principal `{p}` is a role's unique ID: IAM shows this when the role was deleted."),
            )
            .with_hint("use the role ARN, `arn:aws:iam::123456789012:role/name`"),
        );
    }
    if id_kind("AIDA") {
        return Some(
            Finding::warning(
                codes::INVALID_USER_REFERENCE,
                format!("The principal `{p}` is a user's unique ID: IAM shows this when the user was deleted."),
            )
            .with_hint("use the user ARN, `arn:aws:iam::123456789012:user/name`"),
        );
    }
    if let Some((msg, hint)) = super::arns::placeholder(p) {
        return Some(Finding::error(codes::ARN_PLACEHOLDER, msg).with_hint(hint));
    }
    let bad = |why: &str| {
        Some(
            Finding::error(codes::INVALID_PRINCIPAL_FORMAT, format!("The AWS principal `{p}` is not valid: {why}."))
                .with_hint("use a 12-digit account ID or an ARN such as `arn:aws:iam::123456789012:role/name`"),
        )
    };
    let Some(arn) = split(p) else { return bad("it is neither an account ID nor an ARN") };
    if arn.service == "iam"
        && arn.account == "cloudfront"
        && arn.resource.starts_with("user/CloudFront Origin Access Identity ")
    {
        return None; // a CloudFront origin access identity (legacy, but valid)
    }
    if !super::arns::PARTITIONS.contains(&arn.partition) {
        return bad("unknown partition");
    }
    if !arn.region.is_empty() {
        return bad("IAM and STS ARNs have no Region");
    }
    if !valid_account(arn.account) {
        return bad("the account must be 12 digits");
    }
    let kind = arn.resource.split('/').next().unwrap_or("");
    let ok = match arn.service {
        "iam" => arn.resource == "root" || (["user", "role"].contains(&kind) && arn.resource.len() > kind.len() + 1),
        "sts" => ["assumed-role", "federated-user"].contains(&kind) && arn.resource.len() > kind.len() + 1,
        _ => false,
    };
    if ok {
        None
    } else {
        bad("expected `iam::<account>:root`, `:user/...`, `:role/...` or `sts::<account>:assumed-role/...`")
    }
}

fn federated(s: &Stmt, p: &str) -> Option<Finding> {
    if s.policy != PolicyType::Trust {
        return None; // which resource policies accept federated principals depends on the service
    }
    let ok = if let Some(arn) = split(p) {
        arn.service == "iam"
            && valid_account(arn.account)
            && (arn.resource.starts_with("saml-provider/") || arn.resource.starts_with("oidc-provider/"))
    } else {
        p.contains('.') && !p.contains("://") && !p.chars().any(char::is_whitespace)
    };
    if ok {
        return None;
    }
    Some(
        Finding::error(codes::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY, format!("The federated principal `{p}` is neither a domain nor a SAML/OIDC provider ARN."))
            .with_hint("e.g. `cognito-identity.amazonaws.com` or `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`"),
    )
}

/// Federated principals in trust policies: the action must match the provider,
/// and OIDC providers need conditions on their own keys.
fn federated_trust(s: &Stmt, out: &mut Vec<Finding>) {
    if !matches!(s.policy, PolicyType::Trust | PolicyType::Statement) || !s.is_allow() {
        return;
    }
    let Some(Value::Object(p)) = s.get("Principal") else { return };
    let Some(fed) = p.get("Federated") else { return };
    let actions: Vec<String> = s.strings("Action").iter().map(|(_, a)| a.to_ascii_lowercase()).collect();
    let any_wild = actions.iter().any(|a| has_wildcard(a));
    let keys: Vec<String> = s.condition_keys().iter().map(|k| k.to_ascii_lowercase()).collect();
    for (ptr, provider) in strings(fed, &join(&s.at("Principal"), "Federated")) {
        let saml = provider.contains(":saml-provider/");
        let host = provider.split_once(":oidc-provider/").map(|(_, h)| h).unwrap_or(provider).to_ascii_lowercase();
        let needed = if saml { "sts:assumerolewithsaml" } else { "sts:assumerolewithwebidentity" };
        if !any_wild && !actions.is_empty() && !actions.iter().any(|a| a == needed) {
            out.push(
                Finding::error(
                    codes::MISMATCHED_ACTION_FOR_PRINCIPAL,
                    format!(
                        "The federated principal `{provider}` can only assume the role with `{}`.",
                        if saml { "sts:AssumeRoleWithSAML" } else { "sts:AssumeRoleWithWebIdentity" }
                    ),
                )
                .at(ptr.clone())
                .with_hint(format!(
                    "use the action `{}`",
                    if saml { "sts:AssumeRoleWithSAML" } else { "sts:AssumeRoleWithWebIdentity" }
                )),
            );
        }
        if saml {
            continue;
        }
        let own: Vec<&String> = keys.iter().filter(|k| k.starts_with(&format!("{host}:"))).collect();
        if host == "token.actions.githubusercontent.com" {
            if !own.iter().any(|k| k.ends_with(":sub")) {
                out.push(
                    Finding::security_warning(codes::MISSING_GITHUB_REPO_CONDITION_KEY, "A GitHub OIDC principal without a `token.actions.githubusercontent.com:sub` condition lets any GitHub repository assume the role.")
                        .at(ptr)
                        .with_hint("add `\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:my-org/my-repo:ref:refs/heads/main\"}`"),
                );
            }
        } else if own.is_empty() && s.get("Condition").is_none_or(|c| c.as_object().is_none_or(|o| o.is_empty())) {
            out.push(
                Finding::security_warning(codes::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL, format!("The OIDC principal `{provider}` has no condition on its own keys, so any identity of that provider can assume the role."))
                    .at(ptr)
                    .with_hint(format!("add a condition on `{host}:aud` and `{host}:sub`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::listed;
    use super::*;
    use crate::snippet::kind::Kind;
    use insta::assert_snapshot;
    use serde_json::json;

    fn resource(principal: serde_json::Value) -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]})
    }

    #[test]
    fn by_policy_kind() {
        let id = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]});
        assert_snapshot!(listed(id, Kind::IdentityPolicy), @"
        error UNSUPPORTED_PRINCIPAL at /Statement/0/Principal (key): An identity policy cannot have `Principal`: it applies to the user, group or role it is attached to.
            help: remove `Principal`, or lint this document as a resource or trust policy
        ");
        let none = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]});
        assert_snapshot!(listed(none, Kind::TrustPolicy), @r#"
        error MISSING_PRINCIPAL at /Statement/0: The statement has no `Principal`: a resource-based or trust policy must say who it applies to.
            help: add e.g. `"Principal": {"Service": "lambda.amazonaws.com"}`
        "#);
        let np = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert_snapshot!(listed(np, Kind::ResourcePolicy), @"
        security_warning ALLOW_WITH_NOT_PRINCIPAL at /Statement/0/NotPrincipal (key): `Allow` with `NotPrincipal` grants access to every principal not listed, anonymous ones included.
            help: list the principals to allow in `Principal` instead
        ");
    }

    #[test]
    fn values() {
        let check = |principal: serde_json::Value| listed(resource(principal), Kind::ResourcePolicy);
        assert_snapshot!(check(json!({"AWS": "arn:aws:iam::*:root"})), @r#"
        error UNSUPPORTED_WILDCARD_IN_PRINCIPAL at /Statement/0/Principal/AWS: Wildcards are not supported in the `AWS` principal `arn:aws:iam::*:root`.
            help: name the principal exactly; to match many principals use `"AWS": "*"` with a condition such as `aws:PrincipalArn` (ArnLike) or `aws:PrincipalOrgID`
        "#);
        assert_snapshot!(check(json!({"Service": "*.amazonaws.com"})), @r#"
        error UNSUPPORTED_WILDCARD_IN_PRINCIPAL at /Statement/0/Principal/Service: Wildcards are not supported in the `Service` principal `*.amazonaws.com`.
            help: name the principal exactly; to match many principals use `"AWS": "*"` with a condition such as `aws:PrincipalArn` (ArnLike) or `aws:PrincipalOrgID`
        "#);
        assert_snapshot!(check(json!({"Service": "s3"})), @"
        error INVALID_SERVICE_PRINCIPAL_FORMAT at /Statement/0/Principal/Service: `s3` is not a service principal.
            help: did you mean `s3.amazonaws.com`?
        ");
        assert_snapshot!(check(json!({"AWS": "arn:aws::iam::123456789012:root"})), @"
        error INVALID_PRINCIPAL_FORMAT at /Statement/0/Principal/AWS: The AWS principal `arn:aws::iam::123456789012:root` is not valid: IAM and STS ARNs have no Region.
            help: use a 12-digit account ID or an ARN such as `arn:aws:iam::123456789012:role/name`
        ");
        assert_snapshot!(check(json!({"AWS": "1234"})), @"
        error INVALID_PRINCIPAL_FORMAT at /Statement/0/Principal/AWS: The AWS principal `1234` is not valid: it is neither an account ID nor an ARN.
            help: use a 12-digit account ID or an ARN such as `arn:aws:iam::123456789012:role/name`
        ");
        assert_snapshot!(check(json!({"aws": "123456789012"})), @"
        error INVALID_PRINCIPAL_KEY at /Statement/0/Principal/aws (key): The principal key `aws` is not valid.
            help: write `AWS`: principal keys are case-sensitive
        ");
        assert_snapshot!(check(json!({"AWS": "AROAABCDEFGHIJKLMNOPQ"})), @"
        warning INVALID_ROLE_REFERENCE at /Statement/0/Principal/AWS: The principal `AROAABCDEFGHIJKLMNOPQ` is a role's unique ID: IAM shows this when the role was deleted.
            help: use the role ARN, `arn:aws:iam::123456789012:role/name`
        ");
        assert_snapshot!(check(json!({})), @"
        suggestion EMPTY_OBJECT_PRINCIPAL at /Statement/0/Principal: The principal object is empty, so the statement applies to no one.
            help: name a principal, or remove the statement
        ");
        // CloudFront's origin access identity, and well-formed principals of each form: nothing to say.
        let oai = json!({"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"});
        assert_eq!(check(oai), "");
        let ok = json!({"AWS": ["123456789012", "arn:aws:iam::123456789012:role/r", "arn:aws:sts::123456789012:assumed-role/r/s"], "Service": ["logs.us-east-1.amazonaws.com", "alexa-appkit.amazon.com"]});
        assert_eq!(check(ok), "");
    }

    #[test]
    fn trust_policies() {
        let t = |principal: serde_json::Value, action: &str| {
            listed(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": action}]}),
                Kind::TrustPolicy,
            )
        };
        assert_snapshot!(t(json!("*"), "sts:AssumeRole"), @r#"
        error ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL at /Statement/0/Principal: `"Principal": "*"` is not supported in a role trust policy, and would let anyone assume the role.
            help: name the account, role or service that may assume the role
        "#);
        assert_snapshot!(t(
            json!({"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}),
            "sts:AssumeRoleWithWebIdentity",
        ), @r#"
        security_warning MISSING_GITHUB_REPO_CONDITION_KEY at /Statement/0/Principal/Federated: A GitHub OIDC principal without a `token.actions.githubusercontent.com:sub` condition lets any GitHub repository assume the role.
            help: add `"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main"}`
        "#);
        assert_snapshot!(t(json!({"Federated": "arn:aws:iam::123456789012:saml-provider/okta"}), "sts:AssumeRole"), @"
        error MISMATCHED_ACTION_FOR_PRINCIPAL at /Statement/0/Principal/Federated: The federated principal `arn:aws:iam::123456789012:saml-provider/okta` can only assume the role with `sts:AssumeRoleWithSAML`.
            help: use the action `sts:AssumeRoleWithSAML`
        ");
        assert_snapshot!(t(json!({"Federated": "not a provider"}), "sts:AssumeRoleWithWebIdentity"), @"
        error INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY at /Statement/0/Principal/Federated: The federated principal `not a provider` is neither a domain nor a SAML/OIDC provider ARN.
            help: e.g. `cognito-identity.amazonaws.com` or `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`
        security_warning MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL at /Statement/0/Principal/Federated: The OIDC principal `not a provider` has no condition on its own keys, so any identity of that provider can assume the role.
            help: add a condition on `not a provider:aud` and `not a provider:sub`
        ");
        assert!(
            valid_service_principal("lambda.amazonaws.com")
                && !valid_service_principal("Lambda.amazonaws.com")
                && !valid_service_principal("amazonaws.com")
        );
    }
}
