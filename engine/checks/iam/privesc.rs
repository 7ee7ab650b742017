//! Privilege escalation across a whole identity policy: the published paths
//! of `data/iam/privesc.json`, each opened when the policy's Allow statements
//! together grant all of its actions, and not closed by the scoping the table
//! names (named resources, `iam:PassedToService`, closing condition keys) or by
//! an unconditional Deny on `*`.
//!
//! Code of our own: PRIVILEGE_ESCALATION (security_warning), one per open path,
//! at the action string (or `NotAction` key) of the statement that completes it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use super::text::glob_match;
use super::{PolicyType, Stmt, join, strings};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

const RAW: &str = include_str!("../../../data/iam/privesc.json");
const PASS_ROLE: &str = "iam:PassRole";

#[derive(Debug, Deserialize)]
struct Table {
    scoping: BTreeMap<String, Scoping>,
    paths: Vec<Path>,
    /// The service prefixes of the paths' actions (computed on load).
    #[serde(skip)]
    prefixes: Vec<String>,
}

/// What closes one action of a path inside one Allow statement.
#[derive(Debug, Deserialize)]
struct Scoping {
    resources: Resources,
    closing_keys: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Resources {
    /// Resources that each name one resource close the action.
    Named,
    /// Resources that are all the caller's own user (`${aws:username}`) close it.
    #[serde(rename = "self")]
    OwnUser,
    /// Resources never close it.
    Never,
}

#[derive(Debug, Deserialize)]
struct Path {
    id: String,
    name: String,
    actions: Vec<String>,
    /// The service principals the path passes a role to (`iam:PassedToService`).
    #[serde(default)]
    pass_to: Vec<String>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // Compiled-in data, parsed and checked by this module's tests.
    TABLE.get_or_init(|| {
        let mut table: Table = serde_json::from_str(RAW).expect("data/iam/privesc.json parses (tested)");
        let mut prefixes: Vec<String> = table
            .paths
            .iter()
            .flat_map(|p| &p.actions)
            .filter_map(|a| a.split_once(':'))
            .map(|(p, _)| p.to_string())
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        table.prefixes = prefixes;
        table
    })
}

/// Where a statement grants an action: the covering `Action` string, or its `NotAction` key.
struct Grant {
    /// Position in the policy's statements (document order).
    order: usize,
    pointer: String,
    at_key: bool,
    label: String,
}

/// What the analysis reads of one statement, read once per policy (no pointers
/// are built until a path is found).
struct View<'s, 'a> {
    stmt: &'s Stmt<'a>,
    allow: bool,
    /// A Deny with no condition on `"Resource": "*"`: it removes what it covers.
    denies_everywhere: bool,
    /// The `Action` values that could name a path's action, with their index
    /// (a managed policy lists hundreds of actions of services no path uses).
    actions: Vec<(usize, &'a str)>,
    not_actions: Option<Vec<&'a str>>,
    resources: Vec<&'a str>,
}

impl<'s, 'a> View<'s, 'a> {
    fn new(stmt: &'s Stmt<'a>) -> Self {
        let resources = values(stmt.get("Resource"));
        let deny = stmt.get("Effect").and_then(Value::as_str) == Some("Deny");
        View {
            stmt,
            allow: stmt.is_allow(),
            denies_everywhere: deny && stmt.get("Condition").is_none() && resources.contains(&"*"),
            actions: values(stmt.get("Action")).into_iter().enumerate().filter(|(_, a)| may_name_a_path(a)).collect(),
            not_actions: stmt.get("NotAction").map(|v| values(Some(v))),
            resources,
        }
    }

    /// Does this statement cover `action` (by `Action` or `NotAction`, whatever its resources)?
    /// `Some(Some(i))`: the i-th `Action` value; `Some(None)`: through `NotAction`.
    fn covers(&self, action: &str) -> Option<Option<usize>> {
        if let Some((i, _)) = self.actions.iter().find(|(_, a)| glob_match(a, action)) {
            return Some(Some(*i));
        }
        match &self.not_actions {
            Some(not) if !not.iter().any(|a| glob_match(a, action)) => Some(None),
            _ => None,
        }
    }

    fn grant(&self, order: usize, at: Option<usize>) -> Grant {
        let (pointer, at_key) = match at {
            Some(i) => match self.stmt.get("Action") {
                Some(Value::Array(_)) => (join(&self.stmt.at("Action"), &i.to_string()), false),
                _ => (self.stmt.at("Action"), false),
            },
            None => (self.stmt.at("NotAction"), true),
        };
        Grant { order, pointer, at_key, label: label(self.stmt) }
    }
}

/// Could this `Action` value cover an action of some path? Its service part
/// must match one of the table's service prefixes.
fn may_name_a_path(action: &str) -> bool {
    let prefix = action.split_once(':').map_or(action, |(p, _)| p);
    table().prefixes.iter().any(|p| glob_match(prefix, p))
}

/// The string values of a string-or-array element (other values are skipped).
fn values(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn check(statements: &[Stmt], policy: PolicyType, out: &mut Vec<Finding>) {
    if policy != PolicyType::Identity || !statements.iter().any(Stmt::is_allow) {
        return;
    }
    let views: Vec<View> = statements.iter().map(View::new).collect();
    let table = table();
    'paths: for path in &table.paths {
        let mut grants = Vec::with_capacity(path.actions.len());
        for action in &path.actions {
            if views.iter().any(|v| v.denies_everywhere && v.covers(action).is_some()) {
                continue 'paths;
            }
            let scoping = table.scoping.get(action.as_str());
            let grant = views.iter().enumerate().find_map(|(order, v)| {
                if !v.allow {
                    return None;
                }
                let at = v.covers(action)?;
                if closed(v, action, scoping, &path.pass_to) {
                    return None;
                }
                Some(v.grant(order, at))
            });
            match grant {
                Some(g) => grants.push((action.as_str(), g)),
                None => continue 'paths,
            }
        }
        out.push(finding(path, &grants, table));
    }
}

fn finding(path: &Path, grants: &[(&str, Grant)], table: &Table) -> Finding {
    // The statement that completes the path: the last one, in document order, that it needs.
    let last = grants.iter().map(|(_, g)| g.order).max().unwrap_or(0);
    let (_, at) = grants.iter().find(|(_, g)| g.order == last).expect("a path has at least one action");
    let mut by_statement: Vec<(&str, Vec<&str>)> = Vec::new();
    for (action, g) in grants {
        match by_statement.iter_mut().find(|(l, _)| *l == g.label) {
            Some((_, actions)) => actions.push(action),
            None => by_statement.push((&g.label, vec![action])),
        }
    }
    let made_of = by_statement
        .iter()
        .map(|(label, actions)| {
            let actions: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
            format!("{} in {label}", in_words(&actions))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!("Privilege escalation (`{}`): the principal can {} ({made_of}).", path.id, path.name);
    let f = Finding::security_warning(codes::PRIVILEGE_ESCALATION, message).with_hint(hint(path, table));
    if at.at_key { f.at_key(at.pointer.clone()) } else { f.at(at.pointer.clone()) }
}

fn hint(path: &Path, table: &Table) -> String {
    if let Some(service) = path.pass_to.first() {
        return format!(
            "limit `iam:PassRole` to named role ARNs, or with an `iam:PassedToService` condition to services other than `{service}`; or remove one of these actions"
        );
    }
    let action = &path.actions[0];
    match table.scoping.get(action.as_str()) {
        Some(Scoping { resources: Resources::Named, .. }) => {
            format!("limit the `Resource` of `{action}` to named ARNs (no wildcards)")
        }
        Some(Scoping { resources: Resources::OwnUser, .. }) => {
            "limit `Resource` to the caller's own user: `arn:aws:iam::*:user/${aws:username}`".to_string()
        }
        Some(Scoping { closing_keys, .. }) if !closing_keys.is_empty() => {
            let keys: Vec<String> = closing_keys.iter().map(|k| format!("`{k}`")).collect();
            format!(
                "allow `{action}` only with a condition on {} (which policies, or which permissions boundary), or only to administrators",
                keys.join(" or ")
            )
        }
        _ => format!("allow `{action}` only to administrators"),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn in_words(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// Does this Allow statement's scoping keep `action` out of the path?
fn closed(v: &View, action: &str, scoping: Option<&Scoping>, pass_to: &[String]) -> bool {
    let s = v.stmt;
    if action.eq_ignore_ascii_case(PASS_ROLE) && !pass_to.is_empty() && !passes_to(s, pass_to) {
        return true;
    }
    let Some(scoping) = scoping else { return false };
    let keys: Vec<&str> = scoping.closing_keys.iter().map(String::as_str).collect();
    if !keys.is_empty() && s.has_condition_key(&keys) {
        return true;
    }
    let resources = &v.resources;
    if resources.is_empty() || s.obj.contains_key("NotResource") {
        return false;
    }
    match scoping.resources {
        Resources::Named => resources.iter().all(|r| names_its_resources(r)),
        Resources::OwnUser => resources.iter().all(|r| r.to_ascii_lowercase().contains("${aws:username}")),
        Resources::Never => false,
    }
}

/// An ARN that names its resources: the last segment of its resource part
/// (after the last `/` or `:`) is a name, or a name prefix such as
/// `role/lambda-app-*`. A prefix is a naming convention the account keeps
/// (say, roles created only with a permissions boundary): the author chose
/// that set, as with a single name. `role/*` or `role/service-role/*` chooses
/// nothing. (Roles are passed within their own account only.)
fn names_its_resources(arn: &str) -> bool {
    let Some(resource) = arn.splitn(6, ':').nth(5) else { return false };
    let name = resource.rsplit(['/', ':']).next().unwrap_or("");
    let literal = name.split(['*', '?']).next().unwrap_or("");
    !literal.is_empty() && !resource[..resource.len() - name.len()].contains(['*', '?'])
}

/// Can this statement's `iam:PassRole` pass a role to one of `services`? Each
/// `iam:PassedToService` condition must let one through; operators other than
/// the string ones are not read and leave the statement open.
fn passes_to(s: &Stmt, services: &[String]) -> bool {
    let Some(Value::Object(ops)) = s.get("Condition") else { return true };
    for (op, block) in ops {
        let Value::Object(block) = block else { continue };
        let base = op.split_once(':').map_or(op.as_str(), |(_, o)| o);
        let base = base.strip_suffix("IfExists").unwrap_or(base);
        for (key, values) in block {
            if !key.eq_ignore_ascii_case("iam:PassedToService") {
                continue;
            }
            let values: Vec<&str> = strings(values, "").into_iter().map(|(_, v)| v).collect();
            let equal = |svc: &String| values.iter().any(|v| v.eq_ignore_ascii_case(svc));
            let like = |svc: &String| values.iter().any(|v| glob_match(v, svc));
            let lets_one_through = match base {
                "StringEquals" | "StringEqualsIgnoreCase" => services.iter().any(equal),
                "StringLike" => services.iter().any(like),
                "StringNotEquals" | "StringNotEqualsIgnoreCase" => services.iter().any(|svc| !equal(svc)),
                "StringNotLike" => services.iter().any(|svc| !like(svc)),
                _ => true,
            };
            if !lets_one_through {
                return false;
            }
        }
    }
    true
}

/// `Sid "X"` when the statement has one, else its place: `Statement[2]`.
fn label(s: &Stmt) -> String {
    if let Some(sid) = s.get("Sid").and_then(Value::as_str).filter(|sid| !sid.is_empty()) {
        return format!("`{sid}`");
    }
    match s.ptr.rsplit_once('/') {
        Some((_, index)) if index.bytes().all(|b| b.is_ascii_digit()) => format!("Statement[{index}]"),
        _ => "the statement".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::service_data::data;
    use super::*;
    use crate::diagnostics::finding::Severity;
    use crate::snippet::kind::Kind;
    use serde_json::json;

    /// (pointer, at_key, message) of each PRIVILEGE_ESCALATION finding of an identity policy.
    fn paths(doc: Value) -> Vec<(String, bool, String)> {
        crate::checks::iam::lint(&doc, Kind::IdentityPolicy)
            .into_iter()
            .filter(|f| f.code == codes::PRIVILEGE_ESCALATION)
            .map(|f| {
                assert_eq!(f.severity, Severity::SecurityWarning);
                (f.target.pointer, f.target.at_key, f.message)
            })
            .collect()
    }

    fn policy(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn ids(doc: Value) -> Vec<String> {
        paths(doc).into_iter().map(|(_, _, m)| m.split('`').nth(1).unwrap().to_string()).collect()
    }

    #[test]
    fn every_action_of_the_table_exists() {
        let table = table();
        let data = data();
        let mut missing = Vec::new();
        for action in table.paths.iter().flat_map(|p| &p.actions).chain(table.scoping.keys()) {
            let exact = data.action(action).is_some_and(|(svc, a)| format!("{}:{}", svc.prefix, a.name) == *action);
            if !exact {
                missing.push(action.clone());
            }
        }
        assert_eq!(missing, Vec::<String>::new(), "actions not spelled as in data/iam/service-data.txt");
        let mut ids: Vec<&str> = table.paths.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), table.paths.len(), "path ids are unique");
        assert!(table.paths.iter().all(|p| !p.actions.is_empty() && !p.name.is_empty()));
        // A path that passes a role names the services it passes it to, and the other way round.
        for p in &table.paths {
            assert_eq!(p.actions.iter().any(|a| a == PASS_ROLE), !p.pass_to.is_empty(), "{}", p.id);
        }
    }

    #[test]
    fn the_lambda_path_across_two_statements() {
        let doc = policy(json!([
            {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/*"},
            {"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
        ]));
        assert_eq!(
            paths(doc),
            [(
                "/Statement/1/Action/1".to_string(),
                false,
                "Privilege escalation (`lambda-create-invoke`): the principal can create a Lambda function with a passed role and invoke it (`iam:PassRole` in `Pass`, `lambda:CreateFunction` and `lambda:InvokeFunction` in Statement[1]).".to_string()
            )]
        );
    }

    #[test]
    fn the_completing_statement_is_the_last_one_needed() {
        let doc = policy(json!([
            {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
            {"Effect": "Allow", "Action": "lambda:CreateEventSourceMapping", "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
        ]));
        assert_eq!(
            paths(doc),
            [(
                "/Statement/2/Action".to_string(),
                false,
                "Privilege escalation (`lambda-create-event-source`): the principal can create a Lambda function with a passed role and trigger it with an event source mapping (`iam:PassRole` in Statement[2], `lambda:CreateFunction` in Statement[0], `lambda:CreateEventSourceMapping` in Statement[1]).".to_string()
            )]
        );
    }

    #[test]
    fn passed_to_service_closes_other_services_paths() {
        let with = |condition: Value| {
            ids(policy(json!([
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": condition},
                {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction", "ec2:RunInstances"], "Resource": "*"}
            ])))
        };
        assert_eq!(
            with(json!({"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}})),
            Vec::<String>::new()
        );
        assert_eq!(
            with(json!({"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com"]}})),
            ["ec2-run-instances"]
        );
        assert_eq!(with(json!({"StringLike": {"iam:PassedToService": "lambda.*"}})), ["lambda-create-invoke"]);
        assert_eq!(
            with(json!({"StringNotEquals": {"iam:PassedToService": "lambda.amazonaws.com"}})),
            ["ec2-run-instances"]
        );
        // A condition on another key does not close anything.
        assert_eq!(
            with(json!({"StringEquals": {"aws:RequestedRegion": "us-east-1"}})),
            ["lambda-create-invoke", "ec2-run-instances"]
        );
    }

    #[test]
    fn named_roles_close_pass_role_but_not_attach() {
        let doc = policy(json!([
            {"Effect": "Allow", "Action": ["iam:PassRole", "iam:AttachRolePolicy"], "Resource": "arn:aws:iam::123456789012:role/deploy"},
            {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
        ]));
        assert_eq!(ids(doc), ["iam-attach-role-policy"]);
        let code = |resource: &str| {
            ids(policy(json!([{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": resource}])))
        };
        assert_eq!(code("arn:aws:lambda:us-east-1:123456789012:function:my-fn"), Vec::<String>::new());
        assert_eq!(code("arn:aws:lambda:us-east-1:123456789012:function:*"), ["lambda-update-code"]);
        // A name prefix is a set the author chose; a bare wildcard, or one
        // in the path, chooses nothing.
        assert_eq!(code("arn:aws:lambda:us-east-1:123456789012:function:lambda-app-*"), Vec::<String>::new());
        let pass = |resource: &str| {
            ids(policy(json!([
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": resource},
                {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
            ])))
        };
        assert_eq!(pass("arn:aws:iam::123456789012:role/lambda-app-*"), Vec::<String>::new());
        assert_eq!(pass("arn:aws:iam::123456789012:role/service-role/*"), ["lambda-create-invoke"]);
        assert_eq!(pass("arn:aws:iam::123456789012:role/*/app"), ["lambda-create-invoke"]);
        assert_eq!(pass("arn:aws:iam::*:role/*"), ["lambda-create-invoke"]);
    }

    #[test]
    fn own_user_closes_credentials_and_boundaries_close_attach() {
        let doc = policy(json!([
            {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Effect": "Allow", "Action": ["iam:AttachRolePolicy", "iam:PutRolePolicy"], "Resource": "*",
             "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary"}}}
        ]));
        assert_eq!(ids(doc), Vec::<String>::new());
        let other = policy(
            json!([{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/alice"}]),
        );
        assert_eq!(
            paths(other),
            [(
                "/Statement/0/Action".to_string(),
                false,
                "Privilege escalation (`iam-create-access-key`): the principal can create access keys for another IAM user and act as that user (`iam:CreateAccessKey` in Statement[0]).".to_string()
            )]
        );
    }

    #[test]
    fn wildcards_not_action_and_deny() {
        let doc = policy(json!([{"Effect": "Allow", "Action": "iam:Put*", "Resource": "*"}]));
        assert_eq!(ids(doc), ["iam-put-user-policy", "iam-put-group-policy", "iam-put-role-policy"]);
        let doc = policy(json!([
            {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "lambda:UpdateFunctionCode", "Resource": "*"}
        ]));
        let found = paths(doc);
        assert_eq!(
            found.iter().map(|(_, _, m)| m.split('`').nth(1).unwrap()).collect::<Vec<_>>(),
            ["glue-update-dev-endpoint",]
        );
        assert_eq!((found[0].0.as_str(), found[0].1), ("/Statement/0/NotAction", true));
        // A Deny with a condition, or on some resources only, removes nothing.
        let doc = policy(json!([
            {"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::123456789012:user/admin"}
        ]));
        assert_eq!(ids(doc), ["iam-attach-user-policy"]);
    }

    #[test]
    fn full_admin_opens_every_path_and_other_kinds_none() {
        let admin = policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
        let all: Vec<String> = table().paths.iter().map(|p| p.id.clone()).collect();
        assert_eq!(ids(admin.clone()), all);
        for kind in [Kind::ResourcePolicy, Kind::TrustPolicy, Kind::PolicyStatement] {
            assert!(!crate::checks::iam::lint(&admin, kind).iter().any(|f| f.code == codes::PRIVILEGE_ESCALATION));
        }
    }

    #[test]
    fn names_its_resources_resource() {
        assert!(names_its_resources("arn:aws:iam::123456789012:role/deploy"));
        assert!(names_its_resources("arn:aws:iam::*:role/deploy"));
        assert!(!names_its_resources("arn:aws:iam::123456789012:role/*"));
        assert!(names_its_resources("arn:aws:iam::123456789012:role/app-?"));
        assert!(!names_its_resources("arn:aws:iam::123456789012:role/service-role/*"));
        assert!(!names_its_resources("*"));
        assert!(!names_its_resources("arn:aws:iam::123456789012:"));
    }
}
