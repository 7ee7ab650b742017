//! One voice per edition: each term has one rendering (the edition's
//! glossary, made machine-readable in `data/terminology.toml`), and a chapter
//! that uses a variant to avoid gets a warning at the exact word. Code blocks
//! and inline code are left alone: identifiers stay as they are.

use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::finding::Finding;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const CODE: &str = codes::AVOIDED_TERM;

#[derive(Debug, Deserialize)]
struct Term {
    term: String,
    #[serde(rename = "use")]
    rendering: String,
    avoid: Vec<String>,
}

/// The terms of every edition, read once from the data file built into the binary.
fn terms() -> &'static BTreeMap<String, Vec<Term>> {
    static TERMS: OnceLock<BTreeMap<String, Vec<Term>>> = OnceLock::new();
    TERMS.get_or_init(|| {
        toml::from_str(include_str!("../../data/terminology.toml")).expect("data/terminology.toml is valid (tested)")
    })
}

/// One searcher per avoided variant, built once per process: building a
/// substring searcher for every line and variant cost more than the search.
fn finders() -> &'static BTreeMap<String, Vec<Vec<memchr::memmem::Finder<'static>>>> {
    static FINDERS: OnceLock<BTreeMap<String, Vec<Vec<memchr::memmem::Finder<'static>>>>> = OnceLock::new();
    FINDERS.get_or_init(|| {
        terms()
            .iter()
            .map(|(lang, terms)| {
                let per_term = terms
                    .iter()
                    .map(|t| t.avoid.iter().map(|v| memchr::memmem::Finder::new(v.as_bytes())).collect())
                    .collect();
                (lang.clone(), per_term)
            })
            .collect()
    })
}

/// A warning at each avoided variant in the prose of a chapter of edition `lang`.
pub fn check(name: &str, text: &str, lang: &str) -> Vec<Diagnostic> {
    let (Some(terms), Some(finders)) = (terms().get(lang), finders().get(lang)) else { return Vec::new() };
    let mut out = Vec::new();
    let mut offset = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '>']);
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            let code = inline_code(line);
            for (term, finders) in terms.iter().zip(finders) {
                for (variant, finder) in term.avoid.iter().zip(finders) {
                    // non-overlapping, left to right: as `match_indices`
                    for at in finder.find_iter(line.as_bytes()) {
                        if code.iter().any(|r| r.contains(&at)) {
                            continue;
                        }
                        let start = offset + at;
                        out.push(file_diagnostic(
                            name,
                            text.to_string(),
                            start..start + variant.len(),
                            Finding::warning(
                                CODE,
                                format!("「{variant}」: this edition writes “{}” as 「{}」", term.term, term.rendering),
                            )
                            .with_hint(format!("write 「{}」, as the glossary does", term.rendering)),
                        ));
                    }
                }
            }
        }
        offset += line.len();
    }
    out
}

/// Byte ranges of the line's inline code spans (between single backticks).
fn inline_code(line: &str) -> Vec<std::ops::Range<usize>> {
    let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).collect();
    ticks.chunks_exact(2).map(|pair| pair[0]..pair[1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, lang: &str) -> Vec<(String, (usize, usize), String)> {
        check("src/x/sqs.md", text, lang)
            .into_iter()
            .map(|d| (d.finding.code.clone(), d.line_column(), d.finding.message.clone()))
            .collect()
    }

    #[test]
    fn the_data_file_reads() {
        assert!(terms().get("ja").is_some_and(|t| !t.is_empty()));
        assert!(terms().get("ko").is_some_and(|t| !t.is_empty()));
    }

    #[test]
    fn an_avoided_variant_is_a_warning_at_the_word() {
        let ja = "# SQS\n\n### バッチサイズとバッチウィンドウ\n";
        assert_eq!(
            found(ja, "ja"),
            vec![(
                CODE.to_string(),
                (3, 12),
                "「バッチウィンドウ」: this edition writes “batching window” as 「バッチ処理ウィンドウ」".to_string()
            )]
        );
        let ko = "# SQS\n\n배달 못한 편지 대기열과 재드라이브, 그리고 배치 창.\n";
        assert_eq!(
            found(ko, "ko").into_iter().map(|(c, at, _)| (c, at)).collect::<Vec<_>>(),
            vec![(CODE.to_string(), (3, 15)), (CODE.to_string(), (3, 26))]
        );
    }

    #[test]
    fn code_and_the_preferred_rendering_are_left_alone() {
        let ja = "バッチ処理ウィンドウを使います。`バッチウィンドウ` は識別子です。\n```text\nバッチウィンドウ\n```\n";
        assert!(found(ja, "ja").is_empty());
        assert!(found("The batching window.\n", "en").is_empty());
    }
}
