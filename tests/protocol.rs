//! The mdBook preprocessor protocol, through the real binary: `supports`,
//! then `[context, book]` on stdin and the processed book on stdout.

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use std::io::Write;
use std::process::{Command, Stdio};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lambda-notes"))
}

#[test]
fn supports_every_renderer() {
    let status = binary().args(["preprocess", "supports", "html"]).status().unwrap();
    assert!(status.success());
}

fn run(content: &str) -> (std::process::Output, Option<String>) {
    let root = std::env::temp_dir();
    let ctx = PreprocessorContext::new(root, Config::default(), "html".to_string());
    let mut book = Book::new();
    book.push_item(Chapter::new("One", content.to_string(), "one.md", vec![]));
    let input = serde_json::to_string(&(ctx, book)).unwrap();
    let mut child =
        binary().arg("preprocess").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let processed = serde_json::from_slice::<Book>(&output.stdout).ok().and_then(|b| {
        b.iter().find_map(|item| match item {
            BookItem::Chapter(ch) => Some(ch.content.clone()),
            _ => None,
        })
    });
    (output, processed)
}

#[test]
fn rewrites_a_valid_snippet_and_passes_the_book_back() {
    let doc = "# One\n\n```json kind=trust-policy\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}\n```\n";
    let (output, content) = run(doc);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let content = content.unwrap();
    assert!(content.contains("ln-badge"), "{content}");
    assert!(content.contains("```json\n{\"Version\""), "the copyable JSON stays a plain json fence: {content}");
}

#[test]
fn fails_the_build_on_an_error_and_says_where() {
    let (output, _) = run("# One\n\n```json\n{\"a\": 1,}\n```\n");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("INVALID_JSON") && stderr.contains("one.md:4:"), "{stderr}");
}
