//! The book as a whole: its settings in book.toml, building every edition with
//! mdBook as a library, and the book-wide rules. The only module (with
//! `preprocessor`) that knows about mdBook.

use crate::chapter::{Settings, SnippetRecord};
use crate::diag::{Diagnostic, SourceFile};
use crate::finding::Finding;
use crate::preprocessor::{Collected, LambdaNotes, Mode};
use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Our table in book.toml: `[preprocessor.lambda-notes]` (mdBook 0.5 rejects
/// unknown top-level tables, so project settings live there).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProjectConfig {
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    #[serde(default)]
    pub require_examples: bool,
}

fn default_languages() -> Vec<String> {
    vec!["en".to_string()]
}

#[derive(Debug, Clone)]
pub struct BookSetup {
    pub root: PathBuf,
    pub project: ProjectConfig,
}

impl BookSetup {
    pub fn load(root: &Path) -> Result<BookSetup> {
        let path = root.join("book.toml");
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let value: toml::Value =
            toml::from_str(&text).with_context(|| format!("{} is not valid TOML", path.display()))?;
        let project = match value.get("preprocessor").and_then(|p| p.get(crate::preprocessor::NAME)) {
            Some(table) => table.clone().try_into().context("invalid [preprocessor.lambda-notes] in book.toml")?,
            None => ProjectConfig { languages: default_languages(), titles: BTreeMap::new(), require_examples: false },
        };
        Ok(BookSetup { root: root.to_path_buf(), project })
    }

    pub fn settings(&self) -> Settings {
        Settings { require_examples: self.project.require_examples, ..Settings::for_root(&self.root) }
    }

    pub fn src_dir(&self, lang: &str) -> PathBuf {
        self.root.join("src").join(lang)
    }

    /// mdBook's configuration for one edition, built into `out_dir/<lang>`.
    fn edition_config(&self, lang: &str, out_dir: &Path) -> Result<Config> {
        let mut config = Config::from_disk(self.root.join("book.toml"))?;
        config.set("book.src", format!("src/{lang}"))?;
        config.set("book.language", lang)?;
        config.set("build.build-dir", out_dir.join(lang))?;
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
pub fn render_editions(setup: &BookSetup, out_dir: &Path, checking: bool) -> Result<Outcome> {
    let collected = Arc::new(Mutex::new(Collected::default()));
    for lang in &setup.project.languages {
        let config = setup.edition_config(lang, out_dir)?;
        let mut book =
            MDBook::load_with_config(&setup.root, config).with_context(|| format!("cannot load the {lang} edition"))?;
        let mode = if checking { Mode::Collect(Arc::clone(&collected)) } else { Mode::PassThrough };
        book.with_preprocessor(LambdaNotes { settings: setup.settings(), lang: Some(lang.clone()), mode });
        book.build().with_context(|| format!("mdBook could not build the {lang} edition"))?;
    }
    let collected = std::mem::take(&mut *collected.lock().unwrap_or_else(|p| p.into_inner()));
    let mut outcome = Outcome { diagnostics: collected.diagnostics, snippets: collected.snippets };
    if checking {
        outcome.diagnostics.extend(crate::parity::check(setup, &outcome.snippets));
    }
    Ok(outcome)
}

/// Check every edition without rendering: the same pipeline over the chapter
/// files listed in each SUMMARY.md.
pub fn check(setup: &BookSetup) -> Result<Outcome> {
    let settings = setup.settings();
    let mut outcome = Outcome::default();
    for lang in &setup.project.languages {
        let src = setup.src_dir(lang);
        for rel in crate::parity::summary_chapters(&src)? {
            let path = src.join(&rel);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) => continue, // parity reports missing chapters
            };
            let depth = Path::new(&rel).components().count().saturating_sub(1);
            let out = crate::chapter::process(&settings, &settings.display(&path), &text, depth, lang);
            outcome.diagnostics.extend(out.diagnostics);
            outcome.snippets.extend(out.snippets.into_iter().map(|s| (lang.clone(), rel.clone(), s)));
        }
    }
    outcome.diagnostics.extend(crate::parity::check(setup, &outcome.snippets));
    Ok(outcome)
}

/// Build the site into `<root>/book`: render into a staging folder, and only
/// when no snippet has an error, put it in place. Returns the findings.
pub fn build(setup: &BookSetup, deny_warnings: bool) -> Result<Outcome> {
    let staging = setup.root.join(format!("book.staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = render_editions(setup, &staging, true).and_then(|outcome| {
        if crate::report::exit_status(&outcome.diagnostics, deny_warnings) != 0 {
            return Ok(outcome);
        }
        crate::site::finish(setup, &staging)?;
        let target = setup.root.join("book");
        let old = setup.root.join(format!("book.old-{}", std::process::id()));
        if target.exists() {
            std::fs::rename(&target, &old).context("cannot move the previous book/ aside")?;
        }
        std::fs::rename(&staging, &target).context("cannot move the new site into book/")?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(outcome)
    });
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// A diagnostic about a file as a whole (a missing chapter, a missing example id).
pub fn file_diagnostic(name: &str, text: String, range: std::ops::Range<usize>, finding: Finding) -> Diagnostic {
    Diagnostic::new(&Arc::new(SourceFile { name: name.to_string(), text }), range, finding)
}
