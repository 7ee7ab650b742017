//! What search engines read on a multilingual site: the site's address
//! (`output.html.site-url`), a canonical link and a description on every
//! page, `sitemap.xml` with each page's language alternates, `robots.txt`.
//! Absolute addresses need an absolute `site-url` (`https://…/`); with a bare
//! path (mdBook's default `/`) pages keep relative links and no sitemap is
//! written, since a sitemap must list absolute URLs
//! (<https://www.sitemaps.org/protocol.html>, <https://developers.google.com/search/docs/specialty/international/localized-versions>).

use crate::site::edition::Edition;
use crate::snippet::render::escape_html;
use std::path::Path;

/// The environment variable that overrides `output.html.site-url` (the name
/// mdBook gives it), so a CI job can build for the address it deploys to.
pub const SITE_URL_ENV: &str = "MDBOOK_OUTPUT__HTML__SITE_URL";

/// `output.html.site-url` (or its environment override), ending in `/`; `/`
/// when unset.
pub fn site_url(root: &Path) -> String {
    let url = match std::env::var(SITE_URL_ENV) {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => {
            let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
            let value: toml::Value = toml::from_str(&text).unwrap_or(toml::Value::Table(Default::default()));
            value
                .get("output")
                .and_then(|o| o.get("html"))
                .and_then(|h| h.get("site-url"))
                .and_then(|u| u.as_str())
                .unwrap_or("/")
                .to_string()
        }
    };
    if url.ends_with('/') { url } else { format!("{url}/") }
}

/// The site's absolute address when `site-url` is one.
pub fn absolute(site_url: &str) -> Option<&str> {
    (site_url.starts_with("https://") || site_url.starts_with("http://")).then_some(site_url)
}

/// The path of an address (`https://host/notes/` → `/notes/`).
pub fn path_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    }
}

/// The address a page is known by: an edition's `index.html` is mdBook's copy
/// of its first chapter, so it names that chapter.
pub fn canonical_page<'a>(edition: &'a Edition, page: &'a str) -> &'a str {
    match (page, edition.chapters.first()) {
        ("index.html", Some(first)) => first,
        _ => page,
    }
}

/// `<link rel="canonical">` and `<meta name="description">` for one page.
pub fn head_tags(base: Option<&str>, edition: &Edition, page: &str, html: &str) -> String {
    let mut out = String::new();
    if let Some(base) = base {
        let url = format!("{base}{}/{}", edition.lang, canonical_page(edition, page));
        out.push_str(&format!("        <link rel=\"canonical\" href=\"{}\">\n", escape_html(&url)));
    }
    if let Some(text) = description(html) {
        out.push_str(&format!("        <meta name=\"description\" content=\"{}\">\n", escape_html(&text)));
    }
    out
}

/// The chapter's first paragraph as plain text, cut at about 160 characters
/// (what result pages show) on a word or sentence boundary.
pub fn description(html: &str) -> Option<String> {
    let main = html.find("<main>").map_or(html, |i| &html[i..]);
    let mut rest = main;
    loop {
        let start = rest.find("<p")?;
        rest = &rest[start..];
        if !matches!(rest.as_bytes().get(2), Some(b'>' | b' ')) {
            rest = &rest[2..];
            continue;
        }
        let end = rest.find("</p>").unwrap_or(rest.len());
        let text = plain_text(&rest[crate::site::search::tag_end(rest)..end]);
        rest = &rest[end..];
        if !text.is_empty() {
            return Some(shorten(&text, 160));
        }
    }
}

fn plain_text(fragment: &str) -> String {
    let mut text = String::new();
    let mut rest = fragment;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt + crate::site::search::tag_end(&rest[lt..])..];
    }
    text.push_str(rest);
    crate::site::html_entities::decode(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters: whole words (or, in CJK text, up to the last
/// full stop), with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at = cut
        .rfind(['。', '.'])
        .filter(|&i| i > cut.len() / 2)
        .map(|i| i + cut[i..].chars().next().map_or(1, char::len_utf8))
        .or_else(|| cut.rfind(' ').filter(|&i| i > cut.len() / 2))
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// `sitemap.xml`: every chapter of every edition, each with its alternates in
/// the other editions (and `x-default`, the language chooser).
pub fn sitemap(base: &str, editions: &[Edition]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for edition in editions {
        for page in &edition.chapters {
            out.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                escape_html(&format!("{base}{}/{page}", edition.lang))
            ));
            for other in editions.iter().filter(|o| o.chapters.contains(page)) {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape_html(&other.lang),
                    escape_html(&format!("{base}{}/{page}", other.lang))
                ));
            }
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
                escape_html(base)
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; the sitemap, when there is one.
pub fn robots(base: Option<&str>) -> String {
    match base {
        Some(base) => format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editions() -> Vec<Edition> {
        vec![
            Edition { lang: "en".into(), chapters: vec!["intro.html".into(), "sqs.html".into()] },
            Edition { lang: "ja".into(), chapters: vec!["intro.html".into()] },
        ]
    }

    #[test]
    fn the_description_is_the_first_paragraph_escaped_and_cut() {
        let html = "<nav><p>menu</p></nav><main><h1 id=\"x\">T</h1><p></p><p>An <code>&lt;evil&gt;</code> \"quote\" &amp; 'more'\n  text</p><p>second</p></main>";
        let eds = editions();
        assert_eq!(description(html).as_deref(), Some("An <evil> \"quote\" & 'more' text"));
        assert_eq!(
            head_tags(Some("https://example.org/notes/"), &eds[0], "sqs.html", html),
            "        <link rel=\"canonical\" href=\"https://example.org/notes/en/sqs.html\">\n        \
             <meta name=\"description\" content=\"An &lt;evil&gt; &quot;quote&quot; &amp; &#39;more&#39; text\">\n"
        );
        // A page's index.html is its first chapter; without an absolute site-url, no canonical.
        assert_eq!(
            head_tags(Some("https://example.org/"), &eds[1], "index.html", "<main><p>x</p></main>"),
            "        <link rel=\"canonical\" href=\"https://example.org/ja/intro.html\">\n        <meta name=\"description\" content=\"x\">\n"
        );
        assert_eq!(head_tags(None, &eds[0], "sqs.html", "<main><pre>code</pre></main>"), "");
        let long = format!("<main><p>{}</p></main>", "word ".repeat(60));
        assert_eq!(description(&long).unwrap(), format!("{}…", ["word"; 31].join(" ")));
        let ja = format!("<main><p>{}</p></main>", "実行ロールは関数の権限です。".repeat(20));
        assert_eq!(description(&ja).unwrap(), format!("{}…", "実行ロールは関数の権限です。".repeat(11)));
    }

    #[test]
    fn the_sitemap_lists_every_chapter_with_its_alternates() {
        assert_eq!(
            sitemap("https://example.org/n/", &editions()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n  \
             <url>\n    <loc>https://example.org/n/en/intro.html</loc>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/n/en/intro.html\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/n/ja/intro.html\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/n/\"/>\n  </url>\n  \
             <url>\n    <loc>https://example.org/n/en/sqs.html</loc>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/n/en/sqs.html\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/n/\"/>\n  </url>\n  \
             <url>\n    <loc>https://example.org/n/ja/intro.html</loc>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/n/en/intro.html\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/n/ja/intro.html\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/n/\"/>\n  </url>\n\
             </urlset>\n"
        );
        // URLs are escaped for XML.
        assert!(sitemap("https://e.org/a&b/", &editions()).contains("<loc>https://e.org/a&amp;b/en/intro.html</loc>"));
    }

    #[test]
    fn robots_points_at_the_sitemap_only_when_there_is_one() {
        assert_eq!(
            robots(Some("https://example.org/n/")),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/n/sitemap.xml\n"
        );
        assert_eq!(robots(None), "User-agent: *\nAllow: /\n");
        assert_eq!(absolute("/"), None);
        assert_eq!(path_of("https://example.org/notes/"), "/notes/");
        assert_eq!(path_of("https://example.org"), "/");
        assert_eq!(path_of("/notes/"), "/notes/");
        assert_eq!(absolute("https://example.org/"), Some("https://example.org/"));
    }
}
