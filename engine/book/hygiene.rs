//! Text hygiene of a chapter: valid UTF-8, no mojibake, really written in
//! the language of its edition, one rendering per term (`terminology`), and
//! links to the real AWS documentation (`doc_links`).

use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::finding::Finding;

pub fn check(name: &str, bytes: &[u8], lang: &str) -> Vec<Diagnostic> {
    // Chapters are mostly non-ASCII in two editions: a SIMD validator checks
    // them several times faster than `std::str::from_utf8`, and gives the
    // same answer (with the same position of the first bad byte).
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            return vec![crate::diagnostics::text_file::invalid_utf8(name, valid)];
        }
    };
    let mut out = Vec::new();
    let mut offset = 0;
    // Mojibake needs a 0xC3 lead byte (see `mojibake_at`): most files have none.
    let lines = if bytes.contains(&0xC3) { text } else { "" };
    for line in lines.split_inclusive('\n') {
        if let Some(at) = mojibake_at(line) {
            out.push(file_diagnostic(
                name,
                text.to_string(),
                offset + at..offset + at + line[at..].chars().next().map_or(1, char::len_utf8),
                Finding::error(codes::MOJIBAKE, "this line looks like UTF-8 text that was read as Windows-1252")
                    .with_hint("re-decode the text: read the bytes as UTF-8"),
            ));
            break;
        }
        offset += line.len();
    }
    if let Some(problem) = wrong_language(text, lang) {
        out.push(file_diagnostic(name, text.to_string(), 0..0, Finding::error(codes::WRONG_LANGUAGE, problem)));
    }
    out.extend(crate::book::doc_links::check(name, text, lang));
    out.extend(crate::book::terminology::check(name, text, lang));
    out
}

/// Where a line shows two or more telltale pairs: a Latin-1 lead byte
/// (Â–ï) followed by a character that a UTF-8 continuation byte becomes.
fn mojibake_at(line: &str) -> Option<usize> {
    // Â..ï (U+00C2..U+00EF) are all encoded with the lead byte 0xC3: a line
    // without that byte has nothing to pair.
    if !line.as_bytes().contains(&0xC3) {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut hits = Vec::new();
    for pair in chars.windows(2) {
        let (at, lead) = pair[0];
        let next = pair[1].1;
        let lead_ok = ('\u{c2}'..='\u{ef}').contains(&lead);
        let cont = ('\u{80}'..='\u{bf}').contains(&next)
            || ('\u{2018}'..='\u{203a}').contains(&next)
            || ('\u{152}'..='\u{178}').contains(&next)
            || next == '\u{2c6}'
            || next == '\u{2dc}'
            || next == '\u{20ac}'
            || next == '\u{2122}';
        if lead_ok && cont {
            hits.push(at);
        }
    }
    (hits.len() >= 2).then(|| hits[0])
}

/// A ja chapter must be mostly Japanese prose, a ko chapter mostly Korean.
/// Code blocks and inline code are left out of the count.
fn wrong_language(text: &str, lang: &str) -> Option<String> {
    let (wanted, name) = match lang {
        "ja" => ('\u{3040}'..='\u{30ff}', "Japanese (kana)"),
        "ko" => ('\u{ac00}'..='\u{d7a3}', "Korean (Hangul)"),
        _ => return None,
    };
    let (mut letters, mut native) = (0usize, 0usize);
    let mut in_fence = false;
    let mut read = 0;
    for line in text.lines() {
        // Each letter still to come takes at least a byte: once even that
        // many non-native letters could not tip the balance, stop counting.
        if native * 5 >= letters + text.len().saturating_sub(read) {
            return None;
        }
        read += line.len() + 1;
        let t = line.trim_start_matches([' ', '>']);
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut inline = false;
        for c in line.chars() {
            // cheap tests first (this runs over every character of the book);
            // Unicode's alphabetic table is the slow last resort
            if c.is_ascii() {
                if c == '`' {
                    inline = !inline;
                } else if !inline {
                    letters += usize::from(c.is_ascii_alphabetic());
                }
            } else if inline {
                continue;
            } else if wanted.contains(&c) {
                letters += 1;
                native += 1;
            } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                letters += 1; // CJK ideographs
            } else if !('\u{3000}'..='\u{303f}').contains(&c) && c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    if letters >= 200 && native * 5 < letters {
        return Some(format!(
            "only {native} of {letters} letters outside code are {name}: this chapter does not read as its edition's language"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_mojibake() {
        // "日本語" encoded as UTF-8 and decoded as Windows-1252
        let bad = "\u{e6}\u{2014}\u{a5}\u{e6}\u{153}\u{ac}\u{e8}\u{aa}\u{17e}";
        assert!(mojibake_at(bad).is_some(), "{bad}");
        assert!(mojibake_at("café and naïve résumé").is_none());
        assert!(mojibake_at("日本語の文章").is_none());
    }

    #[test]
    fn checks_language() {
        let english = "This chapter is English. ".repeat(20);
        assert!(wrong_language(&english, "ja").is_some());
        assert!(wrong_language(&english, "en").is_none());
        let japanese = "これは日本語の章です。実行ロールを説明します。".repeat(20);
        assert!(wrong_language(&japanese, "ja").is_none());
        let korean = "이 장에서는 실행 역할을 설명합니다. ".repeat(20);
        assert!(wrong_language(&korean, "ko").is_none());
        // Counting stops early only when the rest cannot change the verdict:
        // a Japanese opening does not hide an English chapter after it.
        let opening = "これは日本語の章です。\n".repeat(10);
        assert!(wrong_language(&format!("{opening}{}", "This part is English.\n".repeat(40)), "ja").is_some());
        assert!(wrong_language(&format!("{opening}{}", "This part is English.\n".repeat(5)), "ja").is_none());
        // Blank lines count as read too (a line's length plus its newline).
        let spaced = "これは日本語の章です。\n\n".repeat(10);
        assert!(wrong_language(&format!("{spaced}{}", "This part is English.\n\n".repeat(40)), "ja").is_some());
    }

    #[test]
    fn mojibake_needs_two_pairs_of_any_telltale_kind() {
        // A Latin-1 lead (Ã, U+00C3) before each kind of character a UTF-8
        // continuation byte becomes in Windows-1252.
        for next in ['\u{a9}', '\u{2019}', '\u{153}', '\u{2c6}', '\u{2dc}', '\u{20ac}', '\u{2122}'] {
            let two = format!("x \u{c3}{next} y \u{c3}{next} z");
            assert_eq!(mojibake_at(&two), Some(2), "{two}");
            let one = format!("x \u{c3}{next} y");
            assert_eq!(mojibake_at(&one), None, "{one}");
        }
        // Á (U+00C1) is below the lead range.
        assert_eq!(mojibake_at("\u{c1}\u{a9} \u{c1}\u{a9} \u{c3}x"), None);
    }

    #[test]
    fn mojibake_is_reported_at_its_first_lead_character() {
        let text = "ok\nsee \u{c3}\u{a9} and \u{c3}\u{a9}\n";
        let found = check("x.md", text.as_bytes(), "en");
        let got: Vec<_> = found.iter().map(|d| (d.finding.code.as_str(), d.range.clone(), d.line_column())).collect();
        assert_eq!(got, [("MOJIBAKE", 7..9, (2, 5))]);
    }

    #[test]
    fn language_counts_letters_outside_code() {
        let kana = "あ".repeat(50);
        let latin = "a".repeat(200);
        // Exactly one fifth native is enough; one letter less is not.
        assert_eq!(wrong_language(&format!("{kana} {latin}"), "ja"), None);
        assert_eq!(
            wrong_language(&format!("{} {latin}b", "あ".repeat(49)), "ja").as_deref(),
            Some(
                "only 49 of 250 letters outside code are Japanese (kana): this chapter does not read as its edition's language"
            )
        );
        // Under 200 letters there is too little to judge; 200 are enough.
        assert_eq!(wrong_language(&"a".repeat(199), "ja"), None);
        assert_eq!(
            wrong_language(&"a".repeat(200), "ja").as_deref(),
            Some(
                "only 0 of 200 letters outside code are Japanese (kana): this chapter does not read as its edition's language"
            )
        );
        // Fenced code (``` and ~~~, also in a quote) and inline code do not count.
        let english = "English words in code. ".repeat(20);
        let fenced = format!("{kana}\n```\n{english}\n```\n> ~~~\n{english}\n> ~~~\n`{english}` `x`\n");
        assert_eq!(wrong_language(&fenced, "ja"), None);
        // Ideographs and other alphabets are letters, but not native; CJK
        // punctuation and symbols are not letters. 々 (U+3005) is alphabetic
        // but in the CJK punctuation block, so it does not count.
        let mixed = format!("{} 日本 é — 。々 {}", "あ".repeat(40), "z".repeat(160));
        assert_eq!(
            wrong_language(&mixed, "ko").as_deref(),
            Some(
                "only 0 of 203 letters outside code are Korean (Hangul): this chapter does not read as its edition's language"
            )
        );
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let d = check("x.md", b"ok \xff bad", "en");
        assert_eq!(d[0].finding.code, "INVALID_UTF8");
    }
}
