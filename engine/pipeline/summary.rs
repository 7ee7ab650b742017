//! A plain-language summary of a policy, one sentence per statement, in the
//! page's language: effect, who, which actions (with their access level from
//! the service data), on which resources, under which conditions.

use crate::checks::iam::valid_account;
use crate::snippet::kind::Kind;
use crate::snippet::render::{markdown_code as code, markdown_text as text};
use serde_json::Value;

struct Words {
    allow: &'static str,
    deny: &'static str,
    attached: &'static str,
    anyone: &'static str,
    service: &'static str,
    account: &'static str,
    all_resources: &'static str,
    every_action_except: &'static str,
    every_resource_except: &'static str,
    everyone_except: &'static str,
    title: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "ja" => Words {
            allow: "許可",
            deny: "拒否",
            attached: "このポリシーをアタッチしたプリンシパル",
            anyone: "すべてのプリンシパル（\\*）",
            service: "サービス",
            account: "アカウント",
            all_resources: "すべてのリソース（\\*）",
            every_action_except: "次を除くすべてのアクション",
            every_resource_except: "次を除くすべてのリソース",
            everyone_except: "次を除くすべてのプリンシパル",
            title: "ポリシーの要約（ビルド時に生成）",
        },
        "ko" => Words {
            allow: "허용",
            deny: "거부",
            attached: "이 정책이 연결된 보안 주체",
            anyone: "모든 보안 주체(\\*)",
            service: "서비스",
            account: "계정",
            all_resources: "모든 리소스(\\*)",
            every_action_except: "다음을 제외한 모든 작업",
            every_resource_except: "다음을 제외한 모든 리소스",
            everyone_except: "다음을 제외한 모든 보안 주체",
            title: "정책 요약(빌드할 때 생성)",
        },
        _ => Words {
            allow: "Allows",
            deny: "Denies",
            attached: "the principal this policy is attached to",
            anyone: "anyone (\\*)",
            service: "the service",
            account: "account",
            all_resources: "all resources (\\*)",
            every_action_except: "every action except",
            every_resource_except: "every resource except",
            everyone_except: "everyone except",
            title: "Policy summary (generated at build time)",
        },
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
}

fn principals(value: &Value, w: &Words) -> String {
    match value {
        Value::String(s) if s == "*" => w.anyone.to_string(),
        Value::Object(map) => {
            let mut parts = Vec::new();
            for (key, v) in map {
                for p in strings(Some(v)) {
                    parts.push(match key.as_str() {
                        "Service" => format!("{} {}", w.service, code(&p)),
                        "AWS" if p == "*" => w.anyone.to_string(),
                        "AWS" if valid_account(&p) => {
                            format!("{} {}", w.account, code(&p))
                        }
                        _ => code(&p),
                    });
                }
            }
            parts.join(", ")
        }
        other => code(&other.to_string()),
    }
}

/// The service data's access level, in the page's language.
fn level_name(level: &str, lang: &str) -> &'static str {
    let names: [&'static str; 3] = match level {
        "List" => ["List", "リスト", "목록"],
        "Read" => ["Read", "読み取り", "읽기"],
        "Write" => ["Write", "書き込み", "쓰기"],
        "Permissions management" => ["Permissions management", "アクセス許可の管理", "권한 관리"],
        "Tagging" => ["Tagging", "タグ付け", "태그 지정"],
        _ => ["", "", ""],
    };
    match lang {
        "ja" => names[1],
        "ko" => names[2],
        _ => names[0],
    }
}

fn actions_with_levels(actions: &[String], lang: &str) -> String {
    actions
        .iter()
        .map(|a| match crate::checks::iam::access_level(a).map(|l| level_name(l, lang)).filter(|l| !l.is_empty()) {
            Some(level) => format!("{} ({level})", code(a)),
            None => code(a),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn conditions(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Object(ops)) = value else { return Vec::new() };
    let mut out = Vec::new();
    for (op, keys) in ops {
        let Value::Object(keys) = keys else { continue };
        for (key, values) in keys {
            let vals: Vec<String> = match values {
                Value::Array(items) => {
                    items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect()
                }
                v => vec![v.as_str().map_or_else(|| v.to_string(), str::to_string)],
            };
            out.push(format!("{} {} {}", code(key), text(op), code_list(&vals)));
        }
    }
    out
}

/// One sentence for one statement.
fn statement_sentence(statement: &Value, kind: Kind, w: &Words, lang: &str) -> String {
    let effect = if statement.get("Effect").and_then(Value::as_str) == Some("Deny") { w.deny } else { w.allow };
    let who = if let Some(p) = statement.get("Principal") {
        principals(p, w)
    } else if let Some(p) = statement.get("NotPrincipal") {
        format!("{} {}", w.everyone_except, principals(p, w))
    } else if kind == Kind::IdentityPolicy || kind == Kind::PolicyStatement {
        w.attached.to_string()
    } else {
        w.anyone.to_string()
    };
    let actions = if let Some(a) = statement.get("NotAction") {
        format!("{} {}", w.every_action_except, actions_with_levels(&strings(Some(a)), lang))
    } else {
        actions_with_levels(&strings(statement.get("Action")), lang)
    };
    let resources = if let Some(r) = statement.get("NotResource") {
        format!("{} {}", w.every_resource_except, code_list(&strings(Some(r))))
    } else {
        let list = strings(statement.get("Resource"));
        if list.is_empty() || list == ["*"] { w.all_resources.to_string() } else { code_list(&list) }
    };
    let conds = conditions(statement.get("Condition"));
    match lang {
        "ja" => {
            let when = if conds.is_empty() { String::new() } else { format!("（条件: {}）", conds.join("、")) };
            let who = if who.ends_with('`') { format!("{who} ") } else { who };
            format!("{who}に、{resources} に対する {actions} を{effect}します{when}。")
        }
        "ko" => {
            let when = if conds.is_empty() { String::new() } else { format!(" (조건: {})", conds.join(", ")) };
            format!("{who}에게 {resources}에 대한 {actions} 작업을 {effect}합니다{when}.")
        }
        _ => {
            let when = if conds.is_empty() { String::new() } else { format!(" when {}", conds.join(" and ")) };
            format!("{effect} {actions} on {resources} for {who}{when}.")
        }
    }
}

/// The summary of a policy (or a single statement) as Markdown in an HTML
/// `div` (see `render::markdown_code` for why Markdown), or nothing when the
/// document has no readable statements.
pub fn markdown(doc: &Value, kind: Kind, lang: &str) -> String {
    let w = words(lang);
    let statements: Vec<&Value> = match (kind, doc.get("Statement")) {
        (Kind::PolicyStatement, _) => vec![doc],
        (_, Some(Value::Array(items))) => items.iter().collect(),
        (_, Some(single @ Value::Object(_))) => vec![single],
        _ => return String::new(),
    };
    let items: Vec<String> = statements
        .iter()
        .filter(|s| s.is_object())
        .map(|s| {
            let sid = s.get("Sid").and_then(Value::as_str).map(|sid| format!("{}: ", code(sid))).unwrap_or_default();
            format!("- {sid}{}\n", statement_sentence(s, kind, &w, lang))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!("<div class=\"ln-summary\">\n\n**{}**\n\n{}\n</div>", w.title, items.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn summarises_a_function_policy_in_three_languages() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Sid": "S3", "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
            "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}}}]});
        insta::assert_snapshot!("summary_en", markdown(&doc, Kind::ResourcePolicy, "en"));
        insta::assert_snapshot!("summary_ja", markdown(&doc, Kind::ResourcePolicy, "ja"));
        insta::assert_snapshot!("summary_ko", markdown(&doc, Kind::ResourcePolicy, "ko"));
    }

    #[test]
    fn identity_policies_speak_of_the_attached_principal() {
        let doc = json!({"Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}});
        let en = markdown(&doc, Kind::IdentityPolicy, "en");
        assert!(en.contains("for the principal this policy is attached to"), "{en}");
        assert!(en.contains("every action except"));
        assert!(en.contains("all resources"));
    }
}
