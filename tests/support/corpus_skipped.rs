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
