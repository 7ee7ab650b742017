//! Render: the Markdown/HTML that replaces a checked block in the page. No
//! checking happens here; every piece of snippet text is escaped.

use crate::snippet::kind::Kind;

/// What the page shows about one checked snippet.
pub struct SnippetView<'a> {
    pub id: &'a str,
    pub kind: Option<Kind>,
    pub json: &'a str,
    /// `Some(codes)` for a deliberate bad example.
    pub expected: Option<&'a [String]>,
    /// Path from the chapter to the book root of its edition ("", "../", …).
    pub path_to_root: &'a str,
    pub lang: &'a str,
    /// What to show under the code (the policy summary): Markdown, which
    /// may be wrapped in an HTML `div`.
    pub after: &'a str,
    /// Where the snippet's text uses the book's placeholders (account,
    /// region, …), for the page's "use my values" form.
    pub placeholders: &'a [crate::snippet::placeholders::Located],
}

struct Words {
    validated: &'static str,
    unclassified: &'static str,
    schema: &'static str,
    bad: &'static str,
    expected: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "ja" => Words {
            validated: "検証済み",
            unclassified: "JSON（種類なし・構文のみ検証）",
            schema: "スキーマ",
            bad: "わざと誤った例です。コピーしないでください",
            expected: "想定される検出結果",
        },
        "ko" => Words {
            validated: "검증됨",
            unclassified: "JSON(종류 없음, 구문만 검증)",
            schema: "스키마",
            bad: "일부러 잘못 작성한 예입니다. 복사하지 마세요",
            expected: "예상되는 검사 결과",
        },
        _ => Words {
            validated: "validated",
            unclassified: "JSON (no kind: syntax checked only)",
            schema: "schema",
            bad: "Deliberately wrong: do not copy",
            expected: "expected findings",
        },
    }
}

/// The kind's name as the page's readers call it.
pub fn kind_label(kind: Kind, lang: &str) -> &'static str {
    let (ja, ko) = match kind {
        Kind::IdentityPolicy => ("IAM アイデンティティベースのポリシー", "IAM 자격 증명 기반 정책"),
        Kind::ResourcePolicy => ("リソースベースポリシー", "리소스 기반 정책"),
        Kind::TrustPolicy => ("IAM ロールの信頼ポリシー", "IAM 역할 신뢰 정책"),
        Kind::PolicyStatement => ("ポリシーステートメント", "정책 문"),
        Kind::S3Event => ("S3 イベント", "S3 이벤트"),
        Kind::SqsEvent => ("SQS イベント", "SQS 이벤트"),
        Kind::SnsEvent => ("SNS イベント", "SNS 이벤트"),
        Kind::EventBridgeEvent => ("EventBridge イベント", "EventBridge 이벤트"),
        Kind::KinesisEvent => ("Kinesis イベント", "Kinesis 이벤트"),
        Kind::DynamoDbEvent => ("DynamoDB Streams イベント", "DynamoDB Streams 이벤트"),
        Kind::ApiGwRestEvent => ("API Gateway REST プロキシイベント", "API Gateway REST 프록시 이벤트"),
        Kind::ApiGwHttpEvent => ("API Gateway HTTP API (v2) イベント", "API Gateway HTTP API(v2) 이벤트"),
        Kind::S3NotificationConfiguration => ("S3 バケット通知設定", "S3 버킷 알림 구성"),
        Kind::EventSourceMapping => ("CreateEventSourceMapping リクエスト", "CreateEventSourceMapping 요청"),
    };
    match lang {
        "ja" => ja,
        "ko" => ko,
        _ => kind.label(),
    }
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The replacement for a checked block: a badge line, then the JSON as a plain
/// `` ```json `` fence (so mdBook highlights it and its copy button copies exactly
/// the JSON), then anything `after`. Ends with a newline.
///
/// The badge is Markdown in a `div` (kind in bold, "validated" or the
/// do-not-copy warning in emphasis, styled by `theme/lambda-notes.css`): raw
/// HTML costs mdBook far more to render than Markdown does.
pub fn snippet(view: &SnippetView) -> String {
    let w = words(view.lang);
    let bad = view.expected.is_some();
    let mut badge = match view.kind {
        Some(kind) => {
            let label = markdown_text(kind_label(kind, view.lang));
            let ok = if bad { String::new() } else { format!(" *✓ {}*", w.validated) };
            let schema = format!("[{}]({}../schemas/{})", w.schema, view.path_to_root, kind.schema_file());
            format!("**{label}**{ok} {schema}")
        }
        None => format!("**{}**", markdown_text(w.unclassified)),
    };
    badge.push(' ');
    badge.push_str(&markdown_code(view.id));
    if let Some(codes) = view.expected {
        let list: Vec<String> = codes.iter().map(|c| markdown_code(c)).collect();
        badge.push_str(&format!("\n\n*⚠ {}* — {}: {}", markdown_text(w.bad), w.expected, list.join(" ")));
    }
    let class = if bad { "ln-snippet ln-bad" } else { "ln-snippet" };
    let placeholders = match crate::snippet::placeholders::attribute(view.placeholders) {
        a if a.is_empty() => String::new(),
        a => format!(" data-ln-placeholders=\"{}\"", escape_html(&a)),
    };
    let fence = "`".repeat(longest_backtick_run(view.json).max(2) + 1);
    let mut json = view.json.to_string();
    if !json.ends_with('\n') {
        json.push('\n');
    }
    format!(
        "<div class=\"{class}\" data-ln-id=\"{id}\"{placeholders}>\n<div class=\"ln-badge\" role=\"note\">\n\n{badge}\n\n</div>\n\n{fence}json\n{json}{fence}\n\n{after}</div>\n",
        id = escape_html(view.id),
        after = match view.after {
            "" => String::new(),
            // closing tags on adjacent lines form one HTML block: mdBook
            // starts an HTML tokenizer per block, not per tag
            html if html.ends_with("</div>") => format!("{html}\n"),
            markdown => format!("{markdown}\n\n"),
        },
    )
}

// Generated prose (summaries, test tables) is written as Markdown rather
// than HTML: mdBook builds its page tree from Markdown directly, but runs raw
// HTML through an HTML tokenizer, which made generated HTML the largest part
// of what checking added to the build time.

/// `value` as a Markdown code span (any backticks inside are fenced around).
pub fn markdown_code(value: &str) -> String {
    if !value.bytes().any(|b| matches!(b, b'`' | b'\n' | b'\r')) {
        // the usual case, kept cheap: it runs for every name in every table
        let mut out = String::with_capacity(value.len() + 2);
        out.push('`');
        out.push_str(value);
        out.push('`');
        return out;
    }
    let value = value.replace(['\n', '\r'], " ");
    let fence = "`".repeat(longest_backtick_run(&value) + 1);
    // A span that starts or ends with a backtick needs a space inside the fence.
    let pad = if value.starts_with('`') || value.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{value}{pad}{fence}")
}

/// [`markdown_code`] for a table cell, where `|` must be escaped even in code.
pub fn markdown_table_code(value: &str) -> String {
    if value.contains('|') { markdown_code(&value.replace('|', "\\|")) } else { markdown_code(value) }
}

/// Plain text with what Markdown (or HTML) could read as syntax escaped.
pub fn markdown_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for b in text.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_snippet_text_and_marks_bad_examples() {
        let codes = vec!["FULL_ADMIN<x>".to_string()];
        let html = snippet(&SnippetView {
            id: "a<b",
            kind: Some(Kind::IdentityPolicy),
            json: "{\"a\": \"```\"}",
            expected: Some(&codes),
            path_to_root: "../",
            lang: "en",
            after: "",
            placeholders: &[],
        });
        assert!(html.contains("data-ln-id=\"a&lt;b\""));
        assert!(html.contains("`a<b`"), "the id is a code span: {html}");
        assert!(html.contains("`FULL_ADMIN<x>`"));
        assert!(html.contains("*⚠ Deliberately wrong: do not copy*"));
        // What mdBook's Markdown parser makes of it: the snippet's text escaped.
        let page = render_markdown(&html);
        assert!(page.contains("<code>a&lt;b</code>") && page.contains("<code>FULL_ADMIN&lt;x&gt;</code>"), "{page}");
        assert!(!page.contains("<x>") && !page.contains("<b"), "{page}");
        assert!(page.contains("<em>⚠ Deliberately wrong: do not copy</em>"), "{page}");
        assert!(html.contains("````json\n{\"a\": \"```\"}\n````"));
        assert!(page.contains("href=\"../../schemas/identity-policy.schema.json\""), "{page}");
    }

    #[test]
    fn html_after_the_code_shares_the_closing_block() {
        let view = |after| SnippetView {
            id: "x",
            kind: Some(Kind::IdentityPolicy),
            json: "{}",
            expected: None,
            path_to_root: "",
            lang: "en",
            after,
            placeholders: &[],
        };
        // One HTML block closes the summary and the snippet ...
        let html = snippet(&view("<div class=\"ln-summary\">\n\n**S**\n\n- a\n\n</div>"));
        assert!(html.ends_with("- a\n\n</div>\n</div>\n"), "{html}");
        let page = render_markdown(&html);
        assert!(page.ends_with("<li>a</li>\n</ul>\n</div>\n</div>\n"), "{page}");
        // ... while Markdown after the code stays a paragraph of its own.
        let html = snippet(&view("*note*"));
        assert!(html.ends_with("*note*\n\n</div>\n"), "{html}");
        assert!(render_markdown(&html).contains("<p><em>note</em></p>"));
    }

    #[test]
    fn markdown_helpers_keep_text_literal() {
        assert_eq!(markdown_code("s3:Get*"), "`s3:Get*`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_table_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_text("<b>*x*_y_ [l](u) a|b"), "\\<b\\>\\*x\\*\\_y\\_ \\[l\\](u) a\\|b");
        // What pulldown-cmark makes of them is the text itself.
        let md = format!("{} {}", markdown_text("<i>*not em*</i> & [x]"), markdown_code("a`b"));
        let html = render_markdown(&md);
        assert_eq!(html, "<p>&lt;i&gt;*not em*&lt;/i&gt; &amp; [x] <code>a`b</code></p>\n");
    }

    fn render_markdown(md: &str) -> String {
        let mut out = String::new();
        mdbook_markdown::pulldown_cmark::html::push_html(&mut out, mdbook_markdown::pulldown_cmark::Parser::new(md));
        out
    }
}
