#!/usr/bin/env python3
# Stage shares of a dictionary run in a perf record, the repeat pass's parts
# apart from the rest (eleventh round, repeat pass, tests/bench/HISTORY.md):
#   perf record -F 1000 --call-graph dwarf,8192 -o p.data slant analyze ... -j 1
#   perf script -i p.data | python3 tests/bench/repeat_stages.py
# Each sample goes to the first stage (in the order below) that a frame of
# its stack names.
import sys, re, collections
STAGES = [
    ("repeat pass: per document (Seen::of)", re.compile(r"Seen::of|Seen>::of")),
    ("repeat pass: tally (line records, Bloom filter, shown texts, signatures)",
     re.compile(r"Tally::add|Tally>::add|LineTally::add|LineTally>::add|DuplicateFinder.*add|Coming")),
    ("repeat pass: decide (sorted line records, copy groups)",
     re.compile(r"Looked::decide|Looked>::decide|LaterCopies|finish_spilled|LineTally.*finish")),
    ("repeat pass: reading", re.compile(r"repeats::look_with|Repeats::look|Repeats>::look")),
    ("matching pass: masking boilerplate", re.compile(r"Repeats::mask|Repeats>::mask")),
]
counts = collections.Counter(); total = 0; stack = []
def flush():
    global total
    if not stack: return
    total += 1
    for name, rx in STAGES:
        if any(rx.search(f) for f in stack):
            counts[name] += 1; return
    counts["the rest (matching pass, reading it, the end)"] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line.startswith((" ", "\t")):
        stack.append(line.strip())
flush()
print(f"samples {total}")
for k, v in counts.most_common():
    print(f"{k}\t{v}\t{100 * v / total:.1f}%")
