//! Model files fuzzed: the seeds' saved model, edited anywhere (text edits
//! to its JSON, and numbers set to extremes), is refused with the file and
//! the field (or, for text that is not JSON, the line), or loads and predicts probabilities in [0, 1] that sum
//! to one; nothing panics.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::predict::Predictor;
use super::*;
use crate::corpus::{Document, Origin, ReadOptions};
use crate::fuzz::{apply, config, edits};
use crate::lexicon::{load, LexiconSource};
use crate::matching::Matcher;
use crate::run::{train_on, TrainConfig, Trained};

/// The weak-label model of the seeds, as saved JSON (trained once).
fn saved() -> &'static str {
    static SAVED: OnceLock<String> = OnceLock::new();
    SAVED.get_or_init(|| {
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let cfg = TrainConfig {
            negation: Default::default(),
            inputs: vec![seeds],
            read: ReadOptions::default(),
            lexicons: LexiconSource::defaults(),
            supervision: None,
            axis: None,
            quote_weight: crate::text::QuoteWeight::DEFAULT,
            params: TrainParams::default(),
            repeats: crate::repeats::RepeatOptions::default(),
        };
        let Trained { model, .. } = train_on(&cfg, &|_, _| {}).expect("train on the seeds");
        serde_json::to_string_pretty(&model).expect("serialize")
    })
}

/// Loads `bytes` as a model file and, if it loads and fits the default
/// lexicons, predicts a short text with it.
fn load_and_predict(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.json");
    std::fs::write(&file, bytes).unwrap();
    let model = match Model::load(&file) {
        Ok(m) => m,
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.contains("m.json"), "no file: {message}");
            prop_assert!(names_where(&message), "no field or line: {message}");
            return Ok(());
        }
    };
    let set = load(&LexiconSource::defaults())
        .expect("default lexicons")
        .set;
    if model.check(&set, "m.json").is_err() {
        return Ok(());
    }
    let matcher = Matcher::new(&set).expect("matcher");
    let text =
        "Kyiv said the illegal annexation of Crimea was a breach. Moscow spoke of the Kiev regime.";
    let doc = Document {
        id: "1".into(),
        outlet: "A".into(),
        date: None,
        title: None,
        url: None,
        text: text.into(),
        meta: Vec::new(),
        origin: Origin {
            file: "t".into(),
            line: None,
        },
    };
    let p = Predictor::new(&model, &set).predict(&doc, &matcher.match_document(text));
    for probs in std::iter::once(&p.p).chain(p.sentences.iter().map(|(_, s)| s)) {
        prop_assert!(probs.iter().all(|x| (0.0..=1.0).contains(x)), "{probs:?}");
        prop_assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{probs:?}");
    }
    Ok(())
}

/// Whether a model error names where: the field (by its path, as the
/// integrity checks and serde name it) or, for text that is not JSON, the
/// line.
fn names_where(message: &str) -> bool {
    const FIELDS: &[&str] = &[
        "field `",
        "`classes`",
        "axis.",
        "design.",
        "classifier.",
        "training.",
        "validation.",
        "model format `",
    ];
    // A field of the wrong type or missing is named by its path, not a line.
    const DATA: &[&str] = &[
        "invalid type",
        "invalid value",
        "invalid length",
        "missing field",
        "unknown variant",
    ];
    let whole = message.contains("expected struct Model");
    let line = message.contains("not a slant model (line ")
        && (whole || !DATA.iter().any(|d| message.contains(d)));
    line || FIELDS.iter().any(|f| message.contains(f))
}

/// Sets the `n`-th number of the JSON text (counting from its start) to
/// `value`, by text, so that the edit reaches any field.
fn set_number(text: &str, n: usize, value: &str) -> String {
    let mut seen = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i].is_ascii_digit() || bytes[i] == b'-')
            && i > 0
            && matches!(bytes[i - 1], b' ' | b'[' | b':' | b'\n');
        if starts {
            let end = i + text[i..]
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
                .unwrap_or(text.len() - i);
            if seen == n {
                return format!("{}{value}{}", &text[..i], &text[end..]);
            }
            seen += 1;
            i = end;
        } else {
            i += 1;
        }
    }
    text.to_string()
}

proptest! {
    #![proptest_config(config(24, "tests/fixtures/proptest/model.txt"))]

    #[test]
    fn an_edited_model_file_is_refused_or_predicts_in_range(e in edits()) {
        load_and_predict(&apply(saved().as_bytes(), &e))?;
    }

    #[test]
    fn a_model_with_an_extreme_number_is_refused_or_in_range(
        n in 0usize..4000,
        value in prop::sample::select(vec!["1e308", "-1e308", "0", "-0", "1e-320", "3", "-1", "1.5"]),
    ) {
        load_and_predict(set_number(saved(), n, value).as_bytes())?;
    }
}
