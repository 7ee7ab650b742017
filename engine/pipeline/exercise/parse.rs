//! Reading an ```exercise block: the info string (`id=`, `kind=`) and the
//! TOML body, checked key by key for its kind. Every problem is an
//! `EXERCISE_SYNTAX` error at the token it is about.

use super::{Choice, Document, Exercise, ExerciseKind, Field, Place, PolicySource, Task};
use crate::checks::eval::Decision;
use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::finding::Finding;
use crate::snippet::kind::Kind;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Body {
    question: Option<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    see: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    document: Option<Spanned<String>>,
    document_kind: Option<Spanned<String>>,
    request: Option<Spanned<String>>,
    answer: Option<Spanned<String>>,
    attached_to: Option<Spanned<String>>,
    finding: Option<Spanned<String>>,
    line: Option<Spanned<i64>>,
    cases: Option<Spanned<String>>,
    solution: Option<Spanned<String>>,
    choice: Option<Spanned<Vec<RawChoice>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    correct: Option<Spanned<bool>>,
}

fn syntax(message: impl Into<String>, hint: impl Into<String>) -> Finding {
    Finding::error(codes::EXERCISE_SYNTAX, message).with_hint(hint)
}

/// The whole block, or every problem found in it.
pub fn exercise(place: &Place) -> Result<Exercise, Vec<Diagnostic>> {
    let (id, kind) = info(place)?;
    let text = &place.block.body;
    let body: Body = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim_end().replace('\n', " ");
        vec![place.at(
            span,
            syntax(
                format!("this exercise's body is not valid TOML: {message}"),
                "see \"Exercises\" in docs/authoring.md",
            ),
        )]
    })?;
    let mut problems = Vec::new();
    let mut keys = Keys { place, kind, body_text: text, problems: &mut problems };
    let question = keys.required("question", body.question.clone());
    let explanation = keys.required("explanation", body.explanation.clone());
    let see = keys.required("see", body.see.clone());
    let task = keys.task(&body);
    // Keys another kind uses are a mistake here (say, `finding` in a fix-it).
    keys.unused(&body);
    match (question, explanation, see, task) {
        (Some(question), Some(explanation), Some(see), Some(task)) if problems.is_empty() => {
            Ok(Exercise { id, kind, question, explanation, see, task })
        }
        _ => Err(problems),
    }
}

/// `id=` and `kind=` from the info string.
fn info(place: &Place) -> Result<(String, ExerciseKind), Vec<Diagnostic>> {
    let line = &place.chapter.text[place.fence_line.clone()];
    let info_start = place.fence_line.start + line.find(place.block.info.as_str()).unwrap_or(0);
    let mut id = None;
    let mut kind = None;
    let mut problems = Vec::new();
    let mut offset = 0;
    for word in place.block.info.split(' ') {
        let at = info_start + offset..info_start + offset + word.len();
        offset += word.len() + 1;
        if word.is_empty() || offset == word.len() + 1 {
            continue; // the language itself, or a second space
        }
        let problem = match word.split_once('=') {
            Some(("id", value)) if is_id(value) => {
                id = Some(value.to_string());
                None
            }
            Some(("id", _)) => {
                Some(("an exercise id is lower-case letters, digits and `-`", "write `id=sqs-receive-1`"))
            }
            Some(("kind", value)) => {
                kind = ExerciseKind::from_name(value);
                kind.is_none()
                    .then_some(("unknown exercise kind", "use allowed-or-denied, which-policy, find-the-bug or fix-it"))
            }
            _ => Some(("an exercise's info string takes only `id=` and `kind=`", "move everything else into the body")),
        };
        if let Some((message, hint)) = problem {
            problems.push(crate::diagnostics::diag::Diagnostic::new(
                place.chapter,
                at,
                syntax(format!("{message}: `{word}`"), hint),
            ));
        }
    }
    for (missing, name) in [(id.is_none(), "id"), (kind.is_none(), "kind")] {
        if missing && problems.is_empty() {
            problems.push(
                place
                    .at_fence(syntax(format!("this exercise has no `{name}=`"), "write ```exercise id=NAME kind=KIND")),
            );
        }
    }
    match (id, kind) {
        (Some(id), Some(kind)) if problems.is_empty() => Ok((id, kind)),
        _ => Err(problems),
    }
}

fn is_id(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where a string value's characters start: after `"`/`'`, or after `'''`/`"""`
/// and the newline TOML drops right after them.
fn content_start(body: &str, span: &Range<usize>) -> usize {
    let token = &body[span.clone()];
    if token.starts_with("'''") || token.starts_with("\"\"\"") {
        let after = &token[3..];
        span.start + 3 + if after.starts_with("\r\n") { 2 } else { usize::from(after.starts_with('\n')) }
    } else {
        span.start + 1
    }
}

struct Keys<'a, 'p> {
    place: &'a Place<'p>,
    kind: ExerciseKind,
    body_text: &'a str,
    problems: &'a mut Vec<Diagnostic>,
}

impl Keys<'_, '_> {
    fn field(&self, value: Spanned<String>) -> Field {
        let span = value.span();
        Field { content: content_start(self.body_text, &span), span, value: value.into_inner() }
    }

    fn required(&mut self, name: &str, value: Option<Spanned<String>>) -> Option<Field> {
        match value {
            Some(v) if v.get_ref().trim().is_empty() => {
                let span = v.span();
                self.problems
                    .push(self.place.at(span, syntax(format!("`{name}` is empty"), "write it in the page's language")));
                None
            }
            Some(v) => Some(self.field(v)),
            None => {
                let hint = format!("add `{name} = \"…\"` (see \"Exercises\" in docs/authoring.md)");
                self.problems
                    .push(self.place.at_fence(syntax(format!("{} exercises need `{name}`", self.kind.name()), hint)));
                None
            }
        }
    }

    fn document(&mut self, body: &Body) -> Option<Document> {
        let text = self.required("document", body.document.clone());
        let kind = self.required("document-kind", body.document_kind.clone())?;
        let Some(parsed) = Kind::from_name(&kind.value) else {
            let hint = format!("one of {}", Kind::names().join(", "));
            self.problems
                .push(self.place.at(kind.span, syntax(format!("unknown document kind `{}`", kind.value), hint)));
            return None;
        };
        Some(Document { text: text?, kind: parsed })
    }

    fn task(&mut self, body: &Body) -> Option<Task> {
        let optional = |keys: &Self, v: &Option<Spanned<String>>| v.clone().map(|v| keys.field(v));
        match self.kind {
            ExerciseKind::AllowedOrDenied => {
                let policy = match (&body.policy, &body.document) {
                    (Some(id), None) => Some(PolicySource::Block(self.field(id.clone()))),
                    (None, Some(_)) => self.document(body).map(PolicySource::Inline),
                    (Some(_), Some(document)) => {
                        let finding = syntax("give `policy` or `document`, not both", "keep one");
                        self.problems.push(self.place.at(document.span(), finding));
                        None
                    }
                    (None, None) => {
                        let hint =
                            "add `policy = \"ID\"` (a JSON block above) or `document = '''…'''` with `document-kind`";
                        self.problems
                            .push(self.place.at_fence(syntax("an allowed-or-denied exercise needs a policy", hint)));
                        None
                    }
                };
                let request = self.required("request", body.request.clone());
                let answer = self.required("answer", body.answer.clone());
                let decision = answer.as_ref().and_then(|a| {
                    let decision = match a.value.as_str() {
                        "allow" => Decision::Allow,
                        "explicit-deny" => Decision::ExplicitDeny,
                        "implicit-deny" => Decision::ImplicitDeny,
                        other => {
                            let message = format!("unknown answer `{other}`");
                            self.problems.push(
                                self.place
                                    .at(a.span.clone(), syntax(message, "use allow, explicit-deny or implicit-deny")),
                            );
                            return None;
                        }
                    };
                    Some(decision)
                });
                Some(Task::AllowedOrDenied {
                    policy: policy?,
                    request: request?,
                    answer: decision?,
                    answer_span: answer?.span,
                    attached_to: optional(self, &body.attached_to),
                })
            }
            ExerciseKind::WhichPolicy => {
                let Some(raw) = &body.choice else {
                    let hint = "add `[[choice]]` tables with `text = \"…\"`; mark the right one `correct = true`";
                    self.problems.push(self.place.at_fence(syntax("a which-policy exercise needs choices", hint)));
                    return None;
                };
                let mut choices = Vec::new();
                for choice in raw.get_ref() {
                    let Some(text) = &choice.text else {
                        self.problems
                            .push(self.place.at(raw.span(), syntax("every choice needs `text`", "add `text = \"…\"`")));
                        return None;
                    };
                    choices.push(Choice {
                        text: self.field(text.clone()),
                        policy: optional(self, &choice.policy),
                        correct: choice.correct.as_ref().is_some_and(|c| *c.get_ref()),
                    });
                }
                let correct = choices.iter().filter(|c| c.correct).count();
                if choices.len() < 2 || correct != 1 {
                    let message = format!(
                        "a which-policy exercise needs 2 or more choices, exactly one `correct = true` (found {} choices, {correct} correct)",
                        choices.len()
                    );
                    self.problems.push(
                        self.place.at(raw.span(), syntax(message, "mark the right choice with `correct = true`")),
                    );
                    return None;
                }
                Some(Task::WhichPolicy { choices, request: optional(self, &body.request) })
            }
            ExerciseKind::FindTheBug => {
                let document = self.document(body);
                let finding = self.required("finding", body.finding.clone());
                let line = match &body.line {
                    Some(line) if *line.get_ref() >= 1 => Some((*line.get_ref() as usize, line.span())),
                    Some(line) => {
                        self.problems.push(
                            self.place
                                .at(line.span(), syntax("`line` counts from 1", "the document's first line is line 1")),
                        );
                        None
                    }
                    None => {
                        self.problems.push(self.place.at_fence(syntax(
                            "a find-the-bug exercise needs `line`",
                            "add `line = N` (1-based, in `document`)",
                        )));
                        None
                    }
                };
                let (line, _) = line?;
                Some(Task::FindTheBug { document: document?, finding: finding?, line })
            }
            ExerciseKind::FixIt => {
                let document = self.document(body);
                let cases = self.required("cases", body.cases.clone());
                let solution = self.required("solution", body.solution.clone());
                Some(Task::FixIt {
                    document: document?,
                    cases: cases?,
                    solution: solution?,
                    attached_to: optional(self, &body.attached_to),
                })
            }
        }
    }

    /// Keys of the body this kind does not use.
    fn unused(&mut self, body: &Body) {
        let used: &[&str] = match self.kind {
            ExerciseKind::AllowedOrDenied => {
                &["policy", "document", "document-kind", "request", "answer", "attached-to"]
            }
            ExerciseKind::WhichPolicy => &["request", "choice"],
            ExerciseKind::FindTheBug => &["document", "document-kind", "finding", "line"],
            ExerciseKind::FixIt => &["document", "document-kind", "cases", "solution", "attached-to"],
        };
        let span = |v: &Option<Spanned<String>>| v.as_ref().map(Spanned::span);
        let present = [
            ("policy", span(&body.policy)),
            ("document", span(&body.document)),
            ("document-kind", span(&body.document_kind)),
            ("request", span(&body.request)),
            ("answer", span(&body.answer)),
            ("attached-to", span(&body.attached_to)),
            ("finding", span(&body.finding)),
            ("line", body.line.as_ref().map(Spanned::span)),
            ("cases", span(&body.cases)),
            ("solution", span(&body.solution)),
            ("choice", body.choice.as_ref().map(Spanned::span)),
        ];
        for (name, at) in present {
            if let Some(at) = at.filter(|_| !used.contains(&name)) {
                let message = format!("`{name}` is not a key of {} exercises", self.kind.name());
                self.problems.push(
                    self.place
                        .at(at, syntax(message, format!("its keys: question, explanation, see, {}", used.join(", ")))),
                );
            }
        }
    }
}
