//! The book's `policy-test` blocks: one expected decision per line.
//!
//! ```text
//! # comment
//! allow principal=service:events.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceArn=arn:aws:events:us-east-1:123456789012:rule/my-rule
//! deny  principal=account:111122223333 action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
//! ```
//!
//! * A line starts with `allow` or `deny` (the expected decision; `deny`
//!   accepts an explicit or an implicit deny), followed by `key=value`
//!   pairs separated by spaces or tabs. Values contain no spaces.
//! * `principal=` (required, once): an IAM or STS ARN
//!   (`arn:aws:iam::123456789012:role/my-role`,
//!   `arn:aws:sts::123456789012:assumed-role/my-role/session`; the account
//!   is read from the ARN, and `arn:aws:iam::ID:root` means the account),
//!   `service:NAME`, `account:ID` (12 digits) or `anonymous`.
//! * `action=` (once): `service:Action`. It may be left out only for role
//!   trust policies, where the caller of [`parse_cases`] fills in
//!   `sts:AssumeRole`; [`Case::action`] is then empty (an empty action
//!   matches only `Action: "*"`).
//! * `resource=` (optional, once): the resource ARN. Leave it out only for
//!   role trust policies: the request then names "the resource the policy
//!   is attached to", which matches statements without a `Resource`
//!   element and `Resource: "*"`, but no ARN pattern.
//! * Any other key containing a colon is a request context key
//!   (`aws:SourceArn=`, `aws:SourceAccount=`, `aws:SourceIp=`,
//!   `aws:SecureTransport=true`, …); repeating it adds values.
//! * `#` at the start of a line or after a space starts a comment; blank
//!   lines are ignored.
//!
//! Errors carry a 0-based line, a 0-based byte column within that line and
//! the byte length of the offending text, so the engine can turn them into
//! diagnostics.

use super::{Decision, Principal, Request};
use crate::checks::iam::valid_account;
use std::collections::BTreeMap;
use std::fmt;

/// The decision a case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Allow,
    /// Explicit or implicit deny.
    Deny,
}

impl Expect {
    pub fn accepts(self, decision: Decision) -> bool {
        match self {
            Expect::Allow => decision == Decision::Allow,
            Expect::Deny => decision != Decision::Allow,
        }
    }
}

/// One test case line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// 0-based line number in the block.
    pub line: usize,
    pub expect: Expect,
    pub principal: Principal,
    /// `service:Action`, or empty when the line has no `action=`.
    pub action: String,
    pub resource: Option<String>,
    /// Context keys, lower-cased, in the order their values were given.
    pub context: BTreeMap<String, Vec<String>>,
    /// The same keys and values as the line writes them (`aws:SourceArn`,
    /// not `aws:sourcearn`), in its order: what the page shows.
    pub context_as_written: Vec<(String, String)>,
    /// Where each value was written, so a finding can point at its token.
    pub spans: Spans,
}

/// Byte column and length, within the case's line, of what a case names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub column: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// The value of `principal=`.
    pub principal: Span,
    /// The value of `action=`.
    pub action: Option<Span>,
    /// The value of `resource=`.
    pub resource: Option<Span>,
    /// The key of each context entry, in the order of [`Case::context_as_written`].
    pub context_keys: Vec<Span>,
}

impl Case {
    /// The request this case describes (an absent `resource=` becomes the
    /// empty resource, see [`Request::resource`]).
    pub fn request(&self) -> Request {
        Request {
            principal: self.principal.clone(),
            action: self.action.clone(),
            resource: self.resource.clone().unwrap_or_default(),
            context: self.context.clone(),
        }
    }
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    /// 0-based line number.
    pub line: usize,
    /// 0-based byte offset in the line.
    pub column: usize,
    /// Byte length of the offending text (at least 1).
    pub len: usize,
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line + 1, self.column + 1, self.message)
    }
}

impl std::error::Error for CaseError {}

/// Parse a whole block; the first bad line is the error.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, CaseError> {
    let mut cases = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if let Some(case) = parse_line(line_no, line)? {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// Words of a line with their byte offsets, up to a comment.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' || c == '\r' {
            if let Some(s) = start.take() {
                out.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            if c == '#' {
                return out;
            }
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn parse_line(line_no: usize, line: &str) -> Result<Option<Case>, CaseError> {
    let err =
        |column: usize, len: usize, message: String| CaseError { line: line_no, column, len: len.max(1), message };
    let words = words(line);
    let Some(&(first_at, first)) = words.first() else {
        return Ok(None);
    };
    let expect = match first.to_ascii_lowercase().as_str() {
        "allow" => Expect::Allow,
        "deny" => Expect::Deny,
        _ => return Err(err(first_at, first.len(), format!("expected `allow` or `deny`, found `{first}`"))),
    };
    let mut principal = None;
    let mut action = None;
    let mut resource = None;
    let mut context: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut context_as_written = Vec::new();
    let mut spans = Spans::default();
    for &(at, word) in &words[1..] {
        let Some((key, value)) = word.split_once('=') else {
            return Err(err(at, word.len(), format!("expected `key=value`, found `{word}`")));
        };
        let value_at = at + key.len() + 1;
        let value_span = Span { column: value_at, len: value.len() };
        if key.is_empty() {
            return Err(err(at, word.len(), "missing key before `=`".to_string()));
        }
        if value.is_empty() {
            return Err(err(at, word.len(), format!("`{key}=` has no value")));
        }
        let once = |given: bool| -> Result<(), CaseError> {
            if given { Err(err(at, word.len(), format!("`{key}=` is given twice"))) } else { Ok(()) }
        };
        match key {
            "principal" => {
                once(principal.is_some())?;
                principal = Some(parse_principal(value).map_err(|m| err(value_at, value.len(), m))?);
                spans.principal = value_span;
            }
            "action" => {
                once(action.is_some())?;
                match value.split_once(':') {
                    Some((service, name)) if !service.is_empty() && !name.is_empty() && !name.contains(':') => {}
                    _ => {
                        return Err(err(
                            value_at,
                            value.len(),
                            format!("`{value}` is not an action of the form `service:Action`"),
                        ));
                    }
                }
                action = Some(value.to_string());
                spans.action = Some(value_span);
            }
            "resource" => {
                once(resource.is_some())?;
                resource = Some(value.to_string());
                spans.resource = Some(value_span);
            }
            _ if key.contains(':') && !key.starts_with(':') && !key.ends_with(':') => {
                context.entry(key.to_ascii_lowercase()).or_default().push(value.to_string());
                context_as_written.push((key.to_string(), value.to_string()));
                spans.context_keys.push(Span { column: at, len: key.len() });
            }
            _ => {
                return Err(err(
                    at,
                    key.len(),
                    format!(
                        "unknown key `{key}`: expected `principal`, `action`, `resource` or a context key such as `aws:SourceArn`"
                    ),
                ));
            }
        }
    }
    let end = line.trim_end().len();
    let principal =
        principal.ok_or_else(|| err(first_at, end - first_at, "the case has no `principal=`".to_string()))?;
    let action = action.unwrap_or_default();
    Ok(Some(Case { line: line_no, expect, principal, action, resource, context, context_as_written, spans }))
}

fn parse_principal(value: &str) -> Result<Principal, String> {
    if value == "anonymous" {
        return Ok(Principal::Anonymous);
    }
    if let Some(name) = value.strip_prefix("service:") {
        if name.is_empty() || name.contains(':') {
            return Err(format!("`{value}` is not a service principal such as `service:lambda.amazonaws.com`"));
        }
        return Ok(Principal::Service(name.to_string()));
    }
    if let Some(account) = value.strip_prefix("account:") {
        if !valid_account(account) {
            return Err(format!("`{account}` is not a 12-digit account id"));
        }
        return Ok(Principal::Account(account.to_string()));
    }
    if value.starts_with("arn:") {
        return Principal::from_arn(value)
            .ok_or_else(|| format!("`{value}` is not an IAM or STS ARN with a 12-digit account (such as `arn:aws:iam::123456789012:role/my-role`)"));
    }
    Err(format!("`{value}` is not a principal: use an IAM ARN, `service:NAME`, `account:ID` or `anonymous`"))
}
