//! The Spark job (examples/spark/slant_spark.py) in Spark local mode, on
//! the bounded road (repeated text proposed, counted and decided; merges in
//! a tree): its report equals `slant analyze --no-model` on the same data,
//! comparison views included, with the partials passed through Spark; with
//! `--ngram-top` and the partials as files in a `--work` folder, every
//! count shown is analyze's.
//! Skipped, with a note, where pyspark or java is missing, unless
//! SLANT_REQUIRE_SPARK=1 (as .ci/run sets).

use std::path::Path;
use std::process::Command;

use super::partial::{assert_same_report, corpus};
use super::partial_bounded::keyness_counts;
use super::util::{root, slant};

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
    std::fs::write(d.join("b.jsonl"), lines[170..].join("\n") + "\n").unwrap();
    let args = ["analyze", "a.jsonl", "b.jsonl", "--no-model", "--no-charts"];
    let out = ["--out", "single", "-q"];
    slant(d, &[&args[..], &out, more].concat()).ok();
    Some(dir)
}

/// Runs the Spark job in local[2] on a.jsonl and b.jsonl with the slant
/// `binary`, 4 partitions merged two at a time (so one level of the tree
/// runs as Spark tasks and the driver merges the other), into `out`.
fn spark_job(d: &Path, binary: &Path, out: &str, more: &[&str]) {
    let job = Command::new("python3")
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
        .expect("run python3");
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
