//! The source line quoted under a finding, cut to a window around the
//! finding's column when the line is long: a minified policy is one line of
//! hundreds of KB, and quoting it whole for each of its findings made the
//! human report grow with findings × line length.

use codespan_reporting::files::{Error, Files};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Lines up to this many bytes are quoted whole (a line's display width is
/// never more than its length in bytes); longer ones are cut to about this
/// many columns.
pub const WINDOW_COLUMNS: usize = 120;

/// How much of the line before the finding a window keeps.
const COLUMNS_BEFORE: usize = 40;

/// Marks a cut end of a window.
const CUT: &str = "…";

/// One quoted line cut to a window, with the finding's range inside it. As a
/// codespan file it is that one line, shown with the real line number and
/// the finding's real column.
#[derive(Debug)]
pub struct Excerpt {
    pub name: String,
    pub text: String,
    /// The finding's range within `text`.
    pub label: Range<usize>,
    pub line: usize,
    pub column: usize,
}

impl Excerpt {
    /// A window of `line` (one line, without its newline) around `label`
    /// (byte offsets within the line; clipped to the window). `None` when
    /// the line is short enough to quote whole.
    pub fn cut(name: &str, line: &str, label: Range<usize>, at: (usize, usize)) -> Option<Excerpt> {
        if line.len() <= WINDOW_COLUMNS {
            return None;
        }
        let start = label.start.min(line.len());
        // Back from the finding by up to COLUMNS_BEFORE columns, then on
        // to fill the window; each walk is bounded by the window, not the line.
        let mut from = start;
        let mut width = 0;
        for (i, c) in line[..start].char_indices().rev() {
            width += c.width().unwrap_or(0);
            if width > COLUMNS_BEFORE {
                width -= c.width().unwrap_or(0);
                break;
            }
            from = i;
        }
        let mut to = start;
        for (i, c) in line[start..].char_indices() {
            width += c.width().unwrap_or(0);
            if width > WINDOW_COLUMNS {
                break;
            }
            to = start + i + c.len_utf8();
        }
        let head = if from > 0 { CUT } else { "" };
        let tail = if to < line.len() { CUT } else { "" };
        let text = format!("{head}{}{tail}", &line[from..to]);
        let shift = |offset: usize| head.len() + offset.clamp(from, to) - from;
        let end = shift(label.end.max(start));
        let begin = shift(start);
        Some(Excerpt { name: name.to_string(), label: begin..end.max(begin), text, line: at.0, column: at.1 })
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, Error> {
        Ok(self.line)
    }

    fn column_number(&'a self, (): (), _line_index: usize, _byte_index: usize) -> Result<usize, Error> {
        Ok(self.column)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        match line_index {
            0 => Ok(0..self.text.len()),
            given => Err(Error::LineTooLarge { given, max: 0 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_quoted_whole() {
        assert!(Excerpt::cut("f", "{\"a\": 1}", 2..5, (1, 3)).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let line = format!("{}\"BAD\"{}", "x".repeat(500), "y".repeat(500));
        let e = Excerpt::cut("f", &line, 500..505, (7, 501)).unwrap();
        assert_eq!(e.text, format!("…{}\"BAD\"{}…", "x".repeat(40), "y".repeat(75)));
        assert_eq!(&e.text[e.label.clone()], "\"BAD\"");
        assert_eq!((e.line, e.column), (7, 501));
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let line = format!("{}X{}", "日".repeat(100), "本".repeat(100));
        let start = line.find('X').unwrap();
        let e = Excerpt::cut("f", &line, start..start + 1, (1, 101)).unwrap();
        // 20 wide characters before (40 columns), 40 after (81 columns in all with X)
        assert_eq!(e.text, format!("…{}X{}…", "日".repeat(20), "本".repeat(39)));
        assert_eq!(&e.text[e.label.clone()], "X");
    }

    #[test]
    fn a_label_past_the_window_is_clipped_and_one_at_the_start_has_no_mark() {
        let line = "z".repeat(300);
        let e = Excerpt::cut("f", &line, 0..300, (1, 1)).unwrap();
        assert_eq!(e.text, format!("{}…", "z".repeat(120)));
        assert_eq!(e.label, 0..120);
    }
}
