//! Layer 4: the checks a snippet is held to: JSON Schemas (`schema`), the IAM
//! lints (`iam`), the offline evaluator (`eval`) and its `policy_tests`, the
//! four notations of one grant (`notations`), and event source mapping
//! contracts. `check` picks the checks for a kind.

pub mod check;
pub mod esm_contract;
pub mod eval;
pub mod iam;
pub mod notations;
pub mod policy_tests;
pub mod schema;
pub mod wildcard;
