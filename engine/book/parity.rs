//! Book-wide rules across editions: every chapter exists in every language,
//! every language's chapter shows the same examples (same ids, same files),
//! the sidebar names every chapter by its own `#` heading, and every chapter
//! is clean text in its language.

use crate::diagnostics::codes;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::Finding;
use crate::pipeline::chapter::SnippetRecord;
use crate::pipeline::chapter_record::ChapterRecord;
use crate::pipeline::file_findings::FileFindings;
use crate::settings::BookSetup;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// The chapter files a SUMMARY.md links to, in order (relative to its
/// folder): only those that stay inside it (`sources::summary_links` reports the others).
pub fn summary_chapters(src: &Path) -> Result<Vec<String>> {
    Ok(summary_links(src)?.1.chapters)
}

/// SUMMARY.md's text and its links, read once.
fn summary_links(src: &Path) -> Result<(String, crate::settings::sources::SummaryLinks)> {
    let path = src.join("SUMMARY.md");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let links = crate::settings::sources::summary_links(src, "SUMMARY.md", &text);
    Ok((text, links))
}

/// One edition's SUMMARY.md, as the rules below see it.
struct Summary {
    file: Arc<SourceFile>,
    links: crate::settings::sources::SummaryLinks,
}

impl Summary {
    /// Where SUMMARY.md links to `chapter` (its first link to it).
    fn link_to(&self, chapter: &str) -> Range<usize> {
        self.links.listed.iter().find(|(listed, _)| listed == chapter).map_or(0..0, |(_, at)| at.clone())
    }
}

/// The rules, over the records the chapter pass made (`chapters`: edition,
/// chapter path under it, record): no chapter is parsed again here. Only
/// the text hygiene reads each chapter's file, since it judges its bytes;
/// with `kept` (`serve`), only a file whose bytes changed is judged again.
pub fn check(
    setup: &BookSetup,
    kept: Option<&FileFindings>,
    snippets: &[(String, String, SnippetRecord)],
    chapters: &[(String, String, ChapterRecord)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let langs = &setup.project.languages;
    let Some(reference) = langs.first() else { return out };
    let mut summaries: BTreeMap<&str, Summary> = BTreeMap::new();
    for lang in langs {
        let name = format!("src/{lang}/SUMMARY.md");
        match std::fs::read_to_string(setup.src_dir(lang).join("SUMMARY.md")) {
            Ok(text) => {
                let links = crate::settings::sources::summary_links(&setup.src_dir(lang), "SUMMARY.md", &text);
                summaries.insert(lang, Summary { file: Arc::new(SourceFile { name, text }), links });
            }
            Err(e) => out.push(missing_summary(&name, lang, &e)),
        }
    }
    if let Some(first) = summaries.get(reference.as_str()) {
        for (lang, summary) in &summaries {
            out.extend(chapter_parity(reference, first, lang, summary));
        }
    }
    let records: HashMap<(&str, &str), &ChapterRecord> =
        chapters.iter().map(|(lang, rel, record)| ((lang.as_str(), rel.as_str()), record)).collect();
    let mut editions: BTreeMap<&str, Vec<(&str, &ChapterRecord)>> = BTreeMap::new();
    for (lang, summary) in &summaries {
        let mut listed = Vec::new();
        for rel in &summary.links.chapters {
            let path = setup.src_dir(lang).join(rel);
            match std::fs::read(&path) {
                // `sources::summary_links` has already said which links are
                // missing or not files; here a chapter exists but cannot be read.
                Err(e) => {
                    let mut finding = crate::diagnostics::text_file::unreadable(e.kind());
                    finding.message =
                        format!("SUMMARY.md lists `{rel}` but src/{lang}/{rel} cannot be read: {}", e.kind());
                    out.push(Diagnostic::new(&summary.file, summary.link_to(rel), finding));
                }
                Ok(bytes) => out.extend(hygiene(kept, &format!("src/{lang}/{rel}"), bytes, lang)),
            }
            // A chapter the pipeline could not read (not UTF-8: hygiene says
            // why) has no record, so no heading to compare.
            if let Some(record) = records.get(&(*lang, rel.as_str())) {
                listed.push((rel.as_str(), *record));
            }
        }
        out.extend(sidebar_titles(&summary.file.name, &summary.file.text, &listed));
        editions.insert(lang, listed);
    }
    if let Some(reference_chapters) = editions.get(reference.as_str()) {
        for (_, listed) in editions.iter().filter(|(lang, _)| **lang != reference) {
            out.extend(heading_outlines(reference, reference_chapters, listed));
        }
    }
    let exercises = editions
        .iter()
        .map(|(lang, listed)| {
            (*lang, listed.iter().map(|(rel, record)| (*rel, &record.file, record.exercises.as_slice())).collect())
        })
        .collect();
    out.extend(crate::pipeline::exercise::parity::check(reference, &exercises));
    out.extend(example_parity(reference, langs, snippets, &summaries));
    out
}

/// The text hygiene of one chapter file, from `kept` when it holds these bytes.
fn hygiene(kept: Option<&FileFindings>, name: &str, bytes: Vec<u8>, lang: &str) -> Vec<Diagnostic> {
    let check = |bytes: &[u8]| crate::book::hygiene::check(name, bytes, lang);
    match kept {
        Some(kept) => kept.found_or_checked(name, lang, bytes, check).as_ref().clone(),
        None => check(&bytes),
    }
}

/// An edition without a readable SUMMARY.md has no chapters at all.
fn missing_summary(name: &str, lang: &str, error: &std::io::Error) -> Diagnostic {
    let message = match error.kind() {
        std::io::ErrorKind::NotFound => format!("{name} does not exist, so the {lang} edition has no chapters"),
        _ => format!("{name} cannot be read: {error}"),
    };
    file_diagnostic(
        name,
        String::new(),
        0..0,
        Finding::error(codes::MISSING_SUMMARY, message)
            .with_hint("every edition lists its chapters in a SUMMARY.md of its own, in UTF-8"),
    )
}

/// Every edition lists the chapters the reference edition lists, and no others.
fn chapter_parity(reference: &str, first: &Summary, lang: &str, summary: &Summary) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let wanted: BTreeSet<&String> = first.links.listed.iter().map(|(chapter, _)| chapter).collect();
    let here: BTreeSet<&String> = summary.links.listed.iter().map(|(chapter, _)| chapter).collect();
    // Said where the reference edition lists the chapter: the line to translate.
    for missing in wanted.difference(&here) {
        out.push(Diagnostic::new(
            &first.file,
            first.link_to(missing),
            Finding::error(
                codes::MISSING_TRANSLATION,
                format!("the {lang} edition lacks the chapter `{missing}` that the {reference} edition lists here"),
            )
            .with_hint(format!("write src/{lang}/{missing} and list it in src/{lang}/SUMMARY.md")),
        ));
    }
    for extra in here.difference(&wanted) {
        out.push(Diagnostic::new(
            &summary.file,
            summary.link_to(extra),
            Finding::error(
                codes::MISSING_TRANSLATION,
                format!("the chapter `{extra}` exists in {lang} but not in the {reference} edition"),
            )
            .with_hint(format!("list it in src/{reference}/SUMMARY.md too, or remove its line here")),
        ));
    }
    out
}

/// Same ids in every edition's version of a chapter, and one document per id.
/// Each finding points at a block: the one that differs, or the reference
/// edition's block that a translation lacks.
fn example_parity(
    reference: &str,
    langs: &[String],
    snippets: &[(String, String, SnippetRecord)],
    summaries: &BTreeMap<&str, Summary>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<(&str, &str), BTreeMap<&str, &SnippetRecord>> = BTreeMap::new();
    let mut first_use: BTreeMap<&str, &SnippetRecord> = BTreeMap::new();
    for (lang, chapter, s) in snippets {
        ids.entry((lang, chapter)).or_default().entry(&s.id).or_insert(s);
        let first = *first_use.entry(&s.id).or_insert(s);
        if first.file != s.file {
            let (line, column) = crate::diagnostics::diag::line_column(&first.chapter.text, first.info_range.start);
            out.push(Diagnostic::new(
                &s.chapter,
                s.info_range.clone(),
                Finding::error(
                    codes::ID_REUSED,
                    format!(
                        "the id `{}` names two different documents: this one and the one at {}:{line}:{column}",
                        s.id, first.chapter.name
                    ),
                )
                .with_hint("give each document its own id"),
            ));
        }
    }
    let lists =
        |lang: &str, chapter: &str| summaries.get(lang).is_some_and(|s| s.links.chapters.iter().any(|c| c == chapter));
    let empty = BTreeMap::new();
    let chapters: BTreeSet<&str> = ids.keys().map(|(_, c)| *c).collect();
    for chapter in chapters {
        let want = ids.get(&(reference, chapter)).unwrap_or(&empty);
        // A chapter an edition lacks is a MISSING_TRANSLATION, not one finding per example.
        for lang in langs.iter().filter(|l| l.as_str() != reference && lists(l, chapter)) {
            let have = ids.get(&(lang.as_str(), chapter)).unwrap_or(&empty);
            for (id, s) in want.iter().filter(|(id, _)| !have.contains_key(*id)) {
                out.push(Diagnostic::new(
                    &s.chapter,
                    s.info_range.clone(),
                    Finding::error(
                        codes::MISSING_EXAMPLE,
                        format!("the {lang} version of this chapter, src/{lang}/{chapter}, does not show `{id}`"),
                    )
                    .with_hint(format!(
                        "every edition shows the same examples: add the same ```json block to src/{lang}/{chapter}"
                    )),
                ));
            }
            for (id, s) in have.iter().filter(|(id, _)| !want.contains_key(*id)) {
                out.push(Diagnostic::new(
                    &s.chapter,
                    s.info_range.clone(),
                    Finding::error(
                        codes::MISSING_EXAMPLE,
                        format!("this chapter shows `{id}`, which its {reference} version does not"),
                    )
                    .with_hint(format!("show it in src/{reference}/{chapter} too, or remove it here")),
                ));
            }
        }
    }
    out
}

/// `[title](chapter.md)` entries of a SUMMARY.md: the title, the target and
/// the byte offset of the title.
fn entries_in(summary: &str) -> Vec<(&str, &str, usize)> {
    let mut out = Vec::new();
    for (i, _) in summary.match_indices("](") {
        let Some(open) = summary[..i].rfind('[') else { continue };
        let rest = &summary[i + 2..];
        let Some(end) = rest.find(')') else { continue };
        let target = rest[..end].trim();
        if target.ends_with(".md") && !target.contains("://") {
            out.push((&summary[open + 1..i], target.trim_start_matches("./"), open + 1));
        }
    }
    out
}

/// The sidebar names every chapter as the chapter names itself.
fn sidebar_titles(summary_name: &str, summary: &str, chapters: &[(&str, &ChapterRecord)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (title, target, at) in entries_in(summary) {
        let Some((_, record)) = chapters.iter().find(|(rel, _)| *rel == target) else { continue };
        let Some(heading) = record.title() else { continue };
        if title.trim() != heading {
            out.push(file_diagnostic(
                summary_name,
                summary.to_string(),
                at..at + title.len(),
                Finding::error(
                    codes::SIDEBAR_TITLE,
                    format!("the sidebar calls `{target}` \u{201c}{title}\u{201d}, but its heading is \u{201c}{heading}\u{201d}"),
                )
                .with_hint("use the chapter's `#` heading as its title in SUMMARY.md"),
            ));
        }
    }
    out
}

/// Every edition's chapter has the reference's headings at the same levels,
/// in the same order: the site gives each heading the reference's anchor
/// (engine/site/anchors.rs), so that switching language keeps the section.
fn heading_outlines(
    reference: &str,
    reference_chapters: &[(&str, &ChapterRecord)],
    chapters: &[(&str, &ChapterRecord)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rel, record) in chapters {
        let Some((_, wanted)) = reference_chapters.iter().find(|(r, _)| r == rel) else { continue };
        let (want, have) = (wanted.outline(), record.outline());
        let text = &record.file.text;
        let differs = (0..want.len().max(have.len())).find(|&i| want.get(i).map(|w| w.0) != have.get(i).map(|h| h.0));
        let Some(i) = differs else { continue };
        let level = |h: Option<&(usize, usize)>| h.map_or("none".to_string(), |h| "#".repeat(h.0));
        let span = have.get(i).map_or(text.len()..text.len(), |h| h.1..h.1 + h.0);
        out.push(Diagnostic::new(
            &record.file,
            span,
            Finding::error(
                codes::HEADING_OUTLINE,
                format!(
                    "heading {} is `{}` here but `{}` in the {reference} edition: the editions' headings must match level for level",
                    i + 1,
                    level(have.get(i)),
                    level(want.get(i))
                ),
            )
            .with_hint("headings share their anchors across editions (docs/authoring.md, \"Headings\"): give this chapter the same headings, at the same levels, as the reference edition"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chapter's record as the chapter pass makes it (headings only).
    fn record(name: &str, text: &str) -> ChapterRecord {
        let file = Arc::new(SourceFile { name: name.to_string(), text: text.to_string() });
        ChapterRecord {
            headings: crate::snippet::scan::scan(text).headings,
            file,
            exercises: Vec::new(),
            exercise_count: 0,
        }
    }

    fn records<'a>(chapters: &[(&'a str, &str)]) -> Vec<(&'a str, ChapterRecord)> {
        chapters.iter().map(|(rel, text)| (*rel, record(rel, text))).collect()
    }

    fn listed<'a>(records: &'a [(&'a str, ChapterRecord)]) -> Vec<(&'a str, &'a ChapterRecord)> {
        records.iter().map(|(rel, record)| (*rel, record)).collect()
    }

    fn headings(text: &str) -> Vec<(usize, usize)> {
        record("a.md", text).outline()
    }

    #[test]
    fn headings_outside_code_blocks_with_their_levels() {
        let text = "# A\n\n```sh\n# not a heading\n```\n## B {#b}\n#nope\n   ### C\n    # code\n";
        assert_eq!(headings(text), vec![(1, 0), (2, 31), (3, 50)]);
    }

    #[test]
    fn sidebar_title_must_equal_the_chapter_heading() {
        let summary = "# Summary\n\n[Introduction](intro.md)\n- [SQS patterns](sqs.md)\n";
        let records = records(&[
            ("intro.md", "# Introduction\n\nText.\n"),
            ("sqs.md", "\u{feff}# Lambda and Amazon SQS\n\nText.\n"),
        ]);
        let chapters = listed(&records);
        let found: Vec<_> = sidebar_titles("src/en/SUMMARY.md", summary, &chapters)
            .into_iter()
            .map(|d| (d.finding.code.clone(), d.line_column(), d.finding.message.clone()))
            .collect();
        let ranges: Vec<&str> =
            sidebar_titles("src/en/SUMMARY.md", summary, &chapters).iter().map(|d| &summary[d.range.clone()]).collect();
        assert_eq!(ranges, ["SQS patterns"]);
        assert_eq!(
            found,
            vec![(
                "SIDEBAR_TITLE".to_string(),
                (4, 4),
                "the sidebar calls `sqs.md` \u{201c}SQS patterns\u{201d}, but its heading is \u{201c}Lambda and Amazon SQS\u{201d}".to_string()
            )]
        );
        let fixed = summary.replace("SQS patterns", "Lambda and Amazon SQS");
        assert!(sidebar_titles("src/en/SUMMARY.md", &fixed, &chapters).is_empty());
    }

    #[test]
    fn the_outline_is_what_mdbook_renders_as_headings() {
        // A setext heading is one; a `#` line in an HTML block is not.
        let text = "A\n===\n\n<div>\n# not a heading\n</div>\n\n## B\n";
        assert_eq!(headings(text), vec![(1, 0), (2, 37)]);
    }

    #[test]
    fn the_title_is_the_first_hash_line_outside_code() {
        let text = "```md\n# Not the title\n```\n\n# The title {#t}\n";
        assert_eq!(record("a.md", text).title(), Some("The title {#t}"));
        assert_eq!(record("a.md", "Title\n=====\n").title(), None);
    }

    #[test]
    fn a_fence_closes_only_with_its_own_marker() {
        // ``` inside a ~~~ block is code, and so is the heading after it.
        let text = "~~~\n```\n# not a heading\n~~~\n# Yes\n";
        assert_eq!(headings(text), vec![(1, 28)]);
    }

    #[test]
    fn the_sidebar_compares_only_links_to_markdown_chapters() {
        // A link that is not a .md file, or that leaves the book, names no chapter to compare.
        let summary = "[Notes](notes.txt)\n[Remote](https://example.com/notes.md)\n[Other](./other.md)\n";
        let records = records(&[
            ("notes.txt", "# Something else\n"),
            ("https://example.com/notes.md", "# Something else\n"),
            ("other.md", "# Another title\n"),
        ]);
        let chapters = listed(&records);
        let found: Vec<_> = sidebar_titles("src/en/SUMMARY.md", summary, &chapters)
            .into_iter()
            .map(|d| (d.line_column(), summary[d.range.clone()].to_string()))
            .collect();
        assert_eq!(found, vec![((3, 2), "Other".to_string())]);
    }

    #[test]
    fn an_outline_difference_points_at_the_hashes_of_the_heading() {
        let reference = [("a.md", record("src/en/a.md", "# A\n\n## B\n"))];
        let translation = [("a.md", record("src/ja/a.md", "# A\n\n### B\n"))];
        let (reference, translation) = (listed(&reference), listed(&translation));
        let found: Vec<_> = heading_outlines("en", &reference, &translation)
            .into_iter()
            .map(|d| (d.file.name.clone(), d.range.clone(), d.finding.message.clone()))
            .collect();
        assert_eq!(
            found,
            vec![(
                "src/ja/a.md".to_string(),
                5..8,
                "heading 2 is `###` here but `##` in the en edition: the editions' headings must match level for level"
                    .to_string()
            )]
        );
        // A translation that stops early is pointed at its end.
        let short = [("a.md", record("src/ja/a.md", "# A\n"))];
        let short = listed(&short);
        let ranges: Vec<_> = heading_outlines("en", &reference, &short).iter().map(|d| d.range.clone()).collect();
        assert_eq!(ranges, [4..4]);
    }
}
