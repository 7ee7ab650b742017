//! PRIVILEGE_ESCALATION measured against an independent source: iam-dataset's
//! `privesc` flag on the 1,644 AWS managed policies of
//! ../shared/corpus/iam/aws-managed-policies.index.json.
//!
//! Figures (printed, and pinned below):
//! - recall: of the policies iam-dataset flags `privesc`, how many get a PRIVILEGE_ESCALATION;
//! - false rate: of the policies it flags for nothing (no privesc, credentials
//!   exposure or resource exposure), how many get one.
//!
//! Every disagreement is classified, and the classes we judge iam-dataset to be
//! wrong on are explained, policy by policy, in `tests/iam_privesc_corpus.md`;
//! the test fails when that list and the analysis part ways. Rewrite the list with
//! `PRIVESC_DISAGREEMENTS_UPDATE=1 cargo test --test iam_privesc_corpus`, then read the diff.
//!
//! If the corpus is absent the test says so loudly and passes, unless `CI` is set.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lambda_notes::checks::iam::lint;
use lambda_notes::diagnostics::codes;
use lambda_notes::diagnostics::finding::Severity;
use lambda_notes::snippet::kind::Kind;
use serde_json::Value;

#[path = "support/corpus_skipped.rs"]
mod corpus_skipped;

/// Pinned figures: the analysis may get better, never worse. (A name prefix
/// such as `role/app-*` closes PassRole since stop 21: 110 → 79 found; the
/// generated pass-role paths and the instance-shell paths of issue #14 §3:
/// 79 → 147 found; a prefix closes only as a bounded namespace, SSM
/// Automation with a passed role, Run Command, hybrid activations and S3
/// Tables replication, and role-taking actions the API models do not show
/// (QLDB, Elastic Transcoder, OpsWorks, Service Catalog launch constraints,
/// Image Builder instance profiles, CloudWatch Logs' OpenSearch integration):
/// 147 → 220 found; a service-linked role closes PassRole: 220 → 219; the
/// last pass-to-listed-services misses with a page each (Lex V2, S3 Files,
/// WorkMail, CodeCatalyst, Lookout for Metrics, Agent Registry, Marketplace
/// AMI ingestion, Augmented AI human loops): 219 → 229; 3 of the policies
/// flagged for nothing get one (Run Command with AWS-RunShellScript on every
/// instance); VPC flow logs with a passed role (NetworkAdministrator):
/// 229 → 230.)
const MIN_RECALL: f64 = 0.534;
const MAX_FALSE_RATE: f64 = 0.0031;
const MIN_FAIR_RECALL: f64 = 0.901;

const DISAGREEMENTS: &str = "tests/iam_privesc_corpus.md";

fn corpus() -> Option<PathBuf> {
    corpus_skipped::corpus_dir("iam", "tests/iam_privesc_corpus.rs", 1)
}

fn flag(entry: &Value, name: &str) -> Option<bool> {
    entry["iam_dataset_flags"].get(name).and_then(Value::as_bool)
}

/// The Allow statements of a policy, as (Action or NotAction patterns, is NotAction, statement).
fn allows(doc: &Value) -> Vec<(Vec<String>, bool, &Value)> {
    let statements = match &doc["Statement"] {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    };
    statements
        .into_iter()
        .filter(|s| s["Effect"] == "Allow")
        .map(|s| match s.get("NotAction") {
            Some(na) => (list(na), true, s),
            None => (list(&s["Action"]), false, s),
        })
        .collect()
}

/// IAM wildcard match, ASCII case-insensitive (the test's own, independent of the engine's).
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], t) || (!t.is_empty() && go(p, &t[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => go(&p[1..], &t[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

/// The Allow statements that grant `action`, whatever their resources and conditions.
fn granting<'a>(doc: &'a Value, action: &str) -> Vec<&'a Value> {
    allows(doc)
        .into_iter()
        .filter(|(patterns, not, _)| patterns.iter().any(|p| glob(p, action)) != *not)
        .map(|(_, _, s)| s)
        .collect()
}

fn resources(s: &Value) -> Vec<&str> {
    match &s["Resource"] {
        Value::String(r) => vec![r.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn names_one(arn: &str) -> bool {
    arn.splitn(6, ':').nth(5).is_some_and(|r| !r.is_empty() && !r.contains(['*', '?']))
}

/// A role-name prefix such as `role/service-role/AmazonSageMaker*`: a literal
/// start of the last segment, and no wildcard before it.
fn names_a_prefix(arn: &str) -> bool {
    arn.splitn(6, ':').nth(5).is_some_and(|r| {
        let (path, name) = r.rsplit_once('/').unwrap_or(("", r));
        !path.contains(['*', '?']) && !name.is_empty() && !name.starts_with(['*', '?'])
    })
}

fn has_key(s: &Value, key: &str) -> bool {
    s["Condition"].as_object().is_some_and(|ops| {
        ops.values().any(|b| b.as_object().is_some_and(|b| b.keys().any(|k| k.eq_ignore_ascii_case(key))))
    })
}

/// The prefix is a bounded namespace of this policy: roles under it may be
/// created (`iam:CreateRole` on a resource covering it) only under an
/// `iam:PermissionsBoundary` condition, and no Allow attaches or writes their
/// policies, or lifts their boundary, without one.
fn bounded_prefix(doc: &Value, prefix: &str) -> bool {
    let creates = granting(doc, "iam:CreateRole");
    let covered = |s: &Value| resources(s).iter().any(|r| glob(r, prefix));
    let reaches =
        |s: &Value| s.get("NotResource").is_some() || resources(s).iter().any(|r| glob(r, prefix) || glob(prefix, r));
    creates.iter().any(|s| covered(s) && has_key(s, "iam:PermissionsBoundary"))
        && [
            "iam:CreateRole",
            "iam:AttachRolePolicy",
            "iam:PutRolePolicy",
            "iam:PutRolePermissionsBoundary",
            "iam:DeleteRolePermissionsBoundary",
        ]
        .iter()
        .flat_map(|a| granting(doc, a))
        .all(|s| !reaches(s) || has_key(s, "iam:PermissionsBoundary"))
}

/// Condition keys that make `kms:CreateGrant` a request only an AWS service
/// sends, on the principal's behalf, for its own use of the key.
const THROUGH_A_SERVICE: [&str; 3] = ["kms:ViaService", "kms:GrantIsForAWSResource", "aws:ViaAWSService"];

/// Why a policy iam-dataset flags `privesc` gets no PRIVILEGE_ESCALATION: the
/// class, and whether we judge iam-dataset wrong on it (see the .md for the reasons).
fn classify_miss(doc: &Value) -> (&'static str, bool) {
    let pass = granting(doc, "iam:PassRole");
    if pass.is_empty() {
        if !granting(doc, "iam:CreateServiceLinkedRole").is_empty() {
            return ("service-linked-role", true);
        }
        let attach: Vec<&Value> =
            ["iam:AttachRolePolicy", "iam:PutRolePolicy"].iter().flat_map(|a| granting(doc, a)).collect();
        if !attach.is_empty()
            && attach.iter().all(|s| has_key(s, "iam:PolicyARN") || has_key(s, "iam:PermissionsBoundary"))
        {
            return ("attach-limited-by-condition", true);
        }
        let grants = granting(doc, "kms:CreateGrant");
        if !grants.is_empty() && grants.iter().all(|s| THROUGH_A_SERVICE.iter().any(|k| has_key(s, k))) {
            return ("kms-grant-through-a-service", true);
        }
        return ("other-action", false);
    }
    if pass.iter().all(|s| {
        let r = resources(s);
        !r.is_empty() && r.iter().all(|r| names_one(r))
    }) {
        return ("pass-named-roles", true);
    }
    let service_linked = |r: &&str| r.splitn(6, ':').nth(5).is_some_and(|r| r.starts_with("role/aws-service-role/"));
    if pass.iter().all(|s| {
        let r = resources(s);
        !r.is_empty() && r.iter().all(service_linked)
    }) {
        return ("pass-service-linked-roles", true);
    }
    let prefixes = pass.iter().flat_map(|s| resources(s)).filter(|r| !names_one(r)).count();
    if prefixes > 0
        && pass.iter().all(|s| {
            let r = resources(s);
            !r.is_empty() && r.iter().all(|r| names_one(r) || (names_a_prefix(r) && bounded_prefix(doc, r)))
        })
    {
        return ("pass-bounded-prefix", true);
    }
    if pass.iter().all(|s| has_key(s, "iam:PassedToService")) {
        return ("pass-to-listed-services", false);
    }
    ("pass-without-launch", false)
}

#[test]
fn privilege_escalation_against_iam_dataset() {
    let Some(dir) = corpus() else { return };
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("aws-managed-policies.index.json")).unwrap()).unwrap();
    let (mut flagged, mut found, mut clean, mut false_hits) = (0usize, 0usize, 0usize, 0usize);
    let (mut flagged_any_security, mut clean_any_security) = (0usize, 0usize);
    let mut judged_wrong = 0usize;
    let mut classes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for entry in index["policies"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap().to_string();
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(entry["file"].as_str().unwrap())).unwrap()).unwrap();
        let findings = lint(&doc, Kind::IdentityPolicy);
        let escalates = findings.iter().any(|f| f.code == codes::PRIVILEGE_ESCALATION);
        let any_security = findings.iter().any(|f| f.severity == Severity::SecurityWarning);
        let Some(privesc) = flag(entry, "privesc") else { continue }; // recovered policies carry no such flag
        let exposes =
            flag(entry, "credentials_exposure") == Some(true) || flag(entry, "resource_exposure") == Some(true);
        if privesc {
            flagged += 1;
            found += escalates as usize;
            flagged_any_security += any_security as usize;
            if !escalates {
                let (class, iam_dataset_wrong) = classify_miss(&doc);
                judged_wrong += iam_dataset_wrong as usize;
                classes.entry(class).or_default().push(name);
            }
        } else if !exposes {
            clean += 1;
            false_hits += escalates as usize;
            clean_any_security += any_security as usize;
            if escalates {
                classes.entry("flagged-for-nothing").or_default().push(name);
            }
        }
    }
    let recall = found as f64 / flagged as f64;
    let false_rate = false_hits as f64 / clean as f64;
    println!(
        "lambda-notes privesc: recall {found}/{flagged} = {:.1} % of iam-dataset's privesc policies get PRIVILEGE_ESCALATION; false rate {false_hits}/{clean} = {:.1} % of the policies it flags for nothing",
        100.0 * recall,
        100.0 * false_rate
    );
    println!(
        "lambda-notes privesc: any security_warning: {flagged_any_security}/{flagged} = {:.1} % of the privesc policies, {clean_any_security}/{clean} = {:.1} % of the ones flagged for nothing",
        100.0 * flagged_any_security as f64 / flagged as f64,
        100.0 * clean_any_security as f64 / clean as f64
    );
    let fair = found as f64 / (flagged - judged_wrong) as f64;
    println!(
        "lambda-notes privesc: recall without the {judged_wrong} flags judged wrong ({DISAGREEMENTS}): {found}/{} = {:.1} %",
        flagged - judged_wrong,
        100.0 * fair
    );
    for (class, names) in &classes {
        println!("lambda-notes privesc: disagreement {class}: {}", names.len());
    }
    let listed = render(&classes);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DISAGREEMENTS);
    if std::env::var_os("PRIVESC_DISAGREEMENTS_UPDATE").is_some() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let head = text.split(LIST_MARK).next().unwrap_or_default().to_string();
        std::fs::write(&path, format!("{head}{LIST_MARK}\n{listed}")).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let committed = text.split_once(LIST_MARK).map(|(_, list)| list.trim_start_matches('\n')).unwrap_or_default();
    assert_eq!(
        committed,
        listed.trim_start_matches('\n'),
        "{DISAGREEMENTS} no longer lists the disagreements the analysis finds"
    );
    assert!(recall >= MIN_RECALL, "recall fell below the pinned {MIN_RECALL}");
    assert!(fair >= MIN_FAIR_RECALL, "recall without the judged-wrong flags fell below the pinned {MIN_FAIR_RECALL}");
    assert!(false_rate <= MAX_FALSE_RATE, "false rate rose above the pinned {MAX_FALSE_RATE}");
}

const LIST_MARK: &str = "<!-- the list below is written by tests/iam_privesc_corpus.rs -->";

fn render(classes: &BTreeMap<&str, Vec<String>>) -> String {
    let mut out = String::new();
    for (class, names) in classes {
        out.push_str(&format!("\n### {class} ({})\n\n", names.len()));
        for name in names {
            out.push_str(&format!("- {name}\n"));
        }
    }
    out
}
