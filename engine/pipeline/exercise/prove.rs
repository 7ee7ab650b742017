//! What the build proves about an exercise's answer key (see the table in
//! `docs/authoring.md`): the evaluator's decision, the policy that decides,
//! the finding the lints report, and a model fix that passes every case.

use super::{Document, Exercise, Field, Place, PolicySource, Proof, Task};
use crate::checks::eval::{self, Decision, Expect, PolicyRef, PolicySet};
use crate::checks::policy_tests;
use crate::diagnostics::codes;
use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::finding::{Finding, Severity};
use crate::snippet::kind::Kind;
use serde_json::{Value, json};
use std::ops::Range;

pub fn prove(place: &Place, context: &super::Context, exercise: &Exercise) -> (Vec<Diagnostic>, Proof) {
    let mut prover = Prover { place, context, diagnostics: Vec::new() };
    let see = &exercise.see;
    let anchor = see.value.strip_prefix('#').unwrap_or("");
    if !context.anchors.contains(anchor) {
        let message = format!("`see = \"{}\"` names no heading of this chapter", see.value);
        let hint = "write `#` and the id mdBook gives a heading of this chapter (its text, lower-cased, spaces as `-`)";
        prover
            .diagnostics
            .push(place.at(see.span.clone(), Finding::error(codes::EXERCISE_SYNTAX, message).with_hint(hint)));
    }
    let mut proof = Proof::default();
    match &exercise.task {
        Task::AllowedOrDenied { policy, request, answer, answer_span, attached_to } => {
            prover.allowed_or_denied(policy, request, *answer, answer_span, attached_to.as_ref());
        }
        Task::WhichPolicy { choices, request: Some(request) } => {
            proof.checked = prover.which_policy(choices, request);
        }
        Task::WhichPolicy { request: None, .. } => {}
        Task::FindTheBug { document, finding, line } => prover.find_the_bug(document, finding, *line),
        Task::FixIt { document, cases, solution, attached_to } => {
            proof.fix_data = prover.fix_it(document, cases, solution, attached_to.as_ref());
        }
    }
    (prover.diagnostics, proof)
}

fn wrong(message: String, hint: &str) -> Finding {
    Finding::error(codes::EXERCISE_WRONG_ANSWER, message).with_hint(hint)
}

struct Prover<'a, 'p> {
    place: &'a Place<'p>,
    context: &'a super::Context<'a>,
    diagnostics: Vec<Diagnostic>,
}

impl Prover<'_, '_> {
    /// The policy an id names: an IAM ```json block earlier in the chapter.
    fn block_policy(&mut self, id: &Field) -> Option<(Kind, Value)> {
        let policy = self.context.snippets.iam_policy(&id.value);
        if policy.is_none() {
            let message = format!("no valid IAM policy block with id `{}` comes before this exercise", id.value);
            let finding = Finding::error(codes::EXERCISE_UNKNOWN_POLICY, message)
                .with_hint("name the `id=` of a ```json policy block above, in this chapter");
            self.diagnostics.push(self.place.at(id.span.clone(), finding));
        }
        policy
    }

    /// An inline document, parsed (a syntax error is reported in it).
    fn inline(&mut self, document: &Document) -> Option<std::sync::Arc<crate::pipeline::memo::Analysis>> {
        let analysis = self.context.memo.analysis(&document.text.value, Some(document.kind));
        if let Err(e) = &analysis.doc {
            let at = document.text.content + e.offset;
            self.diagnostics.push(self.place.at(at..at + 1, e.clone().finding()));
            return None;
        }
        Some(analysis)
    }

    /// An inline document's findings that matter (notes aside): (line in the document, finding).
    fn document_findings(
        &self,
        document: &Document,
        analysis: &crate::pipeline::memo::Analysis,
    ) -> Vec<(usize, Finding)> {
        analysis
            .findings()
            .iter()
            .filter(|(_, f)| f.severity != Severity::Note)
            .map(|(range, f)| (crate::diagnostics::diag::line_column(&document.text.value, range.start).0, f.clone()))
            .collect()
    }

    /// A policy-test finding about a line of a string value, placed in the chapter.
    /// `skip` is how many bytes were put before the value's text (`allow `).
    fn case_finding(&mut self, field: &Field, skip: usize, f: &policy_tests::CaseFinding) {
        if f.at_fence {
            self.diagnostics.push(self.place.at(field.span.clone(), f.finding.clone()));
            return;
        }
        let line_start: usize = field.value.split_inclusive('\n').take(f.line).map(str::len).sum();
        let start = field.content + line_start + f.column.saturating_sub(skip);
        self.diagnostics.push(self.place.at(start..start + f.len.max(1), f.finding.clone()));
    }

    fn allowed_or_denied(
        &mut self,
        policy: &PolicySource,
        request: &Field,
        answer: Decision,
        answer_span: &Range<usize>,
        attached_to: Option<&Field>,
    ) {
        let (id, kind, value) = match policy {
            PolicySource::Block(id) => match self.block_policy(id) {
                Some((kind, value)) => (id.value.clone(), kind, value),
                None => return,
            },
            PolicySource::Inline(document) => {
                let Some(analysis) = self.inline(document) else { return };
                let Ok(doc) = &analysis.doc else { return };
                for (line, finding) in self.document_findings(document, &analysis) {
                    let at = line_offset(&document.text, line);
                    self.diagnostics.push(self.place.at(at..at + 1, finding));
                }
                ("exercise".to_string(), document.kind, doc.value.clone())
            }
        };
        if request.value.contains('\n') {
            let finding = Finding::error(codes::EXERCISE_SYNTAX, "`request` is one request, on one line")
                .with_hint("write one `principal=… action=… resource=…` line");
            self.diagnostics.push(self.place.at(request.span.clone(), finding));
            return;
        }
        let body = format!("allow {}", request.value);
        let evaluated = policy_tests::evaluate(&id, kind, &value, &body, attached_to.map(|a| a.value.as_str()));
        for f in evaluated.findings.iter().filter(|f| f.finding.code != codes::POLICY_TEST_FAILED) {
            self.case_finding(request, "allow ".len(), f);
        }
        let results = evaluated.results();
        if let Some(result) = results.first()
            && result.decision != answer
        {
            let message = format!(
                "the answer key says {answer}, but the evaluator gives {}: {}",
                result.decision, result.explanation
            );
            self.diagnostics.push(self.place.at(answer_span.clone(), wrong(message, "fix `answer`, or the question")));
        }
    }

    /// Returns whether the answer was checked (it is, unless something was missing).
    fn which_policy(&mut self, choices: &[super::Choice], request: &Field) -> bool {
        let mut policies = Vec::new();
        for choice in choices {
            let Some(id) = &choice.policy else {
                let finding = Finding::error(codes::EXERCISE_SYNTAX, "with `request`, every choice names its `policy`")
                    .with_hint("add `policy = \"ID\"` to each choice, or drop `request` to mark the answer as the author's claim");
                self.diagnostics.push(self.place.at(choice.text.span.clone(), finding));
                return false;
            };
            let (kind, value) = match self.block_policy(id) {
                Some(found) => found,
                None => return false,
            };
            policies.push((id.value.clone(), kind, value, choice.correct));
        }
        let case = match eval::parse_cases(&format!("allow {}", request.value)) {
            Ok(cases) if cases.len() == 1 => cases.into_iter().next(),
            Ok(_) => None,
            Err(e) => {
                let f = policy_tests::CaseFinding {
                    at_fence: false,
                    line: e.line,
                    column: e.column,
                    len: e.len,
                    finding: Finding::error(codes::POLICY_TEST_SYNTAX, e.message),
                };
                self.case_finding(request, "allow ".len(), &f);
                return false;
            }
        };
        let Some(case) = case.filter(|c| !c.action.is_empty()) else {
            let finding = Finding::error(codes::EXERCISE_SYNTAX, "`request` must be one request with an `action=`")
                .with_hint("write one `principal=… action=… resource=…` line");
            self.diagnostics.push(self.place.at(request.span.clone(), finding));
            return false;
        };
        let unrealistic = crate::checks::iam::requests::check_case(&case, &case.action);
        for (span, finding) in &unrealistic {
            let f = policy_tests::CaseFinding {
                at_fence: false,
                line: 0,
                column: span.column,
                len: span.len,
                finding: finding.clone(),
            };
            self.case_finding(request, "allow ".len(), &f);
        }
        if !unrealistic.is_empty() {
            return false;
        }
        let request_value = eval::checked_request(case.request());
        // Identity policies count as the caller's; the resource-based one as the resource's.
        let owner =
            request_value.resource.split(':').nth(4).filter(|a| a.len() == 12).unwrap_or("123456789012").to_string();
        let wrapped: Vec<(String, Value, Kind)> = policies
            .iter()
            .map(|(id, kind, value, _)| (id.clone(), as_document(*kind, value).0, as_document(*kind, value).1))
            .collect();
        let mut set = PolicySet { identity: Vec::new(), resource: None, trust_for_assume_role: false };
        for (id, doc, kind) in &wrapped {
            let policy = PolicyRef { id, doc };
            match kind {
                Kind::IdentityPolicy => set.identity.push(policy),
                _ => {
                    set.trust_for_assume_role = *kind == Kind::TrustPolicy;
                    set.resource = Some((policy, owner.clone()));
                }
            }
        }
        let outcome = eval::evaluate(&request_value, &set);
        let correct = policies.iter().find(|p| p.3).map(|p| p.0.as_str()).unwrap_or_default();
        let deciding: Vec<&str> = outcome.deciding.iter().map(|s| s.policy.as_str()).collect();
        let problem = if outcome.decision == Decision::ImplicitDeny {
            Some(format!(
                "nothing decides this request (implicit deny: {}), so the build cannot tell which policy to change",
                outcome.explanation
            ))
        } else if deciding.iter().any(|d| *d != correct) || !deciding.contains(&correct) {
            let mut names: Vec<&str> = deciding.clone();
            names.dedup();
            Some(format!(
                "the answer key says `{correct}`, but the {} is decided by `{}`: {}",
                outcome.decision,
                names.join("`, `"),
                outcome.explanation
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            let at = choices.iter().find(|c| c.correct).map_or(request.span.clone(), |c| c.text.span.clone());
            self.diagnostics.push(self.place.at(
                at,
                wrong(message, "fix which choice is `correct`, or drop `request` to mark it the author's claim"),
            ));
            return false;
        }
        true
    }

    fn find_the_bug(&mut self, document: &Document, finding: &Field, line: usize) {
        if !codes::is_known(&finding.value) {
            let f = Finding::error(codes::EXERCISE_SYNTAX, format!("`{}` is not a finding code", finding.value))
                .with_hint("use a code from engine/diagnostics/codes.rs");
            self.diagnostics.push(self.place.at(finding.span.clone(), f));
            return;
        }
        let analysis = self.context.memo.analysis(&document.text.value, Some(document.kind));
        let mut found: Vec<(usize, String)> = match &analysis.doc {
            Err(e) => {
                vec![(crate::diagnostics::diag::line_column(&document.text.value, e.offset).0, e.code.to_string())]
            }
            Ok(_) => self.document_findings(document, &analysis).into_iter().map(|(l, f)| (l, f.code)).collect(),
        };
        found.sort();
        found.dedup();
        if found == [(line, finding.value.clone())] {
            return;
        }
        let said = if found.is_empty() {
            "nothing".to_string()
        } else {
            found.iter().map(|(l, c)| format!("{c} at line {l}")).collect::<Vec<_>>().join(", ")
        };
        let message = format!("the exercise declares {} at line {line}, but the checks report {said}", finding.value);
        let hint = "the document must have exactly one defect, at the declared line";
        // At `finding` (whichever of the two keys is wrong, they are read together).
        self.diagnostics.push(self.place.at(finding.span.clone(), wrong(message, hint)));
    }

    fn fix_it(
        &mut self,
        document: &Document,
        cases: &Field,
        solution: &Field,
        attached_to: Option<&Field>,
    ) -> Option<Value> {
        if !document.kind.is_iam() {
            let f = Finding::error(codes::EXERCISE_SYNTAX, "a fix-it exercise is about an IAM policy")
                .with_hint("use identity-policy, resource-policy or trust-policy as `document-kind`");
            self.diagnostics.push(self.place.at(document.text.span.clone(), f));
            return None;
        }
        let start = self.inline(document)?;
        let model_doc = Document { text: solution.clone(), kind: document.kind };
        let model = self.inline(&model_doc)?;
        let (Ok(start_doc), Ok(model_value)) = (&start.doc, &model.doc) else { return None };
        let model_findings = self.document_findings(&model_doc, &model);
        if !model_findings.is_empty() {
            let said: Vec<String> = model_findings.iter().map(|(l, f)| format!("{} at line {l}", f.code)).collect();
            let message = format!("the model answer is not clean: the checks report {}", said.join(", "));
            self.diagnostics
                .push(self.place.at(solution.span.clone(), wrong(message, "a model answer has no finding")));
        }
        let attached = attached_to.map(|a| a.value.as_str());
        let evaluated = policy_tests::evaluate("solution", document.kind, &model_value.value, &cases.value, attached);
        for f in &evaluated.findings {
            if f.finding.code == codes::POLICY_TEST_FAILED {
                let message = format!("the model answer fails this case: {}", f.finding.message);
                let moved =
                    policy_tests::CaseFinding { finding: wrong(message, "fix `solution` or the case"), ..f.clone() };
                self.case_finding(cases, 0, &moved);
            } else {
                self.case_finding(cases, 0, f);
            }
        }
        let before = policy_tests::evaluate("document", document.kind, &start_doc.value, &cases.value, attached);
        let fails = before.findings.iter().any(|f| f.finding.code == codes::POLICY_TEST_FAILED);
        if !before.results().is_empty() && !fails {
            let message = "the document to fix already passes every case, so any answer would be \"right\"".to_string();
            self.diagnostics
                .push(self.place.at(document.text.span.clone(), wrong(message, "add the case the defect fails")));
        }
        let results = evaluated.results();
        if results.is_empty() {
            return None;
        }
        let cases_text = &cases.value;
        let cases: Vec<Value> = results
            .iter()
            .map(|r| {
                json!({
                    "expect": match r.expect { Expect::Allow => "allow", Expect::Deny => "deny" },
                    "applies": r.applies,
                    "principal": super::probes::principal_json(&r.request.principal),
                    "action": r.request.action,
                    "resource": r.request.resource,
                    "context": eval::effective_context(r.request),
                })
            })
            .collect();
        let (model_document, kind) = as_document(document.kind, &model_value.value);
        let (start_document, _) = as_document(document.kind, &start_doc.value);
        let probes = super::probes::derive(kind, &start_document, &model_document, cases_text, attached);
        let owner = results[0]
            .request
            .resource
            .split(':')
            .nth(4)
            .filter(|a| a.len() == 12)
            .unwrap_or("123456789012")
            .to_string();
        Some(json!({"kind": kind.name(), "owner": owner, "cases": cases, "probes": probes, "model": model_document}))
    }
}

/// A statement is evaluated as a one-statement policy of the kind its principal says.
fn as_document(kind: Kind, value: &Value) -> (Value, Kind) {
    if kind != Kind::PolicyStatement {
        return (value.clone(), kind);
    }
    let k = if value.get("Principal").is_some() || value.get("NotPrincipal").is_some() {
        Kind::ResourcePolicy
    } else {
        Kind::IdentityPolicy
    };
    (json!({"Version": "2012-10-17", "Statement": [value.clone()]}), k)
}

/// Where a 1-based line of a field's text starts, in the body.
fn line_offset(field: &Field, line: usize) -> usize {
    field.content + field.value.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>()
}
