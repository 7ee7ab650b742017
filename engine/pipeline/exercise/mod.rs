//! Exercises ("check yourself"): a ```` ```exercise id=… kind=… ```` block
//! whose body is TOML (the syntax is in `docs/authoring.md`). The build
//! proves each answer key with the same evaluator and lints the book's
//! policies go through, then replaces the block with an accessible form the
//! theme's script (`theme/lambda-notes-exercises.js`) makes interactive.
//!
//! `parse` reads the block, `prove` checks the answer key, `html` renders it
//! in the page's language, `anchors` lists the headings `see =` may name.

mod anchors;
mod html;
pub mod parity;
mod parse;
mod probes;
mod prove;

use crate::checks::eval::Decision;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::pipeline::memo::Memo;
use crate::snippet::kind::Kind;
use crate::snippet::scan::FencedBlock;
use std::ops::Range;
use std::sync::Arc;

pub use anchors::heading_anchors;

/// The four kinds of exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseKind {
    AllowedOrDenied,
    WhichPolicy,
    FindTheBug,
    FixIt,
}

impl ExerciseKind {
    pub const NAMES: [&'static str; 4] = ["allowed-or-denied", "which-policy", "find-the-bug", "fix-it"];

    pub fn from_name(name: &str) -> Option<ExerciseKind> {
        Some(match name {
            "allowed-or-denied" => ExerciseKind::AllowedOrDenied,
            "which-policy" => ExerciseKind::WhichPolicy,
            "find-the-bug" => ExerciseKind::FindTheBug,
            "fix-it" => ExerciseKind::FixIt,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ExerciseKind::AllowedOrDenied => Self::NAMES[0],
            ExerciseKind::WhichPolicy => Self::NAMES[1],
            ExerciseKind::FindTheBug => Self::NAMES[2],
            ExerciseKind::FixIt => Self::NAMES[3],
        }
    }
}

/// A string value of the body, with where it is.
#[derive(Debug, Clone)]
pub struct Field {
    pub value: String,
    /// The value's token (quotes included), as byte offsets in the body.
    pub span: Range<usize>,
    /// Where the value's first character is in the body (after the quote,
    /// or after `'''` and the newline that follows it).
    pub content: usize,
}

/// A small document written in the exercise.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: Field,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum PolicySource {
    /// The id of an IAM ```json block earlier in the chapter.
    Block(Field),
    Inline(Document),
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub text: Field,
    pub policy: Option<Field>,
    pub correct: bool,
}

/// What the reader does, with the answer key.
#[derive(Debug, Clone)]
pub enum Task {
    AllowedOrDenied {
        policy: PolicySource,
        request: Field,
        answer: Decision,
        answer_span: Range<usize>,
        attached_to: Option<Field>,
    },
    WhichPolicy {
        choices: Vec<Choice>,
        request: Option<Field>,
    },
    FindTheBug {
        document: Document,
        finding: Field,
        line: usize,
    },
    FixIt {
        document: Document,
        cases: Field,
        solution: Field,
        attached_to: Option<Field>,
    },
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    pub kind: ExerciseKind,
    pub question: Field,
    pub explanation: Field,
    pub see: Field,
    pub task: Task,
}

/// What the build worked out for the page beyond the block itself.
#[derive(Debug, Default)]
pub struct Proof {
    /// `which-policy`: the build checked the answer (otherwise it is the author's claim).
    pub checked: bool,
    /// `fix-it`: what the page needs to judge a fix (JSON).
    pub fix_data: Option<serde_json::Value>,
}

/// Where the block is: turns body offsets into chapter diagnostics.
pub struct Place<'a> {
    pub chapter: &'a Arc<SourceFile>,
    pub block: &'a FencedBlock,
    /// The opening fence line: where findings about the block as a whole point.
    pub fence_line: Range<usize>,
}

impl Place<'_> {
    pub fn at(&self, body: Range<usize>, finding: crate::diagnostics::finding::Finding) -> Diagnostic {
        Diagnostic::new(self.chapter, self.block.source_range(body), finding)
    }

    pub fn at_fence(&self, finding: crate::diagnostics::finding::Finding) -> Diagnostic {
        Diagnostic::new(self.chapter, self.fence_line.clone(), finding)
    }
}

/// The chapter's JSON blocks as an exercise sees them. `chapter` implements
/// it on its records, so that this folder need not import `chapter`.
pub trait PolicyBlocks {
    /// The last block with this `id=`, when it is a valid IAM policy: its kind and document.
    fn iam_policy(&self, id: &str) -> Option<(Kind, serde_json::Value)>;
}

/// What a chapter's exercises need from the rest of the chapter.
pub struct Context<'a> {
    pub memo: &'a Memo,
    /// The chapter's JSON documents so far (what `policy =` may name).
    pub snippets: &'a dyn PolicyBlocks,
    /// The chapter's heading anchors (what `see =` may name).
    pub anchors: &'a std::collections::HashSet<String>,
    pub lang: &'a str,
    /// The exercise's number in its chapter (1-based), shown on the page.
    pub number: usize,
}

/// Read, prove and render one ```exercise block: (diagnostics, the HTML that
/// replaces it). Nothing is rendered when the block cannot be read.
pub fn process(place: &Place, context: &Context) -> (Vec<Diagnostic>, Option<String>) {
    let exercise = match parse::exercise(place) {
        Ok(exercise) => exercise,
        Err(diagnostics) => return (diagnostics, None),
    };
    let (diagnostics, proof) = prove::prove(place, context, &exercise);
    (diagnostics, Some(html::render(&exercise, &proof, context)))
}
