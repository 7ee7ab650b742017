//! Report: format located findings (human, json, github) and decide the exit status.

use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::excerpt::Excerpt;
use crate::diagnostics::finding::Severity;
use crate::diagnostics::visible::visible;
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
    // The whole range is in the key: repeats must end up side by side for `dedup_by`.
    fn key(d: &Diagnostic) -> (&str, usize, usize, &str, &str) {
        (&d.file.name, d.range.start, d.range.end, &d.finding.code, &d.finding.message)
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
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
    let mut ids: BTreeMap<*const crate::diagnostics::diag::SourceFile, usize> = BTreeMap::new();
    let config = term::Config::default();
    let mut line_starts: BTreeMap<*const crate::diagnostics::diag::SourceFile, Lines> = BTreeMap::new();
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
    cursor: crate::diagnostics::diag::LineCursor,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        Lines { starts, cursor: crate::diagnostics::diag::LineCursor::default() }
    }

    /// The window of a long line to quote for `range`, or `None` to quote the
    /// line as it is (short lines, and ranges over several short lines).
    fn excerpt(
        &mut self,
        file: &crate::diagnostics::diag::SourceFile,
        range: std::ops::Range<usize>,
    ) -> Option<Excerpt> {
        let line = self.starts.partition_point(|&s| s <= range.start) - 1;
        let begin = self.starts[line];
        let end = self.starts.get(line + 1).map_or(file.text.len(), |&next| next - 1);
        let text = file.text[begin..end].strip_suffix('\r').unwrap_or(&file.text[begin..end]);
        if text.len() <= crate::diagnostics::excerpt::WINDOW_COLUMNS {
            return None;
        }
        let at = self.cursor.line_column(&file.text, range.start);
        Excerpt::cut(&file.name, text, range.start - begin..range.end.min(begin + text.len()) - begin, at)
    }
}

/// Line and column of each finding, counted on from the file's last finding:
/// linear over findings sorted by position, however many share a long line.
#[derive(Default)]
struct Positions(BTreeMap<*const crate::diagnostics::diag::SourceFile, crate::diagnostics::diag::LineCursor>);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::diag::SourceFile;
    use crate::diagnostics::finding::Finding;
    use std::sync::Arc;

    fn file(name: &str, text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile { name: name.to_string(), text: text.to_string() })
    }

    fn at(file: &Arc<SourceFile>, range: std::ops::Range<usize>, finding: Finding) -> Diagnostic {
        Diagnostic::new(file, range, finding)
    }

    /// (file, start, code, message) of each diagnostic, in order.
    fn keys(diagnostics: &[Diagnostic]) -> Vec<(String, usize, String, String)> {
        diagnostics
            .iter()
            .map(|d| (d.file.name.clone(), d.range.start, d.finding.code.clone(), d.finding.message.clone()))
            .collect()
    }

    #[test]
    fn sort_orders_by_file_position_code_message_and_drops_only_exact_repeats() {
        let a = file("a.md", "0123456789");
        let b = file("b.md", "0123456789");
        let mut found = vec![
            at(&b, 1..2, Finding::error("X", "m")),
            at(&a, 3..4, Finding::error("X", "m")),
            at(&a, 1..2, Finding::error("Y", "m")),
            at(&a, 1..2, Finding::error("X", "n")),
            at(&a, 1..2, Finding::error("X", "m")),
            at(&a, 1..3, Finding::error("X", "m")), // same start, longer range: kept
            at(&a, 1..2, Finding::error("X", "m")), // an exact repeat: dropped
            at(&b, 1..2, Finding::error("X", "m")), // an exact repeat in b: dropped
        ];
        sort(&mut found);
        let key = |f: &str, start: usize, code: &str, message: &str| {
            (f.to_string(), start, code.to_string(), message.to_string())
        };
        assert_eq!(
            keys(&found),
            vec![
                key("a.md", 1, "X", "m"),
                key("a.md", 1, "X", "n"),
                key("a.md", 1, "Y", "m"),
                key("a.md", 1, "X", "m"), // 1..3 after every 1..2
                key("a.md", 3, "X", "m"),
                key("b.md", 1, "X", "m"),
            ]
        );
        let ranges: Vec<_> = found.iter().map(|d| d.range.clone()).collect();
        assert_eq!(ranges, [1..2, 1..2, 1..2, 1..3, 3..4, 1..2]);
    }

    #[test]
    fn json_lines_give_line_and_column_of_each_finding() {
        let f = file("c.md", "ab\ncdé\nf");
        let found = [
            at(&f, 0..1, Finding::error("E1", "first").at("/x")),
            at(&f, 7..8, Finding::warning("W1", "second").with_hint("do this")),
            at(&f, 8..9, Finding::note("N1", "third")),
        ];
        assert_eq!(
            json(&found),
            concat!(
                r#"{"file":"c.md","line":1,"column":1,"severity":"error","code":"E1","message":"first","hint":null,"pointer":"/x"}"#,
                "\n",
                r#"{"file":"c.md","line":2,"column":4,"severity":"warning","code":"W1","message":"second","hint":"do this","pointer":""}"#,
                "\n",
                r#"{"file":"c.md","line":3,"column":1,"severity":"note","code":"N1","message":"third","hint":null,"pointer":""}"#,
                "\n",
            )
        );
    }

    #[test]
    fn github_lines_escape_what_workflow_commands_reserve() {
        let f = file("dir:x,y.md", "line one\nline two\n");
        let found = [
            at(&f, 9..13, Finding::error("E1", "50% done\r\nnext").with_hint("a:b,c")),
            at(&f, 0..1, Finding::security_warning("S1", "risky")),
            at(&f, 1..2, Finding::warning("W1", "careful")),
            at(&f, 2..3, Finding::suggestion("G1", "maybe")),
            at(&f, 3..4, Finding::note("N1", "fyi")),
        ];
        assert_eq!(
            github(&found),
            concat!(
                "::error file=dir%3Ax%2Cy.md,line=2,col=1,title=E1::50%25 done%0D%0Anext (help: a:b,c)\n",
                "::warning file=dir%3Ax%2Cy.md,line=1,col=1,title=S1::risky\n",
                "::warning file=dir%3Ax%2Cy.md,line=1,col=2,title=W1::careful\n",
                "::notice file=dir%3Ax%2Cy.md,line=1,col=3,title=G1::maybe\n",
                "::notice file=dir%3Ax%2Cy.md,line=1,col=4,title=N1::fyi\n",
            )
        );
        assert_eq!(escape_data("100%\r\n"), "100%25%0D%0A");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn counts_name_each_severity_with_its_plural() {
        let f = file("d.md", "x");
        let one = |finding: Finding| at(&f, 0..1, finding);
        assert_eq!(counts(&[]), "no findings");
        assert_eq!(counts(&[one(Finding::error("E", "m"))]), "1 error");
        let mixed = [
            one(Finding::error("E", "m")),
            one(Finding::error("E", "n")),
            one(Finding::security_warning("S", "m")),
            one(Finding::warning("W", "m")),
            one(Finding::warning("W", "n")),
            one(Finding::warning("W", "o")),
        ];
        assert_eq!(counts(&mixed), "2 errors, 1 security warning, 3 warnings");
    }

    #[test]
    fn exit_status_fails_on_errors_and_on_warnings_only_when_denied() {
        let f = file("e.md", "x");
        let one = |finding: Finding| vec![at(&f, 0..1, finding)];
        let cases = [
            (vec![], [0, 0]),
            (one(Finding::error("E", "m")), [1, 1]),
            (one(Finding::warning("W", "m")), [0, 1]),
            (one(Finding::security_warning("S", "m")), [0, 1]),
            (one(Finding::suggestion("G", "m")), [0, 1]),
            (one(Finding::note("N", "m")), [0, 0]),
        ];
        for (found, [plain, denied]) in cases {
            assert_eq!([exit_status(&found, false), exit_status(&found, true)], [plain, denied], "{:?}", keys(&found));
        }
    }

    #[test]
    fn human_quotes_the_line_with_a_caret_under_the_range() {
        let f = file("h.md", "abc\ndéf\n");
        let found = [
            at(&f, 1..3, Finding::error("E1", "two bytes").with_hint("fix it")),
            // An empty range is widened to the whole character after it.
            at(&f, 5..5, Finding::warning("W1", "before é")),
            at(&f, 8..8, Finding::security_warning("S1", "at the end")),
            at(&f, 0..1, Finding::suggestion("G1", "try")),
        ];
        insta::assert_snapshot!(human(&found));
    }

    #[test]
    fn human_quotes_a_window_of_a_long_line() {
        let long = format!("{}TARGET{}", "a".repeat(150), "b".repeat(150));
        let text = format!("short\r\n{long}\r\n{long}");
        let f = file("long.md", &text);
        let second = 7 + 150;
        let third = 7 + long.len() + 2 + 150;
        let found = [
            at(&f, second..second + 6, Finding::error("E1", "on the second line")),
            at(&f, third..third + 6, Finding::error("E2", "on the last line, which has no newline")),
            at(&f, text.len() - 3..text.len() + 5, Finding::error("E3", "past the end")),
        ];
        insta::assert_snapshot!(human(&found));
    }

    #[test]
    fn next_char_boundary_skips_the_rest_of_a_character() {
        let text = "aé€";
        assert_eq!(
            (0..=text.len()).map(|i| next_char_boundary(text, i)).collect::<Vec<_>>(),
            vec![1, 3, 3, 6, 6, 6, 6]
        );
    }

    #[test]
    fn a_line_of_exactly_the_window_is_quoted_whole_and_a_long_first_line_is_cut() {
        // 120 bytes and a newline: the newline is not part of the line, so it
        // is short enough to quote as it is, with no `…` cut.
        let line = format!("{}TARGET{}", "a".repeat(100), "b".repeat(14));
        assert_eq!(line.len(), crate::diagnostics::excerpt::WINDOW_COLUMNS);
        let edge = file("edge.md", &format!("{line}\nnext\n"));
        // A long line that starts the file: the caret still covers the range.
        let first = file("first.md", &format!("{}TARGET{}\nnext\n", "a".repeat(150), "b".repeat(150)));
        let found = [
            at(&edge, 100..106, Finding::error("E1", "on a line as long as the window")),
            at(&first, 150..156, Finding::error("E2", "on a long first line")),
        ];
        insta::assert_snapshot!(human(&found));
    }
}
