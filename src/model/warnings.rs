//! What validation tells a reader in plain words: the one caution (the
//! model does not beat its baseline on held-out outlets), and the smaller
//! warnings (skipped splits, fits that did not converge, held-out outlets
//! predicted worse than chance).

use super::validate::{Holdout, SchemeResult, Validation};

/// Held-out outlets below chance named in a warning; the rest are counted
/// (all are in the model file and in a report's `validation_outlets.csv`).
const NAMED_OUTLETS: usize = 10;

/// Sets `v.caution` and adds the warnings; `k` is the number of classes.
pub(super) fn warn(v: &mut Validation, k: usize) {
    v.caution = caution(v);
    let headline = v.headline().map(|s| s.scheme.clone());
    let mut out = Vec::new();
    for s in &v.schemes {
        scheme_warnings(s, headline.as_deref() == Some(&s.scheme), k, &mut out);
    }
    v.warnings.extend(out);
}

/// The caution, when the scheme to cite does not beat its baseline.
fn caution(v: &Validation) -> Option<String> {
    let h = v.headline()?;
    let on = match h.holds_out {
        Holdout::Outlets => "outlets it was not trained on",
        Holdout::Documents => "held-out documents",
    };
    let (Some(m), Some(b)) = (&h.model, &h.baseline) else {
        return Some(format!(
            "the model could not be validated ({}: no split could be run): do not rely on its scores",
            h.scheme
        ));
    };
    if h.beats_baseline != Some(false) {
        return None;
    }
    let ci = h.macro_f1_ci.map_or(String::new(), |(l, u)| {
        format!(", 95% interval {l:.2} to {u:.2}")
    });
    let mut text = format!(
        "the model does not beat guessing on {on} (macro-F1 {:.2}{ci}; majority-class baseline {:.2}, chance {:.2}): do not rely on its scores",
        m.macro_f1,
        b.macro_f1,
        h.chance_macro_f1.unwrap_or(0.0)
    );
    let docs = v
        .scheme(Holdout::Documents)
        .filter(|d| h.holds_out == Holdout::Outlets && d.beats_baseline == Some(true));
    if let Some(d) = docs.and_then(|d| d.model.as_ref()) {
        text.push_str(&format!(
            "; its macro-F1 of {:.2} on held-out documents of outlets seen in training more likely reflects house style than stance",
            d.macro_f1
        ));
    }
    Some(text)
}

/// The warnings of one scheme; `headline` when it is the scheme to cite
/// (whose failure to beat the baseline is the caution, not a warning).
fn scheme_warnings(s: &SchemeResult, headline: bool, k: usize, out: &mut Vec<String>) {
    for sp in &s.splits {
        if let Some(why) = &sp.skipped {
            out.push(format!("{}: {} skipped: {why}", s.scheme, sp.name));
        }
    }
    let (Some(m), Some(b)) = (&s.model, &s.baseline) else {
        if !headline {
            out.push(format!("{}: no split could be run", s.scheme));
        }
        return;
    };
    if !headline && s.beats_baseline == Some(false) {
        out.push(format!(
            "{}: the model does not beat guessing (macro-F1 {:.2}; majority-class baseline {:.2}, chance {:.2})",
            s.scheme,
            m.macro_f1,
            b.macro_f1,
            s.chance_macro_f1.unwrap_or(0.0)
        ));
    }
    if m.accuracy < b.accuracy {
        out.push(format!(
            "{}: accuracy {:.2} is below the baseline's {:.2}, which always predicts the most common class",
            s.scheme, m.accuracy, b.accuracy
        ));
    }
    let missing: Vec<&str> = m
        .classes
        .iter()
        .filter(|c| c.support == 0)
        .map(|c| c.class.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(format!(
            "{}: no held-out unit of class {}: it could not be tested, and macro-F1 (the model's and the baselines') is over the other classes",
            s.scheme,
            missing.join(", ")
        ));
    }
    let below: Vec<String> = s
        .outlets
        .iter()
        .filter(|o| o.below_chance)
        .map(|o| format!("{} ({:.2})", o.outlet, o.accuracy))
        .collect();
    if !below.is_empty() {
        let more = below.len().saturating_sub(NAMED_OUTLETS);
        out.push(format!(
            "{}: {} held-out outlet{} predicted worse than chance (accuracy below 1/{k}): {}{}",
            s.scheme,
            below.len(),
            if below.len() == 1 { "" } else { "s" },
            below[..below.len().min(NAMED_OUTLETS)].join(", "),
            if more > 0 {
                // `train` writes no table: the warning is printed by
                // `train`, `analyze` and `score` alike, so it names what
                // each of them leaves behind
                format!(
                    " and {more} more (every held-out outlet's accuracy is in the model file, under validation.schemes[].outlets, and in validation_outlets.csv of a report)"
                )
            } else {
                String::new()
            }
        ));
    }
    if s.not_converged > 0 {
        out.push(format!(
            "{}: {} fits did not converge",
            s.scheme, s.not_converged
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::HeldOutOutlet;

    #[test]
    fn outlets_past_the_named_ones_are_pointed_to_where_train_leaves_them() {
        let outlets = (0..NAMED_OUTLETS + 2)
            .map(|i| HeldOutOutlet {
                outlet: format!("o{i:02}"),
                units: 4,
                accuracy: 0.25,
                below_chance: true,
            })
            .collect();
        let s = SchemeResult {
            scheme: "outlets held out".into(),
            holds_out: Holdout::Outlets,
            splits: Vec::new(),
            model: None,
            baseline: None,
            chance_macro_f1: None,
            macro_f1_ci: None,
            mean_accuracy: None,
            mean_macro_f1: None,
            beats_baseline: None,
            not_converged: 0,
            outlets,
        };
        let mut out = Vec::new();
        // perfect pooled metrics, so that the only warning is the outlets'
        let m = crate::model::crossval::metrics(&[0, 1], &[0, 1], &["a".into(), "b".into()]);
        let s = SchemeResult {
            model: Some(m.clone()),
            baseline: Some(m),
            ..s
        };
        scheme_warnings(&s, true, 2, &mut out);
        let w = out
            .iter()
            .find(|w| w.contains("worse than chance"))
            .unwrap();
        assert!(
            w.contains("and 2 more (every held-out outlet's accuracy is in the model file"),
            "{w}"
        );
        assert!(!w.contains("(validation_outlets.csv)"), "{w}");
    }
}
