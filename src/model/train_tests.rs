//! Training from the n-gram table: taking the units (and dropping their
//! n-gram strings once counted) trains the same model as borrowing them,
//! and the final design is the one the string path fits.

use super::design::{Design, Passage};
use super::labels::Supervision;
use super::train::{train, train_counted, train_owned, TrainParams};
use super::units::TrainingUnit;
use super::vocab::Grams;
use crate::lexicon::{self, LexiconSource};
use crate::params::ParamGuard;

/// Four outlets of six documents; outlets 0 and 1 are class `a`, 2 and 3
/// class `b`. Each document holds its class's words, some shared filler
/// and a word of its outlet, a different mix in each.
fn units() -> Vec<TrainingUnit> {
    let filler = ["the", "said", "on", "monday", "plans", "city"];
    let class_words = [["wheat", "harvest", "farm"], ["steel", "factory", "mill"]];
    let mut units = Vec::new();
    for outlet in 0..4 {
        for d in 0..6 {
            let c = outlet / 2;
            let mut words: Vec<String> = Vec::new();
            for i in 0..(8 + d) {
                words.push(filler[(i * 5 + d + outlet) % filler.len()].to_string());
                if (i + d) % 3 != 0 {
                    words.push(class_words[c][(i + outlet) % 3].to_string());
                }
            }
            words.push(format!("house{outlet}"));
            let mut grams: Grams = words.iter().collect();
            for w in words.windows(2) {
                grams.push(&w.join(" "));
            }
            let doc = (outlet * 6 + d) as u32;
            units.push(TrainingUnit {
                doc,
                doc_id: format!("d{doc}"),
                key: u64::from(doc),
                outlet: format!("outlet {outlet}"),
                sentence: None,
                class: ["a", "b"][c].to_string(),
                passage: Passage::new(&[], grams),
            });
        }
    }
    units
}

#[test]
fn owned_units_train_the_model_borrowed_ones_do() {
    let set = lexicon::load(&LexiconSource::defaults()).unwrap().set;
    let supervision = Supervision::References(Vec::new());
    let mut params = TrainParams::default();
    params.text.min_df = 2;
    params.folds = 3;
    let params = params.check().unwrap();
    let units = units();
    let borrowed = train(&units, &set, &supervision, &params).unwrap();
    let owned = train_owned(units.clone(), &set, &supervision, &params).unwrap();
    assert_eq!(
        serde_json::to_string(&borrowed).unwrap(),
        serde_json::to_string(&owned).unwrap()
    );
    // the final design is the one fitted on the n-gram strings
    let passages: Vec<&Passage> = units.iter().map(|u| &u.passage).collect();
    let (want, _) = Design::fit_transform(&passages, crate::features::columns(&set), params.text);
    assert_eq!(borrowed.design, want);
    let scheme = borrowed.validation.headline().unwrap();
    assert!(scheme.model.as_ref().unwrap().macro_f1 > 0.9, "{scheme:?}");
}

#[test]
fn units_counted_as_they_arrive_train_the_model_their_strings_do() {
    let set = lexicon::load(&LexiconSource::defaults()).unwrap().set;
    let supervision = Supervision::References(Vec::new());
    let mut params = TrainParams::default();
    params.text.min_df = 2;
    params.folds = 3;
    let params = params.check().unwrap();
    let units = units();
    let from_strings = train(&units, &set, &supervision, &params).unwrap();
    // as UnitCollector::counting does: count each unit, then drop its strings
    let mut counter = crate::model::counter::GramCounter::default();
    let mut counted = units.clone();
    for u in &mut counted {
        counter.add(&std::mem::take(&mut u.passage.grams));
    }
    let table = counter.finish(params.text.min_df);
    let got = train_counted(&counted, table, &set, &supervision, &params).unwrap();
    assert_eq!(
        serde_json::to_string(&from_strings).unwrap(),
        serde_json::to_string(&got).unwrap()
    );
}
