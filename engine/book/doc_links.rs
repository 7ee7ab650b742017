//! References to AWS documentation go to the real site: never to the China
//! mirror (`docs.amazonaws.cn`), never to the Chinese edition (`/zh_cn/`) of
//! an English, Japanese or Korean book, and never to the `.md` copies the
//! site also serves (they are machine-readable exports, not pages for
//! readers).

use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::finding::Finding;

const CODE: &str = codes::AWS_DOC_LINK;

/// One error per offending link, at the link's URL.
pub fn check(name: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (start, url) in urls(text) {
        if let Some((problem, hint)) = problem(url) {
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
        check("src/ja/x.md", text)
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
    fn the_real_site_in_any_edition_language_is_fine() {
        let text = "[a](https://docs.aws.amazon.com/ja_jp/lambda/latest/dg/urls-auth.html) \
                    [b](https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html#x) \
                    [c](https://example.com/readme.md) `https://docs.aws.amazon.com/ko_kr/IAM/`";
        assert!(found(text).is_empty());
    }
}
