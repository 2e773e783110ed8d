//! `slant map --model`: shards scored with a saved model, merged and
//! reported, equal `slant analyze --model` on the whole corpus; a partial
//! scored with one model neither merges with nor reports as another, and
//! one mapped with --no-compare reports only with --no-compare.

use super::partial::{assert_same_report, corpus, map_merge_report};
use super::util::slant;

#[test]
fn shards_scored_with_a_saved_model_report_as_analyze_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(300, 21);
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    slant(d, &["train", "corpus.jsonl", "-o", "m.json", "-q"]).ok();
    let common = ["--bootstrap", "200", "--no-charts", "--sentence-scores"];
    let mut args = vec![
        "analyze",
        "corpus.jsonl",
        "--model",
        "m.json",
        "--no-compare",
    ];
    args.extend(common);
    args.extend(["--out", "single", "-q"]);
    slant(d, &args).ok();
    let scores = super::util::read_csv(&d.join("single/sentence_scores.csv"));
    assert!(scores.len() > 100, "the model scored the sentences");
    for k in 1..=4 {
        let mut report = vec!["--model", "m.json", "--no-compare"];
        report.extend(common);
        let map = ["--model", "m.json", "--sentence-scores", "--no-compare"];
        map_merge_report(d, &lines, k, 300 + k as u64, &map, &report);
        assert_same_report(&d.join("single"), &d.join(format!("k{k}-report")));
    }
}

#[test]
fn partials_of_other_models_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(120, 5);
    std::fs::write(d.join("a.jsonl"), lines[..60].join("\n") + "\n").unwrap();
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    slant(d, &["train", "corpus.jsonl", "-o", "m.json", "-q"]).ok();
    slant(d, &["train", "a.jsonl", "-o", "other.json", "-q"]).ok();
    slant(d, &["map", "corpus.jsonl", "--repeats-only", "-o", "r.gz"]).ok();
    let map = |out: &str, extra: &[&str]| {
        let mut args = vec!["map", "corpus.jsonl", "--repeats", "r.gz", "-o", out];
        args.extend(extra);
        slant(d, &args).ok();
    };
    map("m.gz", &["--model", "m.json"]);
    map("other.gz", &["--model", "other.json"]);
    map("none.gz", &[]);
    map("nc.gz", &["--no-compare"]);
    let report = |partial: &str, extra: &[&str]| {
        let mut args = vec!["report", partial, "--out", "rep", "--no-charts", "-q"];
        args.extend(extra);
        slant(d, &args)
    };
    report("m.gz", &[]).fails_with("it was mapped with --model; give the same model here");
    report("m.gz", &["--model", "other.json"])
        .fails_with("it was mapped with another model (sha256 ");
    report("none.gz", &["--model", "m.json"]).fails_with("it was mapped without a model");
    report("m.gz", &["--model", "m.json"]).ok();
    report("nc.gz", &[]).fails_with("it was mapped with --no-compare");
    report("nc.gz", &["--no-compare"]).ok();
    // Both cover the same records too: the model is named first.
    slant(d, &["merge", "m.gz", "other.gz", "-o", "x.gz"])
        .fails_with("the partials differ in `options.model`");
}
