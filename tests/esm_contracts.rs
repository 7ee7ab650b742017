//! Event-source contracts, executed: every event source mapping block of the
//! book (`kind=event-source-mapping`) names the handler it runs
//! (`handler=NAME`, an example under examples/) and the events it runs on
//! (`events=…`, in delivery order). Here each handler runs on its events and
//! each response is held to the contract the mapping's settings set
//! (`lambda_notes::checks::esm_contract`). A failure names the config and the rule.

#[allow(dead_code)]
#[path = "../examples/sqs-worker.rs"]
mod sqs_worker;

#[allow(dead_code)]
#[path = "../examples/kinesis-worker.rs"]
mod kinesis_worker;

#[allow(dead_code)]
#[path = "../examples/dynamodb-window.rs"]
mod dynamodb_window;

use lambda_notes::checks::esm_contract::{self, Invocation, Mapping};
use lambda_notes::{snippet::attrs, snippet::kind::Kind, snippet::scan};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A document under examples/, as the chapter names it.
fn example(file: &str) -> Result<Value, String> {
    let path = root().join("examples").join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("examples/{file}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("examples/{file}: {e}"))
}

fn typed<T: serde::de::DeserializeOwned>(handler: &str, event: &Value) -> Result<T, String> {
    serde_json::from_value(event.clone()).map_err(|e| format!("the event is not what {handler} reads: {e}"))
}

/// Run the handler `name` on one event, as Lambda would, and return its response.
fn run(name: &str, event: &Value) -> Result<Value, String> {
    let response = match name {
        "sqs-worker" => serde_json::to_value(sqs_worker::handle(&typed(name, event)?)),
        "kinesis-worker" => serde_json::to_value(kinesis_worker::handle(&typed(name, event)?)),
        "dynamodb-window" => serde_json::to_value(dynamodb_window::handle(&typed(name, event)?)),
        other => return Err(format!("no handler `{other}` is wired into tests/esm_contracts.rs")),
    };
    response.map_err(|e| e.to_string())
}

/// One event source mapping block, and the pairing it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pairing {
    /// `src/en/sqs.md:86`
    at: String,
    config_file: String,
    handler: Option<String>,
    events: Vec<String>,
}

/// The event source mapping blocks of one chapter.
fn pairings(chapter: &str, text: &str) -> Vec<Pairing> {
    scan::fenced_blocks(text)
        .into_iter()
        .filter_map(|block| {
            let attributes = attrs::parse(&block.info).ok()?;
            (attributes.kind == Some(Kind::EventSourceMapping)).then(|| Pairing {
                at: format!("{chapter}:{}", text[..block.range.start].matches('\n').count() + 1),
                config_file: attributes.file.unwrap_or_else(|| "(inline)".into()),
                handler: attributes.handler,
                events: attributes.events.unwrap_or_default(),
            })
        })
        .collect()
}

/// The book's pairings, every edition.
fn book_pairings() -> Vec<Pairing> {
    let mut out = Vec::new();
    for lang in ["en", "ja", "ko"] {
        let dir = root().join("src").join(lang);
        let mut chapters: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        chapters.sort();
        for path in chapters {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = format!("src/{lang}/{}", path.file_name().unwrap().to_string_lossy());
            out.extend(pairings(&name, &text));
        }
    }
    out
}

/// The mapping's config and, per event, (event, response).
type Runs = (Value, Vec<(Value, Value)>);

/// The handler's responses on the pairing's events, or why the pairing cannot run.
fn responses(pairing: &Pairing) -> Result<Runs, Vec<String>> {
    let say =
        |rule: &str, message: String| vec![format!("{} {}: rule `{rule}`: {message}", pairing.at, pairing.config_file)];
    let Some(handler) = &pairing.handler else {
        return Err(say("handler=", "the block pairs the mapping with no handler to run on its events".into()));
    };
    if pairing.events.is_empty() {
        return Err(say("events=", format!("the block runs {handler} on no event")));
    }
    let config = example(&pairing.config_file).map_err(|e| say("file=", e))?;
    let mut runs = Vec::new();
    for file in &pairing.events {
        let event = example(file).map_err(|e| say("events=", e))?;
        let response = run(handler, &event).map_err(|e| say("handler=", format!("{file}: {e}")))?;
        runs.push((event, response));
    }
    Ok((config, runs))
}

/// Every broken rule of one pairing.
fn contract_failures(pairing: &Pairing) -> Vec<String> {
    let (config, runs) = match responses(pairing) {
        Ok(ok) => ok,
        Err(failures) => return failures,
    };
    let invocations: Vec<Invocation> = pairing
        .events
        .iter()
        .zip(&runs)
        .map(|(file, (event, response))| Invocation { event_file: file, event, response })
        .collect();
    let mapping =
        Mapping { config_file: &pairing.config_file, config: &config, handler: pairing.handler.as_deref().unwrap() };
    esm_contract::check(mapping, &invocations).into_iter().map(|m| format!("{} {m}", pairing.at)).collect()
}

#[test]
fn every_mapping_the_book_shows_runs_its_handler_within_the_contract() {
    let pairings = book_pairings();
    let failures: Vec<String> = pairings.iter().flat_map(contract_failures).collect();
    assert!(failures.is_empty(), "event source mappings whose handler breaks the contract:\n{}", failures.join("\n"));

    // Every mapping config under examples/ is shown, hence paired.
    let mut configs: Vec<String> = std::fs::read_dir(root().join("examples/config"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("esm-") && name.ends_with(".json"))
        .map(|name| format!("config/{name}"))
        .collect();
    configs.sort();
    let mut shown: Vec<String> =
        pairings.iter().filter(|p| p.at.starts_with("src/en/")).map(|p| p.config_file.clone()).collect();
    shown.sort();
    assert_eq!(
        shown, configs,
        "every examples/config/esm-*.json is shown once in the English edition, with its handler"
    );

    // The three editions pair each mapping the same way.
    for lang in ["ja", "ko"] {
        let strip = |p: &Pairing| (p.config_file.clone(), p.handler.clone(), p.events.clone());
        let en: Vec<_> = pairings.iter().filter(|p| p.at.starts_with("src/en/")).map(strip).collect();
        let other: Vec<_> = pairings.iter().filter(|p| p.at.starts_with(&format!("src/{lang}/"))).map(strip).collect();
        assert_eq!(other, en, "src/{lang} pairs the event source mappings differently from src/en");
    }
}

/// The responses themselves, per mapping and event: what a reader who runs
/// the example sees.
#[test]
fn the_paired_handlers_responses() {
    for pairing in book_pairings().iter().filter(|p| p.at.starts_with("src/en/")) {
        let (_, runs) = responses(pairing).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        for (file, (_, response)) in pairing.events.iter().zip(runs) {
            let name = format!(
                "{}__{}",
                Path::new(&pairing.config_file).file_stem().unwrap().to_string_lossy(),
                Path::new(file).file_stem().unwrap().to_string_lossy()
            );
            insta::assert_json_snapshot!(name, response);
        }
    }
}

/// A chapter's mapping block, with or without its pairing.
fn one_pairing(info: &str) -> Pairing {
    let text = format!("# Streams\n\n```json {info}\n```\n");
    pairings("src/en/streams.md", &text).remove(0)
}

#[test]
fn a_mapping_without_a_handler_fails_and_names_the_config() {
    let pairing = one_pairing("kind=event-source-mapping id=esm-sqs file=config/esm-sqs.json");
    assert_eq!(
        contract_failures(&pairing),
        vec![
            "src/en/streams.md:3 config/esm-sqs.json: rule `handler=`: the block pairs the mapping with no handler \
             to run on its events"
        ]
    );
    let pairing =
        one_pairing("kind=event-source-mapping file=config/esm-sqs.json handler=sqs-wroker events=events/sqs.json");
    assert_eq!(
        contract_failures(&pairing),
        vec![
            "src/en/streams.md:3 config/esm-sqs.json: rule `handler=`: events/sqs.json: no handler `sqs-wroker` is \
             wired into tests/esm_contracts.rs"
        ]
    );
}

#[test]
fn a_handler_on_another_sources_event_is_a_broken_pairing() {
    let pairing =
        one_pairing("kind=event-source-mapping file=config/esm-kinesis.json handler=sqs-worker events=events/sqs.json");
    let failures = contract_failures(&pairing);
    assert_eq!(
        failures[0],
        "src/en/streams.md:3 config/esm-kinesis.json (handler sqs-worker on events/sqs.json): rule `EventSourceArn`: \
         record 0 comes from `arn:aws:sqs:us-east-1:123456789012:my-queue`, not from the mapping's \
         `arn:aws:kinesis:us-east-1:123456789012:stream/my-stream`"
    );
}

/// The book's Kinesis event with one record whose data is not an order.
fn kinesis_event_with_a_bad_record() -> Value {
    let mut event = example("events/kinesis.json").unwrap();
    let records = event["Records"].as_array_mut().unwrap();
    let mut bad = records[0].clone();
    bad["kinesis"]["data"] = "b3JkZXJJZD1vLTEwMDM=".into(); // "orderId=o-1003"
    bad["kinesis"]["sequenceNumber"] = "49657812320815284416305213460429605368377358685546266626".into();
    records.insert(1, bad);
    event
}

fn kinesis_config() -> Value {
    example("config/esm-kinesis.json").unwrap()
}

#[test]
fn the_kinesis_worker_reports_the_first_failed_sequence_number_and_stops() {
    let event = kinesis_event_with_a_bad_record();
    let response = run("kinesis-worker", &event).unwrap();
    assert_eq!(
        response,
        json!({"batchItemFailures": [{"itemIdentifier": "49657812320815284416305213460429605368377358685546266626"}]})
    );
    let run = Invocation { event_file: "events/kinesis.json", event: &event, response: &response };
    let mapping =
        Mapping { config_file: "config/esm-kinesis.json", config: &kinesis_config(), handler: "kinesis-worker" };
    assert_eq!(esm_contract::check(mapping, &[run]), Vec::<String>::new());
}

#[test]
fn an_item_identifier_that_is_not_in_the_event_breaks_the_contract() {
    let event = example("events/kinesis.json").unwrap();
    // A handler that reports the eventID instead of the sequence number.
    let response = json!({"batchItemFailures": [{"itemIdentifier": event["Records"][0]["eventID"]}]});
    let run = Invocation { event_file: "events/kinesis.json", event: &event, response: &response };
    let mapping =
        Mapping { config_file: "config/esm-kinesis.json", config: &kinesis_config(), handler: "kinesis-worker" };
    assert_eq!(
        esm_contract::check(mapping, &[run]),
        vec![
            "config/esm-kinesis.json (handler kinesis-worker on events/kinesis.json): rule `ReportBatchItemFailures`: \
             batchItemFailures[0].itemIdentifier `shardId-000000000000:49657812320815284416305213460427187516738129427196854274` \
             is not the `kinesis.sequenceNumber` of any record in the event"
        ]
    );
    let response = json!({});
    let run = Invocation { response: &response, ..run };
    assert_eq!(
        esm_contract::check(mapping, &[run]),
        vec![
            "config/esm-kinesis.json (handler kinesis-worker on events/kinesis.json): rule `ReportBatchItemFailures`: \
             the response has no `batchItemFailures` list (an empty list says every record succeeded)"
        ]
    );
}

/// A DynamoDB mapping with a 60-second tumbling window, written here so the
/// window rules stay tested whatever the book's own DynamoDB example sets.
fn windowed_config() -> Value {
    json!({
        "FunctionName": "my-function",
        "EventSourceArn": "arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2026-01-01T00:00:00.000",
        "StartingPosition": "LATEST",
        "TumblingWindowInSeconds": 60
    })
}

const WINDOW_EVENTS: [&str; 2] = ["events/dynamodb-window-1.json", "events/dynamodb-window-2.json"];

fn window_runs(handler: impl Fn(&Value) -> Value) -> Vec<(Value, Value)> {
    WINDOW_EVENTS
        .iter()
        .map(|file| {
            let event = example(file).unwrap();
            let response = handler(&event);
            (event, response)
        })
        .collect()
}

fn check_window(runs: &[(Value, Value)], handler: &str) -> Vec<String> {
    let config = windowed_config();
    let invocations: Vec<Invocation> = WINDOW_EVENTS
        .iter()
        .zip(runs)
        .map(|(file, (event, response))| Invocation { event_file: file, event, response })
        .collect();
    esm_contract::check(Mapping { config_file: "config/esm-dynamodb.json", config: &config, handler }, &invocations)
}

#[test]
fn the_window_handler_carries_its_state_across_two_invocations() {
    let runs = window_runs(|event| run("dynamodb-window", event).unwrap());
    assert_eq!(runs[0].1, json!({"state": {"INSERT": 1, "MODIFY": 1}, "batchItemFailures": []}));
    // The second invocation received the first one's state and added its batch.
    assert_eq!(runs[1].0["state"], runs[0].1["state"]);
    assert_eq!(runs[1].1, json!({"state": {"INSERT": 2, "MODIFY": 2}, "batchItemFailures": []}));
    assert_eq!(check_window(&runs, "dynamodb-window"), Vec::<String>::new());
}

#[test]
fn a_window_handler_that_returns_no_state_breaks_the_contract() {
    // The SQS-style answer: batch failures only.
    let runs = window_runs(|_| json!({"batchItemFailures": []}));
    assert_eq!(
        check_window(&runs, "stateless"),
        vec![
            "config/esm-dynamodb.json (handler stateless on events/dynamodb-window-1.json): rule \
             `TumblingWindowInSeconds`: the response has no `state`, so Lambda counts the invocation as failed",
            "config/esm-dynamodb.json (handler stateless on events/dynamodb-window-2.json): rule \
             `TumblingWindowInSeconds`: the response has no `state`, so Lambda counts the invocation as failed",
            "config/esm-dynamodb.json (handler stateless on events/dynamodb-window-2.json): rule \
             `TumblingWindowInSeconds`: the event receives state {\"INSERT\":1,\"MODIFY\":1}, but after \
             events/dynamodb-window-1.json Lambda passes null",
        ]
    );
}

#[test]
fn a_window_handler_on_an_unwindowed_event_breaks_the_contract() {
    let mut runs = window_runs(|event| run("dynamodb-window", event).unwrap());
    for field in ["window", "state", "shardId", "isFinalInvokeForWindow", "isWindowTerminatedEarly"] {
        runs[0].0.as_object_mut().unwrap().remove(field);
    }
    let failures = check_window(&runs[..1], "dynamodb-window");
    assert_eq!(
        failures,
        vec![
            "config/esm-dynamodb.json (handler dynamodb-window on events/dynamodb-window-1.json): rule \
             `TumblingWindowInSeconds`: the event has no `window`: it is not the windowed event Lambda sends",
            "config/esm-dynamodb.json (handler dynamodb-window on events/dynamodb-window-1.json): rule \
             `TumblingWindowInSeconds`: the event has no `isFinalInvokeForWindow`: it is not the windowed event \
             Lambda sends",
            "config/esm-dynamodb.json (handler dynamodb-window on events/dynamodb-window-1.json): rule \
             `TumblingWindowInSeconds`: the event has no `isWindowTerminatedEarly`: it is not the windowed event \
             Lambda sends",
        ]
    );
}
