//! The chapter memo (`serve`'s settings): a chapter whose text, place,
//! settings and the files its check read are unchanged is answered from the
//! memo with what a fresh check gives; any change to one of them is checked
//! anew.

use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter::{self, ChapterOutput};
use lambda_notes::pipeline::chapter_settings::Settings;
use lambda_notes::pipeline::disk_memo::DiskMemo;
use lambda_notes::pipeline::memo::Memo;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const CHAPTER: &str = "# Grants\n\n\
```json kind=identity-policy id=p file=policies/p.json\n```\n\n\
```policy-test\nallow principal=arn:aws:iam::123456789012:role/r action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:f\n```\n\n\
```json kind=event-source-mapping file=config/esm.json handler=sqs-worker events=events/sqs.json\n```\n";

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}]}"#;

fn book(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("lambda-notes-chapter-memo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = [
        ("policies/p.json", POLICY),
        (
            "config/esm.json",
            r#"{"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:my-queue"}"#,
        ),
        ("events/sqs.json", r#"{"Records": []}"#),
        ("sqs-worker.rs", "fn main() {}"),
    ];
    for (file, text) in files {
        let path = root.join("examples").join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("{text}\n")).unwrap();
    }
    root
}

fn keeping(root: &Path) -> Settings {
    Settings { require_examples: true, memo: Arc::new(Memo::keeping_chapters()), ..Settings::for_root(root) }
}

/// Everything a caller reads from an output, as text: the page, every
/// reported finding with its place, and every record with its findings.
fn shown(out: &ChapterOutput) -> String {
    let mut diagnostics = out.diagnostics.clone();
    report::sort(&mut diagnostics);
    let mut text = format!("{:?}\n{}", out.content, report::human(&diagnostics));
    for s in &out.snippets {
        let findings: Vec<String> = s.findings.iter().map(|d| format!("{:?}", (d.line_column(), &d.finding))).collect();
        text.push_str(&format!(
            "\n{} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            s.id, s.chapter.name, s.info_range, s.kind, s.file, s.value, s.expected, findings
        ));
    }
    text
}

/// Whether `b` was answered from the memo that produced `a`: a kept output
/// shares the chapter file it was checked in.
fn answered_from_memo(a: &ChapterOutput, b: &ChapterOutput) -> bool {
    Arc::ptr_eq(&a.snippets[0].chapter, &b.snippets[0].chapter)
}

#[test]
fn an_unchanged_chapter_is_answered_from_the_memo_as_a_fresh_check_would() {
    let root = book("same");
    let settings = keeping(&root);
    let first = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
    let again = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
    assert!(answered_from_memo(&first, &again));
    let fresh = chapter::process(
        &Settings { require_examples: true, ..Settings::for_root(&root) },
        "src/en/a.md",
        CHAPTER,
        0,
        "en",
    );
    assert_eq!(shown(&again), shown(&fresh));
    assert!(fresh.content.as_deref().is_some_and(|c| c.contains("ln-policy-test")), "a rendered chapter");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_changed_chapter_place_or_setting_is_checked_anew() {
    let root = book("key");
    let settings = keeping(&root);
    let first = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
    let edited = format!("{CHAPTER}\nOne more line.\n");
    for (name, text, depth, lang) in [
        ("src/en/a.md", edited.as_str(), 0, "en"),
        ("src/en/b.md", CHAPTER, 0, "en"),
        ("src/en/a.md", CHAPTER, 1, "en"),
        ("src/en/a.md", CHAPTER, 0, "ja"),
    ] {
        let out = chapter::process_unverified(&settings, name, text, depth, lang);
        assert!(!answered_from_memo(&first, &out), "{name} {depth} {lang}");
        let fresh = chapter::process(&Settings::for_root(&root), name, text, depth, lang);
        assert_eq!(out.content, fresh.content);
    }
    let inline = Settings { require_examples: false, ..keeping(&root) };
    let other = chapter::process_unverified(&inline, "src/en/a.md", CHAPTER, 0, "en");
    let _ = chapter::process_unverified(&inline, "src/en/a.md", CHAPTER, 0, "en");
    let changed = Settings { require_examples: true, memo: Arc::clone(&inline.memo), ..Settings::for_root(&root) };
    assert!(!answered_from_memo(&other, &chapter::process_unverified(&changed, "src/en/a.md", CHAPTER, 0, "en")));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_edited_example_file_is_never_answered_from_the_memo() {
    let root = book("example");
    let settings = keeping(&root);
    let before = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
    assert!(before.diagnostics.is_empty(), "{}", report::human(&before.diagnostics));
    // The document now allows every action: the check must say so.
    let broader = POLICY.replace("\"lambda:InvokeFunction\"", "\"*\"");
    std::fs::write(root.join("examples/policies/p.json"), broader).unwrap();
    let after = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
    assert!(!answered_from_memo(&before, &after));
    let fresh = chapter::process(
        &Settings { require_examples: true, ..Settings::for_root(&root) },
        "src/en/a.md",
        CHAPTER,
        0,
        "en",
    );
    assert_eq!(shown(&after), shown(&fresh));
    assert_ne!(shown(&after), shown(&before), "the edit shows in the output");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_handler_or_event_file_that_goes_is_never_answered_from_the_memo() {
    for gone in ["sqs-worker.rs", "events/sqs.json"] {
        let root = book(&gone.replace('/', "-"));
        let settings = keeping(&root);
        let before = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
        std::fs::remove_file(root.join("examples").join(gone)).unwrap();
        let after = chapter::process_unverified(&settings, "src/en/a.md", CHAPTER, 0, "en");
        assert!(!answered_from_memo(&before, &after), "{gone}");
        let codes: Vec<&str> = after.diagnostics.iter().map(|d| d.finding.code.as_str()).collect();
        assert!(codes.contains(&"MISSING_HANDLER") || codes.contains(&"MISSING_EXAMPLE"), "{gone}: {codes:?}");
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// Settings whose memo keeps checked chapters in `cache` only (as `build`
/// with `LAMBDA_NOTES_CACHE`): a new memo stands for a new process.
fn on_disk(root: &Path, cache: &Path) -> Settings {
    let memo = Memo::default().with_disk(Some(DiskMemo::at(cache)));
    Settings { require_examples: true, memo: Arc::new(memo), ..Settings::for_root(root) }
}

fn fresh(root: &Path) -> ChapterOutput {
    chapter::process(&Settings { require_examples: true, ..Settings::for_root(root) }, "src/en/a.md", CHAPTER, 0, "en")
}

/// The one entry file of the cache.
fn entry(cache: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(cache).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

/// Rewrite the entry's page text to `marker`: an answer from the disk memo
/// then shows it.
fn mark(cache: &Path, marker: &str) {
    let path = entry(cache);
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["output"]["content"] = serde_json::Value::String(marker.to_string());
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
}

#[test]
fn a_later_process_is_answered_from_the_disk_memo_as_a_fresh_check_would() {
    let root = book("disk-same");
    let cache = root.join("cache");
    let first = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    let again = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    assert_eq!(shown(&again), shown(&fresh(&root)));
    assert_eq!(shown(&first), shown(&again));
    mark(&cache, "from the disk memo");
    let marked = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    assert_eq!(marked.content.as_deref(), Some("from the disk memo"), "the entry answered");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_edited_example_file_is_never_answered_from_the_disk_memo() {
    let root = book("disk-example");
    let cache = root.join("cache");
    let _ = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    mark(&cache, "stale");
    let broader = POLICY.replace("\"lambda:InvokeFunction\"", "\"*\"");
    std::fs::write(root.join("examples/policies/p.json"), broader).unwrap();
    let after = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    assert_ne!(after.content.as_deref(), Some("stale"));
    assert_eq!(shown(&after), shown(&fresh(&root)));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_corrupt_or_foreign_entry_is_a_miss() {
    let root = book("disk-corrupt");
    let cache = root.join("cache");
    let _ = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
    let path = entry(&cache);
    let good = std::fs::read(&path).unwrap();
    let mut foreign: serde_json::Value = serde_json::from_slice(&good).unwrap();
    foreign["engine"] = serde_json::Value::String("another engine".into());
    foreign["output"]["content"] = serde_json::Value::String("foreign".into());
    let mut out_of_range: serde_json::Value = serde_json::from_slice(&good).unwrap();
    out_of_range["output"]["snippets"][0]["chapter"] = serde_json::json!(99);
    out_of_range["output"]["content"] = serde_json::Value::String("out of range".into());
    let cases: [(&str, Vec<u8>); 5] = [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("not JSON", vec![0xff, 0xfe, 0x00]),
        ("empty", Vec::new()),
        ("another engine", serde_json::to_vec(&foreign).unwrap()),
        ("a file index out of range", serde_json::to_vec(&out_of_range).unwrap()),
    ];
    for (what, bytes) in cases {
        std::fs::write(&path, bytes).unwrap();
        let out = chapter::process_unverified(&on_disk(&root, &cache), "src/en/a.md", CHAPTER, 0, "en");
        assert_eq!(shown(&out), shown(&fresh(&root)), "{what}");
        assert_eq!(std::fs::read(&path).unwrap(), good, "{what}: the entry is written anew");
    }
    let _ = std::fs::remove_dir_all(&root);
}
