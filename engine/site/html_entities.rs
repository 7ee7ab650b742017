//! HTML character references in a rendered page (`&lt;`, `&amp;`, `&#39;`,
//! `&#x27;`…), read back as the characters they stand for. One decoder for
//! every part of the site that reads the text of a page: the search index,
//! the pages' descriptions, the placeholder marks.

/// The character the reference at the start of `s` stands for, and the
/// reference's length in bytes; `None` when `s` does not start with one
/// (a lone `&`, an unknown name, a reference without its `;`).
pub(crate) fn reference_at_start(s: &str) -> Option<(char, usize)> {
    if !s.starts_with('&') {
        return None;
    }
    // Twelve bytes hold every reference decoded here (`&#x10FFFF;` is 10).
    let semi = s.as_bytes()[..s.len().min(12)].iter().position(|&b| b == b';')?;
    let name = &s[1..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, semi + 1))
}

/// `s` with every reference decoded; an `&` that starts none stays as it is.
pub(crate) fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference_at_start(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities() {
        assert_eq!(decode("a &lt;b&gt; &#39;c&#x27; &amp;amp; & d"), "a <b> 'c' &amp; & d");
        assert_eq!(decode("&lt;関数名&gt; &関数名"), "<関数名> &関数名");
        assert_eq!(decode("&quot;&apos;&nbsp;&#X41;&#66;&unknown; &#xZZ; &lt"), "\"' AB&unknown; &#xZZ; &lt");
    }

    #[test]
    fn a_reference_is_read_whole_or_not_at_all() {
        assert_eq!(reference_at_start("&amp;x"), Some(('&', 5)));
        assert_eq!(reference_at_start("&#x27;"), Some(('\'', 6)));
        assert_eq!(reference_at_start("&#x1F600;"), Some(('😀', 9)));
        assert_eq!(reference_at_start("&#1114112;"), None); // past the last code point
        assert_eq!(reference_at_start("&amp"), None);
        assert_eq!(reference_at_start("&aaaaaaaaaaaaa;"), None); // the `;` is too far
        assert_eq!(reference_at_start("x&amp;"), None);
        assert_eq!(reference_at_start("&;"), None);
    }
}
