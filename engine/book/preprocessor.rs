//! The mdBook side of the pipeline: a `Preprocessor` that runs every chapter
//! of one edition through the chapter pipeline and hands back the rendered book.

use crate::diagnostics::diag::Diagnostic;
use crate::pipeline::chapter::{self, SnippetRecord};
use crate::pipeline::chapter_record::ChapterRecord;
use crate::pipeline::chapter_settings::Settings;
use crate::settings::NAME;
use anyhow::Context;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::sync::{Arc, Mutex};

/// What one edition's run produced, for the builder to report once at the end.
#[derive(Debug, Default)]
pub struct Collected {
    pub diagnostics: Vec<Diagnostic>,
    /// (edition, chapter path relative to the edition's src, snippet)
    pub snippets: Vec<(String, String, SnippetRecord)>,
    /// (edition, chapter path relative to the edition's src, what the
    /// book-wide rules need of it)
    pub chapters: Vec<(String, String, ChapterRecord)>,
}

impl Collected {
    /// Run the snippets' pending checks (see [`SnippetRecord::verify`]).
    pub fn verify(&mut self) {
        for (_, _, snippet) in &mut self.snippets {
            snippet.verify(&mut self.diagnostics);
        }
    }
}

pub enum Mode {
    /// Collect diagnostics for the caller; never fail the mdBook build. The
    /// snippets' findings are left pending for the caller to verify.
    Collect(Arc<Mutex<Collected>>),
    /// Report to stderr and fail the build on errors (the plain mdBook protocol).
    Report,
    /// Leave the book as it is: a baseline for benchmarks.
    PassThrough,
}

pub struct LambdaNotes {
    pub settings: Settings,
    /// The edition (`en`, `ja`, `ko`); `None` means take it from book.toml.
    pub lang: Option<String>,
    pub mode: Mode,
    /// How many threads may check chapters at once.
    pub threads: usize,
}

impl Preprocessor for LambdaNotes {
    fn name(&self) -> &str {
        NAME
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook_preprocessor::errors::Result<Book> {
        if matches!(self.mode, Mode::PassThrough) {
            return Ok(book);
        }
        let lang = self.lang.clone().or_else(|| ctx.config.book.language.clone()).unwrap_or_else(|| "en".to_string());
        let src = ctx.config.book.src.to_string_lossy().replace('\\', "/");
        // Chapters are independent: take them out, check them on `threads`
        // threads, and put the results back in the same order.
        let mut chapters = Vec::new();
        book.for_each_mut(|item| {
            if let BookItem::Chapter(ch) = item
                && let Some(path) = &ch.source_path
            {
                chapters.push((path.clone(), ch.content.clone()));
            }
        });
        let outputs = crate::pipeline::parallel::map_on(chapters, self.threads, |(path, content)| {
            let rel = path.to_string_lossy().replace('\\', "/");
            let name = format!("{}/{rel}", src.trim_end_matches('/'));
            let depth = path.components().count().saturating_sub(1);
            let out = match self.mode {
                Mode::Collect(_) => chapter::process_unverified(&self.settings, &name, &content, depth, &lang),
                _ => chapter::process(&self.settings, &name, &content, depth, &lang),
            };
            (rel, out)
        });
        let mut outputs = outputs.into_iter();
        let mut collected = Collected::default();
        book.for_each_mut(|item| {
            let BookItem::Chapter(ch) = item else { return };
            if ch.source_path.is_none() {
                return;
            }
            let Some((rel, out)) = outputs.next() else { return };
            if let Some(content) = out.content {
                ch.content = content;
            }
            collected.diagnostics.extend(out.diagnostics);
            collected.snippets.extend(out.snippets.into_iter().map(|s| (lang.clone(), rel.clone(), s)));
            collected.chapters.push((lang.clone(), rel, out.record));
        });
        match &self.mode {
            Mode::Collect(into) => {
                let mut shared = into.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                shared.diagnostics.extend(collected.diagnostics);
                shared.snippets.extend(collected.snippets);
                shared.chapters.extend(collected.chapters);
            }
            Mode::Report => {
                let mut diagnostics = collected.diagnostics;
                crate::diagnostics::report::sort(&mut diagnostics);
                eprint!("{}", crate::diagnostics::report::human(&diagnostics));
                if crate::diagnostics::report::exit_status(&diagnostics, false) != 0 {
                    anyhow::bail!(
                        "lambda-notes: {} in the book's snippets",
                        crate::diagnostics::report::counts(&diagnostics)
                    );
                }
            }
            Mode::PassThrough => {}
        }
        Ok(book)
    }
}

/// `lambda-notes preprocess`: the protocol mdBook speaks to external preprocessors.
pub fn run_protocol(supports: Option<&str>) -> anyhow::Result<i32> {
    if supports.is_some() {
        return Ok(0); // every renderer: we only rewrite Markdown
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin())?;
    // Our table is read as `build` reads it: a wrongly typed setting is an
    // error, not silently its default.
    let project = match ctx.config.get::<toml::Value>(&format!("preprocessor.{NAME}"))? {
        Some(table) => table.try_into().context("invalid [preprocessor.lambda-notes] in book.toml")?,
        None => crate::settings::ProjectConfig::default(),
    };
    let settings = Settings { require_examples: project.require_examples, ..Settings::for_root(&ctx.root) };
    let collected = Arc::new(Mutex::new(Collected::default()));
    let mode = Mode::Collect(Arc::clone(&collected));
    let pre = LambdaNotes { settings, lang: None, mode, threads: crate::pipeline::inputs::threads() };
    let processed = pre.run(&ctx, book)?;
    let mut collected = std::mem::take(&mut *collected.lock().unwrap_or_else(|p| p.into_inner()));
    collected.verify();
    let mut diagnostics = collected.diagnostics;
    crate::diagnostics::report::sort(&mut diagnostics);
    eprint!("{}", crate::diagnostics::report::human(&diagnostics));
    // Errors in the snippets: exit 1, the documented status (2 is for usage
    // and I/O errors), and no book on stdout for mdBook to render.
    if crate::diagnostics::report::exit_status(&diagnostics, false) != 0 {
        eprintln!("lambda-notes: {} in the book's snippets", crate::diagnostics::report::counts(&diagnostics));
        return Ok(1);
    }
    serde_json::to_writer(std::io::stdout(), &processed)?;
    Ok(0)
}
