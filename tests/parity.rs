//! Edition parity and text hygiene end to end: `lambda-notes check --root`
//! on small scratch books, one broken rule at a time, with the exact findings
//! (file, line, column, code, message) snapshotted. A clean scratch book
//! checks clean, so each snapshot shows only what its one change breaks.

use std::path::PathBuf;
use std::process::Command;

/// A throwaway book under the system's temp folder, removed when dropped.
struct ScratchBook {
    root: PathBuf,
}

const BOOK_TOML: &str = "[book]\ntitle = \"Scratch\"\n\n[preprocessor.lambda-notes]\ncommand = \"true\"\nlanguages = [\"en\", \"ja\"]\nrequire-examples = true\n";

const TRUST: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Service\": \"lambda.amazonaws.com\"},\n      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n";

const EN_ROLES: &str =
    "# Roles\n\nLambda assumes the execution role.\n\n```json kind=trust-policy file=policies/trust.json\n```\n";

const JA_ROLES: &str =
    "# ロール\n\nLambda は実行ロールを引き受けます。\n\n```json kind=trust-policy file=policies/trust.json\n```\n";

impl ScratchBook {
    /// A clean two-edition book: one chapter, one example.
    fn new(name: &str) -> ScratchBook {
        let root = std::env::temp_dir().join(format!("lambda-notes-parity-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let book = ScratchBook { root };
        book.write("book.toml", BOOK_TOML);
        book.write("examples/policies/trust.json", TRUST);
        book.write("src/en/SUMMARY.md", "# Summary\n\n- [Roles](roles.md)\n");
        book.write("src/en/roles.md", EN_ROLES);
        book.write("src/ja/SUMMARY.md", "# 目次\n\n- [ロール](roles.md)\n");
        book.write("src/ja/roles.md", JA_ROLES);
        book
    }

    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// `check --format json` on the whole book: (exit status, JSON lines, stderr).
    fn check(&self) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
            .args(["check", "--format", "json", "--root"])
            .arg(&self.root)
            .current_dir(&self.root)
            .output()
            .unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
    }
}

impl Drop for ScratchBook {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The findings of a broken book: exit status 1 and these exact lines.
fn broken(book: &ScratchBook, snapshot: &str) {
    let (status, stdout, stderr) = book.check();
    assert_eq!(status, 1, "a broken book fails the check\n{stdout}{stderr}");
    insta::assert_snapshot!(snapshot, stdout);
}

#[test]
fn a_clean_scratch_book_checks_clean() {
    let book = ScratchBook::new("clean");
    let (status, stdout, stderr) = book.check();
    assert_eq!((status, stdout.as_str()), (0, ""), "{stderr}");
    assert_eq!(stderr, "lambda-notes: checked 2 snippets in the book: no findings\n");
}

#[test]
fn a_chapter_missing_from_an_edition() {
    let book = ScratchBook::new("missing-chapter");
    // en lists a chapter that ja does not; ja lists one whose file is missing.
    book.write("src/en/SUMMARY.md", "# Summary\n\n- [Roles](roles.md)\n- [Events](events.md)\n");
    // Its example is not also reported missing from ja: the chapter is.
    book.write("examples/policies/events.json", TRUST);
    book.write(
        "src/en/events.md",
        "# Events\n\nEvents arrive as JSON.\n\n```json kind=trust-policy file=policies/events.json\n```\n",
    );
    book.write("src/ja/SUMMARY.md", "# 目次\n\n- [ロール](roles.md)\n- [幽霊](ghost.md)\n");
    broken(&book, "missing_chapter");
}

#[test]
fn an_example_missing_from_a_translation() {
    let book = ScratchBook::new("missing-example");
    book.write("src/ja/roles.md", "# ロール\n\nLambda は実行ロールを引き受けます。例はまだありません。\n");
    broken(&book, "missing_example");
}

#[test]
fn an_example_only_a_translation_shows() {
    let book = ScratchBook::new("extra-example");
    book.write("examples/policies/extra.json", TRUST);
    book.write(
        "src/ja/roles.md",
        format!("{JA_ROLES}\nもう一つの例です。\n\n```json kind=trust-policy file=policies/extra.json\n```\n"),
    );
    broken(&book, "extra_example");
}

/// An exercise block on the scratch book's trust policy, as each edition writes it.
fn exercise(id: &str, principal: &str, answer: &str, question: &str, see: &str) -> String {
    format!(
        "```exercise id={id} kind=allowed-or-denied\nquestion = \"{question}\"\npolicy = \"policies/trust\"\nrequest = \"principal=service:{principal} action=sts:AssumeRole\"\nanswer = \"{answer}\"\nexplanation = \"{question}\"\nsee = \"#{see}\"\n```\n"
    )
}

#[test]
fn exercises_that_differ_between_editions() {
    let book = ScratchBook::new("exercises");
    let en = [
        exercise("trust-lambda", "lambda.amazonaws.com", "allow", "May Lambda assume it?", "roles"),
        exercise("trust-ec2", "ec2.amazonaws.com", "implicit-deny", "May EC2 assume it?", "roles"),
    ];
    book.write(
        "src/en/roles.md",
        format!(
            "{EN_ROLES}
{}
{}",
            en[0], en[1]
        ),
    );
    // ja: the first asks about another principal (right, but not the same
    // exercise), the second is missing.
    let ja = exercise("trust-lambda", "ec2.amazonaws.com", "implicit-deny", "EC2 は引き受けられますか。", "ロール");
    book.write(
        "src/ja/roles.md",
        format!(
            "{JA_ROLES}
{ja}"
        ),
    );
    broken(&book, "exercises_differ");
}

/// A scratch book whose roles chapter ends with the same exercise in both
/// editions, and whose SUMMARY.md lists a second chapter `file` (titled
/// `en` and `ja`) for the test to write.
fn roles_with_an_exercise(name: &str, file: &str, en: &str, ja: &str) -> ScratchBook {
    let book = ScratchBook::new(name);
    book.write("src/en/SUMMARY.md", format!("# Summary\n\n- [Roles](roles.md)\n- [{en}]({file})\n"));
    book.write("src/ja/SUMMARY.md", format!("# 目次\n\n- [ロール](roles.md)\n- [{ja}]({file})\n"));
    let en = exercise("trust-lambda", "lambda.amazonaws.com", "allow", "May Lambda assume it?", "roles");
    let ja = exercise("trust-lambda", "lambda.amazonaws.com", "allow", "Lambda は引き受けられますか。", "ロール");
    book.write("src/en/roles.md", format!("{EN_ROLES}\n{en}"));
    book.write("src/ja/roles.md", format!("{JA_ROLES}\n{ja}"));
    book
}

/// The reader's progress is kept under an exercise's id: a second use of an
/// id in an edition, even in another chapter, fails at the second `id=`.
#[test]
fn one_exercise_id_in_two_chapters() {
    let book = roles_with_an_exercise("exercise-id-reused", "more.md", "More", "続き");
    let en_more = exercise("trust-lambda", "lambda.amazonaws.com", "allow", "And here?", "more");
    let ja_more = exercise("trust-lambda", "lambda.amazonaws.com", "allow", "ここではどうですか。", "続き");
    let block = "```json kind=trust-policy file=policies/trust.json\n```\n";
    book.write("src/en/more.md", format!("# More\n\nThe same role again.\n\n{block}\n{en_more}"));
    book.write("src/ja/more.md", format!("# 続き\n\nもう一度同じロールです。\n\n{block}\n{ja_more}"));
    broken(&book, "exercise_id_reused");
}

#[test]
fn one_id_for_two_documents() {
    let book = ScratchBook::new("id-reused");
    book.write("examples/policies/other.json", TRUST.replace("lambda.amazonaws.com", "edgelambda.amazonaws.com"));
    let block = "```json kind=trust-policy id=policies/trust file=policies/other.json\n```\n";
    book.write("src/en/roles.md", format!("{EN_ROLES}\nLambda@Edge too:\n\n{block}"));
    book.write("src/ja/roles.md", format!("{JA_ROLES}\nLambda@Edge も同じです。\n\n{block}"));
    broken(&book, "id_reused");
}

#[test]
fn text_in_the_wrong_language_or_encoding() {
    let book = ScratchBook::new("hygiene");
    // ja written in English; en with a line of mojibake (UTF-8 read as Windows-1252).
    let english = "Lambda assumes the execution role to write its logs and to read from its event sources. ";
    book.write("src/ja/roles.md", JA_ROLES.replace("Lambda は実行ロールを引き受けます。", &english.repeat(4)));
    book.write("src/en/roles.md", EN_ROLES.replace("Lambda assumes", "Lambda assumes â€” cafÃ© â€” "));
    broken(&book, "hygiene");
}

#[test]
fn a_chapter_that_is_not_utf8() {
    let book = ScratchBook::new("not-utf8");
    let mut bytes = JA_ROLES.as_bytes().to_vec();
    bytes.splice(9..9, [0xff, 0xfe]);
    book.write("src/ja/roles.md", bytes);
    broken(&book, "not_utf8");
}

#[test]
fn inline_json_where_the_book_requires_examples() {
    let book = ScratchBook::new("inline");
    let block = "```json kind=trust-policy id=inline-trust\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}\n```\n";
    book.write("src/en/roles.md", format!("{EN_ROLES}\n{block}"));
    book.write("src/ja/roles.md", format!("{JA_ROLES}\n{block}"));
    broken(&book, "inline_json");
}

/// An edition without SUMMARY.md: a finding at the file (exit 1), not an
/// I/O error that stops the check; the other edition is still checked.
#[test]
fn an_edition_without_a_summary() {
    let book = ScratchBook::new("no-summary");
    book.remove("src/ja/SUMMARY.md");
    let (status, stdout, stderr) = book.check();
    assert_eq!(status, 1, "{stdout}{stderr}");
    insta::assert_snapshot!("missing_summary", stdout);
    // The same finding in the human format (on stderr), with its place.
    let out =
        Command::new(env!("CARGO_BIN_EXE_lambda-notes")).args(["check", "--root"]).arg(&book.root).output().unwrap();
    assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(1), &b""[..]));
    insta::assert_snapshot!("missing_summary_human", String::from_utf8(out.stderr).unwrap());

    // A SUMMARY.md that is not UTF-8 says why it cannot be read.
    book.write("src/ja/SUMMARY.md", b"# \xff\n");
    let (status, stdout, _) = book.check();
    assert_eq!(status, 1);
    assert!(
        stdout.starts_with(
            r#"{"file":"src/ja/SUMMARY.md","line":1,"column":1,"severity":"error","code":"MISSING_SUMMARY","message":"src/ja/SUMMARY.md cannot be read: stream did not contain valid UTF-8","#
        ),
        "{stdout}"
    );
}

// What the build refuses before mdBook reads or writes anything, and the
// rules that keep one voice per edition: each case breaks a clean book in
// one way and snapshots the exact findings.

#[test]
fn a_sidebar_title_that_is_not_the_heading() {
    let book = ScratchBook::new("sidebar");
    book.write("src/en/SUMMARY.md", "# Summary\n\n- [Execution roles](roles.md)\n");
    broken(&book, "sidebar_title");
}

#[test]
fn a_heading_outline_that_differs_from_the_reference_edition() {
    let book = ScratchBook::new("outline");
    book.write("src/en/roles.md", format!("{EN_ROLES}\n## Who assumes it\n\nOnly Lambda.\n"));
    book.write("src/ja/roles.md", format!("{JA_ROLES}\n### 誰が引き受けるか\n\nLambda だけです。\n"));
    broken(&book, "heading_outline");
}

#[test]
fn a_link_to_a_documentation_mirror_and_an_avoided_term() {
    let book = ScratchBook::new("voice");
    let ja = format!(
        "{JA_ROLES}\nマネージドポリシーの一覧は [こちら](https://docs.amazonaws.cn/lambda/latest/dg/welcome.html) にあります。\n"
    );
    book.write("src/ja/roles.md", ja);
    broken(&book, "voice");
}

/// A guide the chapter links in Japanese is translated: its English pages are
/// the wrong edition's (the ko event-sources chapter once linked the English
/// DynamoDB window page beside its ko_kr pages).
#[test]
fn an_english_page_of_a_guide_the_chapter_links_in_its_own_language() {
    let book = ScratchBook::new("doc-language");
    let ja = format!(
        "{JA_ROLES}\n[実行ロール](https://docs.aws.amazon.com/ja_jp/lambda/latest/dg/lambda-intro-execution-role.html)と[ウィンドウ](https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html)、[CLI](https://docs.aws.amazon.com/cli/latest/reference/lambda/invoke.html)、[韓国語](https://docs.aws.amazon.com/ko_kr/lambda/latest/dg/welcome.html)です。\n\n{}\n",
        "これはリンクのためのテストです。ここにはひらがなとカタカナをたくさん書いておきます。".repeat(6)
    );
    book.write("src/ja/roles.md", ja);
    broken(&book, "doc_language");
}

#[test]
fn summary_links_that_leave_the_edition_or_name_a_folder() {
    let book = ScratchBook::new("summary-links");
    book.write("outside.md", "# Outside\n");
    book.write("src/en/folder.md/keep", "");
    book.write(
        "src/en/SUMMARY.md",
        "# Summary\n\n- [Roles](roles.md)\n- [Outside](../../outside.md)\n- [Folder](folder.md)\n",
    );
    broken(&book, "summary_links");
}

#[cfg(unix)]
#[test]
fn symbolic_links_that_would_publish_what_is_outside() {
    let book = ScratchBook::new("symlinks");
    let outside = std::env::temp_dir().join(format!("lambda-notes-parity-secret-{}.json", std::process::id()));
    std::fs::write(&outside, "{\"secret\": true}\n").unwrap();
    std::os::unix::fs::symlink(&outside, book.root.join("src/en/secret.json")).unwrap();
    std::fs::create_dir_all(book.root.join("src/en/images")).unwrap();
    std::os::unix::fs::symlink(book.root.join("src/en/images"), book.root.join("src/en/pictures")).unwrap();
    std::os::unix::fs::symlink(&outside, book.root.join("examples/policies/leak.json")).unwrap();
    let with_leak =
        |roles: &str| format!("{roles}\n```json kind=identity-policy id=leak file=policies/leak.json\n```\n");
    book.write("src/en/roles.md", with_leak(EN_ROLES));
    book.write("src/ja/roles.md", with_leak(JA_ROLES));
    broken(&book, "symlinks");
    let _ = std::fs::remove_file(outside);
}

#[test]
fn documents_too_large_to_check() {
    let book = ScratchBook::new("too-large");
    let big =
        format!("{{\"Version\": \"2012-10-17\", \"Statement\": [], \"Padding\": \"{}\"}}\n", "x".repeat(1100 * 1024));
    book.write("examples/policies/big.json", &big);
    let with_big = |roles: &str| format!("{roles}\n```json kind=identity-policy id=big file=policies/big.json\n```\n");
    book.write("src/en/roles.md", with_big(EN_ROLES));
    book.write("src/ja/roles.md", with_big(JA_ROLES));
    broken(&book, "example_too_large");

    // The same document given to `check` directly, beside a folder named like
    // a chapter: what cannot be checked is said, and the rest goes on.
    book.write("big.json", &big);
    std::fs::create_dir_all(book.root.join("folder.md")).unwrap();
    let files = ["big.json", "folder.md"].map(|f| book.root.join(f));
    let settings = lambda_notes::pipeline::chapter_settings::Settings::for_root(&book.root);
    let checked = lambda_notes::pipeline::inputs::check_files(&settings, &files, None).unwrap();
    insta::assert_snapshot!("document_too_large", lambda_notes::diagnostics::report::json(&checked.diagnostics));
}

#[test]
fn a_mapping_without_the_handler_that_runs_on_its_events() {
    let book = ScratchBook::new("esm-unpaired");
    book.write(
        "examples/config/esm.json",
        "{\n  \"FunctionName\": \"my-function\",\n  \"EventSourceArn\": \"arn:aws:sqs:us-east-1:123456789012:my-queue\",\n  \"BatchSize\": 10\n}\n",
    );
    let with_esm =
        |roles: &str| format!("{roles}\n```json kind=event-source-mapping id=esm file=config/esm.json\n```\n");
    book.write("src/en/roles.md", with_esm(EN_ROLES));
    book.write("src/ja/roles.md", with_esm(JA_ROLES));
    broken(&book, "esm_unpaired");
}

/// An exercise count typed in prose (the onboarding table) is the chapter's
/// real count: a wrong number fails at the number, an unknown chapter at its name.
#[test]
fn an_exercise_count_that_is_not_the_chapters() {
    let book = roles_with_an_exercise("exercise-count", "path.md", "Path", "道順");
    let count = |chapter: &str, n: u32| format!("<span data-ln-exercise-count=\"{chapter}\">{n}</span>");
    book.write(
        "src/en/path.md",
        format!("# Path\n\n| Chapter | Exercises |\n| --- | --- |\n| [Roles](roles.md) | {} |\n", count("roles", 1)),
    );
    book.write(
        "src/ja/path.md",
        format!(
            "# 道順\n\n| 章 | 確認問題 |\n| --- | --- |\n| [ロール](roles.md) | {} |\n| [ロール](roles.md) | {} |\n",
            count("roles", 2),
            count("role", 1)
        ),
    );
    broken(&book, "exercise_count_wrong");
}
