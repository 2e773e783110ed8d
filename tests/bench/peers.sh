#!/usr/bin/env bash
# Throughput of slant against peers, in one run on one machine: prints one
# Markdown table (MB/s of JSONL read, ratio to the bare per-document peer,
# two-thread speedup, peak memory), the README's speed section.
#
#   bash tests/bench/peers.sh
#
# Environment:
#   SLANT_BENCH_CORPUS  gzipped JSONL to replicate (../shared/bench/news-10k.jsonl.gz)
#   SLANT_BENCH_LABELS  its labels for the scikit-learn peer (news-10k-labels.csv beside it)
#   SLANT_BENCH_MB      replicate to at least this many MB (200)
#   RUNS                runs of each command; the median is shown (3)
#   SLOW=0              skip the default analyze run and the scikit-learn peer
#   PIP=0               do not pip-install pyahocorasick and scikit-learn when missing
#
# Needs python3 (to replicate the corpus) and GNU time (/usr/bin/time) for
# peak memory. The dictionary is the shipped `sourcing` lexicon written as a
# LIWC .dic (356 terms, 6 categories) by `slant lexicon convert`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${SLANT_BENCH_CORPUS:-$root/../shared/bench/news-10k.jsonl.gz}
labels=${SLANT_BENCH_LABELS:-$(dirname "$corpus")/news-10k-labels.csv}
mb=${SLANT_BENCH_MB:-200}
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-$root/target}

[ -f "$corpus" ] || { echo "no corpus at $corpus (set SLANT_BENCH_CORPUS)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for peak memory" >&2; exit 2; }

(cd "$root" && cargo build --release --quiet --bin slant --example scan_peer)
slant=$target/release/slant
peer=$target/release/examples/scan_peer

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
read -r bytes docs < <(python3 "$here/replicate.py" "$corpus" "$work/news.jsonl" "$mb")
"$slant" lexicon convert "$root/lexicons/sourcing.toml" "$work/lex.dic" 2>/dev/null

notes=()
if [ "${PIP:-1}" != 0 ]; then
    python3 -c 'import ahocorasick' 2>/dev/null || pip install --quiet pyahocorasick >&2 || true
    if [ "${SLOW:-1}" != 0 ]; then
        python3 -c 'import sklearn' 2>/dev/null || pip install --quiet scikit-learn >&2 || true
    fi
fi

# Of $runs runs of a command, the one with the median wall time: its wall
# seconds, peak KB and CPU use (user + system
# over wall, in %).
measure() {
    local i
    for ((i = 0; i < runs; i++)); do
        rm -rf "$work/out"
        /usr/bin/time -f '%e %M %P' -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
            { cat "$work/err" >&2; echo "failed: $*" >&2; exit 1; }
        cat "$work/time"
    done | sort -n | awk '{ t[NR] = $1; m[NR] = $2; c[NR] = $3 + 0 } END { n = int((NR + 1) / 2); print t[n], m[n], c[n] }'
}

rows=()
peer_mbs=
# row NAME SECONDS KB CPU% [ONE_THREAD_SECONDS]
row() {
    local name=$1 secs=$2 kb=$3 cpu=$4 one=${5:-}
    local mbs ratio speedup
    mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / s }')
    [ -n "$peer_mbs" ] || peer_mbs=$mbs
    ratio=$(awk -v a="$mbs" -v p="$peer_mbs" 'BEGIN { printf "%.0f%%", 100 * a / p }')
    speedup=
    [ -z "$one" ] || speedup=$(awk -v a="$one" -v b="$secs" 'BEGIN { printf "%.2fx", a / b }')
    rows+=("| $name | $mbs | $ratio | $speedup | $cpu% | $(awk -v k="$kb" 'BEGIN { printf "%.0f MB", k / 1024 }') |")
}

read -r s k c < <(measure "$peer" "$work/lex.dic" "$work/news.jsonl")
row "bare per-document peer (Rust: JSON parse, aho-corasick DFA leftmost-longest, word boundaries, per-category counts)" "$s" "$k" "$c"

if python3 -c 'import ahocorasick' 2>/dev/null; then
    read -r s k c < <(measure python3 "$here/peers.py" aho "$work/lex.dic" "$work/news.jsonl")
    row "pyahocorasick per document, leftmost-longest, whole words (Python)" "$s" "$k" "$c"
else
    notes+=("pyahocorasick is not installed: its row is left out.")
fi

slant_rows() {
    local name=$1
    shift
    local s1 k1 c1 s2 k2 c2
    read -r s1 k1 c1 < <(measure "$slant" analyze "$work/news.jsonl" --out "$work/out" -j 1 "$@")
    row "$name, \`-j 1\`" "$s1" "$k1" "$c1"
    read -r s2 k2 c2 < <(measure "$slant" analyze "$work/news.jsonl" --out "$work/out" -j 2 "$@")
    row "$name, \`-j 2\`" "$s2" "$k2" "$c2" "$s1"
}
slant_rows "\`slant analyze --lexicon lex.dic --no-model --no-compare\`" --lexicon "$work/lex.dic" --no-model --no-compare
slant_rows "\`slant analyze --no-model --no-compare\` (shipped lexicons)" --no-model --no-compare
# Refining a lexicon: the repeats saved once (`--save-repeats`, not timed),
# each rerun reads them (`--repeats`) and the corpus once.
"$slant" analyze "$work/news.jsonl" --out "$work/out" -q --no-model --no-compare --save-repeats "$work/repeats.gz"
slant_rows "\`slant analyze --lexicon lex.dic --no-model --no-compare --repeats FILE\`" --lexicon "$work/lex.dic" --no-model --no-compare --repeats "$work/repeats.gz"
slant_rows "\`slant analyze --no-model --no-compare --repeats FILE\` (shipped lexicons)" --no-model --no-compare --repeats "$work/repeats.gz"

main_runs=$runs
if [ "${SLOW:-1}" != 0 ]; then
    runs=1
    read -r s k c < <(measure "$slant" analyze "$work/news.jsonl" --out "$work/out" -j 2)
    row "\`slant analyze -j 2\` (default: weak-label model and comparison views), 1 run" "$s" "$k" "$c"
    if python3 -c 'import sklearn' 2>/dev/null && [ -f "$labels" ]; then
        read -r s k c < <(measure python3 "$here/peers.py" sklearn "$work/news.jsonl" "$labels")
        row "scikit-learn TfidfVectorizer(1,2) + LogisticRegression, fit and predict, 1 run" "$s" "$k" "$c"
    else
        notes+=("scikit-learn or the labels are missing: its row is left out.")
    fi
fi

echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ { print $2 }') GB), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
echo "$docs articles, $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB of JSONL (the benchmark corpus replicated, ids suffixed); median of $main_runs runs unless the row says otherwise."
echo
echo "| run | MB/s | of the peer | 2 threads / 1 | CPU | peak memory |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
for n in "${notes[@]+"${notes[@]}"}"; do echo; echo "$n"; done
