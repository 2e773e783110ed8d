//! The Spark job (examples/spark/slant_spark.py) in Spark local mode, on
//! the bounded road (repeated text proposed, counted and decided; merges in
//! a tree): its report equals `slant analyze --no-model` on the same data,
//! comparison views included, with the partials passed through Spark; with
//! `--ngram-top` and the partials as files in a `--work` folder, every
//! count shown is analyze's.
//! Skipped, with a note, where pyspark or java is missing, unless
//! SLANT_REQUIRE_SPARK=1 (as .ci/run sets).

use std::path::Path;
use std::process::{Command, Output};

use super::partial::{assert_same_report, corpus};
use super::partial_bounded::keyness_counts;
use super::util::{root, slant, slant_stdin};

/// Whether pyspark and java are here; panics when they must be.
fn spark_available() -> bool {
    let ok = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let have = ok("python3", &["-c", "import pyspark"]) && ok("java", &["-version"]);
    if !have {
        assert!(
            std::env::var("SLANT_REQUIRE_SPARK").as_deref() != Ok("1"),
            "SLANT_REQUIRE_SPARK=1 but pyspark or java is missing"
        );
        eprintln!("note: pyspark or java missing; the Spark test is skipped");
    }
    have
}

/// A temporary folder holding a.jsonl and b.jsonl (a corpus of 300
/// documents, read in the order given) and analyze's report of them in
/// `single` (given `more` options); none where Spark is missing.
fn inputs_and_analyze(more: &[&str]) -> Option<tempfile::TempDir> {
    if !spark_available() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(300, 11);
    std::fs::write(d.join("a.jsonl"), lines[..170].join("\n") + "\n").unwrap();
    // blank lines after b's records (no record for slant), more bytes
    // than the records: its later partitions hold no record, and are
    // piped to a `slant map` that reads nothing
    let blank = "\n".repeat(2 * lines.iter().map(|l| l.len() + 1).sum::<usize>());
    std::fs::write(d.join("b.jsonl"), lines[170..].join("\n") + "\n" + &blank).unwrap();
    let args = ["analyze", "a.jsonl", "b.jsonl", "--no-model", "--no-charts"];
    let out = ["--out", "single", "-q"];
    slant(d, &[&args[..], &out, more].concat()).ok();
    Some(dir)
}

/// Runs the Spark job in local[2] on a.jsonl and b.jsonl with the slant
/// `binary`, 4 partitions merged two at a time (so one level of the tree
/// runs as Spark tasks and the driver merges the other), into `out`.
fn run_spark_job(d: &Path, binary: &Path, out: &str, more: &[&str]) -> Output {
    Command::new("python3")
        .arg(root().join("examples/spark/slant_spark.py"))
        .args(["a.jsonl", "b.jsonl", "--out", out, "--master", "local[2]"])
        .args([
            "--partitions",
            "4",
            "--fan-in",
            "2",
            "--report-args=--no-charts",
        ])
        .args(more)
        .arg("--slant")
        .arg(binary)
        .current_dir(d)
        .output()
        .expect("run python3")
}

/// [`run_spark_job`], which must succeed.
fn spark_job(d: &Path, binary: &Path, out: &str, more: &[&str]) {
    let job = run_spark_job(d, binary, out, more);
    assert!(
        job.status.success(),
        "the Spark job failed:\n{}",
        String::from_utf8_lossy(&job.stderr)
    );
}

#[test]
fn the_spark_job_reports_what_analyze_does() {
    let Some(dir) = inputs_and_analyze(&[]) else {
        return;
    };
    let d = dir.path();
    spark_job(d, Path::new(env!("CARGO_BIN_EXE_slant")), "spark", &[]);
    assert_same_report(&d.join("single"), &d.join("spark"));
}

#[test]
fn the_spark_job_bounds_ngram_counts_and_keeps_them_exact() {
    // every term's counts, ranked or not, from analyze: the keyness of all
    // terms
    let Some(dir) = inputs_and_analyze(&["--keyness-top", "1000000"]) else {
        return;
    };
    let d = dir.path();
    // a binary named otherwise is shipped and run by its own name
    let binary = d.join("slant-copy");
    std::fs::copy(env!("CARGO_BIN_EXE_slant"), &binary).unwrap();
    // partials as files in a shared work folder, not through Spark
    std::fs::create_dir(d.join("shared")).unwrap();
    let more = ["--ngram-top", "15", "--work", "shared"];
    spark_job(d, &binary, "spark", &more);
    let left: Vec<_> = std::fs::read_dir(d.join("shared")).unwrap().collect();
    assert!(left.is_empty(), "the work folder is emptied: {left:?}");
    let counts = |dir: &str| keyness_counts(&d.join(dir));
    let (all, bounded) = (counts("single"), counts("spark"));
    assert!(bounded.len() > 20, "terms ranked: {}", bounded.len());
    for (k, got) in &bounded {
        assert_eq!(all.get(k), Some(got), "{k:?}: counts are exact");
    }
    let md = std::fs::read_to_string(d.join("spark/report.md")).unwrap();
    assert!(md.contains("n-gram counts were bounded (map --ngram-top 15)"));
}

#[test]
fn a_failing_map_stops_the_spark_job_with_slants_message() {
    if !spark_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut lines = corpus(60, 3);
    lines[40] = "{\"id\":\"broken\",".into();
    std::fs::write(d.join("a.jsonl"), lines[..30].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), lines[30..].join("\n") + "\n").unwrap();
    let job = run_spark_job(d, Path::new(env!("CARGO_BIN_EXE_slant")), "spark", &[]);
    let err = String::from_utf8_lossy(&job.stderr);
    assert!(!job.status.success(), "{err}");
    // the last lines: the step and partition, then slant's own message
    let tail: Vec<&str> = err.lines().rev().take(2).collect();
    assert!(
        tail[1].starts_with("slant_spark: slant map --repeats-only --propose-lines on partition ")
            && tail[1].contains(": slant: error: -:")
            && tail[1]
                .ends_with("malformed JSON record: EOF while parsing a value at line 1 column 15"),
        "{err}"
    );
    assert_eq!(
        tail[0],
        "(use --on-error skip to skip bad records and list them in the outputs)"
    );
    assert!(!d.join("spark").exists(), "no report folder");
}

/// `slant map -` reads keyed lines `N<TAB>{json}`, as RDD.pipe gives it a
/// partition of zipWithIndex's records: the partial, in either phase, is
/// the one the plain lines give with `--first-record N`; an empty partition
/// writes nothing; keys out of step are refused at their line.
#[test]
fn map_reads_keyed_lines_as_spark_pipes_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(40, 5);
    std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
    slant(d, &["map", "all.jsonl", "--repeats-only", "-o", "r.gz"]).ok();
    let plain = lines[10..30].join("\n") + "\n";
    let keyed: String = (10..30).map(|i| format!("{i}\t{}\n", lines[i])).collect();
    let map = ["map", "-", "-o", "-", "-q"];
    for phase in [&["--repeats-only"][..], &["--repeats", "r.gz"]] {
        let args = [&map[..], phase].concat();
        let first = [&args[..], &["--first-record", "10"]].concat();
        let want = slant_stdin(d, &first, Some(plain.as_bytes())).ok().stdout;
        assert!(want.contains(r#""records":[[10,30]]"#), "{want:.300}");
        let got = slant_stdin(d, &args, Some(keyed.as_bytes())).ok().stdout;
        assert!(got == want, "keyed lines map as --first-record 10");
        // --first-record agreeing with the keys changes nothing
        let got = slant_stdin(d, &first, Some(keyed.as_bytes())).ok().stdout;
        assert!(got == want, "keyed lines with --first-record 10");
    }
    let empty = slant_stdin(d, &map, Some(b"")).ok();
    assert_eq!((empty.stdout.as_str(), empty.stderr.as_str()), ("", ""));
    slant_stdin(d, &["map", "-", "-o", "p.gz"], Some(b"\n"))
        .fails_with("no documents to analyze in standard input");
    assert!(!d.join("p.gz").exists());
    let gap = keyed.replacen("11\t", "12\t", 1);
    slant_stdin(d, &map, Some(gap.as_bytes())).fails_with("-:2: the key 12 where 11 was due");
    slant_stdin(
        d,
        &[&map[..], &["--first-record", "3"]].concat(),
        Some(keyed.as_bytes()),
    )
    .fails_with("--first-record 3 but standard input's first key is 10");
}
