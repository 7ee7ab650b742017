//! Action and NotAction: the service prefix must exist, the action must exist
//! (case-insensitively), a wildcard must match at least one action, and the
//! value must be `service:Action` with no spaces.

use super::Stmt;
use super::service_data::{Action, Service, data};
use super::text::{closest, glob_match, has_wildcard};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    for key in ["Action", "NotAction"] {
        for (ptr, value) in s.strings(key) {
            if let Some(f) = check_one(value) {
                out.push(f.at(ptr));
            }
        }
    }
}

pub(crate) fn check_one(value: &str) -> Option<Finding> {
    if value == "*" {
        return None;
    }
    let data = data();
    if value.chars().any(char::is_whitespace) {
        let fixed: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        let f = Finding::error(codes::INVALID_ACTION, format!("The action `{value}` contains a space."));
        return Some(f.with_hint(format!("write `{fixed}`: no spaces around the colon or inside the name")));
    }
    let Some((prefix, name)) = value.split_once(':') else {
        let f = Finding::error(codes::INVALID_ACTION, format!("The action `{value}` has no service prefix."));
        let hint = match find_bare_action(value) {
            Some(full) => format!("write it as `service:Action`, e.g. `{full}`"),
            None => "write it as `service:Action`, e.g. `s3:GetObject`".to_string(),
        };
        return Some(f.with_hint(hint));
    };
    if has_wildcard(prefix) {
        let matches: Vec<&Service> = data.services.iter().filter(|s| glob_match(prefix, s.prefix)).collect();
        if matches.is_empty() {
            return Some(Finding::error(
                codes::INVALID_SERVICE_IN_ACTION,
                format!("The service pattern `{prefix}` in `{value}` matches no AWS service."),
            ));
        }
        return Some(
            Finding::suggestion(
                codes::WILDCARD_IN_SERVICE_NAME,
                format!("The wildcard in the service name `{prefix}` matches {} services.", matches.len()),
            )
            .with_hint(
                "name the service, e.g. `s3:GetObject`: a wildcard in the prefix can grant more services than intended",
            ),
        );
    }
    let Some(svc) = data.service(prefix) else {
        let f = Finding::error(
            codes::INVALID_SERVICE_IN_ACTION,
            format!("The service `{prefix}` in `{value}` does not exist."),
        );
        return Some(match closest(prefix, data.prefixes()) {
            Some(p) => f.with_hint(format!("did you mean `{p}:{name}`?")),
            None => f.with_hint("check the service prefix in the Service Authorization Reference"),
        });
    };
    if name.is_empty() {
        return Some(
            Finding::error(codes::INVALID_ACTION, format!("The action `{value}` has no action name after the colon."))
                .with_hint(format!("e.g. `{}:*` or a specific action", svc.prefix)),
        );
    }
    if has_wildcard(name) {
        if svc.expand(name).is_empty() {
            return Some(
                Finding::error(
                    codes::INVALID_ACTION,
                    format!("The action pattern `{value}` matches no action of {}.", svc.name),
                )
                .with_hint("check the spelling against the service's action list"),
            );
        }
        return None;
    }
    if svc.action(name).is_some() {
        return None;
    }
    let f = Finding::error(codes::INVALID_ACTION, format!("The action `{value}` does not exist."));
    Some(match closest(name, svc.actions().iter().map(|a| a.name)) {
        Some(a) => f.with_hint(format!("did you mean `{}:{a}`?", svc.prefix)),
        None => f.with_hint(format!("see the actions of {} in the Service Authorization Reference", svc.name)),
    })
}

/// `GetObject` alone: find a service that has exactly that action, for the hint.
fn find_bare_action(name: &str) -> Option<String> {
    data().services.iter().find_map(|s| s.action(name).map(|a| format!("{}:{}", s.prefix, a.name)))
}

/// The concrete actions an Action value stands for, or None when it cannot be
/// resolved (`*`, a wildcard service, an unknown name).
pub(crate) fn resolve(value: &str) -> Option<Vec<(&'static Service, &'static Action)>> {
    let (prefix, name) = value.split_once(':')?;
    if has_wildcard(prefix) {
        return None;
    }
    let svc = data().service(prefix)?;
    let actions = svc.expand(name);
    if actions.is_empty() {
        return None;
    }
    Some(actions.into_iter().map(|a| (svc, a)).collect())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::listed;
    use crate::snippet::kind::Kind;
    use insta::assert_snapshot;
    use serde_json::json;

    fn stmt(action: serde_json::Value) -> String {
        listed(json!({"Effect": "Allow", "Action": action, "Resource": "*"}), Kind::PolicyStatement)
    }

    #[test]
    fn unknown_action_with_suggestion() {
        assert_snapshot!(stmt(json!("sqs:SendMesage")), @"
        error INVALID_ACTION at /Action: The action `sqs:SendMesage` does not exist.
            help: did you mean `sqs:SendMessage`?
        ");
    }

    #[test]
    fn spaces_and_colons() {
        assert_snapshot!(stmt(json!(["logs: CreateLogGroup"])), @"
        error INVALID_ACTION at /Action/0: The action `logs: CreateLogGroup` contains a space.
            help: write `logs:CreateLogGroup`: no spaces around the colon or inside the name
        ");
        assert_snapshot!(stmt(json!("GetObject")), @"
        error INVALID_ACTION at /Action: The action `GetObject` has no service prefix.
            help: write it as `service:Action`, e.g. `mediapackagev2:GetObject`
        ");
    }

    #[test]
    fn services_and_wildcards() {
        assert_snapshot!(stmt(json!("lamda:InvokeFunction")), @"
        error INVALID_SERVICE_IN_ACTION at /Action: The service `lamda` in `lamda:InvokeFunction` does not exist.
            help: did you mean `lambda:InvokeFunction`?
        ");
        assert_snapshot!(stmt(json!("s3:Frobnicate*")), @"
        error INVALID_ACTION at /Action: The action pattern `s3:Frobnicate*` matches no action of Amazon S3.
            help: check the spelling against the service's action list
        ");
        assert_snapshot!(stmt(json!(["s3:get*", "S3:GETOBJECT", "*", "lambda:?nvokeFunction"])), @"
        suggestion REDUNDANT_ACTION at /Action/0: The action `s3:get*` is redundant: `*` already covers it.
            help: remove `s3:get*`
        suggestion REDUNDANT_ACTION at /Action/1: The action `S3:GETOBJECT` is redundant: `s3:get*` already covers it.
            help: remove `S3:GETOBJECT`
        suggestion REDUNDANT_ACTION at /Action/3: The action `lambda:?nvokeFunction` is redundant: `*` already covers it.
            help: remove `lambda:?nvokeFunction`
        security_warning FULL_ADMIN_ACCESS at /Action/2: This statement allows every action on every resource: full administrator access.
            help: grant only the actions and resources the principal needs
        ");
        assert_snapshot!(stmt(json!("s*:GetObject")), @"
        suggestion WILDCARD_IN_SERVICE_NAME at /Action: The wildcard in the service name `s*` matches 61 services.
            help: name the service, e.g. `s3:GetObject`: a wildcard in the prefix can grant more services than intended
        ");
    }
}
