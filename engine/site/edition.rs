//! One rendered edition, as the site's parts (`search`, `seo`, the switcher
//! in `site`) see it: in a file of its own so they need not import each other.

/// One rendered edition: its language and the pages a reader can land on.
#[derive(Debug, Clone)]
pub struct Edition {
    pub lang: String,
    /// Chapter pages, relative to the edition folder (`execution-role.html`).
    pub chapters: Vec<String>,
}

impl Edition {
    pub(super) fn has(&self, page: &str) -> bool {
        matches!(page, "index.html" | "print.html") || self.chapters.iter().any(|c| c == page)
    }
}
