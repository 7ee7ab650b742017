//! One grant, four notations: the book shows every resource-based-policy
//! grant as the JSON statement *and* as the AWS CLI, CloudFormation and
//! Terraform. Two kinds of grant are read: on a function (`aws lambda
//! add-permission`, `AWS::Lambda::Permission`, `aws_lambda_permission`) and
//! on a layer version (`aws lambda add-layer-version-permission`,
//! `AWS::Lambda::LayerVersionPermission`, `aws_lambda_layer_version_permission`).
//! This module reads the three non-JSON forms, turns each into the statement
//! Lambda would store, and compares it with the JSON statement element by
//! element. A notation of one kind compared with a statement of the other (its
//! `Resource` is a function where the notation names a layer version, or the
//! reverse) is one `NOTATION_KIND_MISMATCH`, not a difference per element.
//!
//! ```text
//! sh   ─▶ cli            ─┐
//! yaml ─▶ cloudformation ─┼─▶ Permission (Grant) ─▶ build (statement) ─▶ compare ─▶ findings
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
//! # The mapping (AddLayerVersionPermission → the stored statement)
//!
//! | CLI / Terraform                       | CloudFormation    | statement                                              |
//! |---------------------------------------|-------------------|--------------------------------------------------------|
//! | `--statement-id` / `statement_id`     | (made up)         | `Sid`                                                  |
//! | (always)                              | (always)          | `"Effect": "Allow"`                                    |
//! | `--principal` / `principal` = account | `Principal`       | `"Principal": {"AWS": "arn:PARTITION:iam::ACCOUNT:root"}` |
//! | … = `arn:aws:iam::ACCOUNT:root`       | `Principal`       | `"Principal": {"AWS": ARN}`                            |
//! | … = `*`                               | `Principal`       | `"Principal": "*"`                                     |
//! | `--action` / `action`                 | `Action`          | `Action` (only `lambda:GetLayerVersion` is accepted)   |
//! | `--layer-name` + `--version-number` / `layer_name` + `version_number` | `LayerVersionArn` | `Resource`: the layer *version* ARN `arn:…:layer:NAME:VERSION` |
//! | `--organization-id` / `organization_id` | `OrganizationId` | `Condition.StringEquals."aws:PrincipalOrgID"` (principal `*` only) |
//!
//! Terraform's `skip_destroy` and `region`, and the CLI's `--revision-id` and
//! global options, do not shape the statement (`region` / `--region` is the
//! Region of a bare layer name). The values AWS refuses are refused here too
//! (`layer.rs`).
//!
//! Sources: Lambda API Reference, AddPermission and AddLayerVersionPermission
//! (docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html:
//! parameters and their patterns); Lambda Developer Guide, "Granting Lambda
//! layer access to other accounts" (…/dg/permissions-layer-cross-account.html:
//! the stored statements, an account as its `:root` ARN, `*` + organization as
//! `StringEquals aws:PrincipalOrgID`, the version ARN as `Resource`); AWS CLI
//! reference, `add-layer-version-permission`; CloudFormation,
//! `AWS::Lambda::LayerVersionPermission` (…/aws-resource-lambda-layerversionpermission.html);
//! Terraform AWS provider, `aws_lambda_layer_version_permission`
//! (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_layer_version_permission).
//!
//! Lambda writes the global keys back as `AWS:SourceArn` / `AWS:SourceAccount`;
//! condition keys are case-insensitive, so the comparison ignores their case
//! (and the case of action names). Values are compared exactly.
//!
//! # A bare function or layer name
//!
//! `--function-name my-function` (or `FunctionName: my-function`, `--layer-name my-deps`) leaves the
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
pub mod layer;
pub mod terraform;

use crate::checks::iam::valid_account;
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The tool a block is written for, from its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notation {
    /// `aws lambda add-permission …` / `aws lambda add-layer-version-permission …` in a shell block.
    Cli,
    /// A resource in a YAML or JSON CloudFormation template fragment.
    CloudFormation,
    /// A Terraform resource.
    Terraform,
}

/// What a grant is on: which resource-based policy the notation writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grant {
    /// A function's policy (AddPermission).
    Function,
    /// A layer version's policy (AddLayerVersionPermission).
    LayerVersion,
}

impl Notation {
    /// The notation of a code block, from its language (the info string's first word).
    pub fn from_language(language: &str) -> Option<Notation> {
        match language.to_ascii_lowercase().as_str() {
            "sh" | "bash" | "shell" | "console" | "zsh" => Some(Notation::Cli),
            "yaml" | "yml" | "cloudformation" | "cfn" | "json" => Some(Notation::CloudFormation),
            "hcl" | "terraform" | "tf" => Some(Notation::Terraform),
            _ => None,
        }
    }

    /// How messages name the notation of a grant: "add-permission says …".
    pub fn label(self, grant: Grant) -> &'static str {
        match (self, grant) {
            (Notation::Cli, Grant::Function) => "add-permission",
            (Notation::Cli, Grant::LayerVersion) => "add-layer-version-permission",
            (Notation::CloudFormation, Grant::Function) => "AWS::Lambda::Permission",
            (Notation::CloudFormation, Grant::LayerVersion) => "AWS::Lambda::LayerVersionPermission",
            (Notation::Terraform, Grant::Function) => "aws_lambda_permission",
            (Notation::Terraform, Grant::LayerVersion) => "aws_lambda_layer_version_permission",
        }
    }
}

impl Grant {
    /// The API operation every notation of this grant calls.
    pub fn api(self) -> &'static str {
        match self {
            Grant::Function => "AddPermission",
            Grant::LayerVersion => "AddLayerVersionPermission",
        }
    }

    /// How a message names what the grant is on.
    fn target(self) -> &'static str {
        match self {
            Grant::Function => "a function",
            Grant::LayerVersion => "a layer version",
        }
    }

    fn rows(self) -> &'static [Row] {
        match self {
            Grant::Function => FUNCTION_FIELDS,
            Grant::LayerVersion => LAYER_FIELDS,
        }
    }

    /// How a notation spells a field of this grant, or `None` when it has no such field.
    pub fn spelling(self, notation: Notation, field: Field) -> Option<&'static str> {
        let row = self.rows().iter().find(|row| row.0 == field)?;
        match notation {
            Notation::Cli => row.1,
            Notation::CloudFormation => row.2,
            Notation::Terraform => row.3,
        }
    }

    /// The field a notation's spelling stands for.
    pub fn field(self, notation: Notation, spelling: &str) -> Option<Field> {
        self.rows().iter().find(|row| self.spelling(notation, row.0) == Some(spelling)).map(|row| row.0)
    }

    /// The parameters a notation of this grant must give.
    fn required(self, notation: Notation) -> Vec<Field> {
        match self {
            Grant::Function => {
                let mut fields = vec![Field::Action, Field::FunctionName, Field::Principal];
                if notation == Notation::Cli {
                    fields.push(Field::StatementId);
                }
                fields
            }
            // Every layer field but the organization is required in all three
            // (API reference, CloudFormation and Terraform registry pages).
            Grant::LayerVersion => LAYER_FIELDS
                .iter()
                .map(|row| row.0)
                .filter(|f| *f != Field::PrincipalOrgId && self.spelling(notation, *f).is_some())
                .collect(),
        }
    }
}

/// The request parameters that shape the statement.
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
    /// AddPermission's `PrincipalOrgID`, AddLayerVersionPermission's `OrganizationId`.
    PrincipalOrgId,
    FunctionUrlAuthType,
    /// A switch: only `true` shapes the statement (see [`build`]).
    InvokedViaFunctionUrl,
    /// A layer's name or unversioned ARN (CLI, Terraform).
    LayerName,
    /// A layer's version number (CLI, Terraform).
    VersionNumber,
    /// A layer version's ARN (CloudFormation).
    LayerVersionArn,
}

/// field, CLI flag, CloudFormation property, Terraform argument.
type Row = (Field, Option<&'static str>, Option<&'static str>, Option<&'static str>);

const FUNCTION_FIELDS: &[Row] = &[
    (Field::StatementId, Some("--statement-id"), None, Some("statement_id")),
    (Field::Action, Some("--action"), Some("Action"), Some("action")),
    (Field::FunctionName, Some("--function-name"), Some("FunctionName"), Some("function_name")),
    (Field::Qualifier, Some("--qualifier"), None, Some("qualifier")),
    (Field::Principal, Some("--principal"), Some("Principal"), Some("principal")),
    (Field::SourceArn, Some("--source-arn"), Some("SourceArn"), Some("source_arn")),
    (Field::SourceAccount, Some("--source-account"), Some("SourceAccount"), Some("source_account")),
    (Field::EventSourceToken, Some("--event-source-token"), Some("EventSourceToken"), Some("event_source_token")),
    (Field::PrincipalOrgId, Some("--principal-org-id"), Some("PrincipalOrgID"), Some("principal_org_id")),
    (
        Field::FunctionUrlAuthType,
        Some("--function-url-auth-type"),
        Some("FunctionUrlAuthType"),
        Some("function_url_auth_type"),
    ),
    (
        Field::InvokedViaFunctionUrl,
        Some("--invoked-via-function-url"),
        Some("InvokedViaFunctionUrl"),
        Some("invoked_via_function_url"),
    ),
];

/// AddLayerVersionPermission: CloudFormation names the version by its ARN and
/// has no statement ID (it makes one up, as for `AWS::Lambda::Permission`).
const LAYER_FIELDS: &[Row] = &[
    (Field::StatementId, Some("--statement-id"), None, Some("statement_id")),
    (Field::Action, Some("--action"), Some("Action"), Some("action")),
    (Field::LayerName, Some("--layer-name"), None, Some("layer_name")),
    (Field::VersionNumber, Some("--version-number"), None, Some("version_number")),
    (Field::LayerVersionArn, None, Some("LayerVersionArn"), None),
    (Field::Principal, Some("--principal"), Some("Principal"), Some("principal")),
    (Field::PrincipalOrgId, Some("--organization-id"), Some("OrganizationId"), Some("organization_id")),
];

/// The conditions the two operations can add: field, operator, condition key.
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

/// One grant as a notation states it: the operation's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub notation: Notation,
    pub grant: Grant,
    pub fields: BTreeMap<Field, Input>,
    /// The Region the notation itself fixes for a bare function or layer name
    /// (the CLI's `--region`, Terraform's `region`).
    pub region: Option<Input>,
}

impl Permission {
    pub fn new(notation: Notation, grant: Grant) -> Self {
        Permission { notation, grant, fields: BTreeMap::new(), region: None }
    }

    pub fn get(&self, field: Field) -> Option<&Input> {
        self.fields.get(&field)
    }

    /// "add-permission", "AWS::Lambda::LayerVersionPermission", …
    pub fn label(&self) -> &'static str {
        self.notation.label(self.grant)
    }

    /// This notation's name for a field.
    pub fn spelling(&self, field: Field) -> &'static str {
        self.grant.spelling(self.notation, field).unwrap_or("?")
    }

    /// Parameters every notation of the grant must give.
    fn require(&self, fields: &[Field]) -> Result<(), String> {
        let missing: Vec<&str> = fields
            .iter()
            .filter(|f| !self.fields.contains_key(f))
            .filter_map(|f| self.grant.spelling(self.notation, *f))
            .collect();
        if missing.is_empty() { Ok(()) } else { Err(format!("{} is missing {}", self.label(), missing.join(", "))) }
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
        format!("`{language}` is not a notation the engine reads (sh for the AWS CLI, yaml for CloudFormation, hcl for Terraform)")
    })?;
    within_limits(body)?;
    let permission = match notation {
        Notation::Cli => cli::parse(body)?,
        Notation::CloudFormation => cloudformation::parse(body)?,
        Notation::Terraform => terraform::parse(body)?,
    };
    permission.require(&permission.grant.required(notation))?;
    Ok(permission)
}

/// Where a function or layer lives, for names that are not full ARNs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArnContext {
    pub partition: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
}

impl ArnContext {
    /// The partition, Region and account of a statement's `Resource`, when it
    /// is one Lambda function ARN (of the function, a version or an alias) or
    /// one layer version ARN.
    pub fn from_statement(statement: &Value) -> Self {
        let Some(resource) = single_resource(statement) else { return ArnContext::default() };
        if let Ok(f) = FunctionRef::parse(resource) {
            return ArnContext { partition: f.partition, region: f.region, account: f.account };
        }
        match layer::LayerRef::parse_version_arn(resource) {
            Ok(l) => ArnContext { partition: l.partition, region: l.region, account: l.account },
            Err(_) => ArnContext::default(),
        }
    }
}

/// The statement's `Resource`, when it names exactly one.
fn single_resource(statement: &Value) -> Option<&str> {
    match statement.get("Resource") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Array(items)) if items.len() == 1 => items[0].as_str(),
        _ => None,
    }
}

/// What a JSON statement grants on, read from its `Resource` (a full function
/// ARN or a layer version ARN); `None` when it names neither.
fn statement_grant(statement: &Value) -> Option<Grant> {
    let resource = single_resource(statement)?;
    if resource.starts_with("arn:") && FunctionRef::parse(resource).is_ok() {
        Some(Grant::Function)
    } else if layer::LayerRef::parse_version_arn(resource).is_ok() {
        Some(Grant::LayerVersion)
    } else {
        None
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
            && !valid_account(account)
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

/// Where the grant's resource lives, as far as the notation and the JSON say.
pub(crate) struct Place {
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
}

impl Place {
    /// The ARN prefix `arn:PARTITION:lambda:REGION:ACCOUNT`, or an error naming what is missing.
    fn arn_prefix(&self, permission: &Permission, what: &str) -> Result<String, String> {
        match (&self.region, &self.account) {
            (Some(region), Some(account)) => {
                Ok(format!("arn:{}:lambda:{region}:{account}", self.partition.as_deref().unwrap_or("aws")))
            }
            (region, account) => {
                let mut missing = Vec::new();
                if region.is_none() {
                    missing.push("Region");
                }
                if account.is_none() {
                    missing.push("account");
                }
                Err(format!(
                    "{what} is not a full ARN, and neither the {} nor the JSON statement gives its {}",
                    permission.label(),
                    missing.join(" and ")
                ))
            }
        }
    }
}

/// Turn a permission into the statement Lambda stores. Values that are
/// references are left out of the statement and listed in `unresolved`.
pub(crate) fn build(permission: &Permission, context: &ArnContext) -> Result<Built, String> {
    let mut unresolved = Vec::new();
    let mut literal = |field: Field, element: &str| -> Option<String> {
        match permission.get(field)? {
            Input::Literal(s) => Some(s.clone()),
            Input::Unresolved(text) => {
                unresolved.push(Unresolved {
                    element: element.to_string(),
                    field: permission.spelling(field).to_string(),
                    text: text.clone(),
                });
                None
            }
        }
    };

    let sid = literal(Field::StatementId, "Sid");
    let action = literal(Field::Action, "Action");
    let principal = literal(Field::Principal, "Principal");
    let resource_parts: Vec<(Field, Option<String>)> =
        [Field::FunctionName, Field::Qualifier, Field::LayerName, Field::VersionNumber, Field::LayerVersionArn]
            .into_iter()
            .map(|f| (f, literal(f, "Resource")))
            .collect();
    let mut conditions: Vec<(&str, &str, String)> = Vec::new();
    for (field, operator, key) in CONDITIONS {
        if let Some(value) = literal(*field, &format!("Condition {operator} {key}")) {
            if *field == Field::InvokedViaFunctionUrl && value != "true" {
                // AddPermission documents the switch only for turning the condition on.
                return Err(format!(
                    "`{}` is `{value}`: the checker models only `true`, which adds the `{key}` condition; leave it out otherwise",
                    permission.spelling(*field)
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
                field: match permission.notation {
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
    let part = |field: Field| resource_parts.iter().find(|(f, _)| *f == field).and_then(|(_, v)| v.clone());

    if permission.grant == Grant::LayerVersion {
        layer::check_values(
            permission,
            action.as_deref(),
            principal.as_deref(),
            sid.as_deref(),
            permission.get(Field::PrincipalOrgId).and_then(Input::literal),
        )?;
    }
    let place = Place { partition: context.partition.clone(), region: region_input, account: None };
    let (resource, partition) = if resource_unresolved {
        (None, context.partition.clone())
    } else {
        match permission.grant {
            Grant::Function => {
                function_resource(permission, part(Field::FunctionName), part(Field::Qualifier), place, context)?
            }
            Grant::LayerVersion => layer::resource(
                permission,
                part(Field::LayerName),
                part(Field::VersionNumber),
                part(Field::LayerVersionArn),
                place,
                context,
            )?,
        }
    };
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

/// The function, version or alias ARN an AddPermission grant names, and its partition.
fn function_resource(
    permission: &Permission,
    function: Option<String>,
    qualifier: Option<String>,
    mut place: Place,
    context: &ArnContext,
) -> Result<(Option<String>, Option<String>), String> {
    let Some(function) = function else { return Ok((None, place.partition)) };
    let f = FunctionRef::parse(&function)?;
    let qualifier = match (&f.qualifier, &qualifier) {
        (Some(a), Some(b)) if a != b => {
            return Err(format!("the function name `{function}` names qualifier `{a}` but the qualifier is `{b}`"));
        }
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    if qualifier.as_deref() == Some("$LATEST") {
        return Err("Lambda does not support adding permissions to $LATEST: name a version or an alias".into());
    }
    place.partition = f.partition.clone().or(place.partition);
    place.region = f.region.clone().or(place.region).or_else(|| context.region.clone());
    place.account = f.account.clone().or_else(|| context.account.clone());
    let mut arn =
        format!("{}:function:{}", place.arn_prefix(permission, &format!("the function `{function}`"))?, f.name);
    if let Some(q) = qualifier {
        arn.push(':');
        arn.push_str(&q);
    }
    Ok((Some(arn), place.partition))
}

/// The `Principal` element Lambda stores for an AddPermission principal.
fn principal_element(principal: &str, partition: &str) -> Value {
    if principal == "*" {
        json!("*")
    } else if valid_account(principal) {
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
    if let Some(theirs) = statement_grant(statement)
        && theirs != permission.grant
    {
        return vec![kind_mismatch(&permission, theirs, statement)];
    }
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
                    permission.label(),
                    u.element
                ),
            )
            .with_hint("write the literal value, as the JSON statement does")
        })
        .collect();
    findings.extend(compare::compare(permission.label(), permission.grant.api(), &built, statement));
    findings
}

/// A layer notation compared with a function grant, or the reverse: one
/// finding instead of a difference in every element.
fn kind_mismatch(permission: &Permission, theirs: Grant, statement: &Value) -> Finding {
    let ours = permission.grant;
    Finding::error(
        codes::NOTATION_KIND_MISMATCH,
        format!(
            "{} grants on {}, but the JSON statement grants on {} (its Resource is {})",
            permission.label(),
            ours.target(),
            theirs.target(),
            single_resource(statement).unwrap_or("?")
        ),
    )
    .with_hint(match theirs {
        Grant::Function => "a function's policy is written with add-permission, AWS::Lambda::Permission or aws_lambda_permission",
        Grant::LayerVersion => {
            "a layer version's policy is written with add-layer-version-permission, AWS::Lambda::LayerVersionPermission or aws_lambda_layer_version_permission"
        }
    })
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
        assert_eq!(Notation::from_language("sh"), Some(Notation::Cli));
        assert_eq!(Notation::from_language("YAML"), Some(Notation::CloudFormation));
        assert_eq!(Notation::from_language("hcl"), Some(Notation::Terraform));
        assert_eq!(Notation::from_language("python"), None);
        assert_eq!(Grant::Function.field(Notation::Terraform, "source_arn"), Some(Field::SourceArn));
        assert_eq!(Grant::Function.field(Notation::CloudFormation, "StatementId"), None);
        assert_eq!(Grant::LayerVersion.field(Notation::Cli, "--organization-id"), Some(Field::PrincipalOrgId));
        assert_eq!(Grant::LayerVersion.field(Notation::Cli, "--principal-org-id"), None);
        assert_eq!(
            Grant::LayerVersion.field(Notation::CloudFormation, "LayerVersionArn"),
            Some(Field::LayerVersionArn)
        );
        assert_eq!(Grant::Function.field(Notation::Terraform, "layer_name"), None);
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
        let mut p = Permission::new(Notation::Cli, Grant::Function);
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
