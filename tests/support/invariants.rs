//! Invariants that must hold for any input, shared by the property tests
//! (`tests/properties.rs`, stable) and the fuzz targets (`fuzz/`, nightly),
//! which include this file with `#[path]`. Each function panics with a
//! message naming the broken invariant; "no panic" itself is checked by
//! simply calling the code.

#![allow(dead_code)] // each includer uses a different subset

use lambda_notes::diagnostics::diag::{self, Diagnostic};
use lambda_notes::diagnostics::report::{self, Format};
use lambda_notes::pipeline::chapter;
use lambda_notes::pipeline::chapter_settings::Settings;
use lambda_notes::snippet::json_doc::JsonDoc;
use lambda_notes::snippet::kind::Kind;
use lambda_notes::snippet::scan::{self, FencedBlock};
use lambda_notes::snippet::splice::{self, Replacement};
use lambda_notes::{checks::notations, checks::policy_tests};
use mdbook_markdown::pulldown_cmark::Event;
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use serde_json::Value;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// `range` lies inside `text` and starts and ends on character boundaries.
pub fn assert_range_in(text: &str, range: &Range<usize>, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what}: range {range:?} outside 0..{}", text.len());
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: range {range:?} cuts a character"
    );
}

/// The scanner's positions lie inside the chapter, its body pieces are
/// byte copies of the chapter, and splicing changes only what it is told.
pub fn scan_and_splice(text: &str) -> Vec<FencedBlock> {
    let blocks = scan::fenced_blocks(text);
    let mut previous_end = 0;
    for block in &blocks {
        assert_range_in(text, &block.range, "block range");
        assert!(block.range.start >= previous_end, "blocks overlap or are out of order: {:?}", block.range);
        previous_end = block.range.end;
        assert!(block.line_start <= block.range.start, "line start after the block");
        assert!(block.line_start == 0 || text.as_bytes()[block.line_start - 1] == b'\n', "line start mid-line");
        for seg in &block.segments {
            let source = seg.source_start..seg.source_start + seg.len;
            assert_range_in(text, &source, "segment");
            assert_eq!(
                &text[source],
                &block.body[seg.body_start..seg.body_start + seg.len],
                "a segment is not a copy of the chapter"
            );
        }
        for offset in [0, block.body.len() / 2, block.body.len()] {
            let at = block.source_offset(offset);
            assert!(at <= text.len(), "source_offset({offset}) = {at} beyond the chapter");
        }
    }
    assert_eq!(splice::apply(text, Vec::new()), None, "nothing to splice must mean untouched");
    let identity: Vec<Replacement> = blocks
        .iter()
        .map(|b| Replacement { range: b.range.clone(), text: text[b.range.clone()].to_string() })
        .collect();
    if let Some(spliced) = splice::apply(text, identity) {
        assert_eq!(spliced, text, "splicing every block with its own text must be byte-identical");
    }
    blocks
}

/// Whether the chapter has a block the pipeline handles (and so may rewrite).
pub fn has_handled_block(blocks: &[FencedBlock]) -> bool {
    blocks.iter().any(|b| {
        let language = b.language().to_ascii_lowercase();
        language == "json" || language == "policy-test" || language == "exercise" || b.info.contains("same-as=")
    })
}

/// A diagnostic points inside its file, and its line:column names a real place.
pub fn assert_diagnostic_inside(d: &Diagnostic) {
    let text = &d.file.text;
    assert_range_in(text, &d.range, &format!("finding {} in {}", d.finding.code, d.file.name));
    let (line, column) = d.line_column();
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(line >= 1 && line <= lines.len(), "{}: line {line} of {}", d.finding.code, lines.len());
    let width = lines[line - 1].chars().count();
    assert!(column >= 1 && column <= width + 1, "{}: column {column} of a {width}-character line", d.finding.code);
    assert_eq!(diag::line_column(text, d.range.start), (line, column));
}

/// Check one chapter as `check` does, then hold every output to the invariants.
pub fn check_chapter(root: &Path, text: &str, lang: &str) {
    let blocks = scan_and_splice(text);
    let settings = Settings::for_root(root);
    let out = chapter::process(&settings, "chapter.md", text, 1, lang);
    for d in &out.diagnostics {
        assert_diagnostic_inside(d);
    }
    for s in &out.snippets {
        for d in &s.findings {
            assert_diagnostic_inside(d);
        }
    }
    if !has_handled_block(&blocks) {
        assert!(out.content.is_none(), "a chapter with nothing to handle must come back untouched");
    }
    if let Some(content) = &out.content {
        assert_no_new_html(text, &blocks, content);
    }
    for format in [Format::Human, Format::Json, Format::Github] {
        let printed = report::format(&out.diagnostics, format);
        if format != Format::Json {
            assert!(!printed.chars().any(is_raw_control), "{format:?} output carries a raw control character");
        }
    }
}

/// A control character a terminal would act on (line ends and tabs are text).
fn is_raw_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Rendering escapes snippet text: every line of raw HTML that mdBook would
/// pass through in the rewritten chapter is either written by the engine
/// itself (its `div`s) or written by the author outside every fenced block.
/// Snippet text (JSON, ids, policy tests) that became HTML would be neither.
pub fn assert_no_new_html(original: &str, blocks: &[FencedBlock], rewritten: &str) {
    let mut prose = String::with_capacity(original.len());
    let mut at = 0;
    for block in blocks {
        prose.push_str(&original[at..block.range.start]);
        prose.push('\n');
        at = block.range.end;
    }
    prose.push_str(&original[at..]);
    let (rest, exercises) = split_exercises(rewritten);
    for html in raw_html(&rest) {
        assert!(prose.contains(&html) || is_engine_html(&html), "snippet text reached the page as raw HTML: {html:?}");
    }
    for section in exercises {
        assert_exercise_escapes_its_documents(section);
    }
}

/// The exercises' HTML (engine/pipeline/exercise/html.rs), each `<section
/// class="ln-exercise"…>…</section>`, apart from the rest of the chapter. Its
/// question and explanation are the author's Markdown, like any prose.
fn split_exercises(rewritten: &str) -> (String, Vec<&str>) {
    const OPEN: &str = "<section class=\"ln-exercise\"";
    const CLOSE: &str = "</section>";
    let (mut rest, mut sections, mut at) = (String::new(), Vec::new(), 0);
    while let Some(start) = rewritten[at..].find(OPEN).map(|i| at + i) {
        let Some(end) = rewritten[start..].find(CLOSE).map(|i| start + i + CLOSE.len()) else { break };
        rest.push_str(&rewritten[at..start]);
        sections.push(&rewritten[start..end]);
        at = end;
    }
    rest.push_str(&rewritten[at..]);
    (rest, sections)
}

/// What an exercise shows of its documents (code lines, the fix-it text, the
/// model answer) is escaped, and its data script cannot be closed early.
fn assert_exercise_escapes_its_documents(section: &str) {
    for (i, _) in section.match_indices("<code") {
        let Some(open_end) = section[i..].find('>').map(|e| i + e + 1) else { continue };
        let Some(close) = section[open_end..].find("</code>").map(|e| open_end + e) else {
            panic!("an exercise's <code> is not closed: {section:?}")
        };
        assert!(!section[open_end..close].contains('<'), "exercise code reached the page as raw HTML: {section:?}");
    }
    for (i, _) in section.match_indices("<textarea") {
        let open_end = section[i..].find('>').map_or(section.len(), |e| i + e + 1);
        let close = section[open_end..].find("</textarea>").map_or(section.len(), |e| open_end + e);
        assert!(!section[open_end..close].contains('<'), "exercise text area carries raw HTML: {section:?}");
    }
    for (i, _) in section.match_indices("<script") {
        let open_end = section[i..].find('>').map_or(section.len(), |e| i + e + 1);
        let close = section[open_end..].find("</script>").map_or(section.len(), |e| open_end + e);
        assert!(!section[open_end..close].contains("</"), "an exercise's data could end its script early: {section:?}");
    }
}

/// Generated Markdown (tables, summaries) that must carry no raw HTML of
/// its own beyond the engine's `div`s.
pub fn assert_markdown_without_html(markdown: &str) {
    for html in raw_html(markdown) {
        assert!(is_engine_html(&html), "generated Markdown carries raw HTML: {html:?}");
    }
}

/// The raw HTML mdBook would copy to the page, one line at a time.
fn raw_html(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // as the scanner does, a leading BOM is not Markdown
    let markdown = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    for event in new_cmark_parser(markdown, &MarkdownOptions::default()) {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            for line in html.lines() {
                let line = line.trim();
                if !line.is_empty() {
                    out.insert(line.to_string());
                }
            }
        }
    }
    out
}

/// The engine's own wrappers (render.rs, summary.rs, chapter.rs): attribute
/// values are escaped, so a line is one of these tags and nothing else.
fn is_engine_html(line: &str) -> bool {
    if line == "</div>" || line == "<div class=\"ln-summary\">" || line == "<div class=\"ln-badge\" role=\"note\">" {
        return true;
    }
    let Some(rest) = line.strip_prefix("<div class=\"").and_then(|l| l.strip_suffix("\">")) else { return false };
    // class="…" data-…="…" …: no `<`, `>` or stray quote can come from escaped values
    rest.starts_with("ln-") && !rest.contains(['<', '>']) && rest.matches('"').count() % 2 == 0
}

/// A policy-test block against a policy: findings point inside the block,
/// and the table is Markdown with no raw HTML (its cells are escaped).
pub fn policy_test(policy: &Value, kind: Kind, body: &str) {
    let evaluated = policy_tests::evaluate("fuzzed", kind, policy, body, None);
    let lines: Vec<&str> = body.lines().collect();
    for f in &evaluated.findings {
        let line = lines.get(f.line).copied().unwrap_or("");
        assert!(f.line <= lines.len(), "{}: line {} of {}", f.finding.code, f.line, lines.len());
        assert_range_in(line, &(f.column..f.column + f.len), &format!("{} in line {}", f.finding.code, f.line));
    }
    for lang in ["en", "ja", "ko"] {
        assert_markdown_without_html(&evaluated.markdown(lang));
    }
}

/// A notation block (sh, yaml, hcl): compared with a statement without
/// panicking; a statement built from it is one it matches.
pub fn notation(language: &str, body: &str, statement: &Value) {
    let _ = notations::check_notation(language, body, statement);
    if let Ok(built) = notations::to_statement(language, body) {
        let findings = notations::check_notation(language, body, &built);
        assert!(findings.is_empty(), "a {language} block differs from its own statement {built}: {findings:?}");
    }
}

/// The strict JSON locator: errors point inside the text; every value of a
/// document is found, and the text found there is that value.
pub fn json_locate(text: &str) -> Option<JsonDoc> {
    match JsonDoc::parse(text) {
        Err(e) => {
            assert!(e.offset <= text.len() && text.is_char_boundary(e.offset), "syntax error offset {}", e.offset);
            None
        }
        Ok(doc) => {
            let mut budget = 2_000; // pointers checked per document
            let exact = doc.duplicate_keys.is_empty();
            walk(&doc, text, &doc.value, &mut String::new(), exact, &mut budget);
            for (_, key) in &doc.duplicate_keys {
                assert_range_in(text, key, "duplicate key");
            }
            Some(doc)
        }
    }
}

fn walk(doc: &JsonDoc, text: &str, value: &Value, pointer: &mut String, exact: bool, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let range = doc.locate(pointer, false);
    assert_range_in(text, &range, &format!("value at {pointer:?}"));
    if exact {
        let found: Value = serde_json::from_str(&text[range.clone()])
            .unwrap_or_else(|e| panic!("the text located for {pointer:?} is not JSON ({e}): {:?}", &text[range]));
        assert_eq!(&found, value, "the text located for {pointer:?} is another value");
    }
    let len = pointer.len();
    match value {
        Value::Object(members) => {
            for (name, child) in members {
                pointer.push('/');
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                let key = doc.locate(pointer, true);
                assert_range_in(text, &key, &format!("key at {pointer:?}"));
                if exact {
                    let found: Value = serde_json::from_str(&text[key.clone()]).unwrap_or(Value::Null);
                    assert_eq!(found.as_str(), Some(name.as_str()), "the key located for {pointer:?} is another key");
                }
                walk(doc, text, child, pointer, exact, budget);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(doc, text, child, pointer, exact, budget);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
