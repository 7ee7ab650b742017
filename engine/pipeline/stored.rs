//! A checked chapter as the disk memo (`disk_memo`) writes it: the
//! pipeline's output with each file it points into written once and named
//! by its index, and the whole key and reads it was worked out from.

use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::Finding;
use crate::pipeline::memo::ChapterKey;
use crate::pipeline::reads::Dependency;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One entry file.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredEntry {
    /// `disk_memo::engine_identity` of the engine that wrote it.
    pub engine: String,
    pub key: ChapterKey,
    pub reads: Vec<Dependency>,
    pub output: StoredOutput,
}

/// `chapter::ChapterOutput`, verified, with files by index.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredOutput {
    pub content: Option<String>,
    pub files: Vec<StoredFile>,
    pub diagnostics: Vec<StoredDiagnostic>,
    pub snippets: Vec<StoredSnippet>,
    /// `ChapterOutput::record`: its file by index, its headings and exercises.
    pub record_file: usize,
    pub headings: Vec<crate::snippet::scan::Heading>,
    pub exercise_blocks: Vec<crate::pipeline::exercise::parity::ExerciseBlock>,
    pub exercise_count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StoredFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StoredDiagnostic {
    pub file: usize,
    pub start: usize,
    pub end: usize,
    pub finding: Finding,
}

/// `chapter::SnippetRecord`, verified.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredSnippet {
    pub id: String,
    pub chapter: usize,
    pub info_start: usize,
    pub info_end: usize,
    /// `Kind::name`.
    pub kind: Option<String>,
    pub file: Option<String>,
    pub value: Option<serde_json::Value>,
    pub expected: Option<Vec<String>>,
    pub findings: Vec<StoredDiagnostic>,
}

/// The files an output points into, each once (by pointer: an output's
/// diagnostics share their file's `Arc`).
#[derive(Default)]
pub struct Files(Vec<Arc<SourceFile>>);

impl Files {
    pub fn index(&mut self, file: &Arc<SourceFile>) -> usize {
        if let Some(i) = self.0.iter().position(|f| Arc::ptr_eq(f, file)) {
            return i;
        }
        self.0.push(Arc::clone(file));
        self.0.len() - 1
    }

    pub fn diagnostic(&mut self, d: &Diagnostic) -> StoredDiagnostic {
        StoredDiagnostic {
            file: self.index(&d.file),
            start: d.range.start,
            end: d.range.end,
            finding: d.finding.clone(),
        }
    }

    pub fn into_stored(self) -> Vec<StoredFile> {
        self.0.iter().map(|f| StoredFile { name: f.name.clone(), text: f.text.clone() }).collect()
    }
}

/// The files of a stored output, shared again.
pub fn files_of(stored: Vec<StoredFile>) -> Vec<Arc<SourceFile>> {
    stored.into_iter().map(|f| Arc::new(SourceFile { name: f.name, text: f.text })).collect()
}

/// A stored diagnostic placed again; `None` when the entry is not one this
/// engine wrote (a file index or range that does not fit).
pub fn diagnostic_of(files: &[Arc<SourceFile>], d: StoredDiagnostic) -> Option<Diagnostic> {
    let file = files.get(d.file)?;
    let fits = d.start <= d.end
        && d.end <= file.text.len()
        && file.text.is_char_boundary(d.start)
        && file.text.is_char_boundary(d.end);
    fits.then(|| Diagnostic { file: Arc::clone(file), range: d.start..d.end, finding: d.finding })
}
