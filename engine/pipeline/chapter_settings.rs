//! What the pipeline needs to know beyond the chapter itself, in a file of its
//! own so that `chapter` and the parts it calls (`esm_pairing`) both read it
//! without importing each other.

use crate::pipeline::memo::Memo;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the pipeline needs to know beyond the chapter itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The book root: `examples/` and diagnostics' paths are relative to it.
    pub root: PathBuf,
    pub examples_dir: PathBuf,
    /// The book's own rule: JSON must come from `examples/` (`file=`), not inline.
    pub require_examples: bool,
    /// Results shared by the editions of one build (a fresh one per `Settings`).
    pub memo: Arc<Memo>,
}

impl Settings {
    pub fn for_root(root: &Path) -> Self {
        Settings {
            root: root.to_path_buf(),
            examples_dir: root.join("examples"),
            require_examples: false,
            memo: Arc::default(),
        }
    }

    /// A path as shown to the user: relative to the root when it is below it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).to_string_lossy().replace('\\', "/")
    }
}
