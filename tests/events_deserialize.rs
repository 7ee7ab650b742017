//! An independent check of event documents: every real corpus event and every event under
//! `examples/events/` must deserialise into the matching `aws_lambda_events` type. This does not
//! share any rule with the JSON Schemas, so a schema that drifts from the real payloads (or an
//! example that only satisfies a too-lax schema) shows up here.

use std::fs;
use std::path::{Path, PathBuf};

use aws_lambda_events::event::{apigw, dynamodb, eventbridge, kinesis, s3, sns, sqs};
use lambda_notes::snippet::kind::{Kind, classify};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not strict JSON: {e}", path.display()))
}

fn into<T: DeserializeOwned>(doc: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(doc.clone()).map(|_| ()).map_err(|e| e.to_string())
}

/// Deserialise `doc` into the `aws_lambda_events` type of `kind`. `None` for non-event kinds.
fn deserialize(kind: Kind, doc: &Value) -> Option<Result<(), String>> {
    Some(match kind {
        Kind::S3Event => into::<s3::S3Event>(doc),
        Kind::SqsEvent => into::<sqs::SqsEvent>(doc),
        Kind::SnsEvent => into::<sns::SnsEvent>(doc),
        Kind::EventBridgeEvent => into::<eventbridge::EventBridgeEvent<Value>>(doc),
        Kind::KinesisEvent => into::<kinesis::KinesisEvent>(doc),
        Kind::DynamoDbEvent => into::<dynamodb::Event>(doc),
        Kind::ApiGwRestEvent => into::<apigw::ApiGatewayProxyRequest>(doc),
        Kind::ApiGwHttpEvent => into::<apigw::ApiGatewayV2httpRequest>(doc),
        _ => return None,
    })
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for entry in rd.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The tests of this file that need the corpus (each starts with `let Some(..) = corpus…() else { return }`).
const CORPUS_CHECKS: usize = 2;

#[path = "support/corpus_skipped.rs"]
mod corpus_skipped;

/// Same rule as tests/schemas.rs: a missing corpus is a loud skip, or a failure under `CI`.
fn corpus_root() -> Option<PathBuf> {
    corpus_skipped::corpus_dir("", "tests/events_deserialize.rs", CORPUS_CHECKS)
}

/// Known defects of AWS's own samples, kept in the corpus as negative cases. They must FAIL, with
/// this message: (kind folder, file, expected error substring).
const KNOWN_DEFECTS: &[(&str, &str, &str)] = &[
    // `detailType` instead of the envelope's `detail-type`.
    ("eventbridge-event", "lambda-dev-guide__cloudwatch-scheduled.json", "missing field `detail-type`"),
    // A message attribute's binaryValue "base64Str" is not base64.
    ("sqs-event", "powertools-python__sqsEvent.json", "Invalid input length"),
];

/// How many real events the corpus holds today (84 in its eight event folders).
const MIN_CORPUS_EVENTS: usize = 84;

#[test]
fn corpus_events_deserialize_into_aws_lambda_events_types() {
    let Some(root) = corpus_root() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for kind in Kind::ALL.into_iter().filter(|k| k.is_event()) {
        let files = json_files(&root.join("events").join(kind.name()));
        assert!(!files.is_empty(), "no corpus files for {}", kind.name());
        let mut ok = 0;
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy();
            if KNOWN_DEFECTS.iter().any(|(k, f, _)| *k == kind.name() && *f == name) {
                continue;
            }
            match deserialize(kind, &read_json(path)).unwrap() {
                Ok(()) => ok += 1,
                Err(e) => failures.push(format!("{}/{name}: {e}", kind.name())),
            }
        }
        eprintln!("corpus {}: {ok} of {} deserialise", kind.name(), files.len());
        checked += files.len();
    }
    assert!(failures.is_empty(), "corpus events that do not deserialise:\n{}", failures.join("\n"));
    // A corpus that lost its files (or a filter gone wrong) must not pass quietly.
    assert!(
        checked >= MIN_CORPUS_EVENTS,
        "only {checked} corpus events checked, expected at least {MIN_CORPUS_EVENTS}"
    );
}

#[test]
fn corpus_known_defects_fail_to_deserialize() {
    let Some(root) = corpus_root() else { return };
    for (kind, file, message) in KNOWN_DEFECTS {
        let k = Kind::from_name(kind).unwrap();
        let doc = read_json(&root.join("events").join(kind).join(file));
        match deserialize(k, &doc).unwrap() {
            Ok(()) => panic!("{kind}/{file} is a known defect but deserialised"),
            Err(e) => assert!(e.contains(message), "{kind}/{file}: expected {message:?}, got {e}"),
        }
    }
}

/// Files under examples/ that chapters show as deliberate bad examples (`expect=` on a block with
/// `file=`): they are meant to be wrong, so they are not required to deserialise.
fn deliberate_bad_examples() -> Vec<String> {
    let mut out = Vec::new();
    let src = crate_root().join("src");
    let mut stack = vec![src];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for entry in rd.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "md") {
                continue;
            }
            let Ok(text) = fs::read_to_string(&p) else { continue };
            for line in text.lines() {
                let line = line.trim_start();
                if !(line.starts_with("```") || line.starts_with("~~~")) {
                    continue;
                }
                let words: Vec<&str> = line.split_whitespace().collect();
                if !words.iter().any(|w| w.starts_with("expect=")) {
                    continue;
                }
                if let Some(file) = words.iter().find_map(|w| w.strip_prefix("file=")) {
                    out.push(file.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn example_events_deserialize_into_aws_lambda_events_types() {
    let dir = crate_root().join("examples/events");
    let files = json_files(&dir);
    if files.is_empty() {
        eprintln!("note: no files under examples/events/ yet — nothing to deserialise");
        return;
    }
    let bad_on_purpose = deliberate_bad_examples();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let rel = path.strip_prefix(crate_root().join("examples")).unwrap().to_string_lossy().replace('\\', "/");
        if bad_on_purpose.contains(&rel) {
            eprintln!("skip {rel}: a deliberate bad example (expect=)");
            continue;
        }
        let doc = read_json(path);
        let Some(kind) = classify(&doc) else {
            eprintln!("skip {rel}: not recognised as a document kind by classify()");
            continue;
        };
        let Some(result) = deserialize(kind, &doc) else {
            eprintln!("skip {rel}: classified as {}, which is not an event", kind.name());
            continue;
        };
        checked += 1;
        if let Err(e) = result {
            failures.push(format!("{rel} (as {}): {e}", kind.name()));
        }
    }
    eprintln!("examples/events: {checked} event files deserialised");
    assert!(failures.is_empty(), "example events that do not deserialise:\n{}", failures.join("\n"));
}
