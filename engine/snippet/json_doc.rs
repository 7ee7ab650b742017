//! Strict JSON with source positions: serde_json decides what is valid (no
//! comments, no trailing commas); jsonc-parser's syntax tree tells where each
//! value sits, so a JSON pointer can be turned back into a byte range.

use crate::diagnostics::codes;
use crate::diagnostics::finding::pointer;
use jsonc_parser::ast;
use serde_json::Value;
use std::ops::Range;

#[derive(Debug)]
pub struct JsonDoc {
    pub value: Value,
    /// The document's shape with byte ranges, walked to resolve a pointer
    /// (built once; pointers are only made for the few values reported).
    tree: Option<Node>,
    /// Keys that occur twice in one object: (pointer of the object member, range of the second key).
    pub duplicate_keys: Vec<(String, Range<usize>)>,
}

#[derive(Debug)]
struct Node {
    range: Range<usize>,
    children: Children,
}

#[derive(Debug)]
enum Children {
    Leaf,
    /// member name, range of its key, its value
    Object(Vec<(String, Range<usize>, Node)>),
    Array(Vec<Node>),
}

/// Why a text is not strict JSON, with the byte offset of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// `INVALID_JSON`, or the limit that was hit.
    pub code: &'static str,
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl SyntaxError {
    /// The finding every caller reports for text that is not strict JSON.
    pub fn finding(self) -> crate::diagnostics::finding::Finding {
        let mut f = crate::diagnostics::finding::Finding::error(self.code, self.message);
        f.hint = self.hint;
        f
    }
}

/// The largest JSON document (or snippet) checked: a hundred times IAM's
/// largest policy quota (a role's inline policies together: 10,240
/// characters, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html),
/// and small enough that a document's parsed form stays in the tens of MB
/// (a 20 MB array took 1.8 GB). A larger one is refused before it is parsed.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// How deep arrays and objects may nest: serde_json's own recursion limit
/// (it refuses the 128th level), which keeps every recursive walk of a
/// document off the end of the stack.
pub const MAX_NESTING: usize = 127;

impl JsonDoc {
    pub fn parse(text: &str) -> Result<JsonDoc, SyntaxError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            let mut offset = MAX_DOCUMENT_BYTES;
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            return Err(SyntaxError {
                code: codes::DOCUMENT_TOO_LARGE,
                offset,
                message: format!(
                    "This JSON document is {} bytes long; the limit is {MAX_DOCUMENT_BYTES} bytes (1 MiB), passed here",
                    text.len()
                ),
                hint: Some("split it into smaller documents: no policy or event comes near this size".to_string()),
            });
        }
        let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let options = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
        };
        let mut doc = JsonDoc { value, tree: None, duplicate_keys: Vec::new() };
        // serde_json accepted it, so the tree is there; if jsonc-parser ever
        // disagrees we still have the value, only without positions.
        if let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &options)
            && let Some(root) = parsed.value.as_ref()
        {
            let mut duplicates = Vec::new();
            doc.tree = Some(build(root, &mut Vec::new(), &mut duplicates));
            doc.duplicate_keys = duplicates;
        }
        Ok(doc)
    }

    /// The byte range of the value at `pointer` (or of its key), falling back
    /// to the nearest ancestor that exists.
    pub fn locate(&self, pointer: &str, at_key: bool) -> Range<usize> {
        let Some(mut node) = self.tree.as_ref() else { return 0..0 };
        let mut key: Option<&Range<usize>> = None;
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let next = match &node.children {
                Children::Object(members) => {
                    members.iter().find(|(name, _, _)| *name == segment).map(|(_, k, child)| (Some(k), child))
                }
                Children::Array(items) => {
                    segment.parse::<usize>().ok().and_then(|i| items.get(i)).map(|child| (None, child))
                }
                Children::Leaf => None,
            };
            match next {
                Some((k, child)) => {
                    key = k;
                    node = child;
                }
                None => return node.range.clone(), // the nearest ancestor
            }
        }
        match (at_key, key) {
            (true, Some(k)) => k.clone(),
            _ => node.range.clone(),
        }
    }
}

/// The position tree of a syntax-tree value; duplicate keys are recorded
/// (with their pointer) and left out, as serde_json keeps only the last.
fn build(node: &ast::Value, path: &mut Vec<String>, duplicates: &mut Vec<(String, Range<usize>)>) -> Node {
    let children = match node {
        ast::Value::Object(object) => {
            let mut members: Vec<(String, Range<usize>, Node)> = Vec::with_capacity(object.properties.len());
            // a set, not a scan of `members`: an object of 10,000 keys stays linear
            let mut seen = std::collections::HashSet::new();
            for prop in &object.properties {
                let name = prop.name.as_str().to_string();
                let key_range = prop_name_range(&prop.name);
                path.push(name.clone());
                if !seen.insert(name.clone()) {
                    duplicates.push((pointer(path.iter()), key_range));
                } else {
                    let child = build(&prop.value, path, duplicates);
                    members.push((name, key_range, child));
                }
                path.pop();
            }
            Children::Object(members)
        }
        ast::Value::Array(array) => Children::Array(
            array
                .elements
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    path.push(i.to_string());
                    let child = build(item, path, duplicates);
                    path.pop();
                    child
                })
                .collect(),
        ),
        _ => Children::Leaf,
    };
    Node { range: range_of(node), children }
}

fn range_of(node: &ast::Value) -> Range<usize> {
    let r = match node {
        ast::Value::StringLit(n) => n.range,
        ast::Value::NumberLit(n) => n.range,
        ast::Value::BooleanLit(n) => n.range,
        ast::Value::Object(n) => n.range,
        ast::Value::Array(n) => n.range,
        ast::Value::NullKeyword(n) => n.range,
    };
    r.start..r.end
}

fn prop_name_range(name: &ast::ObjectPropName) -> Range<usize> {
    let r = match name {
        ast::ObjectPropName::String(s) => s.range,
        ast::ObjectPropName::Word(w) => w.range,
    };
    r.start..r.end
}

fn syntax_error(text: &str, error: &serde_json::Error) -> SyntaxError {
    let mut offset = offset_of(text, error.line(), error.column());
    let full = error.to_string();
    if full.contains("trailing comma") {
        // serde_json stops at the closing bracket; point at the comma itself.
        if let Some(comma) = text[..offset].trim_end().strip_suffix(',') {
            offset = comma.len();
        }
    }
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let trimmed = text.trim_start();
    let hint = if trimmed.starts_with("aws ") || trimmed.starts_with('$') || trimmed.starts_with("curl ") {
        Some("this looks like a shell command: fence it as ```sh, not ```json".to_string())
    } else if message.contains("trailing comma") {
        Some("JSON allows no comma after the last item: remove it".to_string())
    } else if text[offset.min(text.len())..].starts_with("//") || text[offset.min(text.len())..].starts_with("/*") {
        Some("JSON has no comments: move the remark into the prose".to_string())
    } else if message.contains("key must be a string") {
        Some("JSON object keys need double quotes".to_string())
    } else {
        None
    };
    if message == "recursion limit exceeded" {
        return SyntaxError {
            code: codes::NESTING_TOO_DEEP,
            offset,
            message: format!(
                "Arrays and objects nest more than {MAX_NESTING} levels deep here; {MAX_NESTING} is the limit"
            ),
            hint: Some("no policy or event nests this deep: flatten the document".to_string()),
        };
    }
    SyntaxError { code: codes::INVALID_JSON, offset, message: capitalise_first(&message), hint }
}

/// serde_json counts lines from 1 and columns as bytes from 1 (0 when the
/// error is at a line's end).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_and_keys() {
        let text = "{\n  \"Statement\": [\n    {\"Action\": \"s3:GetObject\"}\n  ]\n}";
        let doc = JsonDoc::parse(text).unwrap();
        let r = doc.locate("/Statement/0/Action", false);
        assert_eq!(&text[r], "\"s3:GetObject\"");
        let r = doc.locate("/Statement/0/Action", true);
        assert_eq!(&text[r], "\"Action\"");
        // a pointer below an existing value falls back to the value
        let r = doc.locate("/Statement/0/Action/7", false);
        assert_eq!(&text[r], "\"s3:GetObject\"");
    }

    #[test]
    fn trailing_comma_is_an_error_at_its_place() {
        let text = "{\n  \"a\": 1,\n}";
        let e = JsonDoc::parse(text).unwrap_err();
        assert!(e.message.to_lowercase().contains("trailing comma"), "{}", e.message);
        assert_eq!(&text[e.offset..e.offset + 1], ",");
        assert!(e.hint.is_some());
    }

    #[test]
    fn comments_and_shell_commands_are_errors() {
        assert!(JsonDoc::parse("{\"a\": 1 // no\n}").is_err());
        let e = JsonDoc::parse("aws lambda add-permission --function-name f").unwrap_err();
        assert!(e.hint.unwrap().contains("shell"));
    }

    #[test]
    fn duplicate_keys_are_recorded() {
        let doc = JsonDoc::parse("{\"Sid\": \"a\", \"Sid\": \"b\"}").unwrap();
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].0, "/Sid");
    }
}
