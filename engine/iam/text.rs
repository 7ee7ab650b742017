//! Small string tools shared by the IAM lints: IAM wildcard matching
//! (`*` any run, `?` one character), "could these two wildcard patterns
//! match a common string", and an edit distance for "did you mean".

/// Does the IAM pattern `pat` (with `*` and `?`) match `text`? ASCII case-insensitive.
/// Characters in `text` are literal: a `*` in `text` is matched only by a `*` run in `pat`,
/// which makes this an inclusion test when `text` is itself a pattern.
pub fn glob_match(pat: &str, text: &str) -> bool {
    let p: Vec<char> = pat.chars().map(|c| c.to_ascii_lowercase()).collect();
    let t: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Could some string match both patterns? Both sides may hold `*` and `?`.
/// ASCII case-insensitive. Used to ask "can this Resource be of that resource type".
pub fn globs_intersect(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // reach[i][j]: prefixes a[..i] and b[..j] can be consumed together.
    let (n, m) = (a.len(), b.len());
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[i][j] {
                continue;
            }
            if i < n && a[i] == '*' {
                reach[i + 1][j] = true; // star matches nothing more
                if j < m {
                    reach[i][j + 1] = true; // star swallows b[j] (a char, or b's own wildcard)
                }
            }
            if j < m && b[j] == '*' {
                reach[i][j + 1] = true;
                if i < n {
                    reach[i + 1][j] = true;
                }
            }
            if i < n && j < m && a[i] != '*' && b[j] != '*' && (a[i] == b[j] || a[i] == '?' || b[j] == '?') {
                reach[i + 1][j + 1] = true;
            }
        }
    }
    reach[n][m]
}

pub fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

/// Replace every policy variable `${...}` with `*`, for matching.
pub fn variables_to_star(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Levenshtein distance, ASCII case-insensitive.
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

/// The closest candidate within a small distance (a third of the word, at most 3).
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
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
    }
}

/// Remove policy variables entirely (`home/${aws:username}/*` → `home//*`), to
/// look for wildcards outside of them.
pub fn variables_to_star_strict(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
