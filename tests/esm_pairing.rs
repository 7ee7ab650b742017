//! The pairing an event source mapping block declares (`handler=`,
//! `events=`) is checked when the book is built: each rule's exact finding,
//! at the block's info string.

use lambda_notes::diagnostics::report;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use std::path::PathBuf;

/// (file, line, column, severity, code, message) of every finding, sorted.
type Row = (String, usize, usize, &'static str, String, String);

fn row(file: &str, line: usize, column: usize, severity: &'static str, code: &str, message: &str) -> Row {
    (file.to_string(), line, column, severity, code.to_string(), message.to_string())
}

/// A book root with a mapping config, one event and one handler under examples/.
fn book(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("lambda-notes-esm-pairing-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = [
        (
            "config/esm.json",
            r#"{"FunctionName": "my-function", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:my-queue"}"#,
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

fn check(name: &str, chapter_text: &str) -> Vec<Row> {
    let root = book(name);
    let settings = Settings { require_examples: true, ..Settings::for_root(&root) };
    let mut diagnostics = chapter::process(&settings, "one.md", chapter_text, 0, "en").diagnostics;
    report::sort(&mut diagnostics);
    let rows = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column();
            let f = &d.finding;
            (d.file.name.clone(), line, column, f.severity.as_str(), f.code.clone(), f.message.clone())
        })
        .collect();
    let _ = std::fs::remove_dir_all(&root);
    rows
}

#[test]
fn a_paired_mapping_whose_files_exist_is_clean() {
    let chapter =
        "```json kind=event-source-mapping file=config/esm.json handler=sqs-worker events=events/sqs.json\n```\n";
    assert_eq!(check("clean", chapter), Vec::<Row>::new());
}

#[test]
fn a_mapping_must_name_its_handler_and_events() {
    let chapter = "```json kind=event-source-mapping file=config/esm.json\n```\n\n\
                   ```json kind=event-source-mapping id=two file=config/esm.json handler=sqs-worker\n```\n\n\
                   ```json kind=event-source-mapping id=three file=config/esm.json events=events/sqs.json\n```\n";
    assert_eq!(
        check("unpaired", chapter),
        vec![
            row(
                "one.md",
                1,
                4,
                "error",
                "ESM_WITHOUT_HANDLER",
                "this event source mapping names no handler to run on its events"
            ),
            row("one.md", 4, 4, "error", "ESM_WITHOUT_HANDLER", "`handler=sqs-worker` names no events to run on"),
            row(
                "one.md",
                7,
                4,
                "error",
                "ESM_WITHOUT_HANDLER",
                "`events=` names events but `handler=` names no handler to run on them"
            ),
        ]
    );
}

#[test]
fn a_missing_handler_or_event_is_an_error_at_the_block() {
    let chapter = "Text.\n\n```json kind=event-source-mapping file=config/esm.json handler=sqs-wroker events=events/sqs.json,events/gone.json\n```\n";
    assert_eq!(
        check("missing", chapter),
        vec![
            row("one.md", 3, 4, "error", "MISSING_EXAMPLE", "`examples/events/gone.json` does not exist"),
            row("one.md", 3, 4, "error", "MISSING_HANDLER", "`examples/sqs-wroker.rs` does not exist"),
        ]
    );
}

#[test]
fn a_pairing_on_another_kind_of_block_is_an_error() {
    // (The scratch event has no record, which its schema reports too.)
    let chapter = "```json kind=sqs-event file=events/sqs.json handler=sqs-worker events=events/sqs.json\n```\n";
    assert_eq!(
        check("other-kind", chapter),
        vec![
            row(
                "examples/events/sqs.json",
                1,
                13,
                "error",
                "SCHEMA_VIOLATION",
                "sqs-event schema: [] has less than 1 item"
            ),
            row(
                "one.md",
                1,
                4,
                "error",
                "PAIRING_WITHOUT_MAPPING",
                "`handler=` and `events=` pair a handler with an event source mapping; this block is a sqs-event"
            ),
        ]
    );
}

/// What the page says under each mapping of the book: the handler it is
/// tested with, its events and the contract its responses meet, in each
/// edition, as mdBook renders it (the `ln-pairing` block, in page order).
#[test]
fn the_page_names_each_mappings_handler_in_three_languages() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings { require_examples: true, ..Settings::for_root(&root) };
    let mut pages = Vec::new();
    for lang in ["en", "ja", "ko"] {
        let mut notes = Vec::new();
        for chapter_file in ["sqs.md", "event-sources.md"] {
            let name = format!("src/{lang}/{chapter_file}");
            let text = std::fs::read_to_string(root.join(&name)).unwrap();
            let out = chapter::process_unverified(&settings, &name, &text, 0, lang);
            let content = out.content.expect("the chapter has checked blocks");
            for (at, _) in content.match_indices("<div class=\"ln-pairing\">") {
                let end = at + content[at..].find("</div>").unwrap() + "</div>".len();
                notes.push(format!("{name}:\n{}", render_markdown(&content[at..end])));
            }
        }
        assert_eq!(
            notes.len(),
            4,
            "{lang}: the two SQS mappings (on demand, provisioned), Kinesis and DynamoDB each get their note"
        );
        pages.push(notes.join("\n"));
    }
    insta::assert_snapshot!("pairing_notes", pages.join("\n"));
}

fn render_markdown(md: &str) -> String {
    use mdbook_markdown::pulldown_cmark::{Parser, html};
    let mut out = String::new();
    html::push_html(&mut out, Parser::new(md));
    out
}

#[test]
fn a_mapping_without_a_pairing_gets_no_note() {
    let root = book("no-note");
    let settings = Settings::for_root(&root);
    let chapter_text = "```json kind=event-source-mapping file=config/esm.json\n```\n";
    let content = chapter::process_unverified(&settings, "one.md", chapter_text, 0, "en").content.unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert!(content.contains("data-ln-id=\"config/esm\""), "{content}");
    assert!(!content.contains("ln-pairing"), "{content}");
}
