//! What `serve` publishes after an edit is what a one-off `build` of the
//! same sources publishes, byte for byte: the rebuild path (only the edited
//! editions rendered, the others hard-linked from the last site, unchanged
//! pages finished from the page memo, one chapter and snippet memo across
//! rebuilds)
//! takes no shortcut that shows.

use lambda_notes::book;
use lambda_notes::settings::BookSetup;
use lambda_notes::site::page_memo::PageMemo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// One rebuild as `serve` makes it; panics unless it publishes.
fn serve_rebuild(
    setup: &BookSetup,
    settings: &lambda_notes::pipeline::chapter_settings::Settings,
    changed: &[&str],
    pages: &PageMemo,
) {
    let render = (!changed.is_empty()).then(|| {
        let paths: Vec<PathBuf> = changed.iter().map(|c| setup.root.join(c)).collect();
        lambda_notes::commands::serve::editions_to_render(setup, &paths)
    });
    let (outcome, previous) = book::rebuild(setup, settings, render.as_deref(), pages).unwrap();
    assert_eq!(
        lambda_notes::diagnostics::report::exit_status(&outcome.diagnostics, false),
        0,
        "{:?}",
        outcome.diagnostics
    );
    if let Some(previous) = previous {
        std::fs::remove_dir_all(previous).unwrap();
    }
}

/// How many chapters the SUMMARY.md files list, all editions together.
fn chapters_in_every_edition(setup: &BookSetup) -> usize {
    let listed = |lang: &String| book::parity::summary_chapters(&setup.src_dir(lang)).unwrap().len();
    setup.project.languages.iter().map(listed).sum()
}

/// A copy of the book's sources in a fresh temporary folder named after `name`.
fn scratch_copy(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::temp_dir().join(format!("lambda-notes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo.join("book.toml"), root.join("book.toml")).unwrap();
    for dir in ["src", "examples", "theme", "schemas"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
    }
    root
}

#[test]
fn after_edits_in_serve_book_equals_a_fresh_build() {
    let root = scratch_copy("serve-rebuild");
    let setup = BookSetup::load(&root).unwrap();
    // serve's own settings: the memo keeps whole chapters across rebuilds
    let settings = lambda_notes::commands::serve::settings(&setup);
    let pages = PageMemo::default();
    serve_rebuild(&setup, &settings, &[], &pages); // serve's first build

    let chapter = root.join("src/en/sqs.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\nA paragraph added while serving.\n")).unwrap();
    serve_rebuild(&setup, &settings, &["src/en/sqs.md"], &pages);
    let document = root.join("examples/policies/sqs-consumer-role-policy.json");
    let json = std::fs::read_to_string(&document).unwrap();
    std::fs::write(&document, format!("{}\n\n", json.trim_end())).unwrap();
    serve_rebuild(&setup, &settings, &["examples/policies/sqs-consumer-role-policy.json"], &pages);
    let served = files(&root.join("book"));
    let page = String::from_utf8_lossy(&served[Path::new("en/sqs.html")]).into_owned();
    assert!(page.contains("A paragraph added while serving."), "the edit is served");

    std::fs::remove_dir_all(root.join("book")).unwrap();
    let outcome = book::build(&BookSetup::load(&root).unwrap(), false).unwrap();
    assert_eq!(lambda_notes::diagnostics::report::exit_status(&outcome.diagnostics, false), 0);
    let fresh = files(&root.join("book"));
    let differing: Vec<&PathBuf> = fresh
        .keys()
        .chain(served.keys())
        .filter(|path| served.get(*path) != fresh.get(*path))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(differing.is_empty(), "served and freshly built sites differ in {differing:?}");
    assert!(fresh.len() > 100, "a whole site: {} files", fresh.len());
    let _ = std::fs::remove_dir_all(&root);
}

/// Every entry file of the disk memo with its inode: an entry answered from
/// is not written again, so an unchanged inode is a hit.
fn entries(cache: &Path) -> BTreeMap<PathBuf, u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir(cache).unwrap().flatten().map(|e| (e.path(), e.metadata().unwrap().ino())).collect()
}

#[test]
fn a_build_answered_from_the_disk_memo_equals_a_cold_build() {
    let root = scratch_copy("disk-build");
    let setup = BookSetup::load(&root).unwrap();
    let cache = root.join("cache");
    // As `build` with LAMBDA_NOTES_CACHE=cache: a new memo for each process.
    let cached_build = || {
        let disk = lambda_notes::pipeline::disk_memo::DiskMemo::at(&cache);
        let memo = lambda_notes::pipeline::memo::Memo::default().with_disk(Some(disk));
        let settings =
            lambda_notes::pipeline::chapter_settings::Settings { memo: std::sync::Arc::new(memo), ..setup.settings() };
        let outcome = book::build_with(&setup, false, &settings, None).unwrap();
        assert_eq!(lambda_notes::diagnostics::report::exit_status(&outcome.diagnostics, false), 0);
        files(&root.join("book"))
    };
    let filled = cached_build();
    let written = entries(&cache);
    let chapters = chapters_in_every_edition(&setup);
    assert_eq!(written.len(), chapters, "one entry a chapter and edition");
    std::fs::write(cache.join("ln-memo-0000000000000000.json"), "left by an older book").unwrap();
    let answered = cached_build();
    assert_eq!(entries(&cache), written, "every chapter answered from its entry, the stale one pruned");
    let outcome = book::build(&setup, false).unwrap();
    assert_eq!(lambda_notes::diagnostics::report::exit_status(&outcome.diagnostics, false), 0);
    let cold = files(&root.join("book"));
    assert!(filled == cold && answered == cold, "the cached builds publish the cold build's bytes");
    let _ = std::fs::remove_dir_all(&root);
}

/// The MOJIBAKE findings of one rebuild as `serve` makes it, as
/// (file, line, column).
fn mojibake_after_rebuild(
    setup: &BookSetup,
    settings: &lambda_notes::pipeline::chapter_settings::Settings,
    changed: &str,
    pages: &PageMemo,
) -> Vec<(String, usize, usize)> {
    let paths = [setup.root.join(changed)];
    let render = lambda_notes::commands::serve::editions_to_render(setup, &paths);
    let (outcome, previous) = book::rebuild(setup, settings, Some(&render), pages).unwrap();
    if let Some(previous) = previous {
        std::fs::remove_dir_all(previous).unwrap();
    }
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.finding.code == "MOJIBAKE")
        .map(|d| {
            let (line, column) = d.line_column();
            (d.file.name.clone(), line, column)
        })
        .collect()
}

/// The text hygiene is kept per chapter file across rebuilds (keyed by the
/// file's bytes): an edit that breaks a chapter's text is reported at once,
/// stays reported while other files are edited, and goes when it is fixed.
#[test]
fn a_hygiene_finding_made_while_serving_is_reported_until_fixed() {
    let root = scratch_copy("serve-hygiene");
    let setup = BookSetup::load(&root).unwrap();
    let settings = lambda_notes::commands::serve::settings(&setup);
    let pages = PageMemo::default();
    serve_rebuild(&setup, &settings, &[], &pages);
    let kept = settings.memo.file_findings().expect("serve keeps each file's hygiene").len();
    let chapters = chapters_in_every_edition(&setup);
    assert_eq!(kept, chapters, "one entry a chapter and edition");

    let chapter = root.join("src/en/sqs.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let lines = text.lines().count();
    // "café résumé" read as Windows-1252: two telltale pairs on one line.
    std::fs::write(&chapter, format!("{text}\ncaf\u{c3}\u{a9} r\u{c3}\u{a9}sum\u{c3}\u{a9}\n")).unwrap();
    let at = ("src/en/sqs.md".to_string(), lines + 2, 4);
    assert_eq!(mojibake_after_rebuild(&setup, &settings, "src/en/sqs.md", &pages), [at.clone()]);

    // Another chapter edited: sqs.md's finding is still reported (from its kept entry).
    let other = root.join("src/en/vpc.md");
    let other_text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{other_text}\nAnother paragraph.\n")).unwrap();
    assert_eq!(mojibake_after_rebuild(&setup, &settings, "src/en/vpc.md", &pages), [at]);

    std::fs::write(&chapter, &text).unwrap();
    assert_eq!(mojibake_after_rebuild(&setup, &settings, "src/en/sqs.md", &pages), []);
    assert_eq!(settings.memo.file_findings().unwrap().len(), chapters, "still one entry a chapter");
    let _ = std::fs::remove_dir_all(&root);
}
