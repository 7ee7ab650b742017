//! One grant, four notations: the book's `same-as` blocks must produce the
//! statement of the JSON block they name, and a difference must be reported
//! element by element.

use lambda_notes::checks::notations::{ArnContext, check_notation, to_statement, to_statement_in};
use lambda_notes::diagnostics::finding::Finding;
use lambda_notes::snippet::attrs;
use lambda_notes::snippet::scan;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn policy(file: &str) -> Value {
    let text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn codes_and_messages(findings: &[Finding]) -> Vec<(String, String)> {
    findings.iter().map(|f| (f.code.clone(), f.message.clone())).collect()
}

/// Every `same-as` block of every chapter, checked against the JSON block it names.
#[test]
fn the_books_notations_match_their_json() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for lang in ["en", "ja", "ko"] {
        let dir = root().join("src").join(lang);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            let text = std::fs::read_to_string(path).unwrap();
            let blocks = scan::fenced_blocks(&text);
            let mut json_by_id: BTreeMap<String, Value> = BTreeMap::new();
            for block in &blocks {
                let Ok(a) = attrs::parse(&block.info) else { continue };
                if block.language().eq_ignore_ascii_case("json")
                    && let (Some(id), Some(file)) = (&a.id, &a.file)
                    && let Ok(text) = std::fs::read_to_string(root().join("examples").join(file))
                    && let Ok(value) = serde_json::from_str(&text)
                {
                    json_by_id.insert(id.clone(), value);
                }
            }
            for block in &blocks {
                let Ok(a) = attrs::parse(&block.info) else { continue };
                let Some(target) = a.same_as else { continue };
                let place = format!(
                    "{}: ```{} same-as={target}",
                    path.strip_prefix(root()).unwrap().display(),
                    block.language()
                );
                let Some(json) = json_by_id.get(&target) else {
                    failures.push(format!("{place}: no JSON block with id={target} in the same chapter"));
                    continue;
                };
                let findings = check_notation(block.language(), &block.body, json);
                checked += 1;
                for f in findings {
                    failures.push(format!("{place}: {} {}", f.code, f.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if root().join("src/en/resource-policies.md").exists() {
        assert!(checked >= 9, "only {checked} notation blocks found");
    }
}

const S3_CLI: &str = "aws lambda add-permission \\
  --function-name arn:aws:lambda:us-east-1:123456789012:function:my-function \\
  --statement-id s3-invoke-my-function \\
  --action lambda:InvokeFunction \\
  --principal s3.amazonaws.com \\
  --source-arn arn:aws:s3:::amzn-s3-demo-bucket \\
  --source-account 123456789012
";

const S3_CFN: &str = "Resources:
  S3InvokePermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:my-function
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::amzn-s3-demo-bucket
      SourceAccount: \"123456789012\"
";

const S3_TF: &str = r#"resource "aws_lambda_permission" "s3_invoke" {
  statement_id   = "s3-invoke-my-function"
  action         = "lambda:InvokeFunction"
  function_name  = "arn:aws:lambda:us-east-1:123456789012:function:my-function"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::amzn-s3-demo-bucket"
  source_account = "123456789012"
}
"#;

#[test]
fn each_notation_produces_the_json_statement() {
    let policy = policy("policies/s3-invoke-function.json");
    let statement = &policy["Statement"][0];
    for (language, body) in [("sh", S3_CLI), ("yaml", S3_CFN), ("hcl", S3_TF)] {
        let mut produced = to_statement(language, body).unwrap();
        let mut expected = statement.clone();
        if language == "yaml" {
            // CloudFormation picks the statement ID itself.
            expected.as_object_mut().unwrap().remove("Sid");
            assert!(produced.get("Sid").is_none());
        }
        // Key order is not part of the statement.
        produced.as_object_mut().unwrap().sort_keys();
        expected.as_object_mut().unwrap().sort_keys();
        assert_eq!(produced, expected, "{language}");
        assert!(check_notation(language, body, &policy).is_empty(), "{language}");
    }
}

/// One change to each notation, and the one finding it must produce.
#[test]
fn mismatches_name_the_element() {
    let policy = policy("policies/s3-invoke-function.json");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "sh",
            S3_CLI.replace("arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::other-bucket"),
            "Condition ArnLike aws:SourceArn: add-permission says arn:aws:s3:::other-bucket, the JSON says arn:aws:s3:::amzn-s3-demo-bucket",
        ),
        (
            "sh",
            S3_CLI.replace("--source-account 123456789012", "--source-account 111122223333"),
            "Condition StringEquals aws:SourceAccount: add-permission says 111122223333, the JSON says 123456789012",
        ),
        (
            "sh",
            S3_CLI.replace(" \\\n  --source-account 123456789012", ""),
            "Condition StringEquals aws:SourceAccount: add-permission sets no such condition, the JSON says 123456789012",
        ),
        (
            "sh",
            S3_CLI.replace("s3-invoke-my-function", "other-sid"),
            "Sid: add-permission says other-sid, the JSON says s3-invoke-my-function",
        ),
        (
            "yaml",
            S3_CFN.replace("Principal: s3.amazonaws.com", "Principal: sns.amazonaws.com"),
            "Principal: AWS::Lambda::Permission says {\"Service\":\"sns.amazonaws.com\"}, the JSON says {\"Service\":\"s3.amazonaws.com\"}",
        ),
        (
            "hcl",
            S3_TF.replace("function:my-function", "function:my-function:prod"),
            "Resource: aws_lambda_permission says arn:aws:lambda:us-east-1:123456789012:function:my-function:prod, the JSON says arn:aws:lambda:us-east-1:123456789012:function:my-function",
        ),
        (
            "hcl",
            S3_TF.replace("lambda:InvokeFunction", "lambda:GetFunction"),
            "Action: aws_lambda_permission says lambda:GetFunction, the JSON says lambda:InvokeFunction",
        ),
    ];
    for (language, body, want) in cases {
        let findings = check_notation(language, &body, &policy);
        assert_eq!(
            codes_and_messages(&findings),
            vec![("NOTATION_MISMATCH".to_string(), want.to_string())],
            "{language}:\n{body}"
        );
        assert!(findings.iter().all(|f| f.target.pointer.is_empty()));
    }
}

#[test]
fn account_principal_is_stored_as_root_arn() {
    let policy = policy("policies/cross-account-invoke.json");
    let body = "aws lambda add-permission --function-name my-function --statement-id xaccount-invoke --action lambda:InvokeFunction --principal 111122223333";
    // A bare name: the Region and account come from the JSON statement.
    assert!(check_notation("sh", body, &policy).is_empty());
    let context = ArnContext::from_statement(&policy["Statement"][0]);
    let statement = to_statement_in("sh", body, &context).unwrap();
    assert_eq!(statement["Principal"], json!({"AWS": "arn:aws:iam::111122223333:root"}));
    assert_eq!(statement["Resource"], json!("arn:aws:lambda:us-east-1:123456789012:function:my-function"));
    // Without a JSON statement there is nothing to take them from.
    assert!(to_statement("sh", body).unwrap_err().contains("Region and account"));
}

#[test]
fn conditions_for_urls_organizations_and_tokens() {
    let cases: Vec<(&str, &str, Value)> = vec![
        (
            "sh",
            "aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:f --statement-id url --action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE",
            json!({"Sid": "url", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl",
                   "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                   "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}),
        ),
        (
            "hcl",
            r#"resource "aws_lambda_permission" "org" {
  statement_id     = "org"
  action           = "lambda:InvokeFunction"
  function_name    = "arn:aws:lambda:us-east-1:123456789012:function:f"
  qualifier        = "prod"
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5f"
}"#,
            json!({"Sid": "org", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
                   "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f:prod",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5f"}}}),
        ),
        (
            "yaml",
            "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: arn:aws:lambda:us-east-1:123456789012:function:f\n  Action: lambda:InvokeFunction\n  Principal: alexa-connectedhome.amazon.com\n  EventSourceToken: amzn1.ask.skill.example\n",
            json!({"Effect": "Allow", "Principal": {"Service": "alexa-connectedhome.amazon.com"}, "Action": "lambda:InvokeFunction",
                   "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                   "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.example"}}}),
        ),
    ];
    for (language, body, want) in cases {
        assert_eq!(to_statement(language, body).unwrap(), want, "{language}");
        assert!(check_notation(language, body, &want).is_empty(), "{language}");
    }
}

#[test]
fn references_are_reported_not_guessed() {
    let policy = policy("policies/s3-invoke-function.json");
    let cfn = S3_CFN.replace(
        "FunctionName: arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "FunctionName: !GetAtt MyFunction.Arn",
    );
    let tf = S3_TF.replace("\"arn:aws:s3:::amzn-s3-demo-bucket\"", "aws_s3_bucket.b.arn");
    let sh = S3_CLI.replace("--source-account 123456789012", "--source-account \"$ACCOUNT_ID\"");
    let cases = [
        (
            "yaml",
            cfn,
            "FunctionName `!GetAtt MyFunction.Arn` of AWS::Lambda::Permission is a reference the book cannot resolve, so its Resource is not compared",
        ),
        (
            "hcl",
            tf,
            "source_arn `aws_s3_bucket.b.arn` of aws_lambda_permission is a reference the book cannot resolve, so its Condition ArnLike aws:SourceArn is not compared",
        ),
        (
            "sh",
            sh,
            "--source-account `$ACCOUNT_ID` of add-permission is a reference the book cannot resolve, so its Condition StringEquals aws:SourceAccount is not compared",
        ),
    ];
    for (language, body, want) in cases {
        let findings = check_notation(language, &body, &policy);
        assert_eq!(
            codes_and_messages(&findings),
            vec![("UNRESOLVED_REFERENCE".to_string(), want.to_string())],
            "{language}"
        );
        assert!(to_statement(language, &body).unwrap_err().contains("unresolved"));
    }
}

#[test]
fn unreadable_blocks() {
    let policy = policy("policies/s3-invoke-function.json");
    let cases = [
        (
            "sh",
            "aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction",
            "missing --principal",
        ),
        ("yaml", "Resources: [", "not valid YAML"),
        ("hcl", "resource \"aws_lambda_permission\" \"p\" {", "not valid HCL"),
        ("python", "print(1)", "not a notation"),
        (
            "sh",
            "aws lambda add-permission --function-name 'f:$LATEST' --statement-id s --action a --principal p",
            "$LATEST",
        ),
    ];
    for (language, body, want) in cases {
        let findings = check_notation(language, body, &policy);
        assert_eq!(findings.len(), 1, "{language}: {findings:?}");
        assert_eq!(findings[0].code, "NOTATION_PARSE");
        assert!(findings[0].message.contains(want), "{language}: {}", findings[0].message);
    }
}

#[test]
fn statement_is_picked_by_sid() {
    let two = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "other", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "*"},
        policy("policies/s3-invoke-function.json")["Statement"][0].clone()
    ]});
    assert!(check_notation("sh", S3_CLI, &two).is_empty());
    assert!(check_notation("hcl", S3_TF, &two).is_empty());
    // CloudFormation has no statement ID: with two statements it cannot pick one.
    let findings = check_notation("yaml", S3_CFN, &two);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].message.contains("several statements"), "{}", findings[0].message);
}

#[test]
fn unquoted_account_ids_in_yaml() {
    let policy = policy("policies/s3-invoke-function.json");
    // Unquoted, the ID is a YAML number; CloudFormation passes it on as the same digits.
    let unquoted = S3_CFN.replace("SourceAccount: \"123456789012\"", "SourceAccount: 123456789012");
    assert!(check_notation("yaml", &unquoted, &policy).is_empty());
    // With a leading zero it may lose digits: the block must quote it.
    let zero = S3_CFN.replace("SourceAccount: \"123456789012\"", "SourceAccount: 012345678901");
    let findings = check_notation("yaml", &zero, &policy);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, "NOTATION_PARSE");
    assert!(findings[0].message.contains("quote it"), "{}", findings[0].message);
}

/// Through the chapter pipeline: a notation that differs is reported at its
/// own fence line once the snippet's pending checks run (a build runs them
/// beside the renderer), and it never counts as a finding of the JSON block.
#[test]
fn a_chapter_reports_a_differing_notation_at_its_fence() {
    let json = std::fs::read_to_string(root().join("examples/policies/s3-invoke-function.json")).unwrap();
    let wrong = S3_TF.replace("lambda:InvokeFunction", "lambda:GetFunction");
    let chapter = format!(
        "# Grants\n\n```json kind=resource-policy id=grant\n{json}```\n\nThe same in Terraform:\n\n```hcl same-as=grant\n{wrong}```\n\n```sh same-as=nothing\naws lambda get-policy\n```\n"
    );
    let settings = lambda_notes::pipeline::chapter_settings::Settings::for_root(root());
    let mut out = lambda_notes::pipeline::chapter::process_unverified(&settings, "ch.md", &chapter, 0, "en");
    // Before the pending checks: only what is wrong with the block itself.
    let codes = |out: &lambda_notes::pipeline::chapter::ChapterOutput| -> Vec<(String, usize)> {
        out.diagnostics.iter().map(|d| (d.finding.code.clone(), d.line_column().0)).collect()
    };
    let hcl_line = chapter.lines().position(|l| l.starts_with("```hcl")).unwrap() + 1;
    let sh_line = chapter.lines().position(|l| l.starts_with("```sh")).unwrap() + 1;
    assert_eq!(codes(&out), vec![("UNKNOWN_SAME_AS".to_string(), sh_line)]);
    out.verify();
    assert_eq!(
        codes(&out),
        vec![("UNKNOWN_SAME_AS".to_string(), sh_line), ("NOTATION_MISMATCH".to_string(), hcl_line)]
    );
    assert!(out.snippets[0].findings.iter().all(|d| d.finding.code != "NOTATION_MISMATCH"));
    // `process` (what `check` runs) finds the same.
    let checked = lambda_notes::pipeline::chapter::process(&settings, "ch.md", &chapter, 0, "en");
    assert_eq!(codes(&checked), codes(&out));
}

/// `--invoked-via-function-url`, `InvokedViaFunctionUrl: true` and
/// `invoked_via_function_url = true` add AddPermission's
/// `lambda:InvokedViaFunctionUrl` condition (AddPermission in the Lambda API
/// Reference; the Terraform AWS provider's `aws_lambda_permission`,
/// hashicorp/terraform-provider-aws#44858).
#[test]
fn invoked_via_function_url_in_each_notation() {
    let want = json!({"Sid": "url-invoke", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                      "Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}});
    let cases = [
        (
            "sh",
            "aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:f \\\n  --statement-id url-invoke --action lambda:InvokeFunction --principal '*' --invoked-via-function-url",
        ),
        (
            "yaml",
            "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: arn:aws:lambda:us-east-1:123456789012:function:f\n  Action: lambda:InvokeFunction\n  Principal: '*'\n  InvokedViaFunctionUrl: true\n",
        ),
        (
            "hcl",
            r#"resource "aws_lambda_permission" "url_invoke" {
  statement_id             = "url-invoke"
  action                   = "lambda:InvokeFunction"
  function_name            = "arn:aws:lambda:us-east-1:123456789012:function:f"
  principal                = "*"
  invoked_via_function_url = true
}"#,
        ),
    ];
    for (language, body) in cases {
        let mut produced = to_statement(language, body).unwrap();
        if language == "yaml" {
            // CloudFormation makes the Sid up.
            produced.as_object_mut().unwrap().insert("Sid".into(), json!("url-invoke"));
        }
        assert_eq!(produced, want, "{language}");
        assert!(check_notation(language, body, &want).is_empty(), "{language}");
    }
    // Without the switch the grant is a plain InvokeFunction: the comparison says so.
    let plain = "aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:f --statement-id url-invoke --action lambda:InvokeFunction --principal '*'";
    assert_eq!(
        codes_and_messages(&check_notation("sh", plain, &want)),
        vec![(
            "NOTATION_MISMATCH".to_string(),
            "Condition Bool lambda:InvokedViaFunctionUrl: add-permission sets no such condition, the JSON says true"
                .to_string()
        )]
    );
}

#[test]
fn invoked_via_function_url_false_or_twice_is_refused() {
    let base = "aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:f --statement-id s --action lambda:InvokeFunction --principal '*'";
    let cases = [
        (
            "sh",
            format!("{base} --no-invoked-via-function-url"),
            "`--invoked-via-function-url` is `false`: the checker models only `true`, which adds the `lambda:InvokedViaFunctionUrl` condition; leave it out otherwise",
        ),
        (
            "sh",
            format!("{base} --invoked-via-function-url --invoked-via-function-url"),
            "`--invoked-via-function-url` is given twice",
        ),
        ("sh", format!("{base} --invoked-via-function-url=true"), "`--invoked-via-function-url` takes no value"),
        (
            "yaml",
            "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: arn:aws:lambda:us-east-1:123456789012:function:f\n  Action: lambda:InvokeFunction\n  Principal: '*'\n  InvokedViaFunctionUrl: false\n".to_string(),
            "`InvokedViaFunctionUrl` is `false`: the checker models only `true`, which adds the `lambda:InvokedViaFunctionUrl` condition; leave it out otherwise",
        ),
        (
            "hcl",
            "resource \"aws_lambda_permission\" \"p\" {\n  action = \"lambda:InvokeFunction\"\n  function_name = \"arn:aws:lambda:us-east-1:123456789012:function:f\"\n  principal = \"*\"\n  invoked_via_function_url = false\n}".to_string(),
            "`invoked_via_function_url` is `false`: the checker models only `true`, which adds the `lambda:InvokedViaFunctionUrl` condition; leave it out otherwise",
        ),
    ];
    for (language, body, want) in cases {
        assert_eq!(to_statement(language, &body).unwrap_err(), want, "{language}: {body}");
    }
}

/// The layer grant in its three notations (Lambda API Reference,
/// AddLayerVersionPermission; "Granting Lambda layer access to other
/// accounts"; CloudFormation AWS::Lambda::LayerVersionPermission; Terraform
/// aws_lambda_layer_version_permission).
const LAYER_ORG_CLI: &str = "aws lambda add-layer-version-permission \\
  --layer-name my-deps --version-number 3 \\
  --statement-id share-with-organization \\
  --action lambda:GetLayerVersion \\
  --principal '*' --organization-id o-a1b2c3d4e5 \\
  --region us-east-1
";

const LAYER_ORG_CFN: &str = "Resources:
  ShareWithOrganization:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:us-east-1:123456789012:layer:my-deps:3
      Principal: \"*\"
      OrganizationId: o-a1b2c3d4e5
";

const LAYER_ORG_TF: &str = r#"resource "aws_lambda_layer_version_permission" "share_with_organization" {
  layer_name      = "arn:aws:lambda:us-east-1:123456789012:layer:my-deps"
  version_number  = 3
  statement_id    = "share-with-organization"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
  skip_destroy    = true
}
"#;

#[test]
fn each_layer_notation_produces_the_json_statement() {
    let account = policy("policies/layer-version-share-account.json");
    let policy = policy("policies/layer-version-share-org.json");
    let statement = &policy["Statement"][0];
    let context = ArnContext::from_statement(statement);
    for (language, body) in [("sh", LAYER_ORG_CLI), ("yaml", LAYER_ORG_CFN), ("hcl", LAYER_ORG_TF)] {
        let mut produced = to_statement_in(language, body, &context).unwrap();
        let mut expected = statement.clone();
        if language == "yaml" {
            // CloudFormation makes the statement ID up.
            expected.as_object_mut().unwrap().remove("Sid");
        }
        produced.as_object_mut().unwrap().sort_keys();
        expected.as_object_mut().unwrap().sort_keys();
        assert_eq!(produced, expected, "{language}");
        assert!(check_notation(language, body, &policy).is_empty(), "{language}");
    }
    // An account is stored as its root ARN; a bare name takes the JSON's Region and account.
    let cli = "aws lambda add-layer-version-permission --layer-name my-deps --version-number 3 --statement-id share-with-account --action lambda:GetLayerVersion --principal 111122223333";
    assert!(check_notation("sh", cli, &account).is_empty());
    let built = to_statement_in("sh", cli, &ArnContext::from_statement(&account["Statement"][0])).unwrap();
    assert_eq!(built["Principal"], json!({"AWS": "arn:aws:iam::111122223333:root"}));
    assert_eq!(built["Resource"], json!("arn:aws:lambda:us-east-1:123456789012:layer:my-deps:3"));
    let root = cli.replace("--principal 111122223333", "--principal arn:aws:iam::111122223333:root");
    assert!(check_notation("sh", &root, &account).is_empty());
}

/// One change to each layer notation, and the one finding it must produce.
#[test]
fn layer_mismatches_name_the_element() {
    let policy = policy("policies/layer-version-share-org.json");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "sh",
            LAYER_ORG_CLI.replace("--version-number 3", "--version-number 2"),
            "Resource: add-layer-version-permission says arn:aws:lambda:us-east-1:123456789012:layer:my-deps:2, the JSON says arn:aws:lambda:us-east-1:123456789012:layer:my-deps:3",
        ),
        (
            "yaml",
            LAYER_ORG_CFN.replace("o-a1b2c3d4e5", "o-zzzzzzzzzz"),
            "Condition StringEquals aws:PrincipalOrgID: AWS::Lambda::LayerVersionPermission says o-zzzzzzzzzz, the JSON says o-a1b2c3d4e5",
        ),
        (
            "hcl",
            LAYER_ORG_TF.replace("  organization_id = \"o-a1b2c3d4e5\"\n", ""),
            "Condition StringEquals aws:PrincipalOrgID: aws_lambda_layer_version_permission sets no such condition, the JSON says o-a1b2c3d4e5",
        ),
        (
            "hcl",
            LAYER_ORG_TF.replace("\"share-with-organization\"", "\"share-with-org\""),
            "Sid: aws_lambda_layer_version_permission says share-with-org, the JSON says share-with-organization",
        ),
    ];
    for (language, body, want) in cases {
        let findings = check_notation(language, &body, &policy);
        assert_eq!(
            codes_and_messages(&findings),
            vec![("NOTATION_MISMATCH".to_string(), want.to_string())],
            "{language}:\n{body}"
        );
    }
}

/// A layer notation against a function grant, and a function notation
/// against a layer grant: one finding that says so, not one per element.
#[test]
fn mixing_kinds_is_one_clear_finding() {
    let function = policy("policies/s3-invoke-function.json");
    let layer = policy("policies/layer-version-share-org.json");
    let findings = check_notation("hcl", LAYER_ORG_TF, &function);
    assert_eq!(
        codes_and_messages(&findings),
        vec![(
            "NOTATION_KIND_MISMATCH".to_string(),
            "aws_lambda_layer_version_permission grants on a layer version, but the JSON statement grants on a function (its Resource is arn:aws:lambda:us-east-1:123456789012:function:my-function)".to_string()
        )]
    );
    let findings = check_notation("sh", S3_CLI, &layer);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, "NOTATION_KIND_MISMATCH");
    assert!(
        findings[0]
            .message
            .starts_with("add-permission grants on a function, but the JSON statement grants on a layer version")
    );
}

/// What AddLayerVersionPermission refuses, and what a layer notation cannot say.
#[test]
fn layer_blocks_aws_would_refuse() {
    let policy = policy("policies/layer-version-share-org.json");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "sh",
            LAYER_ORG_CLI.replace("lambda:GetLayerVersion", "lambda:GetLayerVersionPolicy"),
            "add-layer-version-permission can grant only `lambda:GetLayerVersion`, not `lambda:GetLayerVersionPolicy`",
        ),
        (
            "yaml",
            LAYER_ORG_CFN
                .replace("Principal: \"*\"", "Principal: lambda.amazonaws.com")
                .replace("      OrganizationId: o-a1b2c3d4e5\n", ""),
            "AWS::Lambda::LayerVersionPermission grants to an account ID, `*` or an account's root ARN, not `lambda.amazonaws.com`",
        ),
        (
            "hcl",
            LAYER_ORG_TF.replace("principal       = \"*\"", "principal       = \"111122223333\""),
            "organization_id applies only with the principal `*`",
        ),
        ("sh", LAYER_ORG_CLI.replace("o-a1b2c3d4e5", "o-short"), "`o-short` is not an organization ID"),
        ("sh", LAYER_ORG_CLI.replace("--version-number 3", "--version-number 0"), "`0` is not a layer version number"),
        (
            "sh",
            LAYER_ORG_CLI
                .replace("--layer-name my-deps", "--layer-name arn:aws:lambda:us-east-1:123456789012:layer:my-deps:3"),
            "is a layer version ARN: --layer-name takes the layer's name or ARN without the version",
        ),
        (
            "sh",
            LAYER_ORG_CLI.replace("--organization-id", "--principal-org-id"),
            "`--principal-org-id` is not an option of `aws lambda add-layer-version-permission`",
        ),
        (
            "sh",
            format!("{} --invoked-via-function-url", LAYER_ORG_CLI.trim_end()),
            "`--invoked-via-function-url` is not an option of `aws lambda add-layer-version-permission`",
        ),
        (
            "sh",
            LAYER_ORG_CLI.replace("  --layer-name my-deps --version-number 3 \\\n", ""),
            "add-layer-version-permission is missing --layer-name, --version-number",
        ),
        ("yaml", LAYER_ORG_CFN.replace(":layer:my-deps:3", ":layer:my-deps"), "is not a layer version ARN"),
        (
            "yaml",
            LAYER_ORG_CFN.replace("      Principal:", "      StatementId: s\n      Principal:"),
            "`StatementId` is not a property of `AWS::Lambda::LayerVersionPermission`",
        ),
        (
            "hcl",
            LAYER_ORG_TF.replace("  skip_destroy    = true\n", "  qualifier = \"prod\"\n"),
            "`qualifier` is not an argument of `aws_lambda_layer_version_permission`",
        ),
        (
            "hcl",
            LAYER_ORG_TF.replace("  statement_id    = \"share-with-organization\"\n", ""),
            "aws_lambda_layer_version_permission is missing statement_id",
        ),
        (
            "sh",
            format!("{LAYER_ORG_CLI}{S3_CLI}"),
            "the block has 2 grant commands of two kinds; show one grant per block",
        ),
    ];
    for (language, body, want) in cases {
        let findings = check_notation(language, &body, &policy);
        assert_eq!(findings.len(), 1, "{language}: {findings:?}\n{body}");
        assert_eq!(findings[0].code, "NOTATION_PARSE", "{language}: {}", findings[0].message);
        assert!(findings[0].message.contains(want), "{language}: {}\nwant: {want}", findings[0].message);
    }
}
