//! The `Condition` element (IAM User Guide, "IAM JSON policy elements:
//! Condition operators" and "Set operators for multivalued context keys").
//!
//! * Several operators in a block, and several keys under one operator, are
//!   ANDed; several values for one key are ORed — for the negated operators
//!   (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, …) the result is the
//!   negation of that OR, i.e. the request value must match none of them.
//! * Condition key names are case-insensitive; values are case-sensitive
//!   unless the operator says otherwise (`…IgnoreCase`, `Bool`).
//! * A key missing from the request context makes a condition false, except:
//!   a negated operator is true; `…IfExists` is true; `ForAllValues:` is true
//!   and `ForAnyValue:` false (true with `IfExists`); `Null` tests presence.
//!   A key present with no values counts as missing.
//! * `ForAllValues:` — every request value must satisfy the operator;
//!   `ForAnyValue:` — at least one must. Without a set operator a
//!   multi-valued key behaves as `ForAnyValue:` for positive operators and
//!   as "no value matches" for negated ones.
//! * Numeric values are integers or decimals, compared exactly (digits, not
//!   `f64`, so integers above 2^53 stay apart); dates are W3C ISO 8601
//!   (`2024-01-31`, `2024-01-31T12:00:00Z`, with a `±hh:mm` offset or
//!   fractional seconds) or epoch seconds; IP values are CIDR blocks (IPv4
//!   or IPv6, `/32` or `/128` when no prefix is given); `BinaryEquals`
//!   decodes the base64 text on both sides and compares the bytes (a request
//!   value that is not base64 never matches); `ArnEquals` and `ArnLike` are the
//!   same operator and match each colon-separated ARN part separately.
//! * A policy value that cannot be substituted (an unresolved policy
//!   variable without default) makes the condition false.

use super::decimal::Decimal;
use super::matching::{self, Tok};
use super::vars;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrMode {
    Exact,
    IgnoreCase,
    Like,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Str(StrMode),
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// A parsed condition operator such as `ForAllValues:StringNotLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub set: Option<SetOp>,
    pub family: Family,
    pub negated: bool,
    pub if_exists: bool,
}

impl Operator {
    /// Parse an operator name (matched without regard to case).
    pub fn parse(text: &str) -> Option<Operator> {
        let lower = text.to_ascii_lowercase();
        let (set, rest) = if let Some(rest) = lower.strip_prefix("forallvalues:") {
            (Some(SetOp::ForAllValues), rest)
        } else if let Some(rest) = lower.strip_prefix("foranyvalue:") {
            (Some(SetOp::ForAnyValue), rest)
        } else {
            (None, lower.as_str())
        };
        let (rest, if_exists) = match rest.strip_suffix("ifexists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        use Cmp::*;
        let (family, negated) = match rest {
            "stringequals" => (Family::Str(StrMode::Exact), false),
            "stringnotequals" => (Family::Str(StrMode::Exact), true),
            "stringequalsignorecase" => (Family::Str(StrMode::IgnoreCase), false),
            "stringnotequalsignorecase" => (Family::Str(StrMode::IgnoreCase), true),
            "stringlike" => (Family::Str(StrMode::Like), false),
            "stringnotlike" => (Family::Str(StrMode::Like), true),
            "numericequals" => (Family::Numeric(Eq), false),
            "numericnotequals" => (Family::Numeric(Eq), true),
            "numericlessthan" => (Family::Numeric(Lt), false),
            "numericlessthanequals" => (Family::Numeric(Le), false),
            "numericgreaterthan" => (Family::Numeric(Gt), false),
            "numericgreaterthanequals" => (Family::Numeric(Ge), false),
            "dateequals" => (Family::Date(Eq), false),
            "datenotequals" => (Family::Date(Eq), true),
            "datelessthan" => (Family::Date(Lt), false),
            "datelessthanequals" => (Family::Date(Le), false),
            "dategreaterthan" => (Family::Date(Gt), false),
            "dategreaterthanequals" => (Family::Date(Ge), false),
            "bool" => (Family::Bool, false),
            "binaryequals" => (Family::Binary, false),
            "ipaddress" => (Family::Ip, false),
            "notipaddress" => (Family::Ip, true),
            "arnequals" | "arnlike" => (Family::Arn, false),
            "arnnotequals" | "arnnotlike" => (Family::Arn, true),
            "null" if !if_exists && set.is_none() => (Family::Null, false),
            _ => return None,
        };
        Some(Operator { set, family, negated, if_exists })
    }

    fn takes_variables(self) -> bool {
        matches!(self.family, Family::Str(_) | Family::Arn | Family::Bool)
    }
}

/// One operator/key/values triple of a `Condition` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator_text: String,
    pub operator: Operator,
    /// Lower-cased key name.
    pub key: String,
    pub values: Vec<String>,
}

/// Parse a `Condition` element, checking every literal value the operator
/// needs to understand (numbers, dates, CIDR blocks, base64, booleans).
pub fn parse_block(block: &Value, variables: bool) -> Result<Vec<Condition>, String> {
    let Value::Object(operators) = block else {
        return Err("`Condition` must be an object".to_string());
    };
    let mut out = Vec::new();
    for (operator_text, keys) in operators {
        let operator =
            Operator::parse(operator_text).ok_or_else(|| format!("unknown condition operator `{operator_text}`"))?;
        let Value::Object(keys) = keys else {
            return Err(format!("the `{operator_text}` condition must be an object of keys and values"));
        };
        for (key, values) in keys {
            let values = condition_values(values).ok_or_else(|| {
                format!("the values of `{operator_text}` / `{key}` must be strings, numbers or booleans")
            })?;
            for value in &values {
                if variables && operator.takes_variables() && vars::has_variable(value) {
                    continue;
                }
                check_value(operator.family, value).map_err(|why| format!("`{operator_text}` / `{key}`: {why}"))?;
            }
            out.push(Condition {
                operator_text: operator_text.clone(),
                operator,
                key: key.to_ascii_lowercase(),
                values,
            });
        }
    }
    Ok(out)
}

fn condition_values(value: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => one(other).map(|v| vec![v]),
    }
}

fn check_value(family: Family, value: &str) -> Result<(), String> {
    let ok = match family {
        Family::Numeric(_) => parse_number(value).is_some(),
        Family::Date(_) => parse_date(value).is_some(),
        Family::Bool | Family::Null => value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"),
        Family::Binary => base64(value).is_some(),
        Family::Ip => parse_cidr(value).is_some(),
        Family::Str(_) | Family::Arn => true,
    };
    if ok { Ok(()) } else { Err(format!("`{value}` is not a valid {} value", family_name(family))) }
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::Str(_) => "string",
        Family::Numeric(_) => "numeric",
        Family::Date(_) => "date (ISO 8601 or epoch seconds)",
        Family::Bool => "boolean (true or false)",
        Family::Binary => "base64",
        Family::Ip => "IP address or CIDR block",
        Family::Arn => "ARN",
        Family::Null => "Null (true or false)",
    }
}

impl Condition {
    /// Evaluate against the request context (lower-case keys).
    pub fn evaluate(&self, context: &BTreeMap<String, Vec<String>>, variables: bool) -> bool {
        let op = self.operator;
        let present = context.get(&self.key).filter(|values| !values.is_empty());
        if op.family == Family::Null {
            let is_null = present.is_none();
            return self.values.iter().any(|v| v.eq_ignore_ascii_case("true") == is_null);
        }
        let Some(request_values) = present else {
            return match op.set {
                Some(SetOp::ForAllValues) => true,
                Some(SetOp::ForAnyValue) => op.if_exists,
                None => op.if_exists || op.negated,
            };
        };
        let mut patterns = Vec::with_capacity(self.values.len());
        for value in &self.values {
            let pattern = if op.takes_variables() {
                match vars::substitute(value, context, variables) {
                    Ok(p) => p,
                    Err(_) => return false,
                }
            } else {
                matching::tokenize(value)
            };
            patterns.push((pattern, value.as_str()));
        }
        let test = |request_value: &String| {
            let hit = patterns.iter().any(|(pattern, raw)| matches(op.family, pattern, raw, request_value));
            hit != op.negated
        };
        match op.set {
            Some(SetOp::ForAllValues) => request_values.iter().all(test),
            Some(SetOp::ForAnyValue) => request_values.iter().any(test),
            None if op.negated => request_values.iter().all(test),
            None => request_values.iter().any(test),
        }
    }
}

/// The positive (non-negated) comparison of one policy value with one
/// request value.
fn matches(family: Family, pattern: &[Tok], raw: &str, value: &str) -> bool {
    match family {
        Family::Str(StrMode::Exact) => matching::literal(pattern) == value,
        Family::Str(StrMode::IgnoreCase) => matching::literal(pattern).to_lowercase() == value.to_lowercase(),
        Family::Str(StrMode::Like) => matching::glob(pattern, value, false),
        Family::Arn => matching::arn_matches(pattern, value),
        Family::Bool => {
            let policy = matching::literal(pattern);
            (policy.eq_ignore_ascii_case("true") || policy.eq_ignore_ascii_case("false"))
                && policy.eq_ignore_ascii_case(value.trim())
        }
        Family::Numeric(cmp) => match (parse_number(value), parse_number(raw)) {
            (Some(v), Some(p)) => compare(cmp, v, p),
            _ => false,
        },
        Family::Date(cmp) => match (parse_date(value), parse_date(raw)) {
            (Some(v), Some(p)) => compare(cmp, v, p),
            _ => false,
        },
        Family::Binary => match base64(raw) {
            Some(policy) => base64(value) == Some(policy),
            None => false,
        },
        Family::Ip => match (parse_cidr(raw), value.trim().parse::<IpAddr>()) {
            (Some((net, prefix)), Ok(ip)) => cidr_contains(net, prefix, ip),
            _ => false,
        },
        Family::Null => false,
    }
}

fn compare(cmp: Cmp, request: Decimal, policy: Decimal) -> bool {
    match cmp {
        Cmp::Eq => request == policy,
        Cmp::Lt => request < policy,
        Cmp::Le => request <= policy,
        Cmp::Gt => request > policy,
        Cmp::Ge => request >= policy,
    }
}

/// An integer or decimal number (no `inf`, `nan` or hex), kept exact: see
/// [`Decimal`]. An exponent so large that no `f64` holds the number is refused.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let number = Decimal::parse(text)?;
    text.parse::<f64>().ok().filter(|n| n.is_finite())?;
    Some(number)
}

/// A date as seconds since the epoch: epoch seconds, or one of the W3C
/// profiles of ISO 8601 (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mm[:ss[.s…]]` followed by `Z`, `±hh:mm` or nothing for UTC).
pub fn parse_date(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if !text.is_ascii() || text.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i64> {
        let slice = b.get(from..from + n)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        text[from..from + n].parse().ok()
    };
    // A bare number (even four digits) is epoch seconds, not a year.
    if !text.contains(['-', ':', 'T', 't']) || (text.starts_with('-') && !text[1..].contains(['-', ':', 'T'])) {
        return parse_number(text);
    }
    let year = digits(0, 4)?;
    let (mut month, mut day) = (1, 1);
    let mut i = 4;
    if b.get(i) == Some(&b'-') {
        month = digits(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            day = digits(i + 1, 2)?;
            i += 3;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = 0i64;
    let mut fraction = "";
    let mut offset = 0i64;
    if i < b.len() {
        if !matches!(b[i], b'T' | b't') {
            return None;
        }
        let hour = digits(i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        let minute = digits(i + 4, 2)?;
        i += 6;
        let mut second = 0i64;
        if b.get(i) == Some(&b':') {
            second = digits(i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                if end == start {
                    return None;
                }
                fraction = &text[start..end];
                i = end;
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds = hour * 3600 + minute * 60 + second;
        match b.get(i) {
            None => {}
            Some(b'Z' | b'z') if i + 1 == b.len() => {}
            Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let (h, m) = (digits(i + 1, 2)?, digits(i + 4, 2)?);
                if h > 23 || m > 59 {
                    return None;
                }
                offset = (h * 3600 + m * 60) * if *sign == b'+' { 1 } else { -1 };
            }
            _ => return None,
        }
    }
    Decimal::from_parts(days_from_civil(year, month, day) * 86_400 - offset + seconds, fraction)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let mut days = 0;
    if year >= 1970 {
        for y in 1970..year {
            days += if is_leap(y) { 366 } else { 365 };
        }
    } else {
        for y in year..1970 {
            days -= if is_leap(y) { 366 } else { 365 };
        }
    }
    for m in 1..month {
        days += days_in_month(year, m);
    }
    days + day - 1
}

/// Decode standard base64 (padding optional, whitespace ignored).
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut count = 0u32;
    let mut out = Vec::new();
    let mut padding = false;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            _ => return None,
        };
        if padding {
            return None;
        }
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    (count < 6).then_some(out)
}

/// An address or CIDR block; the prefix defaults to /32 (IPv4) or /128 (IPv6).
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let text = text.trim();
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let addr: IpAddr = addr.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 3 => p.parse::<u8>().ok()?,
        Some(_) => return None,
        None => max,
    };
    (prefix <= max).then_some((addr, prefix))
}

pub fn cidr_contains(net: IpAddr, prefix: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => {
            let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix as u32) };
            u32::from(net) & mask == u32::from(ip) & mask
        }
        (IpAddr::V6(net), IpAddr::V6(ip)) => {
            let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix as u32) };
            u128::from(net) & mask == u128::from(ip) & mask
        }
        _ => false,
    }
}
