//! What a build may read and where it may write, decided before mdBook sees
//! the book: language codes, the chapters each SUMMARY.md links to, and
//! symbolic links under `src/`. mdBook trusts all three (an absolute link
//! panics it, a `../` link renders a page outside the book, a symlink is
//! copied into the site), so a book from a pull request is checked here first.

use crate::diagnostics::codes;
use crate::diagnostics::diag::{Diagnostic, SourceFile, line_column};
use crate::diagnostics::finding::Finding;
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
    /// Every link inside the edition, usable or not (without a leading `./`),
    /// with the byte range of its destination in SUMMARY.md: what the editions
    /// compare, so a broken link is not also a missing translation.
    pub listed: Vec<(String, std::ops::Range<usize>)>,
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
                codes::CHAPTER_OUTSIDE_EDITION,
                format!("`{href}` is an absolute path: a chapter must be a file under {}", display_dir(src_dir)),
                "link to the chapter relative to this SUMMARY.md",
            ));
            continue;
        }
        if path.components().any(|c| c == Component::ParentDir) {
            out.problems.push(fail(
                codes::CHAPTER_OUTSIDE_EDITION,
                format!("`{href}` climbs out with `..`: a chapter must be a file under {}", display_dir(src_dir)),
                "move the chapter into this edition's folder and link to it without `..`",
            ));
            continue;
        }
        out.listed.push((href.trim_start_matches("./").to_string(), at.clone()));
        let full = src_dir.join(path);
        if std::fs::symlink_metadata(&full).is_err() {
            out.problems.push(fail(
                codes::MISSING_CHAPTER,
                format!("SUMMARY.md lists `{href}` but {}/{href} does not exist", display_dir(src_dir)),
                "write the chapter, or remove its line from SUMMARY.md",
            ));
            continue;
        }
        let resolved = full.canonicalize().ok();
        if !matches!((&resolved, &canonical_src), (Some(r), Some(s)) if r.starts_with(s)) {
            out.problems.push(fail(
                codes::CHAPTER_OUTSIDE_EDITION,
                format!("`{href}` goes through a symbolic link that leads out of {}", display_dir(src_dir)),
                "put the chapter itself in this edition's folder",
            ));
            continue;
        }
        if !resolved.as_deref().is_some_and(Path::is_file) {
            out.problems.push(fail(
                codes::CHAPTER_NOT_A_FILE,
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

/// Every symbolic link mdBook must not follow among `published` (paths
/// relative to the book root that mdBook reads and copies into the site:
/// `src`, the theme folder, the additional CSS and JS) and everything
/// under them: one that resolves outside the book root or nowhere (mdBook
/// would publish what it points to), and one to a folder (mdBook walks into
/// it: a link to a folder above makes its copy endless). Folders that are
/// links are not walked into here.
pub fn unsafe_symlinks(root: &Path, published: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Ok(canonical_root) = root.canonicalize() else { return out };
    let mut pending: Vec<PathBuf> = published.iter().map(|p| root.join(p)).collect();
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(&path) else { continue };
            pending.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            continue;
        }
        if !meta.file_type().is_symlink() {
            continue;
        }
        let finding = match path.canonicalize() {
            Ok(target) if !target.starts_with(&canonical_root) => Finding::error(
                codes::SYMLINK_OUTSIDE_BOOK,
                "this symbolic link leads outside the book, and mdBook would publish what it points to",
            )
            .with_hint("replace the link with the file itself, or remove it"),
            Err(_) => Finding::error(codes::SYMLINK_OUTSIDE_BOOK, "this symbolic link leads nowhere")
                .with_hint("replace the link with the file itself, or remove it"),
            Ok(target) if target.is_dir() => Finding::error(
                codes::SYMLINK_TO_FOLDER,
                "this symbolic link leads to a folder, which mdBook would copy into the site by following it",
            )
            .with_hint("move the folder here, or link to the files one by one"),
            Ok(_) => continue,
        };
        let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        out.push(crate::diagnostics::diag::file_diagnostic(&name, String::new(), 0..0, finding));
    }
    out.sort_by(|a, b| a.file.name.cmp(&b.file.name));
    out.dedup_by(|a, b| a.file.name == b.file.name);
    out
}

/// What mdBook reads from the book root and publishes, besides `src/`: the
/// theme folder and the additional CSS and JS files of `[output.html]`.
pub fn published_paths(book_toml: &toml::Value) -> Vec<String> {
    let html = book_toml.get("output").and_then(|o| o.get("html"));
    let setting = |name: &str| html.and_then(|h| h.get(name));
    let mut out = vec!["src".to_string()];
    out.push(setting("theme").and_then(toml::Value::as_str).unwrap_or("theme").to_string());
    for name in ["additional-css", "additional-js"] {
        let files = setting(name).and_then(toml::Value::as_array).into_iter().flatten();
        out.extend(files.filter_map(toml::Value::as_str).map(str::to_string));
    }
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

/// Settings under `[output.html]` that mdBook joins to the book root (to
/// read) or to an edition's output folder (to write): an absolute path or a
/// `..` there reads from, or writes to, anywhere. Returns (setting, value)
/// for each offending entry.
pub fn unsafe_html_paths(book_toml: &toml::Value) -> Vec<(String, String)> {
    let Some(html) = book_toml.get("output").and_then(|o| o.get("html")) else { return Vec::new() };
    let mut out = Vec::new();
    let mut check = |setting: &str, path: &str| {
        if !stays_inside(Path::new(path)) {
            out.push((setting.to_string(), path.to_string()));
        }
    };
    for setting in ["additional-css", "additional-js"] {
        for path in html.get(setting).and_then(toml::Value::as_array).into_iter().flatten() {
            check(setting, path.as_str().unwrap_or(""));
        }
    }
    for setting in ["theme", "input-404"] {
        if let Some(path) = html.get(setting).and_then(toml::Value::as_str) {
            check(setting, path);
        }
    }
    // Redirect sources are site paths: mdBook drops their leading `/`.
    for page in html.get("redirect").and_then(toml::Value::as_table).into_iter().flat_map(|t| t.keys()) {
        check("redirect", page.trim_start_matches('/'));
    }
    out
}

fn stays_inside(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
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
    fn html_paths_that_leave_the_book() {
        let config: toml::Value = toml::from_str(
            r#"
            [output.html]
            additional-css = ["theme/a.css", "../../x.css"]
            additional-js = ["/etc/passwd"]
            theme = "../theme"
            input-404 = "404.md"
            [output.html.redirect]
            "/old.html" = "new.html"
            "/../../../escape.html" = "new.html"
            "#,
        )
        .unwrap();
        assert_eq!(
            unsafe_html_paths(&config),
            [
                ("additional-css".to_string(), "../../x.css".to_string()),
                ("additional-js".to_string(), "/etc/passwd".to_string()),
                ("theme".to_string(), "../theme".to_string()),
                ("redirect".to_string(), "../../../escape.html".to_string()),
            ]
        );
    }

    #[test]
    fn overlapping_folders() {
        assert!(overlaps(Path::new("/b/book.staging-1/../src/ja"), Path::new("/b/src/ja")));
        assert!(overlaps(Path::new("/b/src"), Path::new("/b/src/ja")));
        assert!(!overlaps(Path::new("/b/book.staging-1/ja"), Path::new("/b/src/ja")));
    }
}
