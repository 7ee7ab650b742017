//! The IAM lints measured against reality: 1,644 AWS managed policies and the
//! parliament / cfn-lint test cases in /work/shared/corpus/iam.
//!
//! If the corpus is absent the tests print a loud warning and pass, unless the
//! `CI` environment variable is set, in which case they fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lambda_notes::checks::iam::lint;
use lambda_notes::diagnostics::finding::{Finding, Severity};
use lambda_notes::snippet::kind::Kind;
use serde_json::Value;

/// The tests of this file that need the corpus (each starts with `let Some(..) = corpus…() else { return }`).
const CORPUS_CHECKS: usize = 2;

#[path = "support/corpus_skipped.rs"]
mod corpus_skipped;

fn corpus() -> Option<PathBuf> {
    corpus_skipped::corpus_dir("iam", "tests/iam_corpus.rs", CORPUS_CHECKS)
}

/// Errors in AWS managed policies that are real defects of the policy (AWS
/// shipped them), not false positives of ours: (policy file stem, code, reason).
/// Every action and service listed here is absent from the Service Authorization
/// Reference (data/iam/SOURCE.md); iann0036/iam-dataset independently lists the
/// same actions as `unknown_actions` in aws-managed-policies.index.json. Most
/// belong to retired services whose managed policies AWS never deleted.
const KNOWN_DEFECTS: &[(&str, &str, &str)] = &[
    (
        "AWSCodeStarFullAccess",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: cloud9:ValidateEnvironmentName",
    ),
    (
        "AWSDeepLensLambdaFunctionAccessPolicy",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deeplens` (AWS DeepLens): no longer in the Service Authorization Reference",
    ),
    (
        "AWSDeepLensServiceRolePolicy",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deeplens` (AWS DeepLens): no longer in the Service Authorization Reference",
    ),
    (
        "AWSDeepRacerAccountAdminAccess",
        "INVALID_SERVICE_CONDITION_KEY",
        "undocumented condition key(s) `deepracer:UserToken`",
    ),
    (
        "AWSDeepRacerAccountAdminAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepracer` (AWS DeepRacer): no longer in the Service Authorization Reference",
    ),
    (
        "AWSDeepRacerDefaultMultiUserAccess",
        "INVALID_SERVICE_CONDITION_KEY",
        "undocumented condition key(s) `deepracer:MultiUser`, `deepracer:UserToken`",
    ),
    (
        "AWSDeepRacerDefaultMultiUserAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepracer` (AWS DeepRacer): no longer in the Service Authorization Reference",
    ),
    (
        "AWSDeepRacerServiceRolePolicy",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepracer` (AWS DeepRacer): no longer in the Service Authorization Reference",
    ),
    (
        "AWSIAMIdentityCenterAllowListForIdentityContext",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: qapps:ImportDocumentToQApp, qapps:ImportDocumentToQAppSession",
    ),
    (
        "AWSIoT1ClickFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `iot1click` (AWS IoT 1-Click): no longer in the Service Authorization Reference",
    ),
    (
        "AWSIoT1ClickReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `iot1click` (AWS IoT 1-Click): no longer in the Service Authorization Reference",
    ),
    (
        "AWSIotRoboRunnerFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `iotroborunner` (AWS IoT RoboRunner): no longer in the Service Authorization Reference",
    ),
    (
        "AWSIotRoboRunnerReadOnly",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `iotroborunner` (AWS IoT RoboRunner): no longer in the Service Authorization Reference",
    ),
    (
        "AWSManagedSettingsAdminAccess",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: budgets:CreateBudget, budgets:DeleteBudget, budgets:DescribeBudget, budgets:DescribeBudgets, budgets:UpdateBudget, organizations:CreateBuilderIdOwnedAccount …",
    ),
    (
        "AWSManagedSettingsAdminAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `builderid` (AWS Builder ID): no longer in the Service Authorization Reference",
    ),
    (
        "AWSMobileHub_FullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `mobilehub` (AWS Mobile Hub): no longer in the Service Authorization Reference",
    ),
    (
        "AWSMobileHub_ReadOnly",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `mobilehub` (AWS Mobile Hub): no longer in the Service Authorization Reference",
    ),
    (
        "AWSSSOServiceRolePolicy",
        "INVALID_GLOBAL_CONDITION_KEY",
        "undocumented global key `aws:PrincipalOrgMasterAccountId` (not in the AWS global condition key list)",
    ),
    (
        "AWSSupplyChainFederationAdminAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `builderid` (AWS Builder ID): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonApplicationWizardFullaccess",
        "INVALID_ACTION",
        "typo AWS shipped: `ssm:RemoveTagsToResource` (the action is `ssm:RemoveTagsFromResource`)",
    ),
    (
        "AmazonApplicationWizardFullaccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `applicationwizard` (the old Application Wizard): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonApplicationWizardFullaccess",
        "MISSING_ARN_REGION",
        "`arn:aws:logs:::log-group:…` / `arn:aws:cloudformation:::stack/…` have an empty Region, so they match no real log group or stack",
    ),
    (
        "AmazonDataZoneGlueManageAccessRolePolicy",
        "INVALID_SERVICE_CONDITION_KEY",
        "undocumented condition key(s) `lakeformation:GlueARN`",
    ),
    (
        "AmazonDataZonePortalFullAccessPolicy",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `datazonecontrol` (the DataZone preview): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonDataZonePreviewConsoleFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `datazonecontrol` (the DataZone preview): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonDataZoneSageMakerEnvironmentRolePermissionsBoundary",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `elastic-inference` (Amazon Elastic Inference): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonEC2ReportsAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `ec2-reports` (the old EC2 reports): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonLaunchWizardFullaccess",
        "INVALID_ACTION",
        "`s3:ListBuckets`, `s3:ListObjects`, `s3:ListObjectsV2` are API names, not IAM actions (`s3:ListAllMyBuckets`, `s3:ListBucket`)",
    ),
    (
        "AmazonLaunchWizardFullaccess",
        "MISSING_ARN_REGION",
        "`arn:aws:logs:::log-group:…` / `arn:aws:cloudformation:::stack/…` have an empty Region, so they match no real log group or stack",
    ),
    (
        "AmazonMechanicalTurkCrowdFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `crowd` (Mechanical Turk crowd): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonMechanicalTurkCrowdReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `crowd` (Mechanical Turk crowd): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonRoute53RecoveryControlConfigReadOnlyAccess",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: route53-recovery-control-config:DescribeRoutingControlByName",
    ),
    (
        "AmazonSageMakerFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `elastic-inference` (Amazon Elastic Inference): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonSumerianFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `sumerian` (Amazon Sumerian): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonZocaloFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `zocalo` (Amazon WorkDocs (zocalo)): no longer in the Service Authorization Reference",
    ),
    (
        "AmazonZocaloReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `zocalo` (Amazon WorkDocs (zocalo)): no longer in the Service Authorization Reference",
    ),
    (
        "GroundTruthSyntheticConsoleFullAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `sagemaker-groundtruth-synthetic` (Ground Truth synthetic data): no longer in the Service Authorization Reference",
    ),
    (
        "GroundTruthSyntheticConsoleReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `sagemaker-groundtruth-synthetic` (Ground Truth synthetic data): no longer in the Service Authorization Reference",
    ),
    (
        "MemoryDBServiceRolePolicy",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: memorydb:ReplicateMultiRegionClusterData",
    ),
    (
        "RDSCloudHsmAuthorizationRole",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: cloudhsm:CreateLunaClient, cloudhsm:DeleteLunaClient, cloudhsm:DescribeHapg, cloudhsm:DescribeLunaClient, cloudhsm:GetConfig, cloudhsm:ModifyHapg …",
    ),
    (
        "ReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepcomposer` (AWS DeepComposer), `iot1click` (AWS IoT 1-Click): no longer in the Service Authorization Reference",
    ),
    (
        "ResourceGroupsTaggingAPITagUntagSupportedResources",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepcomposer` (AWS DeepComposer), `elastic-inference` (Amazon Elastic Inference), `iot1click` (AWS IoT 1-Click): no longer in the Service Authorization Reference",
    ),
    (
        "SecurityAgentWebAppAPIPolicy",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: securityagent:BatchGetAgentInstances, securityagent:BatchGetSecurityTestContentMetadata, securityagent:BatchGetTasks, securityagent:CreateDocumentReview, securityagent:DeleteDocumentReview, securityagent:GetCodeReviewTask …",
    ),
    (
        "SecurityAudit",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `deepracer` (AWS DeepRacer): no longer in the Service Authorization Reference",
    ),
    (
        "ServiceCatalogAdminReadOnlyAccess",
        "INVALID_ACTION",
        "action(s) not in the Service Authorization Reference: servicecatalog:AccountLevelDescribeRecord, servicecatalog:AccountLevelListRecordHistory, servicecatalog:AccountLevelScanProvisionedProducts, servicecatalog:GetTagOptionMigrationStatus",
    ),
    (
        "ServiceCatalogAdminReadOnlyAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `catalog-admin` (the old Service Catalog admin API), `catalog-user` (the old Service Catalog end-user API): no longer in the Service Authorization Reference",
    ),
    (
        "ServiceCatalogEndUserAccess",
        "INVALID_SERVICE_IN_ACTION",
        "retired service prefix `catalog-user` (the old Service Catalog end-user API): no longer in the Service Authorization Reference",
    ),
];

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[test]
fn aws_managed_policies_have_no_false_errors() {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("aws-managed-policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut unexpected = Vec::new();
    let mut counts: BTreeMap<(Severity, String), usize> = BTreeMap::new();
    let mut allowed_hits = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().trim_end_matches(".json").to_string();
        let Some(doc) = read_json(path) else { panic!("{} is not JSON", path.display()) };
        for f in lint(&doc, Kind::IdentityPolicy) {
            *counts.entry((f.severity, f.code.clone())).or_default() += 1;
            if f.severity == Severity::Error {
                if KNOWN_DEFECTS.iter().any(|(p, c, _)| *p == name && *c == f.code) {
                    allowed_hits += 1;
                } else {
                    unexpected.push(format!(
                        "{name}: {} at {} — {} ({})",
                        f.code,
                        f.target.pointer,
                        f.message,
                        f.hint.clone().unwrap_or_default()
                    ));
                }
            }
        }
    }
    eprintln!("linted {} AWS managed policies; findings by severity and code:", files.len());
    for ((sev, code), n) in &counts {
        eprintln!("  {:>6}  {:<17} {code}", n, sev.as_str());
    }
    eprintln!("known defects matched: {allowed_hits}");
    assert!(files.len() > 1600, "expected the full corpus, found {}", files.len());
    assert!(unexpected.is_empty(), "{} unexpected errors:\n{}", unexpected.len(), unexpected.join("\n"));
}

fn show(f: &Finding) -> String {
    format!("{} {} {}", f.severity.as_str(), f.code, f.target.pointer)
}

/// How an expected finding of another linter maps onto our codes. An empty list
/// means we do not cover that kind of finding (it is reported, not counted).
fn our_codes(expected: &str) -> &'static [&'static str] {
    match expected {
        // parliament ids
        "NOTRESOURCE_WITH_ALLOW" => &["ALLOW_WITH_NOT_RESOURCE"],
        "NOTPRINCIPAL_WITH_ALLOW" => &["ALLOW_WITH_NOT_PRINCIPAL"],
        "PERMISSIONS_MANAGEMENT_ACTIONS" => &["PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES"],
        "RESOURCE_STAR" => &[
            "WRITE_ON_ALL_RESOURCES",
            "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES",
            "PASS_ROLE_WITH_STAR_IN_RESOURCE",
            "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
            "FULL_ADMIN_ACCESS",
        ],
        "RESOURCE_MISMATCH" => &["RESOURCE_MISMATCH"],
        "MALFORMED" => &[
            "MISSING_STATEMENT",
            "MISSING_ACTION",
            "MISSING_EFFECT",
            "MISSING_RESOURCE",
            "UNSUPPORTED_ELEMENT_COMBINATION",
            "INVALID_POLICY_ELEMENT",
        ],
        "INVALID_SID" => &["UNSUPPORTED_SID"],
        "UNKNOWN_ACTION" => &["INVALID_ACTION", "INVALID_SERVICE_IN_ACTION"],
        "UNKNOWN_CONDITION_FOR_ACTION" => &[
            "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
            "INVALID_SERVICE_CONDITION_KEY",
            "INVALID_GLOBAL_CONDITION_KEY",
            "INVALID_CONDITION_KEY_FORMAT",
        ],
        "MISMATCHED_TYPE" => &[
            "TYPE_MISMATCH",
            "TYPE_MISMATCH_DATE",
            "TYPE_MISMATCH_NUMBER",
            "TYPE_MISMATCH_BOOLEAN",
            "TYPE_MISMATCH_IP_RANGE",
            "TYPE_MISMATCH_ARN",
            "TYPE_MISMATCH_STRING",
            "INVALID_CONDITION_OPERATOR",
        ],
        "UNKNOWN_OPERATOR" => &["INVALID_CONDITION_OPERATOR"],
        "DUPLICATE_SID" => &["UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED"],
        "INVALID_ARN" => &["DATA_TYPE_MISMATCH", "INVALID_ARN_PREFIX", "ARN_PLACEHOLDER", "MISSING_ARN_FIELD"],
        // cfn-lint expectations, named by what they assert
        "cfn:required-statement" => &["MISSING_STATEMENT"],
        "cfn:version-enum" => &["INVALID_VERSION"],
        "cfn:action-xor-notaction" => &["UNSUPPORTED_ELEMENT_COMBINATION"],
        "cfn:condition-operator" => &["INVALID_CONDITION_OPERATOR"],
        "cfn:unique-sid" => &["UNIQUE_SIDS_REQUIRED"],
        "cfn:sid-pattern" => &["UNSUPPORTED_SID"],
        "cfn:principal-arn" => &["INVALID_PRINCIPAL_FORMAT", "INVALID_SERVICE"],
        "cfn:principal-required" => &["MISSING_PRINCIPAL"],
        // not covered: whole-account analyses and configurable checks of parliament,
        // and MISMATCHED_TYPE_BUT_USABLE (String operators on ARN keys are valid IAM)
        _ => &[],
    }
}

fn cfn_expectation(message: &str) -> &'static str {
    if message.contains("'Statement' is a required property") {
        "cfn:required-statement"
    } else if message.contains("is not one of ['2008-10-17'") {
        "cfn:version-enum"
    } else if message.contains("Only one of ['Action', 'NotAction']") {
        "cfn:action-xor-notaction"
    } else if message.contains("without an operator") {
        "cfn:condition-operator"
    } else if message.contains("not unique for keys ['Sid']") {
        "cfn:unique-sid"
    } else if message.contains("^[A-Za-z0-9]+$") {
        "cfn:sid-pattern"
    } else {
        "cfn:unknown"
    }
}

/// Cases where we knowingly disagree with a "no error" expectation: (file prefix, code, reason).
const DISAGREEMENTS: &[(&str, &str, &str)] = &[(
    "cfn-lint/012__",
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    "cfn-lint's schema accepts `\"Principal\": \"*\"` in a trust policy; Access Analyzer reports it as an error, and it would let anyone assume the role",
)];

/// Expected findings of the linter test suites that we catch (of 48 on covered kinds).
const RECALL: usize = 44;

#[test]
fn linter_tests_recall_and_precision() {
    let Some(dir) = corpus() else { return };
    let lt = dir.join("linter-tests");
    // (case, expected id, caught?, covered?)
    let mut rows: Vec<(String, String, bool, bool)> = Vec::new();
    let mut precision_failures = Vec::new();
    let mut ok_cases = 0;

    let mut run = |file: &str,
                   doc: &Value,
                   kind: Kind,
                   expected: Vec<String>,
                   expect_clean: bool,
                   rows: &mut Vec<(String, String, bool, bool)>| {
        let findings = lint(doc, kind);
        for id in expected {
            let codes = our_codes(&id);
            let caught = findings.iter().any(|f| codes.contains(&f.code.as_str()));
            rows.push((file.to_string(), id, caught, !codes.is_empty()));
        }
        if expect_clean {
            ok_cases += 1;
            for f in findings.iter().filter(|f| f.severity == Severity::Error) {
                if !DISAGREEMENTS.iter().any(|(p, c, _)| file.starts_with(p) && *c == f.code) {
                    precision_failures.push(format!("{file}: {}", show(f)));
                }
            }
        }
    };

    let index: Value = read_json(&lt.join("parliament/index.json")).unwrap();
    for case in index["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap().trim_start_matches("linter-tests/").to_string();
        let Some(doc) = read_json(&dir.join(case["file"].as_str().unwrap())) else {
            rows.push((file, "(not strict JSON: parsed upstream, skipped)".into(), false, false));
            continue;
        };
        let kind =
            lambda_notes::snippet::kind::classify(&doc).filter(|k| k.is_policy()).unwrap_or(Kind::IdentityPolicy);
        let ids: Vec<String> = case["expected_finding_ids"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default();
        let clean =
            case["expected_finding_ids"].as_array().is_some_and(|a| a.is_empty()) || case["expected_count"] == 0;
        let ids = if case["expected_count"] == 1 { vec!["INVALID_ARN".to_string()] } else { ids };
        run(&file, &doc, kind, ids, clean, &mut rows);
    }
    let index: Value = read_json(&lt.join("cfn-lint/index.json")).unwrap();
    for case in index["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap().trim_start_matches("linter-tests/").to_string();
        let Some(doc) = read_json(&dir.join(case["file"].as_str().unwrap())) else { continue };
        let kind = match case["policy_type"].as_str().unwrap_or("") {
            t if t.starts_with("trust") => Kind::TrustPolicy,
            t if t.starts_with("resource") => Kind::ResourcePolicy,
            _ => Kind::IdentityPolicy,
        };
        let mut ids: Vec<String> = case["expected_messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| cfn_expectation(m.as_str().unwrap()).to_string())
            .collect();
        let note = case["note"].as_str().unwrap_or("");
        if note.contains("anyOf on Principal.AWS") {
            ids.push("cfn:principal-arn".into());
        } else if note.contains("requiredXor Principal") {
            ids.push("cfn:principal-required".into());
        }
        let clean = case["expected_error_count"] == 0 || note.contains("no error mentioning Resource");
        run(&file, &doc, kind, ids, clean, &mut rows);
    }

    eprintln!("\n| case | expected | covered | caught |\n| --- | --- | --- | --- |");
    for (file, id, caught, covered) in &rows {
        eprintln!(
            "| {file} | {id} | {} | {} |",
            if *covered { "yes" } else { "no" },
            if *caught { "yes" } else { "no" }
        );
    }
    let covered: Vec<_> = rows.iter().filter(|r| r.3).collect();
    let caught = covered.iter().filter(|r| r.2).count();
    eprintln!(
        "\nrecall on covered kinds: {caught}/{} ({:.0}%); expected findings of kinds we do not cover: {}",
        covered.len(),
        100.0 * caught as f64 / covered.len().max(1) as f64,
        rows.len() - covered.len()
    );
    eprintln!("precision: {ok_cases} known-good policies, {} with unexpected errors", precision_failures.len());
    assert!(precision_failures.is_empty(), "errors on known-good policies:\n{}", precision_failures.join("\n"));
    // Pinned at today's figure: a lower recall is a regression. When a new
    // lint catches more, or the corpus changes, raise the pin deliberately.
    assert_eq!(covered.len(), 48, "the corpus's covered expectations changed: re-pin RECALL");
    assert!(caught >= RECALL, "recall on covered kinds fell to {caught}/48, below the pinned {RECALL}/48");
}
