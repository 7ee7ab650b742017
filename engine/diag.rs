//! A finding placed in a file: the output of the `locate` stage, the input of
//! `report`. Carries the file's text so reports can quote the line.

use crate::finding::Finding;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the book root when possible).
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
    pub finding: Finding,
}

impl Diagnostic {
    /// The range is clamped to the file and widened to whole characters (a
    /// checker may point one byte into a multibyte character).
    pub fn new(file: &Arc<SourceFile>, range: Range<usize>, finding: Finding) -> Self {
        let text = &file.text;
        let mut end = range.end.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut start = range.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        Diagnostic { file: Arc::clone(file), range: start..end, finding }
    }

    /// 1-based line and column (columns count characters, as rustc does).
    pub fn line_column(&self) -> (usize, usize) {
        line_column(&self.file.text, self.range.start)
    }
}

pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().filter(|&c| c != '\u{feff}').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n日本x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 3));
    }
}
