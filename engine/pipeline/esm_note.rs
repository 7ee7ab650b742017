//! The line under an event source mapping on the page: which handler the
//! book runs behind it, on which events, and which parts of the mapping's
//! response contract that run is held to (`tests/esm_contracts.rs`, rules in
//! `esm_contract`). Written per edition; the handler's source is not shown in
//! the book, so the line names its file.

use crate::snippet::render::{markdown_code, markdown_text};
use serde_json::Value;

/// What the mapping asks of its handler's response.
struct Contract {
    /// `FunctionResponseTypes` holds `ReportBatchItemFailures`; the item
    /// identifier is the SQS `messageId` (`true`) or a stream record's
    /// sequence number (`false`).
    reports_items: Option<bool>,
    /// `TumblingWindowInSeconds` > 0: every response carries `state`.
    window: bool,
}

fn contract(config: &Value) -> Contract {
    let reports = config
        .get("FunctionResponseTypes")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "ReportBatchItemFailures"));
    let from_sqs =
        config.get("EventSourceArn").and_then(Value::as_str).is_some_and(|arn| arn.split(':').nth(2) == Some("sqs"));
    Contract {
        reports_items: reports.then_some(from_sqs),
        window: config.get("TumblingWindowInSeconds").and_then(Value::as_u64).unwrap_or(0) > 0,
    }
}

/// The note as Markdown in a `div` (empty without a handler or events).
/// `handler` is the file stem under examples/, `events` paths under examples/.
pub fn markdown(config: &Value, handler: &str, events: &[String], lang: &str) -> String {
    if handler.is_empty() || events.is_empty() {
        return String::new();
    }
    let handler = markdown_code(&format!("examples/{handler}.rs"));
    let events: Vec<String> = events.iter().map(|e| markdown_code(&format!("examples/{e}"))).collect();
    let c = contract(config);
    let text = match lang {
        "ja" => japanese(&c, &handler, &events.join("、")),
        "ko" => korean(&c, &handler, &events.join(", ")),
        _ => english(&c, &handler, &events.join(", ")),
    };
    format!("<div class=\"ln-pairing\">\n\n{text}\n\n</div>")
}

fn english(c: &Contract, handler: &str, events: &str) -> String {
    let mut rules = Vec::new();
    match c.reports_items {
        Some(sqs) => rules.push(format!(
            "reports failed items as `ReportBatchItemFailures` requires (each `itemIdentifier` is {})",
            if sqs { "a message's `messageId`" } else { "a record's sequence number" }
        )),
        None => {
            rules.push("reports no failed items (Lambda would ignore them without `ReportBatchItemFailures`)".into())
        }
    }
    if c.window {
        rules.push("returns the tumbling window's `state` in every response".into());
    }
    format!(
        "*{}* the handler {handler}, run on {events}, {}.",
        markdown_text("Tested with this mapping:"),
        rules.join(" and ")
    )
}

fn japanese(c: &Contract, handler: &str, events: &str) -> String {
    let mut rules = Vec::new();
    match c.reports_items {
        Some(sqs) => rules.push(format!(
            "失敗した項目を `ReportBatchItemFailures` の要件どおりに返します（`itemIdentifier` は{}）",
            if sqs { "メッセージの `messageId`" } else { "レコードのシーケンス番号" }
        )),
        None => rules
            .push("失敗した項目は返しません（`ReportBatchItemFailures` がなければ Lambda はそれを無視します）".into()),
    }
    if c.window {
        rules.push("どの応答もタンブリングウィンドウの `state` を返します".into());
    }
    format!(
        "*{}* ハンドラー {handler} をイベント {events} で実行し、応答を確かめています。{}。",
        markdown_text("このマッピングでテスト済み："),
        rules.join("。")
    )
}

fn korean(c: &Contract, handler: &str, events: &str) -> String {
    let mut rules = Vec::new();
    match c.reports_items {
        Some(sqs) => rules.push(format!(
            "실패한 항목을 `ReportBatchItemFailures` 요건대로 돌려줍니다(`itemIdentifier`는 {})",
            if sqs { "메시지의 `messageId`" } else { "레코드의 시퀀스 번호" }
        )),
        None => rules.push(
            "실패한 항목을 돌려주지 않습니다(`ReportBatchItemFailures`가 없으면 Lambda는 이를 무시합니다)".into(),
        ),
    }
    if c.window {
        rules.push("모든 응답이 텀블링 창의 `state`를 돌려줍니다".into());
    }
    format!(
        "*{}* 핸들러 {handler}를 이벤트({events})로 실행해 응답을 확인합니다. {}.",
        markdown_text("이 매핑으로 테스트함:"),
        rules.join(". ")
    )
}
