//! Exercises (#17): the block parser, the build-time proofs of answer keys
//! (a wrong key fails at the right file:line:column), and the rendered HTML.

use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use std::path::Path;

fn process(name: &str, lang: &str) -> chapter::ChapterOutput {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(name)).unwrap();
    let mut out = chapter::process(&Settings::for_root(root), name, &text, 0, lang);
    report::sort(&mut out.diagnostics);
    out
}

/// (file:line:column, code, message) of every diagnostic.
fn findings(out: &chapter::ChapterOutput) -> Vec<(String, String, String)> {
    out.diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column();
            (format!("{}:{line}:{column}", d.file.name), d.finding.code.clone(), d.finding.message.clone())
        })
        .collect()
}

#[test]
fn every_kind_with_a_right_answer_key_builds_clean() {
    let out = process("tests/fixtures/exercises/all-kinds.md", "en");
    assert_eq!(findings(&out), Vec::<(String, String, String)>::new());
}

#[test]
fn the_rendered_exercises_in_each_language() {
    for lang in ["en", "ja", "ko"] {
        let out = process("tests/fixtures/exercises/all-kinds.md", lang);
        let content = out.content.expect("the chapter is rewritten");
        // Only the exercises: the snippets' rendering has its own snapshots.
        let start = content.find("## Check yourself").expect("the exercises' heading");
        insta::assert_snapshot!(format!("exercises_{lang}"), &content[start..]);
    }
}

#[test]
fn wrong_answer_keys_fail_at_the_key() {
    let out = process("tests/fixtures/codes/chapters/exercises.md", "en");
    let file = "tests/fixtures/codes/chapters/exercises.md";
    let got = findings(&out);
    let at: Vec<(&str, &str)> = got.iter().map(|(at, code, _)| (at.as_str(), code.as_str())).collect();
    assert_eq!(
        at,
        [
            (&*format!("{file}:18:10"), "EXERCISE_WRONG_ANSWER"),
            (&*format!("{file}:27:10"), "EXERCISE_UNKNOWN_POLICY"),
            (&*format!("{file}:31:7"), "EXERCISE_SYNTAX"),
            (&*format!("{file}:47:11"), "EXERCISE_WRONG_ANSWER"),
            (&*format!("{file}:59:10"), "EXERCISE_SYNTAX"),
            (&*format!("{file}:60:8"), "EXERCISE_SYNTAX"),
            (&*format!("{file}:89:8"), "EXERCISE_WRONG_ANSWER"),
            (&*format!("{file}:107:1"), "EXERCISE_WRONG_ANSWER"),
            (&*format!("{file}:119:24"), "EXERCISE_SYNTAX"),
            (&*format!("{file}:130:11"), "EXERCISE_SYNTAX"),
        ],
        "{got:#?}"
    );
    assert_eq!(
        got[0].2,
        "the answer key says allow, but the evaluator gives implicit deny: Implicitly denied: no identity policy statement \
         allows sqs:ReceiveMessage on arn:aws:sqs:us-east-1:123456789012:my-queue for arn:aws:iam::123456789012:role/my-function-role."
    );
    assert_eq!(got[3].2, "the exercise declares INVALID_ACTION at line 4, but the checks report nothing");
    assert_eq!(got[5].2, "`line` is not a key of allowed-or-denied exercises");
    // The which-policy error is at the text of the choice marked correct.
    assert_eq!(
        got[6].2,
        "the answer key says `send-only`, but the allow is decided by `topic-delivers`: Allowed: statement 0 of \
         `topic-delivers` grants sqs:SendMessage on arn:aws:sqs:us-east-1:123456789012:my-queue to service principal \
         sns.amazonaws.com."
    );
    // The fix-it error is at the case the model answer fails.
    assert!(
        got[7].2.starts_with("the model answer fails this case: expected allow, but the policy gives implicit deny")
    );
    assert_eq!(got[8].2, "this exercise's body is not valid TOML: invalid basic string, expected `\"`");
    // A find-the-bug `finding` that is no code: the hint names the table of codes.
    assert_eq!(got[9].2, "`NO_SUCH_CODE` is not a finding code");
    let hint = out.diagnostics.iter().find(|d| d.finding.message == got[9].2).and_then(|d| d.finding.hint.clone());
    assert_eq!(hint.as_deref(), Some("use a code from engine/diagnostics/codes.rs"));
}
