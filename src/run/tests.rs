//! Parse, validate, run: parameters are checked in the library, by field,
//! and one quote weight means the same in every run.

use std::path::PathBuf;

use super::*;
use crate::params::{ParamError, ParamGuard};
use crate::scores::compare::CompareParams;
use crate::scores::ScoreParams;

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn field_of(e: Error) -> &'static str {
    match e {
        Error::Param(ParamError { field, .. }) => field,
        other => panic!("expected a parameter error, got {other}"),
    }
}

/// A change that makes a valid config invalid.
type Spoil = Box<dyn Fn(&mut Config)>;

#[test]
fn invalid_parameters_fail_by_field_before_any_work() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    let cases: Vec<(&str, Spoil)> = vec![
        ("quote_weight", Box::new(|c| c.scores.quote_weight = 1.5)),
        ("smoothing", Box::new(|c| c.scores.smoothing = -1.0)),
        (
            "folds",
            Box::new(|c| {
                if let ModelPlan::Weak { params, .. } = &mut c.model {
                    params.folds = 1;
                }
            }),
        ),
        (
            "fit.alpha",
            Box::new(|c| {
                if let ModelPlan::Weak { params, .. } = &mut c.model {
                    params.fit.alpha = f64::NAN;
                }
            }),
        ),
        (
            "keyness.prior_size",
            Box::new(|c| {
                if let Some(p) = &mut c.compare {
                    p.keyness.prior_size = 0.0;
                }
            }),
        ),
    ];
    for (field, spoil) in cases {
        let mut config = Config::new(vec![seeds()], target.clone());
        spoil(&mut config);
        let err = config.validate().err().expect("an invalid config");
        assert_eq!(field_of(err), field);
        assert!(!target.exists(), "nothing written for a bad `{field}`");
    }
}

#[test]
fn each_params_type_names_its_field() {
    let e = ScoreParams {
        quote_weight: 2.0,
        ..ScoreParams::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(e.field, "quote_weight");
    assert_eq!(
        e.to_string(),
        "`quote_weight` must be between 0 and 1, not 2"
    );
    let e = CompareParams {
        max_n: 4,
        ..CompareParams::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(e.field, "max_n");
    assert!(ScoreParams::default().check().is_ok());
    assert!(CompareParams::default().check().is_ok());
    assert!(crate::model::TrainParams::default().check().is_ok());
}

/// The weak labels of `slant train --quote-weight Q` and of `slant analyze
/// --quote-weight Q` are the same units, for Q = 0 (quotations left out)
/// and the default: one weight, one meaning.
#[test]
fn train_and_analyze_weigh_quotations_alike() {
    let mut per_weight = Vec::new();
    for q in [0.0, 0.5] {
        let weight = crate::text::QuoteWeight::new(q).unwrap();
        let trained = train_on(
            &TrainConfig {
                negation: Default::default(),
                inputs: vec![seeds()],
                read: Default::default(),
                lexicons: crate::lexicon::LexiconSource::defaults(),
                supervision: None,
                axis: None,
                quote_weight: weight,
                params: Default::default(),
                repeats: Default::default(),
            },
            &|_, _| {},
        )
        .unwrap()
        .model;
        let out = tempfile::tempdir().unwrap();
        let mut config = Config::new(vec![seeds()], out.path().join("r"));
        config.scores.quote_weight = q;
        config.scores.bootstrap = 50;
        config.compare = None;
        config.charts = false;
        let outcome = config
            .validate()
            .unwrap()
            .run("analyze", &|_, _| {})
            .unwrap();
        let analyzed = &outcome.scores.model.expect("a model").model;
        assert_eq!(
            trained.training.units, analyzed.training.units,
            "units per class at quote weight {q}"
        );
        per_weight.push(trained.training.units);
    }
    // The seeds hold sentences whose only pole terms are quoted, so the
    // weight matters: were it ignored by either run, this test could not
    // tell.
    assert_ne!(per_weight[0], per_weight[1]);
}

/// Hears what a run tells its progress display.
#[derive(Default)]
struct Heard {
    stages: std::sync::Mutex<Vec<Stage>>,
    total: std::sync::Mutex<Option<(u64, u64)>>,
    last: std::sync::Mutex<(u64, u64)>,
}

impl Progress for Heard {
    fn stage(&self, stage: Stage) {
        self.stages.lock().unwrap().push(stage);
    }
    fn total(&self, documents: u64, bytes: u64) {
        *self.total.lock().unwrap() = Some((documents, bytes));
    }
    fn advance(&self, documents: u64, bytes: u64) {
        *self.last.lock().unwrap() = (documents, bytes);
    }
}

#[test]
fn progress_hears_every_stage_and_the_total_before_matching() {
    let out = tempfile::tempdir().unwrap();
    let mut config = Config::new(vec![seeds()], out.path().join("r"));
    config.scores.bootstrap = 50;
    config.charts = false;
    let heard = Heard::default();
    config.validate().unwrap().run("analyze", &heard).unwrap();
    assert_eq!(
        *heard.stages.lock().unwrap(),
        [
            Stage::Repeats,
            Stage::Matching,
            Stage::Training,
            Stage::Predicting,
            Stage::Scoring,
            Stage::Writing
        ]
    );
    // the matching pass reads what the repeated-text pass counted: the
    // total is where the progress ends
    let total = heard.total.lock().unwrap().expect("a total");
    assert_eq!(total.0, 5, "five seed articles");
    assert_eq!(*heard.last.lock().unwrap(), total);
}
