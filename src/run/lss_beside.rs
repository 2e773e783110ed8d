//! What LSS outlet rows show beside their score, whether the scale was
//! fitted in the run (`run::lss`) or read from a file (`run::lss_saved`):
//! the lexicon index of the seeds' axis and the model's outlet score, and
//! the order the tables list outlets in.

use crate::scores::lss::LssOutletRow;
use crate::scores::Scores;

/// Copies each outlet's lexicon index on axis `axis` into its LSS row,
/// and the model's outlet score when the model's classes are that axis's
/// poles.
pub(super) fn beside_lexicon(rows: &mut [LssOutletRow], scores: &Scores, axis: &str) {
    let lexicon = &scores.tables.outlet_rows;
    let model = scores
        .model
        .as_ref()
        .filter(|m| m.model.axis.as_ref().is_some_and(|a| a.axis == axis));
    for row in rows {
        if let Some(l) = lexicon
            .iter()
            .find(|l| l.axis == axis && l.outlet == row.outlet)
        {
            row.lexicon_index = l.score;
            row.lexicon_ci_low = l.ci_low;
            row.lexicon_ci_high = l.ci_high;
        }
        if let Some(m) = model.and_then(|m| m.outlets.iter().find(|o| o.outlet == row.outlet)) {
            row.model_score = m.score;
            row.model_ci_low = m.score_ci.map(|c| c.0);
            row.model_ci_high = m.score_ci.map(|c| c.1);
        }
    }
}

/// The outlets' rows sorted by name.
pub(super) fn by_name(mut rows: Vec<LssOutletRow>) -> Vec<LssOutletRow> {
    rows.sort_by(|a, b| a.outlet.cmp(&b.outlet));
    rows
}
