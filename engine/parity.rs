//! Book-wide rules across editions: every chapter exists in every language,
//! every language's chapter shows the same examples (same ids, same files),
//! the sidebar names every chapter by its own `#` heading, and every chapter
//! is clean text in its language.

use crate::book::{BookSetup, file_diagnostic};
use crate::chapter::SnippetRecord;
use crate::codes;
use crate::diag::Diagnostic;
use crate::finding::Finding;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The chapter files a SUMMARY.md links to, in order (relative to its
/// folder): only those that stay inside it (`sources::summary_links` reports the others).
pub fn summary_chapters(src: &Path) -> Result<Vec<String>> {
    Ok(summary_links(src)?.1.chapters)
}

/// SUMMARY.md's text and its links, read once.
fn summary_links(src: &Path) -> Result<(String, crate::sources::SummaryLinks)> {
    let path = src.join("SUMMARY.md");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let links = crate::sources::summary_links(src, "SUMMARY.md", &text);
    Ok((text, links))
}

pub fn check(setup: &BookSetup, snippets: &[(String, String, SnippetRecord)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let langs = &setup.project.languages;
    let Some(reference) = langs.first() else { return out };
    let mut chapters: BTreeMap<&str, (String, crate::sources::SummaryLinks)> = BTreeMap::new();
    for lang in langs {
        let src = setup.src_dir(lang);
        match summary_links(&src) {
            Ok(links) => {
                chapters.insert(lang, links);
            }
            Err(e) => out.push(file_diagnostic(
                &format!("src/{lang}/SUMMARY.md"),
                String::new(),
                0..0,
                Finding::error(codes::MISSING_SUMMARY, format!("{e:#}")),
            )),
        }
    }
    let reference_chapters: BTreeSet<&String> =
        chapters.get(reference.as_str()).into_iter().flat_map(|(_, links)| &links.listed).collect();
    let mut editions: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (lang, (summary_text, links)) in &chapters {
        let summary_name = format!("src/{lang}/SUMMARY.md");
        let here: BTreeSet<&String> = links.listed.iter().collect();
        for missing in reference_chapters.difference(&here) {
            out.push(file_diagnostic(
                &summary_name,
                summary_text.clone(),
                0..0,
                Finding::error(
                    codes::MISSING_TRANSLATION,
                    format!("the {lang} edition lacks the chapter `{missing}` that the {reference} edition has"),
                )
                .with_hint(format!("write src/{lang}/{missing} and list it in this SUMMARY.md")),
            ));
        }
        for extra in here.difference(&reference_chapters) {
            out.push(file_diagnostic(
                &summary_name,
                summary_text.clone(),
                0..0,
                Finding::error(
                    codes::MISSING_TRANSLATION,
                    format!("the chapter `{extra}` exists in {lang} but not in the {reference} edition"),
                ),
            ));
        }
        let mut texts = Vec::new();
        for rel in &links.chapters {
            let path = setup.src_dir(lang).join(rel);
            let link = summary_text.find(rel.as_str()).map_or(0..0, |i| i..i + rel.len());
            match std::fs::read(&path) {
                // `sources::summary_links` has already said which links are
                // missing or not files; here a chapter exists but cannot be read.
                Err(e) => {
                    let mut finding = crate::text_file::unreadable(e.kind());
                    finding.message =
                        format!("SUMMARY.md lists `{rel}` but src/{lang}/{rel} cannot be read: {}", e.kind());
                    out.push(file_diagnostic(&summary_name, summary_text.clone(), link, finding));
                }
                Ok(bytes) => {
                    out.extend(crate::hygiene::check(&format!("src/{lang}/{rel}"), &bytes, lang));
                    // A chapter that is not UTF-8 has no heading to compare (hygiene says why).
                    if let Ok(text) = String::from_utf8(bytes) {
                        texts.push((rel.clone(), text));
                    }
                }
            }
        }
        out.extend(sidebar_titles(&summary_name, summary_text, &texts));
        editions.insert(lang.to_string(), texts);
    }
    out.extend(crate::exercise::parity::check(reference, &editions));
    out.extend(example_parity(reference, langs, snippets, setup));
    out
}

/// Same ids in every edition's version of a chapter, and one document per id.
fn example_parity(
    reference: &str,
    langs: &[String],
    snippets: &[(String, String, SnippetRecord)],
    setup: &BookSetup,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    let mut files: BTreeMap<&str, &Option<String>> = BTreeMap::new();
    for (lang, chapter, s) in snippets {
        ids.entry((lang, chapter)).or_default().insert(&s.id);
        if let Some(previous) = files.insert(&s.id, &s.file)
            && previous != &s.file
        {
            out.push(file_diagnostic(
                &format!("src/{lang}/{chapter}"),
                read(setup, lang, chapter),
                0..0,
                Finding::error(codes::ID_REUSED, format!("the id `{}` names two different documents", s.id))
                    .with_hint("give each document its own id"),
            ));
        }
    }
    let chapters: BTreeSet<&str> = ids.keys().map(|(_, c)| *c).collect();
    for chapter in chapters {
        let empty = BTreeSet::new();
        let want = ids.get(&(reference, chapter)).unwrap_or(&empty);
        for lang in langs.iter().filter(|l| l.as_str() != reference) {
            let have = ids.get(&(lang.as_str(), chapter)).unwrap_or(&empty);
            for id in want.difference(have) {
                out.push(file_diagnostic(
                    &format!("src/{lang}/{chapter}"),
                    read(setup, lang, chapter),
                    0..0,
                    Finding::error(
                        codes::MISSING_EXAMPLE,
                        format!("the {reference} version of this chapter shows `{id}`, this one does not"),
                    )
                    .with_hint("every edition shows the same examples: add the same ```json block"),
                ));
            }
            for id in have.difference(want) {
                out.push(file_diagnostic(
                    &format!("src/{lang}/{chapter}"),
                    read(setup, lang, chapter),
                    0..0,
                    Finding::error(
                        codes::MISSING_EXAMPLE,
                        format!("this chapter shows `{id}`, which its {reference} version does not"),
                    ),
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

/// The text of a chapter's first `# ` heading.
fn heading_of(chapter: &str) -> Option<&str> {
    chapter.trim_start_matches('\u{feff}').lines().find_map(|l| l.strip_prefix("# ")).map(str::trim)
}

/// The sidebar names every chapter as the chapter names itself.
fn sidebar_titles(summary_name: &str, summary: &str, chapters: &[(String, String)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (title, target, at) in entries_in(summary) {
        let Some((_, text)) = chapters.iter().find(|(rel, _)| rel == target) else { continue };
        let Some(heading) = heading_of(text) else { continue };
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

fn read(setup: &BookSetup, lang: &str, chapter: &str) -> String {
    std::fs::read_to_string(setup.src_dir(lang).join(chapter)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidebar_title_must_equal_the_chapter_heading() {
        let summary = "# Summary\n\n[Introduction](intro.md)\n- [SQS patterns](sqs.md)\n";
        let chapters = vec![
            ("intro.md".to_string(), "# Introduction\n\nText.\n".to_string()),
            ("sqs.md".to_string(), "\u{feff}# Lambda and Amazon SQS\n\nText.\n".to_string()),
        ];
        let found: Vec<_> = sidebar_titles("src/en/SUMMARY.md", summary, &chapters)
            .into_iter()
            .map(|d| (d.finding.code.clone(), d.line_column(), d.finding.message.clone()))
            .collect();
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
}
