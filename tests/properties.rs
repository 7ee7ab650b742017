//! Property tests (issue #13): for generated chapters, JSON documents, info
//! strings, policy tests and notation blocks, the engine never panics and
//! keeps the invariants of `support/invariants.rs` — findings point inside
//! the input, a chapter with nothing to handle comes back byte-identical,
//! snippet text never reaches the page as raw HTML. The fuzz targets in
//! `fuzz/` hold the same invariants on mutated inputs; these run on stable
//! in `cargo test`, with modest case counts.

#[path = "support/invariants.rs"]
mod invariants;

use lambda_notes::snippet::kind::Kind;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `cases` per property, unless PROPTEST_CASES asks for more (a longer run).
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() { default.cases } else { cases };
    ProptestConfig { cases, failure_persistence: None, ..default }
}

/// Text an attacker or a careless author might put anywhere.
const NASTY: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</div>",
    "\"><b>",
    "`",
    "```",
    "~~~",
    "*_[]()!#|&",
    "\\",
    "日本語",
    "한국어",
    "é",
    "\u{1b}[31m",
    "\u{7}",
    "\t",
    "\r",
    "{{#include x}}",
];

const POLICY_SNIPPET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "s3-invoke",
      "Effect": "Allow",
      "Principal": {"Service": "s3.amazonaws.com"},
      "Action": "lambda:InvokeFunction",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
      "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}}
    }
  ]
}
"#;

const IDENTITY_SNIPPET: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "s3:Get*"], "Resource": "*"}]}
"#;

const EVENT_SNIPPET: &str = r#"{"Records": [{"eventSource": "aws:sqs", "body": "<b>hi</b>", "messageId": "1"}]}
"#;

const POLICY_TEST_SNIPPET: &str = "allow principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceArn=arn:aws:s3:::amzn-s3-demo-bucket\ndeny principal=account:111122223333 action=lambda:InvokeFunction\n";

const SH_SNIPPET: &str = "aws lambda add-permission \\\n  --function-name arn:aws:lambda:us-east-1:123456789012:function:my-function \\\n  --statement-id s3-invoke \\\n  --action lambda:InvokeFunction \\\n  --principal s3.amazonaws.com \\\n  --source-arn arn:aws:s3:::amzn-s3-demo-bucket\n";

const YAML_SNIPPET: &str = "Resources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:my-function\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n";

const HCL_SNIPPET: &str = "resource \"aws_lambda_permission\" \"p\" {\n  statement_id  = \"s3-invoke\"\n  action        = \"lambda:InvokeFunction\"\n  function_name = \"arn:aws:lambda:us-east-1:123456789012:function:my-function\"\n  principal     = \"s3.amazonaws.com\"\n}\n";

/// A block body: one of the book's kinds of snippet, perhaps with nasty
/// text spliced in at some character position.
fn body() -> impl Strategy<Value = String> {
    let base = select(vec![
        POLICY_SNIPPET,
        IDENTITY_SNIPPET,
        EVENT_SNIPPET,
        POLICY_TEST_SNIPPET,
        SH_SNIPPET,
        YAML_SNIPPET,
        HCL_SNIPPET,
        "{\"a\": 1,}\n",
        "",
    ]);
    (base, prop::option::of((any::<prop::sample::Index>(), select(NASTY)))).prop_map(|(base, insert)| {
        let mut text = base.to_string();
        if let Some((at, nasty)) = insert {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            text.insert_str(*at.get(&boundaries), nasty);
        }
        text
    })
}

fn info() -> impl Strategy<Value = String> {
    let language = select(vec!["json", "JSON", "policy-test", "sh", "yaml", "hcl", "text", "", ",json", "json,"]);
    let attribute = select(vec![
        "kind=resource-policy",
        "kind=identity-policy",
        "kind=sqs-event",
        "kind=nope",
        "id=p",
        "id=bad<id>",
        "expect=INVALID_ACTION",
        "same-as=p",
        "file=policies/s3-invoke-function.json",
        "file=../x.json",
        "attached-to=arn:aws:iam::123456789012:role/r",
        "kimd=x",
        "<script>",
    ]);
    (language, prop::collection::vec(attribute, 0..3)).prop_map(|(l, a)| {
        let mut words = vec![l.to_string()];
        words.extend(a.into_iter().map(str::to_string));
        words.join(" ")
    })
}

#[derive(Debug, Clone)]
enum Piece {
    Prose(String),
    Block { container: &'static str, fence: &'static str, info: String, body: String, closed: bool },
}

fn piece() -> impl Strategy<Value = Piece> {
    let prose = prop_oneof![
        select(vec!["# Title", "Some *text*.", "- item", "> quoted", "<div>raw html</div>", "1. step", "日本語の文。"])
            .prop_map(str::to_string),
        select(NASTY).prop_map(str::to_string),
        "[ -~]{0,30}",
    ]
    .prop_map(Piece::Prose);
    let block = (
        select(vec!["", "> ", "- ", "1. ", "  ", "> - "]),
        select(vec!["```", "~~~", "````"]),
        info(),
        body(),
        any::<bool>(),
    )
        .prop_map(|(container, fence, info, body, closed)| Piece::Block { container, fence, info, body, closed });
    prop_oneof![1 => prose, 2 => block]
}

/// A chapter of prose and fenced blocks, with `\n` or `\r\n` line endings
/// and perhaps a BOM.
fn chapter() -> impl Strategy<Value = String> {
    (prop::collection::vec(piece(), 1..6), any::<bool>(), any::<bool>()).prop_map(|(pieces, crlf, bom)| {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        for piece in pieces {
            match piece {
                Piece::Prose(line) => text.push_str(&format!("{line}\n\n")),
                Piece::Block { container, fence, info, body, closed } => {
                    let more = lambda_notes::snippet::splice::continuation_prefix(container);
                    text.push_str(&format!("{container}{fence}{info}\n"));
                    for line in body.lines() {
                        text.push_str(&format!("{more}{line}\n"));
                    }
                    if closed {
                        text.push_str(&format!("{more}{fence}\n"));
                    }
                    text.push('\n');
                }
            }
        }
        if crlf { text.replace('\n', "\r\n") } else { text }
    })
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn any_chapter_keeps_the_invariants(text in chapter(), lang in select(vec!["en", "ja", "ko"])) {
        invariants::check_chapter(root(), &text, lang);
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scanner_and_splicer_on_markdown_noise(text in "[`~> \\-*1.\n\r\tajs{}\"<é日\u{feff}]{0,120}") {
        invariants::scan_and_splice(&text);
    }

    #[test]
    fn info_string_errors_point_into_it(info in "(json|policy-test|,json)?[ ,\t]?(\\PC|[=,])*") {
        if let Err(e) = lambda_notes::snippet::attrs::parse(&info) {
            prop_assert!(e.offset < info.len().max(1) && info.is_char_boundary(e.offset), "{e:?}");
        }
    }

    #[test]
    fn json_values_are_located_where_they_are(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        let doc = invariants::json_locate(&text).expect("serde_json's own output must parse");
        prop_assert_eq!(doc.value, value);
    }

    #[test]
    fn json_errors_point_into_the_text(text in "[\\[\\]{}\",:0-9a-z \n\té日/\\\\]{0,60}") {
        invariants::json_locate(&text);
    }

    #[test]
    fn policy_tests_point_into_their_block(body in policy_test_body(), which in 0..3usize) {
        let (kind, policy) = policies().swap_remove(which);
        invariants::policy_test(&policy, kind, &body);
    }

    #[test]
    fn notations_compare_without_panic(body in body(), language in select(vec!["sh", "yaml", "hcl"])) {
        let policy: Value = serde_json::from_str(POLICY_SNIPPET).unwrap();
        invariants::notation(language, &body, &policy["Statement"][0]);
    }
}

// The invariants themselves must catch what they are about.

#[test]
#[should_panic(expected = "snippet text reached the page as raw HTML")]
fn the_html_invariant_catches_snippet_text_turned_html() {
    let original = "```json\n\"<script>\"\n```\n";
    let blocks = invariants::scan_and_splice(original);
    invariants::assert_no_new_html(original, &blocks, "\"<script>\"\n");
}

#[test]
fn raw_html_in_the_prose_and_the_engine_divs_are_not_leaks() {
    let original = "<b>prose</b>\n\n```json\n{}\n```\n";
    let blocks = invariants::scan_and_splice(original);
    invariants::assert_no_new_html(
        original,
        &blocks,
        "<b>prose</b>\n\n<div class=\"ln-snippet\" data-ln-id=\"a&lt;b\">\n\n```json\n{}\n```\n\n</div>\n",
    );
}

/// JSON values whose keys and strings need escaping in pointers and text.
fn json_value() -> impl Strategy<Value = Value> {
    let key = select(vec!["Statement", "a/b", "m~n", "", "日本", "\"q\"", "Sid"]).prop_map(str::to_string);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn policy_test_body() -> impl Strategy<Value = String> {
    let word = select(vec![
        "allow",
        "deny",
        "ALLOW",
        "principal=service:s3.amazonaws.com",
        "principal=account:111122223333",
        "principal=arn:aws:iam::123456789012:role/r",
        "principal=arn:aws:sts::123456789012:assumed-role/r/s",
        "principal=anonymous",
        "principal=日本",
        "action=lambda:InvokeFunction",
        "action=s3:Get*",
        "action=bad",
        "resource=arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "resource=*",
        "aws:SourceArn=arn:aws:s3:::amzn-s3-demo-bucket",
        "aws:SourceIp=10.0.0.1",
        "aws:CurrentTime=2026-01-01T00:00:00Z",
        "=x",
        "x=",
        "#",
        "<b>",
        "é",
    ]);
    let line = prop::collection::vec((word, select(vec![" ", "\t", "  "])), 0..6)
        .prop_map(|words| words.into_iter().map(|(w, s)| format!("{w}{s}")).collect::<String>());
    prop::collection::vec(line, 0..4).prop_map(|lines| lines.join("\n"))
}

fn policies() -> Vec<(Kind, Value)> {
    vec![
        (Kind::ResourcePolicy, serde_json::from_str(POLICY_SNIPPET).unwrap()),
        (Kind::IdentityPolicy, serde_json::from_str(IDENTITY_SNIPPET).unwrap()),
        (
            Kind::TrustPolicy,
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
                "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]}),
        ),
    ]
}

/// The book's own chapters are the richest inputs there are (every block
/// kind, exercises included): each keeps the invariants as it stands.
#[test]
fn every_chapter_of_the_book_keeps_the_invariants() {
    let mut checked = 0;
    for lang in ["en", "ja", "ko"] {
        let dir = root().join("src").join(lang);
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            let text = std::fs::read_to_string(&path).unwrap();
            invariants::check_chapter(root(), &text, lang);
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} chapters found");
}
