//! One grant, four notations: the book shows every resource-based-policy
//! grant as the JSON statement *and* as `aws lambda add-permission`,
//! CloudFormation `AWS::Lambda::Permission` and Terraform
//! `aws_lambda_permission`. This module reads the three non-JSON forms,
//! turns each into the statement Lambda would store, and compares it with
//! the JSON statement element by element.
//!
//! ```text
//! sh   ─▶ cli            ─┐
//! yaml ─▶ cloudformation ─┼─▶ Permission ─▶ build (statement) ─▶ compare ─▶ findings
//! hcl  ─▶ terraform      ─┘
//! ```
//!
//! # The mapping (AddPermission → the stored statement)
//!
//! | AddPermission                 | statement                                                |
//! |-------------------------------|----------------------------------------------------------|
//! | `StatementId`                 | `Sid`                                                    |
//! | (always)                      | `"Effect": "Allow"`                                      |
//! | `Principal` = service name    | `"Principal": {"Service": NAME}`                         |
//! | `Principal` = 12-digit account| `"Principal": {"AWS": "arn:PARTITION:iam::ACCOUNT:root"}`|
//! | `Principal` = IAM ARN         | `"Principal": {"AWS": ARN}`                              |
//! | `Principal` = `*`             | `"Principal": "*"`                                       |
//! | `Action`                      | `Action`                                                 |
//! | `FunctionName` (+`Qualifier`) | `Resource` (the function, version or alias ARN)          |
//! | `SourceArn`                   | `Condition.ArnLike."aws:SourceArn"`                      |
//! | `SourceAccount`               | `Condition.StringEquals."aws:SourceAccount"`             |
//! | `PrincipalOrgID`              | `Condition.StringEquals."aws:PrincipalOrgID"`            |
//! | `FunctionUrlAuthType`         | `Condition.StringEquals."lambda:FunctionUrlAuthType"`    |
//! | `EventSourceToken`            | `Condition.StringEquals."lambda:EventSourceToken"`       |
//! | `InvokedViaFunctionUrl` true  | `Condition.Bool."lambda:InvokedViaFunctionUrl": "true"`  |
//!
//! Lambda writes the global keys back as `AWS:SourceArn` / `AWS:SourceAccount`;
//! condition keys are case-insensitive, so the comparison ignores their case
//! (and the case of action names). Values are compared exactly.
//!
//! # A bare function name
//!
//! `--function-name my-function` (or `FunctionName: my-function`) leaves the
//! Region and account to the caller's configuration or the stack. The checker
//! takes them, in this order, from the notation itself (a full or partial
//! ARN, the CLI's `--region`, Terraform's `region` argument) and then from the
//! JSON statement being compared (its `Resource`, when that is a Lambda ARN).
//! A bare name therefore proves the function name and qualifier, and assumes
//! the Region and account of the JSON. `--source-account` is deliberately not
//! used: it names the account that owns the *source* (the bucket, the rule),
//! which need not be the function's account.
//!
//! # References
//!
//! `!GetAtt MyFunction.Arn`, `${aws_lambda_function.f.arn}`, `"$FUNCTION_ARN"`
//! cannot be resolved from a code block. The book writes literal values in all
//! four notations, so every such value is reported as `UNRESOLVED_REFERENCE`
//! and the elements that depend on it are left out of the comparison.

pub mod cli;
pub mod cloudformation;
pub mod compare;
pub mod terraform;

use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The notations the engine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notation {
    /// `aws lambda add-permission …` in a shell block.
    AddPermission,
    /// An `AWS::Lambda::Permission` resource in a YAML or JSON template fragment.
    CloudFormation,
    /// A Terraform `aws_lambda_permission` resource.
    Terraform,
}

impl Notation {
    /// The notation of a code block, from its language (the info string's first word).
    pub fn from_language(language: &str) -> Option<Notation> {
        match language.to_ascii_lowercase().as_str() {
            "sh" | "bash" | "shell" | "console" | "zsh" => Some(Notation::AddPermission),
            "yaml" | "yml" | "cloudformation" | "cfn" | "json" => Some(Notation::CloudFormation),
            "hcl" | "terraform" | "tf" => Some(Notation::Terraform),
            _ => None,
        }
    }

    /// How messages name the notation: "add-permission says …".
    pub fn label(self) -> &'static str {
        match self {
            Notation::AddPermission => "add-permission",
            Notation::CloudFormation => "AWS::Lambda::Permission",
            Notation::Terraform => "aws_lambda_permission",
        }
    }

    /// How the notation spells a field, or `None` when it has no such field.
    pub fn spelling(self, field: Field) -> Option<&'static str> {
        let row = FIELDS.iter().find(|row| row.0 == field).expect("every field has a row");
        match self {
            Notation::AddPermission => Some(row.1),
            Notation::CloudFormation => row.2,
            Notation::Terraform => Some(row.3),
        }
    }

    /// The field a notation's spelling stands for.
    pub fn field(self, spelling: &str) -> Option<Field> {
        FIELDS.iter().find(|row| self.spelling(row.0) == Some(spelling)).map(|row| row.0)
    }
}

/// The AddPermission request parameters that shape the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    StatementId,
    Action,
    FunctionName,
    Qualifier,
    Principal,
    SourceArn,
    SourceAccount,
    EventSourceToken,
    PrincipalOrgId,
    FunctionUrlAuthType,
    /// A switch: only `true` shapes the statement (see [`build`]).
    InvokedViaFunctionUrl,
}

/// field, add-permission flag, CloudFormation property, Terraform argument.
const FIELDS: &[(Field, &str, Option<&str>, &str)] = &[
    (Field::StatementId, "--statement-id", None, "statement_id"),
    (Field::Action, "--action", Some("Action"), "action"),
    (Field::FunctionName, "--function-name", Some("FunctionName"), "function_name"),
    (Field::Qualifier, "--qualifier", None, "qualifier"),
    (Field::Principal, "--principal", Some("Principal"), "principal"),
    (Field::SourceArn, "--source-arn", Some("SourceArn"), "source_arn"),
    (Field::SourceAccount, "--source-account", Some("SourceAccount"), "source_account"),
    (Field::EventSourceToken, "--event-source-token", Some("EventSourceToken"), "event_source_token"),
    (Field::PrincipalOrgId, "--principal-org-id", Some("PrincipalOrgID"), "principal_org_id"),
    (Field::FunctionUrlAuthType, "--function-url-auth-type", Some("FunctionUrlAuthType"), "function_url_auth_type"),
    (
        Field::InvokedViaFunctionUrl,
        "--invoked-via-function-url",
        Some("InvokedViaFunctionUrl"),
        "invoked_via_function_url",
    ),
];

/// The conditions AddPermission can add: field, operator, condition key.
const CONDITIONS: &[(Field, &str, &str)] = &[
    (Field::SourceArn, "ArnLike", "aws:SourceArn"),
    (Field::SourceAccount, "StringEquals", "aws:SourceAccount"),
    (Field::PrincipalOrgId, "StringEquals", "aws:PrincipalOrgID"),
    (Field::FunctionUrlAuthType, "StringEquals", "lambda:FunctionUrlAuthType"),
    (Field::EventSourceToken, "StringEquals", "lambda:EventSourceToken"),
    (Field::InvokedViaFunctionUrl, "Bool", "lambda:InvokedViaFunctionUrl"),
];

/// A value as a notation gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Literal(String),
    /// A reference or expansion (`!GetAtt F.Arn`, `${var.x}`, `$ARN`), shown as written.
    Unresolved(String),
}

impl Input {
    pub fn literal(&self) -> Option<&str> {
        match self {
            Input::Literal(s) => Some(s),
            Input::Unresolved(_) => None,
        }
    }

    pub fn as_written(&self) -> &str {
        match self {
            Input::Literal(s) | Input::Unresolved(s) => s,
        }
    }
}

/// One grant as a notation states it: AddPermission's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub notation: Notation,
    pub fields: BTreeMap<Field, Input>,
    /// The Region the notation itself fixes for a bare function name
    /// (the CLI's `--region`, Terraform's `region`).
    pub region: Option<Input>,
}

impl Permission {
    pub fn new(notation: Notation) -> Self {
        Permission { notation, fields: BTreeMap::new(), region: None }
    }

    pub fn get(&self, field: Field) -> Option<&Input> {
        self.fields.get(&field)
    }

    /// Parameters every notation must give.
    fn require(&self, fields: &[Field]) -> Result<(), String> {
        let missing: Vec<&str> =
            fields.iter().filter(|f| !self.fields.contains_key(f)).filter_map(|f| self.notation.spelling(*f)).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("{} is missing {}", self.notation.label(), missing.join(", ")))
        }
    }
}

/// The largest notation block read: one grant is a few hundred bytes.
pub const MAX_NOTATION_BYTES: usize = 64 * 1024;

/// How deep brackets may nest in a notation block. The YAML scanner does
/// work per open bracket for every token, so `[[[[…]]]]` costs time
/// quadratic in its depth; no grant nests more than a few levels.
pub const MAX_NOTATION_NESTING: usize = 64;

/// Refuse a block too large or too deeply bracketed to parse in linear time.
fn within_limits(body: &str) -> Result<(), String> {
    if body.len() > MAX_NOTATION_BYTES {
        return Err(format!(
            "the block is {} bytes long; a notation block may be at most {MAX_NOTATION_BYTES} bytes (64 KiB)",
            body.len()
        ));
    }
    // Brackets inside quotes count too: an overestimate only for absurd strings.
    let mut depth: usize = 0;
    for (line, text) in body.lines().enumerate() {
        for b in text.bytes() {
            match b {
                b'[' | b'{' | b'(' => depth += 1,
                b']' | b'}' | b')' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_NOTATION_NESTING {
                return Err(format!(
                    "brackets nest more than {MAX_NOTATION_NESTING} levels deep (the limit) on line {} of the block",
                    line + 1
                ));
            }
        }
    }
    Ok(())
}

/// Parse a code block of the given language into a [`Permission`].
pub fn parse(language: &str, body: &str) -> Result<Permission, String> {
    let notation = Notation::from_language(language).ok_or_else(|| {
        format!("`{language}` is not a notation the engine reads (sh for add-permission, yaml for CloudFormation, hcl for Terraform)")
    })?;
    within_limits(body)?;
    let permission = match notation {
        Notation::AddPermission => cli::parse(body)?,
        Notation::CloudFormation => cloudformation::parse(body)?,
        Notation::Terraform => terraform::parse(body)?,
    };
    permission.require(&[Field::Action, Field::FunctionName, Field::Principal])?;
    if notation == Notation::AddPermission {
        permission.require(&[Field::StatementId])?;
    }
    Ok(permission)
}

/// Where a function lives, for names that are not full ARNs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArnContext {
    pub partition: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
}

impl ArnContext {
    /// The partition, Region and account of a statement's `Resource`, when it
    /// is one Lambda function ARN (of the function, a version or an alias).
    pub fn from_statement(statement: &Value) -> Self {
        let resource = match statement.get("Resource") {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Array(items)) if items.len() == 1 => items[0].as_str(),
            _ => None,
        };
        match resource.and_then(|r| FunctionRef::parse(r).ok()) {
            Some(f) => ArnContext { partition: f.partition, region: f.region, account: f.account },
            None => ArnContext::default(),
        }
    }
}

/// A function name in any of the forms Lambda accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FunctionRef {
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
    name: String,
    qualifier: Option<String>,
}

impl FunctionRef {
    /// `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`,
    /// `ACCOUNT:function:NAME[:QUALIFIER]` or `NAME[:QUALIFIER]`.
    fn parse(text: &str) -> Result<FunctionRef, String> {
        let parts: Vec<&str> = text.split(':').collect();
        let bad = || format!("`{text}` is not a function name, partial ARN or function ARN");
        let (partition, region, account, rest) = if parts[0] == "arn" {
            if parts.len() < 7 || parts[2] != "lambda" || parts[5] != "function" {
                return Err(bad());
            }
            (Some(parts[1]), Some(parts[3]), Some(parts[4]), &parts[6..])
        } else if parts.len() >= 3 && parts[1] == "function" {
            (None, None, Some(parts[0]), &parts[2..])
        } else {
            (None, None, None, &parts[..])
        };
        let (name, qualifier) = match rest {
            [name] => (*name, None),
            [name, qualifier] => (*name, Some(*qualifier)),
            _ => return Err(bad()),
        };
        if name.is_empty() || qualifier == Some("") {
            return Err(bad());
        }
        if let Some(account) = account
            && (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!("`{text}`: `{account}` is not a 12-digit account ID"));
        }
        let own = |s: Option<&str>| s.map(str::to_string);
        Ok(FunctionRef {
            partition: own(partition),
            region: own(region),
            account: own(account),
            name: name.to_string(),
            qualifier: own(qualifier),
        })
    }
}

/// An element of the statement whose value depends on a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unresolved {
    /// The statement element it would have produced ("Resource", "Condition ArnLike aws:SourceArn").
    pub element: String,
    /// The notation's own name for the field (`--function-name`, `FunctionName`).
    pub field: String,
    pub text: String,
}

/// The statement a permission produces, with what could not be resolved.
#[derive(Debug, Clone)]
pub(crate) struct Built {
    pub statement: Map<String, Value>,
    pub unresolved: Vec<Unresolved>,
}

/// Turn a permission into the statement Lambda stores. Values that are
/// references are left out of the statement and listed in `unresolved`.
pub(crate) fn build(permission: &Permission, context: &ArnContext) -> Result<Built, String> {
    let notation = permission.notation;
    let mut unresolved = Vec::new();
    let mut literal = |field: Field, element: &str| -> Option<String> {
        match permission.get(field)? {
            Input::Literal(s) => Some(s.clone()),
            Input::Unresolved(text) => {
                unresolved.push(Unresolved {
                    element: element.to_string(),
                    field: notation.spelling(field).unwrap_or("?").to_string(),
                    text: text.clone(),
                });
                None
            }
        }
    };

    let sid = literal(Field::StatementId, "Sid");
    let action = literal(Field::Action, "Action");
    let function = literal(Field::FunctionName, "Resource");
    let qualifier = literal(Field::Qualifier, "Resource");
    let principal = literal(Field::Principal, "Principal");
    let mut conditions: Vec<(&str, &str, String)> = Vec::new();
    for (field, operator, key) in CONDITIONS {
        if let Some(value) = literal(*field, &format!("Condition {operator} {key}")) {
            if *field == Field::InvokedViaFunctionUrl && value != "true" {
                // AddPermission documents the switch only for turning the condition on.
                return Err(format!(
                    "`{}` is `{value}`: the checker models only `true`, which adds the `{key}` condition; leave it out otherwise",
                    notation.spelling(*field).unwrap_or("?")
                ));
            }
            conditions.push((operator, key, value));
        }
    }
    let region_input = match &permission.region {
        Some(Input::Literal(r)) => Some(r.clone()),
        Some(Input::Unresolved(text)) => {
            unresolved.push(Unresolved {
                element: "Resource".into(),
                field: match notation {
                    Notation::Terraform => "region".into(),
                    _ => "--region".into(),
                },
                text: text.clone(),
            });
            None
        }
        None => None,
    };
    let resource_unresolved = unresolved.iter().any(|u| u.element == "Resource");

    let mut resource = None;
    let mut partition = context.partition.clone();
    if let Some(function) = &function {
        let f = FunctionRef::parse(function)?;
        let qualifier = match (&f.qualifier, &qualifier) {
            (Some(a), Some(b)) if a != b => {
                return Err(format!("the function name `{function}` names qualifier `{a}` but the qualifier is `{b}`"));
            }
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        if qualifier.as_deref() == Some("$LATEST") {
            return Err("Lambda does not support adding permissions to $LATEST: name a version or an alias".into());
        }
        partition = f.partition.clone().or(partition);
        let region = f.region.clone().or(region_input).or_else(|| context.region.clone());
        let account = f.account.clone().or_else(|| context.account.clone());
        if !resource_unresolved {
            match (region, account) {
                (Some(region), Some(account)) => {
                    let mut arn = format!(
                        "arn:{}:lambda:{region}:{account}:function:{}",
                        partition.as_deref().unwrap_or("aws"),
                        f.name
                    );
                    if let Some(q) = qualifier {
                        arn.push(':');
                        arn.push_str(&q);
                    }
                    resource = Some(arn);
                }
                (region, account) => {
                    let mut missing = Vec::new();
                    if region.is_none() {
                        missing.push("Region");
                    }
                    if account.is_none() {
                        missing.push("account");
                    }
                    return Err(format!(
                        "the function `{function}` is not a full ARN, and neither the {} nor the JSON statement gives its {}",
                        notation.label(),
                        missing.join(" and ")
                    ));
                }
            }
        }
    }
    let partition = partition.unwrap_or_else(|| "aws".to_string());

    let mut statement = Map::new();
    if let Some(sid) = sid {
        statement.insert("Sid".into(), Value::String(sid));
    }
    statement.insert("Effect".into(), json!("Allow"));
    if let Some(p) = principal {
        statement.insert("Principal".into(), principal_element(&p, &partition));
    }
    if let Some(a) = action {
        statement.insert("Action".into(), Value::String(a));
    }
    if let Some(r) = resource {
        statement.insert("Resource".into(), Value::String(r));
    }
    if !conditions.is_empty() {
        let mut condition = Map::new();
        for (operator, key, value) in conditions {
            let block = condition.entry(operator.to_string()).or_insert_with(|| Value::Object(Map::new()));
            block
                .as_object_mut()
                .expect("an operator block is an object")
                .insert(key.to_string(), Value::String(value));
        }
        statement.insert("Condition".into(), Value::Object(condition));
    }
    Ok(Built { statement, unresolved })
}

/// The `Principal` element Lambda stores for an AddPermission principal.
fn principal_element(principal: &str, partition: &str) -> Value {
    if principal == "*" {
        json!("*")
    } else if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        json!({ "AWS": format!("arn:{partition}:iam::{principal}:root") })
    } else if principal.starts_with("arn:") {
        json!({ "AWS": principal })
    } else {
        json!({ "Service": principal })
    }
}

/// The statement a notation's code block produces. A bare function name
/// cannot be turned into an ARN here (there is no JSON to take the Region and
/// account from): use [`to_statement_in`] for that.
pub fn to_statement(language: &str, body: &str) -> Result<Value, String> {
    to_statement_in(language, body, &ArnContext::default())
}

/// [`to_statement`], with the Region and account for a bare function name.
pub fn to_statement_in(language: &str, body: &str, context: &ArnContext) -> Result<Value, String> {
    let permission = parse(language, body)?;
    let built = build(&permission, context)?;
    if !built.unresolved.is_empty() {
        let list: Vec<String> = built.unresolved.iter().map(|u| format!("{} is `{}`", u.field, u.text)).collect();
        return Err(format!("unresolved references: {}", list.join("; ")));
    }
    Ok(Value::Object(built.statement))
}

/// The statement of `policy` this notation describes: the one whose `Sid` is
/// `sid`, else the only one. `policy` may also be a single statement.
pub fn pick_statement<'a>(policy: &'a Value, sid: Option<&str>) -> Result<&'a Value, String> {
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => return Err("the JSON's `Statement` is neither a statement nor a list of statements".into()),
        None if policy.is_object() => return Ok(policy),
        None => return Err("the JSON is not a policy or a statement".into()),
    };
    if let Some(sid) = sid
        && let Some(found) = statements.iter().find(|s| s.get("Sid").and_then(Value::as_str) == Some(sid))
    {
        return Ok(found);
    }
    match statements.as_slice() {
        [only] => Ok(only),
        [] => Err("the JSON policy has no statement".into()),
        _ => Err(match sid {
            Some(sid) => format!("no statement of the JSON policy has the Sid `{sid}`"),
            None => "the JSON policy has several statements and this notation gives no statement ID to pick one".into(),
        }),
    }
}

/// Check that a notation's code block produces `statement` (one element of
/// `Statement`, or a whole policy: then the statement whose `Sid` is the
/// notation's statement ID, else the only one). Returns `NOTATION_PARSE` when
/// the block cannot be read, `UNRESOLVED_REFERENCE` per value that is a
/// reference, and `NOTATION_MISMATCH` per element that differs. The findings'
/// targets are empty: the caller points them at the block.
pub fn check_notation(language: &str, body: &str, statement: &Value) -> Vec<Finding> {
    let permission = match parse(language, body) {
        Ok(p) => p,
        Err(e) => return vec![parse_error(e)],
    };
    let sid = permission.get(Field::StatementId).and_then(Input::literal);
    let statement = match pick_statement(statement, sid) {
        Ok(s) => s,
        Err(e) => {
            return vec![
                Finding::error(codes::NOTATION_MISMATCH, e)
                    .with_hint("give the JSON statement the same Sid as the notation's statement ID"),
            ];
        }
    };
    let built = match build(&permission, &ArnContext::from_statement(statement)) {
        Ok(b) => b,
        Err(e) => return vec![parse_error(e)],
    };
    let mut findings: Vec<Finding> = built
        .unresolved
        .iter()
        .map(|u| {
            Finding::error(
                codes::UNRESOLVED_REFERENCE,
                format!(
                    "{} `{}` of {} is a reference the book cannot resolve, so its {} is not compared",
                    u.field,
                    u.text,
                    permission.notation.label(),
                    u.element
                ),
            )
            .with_hint("write the literal value, as the JSON statement does")
        })
        .collect();
    findings.extend(compare::compare(permission.notation, &built, statement));
    findings
}

fn parse_error(message: String) -> Finding {
    Finding::error(codes::NOTATION_PARSE, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_in_every_form() {
        let full = FunctionRef::parse("arn:aws:lambda:us-east-1:123456789012:function:my-function:prod").unwrap();
        assert_eq!(full.region.as_deref(), Some("us-east-1"));
        assert_eq!(full.account.as_deref(), Some("123456789012"));
        assert_eq!(full.qualifier.as_deref(), Some("prod"));
        let partial = FunctionRef::parse("123456789012:function:my-function").unwrap();
        assert_eq!(partial.account.as_deref(), Some("123456789012"));
        assert_eq!(partial.region, None);
        let bare = FunctionRef::parse("my-function:7").unwrap();
        assert_eq!((bare.name.as_str(), bare.qualifier.as_deref()), ("my-function", Some("7")));
        assert!(FunctionRef::parse("arn:aws:s3:::bucket").is_err());
        assert!(FunctionRef::parse("a:b:c:d").is_err());
        assert!(FunctionRef::parse("12345:function:f").is_err());
    }

    #[test]
    fn principals_as_lambda_stores_them() {
        assert_eq!(principal_element("*", "aws"), json!("*"));
        assert_eq!(principal_element("111122223333", "aws"), json!({"AWS": "arn:aws:iam::111122223333:root"}));
        assert_eq!(principal_element("111122223333", "aws-cn"), json!({"AWS": "arn:aws-cn:iam::111122223333:root"}));
        assert_eq!(
            principal_element("arn:aws:iam::111122223333:role/r", "aws"),
            json!({"AWS": "arn:aws:iam::111122223333:role/r"})
        );
        assert_eq!(principal_element("s3.amazonaws.com", "aws"), json!({"Service": "s3.amazonaws.com"}));
    }

    #[test]
    fn languages() {
        assert_eq!(Notation::from_language("sh"), Some(Notation::AddPermission));
        assert_eq!(Notation::from_language("YAML"), Some(Notation::CloudFormation));
        assert_eq!(Notation::from_language("hcl"), Some(Notation::Terraform));
        assert_eq!(Notation::from_language("python"), None);
        assert_eq!(Notation::Terraform.field("source_arn"), Some(Field::SourceArn));
        assert_eq!(Notation::CloudFormation.field("StatementId"), None);
    }

    #[test]
    fn picks_the_statement_by_sid() {
        let policy = json!({"Statement": [{"Sid": "a"}, {"Sid": "b"}]});
        assert_eq!(pick_statement(&policy, Some("b")).unwrap(), &json!({"Sid": "b"}));
        assert!(pick_statement(&policy, Some("c")).is_err());
        assert!(pick_statement(&policy, None).is_err());
        let one = json!({"Statement": [{"Sid": "a"}]});
        assert_eq!(pick_statement(&one, Some("zzz")).unwrap(), &json!({"Sid": "a"}));
        let bare = json!({"Sid": "x", "Effect": "Allow"});
        assert_eq!(pick_statement(&bare, None).unwrap(), &bare);
    }

    #[test]
    fn bare_name_takes_region_and_account_from_context() {
        let mut p = Permission::new(Notation::AddPermission);
        p.fields.insert(Field::FunctionName, Input::Literal("my-function".into()));
        p.fields.insert(Field::Qualifier, Input::Literal("prod".into()));
        let ctx = ArnContext {
            partition: Some("aws".into()),
            region: Some("us-east-1".into()),
            account: Some("123456789012".into()),
        };
        let built = build(&p, &ctx).unwrap();
        assert_eq!(
            built.statement["Resource"],
            json!("arn:aws:lambda:us-east-1:123456789012:function:my-function:prod")
        );
        let err = build(&p, &ArnContext::default()).unwrap_err();
        assert!(err.contains("Region and account"), "{err}");
        p.fields.insert(Field::FunctionName, Input::Literal("my-function:live".into()));
        assert!(build(&p, &ctx).unwrap_err().contains("qualifier"));
        p.fields.insert(Field::FunctionName, Input::Literal("my-function".into()));
        p.fields.insert(Field::Qualifier, Input::Literal("$LATEST".into()));
        assert!(build(&p, &ctx).unwrap_err().contains("$LATEST"));
    }
}
