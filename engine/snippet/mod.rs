//! Layer 3: the stages a fenced block goes through, each on its own: `scan`
//! finds the blocks, `attrs`/`kind` read the info string, `json_doc` locates
//! JSON paths, `placeholders`/`render` make the replacement and `splice` puts it in.

pub mod attrs;
pub mod json_doc;
pub mod kind;
pub mod placeholders;
pub mod render;
pub mod scan;
pub mod splice;
