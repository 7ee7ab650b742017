//! Layer 1, the bottom: what a finding is, the table of finding codes, and how
//! a finding is placed in a file (`diag`) and reported (`report`). Imports
//! nothing else of the crate.

pub mod codes;
pub mod diag;
pub mod excerpt;
pub mod finding;
pub mod report;
pub mod text_file;
pub mod visible;
