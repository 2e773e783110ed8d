//! The chart of LSS outlet scores beside the lexicon index and the model's
//! outlet score (a panel each), drawn from the rows of `lss_outlets.csv`, and which outlets it and `report.md`'s
//! table show. Apart from [`super::lss`], which links the chart from the
//! page that [`super::figures`] lists it on.

use super::charts::{self, Chart, ChartError, Panel, PanelRanking};
use super::Report;
use crate::scores::lss::{LssOutletRow, LssView};
use crate::scores::Standing;

/// The chart's file stem.
pub(super) const CHART: &str = "lss_outlets";
/// Outlets the chart and the section's table show at most: the highest
/// and lowest half each.
const SHOWN: usize = 30;
/// The outlets shown: those with a score, ranked ones first, each group
/// by LSS score, highest first. Past `SHOWN` ranked outlets, the highest
/// and lowest halves of them; else the ranked ones and as many of the
/// others as fit. Also how many are left out, and where the line saying
/// so goes (between the halves, or after the last row shown).
pub(super) fn shown(v: &LssView) -> (Vec<&LssOutletRow>, usize, Option<usize>) {
    let by_score = |a: &&LssOutletRow, b: &&LssOutletRow| {
        b.score
            .unwrap_or(0.0)
            .total_cmp(&a.score.unwrap_or(0.0))
            .then(a.outlet.cmp(&b.outlet))
    };
    let scored = v.outlets.iter().filter(|r| r.score.is_some());
    let (mut ranked, mut others): (Vec<_>, Vec<_>) =
        scored.partition(|r| r.standing == Standing::Ranked);
    ranked.sort_by(by_score);
    others.sort_by(by_score);
    let total = ranked.len() + others.len();
    if ranked.len() > SHOWN {
        let mut kept = ranked[..SHOWN / 2].to_vec();
        kept.extend_from_slice(&ranked[ranked.len() - SHOWN / 2..]);
        return (kept, total - SHOWN, Some(SHOWN / 2));
    }
    let room = SHOWN - ranked.len();
    ranked.extend(others.into_iter().take(room));
    let left_out = total - ranked.len();
    let at = (left_out > 0).then_some(ranked.len());
    (ranked, left_out, at)
}

/// Scores drawn beside LSS: (panel title, range, per-row value).
type Beside<'a> = (
    String,
    (f64, f64),
    Box<dyn Fn(&LssOutletRow) -> Option<(f64, Option<(f64, f64)>)> + 'a>,
);

/// The chart of LSS outlet scores beside the lexicon index and the
/// model's outlet score, each in a panel of its own (their units differ),
/// the outlets in one order, with a note on what it shows, when LSS ran.
pub(super) fn chart(rep: &Report) -> Option<(String, Result<Chart, ChartError>, Option<String>)> {
    let v = rep.lss?;
    let (rows, left_out, divider) = shown(v);
    let pair = |s: Option<f64>, lo: Option<f64>, hi: Option<f64>| s.map(|s| (s, lo.zip(hi)));
    let reach = rows
        .iter()
        .flat_map(|r| [r.score, r.ci_low, r.ci_high])
        .flatten()
        .filter(|x| x.is_finite())
        .fold(0.0f64, |m, x| m.max(x.abs()));
    let lss_range = ((reach * 2.0).ceil() / 2.0).clamp(0.5, 4.0);
    let mut panels = vec![Panel {
        title: "LSS score (SD of document scores)".into(),
        range: (-lss_range, lss_range),
        center: 0.0,
        decimals: 1,
        values: rows
            .iter()
            .map(|r| pair(r.score, r.ci_low, r.ci_high))
            .collect(),
        flagged: rows
            .iter()
            .map(|r| r.standing != Standing::Ranked)
            .collect(),
    }];
    let beside: [Beside; 2] = [
        (
            "lexicon index (\u{2212}1 to +1)".into(),
            (-1.0, 1.0),
            Box::new(|r: &LssOutletRow| pair(r.lexicon_index, r.lexicon_ci_low, r.lexicon_ci_high)),
        ),
        (
            "model: p(+) \u{2212} p(\u{2212})".into(),
            (-1.0, 1.0),
            Box::new(|r: &LssOutletRow| pair(r.model_score, r.model_ci_low, r.model_ci_high)),
        ),
    ];
    for (title, range, value) in beside {
        let values: Vec<_> = rows.iter().map(|r| value(r)).collect();
        if values.iter().any(Option::is_some) {
            panels.push(Panel {
                title,
                range,
                center: 0.0,
                decimals: 1,
                values,
                flagged: Vec::new(),
            });
        }
    }
    let others = match panels.len() {
        1 => "",
        2 => " beside the lexicon index",
        _ => " beside the lexicon index and the model",
    };
    let chart = PanelRanking {
        title: format!("LSS{others}: {} \u{2194} {}", v.negative_label, v.positive_label),
        negative_label: v.negative_label.clone(),
        positive_label: v.positive_label.clone(),
        outlets: rows.iter().map(|r| r.outlet.clone()).collect(),
        panels,
        dividers: divider
            .map(|at| (at, format!("\u{2026} {left_out} more outlets \u{2026}")))
            .into_iter()
            .collect(),
        note: Some(
            "each panel its own unit and scale (LSS beyond its range drawn at the edge); outlets in LSS order in every panel; hollow: thin LSS evidence; whiskers: 95% bootstrap intervals; numbers in lss_outlets.csv"
                .into(),
        ),
    };
    let note = (left_out > 0).then(|| {
        format!("shows {} of {} outlets with an LSS score: the highest and lowest ranked; lss_outlets.csv holds all", rows.len(), rows.len() + left_out)
    });
    Some((CHART.to_string(), charts::panel_ranking(&chart), note))
}
