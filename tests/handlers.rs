//! The example Lambda handlers, run on the event documents the book pairs
//! them with, and snapshotted. The examples are included as modules, so their
//! handler functions are called directly (their `main` is not used here).

#[allow(dead_code)]
#[path = "../examples/sqs-worker.rs"]
mod sqs_worker;

#[allow(dead_code)]
#[path = "../examples/s3-object-created.rs"]
mod s3_object_created;

#[allow(dead_code)]
#[path = "../examples/eventbridge-scheduled.rs"]
mod eventbridge_scheduled;

use serde_json::Value;
use std::path::Path;

fn event<T: serde::de::DeserializeOwned>(file: &str) -> T {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/events").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Which handler runs on which event document, as the notes pair them.
const PAIRS: &[(&str, &str)] = &[
    ("sqs-worker", "sqs.json"),
    ("s3-object-created", "s3-put.json"),
    ("eventbridge-scheduled", "eventbridge-scheduled.json"),
];

fn run(handler: &str, file: &str) -> Value {
    match handler {
        "sqs-worker" => serde_json::to_value(sqs_worker::handle(&event(file))).unwrap(),
        "s3-object-created" => serde_json::to_value(s3_object_created::handle(&event(file)).unwrap()).unwrap(),
        "eventbridge-scheduled" => serde_json::to_value(eventbridge_scheduled::handle(&event(file)).unwrap()).unwrap(),
        other => panic!("no handler {other}"),
    }
}

#[test]
fn handlers_on_the_books_events() {
    for (handler, file) in PAIRS {
        let output = run(handler, file);
        let name = format!("{handler}__{}", file.trim_end_matches(".json"));
        insta::assert_json_snapshot!(name, output);
    }
}

#[test]
fn sqs_worker_reports_only_the_bad_messages() {
    let mut event: Value = event("sqs.json");
    let records = event["Records"].as_array_mut().unwrap();
    let mut bad = records[0].clone();
    bad["messageId"] = "not-json".into();
    bad["body"] = "orderId=o-1003".into();
    records.push(bad);
    let mut empty = records[1].clone();
    empty["messageId"] = "no-items".into();
    empty["body"] = r#"{"orderId":"o-1004","customerId":"c-1","items":[],"total":0}"#.into();
    records.push(empty);
    let event = serde_json::from_value(event).unwrap();
    insta::assert_json_snapshot!("sqs-worker__sqs-with-bad-messages", sqs_worker::handle(&event));
}

#[test]
fn s3_keys_decode_plus_before_percent() {
    let cases = [
        ("red+flower.jpg", "red flower.jpg"),
        ("a%2Bb.txt", "a+b.txt"),
        ("reports/2026+11/%E6%97%A5%E5%A0%B1+summary.csv", "reports/2026 11/日報 summary.csv"),
        ("plain/key.csv", "plain/key.csv"),
        ("100%25.txt", "100%.txt"),
    ];
    for (raw, want) in cases {
        assert_eq!(s3_object_created::decode_key(raw).unwrap(), want, "{raw}");
    }
    assert!(s3_object_created::decode_key("bad%FF").is_err());
}

#[test]
fn eventbridge_handler_refuses_other_events() {
    let mut event: Value = event("eventbridge-scheduled.json");
    event["detail-type"] = "Object Created".into();
    event["source"] = "aws.s3".into();
    let event = serde_json::from_value(event).unwrap();
    let err = eventbridge_scheduled::handle(&event).unwrap_err();
    assert!(err.contains("not a scheduled event"), "{err}");
}
