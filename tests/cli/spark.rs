//! The Spark job (examples/spark/slant_spark.py) in Spark local mode: its
//! report equals `slant analyze --no-model` on the same data, comparison
//! views included.
//! Skipped, with a note, where pyspark or java is missing, unless
//! SLANT_REQUIRE_SPARK=1 (as .ci/run sets).

use std::process::Command;

use super::partial::{assert_same_report, corpus};
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

#[test]
fn the_spark_job_reports_what_analyze_does() {
    if !spark_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(300, 11);
    // two input files, read in the order given
    std::fs::write(d.join("a.jsonl"), lines[..170].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), lines[170..].join("\n") + "\n").unwrap();
    slant(
        d,
        &[
            "analyze",
            "a.jsonl",
            "b.jsonl",
            "--no-model",
            "--no-charts",
            "--out",
            "single",
            "-q",
        ],
    )
    .ok();
    let out = Command::new("python3")
        .arg(root().join("examples/spark/slant_spark.py"))
        .args([
            "a.jsonl", "b.jsonl", "--out", "spark", "--master", "local[2]",
        ])
        .args(["--partitions", "4", "--report-args=--no-charts"])
        .arg("--slant")
        .arg(env!("CARGO_BIN_EXE_slant"))
        .current_dir(d)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "the Spark job failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same_report(&d.join("single"), &d.join("spark"));
}
