//! An offline IAM policy evaluator: given a request (who, what action, which
//! resource, which context keys) and the policies that apply to it, decide
//! `Allow`, explicit deny or implicit deny the way AWS documents it, and say
//! which statements decided.
//!
//! What is modelled (IAM User Guide: "Policy evaluation logic",
//! "Cross-account policy evaluation logic", "Condition operators",
//! "Policy variables", "Principal", "NotPrincipal"):
//!
//! * an explicit `Deny` in any policy wins; otherwise an `Allow` is needed;
//!   otherwise the request is implicitly denied;
//! * identity-based and resource-based policies together. Within one account
//!   an allow in either suffices for an IAM user or role, except that a
//!   resource policy that names only the *account* (`"AWS": "123456789012"` or
//!   `arn:aws:iam::123456789012:root`) delegates to the account, so the
//!   identity policy must allow too. Across accounts both the caller's
//!   identity policies and the resource policy must allow;
//! * role trust policies for `sts:AssumeRole` ([`PolicySet::trust_for_assume_role`]):
//!   the trust policy must always allow (it is the role's resource policy and,
//!   like a KMS key policy, cannot be bypassed by an identity policy); a
//!   service principal needs only the trust policy;
//! * the account root user ([`Principal::Account`]) has full access within its
//!   own account, so only a resource policy (or a trust policy) can decide
//!   for it; service principals and anonymous callers have no identity
//!   policies, so only the resource policy can allow them;
//! * `Action`/`NotAction` (case-insensitive), `Resource`/`NotResource`
//!   (case-sensitive, ARN colon-segments matched separately),
//!   `Principal`/`NotPrincipal` (`*`, `{"AWS": "*"}`, account id, account root
//!   ARN, role ARN — which also covers the role's sessions — user, session and
//!   federated-user ARNs, service principals);
//! * every condition operator family with `IfExists`, `ForAnyValue:` and
//!   `ForAllValues:` (see [`condition`]), and policy variables with defaults
//!   and the `${*}`, `${?}`, `${$}` escapes (see [`vars`]).
//!
//! Deliberately out of scope: AWS Organizations SCPs and RCPs, permissions
//! boundaries, session policies, VPC endpoint policies, S3 ACLs and other
//! access-control lists, and service-specific quirks (for example KMS grants) other
//! than the documented resource forms that [`checked_request`] applies.
//! Statements that cannot be read (unknown operator, missing `Effect`, an
//! invalid CIDR, ...) never panic the evaluator: they are treated as
//! non-matching and named in [`Outcome::explanation`] and [`Outcome::skipped`].

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

pub mod cases;
pub mod condition;
pub mod decimal;
pub mod matching;
pub mod policy;
pub mod vars;

#[cfg(test)]
mod tests;

pub use cases::{Case, CaseError, Expect, parse_cases};

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An AWS service principal such as `lambda.amazonaws.com`.
    Service(String),
    /// An IAM user, role, assumed-role session or federated user, by ARN,
    /// with the account it belongs to.
    Iam { arn: String, account: String },
    /// The root user of an account (`account:123456789012` in a test case).
    Account(String),
    /// An unauthenticated caller.
    Anonymous,
}

impl Principal {
    /// An IAM principal from its ARN; the account is read from the ARN.
    /// `arn:aws:iam::123456789012:root` gives [`Principal::Account`].
    /// Returns `None` when the text is not an IAM or STS ARN with an account.
    pub fn from_arn(arn: &str) -> Option<Principal> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if parts.len() != 6 || parts[0] != "arn" || !matches!(parts[2], "iam" | "sts") {
            return None;
        }
        let account = parts[4];
        if !crate::checks::iam::valid_account(account) || parts[5].is_empty() {
            return None;
        }
        if parts[5] == "root" {
            return Some(Principal::Account(account.to_string()));
        }
        Some(Principal::Iam { arn: arn.to_string(), account: account.to_string() })
    }

    /// The account the principal belongs to, if it belongs to one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Iam { account, .. } | Principal::Account(account) => Some(account),
            Principal::Service(_) | Principal::Anonymous => None,
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::Service(name) => write!(f, "service principal {name}"),
            Principal::Iam { arn, .. } => write!(f, "{arn}"),
            Principal::Account(account) => write!(f, "the root user of account {account}"),
            Principal::Anonymous => write!(f, "an anonymous caller"),
        }
    }
}

/// One request to evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub principal: Principal,
    /// `service:Action`, e.g. `lambda:InvokeFunction`.
    pub action: String,
    /// The resource ARN. The empty string means "the resource the resource
    /// policy is attached to, unnamed" (used for role trust policies, which
    /// have no `Resource` element); it matches only `Resource: "*"` and
    /// resource-policy statements without a `Resource` element.
    pub resource: String,
    /// Request context keys (lower-case; use [`Request::insert`]) and their
    /// values; a key with several values is multi-valued.
    pub context: BTreeMap<String, Vec<String>>,
}

impl Request {
    pub fn new(principal: Principal, action: impl Into<String>, resource: impl Into<String>) -> Request {
        Request { principal, action: action.into(), resource: resource.into(), context: BTreeMap::new() }
    }

    /// Add a value to a context key (key names are case-insensitive, so the
    /// key is lower-cased); a repeated key becomes multi-valued.
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        self.context.entry(key.to_ascii_lowercase()).or_default().push(value.into());
    }

    /// Builder form of [`Request::insert`].
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Request {
        self.insert(key, value);
        self
    }
}

/// The request as the service authorizes it: where a documented quirk makes
/// the service check another form of the resource ARN (see
/// `data/iam/quirks.json`), the resource becomes that form.
pub fn checked_request(mut request: Request) -> Request {
    if let Some((checked, _)) = crate::checks::iam::quirks::checked_resource(&request.action, &request.resource) {
        request.resource = checked;
    }
    request
}

/// A policy document and the id it is reported under.
#[derive(Debug, Clone, Copy)]
pub struct PolicyRef<'a> {
    pub id: &'a str,
    pub doc: &'a Value,
}

/// The policies that apply to one request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// The caller's identity-based policies (user, group and role policies).
    pub identity: Vec<PolicyRef<'a>>,
    /// The resource-based policy and the account that owns the resource.
    pub resource: Option<(PolicyRef<'a>, String)>,
    /// The resource policy is a role trust policy (the request is
    /// `sts:AssumeRole` or a sibling): it must allow in every case.
    pub trust_for_assume_role: bool,
}

/// The final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn is_allow(self) -> bool {
        self == Decision::Allow
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit deny",
            Decision::ImplicitDeny => "implicit deny",
        })
    }
}

/// A statement inside a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// [`PolicyRef::id`] of the policy.
    pub policy: String,
    /// 0-based index in the `Statement` array (0 when `Statement` is one object).
    pub index: usize,
    pub sid: Option<String>,
    /// JSON pointer to the statement: `/Statement/2`, or `/Statement`.
    pub pointer: String,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            return write!(f, "policy `{}`", self.policy);
        }
        match &self.sid {
            Some(sid) => write!(f, "statement {} (Sid \"{}\") of `{}`", self.index, sid, self.policy),
            None => write!(f, "statement {} of `{}`", self.index, self.policy),
        }
    }
}

/// A statement, or a whole document, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub statement: StatementRef,
    pub reason: String,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub decision: Decision,
    /// The statements that decided: every matching `Deny` for an explicit
    /// deny, the allows that were needed for an allow, nothing for an
    /// implicit deny.
    pub deciding: Vec<StatementRef>,
    /// One English sentence for diagnostics.
    pub explanation: String,
    /// Statements treated as non-matching because they could not be read.
    pub skipped: Vec<Skipped>,
}

/// How a resource-policy statement matched the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Only through the caller's account (account id or root ARN): this
    /// delegates to the account, whose identity policies must allow too.
    AccountOnly,
    /// The caller itself, `*`, or everyone but an exclusion list.
    Direct,
}

/// The allows and denies found in one group of policies.
#[derive(Debug, Default)]
struct Tally {
    allows: Vec<(StatementRef, Strength)>,
    denies: Vec<StatementRef>,
}

impl Tally {
    fn best(&self) -> Option<Strength> {
        self.allows.iter().map(|(_, s)| *s).max()
    }

    fn allows_of(&self, at_least: Strength) -> Vec<StatementRef> {
        self.allows.iter().filter(|(_, s)| *s >= at_least).map(|(r, _)| r.clone()).collect()
    }
}

/// Evaluate one request against its policies. Never panics, whatever the
/// documents contain.
pub fn evaluate(request: &Request, policies: &PolicySet) -> Outcome {
    let context = effective_context(request);
    let mut skipped = Vec::new();

    // Identity policies matter for IAM principals, and (for denies only) for
    // the root user; services and anonymous callers have none.
    let consult_identity = matches!(request.principal, Principal::Iam { .. } | Principal::Account(_));
    let mut identity = Tally::default();
    if consult_identity {
        for policy in &policies.identity {
            tally(*policy, false, request, &context, &mut identity, &mut skipped);
        }
    }
    let mut resource = Tally::default();
    if let Some((policy, _)) = &policies.resource {
        tally(*policy, true, request, &context, &mut resource, &mut skipped);
    }

    let note = skipped_note(&skipped);
    let what = format!("{} on {}", request.action, describe_resource(&request.resource));
    let finish = |decision: Decision, deciding: Vec<StatementRef>, sentence: String| Outcome {
        decision,
        deciding,
        explanation: format!("{sentence}{note}."),
        skipped: skipped.clone(),
    };

    // 1. Explicit deny anywhere wins.
    let mut denies = identity.denies.clone();
    denies.extend(resource.denies.iter().cloned());
    if !denies.is_empty() {
        let list = join_refs(&denies);
        return finish(
            Decision::ExplicitDeny,
            denies,
            format!("Explicitly denied: {list} denies {what} for {}", request.principal),
        );
    }

    let owner = policies.resource.as_ref().map(|(_, owner)| owner.as_str());
    let cross_account = match (request.principal.account(), owner) {
        (Some(caller), Some(owner)) => caller != owner,
        _ => false,
    };
    let trust = policies.trust_for_assume_role && policies.resource.is_some();
    let resource_id = policies.resource.as_ref().map(|(p, _)| p.id).unwrap_or("");
    let policy_kind = if trust { "trust policy" } else { "resource policy" };

    match &request.principal {
        Principal::Service(_) | Principal::Anonymous => {
            if policies.resource.is_none() {
                return finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: {} has no identity policies and no resource policy was given for {what}",
                        request.principal
                    ),
                );
            }
            match resource.best() {
                Some(_) => {
                    let refs = resource.allows_of(Strength::AccountOnly);
                    let list = join_refs(&refs);
                    finish(Decision::Allow, refs, format!("Allowed: {list} grants {what} to {}", request.principal))
                }
                None => finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: no statement of {policy_kind} `{resource_id}` allows {what} for {}",
                        request.principal
                    ),
                ),
            }
        }
        Principal::Account(account) => {
            // The root user has full access in its own account; only a
            // resource or trust policy of another account (or any trust
            // policy) has to allow it.
            let needs_resource = trust || cross_account;
            if !needs_resource {
                return finish(
                    Decision::Allow,
                    resource.allows_of(Strength::AccountOnly),
                    format!(
                        "Allowed: the root user of account {account} has full access to {what} within its own account and nothing denies it"
                    ),
                );
            }
            match resource.best() {
                Some(_) => {
                    let refs = resource.allows_of(Strength::AccountOnly);
                    let list = join_refs(&refs);
                    finish(
                        Decision::Allow,
                        refs,
                        format!(
                            "Allowed: {list} grants {what} to account {account}, whose root user needs no identity policy"
                        ),
                    )
                }
                None => finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: no statement of {policy_kind} `{resource_id}` allows {what} for account {account}"
                    ),
                ),
            }
        }
        Principal::Iam { .. } => {
            let id_allow = !identity.allows.is_empty();
            let id_refs = identity.allows_of(Strength::AccountOnly);
            if policies.resource.is_none() {
                return if id_allow {
                    let list = join_refs(&id_refs);
                    finish(Decision::Allow, id_refs, format!("Allowed: identity policy {list} allows {what}"))
                } else {
                    finish(
                        Decision::ImplicitDeny,
                        vec![],
                        format!(
                            "Implicitly denied: no identity policy statement allows {what} for {}",
                            request.principal
                        ),
                    )
                };
            }
            let res_best = resource.best();
            if cross_account {
                let caller = request.principal.account().unwrap_or("?");
                let owner = owner.unwrap_or("?");
                return match (id_allow, res_best.is_some()) {
                    (true, true) => {
                        let mut refs = id_refs;
                        refs.extend(resource.allows_of(Strength::AccountOnly));
                        let list = join_refs(&refs);
                        finish(
                            Decision::Allow,
                            refs,
                            format!(
                                "Allowed across accounts ({caller} to {owner}): both the caller's identity policy and the {policy_kind} allow {what} ({list})"
                            ),
                        )
                    }
                    (false, true) => finish(
                        Decision::ImplicitDeny,
                        vec![],
                        format!(
                            "Implicitly denied: the request crosses accounts ({caller} to {owner}) and, although {policy_kind} `{resource_id}` allows it, no identity policy of the caller allows {what}"
                        ),
                    ),
                    (true, false) => finish(
                        Decision::ImplicitDeny,
                        vec![],
                        format!(
                            "Implicitly denied: the request crosses accounts ({caller} to {owner}) and {policy_kind} `{resource_id}` does not allow {what} for {}",
                            request.principal
                        ),
                    ),
                    (false, false) => finish(
                        Decision::ImplicitDeny,
                        vec![],
                        format!(
                            "Implicitly denied: the request crosses accounts ({caller} to {owner}) and neither the caller's identity policies nor {policy_kind} `{resource_id}` allow {what}"
                        ),
                    ),
                };
            }
            // Same account.
            match res_best {
                Some(Strength::Direct) => {
                    let refs = resource.allows_of(Strength::Direct);
                    let list = join_refs(&refs);
                    finish(
                        Decision::Allow,
                        refs,
                        format!(
                            "Allowed: {list} grants {what} to {} directly, so no identity policy is needed within the same account",
                            request.principal
                        ),
                    )
                }
                Some(Strength::AccountOnly) if id_allow => {
                    let mut refs = id_refs;
                    refs.extend(resource.allows_of(Strength::AccountOnly));
                    let list = join_refs(&refs);
                    finish(
                        Decision::Allow,
                        refs,
                        format!(
                            "Allowed: the {policy_kind} names the account and the identity policy allows {what} ({list})"
                        ),
                    )
                }
                Some(Strength::AccountOnly) => finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: {policy_kind} `{resource_id}` allows {what} only for the whole account, which delegates to identity policies, and no identity policy of {} allows it",
                        request.principal
                    ),
                ),
                None if trust => finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: trust policy `{resource_id}` does not allow {what} for {}, and a trust policy must always allow",
                        request.principal
                    ),
                ),
                None if id_allow => {
                    let list = join_refs(&id_refs);
                    finish(
                        Decision::Allow,
                        id_refs,
                        format!("Allowed: identity policy {list} allows {what} within the same account"),
                    )
                }
                None => finish(
                    Decision::ImplicitDeny,
                    vec![],
                    format!(
                        "Implicitly denied: neither an identity policy nor {policy_kind} `{resource_id}` allows {what} for {}",
                        request.principal
                    ),
                ),
            }
        }
    }
}

/// Evaluate every statement of one policy into `into`.
fn tally(
    policy: PolicyRef,
    resource_based: bool,
    request: &Request,
    context: &BTreeMap<String, Vec<String>>,
    into: &mut Tally,
    skipped: &mut Vec<Skipped>,
) {
    let statements = match policy::statements(policy, resource_based) {
        Ok(statements) => statements,
        Err(reason) => {
            skipped.push(Skipped {
                statement: StatementRef { policy: policy.id.to_string(), index: 0, sid: None, pointer: String::new() },
                reason,
            });
            return;
        }
    };
    for parsed in statements {
        match parsed {
            Err((statement, reason)) => skipped.push(Skipped { statement, reason }),
            Ok(statement) => match statement.evaluate(request, context) {
                Err(reason) => skipped.push(Skipped { statement: statement.reference.clone(), reason }),
                Ok(None) => {}
                Ok(Some(strength)) => {
                    if statement.allow {
                        into.allows.push((statement.reference.clone(), strength));
                    } else {
                        into.denies.push(statement.reference.clone());
                    }
                }
            },
        }
    }
}

/// The request context with lower-case keys and the keys AWS derives from
/// the principal filled in (values given explicitly win).
pub fn effective_context(request: &Request) -> BTreeMap<String, Vec<String>> {
    let mut context: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, values) in &request.context {
        context.entry(key.to_ascii_lowercase()).or_default().extend(values.iter().cloned());
    }
    let mut fill = |key: &str, value: String| {
        context.entry(key.to_string()).or_insert_with(|| vec![value]);
    };
    match &request.principal {
        Principal::Service(name) => {
            fill("aws:principalservicename", name.clone());
            fill("aws:principalisawsservice", "true".into());
        }
        Principal::Anonymous => {
            fill("aws:principaltype", "Anonymous".into());
            fill("aws:principalisawsservice", "false".into());
        }
        Principal::Account(account) => {
            fill("aws:principalaccount", account.clone());
            fill("aws:principalarn", format!("arn:aws:iam::{account}:root"));
            fill("aws:principaltype", "Account".into());
            fill("aws:principalisawsservice", "false".into());
        }
        Principal::Iam { arn, account } => {
            fill("aws:principalaccount", account.clone());
            fill("aws:principalisawsservice", "false".into());
            let iam = matching::IamArn::parse(arn);
            match &iam {
                Some(matching::IamArn::User { name, .. }) => {
                    fill("aws:username", name.clone());
                    fill("aws:principaltype", "User".into());
                    fill("aws:principalarn", arn.clone());
                }
                Some(matching::IamArn::Role { role_arn, .. }) => {
                    fill("aws:principaltype", "AssumedRole".into());
                    fill("aws:principalarn", role_arn.clone());
                }
                Some(matching::IamArn::Federated { .. }) => {
                    fill("aws:principaltype", "FederatedUser".into());
                    fill("aws:principalarn", arn.clone());
                }
                None => fill("aws:principalarn", arn.clone()),
            }
        }
    }
    context
}

fn describe_resource(resource: &str) -> String {
    if resource.is_empty() { "the resource".to_string() } else { resource.to_string() }
}

fn join_refs(refs: &[StatementRef]) -> String {
    let parts: Vec<String> = refs.iter().map(|r| r.to_string()).collect();
    match parts.len() {
        0 => "no statement".to_string(),
        1 => parts[0].clone(),
        _ => {
            let (last, rest) = parts.split_last().unwrap_or((&parts[0], &[]));
            format!("{} and {}", rest.join(", "), last)
        }
    }
}

fn skipped_note(skipped: &[Skipped]) -> String {
    match skipped {
        [] => String::new(),
        [one] => {
            format!(" (note: {} could not be read and was treated as non-matching: {})", one.statement, one.reason)
        }
        many => format!(
            " (note: {} statements could not be read and were treated as non-matching, first {}: {})",
            many.len(),
            many[0].statement,
            many[0].reason
        ),
    }
}
