//! Action and NotAction: the service prefix must exist, the action must exist
//! (case-insensitively), a wildcard must match at least one action, and the
//! value must be `service:Action` with no spaces.

use super::Stmt;
use super::service_data::{Action, Service, data};
use super::text::{closest, glob_match, has_wildcard};
use crate::codes;
use crate::finding::Finding;

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
    use super::super::testutil::{codes, find};
    use crate::kind::Kind;
    use serde_json::json;

    fn stmt(action: serde_json::Value) -> serde_json::Value {
        json!({"Effect": "Allow", "Action": action, "Resource": "*"})
    }

    #[test]
    fn unknown_action_with_suggestion() {
        let f = find(stmt(json!("sqs:SendMesage")), Kind::PolicyStatement, "INVALID_ACTION").unwrap();
        assert_eq!(f.target.pointer, "/Action");
        assert_eq!(f.hint.as_deref(), Some("did you mean `sqs:SendMessage`?"));
    }

    #[test]
    fn spaces_and_colons() {
        let f = find(stmt(json!(["logs: CreateLogGroup"])), Kind::PolicyStatement, "INVALID_ACTION").unwrap();
        assert_eq!(f.target.pointer, "/Action/0");
        assert!(f.hint.unwrap().contains("`logs:CreateLogGroup`"));
        let f = find(stmt(json!("GetObject")), Kind::PolicyStatement, "INVALID_ACTION").unwrap();
        assert!(f.message.contains("no service prefix"));
    }

    #[test]
    fn services_and_wildcards() {
        let f = find(stmt(json!("lamda:InvokeFunction")), Kind::PolicyStatement, "INVALID_SERVICE_IN_ACTION").unwrap();
        assert_eq!(f.hint.as_deref(), Some("did you mean `lambda:InvokeFunction`?"));
        assert!(codes(stmt(json!("s3:Frobnicate*")), Kind::PolicyStatement).contains(&"INVALID_ACTION".to_string()));
        assert!(
            !codes(stmt(json!(["s3:get*", "S3:GETOBJECT", "*", "lambda:?nvokeFunction"])), Kind::PolicyStatement)
                .contains(&"INVALID_ACTION".to_string())
        );
        assert!(
            codes(stmt(json!("s*:GetObject")), Kind::PolicyStatement).contains(&"WILDCARD_IN_SERVICE_NAME".to_string())
        );
    }
}
