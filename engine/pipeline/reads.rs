//! What a chapter's check looked at outside the chapter text: the example
//! files it read (`file=`) and the files whose existence it tested
//! (`handler=`, `events=`). The chapter memo keeps this list beside a
//! chapter's output and answers from the memo only while every item still
//! gives the same answer — so an edited example is never answered from an
//! old result, whatever the chapter text says.

use crate::pipeline::example_file::{self, ExampleError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One look outside the chapter, with what it saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dependency {
    /// `example_file::read(examples_dir, relative, shown)` and its outcome:
    /// the text, or the error as it would be reported.
    Example { examples_dir: PathBuf, relative: String, shown: String, seen: Seen },
    /// `path.is_file()`.
    IsFile { path: PathBuf, is_file: bool },
}

/// What a read gave, in a form that can be compared with a later read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seen {
    Text(String),
    /// The error's full `Debug` form: two errors that read the same say the same.
    Error(String),
}

impl Seen {
    fn of(result: &Result<String, ExampleError>) -> Seen {
        match result {
            Ok(text) => Seen::Text(text.clone()),
            Err(e) => Seen::Error(format!("{e:?}")),
        }
    }
}

impl Dependency {
    /// Whether looking again gives what was seen.
    pub fn still_holds(&self) -> bool {
        match self {
            Dependency::Example { examples_dir, relative, shown, seen } => {
                Seen::of(&example_file::read(examples_dir, relative, shown)) == *seen
            }
            Dependency::IsFile { path, is_file } => path.is_file() == *is_file,
        }
    }
}

/// The looks of one chapter's check, in order (a chapter is checked on one
/// thread; the lock only makes the recorder shareable). `None`: nobody keeps
/// the chapter, so nothing is recorded.
#[derive(Debug)]
pub struct Reads(Option<Mutex<Vec<Dependency>>>);

impl Reads {
    pub fn recording() -> Reads {
        Reads(Some(Mutex::default()))
    }

    pub fn not_recording() -> Reads {
        Reads(None)
    }

    /// [`example_file::read`], recorded.
    pub fn example(&self, examples_dir: &Path, relative: &str, shown: &str) -> Result<String, ExampleError> {
        let result = example_file::read(examples_dir, relative, shown);
        let Some(list) = &self.0 else { return result };
        push(
            list,
            Dependency::Example {
                examples_dir: examples_dir.to_path_buf(),
                relative: relative.to_string(),
                shown: shown.to_string(),
                seen: Seen::of(&result),
            },
        );
        result
    }

    /// `path.is_file()`, recorded.
    pub fn is_file(&self, path: &Path) -> bool {
        let is_file = path.is_file();
        let Some(list) = &self.0 else { return is_file };
        push(list, Dependency::IsFile { path: path.to_path_buf(), is_file });
        is_file
    }

    /// What was recorded (nothing when not recording).
    pub fn into_list(self) -> Vec<Dependency> {
        self.0.map(|list| list.into_inner().unwrap_or_else(|p| p.into_inner())).unwrap_or_default()
    }
}

fn push(list: &Mutex<Vec<Dependency>>, dependency: Dependency) {
    list.lock().unwrap_or_else(|p| p.into_inner()).push(dependency);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dependency_holds_until_its_file_changes() {
        let root = std::env::temp_dir().join(format!("lambda-notes-reads-{}", std::process::id()));
        let examples = root.join("examples");
        std::fs::create_dir_all(&examples).unwrap();
        std::fs::write(examples.join("p.json"), "{}").unwrap();
        let reads = Reads::recording();
        assert_eq!(reads.example(&examples, "p.json", "examples/p.json").unwrap(), "{}");
        assert!(!reads.example(&examples, "gone.json", "examples/gone.json").is_ok());
        assert!(!reads.is_file(&examples.join("h.rs")));
        let list = reads.into_list();
        assert_eq!(list.len(), 3);
        assert!(list.iter().all(Dependency::still_holds));
        std::fs::write(examples.join("p.json"), "{ }").unwrap();
        assert!(!list[0].still_holds(), "an edited example");
        std::fs::write(examples.join("gone.json"), "{}").unwrap();
        assert!(!list[1].still_holds(), "a missing example that appeared");
        std::fs::write(examples.join("h.rs"), "").unwrap();
        assert!(!list[2].still_holds(), "a handler that appeared");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_recorder_that_does_not_record_still_reads() {
        let reads = Reads::not_recording();
        assert!(!reads.is_file(Path::new("/no/such/file")));
        assert!(reads.into_list().is_empty());
    }
}
