//! What the book-wide rules need to know of a chapter, found by the chapter
//! pass in its one parse: its headings and its exercise blocks. The rules
//! compare editions from these records (as example parity compares snippet
//! records) instead of reading and parsing every chapter again.

use crate::diagnostics::diag::SourceFile;
use crate::pipeline::exercise::parity::ExerciseBlock;
use crate::snippet::scan::Heading;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ChapterRecord {
    /// The chapter as the pipeline read it: where the rules point.
    pub file: Arc<SourceFile>,
    /// Its headings, as mdBook's parser reads them.
    pub headings: Vec<Heading>,
    /// Its ```exercise blocks, reduced to what every edition must share.
    pub exercises: Vec<ExerciseBlock>,
    /// How many ```exercise blocks it has, those without `id=` or valid TOML
    /// too (counts typed in prose name this number).
    pub exercise_count: usize,
}

impl ChapterRecord {
    /// How the chapter names itself: the text of its first `# ` heading.
    pub fn title(&self) -> Option<&str> {
        self.headings.iter().find_map(|h| h.title(&self.file.text))
    }

    /// The outline: each heading's level and where it starts.
    pub fn outline(&self) -> Vec<(usize, usize)> {
        self.headings.iter().map(|h| (usize::from(h.level), h.at)).collect()
    }
}
