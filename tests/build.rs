//! `lambda-notes build` end to end on small throwaway books: a clean book is
//! rendered with every edition, the language chooser and the schemas; a book
//! with an error exits 1 and leaves book/ exactly as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch_book(name: &str, chapter: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("lambda-notes-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for lang in ["en", "ja"] {
        let src = root.join("src").join(lang);
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("SUMMARY.md"), "# Summary\n\n- [一](one.md)\n").unwrap();
        std::fs::write(src.join("one.md"), chapter).unwrap();
    }
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"t\"\nsrc = \"src/en\"\n\n[preprocessor.lambda-notes]\ncommand = \"false\"\nlanguages = [\"en\", \"ja\"]\n",
    )
    .unwrap();
    root
}

fn build(root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lambda-notes")).args(["--root"]).arg(root).arg("build").output().unwrap()
}

const TRUST: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}";

#[test]
fn a_clean_book_is_rendered_with_every_edition() {
    // Japanese text so that the ja edition passes the language check.
    let chapter =
        format!("# 一\n\nこれは実行ロールの信頼ポリシーです。\n\n```json kind=trust-policy id=t\n{TRUST}\n```\n");
    let root = scratch_book("clean", &chapter);
    let output = build(&root);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for file in ["index.html", "en/one.html", "ja/one.html", "schemas/trust-policy.schema.json"] {
        assert!(root.join("book").join(file).is_file(), "book/{file} is missing");
    }
    let page = std::fs::read_to_string(root.join("book/en/one.html")).unwrap();
    assert!(page.contains("ln-badge"), "the snippet is decorated");
    // the runtime preprocessor command in book.toml (`false`) was replaced, not run
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_book_with_an_error_leaves_book_untouched() {
    let root = scratch_book("broken", "# 一\n\nこれは壊れた例です。\n\n```json\n{\"a\": 1,}\n```\n");
    std::fs::create_dir_all(root.join("book")).unwrap();
    std::fs::write(root.join("book/marker.txt"), "previous site").unwrap();
    let output = build(&root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[INVALID_JSON]") && stderr.contains("src/en/one.md:6:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(root.join("book/marker.txt")).unwrap(), "previous site");
    assert!(!root.join("book/en").exists(), "nothing half-written");
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("book.staging"))
        .collect();
    assert!(leftovers.is_empty(), "the staging folder is removed");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn findings_checked_beside_the_renderer_still_fail_the_build() {
    // Neither error changes the page, so the build finds both while mdBook
    // renders; they must still stop the site from being published.
    let bad_effect = TRUST.replace("\"Allow\"", "\"Maybe\"");
    let chapter = format!(
        "# 一\n\nこれは信頼ポリシーの例です。\n\n```json kind=trust-policy id=t\n{bad_effect}\n```\n\n\
         ```json kind=trust-policy id=u expect=FULL_ADMIN_ACCESS\n{TRUST}\n```\n"
    );
    let root = scratch_book("late-findings", &chapter);
    std::fs::create_dir_all(root.join("book")).unwrap();
    std::fs::write(root.join("book/marker.txt"), "previous site").unwrap();
    let output = build(&root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for lang in ["en", "ja"] {
        assert!(stderr.contains(&format!("src/{lang}/one.md:6:52")), "{stderr}");
        assert!(stderr.contains(&format!("src/{lang}/one.md:9:4")), "{stderr}");
    }
    assert!(stderr.contains("error[INVALID_EFFECT]") && stderr.contains("error[EXPECTATION_MISMATCH]"), "{stderr}");
    assert_eq!(std::fs::read_to_string(root.join("book/marker.txt")).unwrap(), "previous site");
    assert!(!root.join("book/en").exists(), "nothing half-written");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn usage_errors_exit_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
        .args(["check", "--kind", "nonsense", "x.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output =
        Command::new(env!("CARGO_BIN_EXE_lambda-notes")).args(["check", "/definitely/not/here.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
