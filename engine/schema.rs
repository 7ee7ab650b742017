//! The JSON Schemas of `schemas/`, embedded in the binary (so the checker works
//! for any book, from any directory) and compiled once per process.

use crate::finding::Finding;
use crate::kind::Kind;
use jsonschema::Validator;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

macro_rules! embedded {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../schemas/", $file)))),*]
    };
}

/// (file name, schema text) for every kind.
pub const SCHEMAS: &[(&str, &str)] = embedded![
    "identity-policy.schema.json",
    "resource-policy.schema.json",
    "trust-policy.schema.json",
    "policy-statement.schema.json",
    "s3-event.schema.json",
    "sqs-event.schema.json",
    "sns-event.schema.json",
    "eventbridge-event.schema.json",
    "kinesis-event.schema.json",
    "dynamodb-event.schema.json",
    "apigw-rest-event.schema.json",
    "apigw-http-event.schema.json",
    "s3-notification-configuration.schema.json",
    "event-source-mapping.schema.json",
];

fn validators() -> &'static HashMap<Kind, Result<Validator, String>> {
    static VALIDATORS: OnceLock<HashMap<Kind, Result<Validator, String>>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        Kind::ALL
            .iter()
            .map(|&kind| {
                let text = SCHEMAS
                    .iter()
                    .find(|(file, _)| *file == kind.schema_file())
                    .map(|(_, text)| *text)
                    .unwrap_or("{}");
                let compiled = serde_json::from_str::<Value>(text)
                    .map_err(|e| e.to_string())
                    .and_then(|schema| jsonschema::draft202012::new(&schema).map_err(|e| e.to_string()));
                (kind, compiled)
            })
            .collect()
    })
}

/// Validate `doc` against the schema of `kind`: one `SCHEMA_VIOLATION` error per problem.
pub fn validate(kind: Kind, doc: &Value) -> Vec<Finding> {
    match validators().get(&kind) {
        Some(Ok(validator)) => validator
            .iter_errors(doc)
            .map(|error| {
                Finding::error("SCHEMA_VIOLATION", format!("{} schema: {}", kind.name(), error))
                    .at(error.instance_path.to_string())
            })
            .collect(),
        Some(Err(problem)) => vec![Finding::error(
            "SCHEMA_BROKEN",
            format!("the schema for {} does not compile: {problem}", kind.name()),
        )],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_compiles() {
        for kind in Kind::ALL {
            assert!(matches!(validators().get(&kind), Some(Ok(_))), "{} does not compile", kind.name());
        }
    }
}
