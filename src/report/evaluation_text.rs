//! An evaluation in words, for the terminal (`slant evaluate`); `--json`
//! prints the [`Evaluation`] itself.

use std::fmt::Write;

use super::validation_text::three;
use crate::scores::evaluation::Evaluation;

/// Outlets below chance named; the rest are counted (all are in the JSON).
const NAMED_OUTLETS: usize = 10;

/// Whether the scored documents were in the model's training set: an
/// evaluation on them is in-sample and flatters the model.
fn in_training(e: &Evaluation) -> Option<String> {
    use crate::model::seen::TrainingOverlap;
    match e.in_training.as_ref()? {
        TrainingOverlap::Counted(o) if o.in_training == 0 => None,
        TrainingOverlap::Counted(o) => Some(format!(
            "WARNING: {} of the {} scored documents were in the model's training set: this evaluation is in-sample for them and flatters the model; evaluate on documents (better, outlets) it was not trained on",
            o.in_training, o.scored
        )),
        TrainingOverlap::Unknown => Some(
            "the model file lists no training documents (written before slant recorded them): whether these documents were in its training set is unknown".to_string(),
        ),
        TrainingOverlap::NotCounted => None,
    }
}

/// The evaluation as plain text: overall numbers beside the baselines, per
/// class, the confusion matrix, and the outlets predicted worse than
/// chance.
pub fn evaluation_text(e: &Evaluation) -> String {
    let mut s = String::new();
    let (m, b) = (&e.model, &e.baseline);
    let _ = writeln!(
        s,
        "{} labelled documents scored{}",
        e.documents,
        if e.unscored > 0 {
            format!(
                "; {} left unscored (off-topic for the model's axis), not counted",
                e.unscored
            )
        } else {
            String::new()
        }
    );
    if let Some(note) = in_training(e) {
        let _ = writeln!(s, "{note}");
    }
    let ci = e
        .macro_f1_ci
        .map_or("n/a".into(), |(l, h)| format!("{l:.3} to {h:.3}"));
    let _ = writeln!(
        s,
        "{:<28} {:>9} {:>9}  macro-F1 95% interval (outlets resampled)",
        "", "accuracy", "macro-F1"
    );
    let _ = writeln!(
        s,
        "{:<28} {:>9.3} {:>9.3}  {ci}",
        "model", m.accuracy, m.macro_f1
    );
    let _ = writeln!(
        s,
        "{:<28} {:>9.3} {:>9.3}",
        "majority-class baseline", b.accuracy, b.macro_f1
    );
    let _ = writeln!(s, "{:<28} {:>9} {:>9.3}", "chance", "", e.chance_macro_f1);
    let _ = writeln!(
        s,
        "-> {}",
        if e.beats_baseline {
            "the model beats both (the interval's lower end is above them)"
        } else {
            "the model does NOT beat guessing"
        }
    );
    let _ = writeln!(s, "\nper class:");
    for c in &m.classes {
        let _ = writeln!(
            s,
            "    {:<24} precision {:>5}  recall {:>5}  F1 {:>5}  (n = {})",
            c.class,
            three(c.precision),
            three(c.recall),
            three(c.f1),
            c.support
        );
    }
    confusion(&mut s, e);
    below_chance(&mut s, e);
    s
}

/// The confusion matrix, rows true classes, columns predicted.
fn confusion(s: &mut String, e: &Evaluation) {
    let width = e.classes.iter().map(String::len).max().unwrap_or(0).max(8);
    let _ = writeln!(s, "\nconfusion (rows: true class; columns: predicted):");
    let _ = write!(s, "    {:<width$}", "");
    for c in &e.classes {
        let _ = write!(s, " {c:>width$}");
    }
    s.push('\n');
    for (c, row) in e.classes.iter().zip(&e.model.confusion) {
        let _ = write!(s, "    {c:<width$}");
        for v in row {
            let _ = write!(s, " {v:>width$}");
        }
        s.push('\n');
    }
}

/// The outlets whose accuracy is below chance, by name.
fn below_chance(s: &mut String, e: &Evaluation) {
    let below: Vec<String> = e
        .outlets
        .iter()
        .filter(|o| o.below_chance)
        .map(|o| format!("{} ({:.2}, n = {})", o.outlet, o.accuracy, o.units))
        .collect();
    if below.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n{} of {} outlets predicted worse than chance (accuracy below 1/{}): {}{}",
        below.len(),
        e.outlets.len(),
        e.classes.len(),
        below[..below.len().min(NAMED_OUTLETS)].join(", "),
        if below.len() > NAMED_OUTLETS {
            format!(" and {} more (--json)", below.len() - NAMED_OUTLETS)
        } else {
            String::new()
        }
    );
}
