//! What the site needs beyond the editions mdBook renders: the language
//! chooser at the root, the published JSON Schemas, the language switcher and
//! `hreflang` links on every page, a 404 page that works in each edition, and
//! the search index (see `search`).

pub mod anchors;
pub mod chrome;
pub mod edition;
pub mod html_entities;
pub mod page_memo;
pub mod placeholder_marks;
pub mod search;
pub mod seo;
pub mod tables;

use crate::settings::BookSetup;
use anyhow::{Context, Result};
use edition::Edition;
use page_memo::PageMemo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Add `index.html`, `schemas/`, the language switcher and the search index
/// to a freshly rendered site.
pub fn finish(setup: &BookSetup, out_dir: &Path) -> Result<()> {
    finish_editions(setup, out_dir, &setup.project.languages, None)
}

/// [`finish`], decorating and indexing only the editions in `fresh` (those
/// just rendered: `serve` keeps the others as the last build finished them).
/// With a `memo` (`serve`), a page mdBook rendered as last time, in the same
/// site, is taken as it was finished then instead of being finished again.
pub fn finish_editions(setup: &BookSetup, out_dir: &Path, fresh: &[String], memo: Option<&PageMemo>) -> Result<()> {
    let schemas = out_dir.join("schemas");
    std::fs::create_dir_all(&schemas)?;
    for (file, text) in crate::checks::schema::SCHEMAS {
        std::fs::write(schemas.join(file), text).with_context(|| format!("cannot write schemas/{file}"))?;
    }
    let icon = favicon(out_dir, &setup.project.languages);
    std::fs::write(out_dir.join("index.html"), language_chooser(setup, icon.as_deref()))
        .context("cannot write index.html")?;
    let site_url = crate::site::seo::site_url(&setup.root);
    let base = crate::site::seo::absolute(&site_url);
    std::fs::write(out_dir.join("404.html"), root_404(&setup.project.languages, &site_url, icon.as_deref()))
        .context("cannot write 404.html")?;

    let editions = editions(setup, out_dir)?;
    let reference = editions.first().map(|e| outlines(&out_dir.join(&e.lang), e)).unwrap_or_default();
    for edition in editions.iter().filter(|e| fresh.contains(&e.lang)) {
        let dir = out_dir.join(&edition.lang);
        let renames: BTreeMap<String, BTreeMap<String, String>> = outlines(&dir, edition)
            .into_iter()
            .map(|(page, own)| {
                let shared =
                    reference.get(&page).map(|r| crate::site::anchors::shared_ids(r, &own)).unwrap_or_default();
                (page, shared)
            })
            .collect();
        let mut pages: Vec<String> = edition.chapters.clone();
        pages.extend(["index.html", "print.html", "404.html"].map(String::from));
        let mut seen = BTreeSet::new();
        let has_own_404 = setup.src_dir(&edition.lang).join("404.md").exists();
        for page in pages.into_iter().filter(|p| seen.insert(p.clone())) {
            let path = dir.join(&page);
            let Ok(rendered) = std::fs::read_to_string(&path) else { continue };
            // Everything finishing reads besides the page (print.html, which
            // every chapter edit changes, is not kept).
            let context = memo
                .filter(|_| page != "print.html")
                .map(|_| format!("{editions:?}\n{:?}\n{base:?}\n{site_url}\n{has_own_404}", renames.get(&page)));
            if let (Some(memo), Some(context)) = (memo, &context)
                && let Some(finished) = memo.finished(&edition.lang, &page, &rendered, context)
            {
                std::fs::write(&path, finished.as_bytes())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                continue;
            }
            let mut html = decorate(&rendered, edition, &page, &editions, base);
            html = add_to_head(
                &html,
                &match page.as_str() {
                    "print.html" | "404.html" => "        <meta name=\"robots\" content=\"noindex\">\n".to_string(),
                    _ => crate::site::seo::head_tags(base, edition, &page, &html),
                },
            );
            html = crate::site::tables::readable(&html, &edition.lang);
            html = crate::site::placeholder_marks::mark(&html);
            html = crate::site::chrome::translate(&html, &edition.lang);
            if page != "print.html" {
                html = crate::site::anchors::rename(&html, &page, &renames);
            }
            html = place_form(&html, &edition.lang);
            if page == "404.html" {
                html = fix_404_base(&html, &site_url, &edition.lang);
                if !has_own_404 {
                    html = translate_default_404(&html, &edition.lang);
                }
            }
            std::fs::write(&path, &html).with_context(|| format!("cannot write {}", path.display()))?;
            if let (Some(memo), Some(context)) = (memo, context) {
                memo.keep(&edition.lang, &page, rendered, context, Arc::new(html));
            }
        }
        std::fs::write(dir.join(HCL_SCRIPT), HCL_LANGUAGE).with_context(|| format!("cannot write {HCL_SCRIPT}"))?;
        fonts_without_layout_shift(&dir.join("fonts"))?;
    }
    let fresh_editions: Vec<Edition> = editions.iter().filter(|e| fresh.contains(&e.lang)).cloned().collect();
    crate::site::search::index(out_dir, &fresh_editions, memo)?;
    if let Some(base) = base {
        std::fs::write(out_dir.join("sitemap.xml"), crate::site::seo::sitemap(base, &editions))
            .context("cannot write sitemap.xml")?;
    }
    std::fs::write(out_dir.join("robots.txt"), crate::site::seo::robots(base)).context("cannot write robots.txt")?;
    Ok(())
}

/// The heading outline of each chapter page of an edition (and its start page).
fn outlines(dir: &Path, edition: &Edition) -> BTreeMap<String, Vec<(u8, String)>> {
    edition
        .chapters
        .iter()
        .map(String::as_str)
        .chain(["index.html"])
        .filter_map(|page| {
            let html = std::fs::read_to_string(dir.join(page)).ok()?;
            Some((page.to_string(), crate::site::anchors::outline(&html)))
        })
        .collect()
}

/// The "use my values" form's closed box, written into the page where the
/// script (theme/lambda-notes.js) fills it in, so that it does not push the
/// page down after load. Only on pages with snippets it can personalise.
fn place_form(html: &str, lang: &str) -> String {
    let Some(main) = html.find("<main>") else { return html.to_string() };
    // The same test the script makes: a snippet or an inline value to personalise.
    if !html.contains("data-ln-placeholders=") && !html.contains("data-ph=") {
        return html.to_string();
    }
    let at = match html[main..].find("</h1>") {
        Some(i) => main + i + "</h1>".len(),
        None => main + "<main>".len(),
    };
    let summary = match lang {
        "ja" => "スニペットに自分のアカウント・リージョン・名前を入れる",
        "ko" => "스니펫에 내 계정, 리전, 이름 넣기",
        _ => "Use my own account, Region and names in these snippets",
    };
    format!("{}<details class=\"ln-personalise\"><summary>{summary}</summary></details>{}", &html[..at], &html[at..])
}

/// mdBook's web fonts swap in when they arrive and move every line that
/// they re-wrap (a layout shift of up to 0.09 on a phone). With
/// `font-display: optional` a font that is not there for the first paint
/// waits for the next page instead.
fn fonts_without_layout_shift(fonts: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(fonts) else { return Ok(()) };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("fonts") && name.ends_with(".css")) {
            continue;
        }
        let css = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        std::fs::write(&path, optional_fonts(&css)).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn optional_fonts(css: &str) -> String {
    if css.contains("font-display") {
        return css.to_string();
    }
    css.replace("@font-face {", "@font-face {\n  font-display: optional;")
}

/// `tags` at the end of the page's `<head>`; a description among them
/// replaces mdBook's (the book's, empty in this one).
fn add_to_head(html: &str, tags: &str) -> String {
    let mut html = html.to_string();
    if tags.contains("<meta name=\"description\"") {
        html = without_description(&html);
    }
    match html.find("</head>") {
        Some(i) if !tags.is_empty() => format!("{}{tags}    {}", &html[..i], &html[i..]),
        _ => html,
    }
}

fn without_description(html: &str) -> String {
    const META: &str = "<meta name=\"description\" content=\"";
    let Some(start) = html.find(META) else { return html.to_string() };
    let Some(end) = html[start..].find('>').map(|e| start + e + 1) else { return html.to_string() };
    let end = end + html[end..].len() - html[end..].trim_start_matches([' ', '\n']).len();
    format!("{}{}", &html[..start], &html[end..])
}

/// The editions and their chapter pages, from each SUMMARY.md.
pub fn editions(setup: &BookSetup, out_dir: &Path) -> Result<Vec<Edition>> {
    let mut out = Vec::new();
    for lang in &setup.project.languages {
        let chapters = crate::book::parity::summary_chapters(&setup.src_dir(lang))?
            .into_iter()
            .map(|md| md.strip_suffix(".md").map_or(md.clone(), |stem| format!("{stem}.html")))
            .filter(|page| out_dir.join(lang).join(page).is_file())
            .collect();
        out.push(Edition { lang: lang.clone(), chapters });
    }
    Ok(out)
}

/// mdBook gives the 404 page `<base href="SITE_URL">` so that it works at any
/// depth; every edition's 404 page lives in `SITE_URL<lang>/`. Where the site
/// is served under another path than `site-url` says (a GitHub project page),
/// a script right after the tag, before anything is fetched, takes the base
/// from the address instead: everything up to the first `/<lang>/`.
fn fix_404_base(html: &str, site_url: &str, lang: &str) -> String {
    let from = format!("<base href=\"{}\">", crate::snippet::render::escape_html(site_url));
    // Only the path: the browser fetches the page's styles from the first
    // <base> it sees, and the site's host may not be the one serving it (a
    // preview, a local copy).
    let to = format!(
        "<base href=\"{}{lang}/\">\n        <script>{}</script>",
        crate::snippet::render::escape_html(crate::site::seo::path_of(site_url)),
        base_from_address(lang)
    );
    html.replacen(&from, &to, 1)
}

/// Inline script: point `<base>` at the edition folder found in the address.
fn base_from_address(lang: &str) -> String {
    format!(
        "(function () {{ var m = location.pathname.match(/^(.*?\\/{lang}\\/)/); \
         if (m) document.querySelector('base').href = location.origin + m[1]; }})();"
    )
}

/// The one 404 page that static hosts (GitHub Pages, Netlify) serve for any
/// missing address: it sends the reader to the 404 page of the edition in the
/// address (or of their browser's language), wherever the site is mounted.
fn root_404(langs: &[String], site_url: &str, favicon: Option<&str>) -> String {
    // Escaped as the landing page escapes what it writes (`script_literal`, `esc`).
    let esc = crate::snippet::render::escape_html;
    // From the site's root path (the page is served at any depth), on the
    // page's own host: an icon is fetched, unlike the links below.
    let root = match site_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => site_url,
    };
    let icon = favicon.map(|f| format!("  <link rel=\"icon\" href=\"{}{}\">\n", esc(root), esc(f))).unwrap_or_default();
    let list = script_literal(&langs);
    let links: String = langs
        .iter()
        .map(|l| {
            format!(
                "    <li><a href=\"{}{l}/\" hreflang=\"{l}\" lang=\"{l}\">{}</a></li>\n",
                esc(site_url),
                esc(native_name(l)),
                l = esc(l),
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Page not found (404)</title>
{icon}  <script>
    // The edition is the path segment that names one, and the site's root
    // whatever comes before it (the site may live under a sub-path). Without
    // one: the browser's language, at the deepest folder of the address
    // where that edition's 404 page exists.
    (function () {{
      if (/\/404\.html$/.test(location.pathname)) return; // never loop
      var editions = {list};
      var parts = location.pathname.split("/");
      for (var i = 0; i < parts.length; i++) {{
        if (editions.indexOf(parts[i]) !== -1) {{
          location.replace(parts.slice(0, i + 1).join("/") + "/404.html");
          return;
        }}
      }}
      var wanted = String(navigator.language || "en").toLowerCase().split("-")[0];
      var lang = editions.indexOf(wanted) !== -1 ? wanted : editions[0];
      (function probe(depth) {{
        if (depth < 1) return;
        var target = parts.slice(0, depth).join("/") + "/" + lang + "/404.html";
        fetch(target, {{ method: "HEAD" }}).then(function (r) {{
          if (r.ok) location.replace(target); else probe(depth - 1);
        }}, function () {{ probe(depth - 1); }});
      }})(parts.length - 1);
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
    @media (prefers-color-scheme: dark) {{ body {{ background: #161923; color: #bcbdd0; }} a {{ color: #2b79a2; }} }}
    :lang(ko) {{ word-break: keep-all; }}
    :lang(ja) {{ line-break: strict; }}
  </style>
</head>
<body>
  <h1>Page not found (404)</h1>
  <p lang="ja">ページが見つかりません</p>
  <p lang="ko">페이지를 찾을 수 없습니다</p>
  <ul>
{links}  </ul>
</body>
</html>
"#
    )
}

/// A Terraform (`hcl`) language for mdBook's highlight.js, which has none: it
/// must be registered before mdBook's book.js highlights the page, so the page
/// loads it right after highlight.js (see [`decorate`]).
const HCL_SCRIPT: &str = "lambda-notes-hcl.js";
const HCL_LANGUAGE: &str = include_str!("../../theme/lambda-notes-hcl.js");

/// Where mdBook's `<script src="…highlight….js"></script>` ends, if the page
/// loads it (the file name may carry a content hash).
fn highlight_script_end(html: &str) -> Option<usize> {
    const OPEN: &str = "<script src=\"";
    const CLOSE: &str = "\"></script>";
    let mut from = 0;
    while let Some(i) = html[from..].find(OPEN) {
        let src_start = from + i + OPEN.len();
        let src_len = html[src_start..].find(CLOSE)?;
        let src = &html[src_start..src_start + src_len];
        if src.rsplit('/').next().is_some_and(|file| file.starts_with("highlight")) {
            return Some(src_start + src_len + CLOSE.len());
        }
        from = src_start;
    }
    None
}

/// The skip link's text, first thing on every page.
fn skip_text(lang: &str) -> &'static str {
    match lang {
        "ja" => "本文へスキップ",
        "ko" => "본문으로 건너뛰기",
        _ => "Skip to main content",
    }
}

/// mdBook's built-in 404 text is English; say it in the edition's language
/// (a `src/<lang>/404.md` replaces it altogether).
fn translate_default_404(html: &str, lang: &str) -> String {
    let (title, text) = match lang {
        "ja" => (
            "ページが見つかりません (404)",
            "この URL のページはありません。目次か検索から目的のページを探してください。",
        ),
        "ko" => (
            "페이지를 찾을 수 없습니다 (404)",
            "이 URL에는 페이지가 없습니다. 목차나 검색으로 원하는 페이지를 찾아 주세요.",
        ),
        _ => return html.to_string(),
    };
    let page_title = match lang {
        "ja" => "ページが見つかりません",
        _ => "페이지를 찾을 수 없습니다",
    };
    html.replacen(">Document not found (404)<", &format!(">{title}<"), 1)
        .replacen("This URL is invalid, sorry. Please use the navigation bar or search to continue.", text, 1)
        .replacen("<title>Page not found", &format!("<title>{page_title}"), 1)
}

pub fn native_name(lang: &str) -> &str {
    match lang {
        "en" => "English",
        "ja" => "日本語",
        "ko" => "한국어",
        other => other,
    }
}

/// Where a page of one edition leads in another: the same page when that
/// edition has it, else its start page. Relative to the page (`page` is
/// relative to its edition folder).
fn counterpart(page: &str, other: &Edition) -> String {
    let up = "../".repeat(page.matches('/').count() + 1);
    let target = if other.has(page) { page } else { "index.html" };
    format!("{up}{}/{target}", other.lang)
}

/// Where the same page is in another edition for search engines: absolute
/// when the site's address is known (`base`), else relative.
fn alternate(page: &str, other: &Edition, base: Option<&str>) -> String {
    match base {
        Some(base) => {
            let target = if other.has(page) { crate::site::seo::canonical_page(other, page) } else { "index.html" };
            format!("{base}{}/{target}", other.lang)
        }
        None => counterpart(page, other),
    }
}

/// Add the `hreflang` links to the head and the language switcher to the menu
/// bar (or, in a theme without one, to the top of the content).
pub fn decorate(html: &str, edition: &Edition, page: &str, editions: &[Edition], base: Option<&str>) -> String {
    let esc = crate::snippet::render::escape_html;
    let mut head = String::from("<!-- lambda-notes: editions -->\n");
    for other in editions {
        head.push_str(&format!(
            "        <link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
            esc(&other.lang),
            esc(&alternate(page, other, base))
        ));
    }
    let chooser = match base {
        Some(base) => base.to_string(),
        None => format!("{}index.html", "../".repeat(page.matches('/').count() + 1)),
    };
    head.push_str(&format!("        <link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">\n    ", esc(&chooser)));
    let mut nav = format!(
        "<nav class=\"ln-langs\" aria-label=\"{}\">",
        match edition.lang.as_str() {
            "ja" => "言語",
            "ko" => "언어",
            _ => "Language",
        }
    );
    for other in editions {
        let label = format!(
            "<span class=\"ln-long\">{}</span><span class=\"ln-short\">{}</span>",
            esc(native_name(&other.lang)),
            esc(&other.lang.to_uppercase())
        );
        if other.lang == edition.lang {
            nav.push_str(&format!(
                "<a class=\"ln-current\" aria-current=\"page\" lang=\"{l}\" hreflang=\"{l}\" href=\"{href}\">{label}</a>",
                l = esc(&other.lang),
                href = esc(&counterpart(page, other)),
            ));
        } else {
            nav.push_str(&format!(
                "<a lang=\"{l}\" hreflang=\"{l}\" href=\"{href}\" title=\"{name}\">{label}</a>",
                l = esc(&other.lang),
                href = esc(&counterpart(page, other)),
                name = esc(native_name(&other.lang)),
            ));
        }
    }
    // The landing page's list of every edition, which stays put with `?stay`.
    let all = match edition.lang.as_str() {
        "ja" => "すべての言語",
        "ko" => "모든 언어",
        _ => "All languages",
    };
    nav.push_str(&format!(
        "<a class=\"ln-chooser\" href=\"{}index.html?stay\" title=\"{all}\" aria-label=\"{all}\">{}</a></nav>",
        "../".repeat(page.matches('/').count() + 1),
        template_inner(html, "ln-fa-globe").unwrap_or("🌐")
    ));

    let mut out = match html.find("</head>") {
        Some(i) => format!("{}{head}{}", &html[..i], &html[i..]),
        None => html.to_string(),
    };
    if let Some(body) = out.find("<body").and_then(|b| out[b..].find('>').map(|e| b + e + 1)) {
        let skip = format!("\n        <a class=\"ln-skip\" href=\"#mdbook-content\">{}</a>", skip_text(&edition.lang));
        out.insert_str(body, &skip);
    }
    if let Some(end) = highlight_script_end(&out) {
        let up = "../".repeat(page.matches('/').count());
        out.insert_str(end, &format!("\n        <script src=\"{up}{HCL_SCRIPT}\"></script>"));
    }
    const BAR: &str = "<div class=\"right-buttons\">";
    if let Some(i) = out.find(BAR) {
        out.insert_str(i + BAR.len(), &format!("\n                        {nav}"));
    } else if let Some(i) = out.find("<main>") {
        out.insert_str(i + "<main>".len(), &nav);
    }
    out
}

/// What a `<template id="…">` of the page (theme/header.hbs) holds: the
/// icons mdBook renders for us.
fn template_inner<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let open = format!("<template id=\"{id}\">");
    let start = html.find(&open)? + open.len();
    let len = html[start..].find("</template>")?;
    Some(&html[start..start + len])
}

/// Where the reader's explicit choice of edition is kept (the landing page
/// and the switcher's script write it; theme/lambda-notes.js).
const CHOSEN_KEY: &str = "lambda-notes.lang";

/// mdBook's favicon in the first edition (its name carries a content hash),
/// relative to the site root.
fn favicon(out_dir: &Path, langs: &[String]) -> Option<String> {
    let lang = langs.first()?;
    let mut names: Vec<String> = std::fs::read_dir(out_dir.join(lang))
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("favicon") && n.ends_with(".svg"))
        .collect();
    names.sort();
    names.first().map(|n| format!("{lang}/{n}"))
}

/// The landing page: sends the visitor to the edition they chose before
/// (remembered in this browser), else to the one their browser asks for; with
/// `?stay` (the switcher's "all languages" link) it stays and lists every
/// edition. Styled like the site: mdBook's Light colours, Navy's in dark mode
/// or when the reader picked a dark theme in the book.
fn language_chooser(setup: &BookSetup, favicon: Option<&str>) -> String {
    let esc = crate::snippet::render::escape_html;
    let langs = &setup.project.languages;
    let links: String = langs
        .iter()
        .map(|l| {
            let title = setup.project.titles.get(l).map(String::as_str).unwrap_or("");
            format!(
                "    <li><a href=\"{l}/\" hreflang=\"{l}\" lang=\"{l}\" data-lang=\"{l}\"><span class=\"name\">{}</span> <span class=\"title\">{}</span></a></li>\n",
                esc(native_name(l)),
                esc(title),
                l = esc(l),
            )
        })
        .collect();
    let alternates: String = langs
        .iter()
        .map(|l| format!("  <link rel=\"alternate\" hreflang=\"{l}\" href=\"{l}/\">\n", l = esc(l)))
        .collect();
    let icon = favicon.map(|f| format!("  <link rel=\"icon\" href=\"{}\">\n", esc(f))).unwrap_or_default();
    let list = script_literal(langs);
    let key = script_literal(&CHOSEN_KEY);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>Lambda permissions notes</title>
{icon}{alternates}  <script>
    // The edition the reader chose here or with the switcher (kept in this
    // browser), else the first their browser asks for; `?stay` stays here.
    (function () {{
      var editions = {list}, key = {key}, chosen = null, theme = null;
      try {{ chosen = localStorage.getItem(key); theme = localStorage.getItem("mdbook-theme"); }} catch (e) {{}}
      if (theme) document.documentElement.className = /^(coal|navy|ayu)$/.test(theme) ? "dark" : "light";
      document.addEventListener("click", function (e) {{
        var link = e.target.closest && e.target.closest("a[data-lang]");
        if (link) try {{ localStorage.setItem(key, link.getAttribute("data-lang")); }} catch (err) {{}}
      }});
      if (/[?&]stay\b/.test(location.search)) return;
      if (chosen && editions.indexOf(chosen) !== -1) {{ location.replace(chosen + "/"); return; }}
      var wanted = navigator.languages || [navigator.language || ""];
      for (var i = 0; i < wanted.length; i++) {{
        var code = String(wanted[i]).toLowerCase().split("-")[0];
        if (editions.indexOf(code) !== -1) {{ location.replace(code + "/"); return; }}
      }}
    }})();
  </script>
  <style>
    html {{ --bg: #fff; --fg: #333; --bar: #fafafa; --border: #e5e5e5; --links: #20609f; --hover: #f2f2f2; }}
    html.dark {{ --bg: #161923; --fg: #bcbdd0; --bar: #282d3f; --border: #2f3550; --links: #6cb4e4; --hover: #1f2331; }}
    @media (prefers-color-scheme: dark) {{
      html:not(.light) {{ --bg: #161923; --fg: #bcbdd0; --bar: #282d3f; --border: #2f3550; --links: #6cb4e4; --hover: #1f2331; }}
    }}
    body {{ margin: 0; background: var(--bg); color: var(--fg); line-height: 1.6;
      font-family: "Open Sans", system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Apple SD Gothic Neo", "Noto Sans CJK KR", sans-serif; }}
    header {{ background: var(--bar); border-bottom: 1px solid var(--border); padding: 0 1rem; }}
    header p {{ max-width: 40rem; margin: 0 auto; line-height: 50px; font-size: 1.1rem; font-weight: 200; }}
    main {{ max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }}
    h1 {{ font-size: 1.6rem; font-weight: 600; margin: 0 0 .5rem; }}
    ul {{ list-style: none; padding: 0; margin: 1.5rem 0; display: grid; gap: .75rem; }}
    a {{ display: block; padding: .8rem 1rem; border: 1px solid var(--border); border-radius: 6px; color: var(--links); text-decoration: none; }}
    a:hover, a:focus-visible {{ background: var(--hover); }}
    .name {{ font-size: 1.2rem; font-weight: 600; }}
    .title {{ display: block; color: var(--fg); }}
    :lang(ko) {{ word-break: keep-all; }}
    :lang(ja) {{ line-break: strict; }}
  </style>
</head>
<body>
  <header><p>Lambda permissions notes</p></header>
  <main>
  <h1>Choose a language</h1>
  <p><span lang="ja">言語を選択</span> · <span lang="ko">언어 선택</span></p>
  <ul>
{links}  </ul>
  </main>
</body>
</html>
"#
    )
}

/// A value as a JavaScript literal inside a `<script>` element: JSON with
/// `<`, `>` and `&` written as `\u` escapes (so no `</script>` or `<!--`
/// can end or confuse the element), and U+2028/U+2029 escaped (line
/// terminators inside string literals for older JavaScript engines).
pub fn script_literal(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_literals_cannot_end_the_script() {
        let value = ["</script><script>alert(1)</script>", "<!--", "a\u{2028}b\u{2029}c & d"];
        assert_eq!(
            script_literal(&value),
            r#"["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e","\u003c!--","a\u2028b\u2029c \u0026 d"]"#
        );
        let back: Vec<String> = serde_json::from_str(&script_literal(&value)).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_landing_page_escapes_what_it_writes() {
        // book.toml's codes are validated on load; the page is safe even without that.
        let lang = "x\"><img src=x onerror=alert(1)></script><!--";
        let setup = BookSetup {
            root: std::path::PathBuf::from("."),
            project: crate::settings::ProjectConfig {
                languages: vec![lang.to_string()],
                titles: [(lang.to_string(), "<b>T</b>".to_string())].into(),
                require_examples: false,
            },
            published: Vec::new(),
        };
        let page = language_chooser(&setup, None);
        let l = "x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;!--";
        assert!(page.contains(&format!("  <link rel=\"alternate\" hreflang=\"{l}\" href=\"{l}/\">\n")), "{page}");
        assert!(page.contains(&format!(
            "    <li><a href=\"{l}/\" hreflang=\"{l}\" lang=\"{l}\" data-lang=\"{l}\"><span class=\"name\">{l}</span> <span class=\"title\">&lt;b&gt;T&lt;/b&gt;</span></a></li>\n"
        )));
        assert!(page.contains(
            r#"      var editions = ["x\"\u003e\u003cimg src=x onerror=alert(1)\u003e\u003c/script\u003e\u003c!--"], key = "lambda-notes.lang", chosen = null, theme = null;"#
        ));
        assert_eq!(page.matches("<script>").count(), 1);
        assert_eq!(page.matches("</script>").count(), 1);
        assert!(!page.contains("<img") && !page.contains("<!--"));
    }

    fn editions() -> Vec<Edition> {
        vec![
            Edition { lang: "en".into(), chapters: vec!["intro.html".into(), "sqs.html".into()] },
            Edition { lang: "ja".into(), chapters: vec!["intro.html".into()] },
        ]
    }

    #[test]
    fn every_page_starts_with_a_skip_link_and_loads_hcl_after_highlight_js() {
        let eds = editions();
        let page = "<html><head></head><body class=\"x\"><div class=\"right-buttons\"></div>\
            <script src=\"clipboard-1.min.js\"></script><script src=\"highlight-abc.js\"></script><script src=\"book-1.js\"></script></body></html>";
        let out = decorate(page, &eds[1], "intro.html", &eds, None);
        assert!(
            out.contains(
                "<body class=\"x\">\n        <a class=\"ln-skip\" href=\"#mdbook-content\">本文へスキップ</a>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<script src=\"highlight-abc.js\"></script>\n        <script src=\"lambda-notes-hcl.js\"></script><script src=\"book-1.js\">"
            ),
            "{out}"
        );
        let nested = decorate(page, &eds[0], "sub/page.html", &eds, None);
        assert!(nested.contains("<script src=\"../lambda-notes-hcl.js\"></script>"), "{nested}");
        assert_eq!(highlight_script_end("<script src=\"book.js\"></script>"), None);
    }

    #[test]
    fn our_description_replaces_mdbooks() {
        let page = "<head>\n        <meta name=\"description\" content=\"\">\n        <title>t</title>\n    </head>";
        assert_eq!(
            add_to_head(page, "        <meta name=\"description\" content=\"x\">\n"),
            "<head>\n        <title>t</title>\n            <meta name=\"description\" content=\"x\">\n    </head>"
        );
        assert_eq!(add_to_head(page, ""), page);
    }

    #[test]
    fn web_fonts_never_move_the_page() {
        let css = "@font-face {\n  font-family: 'Open Sans';\n}\n@font-face {\n  src: url(x.woff2);\n}\n";
        assert_eq!(
            optional_fonts(css),
            "@font-face {\n  font-display: optional;\n  font-family: 'Open Sans';\n}\n@font-face {\n  font-display: optional;\n  src: url(x.woff2);\n}\n"
        );
        assert_eq!(optional_fonts("@font-face { font-display: swap; }"), "@font-face { font-display: swap; }");
    }

    #[test]
    fn the_form_box_is_in_the_page_before_the_script_runs() {
        let page = "<main><h1 id=\"a\">T</h1><p>x</p><div class=\"ln-snippet\" data-ln-placeholders=\"account:1-13\"></div></main>";
        assert_eq!(
            place_form(page, "ko"),
            "<main><h1 id=\"a\">T</h1><details class=\"ln-personalise\"><summary>스니펫에 내 계정, 리전, 이름 넣기</summary></details>\
             <p>x</p><div class=\"ln-snippet\" data-ln-placeholders=\"account:1-13\"></div></main>"
        );
        let plain = "<main><h1>T</h1><p>nothing to personalise</p></main>";
        assert_eq!(place_form(plain, "en"), plain);
    }

    #[test]
    fn the_root_404_page_knows_the_editions_and_links_them_from_site_url() {
        let page = root_404(&["en".into(), "ko".into()], "/notes/", Some("en/favicon-0123.svg"));
        assert!(page.contains("var editions = [\"en\",\"ko\"];"), "{page}");
        assert!(page.contains("  <link rel=\"icon\" href=\"/notes/en/favicon-0123.svg\">\n  <script>"), "{page}");
        let hosted = root_404(&["en".into()], "https://example.org/notes/", Some("en/favicon-0123.svg"));
        assert!(hosted.contains("<link rel=\"icon\" href=\"/notes/en/favicon-0123.svg\">"), "{hosted}");
        assert!(page.contains("<li><a href=\"/notes/ko/\" hreflang=\"ko\" lang=\"ko\">한국어</a></li>"), "{page}");
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    }

    #[test]
    fn links_the_same_page_or_the_start_page() {
        let eds = editions();
        let page =
            "<html><head><title>x</title></head><body><div class=\"right-buttons\"></div><main></main></body></html>";
        let out = decorate(page, &eds[0], "sqs.html", &eds, None);
        assert!(out.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../en/sqs.html\">"));
        let absolute = decorate(page, &eds[0], "sqs.html", &eds, Some("https://example.org/n/"));
        assert!(
            absolute.contains(
                "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/n/en/sqs.html\">\n        \
             <link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/n/ja/index.html\">\n        \
             <link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/n/\">"
            ),
            "{absolute}"
        );
        // An edition's index.html is known by its first chapter's address.
        let start = decorate(page, &eds[1], "index.html", &eds, Some("https://example.org/n/"));
        assert!(start.contains("hreflang=\"en\" href=\"https://example.org/n/en/intro.html\""), "{start}");
        assert!(out.contains("<link rel=\"alternate\" hreflang=\"ja\" href=\"../ja/index.html\">"));
        assert!(out.contains("hreflang=\"x-default\" href=\"../index.html\""));
        assert!(out.contains("<div class=\"right-buttons\">\n                        <nav class=\"ln-langs\""));
        assert!(out.contains("class=\"ln-current\" aria-current=\"page\" lang=\"en\""));
        assert_eq!(counterpart("sub/page.html", &eds[0]), "../../en/index.html");
        assert_eq!(
            fix_404_base("<base href=\"/\">", "/", "ja"),
            "<base href=\"/ja/\">\n        <script>(function () { var m = location.pathname.match(/^(.*?\\/ja\\/)/); \
             if (m) document.querySelector('base').href = location.origin + m[1]; })();</script>"
        );
        assert!(
            fix_404_base("<base href=\"https://example.org/notes/\">", "https://example.org/notes/", "ko")
                .starts_with("<base href=\"/notes/ko/\">")
        );
        assert!(
            translate_default_404("<title>Page not found - x</title><h1><a>Document not found (404)</a></h1>", "ko")
                .contains("<title>페이지를")
        );
    }
}
