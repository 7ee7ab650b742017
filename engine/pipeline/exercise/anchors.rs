//! The anchors mdBook gives a chapter's headings, so `see = "#…"` can be
//! checked: the heading's text, lower-cased, letters, digits, `_` and `-`
//! kept, white space as `-`, and `-1`, `-2`, … for repeats (as
//! mdbook-html's `id_from_content` and `unique_id` do). A heading with an
//! explicit `{#id}` keeps it.

use mdbook_markdown::pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

pub fn heading_anchors(chapter: &str) -> HashSet<String> {
    let mut anchors = HashSet::new();
    let mut text: Option<String> = None;
    for event in Parser::new_ext(chapter, Options::ENABLE_HEADING_ATTRIBUTES) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                anchors.insert(id.to_string());
            }
            Event::Start(Tag::Heading { id: None, .. }) => text = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = &mut text {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = text.take() {
                    unique(id_from_content(&text), &mut anchors);
                }
            }
            _ => {}
        }
    }
    anchors
}

fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

fn unique(id: String, used: &mut HashSet<String>) {
    if used.insert(id.clone()) {
        return;
    }
    let mut counter = 1;
    while !used.insert(format!("{id}-{counter}")) {
        counter += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_what_mdbook_gives_headings() {
        let chapter = "# The execution role\n\n## SQS → Lambda: the function as `consumer`\n\n## A checklist\n\n## A checklist\n\n### 実行ロールの信頼ポリシー\n\n## Custom {#mine}\n";
        let mut got: Vec<String> = heading_anchors(chapter).into_iter().collect();
        got.sort();
        assert_eq!(
            got,
            [
                "a-checklist",
                "a-checklist-1",
                "mine",
                "sqs--lambda-the-function-as-consumer",
                "the-execution-role",
                "実行ロールの信頼ポリシー"
            ]
        );
    }
}
