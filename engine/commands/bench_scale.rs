//! `lambda-notes bench --scale 1,10,100`: the whole one-off site build (as
//! `lambda-notes build` makes it, each in a new process) of a synthetic book
//! N times the real one (`synthetic`), with and without checking: wall-clock
//! ranges, peak memory, the ratio time(100×)/time(10×), and instructions
//! under callgrind when valgrind is installed.

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
        let (mut checked, mut plain) = (Vec::new(), Vec::new());
        for _ in 0..runs.max(1) {
            checked.push(once(&exe, &book, "checked-site")?);
            plain.push(once(&exe, &book, "plain-site")?);
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
        medians.push((times, c.1));
        if !valgrind {
            println!("{times:>4}x instructions: valgrind not installed — SKIPPED");
        } else if times > CALLGRIND_MAX_TIMES {
            println!(
                "{times:>4}x instructions: not run under callgrind above {CALLGRIND_MAX_TIMES}x (too slow) — SKIPPED"
            );
        } else {
            let (with, without) =
                (instructions(&exe, &book, "checked-site")?, instructions(&exe, &book, "plain-site")?);
            println!(
                "{times:>4}x instructions: {:.0} M with checking, {:.0} M without: checking adds {:.1} %",
                with as f64 / 1e6,
                without as f64 / 1e6,
                (with as f64 / without as f64 - 1.0) * 100.0
            );
        }
        let _ = std::fs::remove_dir_all(&book);
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

/// One `bench --once MODE` child on `book`: (ms, peak resident KiB).
fn once(exe: &Path, book: &Path, mode: &str) -> Result<(f64, u64)> {
    let out = Command::new(exe).arg("--root").arg(book).args(["bench", "--once", mode]).output()?;
    anyhow::ensure!(out.status.success(), "the {mode} build failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let ms = words.next().unwrap_or("").parse()?;
    let kib = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    Ok((ms, kib))
}

/// Instructions of one `bench --once MODE` child under callgrind.
fn instructions(exe: &Path, book: &Path, mode: &str) -> Result<u64> {
    let out = Command::new("valgrind")
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
