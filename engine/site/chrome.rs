//! mdBook's interface in the page's language. mdBook 0.5.4 writes its menu
//! titles, aria-labels, theme names, keyboard help, chapter navigation and the
//! titles of GFM callouts (`> [!NOTE]`) in English whatever `book.language`
//! says; this pass, run on each rendered page of an edition, replaces exactly
//! those strings (attribute values and element texts as mdBook writes them,
//! never prose). The copy button is made by book.js at run time: the page's
//! script words it (theme/lambda-notes.js). Runs before the search index is
//! written, so search excerpts show the callout titles in the same words.

/// (English as mdBook writes it, Japanese, Korean).
const CHROME: &[(&str, &str, &str)] = &[
    ("\"Toggle Table of Contents\"", "\"目次の表示を切り替える\"", "\"목차 표시 전환\""),
    ("aria-label=\"Table of contents\"", "aria-label=\"目次\"", "aria-label=\"목차\""),
    ("\"Change theme\"", "\"テーマを変更\"", "\"테마 변경\""),
    ("aria-label=\"Themes\"", "aria-label=\"テーマ\"", "aria-label=\"테마\""),
    (
        "id=\"mdbook-theme-default_theme\">Auto<",
        "id=\"mdbook-theme-default_theme\">自動<",
        "id=\"mdbook-theme-default_theme\">자동<",
    ),
    ("id=\"mdbook-theme-light\">Light<", "id=\"mdbook-theme-light\">ライト<", "id=\"mdbook-theme-light\">라이트<"),
    ("id=\"mdbook-theme-rust\">Rust<", "id=\"mdbook-theme-rust\">ラスト<", "id=\"mdbook-theme-rust\">러스트<"),
    ("id=\"mdbook-theme-coal\">Coal<", "id=\"mdbook-theme-coal\">コール<", "id=\"mdbook-theme-coal\">콜<"),
    ("id=\"mdbook-theme-navy\">Navy<", "id=\"mdbook-theme-navy\">ネイビー<", "id=\"mdbook-theme-navy\">네이비<"),
    ("id=\"mdbook-theme-ayu\">Ayu<", "id=\"mdbook-theme-ayu\">アユ<", "id=\"mdbook-theme-ayu\">아유<"),
    ("\"Print this book\"", "\"この本を印刷\"", "\"이 책 인쇄\""),
    ("aria-label=\"Page navigation\"", "aria-label=\"ページ送り\"", "aria-label=\"페이지 이동\""),
    ("\"Previous chapter\"", "\"前の章\"", "\"이전 장\""),
    ("\"Next chapter\"", "\"次の章\"", "\"다음 장\""),
    (">Keyboard shortcuts<", ">キーボードショートカット<", ">키보드 단축키<"),
    (
        "<p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters</p>",
        "<p><kbd>←</kbd> または <kbd>→</kbd> で前後の章に移動</p>",
        "<p><kbd>←</kbd> 또는 <kbd>→</kbd> 키로 이전 장, 다음 장으로 이동</p>",
    ),
    (
        "<p>Press <kbd>?</kbd> to show this help</p>",
        "<p><kbd>?</kbd> でこのヘルプを表示</p>",
        "<p><kbd>?</kbd> 키로 이 도움말 표시</p>",
    ),
    (
        "<p>Press <kbd>Esc</kbd> to hide this help</p>",
        "<p><kbd>Esc</kbd> でこのヘルプを閉じる</p>",
        "<p><kbd>Esc</kbd> 키로 이 도움말 닫기</p>",
    ),
];

/// GitHub-style callout titles (mdBook's `blockquote-tag-title`).
const CALLOUTS: &[(&str, &str, &str)] = &[
    ("Note", "注記", "참고"),
    ("Tip", "ヒント", "팁"),
    ("Important", "重要", "중요"),
    ("Warning", "警告", "경고"),
    ("Caution", "注意", "주의"),
];

/// Our own line for the keyboard help, in every edition: the search keys.
fn search_keys(lang: &str) -> &'static str {
    match lang {
        "ja" => "<p><kbd>/</kbd> または <kbd>S</kbd> でこの本を検索</p>",
        "ko" => "<p><kbd>/</kbd> 또는 <kbd>S</kbd> 키로 이 책 검색</p>",
        _ => "<p>Press <kbd>/</kbd> or <kbd>S</kbd> to search this book</p>",
    }
}

const HELP_LAST: &str = "<p>Press <kbd>Esc</kbd> to hide this help</p>";
const CALLOUT_TITLE: &str = "<p class=\"blockquote-tag-title\">";

/// One rendered page with mdBook's interface in `lang` (unchanged for English
/// and for languages without a translation here).
pub fn translate(html: &str, lang: &str) -> String {
    let mut out = html.replacen(HELP_LAST, &format!("{}\n                {HELP_LAST}", search_keys(lang)), 1);
    let pick = |row: &(&'static str, &'static str, &'static str)| match lang {
        "ja" => Some(row.1),
        "ko" => Some(row.2),
        _ => None,
    };
    for row in CHROME {
        if let Some(to) = pick(row) {
            out = out.replace(row.0, to);
        }
    }
    if CALLOUTS.iter().any(|row| pick(row).is_some()) {
        out = translate_callout_titles(&out, |title| CALLOUTS.iter().find(|row| row.0 == title).and_then(pick));
    }
    out
}

/// Replace the text after the icon in every callout title.
fn translate_callout_titles(html: &str, word: impl Fn(&str) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = html[at..].find(CALLOUT_TITLE) {
        let start = at + found;
        let Some(end) = html[start..].find("</p>").map(|i| start + i) else { break };
        let title = &html[start..end];
        let text_from = title.rfind("</svg>").map_or(CALLOUT_TITLE.len(), |i| i + "</svg>".len());
        out.push_str(&html[at..start + text_from]);
        out.push_str(word(&title[text_from..]).unwrap_or(&title[text_from..]));
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<button id=\"mdbook-theme-toggle\" title=\"Change theme\" aria-label=\"Change theme\"></button>\
        <ul aria-label=\"Themes\"><li><button id=\"mdbook-theme-navy\">Navy</button></li></ul>\
        <h2 class=\"mdbook-help-title\">Keyboard shortcuts</h2>\
        <p>Press <kbd>Esc</kbd> to hide this help</p>\
        <blockquote class=\"blockquote-tag blockquote-tag-warning\">\n<p class=\"blockquote-tag-title\"><svg viewbox=\"0 0 16 16\"><path d=\"M0\"></path></svg>Warning</p>\n<p>Note this.</p></blockquote>\
        <a rel=\"next prefetch\" href=\"vpc.html\" title=\"Next chapter\" aria-label=\"Next chapter\">";

    #[test]
    fn words_the_chrome_and_callouts_in_korean() {
        assert_eq!(
            translate(PAGE, "ko"),
            "<button id=\"mdbook-theme-toggle\" title=\"테마 변경\" aria-label=\"테마 변경\"></button>\
        <ul aria-label=\"테마\"><li><button id=\"mdbook-theme-navy\">네이비</button></li></ul>\
        <h2 class=\"mdbook-help-title\">키보드 단축키</h2>\
        <p><kbd>/</kbd> 또는 <kbd>S</kbd> 키로 이 책 검색</p>\n                <p><kbd>Esc</kbd> 키로 이 도움말 닫기</p>\
        <blockquote class=\"blockquote-tag blockquote-tag-warning\">\n<p class=\"blockquote-tag-title\"><svg viewbox=\"0 0 16 16\"><path d=\"M0\"></path></svg>경고</p>\n<p>Note this.</p></blockquote>\
        <a rel=\"next prefetch\" href=\"vpc.html\" title=\"다음 장\" aria-label=\"다음 장\">"
        );
    }

    #[test]
    fn english_gets_only_the_search_keys_and_unknown_titles_stay() {
        let en = translate(PAGE, "en");
        assert_eq!(
            en,
            PAGE.replacen(
                "<p>Press <kbd>Esc</kbd>",
                "<p>Press <kbd>/</kbd> or <kbd>S</kbd> to search this book</p>\n                <p>Press <kbd>Esc</kbd>",
                1
            )
        );
        let odd = "<p class=\"blockquote-tag-title\"><svg></svg>Custom</p><p class=\"blockquote-tag-title\">Tip";
        assert_eq!(translate(odd, "ja"), odd);
        assert_eq!(
            translate("<p class=\"blockquote-tag-title\">Tip</p>", "ja"),
            "<p class=\"blockquote-tag-title\">ヒント</p>"
        );
    }
}
