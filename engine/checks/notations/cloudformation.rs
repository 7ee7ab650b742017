//! CloudFormation `AWS::Lambda::Permission` or `AWS::Lambda::LayerVersionPermission`,
//! in a YAML or JSON template fragment.
//!
//! The fragment may be a whole template (`Resources:`), a map of logical IDs
//! to resources, or one resource (`Type:` + `Properties:`). It must hold
//! exactly one of the two.
//!
//! YAML is read with `serde_norway` (a maintained fork of `serde_yaml`), which
//! keeps CloudFormation's short-form tags (`!Sub`, `!GetAtt`, `!Ref`) as tagged
//! values instead of failing on them. Tags and the long forms (`{"Ref": …}`,
//! `{"Fn::GetAtt": …}`) are references, reported as unresolved — except a
//! `!Sub` / `Fn::Sub` of a plain string without `${…}`, which is that string.

use super::{Field, Grant, Input, Notation, Permission};
use serde_norway::Value as Yaml;

/// The resource type of each grant.
const TYPES: &[(&str, Grant)] =
    &[("AWS::Lambda::Permission", Grant::Function), ("AWS::Lambda::LayerVersionPermission", Grant::LayerVersion)];

fn grant_of(resource: &Yaml) -> Option<(&'static str, Grant)> {
    let Yaml::Mapping(map) = resource else { return None };
    let type_name = map.get("Type").and_then(Yaml::as_str)?;
    TYPES.iter().find(|(t, _)| *t == type_name).copied()
}

/// Resource attributes that are not properties and do not shape the statement.
const RESOURCE_ATTRIBUTES: &[&str] =
    &["Type", "Properties", "DependsOn", "Condition", "Metadata", "DeletionPolicy", "UpdateReplacePolicy"];

pub fn parse(body: &str) -> Result<Permission, String> {
    unquoted_leading_zero(body)?;
    let doc: Yaml =
        serde_norway::from_str(body).map_err(|e| format!("the template fragment is not valid YAML or JSON: {e}"))?;
    let mut resources = Vec::new();
    find_permissions(&doc, &mut resources);
    let resource = match resources.as_slice() {
        [] => {
            return Err(
                "the template fragment has no `AWS::Lambda::Permission` or `AWS::Lambda::LayerVersionPermission` resource"
                    .into(),
            );
        }
        [one] => *one,
        many => {
            let first = grant_of(many[0]).map(|(t, _)| t).unwrap_or_default();
            return Err(if many.iter().all(|r| grant_of(r).map(|(t, _)| t) == Some(first)) {
                format!("the template fragment has {} `{first}` resources; show one grant per block", many.len())
            } else {
                format!(
                    "the template fragment has {} grant resources of two kinds; show one grant per block",
                    many.len()
                )
            });
        }
    };
    let (type_name, grant) = grant_of(resource).expect("find_permissions returns grant resources");
    let Yaml::Mapping(resource) = resource else { unreachable!("find_permissions returns mappings") };
    for (key, _) in resource {
        let key = key.as_str().unwrap_or_default();
        if !RESOURCE_ATTRIBUTES.contains(&key) {
            return Err(format!("`{key}` is not a resource attribute of `{type_name}`"));
        }
    }
    let properties = match resource.get("Properties") {
        Some(Yaml::Mapping(p)) => p,
        Some(_) => return Err(format!("the `{type_name}` resource's Properties is not a mapping")),
        None => return Err(format!("the `{type_name}` resource has no Properties")),
    };
    let notation = Notation::CloudFormation;
    let mut permission = Permission::new(notation, grant);
    for (key, value) in properties {
        let Some(name) = key.as_str() else {
            return Err(format!("a property name is not a string: {}", display(key)));
        };
        let field: Field =
            grant.field(notation, name).ok_or_else(|| format!("`{name}` is not a property of `{type_name}`"))?;
        permission.fields.insert(field, input(name, value)?);
    }
    Ok(permission)
}

/// `SourceAccount: 012345678901` is a number to YAML, and a number loses its
/// leading zero (YAML 1.1 parsers may even read it as octal). The value of the
/// mapping entry is checked as written, since the parsed value no longer shows
/// whether it was quoted.
fn unquoted_leading_zero(body: &str) -> Result<(), String> {
    for line in body.lines() {
        let line = line.trim_start().trim_start_matches("- ");
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.split(" #").next().unwrap_or_default().trim();
        let key = key.trim().trim_matches('"');
        if value.len() > 1 && value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{key}: {value}` is an unquoted number with a leading zero, which YAML does not keep as written: quote it"
            ));
        }
    }
    Ok(())
}

/// Every mapping whose `Type` is one of the grant [`TYPES`], at the top, under
/// `Resources`, or one level down (a map of logical IDs).
fn find_permissions<'a>(doc: &'a Yaml, out: &mut Vec<&'a Yaml>) {
    let Yaml::Mapping(map) = doc else { return };
    if grant_of(doc).is_some() {
        out.push(doc);
        return;
    }
    let scope = match map.get("Resources") {
        Some(Yaml::Mapping(resources)) => resources,
        _ => map,
    };
    for (_, value) in scope {
        if grant_of(value).is_some() {
            out.push(value);
        }
    }
}

/// A property value: a scalar is its text; a reference is unresolved.
fn input(name: &str, value: &Yaml) -> Result<Input, String> {
    match value {
        Yaml::String(s) => Ok(Input::Literal(s.clone())),
        Yaml::Number(n) => Ok(Input::Literal(n.to_string())),
        Yaml::Bool(b) => Ok(Input::Literal(b.to_string())),
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            Ok(plain_sub(&tag == "!Sub", &tagged.value)
                .unwrap_or_else(|| Input::Unresolved(format!("{tag} {}", display(&tagged.value)))))
        }
        Yaml::Mapping(map) if map.len() == 1 => {
            let (key, inner) = map.iter().next().expect("one entry");
            match key.as_str() {
                Some(k) if k == "Ref" || k.starts_with("Fn::") => {
                    Ok(plain_sub(k == "Fn::Sub", inner).unwrap_or_else(|| Input::Unresolved(display(value))))
                }
                _ => Err(format!("`{name}` must be a string, not {}", display(value))),
            }
        }
        Yaml::Null => Err(format!("`{name}` has no value")),
        other => Err(format!("`{name}` must be a string, not {}", display(other))),
    }
}

/// `!Sub "text"` without `${…}` is just the text.
fn plain_sub(is_sub: bool, value: &Yaml) -> Option<Input> {
    match value {
        Yaml::String(s) if is_sub && !s.contains("${") => Some(Input::Literal(s.clone())),
        _ => None,
    }
}

/// A compact one-line rendering of a YAML value, for messages.
fn display(value: &Yaml) -> String {
    match value {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::String(s) => s.clone(),
        Yaml::Sequence(items) => format!("[{}]", items.iter().map(display).collect::<Vec<_>>().join(", ")),
        Yaml::Mapping(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("{}: {}", display(k), display(v))).collect::<Vec<_>>().join(", ")
        ),
        Yaml::Tagged(t) => format!("{} {}", t.tag, display(&t.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(body: &str) -> Permission {
        parse(body).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    #[test]
    fn shapes_of_fragment() {
        let props = "FunctionName: f\n  Action: lambda:InvokeFunction\n  Principal: s3.amazonaws.com";
        let whole = format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      {}",
            props.replace("\n  ", "\n      ")
        );
        let map = format!(
            "P:\n  Type: AWS::Lambda::Permission\n  DependsOn: F\n  Properties:\n    {}",
            props.replace("\n  ", "\n    ")
        );
        let single = format!("Type: AWS::Lambda::Permission\nProperties:\n  {props}");
        let json = r#"{"Resources": {"P": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}}}}"#;
        for body in [whole.as_str(), map.as_str(), single.as_str(), json] {
            let p = parsed(body);
            assert_eq!(p.get(Field::FunctionName), Some(&Input::Literal("f".into())), "{body}");
            assert_eq!(p.get(Field::Principal), Some(&Input::Literal("s3.amazonaws.com".into())), "{body}");
        }
    }

    #[test]
    fn every_property() {
        let p = parsed(
            "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: f\n  Action: lambda:InvokeFunctionUrl\n  Principal: '*'\n  SourceArn: arn:aws:s3:::b\n  SourceAccount: '123456789012'\n  FunctionUrlAuthType: AWS_IAM\n  PrincipalOrgID: o-a1b2c3d4e5f\n  EventSourceToken: tok\n",
        );
        for (field, value) in [
            (Field::SourceArn, "arn:aws:s3:::b"),
            (Field::SourceAccount, "123456789012"),
            (Field::FunctionUrlAuthType, "AWS_IAM"),
            (Field::PrincipalOrgId, "o-a1b2c3d4e5f"),
            (Field::EventSourceToken, "tok"),
            (Field::Principal, "*"),
        ] {
            assert_eq!(p.get(field), Some(&Input::Literal(value.into())), "{field:?}");
        }
    }

    #[test]
    fn the_function_url_property_is_a_boolean() {
        for (value, want) in [("true", "true"), ("'true'", "true"), ("false", "false")] {
            let p = parsed(&format!(
                "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: f\n  Action: lambda:InvokeFunction\n  Principal: '*'\n  InvokedViaFunctionUrl: {value}\n"
            ));
            assert_eq!(p.get(Field::InvokedViaFunctionUrl), Some(&Input::Literal(want.into())), "{value}");
        }
    }

    #[test]
    fn numbers_and_references() {
        let p = parsed(
            "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: !GetAtt MyFunction.Arn\n  Action: !Sub lambda:InvokeFunction\n  Principal: {\"Fn::Sub\": \"${AWS::AccountId}\"}\n  SourceAccount: 123456789012\n  SourceArn: !Ref Bucket\n",
        );
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Unresolved("!GetAtt MyFunction.Arn".into())));
        assert_eq!(p.get(Field::Action), Some(&Input::Literal("lambda:InvokeFunction".into())));
        assert_eq!(p.get(Field::Principal), Some(&Input::Unresolved("{Fn::Sub: ${AWS::AccountId}}".into())));
        assert_eq!(p.get(Field::SourceAccount), Some(&Input::Literal("123456789012".into())));
        assert_eq!(p.get(Field::SourceArn), Some(&Input::Unresolved("!Ref Bucket".into())));
    }

    #[test]
    fn errors() {
        let cases = [
            ("Resources: {}", "no `AWS::Lambda::Permission`"),
            ("a: [", "not valid YAML"),
            ("Type: AWS::Lambda::Permission\nProperties:\n  StatementId: x", "`StatementId` is not a property"),
            ("Type: AWS::Lambda::Permission\nProperties:\n  Action: [a, b]", "must be a string"),
            ("Type: AWS::Lambda::Permission\nProperties:\n  Action:", "has no value"),
            ("Type: AWS::Lambda::Permission", "has no Properties"),
            ("Type: AWS::Lambda::Permission\nPropertes: {}", "`Propertes` is not a resource attribute"),
            (
                "A: {Type: AWS::Lambda::Permission}\nB: {Type: AWS::Lambda::Permission}",
                "2 `AWS::Lambda::Permission` resources",
            ),
        ];
        for (body, want) in cases {
            let err = parse(body).unwrap_err();
            assert!(err.contains(want), "{body:?}: {err}");
        }
    }
}
