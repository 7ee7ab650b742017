//! `check PATH...`: Markdown chapters and bare JSON documents outside a book
//! build — single files, or folders checked file by file (so a corpus works).

use crate::diagnostics::codes;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::Finding;
use crate::pipeline::chapter;
use crate::pipeline::chapter_settings::Settings;
use crate::snippet::json_doc::JsonDoc;
use crate::snippet::kind::{self, Kind};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub documents: usize,
}

/// The files to check, and the folders left out of the walk (with why).
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<String>,
}

/// Every `.json` and `.md` file of the given paths, folders walked in sorted order.
/// A folder is walked once: a link back to a folder already walked (a cycle,
/// or a second way in) is skipped and said so, so no tree of links can make
/// the walk loop or blow up.
pub fn collect(paths: &[PathBuf]) -> Result<Collected> {
    let mut collected = Collected::default();
    let mut walked = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            walk(path, &mut walked, &mut collected)?;
        } else {
            collected.files.push(path.clone());
        }
    }
    Ok(collected)
}

fn walk(dir: &Path, walked: &mut HashSet<PathBuf>, collected: &mut Collected) -> Result<()> {
    let canonical = std::fs::canonicalize(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if !walked.insert(canonical.clone()) {
        collected.skipped.push(format!(
            "{}: leads to {}, which is already walked (a link loop or a second link to it)",
            dir.display(),
            canonical.display()
        ));
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, walked, collected)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "md")) {
            collected.files.push(path);
        }
    }
    Ok(())
}

pub fn check_files(settings: &Settings, files: &[PathBuf], forced: Option<Kind>) -> Result<Checked> {
    let mut checked = Checked::default();
    let mut json = Vec::new();
    for path in files {
        let name = settings.display(path);
        // One file that cannot be read is a finding about it, not the end of the check.
        let text = match crate::diagnostics::text_file::read(path) {
            Ok(text) => text,
            Err(e) => {
                checked.diagnostics.push(e.diagnostic(&name));
                continue;
            }
        };
        if path.extension().and_then(|e| e.to_str()) == Some("md") {
            let lang = guess_lang(path);
            let out = chapter::process(settings, &name, &text, 0, &lang);
            checked.documents += out.snippets.len();
            checked.diagnostics.extend(out.diagnostics);
        } else {
            json.push((name, crate::diagnostics::text_file::without_bom(text)));
        }
    }
    checked.documents += json.len();
    checked.diagnostics.extend(check_json_all(json, forced, threads()));
    Ok(checked)
}

/// How many threads a corpus check uses: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Check many bare JSON documents, split over `threads` threads (documents
/// are independent; the schemas and service data are shared, read-only).
pub fn check_json_all(documents: Vec<(String, String)>, forced: Option<Kind>, threads: usize) -> Vec<Diagnostic> {
    crate::pipeline::parallel::map_on(documents, threads, |(name, text)| check_json(&name, text, forced))
        .into_iter()
        .flatten()
        .collect()
}

/// One bare JSON document: syntax, then the checks of its kind.
pub fn check_json(name: &str, text: String, forced: Option<Kind>) -> Vec<Diagnostic> {
    let file = Arc::new(SourceFile { name: name.to_string(), text });
    let doc = match JsonDoc::parse(&file.text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.offset..e.offset + 1;
            return vec![Diagnostic::new(&file, at, e.finding())];
        }
    };
    let Some(kind) = forced.or_else(|| kind::classify(&doc.value)) else {
        return vec![Diagnostic::new(
            &file,
            0..0,
            Finding::note(codes::UNCLASSIFIED, "this JSON matches no known kind: only its syntax was checked")
                .with_hint("pass --kind KIND"),
        )];
    };
    crate::checks::check::check_document(&doc, kind)
        .into_iter()
        .map(|f| {
            let range = doc.locate(&f.target.pointer, f.target.at_key);
            Diagnostic::new(&file, range, f)
        })
        .collect()
}

/// `src/ja/x.md` → `ja`; anything else is English.
fn guess_lang(path: &Path) -> String {
    path.components()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| matches!(*c, "ja" | "ko"))
        .unwrap_or("en")
        .to_string()
}
