//! The report stage: tables (CSV and JSON), charts (PNG and SVG from the
//! same drawing code) and `report.md`, written atomically into one folder.
//! Every number a chart shows comes from a table built by the same code.

pub mod charts;
pub mod compare;
mod compare_text;
mod figures;
pub mod format;
mod markdown;
pub mod matches;
pub mod model;
pub mod model_text;
mod repeats_text;

pub mod documents;
pub mod sentences;
pub mod slug;

use std::io::Write;

use serde::Serialize;

use crate::aggregate::{Aggregate, Evidence};
use crate::corpus::Skipped;
use crate::lexicon::{LexiconInfo, LexiconSet};
use crate::output::{OutputError, Staging};
use crate::scores::compare::Comparison;
use crate::scores::tables::{FrameRow, OutletRow, Tables, VariantRow};
use crate::scores::{ScoreValidParams, Scores};

pub use format::{Cell, Csv, Format, FormatError, Json, Table};

/// What a report records about the run that made it. Nothing here depends
/// on the time or the machine, so identical inputs give identical files.
#[derive(Debug, Clone, Serialize)]
pub struct RunMeta {
    /// slant's version.
    pub slant_version: String,
    /// The command that made the report (`analyze`, `score`, ...).
    pub command: String,
    /// Inputs as given.
    pub inputs: Vec<String>,
    /// Score options, seed included.
    pub options: ScoreValidParams,
    /// Evidence sentences kept per outlet, axis and side.
    pub evidence_per_side: usize,
    /// Lexicons, with content hashes.
    pub lexicons: Vec<LexiconInfo>,
}

/// Corpus totals.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusSummary {
    /// Documents analyzed.
    pub documents: usize,
    /// Distinct outlets.
    pub outlets: usize,
    /// Word tokens.
    pub tokens: u64,
    /// Bytes of text.
    pub bytes: u64,
    /// Lexicon matches.
    pub matches: u64,
    /// Matches not counted because their entry's topic context was not near.
    pub out_of_context: u64,
    /// Per axis with a topic context: (axis id, documents off-topic for it).
    pub off_topic: Vec<(String, usize)>,
    /// Boilerplate lines found, over all outlets (`boilerplate.csv`).
    pub boilerplate_lines: usize,
    /// Whether boilerplate was left out of matching (no
    /// `--keep-boilerplate`).
    pub boilerplate_masked: bool,
    /// Groups of copies (`duplicates.csv`).
    pub duplicate_groups: usize,
    /// Documents that copy a group's first document.
    pub duplicate_copies: usize,
    /// Whether those copies were left out (`--duplicates drop`).
    pub duplicates_dropped: bool,
    /// Records skipped.
    pub skipped: usize,
}

/// An evidence sentence in `results.json`.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow<'a> {
    /// Outlet.
    pub outlet: &'a str,
    /// Axis id.
    pub axis: &'a str,
    /// `positive` or `negative`: the pole the sentence pushes toward.
    pub side: &'static str,
    /// 1 = strongest.
    pub rank: usize,
    /// The sentence and its marked matches.
    #[serde(flatten)]
    pub evidence: &'a Evidence,
}

/// Everything a report is made of.
pub struct Report<'a> {
    /// The lexicons.
    pub set: &'a LexiconSet,
    /// Everything gathered from the corpus.
    pub aggregate: &'a Aggregate,
    /// Every statistic computed from it.
    pub scores: &'a Scores,
    /// Run metadata.
    pub meta: &'a RunMeta,
    /// Records skipped on reading.
    pub skipped: &'a [Skipped],
    /// Whether to draw charts.
    pub charts: bool,
    /// Why there is no model, when one was wanted.
    pub model_note: Option<&'a str>,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Rendering a table failed.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Reading back the streamed evidence failed.
    #[error("cannot assemble results.json: {0}")]
    Io(#[from] std::io::Error),
}

impl<'a> Report<'a> {
    /// The tables.
    pub fn tables(&self) -> &'a Tables {
        &self.scores.tables
    }

    /// The model's scores and predictions, if a model was trained or given.
    pub fn model(&self) -> Option<model::ModelView<'a>> {
        model::ModelView::of(self.scores, self.aggregate)
    }

    /// The comparison views, if computed.
    pub fn comparison(&self) -> Option<&'a Comparison> {
        self.scores.comparison.as_ref()
    }

    /// Every outlet's file stem, for the files named after an outlet: built
    /// once per report so that every writer uses the same name.
    pub fn slugs(&self) -> slug::Slugs {
        let compared = self
            .comparison()
            .into_iter()
            .flat_map(|c| c.keyness.iter().map(|r| r.target.as_str()));
        slug::Slugs::new(
            self.tables()
                .outlets
                .iter()
                .map(String::as_str)
                .chain(compared),
        )
    }

    /// Corpus totals.
    pub fn summary(&self) -> CorpusSummary {
        let docs = &self.aggregate.docs;
        let r = &self.aggregate.repeats;
        CorpusSummary {
            documents: docs.len(),
            outlets: self.tables().outlets.len(),
            tokens: docs.iter().map(|d| d.tally.tokens).sum(),
            bytes: self.aggregate.bytes,
            matches: docs.iter().map(|d| u64::from(d.tally.matches)).sum(),
            out_of_context: docs.iter().map(|d| u64::from(d.tally.out_of_context)).sum(),
            boilerplate_lines: r.boilerplate.len(),
            boilerplate_masked: r.masked,
            duplicate_groups: r.duplicates.iter().filter(|d| d.first).count(),
            duplicate_copies: r.duplicates.iter().filter(|d| !d.first).count(),
            duplicates_dropped: r.dropped,
            off_topic: (0..self.set.axes.len())
                .filter(|&a| self.set.axis_context(a).is_some())
                .map(|a| {
                    let n = docs.iter().filter(|d| d.tally.off_topic[a]).count();
                    (self.set.axes[a].id.clone(), n)
                })
                .collect(),
            skipped: self.skipped.len(),
        }
    }

    /// The evidence sentences, in a stable order.
    pub fn evidence_rows(&self) -> Vec<EvidenceRow<'_>> {
        let mut rows = Vec::new();
        for ((outlet, axis), ev) in &self.aggregate.evidence {
            for (side, list) in [("positive", &ev.positive), ("negative", &ev.negative)] {
                for (i, e) in list.iter().enumerate() {
                    rows.push(EvidenceRow {
                        outlet,
                        axis: &self.set.axes[*axis].id,
                        side,
                        rank: i + 1,
                        evidence: e,
                    });
                }
            }
        }
        rows
    }

    /// Writes every file into `staging`. The matches were streamed there
    /// already: `matches_part` is the JSON fragment to splice into
    /// `results.json` (and remove). Returns the charts that could not be
    /// drawn, with why (the report says so too).
    pub fn write(
        &self,
        staging: &Staging,
        matches_part: &std::path::Path,
    ) -> Result<Vec<String>, ReportError> {
        let t = self.tables();
        staging.write(
            "outlets.csv",
            &Csv.render(&model::outlet_table(&t.outlet_rows, self.model())?)?,
        )?;
        let documents = documents::table(self.set, &t.documents, self.model());
        staging.write("documents.csv", &Csv.render(&documents)?)?;
        if let Some(m) = self.model() {
            {
                staging.write(
                    "model_features.csv",
                    &Csv.render(&Table::from_rows(&model::feature_rows(m))?)?,
                )?;
                staging.write(
                    "validation.csv",
                    &Csv.render(&Table::from_rows(&model::validation_rows(&m.scores.model))?)?,
                )?;
            }
        }
        staging.write("frames.csv", &Csv.render(&Table::from_rows(&t.frames)?)?)?;
        staging.write(
            "variants.csv",
            &Csv.render(&Table::from_rows(&t.variants)?)?,
        )?;
        let repeats = &self.aggregate.repeats;
        if !repeats.boilerplate.is_empty() {
            let rows = Table::from_rows(&repeats.boilerplate)?;
            staging.write("boilerplate.csv", &Csv.render(&rows)?)?;
        }
        if !repeats.duplicates.is_empty() {
            let rows = Table::from_rows(&repeats.duplicates)?;
            staging.write("duplicates.csv", &Csv.render(&rows)?)?;
        }
        if !self.skipped.is_empty() {
            staging.write(
                "skipped.csv",
                &Csv.render(&Table::from_rows(self.skipped)?)?,
            )?;
        }
        if let Some(c) = self.comparison() {
            compare::write(staging, c).map_err(|e| match e {
                compare::CompareReportError::Format(f) => ReportError::Format(f),
                compare::CompareReportError::Output(o) => ReportError::Output(o),
            })?;
        }
        let slugs = self.slugs();
        let figures = if self.charts {
            figures::draw(self, &slugs)
        } else {
            figures::Figures::default()
        };
        for (name, chart) in &figures.drawn {
            staging.write(&format!("{name}.png"), &chart.png)?;
            staging.write(&format!("{name}.svg"), chart.svg.as_bytes())?;
        }
        staging.write(
            "report.md",
            markdown::render(self, &figures, &slugs).as_bytes(),
        )?;
        self.write_results(staging, matches_part)?;
        Ok(figures.problems)
    }

    fn write_results(
        &self,
        staging: &Staging,
        matches_part: &std::path::Path,
    ) -> Result<(), ReportError> {
        #[derive(Serialize)]
        struct Results<'a> {
            run: &'a RunMeta,
            corpus: CorpusSummary,
            lexicon: LexiconDefs<'a>,
            outlets: &'a [OutletRow],
            documents: &'a Table,
            frames: &'a [FrameRow],
            variants: &'a [VariantRow],
            evidence: Vec<EvidenceRow<'a>>,
            skipped: &'a [Skipped],
            #[serde(skip_serializing_if = "Option::is_none")]
            model: Option<model::ModelJson<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            comparison: Option<&'a crate::scores::compare::Comparison>,
            matches: matches::FromFragment<'a>,
        }
        #[derive(Serialize)]
        struct LexiconDefs<'a> {
            axes: &'a [crate::lexicon::Axis],
            frames: &'a [crate::lexicon::Frame],
            slots: Vec<SlotDef<'a>>,
        }
        #[derive(Serialize)]
        struct SlotDef<'a> {
            id: &'a str,
            label: &'a str,
            variants: Vec<&'a str>,
        }
        let set = self.set;
        let documents = documents::table(self.set, &self.tables().documents, self.model());
        let results = Results {
            run: self.meta,
            corpus: self.summary(),
            lexicon: LexiconDefs {
                axes: &set.axes,
                frames: &set.frames,
                slots: set
                    .slots
                    .iter()
                    .map(|s| SlotDef {
                        id: &s.id,
                        label: &s.label,
                        variants: s
                            .variants
                            .iter()
                            .map(|&e| set.entries[e].label.as_str())
                            .collect(),
                    })
                    .collect(),
            },
            outlets: &self.tables().outlet_rows,
            documents: &documents,
            frames: &self.tables().frames,
            variants: &self.tables().variants,
            evidence: self.evidence_rows(),
            skipped: self.skipped,
            model: self.model().map(model::json),
            comparison: self.comparison(),
            matches: matches::FromFragment(matches_part),
        };
        let mut out = staging.create(crate::output::RESULTS)?;
        serde_json::to_writer_pretty(&mut out, &results).map_err(FormatError::from)?;
        out.write_all(b"\n")?;
        out.flush()?;
        std::fs::remove_file(matches_part)?;
        Ok(())
    }
}

/// Outlets on an axis from highest score to lowest (ties by name).
pub fn ranked<'a>(rows: &'a [OutletRow], axis: &str) -> Vec<&'a OutletRow> {
    let mut r: Vec<&OutletRow> = rows.iter().filter(|r| r.axis == axis).collect();
    r.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.outlet.cmp(&b.outlet))
    });
    r
}
