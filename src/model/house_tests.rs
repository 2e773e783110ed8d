//! House style against stance: corpora generated with twelve outlets, each
//! with a word of its own in every sentence. When the labels follow the
//! outlets and nothing else, holding documents out looks excellent and
//! holding outlets out shows the truth; the caution must fire. When words
//! shared by all outlets of a class carry the label, the model passes on
//! held-out outlets without a caution.

use std::path::Path;

use super::labels::read_labels;
use super::validate::Holdout;
use super::*;
use crate::corpus::ReadOptions;
use crate::lexicon::LexiconSource;
use crate::run::{train_on, TrainConfig};

const OUTLETS: usize = 12;
const DOCS: usize = 10;
const HOUSE: [&str; OUTLETS] = [
    "amberly",
    "brisco",
    "calloway",
    "dunmore",
    "elsworth",
    "farrow",
    "galbraith",
    "hollis",
    "ingram",
    "jessup",
    "kinsey",
    "lowell",
];
const FILLER: [&str; 16] = [
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "plans",
    "would",
    "continue",
    "officials",
    "meeting",
    "week",
    "report",
    "city",
    "people",
    "new",
];
const STANCE: [[&str; 3]; 2] = [
    ["harvest", "wheat", "farmers"],
    ["factory", "steel", "workers"],
];

/// A fixed pseudo-random stream (a linear congruential generator), so the
/// corpus is the same in every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }
}

/// A corpus and a labels file: outlet `o` is of class `o % 2`. Document
/// `d` of every outlet has the same filler words, so that without the
/// house word nothing tells the classes apart; with `stance`, every
/// sentence also has a word of its class.
fn corpus(dir: &Path, stance: bool) -> (std::path::PathBuf, std::path::PathBuf) {
    let (mut lines, mut labels) = (Vec::new(), vec!["id,class".to_string()]);
    for o in 0..OUTLETS {
        let mut place = Lcg(o as u64 + 1000);
        for d in 0..DOCS {
            let mut filler = Lcg(d as u64);
            let mut sentences = Vec::new();
            for _ in 0..5 {
                let mut words: Vec<&str> = (0..6).map(|_| FILLER[filler.next(16)]).collect();
                words.insert(place.next(6), HOUSE[o]);
                if stance {
                    words.insert(place.next(7), STANCE[o % 2][place.next(3)]);
                }
                sentences.push(format!("{}.", words.join(" ")));
            }
            let id = format!("o{o}d{d}");
            lines.push(
                serde_json::json!({"id": id, "outlet": format!("Outlet {}", HOUSE[o]), "text": sentences.join(" ")})
                    .to_string(),
            );
            labels.push(format!("{id},{}", ["left", "right"][o % 2]));
        }
    }
    let (c, l) = (dir.join("corpus.jsonl"), dir.join("labels.csv"));
    std::fs::write(&c, lines.join("\n")).unwrap();
    std::fs::write(&l, labels.join("\n")).unwrap();
    (c, l)
}

fn train(stance: bool) -> Model {
    let dir = tempfile::tempdir().unwrap();
    let (input, labels) = corpus(dir.path(), stance);
    let config = TrainConfig {
        negation: Default::default(),
        inputs: vec![input],
        read: ReadOptions::default(),
        lexicons: LexiconSource::defaults(),
        supervision: Some(Supervision::Labels(read_labels(&labels).unwrap())),
        axis: None,
        quote_weight: crate::text::QuoteWeight::DEFAULT,
        params: TrainParams::default(),
        repeats: crate::repeats::RepeatOptions::default(),
    };
    train_on(&config, &|_, _| {}).unwrap().model
}

fn macro_f1(model: &Model, kind: Holdout) -> f64 {
    let s = model.validation.scheme(kind).unwrap();
    s.model.as_ref().unwrap().macro_f1
}

#[test]
fn house_style_looks_good_on_documents_and_fails_on_outlets() {
    let model = train(false);
    let v = &model.validation;
    let outlets = v.scheme(Holdout::Outlets).unwrap();
    assert_eq!(v.headline().unwrap().holds_out, Holdout::Outlets);
    assert_eq!(outlets.scheme, "outlets held out: grouped 5-fold by outlet");
    assert_eq!(outlets.outlets.len(), OUTLETS, "every outlet held out once");
    // The house word names the outlet and so its class: documents held out
    // are classified nearly perfectly.
    assert!(macro_f1(&model, Holdout::Documents) > 0.9, "{v:#?}");
    // Outlets held out have unseen house words and the same filler as
    // outlets of both classes: nothing to learn, so chance (0.5 for two
    // balanced classes) is within the interval.
    assert_eq!(outlets.chance_macro_f1, Some(0.5));
    assert_eq!(outlets.beats_baseline, Some(false), "{outlets:#?}");
    assert!(macro_f1(&model, Holdout::Outlets) < 0.75);
    let caution = v.caution.as_deref().expect("the caution fires");
    assert!(
        caution.contains("outlets it was not trained on"),
        "{caution}"
    );
    assert!(caution.contains("house style"), "{caution}");
    // The baseline of 60 units of each class: always `left` (ties go to the
    // first class), accuracy 1/2, macro-F1 (2/3 + 0) / 2... over the two
    // classes present: F1(left) = 2(.5)(1)/1.5 = 2/3, F1(right) = 0.
    let b = outlets.baseline.as_ref().unwrap();
    assert_eq!(b.accuracy, 0.5);
    assert!((b.macro_f1 - 1.0 / 3.0).abs() < 1e-12, "{b:?}");
    // The same features name the outlet far above chance (1/12).
    let probe = v.probe.as_ref().unwrap();
    assert_eq!(probe.outlets, OUTLETS as u64);
    assert!(probe.accuracy > 0.9, "{probe:?}");
}

#[test]
fn a_genuine_signal_passes_on_held_out_outlets() {
    let model = train(true);
    let v = &model.validation;
    assert!(macro_f1(&model, Holdout::Outlets) > 0.9, "{v:#?}");
    let outlets = v.scheme(Holdout::Outlets).unwrap();
    assert_eq!(outlets.beats_baseline, Some(true));
    let (lo, hi) = outlets.macro_f1_ci.unwrap();
    assert!(lo > 0.5 && lo <= hi, "{lo} {hi}");
    assert!(v.caution.is_none(), "{:?}", v.caution);
    assert!(outlets.outlets.iter().all(|o| !o.below_chance));
}
