//! The rank correlation of lexicon and model scores comes with a bootstrap
//! 95% interval over the outlets, in report.md and results.json, said in
//! the methods, and the same whatever the thread count.

use serde_json::Value;

use crate::util::{root, seeds, slant};

/// `analyze seeds` with `-j threads` into `out`: results.json, report.md.
fn run(out: &std::path::Path, threads: &str) -> (Value, String) {
    let seeds = seeds();
    let args = [
        "analyze",
        seeds.to_str().unwrap(),
        "-q",
        "-j",
        threads,
        "--out",
    ];
    slant(&root(), &[&args[..], &[out.to_str().unwrap()]].concat()).ok();
    let v = serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    (v, std::fs::read_to_string(out.join("report.md")).unwrap())
}

#[test]
fn the_rank_correlation_has_its_interval() {
    let tmp = tempfile::tempdir().unwrap();
    let (v, md) = run(&tmp.path().join("j1"), "1");
    let m = &v["model"];
    // The seeds' five outlets rank alike on the lexicon and the default
    // run's model (rho 1.00), so every resample whose ranks vary gives 1.
    assert_eq!(m["spearman_lexicon_model"], 1.0);
    assert_eq!(
        m["spearman_lexicon_model_ci"],
        serde_json::json!([1.0, 1.0])
    );
    assert!(
        md.contains("over the 5 outlets with both: 1.00, 95% interval [1.00, 1.00] (bootstrap over the outlets"),
        "{md}"
    );
    // a zero-width interval from five outlets says they are few, not that
    // the correlation is certain, and the report says so
    assert!(
        md.contains("the interval has no width because with 5 outlets, every resample ranked the few outlets it drew alike: it is not informative"),
        "{md}"
    );
    assert!(md.contains("- **Model and lexicon rankings.** Spearman's rank correlation"));
    assert!(md.contains("resampled with replacement 2000 times"));
    let (v2, _) = run(&tmp.path().join("j2"), "2");
    assert_eq!(
        v2["model"]["spearman_lexicon_model_ci"],
        m["spearman_lexicon_model_ci"]
    );
}
