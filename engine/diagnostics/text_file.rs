//! Reading a file the author wrote (a chapter, an example, a document given
//! to `check`) as text, and saying exactly what went wrong when it cannot
//! be: missing, not UTF-8 (where), or unreadable (why) are different
//! findings, and none of them stops the other files from being checked.

use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::diag::file_diagnostic;
use crate::diagnostics::finding::Finding;
use std::io::ErrorKind;
use std::path::Path;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    /// The bytes up to the first one that is not UTF-8.
    NotUtf8 {
        valid: String,
    },
    /// Anything else the system refused (a folder, no permission, …).
    Unreadable(ErrorKind),
}

/// The file's text, exactly as it is.
pub fn read(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => ReadError::Missing,
        kind => ReadError::Unreadable(kind),
    })?;
    from_bytes(bytes)
}

/// The bytes as text, or where they stop being UTF-8.
pub fn from_bytes(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        ReadError::NotUtf8 { valid: String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned() }
    })
}

/// A JSON document's text without a leading byte order mark: RFC 8259
/// (section 8.1) lets a parser ignore one, and editors on Windows add it.
/// Columns stay right: a BOM is not a column (see [`crate::diagnostics::diag::line_column`]).
pub fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

impl ReadError {
    /// The finding about the file `name` itself, placed in it where that
    /// means something (the first byte that is not UTF-8).
    pub fn diagnostic(self, name: &str) -> Diagnostic {
        match self {
            ReadError::NotUtf8 { valid } => invalid_utf8(name, valid),
            ReadError::Missing => file_diagnostic(
                name,
                String::new(),
                0..0,
                Finding::error(codes::UNREADABLE_FILE, "cannot read this file: it does not exist"),
            ),
            ReadError::Unreadable(kind) => file_diagnostic(name, String::new(), 0..0, unreadable(kind)),
        }
    }
}

/// `UNREADABLE_FILE`: the system would not give us the file's bytes.
pub fn unreadable(kind: ErrorKind) -> Finding {
    Finding::error(codes::UNREADABLE_FILE, format!("cannot read this file: {kind}"))
        .with_hint("a chapter, an example or a document must be a readable regular file")
}

/// `INVALID_UTF8` at the first bad byte of the file `name`, which is valid
/// UTF-8 up to where `valid` ends.
pub fn invalid_utf8(name: &str, valid: String) -> Diagnostic {
    let at = valid.len();
    file_diagnostic(
        name,
        valid,
        at..at,
        Finding::error(codes::INVALID_UTF8, format!("the file is not valid UTF-8 after byte {at}"))
            .with_hint("save the file as UTF-8"),
    )
}
