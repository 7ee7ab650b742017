//! The worked examples of AWS's policy-evaluation documentation, rewritten
//! as our own test data (names, accounts and buckets changed) and run
//! through `lambda_notes::checks::eval`. Each test says which documented scenario
//! it mirrors; the expected decisions are the ones the documentation gives.

#![allow(clippy::type_complexity)]

use lambda_notes::checks::eval::{Decision, PolicyRef, PolicySet, Principal, Request, evaluate, parse_cases};
use serde_json::{Value, json};

const ACCT: &str = "123456789012";
const OTHER: &str = "111122223333";

fn iam(arn: &str) -> Principal {
    Principal::from_arn(arn).expect("test ARN")
}

/// Evaluate with identity policies and an optional resource policy owned by `owner`.
fn run(request: &Request, identity: &[&Value], resource: Option<(&Value, &str)>, trust: bool) -> Decision {
    let set = PolicySet {
        identity: identity
            .iter()
            .enumerate()
            .map(|(i, doc)| PolicyRef { id: ["id-0", "id-1", "id-2"][i.min(2)], doc })
            .collect(),
        resource: resource.map(|(doc, owner)| (PolicyRef { id: "resource", doc }, owner.to_string())),
        trust_for_assume_role: trust,
    };
    let outcome = evaluate(request, &set);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    assert!(!outcome.explanation.is_empty());
    outcome.decision
}

fn req(principal: &Principal, action: &str, resource: &str, context: &[(&str, &str)]) -> Request {
    let mut request = Request::new(principal.clone(), action, resource);
    for (k, v) in context {
        request.insert(k, *v);
    }
    request
}

/// Mirrors "Example identity-based and resource-based policy evaluation"
/// (Policy evaluation logic): a user's own policy denies every bucket with
/// `log` in its name, allows full access to the bucket named after the user,
/// and that bucket's policy also names the user.
#[test]
fn single_account_identity_and_bucket_policy() {
    let dana = iam("arn:aws:iam::123456789012:user/dana");
    let identity = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "ListRead", "Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::*"},
        {"Sid": "OwnBucket", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::dana", "arn:aws:s3:::dana/*"]},
        {"Sid": "NoLogs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}
    ]});
    let bucket = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/dana"}, "Action": "s3:*", "Resource": ["arn:aws:s3:::dana", "arn:aws:s3:::dana/*"]}
    ]});
    let identity_without_own = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
    ]});
    // Saving into the logs bucket: the identity policy's Deny decides.
    assert_eq!(
        run(&req(&dana, "s3:PutObject", "arn:aws:s3:::dana-logs", &[]), &[&identity], None, false),
        Decision::ExplicitDeny
    );
    // Saving into the own bucket: both policies allow.
    assert_eq!(
        run(&req(&dana, "s3:PutObject", "arn:aws:s3:::dana/file.txt", &[]), &[&identity], Some((&bucket, ACCT)), false),
        Decision::Allow
    );
    // "If one of the policy types allows the request and the other doesn't, the request is still allowed."
    assert_eq!(
        run(
            &req(&dana, "s3:PutObject", "arn:aws:s3:::dana/file.txt", &[]),
            &[&identity_without_own],
            Some((&bucket, ACCT)),
            false
        ),
        Decision::Allow
    );
    assert_eq!(
        run(
            &req(&dana, "s3:PutObject", "arn:aws:s3:::dana/file.txt", &[]),
            &[&identity],
            Some((&json!({"Statement": []}), ACCT)),
            false
        ),
        Decision::Allow
    );
    // Another user of the account is not named by the bucket policy and has no identity policy.
    let eve = iam("arn:aws:iam::123456789012:user/eve");
    assert_eq!(
        run(&req(&eve, "s3:PutObject", "arn:aws:s3:::dana/file.txt", &[]), &[], Some((&bucket, ACCT)), false),
        Decision::ImplicitDeny
    );
}

/// Mirrors "The difference between explicit and implicit denies": Get*/List*
/// allowed, everything else implicitly denied, *Report explicitly denied even
/// when another policy allows it.
#[test]
fn explicit_and_implicit_denies() {
    let auditor = iam("arn:aws:iam::123456789012:role/auditor");
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadOnlyIam", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
        {"Sid": "NoReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"}
    ]});
    let reports = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GenerateCredentialReport", "Resource": "*"}]});
    let rows = [
        ("iam:GetRole", Decision::Allow),
        ("iam:ListRoles", Decision::Allow),
        ("iam:CreatePolicy", Decision::ImplicitDeny),
        ("iam:GetOrganizationsAccessReport", Decision::ExplicitDeny),
        ("iam:GenerateCredentialReport", Decision::ExplicitDeny),
    ];
    for (action, expected) in rows {
        assert_eq!(run(&req(&auditor, action, "*", &[]), &[&policy, &reports], None, false), expected, "{action}");
    }
}

/// Mirrors "Example cross-account policy evaluation": a user in the trusted
/// account writes into a bucket of the trusting account. The bucket policy
/// names the user and allows object reads and writes but not deletes; the
/// user's own policy denies log buckets.
#[test]
fn cross_account_bucket_access() {
    let carol = iam("arn:aws:iam::111122223333:user/carol");
    let identity = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:*Object*", "Resource": "arn:aws:s3:::archive/*"},
        {"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}
    ]});
    let bucket = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Action": ["s3:GetObject*", "s3:PutObject*", "s3:ReplicateObject", "s3:RestoreObject"],
        "Principal": {"AWS": "arn:aws:iam::111122223333:user/carol"},
        "Resource": "arn:aws:s3:::archive/*"
    }]});
    let no_policy = json!({"Version": "2012-10-17", "Statement": []});
    // The logs bucket has no bucket policy, and the caller's own account denies explicitly.
    assert_eq!(
        run(
            &req(&carol, "s3:PutObject", "arn:aws:s3:::archive-logs/a.txt", &[]),
            &[&identity],
            Some((&no_policy, ACCT)),
            false
        ),
        Decision::ExplicitDeny
    );
    // Both accounts allow the write into the shared bucket.
    assert_eq!(
        run(
            &req(&carol, "s3:PutObject", "arn:aws:s3:::archive/a.txt", &[]),
            &[&identity],
            Some((&bucket, ACCT)),
            false
        ),
        Decision::Allow
    );
    // Deleting is allowed by the identity policy only: not enough across accounts.
    assert_eq!(
        run(
            &req(&carol, "s3:DeleteObject", "arn:aws:s3:::archive/a.txt", &[]),
            &[&identity],
            Some((&bucket, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );
    // Without the identity policy the bucket policy alone is not enough either.
    assert_eq!(
        run(&req(&carol, "s3:GetObject", "arn:aws:s3:::archive/a.txt", &[]), &[], Some((&bucket, ACCT)), false),
        Decision::ImplicitDeny
    );
}

/// Mirrors the Condition-operator reference examples: a principal tag
/// (String), s3:max-keys (Numeric), aws:TokenIssueTime (Date), a Deny on
/// plain HTTP (Bool), an IPv4/IPv6 source range (IP address), an SQS queue
/// accepting messages from one SNS topic only (ARN), and the Null check on
/// temporary credentials.
#[test]
fn condition_operator_reference_examples() {
    let user = iam("arn:aws:iam::123456789012:user/frank");
    let session = iam("arn:aws:sts::123456789012:assumed-role/ops/frank");
    let tagged = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::123456789012:user/*",
        "Condition": {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}}});
    let key_arn = "arn:aws:iam::123456789012:user/frank";
    assert_eq!(
        run(
            &req(&user, "iam:CreateAccessKey", key_arn, &[("aws:PrincipalTag/job-category", "iamuser-admin")]),
            &[&tagged],
            None,
            false
        ),
        Decision::Allow
    );
    assert_eq!(run(&req(&user, "iam:CreateAccessKey", key_arn, &[]), &[&tagged], None, false), Decision::ImplicitDeny);

    let max_keys = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example-bucket",
        "Condition": {"NumericLessThanEquals": {"s3:max-keys": "10"}}}});
    for (keys, expected) in [("10", Decision::Allow), ("7", Decision::Allow), ("11", Decision::ImplicitDeny)] {
        assert_eq!(
            run(
                &req(&user, "s3:ListBucket", "arn:aws:s3:::example-bucket", &[("s3:max-keys", keys)]),
                &[&max_keys],
                None,
                false
            ),
            expected,
            "max-keys {keys}"
        );
    }

    let fresh = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::123456789012:user/*",
        "Condition": {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}}});
    assert_eq!(
        run(
            &req(&session, "iam:ListAccessKeys", key_arn, &[("aws:TokenIssueTime", "2024-05-01T08:00:00Z")]),
            &[&fresh],
            None,
            false
        ),
        Decision::Allow
    );
    // An IAM user signing with access keys has no aws:TokenIssueTime: denied.
    assert_eq!(run(&req(&user, "iam:ListAccessKeys", key_arn, &[]), &[&fresh], None, false), Decision::ImplicitDeny);

    let tls_only = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowBucket", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]},
        {"Sid": "BooleanExample", "Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]});
    let object = "arn:aws:s3:::example-bucket/report.csv";
    assert_eq!(
        run(&req(&user, "s3:GetObject", object, &[("aws:SecureTransport", "false")]), &[&tls_only], None, false),
        Decision::ExplicitDeny
    );
    assert_eq!(
        run(&req(&user, "s3:GetObject", object, &[("aws:SecureTransport", "true")]), &[&tls_only], None, false),
        Decision::Allow
    );

    let office = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "someservice:*", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}}});
    for (ip, expected) in [
        ("203.0.113.10", Decision::Allow),
        ("2001:db8:1234:5678::9", Decision::Allow),
        ("198.51.100.4", Decision::ImplicitDeny),
    ] {
        assert_eq!(
            run(&req(&user, "someservice:Do", "*", &[("aws:SourceIp", ip)]), &[&office], None, false),
            expected,
            "ip {ip}"
        );
    }

    let queue = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "SQS:SendMessage",
        "Resource": "arn:aws:sqs:us-east-1:123456789012:my-queue",
        "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:my-topic"}}}});
    let sns = Principal::Service("sns.amazonaws.com".into());
    let q = "arn:aws:sqs:us-east-1:123456789012:my-queue";
    assert_eq!(
        run(
            &req(&sns, "sqs:SendMessage", q, &[("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:my-topic")]),
            &[],
            Some((&queue, ACCT)),
            false
        ),
        Decision::Allow
    );
    assert_eq!(
        run(
            &req(&sns, "sqs:SendMessage", q, &[("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:my-topic")]),
            &[],
            Some((&queue, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );
    // A direct call carries no aws:SourceArn: denied.
    assert_eq!(run(&req(&sns, "sqs:SendMessage", q, &[]), &[], Some((&queue, ACCT)), false), Decision::ImplicitDeny);

    let long_term_only = json!({"Version": "2012-10-17", "Statement": {"Action": "ec2:*", "Effect": "Allow", "Resource": "*",
        "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}});
    assert_eq!(run(&req(&user, "ec2:DescribeInstances", "*", &[]), &[&long_term_only], None, false), Decision::Allow);
    assert_eq!(
        run(
            &req(&session, "ec2:DescribeInstances", "*", &[("aws:TokenIssueTime", "2024-05-01T08:00:00Z")]),
            &[&long_term_only],
            None,
            false
        ),
        Decision::ImplicitDeny
    );
}

/// Mirrors the `...IfExists` example: launching an instance touches resources
/// that have no ec2:InstanceType key, so a plain StringLike fails for them
/// while StringLikeIfExists lets them through.
#[test]
fn if_exists_instance_types() {
    let user = iam("arn:aws:iam::123456789012:user/grace");
    let make = |op: &str| {
        let mut condition = serde_json::Map::new();
        condition.insert(op.to_string(), json!({"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}));
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": condition}})
    };
    let strict = make("StringLike");
    let lenient = make("StringLikeIfExists");
    let instance = "arn:aws:ec2:us-east-1:123456789012:instance/*";
    let image = "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0";
    let rows = [
        (&strict, instance, Some("t2.micro"), Decision::Allow),
        (&strict, image, None, Decision::ImplicitDeny),
        (&lenient, image, None, Decision::Allow),
        (&lenient, instance, Some("t2.micro"), Decision::Allow),
        (&lenient, instance, Some("r5.large"), Decision::ImplicitDeny),
    ];
    for (i, (policy, resource, instance_type, expected)) in rows.into_iter().enumerate() {
        let context: Vec<(&str, &str)> = instance_type.map(|t| ("ec2:InstanceType", t)).into_iter().collect();
        assert_eq!(
            run(&req(&user, "ec2:RunInstances", resource, &context), &[policy], None, false),
            expected,
            "row {i}"
        );
    }
}

/// Mirrors "Set operators for multivalued context keys": ForAllValues lets a
/// user read only some attributes; ForAnyValue denies writing any forbidden
/// attribute; an empty set makes ForAllValues true and ForAnyValue false.
#[test]
fn multivalued_keys() {
    let user = iam("arn:aws:iam::123456789012:user/heidi");
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Thread";
    let read = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": table,
        "Condition": {"ForAllValues:StringLike": {"dynamodb:requestedAttributes": ["PostDateTime", "Message", "Tags"]}}}]});
    let write = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": table},
        {"Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": table,
         "Condition": {"ForAnyValue:StringLike": {"dynamodb:requestedAttributes": ["ID", "PostDateTime"]}}}
    ]});
    let attrs = |names: &[&'static str]| names.iter().map(|n| ("dynamodb:requestedAttributes", *n)).collect::<Vec<_>>();
    let rows: Vec<(&Value, &str, Vec<(&str, &str)>, Decision)> = vec![
        (&read, "dynamodb:GetItem", attrs(&["PostDateTime", "Message"]), Decision::Allow),
        (&read, "dynamodb:GetItem", attrs(&["PostDateTime", "UserName"]), Decision::ImplicitDeny),
        (&read, "dynamodb:GetItem", attrs(&[]), Decision::Allow),
        (&write, "dynamodb:PutItem", attrs(&["UserName", "Message", "PostDateTime"]), Decision::ExplicitDeny),
        (&write, "dynamodb:PutItem", attrs(&["UserName"]), Decision::Allow),
        (&write, "dynamodb:PutItem", attrs(&[]), Decision::Allow),
    ];
    for (i, (policy, action, context, expected)) in rows.into_iter().enumerate() {
        assert_eq!(run(&req(&user, action, table, &context), &[policy], None, false), expected, "row {i}");
    }
}

/// Mirrors "IAM policy elements: Variables and tags": a per-user home
/// directory (Resource and s3:prefix), the SNS topic policy whose endpoint
/// must contain the caller's user name, a default value for callers without
/// the key, and the `${*}` escape.
#[test]
fn policy_variables() {
    let ivan = iam("arn:aws:iam::123456789012:user/ivan");
    let home = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-bucket", "Condition": {"StringLike": {"s3:prefix": ["${aws:username}/*"]}}},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::team-bucket/${aws:username}/*"}
    ]});
    assert_eq!(
        run(&req(&ivan, "s3:PutObject", "arn:aws:s3:::team-bucket/ivan/todo.txt", &[]), &[&home], None, false),
        Decision::Allow
    );
    assert_eq!(
        run(&req(&ivan, "s3:PutObject", "arn:aws:s3:::team-bucket/judy/todo.txt", &[]), &[&home], None, false),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(
            &req(&ivan, "s3:ListBucket", "arn:aws:s3:::team-bucket", &[("s3:prefix", "ivan/2024/")]),
            &[&home],
            None,
            false
        ),
        Decision::Allow
    );
    assert_eq!(
        run(&req(&ivan, "s3:ListBucket", "arn:aws:s3:::team-bucket", &[("s3:prefix", "judy/")]), &[&home], None, false),
        Decision::ImplicitDeny
    );
    // A role session has no aws:username: the variable cannot be resolved.
    let session = iam("arn:aws:sts::123456789012:assumed-role/ivan/ivan");
    assert_eq!(
        run(&req(&session, "s3:PutObject", "arn:aws:s3:::team-bucket/ivan/todo.txt", &[]), &[&home], None, false),
        Decision::ImplicitDeny
    );

    // The SNS topic policy grants a whole account, so the caller in that
    // account also needs an identity policy (cross-account here).
    let topic = json!({"Version": "2012-10-17", "Statement": [{"Principal": {"AWS": OTHER}, "Effect": "Allow", "Action": "sns:*",
        "Resource": "arn:aws:sns:us-east-1:123456789012:my-topic",
        "Condition": {"StringLike": {"sns:endpoint": "https://example.com/${aws:username}/"}, "StringEquals": {"sns:Protocol": "https"}}}]});
    let judy = iam("arn:aws:iam::111122223333:user/judy");
    let sns_all =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:*", "Resource": "*"}]});
    let topic_arn = "arn:aws:sns:us-east-1:123456789012:my-topic";
    let sub =
        |endpoint: &'static str, protocol: &'static str| vec![("sns:Endpoint", endpoint), ("sns:Protocol", protocol)];
    assert_eq!(
        run(
            &req(&judy, "sns:Subscribe", topic_arn, &sub("https://example.com/judy/", "https")),
            &[&sns_all],
            Some((&topic, ACCT)),
            false
        ),
        Decision::Allow
    );
    assert_eq!(
        run(
            &req(&judy, "sns:Subscribe", topic_arn, &sub("https://example.com/ivan/", "https")),
            &[&sns_all],
            Some((&topic, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(
            &req(&judy, "sns:Subscribe", topic_arn, &sub("https://example.com/judy/", "http")),
            &[&sns_all],
            Some((&topic, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(
            &req(&judy, "sns:Subscribe", topic_arn, &sub("https://example.com/judy/", "https")),
            &[],
            Some((&topic, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );

    // A default value for callers that lack the key, and a literal asterisk.
    let public = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::shared/${aws:username, 'public'}/*"}]});
    assert_eq!(
        run(
            &req(&Principal::Anonymous, "s3:GetObject", "arn:aws:s3:::shared/public/a.txt", &[]),
            &[],
            Some((&public, ACCT)),
            false
        ),
        Decision::Allow
    );
    assert_eq!(
        run(
            &req(&Principal::Anonymous, "s3:GetObject", "arn:aws:s3:::shared/ivan/a.txt", &[]),
            &[],
            Some((&public, ACCT)),
            false
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(&req(&ivan, "s3:GetObject", "arn:aws:s3:::shared/ivan/a.txt", &[]), &[], Some((&public, ACCT)), false),
        Decision::Allow
    );
    let star = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::odd/file${*}.txt"}]});
    assert_eq!(
        run(&req(&ivan, "s3:GetObject", "arn:aws:s3:::odd/file*.txt", &[]), &[&star], None, false),
        Decision::Allow
    );
    assert_eq!(
        run(&req(&ivan, "s3:GetObject", "arn:aws:s3:::odd/file1.txt", &[]), &[&star], None, false),
        Decision::ImplicitDeny
    );
}

/// Mirrors the NotPrincipal examples: a Deny for everyone except one user
/// (listing the user and its account) and except one assumed-role session
/// (listing the session, the role and the account). The Deny alone grants
/// nothing, so an Allow statement is added for the exempted caller.
#[test]
fn not_principal_with_deny() {
    let bob = iam("arn:aws:iam::444455556666:user/Bob");
    let alice = iam("arn:aws:iam::444455556666:user/Alice");
    let bucket = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]},
         "Action": "s3:*", "Resource": ["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"]},
        {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vault/*"}
    ]});
    let get_all =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    let obj = "arn:aws:s3:::vault/a";
    assert_eq!(run(&req(&bob, "s3:GetObject", obj, &[]), &[&get_all], Some((&bucket, ACCT)), false), Decision::Allow);
    assert_eq!(
        run(&req(&alice, "s3:GetObject", obj, &[]), &[&get_all], Some((&bucket, ACCT)), false),
        Decision::ExplicitDeny
    );

    let audit = iam("arn:aws:sts::444455556666:assumed-role/read-only/audit-app");
    let other_session = iam("arn:aws:sts::444455556666:assumed-role/read-only/someone-else");
    let all_three = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotPrincipal": {"AWS": [
            "arn:aws:sts::444455556666:assumed-role/read-only/audit-app",
            "arn:aws:iam::444455556666:role/read-only",
            "arn:aws:iam::444455556666:root"]},
         "Action": "s3:*", "Resource": ["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"]},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/read-only"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vault/*"}
    ]});
    assert_eq!(
        run(&req(&audit, "s3:GetObject", obj, &[]), &[&get_all], Some((&all_three, ACCT)), false),
        Decision::Allow
    );
    assert_eq!(
        run(&req(&other_session, "s3:GetObject", obj, &[]), &[&get_all], Some((&all_three, ACCT)), false),
        Decision::ExplicitDeny
    );
    // Leaving out the role's ARN denies even the named session.
    let missing_role = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:sts::444455556666:assumed-role/read-only/audit-app", "arn:aws:iam::444455556666:root"]},
         "Action": "s3:*", "Resource": "arn:aws:s3:::vault/*"}
    ]});
    assert_eq!(
        run(&req(&audit, "s3:GetObject", obj, &[]), &[&get_all], Some((&missing_role, ACCT)), false),
        Decision::ExplicitDeny
    );
}

/// Mirrors the Principal reference: an account id and the account root ARN
/// are the same and delegate to the whole account (not only its root user);
/// a role ARN covers the role's sessions.
#[test]
fn account_principals_delegate() {
    let fn_arn = "arn:aws:lambda:us-east-1:123456789012:function:my-function";
    let by_id = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "lambda:InvokeFunction", "Resource": fn_arn}]});
    let by_root = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "lambda:InvokeFunction", "Resource": fn_arn}]});
    let invoker = iam("arn:aws:sts::111122223333:assumed-role/invoker/session-1");
    let may_invoke = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": fn_arn}]});
    for policy in [&by_id, &by_root] {
        assert_eq!(
            run(&req(&invoker, "lambda:InvokeFunction", fn_arn, &[]), &[&may_invoke], Some((policy, ACCT)), false),
            Decision::Allow
        );
        assert_eq!(
            run(&req(&invoker, "lambda:InvokeFunction", fn_arn, &[]), &[], Some((policy, ACCT)), false),
            Decision::ImplicitDeny
        );
        assert_eq!(
            run(
                &req(&Principal::Account(OTHER.into()), "lambda:InvokeFunction", fn_arn, &[]),
                &[],
                Some((policy, ACCT)),
                false
            ),
            Decision::Allow
        );
    }
    // Same account: an account principal delegates to identity policies, a role ARN does not.
    let same_acct = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCT}, "Action": "lambda:InvokeFunction", "Resource": fn_arn}]});
    let same_role = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/invoker"}, "Action": "lambda:InvokeFunction", "Resource": fn_arn}]});
    let local = iam("arn:aws:sts::123456789012:assumed-role/invoker/s");
    assert_eq!(
        run(&req(&local, "lambda:InvokeFunction", fn_arn, &[]), &[], Some((&same_acct, ACCT)), false),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(&req(&local, "lambda:InvokeFunction", fn_arn, &[]), &[&may_invoke], Some((&same_acct, ACCT)), false),
        Decision::Allow
    );
    assert_eq!(
        run(&req(&local, "lambda:InvokeFunction", fn_arn, &[]), &[], Some((&same_role, ACCT)), false),
        Decision::Allow
    );
}

/// Mirrors the Lambda and role-trust scenarios the book teaches (Lambda
/// resource-based policy examples and "Confused deputy prevention"): a
/// function's execution-role trust policy, an EventBridge rule and an S3
/// bucket as invokers, written as the book's `policy-test` lines.
#[test]
fn lambda_scenarios_as_case_lines() {
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]});
    let trust_cases = "\
# the execution role trusts Lambda, for this account only
allow principal=service:lambda.amazonaws.com action=sts:AssumeRole aws:SourceAccount=123456789012
deny  principal=service:lambda.amazonaws.com action=sts:AssumeRole aws:SourceAccount=111122223333
deny  principal=service:ec2.amazonaws.com    action=sts:AssumeRole aws:SourceAccount=123456789012
deny  principal=arn:aws:iam::123456789012:user/mallory action=sts:AssumeRole
";
    let function_policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "events", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "lambda:InvokeFunction",
         "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
         "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/my-rule"}}},
        {"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
         "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
         "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}, "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}}},
        {"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "lambda:InvokeFunction",
         "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function"}
    ]});
    let function_cases = "\
allow principal=service:events.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceArn=arn:aws:events:us-east-1:123456789012:rule/my-rule
deny  principal=service:events.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceArn=arn:aws:events:us-east-1:111122223333:rule/other-rule
deny  principal=service:events.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
allow principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceAccount=123456789012 aws:SourceArn=arn:aws:s3:::amzn-s3-demo-bucket
deny  principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function aws:SourceAccount=444455556666 aws:SourceArn=arn:aws:s3:::amzn-s3-demo-bucket
deny  principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function:prod aws:SourceAccount=123456789012 aws:SourceArn=arn:aws:s3:::amzn-s3-demo-bucket
allow principal=account:111122223333 action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
deny  principal=account:444455556666 action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
deny  principal=arn:aws:iam::111122223333:role/partner-app action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
deny  principal=anonymous action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:my-function
";
    for (policy, text, trust_policy) in [(&trust, trust_cases, true), (&function_policy, function_cases, false)] {
        let cases = parse_cases(text).expect("valid cases");
        assert!(!cases.is_empty());
        for case in cases {
            let set = PolicySet {
                identity: vec![],
                resource: Some((PolicyRef { id: "doc", doc: policy }, ACCT.to_string())),
                trust_for_assume_role: trust_policy,
            };
            let outcome = evaluate(&case.request(), &set);
            assert!(
                case.expect.accepts(outcome.decision),
                "line {}: expected {:?}, got {}",
                case.line,
                case.expect,
                outcome.explanation
            );
        }
    }
}
