//! Placeholders: where a checked snippet uses the book's standard example
//! values (docs/authoring.md, "Conventions"), so the page can offer to put the
//! reader's own account, region, partition and resource names there.
//!
//! Only documented positions count, found in the parsed JSON (never by a text
//! search over the snippet):
//! - an ARN string (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`): the
//!   partition, region and account fields, and any resource-name segment of
//!   the RESOURCE part (segments are separated by `/` and `:`) that is exactly
//!   a resource placeholder (`function:my-function`, `role/my-function-role`,
//!   `log-group:/aws/lambda/my-function:*`, `arn:aws:s3:::amzn-s3-demo-bucket/*`);
//! - an AWS endpoint host or URL (it contains `.amazonaws.com`): the region,
//!   the account and resource names as `.`/`/`/`:`-separated segments
//!   (`https://sqs.us-east-1.amazonaws.com/123456789012/my-queue`);
//! - a string value that is exactly one placeholder (`"aws:SourceAccount":
//!   "123456789012"`, `"awsRegion": "us-east-1"`, `"FunctionName": "my-function"`),
//!   except the partition, which only counts inside an ARN.
//!
//! Keys are never rewritten, nor a placeholder that is part of a longer word
//! (`sns-my-topic-invoke`, `my-queue-dlq`).

use crate::snippet::json_doc::JsonDoc;
use serde_json::Value;

/// One kind of value the reader can personalise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Account,
    OtherAccount,
    Region,
    Partition,
    Function,
    Role,
    Queue,
    Bucket,
    Rule,
    Topic,
    Table,
    Stream,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Account,
        Field::OtherAccount,
        Field::Region,
        Field::Partition,
        Field::Function,
        Field::Role,
        Field::Queue,
        Field::Bucket,
        Field::Rule,
        Field::Topic,
        Field::Table,
        Field::Stream,
    ];

    /// The name the page's script knows the field by.
    pub fn name(self) -> &'static str {
        match self {
            Field::Account => "account",
            Field::OtherAccount => "other-account",
            Field::Region => "region",
            Field::Partition => "partition",
            Field::Function => "function",
            Field::Role => "role",
            Field::Queue => "queue",
            Field::Bucket => "bucket",
            Field::Rule => "rule",
            Field::Topic => "topic",
            Field::Table => "table",
            Field::Stream => "stream",
        }
    }

    /// The standard value the book's examples use.
    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Account => "123456789012",
            Field::OtherAccount => "111122223333",
            Field::Region => "us-east-1",
            Field::Partition => "aws",
            Field::Function => "my-function",
            Field::Role => "my-function-role",
            Field::Queue => "my-queue",
            Field::Bucket => "amzn-s3-demo-bucket",
            Field::Rule => "my-rule",
            Field::Topic => "my-topic",
            Field::Table => "my-table",
            Field::Stream => "my-stream",
        }
    }

    fn resource_names() -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(|f| f.is_resource_name())
    }

    fn is_resource_name(self) -> bool {
        !matches!(self, Field::Account | Field::OtherAccount | Field::Region | Field::Partition)
    }

    fn of_account(text: &str) -> Option<Field> {
        [Field::Account, Field::OtherAccount].into_iter().find(|f| f.placeholder() == text)
    }
}

/// A placeholder inside one string value: `start..end` are byte offsets into
/// the decoded string at `pointer` (a JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub pointer: String,
    pub start: usize,
    pub end: usize,
    pub field: Field,
}

/// A placeholder located in the snippet's text as shown: `start..end` in
/// UTF-16 code units (what the page's JavaScript indexes strings by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub field: Field,
}

/// Every placeholder in the string values of `value`, in document order.
pub fn find(value: &Value) -> Vec<Placeholder> {
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn walk(value: &Value, path: &mut Vec<String>, out: &mut Vec<Placeholder>) {
    match value {
        Value::String(s) => {
            let found = in_string(s);
            if found.is_empty() {
                return; // most strings: no pointer to build
            }
            let pointer = crate::diagnostics::finding::pointer(path.iter());
            out.extend(found.into_iter().map(|(start, end, field)| Placeholder {
                pointer: pointer.clone(),
                start,
                end,
                field,
            }));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(key.clone());
                walk(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The placeholders in one string value: (start, end, field), byte offsets.
pub fn in_string(s: &str) -> Vec<(usize, usize, Field)> {
    if let Some(rest) = s.strip_prefix("arn:") {
        return in_arn(s, rest);
    }
    if s.contains(".amazonaws.com") {
        return segments(s, &['.', '/', ':'], 0)
            .filter_map(|(start, seg)| {
                let field = if seg == Field::Region.placeholder() {
                    Some(Field::Region)
                } else {
                    Field::of_account(seg).or_else(|| Field::resource_names().find(|f| f.placeholder() == seg))
                };
                field.map(|f| (start, start + seg.len(), f))
            })
            .collect();
    }
    Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Partition)
        .find(|f| f.placeholder() == s)
        .map(|f| vec![(0, s.len(), f)])
        .unwrap_or_default()
}

fn in_arn(whole: &str, rest: &str) -> Vec<(usize, usize, Field)> {
    let mut out = Vec::new();
    // partition : service : region : account : resource
    let mut at = whole.len() - rest.len();
    let mut parts = rest.splitn(5, ':');
    let fields: [Option<Field>; 4] = [Some(Field::Partition), None, Some(Field::Region), Some(Field::Account)];
    for wanted in fields {
        let Some(part) = parts.next() else { return out };
        let found = match wanted {
            Some(Field::Account) => Field::of_account(part),
            Some(f) if f.placeholder() == part => Some(f),
            _ => None,
        };
        if let Some(f) = found {
            out.push((at, at + part.len(), f));
        }
        at += part.len() + 1;
    }
    let Some(resource) = parts.next() else { return out };
    for (start, seg) in segments(resource, &['/', ':'], at) {
        if let Some(f) = Field::resource_names().find(|f| f.placeholder() == seg) {
            out.push((start, start + seg.len(), f));
        }
    }
    out
}

/// The pieces of `s` between separators, with their byte offsets (+ `base`).
fn segments<'a>(s: &'a str, separators: &'a [char], base: usize) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut start = 0;
    s.split(separators).map(move |seg| {
        let here = start;
        start += seg.len() + 1;
        (base + here, seg)
    })
}

/// The placeholders of a parsed snippet located in its text (`text` is what
/// `doc` was parsed from and what the page shows).
pub fn locate(doc: &JsonDoc, text: &str) -> Vec<Located> {
    let mut bytes = Vec::new(); // (start, end, field) as byte offsets into `text`
    for p in find(&doc.value) {
        let range = doc.locate(&p.pointer, false);
        let Some(literal) = text.get(range.clone()) else { continue };
        if !literal.starts_with('"') {
            continue; // no position for this value
        }
        let Some((start, end)) = raw_range(literal, p.start, p.end) else { continue };
        let (start, end) = (range.start + start, range.start + end);
        if text.get(start..end) == Some(p.field.placeholder()) {
            bytes.push((start, end, p.field));
        }
    }
    bytes.sort_by_key(|&(start, _, _)| start);
    // Byte offsets to UTF-16 offsets in one pass over the text.
    let (mut byte_at, mut unit_at) = (0, 0);
    bytes
        .into_iter()
        .filter_map(|(start, end, field)| {
            if start < byte_at {
                return None; // overlaps the one before (cannot happen for distinct values)
            }
            unit_at += utf16_len(&text[byte_at..start]);
            let start_units = unit_at;
            unit_at += utf16_len(&text[start..end]);
            byte_at = end;
            Some(Located { start: start_units, end: unit_at, field })
        })
        .collect()
}

/// Map a byte range of a string's decoded value to a byte range of its JSON
/// literal (with the quotes), stepping over escapes.
fn raw_range(literal: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = literal.as_bytes();
    let mut raw = 1; // after the opening quote
    let mut decoded = 0;
    let mut found_start = None;
    loop {
        if decoded == start && found_start.is_none() {
            found_start = Some(raw);
        }
        if decoded == end {
            return found_start.map(|s| (s, raw));
        }
        let b = *bytes.get(raw)?;
        match b {
            b'"' => return None,
            b'\\' => {
                let (raw_len, decoded_len) = match bytes.get(raw + 1)? {
                    b'u' => {
                        let code = u32::from_str_radix(literal.get(raw + 2..raw + 6)?, 16).ok()?;
                        if (0xD800..0xDC00).contains(&code) {
                            (12, 4) // a surrogate pair: one 4-byte character
                        } else {
                            (6, char::from_u32(code).map_or(3, char::len_utf8))
                        }
                    }
                    _ => (2, 1),
                };
                if decoded < start && decoded + decoded_len > start || decoded < end && decoded + decoded_len > end {
                    return None; // the placeholder would split an escape
                }
                raw += raw_len;
                decoded += decoded_len;
            }
            _ => {
                let len = literal[raw..].chars().next().map_or(1, char::len_utf8);
                raw += len;
                decoded += len;
            }
        }
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The `data-ln-placeholders` attribute value: `field:start-end` items
/// separated by spaces, e.g. `account:120-132 region:110-119` (offsets in
/// UTF-16 units, as the page's script counts); empty when there is nothing to
/// personalise. Nothing in it needs HTML escaping: field names are plain words.
pub fn attribute(located: &[Located]) -> String {
    let items: Vec<String> = located.iter().map(|l| format!("{}:{}-{}", l.field.name(), l.start, l.end)).collect();
    items.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<(&str, &'static str)> {
        in_string(s).into_iter().map(|(a, b, f)| (&s[a..b], f.name())).collect()
    }

    #[test]
    fn finds_the_fields_of_arns() {
        for arn in [
            "arn:aws:lambda:us-east-1:123456789012:function:my-function",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:*",
        ] {
            assert_eq!(
                names(arn),
                vec![
                    ("aws", "partition"),
                    ("us-east-1", "region"),
                    ("123456789012", "account"),
                    ("my-function", "function")
                ],
                "{arn}"
            );
        }
        assert_eq!(
            names("arn:aws:iam::111122223333:root"),
            vec![("aws", "partition"), ("111122223333", "other-account")]
        );
        assert_eq!(
            names("arn:aws:s3:::amzn-s3-demo-bucket/*"),
            vec![("aws", "partition"), ("amzn-s3-demo-bucket", "bucket")]
        );
        assert_eq!(
            names("arn:aws:iam::123456789012:role/my-function-role"),
            vec![("aws", "partition"), ("123456789012", "account"), ("my-function-role", "role")]
        );
        // A longer name that merely contains a placeholder is not one.
        assert_eq!(names("arn:aws:sqs:us-east-1:123456789012:my-stream-failures").len(), 3);
    }

    #[test]
    fn finds_whole_values_and_endpoints_but_not_parts_of_words() {
        assert_eq!(names("123456789012"), vec![("123456789012", "account")]);
        assert_eq!(names("us-east-1"), vec![("us-east-1", "region")]);
        assert_eq!(names("aws"), vec![]);
        assert_eq!(names("aws:sqs"), vec![]);
        assert_eq!(names("sns-my-topic-invoke"), vec![]);
        assert_eq!(names("secretsmanager.us-east-1.amazonaws.com"), vec![("us-east-1", "region")]);
        assert_eq!(
            names("https://sqs.us-east-1.amazonaws.com/123456789012/my-queue"),
            vec![("us-east-1", "region"), ("123456789012", "account"), ("my-queue", "queue")]
        );
    }

    #[test]
    fn locates_in_the_text_in_utf16_units_and_skips_escapes() {
        let text = "{\n  \"Sid\": \"日本\\u00e9\",\n  \"Resource\": \"arn:aws:sqs:us-east-1:123456789012:my-queue\",\n  \"k\": \"\\\"\"\n}";
        let doc = JsonDoc::parse(text).unwrap();
        let located = locate(&doc, text);
        assert_eq!(located.len(), 4);
        let units: Vec<u16> = text.encode_utf16().collect();
        for l in &located {
            assert_eq!(String::from_utf16(&units[l.start..l.end]).unwrap(), l.field.placeholder());
        }
        let attr = attribute(&located);
        let first = &located[0];
        assert!(attr.starts_with(&format!("{}:{}-{} ", first.field.name(), first.start, first.end)), "{attr}");
        assert_eq!(attr.split(' ').count(), 4);
        assert!(attr.bytes().all(|b| b.is_ascii_alphanumeric() || b" :-".contains(&b)), "{attr}");
        assert_eq!(raw_range("\"a\\\"my-queue\"", 2, 10), Some((4, 12)));
    }
}
