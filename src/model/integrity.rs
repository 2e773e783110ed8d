//! What a model file must hold before it scores anything: every array as
//! long as the sizes the file declares (classes, lexicon columns,
//! vocabulary), every number finite, no scale that divides by zero. A
//! model saved by `slant train` always passes; a hand-edited or truncated
//! one is refused here, by field, instead of panicking or silently scoring
//! something else.
//!
//! Fields are named by their path in the JSON file, such as
//! `design.scaler.std` or `classifier.weights[1][40]`.

use serde::{Deserialize, Deserializer};

use super::classifier::Classifier;
use super::design::{Design, MIN_STD};
use super::vocab::{Vocabulary, MAX_NGRAMS};
use super::Model;

/// The first thing in `model` that does not fit the rest, naming its field.
pub fn check(model: &Model) -> Result<(), String> {
    let k = model.classes.len();
    check_classes(model)?;
    check_vocabulary(&model.design.vocabulary)?;
    check_design(&model.design)?;
    check_classifier(&model.classifier, k, &Features::of(&model.design))?;
    check_training(model)?;
    check_training_documents(model)
}

/// The training documents' keys: sorted, distinct, one per training
/// document (`training.documents`); a model of the current format must
/// list them.
fn check_training_documents(model: &Model) -> Result<(), String> {
    let Some(keys) = &model.training_documents else {
        if model.format == super::FORMAT {
            return Err(format!(
                "`training_documents` is missing, but a model of format `{}` lists the documents it was trained on",
                super::FORMAT
            ));
        }
        return Ok(());
    };
    if keys.len() as u64 != model.training.documents {
        return Err(format!(
            "training_documents has {}, but training.documents is {}",
            plural(keys.len(), "key", "keys"),
            model.training.documents
        ));
    }
    match keys.windows(2).position(|w| w[0] >= w[1]) {
        None => Ok(()),
        Some(i) => Err(format!(
            "training_documents[{}] is not above training_documents[{i}]: the keys are sorted and distinct",
            i + 1
        )),
    }
}

/// The feature count the design declares, with where it comes from.
struct Features {
    lexicon: usize,
    text: usize,
}

impl Features {
    fn of(design: &Design) -> Features {
        Features {
            lexicon: design.lexicon_columns.len(),
            text: design.vocabulary.len(),
        }
    }

    fn width(&self) -> usize {
        self.lexicon + self.text
    }

    /// `the model has 12 features (10 lexicon columns + 2 vocabulary terms)`.
    fn declared(&self) -> String {
        format!(
            "the model has {} features ({} lexicon columns + {} vocabulary terms)",
            self.width(),
            self.lexicon,
            self.text
        )
    }
}

/// At least two distinct classes, and an axis whose poles are among them.
fn check_classes(model: &Model) -> Result<(), String> {
    let k = model.classes.len();
    if k < 2 {
        return Err(format!(
            "`classes` has {}, but a model needs at least 2",
            plural(k, "class", "classes")
        ));
    }
    if let Some(dup) = duplicate(&model.classes) {
        return Err(format!("`classes` has `{dup}` twice"));
    }
    let Some(axis) = &model.axis else {
        return Ok(());
    };
    for (field, i) in [("negative", axis.negative), ("positive", axis.positive)] {
        if i >= k {
            return Err(format!(
                "axis.{field} is class {i}, but `classes` has {k} (0 to {})",
                k - 1
            ));
        }
    }
    if axis.negative == axis.positive {
        return Err(format!(
            "axis.negative and axis.positive are both class {}",
            axis.negative
        ));
    }
    Ok(())
}

/// One IDF per term, terms distinct and no longer than the n-grams the
/// vocabulary was built from.
fn check_vocabulary(v: &Vocabulary) -> Result<(), String> {
    let n = v.options.ngrams;
    if !(1..=MAX_NGRAMS).contains(&n) {
        return Err(format!(
            "design.vocabulary.options.ngrams is {n}, but must be 1 to {MAX_NGRAMS}"
        ));
    }
    if v.idf.len() != v.terms.len() {
        return Err(format!(
            "design.vocabulary.idf has {} values, but design.vocabulary.terms has {}",
            v.idf.len(),
            v.terms.len()
        ));
    }
    if let Some(dup) = duplicate(&v.terms) {
        return Err(format!("design.vocabulary.terms has `{dup}` twice"));
    }
    if let Some((i, t)) = v.terms.iter().enumerate().find(|(_, t)| {
        let order = t.split(' ').filter(|w| !w.is_empty()).count();
        order == 0 || order > n
    }) {
        return Err(format!(
            "design.vocabulary.terms[{i}] `{t}` is not a 1- to {n}-gram (design.vocabulary.options.ngrams is {n})"
        ));
    }
    finite("design.vocabulary.idf", &v.idf)?;
    // idf = ln((1 + n) / (1 + df)) + 1 with df <= n
    if let Some((i, x)) = v.idf.iter().enumerate().find(|(_, x)| **x < 1.0) {
        return Err(format!(
            "design.vocabulary.idf[{i}] is {x}, but an IDF is at least 1"
        ));
    }
    Ok(())
}

/// One scaler mean and standard deviation per feature; no zero scale.
fn check_design(design: &Design) -> Result<(), String> {
    let features = Features::of(design);
    for (field, values) in [
        ("design.scaler.mean", &design.scaler.mean),
        ("design.scaler.std", &design.scaler.std),
    ] {
        if values.len() != features.width() {
            return Err(format!(
                "{field} has {} values, but {}",
                values.len(),
                features.declared()
            ));
        }
        finite(field, values)?;
    }
    above(
        "design.scaler.std",
        &design.scaler.std,
        MIN_STD,
        "a standard deviation must be above 1e-12 (a constant column is stored as 1)",
    )
}

/// A row of parameters per class, each as long as the features.
fn check_classifier(c: &Classifier, k: usize, features: &Features) -> Result<(), String> {
    match c {
        Classifier::Logistic { weights, intercept } => {
            per_class("classifier.weights", weights.len(), k)?;
            per_class("classifier.intercept", intercept.len(), k)?;
            rows("classifier.weights", weights, features)?;
            finite("classifier.intercept", intercept)
        }
        Classifier::GaussianNb {
            mean,
            variance,
            log_prior,
        } => {
            per_class("classifier.mean", mean.len(), k)?;
            per_class("classifier.variance", variance.len(), k)?;
            per_class("classifier.log_prior", log_prior.len(), k)?;
            rows("classifier.mean", mean, features)?;
            rows("classifier.variance", variance, features)?;
            for (c, row) in variance.iter().enumerate() {
                above(
                    &format!("classifier.variance[{c}]"),
                    row,
                    0.0,
                    "a variance must be above 0",
                )?;
            }
            finite("classifier.log_prior", log_prior)
        }
    }
}

/// Training counts and validation tables per class, as the report reads
/// them.
fn check_training(model: &Model) -> Result<(), String> {
    let k = model.classes.len();
    per_class("training.units", model.training.units.len(), k)?;
    for (s, scheme) in model.validation.schemes.iter().enumerate() {
        for (name, metrics) in [("model", &scheme.model), ("baseline", &scheme.baseline)] {
            let Some(m) = metrics else { continue };
            let field = format!("validation.schemes[{s}].{name}.confusion");
            per_class(&field, m.confusion.len(), k)?;
            for (t, row) in m.confusion.iter().enumerate() {
                per_class(&format!("{field}[{t}]"), row.len(), k)?;
            }
        }
    }
    Ok(())
}

fn per_class(field: &str, len: usize, k: usize) -> Result<(), String> {
    if len == k {
        return Ok(());
    }
    Err(format!(
        "{field} has {}, one per class, but `classes` has {k}",
        plural(len, "entry", "entries")
    ))
}

/// `1 entry`, `2 entries`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn rows(field: &str, rows: &[Vec<f64>], features: &Features) -> Result<(), String> {
    for (c, row) in rows.iter().enumerate() {
        if row.len() != features.width() {
            return Err(format!(
                "{field}[{c}] has {} values, but {}",
                row.len(),
                features.declared()
            ));
        }
        finite(&format!("{field}[{c}]"), row)?;
    }
    Ok(())
}

fn finite(field: &str, values: &[f64]) -> Result<(), String> {
    match values.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => Err(format!(
            "{field}[{i}] is not a finite number (null in the file)"
        )),
    }
}

/// Every value above `floor`; `rule` says why when one is not.
fn above(field: &str, values: &[f64], floor: f64, rule: &str) -> Result<(), String> {
    match values.iter().enumerate().find(|(_, x)| **x <= floor) {
        None => Ok(()),
        Some((i, x)) => Err(format!("{field}[{i}] is {x}, but {rule}")),
    }
}

/// The names of `model` checked against the lexicons it is to score with:
/// the axis its classes are the poles of must be an axis of `set`, with
/// those classes as its poles, or its score would silently be empty (the
/// lexicons' names and feature columns are checked by `Model::check`).
pub fn check_axis(model: &Model, set: &crate::lexicon::LexiconSet) -> Result<(), String> {
    let Some(link) = &model.axis else {
        return Ok(());
    };
    let Some(axis) = set.axes.iter().find(|a| a.id == link.axis) else {
        let known: Vec<&str> = set.axes.iter().map(|a| a.id.as_str()).collect();
        return Err(format!(
            "axis.axis is `{}`, which no loaded lexicon defines (axes: {})",
            link.axis,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    };
    for (field, class, pole) in [
        ("negative", link.negative, &axis.negative.id),
        ("positive", link.positive, &axis.positive.id),
    ] {
        // check_classes has made sure the index is a class
        let name = model.classes.get(class).map_or("", String::as_str);
        if name != pole {
            return Err(format!(
                "axis.{field} is class `{name}`, but the {field} pole of axis `{}` is `{pole}`",
                axis.id
            ));
        }
    }
    Ok(())
}

fn duplicate(names: &[String]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .find(|n| !seen.insert(n.as_str()))
        .map(String::as_str)
}

/// Reads a list of numbers in which `null` stands for a number that was not
/// finite: serde_json saves NaN and infinities as `null`. Such a model then
/// reads, and [`check`] refuses it naming the field, where the JSON parser
/// would name only a line.
pub(super) fn numbers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let values: Vec<Option<f64>> = Vec::deserialize(d)?;
    Ok(values.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
}

/// [`numbers`], per row.
pub(super) fn number_rows<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
    let rows: Vec<Vec<Option<f64>>> = Vec::deserialize(d)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
        .collect())
}
