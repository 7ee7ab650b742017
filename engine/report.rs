//! Report: format located findings (human, json, github) and decide the exit status.

use crate::diag::Diagnostic;
use crate::excerpt::Excerpt;
use crate::finding::Severity;
use crate::visible::visible;
use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Sort for stable output (by file, position, code) and drop repeats: a
/// document under examples/ shown in three editions is reported once.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.file.name.as_str(), a.range.start, a.finding.code.as_str(), a.finding.message.as_str()).cmp(&(
            b.file.name.as_str(),
            b.range.start,
            b.finding.code.as_str(),
            b.finding.message.as_str(),
        ))
    });
    diagnostics.dedup_by(|a, b| {
        a.file.name == b.file.name
            && a.range == b.range
            && a.finding.code == b.finding.code
            && a.finding.message == b.finding.message
    });
}

pub fn format(diagnostics: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Human => human(diagnostics),
        Format::Json => json(diagnostics),
        Format::Github => github(diagnostics),
    }
}

/// rustc-style: `severity[CODE]: message`, then `--> file:line:col`, the line with a caret, and the hint.
/// Control characters are shown escaped (see `visible`), in the quoted line
/// too; line and column stay those of the original text.
pub fn human(diagnostics: &[Diagnostic]) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<*const crate::diag::SourceFile, usize> = BTreeMap::new();
    let config = term::Config::default();
    let mut line_starts: BTreeMap<*const crate::diag::SourceFile, Lines> = BTreeMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let key = std::sync::Arc::as_ptr(&d.file);
        let id = *ids.entry(key).or_insert_with(|| files.add(d.file.name.clone(), d.file.text.clone()));
        let (level, prefix) = match d.finding.severity {
            Severity::Error => (Level::Error, ""),
            Severity::SecurityWarning => (Level::Warning, "security: "),
            Severity::Warning => (Level::Warning, ""),
            Severity::Suggestion => (Level::Help, "suggestion: "),
            Severity::Note => (Level::Note, ""),
        };
        let mut range = d.range.clone();
        if range.is_empty() && range.end < d.file.text.len() {
            range.end = next_char_boundary(&d.file.text, range.end);
        }
        let message = format!("{prefix}{}", d.finding.message);
        let notes: Vec<String> = d.finding.hint.iter().map(|hint| format!("help: {hint}")).collect();
        // A long line is quoted as a window around the finding, not whole.
        let lines = line_starts.entry(key).or_insert_with(|| Lines::new(&d.file.text));
        let emitted = match lines.excerpt(&d.file, range.clone()) {
            Some(excerpt) => {
                let rendered = Rendered::new(level)
                    .with_code(d.finding.code.clone())
                    .with_message(message)
                    .with_labels(vec![Label::primary((), excerpt.label.clone())])
                    .with_notes(notes);
                term::emit_into_string(&config, &excerpt, &rendered)
            }
            None => {
                let rendered = Rendered::new(level)
                    .with_code(d.finding.code.clone())
                    .with_message(message)
                    .with_labels(vec![Label::primary(id, range)])
                    .with_notes(notes);
                term::emit_into_string(&config, &files, &rendered)
            }
        };
        match emitted {
            Ok(text) => out.push_str(&visible(&text)),
            Err(_) => {
                let (line, column) = d.line_column();
                out.push_str(&format!(
                    "{}[{}]: {}\n  --> {}:{line}:{column}\n",
                    d.finding.severity.as_str(),
                    visible(&d.finding.code),
                    visible(&d.finding.message),
                    visible(&d.file.name)
                ));
            }
        }
    }
    out
}

/// Where a file's lines start, to find a finding's line without scanning
/// the text before it, and a cursor for its column.
struct Lines {
    starts: Vec<usize>,
    cursor: crate::diag::LineCursor,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        Lines { starts, cursor: crate::diag::LineCursor::default() }
    }

    /// The window of a long line to quote for `range`, or `None` to quote the
    /// line as it is (short lines, and ranges over several short lines).
    fn excerpt(&mut self, file: &crate::diag::SourceFile, range: std::ops::Range<usize>) -> Option<Excerpt> {
        let line = self.starts.partition_point(|&s| s <= range.start) - 1;
        let begin = self.starts[line];
        let end = self.starts.get(line + 1).map_or(file.text.len(), |&next| next - 1);
        let text = file.text[begin..end].strip_suffix('\r').unwrap_or(&file.text[begin..end]);
        if text.len() <= crate::excerpt::WINDOW_COLUMNS {
            return None;
        }
        let at = self.cursor.line_column(&file.text, range.start);
        Excerpt::cut(&file.name, text, range.start - begin..range.end.min(begin + text.len()) - begin, at)
    }
}

/// Line and column of each finding, counted on from the file's last finding:
/// linear over findings sorted by position, however many share a long line.
#[derive(Default)]
struct Positions(BTreeMap<*const crate::diag::SourceFile, crate::diag::LineCursor>);

impl Positions {
    fn of(&mut self, d: &Diagnostic) -> (usize, usize) {
        self.0.entry(std::sync::Arc::as_ptr(&d.file)).or_default().line_column(&d.file.text, d.range.start)
    }
}

fn next_char_boundary(text: &str, mut at: usize) -> usize {
    at += 1;
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

/// One JSON object per finding per line.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut positions = Positions::default();
    for d in diagnostics {
        let (line, column) = positions.of(d);
        let object = serde_json::json!({
            "file": d.file.name,
            "line": line,
            "column": column,
            "severity": d.finding.severity.as_str(),
            "code": d.finding.code,
            "message": d.finding.message,
            "hint": d.finding.hint,
            "pointer": d.finding.target.pointer,
        });
        out.push_str(&object.to_string());
        out.push('\n');
    }
    out
}

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut positions = Positions::default();
    for d in diagnostics {
        let (line, column) = positions.of(d);
        let level = match d.finding.severity {
            Severity::Error => "error",
            Severity::SecurityWarning | Severity::Warning => "warning",
            Severity::Suggestion | Severity::Note => "notice",
        };
        let mut message = visible(&d.finding.message).into_owned();
        if let Some(hint) = &d.finding.hint {
            message.push_str(&format!(" (help: {})", visible(hint)));
        }
        out.push_str(&format!(
            "::{level} file={},line={line},col={column},title={}::{}\n",
            escape_property(&visible(&d.file.name)),
            escape_property(&visible(&d.finding.code)),
            escape_data(&message)
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Counts by severity, e.g. "2 errors, 1 warning".
pub fn counts(diagnostics: &[Diagnostic]) -> String {
    let mut by: BTreeMap<Severity, usize> = BTreeMap::new();
    for d in diagnostics {
        *by.entry(d.finding.severity).or_default() += 1;
    }
    if by.is_empty() {
        return "no findings".to_string();
    }
    by.iter()
        .map(|(s, n)| format!("{n} {}{}", s.as_str().replace('_', " "), if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// 0 without errors (and without warnings under `deny_warnings`), 1 otherwise.
pub fn exit_status(diagnostics: &[Diagnostic], deny_warnings: bool) -> i32 {
    let failing = diagnostics
        .iter()
        .any(|d| d.finding.severity == Severity::Error || (deny_warnings && d.finding.severity.is_warning()));
    i32::from(failing)
}
