//! Small string tools shared by the IAM lints: IAM wildcard matching
//! (`*` any run, `?` one character), "could these two wildcard patterns
//! match a common string", and an edit distance for "did you mean".

/// Does the IAM pattern `pat` (with `*` and `?`) match `text`? ASCII case-insensitive.
/// Characters in `text` are literal: a `*` in `text` is matched only by a `*` run in `pat`,
/// which makes this an inclusion test when `text` is itself a pattern.
pub fn glob_match(pat: &str, text: &str) -> bool {
    if !pat.contains(['*', '?']) {
        return pat.eq_ignore_ascii_case(text);
    }
    // Hot path (the lints call this for every pair of actions): ASCII text
    // needs no allocation.
    if pat.is_ascii() && text.is_ascii() {
        // Cheap early reject: the literal text before the first wildcard.
        let literal = pat.find(['*', '?']).unwrap_or(pat.len());
        if text.len() < literal || !pat.as_bytes()[..literal].eq_ignore_ascii_case(&text.as_bytes()[..literal]) {
            return false;
        }
        return wildcard_match(pat.as_bytes(), text.as_bytes(), |a, b| a.eq_ignore_ascii_case(&b));
    }
    let p: Vec<char> = pat.chars().map(|c| c.to_ascii_lowercase()).collect();
    let t: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    wildcard_match(&p, &t, |a, b| a == b)
}

/// `*` and `?` matching over any symbols, in linear time (see `crate::checks::wildcard`).
fn wildcard_match<T: Copy + PartialEq + From<u8>>(p: &[T], t: &[T], same: impl Fn(T, T) -> bool + Copy) -> bool {
    use crate::checks::wildcard::Sym;
    let (star_sym, any_sym) = (T::from(b'*'), T::from(b'?'));
    let pattern: Vec<Sym<T>> = p
        .iter()
        .map(|&c| match c {
            c if c == star_sym => Sym::Any,
            c if c == any_sym => Sym::One,
            c => Sym::Lit(c),
        })
        .collect();
    crate::checks::wildcard::matches_by(&pattern, t, same)
}

/// Could some string match both patterns? Both sides may hold `*` and `?`.
/// ASCII case-insensitive. Used to ask "can this Resource be of that resource type".
pub fn globs_intersect(a: &str, b: &str) -> bool {
    // Fast paths (the ARN check asks this for every resource against every
    // resource type): plain text on either side is a single match.
    match (a.contains(['*', '?']), b.contains(['*', '?'])) {
        (false, false) => return a.eq_ignore_ascii_case(b),
        (true, false) => return glob_match(a, b),
        (false, true) => return glob_match(b, a),
        (true, true) => {}
    }
    // Both literal prefixes must agree as far as the shorter one goes.
    let pa = &a[..a.find(['*', '?']).unwrap_or(a.len())];
    let pb = &b[..b.find(['*', '?']).unwrap_or(b.len())];
    let n = pa.len().min(pb.len());
    if !pa.as_bytes()[..n].eq_ignore_ascii_case(&pb.as_bytes()[..n]) {
        return false;
    }
    // Past the common literal prefix, on lower-cased symbols (bytes for ASCII).
    if a.is_ascii() && b.is_ascii() {
        let skip = pa.len().min(pb.len());
        let lower = |s: &str| s.as_bytes()[skip..].to_ascii_lowercase();
        return intersect(&lower(a), &lower(b));
    }
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    intersect(&a, &b)
}

/// Can prefixes a[..i] and b[..j] be consumed together, for i = n and j = m?
/// Row by row (two rows: memory O(m), not O(n·m) — a long Resource pattern
/// against a resource type's pattern).
fn intersect<T: Copy + PartialEq + From<u8>>(a: &[T], b: &[T]) -> bool {
    let (star, any) = (T::from(b'*'), T::from(b'?'));
    let (n, m) = (a.len(), b.len());
    let mut row = vec![false; m + 1]; // row i
    let mut next = vec![false; m + 1]; // row i + 1
    row[0] = true;
    for i in 0..=n {
        let here = a.get(i).copied(); // None past the end of `a`
        next.fill(false);
        for j in 0..=m {
            if !row[j] {
                continue;
            }
            if here == Some(star) {
                next[j] = true; // star matches nothing more
                if j < m {
                    row[j + 1] = true; // star swallows b[j] (a symbol, or b's own wildcard)
                }
            }
            if j < m && b[j] == star {
                row[j + 1] = true;
                if here.is_some() {
                    next[j] = true;
                }
            }
            if let Some(x) = here
                && j < m
                && x != star
                && b[j] != star
                && (x == b[j] || x == any || b[j] == any)
            {
                next[j + 1] = true;
            }
        }
        if here.is_none() {
            return row[m];
        }
        std::mem::swap(&mut row, &mut next);
    }
    false
}

pub fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

/// Replace every policy variable `${...}` with `*`, for matching.
pub fn variables_to_star(s: &str) -> String {
    replace_variables(s, "*", true)
}

/// `${...}` → `with`; an unclosed `${` is kept as text or, if not
/// `keep_unclosed`, dropped with the rest of the string.
fn replace_variables(s: &str, with: &str, keep_unclosed: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(with);
                rest = &rest[start + end + 1..];
            }
            None => {
                if keep_unclosed {
                    out.push_str(&rest[start..]);
                }
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Levenshtein distance, ASCII case-insensitive (the reference the banded
/// distance is tested against).
#[cfg(test)]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The edit distance if it is at most `limit`: only the diagonal band
/// `|i - j| <= limit` is computed, and a row whose best is past the limit
/// ends the work (a finding's suggestion costs O(length × limit), not O(length²)).
fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let far = limit + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut cur = vec![far; b.len() + 1];
    for i in 1..=a.len() {
        let (lo, hi) = (i.saturating_sub(limit).max(1), (i + limit).min(b.len()));
        cur.fill(far);
        cur[0] = i.min(far);
        let mut best = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost).min(far);
            best = best.min(cur[j]);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// Words longer than this get no "did you mean": the edit distance is
/// quadratic, and the longest IAM action or condition key is far shorter.
pub const MAX_SUGGESTION_CHARS: usize = 256;

/// The closest candidate within a small distance (a third of the word, at most 3).
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let length = word.chars().count();
    if length > MAX_SUGGESTION_CHARS {
        return None; // no IAM name is this long: nothing can be close
    }
    let limit = (length / 3).clamp(1, 3);
    let lower = |s: &str| s.chars().map(|c| c.to_ascii_lowercase()).collect::<Vec<char>>();
    let word = lower(word);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        // the distance is at least the difference in length: a cheap first cut
        if c.chars().count().abs_diff(length) > limit {
            continue;
        }
        if let Some(d) = edit_distance_within(&word, &lower(c), limit)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Remove policy variables entirely (`home/${aws:username}/*` → `home//*`), to
/// look for wildcards outside of them.
pub fn variables_to_star_strict(s: &str) -> String {
    replace_variables(s, "", false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matching() {
        assert!(glob_match("s3:Get*", "s3:getobject"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("s3:?etObject", "s3:GetObject"));
        assert!(!glob_match("s3:Get*", "s3:PutObject"));
        assert!(glob_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/x*"));
        assert!(!glob_match("arn:aws:s3:::b/x*", "arn:aws:s3:::b/*"));
    }

    #[test]
    fn glob_intersection() {
        assert!(globs_intersect("arn:aws:s3:::*", "arn:aws:s3:::bucket"));
        assert!(globs_intersect("arn:*:s3:::*/*", "arn:aws:s3:::b/*"));
        assert!(!globs_intersect("arn:*:sqs:*:*:*", "arn:aws:s3:::b"));
        assert!(globs_intersect("a*c", "*b*"));
        assert!(!globs_intersect("a?", "abc"));
    }

    #[test]
    fn variables_and_distance() {
        assert_eq!(variables_to_star("home/${aws:username}/*"), "home/*/*");
        assert_eq!(edit_distance("SendMesage", "SendMessage"), 1);
        assert_eq!(closest("sendmesage", ["SendMessage", "ReceiveMessage"]), Some("SendMessage"));
        assert_eq!(closest("zzzzzz", ["SendMessage"]), None);
        // a name past the bound gets no suggestion, even one edit away
        let long = "a".repeat(MAX_SUGGESTION_CHARS);
        assert_eq!(closest(&long, [&long[1..]]), Some(&long[1..]));
        // the banded distance agrees with the full one wherever it answers
        let words = ["", "a", "ab", "ba", "abc", "SendMessage", "sendmesage", "ReceiveMessage", "xyz"];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) =
                    (a.to_ascii_lowercase().chars().collect(), b.to_ascii_lowercase().chars().collect());
                for limit in 0..4 {
                    let full = edit_distance(a, b);
                    assert_eq!(
                        edit_distance_within(&ca, &cb, limit),
                        (full <= limit).then_some(full),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
        let longer = "a".repeat(MAX_SUGGESTION_CHARS + 1);
        assert_eq!(closest(&longer, [&longer[1..]]), None);
    }
}
