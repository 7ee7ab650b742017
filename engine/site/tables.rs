//! Tables (and long inline code) that read on a phone. mdBook wraps every
//! table in a `<div class="table-wrapper">` that scrolls sideways; this pass,
//! run on each rendered page, makes that wrapper a focusable, labelled region
//! (a keyboard user can scroll it, a screen reader names it), gives the
//! policy-test tables explicit table roles so that their stacked phone layout
//! (theme/lambda-notes.css) keeps them a table for assistive technology, and
//! lets long inline code (ARNs) break after `:` and `/`: otherwise the browser
//! breaks it anywhere, or, in Korean, inside the particle glued to it
//! (`…:root에|게`).

use std::collections::HashMap;

const WRAPPER: &str = "<div class=\"table-wrapper\">";
const POLICY_TEST: &str = "<div class=\"ln-policy-test\"";

/// Inline code shorter than this stays in one piece: breaking
/// `sqs:SendMessage` would only make it harder to read.
const BREAKABLE_CODE_LEN: usize = 24;

/// Rewrite every table of a rendered page (`lang` picks the label's words).
pub fn readable(html: &str, lang: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut labels_used: HashMap<String, usize> = HashMap::new();
    let mut policy_tests = LastPolicyTest::default();
    let mut rest_from = 0;
    while let Some(found) = html[rest_from..].find(WRAPPER) {
        let at = rest_from + found;
        let Some(table_len) = html[at..].find("</table>") else { break };
        let table_end = at + table_len;
        let before = &html[..at];
        let policy_test = policy_tests.up_to(html, at).and_then(|start| inside_policy_test(&before[start..]));
        let is_policy_test = policy_test.is_some();
        let mut label = match policy_test {
            Some(caption) => match last_heading(before) {
                Some(heading) => format!("{caption} — {heading}"),
                None => caption,
            },
            None => format!("{}{}", table_word(lang), last_heading(before).unwrap_or_default()),
        };
        let used = labels_used.entry(label.clone()).or_insert(0);
        let repeats = *used;
        *used += 1;
        if repeats > 0 {
            label = format!("{label} ({})", repeats + 1);
        }
        out.push_str(&html[rest_from..at]);
        out.push_str(&format!(
            "<div class=\"table-wrapper\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
            label.trim_end_matches([':', ' ', '：']).replace('"', "&quot;")
        ));
        let table = &html[at + WRAPPER.len()..table_end];
        out.push_str(&if is_policy_test { with_table_roles(table) } else { table.to_string() });
        rest_from = table_end;
    }
    out.push_str(&html[rest_from..]);
    breakable_inline_code(&out)
}

fn table_word(lang: &str) -> &'static str {
    match lang {
        "ja" => "表: ",
        "ko" => "표: ",
        _ => "Table: ",
    }
}

/// Where the last policy-test block before a place starts, found going
/// forward once through the page (searching back from every table to the
/// page's start was quadratic on print.html, which has every table).
#[derive(Default)]
struct LastPolicyTest {
    searched_to: usize,
    last: Option<usize>,
}

impl LastPolicyTest {
    /// The start of the last `POLICY_TEST` that ends at or before `at`
    /// (places must not go back).
    fn up_to(&mut self, html: &str, at: usize) -> Option<usize> {
        let from = self.searched_to.min(at);
        for (found, _) in html[from..at].match_indices(POLICY_TEST) {
            self.last = Some(from + found);
        }
        // A marker may start before `at` and end after it: search that tail again next time.
        let mut tail = at.saturating_sub(POLICY_TEST.len() - 1).max(from);
        while !html.is_char_boundary(tail) {
            tail -= 1;
        }
        self.searched_to = tail;
        self.last
    }
}

/// The caption of the policy-test block the table is in (its first `<strong>`),
/// if `block` (from the block's start to the table) has not closed its table yet.
fn inside_policy_test(block: &str) -> Option<String> {
    if block.contains("</table>") {
        return None;
    }
    let caption = block.split_once("<strong>")?.1.split_once("</strong>")?.0;
    Some(plain_text(caption))
}

/// The text of the last `<h1>`…`<h6>` that closes before `before` ends.
fn last_heading(before: &str) -> Option<String> {
    let mut end = before.len();
    loop {
        let close = before[..end].rfind("</h")?;
        let level = before[close + 3..].chars().next().filter(|c| ('1'..='6').contains(c));
        if let Some(level) = level {
            let open_tag = format!("<h{level}");
            let open = before[..close].rfind(&open_tag)?;
            let inner_start = open + before[open..].find('>')? + 1;
            let text = plain_text(&before[inner_start..close]);
            if !text.is_empty() {
                return Some(text);
            }
        }
        end = close;
    }
}

/// Markup without its tags, whitespace squashed (entities stay escaped, as
/// they must in an attribute).
fn plain_text(markup: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<wbr>` after each run of `:` or `/` in long inline `<code>` (not in a
/// `<pre>` block, whose text the copy buttons and the form work on), so that
/// `arn:aws:lambda:…` wraps at its separators.
fn breakable_inline_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut rest = html;
    while let Some(open) = rest.find("<code>") {
        let body_start = open + "<code>".len();
        let Some(len) = rest[body_start..].find("</code>") else { break };
        out.push_str(&rest[..body_start]);
        let code = &rest[body_start..body_start + len];
        let in_pre = out[..out.len() - "<code>".len()].rsplit_once('<').is_some_and(|(_, tag)| tag.starts_with("pre"));
        if !in_pre && code.chars().count() >= BREAKABLE_CODE_LEN && !code.contains('<') {
            let mut chars = code.chars().peekable();
            while let Some(c) = chars.next() {
                out.push(c);
                let separator = matches!(c, ':' | '/');
                if separator && chars.peek().is_some_and(|n| !matches!(n, ':' | '/')) {
                    out.push_str("<wbr>");
                }
            }
        } else {
            out.push_str(code);
        }
        rest = &rest[body_start + len..];
    }
    out.push_str(rest);
    out
}

/// Explicit roles on a table whose CSS display changes (the stacked layout):
/// some browsers drop a table's semantics when its parts stop being
/// `display: table-*`.
fn with_table_roles(table: &str) -> String {
    table
        .replace("<table>", "<table role=\"table\">")
        .replace("<thead>", "<thead role=\"rowgroup\">")
        .replace("<tbody>", "<tbody role=\"rowgroup\">")
        .replace("<tr>", "<tr role=\"row\">")
        // "<th " before "<th>", so that no cell gets the role twice
        .replace("<th ", "<th role=\"columnheader\" ")
        .replace("<th>", "<th role=\"columnheader\">")
        .replace("<td ", "<td role=\"cell\" ")
        .replace("<td>", "<td role=\"cell\">")
        // The tick says "as expected", not "allowed": its own colour, not the
        // decision's (theme/lambda-notes.css, `.ln-tick`).
        .replace("<strong>✓ ", "<strong><span class=\"ln-tick\">✓</span> ")
        .replace("<em>✓ ", "<em><span class=\"ln-tick\">✓</span> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_a_labelled_focusable_region_named_after_its_heading() {
        let page = "<h2 id=\"a\"><a class=\"header\" href=\"#a\">Who &amp; what</a></h2>\
            <div class=\"table-wrapper\"><table><thead><tr><th>x</th></tr></thead><tbody><tr><td><code>sqs:SendMessage</code></td></tr></tbody></table></div>\
            <div class=\"table-wrapper\"><table><tr><td>y</td></tr></table></div>";
        assert_eq!(
            readable(page, "ko"),
            "<h2 id=\"a\"><a class=\"header\" href=\"#a\">Who &amp; what</a></h2>\
            <div class=\"table-wrapper\" role=\"region\" tabindex=\"0\" aria-label=\"표: Who &amp; what\">\
            <table><thead><tr><th>x</th></tr></thead><tbody><tr><td><code>sqs:SendMessage</code></td></tr></tbody></table></div>\
            <div class=\"table-wrapper\" role=\"region\" tabindex=\"0\" aria-label=\"표: Who &amp; what (2)\">\
            <table><tr><td>y</td></tr></table></div>"
        );
    }

    #[test]
    fn policy_test_tables_get_their_caption_roles_and_breakable_arns() {
        let page = "<h1 id=\"t\">Title</h1><div class=\"ln-policy-test\" data-ln-for=\"p\">\n<p><strong>Who can do what</strong><br>x</p>\n\
            <div class=\"table-wrapper\"><table><thead><tr><th>Request</th></tr></thead>\
            <tbody><tr><td style=\"a\"><code>arn:aws:s3:::amzn-s3-demo-bucket/*</code></td><td><em>✓ implicit deny</em></td></tr></tbody></table></div>\n</div>";
        assert_eq!(
            readable(page, "en"),
            "<h1 id=\"t\">Title</h1><div class=\"ln-policy-test\" data-ln-for=\"p\">\n<p><strong>Who can do what</strong><br>x</p>\n\
            <div class=\"table-wrapper\" role=\"region\" tabindex=\"0\" aria-label=\"Who can do what — Title\">\
            <table role=\"table\"><thead role=\"rowgroup\"><tr role=\"row\"><th role=\"columnheader\">Request</th></tr></thead>\
            <tbody role=\"rowgroup\"><tr role=\"row\"><td role=\"cell\" style=\"a\"><code>arn:<wbr>aws:<wbr>s3:::<wbr>amzn-s3-demo-bucket/<wbr>*</code></td><td role=\"cell\"><em><span class=\"ln-tick\">✓</span> implicit deny</em></td></tr></tbody></table></div>\n</div>"
        );
    }

    #[test]
    fn long_inline_code_breaks_at_separators_but_code_blocks_stay_as_they_are() {
        let page = "<p><code>arn:aws:iam::111122223333:root</code>에게</p>\
            <pre><code>arn:aws:iam::111122223333:root</code></pre><pre class=\"x\"><code>arn:aws:iam::111122223333:root</code></pre>";
        assert_eq!(
            readable(page, "ko"),
            "<p><code>arn:<wbr>aws:<wbr>iam::<wbr>111122223333:<wbr>root</code>에게</p>\
            <pre><code>arn:aws:iam::111122223333:root</code></pre><pre class=\"x\"><code>arn:aws:iam::111122223333:root</code></pre>"
        );
    }

    #[test]
    fn a_page_without_tables_or_headings_is_left_alone() {
        let page = "<p>no table</p><div class=\"table-wrapper\"><table><tr><td>x</td></tr></table></div>";
        assert_eq!(readable("<p>no table</p>", "en"), "<p>no table</p>");
        assert!(readable(page, "en").contains("aria-label=\"Table\""));
    }
}
