//! An S3 `ObjectCreated:*` handler that decodes object keys.
//!
//! S3 writes the key in the event URL-encoded the way HTML forms are
//! (`application/x-www-form-urlencoded`): a space becomes `+`, and other bytes
//! of the UTF-8 key become `%XX`. So a `+` in the event is a space, and a real
//! `+` in the key arrives as `%2B`. Decoding therefore replaces `+` with a
//! space *first* and only then percent-decodes the UTF-8 bytes (with the
//! `percent-encoding` crate); the other order would turn `%2B` into a space.
//!
//! Run locally on an event document:
//! `cargo run --example s3-object-created -- examples/events/s3-put.json`.
//! Without an argument it starts the Lambda runtime.

use aws_lambda_events::event::s3::{S3Event, S3EventRecord};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use percent_encoding::percent_decode_str;
use serde::Serialize;

/// One created object, as the handler reports it.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CreatedObject {
    pub event_name: String,
    pub bucket: String,
    /// The key as the event wrote it.
    pub raw_key: String,
    /// The object's real key.
    pub key: String,
    pub size: Option<i64>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Output {
    pub objects: Vec<CreatedObject>,
    /// Records that were not `ObjectCreated:*` events, by event name.
    pub skipped: Vec<String>,
}

/// Decode an object key from an S3 event: `+` → space, then `%XX` → UTF-8 bytes.
pub fn decode_key(raw: &str) -> Result<String, String> {
    let spaced = raw.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|key| key.into_owned())
        .map_err(|e| format!("the key `{raw}` does not decode to UTF-8: {e}"))
}

fn created(record: &S3EventRecord) -> Result<CreatedObject, String> {
    let raw_key = record.s3.object.key.clone().ok_or("the record has no object key")?;
    Ok(CreatedObject {
        event_name: record.event_name.clone().unwrap_or_default(),
        bucket: record.s3.bucket.name.clone().ok_or("the record has no bucket name")?,
        key: decode_key(&raw_key)?,
        raw_key,
        size: record.s3.object.size,
    })
}

/// The handler. A record that cannot be read fails the invocation, so that
/// S3's asynchronous invocation retries it rather than losing the object.
pub fn handle(event: &S3Event) -> Result<Output, String> {
    let mut output = Output { objects: Vec::new(), skipped: Vec::new() };
    for record in &event.records {
        let name = record.event_name.as_deref().unwrap_or_default();
        if name.starts_with("ObjectCreated:") {
            output.objects.push(created(record)?);
        } else {
            output.skipped.push(name.to_string());
        }
    }
    Ok(output)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    if let Some(path) = std::env::args().nth(1) {
        let event: S3Event = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        println!("{}", serde_json::to_string_pretty(&handle(&event)?)?);
        return Ok(());
    }
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<S3Event>| async move { handle(&event.payload).map_err(Error::from) },
    ))
    .await
}
