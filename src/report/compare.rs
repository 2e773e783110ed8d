//! The comparison views in a report: `keyness.csv`, `similarity.csv`,
//! `outlet_map.csv`, `aligned.csv`, `head_to_head.csv`, their charts, and
//! their sections of `report.md`.

use serde::Serialize;

use super::charts::{self, DivergingBars, Heatmap, PointMap, Side};
use super::format::{Csv, Format, FormatError, Table};
use super::sink::TableList;
use super::slug::Slugs;
use crate::output::{OutputError, Staging};
use crate::scores::compare::align::Group;
use crate::scores::compare::keyness::KeynessRow;
use crate::scores::compare::{Comparison, SimilarityRow};

/// Keyness bar charts drawn, at most: one per outlet whose distinctive
/// terms `report.md` shows (12 were drawn for its 10, two never linked).
const MAX_KEYNESS_CHARTS: usize = super::selection::TABLE_COMPARE;
/// Outlets in the similarity heatmap, at most.
const MAX_HEATMAP: usize = 25;

/// `aligned.csv`: one row per sentence of an aligned group. The
/// sentence's text is in `sentences.csv` and its matches in `matches.csv`,
/// both keyed by `doc_id` and `sentence`.
#[derive(Debug, Serialize)]
pub struct AlignedRow<'a> {
    /// Group number (1 = most outlets, closest match).
    pub group: usize,
    /// Outlet.
    pub outlet: &'a str,
    /// Document id.
    pub doc_id: &'a str,
    /// Sentence index.
    pub sentence: u32,
    /// The sentence's slant index on the first axis; empty when it has no
    /// pole match (no evidence, not a neutral 0).
    pub score: Option<f64>,
    /// The group's divergence: highest minus lowest score of the sentences
    /// that have one; empty when fewer than two have one.
    pub divergence: Option<f64>,
    /// The group's mean pairwise similarity.
    pub similarity: f64,
}

/// The columns of [`AlignedRow`], for a table with no rows.
const ALIGNED_COLUMNS: [&str; 7] = [
    "group",
    "outlet",
    "doc_id",
    "sentence",
    "score",
    "divergence",
    "similarity",
];

/// Aligned groups written to `aligned.csv` and cited in `sentences.csv`, at
/// most (besides those of a head-to-head pair). Groups come most outlets
/// first, and a large corpus finds tens of thousands of small ones.
pub const MAX_ALIGNED_GROUPS: usize = 1_000;

/// The groups written: the first [`MAX_ALIGNED_GROUPS`], and every group
/// holding the head-to-head pair.
pub fn written_groups(c: &Comparison) -> impl Iterator<Item = &Group> {
    let pair: &[usize] = c.pair.as_ref().map_or(&[], |p| &p.groups);
    c.groups
        .iter()
        .enumerate()
        .filter(move |(i, g)| *i < MAX_ALIGNED_GROUPS || pair.contains(&g.group))
        .map(|(_, g)| g)
}

/// What `results.json` holds of the comparison: its summary, the tables
/// named in `tables` instead of repeated.
#[derive(Debug, Serialize)]
pub struct ComparisonJson<'a> {
    /// Outlets in clustering order.
    pub order: &'a [String],
    /// The principal-components map, when made.
    pub map: Option<&'a crate::scores::compare::similarity::Map>,
    /// Aligned groups found.
    pub aligned_groups: usize,
    /// Aligned groups written to `aligned.csv`.
    pub aligned_groups_written: usize,
    /// The head-to-head tests, when asked for (`head_to_head.csv`).
    pub head_to_head: Option<&'a [crate::scores::compare::pair::PairTest]>,
    /// What a reader must know about these views.
    pub notes: &'a [String],
    /// The keyness prior and gate used.
    pub options: &'a crate::scores::compare::keyness::KeynessOptions,
    /// The similarity threshold of alignment, when it ran.
    pub align_threshold: Option<f64>,
    /// Permutations of the head-to-head test, when it ran.
    pub permutations: Option<usize>,
}

/// The comparison's summary for `results.json`.
pub fn json(c: &Comparison) -> ComparisonJson<'_> {
    ComparisonJson {
        order: &c.order,
        map: c.map.as_ref(),
        aligned_groups: c.groups.len(),
        aligned_groups_written: written_groups(c).count(),
        head_to_head: c.pair.as_ref().map(|p| p.tests.as_slice()),
        notes: &c.notes,
        options: &c.options,
        align_threshold: c.align_threshold,
        permutations: c.permutations,
    }
}

/// `outlet_map.csv`: each outlet on the first two principal components.
#[derive(Debug, Serialize)]
pub struct MapRow<'a> {
    /// Outlet.
    pub outlet: &'a str,
    /// First component.
    pub pc1: f64,
    /// Second component.
    pub pc2: f64,
}

/// The file stem of an outlet's keyness chart.
pub fn keyness_stem(slugs: &Slugs, outlet: &str) -> Option<String> {
    slugs.get(outlet).map(|s| format!("keyness_{s}"))
}

/// The rows of `aligned.csv`.
pub fn aligned_rows(c: &Comparison) -> Vec<AlignedRow<'_>> {
    written_groups(c)
        .flat_map(|g| {
            g.members.iter().map(move |m| AlignedRow {
                group: g.group,
                outlet: &m.outlet,
                doc_id: &m.doc_id,
                sentence: m.sentence,
                score: m.score,
                divergence: g.divergence,
                similarity: g.similarity,
            })
        })
        .collect()
}

/// `keyness.csv`: every outlet against the others, then the head-to-head
/// pair's terms.
pub fn keyness_table(c: &Comparison) -> Result<Table, FormatError> {
    let mut keyness: Vec<&KeynessRow> = c.keyness.iter().collect();
    if let Some(p) = &c.pair {
        keyness.extend(&p.keyness);
    }
    Table::from_rows(&keyness)
}

/// Writes the comparison tables into `staging`, listing each in `tables`.
pub fn write(
    staging: &Staging,
    c: &Comparison,
    tables: &mut TableList,
) -> Result<(), CompareReportError> {
    let mut put = |name: &str, table: &Table| -> Result<(), CompareReportError> {
        staging.write(name, &Csv.render(table)?)?;
        tables.insert(name.to_string(), table.rows.len() as u64);
        Ok(())
    };
    put("keyness.csv", &keyness_table(c)?)?;
    // Every measure is symmetric: each pair once, no outlet against itself.
    let pairs: Vec<&SimilarityRow> = c
        .similarity
        .iter()
        .filter(|r| r.outlet_a < r.outlet_b)
        .collect();
    put("similarity.csv", &Table::from_rows(&pairs)?)?;
    if let Some(m) = &c.map {
        let rows: Vec<MapRow> = m
            .points
            .iter()
            .map(|(o, x, y)| MapRow {
                outlet: o,
                pc1: *x,
                pc2: *y,
            })
            .collect();
        put("outlet_map.csv", &Table::from_rows(&rows)?)?;
    }
    let aligned = aligned_rows(c);
    put(
        "aligned.csv",
        &Table::from_rows_or(&aligned, &ALIGNED_COLUMNS)?,
    )?;
    if let Some(p) = &c.pair {
        put("head_to_head.csv", &Table::from_rows(&p.tests)?)?;
    }
    Ok(())
}

/// Why the comparison tables could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CompareReportError {
    /// Rendering.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Writing.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// A chart's file name (no extension), the chart or why it could not be
/// drawn, and its note on what part of the data it shows.
type NamedChart = (
    String,
    Result<charts::Chart, charts::ChartError>,
    Option<String>,
);

/// Outlets labelled on the outlet map (the largest, plus highlighted).
const MAX_MAP_LABELS: usize = 25;

/// Which outlets the comparison's bounded views show.
pub struct Shown<'a> {
    /// Every outlet, largest first (documents, then tokens).
    pub largest: &'a [String],
    /// Outlets named with `--highlight`.
    pub highlight: &'a [String],
    /// Outlets with a single document.
    pub one_document: &'a [String],
}

impl Shown<'_> {
    /// The `n` largest outlets and the highlighted ones, largest first.
    pub fn top(&self, n: usize) -> Vec<String> {
        super::selection::largest_with(self.largest, n, self.highlight)
    }
}

/// The comparison charts: keyness bars for the largest outlets (named by
/// `slugs`), the divergence heatmap in clustering order, and the outlet map.
/// Each is drawn on any worker thread; the list keeps this order.
pub fn charts(c: &Comparison, shown: &Shown, slugs: &Slugs) -> Vec<NamedChart> {
    let ((mut out, heatmap), map) = rayon::join(
        || {
            rayon::join(
                || keyness_charts(c, shown, slugs),
                || similarity_heatmap(c, &shown.top(MAX_HEATMAP)),
            )
        },
        || c.map.as_ref().map(|m| outlet_map(m, shown)),
    );
    out.extend(heatmap);
    out.extend(map);
    out
}

/// The outlet map: every outlet a point, the largest and highlighted ones
/// labelled, those with one document hollow.
fn outlet_map(m: &crate::scores::compare::similarity::Map, shown: &Shown) -> NamedChart {
    let named = shown.top(MAX_MAP_LABELS);
    let mut points = m.points.clone();
    // The highlighted first, then by size: labels are placed in this order.
    let order = |o: &String| {
        let size = shown.largest.iter().position(|l| l == o);
        (!shown.highlight.contains(o), size.unwrap_or(usize::MAX))
    };
    points.sort_by_key(|p| order(&p.0));
    let singles = points
        .iter()
        .filter(|p| shown.one_document.contains(&p.0))
        .count();
    let mut note = Vec::new();
    if named.len() < points.len() {
        note.push(format!(
            "Labelled: the {} largest outlets and any highlighted; the other {} are points (all in outlet_map.csv).",
            named.len(),
            points.len() - named.len()
        ));
    }
    if singles > 0 {
        note.push(format!(
            "Hollow: {singles} outlets with a single document, whose place rests on one article."
        ));
    }
    let chart = charts::point_map(&PointMap {
        title: "Outlets by the words they use (principal components, outlet_map.csv)".into(),
        x_label: format!("PC1 ({:.0}% of variance)", m.explained[0] * 100.0),
        y_label: format!("PC2 ({:.0}% of variance)", m.explained[1] * 100.0),
        labelled: points.iter().map(|p| named.contains(&p.0)).collect(),
        hollow: points
            .iter()
            .map(|p| shown.one_document.contains(&p.0))
            .collect(),
        note: (!note.is_empty()).then(|| note.join(" ")),
        points,
        // a few single-document outlets far out would squeeze the rest
        fence_outliers: true,
    });
    ("outlet_map".into(), chart, None)
}

/// One keyness bar chart per outlet among the largest and highlighted,
/// largest first.
fn keyness_charts(c: &Comparison, shown: &Shown, slugs: &Slugs) -> Vec<NamedChart> {
    use rayon::prelude::*;
    shown
        .top(MAX_KEYNESS_CHARTS)
        .par_iter()
        .filter_map(|o| {
            let name = keyness_stem(slugs, o)?;
            let rows: Vec<&KeynessRow> = c.keyness.iter().filter(|r| &r.target == o).collect();
            (!rows.is_empty()).then(|| (name, keyness_bars(o, &rows), None))
        })
        .collect()
}

/// An outlet's 10 most over-used and 10 most under-used terms as bars,
/// highest z first.
fn keyness_bars(outlet: &str, rows: &[&KeynessRow]) -> Result<charts::Chart, charts::ChartError> {
    let over: Vec<&&KeynessRow> = rows.iter().filter(|r| r.z > 0.0).take(10).collect();
    let under: Vec<&&KeynessRow> = rows.iter().filter(|r| r.z < 0.0).take(10).collect();
    let mut bars: Vec<&&KeynessRow> = over.into_iter().chain(under.into_iter().rev()).collect();
    bars.sort_by(|a, b| b.z.total_cmp(&a.z));
    charts::diverging_bars(&DivergingBars {
        title: format!("{outlet}: distinctive words and phrases against all other outlets"),
        labels: bars.iter().map(|r| r.term.clone()).collect(),
        values: bars.iter().map(|r| r.z).collect(),
        sides: bars
            .iter()
            .map(|r| {
                if r.z > 0.0 {
                    Side::Positive
                } else {
                    Side::Negative
                }
            })
            .collect(),
        x_label: "z-score (keyness.csv `z`); right: over-used".into(),
    })
}

/// The word-divergence heatmap of the outlets `keep` (the largest and the
/// highlighted) in clustering order; none with fewer than two to compare.
fn similarity_heatmap(c: &Comparison, keep: &[String]) -> Option<NamedChart> {
    let order: Vec<&String> = c.order.iter().filter(|o| keep.contains(o)).collect();
    if order.len() < 2 {
        return None;
    }
    let value = |a: &str, b: &str| {
        c.similarity
            .iter()
            .find(|r| r.outlet_a == a && r.outlet_b == b)
            .and_then(|r| r.terms_jsd)
            // the heatmap's "no value", drawn grey
            .unwrap_or(f64::NAN)
    };
    let note = (order.len() < c.order.len()).then(|| {
        format!(
            "shows {} of {} outlets: the largest (most documents) and any highlighted",
            order.len(),
            c.order.len()
        )
    });
    let chart = charts::heatmap(&Heatmap {
        title: "Word-distribution divergence between outlets (Jensen-Shannon, similarity.csv `terms_jsd`; 0 = the same words)".into(),
        rows: order.iter().map(|s| s.to_string()).collect(),
        columns: order.iter().map(|s| s.to_string()).collect(),
        values: order.iter().map(|a| order.iter().map(|b| value(a, b)).collect()).collect(),
        unit: "Jensen-Shannon divergence (bits)".into(),
        decimals: 2,
        diverging: false,
        ..Default::default()
    });
    Some(("similarity".into(), chart, note))
}
