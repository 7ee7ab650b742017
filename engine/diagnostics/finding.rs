//! A finding is one thing a checker has to say about a document.
//!
//! Checkers speak in JSON pointers ("/Statement/0/Action/1"): they know the
//! document, not where it came from. The `locate` stage turns the pointer into
//! a file, line and column once, for every finding, before anything is reported.

use serde::{Deserialize, Serialize};

/// IAM Access Analyzer's four finding types, plus `note` for things that are
/// only worth knowing (an unclassified block, for example).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security_warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
            Severity::Note => "note",
        }
    }

    /// Warnings of every flavour: what `--deny-warnings` turns into failures.
    pub fn is_warning(self) -> bool {
        matches!(self, Severity::SecurityWarning | Severity::Warning | Severity::Suggestion)
    }
}

/// Where in the document a finding points: the value at `pointer`, or the
/// object key that leads to it when `at_key` is set (e.g. "remove this key").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Target {
    pub pointer: String,
    pub at_key: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Access Analyzer's issue code where one exists (`INVALID_ACTION`), else our own.
    pub code: String,
    /// One sentence: what is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    pub target: Target,
}

impl Finding {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Finding { severity, code: code.to_string(), message: message.into(), hint: None, target: Target::default() }
    }

    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn security_warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::SecurityWarning, code, message)
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn suggestion(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Suggestion, code, message)
    }

    pub fn note(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// Point at the value found at `pointer` (RFC 6901).
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.target = Target { pointer: pointer.into(), at_key: false };
        self
    }

    /// Point at the object key of the member found at `pointer`.
    pub fn at_key(mut self, pointer: impl Into<String>) -> Self {
        self.target = Target { pointer: pointer.into(), at_key: true };
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Build a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 says.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: ToString,
{
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        out.push_str(&segment.to_string().replace('~', "~0").replace('/', "~1"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        assert_eq!(pointer(["Statement", "0", "a/b~c"]), "/Statement/0/a~1b~0c");
        assert_eq!(pointer(Vec::<String>::new()), "");
    }
}
