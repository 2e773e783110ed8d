#!/usr/bin/env python3
"""slant on Spark: the report of a corpus too large for one machine.

    python slant_spark.py INPUT... --out DIR [--master local[2]] [--slant PATH]
    spark-submit slant_spark.py INPUT... --out DIR --slant ./slant

INPUT are JSONL files (optionally .gz), read in the order given. The
records are numbered with zipWithIndex, the slant binary is shipped to the
workers with SparkContext.addFile, and each partition is mapped with
RDD.pipe: its records go to `slant map - -o -` as keyed lines
`N<TAB>{json}` (N the record's global number, so the command is the same
for every partition), and the partial's lines come back as the
partition's elements, gzipped per partition into the partial's bytes (an
empty partition writes nothing and gives no partial). The map runs in
steps:

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

**Finding the shipped files.** RDD.pipe runs a command fixed on the driver,
in a new environment (its env= replaces the worker's). The command is
`/bin/sh -c WRAPPER slant-pipe BINARY map - -o - -q ARGS`, the shipped
files (the binary, the merged partials of the steps before, --model)
named by their file names alone, and the environment holds PATH and
SLANT_FILES, the driver's SparkFiles root. The wrapper runs in the folder
that holds the shipped binary: SLANT_FILES in local mode (the driver's
SparkFiles root is the executors' too), else the task's working folder,
where executors fetch addFile'd files on a cluster (SparkFiles root "."
on YARN, standalone, Kubernetes and Databricks workers). It sets the
binary's executable bit (addFile may drop it) and keeps slant's standard
error: on failure its lines come out as `slant-error: ...` lines, and the
job stops with slant's message (pipe's checkCode=True gives only the exit
code); on success they go to the executor's standard error.

Merges read files, so they run slant as a subprocess: each task merges in
a temporary folder of its own, and the partials (gzip bytes) travel as
Spark data: a tree of merges (at most --fan-in partials per merge, each
level a shuffle whose merges run as Spark tasks, the last on the driver);
`slant merge` streams, holding a row per input. With --work SHARED (a
folder that the driver and every worker see at the same path), each
partition's piped lines are gzipped into a file there instead, and the
tree merges those files.
The merged result of each step but the last is shipped to the
workers with addFile; the last is rendered by `slant report` on the
driver: the folder `slant analyze --no-model` writes (with --model M.json,
shipped to the workers too, the one `slant analyze --model M.json`
writes; with --ngram-top K, the same but for the terms ranked, as README's
"Bounded n-gram counts" says).
"""

import argparse
import gzip
import io
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile

from pyspark import SparkConf, SparkContext, SparkFiles, StorageLevel

# The command RDD.pipe runs, as `sh -c WRAPPER slant-pipe BINARY ARGS...`:
# BINARY (a shipped file's name) run with ARGS in the folder holding it,
# slant's standard error kept and, on failure, given as `slant-error: `
# lines on standard output, for the task's error.
WRAPPER = r"""
root=.
if [ -n "$SLANT_FILES" ] && [ -f "$SLANT_FILES/$1" ]; then root=$SLANT_FILES; fi
cd "$root" || exit 1
bin=./$1
shift
if [ ! -f "$bin" ]; then
    echo "slant-error: no $bin in $PWD: ship the binary with addFile (or --files)"
    exit 127
fi
[ -x "$bin" ] || chmod u+x "$bin" 2>/dev/null
if [ ! -x "$bin" ]; then
    echo "slant-error: $PWD/$bin is not executable and chmod u+x failed"
    exit 126
fi
err=$(mktemp) || exit 1
trap 'rm -f "$err"' EXIT
trap 'exit 143' HUP INT TERM
"$bin" "$@" 2>"$err"
code=$?
if [ "$code" -ne 0 ]; then sed 's/^/slant-error: /' "$err"; else cat "$err" >&2; fi
exit "$code"
"""

# The mark of the wrapper's lines that carry slant's error message (a
# partial's lines are JSON objects: none starts so).
ERROR = "slant-error: "

# How a failed map begins its error, for the driver to find it in the job's.
FAILED = "slant_spark: "


def slant_path(name):
    """The shipped binary (its file name) on a worker, made executable."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR)
    return path


def run(binary, args):
    """Runs slant; raises with its error message if it fails."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run(
            [binary] + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").rstrip()
            raise RuntimeError("%sslant %s failed: %s" % (FAILED, " ".join(args), message))


def pipe_command(binary, args):
    """The command RDD.pipe runs: `slant map - -o - -q ARGS` through the
    wrapper, `binary` and the shipped files in ARGS named by file name."""
    command = ["/bin/sh", "-c", WRAPPER, "slant-pipe", binary, "map", "-", "-o", "-", "-q"]
    return shlex.join(command + args)


def gzip_lines(lines, out, what):
    """Writes a partition's piped lines to the binary file `out`, gzipped;
    raises with slant's message (`what` failed) if slant failed. Whether
    any line came (an empty partition gives none)."""
    errors, wrote = [], False
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        try:
            for line in lines:
                if line.startswith(ERROR):
                    errors.append(line[len(ERROR) :])
                else:
                    gz.write(line.encode("utf-8") + b"\n")
                    wrote = True
        except RuntimeError:  # pipe's checkCode: the exit code and command alone
            message = "\n".join(errors) or "(no message)"
            raise RuntimeError("%s%s failed: %s" % (FAILED, what, message)) from None
    return wrote


def job_failure(e):
    """slant's message in the error of a failed Spark job (raised by
    gzip_lines on a worker), or None."""
    text = str(e)
    if isinstance(e, RuntimeError) and text.startswith(FAILED):
        return text  # on the driver
    at = text.find("RuntimeError: " + FAILED)
    if at < 0:
        return None
    text = text[at + len("RuntimeError: ") :]
    ends = [i for i in (text.find(x) for x in ("\n\tat ", "\n\n", "\n SQLSTATE")) if i >= 0]
    return text[: min(ends, default=len(text))].rstrip()


def piped(records, binary, args, env):
    """Every partition of `records` (keyed lines) piped through `slant map`:
    the partial's lines, per partition."""
    return records.pipe(pipe_command(binary, args), env=env, checkCode=True)


def where(what, index):
    """`what` (a command) run on partition `index`, for its error."""
    return "%s on partition %d (`-:N`: its Nth record)" % (what, index)


def to_bytes(what):
    """A function over one partition of piped lines, with its index: the
    partial as gzip bytes, `[(index, bytes)]`, or nothing for an empty
    partition."""

    def go(index, lines):
        buf = io.BytesIO()
        if gzip_lines(lines, buf, where(what, index)):
            yield index, buf.getvalue()

    return go


def to_files(folder, what):
    """A function over one partition of piped lines, with its index: the
    partial gzipped into `folder`, `[path]`, or nothing for an empty
    partition."""

    def go(index, lines):
        path = os.path.join(folder, "part-%05d.gz" % index)
        with open(path, "wb") as f:
            wrote = gzip_lines(lines, f, where(what, index))
        if wrote:
            yield path
        else:
            os.remove(path)

    return go


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


def merge_through_spark(parts, binary, fan_in):
    """Merges the partials `parts` ((partition, gzip bytes) pairs) in a tree
    whose levels are Spark shuffles: each task merges in a temporary folder
    of its own, and the partials travel as Spark data, spilled to disk by
    its shuffle where memory is short. Gives the last `fan_in` or fewer
    partials, as bytes."""
    parts = parts.persist(StorageLevel.MEMORY_AND_DISK)
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

    conf = SparkConf().setAppName("slant")
    if a.master:
        conf.setMaster(a.master)
    # the console progress bar shares stderr with slant's messages and can
    # run into the line that says why a step failed: off unless asked for
    conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    # the driver's own files: merged partials to ship, the last to report
    work = tempfile.mkdtemp(prefix="slant-spark-", dir=a.work and os.path.abspath(a.work))
    try:
        sc.setLogLevel("WARN")
        job(sc, a, slant, work)
    except Exception as e:
        message = job_failure(e)
        if message is None:
            raise
        sys.exit(message)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        sc.stop()


def job(sc, a, slant, work):
    """The steps of the job (`a` its arguments), on SparkContext `sc`, the
    driver's files in `work`."""
    sc.addFile(slant)
    # a local path made absolute (the workers' folder is not ours); a
    # URL (hdfs://, s3a://, file://) as it is
    paths = [i if "://" in i else os.path.abspath(i) for i in a.inputs]
    lines = sc.textFile(",".join(paths), a.partitions)
    # Blank lines are no record for slant either; zipWithIndex then
    # numbers documents in input order across partitions, and each
    # record goes to slant as a keyed line `N<TAB>{json}`. Every step
    # reads the records again: kept, on disk where memory is short.
    records = lines.filter(lambda l: l.strip() != "").zipWithIndex()
    keyed = records.map(lambda r: "%d\t%s" % (r[1], r[0]))
    keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK)
    extra = shlex.split(a.map_args)
    binary = os.path.basename(slant)
    # what the piped command sees of the environment (pipe's env=
    # replaces the worker's): the tools the wrapper calls, and where
    # the driver's SparkFiles are (the executors' too in local mode)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "SLANT_FILES": SparkFiles.getRootDirectory()}

    def step(name, args, decide=False):
        """Maps every partition with `args` (through RDD.pipe), merges
        the partials into work/NAME.gz; its path."""
        out = os.path.join(work, name + ".gz")
        folder = os.path.join(work, name)
        os.makedirs(folder)
        args = extra + args
        what = "slant map %s" % " ".join(args)
        lines = piped(keyed, binary, args, env)
        if a.work:
            paths = sorted(lines.mapPartitionsWithIndex(to_files(folder, what)).collect())
            paths = merge_files(sc, paths, folder, a.fan_in, slant)
        else:
            parts = lines.mapPartitionsWithIndex(to_bytes(what))
            paths = write_all(merge_through_spark(parts, binary, a.fan_in), folder)
        if not paths:
            sys.exit("slant_spark: the inputs hold no records")
        run(slant, ["merge"] + paths + ["-o", out, "-q"] + (["--decide"] if decide else []))
        shutil.rmtree(folder)
        return out

    def ship(path):
        """Ships the file at `path` to the workers; its name there."""
        sc.addFile(path)
        return os.path.basename(path)

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


if __name__ == "__main__":
    main()
