//! `*` / `?` wildcard matching that no input can make slow.
//!
//! Backtracking to the last `*` (the usual two-pointer matcher) costs
//! O(text × pattern) on `*aaaa…ab` against `aaaa…a`. Here the pattern is cut
//! at its stars: the part before the first star must start the text, the part
//! after the last star must end it, and each part in between is found at its
//! leftmost place after the previous one (leftmost is always safe: it leaves
//! the most text for the rest). A part without `?` is found with
//! Knuth–Morris–Pratt, so the whole match is O(text + pattern). A part with
//! `?` in the middle of two stars is searched position by position: O(text ×
//! that part), which only a pattern with a long `?`-part can reach.

/// One pattern symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sym<T> {
    Lit(T),
    /// `*`: any run of symbols, including none.
    Any,
    /// `?`: exactly one symbol.
    One,
}

/// Does `pattern` match the whole of `text`? Symbols compare with `==`.
pub fn matches<T: PartialEq + Copy>(pattern: &[Sym<T>], text: &[T]) -> bool {
    matches_by(pattern, text, |a, b| a == b)
}

/// [`matches`] with `same` deciding when a literal matches a symbol; it must
/// be an equivalence (such as "equal ignoring ASCII case").
pub fn matches_by<T: Copy>(pattern: &[Sym<T>], text: &[T], same: impl Fn(T, T) -> bool + Copy) -> bool {
    let is_star = |s: &Sym<T>| matches!(s, Sym::Any);
    let stars = pattern.iter().filter(|s| is_star(s)).count();
    if stars == 0 {
        return fits(pattern, text, same);
    }
    let mut parts = pattern.split(is_star);
    let first = parts.next().unwrap_or_default();
    let last = pattern.rsplit(is_star).next().unwrap_or_default();
    if text.len() < first.len() + last.len()
        || !fits(first, &text[..first.len()], same)
        || !fits(last, &text[text.len() - last.len()..], same)
    {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    // the parts strictly between the first and the last star
    for part in parts.take(stars - 1) {
        match find(part, rest, same) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// `part` (no stars) matches `text` exactly, symbol by symbol.
fn fits<T: Copy>(part: &[Sym<T>], text: &[T], same: impl Fn(T, T) -> bool) -> bool {
    part.len() == text.len()
        && part.iter().zip(text).all(|(s, &t)| match *s {
            Sym::Lit(c) => same(c, t),
            Sym::One => true,
            Sym::Any => false,
        })
}

/// The leftmost place where `part` (no stars) matches inside `text`.
fn find<T: Copy>(part: &[Sym<T>], text: &[T], same: impl Fn(T, T) -> bool + Copy) -> Option<usize> {
    if part.is_empty() {
        return Some(0);
    }
    if part.len() > text.len() {
        return None;
    }
    let literal: Option<Vec<T>> = part
        .iter()
        .map(|s| match s {
            Sym::Lit(c) => Some(*c),
            _ => None,
        })
        .collect();
    match literal {
        Some(needle) => kmp(&needle, text, same),
        None => text.windows(part.len()).position(|w| fits(part, w, same)),
    }
}

/// Knuth–Morris–Pratt: the leftmost occurrence of `needle` (non-empty) in `hay`.
fn kmp<T: Copy>(needle: &[T], hay: &[T], same: impl Fn(T, T) -> bool) -> Option<usize> {
    // border[i]: length of the longest proper border of needle[..=i]
    let mut border = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && !same(needle[i], needle[k]) {
            k = border[k - 1];
        }
        if same(needle[i], needle[k]) {
            k += 1;
        }
        border[i] = k;
    }
    let mut k = 0;
    for (i, &symbol) in hay.iter().enumerate() {
        while k > 0 && !same(needle[k], symbol) {
            k = border[k - 1];
        }
        if same(needle[k], symbol) {
            k += 1;
        }
        if k == needle.len() {
            return Some(i + 1 - k);
        }
    }
    None
}

/// A pattern written with `*` and `?` as wildcards, over bytes.
pub fn bytes(pattern: &[u8]) -> Vec<Sym<u8>> {
    pattern
        .iter()
        .map(|&b| match b {
            b'*' => Sym::Any,
            b'?' => Sym::One,
            b => Sym::Lit(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        matches(&bytes(pattern.as_bytes()), text.as_bytes())
    }

    /// The plain backtracking matcher, as the reference.
    fn reference(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, _) => t.is_empty(),
            (Some(b'*'), _) => reference(&p[1..], t) || (!t.is_empty() && reference(p, &t[1..])),
            (Some(_), None) => false,
            (Some(&c), Some(&d)) => (c == b'?' || c == d) && reference(&p[1..], &t[1..]),
        }
    }

    #[test]
    fn agrees_with_backtracking_on_every_small_case() {
        let alphabet = [b'a', b'b', b'*', b'?'];
        let words = |max: usize, symbols: &[u8]| {
            let mut all = vec![Vec::new()];
            let mut frontier = vec![Vec::new()];
            for _ in 0..max {
                frontier = frontier
                    .iter()
                    .flat_map(|w: &Vec<u8>| symbols.iter().map(move |&s| [w.as_slice(), &[s]].concat()))
                    .collect();
                all.extend(frontier.iter().cloned());
            }
            all
        };
        let texts = words(5, &alphabet[..2]);
        for pattern in words(5, &alphabet) {
            for text in &texts {
                assert_eq!(
                    matches(&bytes(&pattern), text),
                    reference(&pattern, text),
                    "{} against {}",
                    String::from_utf8_lossy(&pattern),
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    #[test]
    fn typical_patterns() {
        assert!(m("s3:Get*", "s3:GetObject"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "abc"));
        assert!(!m("a*b*c", "acb"));
        assert!(m("arn:*:?3", "arn:x:s3"));
        assert!(!m("ab*ba", "aba")); // the two ends may not overlap
    }

    #[test]
    fn the_backtracking_trap_is_a_plain_miss() {
        let pattern = format!("*{}b", "a".repeat(5_000));
        let text = "a".repeat(20_000);
        assert!(!m(&pattern, &text));
        assert!(m(&pattern, &format!("{text}b")));
    }
}
