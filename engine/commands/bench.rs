//! `lambda-notes bench`: the figures the project promises — build time with
//! and without checking, their ratio, and `check` throughput on a corpus.

use crate::book::render_editions;
use crate::settings::BookSetup;
use anyhow::Result;
use std::path::Path;
use std::time::{Duration, Instant};

pub fn run(setup: &BookSetup, root: &Path, corpus: &Path, runs: usize) -> Result<i32> {
    let runs = runs.max(1);
    let scratch = std::env::temp_dir().join(format!("lambda-notes-bench-{}", std::process::id()));
    // warm-up: schemas compiled, files in the page cache
    render_editions(setup, &scratch, true)?;
    // Alternate the two so that drift in the machine's speed hits both alike;
    // compare medians (the minimum is printed too: this VM's noise is large).
    let (mut checked, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        checked.push(timed(|| render_editions(setup, &scratch, true).map(|_| ()))?);
        plain.push(timed(|| render_editions(setup, &scratch, false).map(|_| ()))?);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let langs = setup.project.languages.join("+");
    // Each checked build is paired with the plain build right after it: the
    // median of those ratios is the least disturbed by the machine's drift.
    let paired = paired_ratio(checked.iter().map(|s| s.wall), plain.iter().map(|s| s.wall));
    let (checked, plain) = (Figures::of(&checked), Figures::of(&plain));
    println!("build {langs} with checking:    {checked} ({runs} runs)");
    println!("build {langs} without checking: {plain} ({runs} runs)");
    println!(
        "checking adds:                 {:>8.1} % wall-clock (median of {runs} paired runs; {:.1} % by the medians, {:.1} % by the minimums; {:.1} % CPU time)",
        (paired - 1.0) * 100.0,
        (checked.median / plain.median - 1.0) * 100.0,
        (checked.min / plain.min - 1.0) * 100.0,
        (checked.cpu / plain.cpu - 1.0) * 100.0,
    );

    cold(root, runs)?;

    if corpus.is_dir() {
        let files = crate::pipeline::inputs::collect(&[corpus.to_path_buf()])?.files;
        let texts: Vec<(String, String)> = files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok().map(|t| (p.display().to_string(), t)))
            .collect();
        let mut findings = 0;
        let kind = Some(crate::snippet::kind::Kind::IdentityPolicy);
        let single = best_of(runs, || {
            findings = crate::pipeline::inputs::check_json_all(texts.clone(), kind, 1).len();
            Ok(())
        })?;
        println!(
            "check {} documents, 1 thread:  {:>8.1} ms = {:.0} documents/s ({findings} findings)",
            texts.len(),
            ms(single),
            texts.len() as f64 / single.as_secs_f64()
        );
        let threads = crate::pipeline::inputs::threads();
        let elapsed = best_of(runs, || {
            findings = crate::pipeline::inputs::check_json_all(texts.clone(), kind, threads).len();
            Ok(())
        })?;
        println!(
            "check {} documents, {threads} threads: {:>8.1} ms = {:.0} documents/s ({findings} findings)",
            texts.len(),
            ms(elapsed),
            texts.len() as f64 / elapsed.as_secs_f64()
        );
        let ours = texts.len() as f64 / elapsed.as_secs_f64();
        match parliament_rate(corpus) {
            Some((docs, seconds)) => {
                let theirs = docs as f64 / seconds;
                println!("parliament {docs} documents:      {:>8.1} ms = {theirs:.0} documents/s", seconds * 1000.0);
                println!(
                    "lambda-notes vs parliament:    {:>8.1}x faster ({:.1}x on one thread)",
                    ours / theirs,
                    texts.len() as f64 / single.as_secs_f64() / theirs
                );
            }
            None => println!("parliament: not installed (pip install parliament) — comparison SKIPPED"),
        }
    } else {
        println!("check throughput: corpus {} not found — SKIPPED", corpus.display());
    }
    Ok(0)
}

/// `bench --once MODE`: one build in this fresh process (schemas compiled,
/// service data loaded: everything a one-off `lambda-notes build` pays), timed
/// from the start of the process's work. With `site`, the build goes on as
/// `lambda-notes build` does: language links, 404 pages, search index.
pub fn once(setup: &BookSetup, checking: bool, site: bool) -> Result<i32> {
    let start = Instant::now();
    let scratch = std::env::temp_dir().join(format!("lambda-notes-once-{}", std::process::id()));
    render_editions(setup, &scratch, checking)?;
    if site {
        crate::site::finish(setup, &scratch)?;
    }
    let elapsed = start.elapsed();
    let _ = std::fs::remove_dir_all(&scratch);
    // The time, then the peak resident memory (KiB) for `bench --scale`.
    println!("{:.3} {}", ms(elapsed), peak_kib());
    Ok(0)
}

/// Cold builds: each in a new process (its start-up not counted), checked and
/// plain alternating; the median of the paired ratios. Twice: mdBook's part
/// alone, and the whole site as `lambda-notes build` makes it.
fn cold(root: &Path, runs: usize) -> Result<()> {
    let exe = std::env::current_exe()?;
    let child = |mode: &str| -> Result<f64> {
        let out = std::process::Command::new(&exe).arg("--root").arg(root).args(["bench", "--once", mode]).output()?;
        anyhow::ensure!(out.status.success(), "the {mode} cold build failed: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("").parse()?)
    };
    for (suffix, what) in [("", "cold build (new process each):"), ("-site", "cold build + site (search etc.):")] {
        let (mut checked, mut plain) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            checked.push(child(&format!("checked{suffix}"))?);
            plain.push(child(&format!("plain{suffix}"))?);
        }
        let paired = paired_ratio(checked.iter().copied(), plain.iter().copied());
        println!(
            "{what:<32}{:>8.1} ms with checking, {:.1} ms without: checking adds {:.1} % (median of {runs} pairs)",
            median(checked),
            median(plain),
            (paired - 1.0) * 100.0
        );
    }
    Ok(())
}

/// Time parliament (PyPI) over the same folder, in one Python process so
/// that interpreter start-up is not counted: (documents, seconds).
fn parliament_rate(corpus: &Path) -> Option<(usize, f64)> {
    const SCRIPT: &str = "import sys, time, pathlib\n\
from parliament import analyze_policy_string\n\
texts = [p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json'))]\n\
start = time.perf_counter()\n\
failed = 0\n\
for t in texts:\n    try:\n        analyze_policy_string(t)\n    except Exception:\n        failed += 1\n\
print(len(texts), time.perf_counter() - start, failed)\n";
    let output = std::process::Command::new("python3").arg("-c").arg(SCRIPT).arg(corpus).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut words = text.split_whitespace();
    let (docs, seconds) = (words.next()?.parse().ok()?, words.next()?.parse().ok()?);
    if let Some(failed) = words.next().filter(|f| *f != "0") {
        println!("parliament raised an exception on {failed} of {docs} documents (counted in its time)");
    }
    Some((docs, seconds))
}

/// Wall-clock and CPU time of one build.
struct Sample {
    wall: f64,
    cpu: f64,
}

fn timed(f: impl FnOnce() -> Result<()>) -> Result<Sample> {
    let (start, cpu_start) = (Instant::now(), cpu_ms());
    f()?;
    Ok(Sample { wall: ms(start.elapsed()), cpu: cpu_ms() - cpu_start })
}

/// The middle value (the upper one of an even count); `values` is never empty.
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The median of `checked[i] / plain[i]`: each checked run against the plain
/// run right after it.
fn paired_ratio(checked: impl Iterator<Item = f64>, plain: impl Iterator<Item = f64>) -> f64 {
    median(checked.zip(plain).map(|(c, p)| c / p).collect())
}

/// Median and minimum wall-clock, median CPU time (ms).
struct Figures {
    median: f64,
    min: f64,
    cpu: f64,
}

impl Figures {
    fn of(samples: &[Sample]) -> Figures {
        Figures {
            median: median(samples.iter().map(|s| s.wall).collect()),
            min: samples.iter().map(|s| s.wall).fold(f64::INFINITY, f64::min),
            cpu: median(samples.iter().map(|s| s.cpu).collect()),
        }
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>8.1} ms median, {:.1} ms best, {:.1} ms CPU", self.median, self.min, self.cpu)
    }
}

/// CPU time (user + system) this process has used so far, in ms.
#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    f64::NAN
}

/// CPU time (user + system) this process has used so far, in ms.
#[cfg(unix)]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// The peak resident memory of this process so far, in KiB (0 where unknown).
#[cfg(unix)]
fn peak_kib() -> u64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0;
    }
    usage.ru_maxrss.max(0) as u64 // KiB on Linux
}

#[cfg(not(unix))]
fn peak_kib() -> u64 {
    0
}

fn best_of(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        best = best.min(start.elapsed());
    }
    Ok(best)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
