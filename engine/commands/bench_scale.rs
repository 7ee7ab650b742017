//! `lambda-notes bench --scale 1,10,100`: the whole one-off site build (as
//! `lambda-notes build` makes it, each in a new process) of a synthetic book
//! N times the real one (`synthetic`), with and without checking: wall-clock
//! ranges, peak memory, the ratio time(100×)/time(10×), and instructions
//! under callgrind when valgrind is installed. Cold (no disk memo, whatever
//! the environment says) and cached (`LAMBDA_NOTES_CACHE`, filled by one
//! untimed build) are reported apart.

use crate::pipeline::disk_memo::CACHE_ENV;
use crate::settings::BookSetup;
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// Sizes above this are not run under callgrind (≈ 50× slower than native:
/// a 100× book would take a quarter of an hour per build).
const CALLGRIND_MAX_TIMES: usize = 10;

pub fn run(setup: &BookSetup, sizes: &[usize], runs: usize) -> Result<i32> {
    let exe = std::env::current_exe()?;
    let valgrind = Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success());
    let mut medians = Vec::new();
    for &times in sizes {
        let times = times.max(1);
        let book = std::env::temp_dir().join(format!("lambda-notes-scale-{times}x-{}", std::process::id()));
        crate::commands::synthetic::generate(&setup.root, &book, times, &setup.project.languages)?;
        // The cached builds read every checked chapter from a disk memo
        // (`LAMBDA_NOTES_CACHE`) that one untimed build filled.
        let cache = std::env::temp_dir().join(format!("lambda-notes-scale-cache-{times}x-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&cache);
        once(&exe, &book, "checked-site", Some(&cache))?;
        let (mut checked, mut plain, mut cached) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs.max(1) {
            checked.push(once(&exe, &book, "checked-site", None)?);
            plain.push(once(&exe, &book, "plain-site", None)?);
            cached.push(once(&exe, &book, "checked-site", Some(&cache))?);
        }
        let range = |v: &[(f64, u64)]| {
            let ms: Vec<f64> = v.iter().map(|s| s.0).collect();
            let (lo, hi) = (ms.iter().copied().fold(f64::INFINITY, f64::min), ms.iter().copied().fold(0.0, f64::max));
            (lo, crate::commands::bench::median(ms), hi)
        };
        let (c, p) = (range(&checked), range(&plain));
        let peak = checked.iter().chain(&plain).map(|s| s.1).max().unwrap_or(0);
        println!(
            "{times:>4}x book: build+site {:.0}–{:.0} ms (median {:.0}) with checking, {:.0}–{:.0} ms (median {:.0}) without; peak memory {:.0} MiB ({} runs each)",
            c.0,
            c.2,
            c.1,
            p.0,
            p.2,
            p.1,
            peak as f64 / 1024.0,
            runs.max(1)
        );
        let k = range(&cached);
        println!(
            "{times:>4}x cached: build+site {:.0}–{:.0} ms (median {:.0}) with checking, every chapter from the disk memo; peak memory {:.0} MiB",
            k.0,
            k.2,
            k.1,
            cached.iter().map(|s| s.1).max().unwrap_or(0) as f64 / 1024.0
        );
        medians.push((times, c.1));
        if !valgrind {
            println!("{times:>4}x instructions: valgrind not installed — SKIPPED");
        } else if times > CALLGRIND_MAX_TIMES {
            println!(
                "{times:>4}x instructions: not run under callgrind above {CALLGRIND_MAX_TIMES}x (too slow) — SKIPPED"
            );
        } else {
            let (with, without) =
                (instructions(&exe, &book, "checked-site", None)?, instructions(&exe, &book, "plain-site", None)?);
            println!(
                "{times:>4}x instructions cold: {:.0} M with checking, {:.0} M without: checking adds {:.1} %",
                with as f64 / 1e6,
                without as f64 / 1e6,
                (with as f64 / without as f64 - 1.0) * 100.0
            );
            let before = entries(&cache);
            let from_memo = instructions(&exe, &book, "checked-site", Some(&cache))?;
            // An entry answered from is not written again: the same files
            // (by inode) mean every chapter came from the memo.
            let all_hits = !before.is_empty() && entries(&cache) == before;
            println!(
                "{times:>4}x instructions cached: {:.0} M with checking: checking adds {:.1} %{}",
                from_memo as f64 / 1e6,
                (from_memo as f64 / without as f64 - 1.0) * 100.0,
                if all_hits { "" } else { " (WARNING: some chapters were checked anew)" }
            );
        }
        let _ = std::fs::remove_dir_all(&book);
        let _ = std::fs::remove_dir_all(&cache);
    }
    let median_of = |n: usize| medians.iter().find(|(t, _)| *t == n).map(|(_, m)| *m);
    if let (Some(ten), Some(hundred)) = (median_of(10), median_of(100)) {
        println!("time(100x)/time(10x) with checking: {:.1} (medians)", hundred / ten);
    }
    Ok(0)
}

/// `bench --scale N --save-to DIR`: write the synthetic books to `DIR/Nx`
/// instead of timing them (to profile one build by hand).
pub fn save(setup: &BookSetup, sizes: &[usize], folder: &Path) -> Result<i32> {
    for &times in sizes {
        let book = folder.join(format!("{}x", times.max(1)));
        crate::commands::synthetic::generate(&setup.root, &book, times.max(1), &setup.project.languages)?;
        println!("{}", book.display());
    }
    Ok(0)
}

/// A child build, with the disk memo in `cache` or none (whatever the
/// caller's environment says).
fn child(program: &Path, cache: Option<&Path>) -> Command {
    let mut command = Command::new(program);
    match cache {
        Some(dir) => command.env(CACHE_ENV, dir),
        None => command.env_remove(CACHE_ENV),
    };
    command
}

/// The entry files of a disk memo, with their inodes.
fn entries(cache: &Path) -> Vec<(std::path::PathBuf, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<_> = std::fs::read_dir(cache)
        .map(|dir| dir.flatten().filter_map(|e| Some((e.path(), e.metadata().ok()?.ino()))).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// One `bench --once MODE` child on `book`: (ms, peak resident KiB).
fn once(exe: &Path, book: &Path, mode: &str, cache: Option<&Path>) -> Result<(f64, u64)> {
    let out = child(exe, cache).arg("--root").arg(book).args(["bench", "--once", mode]).output()?;
    anyhow::ensure!(out.status.success(), "the {mode} build failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let ms = words.next().unwrap_or("").parse()?;
    let kib = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    Ok((ms, kib))
}

/// Instructions of one `bench --once MODE` child under callgrind.
fn instructions(exe: &Path, book: &Path, mode: &str, cache: Option<&Path>) -> Result<u64> {
    let out = child(Path::new("valgrind"), cache)
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .arg("--root")
        .arg(book)
        .args(["bench", "--once", mode])
        .output()?;
    anyhow::ensure!(out.status.success(), "callgrind failed: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find_map(|l| l.split_once("Collected :").and_then(|(_, n)| n.trim().parse().ok()))
        .ok_or_else(|| anyhow::anyhow!("callgrind printed no instruction count"))
}
