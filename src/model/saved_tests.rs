//! A saved model file as a user may edit it: the weak-label model of the
//! seeds, saved, then edited by hand. Each bad edit is refused on loading
//! with a message naming the field; a finite but huge number loads and
//! keeps every probability within [0, 1].

use std::path::PathBuf;

use super::tests::config;
use super::*;
use crate::run::{train_on, Trained};

/// The seed corpus.
fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// An edit to a saved model's JSON.
type Corruption<'a> = Box<dyn Fn(&mut serde_json::Value) + 'a>;

fn pop(v: &mut serde_json::Value) {
    v.as_array_mut().expect("an array").pop();
}

/// The weak-label model of the seeds (two classes, an axis, logistic
/// regression), saved by `slant train`, then edited by hand: each edit is
/// refused on loading with a message naming the field, and nothing panics.
#[test]
fn a_corrupted_model_file_is_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let Trained { model, .. } = train_on(&config(seeds(), None), &|_, _| {}).unwrap();
    let file = dir.path().join("m.json");
    model.save(&file).unwrap();
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let (terms, lexicon) = (
        model.design.vocabulary.len(),
        model.design.lexicon_columns.len(),
    );
    let features = terms + lexicon;
    let declared = format!(
        "the model has {features} features ({lexicon} lexicon columns + {terms} vocabulary terms)"
    );
    let naive_bayes = move |m: &mut serde_json::Value| {
        let c = m["classifier"].clone();
        let ones = vec![vec![1.0; features]; 2];
        m["classifier"] = serde_json::json!({
            "kind": "gaussian-nb",
            "mean": c["weights"],
            "variance": ones,
            "log_prior": [0.5f64.ln(), 0.5f64.ln()],
        });
    };
    let cases: Vec<(&str, Corruption, String)> = vec![
        (
            "extra class",
            Box::new(|m| m["classes"].as_array_mut().unwrap().push("other".into())),
            "classifier.weights has 2 entries, one per class, but `classes` has 3".into(),
        ),
        (
            "missing class",
            Box::new(|m| pop(&mut m["classes"])),
            "`classes` has 1 class, but a model needs at least 2".into(),
        ),
        (
            "duplicate class",
            Box::new(|m| m["classes"][1] = m["classes"][0].clone()),
            "`classes` has `kremlin` twice".into(),
        ),
        (
            "missing intercept",
            Box::new(|m| pop(&mut m["classifier"]["intercept"])),
            "classifier.intercept has 1 entry, one per class, but `classes` has 2".into(),
        ),
        (
            "shortened weight row",
            Box::new(|m| pop(&mut m["classifier"]["weights"][1])),
            format!(
                "classifier.weights[1] has {} values, but {declared}",
                features - 1
            ),
        ),
        (
            "NaN weight (saved as null)",
            Box::new(|m| m["classifier"]["weights"][0][3] = serde_json::Value::Null),
            "classifier.weights[0][3] is not a finite number (null in the file)".into(),
        ),
        (
            "shortened idf",
            Box::new(|m| pop(&mut m["design"]["vocabulary"]["idf"])),
            format!(
                "design.vocabulary.idf has {} values, but design.vocabulary.terms has {terms}",
                terms - 1
            ),
        ),
        (
            "idf below 1",
            Box::new(|m| m["design"]["vocabulary"]["idf"][2] = 0.5.into()),
            "design.vocabulary.idf[2] is 0.5, but an IDF is at least 1".into(),
        ),
        (
            "n-gram longer than the options",
            Box::new(|m| m["design"]["vocabulary"]["terms"][0] = "one two three".into()),
            "design.vocabulary.terms[0] `one two three` is not a 1- to 2-gram".into(),
        ),
        (
            "n-gram order out of range",
            Box::new(|m| m["design"]["vocabulary"]["options"]["ngrams"] = 0.into()),
            "design.vocabulary.options.ngrams is 0, but must be 1 to 3".into(),
        ),
        (
            "shortened scaler mean",
            Box::new(|m| pop(&mut m["design"]["scaler"]["mean"])),
            format!(
                "design.scaler.mean has {} values, but {declared}",
                features - 1
            ),
        ),
        (
            "a lexicon column too many",
            Box::new(|m| {
                m["design"]["lexicon_columns"]
                    .as_array_mut()
                    .unwrap()
                    .push("extra".into())
            }),
            format!(
                "design.scaler.mean has {features} values, but the model has {} features ({} lexicon columns + {terms} vocabulary terms)",
                features + 1,
                lexicon + 1
            ),
        ),
        (
            "zero scaler std",
            Box::new(|m| m["design"]["scaler"]["std"][4] = 0.0.into()),
            "design.scaler.std[4] is 0, but a standard deviation must be above 1e-12".into(),
        ),
        (
            "axis index out of range",
            Box::new(|m| m["axis"]["positive"] = 2.into()),
            "axis.positive is class 2, but `classes` has 2 (0 to 1)".into(),
        ),
        (
            "axis poles the same class",
            Box::new(|m| m["axis"]["positive"] = m["axis"]["negative"].clone()),
            "axis.negative and axis.positive are both class".into(),
        ),
        (
            "training counts for too few classes",
            Box::new(|m| pop(&mut m["training"]["units"])),
            "training.units has 1 entry, one per class, but `classes` has 2".into(),
        ),
        (
            "naive Bayes zero variance",
            Box::new(move |m| {
                naive_bayes(m);
                m["classifier"]["variance"][1][7] = 0.0.into();
            }),
            "classifier.variance[1][7] is 0, but a variance must be above 0".into(),
        ),
        (
            "naive Bayes missing prior",
            Box::new(move |m| {
                naive_bayes(m);
                pop(&mut m["classifier"]["log_prior"]);
            }),
            "classifier.log_prior has 1 entry, one per class, but `classes` has 2".into(),
        ),
    ];
    // the unedited file, and a valid naive Bayes one, load
    Model::load(&file).unwrap();
    let mut nb = saved.clone();
    naive_bayes(&mut nb);
    let nb_file = dir.path().join("nb.json");
    std::fs::write(&nb_file, serde_json::to_vec(&nb).unwrap()).unwrap();
    Model::load(&nb_file).unwrap();
    for (name, corrupt, want) in cases {
        let mut v = saved.clone();
        corrupt(&mut v);
        let path = dir.path().join("corrupted.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        let err = match Model::load(&path) {
            Err(e @ ModelError::File { .. }) => e.to_string(),
            other => panic!("{name}: expected a file error, got {other:?}"),
        };
        assert!(
            err.starts_with(&format!("{}: ", path.display())) && err.contains(&want),
            "{name}:\n  got  {err}\n  want {want}"
        );
    }
}

/// A hand-edited intercept of 1e300 loads (it is a finite number) and
/// scores: every probability stays within [0, 1], sentences', documents'
/// (token-weighted means, which rounding once carried to
/// 1.0000000000000004) and outlets'.
#[test]
fn a_huge_intercept_gives_probabilities_within_zero_and_one() {
    let dir = tempfile::tempdir().unwrap();
    let Trained { model, .. } = train_on(&config(seeds(), None), &|_, _| {}).unwrap();
    let mut v = serde_json::to_value(&model).unwrap();
    v["classifier"]["intercept"][0] = 1e300.into();
    let file = dir.path().join("huge.json");
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let mut run = crate::run::Config::new(vec![seeds()], dir.path().join("out"));
    run.model = crate::run::ModelPlan::Saved(file);
    run.compare = None;
    run.charts = false;
    let outcome = run.validate().unwrap().run("score", &|_, _| {}).unwrap();
    let in_range = |p: &[f64]| p.iter().all(|x| (0.0..=1.0).contains(x));
    let docs = &outcome.aggregate.predictions.as_ref().unwrap().docs;
    for d in docs {
        // class 0 takes everything: each sentence exactly, the document's
        // token-weighted mean up to rounding, never past 1
        assert!(
            in_range(&d.p) && d.p[0] > 1.0 - 1e-12,
            "{}: {:?}",
            d.doc,
            d.p
        );
        for (_, p) in &d.sentences {
            assert_eq!(*p, [1.0, 0.0], "{}", d.doc);
        }
    }
    for o in &outcome.scores.model.as_ref().unwrap().outlets {
        assert!(in_range(&o.p), "{}: {:?}", o.outlet, o.p);
        for (low, high) in o.ci.iter().flatten() {
            assert!(in_range(&[*low, *high]), "{}: {:?}", o.outlet, o.ci);
        }
        assert!(o.score.is_none_or(|s| s.abs() <= 1.0), "{}", o.outlet);
    }
}
