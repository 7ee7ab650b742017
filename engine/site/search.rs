//! Search for every edition. mdBook 0.5's own index holds no Japanese or
//! Korean words, so `lambda-notes build` writes its own: for each edition,
//! `<lang>/ln-search.json` with the text of every chapter cut into sections
//! (one per heading). The page's script (theme/lambda-notes.js) fetches it on
//! first use and matches the query there: words by prefix for Latin script,
//! substrings and character bigrams for Japanese and Korean (no word
//! segmenter needed, particles like 을/를 and の do not get in the way).
//! Each edition has its own file, so results never leave the language.
//! The text inside `<pre>` is kept apart, line by line, so that code is
//! searchable but excerpts quote prose, or one line of code, never a
//! flattened JSON document.

use crate::site::edition::Edition;
use crate::site::html_entities::decode;
use crate::site::page_memo::PageMemo;
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::Path;

pub const FILE: &str = "ln-search.json";

#[derive(Debug, Serialize, PartialEq)]
pub struct Page {
    /// Relative to the edition folder.
    pub url: String,
    pub title: String,
    pub sections: Vec<Section>,
}

/// One heading's part of a page, serialised as `[anchor, heading, prose, code]`.
#[derive(Debug, Serialize, PartialEq, Default)]
pub struct Section(pub String, pub String, pub String, pub String);

/// Write `<lang>/ln-search.json` for every edition.
/// With a `memo` (`serve`), a page finished as last time keeps its entry.
pub fn index(out_dir: &Path, editions: &[Edition], memo: Option<&PageMemo>) -> Result<()> {
    for edition in editions {
        let dir = out_dir.join(&edition.lang);
        let mut pages = Vec::new();
        for page in &edition.chapters {
            let path = dir.join(page);
            let html = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let kept = memo.and_then(|m| m.search_entry(&edition.lang, page, &html));
            let entry = match kept {
                Some(entry) => entry,
                None => {
                    let entry = serde_json::to_value(page_of(page, &html))?;
                    if let Some(memo) = memo {
                        memo.keep_search_entry(&edition.lang, page, &html, entry.clone());
                    }
                    entry
                }
            };
            pages.push(entry);
        }
        let json = serde_json::to_string(&serde_json::json!({ "lang": edition.lang, "pages": pages }))?;
        std::fs::write(dir.join(FILE), json).with_context(|| format!("cannot write {}/{FILE}", edition.lang))?;
    }
    Ok(())
}

/// The sections of one rendered page: the text of `<main>`, cut at every
/// h1–h3 with an id, without scripts, styles and the snippets' badges.
pub fn page_of(url: &str, html: &str) -> Page {
    let main = match (html.find("<main>"), html.rfind("</main>")) {
        (Some(a), Some(b)) if a < b => &html[a + 6..b],
        _ => html,
    };
    let mut sections = vec![Section::default()];
    let mut heading: Option<String> = None; // text of the heading being read
    let mut skip: Option<&'static str> = None; // inside an element we leave out
    let mut in_pre = 0usize; // depth of <pre> elements: their text is code
    let mut rest = main;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if skip.is_none() {
            push_text(&mut sections, &mut heading, in_pre > 0, &rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name = tag_name(tag);
        let closing = tag.starts_with("</");
        if let Some(until) = skip {
            if closing && name == until {
                skip = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "template" if !closing => skip = Some(static_name(&name)),
            "div" if !closing && tag.contains("class=\"ln-badge") => skip = Some("div"),
            "details" if !closing && tag.contains("class=\"ln-personalise") => skip = Some("details"),
            "pre" if !closing => in_pre += 1,
            "pre" => {
                in_pre = in_pre.saturating_sub(1);
                push_text(&mut sections, &mut heading, true, "\n");
            }
            "h1" | "h2" | "h3" if !closing => {
                let id = attribute(tag, "id").unwrap_or_default();
                sections.push(Section(id, String::new(), String::new(), String::new()));
                heading = Some(String::new());
            }
            "h1" | "h2" | "h3" => {
                if let (Some(text), Some(last)) = (heading.take(), sections.last_mut()) {
                    last.1 = squash(&text);
                }
            }
            // Block ends separate words that the markup kept apart.
            "p" | "li" | "td" | "th" | "tr" | "br" | "div" | "blockquote" | "dt" | "dd" => {
                push_text(&mut sections, &mut heading, in_pre > 0, " ");
            }
            _ => {}
        }
    }
    let title = sections.iter().find(|s| !s.1.is_empty()).map(|s| s.1.clone()).unwrap_or_else(|| url.to_string());
    let sections = sections
        .into_iter()
        .map(|Section(a, h, t, c)| Section(a, h, squash(&t), code_lines(&c)))
        .filter(|s| !s.1.is_empty() || !s.2.is_empty() || !s.3.is_empty())
        .collect();
    Page { url: url.to_string(), title, sections }
}

fn static_name(name: &str) -> &'static str {
    match name {
        "script" => "script",
        "style" => "style",
        _ => "template",
    }
}

fn push_text(sections: &mut [Section], heading: &mut Option<String>, code: bool, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let text = decode(raw);
    match (heading, sections.last_mut()) {
        (Some(h), _) => h.push_str(&text),
        (None, Some(last)) if code => last.3.push_str(&text),
        (None, Some(last)) => last.2.push_str(&text),
        (None, None) => {}
    }
}

/// Where the tag at the start of `s` ends (after its `>`), quotes respected.
pub(crate) fn tag_end(s: &str) -> usize {
    if s.starts_with("<!--") {
        return s.find("-->").map_or(s.len(), |i| i + 3);
    }
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(decode(&tag[start..end]))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Code, one squashed line per non-blank source line.
fn code_lines(s: &str) -> String {
    s.lines().map(squash).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_main_into_sections_without_badges_and_scripts() {
        let html = "<html><body><nav>menu</nav><main><h1 id=\"roles\"><a class=\"header\" href=\"#roles\">実行ロール</a></h1>\
            <p>Lambda は&amp;実行ロール<code>x</code>を</p><details class=\"ln-personalise\"><summary>form</summary></details><div class=\"ln-snippet\"><div class=\"ln-badge\" role=\"note\"><span>validated</span></div>\
            <pre><code>{\"a\":\n  1,\n\n  \"b\": &quot;c&quot;}</code></pre></div><script>var x = '<h2>';</script>\
            <h2 id=\"trust\">信頼ポリシー</h2><ul><li>one</li><li>two</li></ul></main></body></html>";
        let page = page_of("execution-role.html", html);
        assert_eq!(page.title, "実行ロール");
        assert_eq!(
            page.sections,
            vec![
                Section(
                    "roles".into(),
                    "実行ロール".into(),
                    "Lambda は&実行ロールxを".into(),
                    "{\"a\":\n1,\n\"b\": \"c\"}".into()
                ),
                Section("trust".into(), "信頼ポリシー".into(), "one two".into(), String::new()),
            ]
        );
    }
}
