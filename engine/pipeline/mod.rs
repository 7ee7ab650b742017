//! Layer 5: one chapter (`chapter`) or a list of files (`inputs`) through the
//! snippet stages and the checks, with the results shared by the editions
//! (`memo`), exercises, summaries and the handler pairing a chapter asks for.

pub mod chapter;
pub mod chapter_record;
pub mod chapter_settings;
pub mod disk_memo;
pub mod esm_note;
pub mod esm_pairing;
pub mod example_file;
pub mod exercise;
pub mod file_findings;
pub mod inputs;
pub mod memo;
pub mod parallel;
pub mod reads;
pub mod stored;
pub mod summary;
