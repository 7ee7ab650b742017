//! Putting a freshly rendered site in place of `book/`, and clearing away
//! what killed builds left behind.
//!
//! `serve` answers requests from `book/` while it rebuilds, so the new site
//! must replace the old one in a single step: a reader sees one or the
//! other, never a missing `book/` (with two renames, a request between them
//! got a 404).

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The folders a build renders into and moves aside, by process id:
/// `book.staging-<pid>` and `book.old-<pid>`.
pub const STAGING_PREFIX: &str = "book.staging-";
pub const OLD_PREFIX: &str = "book.old-";

/// Replace `target` (if any) by `staging`; `aside` is a free name in the
/// same folder to put the previous site while it is removed.
pub fn publish(staging: &Path, target: &Path, aside: &Path) -> Result<()> {
    if let Some(previous) = publish_keeping_previous(staging, target, aside)? {
        let _ = std::fs::remove_dir_all(previous);
    }
    Ok(())
}

/// [`publish`], leaving the previous site where it was moved (returned) for
/// the caller to remove: `serve` signals the reload first, since removing a
/// whole site takes as long as writing a good part of one.
pub fn publish_keeping_previous(staging: &Path, target: &Path, aside: &Path) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) && exchange(staging, target).is_ok() {
        // `staging` now holds the previous site.
        return Ok(Some(staging.to_path_buf()));
    }
    // No previous site, or no atomic exchange here: two renames.
    let previous = std::fs::symlink_metadata(target).is_ok();
    if previous {
        std::fs::rename(target, aside).context("cannot move the previous book/ aside")?;
    }
    std::fs::rename(staging, target).context("cannot move the new site into book/")?;
    Ok(previous.then(|| aside.to_path_buf()))
}

/// Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let status =
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if status == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Remove `book.staging-<pid>` and `book.old-<pid>` folders under `root`
/// whose process is gone (a build killed before it cleaned up). Nothing
/// else is touched: not other names, not symbolic links, not the folders of
/// a build still running. Returns the names removed.
pub fn remove_stale(root: &Path) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else { return removed };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = [STAGING_PREFIX, OLD_PREFIX].iter().find_map(|p| name.strip_prefix(p)) else { continue };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let is_real_dir = entry.file_type().is_ok_and(|t| t.is_dir() && !t.is_symlink());
        if is_real_dir && pid != std::process::id() && !running(pid) && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    removed
}

/// Whether a process with this id exists (a folder of a live build is kept).
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_: u32) -> bool {
    true // cannot tell: keep the folder
}
