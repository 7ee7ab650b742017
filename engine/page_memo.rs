//! Finished pages that `serve` keeps across rebuilds. Finishing a page
//! (language switcher, head tags, readable tables, placeholder marks,
//! translated chrome, shared anchors) depends only on what mdBook rendered
//! and on a few facts about the site; when an edit re-renders an edition,
//! mdBook's output for every chapter but the edited one is the same as
//! last time, so its finished page is too.
//!
//! An entry is keyed by the whole of its inputs, compared exactly (no
//! hashes): the page mdBook rendered, and a text naming everything else
//! finishing reads (`site::finish_editions` builds it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Entry {
    rendered: String,
    context: String,
    finished: Arc<String>,
}

/// (edition, page) → the last page finished there.
#[derive(Default)]
pub struct PageMemo {
    pages: Mutex<HashMap<(String, String), Entry>>,
}

impl PageMemo {
    /// The finished page, when `rendered` and `context` are those it was
    /// finished from.
    pub fn finished(&self, lang: &str, page: &str, rendered: &str, context: &str) -> Option<Arc<String>> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let entry = pages.get(&(lang.to_string(), page.to_string()))?;
        (entry.rendered == rendered && entry.context == context).then(|| Arc::clone(&entry.finished))
    }

    /// Remember the page finished from `rendered` in `context` (replacing
    /// what that page was before: one entry a page).
    pub fn keep(&self, lang: &str, page: &str, rendered: String, context: String, finished: Arc<String>) {
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        pages.insert((lang.to_string(), page.to_string()), Entry { rendered, context, finished });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_answered_only_for_the_same_rendering_and_context() {
        let memo = PageMemo::default();
        assert_eq!(memo.finished("en", "a.html", "<p>a</p>", "c"), None);
        memo.keep("en", "a.html", "<p>a</p>".into(), "c".into(), Arc::new("done".into()));
        assert_eq!(memo.finished("en", "a.html", "<p>a</p>", "c").as_deref().map(String::as_str), Some("done"));
        assert_eq!(memo.finished("en", "a.html", "<p>b</p>", "c"), None, "another rendering");
        assert_eq!(memo.finished("en", "a.html", "<p>a</p>", "d"), None, "another context");
        assert_eq!(memo.finished("ja", "a.html", "<p>a</p>", "c"), None, "another edition");
        memo.keep("en", "a.html", "<p>b</p>".into(), "c".into(), Arc::new("done b".into()));
        assert_eq!(memo.finished("en", "a.html", "<p>a</p>", "c"), None, "one entry a page");
    }
}
