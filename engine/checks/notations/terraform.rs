//! Terraform `resource "aws_lambda_permission" "NAME" { … }` or
//! `resource "aws_lambda_layer_version_permission" "NAME" { … }`, read with
//! `hcl-rs` (the `hcl` crate), which parses HCL's native syntax into an
//! expression tree, so references (`aws_lambda_function.f.arn`), function
//! calls and interpolated strings (`"${var.account}"`) are told apart from
//! literal strings instead of being evaluated.
//!
//! The block must hold exactly one of the two. For `aws_lambda_permission`, when
//! `statement_id` is left out (or `statement_id_prefix` is used), Terraform
//! makes the Sid up, so the Sid is not compared. The AWS provider's `region`
//! argument, when given, is the Region of a bare function name.

use super::{Grant, Input, Notation, Permission};
use hcl::{Block, Expression, Structure};

/// The resource type of each grant.
const TYPES: &[(&str, Grant)] =
    &[("aws_lambda_permission", Grant::Function), ("aws_lambda_layer_version_permission", Grant::LayerVersion)];

/// Meta-arguments, which do not shape the statement.
const META: &[&str] = &["provider", "count", "for_each", "depends_on"];

/// Arguments of one resource type that do not shape the statement:
/// `statement_id_prefix` (a made-up Sid) and `skip_destroy` (keep the grant
/// when the resource is destroyed).
fn ignored(grant: Grant, name: &str) -> bool {
    META.contains(&name)
        || match grant {
            Grant::Function => name == "statement_id_prefix",
            Grant::LayerVersion => name == "skip_destroy",
        }
}

fn grant_of(block: &Block) -> Option<(&'static str, Grant)> {
    if block.identifier.as_str() != "resource" {
        return None;
    }
    let label = block.labels.first()?.as_str();
    TYPES.iter().find(|(t, _)| *t == label).copied()
}

pub fn parse(body: &str) -> Result<Permission, String> {
    let parsed = hcl::parse(body).map_err(|e| format!("the Terraform block is not valid HCL: {e}"))?;
    let blocks: Vec<(&Block, &'static str, Grant)> =
        parsed.blocks().filter_map(|b| grant_of(b).map(|(t, g)| (b, t, g))).collect();
    let (block, type_name, grant) = match blocks.as_slice() {
        [] => {
            return Err(
                "the block has no `resource \"aws_lambda_permission\"` or `resource \"aws_lambda_layer_version_permission\"`"
                    .into(),
            );
        }
        [one] => *one,
        many if many.iter().all(|(_, t, _)| *t == many[0].1) => {
            return Err(format!("the block has {} `{}` resources; show one grant per block", many.len(), many[0].1));
        }
        many => {
            return Err(format!("the block has {} grant resources of two kinds; show one grant per block", many.len()));
        }
    };
    let notation = Notation::Terraform;
    let mut permission = Permission::new(notation, grant);
    for structure in block.body.iter() {
        let attribute = match structure {
            Structure::Attribute(a) => a,
            Structure::Block(b) if b.identifier.as_str() == "lifecycle" => continue,
            Structure::Block(b) => {
                return Err(format!("`{}` is not a block of `{type_name}`", b.identifier.as_str()));
            }
        };
        let name = attribute.key.as_str();
        if ignored(grant, name) {
            continue;
        }
        let value = input(name, &attribute.expr)?;
        if name == "region" {
            permission.region = Some(value);
            continue;
        }
        let field =
            grant.field(notation, name).ok_or_else(|| format!("`{name}` is not an argument of `{type_name}`"))?;
        permission.fields.insert(field, value);
    }
    Ok(permission)
}

/// A literal string (or number) is its text; anything that Terraform would
/// have to evaluate is unresolved.
fn input(name: &str, expr: &Expression) -> Result<Input, String> {
    match expr {
        Expression::String(s) => Ok(Input::Literal(s.clone())),
        Expression::Number(n) => Ok(Input::Literal(n.to_string())),
        Expression::Bool(b) => Ok(Input::Literal(b.to_string())),
        Expression::Null => Err(format!("`{name}` is null")),
        Expression::Array(_) | Expression::Object(_) => Err(format!("`{name}` must be a string, not `{expr}`")),
        Expression::TemplateExpr(template) => Ok(Input::Unresolved(template.to_string())),
        other => Ok(Input::Unresolved(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    fn parsed(body: &str) -> Permission {
        parse(body).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    #[test]
    fn the_function_url_argument_is_a_boolean() {
        let p = parsed(
            "resource \"aws_lambda_permission\" \"p\" {\n  action = \"lambda:InvokeFunction\"\n  function_name = \"f\"\n  principal = \"*\"\n  invoked_via_function_url = true\n}",
        );
        assert_eq!(p.get(Field::InvokedViaFunctionUrl), Some(&Input::Literal("true".into())));
        let p = parsed(
            "resource \"aws_lambda_permission\" \"p\" {\n  action = \"a\"\n  function_name = \"f\"\n  principal = \"*\"\n  invoked_via_function_url = var.url\n}",
        );
        assert_eq!(p.get(Field::InvokedViaFunctionUrl), Some(&Input::Unresolved("var.url".into())));
    }

    #[test]
    fn every_argument() {
        let p = parsed(
            r#"
provider "aws" { region = "us-east-1" }

resource "aws_lambda_permission" "p" {
  statement_id           = "s"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "my-function"
  qualifier              = "prod"
  principal              = "*"
  source_arn             = "arn:aws:s3:::b"
  source_account         = "123456789012"
  event_source_token     = "tok"
  principal_org_id       = "o-a1b2c3d4e5f"
  function_url_auth_type = "NONE"
  region                 = "eu-west-1"
  depends_on             = [aws_lambda_function.f]
  lifecycle { create_before_destroy = true }
}
"#,
        );
        for (field, value) in [
            (Field::StatementId, "s"),
            (Field::Action, "lambda:InvokeFunctionUrl"),
            (Field::FunctionName, "my-function"),
            (Field::Qualifier, "prod"),
            (Field::Principal, "*"),
            (Field::SourceArn, "arn:aws:s3:::b"),
            (Field::SourceAccount, "123456789012"),
            (Field::EventSourceToken, "tok"),
            (Field::PrincipalOrgId, "o-a1b2c3d4e5f"),
            (Field::FunctionUrlAuthType, "NONE"),
        ] {
            assert_eq!(p.get(field), Some(&Input::Literal(value.into())), "{field:?}");
        }
        assert_eq!(p.region, Some(Input::Literal("eu-west-1".into())));
    }

    #[test]
    fn references_are_unresolved() {
        let p = parsed(
            r#"resource "aws_lambda_permission" "p" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.f.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::${var.bucket}"
  source_account = data.aws_caller_identity.current.account_id
}"#,
        );
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Unresolved("aws_lambda_function.f.function_name".into())));
        assert_eq!(p.get(Field::SourceArn), Some(&Input::Unresolved("arn:aws:s3:::${var.bucket}".into())));
        assert!(matches!(p.get(Field::SourceAccount), Some(Input::Unresolved(_))));
        assert_eq!(p.get(Field::StatementId), None);
    }

    #[test]
    fn errors() {
        let cases = [
            ("resource \"aws_s3_bucket\" \"b\" {}", "no `resource \"aws_lambda_permission\"`"),
            ("resource \"aws_lambda_permission\" \"p\" {", "not valid HCL"),
            ("resource \"aws_lambda_permission\" \"p\" { functon_name = \"f\" }", "`functon_name` is not an argument"),
            ("resource \"aws_lambda_permission\" \"p\" { action = [\"a\"] }", "must be a string"),
            ("resource \"aws_lambda_permission\" \"p\" { action = null }", "is null"),
            (
                "resource \"aws_lambda_permission\" \"a\" {}\nresource \"aws_lambda_permission\" \"b\" {}",
                "2 `aws_lambda_permission` resources",
            ),
        ];
        for (body, want) in cases {
            let err = parse(body).unwrap_err();
            assert!(err.contains(want), "{body:?}: {err}");
        }
    }
}
