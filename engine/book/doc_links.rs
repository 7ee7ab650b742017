//! References to AWS documentation go to the real site: never to the China
//! mirror (`docs.amazonaws.cn`), never to the Chinese edition (`/zh_cn/`) of
//! an English, Japanese or Korean book, and never to the `.md` copies the
//! site also serves (they are machine-readable exports, not pages for
//! readers).
//!
//! And in the edition's own language where AWS publishes it: a link may not
//! carry another edition's locale (`/ko_kr/` in a Japanese chapter, any
//! locale in an English one), and a Japanese or Korean chapter may not link
//! the English page of a guide it links in its own language elsewhere (the
//! same first three path segments, such as `lambda/latest/dg`). Which guides
//! AWS translates cannot be known offline; a guide the chapter itself links
//! with its locale is known to be translated. Guides AWS publishes only in
//! English (the CLI reference, the managed-policy reference) stay English.

use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::finding::Finding;

const CODE: &str = codes::AWS_DOC_LINK;

/// The locale segment of the edition's pages on docs.aws.amazon.com.
fn locale_of(lang: &str) -> Option<&'static str> {
    match lang {
        "ja" => Some("ja_jp"),
        "ko" => Some("ko_kr"),
        _ => None,
    }
}

/// One error per offending link, at the link's URL.
pub fn check(name: &str, text: &str, lang: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let links = urls(text);
    let own = locale_of(lang);
    // The guides this chapter links in its own language.
    let translated: Vec<&str> = match own {
        Some(own) => links
            .iter()
            .filter_map(|(_, url)| docs_path(url))
            .filter_map(|path| path.strip_prefix(own)?.strip_prefix('/'))
            .map(guide)
            .collect(),
        None => Vec::new(),
    };
    for (start, url) in links {
        let found = problem(url).map(|(p, h)| (p, h.to_string())).or_else(|| language_problem(url, own, &translated));
        if let Some((problem, hint)) = found {
            out.push(file_diagnostic(
                name,
                text.to_string(),
                start..start + url.len(),
                Finding::error(CODE, problem).with_hint(hint),
            ));
        }
    }
    out
}

/// The path of a docs.aws.amazon.com link, without fragment or query.
fn docs_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    (host == "docs.aws.amazon.com").then(|| path.split(['#', '?']).next().unwrap_or(""))
}

/// The guide a page belongs to: its first three path segments.
fn guide(path: &str) -> &str {
    let end = path.match_indices('/').nth(2).map_or(path.len(), |(i, _)| i);
    &path[..end]
}

/// A locale segment such as `ja_jp` or `de_de`.
fn is_locale(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() == 5 && b[2] == b'_' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_lowercase())
}

/// A link in another language than the edition's, when AWS has the page in the edition's.
fn language_problem(url: &str, own: Option<&str>, translated: &[&str]) -> Option<(String, String)> {
    let path = docs_path(url)?;
    let first = path.split('/').next().unwrap_or("");
    if is_locale(first) {
        return (Some(first) != own).then(|| {
            (
                format!("`{url}` is the `{first}` edition of the page, not this edition's"),
                match own {
                    Some(own) => format!("link the /{own}/ page"),
                    None => "link the page without a locale (the English edition)".to_string(),
                },
            )
        });
    }
    let own = own?;
    let guide = guide(path);
    translated.contains(&guide).then(|| {
        (
            format!("`{url}` is the English page of a guide this chapter links in its own language (/{own}/{guide}/)"),
            format!("link https://docs.aws.amazon.com/{own}/{path}"),
        )
    })
}

/// What is wrong with a link to AWS documentation, and how to mend it.
fn problem(url: &str) -> Option<(String, &'static str)> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.split(['#', '?']).next().unwrap_or("");
    if host == "docs.amazonaws.cn" {
        return Some((
            format!("`{url}` is the China-Regions mirror of the AWS documentation"),
            "link docs.aws.amazon.com, in the edition's own language (/ja_jp/, /ko_kr/)",
        ));
    }
    if host != "docs.aws.amazon.com" {
        return None;
    }
    if path.starts_with("zh_cn/") {
        return Some((
            format!("`{url}` is the Chinese edition of the page"),
            "link the page in the edition's own language (/ja_jp/, /ko_kr/, or no locale for English)",
        ));
    }
    if path.ends_with(".md") {
        return Some((format!("`{url}` is the Markdown copy of the page"), "link the `.html` page"));
    }
    None
}

/// Every `http(s)://` URL in the text and its byte offset; a URL ends at
/// whitespace or at the `)`, `>` or backtick that closes a Markdown link.
fn urls(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("http").map(|i| from + i) {
        let rest = &text[i..];
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end =
                rest.find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '`' | '"')).unwrap_or(rest.len());
            out.push((i, &rest[..end]));
            from = i + end.max(1);
        } else {
            from = i + 4;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, (usize, usize), String)> {
        found_in("ja", text)
    }

    fn found_in(lang: &str, text: &str) -> Vec<(String, (usize, usize), String)> {
        check(&format!("src/{lang}/x.md"), text, lang)
            .into_iter()
            .map(|d| (d.finding.code.to_string(), d.line_column(), d.finding.message.clone()))
            .collect()
    }

    #[test]
    fn mirror_chinese_edition_and_markdown_copies_are_errors() {
        let text = "# T\n\n- [a](https://docs.amazonaws.cn/en_us/lambda/latest/dg/with-kinesis.html)\n\
                    - [b](https://docs.aws.amazon.com/zh_cn/AWSCloudFormation/latest/UserGuide/x.html)\n\
                    - [c](https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.md)\n";
        assert_eq!(
            found(text),
            vec![
                (
                    CODE.to_string(),
                    (3, 7),
                    "`https://docs.amazonaws.cn/en_us/lambda/latest/dg/with-kinesis.html` is the China-Regions mirror of the AWS documentation".to_string()
                ),
                (
                    CODE.to_string(),
                    (4, 7),
                    "`https://docs.aws.amazon.com/zh_cn/AWSCloudFormation/latest/UserGuide/x.html` is the Chinese edition of the page".to_string()
                ),
                (
                    CODE.to_string(),
                    (5, 7),
                    "`https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.md` is the Markdown copy of the page".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_real_site_in_the_editions_language_is_fine() {
        let text = "[a](https://docs.aws.amazon.com/ja_jp/lambda/latest/dg/urls-auth.html) \
                    [c](https://example.com/readme.md) `https://docs.aws.amazon.com/ja_jp/IAM/`";
        assert!(found(text).is_empty());
        let text =
            "[b](https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html#x) `https://docs.aws.amazon.com/IAM/`";
        assert!(found_in("en", text).is_empty());
    }

    #[test]
    fn english_pages_of_a_guide_the_chapter_links_translated_are_errors() {
        let text = "- [a](https://docs.aws.amazon.com/ko_kr/lambda/latest/dg/with-ddb.html)\n\
                    - [b](https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html#x)\n\
                    - [c](https://docs.aws.amazon.com/cli/latest/reference/lambda/invoke.html)\n";
        assert_eq!(
            found_in("ko", text),
            vec![(
                CODE.to_string(),
                (2, 7),
                "`https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html#x` is the English page of a guide this chapter links in its own language (/ko_kr/lambda/latest/dg/)".to_string()
            )]
        );
        // Without a translated link to the guide, the English page may be all AWS has.
        assert!(
            found_in("ja", "[b](https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html)").is_empty()
        );
        // English chapters link English pages.
        assert!(found_in("en", text.split_once('\n').unwrap().1).is_empty());
    }

    #[test]
    fn another_editions_locale_is_an_error() {
        let text = "[a](https://docs.aws.amazon.com/ja_jp/lambda/latest/dg/urls-auth.html)";
        assert_eq!(
            found_in("ko", text)[0].2,
            "`https://docs.aws.amazon.com/ja_jp/lambda/latest/dg/urls-auth.html` is the `ja_jp` edition of the page, not this edition's"
        );
        assert_eq!(found_in("en", text).len(), 1);
        assert!(found_in("ja", text).is_empty());
        assert_eq!(found_in("ja", "[d](https://docs.aws.amazon.com/de_de/lambda/latest/dg/x.html)").len(), 1);
    }
}
