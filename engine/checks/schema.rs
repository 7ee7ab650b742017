//! The JSON Schemas of `schemas/`, embedded in the binary (so the checker works
//! for any book, from any directory) and compiled once per process.

use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use crate::snippet::kind::Kind;
use jsonschema::Validator;
use serde_json::Value;
use std::sync::OnceLock;

macro_rules! embedded {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../schemas/", $file)))),*]
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

/// The compiled validator of one kind, built the first time that kind is
/// checked (a corpus of one kind never pays for the other thirteen).
fn validator(kind: Kind) -> &'static Result<Validator, String> {
    static VALIDATORS: [OnceLock<Result<Validator, String>>; Kind::ALL.len()] =
        [const { OnceLock::new() }; Kind::ALL.len()];
    let index = Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    VALIDATORS[index].get_or_init(|| {
        let text = SCHEMAS.iter().find(|(file, _)| *file == kind.schema_file()).map(|(_, text)| *text).unwrap_or("{}");
        serde_json::from_str::<Value>(text).map_err(|e| e.to_string()).and_then(|schema| {
            jsonschema::draft202012::options()
                .with_pattern_cache(patterns().clone())
                .build(&schema)
                .map_err(|e| e.to_string())
        })
    })
}

/// The schemas share their ARN and account-id patterns: each regex is
/// compiled once for all of them (a quarter of the compile time).
fn patterns() -> &'static jsonschema::PatternCache {
    static CACHE: OnceLock<jsonschema::PatternCache> = OnceLock::new();
    CACHE.get_or_init(jsonschema::PatternCache::new)
}

/// Validate `doc` against the schema of `kind`: one `SCHEMA_VIOLATION` error per problem.
pub fn validate(kind: Kind, doc: &Value) -> Vec<Finding> {
    match validator(kind) {
        // Most documents are valid: ask that first, it allocates no errors.
        Ok(validator) if validator.is_valid(doc) => Vec::new(),
        Ok(validator) => validator
            .iter_errors(doc)
            .map(|error| {
                Finding::error(codes::SCHEMA_VIOLATION, format!("{} schema: {}", kind.name(), error))
                    .at(error.instance_path().to_string())
            })
            .collect(),
        Err(problem) => {
            vec![Finding::error(
                codes::SCHEMA_BROKEN,
                format!("the schema for {} does not compile: {problem}", kind.name()),
            )]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_compiles() {
        for kind in Kind::ALL {
            assert!(validator(kind).is_ok(), "{} does not compile", kind.name());
        }
    }
}
