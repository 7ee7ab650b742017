//! The JSON Schemas under `schemas/`: they compile, they accept and reject our own fixtures
//! (`tests/schema-fixtures/<kind>/{valid,invalid}/`), and they accept the real documents of the
//! shared corpus (`../shared/corpus`, optional: see `corpus_root`).
//!
//! Fixture convention: every `invalid/<name>.json` has a sidecar `invalid/<name>.expect` with two
//! lines, `path: <JSON pointer of the instance location, empty for the root>` and
//! `message: <substring of the validator's error message at that location>`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jsonschema::Validator;
use lambda_notes::snippet::kind::Kind;
use serde_json::Value;

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not strict JSON: {e}", path.display()))
}

fn schema_path(kind: Kind) -> PathBuf {
    crate_root().join("schemas").join(kind.schema_file())
}

fn validator(kind: Kind) -> Validator {
    let schema = read_json(&schema_path(kind));
    jsonschema::draft202012::options()
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {} does not compile: {e}", kind.schema_file()))
}

/// Every error as (instance path, message).
fn errors(v: &Validator, doc: &Value) -> Vec<(String, String)> {
    v.iter_errors(doc).map(|e| (e.instance_path().as_str().to_string(), e.to_string())).collect()
}

fn short(errors: &[(String, String)]) -> String {
    errors
        .iter()
        .map(|(p, m)| {
            let m: String = m.chars().take(160).collect();
            format!("  at '{p}': {m}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        }
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Collect every `$ref` in a schema.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "$ref"
                    && let Some(s) = x.as_str()
                {
                    out.push(s);
                }
                refs(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

// ------------------------------------------------------------------------------------------ 1

#[test]
fn every_schema_is_valid_draft_2020_12_and_compiles() {
    for kind in Kind::ALL {
        let path = schema_path(kind);
        let schema = read_json(&path);
        let name = kind.name();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}: wrong $schema");
        assert_eq!(
            schema["$id"],
            Value::String(format!("https://lambda-notes.dev/schemas/{name}.schema.json")),
            "{name}: wrong $id"
        );
        for key in ["title", "description"] {
            assert!(schema[key].as_str().is_some_and(|s| !s.trim().is_empty()), "{name}: missing {key}");
        }
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{name}: not a valid draft 2020-12 schema: {e} at {}", e.instance_path().as_str());
        }
        // Self-contained: the validator has no network and no retriever.
        let mut found = Vec::new();
        refs(&schema, &mut found);
        for r in found {
            assert!(r.starts_with("#/$defs/") || r == "#", "{name}: non-local $ref {r}");
        }
        validator(kind);
    }
}

#[test]
fn schemas_folder_holds_exactly_the_kinds() {
    let mut on_disk: Vec<String> = fs::read_dir(crate_root().join("schemas"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = Kind::ALL.iter().map(|k| k.schema_file().to_string()).collect();
    expected.sort();
    assert_eq!(on_disk, expected);
}

// ------------------------------------------------------------------------------------------ 2

fn fixture_dir(kind: Kind, sub: &str) -> PathBuf {
    crate_root().join("tests/schema-fixtures").join(kind.name()).join(sub)
}

#[test]
fn every_kind_has_enough_fixtures() {
    for kind in Kind::ALL {
        let valid = json_files(&fixture_dir(kind, "valid")).len();
        let invalid = json_files(&fixture_dir(kind, "invalid")).len();
        assert!(valid >= 2, "{}: only {valid} valid fixtures", kind.name());
        assert!(invalid >= 3, "{}: only {invalid} invalid fixtures", kind.name());
    }
}

#[test]
fn valid_fixtures_are_accepted() {
    let mut count = 0;
    for kind in Kind::ALL {
        let v = validator(kind);
        for path in json_files(&fixture_dir(kind, "valid")) {
            let errs = errors(&v, &read_json(&path));
            assert!(errs.is_empty(), "{} rejected {}:\n{}", kind.name(), path.display(), short(&errs));
            count += 1;
        }
    }
    eprintln!("valid fixtures accepted: {count}");
}

struct Expect {
    path: String,
    message: String,
}

fn read_expect(json: &Path) -> Expect {
    let sidecar = json.with_extension("expect");
    let text = fs::read_to_string(&sidecar)
        .unwrap_or_else(|e| panic!("{} needs a sidecar {}: {e}", json.display(), sidecar.display()));
    let mut path = None;
    let mut message = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("path:") {
            path = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("message:") {
            message = Some(rest.trim().to_string());
        }
    }
    Expect {
        path: path.unwrap_or_else(|| panic!("{}: no 'path:' line", sidecar.display())),
        message: message.unwrap_or_else(|| panic!("{}: no 'message:' line", sidecar.display())),
    }
}

#[test]
fn invalid_fixtures_are_rejected_with_the_expected_message() {
    let mut count = 0;
    for kind in Kind::ALL {
        let v = validator(kind);
        for path in json_files(&fixture_dir(kind, "invalid")) {
            let expect = read_expect(&path);
            let errs = errors(&v, &read_json(&path));
            assert!(!errs.is_empty(), "{} accepted the invalid fixture {}", kind.name(), path.display());
            assert!(
                errs.iter().any(|(p, m)| *p == expect.path && m.contains(&expect.message)),
                "{}: no error at '{}' containing {:?}; got:\n{}",
                path.display(),
                expect.path,
                expect.message,
                short(&errs)
            );
            count += 1;
        }
    }
    eprintln!("invalid fixtures rejected as expected: {count}");
}

// ------------------------------------------------------------------------------------------ 3

/// The tests of this file that need the corpus (each starts with `let Some(..) = corpus…() else { return }`).
const CORPUS_CHECKS: usize = 5;

#[path = "support/corpus_skipped.rs"]
mod corpus_skipped;

/// `../shared/corpus` relative to the crate. Absent: a loud warning and `None` (the corpus tests
/// pass vacuously) — unless `CI` is set, where a missing corpus is a failure.
fn corpus_root() -> Option<PathBuf> {
    corpus_skipped::corpus_dir("", "tests/schemas.rs", CORPUS_CHECKS)
}

/// Files in the corpus folders of a kind that are deliberately not checked for acceptance, with
/// the reason. Each one is still asserted to be REJECTED (see `corpus_exclusions_are_rejected`),
/// with an error at the given path containing the given message, so the list cannot go stale.
///
/// (kind folder, file, instance path, expected message substring, why)
const EXCLUDED: &[(&str, &str, &str, &str, &str)] = &[
    // Known defects of AWS's own samples (see the corpus README / index.json).
    (
        "eventbridge-event",
        "lambda-dev-guide__cloudwatch-scheduled.json",
        "",
        "\"detail-type\" is a required property",
        "spells the envelope key `detailType`; EventBridge's event structure reference names it \
         `detail-type` (and aws_lambda_events rejects it too)",
    ),
    (
        "sqs-event",
        "powertools-python__sqsEvent.json",
        "/Records/0/messageAttributes/testAttr/binaryValue",
        "does not match",
        "binaryValue \"base64Str\" is not base64; Lambda delivers SQS binary attribute values \
         base64-encoded (and aws_lambda_events fails to decode it)",
    ),
    // event-source-mapping/ holds API documents that are not CreateEventSourceMapping requests.
    // The request shape (Lambda API reference, CreateEventSourceMapping "Request Syntax") has
    // FunctionName and no UUID/State/FunctionArn/LastModified: those belong to the
    // EventSourceMappingConfiguration the API returns.
    (
        "event-source-mapping",
        "aws-cli__create-event-source-mapping__1.json",
        "",
        "\"FunctionName\" is a required property",
        "output of create-event-source-mapping (EventSourceMappingConfiguration), not a request",
    ),
    (
        "event-source-mapping",
        "aws-cli__delete-event-source-mapping__1.json",
        "",
        "\"FunctionName\" is a required property",
        "output of delete-event-source-mapping, not a request",
    ),
    (
        "event-source-mapping",
        "aws-cli__get-event-source-mapping__1.json",
        "",
        "\"FunctionName\" is a required property",
        "output of get-event-source-mapping, not a request",
    ),
    (
        "event-source-mapping",
        "aws-cli__list-event-source-mappings__1.json",
        "",
        "'EventSourceMappings' was unexpected",
        "output of list-event-source-mappings (a list wrapper), not a request",
    ),
    (
        "event-source-mapping",
        "aws-cli__update-event-source-mapping__1.json",
        "",
        "\"FunctionName\" is a required property",
        "output of update-event-source-mapping, not a request",
    ),
    (
        "event-source-mapping",
        "botocore__CreateEventSourceMapping_0__output.json",
        "",
        "\"FunctionName\" is a required property",
        "CreateEventSourceMapping output, not the request (its input twin is checked)",
    ),
    (
        "event-source-mapping",
        "botocore__GetEventSourceMapping_0__output.json",
        "",
        "\"FunctionName\" is a required property",
        "GetEventSourceMapping output (also puts stream-only retry settings on an SQS mapping)",
    ),
    (
        "event-source-mapping",
        "botocore__PutFunctionEventInvokeConfig_0__output.json",
        "",
        "\"FunctionName\" is a required property",
        "asynchronous invoke configuration, not an event source mapping at all",
    ),
    (
        "event-source-mapping",
        "botocore__UpdateEventSourceMapping_0__output.json",
        "/EventSourceArn",
        "does not match",
        "UpdateEventSourceMapping output, and its EventSourceArn is an S3 ARN: S3 is not an \
         event-source-mapping source (S3 invokes Lambda through bucket notifications)",
    ),
];

fn excluded(kind: &str, file: &str) -> bool {
    EXCLUDED.iter().any(|(k, f, ..)| *k == kind && *f == file)
}

#[test]
fn corpus_documents_are_accepted_by_their_kind() {
    let Some(root) = corpus_root() else { return };
    let mut summary = BTreeMap::new();
    let mut failures = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| !k.is_iam()) {
        let dir = root.join("events").join(kind.name());
        let files = json_files(&dir);
        assert!(!files.is_empty(), "corpus folder {} is empty or missing", dir.display());
        let v = validator(kind);
        let mut accepted = 0;
        let mut skipped = 0;
        for path in files {
            let name = file_name(&path);
            if excluded(kind.name(), &name) {
                skipped += 1;
                continue;
            }
            let errs = errors(&v, &read_json(&path));
            if errs.is_empty() {
                accepted += 1;
            } else {
                failures.push(format!("{}/{name}:\n{}", kind.name(), short(&errs)));
            }
        }
        summary.insert(kind.name(), (accepted, skipped));
    }
    for (kind, (accepted, skipped)) in &summary {
        eprintln!("corpus {kind}: {accepted} accepted, {skipped} excluded");
    }
    assert!(failures.is_empty(), "real documents rejected:\n{}", failures.join("\n"));
}

#[test]
fn corpus_exclusions_are_rejected_for_the_stated_reason() {
    let Some(root) = corpus_root() else { return };
    for (kind, file, path, message, why) in EXCLUDED {
        let k = Kind::from_name(kind).unwrap();
        let doc = read_json(&root.join("events").join(kind).join(file));
        let errs = errors(&validator(k), &doc);
        assert!(
            errs.iter().any(|(p, m)| p == path && m.contains(message)),
            "{kind}/{file} ({why}): expected an error at '{path}' containing {message:?}, got:\n{}",
            short(&errs)
        );
    }
}

#[test]
fn corpus_aws_managed_policies_are_valid_identity_policies() {
    let Some(root) = corpus_root() else { return };
    let dir = root.join("iam/aws-managed-policies");
    let v = validator(Kind::IdentityPolicy);
    let files = json_files(&dir);
    assert!(files.len() >= 1600, "expected ~1644 managed policies, found {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let errs = errors(&v, &read_json(path));
        if !errs.is_empty() {
            failures.push(format!("{}:\n{}", file_name(path), short(&errs)));
        }
    }
    eprintln!("aws managed policies accepted: {} of {}", files.len() - failures.len(), files.len());
    assert!(failures.is_empty(), "{} managed policies rejected:\n{}", failures.len(), failures.join("\n"));
}

/// cfn-lint's IAM rule tests (E3510 identity, E3512 resource, E3530 trust). cfn-lint uses custom
/// keywords, so messages differ; we compare verdicts and the error locations. Two cases cannot be
/// expressed in standard JSON Schema and are expected to pass the schema: duplicate Sids (004:
/// uniqueness of one key across array items); the lint engine owns that check.
#[test]
fn corpus_cfn_lint_cases_agree() {
    let Some(root) = corpus_root() else { return };
    let dir = root.join("iam/linter-tests/cfn-lint");
    let index = read_json(&dir.join("index.json"));
    let not_expressible = ["004__identity__ERR1__test_duplicate_sid.json"];
    let mut agree = 0;
    let mut total = 0;
    for case in index["cases"].as_array().unwrap() {
        let rel = case["file"].as_str().unwrap();
        let name = rel.rsplit('/').next().unwrap();
        // The file name says the policy type: NNN__<identity|resource|trust>__...
        let kind = match name.split("__").nth(1) {
            Some("identity") => Kind::IdentityPolicy,
            Some("resource") => Kind::ResourcePolicy,
            Some("trust") => Kind::TrustPolicy,
            other => panic!("{name}: unknown policy type {other:?}"),
        };
        total += 1;
        let text = fs::read_to_string(dir.join(name)).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let errs = errors(&validator(kind), &doc);
        let expected_count = case["expected_error_count"].as_u64().unwrap_or(0);
        if not_expressible.contains(&name) {
            assert!(errs.is_empty(), "{name}: {}", short(&errs));
            eprintln!("cfn-lint {name}: not expressible in JSON Schema (left to the lint engine)");
            continue;
        }
        if name.contains("__OK__") || name.contains("no_resource_required") {
            assert!(errs.is_empty(), "{name} should be accepted:\n{}", short(&errs));
        } else if name.contains("__SEE_INDEX__") || expected_count > 0 {
            assert!(!errs.is_empty(), "{name} should be rejected");
            // Each expected location's parent object must carry one of our errors (the exact
            // location differs: cfn-lint reports both members of a pair, we report one).
            for p in case["expected_paths"].as_array().unwrap() {
                let pointer: String = p
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| match s {
                        Value::String(s) => format!("/{s}"),
                        other => format!("/{other}"),
                    })
                    .collect();
                let parent = pointer.rsplit_once('/').map(|(a, _)| a.to_string()).unwrap_or_default();
                assert!(
                    errs.iter().any(|(ep, _)| ep.starts_with(&parent)),
                    "{name}: no error at or near '{pointer}':\n{}",
                    short(&errs)
                );
            }
        }
        agree += 1;
    }
    eprintln!("cfn-lint cases: {agree} of {total} agree, {} left to the lint engine", not_expressible.len());
}

/// The corpus folders `sns-topic-policy/` and `lambda-policy/` hold API documents, not policies,
/// but some of them carry a real resource-based policy or statement inside (as an object in the
/// aws-cli examples, as a JSON string in the real API / botocore). Those embedded documents are
/// of a kind we know, so they must be accepted too. AddPermission *inputs* are flat request
/// parameters (FunctionName, StatementId, ...), not a policy: they are not checked.
#[test]
fn corpus_embedded_policies_are_accepted() {
    let Some(root) = corpus_root() else { return };
    let events = root.join("events");
    let unwrap = |v: &Value| -> Value {
        match v {
            Value::String(s) => serde_json::from_str(s).expect("embedded policy string is JSON"),
            other => other.clone(),
        }
    };
    let mut checked = 0;
    for path in json_files(&events.join("sns-topic-policy")) {
        let errs = errors(&validator(Kind::ResourcePolicy), &read_json(&path));
        assert!(errs.is_empty(), "{}:\n{}", path.display(), short(&errs));
        checked += 1;
    }
    for path in json_files(&events.join("lambda-policy")) {
        let doc = read_json(&path);
        let (kind, inner) = if let Some(p) = doc.get("Policy") {
            (Kind::ResourcePolicy, unwrap(p))
        } else if let Some(s) = doc.get("Statement") {
            (Kind::PolicyStatement, unwrap(s))
        } else {
            continue;
        };
        let errs = errors(&validator(kind), &inner);
        assert!(errs.is_empty(), "{} ({}):\n{}", path.display(), kind.name(), short(&errs));
        checked += 1;
    }
    eprintln!("embedded policies/statements accepted: {checked}");
    assert!(checked >= 5);
}
