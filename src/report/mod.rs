//! The report stage: tables (CSV and JSON), charts (PNG and SVG from the
//! same drawing code), `report.md` and `report.html`, written atomically
//! into one folder.
//! Every number a chart shows comes from a table built by the same code.

pub mod charts;
pub mod compare;
mod compare_text;
mod corpus_text;
pub mod evaluation_text;
mod figures;
pub mod format;
mod heat_figures;
mod html;
mod in_training;
mod large;
mod lss;
mod lss_chart;
mod markdown;
pub mod matches;
mod md;
mod methods_text;
pub mod model;
pub mod model_text;
mod probe_text;
mod ranking_text;
mod results;
mod row_csv;
mod skipped;
mod validation_text;

pub mod counts;
pub mod dfm;
pub mod documents;
mod duplicates;
pub mod entries;
mod files_text;
pub mod selection;
pub mod sentences;
pub mod sink;
pub mod slug;

use std::io::Write as _;

use serde::Serialize;

use crate::aggregate::{Aggregate, Evidence};
use crate::corpus::SkippedList;
use crate::lexicon::{LexiconInfo, LexiconSet};
use crate::output::{OutputError, Staging};
use crate::scores::compare::Comparison;
use crate::scores::tables::{OutletRow, Tables};
use crate::scores::{ScoreValidParams, Scores};

pub use format::{Cell, Csv, Format, FormatError, Json, Table};
pub use sink::{OutputOptions, SentenceText, TableList};

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
    /// Which optional outputs were written, and how.
    pub outputs: OutputOptions,
    /// Lexicons, with content hashes.
    pub lexicons: Vec<LexiconInfo>,
    /// Outlets named with `--highlight`: shown in every bounded chart and table.
    pub highlight: Vec<String>,
    /// The command line, without `--out`, `-q` and `-j`: what `slant
    /// rerun` runs again. Empty when the run was not asked for on a
    /// command line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
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
    /// Documents with no word token to match (all their text left out as
    /// boilerplate, or none to begin with).
    pub empty_documents: usize,
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
    /// The record fields passed through to `documents.csv` (`url` and the
    /// fields slant does not use), in input order.
    pub metadata_fields: Vec<String>,
    /// Dates slant could not read as a date, kept as given.
    pub unreadable_dates: usize,
    /// The first of them, with its document id.
    pub unreadable_date_example: Option<(String, String)>,
    /// What the reading found that may be wrong, though not an error: the
    /// first few in full, and how many in all (left out of
    /// `results.json` when there is none).
    #[serde(skip_serializing_if = "crate::corpus::ReadWarnings::is_empty")]
    pub input_warnings: crate::corpus::ReadWarnings,
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
    pub skipped: &'a SkippedList,
    /// Whether to draw charts.
    pub charts: bool,
    /// Why there is no model, when one was wanted.
    pub model_note: Option<&'a str>,
    /// The tables streamed during the run, with their rows.
    pub streamed: &'a TableList,
    /// Latent Semantic Scaling, when run.
    pub lss: Option<&'a crate::scores::lss::LssView>,
    /// Why LSS could not be fitted, when asked for.
    pub lss_note: Option<&'a str>,
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
    /// Writing a streamed or large table failed.
    #[error("cannot write a table: {0}")]
    Io(#[from] std::io::Error),
}

/// The tables [`Report::write`] wrote, and those the page shows again.
struct Written {
    /// Every table written, with its rows.
    tables: TableList,
    outlets: Table,
    frames: Table,
    variants: Table,
    lss_tables: Option<(Table, Table)>,
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
        let outlets = docs.outlets().values();
        let r = &self.aggregate.repeats;
        CorpusSummary {
            documents: docs.len(),
            outlets: self.tables().outlets.len(),
            tokens: outlets.clone().map(|o| o.tokens).sum(),
            bytes: self.aggregate.bytes,
            matches: outlets.clone().map(|o| o.matches).sum(),
            out_of_context: outlets.clone().map(|o| o.out_of_context).sum(),
            empty_documents: outlets.clone().map(|o| o.empty).sum(),
            boilerplate_lines: r.boilerplate.len(),
            boilerplate_masked: r.masked,
            duplicate_groups: r.duplicates.groups(),
            duplicate_copies: r.duplicates.copies(),
            duplicates_dropped: r.dropped,
            off_topic: (0..self.set.axes.len())
                .filter(|&a| self.set.axis_context(a).is_some())
                .map(|a| {
                    let off =
                        |o: &crate::aggregate::OutletDocs| o.axes.get(a).map_or(0, |x| x.off_topic);
                    let n = outlets.clone().map(off).sum();
                    (self.set.axes[a].id.clone(), n)
                })
                .collect(),
            skipped: self.skipped.len(),
            metadata_fields: self.aggregate.metadata_fields.clone(),
            unreadable_dates: self.aggregate.unreadable_dates,
            unreadable_date_example: self.aggregate.unreadable_date_example.clone(),
            input_warnings: self.aggregate.read_warnings.clone(),
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

    /// The options of the files written.
    pub fn outputs(&self) -> &OutputOptions {
        &self.meta.outputs
    }

    /// Writes every file into `staging`, beside the tables streamed there
    /// during the run. Returns the charts that could not be drawn, with why
    /// (the report says so too). The charts are drawn on the worker
    /// threads while this thread writes the tables: neither reads what the
    /// other writes.
    pub fn write(&self, staging: &Staging) -> Result<Vec<String>, ReportError> {
        let slugs = self.slugs();
        let (figures, written) = rayon::join(
            || match self.charts {
                true => figures::draw(self, &slugs),
                false => figures::Figures::default(),
            },
            || self.write_tables(staging),
        );
        let Written {
            tables,
            outlets,
            frames,
            variants,
            lss_tables,
        } = written?;
        for (name, chart) in &figures.drawn {
            staging.write(&format!("{name}.png"), &chart.png)?;
            staging.write(&format!("{name}.svg"), chart.svg.as_bytes())?;
        }
        let (head, mut tail) = markdown::render(self, &figures, &slugs);
        files_text::section(&mut tail, &tables);
        let mut md = staging.create("report.md")?;
        md.write_all(head.as_bytes())?;
        skipped::markdown(&mut md, self.skipped)?;
        md.write_all(tail.as_bytes())?;
        md.flush()?;
        let keyness = self.comparison().map(compare::keyness_table).transpose()?;
        let page = html::Tables {
            outlets: &outlets,
            frames: &frames,
            variants: &variants,
            keyness: keyness.as_ref(),
            lss: lss_tables.as_ref().map(|(o, w)| (o, w)),
        };
        let page = html::render(self, &figures, &page, &slugs);
        staging.write("report.html", page.as_bytes())?;
        self.write_results(staging, &tables)?;
        Ok(figures.problems)
    }

    /// Every table: outlets, the small tables, the large ones, LSS's and
    /// the comparison's.
    fn write_tables(&self, staging: &Staging) -> Result<Written, ReportError> {
        let mut tables = self.streamed.clone();
        let mut put = |name: String, table: &Table| -> Result<(), ReportError> {
            staging.write(&name, &Csv.render(table)?)?;
            tables.insert(name, table.rows.len() as u64);
            Ok(())
        };
        // The large tables are written beside the small ones: with two
        // threads or more, the thread done first with the charts or its
        // share takes on what is left (the list is ordered by name).
        let (small, large) = rayon::join(
            || -> Result<_, ReportError> {
                let t = self.tables();
                let outlets = model::outlets_csv(t, self.model())?;
                put("outlets.csv".into(), &outlets)?;
                let (frames, variants) = self.put_tables(&mut put)?;
                Ok((outlets, frames, variants))
            },
            || self.write_large(staging),
        );
        let (outlets, frames, variants) = small?;
        tables.extend(large?);
        let lss_tables = match self.lss {
            Some(v) => Some(lss::write_tables(staging, self.outputs(), v, &mut tables)?),
            None => None,
        };
        if let Some(c) = self.comparison() {
            compare::write(staging, c, &mut tables).map_err(|e| match e {
                compare::CompareReportError::Format(f) => ReportError::Format(f),
                compare::CompareReportError::Output(o) => ReportError::Output(o),
            })?;
        }
        Ok(Written {
            tables,
            outlets,
            frames,
            variants,
            lss_tables,
        })
    }

    /// The tables other than outlets and the large ones, each through
    /// `put`; returns frames and variants, which the page shows too.
    fn put_tables(
        &self,
        put: &mut impl FnMut(String, &Table) -> Result<(), ReportError>,
    ) -> Result<(Table, Table), ReportError> {
        let t = self.tables();
        if let Some(m) = self.model() {
            put(
                "model_features.csv".into(),
                &Table::from_rows(&model::feature_rows(m))?,
            )?;
            put(
                "validation.csv".into(),
                &Table::from_rows(&model::validation_rows(&m.scores.model))?,
            )?;
            let held_out = model::held_out_rows(&m.scores.model);
            if !held_out.is_empty() {
                put(
                    "validation_outlets.csv".into(),
                    &Table::from_rows(&held_out)?,
                )?;
            }
        }
        let frames = Table::from_rows(&t.frames)?;
        put("frames.csv".into(), &frames)?;
        // An outlet that never named a slot has no share to give: rows of
        // zeros for every variant would be most of the table at 100 outlets.
        let named: Vec<&crate::scores::tables::VariantRow> =
            t.variants.iter().filter(|v| v.share.is_some()).collect();
        let variants = Table::from_rows_or(&named, &VARIANT_COLUMNS)?;
        put("variants.csv".into(), &variants)?;
        put(
            "entries.csv".into(),
            &Table::from_rows(&entries::rows(self.set))?,
        )?;
        let repeats = &self.aggregate.repeats;
        if !repeats.boilerplate.is_empty() {
            put(
                "boilerplate.csv".into(),
                &Table::from_rows(&repeats.boilerplate)?,
            )?;
        }
        Ok((frames, variants))
    }
}

/// The ranked outlets on an axis, by rank (highest score first); outlets
/// with too little evidence are not among them (see [`selection`]).
pub fn ranked<'a>(rows: &'a [OutletRow], axis: &str) -> Vec<&'a OutletRow> {
    let mut r: Vec<&OutletRow> = rows
        .iter()
        .filter(|r| r.axis == axis && r.rank.is_some())
        .collect();
    r.sort_by_key(|r| r.rank);
    r
}

/// The columns of `variants.csv` ([`crate::scores::tables::VariantRow`]),
/// for a run whose lexicons name no variant slot.
const VARIANT_COLUMNS: [&str; 7] = [
    "slot",
    "variant",
    "entry_id",
    "outlet",
    "count",
    "count_own",
    "share",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::tables::VariantRow;

    #[test]
    fn variant_columns_are_the_rows_fields_and_name_an_empty_table() {
        let row = VariantRow {
            slot: "s".into(),
            variant: "v".into(),
            entry_id: 0,
            outlet: "o".into(),
            count: 1,
            count_own: 1,
            share: Some(1.0),
        };
        let from_row = Table::from_rows(&[row]).unwrap().columns;
        assert_eq!(from_row, VARIANT_COLUMNS);
        // Without rows the header still names them (it was `""` before).
        let empty = Table::from_rows_or::<VariantRow>(&[], &VARIANT_COLUMNS).unwrap();
        let csv = String::from_utf8(Csv.render(&empty).unwrap()).unwrap();
        assert_eq!(csv.trim_end(), VARIANT_COLUMNS.join(","));
    }
}
