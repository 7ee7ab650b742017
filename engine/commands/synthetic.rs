//! A synthetic book N times the size of a real one, for the benchmark: every
//! chapter of every edition copied N−1 times, each copy with its own snippet
//! ids and its own documents, so that the memo cannot make a copy free.
//!
//! Copy `k` of `intro.md` is `intro-k.md`; its `id=X` and `same-as=X` become
//! `X-k`; its `file=policies/p.json` names `policies/p-k.json`, a copy of the
//! document with `k` spaces after its last `}` (a distinct text, the same
//! value, the same findings); its notation blocks start with a `# copy k`
//! comment (a distinct body, the same statements).

use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// Write the real book at `root`, grown to `times` copies, into `out` (made
/// fresh). What the build reads besides src/ and examples/ (book.toml,
/// theme/) is copied as it is.
pub fn generate(root: &Path, out: &Path, times: usize, languages: &[String]) -> Result<()> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::copy(root.join("book.toml"), out.join("book.toml")).context("cannot copy book.toml")?;
    for dir in ["theme", "examples"] {
        if root.join(dir).is_dir() {
            copy_dir(&root.join(dir), &out.join(dir))?;
        }
    }
    let mut documents = BTreeSet::new();
    for lang in languages {
        let (from, to) = (root.join("src").join(lang), out.join("src").join(lang));
        copy_dir(&from, &to)?;
        let summary = std::fs::read_to_string(from.join("SUMMARY.md")).context("cannot read SUMMARY.md")?;
        let chapters = summary_entries(&summary);
        for k in 1..times {
            for (_, file) in &chapters {
                let Ok(text) = std::fs::read_to_string(from.join(file)) else { continue };
                let (copy, used) = copy_chapter(&text, k);
                documents.extend(used.into_iter().map(|d| (d, k)));
                std::fs::write(to.join(copied_name(file, k)), copy)?;
            }
        }
        std::fs::write(to.join("SUMMARY.md"), grown_summary(&summary, &chapters, times))?;
    }
    for (document, k) in documents {
        let Ok(text) = std::fs::read_to_string(root.join("examples").join(&document)) else { continue };
        let trimmed = text.trim_end();
        let copy = format!("{trimmed}{}\n", " ".repeat(k));
        std::fs::write(out.join("examples").join(copied_name(&document, k)), copy)?;
    }
    Ok(())
}

/// `dir/name.ext` → `dir/name-k.ext`.
fn copied_name(file: &str, k: usize) -> String {
    match file.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}-{k}.{ext}"),
        _ => format!("{file}-{k}"),
    }
}

/// The `[title](file.md)` links of a SUMMARY.md, in order.
fn summary_entries(summary: &str) -> Vec<(String, String)> {
    summary
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().trim_start_matches("- ");
            let title = rest.strip_prefix('[')?.split_once("](")?;
            let file = title.1.strip_suffix(')')?;
            file.ends_with(".md").then(|| (title.0.to_string(), file.to_string()))
        })
        .collect()
}

/// The summary with every copy listed as a numbered chapter after the last
/// numbered chapter of the real book, under its chapter's own title (the
/// sidebar must call a chapter by its heading: `SIDEBAR_TITLE`).
fn grown_summary(summary: &str, chapters: &[(String, String)], times: usize) -> String {
    let lines: Vec<&str> = summary.lines().collect();
    let last_item = lines.iter().rposition(|l| l.trim_start().starts_with("- [")).unwrap_or(lines.len() - 1);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if i == last_item {
            for k in 1..times {
                for (title, file) in chapters {
                    out.push_str(&format!("- [{title}]({})\n", copied_name(file, k)));
                }
            }
        }
    }
    out
}

/// Copy `k` of a chapter, and the example files its blocks name.
fn copy_chapter(text: &str, k: usize) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len() + 256);
    let mut documents = Vec::new();
    let mut in_block = false;
    let mut in_exercise = false;
    for line in text.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        if fence && !in_block {
            in_block = true;
            in_exercise = line.trim_start().trim_start_matches('`').starts_with("exercise");
            let mut words: Vec<String> = Vec::new();
            let mut notation = false;
            for word in line.trim_end().split(' ') {
                let renamed = if let Some(id) = word.strip_prefix("id=") {
                    format!("id={id}-{k}")
                } else if let Some(id) = word.strip_prefix("same-as=") {
                    notation = true;
                    format!("same-as={id}-{k}")
                } else if let Some(file) = word.strip_prefix("file=").filter(|f| f.ends_with(".json")) {
                    documents.push(file.to_string());
                    format!("file={}", copied_name(file, k))
                } else {
                    word.to_string()
                };
                words.push(renamed);
            }
            out.push_str(&words.join(" "));
            out.push('\n');
            if notation {
                out.push_str(&format!("# copy {k}\n"));
            }
            continue;
        }
        if fence {
            in_block = false;
            in_exercise = false;
        }
        if in_exercise && let Some(renamed) = renamed_policy(line, k) {
            out.push_str(&renamed);
            continue;
        }
        out.push_str(line);
    }
    (out, documents)
}

/// An exercise's `policy = "ID"` line naming copy `k`'s block: `ID-k`.
fn renamed_policy(line: &str, k: usize) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    if key.trim() != "policy" {
        return None;
    }
    let id = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some(format!("{key}= \"{id}-{k}\"\n"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_gets_its_own_ids_documents_and_notation_bodies() {
        let chapter =
            "# T\n\n```json kind=identity-policy id=a file=policies/p.json\n```\n\n```sh same-as=a\naws x\n```\n";
        let (copy, documents) = copy_chapter(chapter, 3);
        assert_eq!(
            copy,
            "# T\n\n```json kind=identity-policy id=a-3 file=policies/p-3.json\n```\n\n```sh same-as=a-3\n# copy 3\naws x\n```\n"
        );
        assert_eq!(documents, ["policies/p.json"]);
        let exercise = "```exercise id=e\npolicy = \"a\"\n```\npolicy = \"a\"\n";
        assert_eq!(
            copy_chapter(exercise, 2).0,
            "```exercise id=e-2\npolicy = \"a-2\"\n```\npolicy = \"a\"\n",
            "an exercise asks about the copy's policy; prose is left alone"
        );
    }

    #[test]
    fn a_copys_exercises_name_the_copys_policies() {
        let chapter =
            "```exercise id=e kind=allowed-or-denied\npolicy = \"p\"\nanswer = \"allow\"\n```\n\npolicy = \"prose\"\n";
        let (copy, _) = copy_chapter(chapter, 2);
        assert_eq!(
            copy,
            "```exercise id=e-2 kind=allowed-or-denied\npolicy = \"p-2\"\nanswer = \"allow\"\n```\n\npolicy = \"prose\"\n"
        );
    }

    #[test]
    fn copies_are_listed_after_the_last_numbered_chapter() {
        let summary = "# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n\n---\n\n[Glossary](glossary.md)\n";
        let chapters = summary_entries(summary);
        assert_eq!(chapters.len(), 3);
        assert_eq!(
            grown_summary(summary, &chapters, 2),
            "# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n- [Intro](intro-1.md)\n- [One](one-1.md)\n\
             - [Glossary](glossary-1.md)\n\n---\n\n[Glossary](glossary.md)\n"
        );
    }
}
