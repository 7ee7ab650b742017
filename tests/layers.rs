//! The engine's layers (issue 18 §3): every file under `engine/` sits in the
//! layer of its top folder, imports (`use crate::…`, `super::…`, paths in
//! code) only from its own layer or lower ones, and no two files import each
//! other, directly or round a circle. `engine/lib.rs` shows the same table.
//!
//! Two kinds of import are not held to the circle rule, and say why here:
//! - a folder's `mod.rs` using the files in its folder: it declares them, so
//!   it is their face, not their neighbour (a file inside still must not make
//!   a circle with its siblings);
//! - code under `#[cfg(test)]`: a unit test may drive a neighbour that uses
//!   the file under test; it is held to the layers, but adds no circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (top folder or root file, layer): higher layers may import lower ones.
const LAYERS: &[(&str, u8)] = &[
    ("diagnostics", 1),
    ("settings", 2),
    ("snippet", 3),
    ("checks", 4),
    ("pipeline", 5),
    ("book", 6),
    ("site", 6),
    ("commands", 7),
    ("main.rs", 7),
    ("lib.rs", 8),
];

type Module = Vec<String>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    to: String,
    test_only: bool,
}

/// A file's module path: `checks/iam/arns.rs` → [checks, iam, arns].
fn module_of(rel: &str) -> Module {
    let mut parts: Module = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

/// The source with comments, strings and char literals blanked out (so a
/// path in a doc comment or a message is not an import), same length.
fn code_only(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if !prev_ident && (c == 'r' || (c == 'b' && next == Some('r'))) && raw_string_start(&chars, i).is_some()
        {
            let (hashes, body) = raw_string_start(&chars, i).unwrap();
            for &ch in &chars[i..body] {
                blank(&mut out, ch);
            }
            i = body;
            while i < chars.len() {
                if chars[i] == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // an escaped char literal: '\n', '\'', '\u{1F600}'
            out.push(' ');
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push_str("  ");
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// At `r"`, `r#"`, `br"`…: (number of #, index after the opening quote).
fn raw_string_start(chars: &[char], mut i: usize) -> Option<(usize, usize)> {
    if chars[i] == 'b' {
        i += 1;
    }
    i += 1;
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    (chars.get(i) == Some(&'"')).then_some((hashes, i + 1))
}

/// A tiny reader of the token stream that matters: identifiers, `::`, braces, `,`.
struct Tokens {
    items: Vec<(String, usize)>,
}

fn tokens(code: &str) -> Tokens {
    let mut items = Vec::new();
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                i += 1;
            }
            items.push((chars[start..i].iter().map(|(_, c)| c).collect(), at));
            continue;
        }
        if c == ':' && chars.get(i + 1).map(|x| x.1) == Some(':') {
            items.push(("::".to_string(), at));
            i += 2;
            continue;
        }
        if !c.is_whitespace() {
            items.push((c.to_string(), at));
        }
        i += 1;
    }
    Tokens { items }
}

fn is_ident(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The paths of one use tree (or a path in code) starting at token `i`:
/// `a::b::{c, d::{e, f}}` → a::b::c, a::b::d::e, a::b::d::f.
fn paths_at(t: &Tokens, mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        let Some((tok, _)) = t.items.get(i) else { break };
        if tok == "{" {
            i += 1;
            loop {
                match t.items.get(i).map(|x| x.0.as_str()) {
                    Some("}") => return i + 1,
                    Some(",") => i += 1,
                    None => return i,
                    _ => i = paths_at(t, i, &path, out),
                }
            }
        }
        if is_ident(tok) || tok == "*" {
            if tok != "*" {
                path.push(tok.clone());
            }
            i += 1;
            if t.items.get(i).map(|x| x.0.as_str()) == Some("::") {
                i += 1;
                continue;
            }
            if t.items.get(i).map(|x| x.0.as_str()) == Some("as") {
                i += 2;
            }
        }
        break;
    }
    out.push(path);
    i
}

/// Every module path a file names, resolved against where it is named, with
/// whether it is named under `#[cfg(test)]`.
fn named_paths(module: &Module, code: &str) -> Vec<(Module, bool)> {
    let t = tokens(code);
    let mut found = Vec::new();
    // inline modules open at a brace depth: (name, depth, under cfg(test))
    let mut inline: Vec<(String, usize, bool)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < t.items.len() {
        let tok = t.items[i].0.as_str();
        match tok {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|m| m.1 == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            "mod" if t.items.get(i + 2).is_some_and(|x| x.0 == "{") => {
                let test = cfg_test_before(&t, i) || inline.last().is_some_and(|m| m.2);
                inline.push((t.items[i + 1].0.clone(), depth + 1, test));
                depth += 1;
                i += 3;
                continue;
            }
            "crate" | "super" | "self" | "lambda_notes"
                if t.items.get(i + 1).is_some_and(|x| x.0 == "::") && (i == 0 || t.items[i - 1].0 != "::") =>
            {
                let mut paths = Vec::new();
                let end = paths_at(&t, i, &[], &mut paths);
                let here: Module = module.iter().cloned().chain(inline.iter().map(|m| m.0.clone())).collect();
                let test = inline.last().is_some_and(|m| m.2) || module.last().is_some_and(|m| m == "tests");
                for path in paths {
                    found.push((resolve(&here, &path), test));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the item starting at token `i` carries `#[cfg(test)]`.
fn cfg_test_before(t: &Tokens, i: usize) -> bool {
    let mut j = i;
    while j > 0 && t.items[j - 1].0 == "pub" {
        j -= 1;
    }
    j >= 7
        && t.items[j - 7..j].iter().map(|x| x.0.as_str()).collect::<Vec<_>>()
            == ["#", "[", "cfg", "(", "test", ")", "]"]
}

fn resolve(here: &Module, path: &[String]) -> Module {
    let mut base: Module = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate" | "lambda_notes") => rest = &path[1..],
        _ => {
            base = here.clone();
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    base
}

/// engine/**/*.rs, relative, with `/`.
fn engine_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// The imports between files of a source tree given as (relative path, text).
fn imports(files: &[(String, String)]) -> Vec<Import> {
    let lib: BTreeMap<Module, &str> =
        files.iter().filter(|(rel, _)| rel != "main.rs").map(|(rel, _)| (module_of(rel), rel.as_str())).collect();
    let mut out = BTreeSet::new();
    for (rel, text) in files {
        let module = if rel == "main.rs" { Vec::new() } else { module_of(rel) };
        for (path, test_only) in named_paths(&module, &code_only(text)) {
            // main.rs's own `crate::` is the binary, not the library
            let target = (0..=path.len()).rev().find_map(|n| lib.get(&path[..n]));
            let Some(&to) = target else { continue };
            let folder_face = rel.ends_with("mod.rs") || rel == "lib.rs";
            let inside = path.starts_with(&module) && path.len() > module.len();
            if to == rel || (folder_face && inside && module_of(to).starts_with(&module)) {
                continue;
            }
            if rel == "main.rs" && to == "lib.rs" {
                continue;
            }
            out.insert(Import { from: rel.clone(), to: to.to_string(), test_only });
        }
    }
    // an import in code and under cfg(test): the code one counts
    let strong: BTreeSet<(String, String)> =
        out.iter().filter(|i| !i.test_only).map(|i| (i.from.clone(), i.to.clone())).collect();
    out.into_iter().filter(|i| !i.test_only || !strong.contains(&(i.from.clone(), i.to.clone()))).collect()
}

fn layer_of(rel: &str) -> Option<u8> {
    let top = rel.split('/').next().unwrap();
    LAYERS.iter().find(|(name, _)| *name == top).map(|(_, layer)| *layer)
}

/// Files not in the table, and imports from a lower layer to a higher one.
fn layer_violations(files: &[(String, String)], imports: &[Import]) -> Vec<String> {
    let mut out: Vec<String> = files
        .iter()
        .filter(|(rel, _)| layer_of(rel).is_none())
        .map(|(rel, _)| format!("engine/{rel} is in no layer (add its folder to LAYERS)"))
        .collect();
    for i in imports {
        let (Some(from), Some(to)) = (layer_of(&i.from), layer_of(&i.to)) else { continue };
        if to > from {
            out.push(format!("engine/{} (layer {from}) imports engine/{} (layer {to})", i.from, i.to));
        }
    }
    out
}

/// Every circle between files (strongly connected parts of more than one
/// file), leaving out imports made only under cfg(test).
fn circles(imports: &[Import]) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for i in imports.iter().filter(|i| !i.test_only) {
        next.entry(&i.from).or_default().push(&i.to);
        next.entry(&i.to).or_default();
    }
    // Tarjan, iteratively small enough to recurse: the engine has ~100 files
    struct State<'a> {
        next: &'a BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in &s.next[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut part = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                part.push(format!("engine/{w}"));
                if w == v {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                s.found.push(part);
            }
        }
    }
    let mut state = State {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for &v in next.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

fn read_engine() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("engine");
    engine_files(&root)
        .into_iter()
        .map(|rel| (rel.clone(), std::fs::read_to_string(root.join(&rel)).unwrap()))
        .collect()
}

#[test]
fn every_engine_file_imports_only_its_own_layer_or_lower_ones() {
    let files = read_engine();
    let found = imports(&files);
    // the reader must see the engine's imports at all, or the rules below hold vacuously
    assert!(found.len() > 150, "only {} imports between files found: is the reader broken?", found.len());
    let bad = layer_violations(&files, &found);
    assert!(bad.is_empty(), "imports against the layers (lib.rs, tests/layers.rs LAYERS):\n  {}", bad.join("\n  "));
}

#[test]
fn no_two_engine_files_import_each_other_even_round_a_circle() {
    let found = imports(&read_engine());
    let circles = circles(&found);
    let shown: Vec<String> = circles
        .iter()
        .map(|c| {
            let edges: Vec<String> = found
                .iter()
                .filter(|i| {
                    !i.test_only && c.contains(&format!("engine/{}", i.from)) && c.contains(&format!("engine/{}", i.to))
                })
                .map(|i| format!("{} → {}", i.from, i.to))
                .collect();
            edges.join(", ")
        })
        .collect();
    assert!(shown.is_empty(), "circles between engine files:\n  {}", shown.join("\n  "));
}

#[test]
fn the_layer_table_in_lib_rs_matches_this_one() {
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("engine/lib.rs")).unwrap();
    for (name, layer) in LAYERS.iter().filter(|(name, _)| *name != "lib.rs") {
        let shown = if name.ends_with(".rs") { format!("`{name}`") } else { format!("`{name}/`") };
        let row = lib.lines().find(|l| l.contains(&shown));
        assert!(
            row.is_some_and(|r| r.trim_start_matches("//!").trim().starts_with(&format!("| {layer} |"))),
            "lib.rs's layer table should show {shown} in layer {layer}: {row:?}"
        );
    }
}

// The reader itself, on made-up trees: each rule can fail.

fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn an_import_upwards_is_reported() {
    let files = tree(&[
        ("lib.rs", "pub mod diagnostics; pub mod book;"),
        ("diagnostics/mod.rs", "pub mod diag;"),
        ("diagnostics/diag.rs", "use crate::book::BookSetup;"),
        ("book/mod.rs", "pub struct BookSetup;"),
    ]);
    let bad = layer_violations(&files, &imports(&files));
    assert_eq!(bad, ["engine/diagnostics/diag.rs (layer 1) imports engine/book/mod.rs (layer 6)"]);
}

#[test]
fn a_file_outside_every_layer_is_reported() {
    let files = tree(&[("lib.rs", "pub mod stray;"), ("stray.rs", "")]);
    assert_eq!(
        layer_violations(&files, &imports(&files)),
        ["engine/stray.rs is in no layer (add its folder to LAYERS)"]
    );
}

#[test]
fn a_circle_through_super_and_groups_is_found_and_comments_and_strings_are_not_imports() {
    let files = tree(&[
        ("lib.rs", "pub mod checks;"),
        ("checks/mod.rs", "pub mod eval; pub mod iam;"),
        ("checks/eval/mod.rs", "mod a; mod b; mod c; pub struct Shared;"),
        ("checks/eval/a.rs", "use super::{b::{self, B}, Shared};"),
        ("checks/eval/b.rs", "pub fn f() { super::c::g() }"),
        (
            "checks/eval/c.rs",
            "use crate::checks::eval::a::A; // crate::checks::iam::x\nconst S: &str = \"crate::checks::iam::y\";",
        ),
        ("checks/iam/mod.rs", "/* use crate::checks::eval::a; */ fn f<'a>(c: char) -> bool { c == '{' }"),
    ]);
    let found = imports(&files);
    assert_eq!(
        circles(&found),
        [vec!["engine/checks/eval/a.rs", "engine/checks/eval/b.rs", "engine/checks/eval/c.rs"]]
    );
    assert!(!found.iter().any(|i| i.to.starts_with("checks/iam") || i.from.starts_with("checks/iam")), "{found:?}");
    // a child using its folder's mod.rs counts; the mod.rs using its children does not
    assert!(found.iter().any(|i| i.from == "checks/eval/a.rs" && i.to == "checks/eval/mod.rs"));
    assert!(!found.iter().any(|i| i.from == "checks/eval/mod.rs"));
}

#[test]
fn a_circle_made_only_by_a_unit_test_is_not_a_circle_but_an_upward_one_still_is_reported() {
    let files = tree(&[
        ("lib.rs", "pub mod checks; pub mod pipeline;"),
        ("checks/mod.rs", "pub mod a; pub mod b;"),
        ("checks/a.rs", "use crate::checks::b::B;"),
        ("checks/b.rs", "pub struct B;\n#[cfg(test)]\nmod tests { use crate::checks::a; use crate::pipeline::P; }"),
        ("pipeline/mod.rs", "pub struct P;"),
    ]);
    let found = imports(&files);
    assert!(circles(&found).is_empty(), "{found:?}");
    assert_eq!(
        layer_violations(&files, &found),
        ["engine/checks/b.rs (layer 4) imports engine/pipeline/mod.rs (layer 5)"]
    );
}

// Paths into engine/ that prose names (comments, hints, docs, the theme):
// the regrouping moved every file once, and a path that names no file sends
// the reader nowhere.

/// Where prose may name engine paths: (folder or file, relative to the crate).
/// Not mutants.out (a run's log) nor this file (its made-up trees).
const PROSE: &[&str] = &[
    "README.md",
    "Cargo.toml",
    "book.toml",
    ".cargo",
    ".ci",
    ".github",
    "data",
    "docs",
    "engine",
    "examples",
    "fuzz/fuzz_targets",
    "schemas",
    "src",
    "tests",
    "theme",
    "tools",
];

/// The `engine/…` paths a text names: from `engine/` to the first character
/// that cannot be in a path, less a sentence's full stop. A path that only
/// ends in `engine/` (`../engine/x`, `/work/engine/`) is not one of ours.
fn engine_paths(text: &str) -> Vec<&str> {
    let in_path = |c: char| c.is_ascii_alphanumeric() || "_-./".contains(c);
    text.match_indices("engine/")
        .filter(|(at, _)| !text[..*at].ends_with(in_path))
        .map(|(at, _)| {
            let len = text[at..].find(|c: char| !in_path(c)).unwrap_or(text.len() - at);
            text[at..at + len].trim_end_matches('.')
        })
        .collect()
}

/// Every text file under `PROSE`, relative to the crate, with `/`.
fn prose_files(root: &Path) -> Vec<String> {
    fn walk(path: &Path, root: &Path, out: &mut Vec<String>) {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "node_modules" || n == "artifacts") {
                return;
            }
            for entry in std::fs::read_dir(path).unwrap() {
                walk(&entry.unwrap().path(), root, out);
            }
        } else if path.is_file() {
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
    let mut out = Vec::new();
    for top in PROSE {
        walk(&root.join(top), root, &mut out);
    }
    out.retain(|f| f != "tests/layers.rs");
    out.sort();
    out
}

#[test]
fn every_engine_path_that_prose_names_exists() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for file in prose_files(&root) {
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else { continue }; // not text
        for path in engine_paths(&text) {
            if !root.join(path).exists() {
                missing.push(format!("{file} names {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "paths that name no file (the layer folders moved them?):\n{}", missing.join("\n"));
}

#[test]
fn engine_paths_are_read_whole_and_only_when_they_start_at_engine() {
    let text = "a code from engine/codes.rs. See (engine/site/) and `engine/checks/iam/arns.rs`, \
                not ../engine/x.rs or /work/engine/y";
    assert_eq!(engine_paths(text), ["engine/codes.rs", "engine/site/", "engine/checks/iam/arns.rs"]);
}
