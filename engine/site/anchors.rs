//! Heading anchors that are the same in every edition, so that the language
//! switcher can keep the reader's section (`sqs.html#partial-batch-responses`
//! in every language). mdBook derives a heading's id from its own text, which
//! differs per language; this pass gives each heading of a chapter the id of
//! the heading at the same place in the reference (first) edition's chapter,
//! and rewrites the edition's links to the old ids. It only does so when the
//! chapter's heading outline (the levels, in order) is the reference's; the
//! `HEADING_OUTLINE` parity rule (engine/book/parity.rs) makes that the case for
//! every chapter of a book that builds (docs/authoring.md, "Headings").

use std::collections::BTreeMap;

/// A page's headings in order: (level, id).
pub fn outline(html: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find("<h") {
        let start = at + found;
        at = start + 2;
        let bytes = html.as_bytes();
        let Some(level) = bytes.get(start + 2).copied().filter(|b| (b'1'..=b'6').contains(b)).map(|b| b - b'0') else {
            continue;
        };
        let Some(rest) = html[start + 3..].strip_prefix(" id=\"") else { continue };
        let Some(end) = rest.find('"') else { continue };
        out.push((level, rest[..end].to_string()));
    }
    out
}

/// Old id → shared id for one chapter, or nothing when its outline is not the
/// reference's (or it already uses the reference's ids).
pub fn shared_ids(reference: &[(u8, String)], own: &[(u8, String)]) -> BTreeMap<String, String> {
    let same_levels = reference.len() == own.len() && reference.iter().zip(own).all(|(r, o)| r.0 == o.0);
    if !same_levels {
        return BTreeMap::new();
    }
    own.iter().zip(reference).filter(|(o, r)| o.1 != r.1).map(|(o, r)| (o.1.clone(), r.1.clone())).collect()
}

/// Rename the headings of `page` and every link of the edition's page to a
/// renamed heading. `renames` maps each chapter page of the edition to its
/// old → shared ids. One pass over the page's attribute values: a replace of
/// the whole page per id and page grew with the square of the book.
pub fn rename(html: &str, page: &str, renames: &BTreeMap<String, BTreeMap<String, String>>) -> String {
    let own = renames.get(page).map(|own| applicable(html, own)).unwrap_or_default();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(start) = html[at..].find("=\"").map(|i| at + i + 2) {
        let Some(len) = html[start..].find('"') else { break };
        let value = &html[start..start + len];
        let name = &html[..start - 2];
        out.push_str(&html[at..start]);
        match (is_heading_id(name), name.ends_with("href")) {
            (true, _) => out.push_str(own.get(value).copied().unwrap_or(value)),
            (_, true) => out.push_str(&renamed_link(value, &own, renames).unwrap_or_else(|| value.to_string())),
            _ => out.push_str(value),
        }
        at = start + len;
    }
    out.push_str(&html[at..]);
    out
}

/// The page's own renames, less those whose shared id another element of
/// the page already has (that heading keeps its old id).
fn applicable<'a>(html: &'a str, own: &'a BTreeMap<String, String>) -> BTreeMap<&'a str, &'a str> {
    let mut ids: std::collections::HashSet<&str> =
        html.split(" id=\"").skip(1).filter_map(|rest| rest.split_once('"').map(|(id, _)| id)).collect();
    let headings: std::collections::HashSet<String> = outline(html).into_iter().map(|(_, id)| id).collect();
    let mut out = BTreeMap::new();
    for (old, new) in own {
        if ids.contains(new.as_str()) {
            continue;
        }
        if headings.contains(old) {
            ids.remove(old.as_str());
            ids.insert(new);
        }
        out.insert(old.as_str(), new.as_str());
    }
    out
}

/// `<h1 id` … `<h6 id`: what precedes a heading's id value.
fn is_heading_id(before_value: &str) -> bool {
    let Some(tag) = before_value.strip_suffix(" id") else { return false };
    let bytes = tag.as_bytes();
    bytes.len() >= 3
        && bytes[bytes.len() - 3..bytes.len() - 1] == *b"<h"
        && (b'1'..=b'6').contains(&bytes[bytes.len() - 1])
}

/// `#old` on the page itself, or `page.html#old` on another chapter, with
/// the shared id.
fn renamed_link(
    value: &str,
    own: &BTreeMap<&str, &str>,
    renames: &BTreeMap<String, BTreeMap<String, String>>,
) -> Option<String> {
    let (target, old) = value.split_once('#')?;
    let new = match target {
        "" => own.get(old).copied()?,
        _ => renames.get(target)?.get(old)?.as_str(),
    };
    Some(format!("{target}#{new}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "<h1 id=\"lambda-and-sqs\"><a class=\"header\" href=\"#lambda-and-sqs\">Lambda and SQS</a></h1>\
        <h2 id=\"partial-batch-responses\">x</h2><h3 id=\"fifo-queues\">y</h3>";
    const JA: &str = "<h1 id=\"lambda-と-sqs\"><a class=\"header\" href=\"#lambda-と-sqs\">Lambda と SQS</a></h1>\
        <h2 id=\"部分バッチレスポンス\">x</h2><p><a href=\"#部分バッチレスポンス\">上</a> <a href=\"vpc.html#概要\">VPC</a></p><h3 id=\"fifo-キュー\">y</h3>";

    #[test]
    fn gives_each_heading_the_reference_id_and_follows_links() {
        let mut renames = BTreeMap::new();
        renames.insert("sqs.html".to_string(), shared_ids(&outline(EN), &outline(JA)));
        renames.insert("vpc.html".to_string(), BTreeMap::from([("概要".to_string(), "overview".to_string())]));
        assert_eq!(
            rename(JA, "sqs.html", &renames),
            "<h1 id=\"lambda-and-sqs\"><a class=\"header\" href=\"#lambda-and-sqs\">Lambda と SQS</a></h1>\
        <h2 id=\"partial-batch-responses\">x</h2><p><a href=\"#partial-batch-responses\">上</a> <a href=\"vpc.html#overview\">VPC</a></p><h3 id=\"fifo-queues\">y</h3>"
        );
    }

    #[test]
    fn keeps_its_own_ids_when_the_outline_differs() {
        let ko = "<h1 id=\"a\">a</h1><h3 id=\"b\">b</h3><h3 id=\"c\">c</h3>";
        assert_eq!(outline(ko), vec![(1, "a".into()), (3, "b".into()), (3, "c".into())]);
        assert!(shared_ids(&outline(EN), &outline(ko)).is_empty());
        assert!(shared_ids(&outline(EN), &outline(EN)).is_empty());
        assert_eq!(outline("<h2>no id</h2><hr><h7 id=\"x\">"), vec![]);
    }
}
