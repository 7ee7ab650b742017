//! The book itself: it checks clean, every edition has the same chapters and
//! examples, and every example is snapshotted (canonical JSON, kind and
//! findings) so that any change to a snippet shows up in review.

use lambda_notes::book::{self, BookSetup};
use lambda_notes::finding::Severity;
use std::path::Path;

fn outcome() -> book::Outcome {
    let setup = BookSetup::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    book::check(&setup).unwrap()
}

#[test]
fn the_book_has_no_errors_or_unexplained_warnings() {
    let outcome = outcome();
    let mut diagnostics: Vec<_> =
        outcome.diagnostics.into_iter().filter(|d| d.finding.severity != Severity::Note).collect();
    lambda_notes::report::sort(&mut diagnostics);
    assert!(diagnostics.is_empty(), "\n{}", lambda_notes::report::human(&diagnostics));
}

#[test]
fn every_edition_shows_the_same_examples() {
    let setup = BookSetup::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let outcome = outcome();
    assert!(setup.project.languages.len() >= 3);
    for lang in &setup.project.languages {
        let ids: std::collections::BTreeSet<_> =
            outcome.snippets.iter().filter(|(l, _, _)| l == lang).map(|(_, c, s)| (c.clone(), s.id.clone())).collect();
        let en: std::collections::BTreeSet<_> =
            outcome.snippets.iter().filter(|(l, _, _)| l == "en").map(|(_, c, s)| (c.clone(), s.id.clone())).collect();
        assert_eq!(ids, en, "{lang} differs from en");
    }
}

#[test]
fn snapshot_every_example() {
    let outcome = outcome();
    let mut seen = std::collections::BTreeSet::new();
    for (lang, chapter, snippet) in &outcome.snippets {
        if lang != "en" || !seen.insert(snippet.id.clone()) {
            continue;
        }
        let findings: Vec<String> = snippet
            .findings
            .iter()
            .map(|d| {
                let (line, column) = d.line_column();
                format!(
                    "{} {} {}:{line}:{column} {}",
                    d.finding.severity.as_str(),
                    d.finding.code,
                    d.file.name,
                    d.finding.message
                )
            })
            .collect();
        let record = serde_json::json!({
            "id": snippet.id,
            "chapter": chapter,
            "kind": snippet.kind.map(|k| k.name()),
            "file": snippet.file,
            "expected": snippet.expected,
            "findings": findings,
            "document": snippet.value,
        });
        insta::assert_json_snapshot!(format!("example.{}", snippet.id.replace('/', "__")), record);
    }
    assert!(seen.len() >= 5, "the book shows at least five examples");
}

#[test]
fn snapshot_every_policy_summary_in_three_languages() {
    let outcome = outcome();
    let mut seen = std::collections::BTreeSet::new();
    for (_, _, snippet) in &outcome.snippets {
        let (Some(kind), Some(value)) = (snippet.kind, snippet.value.as_ref()) else { continue };
        if !kind.is_iam() || !seen.insert(snippet.id.clone()) {
            continue;
        }
        let summaries: Vec<String> = ["en", "ja", "ko"]
            .iter()
            .map(|lang| format!("[{lang}] {}", lambda_notes::summary::html(value, kind, lang)))
            .collect();
        assert!(summaries.iter().all(|s| s.contains("\n- ")), "{}: every policy gets a summary", snippet.id);
        insta::assert_snapshot!(format!("summary.{}", snippet.id.replace('/', "__")), summaries.join("\n\n"));
    }
    assert!(seen.len() >= 10);
}
