//! What one build has already worked out. The three editions show the same
//! documents from `examples/` and run the same policy tests, so each is
//! checked once per build and the result shared; only what is written in the
//! page's language (summaries, table words) is made per edition.
//!
//! A memo lives as long as one build or check (it sits in `Settings`, made
//! fresh for each), except in `serve`, which keeps one across rebuilds: every
//! entry is keyed by the whole content it was worked out from, so an edited
//! file is never answered from an old result.
//!
//! A memo made with [`Memo::keeping_chapters`] also keeps each chapter's
//! whole checked output ([`ChapterMemo`]), so that a rebuild does not even
//! scan a chapter whose text and example files are as they were.

use crate::checks::policy_tests::Evaluated;
use crate::diagnostics::finding::Finding;
use crate::pipeline::disk_memo::DiskMemo;
use crate::pipeline::file_findings::FileFindings;
use crate::pipeline::reads::Dependency;
use crate::snippet::json_doc::{JsonDoc, SyntaxError};
use crate::snippet::kind::Kind;
use crate::snippet::placeholders::Located;
use serde_json::Value;
use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// Everything about one JSON text that does not depend on where it is shown:
/// ranges are byte offsets into the JSON text itself.
#[derive(Debug)]
pub struct Analysis {
    pub doc: Result<JsonDoc, SyntaxError>,
    pub kind: Option<Kind>,
    pub placeholders: Vec<Located>,
    /// Worked out on first use: the page does not depend on them, so a build
    /// checks them beside the renderer (see `chapter::SnippetRecord::verify`).
    findings: OnceLock<Vec<(Range<usize>, Finding)>>,
}

impl Analysis {
    /// Parse, classify (unless `kind` is given) and find placeholders.
    pub fn of(text: &str, kind: Option<Kind>) -> Analysis {
        let doc = JsonDoc::parse(text);
        let Ok(parsed) = &doc else {
            return Analysis { doc, kind, placeholders: Vec::new(), findings: OnceLock::new() };
        };
        let kind = kind.or_else(|| crate::snippet::kind::classify(&parsed.value));
        let placeholders = crate::snippet::placeholders::locate(parsed, text);
        Analysis { doc, kind, placeholders, findings: OnceLock::new() }
    }

    /// What checking the document as its kind finds (nothing without a kind
    /// or a parsed document).
    pub fn findings(&self) -> &[(Range<usize>, Finding)] {
        self.findings.get_or_init(|| match (&self.doc, self.kind) {
            (Ok(parsed), Some(kind)) => crate::checks::check::check_document(parsed, kind)
                .into_iter()
                .map(|f| (parsed.locate(&f.target.pointer, f.target.at_key), f))
                .collect(),
            _ => Vec::new(),
        })
    }
}

/// Which policy test: the block's text, whom it is attached to, and the policy.
struct PolicyTestKey {
    policy_id: String,
    kind: Kind,
    policy: Value,
    body: String,
    attached_to: Option<String>,
}

/// Analyses by JSON text.
type ByText = HashMap<String, Arc<Analysis>>;
/// (notation language, block body, the JSON it restates)
type NotationKey = (String, String, Value);

#[derive(Default)]
pub struct Memo {
    /// By the kind a block declares, then by JSON text (looked up without a copy)
    analyses: Mutex<HashMap<Option<Kind>, ByText>>,
    policy_tests: ByContent<PolicyTestKey, Evaluated>,
    notations: ByContent<NotationKey, Vec<Finding>>,
    /// Whole chapters (only in a memo that keeps them).
    chapters: Option<ChapterMemo>,
    /// Each chapter file's text hygiene (only in a memo that keeps chapters).
    file_findings: Option<FileFindings>,
    /// Whole chapters on disk, between builds (only when asked for).
    disk: Option<DiskMemo>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Memo {
    /// A memo that also keeps every chapter's checked output (`serve`).
    pub fn keeping_chapters() -> Memo {
        Memo { chapters: Some(ChapterMemo::default()), file_findings: Some(FileFindings::default()), ..Memo::default() }
    }

    /// The findings kept per chapter file, when this memo keeps chapters.
    pub fn file_findings(&self) -> Option<&FileFindings> {
        self.file_findings.as_ref()
    }

    /// The chapter memo, when this memo keeps chapters.
    pub fn chapters(&self) -> Option<&ChapterMemo> {
        self.chapters.as_ref()
    }

    /// This memo, also reading and writing checked chapters in `disk`.
    pub fn with_disk(self, disk: Option<DiskMemo>) -> Memo {
        Memo { disk, ..self }
    }

    /// The disk memo, when checked chapters are kept between builds.
    pub fn disk(&self) -> Option<&DiskMemo> {
        self.disk.as_ref()
    }

    /// How many results it holds (`serve` starts a new memo past a bound).
    pub fn len(&self) -> usize {
        lock(&self.analyses).values().map(HashMap::len).sum::<usize>() + self.policy_tests.len() + self.notations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The analysis of `text` checked as `kind` (or classified when `None`).
    pub fn analysis(&self, text: &str, kind: Option<Kind>) -> Arc<Analysis> {
        if let Some(found) = lock(&self.analyses).get(&kind).and_then(|by_text| by_text.get(text)) {
            return Arc::clone(found);
        }
        // Computed outside the lock: two chapters checked side by side may
        // both compute a shared document once; either result is the same.
        let analysis = Arc::new(Analysis::of(text, kind));
        lock(&self.analyses).entry(kind).or_default().entry(text.to_string()).or_insert_with(|| Arc::clone(&analysis));
        analysis
    }

    /// The evaluated cases of a policy-test block.
    pub fn policy_test(
        &self,
        policy_id: &str,
        kind: Kind,
        policy: &Value,
        body: &str,
        attached_to: Option<&str>,
    ) -> Arc<Evaluated> {
        let hash = self.policy_tests.hash_of(&(policy_id, kind, policy, body, attached_to));
        let same = |k: &PolicyTestKey| {
            k.policy_id == policy_id
                && k.kind == kind
                && k.body == body
                && k.attached_to.as_deref() == attached_to
                && k.policy == *policy
        };
        self.policy_tests.found_or_made(hash, same, || {
            let key = PolicyTestKey {
                policy_id: policy_id.to_string(),
                kind,
                policy: policy.clone(),
                body: body.to_string(),
                attached_to: attached_to.map(str::to_string),
            };
            (key, crate::checks::policy_tests::evaluate(policy_id, kind, policy, body, attached_to))
        })
    }

    /// What comparing a notation block (CLI, CloudFormation, Terraform) with
    /// the JSON it restates found.
    pub fn notation(&self, language: &str, body: &str, policy: &Value) -> Arc<Vec<Finding>> {
        let hash = self.notations.hash_of(&(language, body, policy));
        let same = |(l, b, p): &NotationKey| l == language && b == body && p == policy;
        self.notations.found_or_made(hash, same, || {
            let key = (language.to_string(), body.to_string(), policy.clone());
            (key, crate::checks::notations::check_notation(language, body, policy))
        })
    }
}

/// Everything a chapter's checked output depends on besides the files the
/// check reads (those are [`Dependency`]s, looked at again on every lookup)
/// and the engine itself (a memo never outlives its process).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ChapterKey {
    /// The path shown in diagnostics.
    pub name: String,
    pub lang: String,
    /// Folders deep in its edition (links to the root depend on it).
    pub depth: usize,
    pub text: String,
    pub require_examples: bool,
    pub examples_dir: PathBuf,
}

/// A chapter's output, kept as `Any`: the pipeline's output type lives above
/// this file (`chapter` imports the memo), and only `chapter` reads it back.
pub type KeptOutput = Arc<dyn Any + Send + Sync>;

struct ChapterEntry {
    key: ChapterKey,
    reads: Arc<Vec<Dependency>>,
    output: KeptOutput,
}

/// (chapter, edition) → its last checked output: one entry a chapter, so it
/// is bounded by the book's size however long `serve` runs.
#[derive(Default)]
pub struct ChapterMemo {
    entries: Mutex<HashMap<(String, String), ChapterEntry>>,
}

impl ChapterMemo {
    /// The output kept for exactly `key`, if every file its check read still
    /// reads the same (looked at outside the lock: chapters are checked side
    /// by side).
    pub fn get(&self, key: &ChapterKey) -> Option<KeptOutput> {
        let (reads, output) = {
            let entries = lock(&self.entries);
            let entry = entries.get(&(key.name.clone(), key.lang.clone()))?;
            if entry.key != *key {
                return None;
            }
            (Arc::clone(&entry.reads), Arc::clone(&entry.output))
        };
        reads.iter().all(Dependency::still_holds).then_some(output)
    }

    /// Keep `output`, worked out from `key` and what `reads` saw (replacing
    /// what the chapter had).
    pub fn keep(&self, key: ChapterKey, reads: Vec<Dependency>, output: KeptOutput) {
        let at = (key.name.clone(), key.lang.clone());
        lock(&self.entries).insert(at, ChapterEntry { key, reads: Arc::new(reads), output });
    }

    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Results keyed by content: found by the hash of the whole key, then
/// compared whole (two keys with the same hash are both kept). The hash is
/// worked out from borrowed parts, so a lookup copies nothing.
struct ByContent<K, V> {
    hasher: RandomState,
    buckets: Mutex<HashMap<u64, Vec<(K, Arc<V>)>>>,
}

impl<K, V> Default for ByContent<K, V> {
    fn default() -> Self {
        ByContent { hasher: RandomState::new(), buckets: Mutex::new(HashMap::new()) }
    }
}

impl<K, V> ByContent<K, V> {
    /// The hash of a key given as its parts (the same parts, in the same
    /// order, for a lookup and for the entry it finds).
    fn hash_of(&self, parts: &impl Hash) -> u64 {
        self.hasher.hash_one(parts)
    }

    /// The entry under `hash` whose key is `same`, or a new one from `make`
    /// (computed outside the lock).
    fn found_or_made(&self, hash: u64, same: impl Fn(&K) -> bool, make: impl FnOnce() -> (K, V)) -> Arc<V> {
        if let Some((_, found)) = lock(&self.buckets).get(&hash).and_then(|b| b.iter().find(|(k, _)| same(k))) {
            return Arc::clone(found);
        }
        let (key, value) = make();
        let value = Arc::new(value);
        let mut buckets = lock(&self.buckets);
        let bucket = buckets.entry(hash).or_default();
        // Two chapters checked side by side may both have made it.
        if let Some((_, found)) = bucket.iter().find(|(k, _)| same(k)) {
            return Arc::clone(found);
        }
        bucket.push((key, Arc::clone(&value)));
        value
    }

    fn len(&self) -> usize {
        lock(&self.buckets).values().map(Vec::len).sum()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_the_same_hash_are_told_apart_whole() {
        let memo: ByContent<String, usize> = ByContent::default();
        let made = |key: &str, n: usize| memo.found_or_made(7, |k: &String| k == key, || (key.to_string(), n));
        assert_eq!(*made("a", 1), 1);
        assert_eq!(*made("b", 2), 2, "same hash, other key: made anew");
        assert_eq!(*made("a", 3), 1, "found whole");
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn a_policy_test_is_found_by_its_whole_key() {
        let memo = Memo::default();
        let policy: Value = serde_json::json!({"Version": "2012-10-17", "Statement": []});
        let reordered: Value = serde_json::json!({"Statement": [], "Version": "2012-10-17"});
        let a = memo.policy_test("p", Kind::IdentityPolicy, &policy, "", None);
        // Equal JSON (objects compare without order) is the same entry.
        assert!(Arc::ptr_eq(&a, &memo.policy_test("p", Kind::IdentityPolicy, &reordered, "", None)));
        let other: Value = serde_json::json!({"Version": "2008-10-17", "Statement": []});
        assert!(!Arc::ptr_eq(&a, &memo.policy_test("p", Kind::IdentityPolicy, &other, "", None)));
        assert!(!Arc::ptr_eq(&a, &memo.policy_test("q", Kind::IdentityPolicy, &policy, "", None)));
        assert!(!Arc::ptr_eq(&a, &memo.policy_test("p", Kind::IdentityPolicy, &policy, "", Some("r"))));
        assert_eq!(memo.len(), 4);
    }
}
