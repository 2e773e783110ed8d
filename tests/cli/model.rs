//! The classifier from the command line: `train`, `score`, and the model in
//! `analyze`.

use std::collections::BTreeMap;

use crate::util::{put, read_csv, root, seeds, slant, slant_stdin};

fn model_scores(outlets: &std::path::Path) -> BTreeMap<String, f64> {
    read_csv(outlets)
        .into_iter()
        .filter(|r| r["axis"] == "russia_ukraine")
        .map(|r| {
            (
                r["outlet"].clone(),
                r["model_score"].parse::<f64>().expect("model_score"),
            )
        })
        .collect()
}

#[test]
fn weak_labels_on_the_seeds_place_rt_on_the_kremlin_side() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    slant(
        &root(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sentence-scores",
            "-q",
        ],
    )
    .ok();
    let scores = model_scores(&out.join("outlets.csv"));
    assert!(scores["RT"] > 0.0, "{scores:?}");
    for (o, s) in &scores {
        if o != "RT" {
            assert!(*s < scores["RT"], "{scores:?}");
        }
    }
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(
        v["model"]["classes"],
        serde_json::json!(["kremlin", "ukraine_west"])
    );
    // the seeds hold several outlets: the scheme to cite holds them out
    let first = &v["model"]["validation"]["schemes"][0];
    assert_eq!(first["holds_out"], "outlets");
    assert!(first["scheme"]
        .as_str()
        .unwrap()
        .starts_with("outlets held out"));
    assert_eq!(
        v["model"]["validation"]["schemes"][1]["holds_out"],
        "documents"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Model: kremlin vs ukraine_west"));
    for method in [
        "Go, Bhayani and Huang 2009",
        "King and Zeng 2001",
        "Baly et al. 2020",
    ] {
        assert!(md.contains(method), "methods: {method}");
    }
    assert!(
        md.contains("does NOT beat the majority-class baseline") || md.contains("baseline"),
        "validation beside the baseline"
    );
    for f in [
        "sentence_scores.csv",
        "validation.csv",
        "model_features.csv",
        "model_russia_ukraine.png",
        "model_russia_ukraine.svg",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // every sentence's probabilities sum to one
    let rows = read_csv(&out.join("sentence_scores.csv"));
    let sentences: usize = read_csv(&out.join("documents.csv"))
        .iter()
        .map(|d| d["sentences"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(rows.len(), sentences, "one row per sentence of the corpus");
    for row in rows {
        let sum: f64 = row["p_kremlin"].parse::<f64>().unwrap()
            + row["p_ukraine_west"].parse::<f64>().unwrap();
        assert!((sum - 1.0).abs() < 1e-9, "{row:?}");
    }
}

#[test]
fn train_then_score_gives_the_same_scores_as_analyze() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    let run = slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    assert!(
        run.stdout.contains("held out") && run.stdout.contains("baseline"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("model saved to"), "{}", run.stdout);
    let scored = tmp.path().join("scored");
    slant(
        &root(),
        &[
            "score",
            "--model",
            model.to_str().unwrap(),
            seeds().to_str().unwrap(),
            "--out",
            scored.to_str().unwrap(),
            "--sentence-scores",
            "-q",
        ],
    )
    .ok();
    let analyzed = tmp.path().join("analyzed");
    slant(
        &root(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--out",
            analyzed.to_str().unwrap(),
            "--sentence-scores",
            "-q",
        ],
    )
    .ok();
    // the same seed and data give the same model, so the same outlet table
    assert_eq!(
        std::fs::read(scored.join("outlets.csv")).unwrap(),
        std::fs::read(analyzed.join("outlets.csv")).unwrap()
    );
    assert_eq!(
        std::fs::read(scored.join("sentence_scores.csv")).unwrap(),
        std::fs::read(analyzed.join("sentence_scores.csv")).unwrap()
    );
}

#[test]
fn a_model_refuses_lexicons_it_was_not_trained_with() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    let run = slant(
        &root(),
        &[
            "score",
            "--model",
            model.to_str().unwrap(),
            seeds().to_str().unwrap(),
            "--lexicon",
            "russia-ukraine",
            "--out",
            tmp.path().join("o").to_str().unwrap(),
        ],
    )
    .fails_with("was trained with other lexicons");
    assert!(run.stderr.contains("lexicon `sourcing`"), "{}", run.stderr);
    assert!(!tmp.path().join("o").exists());
    put(tmp.path(), "bad.json", b"{\"format\": \"nope\"}");
    slant(
        tmp.path(),
        &["score", "--model", "bad.json", seeds().to_str().unwrap()],
    )
    .fails_with("bad.json: not a slant model");
}

#[test]
fn training_errors_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.json");
    slant(&root(), &["train", seeds().to_str().unwrap(), "-o", m.to_str().unwrap(), "--reference", "RT=kremlin", "--reference", "Fox=other"])
        .fails_with("reference outlet not in the corpus: Fox (outlets: Bloomberg, Caliber.Az, Inter Bellum News, RT, Ukrainska Pravda)");
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            m.to_str().unwrap(),
            "--reference",
            "RT",
        ],
    )
    .fails_with("expected OUTLET=CLASS");
    let labels = put(
        tmp.path(),
        "labels.csv",
        b"id,class\n003_74092aee7592dc1e,kremlin\nnope,ukraine\n",
    );
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            m.to_str().unwrap(),
            "--labels",
            labels.to_str().unwrap(),
        ],
    )
    .fails_with("labels.csv:3: document `nope` is not in the corpus");
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            m.to_str().unwrap(),
            "--axis",
            "nope",
        ],
    )
    .fails_with("no axis `nope`");
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            m.to_str().unwrap(),
            "--alpha=-1",
        ],
    )
    .fails_with("--alpha");
    assert!(!m.exists(), "no model from a failed run");
}

#[test]
fn reference_outlets_train_a_document_model() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.json");
    let run = crate::util::train_reference_model(&m);
    assert!(
        run.stdout.contains("leave one outlet out"),
        "{}",
        run.stdout
    );
    // holding out RT leaves no kremlin document to learn from: said, not hidden
    assert!(
        run.stderr
            .contains("RT skipped: no training unit of class kremlin"),
        "{}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap();
    assert_eq!(v["unit"], "document");
    assert_eq!(v["axis"]["axis"], "russia_ukraine");
}

#[test]
fn no_model_means_lexicon_scores_only() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    slant(
        &root(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-model",
            "-q",
        ],
    )
    .ok();
    assert!(!out.join("sentence_scores.csv").exists());
    let header = std::fs::read_to_string(out.join("outlets.csv")).unwrap();
    assert!(!header.contains("p_kremlin"));
}

#[test]
fn standard_input_is_read_twice_when_training() {
    let tmp = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for (i, f) in std::fs::read_dir(seeds())
        .unwrap()
        .filter_map(|e| e.ok())
        .enumerate()
    {
        let p = f.path();
        if p.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            let outlet = if text.contains("Kiev") { "R" } else { "W" };
            lines.push(
                serde_json::json!({"id": i.to_string(), "outlet": outlet, "text": text})
                    .to_string(),
            );
        }
    }
    let input = lines.join("\n");
    let run = slant_stdin(
        tmp.path(),
        &["analyze", "-", "--format", "csv", "-q"],
        Some(input.as_bytes()),
    )
    .ok();
    assert!(
        run.stdout.lines().next().unwrap().contains("p_kremlin"),
        "{}",
        run.stdout
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path().join("reports/stdin"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    // The only hidden file is the report's marker: the spool is gone.
    assert!(
        !left
            .iter()
            .any(|n| n.to_string_lossy().starts_with('.') && n != ".slant-report"),
        "spool removed: {left:?}"
    );
}

#[test]
fn a_corrupted_model_file_is_refused_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    v["design"]["scaler"]["std"]
        .as_array_mut()
        .expect("design.scaler.std")
        .pop();
    put(
        tmp.path(),
        "corrupted.json",
        &serde_json::to_vec_pretty(&v).unwrap(),
    );
    slant(
        tmp.path(),
        &[
            "score",
            "--model",
            "corrupted.json",
            seeds().to_str().unwrap(),
            "--out",
            "o",
        ],
    )
    .fails_with("corrupted.json: design.scaler.std has");
    assert!(!tmp.path().join("o").exists(), "no report from a bad model");
}
