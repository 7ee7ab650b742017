//! What the site needs beyond the editions mdBook renders: the language
//! chooser at the root and the published JSON Schemas.

use crate::book::BookSetup;
use anyhow::{Context, Result};
use std::path::Path;

/// Add `index.html` and `schemas/` to a freshly rendered site.
pub fn finish(setup: &BookSetup, out_dir: &Path) -> Result<()> {
    let schemas = out_dir.join("schemas");
    std::fs::create_dir_all(&schemas)?;
    for (file, text) in crate::schema::SCHEMAS {
        std::fs::write(schemas.join(file), text).with_context(|| format!("cannot write schemas/{file}"))?;
    }
    std::fs::write(out_dir.join("index.html"), language_chooser(setup)).context("cannot write index.html")?;
    Ok(())
}

fn native_name(lang: &str) -> &str {
    match lang {
        "en" => "English",
        "ja" => "日本語",
        "ko" => "한국어",
        other => other,
    }
}

/// A page that sends the visitor to the edition their browser prefers, and
/// lists every edition for those without JavaScript (or who want another).
fn language_chooser(setup: &BookSetup) -> String {
    let langs = &setup.project.languages;
    let links: String = langs
        .iter()
        .map(|l| {
            let title = setup.project.titles.get(l).map(String::as_str).unwrap_or("");
            format!(
                "    <li><a href=\"{l}/\" hreflang=\"{l}\" lang=\"{l}\">{}</a> <span lang=\"{l}\">{}</span></li>\n",
                native_name(l),
                crate::render::escape_html(title)
            )
        })
        .collect();
    let alternates: String = langs
        .iter()
        .map(|l| format!("  <link rel=\"alternate\" hreflang=\"{l}\" href=\"{l}/\">\n"))
        .collect();
    let list = serde_json::to_string(langs).unwrap_or_else(|_| "[\"en\"]".into());
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Lambda permissions notes</title>
{alternates}  <script>
    // Send the visitor to the first edition their browser asks for; a
    // `?stay` query keeps them on this page to choose by hand.
    (function () {{
      if (location.search.indexOf("stay") !== -1) return;
      var editions = {list};
      var wanted = navigator.languages || [navigator.language || ""];
      for (var i = 0; i < wanted.length; i++) {{
        var code = String(wanted[i]).toLowerCase().split("-")[0];
        if (editions.indexOf(code) !== -1) {{ location.replace(code + "/"); return; }}
      }}
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
    li {{ margin: .5rem 0; font-size: 1.2rem; }}
  </style>
</head>
<body>
  <h1>Lambda permissions notes</h1>
  <p>Choose a language · 言語を選択 · 언어 선택</p>
  <ul>
{links}  </ul>
</body>
</html>
"#
    )
}
