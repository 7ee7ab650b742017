//! The book itself: it checks clean, every edition has the same chapters and
//! examples, and every example is snapshotted (canonical JSON, kind and
//! findings) so that any change to a snippet shows up in review.

use lambda_notes::book;
use lambda_notes::diagnostics::finding::Severity;
use lambda_notes::settings::BookSetup;
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
    lambda_notes::diagnostics::report::sort(&mut diagnostics);
    assert!(diagnostics.is_empty(), "\n{}", lambda_notes::diagnostics::report::human(&diagnostics));
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
        let findings: Vec<String> = snippet.findings.iter().map(line).collect();
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
            .map(|lang| format!("[{lang}] {}", lambda_notes::pipeline::summary::markdown(value, kind, lang)))
            .collect();
        assert!(summaries.iter().all(|s| s.contains("\n- ")), "{}: every policy gets a summary", snippet.id);
        insta::assert_snapshot!(format!("summary.{}", snippet.id.replace('/', "__")), summaries.join("\n\n"));
    }
    assert!(seen.len() >= 10);
}

/// One finding as a line: severity, code, where, message.
fn line(d: &lambda_notes::diagnostics::diag::Diagnostic) -> String {
    let (line, column) = d.line_column();
    format!("{} {} {}:{line}:{column} {}", d.finding.severity.as_str(), d.finding.code, d.file.name, d.finding.message)
}

fn summary(outcome: &book::Outcome) -> (Vec<String>, Vec<String>) {
    let mut diagnostics: Vec<String> = outcome.diagnostics.iter().map(line).collect();
    diagnostics.sort();
    let mut snippets: Vec<String> = outcome
        .snippets
        .iter()
        .map(|(lang, chapter, s)| {
            let findings: Vec<String> = s.findings.iter().map(line).collect();
            format!("{lang} {chapter} {} {:?}", s.id, findings)
        })
        .collect();
    snippets.sort();
    (diagnostics, snippets)
}

#[test]
fn building_finds_exactly_what_checking_finds() {
    // A build checks the snippets' findings beside mdBook's renderer, after
    // the pages are made; `check` does it chapter by chapter. Same answers,
    // on the book and on a copy whose en edition also holds the bad fixtures.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = std::env::temp_dir().join(format!("lambda-notes-build-vs-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    for dir in ["src", "examples", "theme"] {
        copy_dir(&here.join(dir), &copy.join(dir));
    }
    std::fs::copy(here.join("book.toml"), copy.join("book.toml")).unwrap();
    let mut summary_md = std::fs::read_to_string(copy.join("src/en/SUMMARY.md")).unwrap();
    for fixture in std::fs::read_dir(here.join("tests/fixtures/chapters")).unwrap() {
        let fixture = fixture.unwrap().path();
        let name = format!("fixture-{}", fixture.file_name().unwrap().to_string_lossy());
        std::fs::copy(&fixture, copy.join("src/en").join(&name)).unwrap();
        summary_md.push_str(&format!("[{name}]({name})\n"));
    }
    std::fs::write(copy.join("src/en/SUMMARY.md"), summary_md).unwrap();
    for root in [here.to_path_buf(), copy.clone()] {
        let setup = BookSetup::load(&root).unwrap();
        let out = std::env::temp_dir().join(format!("lambda-notes-build-vs-check-out-{}", std::process::id()));
        let built = book::render_editions(&setup, &out, true).unwrap();
        let _ = std::fs::remove_dir_all(&out);
        let checked = book::check(&setup).unwrap();
        let (built, checked) = (summary(&built), summary(&checked));
        assert_eq!(built, checked, "{}", root.display());
        if root == copy {
            assert!(built.0.iter().any(|d| d.starts_with("error ")), "the fixtures hold errors");
        }
        assert!(built.1.iter().any(|s| s.contains("FULL_ADMIN_ACCESS")), "bad examples' findings are recorded");
    }
    let _ = std::fs::remove_dir_all(&copy);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
