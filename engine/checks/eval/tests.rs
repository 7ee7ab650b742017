//! Table-driven tests: one table per condition-operator family, then
//! wildcards and case rules, Principal/NotPrincipal, same- and
//! cross-account decisions, policy variables, the case-line parser, and
//! malformed documents.

#![allow(clippy::type_complexity)]

use super::matching::{self, PrincipalSpec, Tok};
use super::*;
use serde_json::{Value, json};

const ACCT: &str = "123456789012";
const OTHER: &str = "111122223333";
const BUCKET_OBJ: &str = "arn:aws:s3:::amzn-s3-demo-bucket/key.txt";

fn iam(arn: &str) -> Principal {
    Principal::from_arn(arn).unwrap_or_else(|| panic!("bad test ARN {arn}"))
}

fn role(account: &str, name: &str) -> Principal {
    iam(&format!("arn:aws:iam::{account}:role/{name}"))
}

fn user(account: &str, name: &str) -> Principal {
    iam(&format!("arn:aws:iam::{account}:user/{name}"))
}

/// Does an identity policy `Allow * on *` guarded by `block` allow a
/// request whose context holds `key` with `values` (none = missing)?
fn cond(block: Value, key: &str, values: &[&str]) -> bool {
    cond_ctx(block, &values.iter().map(|v| (key, *v)).collect::<Vec<_>>())
}

fn cond_ctx(block: Value, pairs: &[(&str, &str)]) -> bool {
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": block}]});
    let mut request = Request::new(user(ACCT, "alice"), "s3:GetObject", BUCKET_OBJ);
    for (k, v) in pairs {
        request.insert(k, *v);
    }
    let set = PolicySet { identity: vec![PolicyRef { id: "p", doc: &doc }], ..Default::default() };
    let outcome = evaluate(&request, &set);
    assert!(outcome.skipped.is_empty(), "unexpected skipped statement: {:?}", outcome.skipped);
    outcome.decision == Decision::Allow
}

/// Rows: (operator, policy values, request values of key `k:key`, expected).
type Row<'a> = (&'a str, Value, &'a [&'a str], bool);

fn run_table(name: &str, rows: &[Row]) {
    for (i, (op, values, request, expected)) in rows.iter().enumerate() {
        let mut block = serde_json::Map::new();
        block.insert(op.to_string(), json!({ "k:key": values.clone() }));
        let got = cond(Value::Object(block), "k:key", request);
        assert_eq!(got, *expected, "{name} row {i}: {op} {values} vs {request:?}");
    }
}

#[test]
fn string_operators() {
    run_table(
        "string",
        &[
            ("StringEquals", json!("abc"), &["abc"], true),
            ("StringEquals", json!("abc"), &["ABC"], false),
            ("StringEquals", json!("a*"), &["abc"], false),
            ("StringEquals", json!("a*"), &["a*"], true),
            ("StringEquals", json!(["x", "abc"]), &["abc"], true),
            ("StringEquals", json!("abc"), &[], false),
            ("StringEquals", json!("a"), &["b", "a"], true),
            ("StringNotEquals", json!("abc"), &["abd"], true),
            ("StringNotEquals", json!("abc"), &["abc"], false),
            ("StringNotEquals", json!(["abc", "abd"]), &["abd"], false),
            ("StringNotEquals", json!(["abc", "abd"]), &["xyz"], true),
            ("StringNotEquals", json!("abc"), &[], true),
            ("StringNotEquals", json!("a"), &["b", "a"], false),
            ("StringEqualsIgnoreCase", json!("ABC"), &["abc"], true),
            ("StringEqualsIgnoreCase", json!("ÄBC"), &["äbc"], true),
            ("StringEqualsIgnoreCase", json!("ABC"), &["abd"], false),
            ("StringNotEqualsIgnoreCase", json!("ABC"), &["abc"], false),
            ("StringNotEqualsIgnoreCase", json!("ABC"), &["xyz"], true),
            ("StringNotEqualsIgnoreCase", json!("ABC"), &[], true),
            ("StringLike", json!("home/*"), &["home/alice/x"], true),
            ("StringLike", json!("home/*"), &["Home/alice"], false),
            ("StringLike", json!("a?c"), &["abc"], true),
            ("StringLike", json!("a?c"), &["ac"], false),
            ("StringLike", json!(""), &[""], true),
            ("StringLike", json!("abc"), &[], false),
            ("StringLike", json!(["x*", "*z"]), &["abz"], true),
            ("StringNotLike", json!("*.example.com"), &["a.example.com"], false),
            ("StringNotLike", json!("*.example.com"), &["a.example.org"], true),
            ("StringNotLike", json!("x"), &[], true),
            ("stringequals", json!("abc"), &["abc"], true),
        ],
    );
}

#[test]
fn numeric_operators() {
    run_table(
        "numeric",
        &[
            ("NumericEquals", json!("10"), &["10"], true),
            ("NumericEquals", json!("10"), &["10.0"], true),
            ("NumericEquals", json!("10"), &["11"], false),
            ("NumericEquals", json!(10), &["10"], true),
            ("NumericEquals", json!("10"), &[], false),
            ("NumericNotEquals", json!("10"), &["11"], true),
            ("NumericNotEquals", json!("10"), &["10"], false),
            ("NumericNotEquals", json!(["10", "11"]), &["11"], false),
            ("NumericNotEquals", json!("10"), &[], true),
            ("NumericLessThan", json!("10"), &["9"], true),
            ("NumericLessThan", json!("10"), &["10"], false),
            ("NumericLessThan", json!("10"), &["abc"], false),
            ("NumericLessThanEquals", json!("10"), &["10"], true),
            ("NumericLessThanEquals", json!("10"), &["11"], false),
            ("NumericGreaterThan", json!("10"), &["10.5"], true),
            ("NumericGreaterThan", json!("10"), &["10"], false),
            ("NumericGreaterThan", json!("-5"), &["-4"], true),
            ("NumericGreaterThanEquals", json!("10"), &["10"], true),
            ("NumericGreaterThanEquals", json!("10"), &["9"], false),
            ("NumericLessThanEquals", json!("10"), &["inf"], false),
        ],
    );
}

#[test]
fn date_operators() {
    run_table(
        "date",
        &[
            ("DateGreaterThan", json!("2020-01-01T00:00:01Z"), &["2020-06-01T00:00:00Z"], true),
            ("DateGreaterThan", json!("2020-01-01T00:00:01Z"), &["2019-12-31T23:59:59Z"], false),
            ("DateGreaterThan", json!("2020-01-01T00:00:00Z"), &["2020-01-01T00:00:00.5Z"], true),
            ("DateLessThan", json!("2020-01-01T00:00:00Z"), &["2019-12-31T23:59:59Z"], true),
            ("DateLessThan", json!("2020-01-01T00:00:00Z"), &["not a date"], false),
            ("DateLessThanEquals", json!("2020-01-01"), &["2020-01-01T00:00:00Z"], true),
            ("DateLessThanEquals", json!("2020-01"), &["2020-01-01T00:00:01Z"], false),
            ("DateEquals", json!("2020-01-01T00:00:00Z"), &["1577836800"], true),
            ("DateEquals", json!("1577836800"), &["2020-01-01T00:00:00Z"], true),
            ("DateEquals", json!("2020-01-01T01:00:00+01:00"), &["2020-01-01T00:00:00Z"], true),
            ("DateEquals", json!("2019-12-31T19:00-05:00"), &["2020-01-01T00:00:00Z"], true),
            ("DateEquals", json!("2020-01-01T00:00:00Z"), &[], false),
            ("DateNotEquals", json!("2020-01-01T00:00:00Z"), &["2020-01-02T00:00:00Z"], true),
            ("DateNotEquals", json!("2020-01-01T00:00:00Z"), &["2020-01-01T00:00:00Z"], false),
            ("DateNotEquals", json!("2020-01-01T00:00:00Z"), &[], true),
            ("DateGreaterThanEquals", json!("2024-02-29"), &["2024-02-29T00:00:00.000Z"], true),
            ("DateGreaterThanEquals", json!("2024-03-01"), &["2024-02-29T23:59:59Z"], false),
            ("DateLessThan", json!("1970-01-01T00:00:00Z"), &["1969-12-31T23:59:59Z"], true),
        ],
    );
}

#[test]
fn date_parser() {
    use super::condition::parse_date;
    let rows: &[(&str, Option<&str>)] = &[
        ("1970-01-01T00:00:00Z", Some("0")),
        ("2020-01-01T00:00:00Z", Some("1577836800")),
        ("2000-03-01", Some("951868800")),
        ("1577836800", Some("1577836800")),
        ("2020-01-01T00:00:00.250Z", Some("1577836800.25")),
        ("1969-12-31T23:59:59.25Z", Some("-0.75")),
        ("2023-02-29", None),
        ("2020-13-01", None),
        ("2020-01-01T25:00:00Z", None),
        ("2020-01-01T10:00:00Q", None),
        ("2020-01-01X", None),
        ("yesterday", None),
        ("", None),
        ("２０２０-01-01", None),
    ];
    for (text, expected) in rows {
        let expected = expected.map(|e| super::decimal::Decimal::parse(e).unwrap());
        assert_eq!(parse_date(text), expected, "{text}");
    }
}

#[test]
fn bool_binary_null_operators() {
    run_table(
        "bool/binary/null",
        &[
            ("Bool", json!("true"), &["true"], true),
            ("Bool", json!("false"), &["true"], false),
            ("Bool", json!("true"), &["TRUE"], true),
            ("Bool", json!(true), &["true"], true),
            ("Bool", json!("false"), &[], false),
            ("BoolIfExists", json!("false"), &[], true),
            ("BoolIfExists", json!("false"), &["true"], false),
            ("BinaryEquals", json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), &["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], true),
            ("BinaryEquals", json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), &["QmluYXJ5VmFsdWVJbkJhc2U2NA"], true),
            ("BinaryEquals", json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), &["T3RoZXJWYWx1ZQ=="], false),
            ("BinaryEquals", json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), &["not base64!"], false),
            ("BinaryEquals", json!("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), &[], false),
            ("Null", json!("true"), &[], true),
            ("Null", json!("true"), &["x"], false),
            ("Null", json!("false"), &["x"], true),
            ("Null", json!("false"), &[], false),
            ("Null", json!(true), &[], true),
        ],
    );
    assert_eq!(super::condition::base64("QmluYXJ5VmFsdWVJbkJhc2U2NA==").as_deref(), Some(&b"BinaryValueInBase64"[..]));
}

#[test]
fn ip_operators() {
    run_table(
        "ip",
        &[
            ("IpAddress", json!("203.0.113.0/24"), &["203.0.113.7"], true),
            ("IpAddress", json!("203.0.113.0/24"), &["203.0.114.1"], false),
            ("IpAddress", json!("203.0.113.5"), &["203.0.113.5"], true),
            ("IpAddress", json!("203.0.113.5"), &["203.0.113.6"], false),
            ("IpAddress", json!("203.0.113.77/24"), &["203.0.113.1"], true),
            ("IpAddress", json!("0.0.0.0/0"), &["8.8.8.8"], true),
            ("IpAddress", json!(["198.51.100.0/24", "203.0.113.0/24"]), &["203.0.113.9"], true),
            ("IpAddress", json!("2001:DB8:1234:5678::/64"), &["2001:db8:1234:5678:abcd::1"], true),
            ("IpAddress", json!("2001:DB8:1234:5678::/64"), &["2001:db8:1234:5679::1"], false),
            ("IpAddress", json!("203.0.113.0/24"), &["2001:db8::1"], false),
            ("IpAddress", json!("203.0.113.0/24"), &["not-an-ip"], false),
            ("IpAddress", json!("203.0.113.0/24"), &[], false),
            ("NotIpAddress", json!("203.0.113.0/24"), &["198.51.100.1"], true),
            ("NotIpAddress", json!("203.0.113.0/24"), &["203.0.113.9"], false),
            ("NotIpAddress", json!(["203.0.113.0/24", "198.51.100.0/24"]), &["198.51.100.1"], false),
            ("NotIpAddress", json!("203.0.113.0/24"), &[], true),
        ],
    );
}

#[test]
fn arn_operators() {
    run_table(
        "arn",
        &[
            (
                "ArnLike",
                json!("arn:aws:sns:us-east-1:123456789012:*"),
                &["arn:aws:sns:us-east-1:123456789012:my-topic"],
                true,
            ),
            (
                "ArnEquals",
                json!("arn:aws:sns:us-east-1:123456789012:*"),
                &["arn:aws:sns:us-east-1:123456789012:my-topic"],
                true,
            ),
            (
                "ArnEquals",
                json!("arn:aws:sns:us-east-1:123456789012:my-topic"),
                &["arn:aws:sns:us-east-1:123456789012:my-topic"],
                true,
            ),
            (
                "ArnLike",
                json!("arn:aws:sns:us-east-1:123456789012:My-Topic"),
                &["arn:aws:sns:us-east-1:123456789012:my-topic"],
                false,
            ),
            (
                "ArnLike",
                json!("arn:aws:someservice:*:111122223333:finance/*"),
                &["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"],
                false,
            ),
            (
                "StringLike",
                json!("arn:aws:someservice:*:111122223333:finance/*"),
                &["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"],
                true,
            ),
            ("ArnLike", json!("arn:aws:s3:::bucket/*"), &["arn:aws:s3:::bucket/a/b:c"], true),
            (
                "ArnLike",
                json!("arn:aws:events:*:123456789012:rule/*"),
                &["arn:aws:events:eu-west-1:123456789012:rule/r"],
                true,
            ),
            ("ArnLike", json!("arn:aws:events:*:123456789012:rule/*"), &["not-an-arn"], false),
            (
                "ArnNotEquals",
                json!("arn:aws:events:us-east-1:123456789012:rule/my-rule"),
                &["arn:aws:events:us-east-1:111122223333:rule/other"],
                true,
            ),
            (
                "ArnNotEquals",
                json!("arn:aws:events:us-east-1:123456789012:rule/my-rule"),
                &["arn:aws:events:us-east-1:123456789012:rule/my-rule"],
                false,
            ),
            (
                "ArnNotLike",
                json!("arn:aws:events:*:123456789012:*"),
                &["arn:aws:events:us-east-1:123456789012:rule/x"],
                false,
            ),
            ("ArnNotLike", json!("arn:aws:events:*:123456789012:*"), &[], true),
            ("ArnLike", json!("arn:aws:events:*:123456789012:*"), &[], false),
        ],
    );
}

#[test]
fn set_operators_and_if_exists() {
    let attrs = json!(["PostDateTime", "Message", "Tags"]);
    run_table(
        "set/IfExists",
        &[
            ("ForAllValues:StringLike", attrs.clone(), &["PostDateTime", "Message"], true),
            ("ForAllValues:StringLike", attrs.clone(), &["PostDateTime", "UserName"], false),
            ("ForAllValues:StringEquals", attrs.clone(), &[], true),
            ("ForAnyValue:StringEquals", json!(["ID", "PostDateTime"]), &["UserName", "Message", "PostDateTime"], true),
            ("ForAnyValue:StringEquals", json!(["ID", "PostDateTime"]), &["UserName"], false),
            ("ForAnyValue:StringEquals", json!(["ID"]), &[], false),
            ("ForAnyValue:StringEqualsIfExists", json!(["ID"]), &[], true),
            ("ForAllValues:StringNotEquals", json!(["a", "b"]), &["c", "d"], true),
            ("ForAllValues:StringNotEquals", json!(["a", "b"]), &["c", "a"], false),
            ("ForAnyValue:StringNotEquals", json!("a"), &["a", "b"], true),
            ("ForAnyValue:StringNotEquals", json!("a"), &["a"], false),
            ("ForAnyValue:StringNotEquals", json!("a"), &[], false),
            ("ForAllValues:NumericLessThan", json!("10"), &["1", "9"], true),
            ("ForAllValues:NumericLessThan", json!("10"), &["1", "19"], false),
            ("StringEqualsIfExists", json!("x"), &[], true),
            ("StringEqualsIfExists", json!("x"), &["y"], false),
            ("StringEqualsIfExists", json!("x"), &["x"], true),
            ("StringNotEqualsIfExists", json!("x"), &[], true),
            ("StringNotEqualsIfExists", json!("x"), &["x"], false),
            ("NumericLessThanIfExists", json!("5"), &[], true),
            ("IpAddressIfExists", json!("10.0.0.0/8"), &[], true),
            ("ArnLikeIfExists", json!("arn:aws:sns:*:*:t"), &[], true),
        ],
    );
}

#[test]
fn condition_blocks_and_keys() {
    let both = json!({"StringEquals": {"k:a": "1", "k:b": "2"}});
    assert!(cond_ctx(both.clone(), &[("k:a", "1"), ("k:b", "2")]));
    assert!(!cond_ctx(both.clone(), &[("k:a", "1")]));
    assert!(!cond_ctx(both, &[("k:a", "1"), ("k:b", "3")]));
    let mixed = json!({"StringEquals": {"k:a": "1"}, "NumericLessThan": {"k:n": "5"}});
    assert!(cond_ctx(mixed.clone(), &[("k:a", "1"), ("k:n", "4")]));
    assert!(!cond_ctx(mixed, &[("k:a", "1"), ("k:n", "6")]));
    // Key names are case-insensitive, values are not.
    assert!(cond_ctx(
        json!({"StringEquals": {"AWS:SourceAccount": "123456789012"}}),
        &[("aws:sourceaccount", "123456789012")]
    ));
    assert!(cond_ctx(
        json!({"StringEquals": {"aws:sourceaccount": "123456789012"}}),
        &[("AWS:SourceAccount", "123456789012")]
    ));
    assert!(!cond_ctx(json!({"StringEquals": {"aws:SourceVpc": "VPC-1"}}), &[("aws:SourceVpc", "vpc-1")]));
    // The principal keys are filled in.
    assert!(cond_ctx(json!({"StringEquals": {"aws:username": "alice", "aws:PrincipalType": "User"}}), &[]));
    assert!(cond_ctx(json!({"StringEquals": {"aws:PrincipalAccount": "123456789012"}}), &[]));
    assert!(cond_ctx(json!({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:user/alice"}}), &[]));
    // An explicit value wins over the derived one.
    assert!(!cond_ctx(
        json!({"StringEquals": {"aws:PrincipalAccount": "123456789012"}}),
        &[("aws:PrincipalAccount", "999999999999")]
    ));
}

#[test]
fn effective_context_per_principal() {
    let rows: Vec<(Principal, &[(&str, &str)], &[&str])> = vec![
        (
            user(ACCT, "alice"),
            &[("aws:username", "alice"), ("aws:principaltype", "User"), ("aws:principalaccount", ACCT)],
            &["aws:principalservicename"],
        ),
        (
            iam("arn:aws:sts::123456789012:assumed-role/my-function-role/my-function"),
            &[
                ("aws:principaltype", "AssumedRole"),
                ("aws:principalarn", "arn:aws:iam::123456789012:role/my-function-role"),
            ],
            &["aws:username"],
        ),
        (
            Principal::Service("lambda.amazonaws.com".into()),
            &[("aws:principalservicename", "lambda.amazonaws.com"), ("aws:principalisawsservice", "true")],
            &["aws:principalaccount", "aws:username"],
        ),
        (
            Principal::Account(OTHER.into()),
            &[("aws:principaltype", "Account"), ("aws:principalarn", "arn:aws:iam::111122223333:root")],
            &[],
        ),
        (Principal::Anonymous, &[("aws:principaltype", "Anonymous")], &["aws:principalaccount"]),
    ];
    for (principal, present, absent) in rows {
        let context = effective_context(&Request::new(principal.clone(), "s3:GetObject", "*"));
        for (key, value) in present {
            assert_eq!(context.get(*key), Some(&vec![value.to_string()]), "{principal}: {key}");
        }
        for key in absent {
            assert!(!context.contains_key(*key), "{principal}: {key} should be absent");
        }
    }
}

#[test]
fn wildcards_and_case_rules() {
    let actions: &[(&str, &str, bool)] = &[
        ("lambda:InvokeFunction", "lambda:invokefunction", true),
        ("LAMBDA:Invoke*", "lambda:InvokeAsync", true),
        ("lambda:Get*", "lambda:InvokeFunction", false),
        ("*", "s3:GetObject", true),
        ("s3:Get?bject", "s3:GetObject", true),
        ("s3:*Object", "s3:PutObjectAcl", false),
        ("iam:*AccessKey*", "iam:CreateAccessKey", true),
        ("sqs:*", "sns:Publish", false),
    ];
    for (pattern, action, expected) in actions {
        assert_eq!(matching::action_matches(pattern, action), *expected, "action {pattern} vs {action}");
    }
    let resources: &[(&str, &str, bool)] = &[
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a.txt", true),
        ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a.txt", false),
        ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/a.txt", false),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:my-function",
            "arn:aws:lambda:us-east-1:123456789012:function:my-function:prod",
            false,
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:my-function:*",
            "arn:aws:lambda:us-east-1:123456789012:function:my-function:prod",
            true,
        ),
        ("arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:eu-west-1:123456789012:function:f", true),
        ("arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:eu-west-1:111122223333:function:f", false),
        ("arn:aws:lambda:us-east-1:*:function:*", "arn:aws:lambda:us-east-1:123456789012:function:f", true),
        ("*", "", true),
        ("*", "arn:aws:sqs:us-east-1:123456789012:my-queue", true),
        ("arn:aws:s3:::b/?.txt", "arn:aws:s3:::b/a.txt", true),
        ("arn:aws:s3:::b/?.txt", "arn:aws:s3:::b/ab.txt", false),
        ("arn:aws:sqs:us-east-1:123456789012:my-queue", "", false),
    ];
    for (pattern, resource, expected) in resources {
        assert_eq!(
            matching::arn_matches(&matching::tokenize(pattern), resource),
            *expected,
            "resource {pattern} vs {resource}"
        );
    }
    // No catastrophic backtracking.
    let long = "a".repeat(5000);
    assert!(!matching::glob(&matching::tokenize("*a*a*a*a*a*a*b"), &long, false));
}

#[test]
fn not_action_and_not_resource() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::safe", "arn:aws:s3:::safe/*"]}
    ]});
    let set = PolicySet { identity: vec![PolicyRef { id: "p", doc: &doc }], ..Default::default() };
    let rows: &[(&str, &str, Decision)] = &[
        ("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:f", Decision::Allow),
        ("iam:CreateUser", "*", Decision::ImplicitDeny),
        ("IAM:createuser", "*", Decision::ImplicitDeny),
        ("s3:GetObject", "arn:aws:s3:::safe/x", Decision::Allow),
        ("s3:GetObject", "arn:aws:s3:::other/x", Decision::ExplicitDeny),
    ];
    for (action, resource, expected) in rows {
        let outcome = evaluate(&Request::new(user(ACCT, "alice"), *action, *resource), &set);
        assert_eq!(outcome.decision, *expected, "{action} on {resource}: {}", outcome.explanation);
    }
}

#[test]
fn principal_and_not_principal() {
    use Strength::*;
    let session = |name: &str, s: &str| iam(&format!("arn:aws:sts::{ACCT}:assumed-role/{name}/{s}"));
    let lambda = Principal::Service("lambda.amazonaws.com".into());
    let rows: Vec<(Value, bool, Principal, Option<Strength>)> = vec![
        (json!("*"), false, lambda.clone(), Some(Direct)),
        (json!("*"), false, Principal::Anonymous, Some(Direct)),
        (json!({"AWS": "*"}), false, Principal::Anonymous, Some(Direct)),
        (json!({"AWS": "*"}), false, role(OTHER, "r"), Some(Direct)),
        (json!({"Service": "lambda.amazonaws.com"}), false, lambda.clone(), Some(Direct)),
        (json!({"Service": "Lambda.amazonaws.com"}), false, lambda.clone(), Some(Direct)),
        (json!({"Service": "lambda.amazonaws.com"}), false, Principal::Service("events.amazonaws.com".into()), None),
        (json!({"Service": ["events.amazonaws.com", "lambda.amazonaws.com"]}), false, lambda.clone(), Some(Direct)),
        (json!({"AWS": ACCT}), false, role(ACCT, "r"), Some(AccountOnly)),
        (json!({"AWS": "arn:aws:iam::123456789012:root"}), false, user(ACCT, "alice"), Some(AccountOnly)),
        (json!({"AWS": "arn:aws:iam::123456789012:root"}), false, Principal::Account(ACCT.into()), Some(Direct)),
        (json!({"AWS": ACCT}), false, role(OTHER, "r"), None),
        (json!({"AWS": ACCT}), false, lambda.clone(), None),
        (json!({"AWS": ACCT}), false, Principal::Anonymous, None),
        (json!({"AWS": "arn:aws:iam::123456789012:role/my-role"}), false, role(ACCT, "my-role"), Some(Direct)),
        (json!({"AWS": "arn:aws:iam::123456789012:role/my-role"}), false, session("my-role", "s1"), Some(Direct)),
        (json!({"AWS": "arn:aws:iam::123456789012:role/team/my-role"}), false, session("my-role", "s1"), Some(Direct)),
        (json!({"AWS": "arn:aws:iam::123456789012:role/my-role"}), false, role(ACCT, "other-role"), None),
        (json!({"AWS": "arn:aws:iam::123456789012:role/my-role"}), false, role(OTHER, "my-role"), None),
        (json!({"AWS": "arn:aws:iam::123456789012:user/alice"}), false, user(ACCT, "alice"), Some(Direct)),
        (json!({"AWS": "arn:aws:iam::123456789012:user/alice"}), false, user(ACCT, "bob"), None),
        (json!({"AWS": "arn:aws:iam::123456789012:user/Alice"}), false, user(ACCT, "alice"), None),
        (
            json!({"AWS": "arn:aws:sts::123456789012:assumed-role/my-role/s1"}),
            false,
            session("my-role", "s1"),
            Some(Direct),
        ),
        (json!({"AWS": "arn:aws:sts::123456789012:assumed-role/my-role/s1"}), false, session("my-role", "s2"), None),
        (json!({"AWS": "arn:aws:sts::123456789012:assumed-role/my-role/s1"}), false, role(ACCT, "my-role"), None),
        (
            json!({"AWS": ["arn:aws:iam::123456789012:user/bob", "111122223333"]}),
            false,
            role(OTHER, "x"),
            Some(AccountOnly),
        ),
        (json!({"Federated": "cognito-identity.amazonaws.com"}), false, user(ACCT, "alice"), None),
        // NotPrincipal: the statement applies unless every identity of the caller is listed.
        (
            json!({"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]}),
            true,
            user("444455556666", "Bob"),
            None,
        ),
        (json!({"AWS": "arn:aws:iam::444455556666:user/Bob"}), true, user("444455556666", "Bob"), Some(Direct)),
        (
            json!({"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]}),
            true,
            user("444455556666", "Alice"),
            Some(Direct),
        ),
        (
            json!({"AWS": [
                "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
                "arn:aws:iam::444455556666:role/cross-account-read-only-role",
                "arn:aws:iam::444455556666:root"
            ]}),
            true,
            iam("arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app"),
            None,
        ),
        (
            json!({"AWS": ["arn:aws:iam::444455556666:role/cross-account-read-only-role", "arn:aws:iam::444455556666:root"]}),
            true,
            iam("arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app"),
            Some(Direct),
        ),
        (json!({"Service": "lambda.amazonaws.com"}), true, lambda.clone(), None),
        (
            json!({"Service": "lambda.amazonaws.com"}),
            true,
            Principal::Service("events.amazonaws.com".into()),
            Some(Direct),
        ),
        (json!("*"), true, user(ACCT, "alice"), None),
        (json!({"AWS": ACCT}), true, Principal::Anonymous, Some(Direct)),
    ];
    for (i, (spec, negated, principal, expected)) in rows.into_iter().enumerate() {
        let parsed = PrincipalSpec::parse(&spec).expect("valid principal");
        assert_eq!(
            matching::principal_matches(&parsed, negated, &principal),
            expected,
            "row {i}: {spec} negated={negated} vs {principal}"
        );
    }
    assert!(PrincipalSpec::parse(&json!({"Foo": "x"})).is_err());
    assert!(PrincipalSpec::parse(&json!("arn:aws:iam::123456789012:root")).is_err());
    assert!(PrincipalSpec::parse(&json!({"AWS": [1]})).is_err());
}

/// One resource-policy statement granting `action` on `resource` to `principal`.
fn grant(principal: Value, action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "Grant", "Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource}]})
}

fn identity_allow(action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "Id", "Effect": "Allow", "Action": action, "Resource": resource}]})
}

fn decide(
    principal: Principal,
    identity: Option<&Value>,
    resource: Option<(&Value, &str)>,
    trust: bool,
    action: &str,
    target: &str,
) -> Outcome {
    let set = PolicySet {
        identity: identity.map(|doc| PolicyRef { id: "identity", doc }).into_iter().collect(),
        resource: resource.map(|(doc, owner)| (PolicyRef { id: "resource", doc }, owner.to_string())),
        trust_for_assume_role: trust,
    };
    evaluate(&Request::new(principal, action, target), &set)
}

#[test]
fn same_and_cross_account() {
    use Decision::*;
    let get = "s3:GetObject";
    let id_allow = identity_allow(get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let id_deny =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]});
    let to_role =
        grant(json!({"AWS": "arn:aws:iam::123456789012:role/app"}), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let to_acct = grant(json!({"AWS": "arn:aws:iam::123456789012:root"}), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let to_other = grant(json!({"AWS": OTHER}), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let to_other_role =
        grant(json!({"AWS": "arn:aws:iam::111122223333:role/app"}), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let to_third = grant(json!({"AWS": "444455556666"}), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let to_all = grant(json!("*"), get, "arn:aws:s3:::amzn-s3-demo-bucket/*");
    let nothing = json!({"Version": "2012-10-17", "Statement": []});
    let deny_other = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:*", "Resource": "*"},
        {"Sid": "NoOther", "Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject", "Resource": "*"}
    ]});
    let me = || role(ACCT, "app");
    let them = || role(OTHER, "app");
    let rows: Vec<(&str, Principal, Option<&Value>, Option<&Value>, Decision)> = vec![
        ("same account, identity allows, no resource policy", me(), Some(&id_allow), None, Allow),
        ("same account, nothing allows", me(), None, None, ImplicitDeny),
        ("same account, resource policy names the role", me(), None, Some(&to_role), Allow),
        ("same account, resource policy names only the account", me(), None, Some(&to_acct), ImplicitDeny),
        ("same account, account in resource policy + identity", me(), Some(&id_allow), Some(&to_acct), Allow),
        ("same account, resource policy grants *", me(), None, Some(&to_all), Allow),
        ("same account, identity allows, resource policy silent", me(), Some(&id_allow), Some(&nothing), Allow),
        ("same account, identity deny beats resource allow", me(), Some(&id_deny), Some(&to_role), ExplicitDeny),
        ("cross account, both allow", them(), Some(&id_allow), Some(&to_other), Allow),
        ("cross account, resource names the role, both allow", them(), Some(&id_allow), Some(&to_other_role), Allow),
        ("cross account, identity silent", them(), None, Some(&to_other_role), ImplicitDeny),
        ("cross account, resource names another account", them(), Some(&id_allow), Some(&to_third), ImplicitDeny),
        ("cross account, resource policy silent", them(), Some(&id_allow), Some(&nothing), ImplicitDeny),
        ("cross account, resource explicit deny", them(), Some(&id_allow), Some(&deny_other), ExplicitDeny),
        ("cross account, * in resource policy still needs identity", them(), None, Some(&to_all), ImplicitDeny),
        ("root of other account, granted", Principal::Account(OTHER.into()), None, Some(&to_other), Allow),
        ("root of other account, not granted", Principal::Account(OTHER.into()), None, Some(&to_third), ImplicitDeny),
        ("root of own account", Principal::Account(ACCT.into()), None, Some(&nothing), Allow),
        ("anonymous, public grant", Principal::Anonymous, None, Some(&to_all), Allow),
        ("anonymous, account grant", Principal::Anonymous, None, Some(&to_acct), ImplicitDeny),
        ("anonymous, no resource policy", Principal::Anonymous, None, None, ImplicitDeny),
    ];
    for (name, principal, identity, resource, expected) in rows {
        let outcome = decide(principal, identity, resource.map(|doc| (doc, ACCT)), false, get, BUCKET_OBJ);
        assert_eq!(outcome.decision, expected, "{name}: {}", outcome.explanation);
        assert!(outcome.explanation.ends_with('.'), "{name}: {}", outcome.explanation);
        if outcome.decision == ImplicitDeny {
            assert!(outcome.deciding.is_empty(), "{name}: deciding {:?}", outcome.deciding);
        } else if name != "root of own account" {
            assert!(!outcome.deciding.is_empty(), "{name}: nothing deciding");
        }
    }
}

#[test]
fn role_trust_policies() {
    use Decision::*;
    let assume = "sts:AssumeRole";
    let role_arn = "arn:aws:iam::123456789012:role/my-function-role";
    let lambda_trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let user_trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/alice"}, "Action": "sts:AssumeRole"}]});
    let acct_trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCT}, "Action": "sts:AssumeRole"}]});
    let other_trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "Unique-1"}}}]});
    let may_assume = identity_allow(assume, role_arn);
    let rows: Vec<(&str, Principal, Option<&Value>, &Value, &[(&str, &str)], Decision)> = vec![
        ("lambda service", Principal::Service("lambda.amazonaws.com".into()), None, &lambda_trust, &[], Allow),
        ("other service", Principal::Service("events.amazonaws.com".into()), None, &lambda_trust, &[], ImplicitDeny),
        ("user named in trust, no identity policy", user(ACCT, "alice"), None, &user_trust, &[], Allow),
        ("user not named, identity allows", user(ACCT, "bob"), Some(&may_assume), &user_trust, &[], ImplicitDeny),
        ("account in trust, no identity policy", user(ACCT, "bob"), None, &acct_trust, &[], ImplicitDeny),
        ("account in trust, identity allows", user(ACCT, "bob"), Some(&may_assume), &acct_trust, &[], Allow),
        (
            "cross account with external id",
            user(OTHER, "carol"),
            Some(&may_assume),
            &other_trust,
            &[("sts:ExternalId", "Unique-1")],
            Allow,
        ),
        (
            "cross account, wrong external id",
            user(OTHER, "carol"),
            Some(&may_assume),
            &other_trust,
            &[("sts:ExternalId", "guess")],
            ImplicitDeny,
        ),
        (
            "cross account, no identity policy",
            user(OTHER, "carol"),
            None,
            &other_trust,
            &[("sts:ExternalId", "Unique-1")],
            ImplicitDeny,
        ),
        (
            "root of own account still needs the trust policy",
            Principal::Account(ACCT.into()),
            None,
            &user_trust,
            &[],
            ImplicitDeny,
        ),
    ];
    for (name, principal, identity, trust, context, expected) in rows {
        let set = PolicySet {
            identity: identity.map(|doc| PolicyRef { id: "identity", doc }).into_iter().collect(),
            resource: Some((PolicyRef { id: "trust", doc: trust }, ACCT.to_string())),
            trust_for_assume_role: true,
        };
        let mut request = Request::new(principal, assume, role_arn);
        for (k, v) in context {
            request.insert(k, *v);
        }
        let outcome = evaluate(&request, &set);
        assert_eq!(outcome.decision, expected, "{name}: {}", outcome.explanation);
    }
    // Without resource= the trust policy (no Resource element) still matches.
    let outcome =
        decide(Principal::Service("lambda.amazonaws.com".into()), None, Some((&lambda_trust, ACCT)), true, assume, "");
    assert_eq!(outcome.decision, Allow, "{}", outcome.explanation);
}

#[test]
fn deciding_statements_and_explanations() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowAll", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Sid": "DenyHttp", "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]});
    let set = PolicySet { identity: vec![PolicyRef { id: "bucket-rules", doc: &doc }], ..Default::default() };
    let http = evaluate(
        &Request::new(user(ACCT, "alice"), "s3:GetObject", BUCKET_OBJ).with("aws:SecureTransport", "false"),
        &set,
    );
    assert_eq!(http.decision, Decision::ExplicitDeny);
    assert_eq!(
        http.deciding,
        vec![StatementRef {
            policy: "bucket-rules".into(),
            index: 1,
            sid: Some("DenyHttp".into()),
            pointer: "/Statement/1".into()
        }]
    );
    assert!(http.explanation.contains("DenyHttp") && http.explanation.contains("bucket-rules"), "{}", http.explanation);
    let https = evaluate(
        &Request::new(user(ACCT, "alice"), "s3:GetObject", BUCKET_OBJ).with("aws:SecureTransport", "true"),
        &set,
    );
    assert_eq!(https.decision, Decision::Allow);
    assert_eq!(https.deciding.len(), 1);
    assert_eq!(https.deciding[0].sid.as_deref(), Some("AllowAll"));
    let single = json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}});
    let set = PolicySet { identity: vec![PolicyRef { id: "one", doc: &single }], ..Default::default() };
    let outcome = evaluate(&Request::new(user(ACCT, "alice"), "s3:GetObject", BUCKET_OBJ), &set);
    assert_eq!(outcome.deciding[0].pointer, "/Statement");
    assert_eq!(outcome.explanation.matches(". ").count(), 0, "one sentence: {}", outcome.explanation);
}

#[test]
fn variable_substitution() {
    use super::vars::{Unresolved, substitute};
    let mut context = BTreeMap::new();
    context.insert("aws:username".to_string(), vec!["alice".to_string()]);
    context.insert("k:multi".to_string(), vec!["a".to_string(), "b".to_string()]);
    context.insert("k:star".to_string(), vec!["a*b".to_string()]);
    let lit = |s: &str| s.chars().map(Tok::Lit).collect::<Vec<_>>();
    let cat = |parts: Vec<Vec<Tok>>| parts.concat();
    let rows: Vec<(&str, bool, Result<Vec<Tok>, Unresolved>)> = vec![
        ("home/${aws:username}/*", true, Ok(cat(vec![lit("home/alice/"), vec![Tok::Any]]))),
        ("${AWS:UserName}", true, Ok(lit("alice"))),
        ("${aws:userid}", true, Err(Unresolved("aws:userid".into()))),
        ("${aws:userid, 'anonymous'}", true, Ok(lit("anonymous"))),
        ("${ aws:username , 'x' }", true, Ok(lit("alice"))),
        ("${aws:userid,'x'}", true, Ok(lit("x"))),
        ("${k:missing, 'it''s'}", true, Ok(lit("it's"))),
        ("${k:missing, ''}", true, Ok(vec![])),
        ("a${*}b", true, Ok(lit("a*b"))),
        ("${?}${$}", true, Ok(lit("?$"))),
        ("${k:multi}", true, Err(Unresolved("k:multi".into()))),
        ("${k:multi, 'd'}", true, Ok(lit("d"))),
        ("${k:star}", true, Ok(lit("a*b"))),
        ("${k:missing, '${aws:username}'}", true, Ok(lit("${aws:username}"))),
        ("${unterminated", true, Ok(lit("${unterminated"))),
        ("${}", true, Ok(lit("${}"))),
        ("${k:missing, 'open}", true, Ok(lit("${k:missing, 'open}"))),
        ("$aws:username", true, Ok(lit("$aws:username"))),
        ("${aws:username}", false, Ok(lit("${aws:username}"))),
        ("a*${aws:username}", false, Ok(cat(vec![lit("a"), vec![Tok::Any], lit("${aws:username}")]))),
    ];
    for (text, enabled, expected) in rows {
        assert_eq!(substitute(text, &context, enabled), expected, "{text} (enabled={enabled})");
    }
}

#[test]
fn variables_in_policies() {
    let home = |version: &str| {
        json!({"Version": version, "Statement": [{"Effect": "Allow", "Action": "s3:*",
            "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]})
    };
    let v2012 = home("2012-10-17");
    let v2008 = home("2008-10-17");
    let rows: Vec<(&Value, Principal, &str, Decision)> = vec![
        (&v2012, user(ACCT, "alice"), "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt", Decision::Allow),
        (&v2012, user(ACCT, "alice"), "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt", Decision::ImplicitDeny),
        (&v2012, role(ACCT, "alice"), "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt", Decision::ImplicitDeny),
        (&v2008, user(ACCT, "alice"), "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt", Decision::ImplicitDeny),
    ];
    for (i, (doc, principal, resource, expected)) in rows.into_iter().enumerate() {
        let outcome = decide(principal, Some(doc), None, false, "s3:GetObject", resource);
        assert_eq!(outcome.decision, expected, "row {i}: {}", outcome.explanation);
    }
    // Variables in condition values.
    assert!(cond(
        json!({"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}),
        "s3:prefix",
        &["home/alice/a"]
    ));
    assert!(!cond(json!({"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}), "s3:prefix", &["home/bob/a"]));
    assert!(cond(
        json!({"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}),
        "aws:SourceAccount",
        &[ACCT]
    ));
    assert!(cond(
        json!({"ArnLike": {"k:arn": "arn:aws:iam::*:user/${aws:username}"}}),
        "k:arn",
        &["arn:aws:iam::123456789012:user/alice"]
    ));
    assert!(cond(json!({"StringEquals": {"k:x": "a${*}"}}), "k:x", &["a*"]));
    assert!(!cond(json!({"StringLike": {"k:x": "a${*}"}}), "k:x", &["ab"]));
    assert!(cond(json!({"StringLike": {"k:x": "a${*}"}}), "k:x", &["a*"]));
    assert!(cond(json!({"StringEquals": {"k:x": "${k:team, 'none'}"}}), "k:x", &["none"]));
    // An unresolved variable makes the condition false, even a negated one.
    assert!(!cond(json!({"StringNotEquals": {"k:x": "${aws:PrincipalTag/team}"}}), "k:x", &["a"]));
}

#[test]
fn case_lines() {
    let text = "\
# EventBridge may invoke the function for its own rule only

allow principal=service:events.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceArn=arn:aws:events:us-east-1:123456789012:rule/my-rule
deny  principal=account:111122223333 action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function  # another account
DENY\tprincipal=arn:aws:sts::123456789012:assumed-role/my-role/s action=sts:AssumeRole aws:CalledVia=a AWS:calledvia=b aws:Referer=http://x/#a
allow principal=arn:aws:iam::111122223333:root action=s3:GetObject
allow principal=anonymous action=s3:GetObject resource=arn:aws:s3:::amzn-s3-demo-bucket/*
";
    let cases = parse_cases(text).expect("valid cases");
    assert_eq!(cases.len(), 5);
    assert_eq!(cases[0].line, 2);
    assert_eq!(cases[0].expect, Expect::Allow);
    assert_eq!(cases[0].principal, Principal::Service("events.amazonaws.com".into()));
    assert_eq!(cases[0].action, "lambda:InvokeFunction");
    assert_eq!(
        cases[0].context.get("aws:sourcearn"),
        Some(&vec!["arn:aws:events:us-east-1:123456789012:rule/my-rule".to_string()])
    );
    assert_eq!(cases[1].principal, Principal::Account(OTHER.into()));
    assert_eq!(cases[1].expect, Expect::Deny);
    assert_eq!(
        cases[2].principal,
        Principal::Iam { arn: "arn:aws:sts::123456789012:assumed-role/my-role/s".into(), account: ACCT.into() }
    );
    assert_eq!(cases[2].resource, None);
    assert_eq!(cases[2].request().resource, "");
    assert_eq!(cases[2].context.get("aws:calledvia"), Some(&vec!["a".to_string(), "b".to_string()]));
    assert_eq!(cases[2].context.get("aws:referer"), Some(&vec!["http://x/#a".to_string()]));
    assert_eq!(cases[3].principal, Principal::Account(OTHER.into()));
    assert_eq!(cases[4].principal, Principal::Anonymous);
    assert!(Expect::Deny.accepts(Decision::ImplicitDeny) && Expect::Deny.accepts(Decision::ExplicitDeny));
    assert!(!Expect::Deny.accepts(Decision::Allow) && Expect::Allow.accepts(Decision::Allow));
    // A trust-policy case may leave out action= and resource=.
    let bare = parse_cases("allow principal=service:lambda.amazonaws.com").unwrap();
    assert_eq!((bare[0].action.as_str(), bare[0].resource.as_deref()), ("", None));
    assert_eq!(parse_cases("").unwrap(), vec![]);
    assert_eq!(parse_cases("  # only a comment\n\n").unwrap(), vec![]);
}

#[test]
fn case_line_errors() {
    // (text, line, column, len, message fragment)
    let rows: &[(&str, usize, usize, usize, &str)] = &[
        ("alow principal=anonymous action=s3:GetObject", 0, 0, 4, "expected `allow` or `deny`"),
        ("allow principal", 0, 6, 9, "expected `key=value`"),
        ("allow principal=service: action=a:b", 0, 16, 8, "not a service principal"),
        ("allow principal=account:12 action=a:b", 0, 16, 10, "not a 12-digit account id"),
        ("allow principal=arn:aws:s3:::bucket action=a:b", 0, 16, 19, "not an IAM or STS ARN"),
        ("allow principal=bob action=a:b", 0, 16, 3, "not a principal"),
        ("allow principal=anonymous action=InvokeFunction", 0, 33, 14, "service:Action"),
        ("allow action=a:b", 0, 0, 16, "no `principal=`"),
        ("allow principal=anonymous principal=anonymous action=a:b", 0, 26, 19, "given twice"),
        ("allow principal=anonymous action=a:b resource=x resource=y", 0, 48, 10, "given twice"),
        ("allow principle=anonymous action=a:b", 0, 6, 9, "unknown key `principle`"),
        ("allow principal=anonymous action=a:b =x", 0, 37, 2, "missing key"),
        ("allow principal=anonymous action=a:b aws:SourceIp=", 0, 37, 13, "has no value"),
        ("# header\n\nallow principal=anonymous action=a:b\ndeny principal=x action=a:b", 3, 15, 1, "not a principal"),
        ("  allow principal=anonymous  action=a:b:c", 0, 36, 5, "service:Action"),
    ];
    for (text, line, column, len, fragment) in rows {
        let error = parse_cases(text).expect_err(text);
        assert_eq!((error.line, error.column, error.len), (*line, *column, *len), "{text}: {error}");
        assert!(error.message.contains(fragment), "{text}: {}", error.message);
    }
    let error = parse_cases("x").unwrap_err();
    assert_eq!(error.to_string(), "line 1, column 1: expected `allow` or `deny`, found `x`");
}

#[test]
fn malformed_policies_never_panic() {
    let allow_all = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    // Each unreadable statement sits next to a valid allow, in an identity policy.
    let bad: Vec<Value> = vec![
        json!(1),
        json!({"Action": "*", "Resource": "*"}),
        json!({"Effect": "allow", "Action": "*", "Resource": "*"}),
        json!({"Effect": "Allow", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": 5, "Resource": "*"}),
        json!({"Effect": "Allow", "Action": [], "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "*"}),
        json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"a:b": "c"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": "x"}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringEquals": "x"}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"a:b": {"c": 1}}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"a:b": "abc"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "300.1.1.1/8"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "yesterday"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"a:b": "true"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BinaryEquals": {"a:b": "%%%"}}}),
        json!({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericEquals": {"a:b": "${a:c}"}}}),
    ];
    for (i, statement) in bad.iter().enumerate() {
        let doc = json!({"Version": "2012-10-17", "Statement": [statement, allow_all]});
        let set = PolicySet { identity: vec![PolicyRef { id: "p", doc: &doc }], ..Default::default() };
        let outcome = evaluate(&Request::new(user(ACCT, "alice"), "s3:GetObject", BUCKET_OBJ), &set);
        assert_eq!(outcome.decision, Decision::Allow, "row {i}: {}", outcome.explanation);
        assert_eq!(outcome.skipped.len(), 1, "row {i}: {:?}", outcome.skipped);
        assert_eq!(outcome.skipped[0].statement.index, 0, "row {i}");
        assert!(outcome.explanation.contains("could not be read"), "row {i}: {}", outcome.explanation);
    }
    // Resource-policy specific problems.
    let resource_bad: Vec<Value> = vec![
        json!({"Effect": "Allow", "Action": "*"}),
        json!({"Effect": "Allow", "Action": "*", "Principal": "arn:aws:iam::123456789012:root"}),
        json!({"Effect": "Allow", "Action": "*", "Principal": {"Foo": "x"}}),
        json!({"Effect": "Allow", "Action": "*", "Principal": "*", "NotPrincipal": "*"}),
        json!({"Effect": "Allow", "Action": "*", "Principal": {"AWS": 7}}),
    ];
    for (i, statement) in resource_bad.iter().enumerate() {
        let doc = json!({"Version": "2012-10-17", "Statement": [statement]});
        let outcome = decide(Principal::Anonymous, None, Some((&doc, ACCT)), false, "s3:GetObject", BUCKET_OBJ);
        assert_eq!(outcome.decision, Decision::ImplicitDeny, "resource row {i}");
        assert_eq!(outcome.skipped.len(), 1, "resource row {i}");
    }
    // Whole documents that are unusable.
    let docs = [json!([1, 2]), json!({}), json!({"Statement": "x"}), json!(null), json!("policy")];
    for (i, doc) in docs.iter().enumerate() {
        let outcome = decide(user(ACCT, "alice"), Some(doc), Some((doc, ACCT)), false, "s3:GetObject", BUCKET_OBJ);
        assert_eq!(outcome.decision, Decision::ImplicitDeny, "doc {i}");
        assert_eq!(outcome.skipped.len(), 2, "doc {i}");
        assert!(outcome.explanation.contains("2 statements could not be read"), "doc {i}: {}", outcome.explanation);
    }
}

#[test]
fn principal_from_arn() {
    let rows: &[(&str, Option<Principal>)] = &[
        ("arn:aws:iam::123456789012:role/my-role", Some(role(ACCT, "my-role"))),
        ("arn:aws:iam::123456789012:root", Some(Principal::Account(ACCT.into()))),
        (
            "arn:aws-cn:iam::123456789012:user/u",
            Some(Principal::Iam { arn: "arn:aws-cn:iam::123456789012:user/u".into(), account: ACCT.into() }),
        ),
        ("arn:aws:iam::12345:role/r", None),
        ("arn:aws:s3:::bucket", None),
        ("arn:aws:iam::123456789012:", None),
        ("role/my-role", None),
    ];
    for (arn, expected) in rows {
        assert_eq!(&Principal::from_arn(arn), expected, "{arn}");
    }
}

#[test]
fn only_user_role_and_sts_arns_name_an_iam_identity() {
    use matching::IamArn;
    let role = |name: &str, role_arn: &str, session: Option<&str>| {
        Some(IamArn::Role {
            account: ACCT.to_string(),
            name: name.to_string(),
            role_arn: role_arn.to_string(),
            session: session.map(str::to_string),
        })
    };
    let cases = [
        ("arn:aws:iam::123456789012:role/app/r", role("r", "arn:aws:iam::123456789012:role/app/r", None)),
        ("arn:aws:sts::123456789012:assumed-role/r/s", role("r", "arn:aws:iam::123456789012:role/r", Some("s"))),
        ("arn:aws:iam::123456789012:user/u", Some(IamArn::User { account: ACCT.to_string(), name: "u".to_string() })),
        (
            "arn:aws:sts::123456789012:federated-user/f",
            Some(IamArn::Federated { account: ACCT.to_string(), name: "f".to_string() }),
        ),
        // Not a user or role: the account root, a group, a role path without a name.
        ("arn:aws:iam::123456789012:root", None),
        ("arn:aws:iam::123456789012:group/g", None),
        ("arn:aws:iam::123456789012:role/", None),
        ("arn:aws:sts::123456789012:assumed-role/r", None),
        ("arn:aws:sts::123456789012:assumed-role//s", None),
        ("arn:aws:sts::123456789012:assumed-role/r/", None),
        ("arn:aws:sts::123456789012:user/u", None),
        // Not an ARN of six fields, or no account.
        ("arn:aws:iam::123456789012", None),
        ("xarn:aws:iam::123456789012:role/r", None),
        ("arn:aws:iam:::role/r", None),
        ("arn:aws:s3:::b", None),
    ];
    for (arn, want) in cases {
        assert_eq!(IamArn::parse(arn), want, "{arn}");
    }
}

#[test]
fn an_account_is_twelve_digits_or_an_account_root_arn() {
    use super::matching::account_of;
    let cases = [
        ("123456789012", Some("123456789012")),
        ("arn:aws:iam::123456789012:root", Some("123456789012")),
        ("12345", None),        // digits, but not twelve
        ("AROAABCDEFGH", None), // twelve characters, not digits (a unique id)
        ("arn:aws:iam::123456789012:role/r", None),
    ];
    for (value, want) in cases {
        assert_eq!(account_of(value), want, "{value}");
    }
}
