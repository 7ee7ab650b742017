//! Layer 2: the book's settings, read from book.toml, and what a build may
//! read and write (`sources`). Everything that knows the book's shape starts here.

pub mod sources;
