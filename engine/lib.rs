//! lambda-notes: an mdBook preprocessor and builder that keeps the JSON
//! documents of a book honest. The pipeline runs one way, a module a stage:
//!
//! ```text
//! chapter text ─▶ scan ─▶ attrs/kind ─▶ check (schema, iam) ─▶ locate (json_doc) ─▶ render ─▶ splice
//!                                                   └──────────▶ diag ─▶ report
//! ```
//! `chapter` runs the pipeline for one chapter; `book`, `preprocessor`, `site`
//! and `serve` are the only parts that know about mdBook and the site. Within
//! one build, `memo` lets the editions share what does not depend on the
//! language, and `book` checks the next edition while mdBook renders the last;
//! the snippets' findings, which no page shows, are worked out (`chapter::SnippetRecord::verify`)
//! while the editions render, before anything is published.
//!
//! The code is in layers, one folder each, and a file imports only from its
//! own layer or the ones below (`tests/layers.rs` holds the table and fails on
//! an import upwards or a circle between files):
//!
//! | layer | folder | what it holds |
//! | --- | --- | --- |
//! | 7 | `commands/`, `main.rs` | the command line: `serve`, the benchmarks |
//! | 6 | `book/`, `site/` | every edition through mdBook, the book-wide rules, the site around the editions |
//! | 5 | `pipeline/` | one chapter or a list of files through the stages and the checks |
//! | 4 | `checks/` | schemas, IAM lints, the evaluator, notations, policy tests |
//! | 3 | `snippet/` | the stages of one fenced block: scan, attrs/kind, locate, render, splice |
//! | 2 | `settings/` | the book's settings (book.toml) and what a build may read |
//! | 1 | `diagnostics/` | findings, their codes, placing and reporting them |

pub mod book;
pub mod checks;
pub mod commands;
pub mod diagnostics;
pub mod pipeline;
pub mod settings;
pub mod site;
pub mod snippet;
