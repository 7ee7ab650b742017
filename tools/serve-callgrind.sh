#!/bin/bash
# Instructions of one chapter-edit rebuild in `serve` (README, "Where a serve
# rebuild's time goes"): starts serve under callgrind with instrumentation off,
# switches it on, appends a line to src/en/sqs.md, waits until book/en/sqs.html
# shows it and the previous site is removed, switches it off and dumps.
#
# usage: tools/serve-callgrind.sh BINARY BOOK_ROOT OUT_FILE PORT
#   BOOK_ROOT: this repository (1x) or a synthetic book (`bench --serve`
#   generates one under the temp folder). The book is copied first.
# The count is in OUT_FILE.1: callgrind_annotate OUT_FILE.1 | grep TOTALS
set -eu
BIN=$1; SRC=$2; OUT=$3; PORT=$4
B=$(mktemp -d)
cp "$SRC/book.toml" "$B/"
for d in src examples theme schemas; do [ -d "$SRC/$d" ] && cp -r "$SRC/$d" "$B/"; done
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT" "$BIN" --root "$B" serve --port "$PORT" > "$B.log" 2>&1 &
VPID=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 1; done
sleep 2
callgrind_control -i on "$VPID" > /dev/null
echo "callgrind-marker-$PORT" >> "$B/src/en/sqs.md"
until grep -q "callgrind-marker-$PORT" "$B/book/en/sqs.html" 2> /dev/null; do sleep 0.2; done
while ls -d "$B"/book.staging-* > /dev/null 2>&1; do sleep 0.2; done
sleep 1
callgrind_control -i off "$VPID" > /dev/null
callgrind_control -d "$VPID" > /dev/null
sleep 1
kill "$VPID"
wait "$VPID" 2> /dev/null || true
rm -rf "$B" "$B.log"
callgrind_annotate "$OUT.1" | grep "PROGRAM TOTALS"
