//! Layer 2: the book's settings, read from book.toml, and what a build may
//! read and write (`sources`). Everything that knows the book's shape starts here.

pub mod sources;

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The preprocessor's name: mdBook's `[preprocessor.lambda-notes]` table.
pub const NAME: &str = "lambda-notes";

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

impl Default for ProjectConfig {
    /// A book.toml without our table: English only.
    fn default() -> Self {
        ProjectConfig { languages: default_languages(), titles: BTreeMap::new(), require_examples: false }
    }
}

#[derive(Debug, Clone)]
pub struct BookSetup {
    pub root: PathBuf,
    pub project: ProjectConfig,
    /// What mdBook reads from the root and publishes (`sources::published_paths`).
    pub published: Vec<String>,
}

impl BookSetup {
    pub fn load(root: &Path) -> Result<BookSetup> {
        let path = root.join("book.toml");
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let value: toml::Value =
            toml::from_str(&text).with_context(|| format!("{} is not valid TOML", path.display()))?;
        let project = match value.get("preprocessor").and_then(|p| p.get(NAME)) {
            Some(table) => table.clone().try_into().context("invalid [preprocessor.lambda-notes] in book.toml")?,
            None => ProjectConfig::default(),
        };
        if let Some((setting, bad)) = sources::unsafe_html_paths(&value).into_iter().next() {
            let (line, column) = sources::position_in(&text, &bad);
            anyhow::bail!(
                "{}:{line}:{column}: `{bad}` in [output.html] {setting} leaves the book \
                 (give a path inside the book, without `..`)",
                path.display()
            );
        }
        // Each code names a folder under src/ and under book/.
        if let Some(bad) = project.languages.iter().find(|l| !sources::valid_language(l)) {
            let (line, column) = sources::position_in(&text, &format!("\"{bad}\""));
            anyhow::bail!(
                "{}:{line}:{column}: `{bad}` in [preprocessor.lambda-notes] languages is not a language code \
                 (expected a BCP 47 tag such as en, ja or pt-BR)",
                path.display()
            );
        }
        Ok(BookSetup { root: root.to_path_buf(), project, published: sources::published_paths(&value) })
    }

    pub fn src_dir(&self, lang: &str) -> PathBuf {
        self.root.join("src").join(lang)
    }
}
