//! The diagnostics contract: for each bad fixture chapter, the exact human
//! (rustc-style) and JSON-lines output, snapshotted; plus the places that
//! must be reported at the right line.

use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use std::path::Path;

fn fixture(name: &str) -> (Vec<lambda_notes::diagnostics::diag::Diagnostic>, Option<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures/chapters").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let settings = Settings::for_root(root);
    let out = chapter::process(&settings, &format!("tests/fixtures/chapters/{name}"), &text, 0, "en");
    let mut diagnostics = out.diagnostics;
    report::sort(&mut diagnostics);
    (diagnostics, out.content)
}

/// (fixture, code that must be reported, 1-based line it must point at)
const MUST_REPORT: &[(&str, &str, usize)] = &[
    ("shell-in-json.md", "INVALID_JSON", 4),
    ("trailing-comma.md", "INVALID_JSON", 10),
    ("sqs-body-object.md", "SCHEMA_VIOLATION", 9),
    ("bad-example.md", "EXPECTATION_MISMATCH", 3),
];

#[test]
fn findings_point_at_the_right_line() {
    for (name, code, line) in MUST_REPORT {
        let (diagnostics, _) = fixture(name);
        let hit = diagnostics.iter().find(|d| d.finding.code == *code);
        let hit = hit.unwrap_or_else(|| panic!("{name}: no {code} in {diagnostics:#?}"));
        assert_eq!(hit.line_column().0, *line, "{name}: {code} at the wrong line");
    }
}

#[test]
fn policy_mistakes_are_reported_at_the_offending_value() {
    // (fixture, the text the finding must point at)
    let cases = [
        ("spaced-action.md", "\"logs: CreateLogGroup\""),
        ("spaced-arn.md", "\"arn:aws: logs:*:*:*\""),
        ("placeholder.md", "\"arn:aws:sqs:us-east-1:<account>:my-queue\""),
    ];
    for (name, offending) in cases {
        let (diagnostics, _) = fixture(name);
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.finding.severity == lambda_notes::diagnostics::finding::Severity::Error)
            .collect();
        assert!(
            errors.iter().any(|d| &d.file.text[d.range.clone()] == offending),
            "{name}: no error points at {offending}: {errors:#?}"
        );
    }
}

#[test]
fn a_fragment_without_version_is_fine_but_a_policy_is_not() {
    let (diagnostics, _) = fixture("fragment.md");
    let codes: Vec<(&str, usize)> = diagnostics.iter().map(|d| (d.finding.code.as_str(), d.line_column().0)).collect();
    assert!(codes.iter().all(|(_, line)| *line > 12), "the fragment itself must be clean: {codes:?}");
    assert!(codes.iter().any(|(code, _)| *code == "MISSING_VERSION"), "{codes:?}");
}

#[test]
fn a_chapter_with_nothing_to_handle_is_byte_identical() {
    let (diagnostics, content) = fixture("untouched.md");
    assert!(diagnostics.is_empty());
    assert!(content.is_none(), "nothing handled, so nothing rewritten");
}

#[test]
fn crlf_bom_and_tildes_are_handled() {
    let (diagnostics, content) = fixture("crlf-bom.md");
    let content = content.expect("two json blocks rewritten");
    assert!(content.starts_with('\u{feff}'), "the BOM and the text before the block stay");
    assert_eq!(content.matches("<div class=\"ln-snippet").count(), 2);
    assert!(diagnostics.iter().any(|d| d.finding.code == "UNCLASSIFIED" && d.line_column().0 == 5));
}

#[test]
fn blocks_in_containers_keep_their_container() {
    let (_, content) = fixture("placeholder.md");
    let content = content.unwrap();
    for line in content.lines().skip(2) {
        assert!(line.starts_with('>'), "line left the block quote: {line:?}");
    }
    let (_, content) = fixture("spaced-arn.md");
    let content = content.unwrap();
    for line in content.lines().skip(4).filter(|l| !l.is_empty()) {
        assert!(line.starts_with("  "), "line left the list item: {line:?}");
    }
}

#[test]
fn snapshots_of_every_bad_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chapters");
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names {
        let (diagnostics, _) = fixture(&name);
        let stem = name.trim_end_matches(".md").to_string();
        insta::assert_snapshot!(format!("{stem}.human"), report::human(&diagnostics));
        insta::assert_snapshot!(format!("{stem}.json"), report::json(&diagnostics));
    }
}

/// Each finding of an inline chapter as (code, line, the text it covers).
fn covered(text: &str) -> Vec<(String, usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = chapter::process(&Settings::for_root(root), "inline.md", text, 0, "en");
    let mut diagnostics = out.diagnostics;
    report::sort(&mut diagnostics);
    diagnostics
        .iter()
        .map(|d| (d.finding.code.clone(), d.line_column().0, d.file.text[d.range.clone()].to_string()))
        .collect()
}

#[test]
fn block_findings_cover_exactly_the_text_they_are_about() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
    let text = format!(
        "# T\n\n```json kind=identity-policy id=a\n{policy}\n```\n\n```json kind=identity-policy id=a\n{policy}\n```\n\n\
         ```json kind=identity-policy bogus=1\n{policy}\n```\n\n```json same-as=a\n{{ not json\n```\n"
    );
    let row = |code: &str, line: usize, covered: &str| (code.to_string(), line, covered.to_string());
    assert_eq!(
        covered(&text),
        [
            // The whole info string of the second block with the id.
            row("DUPLICATE_ID", 7, "json kind=identity-policy id=a"),
            // The attribute the parser rejects, whole.
            row("INVALID_ATTRIBUTE", 11, "bogus=1"),
            // A ```json notation is strict JSON before it is compared.
            row("INVALID_JSON", 16, "n"),
        ]
    );
}

#[test]
fn a_bad_example_that_finds_what_it_declares_reports_nothing() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
    let good = format!("# T\n\n```json kind=identity-policy id=a expect=INVALID_ACTION\n{policy}\n```\n");
    assert_eq!(covered(&good), []);
    let wrong = good.replace("expect=INVALID_ACTION", "expect=INVALID_ARN_PREFIX");
    let codes: Vec<String> = covered(&wrong).into_iter().map(|(code, _, _)| code).collect();
    assert_eq!(codes, ["EXPECTATION_MISMATCH", "INVALID_ACTION"]);
}

#[test]
fn a_policy_test_finding_covers_its_word_and_other_blocks_are_left_alone() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
    let case = "allow principal=arn:aws:iam::123456789012:role/p action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:q";
    // The bad word is on the test's second line, indented: its span counts
    // from that line's start and the word's column.
    let text = format!(
        "# T\n\n```json kind=identity-policy id=a\n{policy}\n```\n\n```policy-test\n{case}\n  maybe {case}\n```\n\n\
         ```sh bogus=1\necho only a notation (same-as=) is read\n```\n"
    );
    let found = covered(&text);
    let row = |line: usize, word: &str| ("POLICY_TEST_SYNTAX".to_string(), line, word.to_string());
    assert_eq!(found, [row(9, "maybe")]);
}

#[test]
fn an_expectation_mismatch_names_what_is_missing_and_what_is_not_declared() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
    let chapter = |expect: &str| format!("# T\n\n```json kind=identity-policy id=a expect={expect}\n{policy}\n```\n");
    let mismatch = |text: &str| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = chapter::process(&Settings::for_root(root), "inline.md", text, 0, "en");
        out.diagnostics
            .into_iter()
            .filter(|d| d.finding.code == "EXPECTATION_MISMATCH")
            .map(|d| (d.finding.message, d.finding.hint.unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    let declare = "declare `expect=INVALID_ACTION`".to_string();
    assert_eq!(
        mismatch(&chapter("INVALID_ARN_PREFIX")),
        [(
            "this deliberate bad example does not produce exactly the findings it declares; missing: \
             INVALID_ARN_PREFIX; not declared: INVALID_ACTION"
                .to_string(),
            declare.clone()
        )]
    );
    // One declared code found, one not: only the one not found is missing.
    assert_eq!(
        mismatch(&chapter("INVALID_ACTION,INVALID_ARN_PREFIX")),
        [(
            "this deliberate bad example does not produce exactly the findings it declares; missing: \
             INVALID_ARN_PREFIX"
                .to_string(),
            declare
        )]
    );
}

#[test]
fn a_policy_block_is_followed_by_its_generated_summary() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let render = |info: &str| {
        let text = format!("# T\n\n```{info}\n{policy}\n```\n");
        chapter::process(&Settings::for_root(root), "inline.md", &text, 0, "en").content.unwrap_or_default()
    };
    let summary = "<div class=\"ln-summary\">\n\n**Policy summary (generated at build time)**\n\n\
                   - `Send`: Allows `sqs:SendMessage` (Write) on `arn:aws:sqs:us-east-1:123456789012:q` for the \
                   principal this policy is attached to.\n\n</div>";
    let page = render("json kind=identity-policy id=a");
    assert!(page.contains(summary), "{page}");
}

#[test]
fn a_literal_bold_marker_and_a_refused_file_cover_exactly_their_text() {
    // Each unpaired `**` is covered, both asterisks and nothing more.
    assert_eq!(
        covered("# T\n\n- **日本語です。**英語\n"),
        [
            ("LITERAL_BOLD_MARKER".to_string(), 3, "**".to_string()),
            ("LITERAL_BOLD_MARKER".to_string(), 3, "**".to_string())
        ]
    );
    // A `file=` naming a folder of examples/: the attribute, whole.
    assert_eq!(
        covered("# T\n\n```json kind=identity-policy id=a file=policies\n```\n"),
        [("EXAMPLE_NOT_A_FILE".to_string(), 3, "file=policies".to_string())]
    );
}
