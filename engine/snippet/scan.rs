//! Scan: find the fenced code blocks of a Markdown chapter, with enough
//! position data to splice them and to point diagnostics into the file.
//!
//! Knows nothing of JSON, IAM or events.

use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use std::ops::Range;

/// A piece of the block's body and where it sits in the chapter text. The
/// body is the concatenation of these pieces: container prefixes (`> `, list
/// indentation) are not part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub body_start: usize,
    pub source_start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock {
    /// The raw info string after the fence characters.
    pub info: String,
    pub body: String,
    /// Byte range of the whole block (opening fence to closing fence) in the chapter text.
    pub range: Range<usize>,
    /// Byte offset where the opening fence's line starts.
    pub line_start: usize,
    pub segments: Vec<Segment>,
    /// False when the container ended before a closing fence did.
    pub closed: bool,
}

impl FencedBlock {
    /// The language: the info string's first non-empty word, split on space,
    /// tab and comma exactly as mdBook 0.5 does when it writes the
    /// `language-…` class (mdbook-html `tree.rs`). Empty words are skipped,
    /// so ```` ```,json ```` is a JSON block for mdBook and for us alike.
    pub fn language(&self) -> &str {
        self.info.split([' ', '\t', ',']).find(|word| !word.is_empty()).unwrap_or("")
    }

    /// Map a byte range in `body` to a byte range in the chapter text.
    pub fn source_range(&self, body: Range<usize>) -> Range<usize> {
        self.source_offset(body.start)..self.source_offset(body.end)
    }

    /// Map a byte offset in `body` to a byte offset in the chapter text.
    pub fn source_offset(&self, body_offset: usize) -> usize {
        let mut best = self.range.start;
        for seg in &self.segments {
            if body_offset < seg.body_start {
                break;
            }
            let within = (body_offset - seg.body_start).min(seg.len);
            best = seg.source_start + within;
        }
        best
    }
}

/// What one pass of the parser finds in a chapter.
#[derive(Debug, Default)]
pub struct Scan {
    /// The fenced code blocks, in document order.
    pub blocks: Vec<FencedBlock>,
    /// Where a `**` survived parsing as plain text: CommonMark could not
    /// pair it, so the reader would see two asterisks (typically bold that
    /// closes after punctuation and before a CJK letter: `**「語」**は`).
    pub literal_bold_markers: Vec<usize>,
    /// The headings, in document order, as mdBook's parser reads them.
    pub headings: Vec<Heading>,
}

/// A heading of the chapter, as the parser mdBook renders with reads it
/// (so headings in code blocks or HTML blocks are not headings).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Byte offset of its first character (the first `#` of an ATX heading).
    pub at: usize,
    /// Its text as mdBook takes the anchor from it: text and code spans,
    /// after smart punctuation.
    pub text: String,
    /// An explicit `{#id}`.
    pub id: Option<String>,
    /// Whether it starts its line (after a BOM), not in a container.
    pub starts_line: bool,
}

impl Heading {
    /// How a `# Title` line at the start of a line names the chapter (the
    /// raw text after `# `, trimmed, as the sidebar must write it).
    pub fn title<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.level != 1 || !self.starts_line {
            return None;
        }
        let line = text[self.at..].split('\n').next().unwrap_or("");
        line.strip_prefix("# ").map(str::trim)
    }
}

/// All fenced code blocks of `text`, in document order. A leading BOM is
/// skipped so that offsets stay true to the original text.
pub fn fenced_blocks(text: &str) -> Vec<FencedBlock> {
    scan(text).blocks
}

/// One parse of `text`: its fenced blocks and its unpaired `**` markers.
pub fn scan(text: &str) -> Scan {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let markdown = &text[bom..];
    let mut blocks = Vec::new();
    let mut prose = ProseRun::default();
    let mut current: Option<FencedBlock> = None;
    let mut headings = Vec::new();
    let mut heading: Option<Heading> = None;
    for (event, range) in new_cmark_parser(markdown, &MarkdownOptions::default()).into_offset_iter() {
        let range = range.start + bom..range.end + bom;
        if !matches!(event, Event::Text(_)) || current.is_some() {
            prose.end();
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some(FencedBlock {
                    info: info.to_string(),
                    body: String::new(),
                    line_start: line_start(text, range.start),
                    range,
                    segments: Vec::new(),
                    closed: true,
                });
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let at = range.start;
                let starts_line = at == bom || line_start(text, at) == at;
                heading = Some(Heading {
                    level: heading_level(level),
                    at,
                    text: String::new(),
                    id: id.map(|id| id.to_string()),
                    starts_line,
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Code(code) => {
                if let Some(heading) = heading.as_mut() {
                    heading.text.push_str(&code);
                }
            }
            Event::Text(chunk) => {
                if let Some(heading) = heading.as_mut() {
                    heading.text.push_str(&chunk);
                }
                if let Some(block) = current.as_mut() {
                    let source = &text[range.clone()];
                    // Text that is a byte copy of the source maps 1:1; anything
                    // pulldown rewrote (tabs) maps to the chunk's start.
                    let len = if source == chunk.as_ref() { chunk.len() } else { 0 };
                    block.segments.push(Segment { body_start: block.body.len(), source_start: range.start, len });
                    block.body.push_str(&chunk);
                } else {
                    prose.push(&text[range.clone()], range);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut block) = current.take() {
                    block.closed = has_closing_fence(text, &block);
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    prose.end();
    Scan { blocks, literal_bold_markers: prose.literal_bold_markers, headings }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Consecutive text events of prose. pulldown-cmark hands an unpaired
/// delimiter over as its own one-character text event, so a `**` it could
/// not pair shows up only when neighbouring events are read together. Only
/// the seam between two events is remembered (no copy of the text).
struct ProseRun {
    /// Where the last text event ended (`usize::MAX`: no run is open).
    end: usize,
    /// Whether that event ended with `*`.
    ends_with_star: bool,
    /// A `**` found across a seam ends here: a `*` before it is taken.
    taken_until: usize,
    literal_bold_markers: Vec<usize>,
}

impl Default for ProseRun {
    fn default() -> Self {
        ProseRun { end: usize::MAX, ends_with_star: false, taken_until: 0, literal_bold_markers: Vec::new() }
    }
}

impl ProseRun {
    /// Add the source text of the next text event (its range in the chapter).
    fn push(&mut self, source: &str, range: Range<usize>) {
        if range.start == self.end && self.ends_with_star && source.starts_with('*') {
            self.literal_bold_markers.push(range.start - 1);
            self.taken_until = range.start + 1;
        }
        for (at, _) in source.match_indices("**") {
            if range.start + at >= self.taken_until {
                self.literal_bold_markers.push(range.start + at);
                self.taken_until = range.start + at + 2;
            }
        }
        self.ends_with_star = source.ends_with('*') && range.end > self.taken_until;
        self.end = range.end;
    }

    /// The run is over.
    fn end(&mut self) {
        self.end = usize::MAX;
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The opening fence (``` or ~~~, three or more) and whether a matching
/// closing fence ends the block's range.
fn has_closing_fence(text: &str, block: &FencedBlock) -> bool {
    let raw = &text[block.range.clone()];
    let opening = raw.trim_start_matches([' ', '>']);
    let fence_char = match opening.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let fence_len = opening.chars().take_while(|&c| c == fence_char).count();
    let mut lines = raw.lines();
    lines.next();
    let Some(last) = lines.rfind(|l| !l.trim().is_empty()) else { return false };
    let last = last.trim_start_matches([' ', '\t', '>']);
    let run = last.chars().take_while(|&c| c == fence_char).count();
    run >= fence_len && last[run * fence_char.len_utf8()..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(text: &str) -> FencedBlock {
        let blocks = fenced_blocks(text);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        blocks.into_iter().next().unwrap()
    }

    #[test]
    fn plain_fence() {
        let text = "# T\n\n```json kind=s3-event\n{\"a\": 1}\n```\n";
        let b = only(text);
        assert_eq!(b.language(), "json");
        assert_eq!(b.info, "json kind=s3-event");
        assert_eq!(b.body, "{\"a\": 1}\n");
        assert_eq!(&text[b.range.clone()], "```json kind=s3-event\n{\"a\": 1}\n```");
        assert!(b.closed);
        assert_eq!(&text[b.source_offset(1)..b.source_offset(4)], "\"a\"");
    }

    #[test]
    fn tilde_and_longer_fences() {
        let b = only("~~~~json\n```\n{}\n~~~~\n");
        assert_eq!(b.language(), "json");
        assert_eq!(b.body, "```\n{}\n");
        assert!(b.closed);
    }

    #[test]
    fn fence_in_block_quote_strips_prefix_and_maps_back() {
        let text = "> ```json\n> {\"k\": true}\n> ```\n";
        let b = only(text);
        assert_eq!(b.body, "{\"k\": true}\n");
        let at = b.source_offset(b.body.find("true").unwrap());
        assert_eq!(&text[at..at + 4], "true");
    }

    #[test]
    fn fence_in_list_item() {
        let text = "- item\n\n   ```json\n   [1,\n    2]\n   ```\n";
        let b = only(text);
        assert_eq!(b.body, "[1,\n 2]\n");
        let at = b.source_offset(b.body.find('2').unwrap());
        assert_eq!(&text[at..at + 1], "2");
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}# T\r\n\r\n```json\r\n{\"x\": 1}\r\n```\r\n";
        let b = only(text);
        assert!(b.body.starts_with("{\"x\": 1}"));
        let at = b.source_offset(b.body.find('1').unwrap());
        assert_eq!(&text[at..at + 1], "1");
        assert!(b.closed);
    }

    #[test]
    fn language_is_read_as_mdbook_reads_it() {
        for (fence, language) in [
            ("```,json\n{}\n```\n", "json"),
            ("```,,json,kind=s3-event\n{}\n```\n", "json"),
            ("``` \t,json\n{}\n```\n", "json"),
            ("~~~ , policy-test\n\n~~~\n", "policy-test"),
            ("```&#106;son\n{}\n```\n", "json"),
            ("```\\json\n{}\n```\n", "\\json"),
            ("```\n{}\n```\n", ""),
            ("```,\n{}\n```\n", ""),
        ] {
            assert_eq!(only(fence).language(), language, "{fence:?}");
        }
    }

    #[test]
    fn unclosed_fence_is_flagged() {
        let b = only("```json\n{}\n");
        assert!(!b.closed);
    }
}

#[cfg(test)]
mod bold_tests {
    use super::*;

    #[test]
    fn bold_that_cannot_close_is_found_where_it_stands() {
        let text = "- **概念は訳します。**訳語\n\n**fine** and **fine**.\n";
        let scanned = scan(text);
        assert_eq!(scanned.literal_bold_markers, vec![2, text.find("**訳").unwrap()], "{text}");
    }
}
