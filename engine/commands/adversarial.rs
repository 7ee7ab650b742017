//! `lambda-notes bench --adversarial`: inputs built to make a careless
//! algorithm slow (quadratic loops, deep recursion, huge output), each
//! checked in-process at a given size, with its wall time and throughput.
//! The shapes are the blow-ups of issue #13; every one must stay linear.

use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::report;
use crate::pipeline::chapter;
use crate::pipeline::chapter_settings::Settings;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// What a case is: a chapter (Markdown) or a bare JSON document.
enum Input {
    Markdown(String),
    Json(String),
}

impl Input {
    fn len(&self) -> usize {
        match self {
            Input::Markdown(t) | Input::Json(t) => t.len(),
        }
    }
}

/// Builds an input of about the given size in bytes.
type Generator = fn(usize) -> Input;

/// The adversarial cases, by name.
const CASES: &[(&str, Generator)] = &[
    ("repeated-action-resource", repeated_action_resource),
    ("many-json-blocks", many_json_blocks),
    ("one-line-many-findings", one_line_many_findings),
    ("deep-yaml-same-as", deep_yaml_same_as),
    ("deep-flow-yaml-same-as", deep_flow_yaml_same_as),
    ("long-glob-pattern", long_glob_pattern),
    ("long-action-name", long_action_name),
    ("many-sids", many_sids),
    ("big-json-array", big_json_array),
    ("deep-json-nesting", deep_json_nesting),
];

/// Run every case (or those whose name contains `only`) at each size. With
/// `save_to`, write the inputs there instead (to time `lambda-notes check`
/// itself, or an older build, on them).
pub fn run(sizes: &[usize], only: Option<&str>, save_to: Option<&Path>) -> Result<i32> {
    let root = std::env::current_dir()?;
    for &size in sizes {
        for (name, build) in CASES.iter().filter(|(n, _)| only.is_none_or(|o| n.contains(o))) {
            let input = build(size);
            let bytes = input.len();
            if let Some(dir) = save_to {
                std::fs::create_dir_all(dir)?;
                let (extension, text) = match &input {
                    Input::Markdown(t) => ("md", t),
                    Input::Json(t) => ("json", t),
                };
                std::fs::write(dir.join(format!("{name}-{size}.{extension}")), text)?;
                continue;
            }
            let start = Instant::now();
            let diagnostics = check(&root, &input);
            let checked = start.elapsed().as_secs_f64();
            let start = Instant::now();
            let printed = report::human(&diagnostics).len();
            let rendered = start.elapsed().as_secs_f64();
            println!(
                "{name:<26} {bytes:>9} B: check {:>9.1} ms = {:>7.1} MB/s; {:>5} findings; human output {:>10} B in {:>8.1} ms",
                checked * 1000.0,
                bytes as f64 / checked / 1e6,
                diagnostics.len(),
                printed,
                rendered * 1000.0,
            );
        }
    }
    if save_to.is_none() && only.is_none_or(|o| "symlink-cycle".contains(o)) {
        symlink_cycle()?;
    }
    Ok(0)
}

fn check(root: &Path, input: &Input) -> Vec<Diagnostic> {
    match input {
        Input::Markdown(text) => {
            let settings = Settings::for_root(root);
            chapter::process(&settings, "adversarial.md", text, 0, "en").diagnostics
        }
        Input::Json(text) => crate::pipeline::inputs::check_json("adversarial.json", text.clone(), None),
    }
}

/// `check DIR` on a folder holding two links to itself: without cycle
/// detection the walk is exponential (and never ends).
fn symlink_cycle() -> Result<()> {
    #[cfg(unix)]
    {
        let dir = std::env::temp_dir().join(format!("lambda-notes-cycle-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("p.json"), "{}\n")?;
        for link in ["a", "b"] {
            let _ = std::os::unix::fs::symlink(".", dir.join(link));
        }
        let start = Instant::now();
        let collected = crate::pipeline::inputs::collect(std::slice::from_ref(&dir));
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        let _ = std::fs::remove_dir_all(&dir);
        let collected = collected?;
        println!(
            "{:<26} two self-links: collect {:>9.1} ms; {} files, {} skipped",
            "symlink-cycle",
            elapsed,
            collected.files.len(),
            collected.skipped.len()
        );
    }
    Ok(())
}

/// Repeat `unit` until the text (with `head` and `tail`) is about `size` bytes.
fn repeated(head: &str, unit: &str, separator: &str, tail: &str, size: usize) -> String {
    let count = (size.saturating_sub(head.len() + tail.len()) / (unit.len() + separator.len())).max(1);
    let mut out = String::with_capacity(size + unit.len());
    out.push_str(head);
    for i in 0..count {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(unit);
    }
    out.push_str(tail);
    out
}

/// One statement whose `Action` and `Resource` repeat one value thousands of times.
fn repeated_action_resource(size: usize) -> Input {
    let actions = repeated("", "\"s3:GetObject\"", ",", "", size / 2);
    let resources = repeated("", "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"", ",", "", size / 2);
    Input::Json(format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[{actions}],\"Resource\":[{resources}]}}]}}"
    ))
}

/// Tens of thousands of small ```json blocks without `id=`.
fn many_json_blocks(size: usize) -> Input {
    Input::Markdown(repeated("# Many\n\n", "```json\n{\"a\": 1}\n```\n", "\n", "", size))
}

/// A minified policy (one line) with a finding every few dozen bytes.
fn one_line_many_findings(size: usize) -> Input {
    let mut actions = String::new();
    let mut i = 0;
    while actions.len() + 120 < size {
        if i > 0 {
            actions.push(',');
        }
        let _ = write!(actions, "\"lambda:NoSuchAction{i}\"");
        i += 1;
    }
    Input::Json(format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[{actions}],\"Resource\":\"*\"}}]}}"
    ))
}

const GRANT: &str = "```json kind=resource-policy id=grant\n{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\
\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\
\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:my-function\"}]}\n```\n\n";

/// A `same-as` YAML block nested as deep as its size allows (block style).
fn deep_yaml_same_as(size: usize) -> Input {
    let mut yaml = String::from("Resources:\n");
    let mut depth = 1;
    while yaml.len() + depth * 2 + 8 < size {
        let _ = writeln!(yaml, "{}k{depth}:", "  ".repeat(depth));
        depth += 1;
    }
    Input::Markdown(format!("{GRANT}```yaml same-as=grant\n{yaml}```\n"))
}

/// A `same-as` YAML block of nested flow sequences: `[[[[…]]]]`.
fn deep_flow_yaml_same_as(size: usize) -> Input {
    let depth = size.saturating_sub(GRANT.len() + 40) / 2;
    let yaml = format!("Resources: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    Input::Markdown(format!("{GRANT}```yaml same-as=grant\n{yaml}```\n"))
}

/// A policy-test whose resource pattern makes a backtracking glob try every
/// start: `*aaaa…ab` against `aaaa…a`.
fn long_glob_pattern(size: usize) -> Input {
    let half = size.saturating_sub(600) / 2;
    let prefix = "arn:aws:lambda:us-east-1:123456789012:function:";
    let pattern = format!("{prefix}*{}b", "a".repeat(half / 2));
    let resource = format!("{prefix}{}", "a".repeat(half));
    Input::Markdown(format!(
        "```json kind=resource-policy id=glob\n{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\
\"Principal\":{{\"Service\":\"s3.amazonaws.com\"}},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"{pattern}\"}}]}}\n```\n\n\
```policy-test\ndeny principal=service:s3.amazonaws.com action=lambda:InvokeFunction resource={resource}\n```\n"
    ))
}

/// One action name of nearly the whole size: a suggestion by edit distance
/// against every known action would take seconds.
fn long_action_name(size: usize) -> Input {
    let name = format!("lambda:InvokeFunctio{}", "n".repeat(size.saturating_sub(120)));
    Input::Json(format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"{name}\",\"Resource\":\"*\"}}]}}"
    ))
}

/// Thousands of statements, each with its own `Sid`.
fn many_sids(size: usize) -> Input {
    let mut statements = String::new();
    let mut i = 0;
    while statements.len() + 200 < size {
        if i > 0 {
            statements.push(',');
        }
        let _ = write!(
            statements,
            "{{\"Sid\":\"S{i}\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/{i}\"}}"
        );
        i += 1;
    }
    Input::Json(format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{statements}]}}"))
}

/// A flat array of small numbers: memory grows with the parsed values.
fn big_json_array(size: usize) -> Input {
    Input::Json(repeated("[", "1", ",", "]", size))
}

/// `[[[[…]]]]` as deep as the size allows.
fn deep_json_nesting(size: usize) -> Input {
    Input::Json(format!("{}{}", "[".repeat(size / 2), "]".repeat(size / 2)))
}
