//! The contract an event source mapping sets for its handler's response,
//! checked on real runs: the handler the chapter pairs with the mapping
//! (`handler=`, see `esm_pairing`) has run on each of the book's events
//! (`events=`), and each response is held to what the mapping's settings
//! make Lambda expect. Pure functions of JSON values, so a test can feed them
//! a broken response and see the rule fail.
//!
//! Sources:
//! - partial batch responses: <https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html>,
//!   <https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html>,
//!   <https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html>
//!   (the identifier is the SQS `messageId`, or the stream record's sequence number; an
//!   empty or missing identifier makes Lambda fail the whole batch; Lambda ignores the list
//!   unless the mapping turns `ReportBatchItemFailures` on);
//! - tumbling windows: <https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html>,
//!   <https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html>
//!   (a response without `state` is a failed invocation; the next invocation of the window
//!   receives the state; after the final invocation a window starts with a fresh state).

use serde_json::Value;

/// One run of the handler: the event it received and what it returned.
#[derive(Debug, Clone, Copy)]
pub struct Invocation<'a> {
    /// The event's path under examples/, as the chapter names it.
    pub event_file: &'a str,
    pub event: &'a Value,
    pub response: &'a Value,
}

/// The mapping under test: its file (as the chapter names it) and document,
/// and the handler the chapter pairs with it.
#[derive(Debug, Clone, Copy)]
pub struct Mapping<'a> {
    pub config_file: &'a str,
    pub config: &'a Value,
    pub handler: &'a str,
}

/// Every broken rule, one line each, naming the config, the handler, the
/// event and the rule. Empty: the pairing keeps the contract.
pub fn check(mapping: Mapping, runs: &[Invocation]) -> Vec<String> {
    let mut broken = Vec::new();
    let mut say = |run: &Invocation, rule: &str, message: String| {
        broken.push(format!(
            "{} (handler {} on {}): rule `{rule}`: {message}",
            mapping.config_file, mapping.handler, run.event_file
        ));
    };
    let source_arn = mapping.config.get("EventSourceArn").and_then(Value::as_str).unwrap_or_default();
    let reports_items = mapping
        .config
        .get("FunctionResponseTypes")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "ReportBatchItemFailures"));
    let window = mapping.config.get("TumblingWindowInSeconds").and_then(Value::as_u64).unwrap_or(0);
    for (i, run) in runs.iter().enumerate() {
        for message in source_problems(run.event, source_arn) {
            say(run, "EventSourceArn", message);
        }
        let failures = run.response.get("batchItemFailures");
        if reports_items {
            for message in item_failure_problems(run.event, failures, source_arn) {
                say(run, "ReportBatchItemFailures", message);
            }
        } else if failures.and_then(Value::as_array).is_some_and(|f| !f.is_empty()) {
            say(
                run,
                "ReportBatchItemFailures",
                "the handler reports failed items, but without `FunctionResponseTypes: [\"ReportBatchItemFailures\"]` \
                 Lambda ignores them and counts the whole batch as processed"
                    .into(),
            );
        }
        if window > 0 {
            let previous = i.checked_sub(1).map(|p| runs[p]);
            for message in window_problems(run, previous) {
                say(run, "TumblingWindowInSeconds", message);
            }
        }
    }
    broken
}

/// The event must come from the mapping's source: every record's
/// `eventSourceARN` is the mapping's `EventSourceArn`.
fn source_problems(event: &Value, source_arn: &str) -> Vec<String> {
    let Some(records) = event.get("Records").and_then(Value::as_array) else {
        return vec!["the event has no `Records` list".into()];
    };
    records
        .iter()
        .enumerate()
        .filter_map(|(i, record)| {
            let from = record.get("eventSourceARN").and_then(Value::as_str).unwrap_or("(none)");
            (from != source_arn)
                .then(|| format!("record {i} comes from `{from}`, not from the mapping's `{source_arn}`"))
        })
        .collect()
}

/// Where a record's identifier for `batchItemFailures` lives, by the
/// service of the mapping's source ARN.
fn identifier_field(source_arn: &str) -> Option<(&'static str, &'static str)> {
    match source_arn.split(':').nth(2) {
        Some("sqs") => Some(("messageId", "messageId")),
        Some("kinesis") => Some(("kinesis", "sequenceNumber")),
        Some("dynamodb") => Some(("dynamodb", "SequenceNumber")),
        _ => None,
    }
}

fn item_failure_problems(event: &Value, failures: Option<&Value>, source_arn: &str) -> Vec<String> {
    let Some((outer, inner)) = identifier_field(source_arn) else {
        return vec![format!(
            "partial batch responses apply to SQS, Kinesis and DynamoDB streams, not to `{source_arn}`"
        )];
    };
    let Some(failures) = failures.and_then(Value::as_array) else {
        return vec!["the response has no `batchItemFailures` list (an empty list says every record succeeded)".into()];
    };
    let id_of = |record: &Value| {
        let holder = if outer == inner { Some(record) } else { record.get(outer) };
        holder.and_then(|h| h.get(inner)).and_then(Value::as_str).map(str::to_string)
    };
    let ids: Vec<String> =
        event.get("Records").and_then(Value::as_array).into_iter().flatten().filter_map(id_of).collect();
    let field = if outer == inner { inner.to_string() } else { format!("{outer}.{inner}") };
    failures
        .iter()
        .enumerate()
        .filter_map(|(i, failure)| match failure.get("itemIdentifier").and_then(Value::as_str) {
            None => Some(format!(
                "batchItemFailures[{i}] has no string `itemIdentifier`, so Lambda retries the whole batch"
            )),
            Some(id) if !ids.iter().any(|known| known == id) => Some(format!(
                "batchItemFailures[{i}].itemIdentifier `{id}` is not the `{field}` of any record in the event"
            )),
            Some(_) => None,
        })
        .collect()
}

fn window_problems(run: &Invocation, previous: Option<Invocation>) -> Vec<String> {
    let mut problems = Vec::new();
    for field in ["window", "isFinalInvokeForWindow", "isWindowTerminatedEarly"] {
        if run.event.get(field).is_none() {
            problems.push(format!("the event has no `{field}`: it is not the windowed event Lambda sends"));
        }
    }
    match run.response.get("state") {
        Some(Value::Object(_)) => {}
        Some(_) => problems.push("the response's `state` is not an object".into()),
        None => problems.push("the response has no `state`, so Lambda counts the invocation as failed".into()),
    }
    let received = run.event.get("state").cloned().unwrap_or(Value::Object(Default::default()));
    let expected = match previous {
        None => return problems,
        // A window that ended (or was cut short) starts the next with a fresh state.
        Some(p) if flag(p.event, "isFinalInvokeForWindow") || flag(p.event, "isWindowTerminatedEarly") => {
            Value::Object(Default::default())
        }
        Some(p) => p.response.get("state").cloned().unwrap_or(Value::Null),
    };
    if received != expected {
        problems.push(format!(
            "the event receives state {received}, but after {} Lambda passes {expected}",
            previous.map_or("", |p| p.event_file)
        ));
    }
    problems
}

fn flag(event: &Value, name: &str) -> bool {
    event.get(name).and_then(Value::as_bool).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:my-queue";

    fn sqs_mapping(config: &Value) -> Mapping<'_> {
        Mapping { config_file: "config/esm-sqs.json", config, handler: "sqs-worker" }
    }

    fn sqs_event() -> Value {
        json!({"Records": [{"messageId": "m-1", "eventSourceARN": QUEUE}, {"messageId": "m-2", "eventSourceARN": QUEUE}]})
    }

    #[test]
    fn a_made_up_item_identifier_breaks_the_contract() {
        let config = json!({"EventSourceArn": QUEUE, "FunctionResponseTypes": ["ReportBatchItemFailures"]});
        let event = sqs_event();
        let good = json!({"batchItemFailures": [{"itemIdentifier": "m-2"}]});
        let run = Invocation { event_file: "events/sqs.json", event: &event, response: &good };
        assert_eq!(check(sqs_mapping(&config), &[run]), Vec::<String>::new());
        let bad = json!({"batchItemFailures": [{"itemIdentifier": "m-9"}, {}]});
        let run = Invocation { response: &bad, ..run };
        assert_eq!(
            check(sqs_mapping(&config), &[run]),
            vec![
                "config/esm-sqs.json (handler sqs-worker on events/sqs.json): rule `ReportBatchItemFailures`: \
                 batchItemFailures[0].itemIdentifier `m-9` is not the `messageId` of any record in the event",
                "config/esm-sqs.json (handler sqs-worker on events/sqs.json): rule `ReportBatchItemFailures`: \
                 batchItemFailures[1] has no string `itemIdentifier`, so Lambda retries the whole batch",
            ]
        );
    }

    #[test]
    fn failures_without_the_response_type_are_ignored_by_lambda() {
        let config = json!({"EventSourceArn": QUEUE});
        let event = sqs_event();
        let response = json!({"batchItemFailures": [{"itemIdentifier": "m-1"}]});
        let run = Invocation { event_file: "events/sqs.json", event: &event, response: &response };
        assert_eq!(
            check(sqs_mapping(&config), &[run]),
            vec![
                "config/esm-sqs.json (handler sqs-worker on events/sqs.json): rule `ReportBatchItemFailures`: \
                 the handler reports failed items, but without `FunctionResponseTypes: [\"ReportBatchItemFailures\"]` \
                 Lambda ignores them and counts the whole batch as processed"
            ]
        );
    }

    #[test]
    fn an_event_from_another_source_is_a_wrong_pairing() {
        let config = json!({"EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:other-queue"});
        let event = sqs_event();
        let response = json!({"batchItemFailures": []});
        let run = Invocation { event_file: "events/sqs.json", event: &event, response: &response };
        let broken = check(sqs_mapping(&config), &[run]);
        assert_eq!(
            broken[0],
            "config/esm-sqs.json (handler sqs-worker on events/sqs.json): rule `EventSourceArn`: record 0 comes \
             from `arn:aws:sqs:us-east-1:123456789012:my-queue`, not from the mapping's \
             `arn:aws:sqs:us-east-1:123456789012:other-queue`"
        );
        assert_eq!(broken.len(), 2);
    }
}
