//! Training: cross-validation first (see [`super::validate`]: outlets held
//! out, and documents held out), then the final fit on every unit and the
//! outlet-identification probe on its features. Within each split the
//! vocabulary and scaler are fitted on the training side only, so nothing
//! of the held-out units leaks into their features.

use super::classifier::fit_sparse;
use super::design::Passage;
use super::grams::GramTable;
use super::labels::Supervision;
use super::units::{grams_of, TrainingUnit};
use super::validate::Data;
use super::{axis_link, LexiconRef, Model, ModelError, TrainingInfo, FORMAT};
use crate::lexicon::LexiconSet;

pub use super::params::{argmax, TrainParams, TrainValidParams};
pub use super::validate::{HeldOutOutlet, Holdout, SchemeResult, SplitResult, Validation};

/// Cross-validates and fits a model on `units`.
pub fn train(
    units: &[TrainingUnit],
    set: &LexiconSet,
    supervision: &Supervision,
    opts: &TrainValidParams,
) -> Result<Model, ModelError> {
    let table = count_grams(units, opts);
    train_with(units, table, set, supervision, opts)
}

/// As [`train`], taking the units: their n-gram strings, the largest part
/// of them, are dropped once counted, before any fit.
pub fn train_owned(
    mut units: Vec<TrainingUnit>,
    set: &LexiconSet,
    supervision: &Supervision,
    opts: &TrainValidParams,
) -> Result<Model, ModelError> {
    let table = GramTable::build_taking(&mut grams_of(&mut units), opts.text.min_df);
    train_with(&units, table, set, supervision, opts)
}

/// As [`train`], on `units` whose n-grams `table` counted as they were
/// gathered ([`super::UnitCollector::finish_counted`]).
pub fn train_counted(
    units: &[TrainingUnit],
    table: GramTable,
    set: &LexiconSet,
    supervision: &Supervision,
    opts: &TrainValidParams,
) -> Result<Model, ModelError> {
    train_with(units, table, set, supervision, opts)
}

fn count_grams(units: &[TrainingUnit], opts: &TrainValidParams) -> GramTable {
    let passages: Vec<&Passage> = units.iter().map(|u| &u.passage).collect();
    GramTable::build(&passages, opts.text.min_df)
}

/// Trains on `units` whose n-grams `table` counted.
fn train_with(
    units: &[TrainingUnit],
    table: GramTable,
    set: &LexiconSet,
    supervision: &Supervision,
    opts: &TrainValidParams,
) -> Result<Model, ModelError> {
    let what = describe(supervision, set);
    let classes = classes_of(units, supervision, &what)?;
    let data = Data {
        table,
        passages: units.iter().map(|u| &u.passage).collect(),
        y: units
            .iter()
            .map(|u| classes.binary_search(&u.class).unwrap_or(0))
            .collect(),
        classes: classes.clone(),
        columns: crate::features::columns(set),
        units,
        opts,
    };
    // The final fit runs beside the validation's splits: it needs none of
    // their results, and a core would otherwise wait for the last split.
    let (mut validation, (design, x, fitted)) = rayon::join(
        || data.validate(),
        || {
            let all: Vec<usize> = (0..units.len()).collect();
            let (design, x, _) = data.design().fit(&all, data.columns.clone(), opts.text);
            let fitted = fit_sparse(&x, &data.y, classes.len(), &opts.fit);
            (design, x, fitted)
        },
    );
    let (classifier, convergence) = fitted?;
    // the cautions read every scheme's result, so they follow validation
    super::warnings::warn(&mut validation, classes.len());
    let outlets: Vec<&str> = units.iter().map(|u| u.outlet.as_str()).collect();
    let docs: Vec<u32> = units.iter().map(|u| u.doc).collect();
    validation.probe = super::probe::probe(&x, &outlets, &docs, opts.folds, opts.seed);
    drop(x);
    if let Some(c) = convergence.filter(|c| !c.converged) {
        validation.warnings.push(format!(
            "the final fit did not converge in {} iterations (gradient norm {:.3e} > {:.3e}): raise the iteration limit (max_iter) or the L2 penalty (alpha)",
            opts.fit.max_iter, c.gradient_norm, c.threshold
        ));
    }
    let mut counts = vec![0u64; classes.len()];
    for &c in &data.y {
        counts[c] += 1;
    }
    let mut docs: Vec<u32> = units.iter().map(|u| u.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    let mut keys: Vec<u64> = units.iter().map(|u| u.key).collect();
    keys.sort_unstable();
    keys.dedup();
    Ok(Model {
        format: FORMAT.into(),
        slant_version: env!("CARGO_PKG_VERSION").into(),
        axis: axis_link(set, &classes),
        unit: supervision.unit(),
        lexicons: set
            .lexicons
            .iter()
            .map(|l| LexiconRef {
                name: l.name.clone(),
                sha256: l.sha256.clone(),
            })
            .collect(),
        design,
        classifier,
        training: TrainingInfo {
            supervision: what,
            references: match supervision {
                Supervision::References(r) => r.clone(),
                _ => Vec::new(),
            },
            units: counts,
            documents: docs.len() as u64,
            options: *opts,
            convergence,
        },
        validation,
        classes,
        training_documents: Some(keys),
    })
}

/// What the labels are, in words: `weak labels on axis ...`, `reference
/// outlets`, `labels from <file>`.
fn describe(supervision: &Supervision, set: &LexiconSet) -> String {
    match supervision {
        Supervision::Weak { axis } => format!("weak labels on axis `{}`", set.axes[*axis].id),
        Supervision::References(_) => "reference outlets".to_string(),
        Supervision::Labels(f) => format!("labels from {}", f.path),
    }
}

/// The classes of `units`, sorted; an error when there are fewer than two.
fn classes_of(
    units: &[TrainingUnit],
    supervision: &Supervision,
    what: &str,
) -> Result<Vec<String>, ModelError> {
    let mut classes: Vec<String> = units.iter().map(|u| u.class.clone()).collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.len() >= 2 {
        return Ok(classes);
    }
    let found = match classes.first() {
        Some(c) => format!("only class `{c}` ({} units)", units.len()),
        None => "no training unit at all".to_string(),
    };
    let hint = match supervision {
        Supervision::Weak { .. } => "weak labels need sentences matching each pole of the axis in the corpus; add documents, or train from reference outlets or a labels file",
        _ => "give at least two classes",
    };
    Err(ModelError::Training(format!("{what}: {found}; {hint}")))
}
