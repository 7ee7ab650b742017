//! The finding-code table (`engine/diagnostics/codes.rs`) against the tests.
//!
//! Every code the engine can emit must be triggered by a snapshot that shows
//! its exact output (file, line, column, severity, code, message, hint). The
//! fixtures in `tests/fixtures/codes/` exist for that: `check --format json`
//! runs on each folder and its output is snapshotted here. The coverage test
//! then reads every committed snapshot, so a code triggered elsewhere (the
//! chapter fixtures, the scratch books of `tests/parity.rs`) counts too.
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test codes`, then
//! read every changed `.snap` before committing it.

use lambda_notes::diagnostics::codes;
use lambda_notes::diagnostics::report;
use lambda_notes::snippet::kind::Kind;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Codes no test can trigger from outside, with the reason; keep this short.
const UNREACHABLE: &[(&str, &str)] =
    &[("SCHEMA_BROKEN", "the schemas are embedded in the binary; schema::tests::every_schema_compiles fails first")];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run the built `lambda-notes` from the repository root: (exit status, stdout, stderr).
fn lambda_notes(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lambda-notes")).args(args).current_dir(root()).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn code_fixtures_give_these_exact_findings() {
    let (status, stdout, _) = lambda_notes(&["check", "--format", "json", "tests/fixtures/codes/chapters"]);
    assert_eq!(status, 1, "the chapter fixtures have errors");
    insta::assert_snapshot!("chapters", stdout);
    for kind in ["identity-policy", "resource-policy", "trust-policy"] {
        let folder = format!("tests/fixtures/codes/{kind}");
        let (status, stdout, _) = lambda_notes(&["check", "--format", "json", "--kind", kind, &folder]);
        assert_eq!(status, 1, "{folder} has errors");
        insta::assert_snapshot!(kind, stdout);
    }
}

/// The IAM fixtures of `tests/iam_lints.rs`, through the locate stage: every
/// finding at its line and column (iam_lints snapshots only the JSON pointer).
#[test]
fn iam_fixtures_located() {
    let dir = root().join("tests/fixtures/iam");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut all = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = file.strip_suffix(".json") else { continue };
        let kind = stem.rsplit_once('.').and_then(|(_, k)| Kind::from_name(k)).expect("<name>.<kind>.json");
        let text = std::fs::read_to_string(&path).unwrap();
        all.extend(lambda_notes::pipeline::inputs::check_json(&format!("tests/fixtures/iam/{file}"), text, Some(kind)));
    }
    report::sort(&mut all);
    insta::assert_snapshot!("iam_fixtures_located", report::json(&all));
}

/// Codes shown with a position by a committed snapshot: JSON lines
/// (`"line":…,"code":"X"`) or the book's records (`"severity X file:line:col …"`).
fn codes_in_snapshots() -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let dir = root().join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".snap") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if let Some(code) = json_line_code(line).or_else(|| record_code(line)) {
                found.entry(code).or_default().insert(name.clone());
            }
        }
    }
    found
}

fn json_line_code(line: &str) -> Option<String> {
    if !line.contains("\"line\":") || !line.contains("\"column\":") {
        return None;
    }
    let rest = &line[line.find("\"code\":\"")? + 8..];
    Some(rest[..rest.find('"')?].to_string())
}

fn record_code(line: &str) -> Option<String> {
    let line = line.trim().strip_prefix('"')?;
    let mut words = line.split(' ');
    let severity = words.next()?;
    if !matches!(severity, "error" | "security_warning" | "warning" | "suggestion" | "note") {
        return None;
    }
    let code = words.next()?;
    let place = words.next()?;
    let has_position = place.rsplitn(3, ':').take(2).all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    has_position.then(|| code.to_string())
}

#[test]
fn every_code_in_the_table_has_a_snapshot_that_triggers_it() {
    let found = codes_in_snapshots();
    let unreachable: BTreeSet<&str> = UNREACHABLE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<&str> =
        codes::ALL.iter().copied().filter(|c| !found.contains_key(*c) && !unreachable.contains(c)).collect();
    let unknown: Vec<(&String, &BTreeSet<String>)> = found.iter().filter(|(c, _)| !codes::is_known(c)).collect();
    let triggered = codes::ALL.len() - missing.len() - unreachable.len();
    // One line for .ci/run and the log: the figure the issue asks for.
    eprintln!(
        "lambda-notes codes: {triggered}/{} codes have a triggering snapshot ({} unreachable: {})",
        codes::ALL.len(),
        unreachable.len(),
        UNREACHABLE.iter().map(|(c, why)| format!("{c}: {why}")).collect::<Vec<_>>().join("; ")
    );
    assert!(
        missing.is_empty(),
        "{} finding code(s) of engine/diagnostics/codes.rs have no snapshot that shows them with a line and column:\n  {}\n\
         Add a block or statement that triggers each to a file in tests/fixtures/codes/ (chapters/*.md for \
         chapter codes, <kind>/*.json for IAM codes; book-wide codes go in a scratch book of tests/parity.rs), \
         run `INSTA_UPDATE=always cargo test --test codes --test parity`, read the new .snap lines, commit them.",
        missing.len(),
        missing.join("\n  ")
    );
    assert!(
        unknown.is_empty(),
        "snapshots show codes that engine/diagnostics/codes.rs does not list: {unknown:?}\n\
         Add each to the table in engine/diagnostics/codes.rs and make the finding with the constant."
    );
    for (code, why) in UNREACHABLE {
        assert!(codes::is_known(code), "{code} ({why}) is no longer in the table: drop it from UNREACHABLE");
        assert!(!found.contains_key(*code), "{code} is triggered after all: drop it from UNREACHABLE");
    }
}

/// A finding made with a string literal (`Finding::error("NEW_CODE", …)`)
/// bypasses the table: the engine must use the constants of engine/diagnostics/codes.rs.
#[test]
fn the_engine_makes_findings_only_with_codes_from_the_table() {
    let mut literals = Vec::new();
    let mut files = Vec::new();
    walk(&root().join("engine"), &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests may name codes as text; only the engine's own code counts.
        let code_part = text.split("#[cfg(test)]").next().unwrap_or("");
        for (line, code) in literal_codes(code_part) {
            literals.push(format!("{}:{line}: \"{code}\"", path.strip_prefix(root()).unwrap().display()));
        }
    }
    assert!(
        literals.is_empty(),
        "findings made with a string literal instead of a constant of engine/diagnostics/codes.rs:\n  {}\n\
         Add each code to the table in engine/diagnostics/codes.rs, write `codes::NAME` where the finding is made, \
         and trigger it from a fixture (see tests/fixtures/codes/README.md).",
        literals.join("\n  ")
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (line, code) of every `Finding::…("LITERAL"` and `Finding::new(severity, "LITERAL"`.
fn literal_codes(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for ctor in ["error", "security_warning", "warning", "suggestion", "note", "new"] {
        let call = format!("Finding::{ctor}(");
        for (at, _) in text.match_indices(&call) {
            let mut rest = text[at + call.len()..].trim_start();
            if ctor == "new" {
                rest = rest.split_once(',').map_or("", |(_, r)| r.trim_start());
            }
            if let Some(literal) = rest.strip_prefix('"') {
                let code = literal.split('"').next().unwrap_or("");
                out.push((text[..at].matches('\n').count() + 1, code.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_source_scan_sees_a_literal_code() {
    let text = "fn a() {\n    Finding::error(\n        \"NEW_CODE\", \"m\");\n    Finding::new(Severity::Note, \"OTHER\", \"m\");\n    Finding::warning(codes::X, \"m\");\n}\n";
    assert_eq!(literal_codes(text), vec![(2, "NEW_CODE".to_string()), (4, "OTHER".to_string())]);
}

#[test]
fn snapshot_lines_are_read_with_their_code() {
    assert_eq!(
        json_line_code(r#"{"file":"a.md","line":3,"column":4,"severity":"error","code":"INVALID_JSON","message":"m"}"#),
        Some("INVALID_JSON".to_string())
    );
    assert_eq!(json_line_code(r#"    "code": "INVALID_JSON","#), None, "no position, no proof");
    assert_eq!(
        record_code(r#"    "warning RESOURCE_MISMATCH examples/policies/x.json:12:7 The resource …","#),
        Some("RESOURCE_MISMATCH".to_string())
    );
    assert_eq!(record_code(r#"    "error INVALID_JSON somewhere without position","#), None);
}
