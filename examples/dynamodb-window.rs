//! A DynamoDB stream handler for a mapping with `TumblingWindowInSeconds`:
//! it counts the table's changes by kind (`INSERT`, `MODIFY`, `REMOVE`) over
//! each window.
//!
//! With a tumbling window, every invocation receives the window (`window`),
//! the state the previous invocation of that window returned (`state`), and
//! two flags. The handler adds its batch to the state and must return it:
//! a response without `state` counts as a failed invocation. On the window's
//! last invocation (`isFinalInvokeForWindow`) the totals are final; the next
//! window starts with an empty state. If Lambda cuts a window short
//! (`isWindowTerminatedEarly`, e.g. the state grew past 1 MB), the window
//! continues with a fresh state.
//! (<https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html>)
//!
//! Run locally on an event document:
//! `cargo run --example dynamodb-window -- examples/events/dynamodb-window-1.json`.
//! Without an argument it starts the Lambda runtime.

use aws_lambda_events::event::dynamodb::EventRecord;
use aws_lambda_events::event::streams::DynamoDbBatchItemFailure;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Changes counted so far in the window, by event name.
pub type Counts = BTreeMap<String, u64>;

/// The event Lambda sends when the mapping has a tumbling window: the
/// stream records plus the window's fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowedEvent {
    #[serde(rename = "Records")]
    pub records: Vec<EventRecord>,
    pub window: Window,
    #[serde(default)]
    pub state: Counts,
    pub shard_id: Option<String>,
    pub is_final_invoke_for_window: bool,
    pub is_window_terminated_early: bool,
}

#[derive(Debug, Deserialize)]
pub struct Window {
    pub start: String,
    pub end: String,
}

/// What Lambda needs back: the state to pass to the window's next
/// invocation, in the documented `TimeWindowEventResponse` shape. Counting
/// cannot fail for one record, so no record is ever reported as failed.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WindowResponse {
    pub state: Counts,
    pub batch_item_failures: Vec<DynamoDbBatchItemFailure>,
}

/// The handler: add this batch to the window's counts and hand them back.
pub fn handle(event: &WindowedEvent) -> WindowResponse {
    let mut state = event.state.clone();
    for record in &event.records {
        *state.entry(record.event_name.clone()).or_default() += 1;
    }
    let shard = event.shard_id.as_deref().unwrap_or("?");
    if event.is_final_invoke_for_window {
        // Where a real function would store the window's totals.
        eprintln!("window {} – {} on {shard}: {state:?}", event.window.start, event.window.end);
    } else if event.is_window_terminated_early {
        eprintln!("window {} cut short on {shard}: {state:?} so far", event.window.start);
    }
    WindowResponse { state, batch_item_failures: Vec::new() }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    if let Some(path) = std::env::args().nth(1) {
        let event: WindowedEvent = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        println!("{}", serde_json::to_string_pretty(&handle(&event))?);
        return Ok(());
    }
    lambda_runtime::run(service_fn(|event: LambdaEvent<WindowedEvent>| async move {
        Ok::<_, Error>(handle(&event.payload))
    }))
    .await
}
