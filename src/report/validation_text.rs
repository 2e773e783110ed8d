//! The validation table `slant train` prints: each scheme's pooled
//! numbers beside the baselines, per class, the held-out outlets when they
//! were left out one by one, and the house-style probe.

use std::fmt::Write;

use super::model_text::interval;
use crate::model::validate::{Holdout, SchemeResult, LEAVE_ONE_OUT_MAX};
use crate::model::{Model, Unit};

/// A share with three decimals, or `n/a` when it is undefined (0/0: no
/// unit predicted as the class, or none of it held out).
pub(super) fn three(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.3}"))
}

/// The validation as a plain-text table, for the terminal.
pub fn validation_text(model: &Model) -> String {
    let mut s = String::new();
    let t = &model.training;
    let units: Vec<String> = model
        .classes
        .iter()
        .zip(&t.units)
        .map(|(c, n)| format!("{c}: {n}"))
        .collect();
    let _ = writeln!(
        s,
        "trained on {} ({}) from {} documents; {}",
        units.join(", "),
        match model.unit {
            Unit::Sentence => "sentences",
            Unit::Document => "documents",
        },
        t.documents,
        t.supervision
    );
    let headline = model.validation.headline().map(|h| h.scheme.as_str());
    for sc in &model.validation.schemes {
        scheme_text(&mut s, sc, headline == Some(sc.scheme.as_str()));
    }
    if let Some(p) = &model.validation.probe {
        let _ = writeln!(
            s,
            "house style: the same features identify the outlet with accuracy {:.3} ({} outlets, chance {:.3}, largest outlet {:.3})",
            p.accuracy, p.outlets, p.chance, p.baseline_accuracy
        );
    }
    s
}

/// One scheme in the terminal: its pooled numbers, per class, and its
/// held-out outlets when it left them out one by one.
fn scheme_text(s: &mut String, sc: &SchemeResult, headline: bool) {
    let _ = writeln!(
        s,
        "{}{}",
        sc.scheme,
        if headline {
            "  (the number to cite)"
        } else {
            ""
        }
    );
    let (Some(m), Some(b)) = (&sc.model, &sc.baseline) else {
        let _ = writeln!(s, "    no split could be run");
        return;
    };
    let _ = writeln!(
        s,
        "    accuracy {:.3}  macro-F1 {:.3} (95% interval {})  majority-class baseline: accuracy {:.3}, macro-F1 {:.3}; chance macro-F1 {:.3}  -> {}",
        m.accuracy,
        m.macro_f1,
        interval(sc.macro_f1_ci),
        b.accuracy,
        b.macro_f1,
        sc.chance_macro_f1.unwrap_or(0.0),
        match sc.beats_baseline {
            Some(true) => "beats both",
            _ => "does NOT beat guessing",
        }
    );
    for c in &m.classes {
        let _ = writeln!(
            s,
            "    {:<40} precision {}  recall {}  (n = {})",
            c.class,
            three(c.precision),
            three(c.recall),
            c.support
        );
    }
    if sc.holds_out == Holdout::Outlets && sc.splits.len() <= LEAVE_ONE_OUT_MAX {
        for sp in &sc.splits {
            match sp.accuracy {
                Some(a) => {
                    let _ = writeln!(
                        s,
                        "    {:<40} accuracy {a:.3} (n = {})",
                        sp.name, sp.test_units
                    );
                }
                None => {
                    let _ = writeln!(
                        s,
                        "    {:<40} skipped: {}",
                        sp.name,
                        sp.skipped.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
}
