//! Reading the document a block names with `file=`: only a regular file
//! inside `examples/` (after following symbolic links), and at most
//! [`MAX_BYTES`] of it. Anything else would let a chapter publish a file from
//! outside the book, or hang the build on a device or a FIFO.

use crate::diagnostics::codes;
use crate::diagnostics::text_file::ReadError;
use std::io::Read;
use std::path::Path;

/// Far above any example the book shows (the largest is a few KiB), far
/// below what would strain a build.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why a `file=` could not be read: a finding code and a sentence, said at
/// the `file=` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: &'static str,
    pub message: String,
    pub hint: &'static str,
}

/// Why a `file=` gave no text.
#[derive(Debug)]
pub enum ExampleError {
    /// Said at the `file=` attribute.
    Refused(Refused),
    /// Said in the file itself, at its first byte that is not UTF-8.
    NotUtf8(ReadError),
}

impl From<Refused> for ExampleError {
    fn from(refused: Refused) -> Self {
        ExampleError::Refused(refused)
    }
}

/// The text of `examples_dir/relative` (without a byte order mark), where
/// `shown` is how the path is shown to the user.
pub fn read(examples_dir: &Path, relative: &str, shown: &str) -> Result<String, ExampleError> {
    let path = examples_dir.join(relative);
    // examples/ itself must lie in the book (its parent), not link out of it.
    let book = examples_dir.parent().and_then(|p| p.canonicalize().ok());
    let in_book = |dir: &Path| book.as_ref().is_none_or(|book| dir.starts_with(book));
    let resolved = match (path.canonicalize(), examples_dir.canonicalize()) {
        (Ok(resolved), Ok(dir)) if in_book(&dir) && resolved.starts_with(&dir) => resolved,
        (Ok(_), Ok(_)) => {
            return Err(Refused {
                code: codes::EXAMPLE_OUTSIDE_EXAMPLES,
                message: format!("`{shown}` is a symbolic link that leads out of examples/"),
                hint: "put the document itself under examples/",
            }
            .into());
        }
        (Err(e), _) | (_, Err(e)) => return Err(unreadable(shown, &e).into()),
    };
    // Checked before opening: opening a FIFO would block the build.
    let meta = std::fs::metadata(&resolved).map_err(|e| unreadable(shown, &e))?;
    if !meta.is_file() {
        return Err(Refused {
            code: codes::EXAMPLE_NOT_A_FILE,
            message: format!("`{shown}` is not a regular file"),
            hint: "name a JSON file under examples/",
        }
        .into());
    }
    let too_large = || Refused {
        code: codes::EXAMPLE_TOO_LARGE,
        message: format!("`{shown}` is larger than {} KiB", MAX_BYTES / 1024),
        hint: "an example is a short document; trim it",
    };
    if meta.len() > MAX_BYTES {
        return Err(too_large().into());
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(&resolved).map_err(|e| unreadable(shown, &e))?;
    // The cap holds even if the file grows after `metadata`.
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| unreadable(shown, &e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large().into());
    }
    crate::diagnostics::text_file::from_bytes(bytes)
        .map(crate::diagnostics::text_file::without_bom)
        .map_err(ExampleError::NotUtf8)
}

/// A missing file is `MISSING_EXAMPLE`; anything else the system refused is
/// `UNREADABLE_FILE`, with the portable reason (not the OS's wording).
fn unreadable(shown: &str, error: &std::io::Error) -> Refused {
    match error.kind() {
        std::io::ErrorKind::NotFound => Refused {
            code: codes::MISSING_EXAMPLE,
            message: format!("`{shown}` does not exist"),
            hint: "give a path relative to examples/",
        },
        kind => Refused {
            code: codes::UNREADABLE_FILE,
            message: format!("cannot read `{shown}`: {kind}"),
            hint: "a chapter, an example or a document must be a readable regular file",
        },
    }
}
