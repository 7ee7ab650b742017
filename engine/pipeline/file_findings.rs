//! What a check that reads only a file's bytes found in it, kept across
//! `serve` rebuilds: the text hygiene judges every chapter file of every
//! edition on each rebuild, and after an edit all but one read as before.
//!
//! One entry a file (by its shown name and edition), holding the bytes it
//! was worked out from: answered only when the bytes are the same, compared
//! whole, so it is bounded by the book's size however long `serve` runs.

use crate::diagnostics::diag::Diagnostic;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Entry {
    bytes: Vec<u8>,
    found: Arc<Vec<Diagnostic>>,
}

#[derive(Default)]
pub struct FileFindings {
    entries: Mutex<HashMap<(String, String), Entry>>,
}

impl FileFindings {
    /// What `check` finds in `bytes`, the file `name` of edition `lang`:
    /// the kept findings when the file reads exactly as when they were
    /// worked out, else `check`'s (then kept). `check` must depend on
    /// nothing but the name, the edition and the bytes.
    pub fn found_or_checked(
        &self,
        name: &str,
        lang: &str,
        bytes: Vec<u8>,
        check: impl FnOnce(&[u8]) -> Vec<Diagnostic>,
    ) -> Arc<Vec<Diagnostic>> {
        let at = (name.to_string(), lang.to_string());
        if let Some(entry) = lock(&self.entries).get(&at).filter(|e| e.bytes == bytes) {
            return Arc::clone(&entry.found);
        }
        let found = Arc::new(check(&bytes));
        lock(&self.entries).insert(at, Entry { bytes, found: Arc::clone(&found) });
        found
    }

    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::diag::file_diagnostic;
    use crate::diagnostics::finding::Finding;
    use std::cell::Cell;

    fn one_finding(bytes: &[u8]) -> Vec<Diagnostic> {
        let text = String::from_utf8_lossy(bytes).into_owned();
        vec![file_diagnostic("a.md", text, 0..0, Finding::error("MOJIBAKE", "x"))]
    }

    #[test]
    fn same_bytes_are_answered_and_other_bytes_are_checked() {
        let memo = FileFindings::default();
        let runs = Cell::new(0);
        let check = |b: &[u8]| {
            runs.set(runs.get() + 1);
            one_finding(b)
        };
        let first = memo.found_or_checked("src/en/a.md", "en", b"one".to_vec(), check);
        let again = memo.found_or_checked("src/en/a.md", "en", b"one".to_vec(), check);
        assert_eq!(runs.get(), 1);
        assert!(Arc::ptr_eq(&first, &again));
        // The same length, one byte different: checked anew, and kept instead.
        let edited = memo.found_or_checked("src/en/a.md", "en", b"onf".to_vec(), check);
        assert_eq!(runs.get(), 2);
        assert_eq!(edited[0].file.text, "onf");
        // Another edition's file with the same bytes is its own entry.
        memo.found_or_checked("src/en/a.md", "ja", b"onf".to_vec(), check);
        assert_eq!((runs.get(), memo.len()), (3, 2));
    }
}
