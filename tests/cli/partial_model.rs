//! `slant map --model`: shards scored with a saved model, merged and
//! reported, equal `slant analyze --model` on the whole corpus; a partial
//! scored with one model neither merges with nor reports as another, and
//! one mapped with --no-compare reports only with --no-compare.

use super::partial::{corpus, map_merge_report};
use super::util::slant;
use super::util::snapshot;
use std::path::Path;

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
    let single = d.join("single");
    let report = std::fs::read_to_string(single.join("report.md")).unwrap();
    assert!(report.contains("were in the model's training set: their probabilities are in-sample"));
    for k in 1..=4 {
        let mut report = vec!["--model", "m.json", "--no-compare"];
        report.extend(common);
        let map = ["--model", "m.json", "--sentence-scores", "--no-compare"];
        map_merge_report(d, &lines, k, 300 + k as u64, &map, &report);
        // the same model: its training documents counted alike, the
        // note and documents.csv's in_training included
        same_as_analyze(
            &single,
            &d.join(format!("k{k}-report")),
            ("m.json", "m.json"),
            Training::Alike,
        );
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
    same_as_analyze(
        &d.join("single"),
        &d.join("k3-report"),
        ("trained in this run", "loaded from weak.json"),
        Training::SomeDocuments,
    );
}

/// What a report from partials says of the documents its saved model was
/// trained on, beside analyze's.
enum Training {
    /// As analyze with the same saved model: counted alike.
    Alike,
    /// Analyze trained its model in the run, and says nothing; the saved
    /// model, trained on the same corpus, was trained on some of its
    /// documents, and the report says which (documents.csv's
    /// `in_training` is `true` or `false` of each).
    SomeDocuments,
}

/// `got` (a report from partial results with a saved model) equals `want`
/// (an analyze) but for the model's source (`source`: the words in
/// `want`, and those in `got`) and, as `training` says, what is said of
/// the documents the model was trained on.
fn same_as_analyze(want: &Path, got: &Path, source: (&str, &str), training: Training) {
    let (want, got) = (snapshot(want), snapshot(got));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    assert!(want.contains_key("documents.csv") && want.contains_key("validation.csv"));
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    let alike = matches!(training, Training::Alike);
    assert!(!text(&got["report.md"]).contains("is not counted"));
    let note = |b: &[u8]| {
        // the note's line, and in report.md the blank line after it
        let (lines, mut kept, mut dropped) = (text(b), Vec::new(), false);
        for l in lines.lines() {
            let drop = !alike && l.contains("in the model's training set");
            if drop || (dropped && l.is_empty()) {
                dropped = !l.is_empty();
                continue;
            }
            dropped = false;
            kept.push(l);
        }
        kept.join("\n")
    };
    for (name, bytes) in &want {
        match name.as_str() {
            // The model's source: trained in the run, or the file given.
            "report.md" | "report.html" => assert_eq!(
                note(bytes).replace(source.0, source.1),
                note(&got[name]),
                "{name}"
            ),
            "results.json" => {
                let strip = |b: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                    let run = v["run"].as_object_mut().unwrap();
                    run.remove("command");
                    run.remove("args");
                    if !alike {
                        let model = v["model"].as_object_mut().unwrap();
                        model.shift_remove("in_training");
                    }
                    let text = v.to_string();
                    // results.json names the file without "loaded from"
                    let file = source.1.trim_start_matches("loaded from ");
                    text.replace(&format!("\"{}\"", source.0), &format!("\"{file}\""))
                };
                assert_eq!(strip(bytes), strip(&got[name]));
            }
            // in_training, the last column: empty in an analyze that
            // trained its model, said of each document with a saved one
            "documents.csv" if !alike => {
                let rows = |b: &[u8]| -> Vec<(String, String)> {
                    text(b)
                        .lines()
                        .map(|l| {
                            let (rest, last) = l.rsplit_once(',').unwrap();
                            (rest.to_string(), last.to_string())
                        })
                        .collect()
                };
                let (want, got) = (rows(bytes), rows(&got[name]));
                assert_eq!(
                    want.iter().map(|r| &r.0).collect::<Vec<_>>(),
                    got.iter().map(|r| &r.0).collect::<Vec<_>>(),
                    "{name}"
                );
                assert_eq!(got[0].1, "in_training");
                assert!(want[1..].iter().all(|r| r.1.is_empty()), "{name}");
                let said = |v: &str| got[1..].iter().filter(|r| r.1 == v).count();
                assert_eq!(said("true") + said("false"), got.len() - 1, "{name}");
                assert!(said("true") > 0, "{name}");
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
