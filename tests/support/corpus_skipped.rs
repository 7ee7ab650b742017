//! The loud line a test binary prints when `../shared/corpus` is absent: its
//! corpus checks then pass without checking anything, and must say so.

/// Print once per test binary, to the real stderr (the harness captures and
/// hides `eprintln!` of passing tests).
pub fn say_corpus_checks_skipped(test_file: &str, checks: usize) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "!!!!!!!! ../shared/corpus not found: {checks} corpus checks of {test_file} SKIPPED (passed without checking anything) !!!!!!!!"
        );
    });
}

/// `../shared/corpus/<sub>` beside the repository, or `None` (said loudly)
/// when it is absent. With `CI` set an absent corpus is a failure.
pub fn corpus_dir(sub: &str, test_file: &str, checks: usize) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} not found and CI is set: the corpus checks of {test_file} cannot run", dir.display());
    }
    say_corpus_checks_skipped(test_file, checks);
    None
}
