//! Reading policy documents into statements, and matching one statement
//! against a request.
//!
//! A statement that cannot be read is reported with the reason and treated
//! as non-matching: it neither allows nor denies. Reasons include a missing
//! or unknown `Effect`, no `Action`/`NotAction` (or both), no `Resource` in
//! an identity policy, a `Principal` in an identity policy or none in a
//! resource policy, and an unusable `Condition` (unknown operator, a value
//! the operator cannot read).

use super::condition::{self, Condition};
use super::matching::{self, PrincipalSpec};
use super::vars;
use super::{PolicyRef, Request, StatementRef, Strength};
use serde_json::Value;
use std::collections::BTreeMap;

/// A statement ready to be matched.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub reference: StatementRef,
    pub allow: bool,
    /// (`NotAction`?, patterns)
    actions: (bool, Vec<String>),
    /// (`NotResource`?, patterns); `None` = no Resource element (resource policies).
    resources: Option<(bool, Vec<String>)>,
    /// (`NotPrincipal`?, spec); `None` in identity policies.
    principal: Option<(bool, PrincipalSpec)>,
    conditions: Vec<Condition>,
    /// `Version` is 2012-10-17, so policy variables are substituted.
    variables: bool,
}

type Parsed = Result<Statement, (StatementRef, String)>;

/// Read the statements of a policy document. `Err` when the document itself
/// is unusable (not an object, no `Statement`).
pub(crate) fn statements(policy: PolicyRef, resource_based: bool) -> Result<Vec<Parsed>, String> {
    let Value::Object(doc) = policy.doc else {
        return Err("the policy document is not a JSON object".to_string());
    };
    let variables = doc.get("Version").and_then(Value::as_str) == Some("2012-10-17");
    let items: Vec<(&Value, String, usize)> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (v, format!("/Statement/{i}"), i)).collect(),
        Some(single @ Value::Object(_)) => vec![(single, "/Statement".to_string(), 0)],
        Some(_) => return Err("`Statement` must be an object or an array of objects".to_string()),
        None => return Err("the policy has no `Statement`".to_string()),
    };
    Ok(items
        .into_iter()
        .map(|(value, pointer, index)| {
            let sid = value.get("Sid").and_then(Value::as_str).map(str::to_string);
            let reference = StatementRef { policy: policy.id.to_string(), index, sid, pointer };
            parse_statement(value, reference.clone(), resource_based, variables).map_err(|why| (reference, why))
        })
        .collect())
}

/// Exactly one of `name` and `not_name`, as a string list.
fn one_of(
    stmt: &serde_json::Map<String, Value>,
    name: &str,
    not_name: &str,
) -> Result<Option<(bool, Vec<String>)>, String> {
    match (stmt.get(name), stmt.get(not_name)) {
        (Some(_), Some(_)) => Err(format!("a statement cannot have both `{name}` and `{not_name}`")),
        (None, None) => Ok(None),
        (Some(v), None) | (None, Some(v)) => {
            let key = if stmt.contains_key(name) { name } else { not_name };
            let list =
                matching::string_list(v).ok_or_else(|| format!("`{key}` must be a string or an array of strings"))?;
            if list.is_empty() {
                return Err(format!("`{key}` is empty"));
            }
            Ok(Some((key == not_name, list)))
        }
    }
}

fn parse_statement(
    value: &Value,
    reference: StatementRef,
    resource_based: bool,
    variables: bool,
) -> Result<Statement, String> {
    let Value::Object(stmt) = value else {
        return Err("the statement is not a JSON object".to_string());
    };
    let allow = match stmt.get("Effect").and_then(Value::as_str) {
        Some("Allow") => true,
        Some("Deny") => false,
        Some(other) => return Err(format!("`Effect` is `{other}`, not `Allow` or `Deny`")),
        None => return Err("the statement has no `Effect`".to_string()),
    };
    let actions = one_of(stmt, "Action", "NotAction")?.ok_or("the statement has no `Action` or `NotAction`")?;
    let resources = one_of(stmt, "Resource", "NotResource")?;
    if resources.is_none() && !resource_based {
        return Err("an identity-based statement needs `Resource` or `NotResource`".to_string());
    }
    let principal = match (stmt.get("Principal"), stmt.get("NotPrincipal")) {
        (Some(_), Some(_)) => return Err("a statement cannot have both `Principal` and `NotPrincipal`".to_string()),
        (None, None) if resource_based => {
            return Err("a resource-based statement needs `Principal` or `NotPrincipal`".to_string());
        }
        (None, None) => None,
        (Some(_), None) | (None, Some(_)) if !resource_based => {
            return Err("an identity-based policy cannot name a `Principal` or `NotPrincipal`".to_string());
        }
        (Some(p), None) => Some((false, PrincipalSpec::parse(p)?)),
        (None, Some(p)) => Some((true, PrincipalSpec::parse(p)?)),
    };
    let conditions = match stmt.get("Condition") {
        Some(block) => condition::parse_block(block, variables)?,
        None => Vec::new(),
    };
    Ok(Statement { reference, allow, actions, resources, principal, conditions, variables })
}

impl Statement {
    /// `Ok(Some(strength))` when the statement applies to the request,
    /// `Ok(None)` when it does not.
    pub(crate) fn evaluate(
        &self,
        request: &Request,
        context: &BTreeMap<String, Vec<String>>,
    ) -> Result<Option<Strength>, String> {
        let strength = match &self.principal {
            None => Strength::Direct,
            Some((negated, spec)) => match matching::principal_matches(spec, *negated, &request.principal) {
                Some(strength) => strength,
                None => return Ok(None),
            },
        };
        let (not_action, actions) = &self.actions;
        if actions.iter().any(|p| matching::action_matches(p, &request.action)) == *not_action {
            return Ok(None);
        }
        if let Some((not_resource, patterns)) = &self.resources {
            let mut hit = false;
            for pattern in patterns {
                match vars::substitute(pattern, context, self.variables) {
                    Ok(tokens) => hit |= matching::arn_matches(&tokens, &request.resource),
                    // An unresolvable variable: that entry never matches, and
                    // a `NotResource` list cannot be trusted at all.
                    Err(_) if *not_resource => return Ok(None),
                    Err(_) => {}
                }
            }
            if hit == *not_resource {
                return Ok(None);
            }
        }
        if self.conditions.iter().all(|c| c.evaluate(context, self.variables)) { Ok(Some(strength)) } else { Ok(None) }
    }
}
