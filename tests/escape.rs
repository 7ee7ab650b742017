//! Nothing escapes the book, and nothing in it is lost: each test is the
//! smallest book (in a temp folder) that showed one way out (issue #13),
//! with the exact findings `build` and `check` now give instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// An English-only book with one chapter; `name` keeps tests apart.
fn scratch_book(name: &str, summary: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("lambda-notes-escape-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let src = root.join("src/en");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    std::fs::write(src.join("one.md"), "# One\n\nThis chapter is plain English text.\n").unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"t\"\nsrc = \"src/en\"\n\n[preprocessor.lambda-notes]\ncommand = \"false\"\nlanguages = [\"en\"]\n",
    )
    .unwrap();
    root
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lambda-notes")).arg("--root").arg(root).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `build` and `check` both fail with exactly these findings (`--format json`
/// lines: file, line, column, code, message), and the build wrote nothing.
fn refused_alike(root: &Path, expected: &[(&str, usize, usize, &str, &str)]) {
    for command in ["build", "check"] {
        let output = run(root, &[command, "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{command}: {}", stderr(&output));
        let got: Vec<(String, usize, usize, String, String)> = stdout(&output)
            .lines()
            .map(|line| {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                (
                    v["file"].as_str().unwrap().to_string(),
                    v["line"].as_u64().unwrap() as usize,
                    v["column"].as_u64().unwrap() as usize,
                    v["code"].as_str().unwrap().to_string(),
                    v["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, usize, usize, String, String)> = expected
            .iter()
            .map(|(f, l, c, code, m)| (f.to_string(), *l, *c, code.to_string(), m.to_string()))
            .collect();
        assert_eq!(got, want, "{command}");
    }
    assert!(!root.join("book").exists(), "a refused build writes no site");
    let staging: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("book.staging"))
        .collect();
    assert!(staging.is_empty(), "{staging:?}");
}

fn html_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(html_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out
}

// ---------------------------------------------------------------- fences

#[test]
fn every_block_mdbook_renders_as_json_policy_test_or_a_notation_is_checked() {
    let root = scratch_book("fences", "# Summary\n\n- [One](one.md)\n");
    let policy =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let chapter = format!(
        "# One\n\nText.\n\n\
         ```,json\n{{\"a\": 1,}}\n```\n\n\
         ``` \t,,JSON,kind=trust-policy\n{{\"b\": }}\n```\n\n\
         ```&#106;son\n[1 2]\n```\n\n\
         ```json id=p\n{policy}\n```\n\n\
         ```,policy-test\ndeny principal=arn:aws:iam::123456789012:role/r action=s3:GetObject resource=arn:aws:s3:::b/k\n```\n\n\
         ```,sh,same-as=p\naws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal s3.amazonaws.com\n```\n"
    );
    std::fs::write(root.join("src/en/one.md"), &chapter).unwrap();
    let output = run(&root, &["check", "--format", "json"]);
    let lines: Vec<String> = stdout(&output)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{}:{}:{} {} {}", v["file"], v["line"], v["column"], v["code"], v["message"])
        })
        .collect();
    // Before, a block whose info string starts with punctuation was skipped
    // (its language read as ""), while mdBook rendered it as JSON.
    assert_eq!(
        lines,
        [
            r#""src/en/one.md":6:8 "INVALID_JSON" "Trailing comma""#,
            r#""src/en/one.md":10:7 "INVALID_JSON" "Expected value""#,
            r#""src/en/one.md":14:4 "INVALID_JSON" "Expected `,` or `]`""#,
            r#""src/en/one.md":22:1 "POLICY_TEST_FAILED" "expected deny, but the policy gives allow: Allowed: identity policy statement 0 of `p` allows s3:GetObject on arn:aws:s3:::b/k.""#,
            r#""src/en/one.md":25:1 "NOTATION_PARSE" "the function `f` is not a full ARN, and neither the add-permission nor the JSON statement gives its Region and account""#,
        ],
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&root);
}

// ---------------------------------------------------------------- SUMMARY.md

#[test]
fn summary_links_must_stay_inside_the_edition() {
    let outside = std::env::temp_dir().join(format!("lambda-notes-escape-outside-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("page.md"), "# Outside\n").unwrap();
    let absolute = outside.join("page.md").to_string_lossy().into_owned();
    let summary = format!(
        "# Summary\n\n- [One](one.md)\n- [Abs]({absolute})\n- [Up](../../x/page.md)\n- [Gone](two.md)\n- [Dir](sub)\n- [Link](link.md)\n- [Draft]()\n"
    );
    let root = scratch_book("summary", &summary);
    std::fs::create_dir_all(root.join("x")).unwrap();
    std::fs::write(root.join("x/page.md"), "# Up\n").unwrap();
    std::fs::create_dir_all(root.join("src/en/sub")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.join("page.md"), root.join("src/en/link.md")).unwrap();
    refused_alike(
        &root,
        &[
            (
                "src/en/SUMMARY.md",
                4,
                9,
                "CHAPTER_OUTSIDE_EDITION",
                &format!("`{absolute}` is an absolute path: a chapter must be a file under src/en"),
            ),
            (
                "src/en/SUMMARY.md",
                5,
                8,
                "CHAPTER_OUTSIDE_EDITION",
                "`../../x/page.md` climbs out with `..`: a chapter must be a file under src/en",
            ),
            (
                "src/en/SUMMARY.md",
                6,
                10,
                "MISSING_CHAPTER",
                "SUMMARY.md lists `two.md` but src/en/two.md does not exist",
            ),
            ("src/en/SUMMARY.md", 7, 9, "CHAPTER_NOT_A_FILE", "`sub` is not a regular file"),
            (
                "src/en/SUMMARY.md",
                8,
                10,
                "CHAPTER_OUTSIDE_EDITION",
                "`link.md` goes through a symbolic link that leads out of src/en",
            ),
            (
                "src/en/link.md",
                1,
                1,
                "SYMLINK_OUTSIDE_BOOK",
                "this symbolic link leads outside the book, and mdBook would publish what it points to",
            ),
        ],
    );
    assert!(!root.join("src/en/two.md").exists(), "build never creates a chapter in src/");
    assert_eq!(html_files_under(&outside), Vec::<PathBuf>::new(), "no page written outside the book");
    assert_eq!(html_files_under(&root.join("x")), Vec::<PathBuf>::new(), "no page written outside the book");
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn a_missing_chapter_is_an_error_in_build_as_in_check_and_is_not_created() {
    // book.toml asks for create-missing: the build must not honour it.
    let root = scratch_book("create-missing", "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n");
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    std::fs::write(root.join("book.toml"), format!("{toml}\n[build]\ncreate-missing = true\n")).unwrap();
    refused_alike(
        &root,
        &[("src/en/SUMMARY.md", 4, 9, "MISSING_CHAPTER", "SUMMARY.md lists `two.md` but src/en/two.md does not exist")],
    );
    assert!(!root.join("src/en/two.md").exists());
    let _ = std::fs::remove_dir_all(&root);
}

// ---------------------------------------------------------------- languages

#[test]
fn a_language_code_that_is_a_path_is_refused_and_no_source_is_touched() {
    let root = scratch_book("languages", "# Summary\n\n- [One](one.md)\n");
    std::fs::create_dir_all(root.join("src/ja")).unwrap();
    std::fs::write(root.join("src/ja/SUMMARY.md"), "# 目次\n\n- [一](one.md)\n").unwrap();
    std::fs::write(root.join("src/ja/one.md"), "# 一\n\nこれは日本語の章です。\n").unwrap();
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    std::fs::write(root.join("book.toml"), toml.replace("[\"en\"]", "[\"en\", \"../src/ja\"]")).unwrap();
    for command in ["build", "check"] {
        let output = run(&root, &[command]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: {}:7:20: `../src/ja` in [preprocessor.lambda-notes] languages is not a language code \
                 (expected a BCP 47 tag such as en, ja or pt-BR)\n",
                root.join("book.toml").display()
            )
        );
    }
    assert_eq!(std::fs::read_to_string(root.join("src/ja/one.md")).unwrap(), "# 一\n\nこれは日本語の章です。\n");
    assert_eq!(std::fs::read_dir(root.join("src/ja")).unwrap().count(), 2);
    assert!(!root.join("book").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_html_setting_that_would_read_or_write_outside_the_book_is_refused() {
    let root = scratch_book("html-paths", "# Summary\n\n- [One](one.md)\n");
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    // mdBook would copy root/../../x.css to <edition>/../../x.css: the book root.
    std::fs::write(root.join("book.toml"), format!("{toml}\n[output.html]\nadditional-css = [\"../../x.css\"]\n"))
        .unwrap();
    for command in ["build", "check"] {
        let output = run(&root, &[command]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: {}:10:20: `../../x.css` in [output.html] additional-css leaves the book \
                 (give a path inside the book, without `..`)\n",
                root.join("book.toml").display()
            )
        );
    }
    assert!(!root.join("book").exists());
    let _ = std::fs::remove_dir_all(&root);
}

// ---------------------------------------------------------------- file=

#[test]
fn file_reads_only_a_regular_file_inside_examples_and_at_most_a_mebibyte() {
    let root = scratch_book("file", "# Summary\n\n- [One](one.md)\n");
    let examples = root.join("examples");
    std::fs::create_dir_all(examples.join("dir.json")).unwrap();
    let secret = root.join("secret.json");
    std::fs::write(&secret, "{\"password\": \"hunter2\"}").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, examples.join("leak.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", examples.join("zero.json")).unwrap();
        let fifo = Command::new("mkfifo").arg(examples.join("fifo.json")).status().unwrap();
        assert!(fifo.success());
    }
    std::fs::write(examples.join("big.json"), format!("[{}0]", "0,".repeat(512 * 1024))).unwrap();
    std::fs::write(
        root.join("src/en/one.md"),
        "# One\n\nText.\n\n```json file=leak.json\n```\n\n```json file=zero.json\n```\n\n\
         ```json file=fifo.json\n```\n\n```json file=dir.json\n```\n\n```json file=big.json\n```\n\n\
         ```json kind=s3-event file=none.json\n```\n",
    )
    .unwrap();
    refused_alike(
        &root,
        &[
            (
                "src/en/one.md",
                5,
                9,
                "EXAMPLE_OUTSIDE_EXAMPLES",
                "`examples/leak.json` is a symbolic link that leads out of examples/",
            ),
            (
                "src/en/one.md",
                8,
                9,
                "EXAMPLE_OUTSIDE_EXAMPLES",
                "`examples/zero.json` is a symbolic link that leads out of examples/",
            ),
            ("src/en/one.md", 11, 9, "EXAMPLE_NOT_A_FILE", "`examples/fifo.json` is not a regular file"),
            ("src/en/one.md", 14, 9, "EXAMPLE_NOT_A_FILE", "`examples/dir.json` is not a regular file"),
            ("src/en/one.md", 17, 9, "EXAMPLE_TOO_LARGE", "`examples/big.json` is larger than 1024 KiB"),
            ("src/en/one.md", 20, 23, "MISSING_EXAMPLE", "`examples/none.json` does not exist"),
        ],
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[cfg(unix)]
#[test]
fn an_examples_folder_that_links_out_of_the_book_is_refused() {
    let root = scratch_book("examples-link", "# Summary\n\n- [One](one.md)\n");
    let outside = std::env::temp_dir().join(format!("lambda-notes-escape-examples-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("a.json"), "{\"secret\": 1}").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("examples")).unwrap();
    std::fs::write(root.join("src/en/one.md"), "# One\n\nText.\n\n```json file=a.json\n```\n").unwrap();
    refused_alike(
        &root,
        &[(
            "src/en/one.md",
            5,
            9,
            "EXAMPLE_OUTSIDE_EXAMPLES",
            "`examples/a.json` is a symbolic link that leads out of examples/",
        )],
    );
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&outside);
}

// ---------------------------------------------------------------- symlinks under src/

#[test]
fn a_symlink_under_src_that_leaves_the_book_stops_the_build() {
    let root = scratch_book("src-symlink", "# Summary\n\n- [One](one.md)\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", root.join("src/en/passwd.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", root.join("src/en/etc")).unwrap();
        std::os::unix::fs::symlink("nothing-here", root.join("src/en/dangling.md")).unwrap();
        // Two links to the folder above: mdBook's copy would never end.
        std::os::unix::fs::symlink("..", root.join("src/en/up")).unwrap();
        std::os::unix::fs::symlink(".", root.join("src/en/here")).unwrap();
        // mdBook publishes the theme folder too.
        std::fs::create_dir_all(root.join("theme")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("theme/leak.css")).unwrap();
        // A file inside the book: allowed.
        std::fs::write(root.join("notes.txt"), "shared").unwrap();
        std::os::unix::fs::symlink(root.join("notes.txt"), root.join("src/en/notes.txt")).unwrap();
    }
    let outside = "this symbolic link leads outside the book, and mdBook would publish what it points to";
    let folder = "this symbolic link leads to a folder, which mdBook would copy into the site by following it";
    refused_alike(
        &root,
        &[
            ("src/en/dangling.md", 1, 1, "SYMLINK_OUTSIDE_BOOK", "this symbolic link leads nowhere"),
            ("src/en/etc", 1, 1, "SYMLINK_OUTSIDE_BOOK", outside),
            ("src/en/here", 1, 1, "SYMLINK_TO_FOLDER", folder),
            ("src/en/passwd.txt", 1, 1, "SYMLINK_OUTSIDE_BOOK", outside),
            ("src/en/up", 1, 1, "SYMLINK_TO_FOLDER", folder),
            ("theme/leak.css", 1, 1, "SYMLINK_OUTSIDE_BOOK", outside),
        ],
    );
    let _ = std::fs::remove_dir_all(&root);
}

// ---------------------------------------------------------------- terminal output

#[test]
fn control_characters_from_json_strings_are_shown_escaped() {
    let dir = std::env::temp_dir().join(format!("lambda-notes-escape-controls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("p.json");
    // ESC, BEL and NUL as JSON escapes; U+202E (right-to-left override) raw.
    std::fs::write(
        &file,
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:Get\\u001b[2J\\u0007\\u0000\u{202e}Object\", \"Resource\": \"*\"}]}\n",
    )
    .unwrap();
    let check = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
            .current_dir(&dir)
            .args(["check", "p.json", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        output
    };
    let human = stderr(&check("human"));
    assert!(!human.contains(['\u{1b}', '\u{7}', '\0', '\u{202e}']), "{human:?}");
    assert!(human.contains("s3:Get\\u{1b}[2J\\u{7}\\u{0}\\u{202e}Object"), "{human}");
    // Line and column are those of the file as it is, as in `--format json`.
    assert!(human.contains("┌─ p.json:1:71\n"), "{human}");
    let github = stdout(&check("github"));
    assert!(!github.contains(['\u{1b}', '\u{7}', '\0', '\u{202e}']), "{github:?}");
    assert!(github.contains("s3:Get\\u{1b}[2J\\u{7}\\u{0}\\u{202e}Object"), "{github}");
    let json = stdout(&check("json"));
    assert!(!json.contains(['\u{1b}', '\u{7}', '\0']), "{json:?}");
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["message"].as_str().is_some());
    }
    assert!(json.contains("s3:Get\\u001b[2J\\u0007\\u0000\u{202e}Object"), "{json}");
    assert!(json.contains("\"line\":1,\"column\":71,"), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- publishing book/

#[test]
fn a_reader_never_finds_book_missing_while_sites_are_swapped() {
    let root = std::env::temp_dir().join(format!("lambda-notes-escape-swap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("book")).unwrap();
    std::fs::write(root.join("book/index.html"), "generation 0").unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (root, done) = (root.clone(), std::sync::Arc::clone(&done));
        std::thread::spawn(move || {
            let (mut reads, mut misses) = (0u64, 0u64);
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                reads += 1;
                if std::fs::read_to_string(root.join("book/index.html")).is_err() {
                    misses += 1;
                }
            }
            (reads, misses)
        })
    };
    for generation in 1..=400 {
        let staging = root.join("book.staging-test");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("index.html"), format!("generation {generation}")).unwrap();
        lambda_notes::book::publish::publish(&staging, &root.join("book"), &root.join("book.old-test")).unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let (reads, misses) = reader.join().unwrap();
    assert!(reads > 0);
    assert_eq!(misses, 0, "{misses} of {reads} reads found no book/index.html");
    assert_eq!(std::fs::read_to_string(root.join("book/index.html")).unwrap(), "generation 400");
    let left: Vec<String> =
        std::fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, vec!["book".to_string()]);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn stale_staging_folders_of_dead_builds_are_removed_and_nothing_else() {
    let root = scratch_book("stale", "# Summary\n\n- [One](one.md)\n");
    // Above Linux's largest pid (2^22): no such process.
    let dead = ["book.staging-999999999", "book.old-999999998"];
    for name in dead {
        std::fs::create_dir_all(root.join(name).join("en")).unwrap();
    }
    // Folders of a build that is still running (this test), other names, a symlink: kept.
    let alive = format!("book.staging-{}", std::process::id());
    let kept = [alive.as_str(), "book.staging-abc", "book.staging-999999999x", "book.staging-", "booking-999999999"];
    for name in kept {
        std::fs::create_dir_all(root.join(name)).unwrap();
    }
    let target = root.join("keep-me");
    std::fs::create_dir_all(&target).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, root.join("book.old-999999997")).unwrap();
    let output = run(&root, &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with(
            "lambda-notes: removed book.old-999999998, left behind by a build that did not finish\n\
             lambda-notes: removed book.staging-999999999, left behind by a build that did not finish\n"
        ),
        "{}",
        stderr(&output)
    );
    for name in dead {
        assert!(!root.join(name).exists(), "{name}");
    }
    for name in kept {
        assert!(root.join(name).is_dir(), "{name}");
    }
    assert!(root.join("book.old-999999997").is_symlink() && target.is_dir());
    assert!(root.join("book/en/one.html").is_file());
    let _ = std::fs::remove_dir_all(&root);
}
