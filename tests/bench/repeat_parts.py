#!/usr/bin/env python3
# Parts of the repeat pass (slant::repeats::Seen::of) in a perf record:
#   perf record -F 4000 --call-graph dwarf,8192 -o p.data slant analyze ... -j 1
#   perf script -i p.data | python3 tests/bench/repeat_parts.py
# (tests/bench/HISTORY.md, tenth round, one thread, repeat pass)
# With --stages, the whole run's stages instead: each sample to the first
# stage (in the order of STAGES) that a frame of its stack names
# (eleventh round, repeat pass).
import sys, re, collections
# perf script output (dwarf stacks, leaf first); per sample in Seen::of, the part is
# the first frame from the leaf that names one.
PARTS = [
    ("MinHash (shingle hashes and minima)", re.compile(r"fold_avx|fold_shingles|signature::fold")),
    ("exact hash", re.compile(r"exact_hash")),
    ("word tokens", re.compile(r"Tokens as core|ascii_token|char_token|alnum_run_end")),
    ("word hashes", re.compile(r"word_hash|other_word_hash")),
    ("repeated runs", re.compile(r"runs_of|runs_at|frequent_words|slot_counts|run_ends")),
    ("line hashes", re.compile(r"line_hash_in|doc_lines_at|normal_line|paragraphs")),
]
STAGES = [
    ("repeat pass: per document (Seen::of)", re.compile(r"Seen::of|Seen>::of")),
    ("repeat pass: tally (line records, Bloom filter, shown texts, signatures)",
     re.compile(r"Tally::add|Tally>::add|LineTally::add|LineTally>::add|DuplicateFinder.*add|Coming")),
    ("repeat pass: decide (sorted line records, copy groups)",
     re.compile(r"Looked::decide|Looked>::decide|LaterCopies|finish_spilled|LineTally.*finish")),
    ("repeat pass: reading", re.compile(r"repeats::look_with|Repeats::look|Repeats>::look")),
    ("matching pass: masking boilerplate", re.compile(r"Repeats::mask|Repeats>::mask")),
]
by_stage = "--stages" in sys.argv[1:]
counts = collections.Counter(); total = 0; seen = 0
stack = []
def flush():
    global total, seen
    if not stack: return
    total += 1
    if by_stage:
        for name, rx in STAGES:
            if any(rx.search(f) for f in stack):
                counts[name] += 1; return
        counts["the rest (matching pass, reading it, the end)"] += 1
        return
    if any("Seen::of" in f or "Seen>::of" in f for f in stack):
        seen += 1
        for f in stack:
            for name, rx in PARTS:
                if rx.search(f):
                    counts[name] += 1; return
        counts["other (allocation, vectors)"] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line.startswith((" ", "\t")):
        stack.append(line.strip())
flush()
if by_stage:
    print(f"samples {total}")
    for k, v in counts.most_common():
        print(f"{k}\t{v}\t{100 * v / total:.1f}%")
    sys.exit()
print(f"samples {total}, in Seen::of {seen}")
for k, v in counts.most_common():
    print(f"{k}\t{v}")
