//! Check: the checkers applied to one JSON document of a known kind, in
//! order — schema, then lints. Each returns findings with JSON pointers.

use crate::codes;
use crate::finding::{Finding, Severity};
use crate::json_doc::JsonDoc;
use crate::kind::Kind;

pub fn check_document(doc: &JsonDoc, kind: Kind) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (pointer, _) in &doc.duplicate_keys {
        findings.push(
            Finding::error(codes::DUPLICATE_KEY, "this key occurs twice in the same object; only the last one counts")
                .at_key(pointer.clone())
                .with_hint("remove one of the two, or merge them"),
        );
    }
    let schema = crate::schema::validate(kind, &doc.value);
    let lints = crate::iam::lint(&doc.value, kind);
    // A lint explains a problem better than the schema does: keep the
    // schema's word only where no lint error already speaks of that place.
    for finding in schema {
        let covered = lints.iter().any(|lint| {
            lint.severity == Severity::Error
                && (lint.target.pointer.starts_with(&finding.target.pointer)
                    || finding.target.pointer.starts_with(&lint.target.pointer))
        });
        if !covered {
            findings.push(finding);
        }
    }
    findings.extend(lints);
    findings
}
