//! The last step of a run: the report rendered into the staging folder
//! and put in place.

use super::{io, Outcome, Ready};
use crate::aggregate::Aggregate;
use crate::error::Error;
use crate::report::{Report, RunMeta, TableList};
use crate::scores::lss::LssView;
use crate::scores::Scores;

impl Ready {
    /// Renders the report into the staging folder and puts it in place.
    pub(super) fn write(
        self,
        command: &str,
        mut aggregate: Aggregate,
        scores: Scores,
        (model_note, lss): (Option<String>, Option<Result<LssView, String>>),
        skipped: &crate::corpus::SkippedList,
        streamed: &TableList,
    ) -> Result<Outcome, Error> {
        let meta = RunMeta {
            slant_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            inputs: self
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            options: self.scores,
            evidence_per_side: self.evidence,
            outputs: self.outputs,
            lexicons: self.set.lexicons.clone(),
            highlight: self.highlight.clone(),
            args: self.args.clone(),
        };
        let (lss, lss_note) = match lss {
            Some(Ok(v)) => (Some(v), None),
            Some(Err(why)) => (None, Some(why)),
            None => (None, None),
        };
        let report = Report {
            set: &self.set,
            aggregate: &aggregate,
            scores: &scores,
            meta: &meta,
            skipped,
            charts: self.charts,
            model_note: model_note.as_deref(),
            streamed,
            lss: lss.as_ref(),
            lss_note: lss_note.as_deref(),
        };
        // The tables streamed during the passes are complete: with two
        // threads or more they are hashed for the marker on a worker while
        // the charts and the other tables are written, rather than after.
        let staging = &self.staging;
        let chart_problems = rayon::in_place_scope(|s| {
            if rayon::current_num_threads() > 1 {
                s.spawn(|_| staging.hash_ahead(streamed.keys().map(String::as_str)));
            }
            report.write(staging)
        })?;
        let summary = report.summary();
        aggregate.texts.discard().map_err(io)?;
        aggregate.docs.discard().map_err(io)?;
        let out = self.staging.commit()?;
        Ok(Outcome {
            out,
            aggregate,
            scores,
            model_note,
            summary,
            warnings: self.warnings,
            chart_problems,
            lss,
            lss_note,
        })
    }
}
