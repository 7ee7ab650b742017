//! Splice: replace byte ranges of a chapter with new text, leaving every
//! other byte as it was.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
}

/// Apply non-overlapping replacements (in any order). Returns `None` when there
/// is nothing to replace, so callers can keep the original untouched.
pub fn apply(original: &str, mut replacements: Vec<Replacement>) -> Option<String> {
    if replacements.is_empty() {
        return None;
    }
    replacements.sort_by_key(|r| r.range.start);
    let mut out = String::with_capacity(original.len() + 1024);
    let mut cursor = 0;
    for r in replacements {
        if r.range.start < cursor {
            continue; // overlapping: keep the first
        }
        out.push_str(&original[cursor..r.range.start]);
        out.push_str(&r.text);
        cursor = r.range.end;
    }
    out.push_str(&original[cursor..]);
    Some(out)
}

/// The prefix that continuation lines of a block need to stay inside its
/// container: `> ` for block quotes, spaces for list items (list markers
/// become spaces). Computed from the text between the line start and the fence.
pub fn continuation_prefix(first_line_prefix: &str) -> String {
    first_line_prefix.chars().map(|c| if c == '>' || c == '\t' { c } else { ' ' }).collect::<String>()
}

/// Indent every line after the first with `prefix`.
pub fn indent_continuation(text: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i > 0 {
            out.push_str(prefix);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_without_replacements() {
        assert_eq!(apply("abc", vec![]), None);
    }

    #[test]
    fn replaces_in_any_order() {
        let r = vec![Replacement { range: 4..5, text: "E".into() }, Replacement { range: 0..1, text: "A".into() }];
        assert_eq!(apply("abcdef", r).unwrap(), "AbcdEf");
    }

    #[test]
    fn prefixes_for_containers() {
        assert_eq!(continuation_prefix("> "), ">  ".trim_end().to_string() + " ");
        assert_eq!(continuation_prefix("- "), "  ");
        assert_eq!(continuation_prefix("> 1. "), ">    ");
        assert_eq!(indent_continuation("a\nb\n", "> "), "a\n> b\n");
    }
}
