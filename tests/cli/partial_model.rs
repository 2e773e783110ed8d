//! `slant map --model`: shards scored with a saved model, merged and
//! reported, equal `slant analyze --model` on the whole corpus; a partial
//! scored with one model neither merges with nor reports as another, and
//! one mapped with --no-compare reports only with --no-compare.

use super::partial::{assert_same_report, corpus, map_merge_report};
use super::util::slant;
use super::util::snapshot;

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
fn a_default_analyze_is_train_then_map_with_the_weak_label_model() {
    // analyze without --model trains the weak-label model on the whole
    // corpus inside the run; `slant train` without --labels trains the
    // same model, which the shards are then mapped with.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(200, 31);
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    let common = ["--bootstrap", "100", "--no-charts"];
    let mut args = vec!["analyze", "corpus.jsonl", "--out", "single", "-q"];
    args.extend(common);
    slant(d, &args).ok();
    slant(d, &["train", "corpus.jsonl", "-o", "weak.json", "-q"]).ok();
    let mut report = vec!["--model", "weak.json"];
    report.extend(common);
    map_merge_report(d, &lines, 3, 77, &["--model", "weak.json"], &report);
    let (want, got) = (snapshot(&d.join("single")), snapshot(&d.join("k3-report")));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    assert!(want.contains_key("documents.csv") && want.contains_key("validation.csv"));
    for (name, bytes) in &want {
        let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
        match name.as_str() {
            // The model's source: trained in the run, or the file given.
            "report.md" | "report.html" => assert_eq!(
                text(bytes).replace("trained in this run", "loaded from weak.json"),
                text(&got[name]),
                "{name}"
            ),
            "results.json" => {
                let strip = |b: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                    let run = v["run"].as_object_mut().unwrap();
                    run.remove("command");
                    run.remove("args");
                    let text = v.to_string();
                    text.replace("\"trained in this run\"", "\"weak.json\"")
                };
                assert_eq!(strip(bytes), strip(&got[name]));
            }
            // Lists each file compared here with its digest: the names.
            ".slant-report" => {
                let names = |b: &[u8]| {
                    let text = text(b);
                    let names = text.lines().map(|l| l.rsplit(' ').next().map(String::from));
                    names.collect::<Vec<_>>()
                };
                assert_eq!(names(bytes), names(&got[name]), "{name}");
            }
            _ => assert!(bytes == &got[name], "{name} differs"),
        }
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
