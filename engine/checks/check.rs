//! Check: the checkers applied to one JSON document of a known kind, in
//! order — schema, then lints. Each returns findings with JSON pointers.

use crate::diagnostics::codes;
use crate::diagnostics::finding::{Finding, Severity};
use crate::snippet::json_doc::JsonDoc;
use crate::snippet::kind::Kind;

pub fn check_document(doc: &JsonDoc, kind: Kind) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (pointer, _) in &doc.duplicate_keys {
        findings.push(
            Finding::error(codes::DUPLICATE_KEY, "this key occurs twice in the same object; only the last one counts")
                .at_key(pointer.clone())
                .with_hint("remove one of the two, or merge them"),
        );
    }
    let schema = crate::checks::schema::validate(kind, &doc.value);
    let lints = crate::checks::iam::lint(&doc.value, kind);
    // A lint explains a problem better than the schema does: keep the
    // schema's word only where no lint error already speaks of that place
    // (its pointer and the lint's, one a prefix of the other). Looked up in
    // a sorted set: thousands of findings of each kind stay fast.
    let lint_errors: std::collections::BTreeSet<&str> =
        lints.iter().filter(|l| l.severity == Severity::Error).map(|l| l.target.pointer.as_str()).collect();
    for finding in schema {
        let at = finding.target.pointer.as_str();
        let below = lint_errors.range(at..).next().is_some_and(|p| p.starts_with(at));
        let above = (0..at.len()).filter(|&i| at.is_char_boundary(i)).any(|i| lint_errors.contains(&at[..i]));
        if !below && !above {
            findings.push(finding);
        }
    }
    findings.extend(lints);
    findings
}
