//! What a build may read and where it may write, decided before mdBook sees
//! the book: language codes, the chapters each SUMMARY.md links to, and
//! symbolic links under `src/`. mdBook trusts all three (an absolute link
//! panics it, a `../` link renders a page outside the book, a symlink is
//! copied into the site), so a book from a pull request is checked here first.

use crate::diag::{Diagnostic, SourceFile, line_column};
use crate::finding::Finding;
use mdbook_markdown::pulldown_cmark::{Event, Parser, Tag};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A language code as `book.toml` may list it: a subset of BCP 47 (a two or
/// three letter language, then subtags such as `-BR` or `-Hant`). It names a
/// folder under `src/` and under `book/`, so nothing else is accepted.
pub fn valid_language(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The chapters a SUMMARY.md links to, read as mdBook reads them (every link
/// is a chapter, `%20` is a space, an empty link is a draft), and a
/// diagnostic at `SUMMARY.md:line:column` for each link that is absolute,
/// climbs out of `src_dir`, is missing or is not a regular file.
#[derive(Debug, Default)]
pub struct SummaryLinks {
    /// Paths relative to `src_dir`, in order, without a leading `./`.
    pub chapters: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

pub fn summary_links(src_dir: &Path, shown_as: &str, summary: &str) -> SummaryLinks {
    let file = Arc::new(SourceFile { name: shown_as.to_string(), text: summary.to_string() });
    let canonical_src = src_dir.canonicalize().ok();
    let mut out = SummaryLinks::default();
    for (event, range) in Parser::new(summary).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let href = dest_url.replace("%20", " ");
        if href.is_empty() {
            continue; // a draft chapter: mdBook reads no file
        }
        let at = destination_range(summary, range, &dest_url);
        let fail = |code: &str, message: String, hint: &str| {
            Diagnostic::new(&file, at.clone(), Finding::error(code, message).with_hint(hint))
        };
        let path = Path::new(&href);
        if path.components().any(|c| matches!(c, Component::RootDir | Component::Prefix(_))) {
            out.problems.push(fail(
                "CHAPTER_OUTSIDE_EDITION",
                format!("`{href}` is an absolute path: a chapter must be a file under {}", display_dir(src_dir)),
                "link to the chapter relative to this SUMMARY.md",
            ));
            continue;
        }
        if path.components().any(|c| c == Component::ParentDir) {
            out.problems.push(fail(
                "CHAPTER_OUTSIDE_EDITION",
                format!("`{href}` climbs out with `..`: a chapter must be a file under {}", display_dir(src_dir)),
                "move the chapter into this edition's folder and link to it without `..`",
            ));
            continue;
        }
        let full = src_dir.join(path);
        if std::fs::symlink_metadata(&full).is_err() {
            out.problems.push(fail(
                "MISSING_CHAPTER",
                format!("SUMMARY.md lists `{href}` but {}/{href} does not exist", display_dir(src_dir)),
                "write the chapter, or remove its line from SUMMARY.md",
            ));
            continue;
        }
        let resolved = full.canonicalize().ok();
        if !matches!((&resolved, &canonical_src), (Some(r), Some(s)) if r.starts_with(s)) {
            out.problems.push(fail(
                "CHAPTER_OUTSIDE_EDITION",
                format!("`{href}` goes through a symbolic link that leads out of {}", display_dir(src_dir)),
                "put the chapter itself in this edition's folder",
            ));
            continue;
        }
        if !resolved.as_deref().is_some_and(Path::is_file) {
            out.problems.push(fail(
                "CHAPTER_NOT_A_FILE",
                format!("`{href}` is not a regular file"),
                "a chapter is a Markdown file",
            ));
            continue;
        }
        out.chapters.push(href.trim_start_matches("./").to_string());
    }
    out
}

/// The byte range of a link's destination inside the link's source range
/// (the whole link when it cannot be found, e.g. a reference link).
fn destination_range(text: &str, link: std::ops::Range<usize>, dest: &str) -> std::ops::Range<usize> {
    let source = &text[link.clone()];
    let after = source.find("](").map_or(0, |i| i + 2);
    match source[after..].find(dest) {
        Some(i) if !dest.is_empty() => link.start + after + i..link.start + after + i + dest.len(),
        _ => link,
    }
}

fn display_dir(dir: &Path) -> String {
    let shown = dir.to_string_lossy().replace('\\', "/");
    // `src/en`, not `/tmp/book/src/en`, when the folder is a book's edition.
    match shown.rfind("/src/") {
        Some(i) => shown[i + 1..].to_string(),
        None => shown,
    }
}

/// Every symbolic link under `src/` that resolves outside the book root
/// (mdBook copies what `src/<lang>/` holds into the site, links included),
/// or does not resolve at all. Folders that are links are not walked into.
pub fn symlinks_leaving(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Ok(canonical_root) = root.canonicalize() else { return out };
    let mut pending = vec![root.join("src")];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            if meta.is_dir() {
                pending.push(path);
            } else if meta.file_type().is_symlink() {
                let inside = path.canonicalize().is_ok_and(|target| target.starts_with(&canonical_root));
                if !inside {
                    let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    out.push(crate::book::file_diagnostic(
                        &name,
                        String::new(),
                        0..0,
                        Finding::error(
                            "SYMLINK_OUTSIDE_BOOK",
                            "this symbolic link leads outside the book (or nowhere), and mdBook would publish what it points to",
                        )
                        .with_hint("replace the link with the file itself, or remove it"),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| a.file.name.cmp(&b.file.name));
    out
}

/// True when one path lies inside the other (after resolving `.`/`..`
/// lexically): an edition's output folder must never overlap a source folder.
pub fn overlaps(a: &Path, b: &Path) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    a.starts_with(&b) || b.starts_with(&a)
}

fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where a diagnostic about `book.toml` points: the first occurrence of
/// `needle` (the offending value), as `line:column`.
pub fn position_in(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle).map_or((1, 1), |at| line_column(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for good in ["en", "ja", "ko", "pt-BR", "zh-Hant", "yue", "en-US-x1"] {
            assert!(valid_language(good), "{good}");
        }
        for bad in ["", "e", "EN", "../src/ja", "en/..", "en_US", "abcd", "en-", "en-a", "ja\"><script>", "en US"] {
            assert!(!valid_language(bad), "{bad}");
        }
    }

    #[test]
    fn overlapping_folders() {
        assert!(overlaps(Path::new("/b/book.staging-1/../src/ja"), Path::new("/b/src/ja")));
        assert!(overlaps(Path::new("/b/src"), Path::new("/b/src/ja")));
        assert!(!overlaps(Path::new("/b/book.staging-1/ja"), Path::new("/b/src/ja")));
    }
}
