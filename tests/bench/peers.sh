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

# One-off runs (the slow rows): of $runs runs of a command, the one with
# the median wall time: its wall seconds, peak KB and CPU use (user + system
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

# The compared commands run in rotation, one of each per round, $runs
# rounds: a shared machine's speed drifts over minutes, so each ratio (to
# the peer, two threads to one) is the median over rounds of the ratio of
# two runs made seconds apart in the same round, not a ratio of medians
# taken minutes apart.
keys=()
# command KEY ARGS...: a command of the rotation
command_of() {
    local key=$1
    shift
    eval "cmd_$key=(\"\$@\")"
    keys+=("$key")
}
# rotate: each round runs every command once; lines "ROUND KEY SECONDS KB CPU"
rotate() {
    local i key
    : >"$work/times"
    for ((i = 0; i < runs; i++)); do
        for key in "${keys[@]}"; do
            local -n c="cmd_$key"
            rm -rf "$work/out"
            /usr/bin/time -f '%e %M %P' -o "$work/time" "${c[@]}" >/dev/null 2>"$work/err" ||
                { cat "$work/err" >&2; echo "failed: ${c[*]}" >&2; exit 1; }
            echo "$i $key $(cat "$work/time")" >>"$work/times"
        done
    done
}
# median_of KEY: its median wall seconds, peak KB and CPU %, each the median
# of its own column
median_of() {
    awk -v k="$1" '$2 == k { t[++n] = $3; m[n] = $4; c[n] = $5 + 0 }
        function med(a, n,   i, j, x) {
            for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END { print med(t, n), med(m, n), med(c, n) }' "$work/times"
}
# ratio_of A B: the median over rounds of A's seconds over B's (B's speed
# as a multiple of A's)
ratio_of() {
    awk -v a="$1" -v b="$2" '$2 == a { ta[$1] = $3 } $2 == b { tb[$1] = $3 }
        END {
            for (r in ta) if (r in tb && tb[r] > 0) q[++n] = ta[r] / tb[r]
            for (i = 2; i <= n; i++) { x = q[i]; for (j = i - 1; j > 0 && q[j] > x; j--) q[j + 1] = q[j]; q[j + 1] = x }
            print n % 2 ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2
        }' "$work/times"
}

rows=()
# row NAME SECONDS KB CPU% [RATIO_TO_PEER [TWO_THREADS_OVER_ONE]]: MB/s from
# the median seconds; the ratios as given (medians of per-round ratios)
row() {
    local name=$1 secs=$2 kb=$3 cpu=$4 ratio=${5:-} speedup=${6:-}
    local mbs
    mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / s }')
    [ -z "$ratio" ] || ratio=$(awk -v r="$ratio" 'BEGIN { printf "%.0f%%", 100 * r }')
    [ -z "$speedup" ] || speedup=$(awk -v r="$speedup" 'BEGIN { printf "%.2fx", r }')
    cpu=$(awk -v c="$cpu" 'BEGIN { printf "%.0f", c }')
    rows+=("| $name | $mbs | $ratio | $speedup | $cpu% | $(awk -v k="$kb" 'BEGIN { printf "%.0f MB", k / 1024 }') |")
}

# Refining a lexicon: the repeats saved once (`--save-repeats`, not timed),
# each rerun reads them (`--repeats`) and the corpus once.
"$slant" analyze "$work/news.jsonl" --out "$work/out" -q --no-model --no-compare --save-repeats "$work/repeats.gz"

command_of peer "$peer" "$work/lex.dic" "$work/news.jsonl"
if python3 -c 'import ahocorasick' 2>/dev/null; then
    command_of aho python3 "$here/peers.py" aho "$work/lex.dic" "$work/news.jsonl"
else
    notes+=("pyahocorasick is not installed: its row is left out.")
fi
names=()
# slant_commands KEY NAME ARGS...: the -j 1 and -j 2 runs of one slant row pair
slant_commands() {
    local key=$1 name=$2
    shift 2
    command_of "${key}1" "$slant" analyze "$work/news.jsonl" --out "$work/out" -j 1 "$@"
    command_of "${key}2" "$slant" analyze "$work/news.jsonl" --out "$work/out" -j 2 "$@"
    names+=("$key" "$name")
}
slant_commands dict "\`slant analyze --lexicon lex.dic --no-model --no-compare\`" --lexicon "$work/lex.dic" --no-model --no-compare
slant_commands ship "\`slant analyze --no-model --no-compare\` (shipped lexicons)" --no-model --no-compare
slant_commands dictre "\`slant analyze --lexicon lex.dic --no-model --no-compare --repeats FILE\`" --lexicon "$work/lex.dic" --no-model --no-compare --repeats "$work/repeats.gz"
slant_commands shipre "\`slant analyze --no-model --no-compare --repeats FILE\` (shipped lexicons)" --no-model --no-compare --repeats "$work/repeats.gz"
rotate

read -r s k c < <(median_of peer)
row "bare per-document peer (Rust: JSON parse, aho-corasick DFA leftmost-longest, word boundaries, per-category counts)" "$s" "$k" "$c" 1
if [ -n "${cmd_aho+x}" ]; then
    read -r s k c < <(median_of aho)
    row "pyahocorasick per document, leftmost-longest, whole words (Python)" "$s" "$k" "$c" "$(ratio_of peer aho)"
fi
for ((n = 0; n < ${#names[@]}; n += 2)); do
    key=${names[n]} name=${names[n + 1]}
    read -r s k c < <(median_of "${key}1")
    row "$name, \`-j 1\`" "$s" "$k" "$c" "$(ratio_of peer "${key}1")"
    read -r s k c < <(median_of "${key}2")
    row "$name, \`-j 2\`" "$s" "$k" "$c" "$(ratio_of peer "${key}2")" "$(ratio_of "${key}1" "${key}2")"
done

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
echo "$docs articles, $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB of JSONL (the benchmark corpus replicated, ids suffixed); $main_runs rounds unless the row says otherwise, each running every command once in turn: MB/s, CPU and memory are medians over rounds, ratios the median of each round's ratio."
echo
echo "| run | MB/s | of the peer | 2 threads / 1 | CPU | peak memory |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
for n in "${notes[@]+"${notes[@]}"}"; do echo; echo "$n"; done
