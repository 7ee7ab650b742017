//! Is a policy-test case a request AWS could really see? Checked against the
//! Service Authorization Reference (`service_data`):
//! - the action exists (one action, no wildcard);
//! - the resource has the ARN format of a resource type the action accepts,
//!   or is `*` for an action that takes no resource type;
//! - every context key is a global key or one the action supports;
//! - the principal is well formed (a service principal's host name, an IAM
//!   ARN that names a user, role, role session, federated user or root).
//!
//! Without these a case can pass vacuously: a misspelled action or context
//! key in a `deny` case is denied because nothing matches it.
//!
//! Codes (ours): `POLICY_TEST_INVALID_ACTION`, `POLICY_TEST_RESOURCE_MISMATCH`,
//! `POLICY_TEST_INVALID_CONTEXT_KEY`, `POLICY_TEST_INVALID_PRINCIPAL`; all errors.

use super::actions::check_one;
use super::arns::PARTITIONS;
use super::principals::valid_service_principal;
use super::quirks;
use super::service_data::{Action, Service, data};
use super::text::{closest, glob_match, has_wildcard};
use crate::checks::eval::cases::Span;
use crate::checks::eval::{Case, Principal};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

/// Findings about one case, each with the span of the token it is about.
/// `action` is the case's action, or the one the caller filled in (a trust
/// policy's `sts:AssumeRole`).
pub fn check_case(case: &Case, action: &str) -> Vec<(Span, Finding)> {
    let mut out = Vec::new();
    if let Some(f) = principal(&case.principal) {
        out.push((case.spans.principal, f));
    }
    let action_span = case.spans.action.unwrap_or(Span { column: 0, len: 1 });
    let Some((svc, act)) = known_action(action, action_span, &mut out) else { return out };
    if let (Some(resource), Some(span)) = (&case.resource, case.spans.resource)
        && let Some(f) = resource_check(svc, act, resource)
    {
        out.push((span, f));
    }
    for ((key, _), span) in case.context_as_written.iter().zip(&case.spans.context_keys) {
        if let Some(f) = context_key(svc, act, key) {
            out.push((*span, f));
        }
    }
    out
}

fn known_action(
    action: &str,
    span: Span,
    out: &mut Vec<(Span, Finding)>,
) -> Option<(&'static Service, &'static Action)> {
    let err = |message: String| Finding::error(codes::POLICY_TEST_INVALID_ACTION, message);
    if has_wildcard(action) {
        let f = err(format!("A request names one action, not the pattern `{action}`."))
            .with_hint("write the action the caller makes, e.g. `s3:GetObject`");
        out.push((span, f));
        return None;
    }
    if let Some(found) = data().action(action) {
        return Some(found);
    }
    // The lints' reasons and "did you mean" hints, under the policy-test code.
    let lint = check_one(action);
    let message = lint.as_ref().map_or_else(|| format!("The action `{action}` does not exist."), |f| f.message.clone());
    let mut f = err(message);
    if let Some(hint) = lint.and_then(|f| f.hint) {
        f = f.with_hint(hint);
    }
    out.push((span, f));
    None
}

fn resource_check(svc: &Service, act: &Action, resource: &str) -> Option<Finding> {
    let name = format!("{}:{}", svc.prefix, act.name);
    let err = |message: String| Finding::error(codes::POLICY_TEST_RESOURCE_MISMATCH, message);
    let formats: Vec<_> = act.resources.iter().filter_map(|(i, _)| svc.resources().get(*i)).collect();
    if formats.is_empty() {
        return (resource != "*").then(|| {
            err(format!("`{name}` takes no resource type, so AWS authorizes it on `*`, not on `{resource}`."))
                .with_hint("write `resource=*`")
        });
    }
    let expected = formats.iter().map(|rt| format!("`{}`", rt.arn)).collect::<Vec<_>>().join(" or ");
    // The form a documented quirk makes the service check (`…:log-group:NAME:*`)
    // is what AWS really sees: read it as the ARN it was made from.
    let resource = quirks::all()
        .iter()
        .filter_map(|q| resource.strip_suffix(q.checked_suffix.as_str()))
        .find(|plain| quirks::checked_resource(&name, plain).is_some_and(|(checked, _)| checked == resource))
        .unwrap_or(resource);
    if has_wildcard(resource) {
        return Some(
            err(format!("A request names one resource, not the pattern `{resource}`."))
                .with_hint(format!("`{name}` takes {expected}")),
        );
    }
    if formats.iter().any(|rt| glob_match(&rt.pattern, resource)) {
        return None;
    }
    Some(
        err(format!("`{resource}` is not a resource `{name}` accepts: it expects {expected}."))
            .with_hint("name the resource the request is made on, in that format"),
    )
}

fn context_key(svc: &Service, act: &Action, key: &str) -> Option<Finding> {
    let d = data();
    if d.global_key(key).is_some() {
        return None;
    }
    let action_keys = || act.keys.iter().filter_map(|&i| d.keys.get(i));
    if action_keys().any(|k| glob_match(k.pattern, key)) {
        return None;
    }
    let name = format!("{}:{}", svc.prefix, act.name);
    let f = Finding::error(
        codes::POLICY_TEST_INVALID_CONTEXT_KEY,
        format!("`{key}` is neither a global condition key nor one that `{name}` supports, so no request carries it."),
    );
    let candidates = d.global_keys.iter().map(|k| k.pattern).chain(action_keys().map(|k| k.pattern));
    Some(match closest(key, candidates) {
        Some(k) => f.with_hint(format!("did you mean `{k}`?")),
        None => f.with_hint(format!("see the condition keys of `{name}` in the Service Authorization Reference")),
    })
}

fn principal(p: &Principal) -> Option<Finding> {
    let err = |message: String| Finding::error(codes::POLICY_TEST_INVALID_PRINCIPAL, message);
    match p {
        Principal::Service(host) if !valid_service_principal(host) => Some(
            err(format!("`{host}` is not a service principal."))
                .with_hint("write the service's host name, e.g. `service:lambda.amazonaws.com`"),
        ),
        Principal::Iam { arn, .. } => {
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            let (partition, service, region, resource) = (parts[1], parts[2], parts[3], parts[5]);
            let path_ok = |prefix: &str, min_parts: usize| {
                resource
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.split('/').filter(|s| !s.is_empty()).count() >= min_parts)
            };
            let shape_ok = match service {
                "iam" => path_ok("role/", 1) || path_ok("user/", 1),
                _ => path_ok("assumed-role/", 2) || path_ok("federated-user/", 1),
            };
            if !PARTITIONS.contains(&partition) {
                Some(
                    err(format!("The partition `{partition}` of `{arn}` does not exist."))
                        .with_hint("use `aws` (or `aws-cn`, `aws-us-gov`)"),
                )
            } else if !region.is_empty() {
                Some(
                    err(format!("IAM and STS principal ARNs have no Region, but `{arn}` names `{region}`."))
                        .with_hint("leave the Region empty: `arn:aws:iam::123456789012:role/my-role`"),
                )
            } else if !shape_ok {
                Some(err(format!("`{arn}` names no IAM user, role, role session or federated user.")).with_hint(
                    "use `arn:aws:iam::ID:role/NAME`, `arn:aws:iam::ID:user/NAME` or `arn:aws:sts::ID:assumed-role/ROLE/SESSION`",
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::eval::parse_cases;

    /// (column, len, code, message, hint) of each finding for a one-line block.
    fn check(line: &str) -> Vec<(usize, usize, String, String, Option<String>)> {
        let case = parse_cases(line).unwrap().remove(0);
        let action = if case.action.is_empty() { "sts:AssumeRole".to_string() } else { case.action.clone() };
        check_case(&case, &action).into_iter().map(|(s, f)| (s.column, s.len, f.code, f.message, f.hint)).collect()
    }

    const ROLE: &str = "principal=arn:aws:iam::123456789012:role/r";

    #[test]
    fn realistic_cases_pass() {
        for line in [
            format!("allow {ROLE} action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:q"),
            format!("deny {ROLE} action=s3:GetObject resource=arn:aws:s3:::b/k.txt aws:SecureTransport=false"),
            format!("allow {ROLE} action=s3:ListBucket resource=arn:aws:s3:::b s3:prefix=home/"),
            format!("allow {ROLE} action=sts:GetCallerIdentity resource=*"),
            format!("allow {ROLE} action=logs:CreateLogGroup resource=arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"),
            "allow principal=service:lambda.amazonaws.com".to_string(),
            "allow principal=arn:aws:sts::123456789012:assumed-role/r/session action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:f:prod".to_string(),
        ] {
            assert_eq!(check(&line), vec![], "{line}");
        }
    }

    #[test]
    fn a_misspelled_action_is_an_error_at_its_token_with_did_you_mean() {
        let line = format!("deny {ROLE} action=sqs:SendMesage resource=arn:aws:sqs:us-east-1:123456789012:q");
        assert_eq!(
            check(&line),
            vec![(
                line.find("sqs:SendMesage").unwrap(),
                14,
                "POLICY_TEST_INVALID_ACTION".into(),
                "The action `sqs:SendMesage` does not exist.".into(),
                Some("did you mean `sqs:SendMessage`?".into())
            )]
        );
        let line = format!("deny {ROLE} action=s3:Get* resource=arn:aws:s3:::b/k");
        assert_eq!(check(&line)[0].3, "A request names one action, not the pattern `s3:Get*`.");
        let line = format!("deny {ROLE} action=lamda:InvokeFunction resource=*");
        assert_eq!(check(&line)[0].4.as_deref(), Some("did you mean `lambda:InvokeFunction`?"));
    }

    #[test]
    fn a_resource_of_the_wrong_type_names_the_expected_format() {
        let line = format!("allow {ROLE} action=s3:GetObject resource=arn:aws:s3:::my-bucket");
        assert_eq!(
            check(&line),
            vec![(
                line.find("arn:aws:s3").unwrap(),
                "arn:aws:s3:::my-bucket".len(),
                "POLICY_TEST_RESOURCE_MISMATCH".into(),
                "`arn:aws:s3:::my-bucket` is not a resource `s3:GetObject` accepts: it expects `arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}` or `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.".into(),
                Some("name the resource the request is made on, in that format".into())
            )]
        );
        let line =
            format!("allow {ROLE} action=logs:PutLogEvents resource=arn:aws:lambda:us-east-1:123456789012:function:f");
        assert_eq!(check(&line)[0].2, "POLICY_TEST_RESOURCE_MISMATCH");
        let line = format!("allow {ROLE} action=sts:GetCallerIdentity resource=arn:aws:iam::123456789012:role/r");
        assert_eq!(
            check(&line)[0].3,
            "`sts:GetCallerIdentity` takes no resource type, so AWS authorizes it on `*`, not on `arn:aws:iam::123456789012:role/r`."
        );
        let line = format!("allow {ROLE} action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:*");
        assert_eq!(
            check(&line)[0].3,
            "A request names one resource, not the pattern `arn:aws:sqs:us-east-1:123456789012:*`."
        );
    }

    #[test]
    fn a_context_key_no_request_carries_is_an_error_at_the_key() {
        let line =
            format!("deny {ROLE} action=s3:GetObject resource=arn:aws:s3:::b/k aws:SecureTransprt=false s3:prefix=x");
        let found = check(&line);
        assert_eq!(
            found,
            vec![
                (
                    line.find("aws:SecureTransprt").unwrap(),
                    18,
                    "POLICY_TEST_INVALID_CONTEXT_KEY".into(),
                    "`aws:SecureTransprt` is neither a global condition key nor one that `s3:GetObject` supports, so no request carries it.".into(),
                    Some("did you mean `aws:SecureTransport`?".into())
                ),
                (
                    line.find("s3:prefix").unwrap(),
                    9,
                    "POLICY_TEST_INVALID_CONTEXT_KEY".into(),
                    "`s3:prefix` is neither a global condition key nor one that `s3:GetObject` supports, so no request carries it.".into(),
                    Some("see the condition keys of `s3:GetObject` in the Service Authorization Reference".into())
                ),
            ]
        );
    }

    #[test]
    fn principals_must_be_well_formed() {
        let line = "allow principal=service:lambda action=sts:AssumeRole";
        assert_eq!(
            check(line),
            vec![(
                16,
                14,
                "POLICY_TEST_INVALID_PRINCIPAL".into(),
                "`lambda` is not a service principal.".into(),
                Some("write the service's host name, e.g. `service:lambda.amazonaws.com`".into())
            )]
        );
        let line = "allow principal=arn:aws:iam::123456789012:group/devs action=sts:AssumeRole";
        assert_eq!(
            check(line)[0].3,
            "`arn:aws:iam::123456789012:group/devs` names no IAM user, role, role session or federated user."
        );
        let line = "allow principal=arn:aws:iam:us-east-1:123456789012:role/r action=sts:AssumeRole";
        assert_eq!(check(line)[0].2, "POLICY_TEST_INVALID_PRINCIPAL");
        let line = "allow principal=arn:aws:sts::123456789012:assumed-role/r action=sts:AssumeRole";
        assert_eq!(check(line)[0].2, "POLICY_TEST_INVALID_PRINCIPAL");
        let line = "allow principal=arn:awz:iam::123456789012:role/r action=sts:AssumeRole";
        assert_eq!(check(line)[0].3, "The partition `awz` of `arn:awz:iam::123456789012:role/r` does not exist.");
    }
}
