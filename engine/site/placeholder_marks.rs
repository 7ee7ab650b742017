//! Marks, on a rendered page, every placeholder value outside the checked JSON
//! snippets, so that the page's "use my values" form can put the reader's own
//! values there too (theme/lambda-notes.js):
//! - a code block (`sh`, `yaml`, `hcl`, …) gets `data-ln-placeholders` on its
//!   `<pre>`, the same `field:start-end` list the JSON snippets carry (the
//!   block is re-highlighted after a rewrite, so it cannot hold markup);
//! - inline code (prose, policy summaries, policy-test tables) gets each value
//!   wrapped in `<span data-ph="field">`.
//!
//! What counts as a placeholder is decided by `placeholders::in_string`, the
//! rule the JSON snippets use, applied to each token of the code: an ARN's
//! fields, an endpoint's segments, or a token that is exactly one value.

use crate::site::html_entities::reference_at_start;
use crate::snippet::placeholders::{Field, Located, in_string};

const SNIPPET: &str = "<div class=\"ln-snippet";

/// Mark the placeholders of one rendered page.
pub fn mark(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut at = 0;
    let mut elements = Elements::new(html);
    while let Some((start, what)) = elements.next_from(at) {
        let Some(open_end) = html[start..].find('>').map(|i| start + i + 1) else { break };
        out.push_str(&html[at..start]);
        match what {
            Element::Snippet => {
                // Its JSON already carries its placeholders: skip to its end.
                let end = html[start..].find("</pre>").map_or(html.len(), |i| start + i + "</pre>".len());
                out.push_str(&html[start..end]);
                at = end;
            }
            Element::Pre => {
                let Some(close) = html[start..].find("</pre>").map(|i| start + i) else {
                    out.push_str(&html[start..]);
                    return out;
                };
                let block = &html[start..close];
                let located = block
                    .find("<code")
                    .and_then(|c| block[c..].find('>').map(|e| c + e + 1))
                    .map(|body| {
                        let inner = &block[body..block.rfind("</code>").unwrap_or(block.len()).max(body)];
                        locate_in_text(&decode(inner).text)
                    })
                    .unwrap_or_default();
                if located.is_empty() {
                    out.push_str(block);
                } else {
                    out.push_str("<pre data-ln-placeholders=\"");
                    out.push_str(&crate::snippet::placeholders::attribute(&located));
                    out.push('"');
                    out.push_str(&block["<pre".len()..]);
                }
                at = close;
            }
            Element::Code => {
                let Some(close) = html[open_end..].find("</code>").map(|i| open_end + i) else {
                    out.push_str(&html[start..]);
                    return out;
                };
                out.push_str(&html[start..open_end]);
                out.push_str(&wrap_inline(&html[open_end..close]));
                at = close;
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

#[derive(Clone, Copy)]
enum Element {
    Snippet,
    Pre,
    Code,
}

/// The next checked snippet, code block or inline code at or after `from`.
/// Each needle's next place is remembered until the walk passes it: looking
/// every needle up afresh for every element searched the rest of the page
/// again each time, which is quadratic on print.html (most of a build).
struct Elements<'a> {
    html: &'a str,
    next: [Option<usize>; NEEDLES.len()],
}

const NEEDLES: [(&str, Element); 5] = [
    (SNIPPET, Element::Snippet),
    ("<pre>", Element::Pre),
    ("<pre ", Element::Pre),
    ("<code>", Element::Code),
    ("<code ", Element::Code),
];

impl<'a> Elements<'a> {
    fn new(html: &'a str) -> Self {
        Elements { html, next: NEEDLES.map(|(needle, _)| html.find(needle)) }
    }

    fn next_from(&mut self, from: usize) -> Option<(usize, Element)> {
        let mut best: Option<(usize, Element)> = None;
        for (slot, (needle, what)) in self.next.iter_mut().zip(NEEDLES) {
            if slot.is_some_and(|at| at < from) {
                *slot = self.html[from..].find(needle).map(|i| from + i);
            }
            if let Some(at) = *slot {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, what));
                }
            }
        }
        best
    }
}

/// Text with its HTML tags left out and its character references decoded;
/// `raw[i]` is where the text's byte `i` starts in the HTML.
struct Decoded {
    text: String,
    raw: Vec<usize>,
}

fn decode(html: &str) -> Decoded {
    let mut text = String::with_capacity(html.len());
    let mut raw = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with('<') {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if let Some((c, len)) = reference_at_start(rest) {
            raw.extend(std::iter::repeat_n(i, c.len_utf8()));
            text.push(c);
            i += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        raw.extend(std::iter::repeat_n(i, c.len_utf8()));
        text.push(c);
        i += c.len_utf8();
    }
    raw.push(html.len());
    Decoded { text, raw }
}

/// Characters that end a token of code: what surrounds a value in a shell
/// command, YAML, HCL or a `key=value` condition.
fn separates(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '=' | ',' | '(' | ')' | '[' | ']' | '{' | '}' | ';' | '<' | '>' | '`')
}

/// The placeholders of a piece of code, as byte ranges of `text`.
fn in_text(text: &str) -> Vec<(usize, usize, Field)> {
    let mut out = Vec::new();
    let mut token_start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (separates(c), token_start) {
            (true, Some(s)) => {
                out.extend(in_string(&text[s..i]).into_iter().map(|(a, b, f)| (s + a, s + b, f)));
                token_start = None;
            }
            (false, None) => token_start = Some(i),
            _ => {}
        }
    }
    out
}

/// The placeholders of a code block's text, in UTF-16 units.
fn locate_in_text(text: &str) -> Vec<Located> {
    let units = |to: usize| text[..to].encode_utf16().count();
    in_text(text)
        .into_iter()
        .map(|(start, end, field)| Located { start: units(start), end: units(end), field })
        .collect()
}

/// Inline code with each placeholder wrapped in a `data-ph` span. A value
/// that markup interrupts (it never is: `<wbr>` only follows `:` and `/`) is
/// left as it is.
fn wrap_inline(inner: &str) -> String {
    let decoded = decode(inner);
    let mut out = inner.to_string();
    for (start, end, field) in in_text(&decoded.text).into_iter().rev() {
        let (from, to) = (decoded.raw[start], decoded.raw[end - 1] + 1);
        if inner.get(from..to) != Some(field.placeholder()) {
            continue;
        }
        out.replace_range(from..to, &format!("<span data-ph=\"{}\">{}</span>", field.name(), field.placeholder()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_notation_blocks_with_offsets_in_utf16_units() {
        let html = "<pre><code class=\"language-sh\">aws lambda add-permission \\\n  --function-name arn:aws:lambda:us-east-1:123456789012:function:my-function \\\n  --source-account 123456789012 --statement-id s3-invoke-my-function\n</code></pre>";
        let out = mark(html);
        assert_eq!(
            out,
            html.replacen(
                "<pre>",
                "<pre data-ln-placeholders=\"partition:50-53 region:61-70 account:71-83 function:93-104 account:126-138\">",
                1
            )
        );
        let ja = "<pre><code class=\"language-yaml\"># 関数\nFunctionName: &quot;my-function&quot;\n</code></pre>";
        assert_eq!(mark(ja), ja.replacen("<pre>", "<pre data-ln-placeholders=\"function:20-31\">", 1));
    }

    #[test]
    fn wraps_inline_values_across_wbr_but_not_parts_of_words() {
        let html = "<p>Account <code>123456789012</code>, <code>arn:<wbr>aws:<wbr>lambda:<wbr>us-east-1:<wbr>123456789012:<wbr>function:<wbr>my-function</code> and <code>aws:<wbr>SourceAccount=111122223333</code>, not <code>my-queue-dlq</code>.</p>";
        assert_eq!(
            mark(html),
            "<p>Account <code><span data-ph=\"account\">123456789012</span></code>, <code>arn:<wbr><span data-ph=\"partition\">aws</span>:<wbr>lambda:<wbr><span data-ph=\"region\">us-east-1</span>:<wbr><span data-ph=\"account\">123456789012</span>:<wbr>function:<wbr><span data-ph=\"function\">my-function</span></code> and <code>aws:<wbr>SourceAccount=<span data-ph=\"other-account\">111122223333</span></code>, not <code>my-queue-dlq</code>.</p>"
        );
    }

    #[test]
    fn leaves_the_checked_snippets_and_unterminated_markup_alone() {
        let snippet = "<div class=\"ln-snippet\" data-ln-placeholders=\"account:1-13\">\n<p><code>s</code></p><pre><code class=\"language-json\">\"123456789012\"</code></pre>";
        assert_eq!(mark(snippet), snippet);
        for broken in ["<code>123456789012", "<pre><code>123456789012", "<code", "<pre"] {
            assert_eq!(mark(broken), broken);
        }
    }
}
