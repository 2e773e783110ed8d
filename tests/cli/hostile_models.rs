//! The hostile-input suite's rows for model files edited by hand (issue 9):
//! a model that `slant train` saved for the seeds, edited as JSON, is
//! refused by every command that loads one (`analyze`, `score`, `evaluate`,
//! `map`) with exit status 2 and a message naming the file and the field,
//! never a panic, the previous report byte-identical and nothing left
//! behind; a model whose numbers are extreme but consistent runs with
//! probabilities in [0, 1].

use serde_json::{json, Value};

use super::hostile::{case, run_all, Case, Want};
use crate::util::{read_csv, seeds, slant};

/// The seeds' model, as `slant train` saves it (default options).
fn trained() -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    slant(
        tmp.path(),
        &["train", seeds.to_str().unwrap(), "-o", "m.json", "-q"],
    )
    .ok();
    let text = std::fs::read_to_string(tmp.path().join("m.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `model` with `edit` applied, as JSON bytes.
fn edited(model: &Value, edit: impl Fn(&mut Value)) -> Vec<u8> {
    let mut m = model.clone();
    edit(&mut m);
    serde_json::to_vec_pretty(&m).unwrap()
}

/// The last entry of the array at `pointer` removed.
fn shorten(m: &mut Value, pointer: &str) {
    m.pointer_mut(pointer)
        .and_then(Value::as_array_mut)
        .expect(pointer)
        .pop();
}

/// Hand edits and the field each error must name (after `bad.json: `).
fn bad_models(m: &Value) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "three classes in a two-class model",
            edited(m, |m| {
                m["classes"].as_array_mut().unwrap().push(json!("third"))
            }),
            "classifier.weights has 2 entries, one per class, but `classes` has 3",
        ),
        (
            "one class",
            edited(m, |m| m["classes"] = json!(["kremlin"])),
            "`classes` has 1 class, but a model needs at least 2",
        ),
        (
            "a class named twice",
            edited(m, |m| m["classes"] = json!(["kremlin", "kremlin"])),
            "`classes` has `kremlin` twice",
        ),
        (
            "an axis pole past the classes",
            edited(m, |m| m["axis"]["positive"] = json!(5)),
            "axis.positive is class 5, but `classes` has 2",
        ),
        (
            "a shortened IDF list",
            edited(m, |m| shorten(m, "/design/vocabulary/idf")),
            "design.vocabulary.idf has",
        ),
        (
            "an IDF below 1",
            edited(m, |m| m["design"]["vocabulary"]["idf"][0] = json!(0.5)),
            "design.vocabulary.idf[0] is 0.5, but an IDF is at least 1",
        ),
        (
            "n-grams of length 0",
            edited(m, |m| {
                m["design"]["vocabulary"]["options"]["ngrams"] = json!(0)
            }),
            "design.vocabulary.options.ngrams is 0",
        ),
        (
            "a shortened scaler mean",
            edited(m, |m| shorten(m, "/design/scaler/mean")),
            "design.scaler.mean has",
        ),
        (
            "a lexicon column dropped",
            edited(m, |m| shorten(m, "/design/lexicon_columns")),
            "design.scaler.mean has",
        ),
        (
            "a zero scaler",
            edited(m, |m| {
                let n = m["design"]["scaler"]["std"].as_array().unwrap().len();
                m["design"]["scaler"]["std"] = json!(vec![0.0; n]);
            }),
            "design.scaler.std[0] is 0, but a standard deviation must be above 1e-12",
        ),
        (
            "a scaler mean of the wrong type",
            edited(m, |m| m["design"]["scaler"]["mean"] = json!("zero")),
            "not a slant model: field `design.scaler.mean`: invalid type",
        ),
        (
            "a shortened weight row",
            edited(m, |m| shorten(m, "/classifier/weights/1")),
            "classifier.weights[1] has",
        ),
        (
            "a weight that is not a number",
            edited(m, |m| m["classifier"]["weights"][0][0] = Value::Null),
            "classifier.weights[0][0] is not a finite number",
        ),
        (
            "a shortened intercept",
            edited(m, |m| shorten(m, "/classifier/intercept")),
            "classifier.intercept has 1 entry, one per class",
        ),
        (
            "training counts for one class",
            edited(m, |m| shorten(m, "/training/units")),
            "training.units has 1 entry, one per class",
        ),
        (
            "a model file cut short",
            serde_json::to_vec_pretty(m).unwrap()[..2000].to_vec(),
            "not a slant model (line ",
        ),
    ]
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Each bad model through each command that loads a model.
fn failing(m: &Value) -> Vec<Case> {
    let input = leak(seeds().display().to_string());
    let labels: &[u8] = b"id,class\n000_2538526a9351dcaa,ukraine_west\n";
    let commands: [(&str, Vec<&'static str>); 4] = [
        (
            "analyze",
            vec!["analyze", input, "--model", "bad.json", "-q"],
        ),
        ("score", vec!["score", "--model", "bad.json", input, "-q"]),
        (
            "evaluate",
            vec![
                "evaluate",
                "--model",
                "bad.json",
                "--labels",
                "labels.csv",
                input,
                "-q",
            ],
        ),
        (
            "map",
            vec!["map", input, "--model", "bad.json", "-o", "p.gz", "-q"],
        ),
    ];
    let mut cases = Vec::new();
    for (what, bytes, field) in bad_models(m) {
        for (command, args) in &commands {
            cases.push(case(
                leak(format!("{command} --model with {what}")),
                &[("bad.json", &bytes), ("labels.csv", labels)],
                args,
                Want::Fails(leak(format!("bad.json: {field}"))),
            ));
        }
    }
    cases
}

#[test]
fn hand_edited_models_are_refused_by_field_and_the_previous_report_kept() {
    let cases = failing(&trained());
    run_all(&cases);
}

#[test]
fn a_huge_intercept_gives_probabilities_in_range() {
    let huge = edited(&trained(), |m| {
        m["classifier"]["intercept"] = json!([1e300, -1e300]);
    });
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("huge.json"), huge).unwrap();
    let seeds = seeds();
    let input = seeds.to_str().unwrap();
    for command in [
        vec!["analyze", input, "--model", "huge.json", "-q", "--out", "a"],
        vec!["score", "--model", "huge.json", input, "-q", "--out", "s"],
    ] {
        slant(tmp.path(), &command).ok();
        let out = tmp.path().join(command[command.len() - 1]);
        let rows = read_csv(&out.join("documents.csv"));
        assert!(!rows.is_empty(), "{command:?}");
        for row in rows {
            let p: Vec<f64> = row
                .iter()
                .filter(|(k, _)| k.starts_with("p_"))
                .map(|(_, v)| v.parse().unwrap())
                .collect();
            assert_eq!(p.len(), 2, "{command:?}: p_kremlin and p_ukraine_west");
            assert!(
                p.iter().all(|x| (0.0..=1.0).contains(x)),
                "{command:?}: {row:?}"
            );
            // The intercept favours class 0 (kremlin) past any feature.
            assert!(p[0] > 0.99 && p[1] < 0.01, "{command:?}: {row:?}");
        }
    }
}
