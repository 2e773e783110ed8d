//! The chart of LSS outlet scores beside the lexicon index, drawn from
//! the rows of `lss_outlets.csv`, and which outlets it and `report.md`'s
//! table show. Apart from [`super::lss`], which links the chart from the
//! page that [`super::figures`] lists it on.

use super::charts::{self, Chart, ChartError, PairedRanking};
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

/// The chart of LSS outlet scores beside the lexicon index, with a note
/// on what it shows, when LSS ran.
pub(super) fn chart(rep: &Report) -> Option<(String, Result<Chart, ChartError>, Option<String>)> {
    let v = rep.lss?;
    let (rows, left_out, divider) = shown(v);
    let pair = |s: Option<f64>, lo: Option<f64>, hi: Option<f64>| s.map(|s| (s, lo.zip(hi)));
    let chart = PairedRanking {
        title: format!("LSS beside the lexicon index: {} \u{2194} {}", v.negative_label, v.positive_label),
        series: ["lexicon index".into(), "LSS score (SD of document scores)".into()],
        negative_label: v.negative_label.clone(),
        positive_label: v.positive_label.clone(),
        outlets: rows.iter().map(|r| r.outlet.clone()).collect(),
        values: rows
            .iter()
            .map(|r| {
                [
                    pair(r.lexicon_index, r.lexicon_ci_low, r.lexicon_ci_high),
                    pair(r.score, r.ci_low, r.ci_high),
                ]
            })
            .collect(),
        flagged: rows.iter().map(|r| r.standing != Standing::Ranked).collect(),
        dividers: divider
            .map(|at| (at, format!("\u{2026} {left_out} more outlets \u{2026}")))
            .into_iter()
            .collect(),
        note: Some(
            "circle: lexicon index; diamond: LSS (beyond \u{b1}1 drawn at the edge); hollow: thin evidence; whiskers: 95% bootstrap intervals"
                .into(),
        ),
    };
    let note = (left_out > 0).then(|| {
        format!("shows {} of {} outlets with an LSS score: the highest and lowest ranked; lss_outlets.csv holds all", rows.len(), rows.len() + left_out)
    });
    Some((CHART.to_string(), charts::paired_ranking(&chart), note))
}
