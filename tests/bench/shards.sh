#!/usr/bin/env bash
# A corpus cut into K shards in order, mapped on the bounded road (proposals,
# counts, merge --decide, the second phase), merged and reported, each step
# timed; then analyze --no-model of the whole file and diff -r of the two
# folders (only results.json's command line may differ). README's "More than
# one machine" tables.
#
#   bash tests/bench/shards.sh [K]        (K = 8 by default)
#
# Environment:
#   SLANT               the slant binary (target/release/slant)
#   SLANT_BENCH_CORPUS  gzipped JSONL (../shared/bench/news-10k.jsonl.gz)
#   OUT                 the working folder, emptied first (/tmp/slant-shards-K)
#   ANALYZE=0           skip the single run and the diff
#
# Prints a line per step: name, wall-clock, peak memory, the load average as
# it began (the machine may be shared: say the load beside the times), then
# the partials' sizes. Needs GNU time (/usr/bin/time).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
k=${1:-8}
slant=$(realpath "${SLANT:-$root/target/release/slant}")
corpus=$(realpath "${SLANT_BENCH_CORPUS:-$root/../shared/bench/news-10k.jsonl.gz}")
out=${OUT:-/tmp/slant-shards-$k}

[ -x "$slant" ] || { echo "no slant binary at $slant (set SLANT)" >&2; exit 2; }
[ -f "$corpus" ] || { echo "no corpus at $corpus (set SLANT_BENCH_CORPUS)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }

rm -rf "$out" && mkdir -p "$out" && cd "$out"
step() { # NAME COMMAND...: runs it under GNU time, prints a line
    local name=$1 load
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v -o "time.$name" "$@"
    printf '%s\t%s\t%s kB\tload %s\n' "$name" \
        "$(awk '/Elapsed \(wall/ {print $NF}' "time.$name")" \
        "$(awk '/Maximum resident/ {print $NF}' "time.$name")" "$load"
}
records=$(zcat "$corpus" | wc -l)
n=$(((records + k - 1) / k))
zcat "$corpus" | split -l "$n" -d -a 3 --additional-suffix=.jsonl - shard
shards=(shard*.jsonl)
each() { # NAME OUT-PREFIX OPTIONS...: maps every shard with its first record
    local name=$1 prefix=$2 i
    shift 2
    for i in "${!shards[@]}"; do
        step "$name$i" "$slant" map "${shards[$i]}" --first-record $((i * n)) -q \
            -o "$prefix$i.gz" "$@"
    done
}
each propose l --repeats-only --propose-lines
step merge-proposals "$slant" merge l[0-9]*.gz -q -o lines.gz
each count r --repeats-only --line-candidates lines.gz
step decide "$slant" merge r[0-9]*.gz --decide -q -o decided.gz
each map p --repeats decided.gz
step merge "$slant" merge p[0-9]*.gz -q -o merged.gz
step report "$slant" report merged.gz --out report --input-name "$corpus" -q
ls -l ./*.gz | awk '{print $5 "\t" $NF}'
if [ "${ANALYZE:-1}" != 0 ]; then
    step analyze "$slant" analyze "$corpus" --no-model --out single -q
    diff -rq single report || true
fi
