//! Regressions from the adversarial review (issue 13, "Crashes" and "Wrong
//! results and poor messages"): each test is the smallest input that showed
//! the defect, with the exact output that must come out now.

use lambda_notes::diagnostics::diag::Diagnostic;
use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (file, line, column, severity, code, message) of every finding, sorted.
type Row = (String, usize, usize, &'static str, String, String);

fn rows(mut diagnostics: Vec<Diagnostic>) -> Vec<Row> {
    report::sort(&mut diagnostics);
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column();
            let f = &d.finding;
            (d.file.name.clone(), line, column, f.severity.as_str(), f.code.clone(), f.message.clone())
        })
        .collect()
}

fn row(file: &str, line: usize, column: usize, severity: &'static str, code: &str, message: &str) -> Row {
    (file.to_string(), line, column, severity, code.to_string(), message.to_string())
}

/// A fresh folder under the system's temp dir, one per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lambda-notes-hardening-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The findings of one chapter `one.md` in a book rooted at `root`.
fn check_chapter_in(root: &Path, text: &str) -> Vec<Row> {
    let out = chapter::process(&Settings::for_root(root), "one.md", text, 0, "en");
    rows(out.diagnostics)
}

fn check_chapter(text: &str) -> Vec<Row> {
    check_chapter_in(Path::new(env!("CARGO_MANIFEST_DIR")), text)
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
}

const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

/// A resource policy letting `principal` invoke the function.
fn resource_policy(principal: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "Invoke", "Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": "lambda:InvokeFunction", "Resource": "{FUNCTION}"}}]}}"#
    )
}

// --- Crashes -------------------------------------------------------------

#[test]
fn a_date_followed_by_a_multibyte_character_is_a_type_mismatch_not_a_panic() {
    let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2024-01-01é"}}}]}"#;
    assert_eq!(
        check_chapter(&format!("```json\n{doc}\n```\n")),
        vec![row(
            "one.md",
            2,
            157,
            "warning",
            "TYPE_MISMATCH_DATE",
            "`2024-01-01é` is not a date, which `DateGreaterThan` needs."
        )]
    );
}

#[test]
fn a_unique_id_or_short_principal_never_matches_and_never_panics() {
    for principal in ["AIDAEXAMPLE0UNIQUE012", "AROAEXAMPLE0UNIQUE012", "arn:aws:iam"] {
        let chapter = format!(
            "```json\n{}\n```\n\n```policy-test\ndeny principal=arn:aws:iam::111122223333:role/r action=lambda:InvokeFunction resource={FUNCTION}\ndeny principal=account:111122223333 action=lambda:InvokeFunction resource={FUNCTION}\ndeny principal=arn:aws:iam::123456789012:user/u action=lambda:InvokeFunction resource={FUNCTION}\n```\n",
            resource_policy(principal)
        );
        // The lints say what the value is; the deny cases hold (no
        // POLICY_TEST_FAILED), and nothing panics.
        let codes: Vec<String> = check_chapter(&chapter).into_iter().map(|r| r.4).collect();
        let expected: &[&str] = match principal {
            "AIDAEXAMPLE0UNIQUE012" => &["INVALID_USER_REFERENCE", "SCHEMA_VIOLATION"],
            "AROAEXAMPLE0UNIQUE012" => &["INVALID_ROLE_REFERENCE", "SCHEMA_VIOLATION"],
            _ => &["INVALID_PRINCIPAL_FORMAT"],
        };
        assert_eq!(codes, expected, "{principal}");
    }
}

#[test]
fn the_evaluator_lets_no_caller_in_through_a_unique_id() {
    use lambda_notes::checks::eval::{Decision, PolicyRef, PolicySet, Principal, Request, evaluate};
    // A caller from another account, whose own identity policy allows
    // everything: the function's resource policy decides.
    let allow_all = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let decide = |listed: &str, caller: Principal| {
        let doc: serde_json::Value = serde_json::from_str(&resource_policy(listed)).unwrap();
        let set = PolicySet {
            identity: vec![PolicyRef { id: "caller", doc: &allow_all }],
            resource: Some((PolicyRef { id: "p", doc: &doc }, "123456789012".to_string())),
            trust_for_assume_role: false,
        };
        evaluate(&Request::new(caller, "lambda:InvokeFunction", FUNCTION), &set).decision
    };
    let role = || Principal::from_arn("arn:aws:iam::111122223333:role/r").unwrap();
    let account = || Principal::Account("111122223333".to_string());
    // What the unique ids stand in for does get in ...
    assert_eq!(decide("arn:aws:iam::111122223333:role/r", role()), Decision::Allow);
    assert_eq!(decide("111122223333", account()), Decision::Allow);
    // ... the unique id, or a value with too few colons, lets nobody in.
    for listed in ["AROAEXAMPLE0UNIQUE012", "AIDAEXAMPLE0UNIQUE012", "arn:aws:iam", "111122223333:root"] {
        assert_eq!(decide(listed, role()), Decision::ImplicitDeny, "{listed}, role");
        assert_eq!(decide(listed, account()), Decision::ImplicitDeny, "{listed}, account");
    }
}

// --- Policy tests --------------------------------------------------------

#[test]
fn a_case_without_action_is_an_error_outside_trust_policies() {
    let chapter = format!(
        "```json\n{}\n```\n\n```policy-test\n  allow principal=account:111122223333 resource={FUNCTION}\n```\n",
        resource_policy("111122223333")
    );
    assert_eq!(
        check_chapter(&chapter),
        vec![row("one.md", 6, 3, "error", "POLICY_TEST_SYNTAX", "the case has no `action=`")]
    );
}

#[test]
fn an_empty_policy_test_block_is_an_error_at_its_fence() {
    for body in ["", "# only a comment\n\n"] {
        let chapter = format!("```json\n{}\n```\n\n```policy-test\n{body}```\n", resource_policy("111122223333"));
        assert_eq!(
            check_chapter(&chapter),
            vec![row("one.md", 5, 1, "error", "POLICY_TEST_EMPTY", "this policy-test block has no case")],
            "{body:?}"
        );
    }
}

#[test]
fn a_trust_policy_case_may_still_leave_out_its_action() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    let chapter =
        format!("```json\n{trust}\n```\n\n```policy-test\nallow principal=service:lambda.amazonaws.com\n```\n");
    assert_eq!(check_chapter(&chapter), vec![]);
}

// --- Notations and ids ---------------------------------------------------

const S3_GRANT: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::bucket"}}}]}"#;

fn cfn_json(source_arn: &str) -> String {
    format!(
        r#"{{"Type": "AWS::Lambda::Permission", "Properties": {{"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com", "SourceArn": "{source_arn}"}}}}"#
    )
}

#[test]
fn a_cloudformation_template_in_json_is_compared_like_yaml() {
    let chapter = |template: &str| format!("```json id=g\n{S3_GRANT}\n```\n\n```json same-as=g\n{template}\n```\n");
    assert_eq!(check_chapter(&chapter(&cfn_json("arn:aws:s3:::bucket"))), vec![]);
    assert_eq!(
        check_chapter(&chapter(&cfn_json("arn:aws:s3:::other"))),
        vec![row(
            "one.md",
            5,
            1,
            "error",
            "NOTATION_MISMATCH",
            "Condition ArnLike aws:SourceArn: AWS::Lambda::Permission says arn:aws:s3:::other, the JSON says arn:aws:s3:::bucket"
        )]
    );
    // Still a ```json block: strict JSON first.
    assert_eq!(
        check_chapter(&chapter("{\"Type\": 1,}")),
        vec![row("one.md", 6, 11, "error", "INVALID_JSON", "Trailing comma")]
    );
}

#[test]
fn two_blocks_with_one_id_in_a_chapter_are_an_error_at_the_second() {
    let chapter = format!("# t\n\n```json id=g\n{S3_GRANT}\n```\n\ntext\n\n```json id=g\n{S3_GRANT}\n```\n");
    assert_eq!(
        check_chapter(&chapter),
        vec![row("one.md", 9, 4, "error", "DUPLICATE_ID", "the id `g` is already used by the block on line 3")]
    );
}

// --- Numbers -------------------------------------------------------------

#[test]
fn integers_above_2_pow_53_compare_exactly() {
    use lambda_notes::checks::eval::condition::parse_block;
    use std::collections::BTreeMap;
    // 2^53 + 1 is not 2^53, though both are the same f64.
    let holds = |operator: &str, policy: &str, request: &str| {
        let block = serde_json::json!({ operator: { "s3:max-keys": policy } });
        let context = BTreeMap::from([("s3:max-keys".to_string(), vec![request.to_string()])]);
        parse_block(&block, true).unwrap()[0].evaluate(&context, true)
    };
    assert!(!holds("NumericEquals", "9007199254740993", "9007199254740992"));
    assert!(holds("NumericNotEquals", "9007199254740993", "9007199254740992"));
    assert!(holds("NumericLessThan", "9007199254740993", "9007199254740992"));
    assert!(holds("NumericGreaterThan", "-9007199254740993", "-9007199254740992"));
    assert!(holds("NumericEquals", "12345678901234567890.10", "12345678901234567890.1"));
    // Epoch seconds in a date condition are numbers too.
    assert!(holds("DateLessThan", "9007199254740993", "9007199254740992"));
    assert!(!holds("DateGreaterThan", "2020-01-01T00:00:00.0001Z", "2020-01-01T00:00:00Z"));
    assert!(holds("DateLessThan", "2020-01-01T00:00:00.0001Z", "2020-01-01T00:00:00Z"));
}

#[test]
fn nan_and_infinity_are_not_numbers_for_the_lints() {
    for value in ["NaN", "inf", "infinity"] {
        let doc = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {{"NumericLessThan": {{"s3:max-keys": "{value}"}}}}}}]}}"#
        );
        let codes: Vec<String> = check_chapter(&format!("```json\n{doc}\n```\n")).into_iter().map(|r| r.4).collect();
        assert_eq!(codes, ["TYPE_MISMATCH_NUMBER"], "{value}");
    }
}

// --- Files that cannot be read -------------------------------------------

/// A book root with `examples/` holding the given files (`None`: a folder).
fn examples(name: &str, files: &[(&str, Option<&[u8]>)]) -> PathBuf {
    let root = scratch(name);
    for (file, bytes) in files {
        let path = root.join("examples").join(file);
        match bytes {
            Some(bytes) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
            }
            None => std::fs::create_dir_all(&path).unwrap(),
        }
    }
    root
}

#[test]
fn an_example_file_is_missing_unreadable_or_not_utf8_and_each_is_said_so() {
    let root = examples("examples", &[("dir.json", None), ("latin1.json", Some(b"{\"a\": \"caf\xe9\"}\n"))]);
    let chapter = "```json file=gone.json\n```\n\n```json file=dir.json\n```\n\n```json file=latin1.json\n```\n";
    assert_eq!(
        check_chapter_in(&root, chapter),
        vec![
            // Not UTF-8: said in the file, at the first bad byte.
            row("examples/latin1.json", 1, 11, "error", "INVALID_UTF8", "the file is not valid UTF-8 after byte 10"),
            row("one.md", 1, 9, "error", "MISSING_EXAMPLE", "`examples/gone.json` does not exist"),
            row("one.md", 4, 9, "error", "EXAMPLE_NOT_A_FILE", "`examples/dir.json` is not a regular file"),
        ]
    );
}

#[test]
fn an_example_with_a_byte_order_mark_is_read_and_columns_stay_right() {
    let doc = "\u{feff}{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}]}\n";
    let root = examples("bom", &[("p.json", Some(doc.as_bytes()))]);
    // Column 71 counts from the `{` after the BOM, as an editor shows it.
    assert_eq!(
        check_chapter_in(&root, "```json file=p.json\n```\n"),
        vec![row("examples/p.json", 1, 71, "error", "INVALID_ACTION", "The action `s3:GetObjekt` does not exist.")]
    );
}

#[test]
fn check_reports_a_file_it_cannot_read_and_goes_on() {
    let root = scratch("check-files");
    std::fs::write(root.join("a-latin1.json"), b"{\"a\": \"caf\xe9\"}").unwrap();
    std::fs::write(root.join("b.json"), "{\"a\": 1,}").unwrap();
    std::fs::write(root.join("c-bom.json"), "\u{feff}{\"a\": }").unwrap();
    std::fs::create_dir_all(root.join("d-dir.md")).unwrap();
    let files = ["a-latin1.json", "b.json", "c-bom.json", "d-dir.md", "e-gone.json"].map(|f| root.join(f));
    let settings = Settings::for_root(&root);
    let checked = lambda_notes::pipeline::inputs::check_files(&settings, &files, None).unwrap();
    assert_eq!(
        rows(checked.diagnostics),
        vec![
            row("a-latin1.json", 1, 11, "error", "INVALID_UTF8", "the file is not valid UTF-8 after byte 10"),
            row("b.json", 1, 8, "error", "INVALID_JSON", "Trailing comma"),
            row("c-bom.json", 1, 7, "error", "INVALID_JSON", "Expected value"),
            row("d-dir.md", 1, 1, "error", "UNREADABLE_FILE", "cannot read this file: is a directory"),
            row("e-gone.json", 1, 1, "error", "UNREADABLE_FILE", "cannot read this file: it does not exist"),
        ]
    );
}

/// A two-edition book whose `one.md` chapters are given (`None`: a folder).
fn book(name: &str, en: Option<&[u8]>, ja: Option<&[u8]>) -> PathBuf {
    let root = scratch(name);
    for (lang, chapter) in [("en", en), ("ja", ja)] {
        let src = root.join("src").join(lang);
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").unwrap();
        match chapter {
            Some(bytes) => std::fs::write(src.join("one.md"), bytes).unwrap(),
            None => std::fs::create_dir_all(src.join("one.md")).unwrap(),
        }
    }
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"t\"\nsrc = \"src/en\"\n\n[preprocessor.lambda-notes]\ncommand = \"false\"\nlanguages = [\"en\", \"ja\"]\n",
    )
    .unwrap();
    root
}

fn run(root: &Path, command: &str) -> (Option<i32>, String) {
    let output = binary().arg("--root").arg(root).args([command, "--format", "json"]).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn an_unreadable_chapter_is_not_reported_as_missing() {
    let root = book("unreadable-chapter", Some("# One\n".as_bytes()), None);
    let line = r#"{"file":"src/ja/SUMMARY.md","line":3,"column":9,"severity":"error","code":"CHAPTER_NOT_A_FILE","message":"`one.md` is not a regular file","hint":"a chapter is a Markdown file","pointer":""}"#;
    assert_eq!(run(&root, "check"), (Some(1), format!("{line}\n")));
    assert_eq!(run(&root, "build"), (Some(1), format!("{line}\n")), "build says what check says");
}

#[test]
fn build_reports_a_non_utf8_chapter_as_check_does() {
    let root = book("latin1-chapter", Some("# One\n".as_bytes()), Some(b"# caf\xe9\n"));
    let line = r#"{"file":"src/ja/one.md","line":1,"column":6,"severity":"error","code":"INVALID_UTF8","message":"the file is not valid UTF-8 after byte 5","hint":"save the file as UTF-8","pointer":""}"#;
    let expected = (Some(1), format!("{line}\n"));
    assert_eq!(run(&root, "check"), expected);
    assert_eq!(run(&root, "build"), expected, "a finding with exit 1, not an error with exit 2");
    assert!(!root.join("book").exists(), "nothing is rendered");
}

// --- The preprocessor protocol -------------------------------------------

/// Run `preprocess` on a one-chapter book with `settings` in our table.
fn preprocess(content: &str, settings: &[(&str, toml::Value)]) -> (Option<i32>, String, String) {
    use mdbook_preprocessor::PreprocessorContext;
    use mdbook_preprocessor::book::{Book, Chapter};
    use mdbook_preprocessor::config::Config;
    use std::io::Write;
    let mut config = Config::default();
    for (key, value) in settings {
        config.set(format!("preprocessor.lambda-notes.{key}"), value.clone()).unwrap();
    }
    let ctx = PreprocessorContext::new(std::env::temp_dir(), config, "html".to_string());
    let mut book = Book::new();
    book.push_item(Chapter::new("One", content.to_string(), "one.md", vec![]));
    let input = serde_json::to_string(&(ctx, book)).unwrap();
    let mut child = binary()
        .arg("preprocess")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn preprocess_rejects_a_wrongly_typed_setting_as_build_does() {
    let (code, stdout, stderr) = preprocess("# One\n", &[("require-examples", toml::Value::String("yes".into()))]);
    assert_eq!(code, Some(2), "a configuration error, as in build");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: invalid [preprocessor.lambda-notes] in book.toml: invalid type: string \"yes\", expected a boolean\nin `require-examples`\n\n"
    );
}

#[test]
fn preprocess_exits_1_on_snippet_errors() {
    let (code, stdout, stderr) = preprocess("# One\n\n```json\n{\"a\": 1,}\n```\n", &[]);
    assert_eq!(code, Some(1), "the documented status for errors (2 is for usage and I/O errors)");
    assert_eq!(stdout, "", "no book for mdBook to render");
    let expected = "error[INVALID_JSON]: Trailing comma\n  ┌─ src/one.md:4:8\n  │\n4 │ {\"a\": 1,}\n  │        ^\n  │\n  = help: JSON allows no comma after the last item: remove it\n\nlambda-notes: 1 error in the book's snippets\n";
    assert_eq!(stderr, expected);
    // A correctly typed setting is honoured.
    let inline = "# One\n\n```json\n{\"a\": 1}\n```\n";
    let (code, stdout, stderr) = preprocess(inline, &[("require-examples", toml::Value::Boolean(true))]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    assert!(
        stderr.starts_with(
            "error[INLINE_JSON]: this book keeps every JSON document once, under examples/\n  ┌─ src/one.md:3:4\n"
        ),
        "{stderr}"
    );
}
