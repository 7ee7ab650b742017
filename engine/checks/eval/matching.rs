//! Wildcard matching (`*` and `?`), ARN matching, and principal matching.
//!
//! Case rules: actions match case-insensitively; resources, ARNs and
//! principal ARNs case-sensitively; service principal names ignore ASCII case.

use super::{Principal, Strength};
use crate::checks::iam::valid_account;
use serde_json::Value;

/// One element of a pattern after policy variables are resolved: a literal
/// character (including `*`, `?` and `$` written as `${*}`, `${?}`, `${$}`,
/// and everything substituted from the request context), `Any` (`*`: any run
/// of characters, including none) or `One` (`?`: exactly one character).
pub type Tok = crate::checks::wildcard::Sym<char>;

/// A pattern with `*` and `?` as wildcards and no variables.
pub fn tokenize(text: &str) -> Vec<Tok> {
    text.chars()
        .map(|c| match c {
            '*' => Tok::Any,
            '?' => Tok::One,
            c => Tok::Lit(c),
        })
        .collect()
}

/// The pattern read as plain text (wildcards as their characters), for the
/// operators that compare exactly.
pub fn literal(pattern: &[Tok]) -> String {
    pattern
        .iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Any => '*',
            Tok::One => '?',
        })
        .collect()
}

fn same(a: char, b: char, ignore_case: bool) -> bool {
    a == b || (ignore_case && a.to_lowercase().eq(b.to_lowercase()))
}

/// Match `text` against a wildcard pattern, in time linear in both (see
/// `crate::checks::wildcard`; the old backtracking matcher took O(text × pattern)).
pub fn glob(pattern: &[Tok], text: &str, ignore_case: bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    crate::checks::wildcard::matches_by(pattern, &text, |a, b| same(a, b, ignore_case))
}

/// `Action` / `NotAction` matching: case-insensitive, with wildcards.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob(&tokenize(pattern), action, true)
}

/// ARN matching as `ArnLike` and the `Resource` element do it: the six
/// colon-separated parts (`arn:partition:service:region:account:resource`,
/// the last keeping any further colons) are matched separately, so a
/// wildcard never crosses one of the first five colons. A pattern that is
/// not ARN-shaped (such as `*`) is matched against the whole text.
/// Case-sensitive.
pub fn arn_matches(pattern: &[Tok], text: &str) -> bool {
    let parts = split_pattern(pattern);
    if parts.len() < 6 {
        return glob(pattern, text, false);
    }
    let values: Vec<&str> = text.splitn(6, ':').collect();
    values.len() == 6 && parts.iter().zip(values).all(|(p, v)| glob(p, v, false))
}

fn split_pattern(pattern: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, tok) in pattern.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *tok == Tok::Lit(':') {
            parts.push(&pattern[start..i]);
            start = i + 1;
        }
    }
    parts.push(&pattern[start..]);
    parts
}

/// What an IAM or STS ARN names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IamArn {
    User {
        account: String,
        name: String,
    },
    /// A role (`arn:aws:iam::…:role/path/name`) or one of its sessions
    /// (`arn:aws:sts::…:assumed-role/name/session`); `role_arn` is the role's
    /// IAM ARN (without path when read from a session ARN).
    Role {
        account: String,
        name: String,
        role_arn: String,
        session: Option<String>,
    },
    Federated {
        account: String,
        name: String,
    },
}

impl IamArn {
    pub fn parse(arn: &str) -> Option<IamArn> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if parts.len() != 6 || parts[0] != "arn" || parts[4].is_empty() {
            return None;
        }
        let (partition, service, account, resource) = (parts[1], parts[2], parts[4].to_string(), parts[5]);
        let last = |r: &str| r.rsplit('/').next().unwrap_or("").to_string();
        match service {
            "iam" if resource.starts_with("user/") => Some(IamArn::User { account, name: last(resource) }),
            "iam" if resource.starts_with("role/") => {
                let name = last(resource);
                (!name.is_empty()).then(|| IamArn::Role { account, name, role_arn: arn.to_string(), session: None })
            }
            "sts" => {
                if let Some(rest) = resource.strip_prefix("assumed-role/") {
                    let (name, session) = rest.split_once('/')?;
                    if name.is_empty() || session.is_empty() {
                        return None;
                    }
                    let role_arn = format!("arn:{partition}:iam::{account}:role/{name}");
                    Some(IamArn::Role { account, name: name.to_string(), role_arn, session: Some(session.to_string()) })
                } else {
                    let name = resource.strip_prefix("federated-user/")?;
                    Some(IamArn::Federated { account, name: name.to_string() })
                }
            }
            _ => None,
        }
    }
}

/// A parsed `Principal` or `NotPrincipal` value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrincipalSpec {
    /// `"*"` or `{"AWS": "*"}`: everyone, including services and anonymous callers.
    pub everyone: bool,
    pub aws: Vec<String>,
    pub services: Vec<String>,
    /// `Federated` and `CanonicalUser` values: recognised, never matched here.
    pub other: Vec<String>,
}

impl PrincipalSpec {
    pub fn parse(value: &Value) -> Result<PrincipalSpec, String> {
        let mut spec = PrincipalSpec::default();
        match value {
            Value::String(s) if s == "*" => spec.everyone = true,
            Value::Object(map) => {
                for (kind, values) in map {
                    let values = string_list(values)
                        .ok_or_else(|| format!("the `{kind}` principal must be a string or an array of strings"))?;
                    match kind.as_str() {
                        "AWS" => {
                            if values.iter().any(|v| v == "*") {
                                spec.everyone = true;
                            }
                            spec.aws.extend(values);
                        }
                        "Service" => spec.services.extend(values),
                        "Federated" | "CanonicalUser" => spec.other.extend(values),
                        other => return Err(format!("unknown principal type `{other}`")),
                    }
                }
            }
            _ => return Err("the principal must be \"*\" or an object such as {\"AWS\": ...}".to_string()),
        }
        Ok(spec)
    }
}

/// One identity the caller is known by. AWS may check a request against the
/// account, then the role, then the session, which is why `NotPrincipal`
/// must list all of them to exempt a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ident {
    Account(String),
    Role { account: String, name: String },
    Exact(String),
    Service(String),
    Anonymous,
}

fn chain(principal: &Principal) -> Vec<Ident> {
    match principal {
        Principal::Service(name) => vec![Ident::Service(name.clone())],
        Principal::Anonymous => vec![Ident::Anonymous],
        Principal::Account(account) => vec![Ident::Account(account.clone())],
        Principal::Iam { arn, account } => {
            let mut idents = vec![Ident::Account(account.clone())];
            match IamArn::parse(arn) {
                Some(IamArn::Role { account, name, session, .. }) => {
                    idents.push(Ident::Role { account, name });
                    if session.is_some() {
                        idents.push(Ident::Exact(arn.clone()));
                    }
                }
                _ => idents.push(Ident::Exact(arn.clone())),
            }
            idents
        }
    }
}

/// The account a principal value names: a 12-digit id or `arn:…:iam::ID:root`.
/// Anything else (a role or user ARN, a unique id such as `AROA…` that IAM
/// shows once the role is deleted, a typo) names no account. A unique id
/// is never the ARN of a caller either (see `listed`): it matches nobody
/// (<https://repost.aws/knowledge-center/iam-resource-policy-format>).
pub(super) fn account_of(value: &str) -> Option<&str> {
    if valid_account(value) {
        return Some(value);
    }
    match value.splitn(6, ':').collect::<Vec<_>>()[..] {
        ["arn", _, "iam", _, account, "root"] => Some(account),
        _ => None,
    }
}

fn listed(ident: &Ident, spec: &PrincipalSpec) -> bool {
    if spec.everyone {
        return true;
    }
    match ident {
        Ident::Account(account) => spec.aws.iter().any(|v| account_of(v) == Some(account.as_str())),
        Ident::Role { account, name } => spec.aws.iter().any(|v| {
            matches!(IamArn::parse(v), Some(IamArn::Role { account: a, name: n, session: None, .. }) if &a == account && &n == name)
        }),
        Ident::Exact(arn) => spec.aws.iter().any(|v| v == arn),
        Ident::Service(name) => spec.services.iter().any(|v| v.eq_ignore_ascii_case(name)),
        Ident::Anonymous => false,
    }
}

/// A string or an array of strings.
pub(crate) fn string_list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items.iter().map(|v| v.as_str().map(str::to_string)).collect(),
        _ => None,
    }
}

/// Does a `Principal` (or, with `negated`, a `NotPrincipal`) element cover
/// the caller, and how?
pub(crate) fn principal_matches(spec: &PrincipalSpec, negated: bool, principal: &Principal) -> Option<Strength> {
    let idents = chain(principal);
    if negated {
        // The statement applies unless every identity of the caller is excluded.
        return idents.iter().any(|i| !listed(i, spec)).then_some(Strength::Direct);
    }
    if spec.everyone {
        return Some(Strength::Direct);
    }
    let root = matches!(principal, Principal::Account(_));
    let mut best = None;
    for ident in idents.iter().filter(|i| listed(i, spec)) {
        let strength = match ident {
            Ident::Account(_) if !root => Strength::AccountOnly,
            _ => Strength::Direct,
        };
        best = best.max(Some(strength));
    }
    best
}
