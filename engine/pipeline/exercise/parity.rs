//! The same exercises in every edition: a chapter's ```exercise blocks have
//! the same ids, in every language, and the same answer keys, requests and
//! documents. Only `question`, `explanation`, `see` and the choices' `text`
//! are written per edition (the reader's progress is kept per id, so an
//! exercise that differed between editions would be scored against two keys).
//! For the same reason an id is used once in an edition, across its chapters.

use crate::diagnostics::codes;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::Finding;
use crate::snippet::scan::FencedBlock;
use std::collections::BTreeMap;
use std::sync::Arc;

/// An exercise block of one chapter: its id, what must be the same in every
/// edition, and where its fence is. The chapter pass makes it
/// ([`exercise_block`]) and the chapter's record carries it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ExerciseBlock {
    id: String,
    shared: String,
    at: std::ops::Range<usize>,
    /// The `id=…` word of the info string: where a second use is reported.
    id_at: std::ops::Range<usize>,
}

/// An ```exercise block of the chapter `text` as the editions compare it,
/// or nothing when it has no `id=` or its body is not TOML (the chapter's own
/// check reports that).
pub fn exercise_block(text: &str, block: &FencedBlock) -> Option<ExerciseBlock> {
    if block.language() != "exercise" {
        return None;
    }
    let id = block.info.split(' ').find_map(|w| w.strip_prefix("id="))?;
    let mut table = block.body.parse::<toml::Table>().ok()?;
    for localised in ["question", "explanation", "see"] {
        table.remove(localised);
    }
    if let Some(toml::Value::Array(choices)) = table.get_mut("choice") {
        for choice in choices.iter_mut().filter_map(toml::Value::as_table_mut) {
            choice.remove("text");
        }
    }
    let line_end = text[block.range.clone()].find('\n').map_or(block.range.end, |i| block.range.start + i);
    let word = format!("id={id}");
    let id_start = text[block.range.start..line_end].find(&word).map_or(block.range.start, |i| block.range.start + i);
    Some(ExerciseBlock {
        id: id.to_string(),
        shared: format!("{} {table}", block.info),
        at: block.range.start..line_end,
        id_at: id_start..id_start + word.len(),
    })
}

/// One edition's chapters, in the order of its SUMMARY.md: (path under the
/// edition, the chapter, its exercise blocks).
pub type EditionExercises<'a> = Vec<(&'a str, &'a Arc<SourceFile>, &'a [ExerciseBlock])>;

/// `read`: per language, its chapters; the first language is the reference.
pub fn check(reference: &str, read: &BTreeMap<&str, EditionExercises>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for chapters in read.values() {
        out.extend(duplicate_ids(chapters));
    }
    let Some(reference_chapters) = read.get(reference) else { return out };
    let wanted: BTreeMap<&str, &[ExerciseBlock]> = reference_chapters.iter().map(|(rel, _, b)| (*rel, *b)).collect();
    for (lang, chapters) in read.iter().filter(|(l, _)| **l != reference) {
        for (rel, file, have) in chapters {
            let Some(want) = wanted.get(rel) else { continue };
            for block in have.iter() {
                let finding = match want.iter().find(|w| w.id == block.id) {
                    None => Finding::error(
                        codes::MISSING_TRANSLATION,
                        format!(
                            "the exercise `{}` is in the {lang} edition but not in the {reference} edition",
                            block.id
                        ),
                    )
                    .with_hint("every edition has the same exercises, with the same ids"),
                    Some(w) if w.shared != block.shared => Finding::error(
                        codes::EXERCISE_EDITIONS_DIFFER,
                        format!(
                            "the exercise `{}` differs from the {reference} edition's beyond its wording",
                            block.id
                        ),
                    )
                    .with_hint("only question, explanation, see and the choices' text are written per edition"),
                    Some(_) => continue,
                };
                out.push(Diagnostic::new(file, block.at.clone(), finding));
            }
            for missing in want.iter().filter(|w| !have.iter().any(|h| h.id == w.id)) {
                let finding = Finding::error(
                    codes::MISSING_TRANSLATION,
                    format!("the {lang} edition lacks the exercise `{}` of the {reference} edition", missing.id),
                )
                .with_hint(format!("write it in src/{lang}/{rel}, with the same id and answer key"));
                out.push(Diagnostic::new(file, 0..0, finding));
            }
        }
    }
    out
}

/// An exercise id used a second time in an edition (in any of its chapters):
/// an error at the second `id=`, naming the first.
fn duplicate_ids(chapters: &EditionExercises) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut first: BTreeMap<&str, (&Arc<SourceFile>, usize)> = BTreeMap::new();
    for (_, file, blocks) in chapters {
        for block in blocks.iter() {
            let Some((first_file, at)) = first.get(block.id.as_str()) else {
                first.insert(&block.id, (file, block.id_at.start));
                continue;
            };
            let (line, column) = crate::diagnostics::diag::line_column(&first_file.text, *at);
            let finding = Finding::error(
                codes::EXERCISE_DUPLICATE_ID,
                format!("the exercise id `{}` is already used at {}:{line}:{column}", block.id, first_file.name),
            )
            .with_hint("the reader's progress is kept under the id: give each exercise of the book its own id");
            out.push(Diagnostic::new(file, block.id_at.clone(), finding));
        }
    }
    out
}
