//! A saved model's training documents: listed in the model file, checked on
//! loading, and counted by `analyze --model` among the documents it
//! scores, whose probabilities are then in-sample.

use std::path::Path;

use serde_json::Value;

use crate::util::{put, root, seeds, slant, train_reference_model};

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `analyze CORPUS --model MODEL` into `out`; results.json and report.md.
fn analyze(out: &Path, corpus: &Path, model: &Path) -> (Value, String) {
    slant(
        &root(),
        &[
            "analyze",
            corpus.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    (json(&out.join("results.json")), md)
}

#[test]
fn analyze_counts_the_scored_documents_a_model_was_trained_on() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    // trained on the seeds' RT, Bloomberg and Ukrainska Pravda: 3 of 5
    train_reference_model(&model);
    let m = json(&model);
    assert_eq!(m["format"], "slant-model/2");
    assert_eq!(m["training"]["documents"], 3);
    assert_eq!(m["training_documents"].as_array().unwrap().len(), 3);

    let (v, md) = analyze(&tmp.path().join("out"), &seeds(), &model);
    let o = &v["model"]["in_training"];
    assert_eq!(o["known"], "counted");
    // every seed document is on-topic, so all 5 are scored and the 3
    // training documents among them
    assert_eq!(
        (o["scored"].as_u64(), o["in_training"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(o["outlets_entirely"], 3);
    assert_eq!(o["outlets"]["RT"]["in_training"], 1);
    assert_eq!(o["outlets"]["Caliber.Az"]["in_training"], 0);
    assert!(
        md.contains("3 of 5 scored documents (3 of 5 outlets entirely) were in the model's training set: their probabilities are in-sample"),
        "{md}"
    );
    assert!(
        md.contains("the model's held-out estimate is accuracy"),
        "{md}"
    );
    let html = std::fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    assert!(html.contains("3 of 5 scored documents"), "report.html");

    // RT's document with the same id (its file name) but other text is not
    // the one the model saw
    let copy = tmp.path().join("seeds");
    std::fs::create_dir(&copy).unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copy.join(p.file_name().unwrap())).unwrap();
    }
    let rt = copy.join("003_74092aee7592dc1e.txt");
    let mut text = std::fs::read_to_string(&rt).unwrap();
    text.push_str("\nOne more sentence, edited in.\n");
    std::fs::write(&rt, text).unwrap();
    let (v, _) = analyze(&tmp.path().join("edited"), &copy, &model);
    let o = &v["model"]["in_training"];
    assert_eq!(
        (o["scored"].as_u64(), o["in_training"].as_u64()),
        (Some(5), Some(2))
    );
    assert_eq!(o["outlets"]["RT"]["in_training"], 0);
}

/// Writes `m` edited by `edit` to `dir/name`.
fn edited(dir: &Path, name: &str, m: &Value, edit: impl FnOnce(&mut Value)) -> String {
    let mut m = m.clone();
    edit(&mut m);
    let p = put(dir, name, &serde_json::to_vec_pretty(&m).unwrap());
    p.to_str().unwrap().to_string()
}

#[test]
fn an_edited_list_of_training_documents_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    train_reference_model(&model);
    let m = json(&model);
    let seeds = seeds();
    let refused = |file: &str, needle: &str| {
        slant(
            &root(),
            &["score", seeds.to_str().unwrap(), "--model", file],
        )
        .fails_with(needle);
    };
    let dropped = edited(tmp.path(), "dropped.json", &m, |m| {
        m["training_documents"].as_array_mut().unwrap().pop();
    });
    refused(
        &dropped,
        "training_documents has 2 keys, but training.documents is 3",
    );
    let swapped = edited(tmp.path(), "swapped.json", &m, |m| {
        m["training_documents"].as_array_mut().unwrap().swap(0, 1);
    });
    refused(
        &swapped,
        "training_documents[1] is not above training_documents[0]",
    );
    let missing = edited(tmp.path(), "missing.json", &m, |m| {
        m.as_object_mut().unwrap().remove("training_documents");
    });
    refused(&missing, "`training_documents` is missing");
}

#[test]
fn a_model_written_before_the_list_reads_as_unknown() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    train_reference_model(&model);
    // a model of the first format: the same fields, without the list
    let old = edited(tmp.path(), "old.json", &json(&model), |m| {
        m["format"] = "slant-model/1".into();
        m.as_object_mut().unwrap().remove("training_documents");
    });
    let (v, md) = analyze(&tmp.path().join("out"), &seeds(), Path::new(&old));
    assert_eq!(v["model"]["in_training"]["known"], "unknown");
    assert!(
        md.contains("whether the scored documents were in its training set is unknown"),
        "{md}"
    );
    assert!(!md.contains("None of the"), "{md}");
}

#[test]
fn evaluate_warns_when_the_labelled_documents_trained_the_model() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m.json");
    train_reference_model(&model);
    // RT's document trained the model (kremlin); Caliber.Az's did not
    let labels = put(
        tmp.path(),
        "labels.csv",
        b"id,class\n003_74092aee7592dc1e,kremlin\n002_d991ddc071562a65,kremlin\n",
    );
    let (model, labels, seeds) = (model.to_str().unwrap(), labels.to_str().unwrap(), seeds());
    let evaluate = |json: &[&str]| {
        let mut args = vec!["evaluate", "--model", model, "--labels", labels];
        args.push(seeds.to_str().unwrap());
        args.extend(json);
        slant(&root(), &args).ok()
    };
    let run = evaluate(&[]);
    assert!(
        run.stdout
            .contains("1 of the 2 scored documents were in the model's training set"),
        "{}",
        run.stdout
    );
    let run = evaluate(&["--json"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["in_training"]["in_training"], 1);
    assert_eq!(v["in_training"]["outlets"]["RT"]["in_training"], 1);
}
