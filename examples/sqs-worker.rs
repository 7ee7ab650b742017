//! An SQS worker that reports partial batch failures.
//!
//! Each message body must be an order (`{"orderId", "customerId", "items":
//! [{"sku", "quantity"}], "total"}`). A message whose body is not such an
//! order goes into `batchItemFailures` by its `messageId`; the others count as
//! processed. Lambda deletes the processed messages from the queue and leaves
//! the failed ones to become visible again — but only when the event source
//! mapping has `FunctionResponseTypes: ["ReportBatchItemFailures"]`; without
//! it the response is ignored and a successful return deletes the whole batch.
//!
//! Run locally on an event document:
//! `cargo run --example sqs-worker -- examples/events/sqs.json`.
//! Without an argument it starts the Lambda runtime.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde::Deserialize;

/// The message body the worker expects.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Order {
    pub order_id: String,
    pub customer_id: String,
    pub items: Vec<OrderItem>,
    pub total: f64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderItem {
    pub sku: String,
    pub quantity: u32,
}

/// Why one message could not be processed.
pub fn process(message: &SqsMessage) -> Result<Order, String> {
    let body = message.body.as_deref().ok_or("the message has no body")?;
    let order: Order = serde_json::from_str(body).map_err(|e| format!("the body is not an order: {e}"))?;
    if order.items.is_empty() {
        return Err(format!("order {} has no items", order.order_id));
    }
    Ok(order)
}

/// The handler: every message is tried; the ones that fail are reported.
pub fn handle(event: &SqsEvent) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for message in &event.records {
        let id = message.message_id.clone().unwrap_or_default();
        match process(message) {
            Ok(order) => eprintln!("processed {id}: order {} for {}", order.order_id, order.customer_id),
            Err(reason) => {
                eprintln!("failed {id}: {reason}");
                // An empty identifier makes Lambda treat the whole batch as failed,
                // which is the safe outcome for a message without an ID.
                response.add_failure(id);
            }
        }
    }
    response
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    if let Some(path) = std::env::args().nth(1) {
        let event: SqsEvent = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        println!("{}", serde_json::to_string_pretty(&handle(&event))?);
        return Ok(());
    }
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<SqsEvent>| async move { Ok::<_, Error>(handle(&event.payload)) },
    ))
    .await
}
