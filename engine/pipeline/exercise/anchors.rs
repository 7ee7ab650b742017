//! The anchors mdBook gives a chapter's headings, so `see = "#…"` can be
//! checked: the heading's text, lower-cased, letters, digits, `_` and `-`
//! kept, white space as `-`, and `-1`, `-2`, … for repeats (as
//! mdbook-html's `id_from_content` and `unique_id` do). A heading with an
//! explicit `{#id}` keeps it.

use crate::snippet::scan::Heading;
use std::collections::HashSet;

/// The anchors of the chapter's headings, read in the chapter's one parse
/// (`scan`), which uses mdBook's own parser options: smart punctuation turns
/// `--` into a dash that the id leaves out, as in mdBook's page.
pub fn heading_anchors(headings: &[Heading]) -> HashSet<String> {
    let mut anchors = HashSet::new();
    for heading in headings {
        match &heading.id {
            Some(id) => {
                anchors.insert(id.clone());
            }
            None => unique(id_from_content(&heading.text), &mut anchors),
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
        let mut got: Vec<String> = heading_anchors(&crate::snippet::scan::scan(chapter).headings).into_iter().collect();
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

    #[test]
    fn a_double_hyphen_is_a_dash_mdbook_leaves_out_of_the_id() {
        // mdBook renders `--` as an en dash (smart punctuation, on by
        // default) and its id keeps only letters, digits, `_`, `-` and spaces.
        let got = heading_anchors(&crate::snippet::scan::scan("## Before -- after\n").headings);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), ["before--after"]);
    }
}
