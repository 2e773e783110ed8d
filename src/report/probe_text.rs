//! The outlet-identification probe (house style) in words, for the
//! model's section of `report.md`.

use std::fmt::Write;

use crate::model::probe::OutletProbe;

/// The outlet-identification probe, in one paragraph.
pub(super) fn probe_line(md: &mut String, p: &OutletProbe) {
    let _ = writeln!(
        md,
        "House style: the same features identify the outlet of a held-out unit with accuracy {:.2} ({} outlets; chance {:.2}, always guessing the largest outlet {:.2}; nearest centroid, grouped {}-fold by document). {}\n",
        p.accuracy,
        p.outlets,
        p.chance,
        p.baseline_accuracy,
        p.folds,
        probe_reading(p)
    );
}

/// What the probe's accuracy says, against both of its baselines: above
/// chance alone is no sign of house style when always guessing the
/// largest outlet does as well (news-10k: 0.34 against chance 0.03 and
/// the largest outlet's 0.37).
fn probe_reading(p: &OutletProbe) -> &'static str {
    if p.accuracy > p.baseline_accuracy.max(p.chance) {
        "It is above both baselines: the further above, the more of the model's signal may be house style rather than stance."
    } else {
        "It does not beat always guessing the largest outlet, so this probe finds no clear sign of house style in the features."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_is_read_against_the_largest_outlet_too() {
        // news-10k's weak-label model: 0.34, chance 0.03, largest 0.37.
        let mut p = OutletProbe {
            outlets: 37,
            units: 672,
            folds: 5,
            accuracy: 0.34,
            baseline_accuracy: 0.37,
            chance: 1.0 / 37.0,
        };
        let mut md = String::new();
        probe_line(&mut md, &p);
        assert!(
            md.contains("does not beat always guessing the largest outlet"),
            "{md}"
        );
        assert!(!md.contains("further above"), "{md}");
        p.accuracy = 0.6;
        let mut md = String::new();
        probe_line(&mut md, &p);
        assert!(md.contains("above both baselines"), "{md}");
    }
}
