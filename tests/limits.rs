//! Inputs built to be slow or huge (issue #13): the limits that refuse them
//! and the behaviour that keeps the others linear, each with the smallest
//! input that shows it. No timings here: `lambda-notes bench --adversarial`
//! measures the speed.

use lambda_notes::diagnostics::diag::Diagnostic;
use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use lambda_notes::pipeline::inputs;
use lambda_notes::snippet::json_doc::MAX_DOCUMENT_BYTES;
use std::path::Path;

/// (code, severity, line, column, message) of each finding.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(String, &'static str, usize, usize, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column();
            (d.finding.code.clone(), d.finding.severity.as_str(), line, column, d.finding.message.clone())
        })
        .collect()
}

fn chapter(text: &str) -> Vec<Diagnostic> {
    let settings = Settings::for_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut diagnostics = chapter::process(&settings, "ch.md", text, 0, "en").diagnostics;
    report::sort(&mut diagnostics);
    diagnostics
}

#[test]
fn a_document_over_the_size_limit_is_refused_where_it_passes_the_limit() {
    let text = format!("{{\n\"a\": \"{}\"}}", "x".repeat(MAX_DOCUMENT_BYTES));
    let found = inputs::check_json("big.json", text.clone(), None);
    assert_eq!(
        summary(&found),
        vec![(
            "DOCUMENT_TOO_LARGE".to_string(),
            "error",
            2,
            MAX_DOCUMENT_BYTES - 1,
            format!("This JSON document is {} bytes long; the limit is 1048576 bytes (1 MiB), passed here", text.len())
        )]
    );
    // one byte under the limit is checked as usual
    let fits = format!("[\"{}\"]", "x".repeat(MAX_DOCUMENT_BYTES - 4));
    assert_eq!(fits.len(), MAX_DOCUMENT_BYTES);
    let found = inputs::check_json("fits.json", fits, None);
    assert_eq!(found.iter().map(|d| d.finding.code.as_str()).collect::<Vec<_>>(), ["UNCLASSIFIED"]);
}

#[test]
fn nesting_past_the_limit_is_refused_at_the_bracket_that_passes_it() {
    let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let found = inputs::check_json("deep.json", text, None);
    assert_eq!(
        summary(&found),
        vec![(
            "NESTING_TOO_DEEP".to_string(),
            "error",
            1,
            128,
            "Arrays and objects nest more than 127 levels deep here; 127 is the limit".to_string()
        )]
    );
}

#[test]
fn a_long_line_is_quoted_as_a_window_around_each_finding() {
    let actions: Vec<String> = (0..40).map(|i| format!("\"lambda:NoSuchAction{i}\"")).collect();
    let policy = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[{}],\"Resource\":\"*\"}}]}}",
        actions.join(",")
    );
    let mut found = inputs::check_json("min.json", policy.clone(), None);
    report::sort(&mut found);
    let human = report::human(&found);
    // every finding quotes at most a window, never the whole line
    let longest = human.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(policy.len() > 900 && longest < 200, "a line of {longest} characters");
    // the 21st action: the window, its marks and the caret under it
    let at = policy.find("\"lambda:NoSuchAction20\"").unwrap();
    let column = at + 1;
    let expected = format!(
        "error[INVALID_ACTION]: The action `lambda:NoSuchAction20` does not exist.\n  ┌─ min.json:1:{column}\n  │\n1 │ …{}…\n  │ {}^^^^^^^^^^^^^^^^^^^^^^^\n",
        &policy[at - 40..at + 80],
        " ".repeat(41),
    );
    let start = human.find("error[INVALID_ACTION]: The action `lambda:NoSuchAction20`").unwrap();
    assert_eq!(&human[start..start + expected.len()], expected);
}

#[test]
fn columns_past_wide_characters_stay_under_the_finding() {
    // wide characters right before the bad action: the window keeps as many as fit in 40 columns
    let policy = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"{}\",\"Effect\":\"Allow\",\"Action\":\"lambda:Nope\",\"Resource\":\"*\"}}]}}",
        "日".repeat(100)
    );
    let found: Vec<Diagnostic> = inputs::check_json("wide.json", policy, None)
        .into_iter()
        .filter(|d| d.finding.code == "INVALID_ACTION")
        .collect();
    let human = report::human(&found);
    let quoted = human.lines().find(|l| l.starts_with("1 │ ")).unwrap();
    let carets = human.lines().find(|l| l.contains('^')).unwrap();
    let window = quoted.trim_start_matches("1 │ ");
    assert!(window.starts_with("…日日日日日日\""), "{window}");
    // the caret sits below the action's opening quote, counted in display columns
    let before = &window[..window.find("\"lambda:Nope\"").unwrap()];
    let width: usize = before.chars().map(|c| if c == '日' { 2 } else { 1 }).sum();
    assert_eq!(width, 41, "{before}"); // the mark, then 40 columns
    assert_eq!(carets.trim_start_matches("  │ ").find('^'), Some(width), "{carets}");
}

#[test]
fn a_folder_linked_to_itself_is_walked_once_and_the_skips_are_said() {
    #[cfg(unix)]
    {
        let dir = std::env::temp_dir().join(format!("lambda-notes-cycle-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("p.json"), "{}\n").unwrap();
        std::os::unix::fs::symlink(".", dir.join("a")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/up")).unwrap();
        let collected = inputs::collect(std::slice::from_ref(&dir)).unwrap();
        let canonical = std::fs::canonicalize(&dir).unwrap();
        assert_eq!(collected.files, vec![dir.join("p.json")]);
        let leads_back = |link: &str| {
            format!(
                "{}: leads to {}, which is already walked (a link loop or a second link to it)",
                dir.join(link).display(),
                canonical.display()
            )
        };
        assert_eq!(collected.skipped, vec![leads_back("a"), leads_back("sub/up")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn blocks_without_id_are_named_by_their_line() {
    let text = "# T\n\n```json\n{}\n```\n\ntext\n\n```json\n[]\n```\n```json\n1\n```\n";
    let settings = Settings::for_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let out = chapter::process(&settings, "ch.md", text, 0, "en");
    let ids: Vec<&str> = out.snippets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["line-3", "line-9", "line-12"]);
}

#[test]
fn repeated_values_are_each_reported_once_against_the_first() {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObject","S3:getobject","s3:Get*","s3:Get*"],"Resource":"*"}]}"#;
    let mut found = inputs::check_json("p.json", policy.to_string(), None);
    report::sort(&mut found);
    let redundant: Vec<(String, String)> = found
        .iter()
        .filter(|d| d.finding.code == "REDUNDANT_ACTION")
        .map(|d| (d.finding.target.pointer.clone(), d.finding.message.clone()))
        .collect();
    let pair = |p: &str, m: &str| (p.to_string(), m.to_string());
    assert_eq!(
        redundant,
        vec![
            pair("/Statement/0/Action/0", "The action `s3:GetObject` is redundant: `s3:Get*` already covers it."),
            pair("/Statement/0/Action/1", "The action `s3:GetObject` is listed twice."),
            pair("/Statement/0/Action/2", "The action `S3:getobject` is listed twice."),
            pair("/Statement/0/Action/4", "The action `s3:Get*` is listed twice."),
        ]
    );
}

#[test]
fn a_notation_nested_past_the_limit_is_refused_at_its_fence() {
    let text = format!(
        "```json kind=resource-policy id=grant\n{}\n```\n\n```yaml same-as=grant\nResources: {}{}\n```\n",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:my-function"}]}"#,
        "[".repeat(65),
        "]".repeat(65)
    );
    assert_eq!(
        summary(&chapter(&text)).into_iter().filter(|f| f.0 == "NOTATION_PARSE").collect::<Vec<_>>(),
        vec![(
            "NOTATION_PARSE".to_string(),
            "error",
            5,
            1,
            "brackets nest more than 64 levels deep (the limit) on line 1 of the block".to_string()
        )]
    );
}

#[test]
fn a_long_glob_trap_is_decided_correctly() {
    // `*aaa…ab` against `aaa…a`: a miss; with the `b` added, a match
    let prefix = "arn:aws:lambda:us-east-1:123456789012:function:";
    let pattern = format!("{prefix}*{}b", "a".repeat(3_000));
    let tokens = lambda_notes::checks::eval::matching::tokenize(&pattern);
    let text = format!("{prefix}{}", "a".repeat(9_000));
    assert!(!lambda_notes::checks::eval::matching::arn_matches(&tokens, &text));
    assert!(lambda_notes::checks::eval::matching::arn_matches(&tokens, &format!("{text}b")));
}
