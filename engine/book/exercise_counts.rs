//! Exercise counts typed in prose (the onboarding chapter's table) are the
//! real ones. A count is written `<span data-ln-exercise-count="sqs">5</span>`:
//! the number of ```exercise blocks in `sqs.md` of the same edition, as the
//! chapter pipeline counted them. Checked rather than filled in at build
//! time: the Markdown then reads as the page does, and nothing needs the
//! other chapters while one chapter is rendered.

use crate::diagnostics::codes;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::Finding;
use crate::pipeline::chapter_record::ChapterRecord;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

const OPEN: &str = "<span data-ln-exercise-count=\"";
const CLOSE: &str = "</span>";

/// Every typed count of every edition that is not the real one. `chapters`:
/// (edition, path under the edition's folder, the chapter pass's record).
pub fn check(chapters: &[(String, String, ChapterRecord)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (lang, _, typing) in chapters.iter().filter(|(_, _, r)| r.file.text.contains(OPEN)) {
        let real: BTreeMap<&str, usize> = chapters
            .iter()
            .filter(|(l, _, _)| l == lang)
            .map(|(_, rel, record)| (rel.as_str(), record.exercise_count))
            .collect();
        out.extend(typed_counts(&typing.file, lang, &real));
    }
    out
}

/// Every count typed in `file` that is not the real one, or not a count.
fn typed_counts(file: &Arc<SourceFile>, lang: &str, real: &BTreeMap<&str, usize>) -> Vec<Diagnostic> {
    let text = &file.text;
    // Code shows the markup; it counts nothing.
    let code: Vec<Range<usize>> = crate::snippet::scan::fenced_blocks(text).into_iter().map(|b| b.range).collect();
    let mut out = Vec::new();
    let mut report = |at: Range<usize>, message: String, hint: String| {
        out.push(Diagnostic::new(file, at, Finding::error(codes::EXERCISE_COUNT, message).with_hint(hint)));
    };
    for (at, _) in text.match_indices(OPEN).filter(|(at, _)| !code.iter().any(|r| r.contains(at))) {
        let Some(marker) = Marker::read(text, at) else {
            report(
                at..at + OPEN.len(),
                "this exercise count is not written as the build reads it".into(),
                "write `<span data-ln-exercise-count=\"CHAPTER\">N</span>` on one line".into(),
            );
            continue;
        };
        let chapter = format!("{}.md", marker.chapter);
        let Some(&n) = real.get(chapter.as_str()) else {
            report(
                marker.chapter_at,
                format!("`{}` names no chapter of the {lang} edition", marker.chapter),
                format!("name a chapter of src/{lang}/SUMMARY.md by its file name without `.md`"),
            );
            continue;
        };
        if marker.count != n.to_string() {
            report(
                marker.count_at,
                format!("this says `{}` exercises, but src/{lang}/{chapter} has {n}", marker.count),
                format!("write {n}, the number of ```exercise blocks in {chapter}"),
            );
        }
    }
    out
}

/// One `<span data-ln-exercise-count="CHAPTER">N</span>`, as written.
struct Marker<'a> {
    chapter: &'a str,
    chapter_at: Range<usize>,
    count: &'a str,
    count_at: Range<usize>,
}

impl<'a> Marker<'a> {
    /// The marker whose `<span` is at `at`; `None` when it is cut short or
    /// spread over lines.
    fn read(text: &'a str, at: usize) -> Option<Marker<'a>> {
        let line = &text[at..text[at..].find('\n').map_or(text.len(), |e| at + e)];
        let rest = &line[OPEN.len()..];
        let (chapter, rest) = rest.split_once("\">")?;
        let (count, _) = rest.split_once(CLOSE)?;
        let chapter_start = at + OPEN.len();
        let count_start = chapter_start + chapter.len() + "\">".len();
        Some(Marker {
            chapter,
            chapter_at: chapter_start..chapter_start + chapter.len(),
            count,
            count_at: count_start..count_start + count.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<(String, String, Option<String>)> {
        let file = Arc::new(SourceFile { name: "src/en/onboarding.md".into(), text: text.into() });
        let real = BTreeMap::from([("sqs.md", 5), ("intro.md", 0)]);
        typed_counts(&file, "en", &real)
            .into_iter()
            .map(|d| {
                let (line, column) = d.line_column();
                (format!("{line}:{column} {}", &text[d.range.clone()]), d.finding.message, d.finding.hint)
            })
            .collect()
    }

    #[test]
    fn a_count_that_is_the_chapters_passes() {
        let text =
            "| 5 | <span data-ln-exercise-count=\"sqs\">5</span> | <span data-ln-exercise-count=\"intro\">0</span> |\n";
        assert_eq!(findings(text), []);
    }

    #[test]
    fn a_wrong_count_is_reported_at_the_number() {
        let text = "| SQS | <span data-ln-exercise-count=\"sqs\">4</span> |\n";
        assert_eq!(
            findings(text),
            [(
                "1:44 4".to_string(),
                "this says `4` exercises, but src/en/sqs.md has 5".to_string(),
                Some("write 5, the number of ```exercise blocks in sqs.md".to_string())
            )]
        );
        // Not a number is not the count either.
        assert_eq!(findings("<span data-ln-exercise-count=\"sqs\">five</span>")[0].0, "1:36 five");
    }

    #[test]
    fn an_unknown_chapter_or_a_broken_marker_is_reported_and_code_is_left_alone() {
        let text = "x <span data-ln-exercise-count=\"sq\">5</span>\n\
                    <span data-ln-exercise-count=\"sqs\">5\n</span>\n\
                    ```html\n<span data-ln-exercise-count=\"nothing\">9</span>\n```\n";
        let got = findings(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "1:33 sq");
        assert_eq!(got[0].1, "`sq` names no chapter of the en edition");
        assert_eq!(got[1].0, "2:1 <span data-ln-exercise-count=\"");
        assert_eq!(got[1].1, "this exercise count is not written as the build reads it");
    }
}
