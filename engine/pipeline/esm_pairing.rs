//! An event source mapping block names the example handler that runs behind
//! it and the events it runs on (`handler=NAME events=PATH,PATH`), so the
//! book states the pairing where it shows the mapping. This module only
//! checks that the pairing is declared and that its files exist; running the
//! handler and holding its response to the mapping's contract is the job of
//! `esm_contract` (called from `tests/esm_contracts.rs`).

use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use crate::pipeline::chapter_settings::Settings;
use crate::pipeline::reads::Reads;
use crate::snippet::attrs::Attributes;
use crate::snippet::kind::Kind;

/// What is wrong with the block's pairing, each said at its info string
/// (the files it looks for go through `reads`).
pub fn check(settings: &Settings, reads: &Reads, attributes: &Attributes, kind: Option<Kind>) -> Vec<Finding> {
    let declared = attributes.handler.is_some() || attributes.events.is_some();
    if kind != Some(Kind::EventSourceMapping) {
        if !declared {
            return Vec::new();
        }
        return vec![
            Finding::error(
                codes::PAIRING_WITHOUT_MAPPING,
                format!(
                    "`handler=` and `events=` pair a handler with an event source mapping; this block is {}",
                    kind.map_or("of no known kind".to_string(), |k| format!("a {}", k.name()))
                ),
            )
            .with_hint("move them to the ```json kind=event-source-mapping block"),
        ];
    }
    let mut findings = Vec::new();
    let hint = "add `handler=NAME events=events/FILE.json`: examples/NAME.rs runs on those events in `cargo test`";
    match (&attributes.handler, &attributes.events) {
        (None, None) if settings.require_examples => findings.push(
            Finding::error(
                codes::ESM_WITHOUT_HANDLER,
                "this event source mapping names no handler to run on its events",
            )
            .with_hint(hint),
        ),
        (None, Some(_)) => findings.push(
            Finding::error(
                codes::ESM_WITHOUT_HANDLER,
                "`events=` names events but `handler=` names no handler to run on them",
            )
            .with_hint(hint),
        ),
        (Some(handler), None) => findings.push(
            Finding::error(codes::ESM_WITHOUT_HANDLER, format!("`handler={handler}` names no events to run on"))
                .with_hint(hint),
        ),
        _ => {}
    }
    if let Some(handler) = &attributes.handler {
        let path = settings.examples_dir.join(format!("{handler}.rs"));
        if !reads.is_file(&path) {
            findings.push(
                Finding::error(codes::MISSING_HANDLER, format!("`{}` does not exist", settings.display(&path)))
                    .with_hint("name a handler under examples/ by its file stem"),
            );
        }
    }
    for event in attributes.events.iter().flatten() {
        let path = settings.examples_dir.join(event);
        if !reads.is_file(&path) {
            findings
                .push(Finding::error(codes::MISSING_EXAMPLE, format!("`{}` does not exist", settings.display(&path))));
        }
    }
    findings
}
