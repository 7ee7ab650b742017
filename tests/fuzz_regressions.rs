//! Inputs the property tests and fuzz targets found (issue #13), each the
//! smallest that shows the defect, with the exact output now expected.

use lambda_notes::diagnostics::diag::Diagnostic;
use lambda_notes::diagnostics::finding::Severity;
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use std::path::Path;

fn check(text: &str) -> Vec<Diagnostic> {
    let settings = Settings::for_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    chapter::process(&settings, "chapter.md", text, 0, "en").diagnostics
}

/// (code, severity, line, column, message, the text the finding covers)
fn summary(d: &Diagnostic) -> (&str, Severity, usize, usize, &str, &str) {
    let (line, column) = d.line_column();
    (
        d.finding.code.as_str(),
        d.finding.severity,
        line,
        column,
        d.finding.message.as_str(),
        &d.file.text[d.range.clone()],
    )
}

/// A syntax error at a multibyte character: the finding's range used to end
/// one byte into it (found by `any_chapter_keeps_the_invariants`).
#[test]
fn a_json_error_at_a_multibyte_character_covers_the_whole_character() {
    let diagnostics = check("```json\n日本語{\"a\": 1,}\n```\n");
    let found: Vec<_> = diagnostics.iter().map(summary).collect();
    assert_eq!(found, [("INVALID_JSON", Severity::Error, 2, 1, "Expected value", "日")]);
}

#[test]
fn a_bare_json_document_with_a_multibyte_error_covers_the_whole_character() {
    let diagnostics = lambda_notes::pipeline::inputs::check_json("doc.json", "[1, é]".to_string(), None);
    let found: Vec<_> = diagnostics.iter().map(summary).collect();
    assert_eq!(found, [("INVALID_JSON", Severity::Error, 1, 5, "Expected value", "é")]);
}

/// A handled block followed at once by another block: the engine's closing
/// `</div>` opened an HTML block that swallowed the next fence, so that
/// block's code was published as raw HTML (found by the `check_chapter` fuzz
/// target; this is its minimized input with a `<script>` in the code).
#[test]
fn the_block_after_a_snippet_stays_code() {
    let text = "```json\n{}\n```\n```html\n<script>alert(1)</script>\n```\n";
    let settings = Settings::for_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let content = chapter::process(&settings, "chapter.md", text, 0, "en").content.unwrap();
    assert!(content.ends_with("</div>\n\n```html\n<script>alert(1)</script>\n```\n"), "{content}");
    let mut html = String::new();
    let parser = mdbook_markdown::new_cmark_parser(&content, &Default::default());
    mdbook_markdown::pulldown_cmark::html::push_html(&mut html, parser);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
}
