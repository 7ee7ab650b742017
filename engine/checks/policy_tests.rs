//! Policy tests: the ```policy-test block right after a policy lists requests
//! and the decision the prose promises. Each case is run through the
//! evaluator; a different decision is an error at the case's line, and the
//! cases are rendered as a "who can do what" table in the page's language.
//!
//! Who the policy applies to:
//! - identity policy: attached to `attached-to=ARN` from the block's info
//!   string, by default to the IAM principal of the block's first case, else
//!   the book's role `arn:aws:iam::123456789012:role/my-function-role` (a
//!   role's sessions `arn:aws:sts::…:assumed-role/ROLE/…` count as the role);
//! - resource-based and trust policy: the policy of the resource; a caller
//!   from another account is assumed to hold an identity policy that allows
//!   the request, so the resource policy alone decides.

use crate::checks::eval::{self, Decision, Expect, PolicyRef, PolicySet, Principal};
use crate::checks::iam::valid_account;
use crate::diagnostics::codes;
use crate::diagnostics::finding::Finding;
use crate::snippet::kind::Kind;
use crate::snippet::render::{markdown_table_code as code, markdown_text as text};
use serde_json::{Value, json};

pub const DEFAULT_ROLE: &str = "arn:aws:iam::123456789012:role/my-function-role";
const DEFAULT_ACCOUNT: &str = "123456789012";

/// A finding about one case, with the 0-based line in the block (and the
/// byte column in that line) it is about.
#[derive(Debug, Clone)]
pub struct CaseFinding {
    /// The finding is about the block as a whole (it has no case): it points
    /// at the opening fence, and `line`, `column` and `len` are 0.
    pub at_fence: bool,
    pub line: usize,
    pub column: usize,
    pub len: usize,
    pub finding: Finding,
}

pub struct Run {
    pub findings: Vec<CaseFinding>,
    /// The "who can do what" table, as Markdown.
    pub markdown: String,
}

/// The cases of one block, evaluated: the same in every edition.
#[derive(Debug)]
pub struct Evaluated {
    pub findings: Vec<CaseFinding>,
    rows: Vec<Row>,
    /// The block could not be read: no table is shown.
    unreadable: bool,
}

#[derive(Debug)]
struct Row {
    case: eval::Case,
    request: eval::Request,
    decision: Decision,
    deciding: Vec<String>,
    explanation: String,
    /// Whether the policy takes part at all (an identity policy attached to
    /// someone else does not).
    applies: bool,
    passed: bool,
}

/// One evaluated case, for the exercises (`crate::pipeline::exercise`).
#[derive(Debug)]
pub struct CaseResult<'a> {
    pub expect: Expect,
    /// The request as evaluated (in the form the service checks).
    pub request: &'a eval::Request,
    pub decision: Decision,
    /// The evaluator's sentence about the decision.
    pub explanation: &'a str,
    /// Whether the policy takes part (an identity policy applies only to the
    /// principal it is attached to).
    pub applies: bool,
}

impl Evaluated {
    /// Every case with its decision, in the block's order (none when the
    /// block could not be read).
    pub fn results(&self) -> Vec<CaseResult<'_>> {
        self.rows
            .iter()
            .map(|r| CaseResult {
                expect: r.case.expect,
                request: &r.request,
                decision: r.decision,
                explanation: &r.explanation,
                applies: r.applies,
            })
            .collect()
    }

    /// The "who can do what" table in the page's language, as Markdown.
    pub fn markdown(&self, lang: &str) -> String {
        if self.unreadable {
            return String::new();
        }
        // A resource every case shares is said once, above the table.
        let shared = self
            .rows
            .first()
            .map(|r| r.request.resource.as_str())
            .filter(|first| !first.is_empty() && self.rows.iter().all(|r| r.request.resource == *first));
        let rows: Vec<String> = self.rows.iter().map(|r| row(r, shared.is_none(), lang)).collect();
        table(&rows, shared, lang)
    }
}

/// Evaluate the cases and render them in `lang`.
pub fn run(policy_id: &str, kind: Kind, policy: &Value, body: &str, attached_to: Option<&str>, lang: &str) -> Run {
    let evaluated = evaluate(policy_id, kind, policy, body, attached_to);
    Run { markdown: evaluated.markdown(lang), findings: evaluated.findings }
}

pub fn evaluate(policy_id: &str, kind: Kind, policy: &Value, body: &str, attached_to: Option<&str>) -> Evaluated {
    let unreadable = |finding: CaseFinding| Evaluated { findings: vec![finding], rows: Vec::new(), unreadable: true };
    let syntax = |message: String| {
        Finding::error(codes::POLICY_TEST_SYNTAX, message)
            .with_hint("write `allow|deny principal=… action=… resource=… key=value …`")
    };
    let cases = match eval::parse_cases(body) {
        Ok(cases) => cases,
        Err(e) => {
            let finding = syntax(e.message);
            return unreadable(CaseFinding { at_fence: false, line: e.line, column: e.column, len: e.len, finding });
        }
    };
    if cases.is_empty() {
        // A block that tests nothing would pass and promise nothing.
        let finding = Finding::error(codes::POLICY_TEST_EMPTY, "this policy-test block has no case")
            .with_hint("add a line such as `allow principal=… action=… resource=…`, or remove the block");
        return unreadable(CaseFinding { at_fence: true, line: 0, column: 0, len: 0, finding });
    }
    // Only a role trust policy names its action (`sts:AssumeRole`) by
    // itself; anywhere else a case without one would pass vacuously.
    if kind != Kind::TrustPolicy
        && let Some(case) = cases.iter().find(|c| c.action.is_empty())
    {
        let line = body.lines().nth(case.line).unwrap_or_default();
        let column = line.len() - line.trim_start().len();
        let finding = syntax("the case has no `action=`".to_string());
        let len = line.trim_end().len() - column;
        return unreadable(CaseFinding { at_fence: false, line: case.line, column, len, finding });
    }
    let (kind, document) = match kind {
        Kind::PolicyStatement => {
            let doc = json!({"Version": "2012-10-17", "Statement": [policy.clone()]});
            let k = if policy.get("Principal").is_some() || policy.get("NotPrincipal").is_some() {
                Kind::ResourcePolicy
            } else {
                Kind::IdentityPolicy
            };
            (k, doc)
        }
        other => (other, policy.clone()),
    };
    // Unless told, an identity policy is attached to the principal of the
    // first case (the one the prose is about).
    let first_principal = cases.first().and_then(|c| match &c.principal {
        Principal::Iam { arn, .. } => Some(role_session_of(arn).unwrap_or_else(|| arn.clone())),
        _ => None,
    });
    let attached_to = attached_to.or(first_principal.as_deref()).unwrap_or(DEFAULT_ROLE);
    let allow_all =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let mut findings = Vec::new();
    let mut rows = Vec::new();
    for case in cases {
        // What the service really checks (a log group's ARN with `:*`, …):
        // the table shows that request.
        let mut request = eval::checked_request(case.request());
        if kind == Kind::TrustPolicy && request.action.is_empty() {
            request.action = "sts:AssumeRole".into();
        }
        if kind == Kind::TrustPolicy && request.resource.is_empty() {
            request.resource = DEFAULT_ROLE.into();
        }
        // A case must be a request AWS could see, or its decision proves nothing
        // (a misspelled action is denied because nothing allows it).
        let unrealistic = if request.action.is_empty() {
            Vec::new()
        } else {
            crate::checks::iam::requests::check_case(&case, &request.action)
        };
        let realistic = unrealistic.is_empty();
        findings.extend(unrealistic.into_iter().map(|(span, finding)| CaseFinding {
            at_fence: false,
            line: case.line,
            column: span.column,
            len: span.len,
            finding,
        }));
        let policy_ref = PolicyRef { id: policy_id, doc: &document };
        let caller_identity = PolicyRef { id: "caller's identity policy (assumed)", doc: &allow_all };
        let set = match kind {
            Kind::IdentityPolicy => PolicySet {
                identity: if same_identity(&request.principal, attached_to) { vec![policy_ref] } else { vec![] },
                resource: None,
                trust_for_assume_role: false,
            },
            _ => {
                let owner = arn_account(&request.resource).unwrap_or(DEFAULT_ACCOUNT).to_string();
                let cross = request.principal.account().is_some_and(|a| a != owner);
                PolicySet {
                    identity: if cross { vec![caller_identity] } else { vec![] },
                    resource: Some((policy_ref, owner)),
                    trust_for_assume_role: kind == Kind::TrustPolicy,
                }
            }
        };
        let applies = !set.identity.is_empty() || set.resource.is_some();
        let outcome = eval::evaluate(&request, &set);
        let passed = case.expect.accepts(outcome.decision);
        let deciding: Vec<String> = outcome
            .deciding
            .iter()
            .filter(|s| s.policy == policy_id)
            .map(|s| s.sid.clone().map_or_else(|| format!("#{}", s.index + 1), |sid| format!("Sid {sid}")))
            .collect();
        if !passed && realistic {
            let expected = match case.expect {
                Expect::Allow => "allow",
                Expect::Deny => "deny",
            };
            findings.push(CaseFinding {
                at_fence: false,
                line: case.line,
                column: 0,
                len: body.lines().nth(case.line).map_or(1, str::len),
                finding: Finding::error(
                    codes::POLICY_TEST_FAILED,
                    format!("expected {expected}, but the policy gives {}: {}", outcome.decision, outcome.explanation),
                )
                .with_hint("fix the policy or the prose's claim; the case states what the notes promise"),
            });
        }
        rows.push(Row {
            case,
            request,
            decision: outcome.decision,
            deciding,
            explanation: outcome.explanation,
            applies,
            passed,
        });
    }
    Evaluated { findings, rows, unreadable: false }
}

fn same_identity(principal: &Principal, attached_to: &str) -> bool {
    match principal {
        Principal::Iam { arn, .. } => arn == attached_to || role_session_of(arn) == Some(attached_to.to_string()),
        _ => false,
    }
}

/// `arn:aws:sts::A:assumed-role/R/S` → `arn:aws:iam::A:role/R`
fn role_session_of(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[2] != "sts" {
        return None;
    }
    let rest = parts[5].strip_prefix("assumed-role/")?;
    let role = rest.split('/').next()?;
    Some(format!("arn:{}:iam::{}:role/{role}", parts[1], parts[4]))
}

fn arn_account(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    valid_account(account).then_some(account)
}

struct Words {
    request: &'static str,
    /// After a decision that is not the one promised (a failing case).
    expected: &'static str,
    /// Before the resource every case is about.
    every_request_on: &'static str,
    decision: &'static str,
    decided_by: &'static str,
    allow: &'static str,
    deny: &'static str,
    explicit_deny: &'static str,
    implicit_deny: &'static str,
    caption: &'static str,
    none: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "ja" => Words {
            request: "リクエスト",
            expected: "期待していた判定",
            every_request_on: "対象リソース（全リクエスト共通）",
            decision: "評価結果",
            decided_by: "決め手のステートメント",
            allow: "許可",
            deny: "拒否",
            explicit_deny: "明示的な拒否",
            implicit_deny: "暗黙的な拒否",
            caption: "誰が何をできるか（ビルド時に評価したポリシーテスト）",
            none: "該当なし",
        },
        "ko" => Words {
            request: "요청",
            expected: "기대한 판정",
            every_request_on: "대상 리소스(모든 요청 공통)",
            decision: "평가 결과",
            decided_by: "결정한 문",
            allow: "허용",
            deny: "거부",
            explicit_deny: "명시적 거부",
            implicit_deny: "암시적 거부",
            caption: "누가 무엇을 할 수 있는가 (빌드할 때 평가한 정책 테스트)",
            none: "없음",
        },
        _ => Words {
            request: "Request",
            expected: "expected",
            every_request_on: "Resource of every request",
            decision: "Decision",
            decided_by: "Deciding statement",
            allow: "allow",
            deny: "deny",
            explicit_deny: "explicit deny",
            implicit_deny: "implicit deny",
            caption: "Who can do what (policy tests evaluated at build time)",
            none: "none",
        },
    }
}

// Markdown, not HTML: see `render::markdown_code`. No "expected" column: a
// case whose decision differs fails the build, so a published table would
// only ever repeat its decision column; the mark (✓/✗) says it matched.
fn row(Row { case, request, decision, deciding, passed, .. }: &Row, with_resource: bool, lang: &str) -> String {
    let w = words(lang);
    let principal = match &request.principal {
        Principal::Service(s) => s.clone(),
        Principal::Iam { arn, .. } => arn.clone(),
        Principal::Account(a) => format!("account {a}"),
        Principal::Anonymous => "anonymous".into(),
    };
    let mut what = format!("{} → {}", code(&principal), code(&request.action));
    if with_resource && !request.resource.is_empty() {
        what.push(' ');
        what.push_str(&code(&request.resource));
    }
    for (key, value) in &case.context_as_written {
        what.push_str(" · ");
        what.push_str(&code(&format!("{key}={value}")));
    }
    let mark = if *passed { "✓" } else { "✗" };
    // strong for allow, emphasis for deny: the stylesheet colours them
    let mut got = match *decision {
        Decision::Allow => format!("**{mark} {}**", w.allow),
        Decision::ExplicitDeny => format!("*{mark} {}*", w.explicit_deny),
        Decision::ImplicitDeny => format!("*{mark} {}*", w.implicit_deny),
    };
    if !passed {
        let promised = match case.expect {
            Expect::Allow => w.allow,
            Expect::Deny => w.deny,
        };
        got.push_str(&format!(" ({}: {promised})", w.expected));
    }
    let by = if deciding.is_empty() { w.none.to_string() } else { text(&deciding.join(", ")) };
    format!("| {what} | {got} | {by} |\n")
}

fn table(rows: &[String], shared_resource: Option<&str>, lang: &str) -> String {
    let w = words(lang);
    // Above the table, so a plain code span: `code` would escape `|` for a cell.
    let on = shared_resource
        .map(|r| format!("\\\n{}: {}", w.every_request_on, crate::snippet::render::markdown_code(r)))
        .unwrap_or_default();
    format!(
        "**{}**{on}\n\n| {} | {} | {} |\n|---|---|---|\n{}",
        w.caption,
        w.request,
        w.decision,
        w.decided_by,
        rows.concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trust() -> Value {
        json!({"Version": "2012-10-17", "Statement": [{"Sid": "LambdaAssumes", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    }

    #[test]
    fn a_passing_and_a_failing_case() {
        let body = "allow principal=service:lambda.amazonaws.com action=sts:AssumeRole\ndeny principal=service:lambda.amazonaws.com action=sts:AssumeRole\n";
        let run = run("t", Kind::TrustPolicy, &trust(), body, None, "en");
        assert_eq!(run.findings.len(), 1);
        assert_eq!(run.findings[0].line, 1);
        assert!(run.markdown.contains("Sid LambdaAssumes"));
        assert!(run.markdown.contains("✗"));
    }

    #[test]
    fn identity_policies_apply_to_their_role_only() {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]});
        let body = "allow principal=arn:aws:iam::123456789012:role/my-function-role action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:q\n\
                    deny principal=arn:aws:iam::123456789012:role/other action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:q\n";
        let run = run("p", Kind::IdentityPolicy, &policy, body, None, "ja");
        assert!(run.findings.is_empty(), "{:?}", run.findings.iter().map(|f| &f.finding.message).collect::<Vec<_>>());
        assert!(run.markdown.contains("許可"));
    }

    #[test]
    fn the_table_names_a_shared_resource_once_and_shows_what_a_failing_case_expected() {
        let body = "allow principal=service:lambda.amazonaws.com action=sts:AssumeRole\ndeny principal=service:lambda.amazonaws.com action=sts:AssumeRole\n";
        let md = run("t", Kind::TrustPolicy, &trust(), body, None, "en").markdown;
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "**Who can do what (policy tests evaluated at build time)**\\");
        assert_eq!(lines[1], format!("Resource of every request: `{DEFAULT_ROLE}`"));
        assert_eq!(lines[3], "| Request | Decision | Deciding statement |");
        assert_eq!(lines[5], "| `lambda.amazonaws.com` → `sts:AssumeRole` | **✓ allow** | Sid LambdaAssumes |");
        assert_eq!(
            lines[6],
            "| `lambda.amazonaws.com` → `sts:AssumeRole` | **✗ allow** (expected: deny) | Sid LambdaAssumes |"
        );

        // Different resources: each row names its own, and no line above the table.
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]});
        let body = "allow principal=arn:aws:iam::123456789012:role/my-function-role action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:q\n\
                    deny principal=arn:aws:iam::123456789012:role/my-function-role action=sqs:SendMessage resource=arn:aws:sqs:us-east-1:123456789012:other\n";
        let md = run("p", Kind::IdentityPolicy, &policy, body, None, "ko").markdown;
        assert!(!md.contains("모든 요청 공통"), "{md}");
        assert!(
            md.contains("`sqs:SendMessage` `arn:aws:sqs:us-east-1:123456789012:other` | *✓ 암시적 거부* | 없음 |"),
            "{md}"
        );
    }

    #[test]
    fn context_keys_are_shown_as_written_and_in_order() {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]});
        let body = "allow principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource=arn:aws:lambda:us-east-1:123456789012:function:f aws:SourceArn=arn:aws:s3:::b aws:SourceAccount=123456789012\n";
        let md = run("p", Kind::ResourcePolicy, &policy, body, None, "en").markdown;
        assert!(md.contains("· `aws:SourceArn=arn:aws:s3:::b` · `aws:SourceAccount=123456789012` |"), "{md}");
    }

    #[test]
    fn a_case_aws_could_not_see_is_an_error_at_its_token_not_a_vacuous_pass() {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]});
        // Denied only because nothing allows a misspelled action: that proves nothing.
        let body = "deny principal=arn:aws:iam::123456789012:role/my-function-role action=sqs:SendMesage resource=arn:aws:sqs:us-east-1:123456789012:q\n";
        let findings = run("p", Kind::IdentityPolicy, &policy, body, None, "en").findings;
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.line, f.column, f.len, f.finding.code.as_str(), f.finding.hint.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(0, 70, 14, "POLICY_TEST_INVALID_ACTION", Some("did you mean `sqs:SendMessage`?"))],
            "{findings:?}"
        );
    }

    #[test]
    fn a_log_group_request_is_evaluated_and_shown_as_cloudwatch_logs_checks_it() {
        // The policy names the log group without `:*`: CloudWatch Logs never checks that form.
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "NoStar", "Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"}]});
        let body = "allow principal=arn:aws:iam::123456789012:role/my-function-role action=logs:CreateLogGroup resource=arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f\n";
        let run = run("p", Kind::IdentityPolicy, &policy, body, None, "en");
        assert_eq!(run.findings.len(), 1);
        assert_eq!(run.findings[0].finding.code, "POLICY_TEST_FAILED");
        assert_eq!(
            run.markdown.lines().nth(1),
            Some("Resource of every request: `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*`")
        );
    }

    #[test]
    fn syntax_errors_are_findings() {
        let run = run("p", Kind::TrustPolicy, &trust(), "perhaps principal=x\n", None, "en");
        assert_eq!(run.findings[0].finding.code, "POLICY_TEST_SYNTAX");
    }
}
