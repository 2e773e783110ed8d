#!/usr/bin/env python3
"""slant on Spark: the report of a corpus too large for one machine.

    python slant_spark.py INPUT... --out DIR [--master local[2]] [--slant PATH]
    spark-submit slant_spark.py INPUT... --out DIR --slant ./slant

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

Each task maps or merges in a temporary folder of its own, and the
partials (gzip bytes) travel as Spark data: a tree of merges (at most
--fan-in partials per merge, each level a shuffle whose merges run as
Spark tasks, the last on the driver); `slant merge` streams, holding a row
per input. With --work SHARED (a folder that the driver and every worker
see at the same path), the partials are files there instead.
The merged result of each step but the last is shipped to the
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


def map_partition(binary, args, out):
    """A function over one partition of (line, record) pairs, with its
    index: maps it with `slant map ARGS` (`binary` the shipped slant's
    name) into the file `out(index)`, and gives `[(index, out)]`, or
    nothing for an empty partition."""

    def go(index, rows):
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return []

        def lines():
            yield first[0]
            for line, _ in rows:
                yield line

        path = out(index)
        cmd = ["map", "-", "-o", path, "--first-record", str(first[1]), "-q"]
        run(slant_path(binary), cmd + on_worker(args), lines())
        return [(index, path)]

    return go


def map_to_files(records, binary, args, folder):
    """Maps every partition into a partial in `folder` (a shared folder);
    the partials' paths."""
    os.makedirs(folder)
    out = lambda index: os.path.join(folder, "part-%05d.gz" % index)
    parts = records.mapPartitionsWithIndex(map_partition(binary, args, out)).collect()
    return sorted(path for _, path in parts)


def as_bytes(go):
    """`go` (which writes the file it returns) run in a private temporary
    folder of the worker, the file's bytes returned in place of its path."""

    def wrapped(index, rows):
        with tempfile.TemporaryDirectory(prefix="slant-task-") as tmp:
            out = lambda i: os.path.join(tmp, "part-%05d.gz" % i)
            for key, path in go(out)(index, rows):
                with open(path, "rb") as f:
                    yield key, f.read()

    return wrapped


def merge_bytes(binary):
    """One merge of a level of the tree, on a worker: (key, partials as
    bytes) -> (key, the merged partial as bytes)."""

    def go(group):
        key, blobs = group
        with tempfile.TemporaryDirectory(prefix="slant-task-") as tmp:
            inputs = write_all(blobs, tmp)
            out = os.path.join(tmp, "merged.gz")
            run(slant_path(binary), ["merge"] + inputs + ["-o", out, "-q"])
            with open(out, "rb") as f:
                return key, f.read()

    return go


def write_all(blobs, folder):
    """Partials given as bytes written to files in `folder`; their paths."""
    paths = []
    for i, blob in enumerate(blobs):
        paths.append(os.path.join(folder, "in-%05d.gz" % i))
        with open(paths[-1], "wb") as f:
            f.write(blob)
    return paths


def merge_through_spark(records, binary, args, fan_in):
    """Maps every partition and merges the partials in a tree whose levels
    are Spark shuffles: each task maps or merges in a temporary folder of
    its own, and the partials (gzip bytes) travel as Spark data, spilled to
    disk by its shuffle where memory is short. Gives the last `fan_in` or
    fewer partials, as bytes."""
    go = lambda out: map_partition(binary, args, out)
    parts = records.mapPartitionsWithIndex(as_bytes(go)).persist(StorageLevel.MEMORY_AND_DISK)
    keys = sorted(parts.keys().collect())
    rank = {k: i for i, k in enumerate(keys)}
    parts = parts.map(lambda kv: (rank[kv[0]], kv[1]))
    n = len(keys)
    while n > fan_in:
        n = (n + fan_in - 1) // fan_in
        parts = parts.map(lambda kv: (kv[0] // fan_in, kv[1])).groupByKey(n).map(merge_bytes(binary))
    return [blob for _, blob in sorted(parts.collect())]


def merge_on_worker(job):
    """One merge of a level of the tree: (binary, inputs, output) -> output."""
    binary, inputs, out = job
    run(slant_path(binary), ["merge"] + inputs + ["-o", out, "-q"])
    return out


def merge_files(sc, paths, folder, fan_in, slant):
    """Merges the partials at `paths` (in the shared `folder`): levels of
    merges of at most `fan_in` files each, run as Spark tasks, until
    `fan_in` or fewer remain; their paths."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        sys.exit(
            "slant_spark: the driver cannot see %s, which a worker wrote: give --work "
            "a folder that the driver and every worker see at the same path, or leave "
            "--work out to pass the partials through Spark" % missing[0]
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
    return paths


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
        help="a folder that the driver and every worker see at the same path (a shared "
        "mount), for the partials (default: the partials travel through Spark)",
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
    # the driver's own files: merged partials to ship, the last to report
    work = tempfile.mkdtemp(prefix="slant-spark-", dir=a.work and os.path.abspath(a.work))
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
            binary = os.path.basename(slant)
            if a.work:
                paths = map_to_files(records, binary, extra + args, folder)
                paths = merge_files(sc, paths, folder, a.fan_in, slant)
            else:
                blobs = merge_through_spark(records, binary, extra + args, a.fan_in)
                os.makedirs(folder)
                paths = write_all(blobs, folder)
            if not paths:
                sys.exit("slant_spark: the inputs hold no records")
            run(slant, ["merge"] + paths + ["-o", out, "-q"] + (["--decide"] if decide else []))
            shutil.rmtree(folder)
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
