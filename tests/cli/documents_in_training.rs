//! `documents.csv`'s `in_training` column: always there (a notebook reads
//! one schema), `true`/`false` per document when a saved model lists its
//! training documents (`analyze --model`), empty when that is not known: no
//! saved model, a model file that does not list them (slant-model/1), or a
//! report from partials mapped before `map` recorded them; a report from
//! partials mapped now says what analyze says.

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

    // a report from partials: counted as analyze counts them
    let seeds = seeds();
    let p = tmp.path().join("p.gz");
    let map = ["map", seeds.to_str().unwrap(), "-q", "--model", m, "-o"];
    slant(&root(), &[&map[..], &[p.to_str().unwrap()]].concat()).ok();
    let report = |partial: &Path, out: &Path| {
        let report = ["report", partial.to_str().unwrap(), "-q", "--model", m];
        let out = ["--out", out.to_str().unwrap()];
        slant(&root(), &[&report[..], &out[..]].concat()).ok();
        by_outlet(Path::new(out[1]))
    };
    let (got, v) = report(&p, &tmp.path().join("rep"));
    assert_eq!(got, want);
    let analyze = &in_training(&tmp.path().join("again"), &["--model", m]).1;
    assert_eq!(v["model"]["in_training"], analyze["model"]["in_training"]);
    assert_eq!(v["model"]["in_training"]["known"], "counted");

    // a partial mapped before map recorded them (its in_training rows
    // taken out, the trailer's count with them) still reports: not counted
    let old = without_in_training_rows(&p, &tmp.path().join("old.gz"));
    let (got, v) = report(&old, &tmp.path().join("rep-old"));
    assert_eq!(got, all(""));
    assert_eq!(v["model"]["in_training"]["known"], "not_counted");
    let md = std::fs::read_to_string(tmp.path().join("rep-old/report.md")).unwrap();
    assert!(md.contains("is not counted in this report from partial results: they were mapped by a slant that did not record it"), "{md}");
}

/// The partial `p` as a slant that wrote no `in_training` rows wrote it,
/// at `to`.
fn without_in_training_rows(p: &Path, to: &Path) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (header, rows) = (lines[0], &lines[1..lines.len() - 1]);
    let kept: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|l| !l.contains("\"kind\":\"in_training\""))
        .collect();
    assert!(kept.len() < rows.len(), "the partial has in_training rows");
    let trailer = format!("{{\"trailer\":\"slant-partial\",\"rows\":{}}}", kept.len());
    let body = [&[header][..], &kept[..], &[trailer.as_str()]]
        .concat()
        .join("\n")
        + "\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(body.as_bytes()).unwrap();
    std::fs::write(to, gz.finish().unwrap()).unwrap();
    to.to_path_buf()
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
