#!/usr/bin/env python3
"""slant on Spark: the report of a corpus too large for one machine.

    python slant_spark.py INPUT... --out DIR [--master local[2]] [--slant PATH]
    spark-submit slant_spark.py INPUT... --out DIR --slant ./slant

INPUT are JSONL files (optionally .gz), read in the order given. The slant
binary is shipped to the workers with SparkContext.addFile. Each partition
of the corpus is mapped with `slant map` (its documents numbered from the
partition's first global record, from zipWithIndex), twice: first for
repeated text (--repeats-only), whose partials are tree-merged with
`slant merge` and shipped back to the workers, then for everything else.
The partials are tree-merged and `slant report` renders the folder on the
driver: the one `slant analyze --no-model` writes (with --model M.json,
shipped to the workers too, the one `slant analyze --model M.json`
writes).
"""

import argparse
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile

from pyspark import SparkContext, SparkFiles


def slant_path():
    """The shipped binary on a worker, made executable."""
    path = SparkFiles.get("slant")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR)
    return path


def run(args, stdin_text):
    """Runs slant with `stdin_text` on standard input; its standard output."""
    done = subprocess.run(
        [slant_path()] + args,
        input=stdin_text.encode("utf-8"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            "slant %s failed: %s" % (" ".join(args), done.stderr.decode("utf-8", "replace"))
        )
    return done.stdout.decode("utf-8")


def map_partition(extra):
    """A function over one partition of (line, record) pairs: its partial,
    as plain JSON Lines (one string), or nothing for an empty partition."""

    def go(rows):
        rows = list(rows)
        if not rows:
            return []
        first = rows[0][1]
        text = "".join(line + "\n" for line, _ in rows)
        args = ["map", "-", "-o", "-", "--first-record", str(first), "-q"] + extra
        return [run(args, text)]

    return go


def merge(a, b):
    """Two partials merged by `slant merge` (both on standard input)."""
    return run(["merge", "-", "-o", "-"], a + b)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, help="the report folder")
    p.add_argument("--master", default=None, help="Spark master (e.g. local[2])")
    p.add_argument("--slant", default=shutil.which("slant") or "slant", help="the slant binary")
    p.add_argument("--partitions", type=int, default=None, help="partitions of the corpus")
    p.add_argument("--map-args", default="", help="more options for slant map")
    p.add_argument("--report-args", default="", help="more options for slant report")
    p.add_argument("--model", default=None, help="a saved model (slant train) to score with")
    a = p.parse_args()
    slant = os.path.abspath(a.slant)
    if not os.path.exists(slant):
        sys.exit("slant_spark: no slant binary at %s (give --slant PATH)" % slant)

    sc = SparkContext(master=a.master, appName="slant") if a.master else SparkContext(appName="slant")
    try:
        sc.setLogLevel("WARN")
        sc.addFile(slant)
        lines = sc.textFile(",".join(os.path.abspath(i) for i in a.inputs), a.partitions)
        # Blank lines are no record for slant either; zipWithIndex then
        # numbers documents in input order across partitions.
        records = lines.filter(lambda l: l.strip() != "").zipWithIndex().cache()
        extra = shlex.split(a.map_args)
        report_extra = shlex.split(a.report_args)
        if a.model:
            sc.addFile(os.path.abspath(a.model))
            report_extra += ["--model", a.model]

        repeats = records.mapPartitions(map_partition(extra + ["--repeats-only"])).treeReduce(merge)
        work = tempfile.mkdtemp(prefix="slant-spark-")
        repeats_path = os.path.join(work, "repeats.jsonl")
        with open(repeats_path, "w", encoding="utf-8") as f:
            f.write(repeats)
        sc.addFile(repeats_path)

        def with_repeats(rows):
            more = ["--repeats", SparkFiles.get("repeats.jsonl")]
            if a.model:
                more += ["--model", SparkFiles.get(os.path.basename(a.model))]
            return map_partition(extra + more)(rows)

        merged = records.mapPartitions(with_repeats).treeReduce(merge)
        merged_path = os.path.join(work, "merged.jsonl")
        with open(merged_path, "w", encoding="utf-8") as f:
            f.write(merged)
        names = []
        for i in a.inputs:
            names += ["--input-name", i]
        cmd = [slant, "report", merged_path, "--out", a.out, "-q"] + names + report_extra
        subprocess.run(cmd, check=True)
        shutil.rmtree(work, ignore_errors=True)
    finally:
        sc.stop()


if __name__ == "__main__":
    main()
