//! `lambda-notes serve`: build, serve `book/` on 127.0.0.1, rebuild when the
//! sources change, and make open pages reload themselves.
//!
//! mdBook's live reload lives inside its binary, not its library, and would
//! drop our preprocessor; so this is our own small loop: a file watcher, a
//! static file server, and a version number the pages poll.

use crate::book::{self, BookSetup};
use anyhow::{Context, Result};
use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const VERSION_PATH: &str = "/__lambda_notes/version";
const RELOAD_SCRIPT: &str = "<script>(function(){var seen=null;function poll(){fetch('/__lambda_notes/version',{cache:'no-store'}).then(function(r){return r.text();}).then(function(v){if(seen!==null&&v!==seen){location.reload();return;}seen=v;setTimeout(poll,1000);}).catch(function(){setTimeout(poll,2000);});}poll();})();</script>";

pub fn serve(setup: &BookSetup, port: u16) -> Result<i32> {
    rebuild(setup);
    let version = Arc::new(AtomicU64::new(1));
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    eprintln!(
        "lambda-notes: serving http://127.0.0.1:{port}/ — edits under src/, examples/, schemas/, theme/ rebuild the site"
    );

    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(Duration::from_millis(300), tx).context("cannot start the file watcher")?;
    for dir in WATCHED {
        let path = setup.root.join(dir);
        if path.exists() {
            debouncer.watcher().watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let watch_setup = setup.clone();
    let watch_version = Arc::clone(&version);
    std::thread::spawn(move || {
        // The watcher also reports reads (a build reads every source), so
        // rebuild only when a file's size or modification time really changed.
        let mut last = fingerprint(&watch_setup.root);
        for events in rx {
            if events.is_ok() {
                let now = fingerprint(&watch_setup.root);
                if now == last {
                    continue;
                }
                last = now;
                eprintln!("lambda-notes: change detected, rebuilding");
                if rebuild(&watch_setup) {
                    watch_version.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
    });

    let site = setup.root.join("book");
    for request in server.incoming_requests() {
        let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        if url == VERSION_PATH {
            let _ = request.respond(tiny_http::Response::from_string(version.load(Ordering::SeqCst).to_string()));
            continue;
        }
        let response = match resolve(&site, &url) {
            Some(path) => file_response(&path),
            None => None,
        };
        let _ = match response {
            Some(r) => request.respond(r),
            None => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
        };
    }
    Ok(0)
}

const WATCHED: [&str; 4] = ["src", "examples", "schemas", "theme"];

/// Every watched file with its size and modification time.
fn fingerprint(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64, Option<std::time::SystemTime>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            // A link to a folder is not walked into: two links to `.` would
            // make the walk exponential (the build refuses such links).
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&path, out);
            } else if let Ok(meta) = entry.metadata() {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    let mut out = Vec::new();
    for dir in WATCHED {
        walk(&root.join(dir), &mut out);
    }
    out.sort();
    out
}

/// Build; print the findings; true when the site in book/ was replaced.
fn rebuild(setup: &BookSetup) -> bool {
    match book::build(setup, false) {
        Ok(outcome) => {
            let mut diagnostics = outcome.diagnostics;
            crate::report::sort(&mut diagnostics);
            eprint!("{}", crate::report::human(&diagnostics));
            let ok = crate::report::exit_status(&diagnostics, false) == 0;
            eprintln!(
                "lambda-notes: {}{}",
                crate::report::counts(&diagnostics),
                if ok { "" } else { " — keeping the previous site" }
            );
            ok
        }
        Err(e) => {
            eprintln!("lambda-notes: build failed: {}", crate::visible::visible(&format!("{e:#}")));
            false
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

fn file_response(path: &Path) -> Option<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let mut body = std::fs::read(path).ok()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "html" {
        let text = String::from_utf8_lossy(&body);
        body = match text.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
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

    #[cfg(unix)]
    #[test]
    fn the_watcher_does_not_walk_into_links_to_folders() {
        let root = std::env::temp_dir().join(format!("lambda-notes-fingerprint-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src/en")).unwrap();
        std::fs::write(root.join("src/en/one.md"), "# One\n").unwrap();
        std::os::unix::fs::symlink(".", root.join("src/en/a")).unwrap();
        std::os::unix::fs::symlink(".", root.join("src/en/b")).unwrap();
        let names: Vec<String> = fingerprint(&root)
            .into_iter()
            .map(|(path, _, _)| path.strip_prefix(&root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["src/en/a", "src/en/b", "src/en/one.md"]);
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
