//! Book-wide rules across editions: every chapter exists in every language,
//! every language's chapter shows the same examples (same ids, same files),
//! and every chapter is clean text in its language.

use crate::book::{BookSetup, file_diagnostic};
use crate::chapter::SnippetRecord;
use crate::codes;
use crate::diag::Diagnostic;
use crate::finding::Finding;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The chapter files a SUMMARY.md links to, in order (relative to its folder).
pub fn summary_chapters(src: &Path) -> Result<Vec<String>> {
    let path = src.join("SUMMARY.md");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(links_in(&text))
}

fn links_in(summary: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in summary.match_indices("](") {
        let rest = &summary[i + 2..];
        if let Some(end) = rest.find(')') {
            let target = rest[..end].trim();
            if target.ends_with(".md") && !target.contains("://") {
                out.push(target.trim_start_matches("./").to_string());
            }
        }
    }
    out
}

pub fn check(setup: &BookSetup, snippets: &[(String, String, SnippetRecord)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let langs = &setup.project.languages;
    let Some(reference) = langs.first() else { return out };
    let mut chapters: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for lang in langs {
        let src = setup.src_dir(lang);
        match summary_chapters(&src) {
            Ok(list) => {
                chapters.insert(lang, list);
            }
            Err(e) => out.push(file_diagnostic(
                &format!("src/{lang}/SUMMARY.md"),
                String::new(),
                0..0,
                Finding::error(codes::MISSING_SUMMARY, format!("{e:#}")),
            )),
        }
    }
    let reference_chapters: BTreeSet<&String> = chapters.get(reference.as_str()).into_iter().flatten().collect();
    for (lang, list) in &chapters {
        let summary_name = format!("src/{lang}/SUMMARY.md");
        let summary_text = std::fs::read_to_string(setup.src_dir(lang).join("SUMMARY.md")).unwrap_or_default();
        let here: BTreeSet<&String> = list.iter().collect();
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
        for rel in list {
            let path = setup.src_dir(lang).join(rel);
            match std::fs::read(&path) {
                Err(_) => out.push(file_diagnostic(
                    &summary_name,
                    summary_text.clone(),
                    summary_text.find(rel.as_str()).map_or(0..0, |i| i..i + rel.len()),
                    Finding::error(
                        codes::MISSING_CHAPTER,
                        format!("SUMMARY.md lists `{rel}` but src/{lang}/{rel} does not exist"),
                    ),
                )),
                Ok(bytes) => out.extend(crate::hygiene::check(&format!("src/{lang}/{rel}"), &bytes, lang)),
            }
        }
    }
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

fn read(setup: &BookSetup, lang: &str, chapter: &str) -> String {
    std::fs::read_to_string(setup.src_dir(lang).join(chapter)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_summary_links() {
        let s = "# Summary\n\n[Intro](intro.md)\n- [Role](./execution-role.md)\n- [Web](https://x/y.md)\n";
        assert_eq!(links_in(s), vec!["intro.md", "execution-role.md"]);
    }
}
