//! The attributes of a code block's info string:
//! ```` ```json kind=trust-policy id=lambda-trust file=policies/lambda-trust.json expect=CODE,CODE ````
//! The language is the first word; attributes are space-separated `key=value` pairs.

use crate::snippet::kind::Kind;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub kind: Option<Kind>,
    pub id: Option<String>,
    pub file: Option<String>,
    /// Where the `file=` token starts in the info string (errors reading the file point there).
    pub file_offset: usize,
    /// Present for a deliberate bad example: the finding codes it must produce.
    pub expect: Option<Vec<String>>,
    /// `same-as=ID` on a non-JSON block: another notation of the JSON block ID.
    pub same_as: Option<String>,
    /// `handler=NAME` on an event source mapping: the example handler
    /// (`examples/NAME.rs`) the chapter runs behind it.
    pub handler: Option<String>,
    /// `events=PATH,PATH` with `handler=`: the event documents (under
    /// examples/), in the order Lambda would deliver them.
    pub events: Option<Vec<String>>,
}

/// A problem with the info string, with the byte offset of the bad token within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

pub fn parse(info: &str) -> Result<Attributes, AttrError> {
    let mut attrs = Attributes::default();
    for (offset, token) in tokens(info).into_iter().skip(1) {
        let Some((key, value)) = token.split_once('=') else {
            // mdBook passes other words through as classes: leave them be.
            continue;
        };
        let err = |message: String, hint: Option<String>| AttrError { offset, message, hint };
        match key {
            "kind" => {
                attrs.kind = Some(Kind::from_name(value).ok_or_else(|| {
                    err(format!("unknown kind `{value}`"), Some(format!("known kinds: {}", Kind::names().join(", "))))
                })?);
            }
            "id" => {
                if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c)) {
                    return Err(err(
                        format!("invalid id `{value}`"),
                        Some("use letters, digits, `-`, `_`, `/`".into()),
                    ));
                }
                attrs.id = Some(value.to_string());
            }
            "file" => {
                if !is_examples_path(value) {
                    return Err(err(
                        format!("invalid file `{value}`"),
                        Some("give a path relative to examples/, without `..`".into()),
                    ));
                }
                attrs.file = Some(value.to_string());
                attrs.file_offset = offset;
            }
            "expect" => {
                let codes: Vec<String> = value.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect();
                if codes.is_empty() {
                    return Err(err("`expect=` needs at least one finding code".into(), None));
                }
                attrs.expect = Some(codes);
            }
            "same-as" => attrs.same_as = Some(value.to_string()),
            "handler" => {
                if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(err(
                        format!("invalid handler `{value}`"),
                        Some(
                            "name an example by its file stem: `handler=sqs-worker` for examples/sqs-worker.rs".into(),
                        ),
                    ));
                }
                attrs.handler = Some(value.to_string());
            }
            "events" => {
                let files: Vec<String> = value.split(',').filter(|f| !f.is_empty()).map(str::to_string).collect();
                if files.is_empty() || files.iter().any(|f| !is_examples_path(f)) {
                    return Err(err(
                        format!("invalid events `{value}`"),
                        Some("list paths relative to examples/, comma-separated, without `..`".into()),
                    ));
                }
                attrs.events = Some(files);
            }
            other => {
                return Err(err(
                    format!("unknown attribute `{other}`"),
                    Some("known attributes: kind, id, file, expect, same-as, handler, events".into()),
                ));
            }
        }
    }
    Ok(attrs)
}

/// A path relative to examples/ that cannot leave it.
fn is_examples_path(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.split('/').any(|p| p == "..")
}

/// The info string's words with their byte offsets. Words are separated by
/// white space and, as mdBook does, by commas — except inside an `expect=`
/// or `events=` list, whose items are comma-separated.
fn tokens(info: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in info.char_indices().chain(std::iter::once((info.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                split_commas(info, s, i, &mut out);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn split_commas<'a>(info: &'a str, start: usize, end: usize, out: &mut Vec<(usize, &'a str)>) {
    let word = &info[start..end];
    if word.starts_with("expect=") || word.starts_with("events=") {
        out.push((start, word));
        return;
    }
    let mut at = start;
    for part in word.split(',') {
        if !part.is_empty() {
            out.push((at, part));
        }
        at += part.len() + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_attributes() {
        let a = parse("json kind=resource-policy id=s3-invoke file=policies/s3.json expect=A,B").unwrap();
        assert_eq!(a.kind, Some(Kind::ResourcePolicy));
        assert_eq!(a.id.as_deref(), Some("s3-invoke"));
        assert_eq!(a.file.as_deref(), Some("policies/s3.json"));
        assert_eq!(a.expect, Some(vec!["A".to_string(), "B".to_string()]));
    }

    #[test]
    fn expect_in_the_middle() {
        let a = parse("json expect=MISSING_VERSION,X id=frag").unwrap();
        assert_eq!(a.expect.unwrap().len(), 2);
        assert_eq!(a.id.as_deref(), Some("frag"));
    }

    #[test]
    fn pairs_a_handler_with_its_events_in_order() {
        let a = parse("json kind=event-source-mapping handler=dynamodb-window events=events/w-1.json,events/w-2.json")
            .unwrap();
        assert_eq!(a.handler.as_deref(), Some("dynamodb-window"));
        assert_eq!(a.events, Some(vec!["events/w-1.json".to_string(), "events/w-2.json".to_string()]));
        let info = "json handler=../x";
        let e = parse(info).unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (5, "invalid handler `../x`"));
        let e = parse("json events=events/a.json,../b.json").unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (5, "invalid events `events/a.json,../b.json`"));
    }

    #[test]
    fn comma_separated_like_mdbook() {
        let a = parse("json,kind=sqs-event").unwrap();
        assert_eq!(a.kind, Some(Kind::SqsEvent));
    }

    #[test]
    fn errors_point_at_the_token() {
        let info = "json kind=sqs id=x";
        let e = parse(info).unwrap_err();
        assert_eq!(&info[e.offset..e.offset + 8], "kind=sqs");
        let e = parse("json kimd=sqs-event").unwrap_err();
        assert!(e.message.contains("kimd"));
        assert!(parse("json file=../secret.json").is_err());
    }
}
