//! Layer 7, the top (with `main.rs`): what the command line runs beyond
//! build and check: `serve` and its live reload, and the benchmarks.

pub mod adversarial;
pub mod bench;
pub mod bench_scale;
pub mod bench_serve;
pub mod serve;
pub mod serve_live;
pub mod synthetic;
pub mod watch;
