//! `lambda-notes serve`: build, serve `book/` on 127.0.0.1, rebuild when the
//! sources change, and make open pages reload themselves.
//!
//! mdBook's live reload lives inside its binary, not its library, and would
//! drop our preprocessor; so this is our own small loop: a file watcher, a
//! static file server, and a Server-Sent Events stream (`serve_live`) that
//! tells pages to reload or shows a failed build's errors over them.
//!
//! A rebuild re-renders only the editions whose sources changed
//! (`editions_to_render`), and one memo lives across rebuilds, so a chapter
//! (or a snippet) whose content did not change is never checked again.

use crate::book;
use crate::commands::serve_live::Live;
use crate::pipeline::chapter_settings::Settings;
use crate::settings::BookSetup;
use crate::site::page_memo::PageMemo;
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Past this many memoised results (a long session of edits), start afresh.
const MEMO_BOUND: usize = 20_000;

pub fn serve(setup: &BookSetup, port: u16) -> Result<i32> {
    let live = Arc::new(Live::default());
    let mut builder =
        Rebuilder { setup: setup.clone(), settings: settings(setup), pending: None, pages: PageMemo::default() };
    builder.rebuild(&live, None);
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    eprintln!(
        "lambda-notes: serving http://127.0.0.1:{port}/ — edits under src/, examples/, schemas/, theme/ rebuild the site"
    );

    let mut watch = crate::commands::watch::Watch::start(&setup.root)?;
    let watch_live = Arc::clone(&live);
    std::thread::spawn(move || {
        while let Some(changed) = watch.next_changes() {
            let editions = editions_to_render(&builder.setup, &changed);
            eprintln!("lambda-notes: change detected, rebuilding {}", editions.join("+"));
            builder.rebuild(&watch_live, Some(editions));
        }
    });

    let site = setup.root.join("book");
    for request in server.incoming_requests() {
        let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        if url == crate::commands::serve_live::EVENTS_PATH {
            let live = Arc::clone(&live);
            // One thread per open page; it ends when the page goes.
            std::thread::spawn(move || live.stream(request.into_writer()));
            continue;
        }
        let response = match resolve(&site, &url) {
            Some(path) => file_response(&path, live.state().version),
            None => None,
        };
        let _ = match response {
            Some(r) => request.respond(r),
            None => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
        };
    }
    Ok(0)
}

/// The editions a change touches: a chapter of `src/<lang>/` its own edition;
/// a file under `examples/` the editions whose chapters name it; anything
/// else (a SUMMARY.md, which the language links of every edition follow,
/// the theme, schemas/, an unknown folder) every edition.
pub fn editions_to_render(setup: &BookSetup, changed: &[PathBuf]) -> Vec<String> {
    let languages = &setup.project.languages;
    let mut out = BTreeSet::new();
    for path in changed {
        let Ok(relative) = path.strip_prefix(&setup.root) else { return languages.clone() };
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["src", lang, .., file]
                if languages.iter().any(|l| l == lang) && *file != "SUMMARY.md" && file.ends_with(".md") =>
            {
                out.insert(lang.to_string());
            }
            ["examples", rest @ ..] if !rest.is_empty() => {
                let name = rest.join("/");
                out.extend(languages.iter().filter(|l| edition_mentions(&setup.src_dir(l), &name)).cloned());
            }
            _ => return languages.clone(),
        }
    }
    languages.iter().filter(|l| out.contains(*l)).cloned().collect()
}

/// Whether a Markdown file under `src` names `file` (a path under examples/:
/// `file=`, `events=`, `handler=` all name it so).
fn edition_mentions(src: &Path, file: &str) -> bool {
    fn walk(dir: &Path, file: &str) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else { return false };
        entries.flatten().any(|entry| {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&path, file)
            } else {
                path.extension().is_some_and(|e| e == "md")
                    && std::fs::read_to_string(&path).is_ok_and(|text| text.contains(file))
            }
        })
    }
    walk(src, file)
}

/// The settings `serve` keeps across rebuilds: a memo that also keeps every
/// chapter's checked output, so an untouched chapter is not checked again.
pub fn settings(setup: &BookSetup) -> Settings {
    let disk = crate::pipeline::disk_memo::DiskMemo::from_env();
    Settings { memo: Arc::new(crate::pipeline::memo::Memo::keeping_chapters().with_disk(disk)), ..setup.settings() }
}

/// Rebuilds the site for `serve`, keeping one memo across rebuilds.
struct Rebuilder {
    setup: BookSetup,
    settings: Settings,
    /// Editions changed since the last published site (a failed build
    /// publishes nothing, so what it should have re-rendered is still owed).
    /// `None`: every edition.
    pending: Option<BTreeSet<String>>,
    /// Finished pages, so that an edit finishes only the pages it changed.
    pages: PageMemo,
}

impl Rebuilder {
    /// Build (only `editions` when given, plus what a failed build still
    /// owes); print the findings; publish the site or show the overlay.
    fn rebuild(&mut self, live: &Live, editions: Option<Vec<String>>) {
        self.pending = match (self.pending.take(), editions) {
            (Some(mut owed), Some(now)) => {
                owed.extend(now);
                Some(owed)
            }
            _ => None,
        };
        if self.settings.memo.len() > MEMO_BOUND {
            self.settings = settings(&self.setup);
            self.pages = PageMemo::default();
        }
        let render: Option<Vec<String>> = self.pending.as_ref().map(|p| p.iter().cloned().collect());
        if render.as_ref().is_some_and(|r| r.is_empty()) {
            return; // nothing any edition shows changed
        }
        match book::rebuild(&self.setup, &self.settings, render.as_deref(), &self.pages) {
            Ok((outcome, previous)) => {
                let mut diagnostics = outcome.diagnostics;
                crate::diagnostics::report::sort(&mut diagnostics);
                eprint!("{}", crate::diagnostics::report::human(&diagnostics));
                let ok = crate::diagnostics::report::exit_status(&diagnostics, false) == 0;
                eprintln!(
                    "lambda-notes: {}{}",
                    crate::diagnostics::report::counts(&diagnostics),
                    if ok { "" } else { " — keeping the previous site" }
                );
                match crate::commands::serve_live::overlay(&diagnostics) {
                    None if ok => {
                        self.pending = Some(BTreeSet::new());
                        live.published();
                    }
                    overlay => live.failed(overlay.unwrap_or_default()),
                }
                // After the signal: the pages reload while the old site goes.
                if let Some(previous) = previous {
                    let _ = std::fs::remove_dir_all(previous);
                }
            }
            Err(e) => {
                let message = crate::diagnostics::visible::visible(&format!("{e:#}")).into_owned();
                eprintln!("lambda-notes: build failed: {message}");
                live.failed(crate::commands::serve_live::overlay_for_failure(&message));
            }
        }
    }
}

/// Map a URL path to a file under the site, refusing anything that climbs out.
fn resolve(site: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url.trim_start_matches('/'));
    let relative = Path::new(&decoded);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut path = site.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    path.is_file().then_some(path)
}

fn hex_byte(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            // Bytes, not `&s[..]`: a `%` may be followed by a multibyte character.
            && let Some(b) = hex_byte(bytes[i + 1], bytes[i + 2])
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn file_response(path: &Path, version: u64) -> Option<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let mut body = std::fs::read(path).ok()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "html" {
        let text = String::from_utf8_lossy(&body);
        let script = crate::commands::serve_live::page_script(version);
        body = match text.rfind("</body>") {
            Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{script}").into_bytes(),
        };
    }
    let mime = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    };
    let header = tiny_http::Header::from_bytes("Content-Type", mime).ok()?;
    Some(tiny_http::Response::from_data(body).with_header(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_re_renders_only_the_editions_that_show_it() {
        let root = std::env::temp_dir().join(format!("lambda-notes-editions-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for lang in ["en", "ja", "ko"] {
            std::fs::create_dir_all(root.join("src").join(lang)).unwrap();
        }
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"t\"\n[preprocessor.lambda-notes]\nlanguages = [\"en\", \"ja\", \"ko\"]\n",
        )
        .unwrap();
        let block = "```json kind=identity-policy id=p file=policies/p.json\n```\n";
        std::fs::write(root.join("src/en/a.md"), block).unwrap();
        std::fs::write(root.join("src/ko/a.md"), block).unwrap();
        std::fs::write(root.join("src/ja/a.md"), "# a\n").unwrap();
        let setup = BookSetup::load(&root).unwrap();
        let editions =
            |changed: &[&str]| editions_to_render(&setup, &changed.iter().map(|c| root.join(c)).collect::<Vec<_>>());
        assert_eq!(editions(&["src/ja/a.md"]), ["ja"]);
        assert_eq!(editions(&["src/ko/a.md", "src/en/a.md"]), ["en", "ko"]);
        assert_eq!(editions(&["examples/policies/p.json"]), ["en", "ko"], "the editions that show the document");
        assert_eq!(editions(&["examples/policies/unused.json"]), Vec::<String>::new());
        assert_eq!(editions(&["src/ja/SUMMARY.md"]), ["en", "ja", "ko"], "language links follow every summary");
        assert_eq!(editions(&["theme/lambda-notes.css"]), ["en", "ja", "ko"]);
        assert_eq!(editions(&["src/fr/a.md"]), ["en", "ja", "ko"], "not an edition: everything, to be safe");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let site = std::env::temp_dir();
        assert!(resolve(&site, "/../etc/passwd").is_none());
        assert!(resolve(&site, "/%2e%2e/etc/passwd").is_none());
    }

    #[test]
    fn a_percent_before_a_multibyte_character_is_kept_as_it_is() {
        assert_eq!(percent_decode("%é1"), "%é1");
        assert_eq!(percent_decode("a%20b%4"), "a b%4");
        assert!(resolve(&std::env::temp_dir(), "/%€").is_none());
    }
}
