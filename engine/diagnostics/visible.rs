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
    let mut out = String::new();
    let mut copied = 0; // `text[..copied]` is in `out`
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if hidden(c, chars.peek().map(|&(_, next)| next)) {
            out.push_str(&text[copied..at]);
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            copied = at + c.len_utf8();
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
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
}
