//! Which of the book's source files changed, for `serve`: file-system
//! events, gathered until the editor is done writing, checked against each
//! file's size and modification time.
//!
//! The watcher also reports every file and folder that is merely opened (a
//! build reads every source, a walk opens every folder); those are dropped
//! by kind, and only the paths an event names are looked at again, so that
//! the cost of an edit does not grow with the number of files in the book.

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

/// The folders under the book's root whose files make the site.
pub const WATCHED: [&str; 4] = ["src", "examples", "schemas", "theme"];

/// Editors write a file in a few steps within milliseconds; wait that long
/// after the last change before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// A watched file with its size and modification time.
pub type Stamp = (PathBuf, u64, Option<SystemTime>);

pub struct Watch {
    root: PathBuf,
    /// Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    stamps: BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
}

/// What one event asks to look at again.
enum Touched {
    Nothing,
    Paths(Vec<PathBuf>),
    /// Events were lost (a full queue): look at everything.
    Everything,
}

impl Watch {
    pub fn start(root: &Path) -> Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).context("cannot start the file watcher")?;
        for dir in WATCHED {
            let path = root.join(dir);
            if path.exists() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        let stamps = fingerprint(root).into_iter().map(|(path, len, time)| (path, (len, time))).collect();
        Ok(Watch { root: root.to_path_buf(), _watcher: watcher, events, stamps })
    }

    /// Block until some watched file was added, removed or changed; `None`
    /// when the watcher has stopped.
    pub fn next_changes(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut touched = BTreeSet::new();
            let mut everything = false;
            // Wait for a change, then until none has come for DEBOUNCE.
            let mut deadline: Option<Instant> = None;
            loop {
                let event = match deadline {
                    None => self.events.recv().ok()?,
                    Some(at) => match self.events.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return None,
                    },
                };
                match touched_by(event) {
                    Touched::Nothing => continue,
                    Touched::Paths(paths) => touched.extend(paths),
                    Touched::Everything => everything = true,
                }
                deadline = Some(Instant::now() + DEBOUNCE);
            }
            let changed = if everything { self.restamp_all() } else { self.restamp(&touched) };
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    /// Look at `paths` (and what is under them) again; the files whose
    /// stamp changed, appeared or went.
    fn restamp(&mut self, paths: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        for path in paths {
            let before: Vec<Stamp> = self
                .stamps
                .range(path.clone()..)
                .take_while(|(p, _)| p.starts_with(path))
                .map(|(p, (len, time))| (p.clone(), *len, *time))
                .collect();
            for (p, _, _) in &before {
                self.stamps.remove(p);
            }
            let mut after = Vec::new();
            stamp_tree(path, &mut after);
            after.sort();
            changed.extend(changed_paths(&before, &after));
            self.stamps.extend(after.into_iter().map(|(p, len, time)| (p, (len, time))));
        }
        changed.into_iter().collect()
    }

    fn restamp_all(&mut self) -> Vec<PathBuf> {
        let before: Vec<Stamp> = self.stamps.iter().map(|(p, (len, time))| (p.clone(), *len, *time)).collect();
        let after = fingerprint(&self.root);
        let changed = changed_paths(&before, &after);
        self.stamps = after.into_iter().map(|(path, len, time)| (path, (len, time))).collect();
        changed
    }
}

/// The paths an event may have changed: none for a file or folder that was
/// only opened, read or closed unwritten.
fn touched_by(event: notify::Result<notify::Event>) -> Touched {
    let Ok(event) = event else { return Touched::Everything };
    if event.need_rescan() {
        return Touched::Everything;
    }
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Touched::Paths(event.paths),
        EventKind::Access(_) => Touched::Nothing,
        _ if event.paths.is_empty() => Touched::Everything,
        _ => Touched::Paths(event.paths),
    }
}

/// The stamps of `path`: of the file, or of every file under the folder.
/// A link to a folder is not walked into: two links to `.` would make the
/// walk exponential (the build refuses such links).
fn stamp_tree(path: &Path, out: &mut Vec<Stamp>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    if !meta.is_dir() {
        out.push((path.to_path_buf(), meta.len(), meta.modified().ok()));
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            stamp_tree(&path, out);
        } else if let Ok(meta) = entry.metadata() {
            out.push((path, meta.len(), meta.modified().ok()));
        }
    }
}

/// Every watched file with its size and modification time, sorted.
pub fn fingerprint(root: &Path) -> Vec<Stamp> {
    let mut out = Vec::new();
    for dir in WATCHED {
        stamp_tree(&root.join(dir), &mut out);
    }
    out.sort();
    out
}

/// The files added, removed or changed between two sorted lists of stamps.
pub fn changed_paths(before: &[Stamp], after: &[Stamp]) -> Vec<PathBuf> {
    let (before, after): (BTreeSet<&Stamp>, BTreeSet<&Stamp>) = (before.iter().collect(), after.iter().collect());
    let paths: BTreeSet<&PathBuf> = before.symmetric_difference(&after).map(|(p, _, _)| p).collect();
    paths.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

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
    fn the_changed_paths_are_those_added_removed_or_stamped_anew() {
        let t = std::time::SystemTime::UNIX_EPOCH;
        let stamp = |p: &str, len: u64| (PathBuf::from(p), len, Some(t));
        let before = [stamp("a", 1), stamp("b", 1), stamp("c", 1)];
        let after = [stamp("a", 1), stamp("b", 2), stamp("d", 1)];
        assert_eq!(changed_paths(&before, &after), ["b", "c", "d"].map(PathBuf::from));
    }

    #[test]
    fn opening_or_reading_a_file_touches_nothing_writing_it_does() {
        let event = |kind| Ok(notify::Event::new(kind).add_path(PathBuf::from("src/en/a.md")));
        let paths = |touched| match touched {
            Touched::Paths(p) => p,
            Touched::Nothing => vec![],
            Touched::Everything => vec![PathBuf::from("*")],
        };
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(paths(touched_by(event(opened))).is_empty());
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(paths(touched_by(event(read))).is_empty());
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(paths(touched_by(event(written))), [PathBuf::from("src/en/a.md")]);
        assert_eq!(paths(touched_by(event(EventKind::Modify(ModifyKind::Any)))), [PathBuf::from("src/en/a.md")]);
        assert_eq!(paths(touched_by(event(EventKind::Create(CreateKind::File)))), [PathBuf::from("src/en/a.md")]);
        let lost = Ok(notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan));
        assert_eq!(paths(touched_by(lost)), [PathBuf::from("*")]);
    }

    #[test]
    fn an_edit_a_new_file_and_a_removed_folder_are_seen_and_a_read_is_not() {
        let root = std::env::temp_dir().join(format!("lambda-notes-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src/en/deep")).unwrap();
        std::fs::create_dir_all(root.join("examples")).unwrap();
        std::fs::write(root.join("src/en/a.md"), "# A\n").unwrap();
        std::fs::write(root.join("src/en/deep/b.md"), "# B\n").unwrap();
        let mut watch = Watch::start(&root).unwrap();
        let _ = std::fs::read_to_string(root.join("src/en/a.md")).unwrap(); // a read alone: no change
        std::fs::write(root.join("src/en/a.md"), "# A, longer\n").unwrap();
        assert_eq!(watch.next_changes().unwrap(), [root.join("src/en/a.md")]);
        std::fs::write(root.join("examples/p.json"), "{}").unwrap();
        assert_eq!(watch.next_changes().unwrap(), [root.join("examples/p.json")]);
        std::fs::remove_dir_all(root.join("src/en/deep")).unwrap();
        assert_eq!(watch.next_changes().unwrap(), [root.join("src/en/deep/b.md")]);
        let _ = std::fs::remove_dir_all(&root);
    }
}
