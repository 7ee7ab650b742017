//! The book as a whole: its settings in book.toml, building every edition with
//! mdBook as a library, and the book-wide rules. The only module (with
//! `preprocessor`) that knows about mdBook.

pub mod doc_links;
pub mod exercise_counts;
pub mod hygiene;
pub mod parity;
pub mod preprocessor;
pub mod publish;
pub mod terminology;

use crate::book::preprocessor::{Collected, LambdaNotes, Mode};
use crate::diagnostics::diag::Diagnostic;
use crate::pipeline::chapter::SnippetRecord;
use crate::pipeline::chapter_record::ChapterRecord;
use crate::pipeline::chapter_settings::Settings;
use crate::settings::BookSetup;
use crate::site::page_memo::PageMemo;
use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use mdbook_html::HtmlHandlebars;
use mdbook_renderer::{RenderContext, Renderer};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the pipeline and mdBook are told about the book (its reading from
/// book.toml is `settings::BookSetup::load`).
impl BookSetup {
    /// With `LAMBDA_NOTES_CACHE=DIR`, checked chapters are also kept in DIR
    /// between builds (`pipeline::disk_memo`).
    pub fn settings(&self) -> Settings {
        let memo = crate::pipeline::memo::Memo::default().with_disk(crate::pipeline::disk_memo::DiskMemo::from_env());
        Settings {
            require_examples: self.project.require_examples,
            memo: Arc::new(memo),
            ..Settings::for_root(&self.root)
        }
    }

    /// mdBook's configuration for one edition, built into `out_dir/<lang>`.
    fn edition_config(&self, lang: &str, out_dir: &Path) -> Result<Config> {
        let mut config = Config::from_disk(self.root.join("book.toml"))?;
        config.set("book.src", format!("src/{lang}"))?;
        config.set("book.language", lang)?;
        config.set("build.build-dir", out_dir.join(lang))?;
        // mdBook would write a missing chapter into src/; a missing chapter
        // is an error instead (`sources::summary_links`), in build as in check.
        config.set("build.create-missing", false)?;
        // The site's address, with its environment override (`seo::site_url`).
        config.set("output.html.site-url", crate::site::seo::site_url(&self.root))?;
        let src = self.root.join("src");
        if crate::settings::sources::overlaps(&out_dir.join(lang), &src)
            || crate::settings::sources::overlaps(out_dir, &src)
        {
            anyhow::bail!(
                "the {lang} edition would be rendered into a source folder ({})",
                out_dir.join(lang).display()
            );
        }
        if let Some(title) = self.project.titles.get(lang) {
            config.set("book.title", title)?;
        }
        Ok(config)
    }
}

/// What a build or check of the whole book produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub snippets: Vec<(String, String, SnippetRecord)>,
}

/// Render every edition into `out_dir` with the checker registered (once per
/// edition, replacing the book.toml entry of the same name).
///
/// Editions go through a two-stage pipeline so that checking runs beside
/// mdBook's rendering instead of before it: a second thread loads and
/// preprocesses (checks) the next edition while this one renders the last.
/// What no page shows (the snippets' findings, the book-wide rules) is
/// worked out on that thread after the last edition, while it renders.
/// With `checking` off the same pipeline runs with the checker passing every
/// chapter through untouched: the benchmark's baseline.
pub fn render_editions(setup: &BookSetup, out_dir: &Path, checking: bool) -> Result<Outcome> {
    render_editions_with(setup, out_dir, checking, &setup.settings(), None)
}

/// [`render_editions`] with the caller's settings (`serve` keeps one memo
/// across rebuilds), rendering only the editions in `render` when given: the
/// others are still checked (the book-wide rules need every edition's
/// records; the memo makes their unchanged snippets free) but not rendered.
pub fn render_editions_with(
    setup: &BookSetup,
    out_dir: &Path,
    checking: bool,
    settings: &Settings,
    render: Option<&[String]>,
) -> Result<Outcome> {
    let refused = preflight(setup);
    if !refused.is_empty() {
        return Ok(Outcome { diagnostics: refused, snippets: Vec::new() });
    }
    let collected = Arc::new(Mutex::new(Collected::default()));
    // one memo for every edition
    // A rendezvous: an edition is handed over only when the renderer takes
    // it, so at most one edition waits while another renders (with a slot,
    // a third was checked meanwhile and all three were held at once: at 100×
    // the book that alone was over the 1 GiB peak).
    let (ready, editions) = std::sync::mpsc::sync_channel::<Result<RenderContext>>(0);
    let book_wide = std::thread::scope(|scope| -> Result<Vec<Diagnostic>> {
        let preparer = scope.spawn(|| {
            for (n, lang) in setup.project.languages.iter().enumerate() {
                // Nothing renders while the first edition is checked, so it may
                // use every core; later ones are checked beside the renderer.
                let threads = if n == 0 { crate::pipeline::inputs::threads() } else { 1 };
                let mode = if checking { Mode::Collect(Arc::clone(&collected)) } else { Mode::PassThrough };
                let checker = LambdaNotes { settings: settings.clone(), lang: Some(lang.clone()), mode, threads };
                let edition = prepare_edition(setup, lang, out_dir, checker);
                let failed = edition.is_err();
                if ready.send(edition).is_err() || failed {
                    return Vec::new(); // the renderer gave up, or this edition did
                }
            }
            drop(ready);
            if !checking {
                return Vec::new();
            }
            // While the editions render: the snippets' findings (which no
            // page shows: an error keeps the whole site from being
            // published), then the book-wide rules.
            let mut collected = collected.lock().unwrap_or_else(|p| p.into_inner());
            collected.verify();
            book_wide(setup, settings, &collected.snippets, &collected.chapters)
        });
        if checking {
            // Until the first edition is ready this thread would only wait:
            // load the IAM data the policy summaries need meanwhile (the
            // checkers wait for, rather than repeat, what is under way here).
            crate::checks::iam::service_data::data();
        }
        for edition in editions {
            let edition = edition?;
            if render.is_some_and(|only| !only.iter().any(|l| l == edition_name(&edition))) {
                continue;
            }
            HtmlHandlebars::new()
                .render(&edition)
                .with_context(|| format!("mdBook could not render the {} edition", edition_name(&edition)))?;
        }
        preparer.join().map_err(|_| anyhow::anyhow!("the checking thread panicked"))
    })?;
    if checking && render.is_none() {
        // Every chapter of every edition was checked: what the disk memo
        // holds beyond that belongs to sources that are no more.
        settings.memo.disk().inspect(|disk| disk.prune());
    }
    let collected = std::mem::take(&mut *collected.lock().unwrap_or_else(|p| p.into_inner()));
    let mut outcome = Outcome { diagnostics: collected.diagnostics, snippets: collected.snippets };
    outcome.diagnostics.extend(book_wide);
    Ok(outcome)
}

/// What must stop a build before mdBook reads or writes anything: SUMMARY.md
/// links that leave their edition or lead nowhere, and symbolic links in
/// what mdBook publishes (src/, the theme) that lead out of the book or to a folder. `check` reports the same.
fn preflight(setup: &BookSetup) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &setup.project.languages {
        let src = setup.src_dir(lang);
        // A missing SUMMARY.md is reported by the book-wide rules (and mdBook).
        if let Ok(text) = std::fs::read_to_string(src.join("SUMMARY.md")) {
            let shown = format!("src/{lang}/SUMMARY.md");
            out.extend(crate::settings::sources::summary_links(&src, &shown, &text).problems);
        }
    }
    out.extend(crate::settings::sources::unsafe_symlinks(&setup.root, &setup.published));
    out
}

/// One edition loaded and preprocessed, ready for the HTML renderer: what
/// `MDBook::build` does before it renders.
fn prepare_edition(setup: &BookSetup, lang: &str, out_dir: &Path, checker: LambdaNotes) -> Result<RenderContext> {
    let config = setup.edition_config(lang, out_dir)?;
    if config.outputs::<toml::Value>()?.keys().any(|name| name != "html") {
        anyhow::bail!("lambda-notes renders only [output.html]; use `mdbook build` for other outputs");
    }
    let mut book =
        MDBook::load_with_config(&setup.root, config).with_context(|| format!("cannot load the {lang} edition"))?;
    book.with_preprocessor(checker);
    let renderer = HtmlHandlebars::new();
    let (preprocessed, context) =
        book.preprocess_book(&renderer).with_context(|| format!("mdBook could not preprocess the {lang} edition"))?;
    let mut edition = RenderContext::new(&book.root, preprocessed, book.config.clone(), book.build_dir_for("html"));
    edition.chapter_titles.extend(context.chapter_titles.borrow_mut().drain());
    Ok(edition)
}

fn edition_name(edition: &RenderContext) -> &str {
    edition.config.book.language.as_deref().unwrap_or("default")
}

/// Check every edition without rendering: the same pipeline over the chapter
/// files listed in each SUMMARY.md.
pub fn check(setup: &BookSetup) -> Result<Outcome> {
    let settings = setup.settings();
    let mut outcome = Outcome { diagnostics: preflight(setup), snippets: Vec::new() };
    let mut records = Vec::new();
    for lang in &setup.project.languages {
        let src = setup.src_dir(lang);
        // An edition without a SUMMARY.md has no chapters: parity reports it (MISSING_SUMMARY).
        let chapters = crate::book::parity::summary_chapters(&src).unwrap_or_default();
        for rel in chapters {
            let path = src.join(&rel);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) => continue, // parity reports missing chapters
            };
            let depth = Path::new(&rel).components().count().saturating_sub(1);
            let out = crate::pipeline::chapter::process(&settings, &settings.display(&path), &text, depth, lang);
            outcome.diagnostics.extend(out.diagnostics);
            outcome.snippets.extend(out.snippets.into_iter().map(|s| (lang.clone(), rel.clone(), s)));
            records.push((lang.clone(), rel.clone(), out.record));
        }
    }
    outcome.diagnostics.extend(book_wide(setup, &settings, &outcome.snippets, &records));
    Ok(outcome)
}

/// The rules that need every chapter of every edition: parity between the
/// editions, and the exercise counts typed in prose.
fn book_wide(
    setup: &BookSetup,
    settings: &Settings,
    snippets: &[(String, String, SnippetRecord)],
    chapters: &[(String, String, ChapterRecord)],
) -> Vec<Diagnostic> {
    let mut out = crate::book::parity::check(setup, settings.memo.file_findings(), snippets, chapters);
    out.extend(crate::book::exercise_counts::check(chapters));
    out
}

/// Build the site into `<root>/book`: render into a staging folder, and only
/// when no snippet has an error, put it in place. Returns the findings.
pub fn build(setup: &BookSetup, deny_warnings: bool) -> Result<Outcome> {
    build_with(setup, deny_warnings, &setup.settings(), None)
}

/// [`build`] with the caller's settings, re-rendering only the editions in
/// `render` when given (`serve`): the others are taken from the current
/// `book/` as they are (hard links), already finished.
pub fn build_with(
    setup: &BookSetup,
    deny_warnings: bool,
    settings: &Settings,
    render: Option<&[String]>,
) -> Result<Outcome> {
    let (outcome, previous) = build_into_place(setup, deny_warnings, settings, render, None)?;
    if let Some(previous) = previous {
        let _ = std::fs::remove_dir_all(previous);
    }
    Ok(outcome)
}

/// [`build_with`] for `serve`: pages rendered as last time are finished from
/// `pages`, and the previous site is left (in the returned folder) for the
/// caller to remove once it has signalled the reload.
pub fn rebuild(
    setup: &BookSetup,
    settings: &Settings,
    render: Option<&[String]>,
    pages: &PageMemo,
) -> Result<(Outcome, Option<PathBuf>)> {
    build_into_place(setup, false, settings, render, Some(pages))
}

fn build_into_place(
    setup: &BookSetup,
    deny_warnings: bool,
    settings: &Settings,
    render: Option<&[String]>,
    pages: Option<&PageMemo>,
) -> Result<(Outcome, Option<PathBuf>)> {
    // mdBook gives up on a chapter (or a SUMMARY.md) it cannot read as UTF-8
    // text with an error of its own; `check` reports it as a finding. One
    // contract: the build then checks the book and renders nothing.
    if has_unreadable_chapter(setup) {
        return Ok((check(setup)?, None));
    }
    for name in crate::book::publish::remove_stale(&setup.root) {
        eprintln!("lambda-notes: removed {name}, left behind by a build that did not finish");
    }
    let pid = std::process::id();
    let staging = setup.root.join(format!("{}{pid}", crate::book::publish::STAGING_PREFIX));
    let _ = std::fs::remove_dir_all(&staging);
    let result = render_editions_with(setup, &staging, true, settings, render).and_then(|outcome| {
        if crate::diagnostics::report::exit_status(&outcome.diagnostics, deny_warnings) != 0 {
            return Ok((outcome, None));
        }
        let fresh: Vec<String> = match render {
            Some(only) => {
                for lang in setup.project.languages.iter().filter(|l| !only.contains(l)) {
                    link_tree(&setup.root.join("book").join(lang), &staging.join(lang))?;
                }
                only.to_vec()
            }
            None => setup.project.languages.clone(),
        };
        crate::site::finish_editions(setup, &staging, &fresh, pages)?;
        let aside = setup.root.join(format!("{}{pid}", crate::book::publish::OLD_PREFIX));
        let previous = crate::book::publish::publish_keeping_previous(&staging, &setup.root.join("book"), &aside)?;
        Ok((outcome, previous))
    });
    if !matches!(&result, Ok((_, Some(previous))) if *previous == staging) {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// A copy of the folder `from` at `to` made of hard links (a copy where
/// links cannot be made).
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Whether some edition's SUMMARY.md, or a chapter listed in it, exists but
/// cannot be read as UTF-8 text, or SUMMARY.md is missing (a missing chapter
/// is mdBook's and `parity`'s business).
fn has_unreadable_chapter(setup: &BookSetup) -> bool {
    setup.project.languages.iter().any(|lang| {
        let src = setup.src_dir(lang);
        let Ok(chapters) = crate::book::parity::summary_chapters(&src) else { return true };
        chapters.iter().any(|rel| match std::fs::read(src.join(rel)) {
            Ok(bytes) => simdutf8::basic::from_utf8(&bytes).is_err(),
            Err(e) => e.kind() != std::io::ErrorKind::NotFound,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_never_create_missing_chapters_whatever_book_toml_says() {
        let root = std::env::temp_dir().join(format!("lambda-notes-create-missing-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"t\"\n[build]\ncreate-missing = true\n[preprocessor.lambda-notes]\nlanguages = [\"en\"]\n",
        )
        .unwrap();
        let setup = BookSetup::load(&root).unwrap();
        let config = setup.edition_config("en", &root.join("book.staging-1")).unwrap();
        assert!(!config.build.create_missing);
        assert_eq!(config.build.build_dir, root.join("book.staging-1/en"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
