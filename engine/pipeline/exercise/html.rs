//! An exercise as accessible HTML: a `fieldset` whose `legend` is the
//! question, native radio buttons with labels (or a text area for a fix), a
//! result line announced through `aria-live`, and the explanation, whose
//! space is reserved (hidden, not removed) so answering shifts nothing.
//! The markup holds no blank line: Markdown would end the HTML block there.

use super::{Exercise, Field, PolicySource, Proof, Task};
use crate::checks::eval::Decision;
use crate::snippet::render::escape_html;
use mdbook_markdown::pulldown_cmark::{Parser, html::push_html};

pub struct Words {
    pub exercise: &'static str,
    pub kinds: [&'static str; 4],
    pub check: &'static str,
    pub policy_above: &'static str,
    pub policy: &'static str,
    pub request: &'static str,
    pub principal: &'static str,
    pub action: &'static str,
    pub resource: &'static str,
    pub context: &'static str,
    pub allow: &'static str,
    pub explicit_deny: &'static str,
    pub implicit_deny: &'static str,
    pub line: &'static str,
    pub proved: &'static str,
    pub claim: &'static str,
    pub your_fix: &'static str,
    pub requirements: &'static str,
    pub must_allow: &'static str,
    pub must_deny: &'static str,
    pub start_over: &'static str,
    pub model_answer: &'static str,
    pub review: &'static str,
}

pub fn words(lang: &str) -> Words {
    match lang {
        "ja" => Words {
            exercise: "問題",
            kinds: ["許可か拒否か", "どのポリシーを直すか", "誤りを探す", "修正する"],
            check: "答え合わせ",
            policy_above: "上のポリシー",
            policy: "ポリシー",
            request: "リクエスト",
            principal: "プリンシパル",
            action: "アクション",
            resource: "リソース",
            context: "条件キー",
            allow: "許可",
            explicit_deny: "明示的な拒否",
            implicit_deny: "暗黙的な拒否",
            line: "行",
            proved: "✓ 正解はビルド時に評価器で検証済み",
            claim: "正解は著者の判断（ビルドでは検証していません）",
            your_fix: "修正したポリシー",
            requirements: "満たすべき条件",
            must_allow: "許可する",
            must_deny: "拒否する",
            start_over: "元に戻す",
            model_answer: "模範解答",
            review: "この内容を説明している節へ",
        },
        "ko" => Words {
            exercise: "문제",
            kinds: ["허용인가 거부인가", "어느 정책을 고쳐야 하는가", "오류 찾기", "고쳐 보기"],
            check: "정답 확인",
            policy_above: "위의 정책",
            policy: "정책",
            request: "요청",
            principal: "보안 주체",
            action: "작업",
            resource: "리소스",
            context: "조건 키",
            allow: "허용",
            explicit_deny: "명시적 거부",
            implicit_deny: "암시적 거부",
            line: "행",
            proved: "✓ 정답은 빌드할 때 평가기로 검증했습니다",
            claim: "정답은 저자의 판단입니다(빌드에서 검증하지 않았습니다)",
            your_fix: "고친 정책",
            requirements: "만족해야 할 조건",
            must_allow: "허용해야 함",
            must_deny: "거부해야 함",
            start_over: "처음으로 되돌리기",
            model_answer: "모범 답안",
            review: "이 내용을 설명하는 절로 이동",
        },
        _ => Words {
            exercise: "Exercise",
            kinds: ["Allowed or denied?", "Which policy?", "Find the bug", "Fix it"],
            check: "Check",
            policy_above: "the policy above",
            policy: "Policy",
            request: "Request",
            principal: "Principal",
            action: "Action",
            resource: "Resource",
            context: "Context",
            allow: "Allowed",
            explicit_deny: "Explicit deny",
            implicit_deny: "Implicit deny",
            line: "Line",
            proved: "✓ Answer key proved by the build",
            claim: "Answer key is the author's claim (not checked by the build)",
            your_fix: "Your fixed policy",
            requirements: "Requirements",
            must_allow: "must be allowed",
            must_deny: "must be denied",
            start_over: "Start over",
            model_answer: "Model answer",
            review: "Read the section that explains it",
        },
    }
}

/// Inline Markdown (code spans, emphasis, links) as HTML on one line.
fn inline(markdown: &str) -> String {
    let mut out = String::new();
    push_html(&mut out, Parser::new(markdown));
    let out = out.trim();
    let out = out.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")).unwrap_or(out);
    out.replace('\n', " ")
}

/// Text for `<pre>` and `<textarea>`: escaped, newlines as `&#10;` so the
/// markup stays one line.
fn verbatim(text: &str) -> String {
    escape_html(text.trim_end_matches('\n')).replace('\r', "").replace('\n', "&#10;")
}

fn decision_value(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::ExplicitDeny => "explicit-deny",
        Decision::ImplicitDeny => "implicit-deny",
    }
}

pub fn render(exercise: &Exercise, proof: &Proof, context: &super::Context) -> String {
    let w = words(context.lang);
    let id = escape_html(&exercise.id);
    let kind_index = super::ExerciseKind::NAMES.iter().position(|n| *n == exercise.kind.name()).unwrap_or(0);
    let name = format!("ln-ex-{id}");
    let (answer, form, proved, model) = match &exercise.task {
        Task::AllowedOrDenied { policy, request, answer, .. } => {
            let mut form = match policy {
                PolicySource::Block(block) => format!(
                    "<p class=\"ln-exercise-given\">{}: <code>{}</code> ({})</p>\n",
                    w.policy,
                    escape_html(&block.value),
                    w.policy_above
                ),
                PolicySource::Inline(document) => document_block(&document.text),
            };
            form.push_str(&request_list(&request.value, &w));
            let options = [("allow", w.allow), ("explicit-deny", w.explicit_deny), ("implicit-deny", w.implicit_deny)];
            form.push_str(&radios(&name, options.iter().map(|(v, l)| (v.to_string(), escape_html(l)))));
            (decision_value(*answer).to_string(), form, true, String::new())
        }
        Task::WhichPolicy { choices, .. } => {
            let answer = choices.iter().position(|c| c.correct).map_or(0, |i| i + 1);
            let options = choices.iter().enumerate().map(|(i, c)| ((i + 1).to_string(), inline(&c.text.value)));
            (answer.to_string(), radios(&name, options), proof.checked, String::new())
        }
        Task::FindTheBug { document, line, .. } => {
            let mut form = String::from("<div class=\"ln-bug-lines\">\n");
            for (i, text) in document.text.value.trim_end_matches('\n').split('\n').enumerate() {
                let n = i + 1;
                form.push_str(&format!(
                    "<label class=\"ln-bug-line\"><input type=\"radio\" name=\"{name}\" value=\"{n}\"><span class=\"ln-line-no\"><span class=\"ln-sr\">{} </span>{n}</span><code>{}</code></label>\n",
                    w.line,
                    escape_html(text.trim_end_matches('\r'))
                ));
            }
            form.push_str("</div>\n");
            (line.to_string(), form, true, String::new())
        }
        Task::FixIt { document, cases, solution, .. } => {
            let rows = document.text.value.lines().count().clamp(4, 24);
            let mut form = format!(
                "<label class=\"ln-fix-label\" for=\"ln-fix-{id}\">{}</label>\n<textarea id=\"ln-fix-{id}\" class=\"ln-fix-text\" rows=\"{rows}\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\" data-ln-original=\"{}\">{}</textarea>\n",
                w.your_fix,
                verbatim(&document.text.value),
                verbatim(&document.text.value),
            );
            form.push_str(&format!(
                "<p class=\"ln-fix-requirements\">{}:</p>\n<ul class=\"ln-fix-cases\">\n",
                w.requirements
            ));
            for line in cases.value.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                let (expect, request) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                let must = if expect == "allow" { w.must_allow } else { w.must_deny };
                form.push_str(&format!(
                    "<li><strong>{must}</strong>: <code>{}</code></li>\n",
                    escape_html(request.trim())
                ));
            }
            form.push_str("</ul>\n");
            if let Some(data) = &proof.fix_data {
                // `</` would end the script element early.
                let json = data.to_string().replace("</", "<\\/");
                form.push_str(&format!("<script type=\"application/json\" class=\"ln-fix-data\">{json}</script>\n"));
            }
            let model = format!(
                "<details class=\"ln-fix-model\"><summary>{}</summary><pre><code class=\"language-json\">{}</code></pre></details>",
                w.model_answer,
                verbatim(&solution.value)
            );
            (String::new(), form, true, model)
        }
    };
    let badge = if proved { w.proved } else { w.claim };
    let reset = if exercise.kind == super::ExerciseKind::FixIt {
        format!(" <button type=\"button\" class=\"ln-fix-reset\">{}</button>", w.start_over)
    } else {
        String::new()
    };
    format!(
        "<section class=\"ln-exercise\" id=\"exercise-{id}\" data-ln-exercise=\"{id}\" data-ln-kind=\"{kind}\" data-ln-answer=\"{answer}\" aria-labelledby=\"exercise-{id}-q\">\n\
<fieldset class=\"ln-exercise-form\">\n\
<legend id=\"exercise-{id}-q\"><span class=\"ln-exercise-label\">{exercise_word} {number} · {kind_label}</span> <span class=\"ln-exercise-question\">{question}</span></legend>\n\
{form}\
<div class=\"ln-exercise-actions\"><button type=\"button\" class=\"ln-exercise-check\">{check}</button>{reset} <span class=\"ln-exercise-badge\">{badge}</span></div>\n\
</fieldset>\n\
<div class=\"ln-exercise-result\" role=\"status\" aria-live=\"polite\"></div>\n\
<div class=\"ln-exercise-explanation\">{explanation} <a class=\"ln-exercise-see\" href=\"{see}\">{review}</a>{model}</div>\n\
</section>\n",
        kind = exercise.kind.name(),
        answer = escape_html(&answer),
        exercise_word = w.exercise,
        number = context.number,
        kind_label = w.kinds[kind_index],
        question = inline(&exercise.question.value),
        check = w.check,
        explanation = inline(&exercise.explanation.value),
        see = escape_html(&exercise.see.value),
        review = w.review,
    )
}

fn radios(name: &str, options: impl Iterator<Item = (String, String)>) -> String {
    let mut out = String::from("<div class=\"ln-exercise-choices\">\n");
    for (value, label) in options {
        out.push_str(&format!(
            "<label class=\"ln-choice\"><input type=\"radio\" name=\"{name}\" value=\"{}\"> <span>{label}</span></label>\n",
            escape_html(&value)
        ));
    }
    out.push_str("</div>\n");
    out
}

fn document_block(text: &Field) -> String {
    format!("<pre class=\"ln-exercise-doc\"><code class=\"language-json\">{}</code></pre>\n", verbatim(&text.value))
}

/// A request (`principal=… action=… resource=… key=value`) as a short list.
fn request_list(request: &str, w: &Words) -> String {
    let mut items = Vec::new();
    for word in request.split_whitespace() {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        let label = match key {
            "principal" => w.principal,
            "action" => w.action,
            "resource" => w.resource,
            _ => {
                items.push(format!("<li>{}: <code>{}</code></li>", w.context, escape_html(word)));
                continue;
            }
        };
        items.push(format!("<li>{label}: <code>{}</code></li>", escape_html(value)));
    }
    format!(
        "<p class=\"ln-exercise-given\">{}:</p>\n<ul class=\"ln-exercise-request\">\n{}\n</ul>\n",
        w.request,
        items.join("\n")
    )
}
