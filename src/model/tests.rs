//! Training on a synthetic corpus with a planted signal, and the model's
//! promises: it recovers the signal, probabilities sum to one, the same
//! seed gives the same model whatever the thread count, and a saved model
//! predicts exactly what the fitted one did.

use std::path::{Path, PathBuf};

use super::labels::{read_labels, Supervision};
use super::*;
use crate::corpus::ReadOptions;
use crate::lexicon::{load, LexiconSource};
use crate::run::{train_on, TrainConfig, Trained};

/// Four outlets, two per class. Class `a` documents talk about a harvest,
/// class `b` about a factory; every document also has shared filler, and a
/// few shared words so that no single word decides.
fn planted(dir: &Path) -> PathBuf {
    let a = ["harvest", "wheat", "farmers", "rain", "fields"];
    let b = ["factory", "steel", "workers", "shift", "machines"];
    let filler = [
        "the",
        "council",
        "said",
        "on",
        "Monday",
        "that",
        "plans",
        "would",
        "continue",
        "officials",
    ];
    let mut lines = Vec::new();
    for i in 0..80usize {
        let (outlet, words) = match i % 4 {
            0 => ("Alpha Daily", &a),
            1 => ("Alpha Weekly", &a),
            2 => ("Beta Times", &b),
            _ => ("Beta Post", &b),
        };
        let mut sentences = Vec::new();
        for s in 0..4usize {
            let w1 = words[(i + s) % 5];
            let w2 = words[(i + 2 * s + 1) % 5];
            let f1 = filler[(i * 3 + s) % 10];
            let f2 = filler[(i + 7 * s) % 10];
            // every fifth sentence borrows a word of the other class
            let other = if (i + s) % 5 == 0 {
                if words == &a {
                    b[s % 5]
                } else {
                    a[s % 5]
                }
            } else {
                f2
            };
            sentences.push(format!("The {f1} {w1} and {other} {w2} {f2} today."));
        }
        lines.push(
            serde_json::json!({"id": format!("d{i:03}"), "outlet": outlet, "text": sentences.join(" ")}).to_string(),
        );
    }
    let p = dir.join("planted.jsonl");
    std::fs::write(&p, lines.join("\n")).unwrap();
    p
}

fn references() -> Supervision {
    Supervision::References(vec![
        ("Alpha Daily".into(), "a".into()),
        ("Alpha Weekly".into(), "a".into()),
        ("Beta Times".into(), "b".into()),
        ("Beta Post".into(), "b".into()),
    ])
}

pub(super) fn config(input: PathBuf, supervision: Option<Supervision>) -> TrainConfig {
    TrainConfig {
        negation: Default::default(),
        inputs: vec![input],
        read: ReadOptions::default(),
        lexicons: LexiconSource::defaults(),
        supervision,
        axis: None,
        quote_weight: crate::text::QuoteWeight::DEFAULT,
        params: TrainParams::default(),
        // The planted corpus repeats each text in four documents of an
        // outlet, which would all be masked as boilerplate.
        repeats: crate::repeats::RepeatOptions {
            mask_boilerplate: false,
            ..Default::default()
        },
    }
}

#[test]
fn a_planted_signal_is_recovered_well_above_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let Trained { model, .. } =
        train_on(&config(planted(dir.path()), Some(references())), &|_, _| {}).unwrap();
    assert_eq!(model.classes, ["a", "b"]);
    assert_eq!(model.unit, Unit::Document);
    assert_eq!(
        model.validation.schemes.len(),
        2,
        "k-fold and leave-one-outlet-out"
    );
    for s in &model.validation.schemes {
        let (m, b) = (s.model.as_ref().unwrap(), s.baseline.as_ref().unwrap());
        // 40 documents per class: the baseline's macro-F1 is at most 2/3
        // (always one class; see validate.rs), the signal gives nearly 1
        assert!(m.macro_f1 > 0.9, "{}: {m:?}", s.scheme);
        assert!(
            m.macro_f1 > b.macro_f1 + 0.3,
            "{}: {} vs {}",
            s.scheme,
            m.macro_f1,
            b.macro_f1
        );
        assert_eq!(s.beats_baseline, Some(true));
    }
    assert!(
        model.validation.warnings.is_empty(),
        "{:?}",
        model.validation.warnings
    );
    assert!(model.training.convergence.unwrap().converged);
    // the words of the plant carry the weight
    let top = model.top_features(5);
    assert!(
        top[0].1.iter().any(|(f, _)| [
            "text:harvest",
            "text:wheat",
            "text:farmers",
            "text:rain",
            "text:fields"
        ]
        .contains(&f.as_str())),
        "{top:?}"
    );
}

#[test]
fn probabilities_sum_to_one_and_a_saved_model_predicts_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let input = planted(dir.path());
    let Trained { model, .. } = train_on(&config(input, Some(references())), &|_, _| {}).unwrap();
    let passages: Vec<Passage> = [
        "harvest wheat rain",
        "factory steel shift",
        "the council said",
    ]
    .iter()
    .map(|t| {
        Passage::new(
            &vec![0.0; model.design.lexicon_columns.len()],
            vocab::ngrams(t, std::slice::from_ref(&(0..t.len())), &[], 2),
        )
    })
    .collect();
    let refs: Vec<&Passage> = passages.iter().collect();
    let p = model.classifier.predict_proba(&model.design.matrix(&refs));
    for row in p.rows() {
        assert!((row.sum() - 1.0).abs() < 1e-12, "{row}");
    }
    assert!(p[[0, 0]] > 0.5 && p[[1, 1]] > 0.5, "{p}");
    let file = dir.path().join("m.json");
    model.save(&file).unwrap();
    let back = Model::load(&file).unwrap();
    assert_eq!(back, model);
    let q = back.classifier.predict_proba(&back.design.matrix(&refs));
    assert_eq!(p, q, "identical predictions after reloading");
    assert!(Model::is_model_file(&file), "train may replace it");
}

#[test]
fn only_a_slant_model_counts_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[u8], bool)] = &[
        (b"{\"format\": \"slant-model/1\", \"classes\": []}", true),
        (b"{\"format\": \"slant-model/2\", \"classes\": []}", true),
        (b"{\"format\": \"slant-model/3\"}", false),
        (b"{\"format\": 1}", false),
        (b"{\"classes\": []}", false),
        (b"[1, 2]", false),
        (b"\\documentclass{article}", false),
        (b"", false),
    ];
    for (i, (bytes, want)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("{i}.json"));
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(
            Model::is_model_file(&file),
            *want,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert!(!Model::is_model_file(&dir.path().join("missing.json")));
}

#[test]
fn the_same_seed_gives_the_same_model_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let input = planted(dir.path());
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let Trained { model: m, .. } =
                train_on(&config(input.clone(), Some(references())), &|_, _| {}).unwrap();
            serde_json::to_string(&m).unwrap()
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(1), "and across runs");
}

#[test]
fn gaussian_naive_bayes_also_recovers_the_signal() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(planted(dir.path()), Some(references()));
    c.params.fit.kind = Kind::GaussianNb;
    let Trained { model, .. } = train_on(&c, &|_, _| {}).unwrap();
    let m = model.validation.schemes[0].model.as_ref().unwrap();
    assert!(m.macro_f1 > 0.8, "{m:?}");
    assert!(matches!(model.classifier, Classifier::GaussianNb { .. }));
}

#[test]
fn labels_files_name_their_problems() {
    let dir = tempfile::tempdir().unwrap();
    let input = planted(dir.path());
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let ok = write(
        "ok.csv",
        "id,class\nd000,a\nd002,b\nd004,a\nd006,b\nd008,a\nd010,b\n",
    );
    let Trained { model: m, .. } = train_on(
        &config(
            input.clone(),
            Some(Supervision::Labels(read_labels(&ok).unwrap())),
        ),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(m.training.units, [3, 3]);

    let sentences = write("s.jsonl", "{\"id\":\"d000\",\"sentence\":0,\"class\":\"a\"}\n{\"id\":\"d002\",\"sentence\":1,\"class\":\"b\"}\n{\"id\":\"d004\",\"sentence\":2,\"class\":\"a\"}\n{\"id\":\"d006\",\"sentence\":3,\"class\":\"b\"}\n");
    let Trained { model: m, .. } = train_on(
        &config(
            input.clone(),
            Some(Supervision::Labels(read_labels(&sentences).unwrap())),
        ),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(m.unit, Unit::Sentence);

    let cases: &[(&str, &str, &str)] = &[
        (
            "dup.csv",
            "id,class\nd000,a\nd000,b\n",
            "dup.csv:3: document `d000` is labelled twice (first at line 2)",
        ),
        ("cols.csv", "doc,kind\nd000,a\n", "dup.csv"),
        (
            "mixed.csv",
            "id,sentence,class\nd000,,a\nd001,2,b\n",
            "label either documents or sentences",
        ),
        (
            "sent.csv",
            "id,sentence,class\nd000,x,a\n",
            "sent.csv:2: sentence must be a whole number",
        ),
        (
            "empty.csv",
            "id,class\nd000,\n",
            "empty.csv:2: document `d000` has an empty class",
        ),
    ];
    for (name, body, want) in cases {
        let err = read_labels(&write(name, body)).unwrap_err().to_string();
        let want = if *name == "cols.csv" {
            "cols.csv:1: needs columns `id` and `class`"
        } else {
            want
        };
        assert!(err.contains(want), "{name}: {err}");
    }
    let unknown = write("unknown.csv", "id,class\nd000,a\nnope,b\n");
    let err = train_on(
        &config(
            input.clone(),
            Some(Supervision::Labels(read_labels(&unknown).unwrap())),
        ),
        &|_, _| {},
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains("unknown.csv:3: document `nope` is not in the corpus"),
        "{err}"
    );
    let range = write("range.csv", "id,sentence,class\nd000,0,a\nd001,9,b\n");
    let err = train_on(
        &config(
            input,
            Some(Supervision::Labels(read_labels(&range).unwrap())),
        ),
        &|_, _| {},
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains("range.csv:3: document `d001` has 4 sentences, so sentence 9 does not exist"),
        "{err}"
    );
}

#[test]
fn unknown_reference_outlets_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let sup = Supervision::References(vec![
        ("Alpha Daily".into(), "a".into()),
        ("Gamma".into(), "b".into()),
    ]);
    let err = train_on(&config(planted(dir.path()), Some(sup)), &|_, _| {})
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("reference outlet not in the corpus: Gamma (outlets: Alpha Daily, Alpha Weekly, Beta Post, Beta Times)"), "{err}");
}

#[test]
fn a_model_refuses_other_lexicons() {
    let dir = tempfile::tempdir().unwrap();
    let Trained { model, .. } =
        train_on(&config(planted(dir.path()), Some(references())), &|_, _| {}).unwrap();
    let set = load(&LexiconSource::defaults()).unwrap().set;
    model.check(&set, "m.json").unwrap();
    let only = load(&[LexiconSource::Embedded("russia-ukraine".into())])
        .unwrap()
        .set;
    let err = model.check(&only, "m.json").unwrap_err().to_string();
    assert!(
        err.contains("lexicon `sourcing`") && err.contains("is not loaded"),
        "{err}"
    );
    let mut edited = set.clone();
    edited.lexicons[0].sha256 = "0".repeat(64);
    let err = model.check(&edited, "m.json").unwrap_err().to_string();
    assert!(
        err.contains("lexicon `russia-ukraine` differs: trained with sha256"),
        "{err}"
    );
}

#[test]
fn one_class_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let sup = Supervision::References(vec![("Alpha Daily".into(), "a".into())]);
    let err = train_on(&config(planted(dir.path()), Some(sup)), &|_, _| {})
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("only class `a`"), "{err}");
}
