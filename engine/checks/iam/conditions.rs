//! Condition: operators (with ForAllValues:/ForAnyValue: and IfExists), keys
//! (global `aws:*` keys, service keys from the data, identity-provider keys),
//! and values of the right type for the operator and the key.
//!
//! Codes of our own: TYPE_MISMATCH_ARN (warning).

use std::collections::HashSet;
use std::net::IpAddr;

use serde_json::{Map, Value};

use super::actions::resolve;
use super::service_data::{Base, KeyType, data};
use super::text::{closest, has_wildcard};
use super::{Stmt, join};
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

const OPERATORS: &[(&str, Family)] = &[
    ("StringEquals", Family::String),
    ("StringNotEquals", Family::String),
    ("StringEqualsIgnoreCase", Family::String),
    ("StringNotEqualsIgnoreCase", Family::String),
    ("StringLike", Family::String),
    ("StringNotLike", Family::String),
    ("NumericEquals", Family::Numeric),
    ("NumericNotEquals", Family::Numeric),
    ("NumericLessThan", Family::Numeric),
    ("NumericLessThanEquals", Family::Numeric),
    ("NumericGreaterThan", Family::Numeric),
    ("NumericGreaterThanEquals", Family::Numeric),
    ("DateEquals", Family::Date),
    ("DateNotEquals", Family::Date),
    ("DateLessThan", Family::Date),
    ("DateLessThanEquals", Family::Date),
    ("DateGreaterThan", Family::Date),
    ("DateGreaterThanEquals", Family::Date),
    ("Bool", Family::Bool),
    ("BinaryEquals", Family::Binary),
    ("IpAddress", Family::Ip),
    ("NotIpAddress", Family::Ip),
    ("ArnEquals", Family::Arn),
    ("ArnLike", Family::Arn),
    ("ArnNotEquals", Family::Arn),
    ("ArnNotLike", Family::Arn),
    ("Null", Family::Null),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    ForAllValues,
    ForAnyValue,
}

struct Op<'a> {
    base: &'a str,
    family: Family,
    qualifier: Option<Qualifier>,
    if_exists: bool,
}

fn parse_op(op: &str) -> Option<Op<'_>> {
    let (qualifier, rest) = if let Some(r) = op.strip_prefix("ForAllValues:") {
        (Some(Qualifier::ForAllValues), r)
    } else if let Some(r) = op.strip_prefix("ForAnyValue:") {
        (Some(Qualifier::ForAnyValue), r)
    } else {
        (None, op)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let family = OPERATORS.iter().find(|(n, _)| *n == base)?.1;
    Some(Op { base, family, qualifier, if_exists })
}

fn family_for(base: Base) -> Family {
    match base {
        Base::String => Family::String,
        Base::Arn => Family::Arn,
        Base::Numeric => Family::Numeric,
        Base::Date => Family::Date,
        Base::Bool => Family::Bool,
        Base::Ip => Family::Ip,
        Base::Binary => Family::Binary,
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::String => "String",
        Family::Numeric => "Numeric",
        Family::Date => "Date",
        Family::Bool => "Bool",
        Family::Binary => "Binary",
        Family::Ip => "IpAddress",
        Family::Arn => "Arn",
        Family::Null => "Null",
    }
}

/// What we know about a condition key.
enum KeyInfo {
    Known(KeyType, Option<usize>),
    /// Exists, type unknown (identity-provider keys).
    Untyped,
}

const TAG_KEYS: &[&str] = &["aws:RequestTag", "aws:ResourceTag", "aws:PrincipalTag"];

fn lookup_key(key: &str) -> Result<KeyInfo, Finding> {
    let data = data();
    let Some((prefix, name)) = key.split_once(':').filter(|(p, n)| !p.is_empty() && !n.is_empty()) else {
        return Err(Finding::error(
            codes::INVALID_CONDITION_KEY_FORMAT,
            format!("`{key}` is not a condition key: keys look like `service:name`."),
        )
        .with_hint("e.g. `aws:SourceArn` or `s3:prefix`"));
    };
    if prefix.eq_ignore_ascii_case("aws") {
        if name.eq_ignore_ascii_case("ARN") {
            return Err(Finding::warning(codes::DEPRECATED_GLOBAL_CONDITION_KEY, "`aws:ARN` is deprecated.")
                .with_hint("use `aws:PrincipalArn` or `aws:SourceArn`"));
        }
        // Before the global keys: `aws:RequestTag/` matches `aws:RequestTag/*`
        // there, but a tag key is 1 to 128 characters, so no request has a tag
        // with an empty key and the condition could never match (tag
        // restrictions: docs.amazonaws.cn/en_us/emr/latest/EMR-Serverless-UserGuide/tagging-restrictions.md).
        if let Some(t) = TAG_KEYS.iter().find(|t| t.eq_ignore_ascii_case(key.strip_suffix('/').unwrap_or(key))) {
            return Err(Finding::error(codes::MISSING_TAG_KEY_IN_CONDITION, format!("`{key}` needs a tag key."))
                .with_hint(format!("write `{t}/tag-key`, e.g. `{t}/team`")));
        }
        if let Some(k) = data.global_key(key) {
            return Ok(KeyInfo::Known(k.ty, None));
        }
        let f = Finding::error(
            codes::INVALID_GLOBAL_CONDITION_KEY,
            format!("The global condition key `{key}` does not exist."),
        );
        return Err(match closest(key, data.global_keys.iter().map(|k| k.pattern)) {
            Some(k) => f.with_hint(format!("did you mean `{k}`?")),
            None => f.with_hint("see the list of AWS global condition context keys"),
        });
    }
    if data.is_idp_prefix(prefix) || prefix.contains('.') || prefix.contains('/') {
        return Ok(KeyInfo::Untyped);
    }
    // `s3:ExistingObjectTag/` ends where its key name should start, as above;
    // the Service Authorization Reference lists a few such keys literally
    // (`sagemaker:ResourceTag/`), and those stay known.
    let listed_literally =
        || data.keys_with_prefix(prefix).is_some_and(|mut keys| keys.any(|(_, k)| k.pattern.eq_ignore_ascii_case(key)));
    if let Some((i, k)) = data.service_key(key).filter(|_| !key.ends_with('/') || listed_literally()) {
        return Ok(KeyInfo::Known(k.ty, Some(i)));
    }
    let base = key.strip_suffix('/').unwrap_or(key);
    if data.service_key(&format!("{base}/x")).is_some() {
        return Err(Finding::error(
            codes::MISSING_TAG_KEY_IN_CONDITION,
            format!("`{key}` needs a key name after `/`."),
        )
        .with_hint(format!("write `{base}/tag-key`")));
    }
    let f = Finding::error(
        codes::INVALID_SERVICE_CONDITION_KEY,
        format!("The condition key `{key}` does not exist in the service `{prefix}`."),
    );
    Err(match data.keys_with_prefix(prefix).and_then(|keys| closest(key, keys.map(|(_, k)| k.pattern))) {
        Some(k) => f.with_hint(format!("did you mean `{k}`?")),
        None => f.with_hint("check the service's condition keys in the Service Authorization Reference"),
    })
}

/// Cross-service keys: set by one service, usable with the actions of any service.
const CROSS_SERVICE_KEYS: &[&str] = &[
    "ec2:SourceInstanceArn",
    "ec2:RoleDelivery",
    "glue:RoleAssumedBy",
    "glue:CredentialIssuingService",
    "lambda:SourceFunctionArn",
    "ssm:SourceInstanceArn",
    "identitystore:UserId",
];

pub(crate) fn check(s: &Stmt, out: &mut Vec<Finding>) {
    let Some(cond) = s.get("Condition") else { return };
    let ptr = s.at("Condition");
    let Value::Object(ops) = cond else {
        out.push(Finding::error(codes::DATA_TYPE_MISMATCH, "`Condition` must be an object of operators.").at(ptr));
        return;
    };
    if ops.is_empty() {
        out.push(
            Finding::suggestion(codes::EMPTY_OBJECT_CONDITION, "The `Condition` block is empty and has no effect.")
                .at(ptr)
                .with_hint("add conditions, or remove the block"),
        );
        return;
    }
    for (op_name, block) in ops {
        let op_ptr = join(&ptr, op_name);
        let Some(op) = parse_op(op_name) else {
            let f = Finding::error(
                codes::INVALID_CONDITION_OPERATOR,
                format!("The condition operator `{op_name}` is not valid."),
            )
            .at_key(op_ptr);
            let bare = op_name.trim_start_matches("ForAllValues:").trim_start_matches("ForAnyValue:");
            out.push(if op_name.contains(':') && !op_name.starts_with("For") {
                f.with_hint(format!("`{op_name}` looks like a condition key: put it inside an operator, e.g. `\"StringEquals\": {{\"{op_name}\": ...}}`"))
            } else if let Some(known) = closest(bare, OPERATORS.iter().map(|(n, _)| *n)) {
                f.with_hint(format!("did you mean `{known}`? Operators are case-sensitive"))
            } else {
                f.with_hint("use an operator such as `StringEquals`, `ArnLike` or `Bool`")
            });
            continue;
        };
        if op.family == Family::Null && op.if_exists {
            out.push(
                Finding::error(codes::NULL_WITH_IF_EXISTS, "The `Null` operator cannot take the `IfExists` suffix.")
                    .at_key(op_ptr.clone())
                    .with_hint("write `Null`"),
            );
        }
        if op.family == Family::Null && op.qualifier.is_some() {
            out.push(
                Finding::suggestion(
                    codes::NULL_WITH_QUALIFIER,
                    "`Null` with `ForAllValues:` or `ForAnyValue:` always returns true or false respectively.",
                )
                .at_key(op_ptr.clone())
                .with_hint("write `Null`"),
            );
        }
        let Value::Object(block) = block else {
            out.push(
                Finding::error(
                    codes::DATA_TYPE_MISMATCH,
                    format!("`{op_name}` must hold an object of condition keys and values."),
                )
                .at(op_ptr),
            );
            continue;
        };
        if block.is_empty() {
            out.push(
                Finding::suggestion(
                    codes::EMPTY_OBJECT_CONDITION,
                    format!("The `{op_name}` block is empty and has no effect."),
                )
                .at(op_ptr.clone()),
            );
        }
        duplicate_case(block, &op_ptr, out);
        for (key, value) in block {
            key_and_values(s, &op, op_name, key, value, &join(&op_ptr, key), out);
        }
    }
}

fn duplicate_case(block: &Map<String, Value>, op_ptr: &str, out: &mut Vec<Finding>) {
    let mut seen: Vec<&str> = Vec::new();
    for key in block.keys() {
        if let Some(first) = seen.iter().find(|k| k.eq_ignore_ascii_case(key)) {
            out.push(
                Finding::error(
                    codes::DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                    format!("The condition key `{key}` repeats `{first}` with different capitalization."),
                )
                .at_key(join(op_ptr, key))
                .with_hint("merge the values under one key"),
            );
        } else {
            seen.push(key);
        }
    }
}

fn key_and_values(s: &Stmt, op: &Op, op_name: &str, key: &str, value: &Value, ptr: &str, out: &mut Vec<Finding>) {
    // Values: a scalar or an array of scalars.
    let values: Vec<(String, &Value)> = match value {
        Value::Array(items) => {
            if items.is_empty() {
                let code = match (op.qualifier, op.if_exists) {
                    (Some(Qualifier::ForAllValues), _) => codes::EMPTY_ARRAY_CONDITION_FORALLVALUES,
                    (Some(Qualifier::ForAnyValue), _) => codes::EMPTY_ARRAY_CONDITION_FORANYVALUE,
                    (None, true) => codes::EMPTY_ARRAY_CONDITION_IFEXISTS,
                    (None, false) => codes::EMPTY_ARRAY_CONDITION,
                };
                out.push(
                    Finding::suggestion(code, format!("There are no values for the condition key `{key}`."))
                        .at(ptr.to_string())
                        .with_hint("add values; to test that a key is absent use `\"Null\": {\"key\": \"true\"}`"),
                );
            }
            items.iter().enumerate().map(|(i, v)| (join(ptr, &i.to_string()), v)).collect()
        }
        other => vec![(ptr.to_string(), other)],
    };
    for (vptr, v) in &values {
        if matches!(v, Value::Object(_) | Value::Array(_) | Value::Null) {
            out.push(
                Finding::error(
                    codes::DATA_TYPE_MISMATCH,
                    format!("A value of `{key}` must be a string, number or boolean."),
                )
                .at(vptr.clone()),
            );
        }
    }

    let info = match lookup_key(key) {
        Ok(info) => Some(info),
        Err(f) => {
            let deprecated = f.code == codes::DEPRECATED_GLOBAL_CONDITION_KEY;
            out.push(f.at_key(ptr.to_string()));
            if !deprecated {
                return;
            }
            None
        }
    };
    let key_type = match info {
        Some(KeyInfo::Known(t, idx)) => {
            if let Some(idx) = idx {
                unsupported_action(s, key, idx, ptr, out);
            }
            Some(t)
        }
        _ => None,
    };

    // Operator against the key's type.
    if let Some(t) = key_type {
        let want = family_for(t.base);
        if op.family != Family::Null {
            if want == Family::Arn && op.family == Family::String && matches!(op.base, "StringLike" | "StringNotLike") {
                out.push(
                    Finding::security_warning(
                        codes::STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS,
                        format!("`{key}` is an ARN key; compare it with an Arn operator rather than `{}`.", op.base),
                    )
                    .at_key(ptr.to_string())
                    .with_hint(format!(
                        "use `{}`",
                        op_name.replace(op.base, if op.base == "StringLike" { "ArnLike" } else { "ArnNotLike" })
                    )),
                );
            } else if op.family != want
                && !(want == Family::Arn && op.family == Family::String)
                && !(want == Family::String && op.family == Family::Arn)
            {
                out.push(
                    Finding::warning(
                        codes::TYPE_MISMATCH,
                        format!(
                            "`{key}` is a {} key, but `{op_name}` is a {} operator.",
                            family_name(want),
                            family_name(op.family)
                        ),
                    )
                    .at_key(ptr.to_string())
                    .with_hint(format!("use a {} operator", family_name(want))),
                );
            }
            if op.qualifier == Some(Qualifier::ForAllValues) && !t.multi {
                out.push(
                    Finding::security_warning(
                        codes::FORALLVALUES_WITH_SINGLE_VALUED_KEY,
                        format!(
                            "`ForAllValues:` with the single-valued key `{key}` also matches when the key is missing."
                        ),
                    )
                    .at_key(ptr.to_string())
                    .with_hint(format!(
                        "remove `ForAllValues:`: write `{}`",
                        op_name.trim_start_matches("ForAllValues:")
                    )),
                );
            }
            if op.qualifier.is_none() && t.multi {
                out.push(
                    Finding::warning(codes::MISSING_QUALIFIER, format!("The key `{key}` can have several values; `{op_name}` without a qualifier is ambiguous."))
                        .at_key(ptr.to_string())
                        .with_hint(format!("write `ForAnyValue:{op_name}` (any value matches) or `ForAllValues:{op_name}` (every value matches)")),
                );
            }
        }
    }

    // Each value against the operator.
    let bools: HashSet<String> = values.iter().filter_map(|(_, v)| scalar(v)).map(|v| v.to_ascii_lowercase()).collect();
    if op.family == Family::Bool && bools.len() > 1 {
        out.push(
            Finding::error(
                codes::INVALID_CONDITION_MULTIPLE_BOOLEAN,
                format!("`{key}` is given both true and false under `Bool`."),
            )
            .at(ptr.to_string())
            .with_hint("use a single value"),
        );
    }
    for (vptr, v) in &values {
        let Some(text) = scalar(v) else { continue };
        if let Some(f) = variable_syntax(&text) {
            out.push(f.at(vptr.clone()));
            continue;
        }
        if text.contains("${") && !matches!(op.family, Family::String | Family::Arn) {
            out.push(
                Finding::error(
                    codes::INVALID_VARIABLE_FOR_OPERATOR,
                    "Policy variables only work with String and Arn operators.",
                )
                .at(vptr.clone()),
            );
            continue;
        }
        if let Some(f) = value_type(op, op_name, key, &text, v) {
            out.push(f.at(vptr.clone()));
        }
    }
    if op.family == Family::Ip && key.eq_ignore_ascii_case("aws:SourceIp") {
        let nets: Vec<(IpAddr, u8)> = values.iter().filter_map(|(_, v)| scalar(v)).filter_map(|t| cidr(&t)).collect();
        if !nets.is_empty() && nets.len() == values.len() && nets.iter().all(|(ip, _)| private(ip)) {
            let (code, what) = if op.base == "NotIpAddress" {
                (codes::PRIVATE_NOT_IP_ADDRESS, "has no effect")
            } else {
                (codes::PRIVATE_IP_ADDRESS, "never matches")
            };
            out.push(
                Finding::error(
                    code,
                    format!("`aws:SourceIp` only sees public addresses, so this private range {what}."),
                )
                .at(ptr.to_string())
                .with_hint("for private ranges use `aws:VpcSourceIp`"),
            );
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn variable_syntax(text: &str) -> Option<Finding> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Some(
                Finding::error(codes::MISSING_BRACE_IN_VARIABLE, "The policy variable has no closing `}`.")
                    .with_hint("add `}` after the variable name"),
            );
        };
        let inner = &after[..end];
        if inner.is_empty() {
            return Some(
                Finding::error(codes::EMPTY_VARIABLE, "`${}` is an empty policy variable.")
                    .with_hint("name a key, e.g. `${aws:username}`, or remove it"),
            );
        }
        if inner.contains(' ') && !inner.contains(", '") {
            return Some(
                Finding::error(
                    codes::UNSUPPORTED_SPACE_IN_VARIABLE,
                    format!("The policy variable `${{{inner}}}` contains a space."),
                )
                .with_hint(format!("write `${{{}}}`", inner.replace(' ', ""))),
            );
        }
        rest = &after[end + 1..];
    }
    None
}

/// What the evaluator reads as a number (so not `inf` or `NaN`, which `f64` parses).
fn is_number(t: &str) -> bool {
    t == t.trim() && crate::checks::eval::condition::parse_number(t).is_some()
}

/// ISO 8601 date or date-time (`2024-01-31`, `2024-01-31T12:00:00Z`, with offset or fraction), or epoch seconds.
fn is_date(t: &str) -> bool {
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 10 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    let (m, d) = (&t[5..7], &t[8..10]);
    if !("01"..="12").contains(&m) || !("01"..="31").contains(&d) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    // Byte 10 may start a multibyte character: look at the time only once
    // byte 10 is known to be the ASCII `T`, and never slice blindly.
    (b[10] == b'T' || b[10] == b't')
        && t.get(11..)
            .is_some_and(|time| time.len() >= 5 && time.chars().all(|c| c.is_ascii_digit() || ":.Z+-z".contains(c)))
}

fn cidr(t: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = match t.split_once('/') {
        Some((a, b)) => (a, b.parse::<u8>().ok()?),
        None => (t, if t.contains(':') { 128 } else { 32 }),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

fn private(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private() || v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

fn host_bits_set(ip: IpAddr, bits: u8) -> Option<String> {
    match ip {
        IpAddr::V4(v4) => {
            let n = u32::from(v4);
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
            (n & !mask != 0).then(|| format!("{}/{bits}", std::net::Ipv4Addr::from(n & mask)))
        }
        IpAddr::V6(v6) => {
            let n = u128::from(v6);
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - bits) };
            (n & !mask != 0).then(|| format!("{}/{bits}", std::net::Ipv6Addr::from(n & mask)))
        }
    }
}

fn value_type(op: &Op, op_name: &str, key: &str, text: &str, raw: &Value) -> Option<Finding> {
    match op.family {
        Family::Numeric if !is_number(text) => Some(
            Finding::warning(
                codes::TYPE_MISMATCH_NUMBER,
                format!("`{text}` is not a number, which `{op_name}` needs."),
            )
            .with_hint("write a number such as `3600`"),
        ),
        Family::Date if !is_date(text) => Some(
            Finding::warning(codes::TYPE_MISMATCH_DATE, format!("`{text}` is not a date, which `{op_name}` needs."))
                .with_hint("write an ISO 8601 date such as `2025-01-31T00:00:00Z`"),
        ),
        Family::Bool | Family::Null if !matches!(text.to_ascii_lowercase().as_str(), "true" | "false") => Some(
            Finding::warning(
                codes::TYPE_MISMATCH_BOOLEAN,
                format!("`{text}` is not a boolean, which `{op_name}` needs."),
            )
            .with_hint("write `\"true\"` or `\"false\"`"),
        ),
        Family::Ip => match cidr(text) {
            None => Some(
                Finding::warning(
                    codes::TYPE_MISMATCH_IP_RANGE,
                    format!("`{text}` is not an IP address or CIDR range."),
                )
                .with_hint("write a range such as `203.0.113.0/24`"),
            ),
            Some((ip, bits)) => host_bits_set(ip, bits).map(|fixed| {
                Finding::suggestion(
                    codes::IMPROVE_IP_RANGE,
                    format!("`{text}` has bits set after the mask, which IAM ignores."),
                )
                .with_hint(format!("write `{fixed}`"))
            }),
        },
        Family::Arn if !(text.starts_with("arn:") || text == "*" || text.starts_with("${")) => Some(
            Finding::warning(
                codes::TYPE_MISMATCH_ARN,
                format!("`{text}` is not an ARN, which `{op_name}` compares against."),
            )
            .with_hint(format!("write an ARN, or use a String operator for `{key}`")),
        ),
        Family::Binary if !text.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)) => Some(
            Finding::warning(codes::TYPE_MISMATCH_STRING, format!("`{text}` is not base64, which `{op_name}` needs.")),
        ),
        Family::String
            if matches!(op.base, "StringEquals" | "StringNotEquals")
                && raw.is_string()
                && has_wildcard(&super::text::variables_to_star_strict(text)) =>
        {
            Some(
                Finding::warning(
                    codes::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    format!("`{text}` has a `*` or `?`, which `{op_name}` compares literally."),
                )
                .with_hint(format!(
                    "if you meant a wildcard, use `{}`",
                    op_name.replace(op.base, if op.base == "StringEquals" { "StringLike" } else { "StringNotLike" })
                )),
            )
        }
        _ => None,
    }
}

/// UNSUPPORTED_ACTION_FOR_CONDITION_KEY, conservatively: a service key that
/// some actions support, none of which is in this statement.
fn unsupported_action(s: &Stmt, key: &str, idx: usize, ptr: &str, out: &mut Vec<Finding>) {
    if CROSS_SERVICE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) || !data().key_listed_by_an_action(idx) {
        return; // a service-wide key: the data does not say which actions use it
    }
    let actions = s.strings("Action");
    if actions.is_empty() {
        return;
    }
    let mut names = Vec::new();
    for (_, value) in &actions {
        let Some(list) = resolve(value) else { return };
        if list.iter().any(|(_, a)| a.keys.contains(&idx)) {
            return;
        }
        names.push(value.to_string());
    }
    out.push(
        Finding::warning(codes::UNSUPPORTED_ACTION_FOR_CONDITION_KEY, format!("No action of this statement supports the condition key `{key}`, so the condition never matches for them: {}.", names.join(", ")))
            .at_key(ptr.to_string())
            .with_hint("move the key to a statement whose actions support it, or check the key's name"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{codes, find};
    use crate::snippet::kind::Kind;
    use serde_json::json;

    fn stmt(cond: serde_json::Value) -> serde_json::Value {
        json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": cond})
    }
    /// Every finding's code for a statement with this condition, sorted: the
    /// whole list, so an extra or a duplicated finding fails the test.
    fn all(cond: serde_json::Value) -> Vec<String> {
        let mut codes = codes(stmt(cond), Kind::PolicyStatement);
        codes.sort();
        codes
    }

    #[test]
    fn operators() {
        assert_eq!(all(json!({"StringEqual": {"s3:prefix": "a"}})), ["INVALID_CONDITION_OPERATOR"]);
        let f = find(stmt(json!({"iam:PassedToService": "x"})), Kind::PolicyStatement, "INVALID_CONDITION_OPERATOR")
            .unwrap();
        assert!(f.target.at_key && f.target.pointer == "/Condition/iam:PassedToService");
        assert_eq!(all(json!({"NullIfExists": {"aws:TokenIssueTime": "true"}})), ["NULL_WITH_IF_EXISTS"]);
        assert_eq!(all(json!({"ForAnyValue:Null": {"aws:TagKeys": "true"}})), ["NULL_WITH_QUALIFIER"]);
        assert_eq!(all(json!({})), ["EMPTY_OBJECT_CONDITION"]);
        assert_eq!(all(json!({"ForAllValues:StringLikeIfExists": {"aws:TagKeys": ["a*"]}})), [] as [&str; 0]);
    }

    #[test]
    fn keys() {
        assert_eq!(all(json!({"StringEquals": {"aws:SourceAccnt": "123456789012"}})), ["INVALID_GLOBAL_CONDITION_KEY"]);
        assert_eq!(all(json!({"StringEquals": {"s3:prefx": "a"}})), ["INVALID_SERVICE_CONDITION_KEY"]);
        assert_eq!(all(json!({"StringEquals": {"key": "a"}})), ["INVALID_CONDITION_KEY_FORMAT"]);
        assert_eq!(all(json!({"StringEquals": {"aws:ResourceTag": "a"}})), ["MISSING_TAG_KEY_IN_CONDITION"]);
        assert_eq!(
            all(json!({"ArnEquals": {"aws:ARN": "arn:aws:iam::123456789012:root"}})),
            ["DEPRECATED_GLOBAL_CONDITION_KEY"]
        );
        assert_eq!(
            all(json!({"StringEquals": {"aws:SourceAccount": "1", "aws:sourceaccount": "2"}})),
            ["DUPLICATE_KEYS_WITH_DIFFERENT_CASE"]
        );
        assert_eq!(
            all(
                json!({"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": "home/", "accounts.google.com:aud": "x"}})
            ),
            [] as [&str; 0]
        );
        assert_eq!(
            all(json!({"StringEquals": {"ec2:InstanceType": "t3.micro"}})),
            ["UNSUPPORTED_ACTION_FOR_CONDITION_KEY"]
        );
    }

    #[test]
    fn value_types() {
        assert_eq!(all(json!({"DateGreaterThan": {"aws:CurrentTime": "bad"}})), ["TYPE_MISMATCH_DATE"]);
        assert_eq!(all(json!({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:01Z"}})), [] as [&str; 0]);
        assert_eq!(all(json!({"NumericLessThan": {"s3:max-keys": "ten"}})), ["TYPE_MISMATCH_NUMBER"]);
        assert_eq!(all(json!({"NumericEquals": {"s3:prefix": "home/"}})), ["TYPE_MISMATCH", "TYPE_MISMATCH_NUMBER"]);
        assert_eq!(all(json!({"Bool": {"aws:SecureTransport": "yes"}})), ["TYPE_MISMATCH_BOOLEAN"]);
        assert_eq!(
            all(json!({"Bool": {"aws:SecureTransport": ["true", "false"]}})),
            ["INVALID_CONDITION_MULTIPLE_BOOLEAN"]
        );
        assert_eq!(all(json!({"IpAddress": {"aws:SourceIp": "300.1.1.1/24"}})), ["TYPE_MISMATCH_IP_RANGE"]);
        assert_eq!(all(json!({"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}})), ["IMPROVE_IP_RANGE"]);
        assert_eq!(all(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), ["PRIVATE_IP_ADDRESS"]);
        assert_eq!(
            all(json!({"StringLike": {"aws:SourceArn": "arn:aws:s3:::b"}})),
            ["STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"]
        );
        assert_eq!(all(json!({"ArnLike": {"aws:SourceArn": "bucket"}})), ["TYPE_MISMATCH_ARN"]);
        assert_eq!(all(json!({"StringEquals": {"s3:prefix": "home/*"}})), ["WILDCARD_WITHOUT_LIKE_OPERATOR"]);
        assert_eq!(all(json!({"StringEquals": {"s3:prefix": "home/${aws:username}"}})), [] as [&str; 0]);
        assert_eq!(
            all(json!({"ForAllValues:StringEquals": {"aws:SourceAccount": "123456789012"}})),
            ["FORALLVALUES_WITH_SINGLE_VALUED_KEY"]
        );
        assert_eq!(all(json!({"StringEquals": {"aws:TagKeys": "team"}})), ["MISSING_QUALIFIER"]);
        assert_eq!(
            all(json!({"NumericLessThan": {"s3:max-keys": "${aws:username}"}})),
            ["INVALID_VARIABLE_FOR_OPERATOR"]
        );
        assert_eq!(all(json!({"StringEquals": {"s3:prefix": "${aws:username"}})), ["MISSING_BRACE_IN_VARIABLE"]);
        assert_eq!(all(json!({"StringEquals": {"s3:prefix": []}})), ["EMPTY_ARRAY_CONDITION"]);
    }

    /// Every finding (severity, code, pointer, message, hint) of each
    /// condition: the whole list, so a missing, extra or changed one shows.
    fn report(conditions: &[serde_json::Value]) -> String {
        conditions
            .iter()
            .map(|c| format!("## {c}\n{}", super::super::testutil::listed(stmt(c.clone()), Kind::PolicyStatement)))
            .collect()
    }

    /// Kills the mutants of the second sampled shard (`.ci/run`, 30 Nov 2026):
    /// empty key halves, an ARN key under a numeric operator, the private-range warning only for `aws:SourceIp`,
    /// and a Binary operator's base64 check.
    #[test]
    fn key_halves_families_and_binary_values() {
        insta::assert_snapshot!(report(&[
            json!({"StringEquals": {"aws:": "x"}}),
            json!({"StringEquals": {":prefix": "x"}}),
            json!({"NumericEquals": {"aws:SourceArn": "1"}}),
            json!({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}),
            json!({"BinaryEquals": {"aws:UserAgent": "not base64!"}}),
            json!({"BinaryEquals": {"aws:UserAgent": "QmluYXJ5"}}),
        ]));
    }

    #[test]
    fn values_against_keys_and_operators() {
        insta::assert_snapshot!(report(&[
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": []}}),
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": []}}),
            json!({"StringEqualsIfExists": {"s3:prefix": []}}),
            json!({"StringEquals": {"s3:prefix": [{"a": 1}, null, ["x"], 5, true]}}),
            // A deprecated key is said once, and its values are still checked.
            json!({"ArnEquals": {"aws:ARN": "bucket"}}),
            json!({"StringNotLike": {"aws:SourceArn": "arn:aws:s3:::b"}}),
            json!({"ArnEquals": {"s3:prefix": "arn:aws:s3:::b"}}),
            json!({"StringEquals": {"aws:SourceArn": "arn:aws:s3:::b"}}),
            json!({"NumericEquals": {"aws:SecureTransport": "1"}}),
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}),
            json!({"Bool": {"aws:SecureTransport": ["true", "TRUE"]}}),
            json!({"Bool": {"aws:SecureTransport": [true, false]}}),
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::${aws:username}"}}),
            json!({"DateLessThan": {"aws:CurrentTime": "${aws:CurrentTime}"}}),
            json!({"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}),
            json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}),
            json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "not an address"]}}),
            json!({"StringEquals": {"s3:prefix": ["${}", "${aws:user name}", "${aws:username, 'a b'}"]}}),
            json!({"StringEquals": {"s3:prefix": "${aws:username}/${aws:userid"}}),
        ]));
    }

    #[test]
    fn dates_numbers_and_addresses() {
        use super::{cidr, host_bits_set, is_date, is_number, private};
        for (text, date) in [
            ("1700000000", true),
            ("", false),
            ("2024-01-31", true),
            ("2024-01-31T12:00:00Z", true),
            ("2024-01-31t12:00", true),
            ("2024-01-31T12:00:00+09:00", true),
            ("2024-01-31T12:00:00.5z", true),
            ("2024-01-31T12:0", false),
            ("2024-01-31 12:00:00", false),
            ("2024-01-31X12:00", false),
            ("2024-01-31T12:00:00Q", false),
            ("2024-01-31\u{e9}", false),
            ("2024-13-01", false),
            ("2024-00-10", false),
            ("2024-01-32", false),
            ("2024-01-00", false),
            ("2024/01/31", false),
            ("2024-01/31", false),
            ("202a-01-31", false),
            ("2024-0a-31", false),
            ("2024-01-3a", false),
            ("2024-01-3", false),
        ] {
            assert_eq!(is_date(text), date, "{text}");
        }
        for (text, number) in [("5", true), ("-1.5", true), (" 5", false), ("5 ", false), ("ten", false)] {
            assert_eq!(is_number(text), number, "{text:?}");
        }
        let ip = |t: &str| t.parse::<std::net::IpAddr>().unwrap();
        for (text, net) in [
            ("10.0.0.0/8", Some(("10.0.0.0", 8))),
            ("10.0.0.1", Some(("10.0.0.1", 32))),
            ("10.0.0.0/32", Some(("10.0.0.0", 32))),
            ("10.0.0.0/33", None),
            ("::1", Some(("::1", 128))),
            ("::/128", Some(("::", 128))),
            ("::/129", None),
            ("x/8", None),
            ("10.0.0.0/a", None),
        ] {
            assert_eq!(cidr(text), net.map(|(a, b)| (ip(a), b)), "{text}");
        }
        for (text, is_private) in [
            ("192.168.1.1", true),
            ("127.0.0.1", true),
            ("169.254.1.1", true),
            ("8.8.8.8", false),
            ("::1", true),
            ("fd00::1", true),
            ("fc00::1", true),
            ("fe80::1", false),
            ("2001:db8::1", false),
        ] {
            assert_eq!(private(&ip(text)), is_private, "{text}");
        }
        for (text, bits, fixed) in [
            ("203.0.113.7", 24, Some("203.0.113.0/24")),
            ("203.0.113.0", 24, None),
            ("10.1.2.3", 0, Some("0.0.0.0/0")),
            ("0.0.0.0", 0, None),
            ("10.1.2.3", 32, None),
            ("2001:db8::1", 64, Some("2001:db8::/64")),
            ("2001:db8::", 64, None),
            ("::1", 0, Some("::/0")),
            ("::", 0, None),
            ("2001:db8::1", 128, None),
        ] {
            assert_eq!(host_bits_set(ip(text), bits).as_deref(), fixed, "{text}/{bits}");
        }
    }

    /// Keys that end where their tag key should start, identity-provider keys
    /// whose provider URL has a path, the hint for a misspelt operator, and a
    /// variable naming a tag key that is not ASCII: the whole finding list.
    #[test]
    fn empty_tag_keys_provider_paths_operator_hints_and_unicode_variables() {
        insta::assert_snapshot!(report(&[
            // A tag key is 1 to 128 characters: no request has an empty one.
            json!({"StringEquals": {"aws:RequestTag/": "x"}}),
            json!({"StringEquals": {"aws:principaltag/": "x"}}),
            // A tag key may itself be `/`.
            json!({"StringEquals": {"aws:ResourceTag//": "x"}}),
            json!({"StringEquals": {"s3:ExistingObjectTag/": "x"}}),
            // The Service Authorization Reference lists this one as it is.
            json!({"StringEquals": {"sagemaker:ResourceTag/": "x"}}),
            // An OpenID Connect provider's host, or a host and a path.
            json!({"StringEquals": {"login.example.com:sub": "x"}}),
            json!({"StringEquals": {"keycloak/realms/prod:sub": "x"}}),
            json!({"StringEqual": {"s3:prefix": "a"}}),
            json!({"ForAllValues:StringEqual": {"aws:TagKeys": ["a"]}}),
            json!({"s3:prefix": {"StringEquals": "a"}}),
            json!({"StringLike": {"s3:prefix": "home/${aws:PrincipalTag/チーム}/*"}}),
            // A JSON number is a value like its text: this one is not an ARN.
            json!({"NumericLessThan": {"s3:max-keys": 10}}),
            json!({"ArnEquals": {"aws:SourceArn": 123456789012_u64}}),
            // An ARN key compared with `*` or a policy variable.
            json!({"ArnLike": {"aws:SourceArn": "*"}}),
            json!({"ArnEquals": {"aws:SourceArn": "${aws:PrincipalArn}"}}),
        ]));
    }

    /// A service key that no action lists (only a resource type does): the
    /// data cannot say which actions use it, so no statement is told its
    /// actions do not support it.
    #[test]
    fn a_key_no_action_lists_is_not_held_against_the_actions() {
        let statement = json!({
            "Effect": "Allow",
            "Action": "account:GetAlternateContact",
            "Resource": "*",
            "Condition": {"ForAnyValue:StringLike": {"account:AccountResourceOrgPaths": "o-a1b2c3d4e5/r-ab12/*"}}
        });
        assert_eq!(super::super::testutil::listed(statement.clone(), Kind::PolicyStatement), "");
        // The same statement with a key the actions' own list has not got.
        let mut other = statement;
        other["Condition"] = json!({"StringEquals": {"ec2:InstanceType": "t3.micro"}});
        assert_eq!(
            super::super::testutil::listed(other, Kind::PolicyStatement),
            "warning UNSUPPORTED_ACTION_FOR_CONDITION_KEY at /Condition/StringEquals/ec2:InstanceType (key): \
             No action of this statement supports the condition key `ec2:InstanceType`, so the condition never \
             matches for them: account:GetAlternateContact.\n    \
             help: move the key to a statement whose actions support it, or check the key's name\n"
        );
    }
}
