//! One chapter through the pipeline: scan its fenced blocks, classify and
//! check each JSON snippet, locate the findings, and render the replacements.

use crate::diagnostics::codes;
use crate::diagnostics::diag::{Diagnostic, SourceFile};
use crate::diagnostics::finding::{Finding, Severity};
use crate::pipeline::chapter_record::ChapterRecord;
use crate::pipeline::chapter_settings::Settings;
use crate::pipeline::disk_memo::{DiskMemo, engine_identity};
use crate::pipeline::example_file::ExampleError;
use crate::pipeline::memo::{Analysis, ChapterKey, Memo};
use crate::pipeline::reads::{Dependency, Reads};
use crate::pipeline::stored::{self, StoredEntry, StoredOutput, StoredSnippet};
use crate::snippet::attrs::{self, Attributes};
use crate::snippet::kind::{self, Kind};
use crate::snippet::render::{self, SnippetView};
use crate::snippet::scan::{self, FencedBlock};
use crate::snippet::splice::{self, Replacement};
use std::ops::Range;
use std::sync::Arc;

/// A checked snippet, kept for snapshots and the book-wide rules.
#[derive(Debug)]
pub struct SnippetRecord {
    pub id: String,
    /// The chapter it is in, and the byte range of its info string there:
    /// where the book-wide rules point.
    pub chapter: Arc<SourceFile>,
    pub info_range: std::ops::Range<usize>,
    pub kind: Option<Kind>,
    pub file: Option<String>,
    pub value: Option<serde_json::Value>,
    pub expected: Option<Vec<String>>,
    /// Every finding about it, expected ones included (once it is verified).
    pub findings: Vec<Diagnostic>,
    /// Its checks still to run (only from [`process_unverified`]).
    pending: Option<Verification>,
}

impl SnippetRecord {
    /// A copy of a verified record (what the chapter memo keeps and hands out).
    fn verified_copy(&self) -> SnippetRecord {
        SnippetRecord {
            id: self.id.clone(),
            chapter: Arc::clone(&self.chapter),
            info_range: self.info_range.clone(),
            kind: self.kind,
            file: self.file.clone(),
            value: self.value.clone(),
            expected: self.expected.clone(),
            findings: self.findings.clone(),
            pending: None,
        }
    }

    /// Run the pending checks, if any: what must be reported joins
    /// `diagnostics`, every finding (expected ones included) joins `findings`.
    pub fn verify(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(verification) = self.pending.take() {
            let (report, all) = verification.run();
            diagnostics.extend(report);
            self.findings.extend(all);
        }
    }
}

impl crate::pipeline::exercise::PolicyBlocks for Vec<SnippetRecord> {
    fn iam_policy(&self, id: &str) -> Option<(Kind, serde_json::Value)> {
        let found = self.iter().rev().find(|s| s.id == id);
        found.and_then(|s| Some((s.kind.filter(|k| k.is_iam())?, s.value.clone()?)))
    }
}

#[derive(Debug)]
pub struct ChapterOutput {
    /// The new chapter text, or `None` when nothing was handled (byte-identical).
    pub content: Option<String>,
    /// What must be reported (expected findings of bad examples are not here).
    pub diagnostics: Vec<Diagnostic>,
    pub snippets: Vec<SnippetRecord>,
    /// Its headings and exercises, for the book-wide rules.
    pub record: ChapterRecord,
}

impl ChapterOutput {
    /// A copy of a verified output (see [`SnippetRecord::verified_copy`]).
    fn verified_copy(&self) -> ChapterOutput {
        ChapterOutput {
            content: self.content.clone(),
            diagnostics: self.diagnostics.clone(),
            snippets: self.snippets.iter().map(SnippetRecord::verified_copy).collect(),
            record: self.record.clone(),
        }
    }

    /// A verified output as the disk memo writes it.
    fn stored(&self) -> StoredOutput {
        let mut files = stored::Files::default();
        let diagnostics = self.diagnostics.iter().map(|d| files.diagnostic(d)).collect();
        let snippets = self
            .snippets
            .iter()
            .map(|s| StoredSnippet {
                id: s.id.clone(),
                chapter: files.index(&s.chapter),
                info_start: s.info_range.start,
                info_end: s.info_range.end,
                kind: s.kind.map(|k| k.name().to_string()),
                file: s.file.clone(),
                value: s.value.clone(),
                expected: s.expected.clone(),
                findings: s.findings.iter().map(|d| files.diagnostic(d)).collect(),
            })
            .collect();
        let record_file = files.index(&self.record.file);
        StoredOutput {
            content: self.content.clone(),
            files: files.into_stored(),
            diagnostics,
            snippets,
            record_file,
            headings: self.record.headings.clone(),
            exercise_blocks: self.record.exercises.clone(),
            exercise_count: self.record.exercise_count,
        }
    }

    /// The output [`Self::stored`] wrote; `None` when the entry does not fit
    /// (an unknown kind, a file index or range out of bounds).
    fn from_stored(stored: StoredOutput) -> Option<ChapterOutput> {
        let files = stored::files_of(stored.files);
        let place = |ds: Vec<stored::StoredDiagnostic>| -> Option<Vec<Diagnostic>> {
            ds.into_iter().map(|d| stored::diagnostic_of(&files, d)).collect()
        };
        let mut snippets = Vec::new();
        for s in stored.snippets {
            let kind = match &s.kind {
                Some(name) => Some(Kind::from_name(name)?),
                None => None,
            };
            snippets.push(SnippetRecord {
                id: s.id,
                chapter: Arc::clone(files.get(s.chapter)?),
                info_range: s.info_start..s.info_end,
                kind,
                file: s.file,
                value: s.value,
                expected: s.expected,
                findings: place(s.findings)?,
                pending: None,
            });
        }
        Some(ChapterOutput {
            content: stored.content,
            diagnostics: place(stored.diagnostics)?,
            snippets,
            record: ChapterRecord {
                file: Arc::clone(files.get(stored.record_file)?),
                headings: stored.headings,
                exercises: stored.exercise_blocks,
                exercise_count: stored.exercise_count,
            },
        })
    }

    /// Run the snippets' pending checks (see [`SnippetRecord::verify`]).
    pub fn verify(&mut self) {
        for snippet in &mut self.snippets {
            snippet.verify(&mut self.diagnostics);
        }
    }
}

/// The part of checking a snippet that the page does not show: what the
/// schema and the lints find, and whether a bad example finds exactly what
/// it declares. A build runs it beside mdBook's renderer and publishes the
/// site only when it finds no error, so the page never waits for it.
#[derive(Debug)]
struct Verification {
    analysis: Arc<Analysis>,
    json: JsonSource,
    chapter: Arc<SourceFile>,
    info_range: Range<usize>,
    expect: Option<Vec<String>>,
    /// The notation blocks (`same-as=`) that restate this snippet: they only
    /// ever produce findings, so they are compared here, not before the page.
    notations: Vec<NotationCheck>,
    memo: Arc<Memo>,
}

/// A ```sh / ```yaml / ```hcl block to compare with the JSON it restates.
#[derive(Debug)]
struct NotationCheck {
    language: String,
    body: String,
    /// Its opening fence line in the chapter: where its findings point.
    fence_line: Range<usize>,
}

impl Verification {
    /// (what to report, every finding about the snippet, expected ones included)
    fn run(&self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut findings: Vec<Diagnostic> = match self.analysis.kind {
            Some(_) => self
                .analysis
                .findings()
                .iter()
                .map(|(range, f)| self.json.diagnostic(range.clone(), f.clone()))
                .collect(),
            None => vec![Diagnostic::new(
                &self.chapter,
                self.info_range.clone(),
                Finding::note(codes::UNCLASSIFIED, "this JSON matches no known kind: only its syntax was checked")
                    .with_hint(format!("add `kind=NAME` (one of {})", kind::Kind::names().join(", "))),
            )],
        };
        let all = findings.clone();
        expectations(self.expect.as_deref(), &self.chapter, &self.info_range, &mut findings);
        // A notation's findings are about the notation block, not the
        // snippet: reported, but neither recorded nor held to `expect=`.
        if let Ok(doc) = &self.analysis.doc {
            for notation in &self.notations {
                let found = self.memo.notation(&notation.language, &notation.body, &doc.value);
                findings.extend(
                    found.iter().map(|f| Diagnostic::new(&self.chapter, notation.fence_line.clone(), f.clone())),
                );
            }
        }
        (findings, all)
    }
}

/// Where a snippet's JSON text lives: a file under examples/ (the text is the
/// whole file), or the body of a fenced block in the chapter.
#[derive(Debug)]
struct JsonSource {
    file: Arc<SourceFile>,
    /// The block whose body is the text (`None`: the text is all of `file`).
    block: Option<FencedBlock>,
}

impl JsonSource {
    fn text(&self) -> &str {
        self.block.as_ref().map_or(&self.file.text, |block| &block.body)
    }

    /// A finding at a byte range of the JSON text, placed in its file.
    fn diagnostic(&self, range: Range<usize>, finding: Finding) -> Diagnostic {
        let at = self.block.as_ref().map_or(range.clone(), |block| block.source_range(range));
        Diagnostic::new(&self.file, at, finding)
    }
}

/// Run the pipeline over one chapter. `name` is the path shown in diagnostics,
/// `depth` how many folders deep the chapter sits in its edition, `lang` the edition.
pub fn process(settings: &Settings, name: &str, text: &str, depth: usize, lang: &str) -> ChapterOutput {
    let mut out = process_unverified(settings, name, text, depth, lang);
    out.verify();
    out
}

/// [`process`] with the snippets' findings left pending (see
/// [`SnippetRecord::verify`]): the rewritten chapter is complete, the
/// diagnostics are not — except when the settings' memo keeps chapters:
/// then the output is verified, answered from the memo when the chapter's
/// text, place, settings and every file its check read are as they were.
pub fn process_unverified(settings: &Settings, name: &str, text: &str, depth: usize, lang: &str) -> ChapterOutput {
    let memo = &settings.memo;
    if memo.chapters().is_none() && memo.disk().is_none() {
        return process_with(settings, name, text, depth, lang, &Reads::not_recording());
    }
    let key = ChapterKey {
        name: name.to_string(),
        lang: lang.to_string(),
        depth,
        text: text.to_string(),
        require_examples: settings.require_examples,
        examples_dir: settings.examples_dir.clone(),
    };
    if let Some(kept) = memo.chapters().and_then(|chapters| chapters.get(&key))
        && let Some(out) = kept.downcast_ref::<ChapterOutput>()
    {
        return out.verified_copy();
    }
    let on_disk = memo.disk().map(|disk| (disk, DiskMemo::name_for(&key)));
    if let Some((disk, entry)) = &on_disk
        && let Some((reads, out)) = from_disk(disk, entry, &key)
    {
        if let Some(chapters) = memo.chapters() {
            chapters.keep(key, reads, Arc::new(out.verified_copy()));
        }
        return out;
    }
    let reads = Reads::recording();
    let mut out = process_with(settings, name, text, depth, lang, &reads);
    // Kept verified: an answer from the memo has nothing left to check.
    out.verify();
    let reads = reads.into_list();
    if let Some((disk, entry)) = &on_disk {
        let stored = StoredEntry {
            engine: engine_identity().to_string(),
            key: key.clone(),
            reads: reads.clone(),
            output: out.stored(),
        };
        if let Ok(bytes) = serde_json::to_vec(&stored) {
            disk.store(entry, &bytes);
        }
    }
    if let Some(chapters) = memo.chapters() {
        chapters.keep(key, reads, Arc::new(out.verified_copy()));
    }
    out
}

/// The output kept in the disk memo's `entry` for exactly `key`, with what its
/// check read, when every file read still reads the same. Anything unexpected
/// (no entry, bytes that do not parse, another engine's entry, a key that is
/// not this one) is a miss.
fn from_disk(disk: &DiskMemo, entry: &str, key: &ChapterKey) -> Option<(Vec<Dependency>, ChapterOutput)> {
    let stored: StoredEntry = serde_json::from_slice(&disk.load(entry)?).ok()?;
    if stored.engine != engine_identity() || stored.key != *key || !stored.reads.iter().all(Dependency::still_holds) {
        return None;
    }
    Some((stored.reads, ChapterOutput::from_stored(stored.output)?))
}

/// The pipeline itself, with every file it reads outside the chapter going
/// through `reads`.
fn process_with(settings: &Settings, name: &str, text: &str, depth: usize, lang: &str, reads: &Reads) -> ChapterOutput {
    let chapter = Arc::new(SourceFile { name: name.to_string(), text: text.to_string() });
    let path_to_root = "../".repeat(depth);
    let scanned = scan::scan(text);
    let record = ChapterRecord {
        file: Arc::clone(&chapter),
        headings: scanned.headings,
        exercises: Vec::new(),
        exercise_count: 0,
    };
    let mut out = ChapterOutput { content: None, diagnostics: Vec::new(), snippets: Vec::new(), record };
    let mut replacements = Vec::new();
    // The last JSON document seen (its index in `out.snippets`): what a
    // following policy-test block tests.
    let mut last: Option<usize> = None;
    // Each JSON document's id, once per chapter (a second use is an error).
    let mut ids = Ids::default();
    // Block lines for default ids, counted as the scan goes (not from the
    // top for every block: a chapter of 50,000 blocks stays linear).
    let mut lines = crate::diagnostics::diag::LineCursor::default();
    out.diagnostics.extend(scanned.literal_bold_markers.iter().map(|&at| literal_bold_marker(&chapter, at)));
    // Worked out at the first exercise: most chapters have none.
    let mut anchors: Option<std::collections::HashSet<String>> = None;
    let mut exercises = 0;
    for block in scanned.blocks {
        let language = block.language().to_ascii_lowercase();
        let (diagnostics, replacement) = match language.as_str() {
            // A CloudFormation template written in JSON restates a grant,
            // like a ```yaml one: it is compared, not checked as a policy.
            "json" if is_notation(&block) => (process_json_notation(&chapter, &block, &mut out.snippets), None),
            "json" => {
                let line = lines.line_column(text, block.range.start).0;
                let (record, mut diagnostics, replacement) =
                    process_json_block(settings, reads, &chapter, &block, line, &path_to_root, lang);
                if let Some(record) = record {
                    diagnostics.extend(ids.add(&chapter, &block, &record.id));
                    last = Some(out.snippets.len());
                    out.snippets.push(record);
                }
                (diagnostics, replacement)
            }
            "policy-test" => {
                process_policy_test(settings, &chapter, &block, last.and_then(|i| out.snippets.get(i)), lang)
            }
            "exercise" => {
                exercises += 1;
                out.record.exercises.extend(crate::pipeline::exercise::parity::exercise_block(text, &block));
                let headings = &out.record.headings;
                let anchors = anchors.get_or_insert_with(|| crate::pipeline::exercise::heading_anchors(headings));
                let place = crate::pipeline::exercise::Place {
                    chapter: &chapter,
                    block: &block,
                    fence_line: opening_fence_line(text, &block),
                };
                let context = crate::pipeline::exercise::Context {
                    memo: &settings.memo,
                    snippets: &out.snippets,
                    anchors,
                    lang,
                    number: exercises,
                };
                crate::pipeline::exercise::process(&place, &context)
            }
            _ if block.info.contains("same-as=") => (process_notation(&chapter, &block, &mut out.snippets), None),
            _ => continue,
        };
        out.diagnostics.extend(diagnostics);
        if let Some(text) = replacement {
            let prefix = splice::continuation_prefix(&chapter.text[block.line_start..block.range.start]);
            let mut text = splice::indent_continuation(&text, &prefix);
            let ends_line = chapter.text[block.range.clone()].ends_with('\n');
            if !ends_line {
                text.pop(); // the block's range stops before its last newline
            }
            // The replacement ends with `</div>`, whose HTML block only a
            // blank line ends: without one, the next line (say, another
            // block's fence and code) would be published as raw HTML.
            if !next_line_is_blank(&chapter.text[block.range.end..], ends_line) {
                let blank = prefix.trim_end();
                text.push_str(&if ends_line { format!("{blank}\n") } else { format!("\n{blank}") });
            }
            replacements.push(Replacement { range: block.range.clone(), text });
        }
    }
    out.content = splice::apply(text, replacements);
    out.record.exercise_count = exercises;
    out
}

/// A `**` that CommonMark left as text: the page would show the asterisks.
fn literal_bold_marker(chapter: &Arc<SourceFile>, at: usize) -> Diagnostic {
    let finding = Finding::error(
        codes::LITERAL_BOLD_MARKER,
        "this `**` is published as two asterisks: CommonMark cannot pair it with another `**` here",
    )
    .with_hint(
        "a closing `**` right after punctuation must be followed by a space or punctuation: \
         move the punctuation out of the bold (`**語**。`) or the particle into it (`**「語」は**`)",
    );
    Diagnostic::new(chapter, at..at + 2, finding)
}

/// A ```json block marked `same-as=ID`: another notation of a grant.
fn is_notation(block: &FencedBlock) -> bool {
    attrs::parse(&block.info).is_ok_and(|a| a.same_as.is_some())
}

/// A ```json same-as=ID block: strict JSON like every ```json block, then
/// compared as a CloudFormation template.
fn process_json_notation(
    chapter: &Arc<SourceFile>,
    block: &FencedBlock,
    snippets: &mut [SnippetRecord],
) -> Vec<Diagnostic> {
    if let Err(e) = crate::snippet::json_doc::JsonDoc::parse(&block.body) {
        return vec![Diagnostic::new(chapter, block.source_range(e.offset..e.offset + 1), e.finding())];
    }
    process_notation(chapter, block, snippets)
}

/// The ids of a chapter's JSON documents so far, with where the block that
/// gave each starts (lines are worked out only for a duplicate: counting
/// them for every block would be quadratic).
#[derive(Default)]
struct Ids(std::collections::HashMap<String, usize>);

impl Ids {
    /// Record `id`; a second block with the same id is an error at its info
    /// string (a `same-as=` or a policy test could not say which it means).
    fn add(&mut self, chapter: &Arc<SourceFile>, block: &FencedBlock, id: &str) -> Option<Diagnostic> {
        let first = *self.0.entry(id.to_string()).or_insert(block.range.start);
        if first == block.range.start {
            return None;
        }
        let first = crate::diagnostics::diag::line_column(&chapter.text, first).0;
        let at = info_offset(&chapter.text, block);
        Some(Diagnostic::new(
            chapter,
            at..at + block.info.len(),
            Finding::error(codes::DUPLICATE_ID, format!("the id `{id}` is already used by the block on line {first}"))
                .with_hint("give each ```json block of a chapter its own `id=`"),
        ))
    }
}

/// Whether the line after a block (the text after its range) is blank or
/// missing; container markers (`>`) and spaces do not count.
fn next_line_is_blank(after: &str, ends_line: bool) -> bool {
    let rest = if ends_line { after } else { after.split_once('\n').map_or("", |(_, rest)| rest) };
    rest.split('\n').next().unwrap_or("").trim_matches([' ', '\t', '\r', '>']).is_empty()
}

type BlockResult = (Option<SnippetRecord>, Vec<Diagnostic>, Option<String>);

fn process_json_block(
    settings: &Settings,
    reads: &Reads,
    chapter: &Arc<SourceFile>,
    block: &FencedBlock,
    line: usize,
    path_to_root: &str,
    lang: &str,
) -> BlockResult {
    let info_at = info_offset(&chapter.text, block);
    let fence_line = opening_fence_line(&chapter.text, block);
    let mut diagnostics = Vec::new();
    if !block.closed {
        diagnostics.push(Diagnostic::new(
            chapter,
            fence_line.clone(),
            Finding::error(
                codes::UNCLOSED_FENCE,
                "this code block has no closing fence, so it swallows the rest of its container",
            )
            .with_hint("close it with the same fence characters it opened with"),
        ));
    }
    let attributes = match attrs::parse(&block.info) {
        Ok(a) => a,
        Err(e) => {
            let at = info_at + e.offset;
            let mut f = Finding::error(codes::INVALID_ATTRIBUTE, e.message);
            f.hint = e.hint;
            diagnostics.push(Diagnostic::new(chapter, at..at + token_len(&block.info[e.offset..]), f));
            return (None, diagnostics, None);
        }
    };
    let info_range = info_at..info_at + block.info.len();

    // Where the JSON text lives: the examples file, or the block body.
    let json = match &attributes.file {
        Some(file) => {
            if !block.body.trim().is_empty() {
                diagnostics.push(Diagnostic::new(
                    chapter,
                    info_range.clone(),
                    Finding::error(
                        codes::BODY_WITH_FILE,
                        format!("this block names `file={file}` but also has a body"),
                    )
                    .with_hint("leave the body empty: the document comes from examples/"),
                ));
            }
            let path = settings.examples_dir.join(file);
            let shown = settings.display(&path);
            match reads.example(&settings.examples_dir, file, &shown) {
                Ok(text) => JsonSource { file: Arc::new(SourceFile { name: shown, text }), block: None },
                Err(ExampleError::NotUtf8(not_utf8)) => {
                    // Said in the file, at its first byte that is not UTF-8.
                    diagnostics.push(not_utf8.diagnostic(&shown));
                    return (None, diagnostics, None);
                }
                Err(ExampleError::Refused(refused)) => {
                    let at = info_at + attributes.file_offset;
                    diagnostics.push(Diagnostic::new(
                        chapter,
                        at..at + token_len(&block.info[attributes.file_offset..]),
                        Finding::error(refused.code, refused.message).with_hint(refused.hint),
                    ));
                    return (None, diagnostics, None);
                }
            }
        }
        None => {
            if settings.require_examples {
                diagnostics.push(Diagnostic::new(
                    chapter,
                    info_range.clone(),
                    Finding::error(codes::INLINE_JSON, "this book keeps every JSON document once, under examples/")
                        .with_hint("move the body to a file under examples/ and reference it with `file=`"),
                ));
            }
            JsonSource { file: Arc::clone(chapter), block: Some(block.clone()) }
        }
    };
    let id = attributes
        .id
        .clone()
        .or_else(|| attributes.file.as_ref().map(|f| f.trim_end_matches(".json").to_string()))
        .unwrap_or_else(|| format!("line-{line}"));

    let analysis = settings.memo.analysis(json.text(), attributes.kind);
    let doc = match &analysis.doc {
        Ok(doc) => doc,
        Err(e) => {
            diagnostics.push(json.diagnostic(e.offset..e.offset + 1, e.clone().finding()));
            let record = SnippetRecord {
                id,
                chapter: Arc::clone(chapter),
                info_range,
                kind: attributes.kind,
                file: attributes.file.clone(),
                value: None,
                expected: attributes.expect.clone(),
                findings: diagnostics.clone(),
                pending: None,
            };
            return (Some(record), diagnostics, None);
        }
    };

    let kind = analysis.kind;
    diagnostics.extend(
        crate::pipeline::esm_pairing::check(settings, reads, &attributes, kind)
            .into_iter()
            .map(|f| Diagnostic::new(chapter, info_range.clone(), f)),
    );

    // What the page says under the code: a policy's summary, or the handler
    // a mapping is tested with.
    let after = match kind {
        Some(k) if k.is_iam() => crate::pipeline::summary::markdown(&doc.value, k, lang),
        Some(Kind::EventSourceMapping) => crate::pipeline::esm_note::markdown(
            &doc.value,
            attributes.handler.as_deref().unwrap_or_default(),
            attributes.events.as_deref().unwrap_or_default(),
            lang,
        ),
        _ => String::new(),
    };
    let html = render::snippet(&SnippetView {
        id: &id,
        kind,
        json: json.text().trim_end(),
        expected: attributes.expect.as_deref(),
        path_to_root,
        lang,
        after: &after,
        placeholders: &analysis.placeholders,
    });
    let pending = Verification {
        analysis: Arc::clone(&analysis),
        json,
        chapter: Arc::clone(chapter),
        info_range,
        expect: attributes.expect.clone(),
        notations: Vec::new(),
        memo: Arc::clone(&settings.memo),
    };
    let record = SnippetRecord {
        id,
        chapter: Arc::clone(chapter),
        info_range: pending.info_range.clone(),
        kind,
        file: attributes.file.clone(),
        value: Some(doc.value.clone()),
        expected: attributes.expect,
        findings: Vec::new(), // filled in by `verify`
        pending: Some(pending),
    };
    (Some(record), diagnostics, Some(html))
}

/// A deliberate bad example passes only if exactly the declared findings
/// occur: then they are expected and not reported; otherwise one error says
/// what differs and the real findings are reported as they are.
fn expectations(
    declared: Option<&[String]>,
    chapter: &Arc<SourceFile>,
    info: &Range<usize>,
    findings: &mut Vec<Diagnostic>,
) {
    let Some(declared) = declared else { return };
    let mut want: Vec<&str> = declared.iter().map(String::as_str).collect();
    let mut got: Vec<&str> =
        findings.iter().filter(|d| d.finding.severity != Severity::Note).map(|d| d.finding.code.as_str()).collect();
    want.sort_unstable();
    want.dedup();
    got.sort_unstable();
    got.dedup();
    if want == got {
        findings.retain(|d| d.finding.severity == Severity::Note);
        return;
    }
    let missing: Vec<&str> = want.iter().filter(|c| !got.contains(c)).copied().collect();
    let extra: Vec<&str> = got.iter().filter(|c| !want.contains(c)).copied().collect();
    let mut message = String::from("this deliberate bad example does not produce exactly the findings it declares");
    if !missing.is_empty() {
        message.push_str(&format!("; missing: {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        message.push_str(&format!("; not declared: {}", extra.join(", ")));
    }
    findings.push(Diagnostic::new(
        chapter,
        info.clone(),
        Finding::error(codes::EXPECTATION_MISMATCH, message).with_hint(format!("declare `expect={}`", got.join(","))),
    ));
}

/// The block's opening fence line (without its newline) in the chapter:
/// where findings about the block as a whole point.
fn opening_fence_line(text: &str, block: &FencedBlock) -> Range<usize> {
    let raw = &text[block.range.clone()];
    block.range.start..block.range.start + raw.find('\n').unwrap_or(raw.len())
}

/// Byte offset in the chapter where the block's info string starts.
fn info_offset(text: &str, block: &FencedBlock) -> usize {
    let line = opening_fence_line(text, block);
    text[line].find(block.info.as_str()).map_or(block.range.start, |i| block.range.start + i)
}

fn token_len(text: &str) -> usize {
    text.find(char::is_whitespace).unwrap_or(text.len()).max(1)
}

/// A ```policy-test block: run its cases against the JSON block above it and
/// replace it with the "who can do what" table.
fn process_policy_test(
    settings: &Settings,
    chapter: &Arc<SourceFile>,
    block: &FencedBlock,
    policy: Option<&SnippetRecord>,
    lang: &str,
) -> (Vec<Diagnostic>, Option<String>) {
    let fence_line = opening_fence_line(&chapter.text, block);
    let target = policy.and_then(|p| Some((p, p.kind?, p.value.as_ref()?)));
    let Some((record, kind, value)) = target.filter(|(_, k, _)| k.is_iam()) else {
        return (
            vec![Diagnostic::new(
                chapter,
                fence_line,
                Finding::error(
                    codes::POLICY_TEST_WITHOUT_POLICY,
                    "a policy-test block must follow a valid IAM policy block",
                )
                .with_hint("place it right after the ```json block of the policy it tests"),
            )],
            None,
        );
    };
    let attached_to = block.info.split_whitespace().find_map(|w| w.strip_prefix("attached-to="));
    let evaluated = settings.memo.policy_test(&record.id, kind, value, &block.body, attached_to);
    let diagnostics = evaluated
        .findings
        .iter()
        .map(|f| {
            if f.at_fence {
                return Diagnostic::new(chapter, fence_line.clone(), f.finding.clone());
            }
            let line_start: usize = block.body.split_inclusive('\n').take(f.line).map(str::len).sum();
            let start = block.source_offset(line_start + f.column);
            let end = block.source_offset(line_start + f.column + f.len);
            Diagnostic::new(chapter, start..end.max(start), f.finding.clone())
        })
        .collect();
    (
        diagnostics,
        Some(format!(
            "<div class=\"ln-policy-test\" data-ln-for=\"{}\">\n\n{}\n\n</div>\n",
            crate::snippet::render::escape_html(&record.id),
            evaluated.markdown(lang)
        )),
    )
}

/// A ```sh / ```yaml / ```hcl block marked `same-as=ID`: another notation of
/// the grant in JSON block ID, which must produce the same statement. The
/// block itself is left as it is; the comparison joins the JSON block's
/// pending checks (see [`SnippetRecord::verify`]).
fn process_notation(chapter: &Arc<SourceFile>, block: &FencedBlock, snippets: &mut [SnippetRecord]) -> Vec<Diagnostic> {
    let fence_line = opening_fence_line(&chapter.text, block);
    let id = match attrs::parse(&block.info) {
        Ok(Attributes { same_as: Some(id), .. }) => id,
        Ok(_) => return Vec::new(),
        Err(e) => {
            let mut f = Finding::error(codes::INVALID_ATTRIBUTE, e.message);
            f.hint = e.hint;
            return vec![Diagnostic::new(chapter, fence_line, f)];
        }
    };
    // Only a JSON block that parsed has checks pending (and a value to compare).
    let Some(pending) = snippets.iter_mut().find(|s| s.id == id).and_then(|s| s.pending.as_mut()) else {
        return vec![Diagnostic::new(
            chapter,
            fence_line,
            Finding::error(
                codes::UNKNOWN_SAME_AS,
                format!("no valid JSON block with id `{id}` comes before this block"),
            )
            .with_hint("place the notation after the ```json block it restates, in the same chapter"),
        )];
    };
    pending.notations.push(NotationCheck {
        language: block.language().to_string(),
        body: block.body.clone(),
        fence_line,
    });
    Vec::new()
}
