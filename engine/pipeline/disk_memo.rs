//! Checked chapters kept on disk between separate `build`s, when
//! `LAMBDA_NOTES_CACHE=DIR` names a folder (off otherwise: a plain build is
//! always cold). The folder is only a cache:
//!
//! - **content-addressed**: an entry's file name is a hash of everything the
//!   chapter's output depends on, and the entry holds that whole key (compared
//!   in full, so a hash collision is only a miss) plus every file the check
//!   read, looked at again before the entry is used;
//! - **safe to delete**, at any time: a missing, unreadable, truncated,
//!   corrupt or foreign-engine entry is a miss, never an error;
//! - **written atomically** (a temporary file, then a rename), so a build
//!   that stops half-way leaves no half entry under an entry's name;
//! - **pruned**: after a whole build, every entry the build did not use goes,
//!   so the folder holds one build's worth of entries at most. Only names
//!   this module writes (`ln-memo-` and 16 hex digits, `.json`, or its
//!   temporary files) are ever removed: a cache pointed at a folder of the
//!   author's own files by mistake loses none of them.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The environment variable naming the folder.
pub const CACHE_ENV: &str = "LAMBDA_NOTES_CACHE";

#[derive(Debug)]
pub struct DiskMemo {
    dir: PathBuf,
    /// Entry names this process read or wrote (what pruning keeps).
    used: Mutex<HashSet<String>>,
    /// Numbers the temporary files of this process.
    temp: AtomicUsize,
}

impl DiskMemo {
    /// The folder named by [`CACHE_ENV`], when it is set and not empty.
    pub fn from_env() -> Option<DiskMemo> {
        let dir = std::env::var_os(CACHE_ENV).filter(|d| !d.is_empty())?;
        Some(DiskMemo::at(Path::new(&dir)))
    }

    pub fn at(dir: &Path) -> DiskMemo {
        DiskMemo { dir: dir.to_path_buf(), used: Mutex::default(), temp: AtomicUsize::new(0) }
    }

    /// The entry name for a key: its hash with this engine's identity.
    pub fn name_for(key: &impl Hash) -> String {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine_identity().hash(&mut hasher);
        key.hash(&mut hasher);
        format!("{ENTRY_PREFIX}{:016x}.json", hasher.finish())
    }

    /// The bytes of entry `name`, if it can be read (anything else: a miss).
    pub fn load(&self, name: &str) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        self.mark_used(name);
        Some(bytes)
    }

    /// Write entry `name` (a failure only means the next build misses).
    pub fn store(&self, name: &str, bytes: &[u8]) {
        self.mark_used(name);
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let n = self.temp.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
        if std::fs::write(&temp, bytes).is_err() || std::fs::rename(&temp, self.dir.join(name)).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }

    /// Remove every file of the folder this process did not use (call after
    /// a whole build only: a partial one would drop entries still good).
    pub fn prune(&self) {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = is_entry_name(&name) || name.starts_with(TEMP_PREFIX);
            if ours && !used.contains(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn mark_used(&self, name: &str) {
        self.used.lock().unwrap_or_else(|p| p.into_inner()).insert(name.to_string());
    }
}

const ENTRY_PREFIX: &str = "ln-memo-";
const TEMP_PREFIX: &str = ".tmp-ln-memo-";

/// Whether `name` is one [`DiskMemo::name_for`] makes: the only files (with
/// the temporary ones) that pruning may remove.
fn is_entry_name(name: &str) -> bool {
    name.strip_prefix(ENTRY_PREFIX)
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What changes whenever the engine or the data built into it changes: the
/// crate's version and the running executable's size and modification time
/// (every build of the binary rewrites it). Hashing the whole executable
/// would cost more than the checks a cached build saves. A fresh binary with
/// the same engine only misses; it never gets a wrong answer.
pub fn engine_identity() -> &'static str {
    static IDENTITY: OnceLock<String> = OnceLock::new();
    IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok());
        let stamp =
            exe.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        format!("{}-{}-{}", env!("CARGO_PKG_VERSION"), exe.map_or(0, |m| m.len()), stamp.map_or(0, |d| d.as_nanos()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_pruning_keeps_only_what_was_used() {
        let dir = std::env::temp_dir().join(format!("lambda-notes-disk-memo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (a, b) = (DiskMemo::name_for(&"a"), DiskMemo::name_for(&"b"));
        let first = DiskMemo::at(&dir);
        assert_eq!(first.load(&a), None, "an empty cache misses");
        first.store(&a, b"one");
        first.store(&b, b"two");
        // The author's own files, as if the cache were pointed at the wrong folder.
        std::fs::write(dir.join("notes.txt"), "not ours").unwrap();
        std::fs::write(dir.join("policy.json"), "{}").unwrap();
        std::fs::write(dir.join("ln-memo-notes.json"), "{}").unwrap();
        let second = DiskMemo::at(&dir);
        assert_eq!(second.load(&a).as_deref(), Some(&b"one"[..]));
        second.prune();
        assert!(!dir.join(&b).exists(), "unused by the last build");
        assert!(dir.join(&a).exists());
        for theirs in ["notes.txt", "policy.json", "ln-memo-notes.json"] {
            assert!(dir.join(theirs).exists(), "{theirs} is not a file this module writes");
        }
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_names_this_module_makes_are_entries() {
        assert!(is_entry_name(&DiskMemo::name_for(&("a", 1))));
        for name in ["policy.json", "0123456789abcdef.json", "ln-memo-0123456789abcdeg.json", "ln-memo-0123.json"] {
            assert!(!is_entry_name(name), "{name}");
        }
    }

    #[test]
    fn names_depend_on_the_whole_key() {
        assert_eq!(DiskMemo::name_for(&("a", 1)), DiskMemo::name_for(&("a", 1)));
        assert_ne!(DiskMemo::name_for(&("a", 1)), DiskMemo::name_for(&("a", 2)));
    }
}
