//! `documents.csv`'s `in_training` column: always there (a notebook reads
//! one schema), `true`/`false` per document when a saved model lists its
//! training documents (`analyze --model`), empty when that is not known: no
//! saved model, a model file that does not list them (slant-model/1), or a
//! report from partials, whose map step does not count them.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util::{put, read_csv, root, seeds, slant, train_reference_model};

/// `analyze seeds` with `extra` into `out`; documents.csv's rows by outlet
/// (`in_training` of each), and results.json.
fn in_training(out: &Path, extra: &[&str]) -> (BTreeMap<String, String>, Value) {
    let seeds = seeds();
    let args = ["analyze", seeds.to_str().unwrap(), "-q", "--out"];
    slant(
        &root(),
        &[&args[..], &[out.to_str().unwrap()], extra].concat(),
    )
    .ok();
    by_outlet(out)
}

/// documents.csv's `in_training` by outlet (one document each in the
/// seeds), and results.json, of the report in `out`.
fn by_outlet(out: &Path) -> (BTreeMap<String, String>, Value) {
    let header = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let columns: Vec<&str> = header.lines().next().unwrap().split(',').collect();
    assert_eq!(columns.last(), Some(&"in_training"), "the last column");
    let rows = read_csv(&out.join("documents.csv"));
    let got = rows
        .iter()
        .map(|r| (r["outlet"].clone(), r["in_training"].clone()))
        .collect();
    let v = serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    (got, v)
}

fn all(value: &str) -> BTreeMap<String, String> {
    [
        "Bloomberg",
        "Caliber.Az",
        "Inter Bellum News",
        "RT",
        "Ukrainska Pravda",
    ]
    .iter()
    .map(|o| (o.to_string(), value.to_string()))
    .collect()
}

#[test]
fn a_saved_model_says_which_documents_it_was_trained_on() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    // trained on the seeds' RT, Bloomberg and Ukrainska Pravda
    train_reference_model(&model);
    let m = model.to_str().unwrap();
    let (got, v) = in_training(&tmp.path().join("out"), &["--model", m]);
    let mut want = all("true");
    want.insert("Caliber.Az".into(), "false".into());
    want.insert("Inter Bellum News".into(), "false".into());
    assert_eq!(got, want);
    // the column's trues are the documents results.json counts
    let trues = got.values().filter(|s| *s == "true").count() as u64;
    assert_eq!(
        v["model"]["in_training"]["in_training"].as_u64(),
        Some(trues)
    );

    // a model of the first format, without the list: not known
    let mut old: Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    old["format"] = "slant-model/1".into();
    old.as_object_mut().unwrap().remove("training_documents");
    let old = put(tmp.path(), "old.json", &serde_json::to_vec(&old).unwrap());
    let (got, _) = in_training(&tmp.path().join("old"), &["--model", old.to_str().unwrap()]);
    assert_eq!(got, all(""));

    // a report from partials: the map step does not count them
    let seeds = seeds();
    let p = tmp.path().join("p.gz");
    let map = ["map", seeds.to_str().unwrap(), "-q", "--model", m, "-o"];
    slant(&root(), &[&map[..], &[p.to_str().unwrap()]].concat()).ok();
    let out = tmp.path().join("rep");
    let report = ["report", p.to_str().unwrap(), "-q", "--model", m, "--out"];
    slant(&root(), &[&report[..], &[out.to_str().unwrap()]].concat()).ok();
    let (got, v) = by_outlet(&out);
    assert_eq!(got, all(""));
    assert_eq!(v["model"]["in_training"]["known"], "not_counted");
}

#[test]
fn without_a_saved_model_the_column_is_there_and_empty() {
    let tmp = tempfile::tempdir().unwrap();
    // the default run's model, trained in this run, and no model at all
    for (name, extra) in [("default", &[][..]), ("none", &["--no-model"][..])] {
        let (got, _) = in_training(&tmp.path().join(name), extra);
        assert_eq!(got, all(""), "{name}");
    }
}
