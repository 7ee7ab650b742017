#!/usr/bin/env python3
"""Seed the fuzz corpora (fuzz/corpus/TARGET/, not committed) from the book:
chapters, examples/ and the test fixtures, cut into what each target reads.
Run from anywhere; adding seeds twice is harmless (files are named by hash)."""
import hashlib
import pathlib
import re

fuzz = pathlib.Path(__file__).resolve().parent
root = fuzz.parent
corpus = fuzz / "corpus"

FENCE = re.compile(r"^([ >\-*0-9.]*)(`{3,}|~{3,})(.*)$")
NOTATIONS = {"sh": "notation_cli", "yaml": "notation_cloudformation", "hcl": "notation_terraform"}


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def blocks(text):
    """(info, body) of each fenced block: good enough for seeds."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        prefix, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
        body = []
        i += 1
        while i < len(lines) and not lines[i][prefix:].strip().startswith(fence):
            body.append(lines[i][prefix:])
            i += 1
        i += 1
        yield info, "\n".join(body) + "\n"


chapters = sorted(root.glob("src/*/*.md")) + sorted(root.glob("tests/fixtures/chapters/*.md"))
documents = sorted(root.glob("examples/**/*.json")) + sorted(root.glob("tests/fixtures/**/*.json"))
documents += sorted(root.glob("tests/schema-fixtures/**/*.json"))

for path in chapters:
    text = path.read_text(encoding="utf-8")
    add("check_chapter", text)
    add("scan_splice", text)
    policy = None
    for info, body in blocks(text):
        add("info_string", info)
        language = info.split(" ")[0].split(",")[0]
        if language == "json":
            file = re.search(r"file=(\S+)", info)
            source = root / "examples" / file.group(1) if file else None
            policy = source.read_text(encoding="utf-8") if source and source.is_file() else body
        elif language == "policy-test":
            add("policy_test", body)
            if policy:
                add("policy_test", policy + "\0" + body)
        elif language in NOTATIONS:
            add(NOTATIONS[language], body)

for path in documents:
    add("json_locate", path.read_bytes())

for target in sorted(p.name for p in corpus.iterdir()):
    print(f"   seeds: {target}: {len(list((corpus / target).iterdir()))}")
