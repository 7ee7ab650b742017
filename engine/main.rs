//! The `lambda-notes` command: build, serve, check, preprocess, bench.

use clap::{Parser, Subcommand};
use lambda_notes::book;
use lambda_notes::diagnostics::diag::Diagnostic;
use lambda_notes::diagnostics::report::{self, Format};
use lambda_notes::settings::BookSetup;
use lambda_notes::snippet::kind::Kind;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "lambda-notes", version, about = "Build and check the Lambda permissions notes")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The book root (the folder with book.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// How to print findings.
    #[arg(long, global = true, value_enum, default_value = "human")]
    format: Format,
    /// Fail on warnings too.
    #[arg(long, global = true)]
    deny_warnings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check every snippet and render every edition into book/ (the default).
    Build,
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
    },
    /// Check without rendering: the book, or the given Markdown/JSON files and folders.
    Check {
        paths: Vec<PathBuf>,
        /// The kind of bare JSON files (default: inferred from each document's shape).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Print only the one-line summary (for large corpora).
        #[arg(long)]
        summary_only: bool,
    },
    /// The mdBook preprocessor protocol: `preprocess supports RENDERER`, or book JSON on stdin.
    Preprocess {
        #[arg(num_args = 0..=2)]
        args: Vec<String>,
    },
    /// Print build and check timings.
    Bench {
        /// The folder of policies to time `check` on.
        #[arg(long, default_value = "../shared/corpus/iam/aws-managed-policies")]
        corpus: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Internal: build once in this fresh process and print the time
        /// (the benchmark's cold-build figures run this as a child).
        #[arg(long, hide = true, value_enum)]
        once: Option<OnceMode>,
        /// Time `check` on generated adversarial inputs (quadratic traps,
        /// deep nesting, huge output) instead of the book and corpus.
        #[arg(long)]
        adversarial: bool,
        /// Input sizes in bytes for --adversarial.
        #[arg(long, value_delimiter = ',', default_value = "200000,1000000")]
        sizes: Vec<usize>,
        /// Only the --adversarial cases whose name contains this.
        #[arg(long)]
        case: Option<String>,
        /// Time `serve`: 20 edits of a chapter and of an example document, at
        /// the sizes of --scale (default 1,10).
        #[arg(long)]
        serve: bool,
        /// Time the whole site build of synthetic books this many times the
        /// real one (e.g. 1,10,100) instead: ranges, peak memory, instructions.
        #[arg(long, value_delimiter = ',')]
        scale: Vec<usize>,
        /// Write the --adversarial inputs (or the --scale books, as NX/) to this
        /// folder instead of timing them, e.g. to profile one build by hand.
        #[arg(long)]
        save_to: Option<PathBuf>,
        /// Every speed figure README's Speed section states, in one run: the
        /// synthetic books at 1×, 10× and 100× (as --scale), then serve's
        /// edits at 1× and 10× (as --serve). Takes long under valgrind.
        #[arg(long, conflicts_with_all = ["adversarial", "serve", "scale", "save_to", "once"])]
        all: bool,
    },
}

/// `bench --once`: which one-off build to time (mdBook's part, or the whole site).
#[derive(Clone, Copy, clap::ValueEnum)]
enum OnceMode {
    Checked,
    Plain,
    CheckedSite,
    PlainSite,
}

// The checker allocates many small strings (pointers, ARN parts); mimalloc
// handles that pattern markedly better than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::from_name(name).ok_or_else(|| format!("unknown kind `{name}`; known kinds: {}", Kind::names().join(", ")))
}

/// mimalloc keeps freed pages for a second before giving them back; a build
/// frees and allocates whole editions (checked chapters, mdBook's trees)
/// faster than that, so the pages of one edition were still held while the
/// next was made: at 100× the book that was about 300 MiB of the peak. Give
/// them back at once (`bench --scale` reports the peak).
fn return_freed_memory_at_once() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3; libmimalloc-sys 0.1.49
    // builds v3); its bindings name no constant for it. Its default is 10 ms
    // in v2 and 1000 ms in v3 (src/options.c): set only an option that has
    // one of them, so a renumbering in a later mimalloc changes nothing.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reads and sets an integer option of the allocator; any value is valid.
    unsafe {
        if matches!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 10 | 1000) {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        }
    }
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // The message may quote book.toml or a path: show control characters escaped.
            eprintln!("error: {}", lambda_notes::diagnostics::visible::visible(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    let root = cli.root.clone();
    match cli.command.unwrap_or(Command::Build) {
        Command::Build => {
            let setup = BookSetup::load(&root)?;
            let outcome = book::build(&setup, cli.deny_warnings)?;
            let code = finish(
                outcome.diagnostics,
                cli.format,
                cli.deny_warnings,
                &format!("{} snippets", outcome.snippets.len()),
            );
            if code == 0 {
                eprintln!("lambda-notes: site written to {}", root.join("book").display());
            } else {
                eprintln!("lambda-notes: book/ left as it was");
            }
            Ok(code)
        }
        Command::Serve { port } => lambda_notes::commands::serve::serve(&BookSetup::load(&root)?, port),
        Command::Check { paths, kind, summary_only } => {
            let (diagnostics, what) = if paths.is_empty() {
                let outcome = book::check(&BookSetup::load(&root)?)?;
                let n = outcome.snippets.len();
                (outcome.diagnostics, format!("{n} snippets in the book"))
            } else {
                let settings = lambda_notes::pipeline::chapter_settings::Settings::for_root(&std::env::current_dir()?);
                let collected = lambda_notes::pipeline::inputs::collect(&paths)?;
                for skipped in &collected.skipped {
                    eprintln!("note: skipped {skipped}");
                }
                let files = collected.files;
                let checked = lambda_notes::pipeline::inputs::check_files(&settings, &files, kind)?;
                (checked.diagnostics, format!("{} documents in {} files", checked.documents, files.len()))
            };
            if summary_only {
                let code = report::exit_status(&diagnostics, cli.deny_warnings);
                eprintln!("lambda-notes check: {what}: {}", report::counts(&diagnostics));
                return Ok(code);
            }
            Ok(finish(diagnostics, cli.format, cli.deny_warnings, &what))
        }
        Command::Preprocess { args } => {
            let supports = match args.as_slice() {
                [] => None,
                [word, renderer] if word == "supports" => Some(renderer.as_str()),
                _ => anyhow::bail!("usage: lambda-notes preprocess [supports RENDERER]"),
            };
            lambda_notes::book::preprocessor::run_protocol(supports)
        }
        Command::Bench { adversarial: true, sizes, case, save_to, .. } => {
            lambda_notes::commands::adversarial::run(&sizes, case.as_deref(), save_to.as_deref())
        }
        Command::Bench { all: true, runs, .. } => {
            let setup = BookSetup::load(&root)?;
            let built = lambda_notes::commands::bench_scale::run(&setup, &[1, 10, 100], runs)?;
            let served = lambda_notes::commands::bench_serve::run(&setup, &[1, 10])?;
            Ok(built.max(served))
        }
        Command::Bench { serve: true, scale, .. } => {
            let sizes = if scale.is_empty() { vec![1, 10] } else { scale };
            lambda_notes::commands::bench_serve::run(&BookSetup::load(&root)?, &sizes)
        }
        Command::Bench { scale, runs, save_to, .. } if !scale.is_empty() => match save_to {
            Some(folder) => lambda_notes::commands::bench_scale::save(&BookSetup::load(&root)?, &scale, &folder),
            None => lambda_notes::commands::bench_scale::run(&BookSetup::load(&root)?, &scale, runs),
        },
        Command::Bench { corpus, runs, once, .. } => match once {
            Some(mode) => {
                let checking = matches!(mode, OnceMode::Checked | OnceMode::CheckedSite);
                let site = matches!(mode, OnceMode::CheckedSite | OnceMode::PlainSite);
                lambda_notes::commands::bench::once(&BookSetup::load(&root)?, checking, site)
            }
            None => lambda_notes::commands::bench::run(&BookSetup::load(&root)?, &root, &corpus, runs),
        },
    }
}

/// Print the findings and a one-line summary; return the exit status.
fn finish(mut diagnostics: Vec<Diagnostic>, format: Format, deny_warnings: bool, what: &str) -> i32 {
    report::sort(&mut diagnostics);
    let text = report::format(&diagnostics, format);
    match format {
        Format::Human => eprint!("{text}"),
        _ => print!("{text}"),
    }
    eprintln!("lambda-notes: checked {what}: {}", report::counts(&diagnostics));
    report::exit_status(&diagnostics, deny_warnings)
}
