//! A Kinesis worker that reports a partial batch failure.
//!
//! Each record's data must be an order status change (`{"orderId",
//! "status"}`, JSON). Records of a shard are processed in order; at the first
//! record that cannot be processed the worker stops and reports that record's
//! sequence number in `batchItemFailures`. With
//! `FunctionResponseTypes: ["ReportBatchItemFailures"]` on the event source
//! mapping, Lambda checkpoints before the lowest reported sequence number and
//! sends that record and every later one again, so going on past the failure
//! would only process the later records twice.
//! (<https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html>)
//!
//! Run locally on an event document:
//! `cargo run --example kinesis-worker -- examples/events/kinesis.json`.
//! Without an argument it starts the Lambda runtime.

use aws_lambda_events::event::kinesis::{KinesisEvent, KinesisEventRecord};
use aws_lambda_events::event::streams::KinesisEventResponse;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde::Deserialize;

/// The record data the worker expects.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusChange {
    pub order_id: String,
    pub status: String,
}

/// Why one record could not be processed.
pub fn process(record: &KinesisEventRecord) -> Result<StatusChange, String> {
    let change: StatusChange = serde_json::from_slice(&record.kinesis.data.0)
        .map_err(|e| format!("the data is not an order status change: {e}"))?;
    if change.status.is_empty() {
        return Err(format!("order {} has an empty status", change.order_id));
    }
    Ok(change)
}

/// The handler: records in order, stopping at the first failure.
pub fn handle(event: &KinesisEvent) -> KinesisEventResponse {
    let mut response = KinesisEventResponse::default();
    for record in &event.records {
        let sequence_number = &record.kinesis.sequence_number;
        match process(record) {
            Ok(change) => eprintln!("processed {sequence_number}: order {} is {}", change.order_id, change.status),
            Err(reason) => {
                eprintln!("failed {sequence_number}: {reason}");
                response.add_failure(sequence_number.clone());
                break;
            }
        }
    }
    response
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    if let Some(path) = std::env::args().nth(1) {
        let event: KinesisEvent = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        println!("{}", serde_json::to_string_pretty(&handle(&event))?);
        return Ok(());
    }
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<KinesisEvent>| async move { Ok::<_, Error>(handle(&event.payload)) },
    ))
    .await
}
