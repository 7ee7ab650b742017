//! A finding placed in a file: the output of the `locate` stage, the input of
//! `report`. Carries the file's text so reports can quote the line.

use crate::diagnostics::finding::Finding;
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
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().filter(|&c| c != '\u{feff}').count() + 1;
    (line, column)
}

/// Line and column of offsets in one text, asked in increasing order: each
/// step counts only the text since the last offset, so a pass over many
/// findings in one long line (a minified policy) stays linear. An offset
/// before the last one starts again from the top (still correct, just slower).
/// Always ask one cursor about the same text.
#[derive(Debug, Clone)]
pub struct LineCursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Default for LineCursor {
    fn default() -> Self {
        LineCursor { offset: 0, line: 1, column: 1 }
    }
}

impl LineCursor {
    /// 1-based line and column of `offset` in `text`, as [`line_column`] gives them.
    pub fn line_column(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = LineCursor::default();
        }
        let passed = &text[self.offset..offset];
        let columns = |s: &str| s.chars().filter(|&c| c != '\u{feff}').count();
        match memchr::memrchr(b'\n', passed.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', passed.as_bytes()).count();
                self.column = columns(&passed[last + 1..]) + 1;
            }
            None => self.column += columns(passed),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// A diagnostic about a file as a whole (a missing chapter, a missing example id).
pub fn file_diagnostic(name: &str, text: String, range: std::ops::Range<usize>, finding: Finding) -> Diagnostic {
    Diagnostic::new(&Arc::new(SourceFile { name: name.to_string(), text }), range, finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_agrees_with_line_column_forwards_and_backwards() {
        let text = "ab\n\u{feff}日本x\n\nlast 한";
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut cursor = LineCursor::default();
        for &at in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(cursor.line_column(text, at), line_column(text, at), "offset {at}");
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "ab\n日本x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 3));
    }

    #[test]
    fn offsets_inside_a_character_are_moved_to_its_edges() {
        let file = Arc::new(SourceFile { name: "f".into(), text: "a日b".into() });
        let d = Diagnostic::new(&file, 2..3, crate::diagnostics::finding::Finding::note("N", "n"));
        assert_eq!(d.range, 1..4, "the whole of 日");
        assert_eq!(d.line_column(), (1, 2));
        assert_eq!(line_column(&file.text, 3), (1, 2));
    }
}
