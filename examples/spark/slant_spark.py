#!/usr/bin/env python3
"""slant on Spark: the report of a corpus too large for one machine.

    python slant_spark.py INPUT... --out DIR [--master local[2]] [--slant PATH]
    spark-submit slant_spark.py INPUT... --out DIR --slant ./slant --work /shared/tmp

INPUT are JSONL files (optionally .gz), read in the order given. The slant
binary is shipped to the workers with SparkContext.addFile, and each
partition of the corpus is mapped with `slant map` (its documents numbered
from the partition's first global record, from zipWithIndex), in steps:

1. repeated text, bounded: each partition proposes the lines it holds in
   5% or more of an outlet's documents (--repeats-only --propose-lines);
2. each counts the merged proposals that can still be boilerplate, and
   signs its documents (--repeats-only --line-candidates), and the driver
   decides the boilerplate and wire copy over the whole corpus from those
   counts (`slant merge --decide`);
3. with --ngram-top K only: each writes its outlets' K most frequent
   n-grams as candidates (--ngram-top K);
4. each maps everything else (--repeats DECIDED, and --ngram-candidates
   with --ngram-top).

Every partial is written by `slant map` to a file in the work folder
(--work), and the files are merged with `slant merge` in a tree (at most
--fan-in files per merge, the merges of a level run as Spark tasks, the
last on the driver), so no partial passes through Python's or Spark's
memory. The merged result of each step but the last is shipped to the
workers with addFile; the last is rendered by `slant report` on the
driver: the folder `slant analyze --no-model` writes (with --model M.json,
shipped to the workers too, the one `slant analyze --model M.json`
writes; with --ngram-top K, the same but for the terms ranked, as README's
"Bounded n-gram counts" says).
"""

import argparse
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile

from pyspark import SparkContext, SparkFiles, StorageLevel


class Shipped(str):
    """The name of a file shipped with addFile, a path on each worker."""


def slant_path(name):
    """The shipped binary (its file name) on a worker, made executable."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR)
    return path


def on_worker(args):
    """`args` with each shipped file's name turned into its path here."""
    return [SparkFiles.get(a) if isinstance(a, Shipped) else a for a in args]


def run(binary, args, lines=None):
    """Runs slant, streaming `lines` (if any) to its standard input; raises
    with its error message if it fails."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [binary] + args,
            stdin=subprocess.PIPE if lines is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            if lines is not None:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
                proc.stdin.close()
        except BrokenPipeError:
            pass  # slant stopped reading: its exit code and message say why
        if proc.wait() != 0:
            err.seek(0)
            raise RuntimeError(
                "slant %s failed: %s" % (" ".join(args), err.read().decode("utf-8", "replace"))
            )


def map_step(records, binary, args, folder):
    """Maps every partition of `records` ((line, record) pairs) with `slant
    map ARGS` (`binary` the shipped slant's name) into a partial in
    `folder`; the partials' paths."""

    def go(index, rows):
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return []

        def lines():
            yield first[0]
            for line, _ in rows:
                yield line

        out = os.path.join(folder, "part-%05d.gz" % index)
        cmd = ["map", "-", "-o", out, "--first-record", str(first[1]), "-q"]
        run(slant_path(binary), cmd + on_worker(args), lines())
        return [out]

    os.makedirs(folder)
    return sorted(records.mapPartitionsWithIndex(go).collect())


def merge_on_worker(job):
    """One merge of a level of the tree: (binary, inputs, output) -> output."""
    binary, inputs, out = job
    run(slant_path(binary), ["merge"] + inputs + ["-o", out, "-q"])
    return out


def merge_tree(sc, paths, folder, fan_in, slant, out, decide=False):
    """Merges the partials at `paths` (in `folder`, removed after) into
    `out`: levels of merges of at most `fan_in` files each, run as Spark
    tasks, until `fan_in` or fewer remain, which the driver merges (with
    --decide if `decide`)."""
    if not paths:
        sys.exit("slant_spark: the inputs hold no records")
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        sys.exit(
            "slant_spark: the driver cannot see %s, which a worker wrote: give --work "
            "a folder that the driver and every worker see at the same path" % missing[0]
        )
    level = 0
    while len(paths) > fan_in:
        groups = [paths[i : i + fan_in] for i in range(0, len(paths), fan_in)]
        jobs = [
            (os.path.basename(slant), g, os.path.join(folder, "merge-%d-%05d.gz" % (level, j)))
            for j, g in enumerate(groups)
        ]
        merged = sc.parallelize(jobs, len(jobs)).map(merge_on_worker).collect()
        for p in paths:
            os.remove(p)
        paths, level = merged, level + 1
    run(slant, ["merge"] + paths + ["-o", out, "-q"] + (["--decide"] if decide else []))
    shutil.rmtree(folder)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, help="the report folder")
    p.add_argument("--master", default=None, help="Spark master (e.g. local[2])")
    p.add_argument("--slant", default=shutil.which("slant") or "slant", help="the slant binary")
    p.add_argument("--partitions", type=int, default=None, help="partitions of the corpus")
    p.add_argument(
        "--work",
        default=None,
        help="a folder for the partials that the driver and every worker see at the same "
        "path (default: a temporary folder on the driver, enough in local mode)",
    )
    p.add_argument("--fan-in", type=int, default=16, help="partials per merge (default 16)")
    p.add_argument(
        "--ngram-top",
        type=int,
        default=None,
        metavar="K",
        help="bound the n-gram counts: count only each partition's K most frequent n-grams "
        "per outlet (default: every n-gram)",
    )
    p.add_argument("--map-args", default="", help="more options for slant map")
    p.add_argument("--report-args", default="", help="more options for slant report")
    p.add_argument("--model", default=None, help="a saved model (slant train) to score with")
    a = p.parse_args()
    slant = os.path.abspath(a.slant)
    if not os.path.exists(slant):
        sys.exit("slant_spark: no slant binary at %s (give --slant PATH)" % slant)
    if a.fan_in < 2:
        sys.exit("slant_spark: --fan-in must be 2 or more")

    sc = SparkContext(master=a.master, appName="slant") if a.master else SparkContext(appName="slant")
    work = tempfile.mkdtemp(prefix="slant-spark-", dir=a.work)
    try:
        sc.setLogLevel("WARN")
        sc.addFile(slant)
        # a local path made absolute (the workers' folder is not ours); a
        # URL (hdfs://, s3a://, file://) as it is
        paths = [i if "://" in i else os.path.abspath(i) for i in a.inputs]
        lines = sc.textFile(",".join(paths), a.partitions)
        # Blank lines are no record for slant either; zipWithIndex then
        # numbers documents in input order across partitions. Every step
        # reads the records again: kept, on disk where memory is short.
        records = lines.filter(lambda l: l.strip() != "").zipWithIndex()
        records = records.persist(StorageLevel.MEMORY_AND_DISK)
        extra = shlex.split(a.map_args)

        def step(name, args, decide=False):
            """Maps every partition with `args`, merges the partials into
            work/NAME.gz; its path."""
            out = os.path.join(work, name + ".gz")
            folder = os.path.join(work, name)
            paths = map_step(records, os.path.basename(slant), extra + args, folder)
            merge_tree(sc, paths, folder, a.fan_in, slant, out, decide)
            return out

        def ship(path):
            sc.addFile(path)
            return Shipped(os.path.basename(path))

        only = ["--repeats-only"]
        proposed = ship(step("lines", only + ["--propose-lines"]))
        decided = ship(step("decided", only + ["--line-candidates", proposed], decide=True))
        last = ["--repeats", decided]
        if a.ngram_top is not None:
            top = ["--repeats", decided, "--ngram-top", str(a.ngram_top)]
            last += ["--ngram-candidates", ship(step("candidates", top))]
        report_extra = shlex.split(a.report_args)
        if a.model:
            last += ["--model", ship(os.path.abspath(a.model))]
            report_extra += ["--model", a.model]
        merged = step("merged", last)

        names = []
        for i in a.inputs:
            names += ["--input-name", i]
        cmd = [slant, "report", merged, "--out", a.out, "-q"] + names + report_extra
        if subprocess.run(cmd, check=False).returncode != 0:
            sys.exit("slant_spark: slant report failed (its message is above)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        sc.stop()


if __name__ == "__main__":
    main()
