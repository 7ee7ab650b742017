//! The `check` command's contract, end to end: the built binary on the
//! folders of tests/fixtures/cli (a clean one, a warnings-only one, and a
//! mixed one with a nested chapter and a file that is not checked). Exit
//! status 0/1/2, `--deny-warnings`, `--kind`, `--summary-only`, the exact
//! `--format json` and `--format github` lines, and folder walking.

use std::process::Command;

/// Run `lambda-notes ARGS` from the repository root: (exit status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

const MIXED: &str = "tests/fixtures/cli/mixed";
const WARNINGS: &str = "tests/fixtures/cli/warnings";

const BAD_JSON: &str = r#"{"file":"tests/fixtures/cli/mixed/b-bad.json","line":4,"column":35,"severity":"error","code":"INVALID_ACTION","message":"The action `sqs:SendMesage` does not exist.","hint":"did you mean `sqs:SendMessage`?","pointer":"/Statement/0/Action"}"#;
const NESTED_JSON: &str = r#"{"file":"tests/fixtures/cli/mixed/nested/chapter.md","line":7,"column":111,"severity":"error","code":"INVALID_JSON","message":"Trailing comma","hint":"JSON allows no comma after the last item: remove it","pointer":""}"#;

#[test]
fn a_clean_folder_exits_0_and_prints_only_the_summary() {
    let (status, stdout, stderr) = run(&["check", "--format", "json", "tests/fixtures/cli/good"]);
    assert_eq!((status, stdout.as_str()), (0, ""));
    assert_eq!(stderr, "lambda-notes: checked 1 documents in 1 files: no findings\n");
}

#[test]
fn errors_exit_1_with_one_json_line_per_finding_in_walking_order() {
    let (status, stdout, stderr) = run(&["check", "--format", "json", MIXED]);
    assert_eq!(status, 1);
    // a-good.json is clean, b-bad.json and nested/chapter.md are not; notes.txt is not read.
    assert_eq!(stdout, format!("{BAD_JSON}\n{NESTED_JSON}\n"));
    assert_eq!(stderr, "lambda-notes: checked 3 documents in 3 files: 2 errors\n");
}

#[test]
fn github_format_prints_one_annotation_per_finding() {
    let (status, stdout, _) = run(&["check", "--format", "github", MIXED]);
    assert_eq!(status, 1);
    assert_eq!(
        stdout,
        "::error file=tests/fixtures/cli/mixed/b-bad.json,line=4,col=35,title=INVALID_ACTION::The action `sqs:SendMesage` does not exist. (help: did you mean `sqs:SendMessage`?)\n\
         ::error file=tests/fixtures/cli/mixed/nested/chapter.md,line=7,col=111,title=INVALID_JSON::Trailing comma (help: JSON allows no comma after the last item: remove it)\n"
    );
    let (status, stdout, _) = run(&["check", "--format", "github", WARNINGS]);
    assert_eq!(status, 0);
    assert_eq!(
        stdout,
        "::warning file=tests/fixtures/cli/warnings/mismatch.json,line=6,col=17,title=RESOURCE_MISMATCH::The action `s3:GetObject` applies to none of the statement's resources. (help: it needs a resource like `arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}` or `arn:${Partition}:s3:::${BucketName}/${ObjectName}`)\n\
         ::warning file=tests/fixtures/cli/warnings/mismatch.json,line=7,col=19,title=RESOURCE_MISMATCH::The resource `arn:aws:sqs:us-east-1:123456789012:my-queue` matches no resource type of the statement's actions, so it grants nothing. (help: `s3:GetObject` expects e.g. `arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}` or `arn:${Partition}:s3:::${BucketName}/${ObjectName}`)\n"
    );
}

#[test]
fn human_format_is_rustc_style_on_stderr() {
    let (status, stdout, stderr) = run(&["check", "tests/fixtures/cli/mixed/b-bad.json"]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error[INVALID_ACTION]: The action `sqs:SendMesage` does not exist.\n  \
         ┌─ tests/fixtures/cli/mixed/b-bad.json:4:35\n  │\n4 │     {\"Effect\": \"Allow\", \"Action\": \"sqs:SendMesage\", \"Resource\": \"arn:aws:sqs:us-east-1:123456789012:my-queue\"}\n  \
         │                                   ^^^^^^^^^^^^^^^^\n  │\n  = help: did you mean `sqs:SendMessage`?\n\n\
         lambda-notes: checked 1 documents in 1 files: 1 error\n"
    );
}

#[test]
fn warnings_fail_only_under_deny_warnings() {
    let (status, _, stderr) = run(&["check", "--format", "json", WARNINGS]);
    assert_eq!(status, 0, "{stderr}");
    let (status, stdout, stderr) = run(&["check", "--format", "json", "--deny-warnings", WARNINGS]);
    assert_eq!(status, 1, "{stderr}");
    let codes: Vec<&str> =
        stdout.lines().map(|l| &l[l.find(r#""severity""#).unwrap()..l.find(r#","message""#).unwrap()]).collect();
    assert_eq!(codes, [r#""severity":"warning","code":"RESOURCE_MISMATCH""#; 2]);
    // The option is global: it works before the subcommand too.
    let (status, _, _) = run(&["--deny-warnings", "check", WARNINGS]);
    assert_eq!(status, 1);
}

#[test]
fn summary_only_prints_one_line_and_keeps_the_exit_status() {
    let (status, stdout, stderr) = run(&["check", "--summary-only", MIXED]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(stderr, "lambda-notes check: 3 documents in 3 files: 2 errors\n");
    let (status, _, stderr) = run(&["check", "--summary-only", "--deny-warnings", WARNINGS]);
    assert_eq!((status, stderr.as_str()), (1, "lambda-notes check: 1 documents in 1 files: 2 warnings\n"));
}

#[test]
fn kind_forces_how_a_bare_file_is_read() {
    let statement = "tests/fixtures/cli/statement.json";
    let (status, stdout, _) = run(&["check", "--format", "json", statement]);
    assert_eq!((status, stdout.as_str()), (0, ""), "inferred as a policy statement, it is fine");
    let (status, stdout, _) = run(&["check", "--format", "json", "--kind", "policy-statement", statement]);
    assert_eq!((status, stdout.as_str()), (0, ""));
    let (status, stdout, _) = run(&["check", "--format", "json", "--kind", "identity-policy", statement]);
    assert_eq!(status, 1);
    let found: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{} {}", v["code"].as_str().unwrap(), v["pointer"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            "MISSING_STATEMENT ",
            "MISSING_VERSION ",
            "INVALID_POLICY_ELEMENT /Effect",
            "INVALID_POLICY_ELEMENT /Action",
            "INVALID_POLICY_ELEMENT /Resource",
        ]
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let (status, stdout, stderr) = run(&["check", "tests/fixtures/cli/no-such-folder"]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: cannot read tests/fixtures/cli/no-such-folder"), "{stderr}");
    let (status, _, stderr) = run(&["check", "--kind", "nonsense", MIXED]);
    assert_eq!(status, 2);
    assert!(stderr.contains("unknown kind `nonsense`; known kinds: identity-policy"), "{stderr}");
    let (status, _, _) = run(&["check", "--format", "yaml", MIXED]);
    assert_eq!(status, 2);
}
