//! An EventBridge scheduled-rule handler.
//!
//! A schedule delivers an event whose `source` is `aws.events` and whose
//! `detail-type` is `Scheduled Event`, with an empty `detail` and the rule's
//! ARN in `resources`. The handler refuses anything else (so a rule with a
//! wrong pattern shows up as errors, not as silent work) and reports which
//! rule fired for which scheduled time. `time` is the time the schedule was
//! due, so a retried delivery reports the same run.
//!
//! Run locally on an event document:
//! `cargo run --example eventbridge-scheduled -- examples/events/eventbridge-scheduled.json`.
//! Without an argument it starts the Lambda runtime.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The rule's name (the last part of its ARN).
    pub rule: String,
    pub rule_arn: String,
    /// When the schedule was due, in UTC and whole seconds, as EventBridge writes `time`.
    pub scheduled_time: String,
    pub account: Option<String>,
    pub region: Option<String>,
    /// The event ID: the same on a retried delivery, so it can key idempotency.
    pub event_id: Option<String>,
}

/// The handler.
pub fn handle(event: &EventBridgeEvent<Value>) -> Result<Run, String> {
    if event.source != "aws.events" || event.detail_type != "Scheduled Event" {
        return Err(format!("not a scheduled event: source `{}`, detail-type `{}`", event.source, event.detail_type));
    }
    let rule_arn = match event.resources.as_deref() {
        Some([arn]) => arn.clone(),
        Some(other) => return Err(format!("a scheduled event names one rule, this one names {}", other.len())),
        None => return Err("the event names no rule in `resources`".into()),
    };
    let rule = rule_arn.rsplit('/').next().unwrap_or_default().to_string();
    let scheduled_time =
        event.time.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).ok_or("the event has no `time`")?;
    Ok(Run {
        rule,
        rule_arn,
        scheduled_time,
        account: event.account.clone(),
        region: event.region.clone(),
        event_id: event.id.clone(),
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    if let Some(path) = std::env::args().nth(1) {
        let event: EventBridgeEvent<Value> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        println!("{}", serde_json::to_string_pretty(&handle(&event)?)?);
        return Ok(());
    }
    lambda_runtime::run(service_fn(|event: LambdaEvent<EventBridgeEvent<Value>>| async move {
        handle(&event.payload).map_err(Error::from)
    }))
    .await
}
