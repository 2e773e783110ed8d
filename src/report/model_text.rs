//! The model in words: its section of `report.md` (the validation table
//! `slant train` prints is in `validation_text`).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::ModelView;
use crate::model::crossval::Metrics;
use crate::model::validate::{SchemeResult, LEAVE_ONE_OUT_MAX};
use crate::model::{Model, Unit};
use crate::scores::model::{ModelSource, OutletProbs};

/// A share or correlation with two decimals.
fn pct(x: f64) -> String {
    format!("{:.2}", x)
}

/// A share that may be undefined (0/0), or `n/a`.
pub(super) fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), pct)
}

/// An interval as `low to high`, or `n/a`.
pub(super) fn interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or("n/a".into(), |(l, h)| format!("{l:.2} to {h:.2}"))
}

/// One validation scheme's row of the validation table.
fn scheme_line(md: &mut String, s: &SchemeResult, esc: &dyn Fn(&str) -> String) {
    let (Some(m), Some(b)) = (&s.model, &s.baseline) else {
        let _ = writeln!(
            md,
            "| {} | n/a | n/a | n/a | n/a | n/a | n/a | 0 of {} |",
            esc(&s.scheme),
            s.splits.len()
        );
        return;
    };
    let ran = s.splits.iter().filter(|x| x.skipped.is_none()).count();
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} | {} | {} | {ran} of {} |",
        esc(&s.scheme),
        pct(m.accuracy),
        pct(m.macro_f1),
        interval(s.macro_f1_ci),
        pct(b.accuracy),
        pct(b.macro_f1),
        s.chance_macro_f1.map_or("n/a".into(), pct),
        s.splits.len()
    );
}

/// The one caution about the model, when the scheme to cite does not beat
/// its baseline (see [`crate::model::Validation::caution`]).
pub(super) fn caution(model: &Model) -> Option<&str> {
    model.validation.caution.as_deref()
}

/// The model section of `report.md`. `esc` escapes prose; `lexicon_scores`
/// gives each outlet's lexicon score on the model's axis.
/// Only the outlets of `shown` are listed (the report's bounded selection);
/// `outlets.csv` and `sentences.csv` hold all.
pub fn markdown(
    md: &mut String,
    m: ModelView,
    lexicon_scores: &BTreeMap<String, f64>,
    chart: Option<&str>,
    bootstrap: usize,
    shown: &[String],
    esc: &dyn Fn(&str) -> String,
) {
    let _ = writeln!(md, "## Model: {}\n", m.model.classes.join(" vs "));
    if let Some(c) = caution(&m.model) {
        let _ = writeln!(
            md,
            "**Warning: {}.** The scores below are no better evidence than a guess.\n",
            esc(c)
        );
    }
    how_trained(md, m, esc);
    validation(md, &m.model, esc);
    outlet_scores(md, m, lexicon_scores, shown, esc);
    rank_correlation(md, m, lexicon_scores);
    if let Some(name) = chart {
        let _ = writeln!(
            md,
            "![Lexicon and model scores]({name}.png)\n\n(The chart {}; also as [{name}.svg]({name}.svg).)\n",
            esc(super::figures::STANCE_COLOURS)
        );
    }
    learned_features(md, m, esc);
    surest_sentences(md, m, shown, esc);
    how_computed(md, &m.model, bootstrap);
}

/// The classifier's name and the library that fits it.
fn classifier_name(model: &Model) -> &'static str {
    match model.classifier {
        crate::model::Classifier::Logistic { .. } => {
            "multinomial logistic regression (linfa-logistic)"
        }
        crate::model::Classifier::GaussianNb { .. } => "Gaussian naive Bayes (linfa-bayes)",
    }
}

/// The opening paragraph: what kind of model, where it came from, what it
/// was trained on and with which features.
fn how_trained(md: &mut String, m: ModelView, esc: &dyn Fn(&str) -> String) {
    let model = &m.model;
    let t = &model.training;
    let units: Vec<String> = model
        .classes
        .iter()
        .zip(&t.units)
        .map(|(c, n)| format!("{n} `{c}`"))
        .collect();
    let source = match &m.source {
        ModelSource::TrainedInThisRun => m.source.to_string(),
        ModelSource::File(path, _) => format!("loaded from {}", esc(path)),
    };
    let mut kind_cap = classifier_name(model).to_string();
    kind_cap[..1].make_ascii_uppercase();
    let _ = writeln!(
        md,
        "{}, {}, on {} ({}), {}. Features: {} lexicon columns and {} word n-grams (TF-IDF), standardized.\n",
        kind_cap,
        source,
        // Documents as units: "10000 documents", not "10000 documents
        // from 10000 documents".
        match model.unit {
            Unit::Sentence => format!(
                "{} sentences from {} documents",
                t.units.iter().sum::<u64>(),
                t.documents
            ),
            Unit::Document => format!("{} documents", t.units.iter().sum::<u64>()),
        },
        units.join(", "),
        t.supervision,
        model.design.lexicon_columns.len(),
        model.design.vocabulary.len()
    );
}

/// The validation subsection: one row per validation scheme, then each
/// scheme's per-class scores and confusion matrix, then the warnings.
fn validation(md: &mut String, model: &Model, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "### Validation\n");
    let _ = writeln!(
        md,
        "Held-out predictions pooled over the splits (`validation.csv`), beside the majority-class baseline (always the most common class of the same held-out units) and chance (guessing a class uniformly at random; its expected macro-F1). The model beats them when the lower end of its macro-F1 interval is above both. The number to cite is the first row's{}: outlets held out are outlets the model never saw, as every outlet it scores beyond its training data is; documents held out leave other documents of the same outlets in training, so a model that learns house style looks better there than it is. The interval is a 95% bootstrap interval over the held-out outlets.\n",
        model
            .validation
            .headline()
            .map_or(String::new(), |h| format!(" ({})", esc(&h.scheme)))
    );
    let _ = writeln!(md, "| held out | accuracy | macro-F1 | macro-F1 95% interval | baseline accuracy | baseline macro-F1 | chance macro-F1 | splits run |\n|---|---:|---:|---|---:|---:|---:|---|");
    for s in &model.validation.schemes {
        scheme_line(md, s, esc);
    }
    md.push('\n');
    if let Some(p) = &model.validation.probe {
        super::probe_text::probe_line(md, p);
    }
    for s in &model.validation.schemes {
        if let Some(mm) = &s.model {
            per_class_table(md, &s.scheme, mm, esc);
            confusion_table(md, &model.classes, mm, esc);
        }
    }
    for w in &model.validation.warnings {
        let _ = writeln!(md, "- **Warning:** {}", esc(w));
    }
    if !model.validation.warnings.is_empty() {
        md.push('\n');
    }
}

/// Precision, recall and F1 of each class under one validation scheme.
fn per_class_table(md: &mut String, scheme: &str, mm: &Metrics, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "Per class, {}:\n", scheme);
    let _ = writeln!(
        md,
        "| class | precision | recall | F1 | held-out units |\n|---|---:|---:|---:|---:|"
    );
    for c in &mm.classes {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            esc(&c.class),
            share(c.precision),
            share(c.recall),
            share(c.f1),
            c.support
        );
    }
    let untested: Vec<String> = mm
        .classes
        .iter()
        .filter(|c| c.support == 0)
        .map(|c| esc(&c.class))
        .collect();
    if !untested.is_empty() {
        let _ = writeln!(
            md,
            "\nn/a: undefined (a share of 0 units). No held-out unit is of class {}: it could not be tested, and macro-F1 (the model's, the baseline's and chance's alike) is the mean over the other classes.",
            untested.join(", ")
        );
    }
}

/// The confusion matrix of one validation scheme.
fn confusion_table(
    md: &mut String,
    classes: &[String],
    mm: &Metrics,
    esc: &dyn Fn(&str) -> String,
) {
    let _ = writeln!(md, "\nConfusion (rows: true class; columns: predicted):\n");
    let _ = writeln!(
        md,
        "| | {} |\n|---|{}",
        classes
            .iter()
            .map(|c| esc(c))
            .collect::<Vec<_>>()
            .join(" | "),
        "---:|".repeat(classes.len())
    );
    for (c, row) in mm.confusion.iter().enumerate() {
        let _ = writeln!(
            md,
            "| {} | {} |",
            esc(&classes[c]),
            row.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    md.push('\n');
}

/// The outlet table: each outlet's class probabilities and, when the model
/// has an axis, its lexicon and model scores side by side.
fn outlet_scores(
    md: &mut String,
    m: ModelView,
    lexicon_scores: &BTreeMap<String, f64>,
    shown: &[String],
    esc: &dyn Fn(&str) -> String,
) {
    let model = &m.model;
    let _ = writeln!(md, "### Model scores by outlet\n");
    if let Some(note) = super::in_training::note(model, &m.source) {
        let _ = writeln!(md, "{}\n", esc(&note));
    }
    if shown.len() < m.outlets.len() {
        let _ = writeln!(
            md,
            "{} of {} outlets, {} and any highlighted (all in `outlets.csv`).\n",
            m.outlets
                .iter()
                .filter(|o| shown.contains(&o.outlet))
                .count(),
            m.outlets.len(),
            // Without an axis (labels of other classes) there is no lexicon
            // ranking to follow: the largest are shown, largest first.
            if model.axis.is_some() {
                "those of the lexicon ranking above"
            } else {
                "the largest (most documents, then tokens)"
            }
        );
    }
    let _ = writeln!(
        md,
        "Mean probability of each class over the outlet's documents, with 95% bootstrap intervals (`outlets.csv`, columns `p_<class>`{}).\n",
        if model.axis.is_some() { " and `model_score` = p(positive pole) - p(negative pole)" } else { "" }
    );
    let mut header = String::from("| outlet | documents |");
    if model.axis.is_some() {
        header.push_str(" lexicon score | model score |");
    }
    for c in &model.classes {
        let _ = write!(header, " p({}) |", esc(c));
    }
    // The outlet on the left, every number to the right.
    let cols = header.matches('|').count() - 1;
    let _ = writeln!(md, "{header}\n|---|{}", "---:|".repeat(cols - 1));
    let mut outlets: Vec<&OutletProbs> = m
        .outlets
        .iter()
        .filter(|o| shown.contains(&o.outlet))
        .collect();
    // In the order of `shown`: the lexicon ranking, then the outlets with
    // too little evidence; or the largest first.
    outlets.sort_by_key(|o| shown.iter().position(|s| *s == o.outlet));
    for o in outlets {
        outlet_row(md, model, o, lexicon_scores, esc);
    }
    md.push('\n');
}

/// An interval as ` [low, high]` with signs, or nothing when there is none.
fn ci(c: Option<(f64, f64)>) -> String {
    c.map_or(String::new(), |(l, h)| format!(" [{l:+.2}, {h:+.2}]"))
}

/// One outlet's row of the outlet table.
fn outlet_row(
    md: &mut String,
    model: &Model,
    o: &OutletProbs,
    lexicon_scores: &BTreeMap<String, f64>,
    esc: &dyn Fn(&str) -> String,
) {
    let _ = write!(md, "| {} | {} |", esc(&o.outlet), o.n_docs);
    if model.axis.is_some() {
        let lex = lexicon_scores
            .get(&o.outlet)
            .map_or("".into(), |s| format!("{s:+.2}"));
        let _ = write!(
            md,
            " {lex} | {:+.2}{} |",
            o.score.unwrap_or(0.0),
            ci(o.score_ci)
        );
    }
    // Probabilities are never negative, so their intervals go unsigned.
    for c in 0..model.classes.len() {
        let _ = write!(md, " {:.2}{} |", o.p[c], ci(o.ci[c]).replace('+', ""));
    }
    md.push('\n');
}

/// How well the model's outlet ranking agrees with the lexicon's, when the
/// model has an axis to rank on.
fn rank_correlation(md: &mut String, m: ModelView, lexicon_scores: &BTreeMap<String, f64>) {
    let Some(a) = &m.model.axis else { return };
    // The pairs the correlation is computed on: outlets without a lexicon
    // score (no pole match) have no place in it.
    let n = m
        .outlets
        .iter()
        .filter(|o| o.score.is_some() && lexicon_scores.contains_key(&o.outlet))
        .count();
    match m.spearman {
        Some(r) => {
            let ci = match m.spearman_ci {
                Some((lo, hi)) => {
                    let caveat = crate::scores::model::spearman_interval_caveat((lo, hi), n)
                        .map_or(String::new(), |c| format!("; {c}"));
                    format!(
                        ", 95% interval [{lo:.2}, {hi:.2}] (bootstrap over the outlets; `results.json` `model.spearman_lexicon_model_ci`{caveat})"
                    )
                }
                None => ", no interval (too few resamples whose ranks vary)".to_string(),
            };
            let _ = writeln!(md, "Spearman rank correlation of lexicon and model scores on `{}` over the {n} outlets with both: {r:.2}{ci}.\n", a.axis);
        }
        None => {
            let _ = writeln!(md, "Rank correlation of lexicon and model scores: n/a (fewer than three outlets, or no variation).\n");
        }
    }
}

/// The features with the largest weights toward each class.
fn learned_features(md: &mut String, m: ModelView, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "### What the model learned\n");
    let _ = writeln!(md, "The features that push hardest toward each class (standardized weights; `model_features.csv`). `text:` features are word n-grams; the others are lexicon features.\n");
    for (class, fs) in &m.features {
        let list: Vec<String> = fs
            .iter()
            .take(12)
            .map(|(f, w)| format!("`{}` ({w:.2})", f.replace('`', "'")))
            .collect();
        let _ = writeln!(
            md,
            "- **{}**: {}",
            esc(class),
            if list.is_empty() {
                "none".into()
            } else {
                list.join(", ")
            }
        );
    }
    md.push('\n');
}

/// Per outlet and class, the sentences the model gives the class the
/// highest probability.
fn surest_sentences(md: &mut String, m: ModelView, shown: &[String], esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "### Sentences the model is most sure of\n");
    // One sentence each when many outlets are listed, to keep the report
    // readable at hundreds of outlets.
    let per_class = if shown.len() > 12 { 1 } else { 2 };
    let _ = writeln!(md, "Per outlet and class, the {} with the highest probability of the class (with `--sentence-scores`, every sentence's probabilities are in `sentence_scores.csv`).\n", if per_class == 1 { "sentence" } else { "two sentences" });
    let mut last = "";
    for ((outlet, c), list) in m
        .predictions
        .top
        .iter()
        .filter(|((o, _), _)| shown.contains(o))
    {
        if outlet != last {
            let _ = writeln!(md, "**{}**\n", esc(outlet));
            last = outlet;
        }
        for s in list.iter().take(per_class) {
            let _ = writeln!(
                md,
                "- p({}) = {:.2}: {} <sub>(`{}`, sentence {})</sub>",
                esc(&m.model.classes[*c]),
                s.p,
                esc(&s.text),
                s.doc_id.replace('`', "'"),
                s.sentence
            );
        }
        md.push('\n');
    }
}

/// Where the training units and their labels came from, in words.
fn units_and_labels(model: &Model) -> &'static str {
    let t = &model.training;
    match model.unit {
        Unit::Sentence if t.supervision.starts_with("weak") => "Weak labels: a sentence whose lexicon matches on the axis all point to one pole is a training unit of that pole, and those matches are masked out of its text and lexicon features, so the model learns from the surrounding words (Go, Bhayani and Huang 2009). Sentences matching both poles are left out.",
        Unit::Sentence => "Sentences labelled in the labels file.",
        Unit::Document if !t.references.is_empty() => "Reference outlets, as in Wordscores (Laver, Benoit and Garry 2003): every document of a reference outlet is a training unit of its class; every outlet is then scored.",
        Unit::Document => "Documents labelled in the labels file.",
    }
}

/// How the model numbers were computed: units and labels, features,
/// classifier, validation and scores, with the options this model used.
fn how_computed(md: &mut String, model: &Model, bootstrap: usize) {
    let t = &model.training;
    let o = &t.options;
    let kind = classifier_name(model);
    let _ = writeln!(
        md,
        "### How the model numbers were computed\n\n\
         - **Units and labels.** {}\n\
         - **Features.** Lexicon features (frame rates per 1,000 tokens and term counts, own voice and quotation apart) and TF-IDF of word 1-{}-grams (lower case, numbers folded; idf = ln((1+n)/(1+df)) + 1; each row L2-normalized), kept when they occur in at least {} training units and at most {:.0}% of them, at most {} n-grams, the most frequent first. All columns are standardized with the training units' means and standard deviations. Vocabulary, IDF and scaler are stored with the model and never refitted on the text being scored.\n\
         - **Classifier.** {kind}; L2 penalty alpha = {}, linfa-logistic's objective fitted by argmin's L-BFGS (Armijo backtracking steps) for at most {} iterations, converged when the gradient norm is at most {} x the number of training units (checked by slant, and a fit that stops short is counted and warned of). {}\n\
         - **Validation.** With units from several outlets, whole outlets are held out: each in turn with at most {} outlets, else {}-fold cross-validation with each outlet's units on one side; beside it, {}-fold cross-validation with each document's units on one side (folds assigned at random, seed {}). Vocabulary and scaler are refitted within every split. Accuracy, macro-F1 (the unweighted mean of per-class F1) and the confusion matrix pool the held-out predictions; the baseline always predicts the most common class of the same held-out units. Macro-F1 is taken over the classes with at least one held-out unit, for the model, the baseline and chance alike, so that the three are compared over one set of classes: a class with no held-out unit cannot be tested (its recall is 0/0, and the baseline, which never predicts it, has no F1 on it), so it is left out rather than counted as 0 for some and not others; the model's predictions of it are not forgiven, as each is a miss of the unit's own class and lowers that class's recall and F1. A share whose denominator is 0 (precision of a class never predicted, recall of a class with no held-out unit) is undefined and shown as n/a (empty in the tables), not 0; a class's F1 is 2 TP / (2 TP + FP + FN), 0 when it has units but none was found, n/a when it has none. Each split's macro-F1 is computed the same way over its own held-out units, beside the baseline's. The macro-F1 interval holds the 2.5th and 97.5th percentiles of {} bootstrap resamples of the held-out outlets (their units pooled); the model beats the baselines when the interval's lower end is above both the majority-class baseline's macro-F1 and chance's (the expected macro-F1 of guessing each class with probability 1 / number of classes). A held-out outlet whose accuracy is below chance (1 / number of classes) is named. Random splits overstate accuracy when outlets have house styles (Baly et al. 2020: macro-F1 80 on a random split, 36 on unseen outlets), which is why the outlet-disjoint number is the one to cite. The house-style probe classifies each unit's outlet by its nearest outlet centroid in the same standardized features, with the document-grouped folds.\n\
         - **Scores.** A {} probabilities are the model's; a document's are {}. An outlet's `p_<class>` is the mean over its documents, its interval the 2.5th and 97.5th percentiles of {} bootstrap resamples of the same mean over its documents (over its sentences, weighted by tokens, when it has one document and the model scores sentences: the document's probability is their token-weighted mean), widened to hold the estimate when a skewed sample's percentiles leave it out. A one-document outlet of a document model has no interval: its probability is the model's on the whole text, not a mean of anything to resample. Training units are scored by the model fitted on them, so their probabilities are optimistic; the validation above is the out-of-sample measure.\n",
        units_and_labels(model),
        o.text.ngrams,
        o.text.min_df,
        o.text.max_df * 100.0,
        o.text.max_features,
        o.fit.alpha,
        o.fit.max_iter,
        o.fit.tolerance,
        if o.fit.balanced { "Class priors are balanced: intercepts are shifted by minus the log of each class's share of the training units (prior correction, King and Zeng 2001), so the number of units per class does not tilt the predictions." } else { "Class priors are the training shares." },
        LEAVE_ONE_OUT_MAX,
        o.folds,
        o.folds,
        o.seed,
        crate::model::crossval::BOOTSTRAP,
        match model.unit { Unit::Sentence => "sentence's", Unit::Document => "document's" },
        match model.unit { Unit::Sentence => "the token-weighted mean of its sentences'", Unit::Document => "the model's on the whole document" },
        bootstrap
    );
}

pub use super::validation_text::validation_text;
