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
    /// The finished page's entry in the search index (`search::page_of`).
    search: Option<serde_json::Value>,
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
        pages.insert((lang.to_string(), page.to_string()), Entry { rendered, context, finished, search: None });
    }

    /// The search entry of the finished page `html`, when it was worked out
    /// from that very page.
    pub fn search_entry(&self, lang: &str, page: &str, html: &str) -> Option<serde_json::Value> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let entry = pages.get(&(lang.to_string(), page.to_string()))?;
        if *entry.finished == html { entry.search.clone() } else { None }
    }

    /// Remember the search entry of the finished page `html` (only while it
    /// is the page kept for `page`).
    pub fn keep_search_entry(&self, lang: &str, page: &str, html: &str, search: serde_json::Value) {
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = pages.get_mut(&(lang.to_string(), page.to_string()))
            && *entry.finished == html
        {
            entry.search = Some(search);
        }
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

    #[test]
    fn a_search_entry_belongs_to_the_finished_page_it_was_made_from() {
        let memo = PageMemo::default();
        let entry = serde_json::json!({"url": "a.html"});
        memo.keep_search_entry("en", "a.html", "done", entry.clone());
        assert_eq!(memo.search_entry("en", "a.html", "done"), None, "no page kept yet");
        memo.keep("en", "a.html", "<p>a</p>".into(), "c".into(), Arc::new("done".into()));
        memo.keep_search_entry("en", "a.html", "other", entry.clone());
        assert_eq!(memo.search_entry("en", "a.html", "done"), None, "made from another page");
        memo.keep_search_entry("en", "a.html", "done", entry.clone());
        assert_eq!(memo.search_entry("en", "a.html", "done"), Some(entry.clone()));
        assert_eq!(memo.search_entry("en", "a.html", "changed"), None);
        memo.keep("en", "a.html", "<p>b</p>".into(), "c".into(), Arc::new("done".into()));
        assert_eq!(memo.search_entry("en", "a.html", "done"), None, "a page finished anew has no entry yet");
    }
}
