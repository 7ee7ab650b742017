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

pub mod adversarial;
pub mod anchors;
pub mod attrs;
pub mod bench;
pub mod bench_scale;
pub mod bench_serve;
pub mod book;
pub mod chapter;
pub mod check;
pub mod chrome;
pub mod codes;
pub mod diag;
pub mod doc_links;
pub mod esm_contract;
pub mod esm_note;
pub mod esm_pairing;
pub mod eval;
pub mod example_file;
pub mod excerpt;
pub mod exercise;
pub mod finding;
pub mod hygiene;
pub mod iam;
pub mod inputs;
pub mod json_doc;
pub mod kind;
pub mod memo;
pub mod notations;
pub mod page_memo;
pub mod parallel;
pub mod parity;
pub mod placeholder_marks;
pub mod placeholders;
pub mod policy_tests;
pub mod preprocessor;
pub mod publish;
pub mod render;
pub mod report;
pub mod scan;
pub mod schema;
pub mod search;
pub mod seo;
pub mod serve;
pub mod serve_live;
pub mod site;
pub mod sources;
pub mod splice;
pub mod summary;
pub mod synthetic;
pub mod tables;
pub mod terminology;
pub mod text_file;
pub mod visible;
pub mod watch;
pub mod wildcard;
