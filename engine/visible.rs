//! Text for a terminal or a CI log: control characters (ESC, BEL, NUL, the
//! rest of C0 and C1, a lone CR) and the invisible characters that reorder
//! or break lines (bidi controls such as U+202E, U+2028/U+2029) are written
//! as visible escapes like `\u{1b}`, so a document cannot recolour, rewrite
//! or reorder what a reviewer reads. Tabs and line ends stay as they are.

use std::borrow::Cow;

fn hidden(c: char, next: Option<char>) -> bool {
    match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        // U+061C, U+200E/F, U+202A–E, U+2066–9: the bidi controls; U+2028/9: line and paragraph separators.
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{2028}' | '\u{2029}' => true,
        c => c.is_control(), // C0, DEL, C1
    }
}

/// `text` with every hidden character escaped.
pub fn visible(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            any = true;
            break;
        }
    }
    if any { Cow::Owned(Escaped::new(text).text) } else { Cow::Borrowed(text) }
}

/// A whole source text escaped, with what it takes to move a byte offset
/// of the original onto the escaped text (so carets still point right).
pub struct Escaped {
    pub text: String,
    /// (offset in the original just after an escaped character, bytes added so far)
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    pub fn new(original: &str) -> Escaped {
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if hidden(c, chars.peek().map(|&(_, n)| n)) {
                text.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                let after = at + c.len_utf8();
                shifts.push((after, text.len() - after));
            } else {
                text.push(c);
            }
        }
        Escaped { text, shifts }
    }

    /// Where a byte offset of the original lies in the escaped text.
    pub fn offset(&self, original: usize) -> usize {
        match self.shifts.partition_point(|&(after, _)| after <= original) {
            0 => original,
            n => original + self.shifts[n - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(visible("a\u{1b}[31mb\u{7}\0c"), "a\\u{1b}[31mb\\u{7}\\u{0}c");
        assert_eq!(visible("x\u{202e}y\u{2066}z\u{85}"), "x\\u{202e}y\\u{2066}z\\u{85}");
        assert_eq!(visible("line\r\nnext\rover"), "line\r\nnext\\u{d}over");
        assert!(matches!(visible("plain\ttext 日本\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_follow_the_escapes() {
        let original = "ab\u{1b}cd\u{202e}e";
        let escaped = Escaped::new(original);
        assert_eq!(escaped.text, "ab\\u{1b}cd\\u{202e}e");
        for (i, c) in original.char_indices() {
            let at = escaped.offset(i);
            if c.is_alphabetic() {
                assert_eq!(escaped.text[at..].chars().next(), Some(c), "at {i}");
            } else {
                assert!(escaped.text[at..].starts_with("\\u{"), "at {i}");
            }
        }
        assert_eq!(escaped.offset(original.len()), escaped.text.len());
    }
}
