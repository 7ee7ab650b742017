//! The layer grant: `AddLayerVersionPermission` and what AWS documents it
//! accepts, so a notation AWS would refuse fails the build instead of being
//! compared.
//!
//! From the Lambda API reference (AddLayerVersionPermission, request
//! parameters and their patterns):
//!
//! - `LayerName`: a layer name or the layer's ARN *without* a version
//!   (`arn:…:layer:NAME`); the version is `VersionNumber`.
//! - `Action`: exactly `lambda:GetLayerVersion` (the pattern allows nothing else).
//! - `Principal`: a 12-digit account ID, `*`, or an account's root ARN
//!   (`arn:aws…:iam::ACCOUNT:root`); no service, role or user principals.
//! - `OrganizationId`: `o-` and 10 to 32 lower-case letters or digits, and only
//!   "with the principal set to `*`" (the Terraform page says the same).
//! - `StatementId`: 1 to 100 letters, digits, `-` and `_`.
//!
//! CloudFormation's `LayerVersionArn` is the version's ARN
//! (`arn:…:layer:NAME:VERSION`, as the resource page's example shows).

use super::{ArnContext, Field, Permission, Place};
use crate::checks::iam::valid_account;

/// A layer name, layer ARN or layer version ARN, split up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LayerRef {
    pub partition: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub name: String,
    pub version: Option<String>,
}

impl LayerRef {
    /// `arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME[:VERSION]` or `NAME`.
    fn parse(text: &str) -> Result<LayerRef, String> {
        let bad = || format!("`{text}` is not a layer name, layer ARN or layer version ARN");
        let parts: Vec<&str> = text.split(':').collect();
        let (partition, region, account, name, version) = match parts.as_slice() {
            [name] => (None, None, None, *name, None),
            ["arn", partition, "lambda", region, account, "layer", name] => {
                (Some(*partition), Some(*region), Some(*account), *name, None)
            }
            ["arn", partition, "lambda", region, account, "layer", name, version] => {
                (Some(*partition), Some(*region), Some(*account), *name, Some(*version))
            }
            _ => return Err(bad()),
        };
        let name_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !name_ok(name) || partition == Some("") || region == Some("") {
            return Err(bad());
        }
        if let Some(account) = account
            && !valid_account(account)
        {
            return Err(format!("`{text}`: `{account}` is not a 12-digit account ID"));
        }
        if let Some(version) = version {
            version_number(version).map_err(|e| format!("`{text}`: {e}"))?;
        }
        let own = |s: Option<&str>| s.map(str::to_string);
        Ok(LayerRef {
            partition: own(partition),
            region: own(region),
            account: own(account),
            name: name.to_string(),
            version: own(version),
        })
    }

    /// A full layer version ARN and nothing else.
    pub(crate) fn parse_version_arn(text: &str) -> Result<LayerRef, String> {
        let layer = LayerRef::parse(text)?;
        if layer.partition.is_none() || layer.version.is_none() {
            return Err(format!(
                "`{text}` is not a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)"
            ));
        }
        Ok(layer)
    }
}

/// A layer version number: a whole number from 1.
fn version_number(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!("`{text}` is not a layer version number (a whole number from 1)")),
    }
}

/// Refuse the values AddLayerVersionPermission would refuse (literal values only;
/// references are reported as unresolved elsewhere).
pub(crate) fn check_values(
    permission: &Permission,
    action: Option<&str>,
    principal: Option<&str>,
    sid: Option<&str>,
    organization: Option<&str>,
) -> Result<(), String> {
    let label = permission.label();
    if let Some(action) = action
        && action != "lambda:GetLayerVersion"
    {
        return Err(format!(
            "{label} can grant only `lambda:GetLayerVersion`, not `{action}` (the only action AddLayerVersionPermission accepts)"
        ));
    }
    if let Some(principal) = principal
        && !(principal == "*" || valid_account(principal) || is_root_arn(principal))
    {
        return Err(format!(
            "{label} grants to an account ID, `*` or an account's root ARN, not `{principal}`: a layer cannot be shared with a service, role or user"
        ));
    }
    if let Some(sid) = sid
        && (sid.is_empty()
            || sid.len() > 100
            || !sid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(format!(
            "`{sid}` is not a statement ID AddLayerVersionPermission accepts (1 to 100 letters, digits, `-` and `_`)"
        ));
    }
    if let Some(org) = organization {
        let id = org.strip_prefix("o-").unwrap_or_default();
        if !(10..=32).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(format!("`{org}` is not an organization ID (o- and 10 to 32 lower-case letters or digits)"));
        }
        if principal.is_some_and(|p| p != "*") {
            return Err(format!(
                "{} applies only with the principal `*` (every account of the organization); this grant names one account",
                permission.spelling(Field::PrincipalOrgId)
            ));
        }
    }
    Ok(())
}

/// `arn:aws…:iam::ACCOUNT:root`, the one ARN form the API's principal pattern allows.
fn is_root_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    matches!(parts.as_slice(), ["arn", partition, "iam", "", account, "root"]
        if partition.starts_with("aws") && valid_account(account))
}

/// The layer version ARN the grant names, and its partition.
pub(crate) fn resource(
    permission: &Permission,
    layer_name: Option<String>,
    version: Option<String>,
    version_arn: Option<String>,
    mut place: Place,
    context: &ArnContext,
) -> Result<(Option<String>, Option<String>), String> {
    let label = permission.label();
    if let Some(arn) = version_arn {
        let layer =
            LayerRef::parse_version_arn(&arn).map_err(|e| format!("{e}: {label} names the version by its ARN"))?;
        return Ok((Some(arn), layer.partition.or(place.partition)));
    }
    let (Some(name), Some(version)) = (layer_name, version) else { return Ok((None, place.partition)) };
    let layer = LayerRef::parse(&name)?;
    if layer.version.is_some() {
        return Err(format!(
            "`{name}` is a layer version ARN: {} takes the layer's name or ARN without the version, and the version in {}",
            permission.spelling(Field::LayerName),
            permission.spelling(Field::VersionNumber)
        ));
    }
    let version = version_number(&version)?;
    place.partition = layer.partition.clone().or(place.partition);
    place.region = layer.region.clone().or(place.region).or_else(|| context.region.clone());
    place.account = layer.account.clone().or_else(|| context.account.clone());
    let prefix = place.arn_prefix(permission, &format!("the layer `{name}`"))?;
    Ok((Some(format!("{prefix}:layer:{}:{version}", layer.name)), place.partition))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_names_in_every_form() {
        let arn = LayerRef::parse("arn:aws:lambda:us-east-1:123456789012:layer:my-deps").unwrap();
        assert_eq!((arn.account.as_deref(), arn.name.as_str(), arn.version), (Some("123456789012"), "my-deps", None));
        let versioned = LayerRef::parse_version_arn("arn:aws:lambda:us-east-1:123456789012:layer:my-deps:3").unwrap();
        assert_eq!(versioned.version.as_deref(), Some("3"));
        assert_eq!(LayerRef::parse("my_deps").unwrap().name, "my_deps");
        for bad in [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:lambda:us-east-1:12345:layer:x",
            "arn:aws:lambda:us-east-1:123456789012:layer:x:0",
            "arn:aws:lambda:us-east-1:123456789012:layer:x:v1",
            "my deps",
            "",
        ] {
            assert!(LayerRef::parse(bad).is_err(), "{bad}");
        }
        assert!(LayerRef::parse_version_arn("arn:aws:lambda:us-east-1:123456789012:layer:x").is_err());
        assert!(LayerRef::parse_version_arn("x").is_err());
    }

    #[test]
    fn root_arns() {
        assert!(is_root_arn("arn:aws:iam::111122223333:root"));
        assert!(is_root_arn("arn:aws-cn:iam::111122223333:root"));
        assert!(!is_root_arn("arn:aws:iam::111122223333:role/r"));
        assert!(!is_root_arn("arn:aws:iam::1111:root"));
    }

    #[test]
    fn version_numbers() {
        assert_eq!(version_number("3"), Ok(3));
        for bad in ["0", "-1", "+3", "3.0", ""] {
            assert!(version_number(bad).is_err(), "{bad}");
        }
    }
}
