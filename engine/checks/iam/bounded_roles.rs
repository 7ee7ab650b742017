//! Is a role-name prefix a *bounded namespace* in this policy? `iam:PassRole`
//! on `role/lambda-app-*` names roles the author did not enumerate; it stays
//! closed only when the same policy shows that every role under the prefix
//! carries a permissions boundary the caller cannot lift: roles there may be
//! created only under an `iam:PermissionsBoundary` condition, and no statement
//! lets their policies or boundary change without one. This is the delegation
//! pattern of the IAM User Guide
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
//! "Delegating responsibility to others using permissions boundaries", and
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-permissions-boundaries).

use serde_json::Value;

use super::text::{glob_match, globs_intersect};
use super::{Stmt, string_values};

/// The action that puts roles into the namespace: it must be bounded.
const CREATE: &str = "iam:CreateRole";
/// Actions that change what a role under the prefix may do, or lift its
/// boundary: each Allow of them there must carry the boundary condition too.
const CHANGE: [&str; 5] = [
    CREATE,
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
];

/// `prefix` is a role ARN pattern with a wildcard in its name (`role/app-*`).
pub(super) fn bounded_namespace(prefix: &str, statements: &[Stmt]) -> bool {
    let allows: Vec<&Stmt> = statements.iter().filter(|s| s.is_allow()).collect();
    let creates_bounded = allows.iter().any(|s| grants(s, CREATE) && covers(s, prefix) && requires_boundary(s));
    creates_bounded
        && !allows.iter().any(|s| CHANGE.iter().any(|a| grants(s, a)) && overlaps(s, prefix) && !requires_boundary(s))
}

/// Does this statement's `Action` (or `NotAction`) include `action`?
fn grants(s: &Stmt, action: &str) -> bool {
    let listed = |key: &str| s.get(key).map(|v| string_values(Some(v)).iter().any(|a| glob_match(a, action)));
    match (listed("Action"), listed("NotAction")) {
        (Some(yes), _) => yes,
        (None, Some(excluded)) => !excluded,
        (None, None) => false,
    }
}

/// Every role the prefix matches is among the statement's resources.
fn covers(s: &Stmt, prefix: &str) -> bool {
    s.get("NotResource").is_none() && string_values(s.get("Resource")).iter().any(|r| glob_match(r, prefix))
}

/// Some role the prefix matches may be among the statement's resources
/// (a `NotResource` is taken to reach them).
fn overlaps(s: &Stmt, prefix: &str) -> bool {
    if s.get("NotResource").is_some() {
        return true;
    }
    string_values(s.get("Resource")).iter().any(|r| globs_intersect(r, prefix))
}

/// A condition that makes the request name one chosen boundary: a positive
/// string or ARN operator on `iam:PermissionsBoundary`, not `…IfExists` (which
/// lets a request without a boundary through), not a set operator, and values
/// whose policy name has no wildcard (any boundary is no bound).
fn requires_boundary(s: &Stmt) -> bool {
    let Some(Value::Object(ops)) = s.get("Condition") else { return false };
    ops.iter().any(|(op, block)| {
        let positive =
            matches!(op.as_str(), "StringEquals" | "StringEqualsIgnoreCase" | "StringLike" | "ArnEquals" | "ArnLike");
        positive
            && block.as_object().is_some_and(|block| {
                block.iter().any(|(key, values)| {
                    let values = string_values(Some(values));
                    key.eq_ignore_ascii_case("iam:PermissionsBoundary")
                        && !values.is_empty()
                        && values.iter().all(|v| {
                            let name = v.rsplit('/').next().unwrap_or(v);
                            v.contains(":policy/") && !name.contains(['*', '?'])
                        })
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::iam::PolicyType;
    use serde_json::json;

    fn bounded(prefix: &str, statements: Value) -> bool {
        let items: Vec<Value> = statements.as_array().unwrap().clone();
        let stmts: Vec<Stmt> = items
            .iter()
            .enumerate()
            .map(|(i, v)| Stmt {
                obj: v.as_object().unwrap(),
                ptr: format!("/Statement/{i}"),
                policy: PolicyType::Identity,
            })
            .collect();
        bounded_namespace(prefix, &stmts)
    }

    const APP: &str = "arn:aws:iam::123456789012:role/lambda-app-*";

    fn create(actions: Value, resource: &str, condition: Value) -> Value {
        let mut s = json!({"Effect": "Allow", "Action": actions, "Resource": resource});
        if !condition.is_null() {
            s["Condition"] = condition;
        }
        s
    }

    fn boundary(op: &str, value: &str) -> Value {
        json!({op: {"iam:PermissionsBoundary": value}})
    }

    #[test]
    fn creating_under_a_boundary_bounds_the_prefix() {
        let b = boundary("ArnEquals", "arn:aws:iam::123456789012:policy/lambda-app-boundary");
        let all = json!(["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"]);
        assert!(bounded(APP, json!([create(all.clone(), APP, b.clone())])));
        // A create on every role covers the prefix; a narrower one does not.
        assert!(bounded(APP, json!([create(json!("iam:CreateRole"), "arn:aws:iam::*:role/*", b.clone())])));
        assert!(!bounded(
            APP,
            json!([create(json!("iam:CreateRole"), "arn:aws:iam::123456789012:role/lambda-app-x*", b.clone())])
        ));
        // No create at all: nothing says what the roles are.
        assert!(!bounded(APP, json!([create(json!("iam:AttachRolePolicy"), APP, b.clone())])));
        // A create without the condition, beside the bounded one, opens it.
        assert!(!bounded(
            APP,
            json!([create(all.clone(), APP, b.clone()), create(json!("iam:CreateRole"), "*", Value::Null)])
        ));
    }

    #[test]
    fn unconditioned_changes_under_the_prefix_unbound_it() {
        let b = boundary("StringEquals", "arn:aws:iam::123456789012:policy/dev-boundary");
        let with = |extra: Value| bounded(APP, json!([create(json!("iam:CreateRole"), APP, b.clone()), extra]));
        assert!(!with(create(
            json!("iam:AttachRolePolicy"),
            "arn:aws:iam::123456789012:role/lambda-app-orders",
            Value::Null
        )));
        assert!(!with(create(json!("iam:DeleteRolePermissionsBoundary"), "*", Value::Null)));
        // Neither pattern matches the other, but `lambda-app-admin` matches both.
        assert!(!with(create(json!("iam:AttachRolePolicy"), "arn:aws:iam::123456789012:role/*-admin", Value::Null)));
        assert!(!with(create(json!("iam:Put*"), "arn:aws:iam::*:role/*", Value::Null)));
        assert!(!with(json!({"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::x"})));
        // Elsewhere, or other actions, leave it bounded.
        assert!(with(create(json!("iam:AttachRolePolicy"), "arn:aws:iam::123456789012:role/ops-*", Value::Null)));
        assert!(with(create(json!(["iam:GetRole", "iam:TagRole"]), APP, Value::Null)));
    }

    #[test]
    fn only_a_condition_that_names_one_boundary_counts() {
        let with = |condition: Value| bounded(APP, json!([create(json!("iam:CreateRole"), APP, condition)]));
        let arn = "arn:aws:iam::123456789012:policy/dev-boundary";
        assert!(with(boundary("ArnLike", "arn:aws:iam::*:policy/dev-boundary")));
        assert!(!with(boundary("StringEqualsIfExists", arn)), "a request without a boundary passes IfExists");
        assert!(!with(boundary("StringNotEquals", arn)));
        assert!(!with(boundary("ForAllValues:StringEquals", arn)));
        assert!(!with(boundary("StringLike", "arn:aws:iam::123456789012:policy/*")));
        assert!(!with(boundary("StringLike", "*")));
        assert!(!with(json!({"StringEquals": {"aws:RequestTag/team": "app"}})));
    }
}
