//! Policy variables (IAM User Guide, "IAM policy elements: Variables and tags").
//!
//! * `${key}` is replaced by the single value of the request context key
//!   `key` (names are case-insensitive). A key that is missing, or that has
//!   several values, cannot be substituted.
//! * `${key, 'default'}` uses `default` when the key cannot be substituted;
//!   inside the quotes `''` stands for one `'`. Spaces around the key, the
//!   comma and the quoted default are ignored.
//! * `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`.
//! * Substitution happens once: a substituted value is literal text (its
//!   `*` and `?` are not wildcards, and `${…}` inside it is not expanded).
//! * Variables work only in policies whose `Version` is `2012-10-17`;
//!   otherwise `${aws:username}` is plain text.
//! * A `${` without a well-formed variable after it is plain text.
//!
//! Where variables may appear: the `Resource`/`NotResource` element and the
//! values of the String, ARN and Bool operators. Numeric, Date, IP address,
//! Binary and Null values are always taken literally.

use super::matching::Tok;
use std::collections::BTreeMap;

/// A variable that could not be substituted (no value and no default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved(pub String);

/// Resolve the variables of `text` against `context` (lower-case keys) into
/// a pattern; `*` and `?` written directly in `text` stay wildcards.
pub fn substitute(text: &str, context: &BTreeMap<String, Vec<String>>, enabled: bool) -> Result<Vec<Tok>, Unresolved> {
    let mut out = Vec::new();
    if !enabled {
        out.extend(super::matching::tokenize(text));
        return Ok(out);
    }
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        out.extend(super::matching::tokenize(&rest[..at]));
        let after = &rest[at + 2..];
        match parse_variable(after) {
            Some((variable, used)) => {
                match variable {
                    Variable::Escape(c) => out.push(Tok::Lit(c)),
                    Variable::Key { name, default } => {
                        let value = match context.get(&name.to_ascii_lowercase()) {
                            Some(values) if values.len() == 1 => Some(values[0].clone()),
                            _ => default,
                        };
                        match value {
                            Some(value) => out.extend(value.chars().map(Tok::Lit)),
                            None => return Err(Unresolved(name)),
                        }
                    }
                }
                rest = &after[used..];
            }
            None => {
                out.push(Tok::Lit('$'));
                out.push(Tok::Lit('{'));
                rest = after;
            }
        }
    }
    out.extend(super::matching::tokenize(rest));
    Ok(out)
}

/// Does `text` contain something that looks like a policy variable?
pub fn has_variable(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        if parse_variable(&rest[at + 2..]).is_some() {
            return true;
        }
        rest = &rest[at + 2..];
    }
    false
}

#[derive(Debug, PartialEq, Eq)]
enum Variable {
    Escape(char),
    Key { name: String, default: Option<String> },
}

/// Parse what follows `${`; returns the variable and the bytes used,
/// including the closing `}`.
fn parse_variable(after: &str) -> Option<(Variable, usize)> {
    for (escape, c) in [("*}", '*'), ("?}", '?'), ("$}", '$')] {
        if after.starts_with(escape) {
            return Some((Variable::Escape(c), 2));
        }
    }
    let end = after.find(['}', ','])?;
    let name = after[..end].trim();
    if name.is_empty() || name.contains(['{', '$', '\'']) || name.chars().any(char::is_whitespace) {
        return None;
    }
    if after[end..].starts_with('}') {
        return Some((Variable::Key { name: name.to_string(), default: None }, end + 1));
    }
    // `, 'default'}`
    let mut chars = after[end + 1..].char_indices().peekable();
    let base = end + 1;
    while matches!(chars.peek(), Some((_, c)) if c.is_whitespace()) {
        chars.next();
    }
    if !matches!(chars.next(), Some((_, '\''))) {
        return None;
    }
    let mut default = String::new();
    loop {
        match chars.next()? {
            (_, '\'') => {
                if matches!(chars.peek(), Some((_, '\''))) {
                    chars.next();
                    default.push('\'');
                } else {
                    break;
                }
            }
            (_, c) => default.push(c),
        }
    }
    while matches!(chars.peek(), Some((_, c)) if c.is_whitespace()) {
        chars.next();
    }
    match chars.next() {
        Some((i, '}')) => Some((Variable::Key { name: name.to_string(), default: Some(default) }, base + i + 1)),
        _ => None,
    }
}
