//! The report's charts, built from the tables so that every number drawn is
//! a number in a table. Large corpora are drawn in part ([`selection`]): a
//! ranking shows the highest and lowest ranked outlets, then some with too
//! little evidence; a chart by outlet the largest (documents, then tokens);
//! each adds the highlighted outlets and says what it leaves out. A chart
//! that still cannot be drawn is left out with a note; it never fails the
//! run.

use rayon::prelude::*;

use super::charts::{self, Chart, PairedRanking, RankedOutlet, Ranking};
use super::heat_figures::{heatmap_chart, variants_chart};
use super::selection::{self, AxisView};
use super::slug::Slugs;
use super::Report;
use crate::lexicon::Axis;

/// What the colours of a chart of scores with intervals mean, for its
/// caption in `report.md` and `report.html` (the chart's key says the same);
/// it reads after "The chart".
pub(super) const STANCE_COLOURS: &str = "colours a score red or blue only when its whole 95% interval is on that side of 0, grey when the interval includes 0 or there is none";

/// What was drawn, and what was left out.
#[derive(Default)]
pub(super) struct Figures {
    /// Chart file stems with their renderings.
    pub drawn: Vec<(String, Chart)>,
    /// Per chart stem, a note on what it shows of the whole.
    pub notes: Vec<(String, String)>,
    /// Charts that could not be drawn, with why.
    pub problems: Vec<String>,
}

impl Figures {
    /// Whether the chart `name` was drawn.
    pub fn has(&self, name: &str) -> bool {
        self.drawn.iter().any(|(n, _)| n == name)
    }

    /// The note on chart `name`, if any.
    pub fn note(&self, name: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
    }

    pub(super) fn add(&mut self, name: String, chart: Result<Chart, charts::ChartError>) {
        match chart {
            Ok(c) => self.drawn.push((name, c)),
            Err(e) => self.problems.push(format!("{name}: {e}")),
        }
    }
}

pub(super) fn part_note(shown: usize, total: usize, what: &str) -> Option<String> {
    (shown < total).then(|| {
        format!("shows {shown} of {total} {what}: the largest (most documents, then tokens) and any highlighted; the tables hold all")
    })
}

/// One chart or group of charts of the report, drawn into its own
/// [`Figures`].
type Part<'a> = Box<dyn Fn() -> Figures + Send + Sync + 'a>;

/// Draws every chart of the report; `slugs` names the per-outlet charts.
/// Charts are drawn and encoded on the worker threads, each on its own;
/// the lists keep the order of the charts in the report.
pub(super) fn draw(rep: &Report, slugs: &Slugs) -> Figures {
    let largest = selection::by_size(rep.aggregate);
    let largest = largest.as_slice();
    let mut parts: Vec<Part> = rep
        .set
        .axes
        .iter()
        .map(|axis| -> Part { Box::new(move || part(|f| ranking_chart(rep, axis, f))) })
        .collect();
    let heatmap = parts.len();
    parts.push(Box::new(move || part(|f| heatmap_chart(rep, largest, f))));
    parts.push(Box::new(move || part(|f| variants_chart(rep, largest, f))));
    parts.push(Box::new(move || part(|f| model_chart(rep, f))));
    parts.push(Box::new(move || part(|f| lss_chart(rep, f))));
    parts.push(Box::new(move || {
        part(|f| compare_charts(rep, largest, slugs, f))
    }));
    // The variants chart and the heatmap, often the largest images to
    // encode, are started first, so that the last chart to finish is not
    // one begun late; the report keeps its order.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order[..heatmap + 2].rotate_right(2);
    order.swap(0, 1);
    let mut drawn: Vec<(usize, Figures)> = order.par_iter().map(|&i| (i, parts[i]())).collect();
    drawn.sort_by_key(|(i, _)| *i);
    let mut f = Figures::default();
    for (_, d) in drawn {
        f.drawn.extend(d.drawn);
        f.notes.extend(d.notes);
        f.problems.extend(d.problems);
    }
    f
}

/// The figures `draw` adds to an empty list.
fn part(draw: impl FnOnce(&mut Figures)) -> Figures {
    let mut f = Figures::default();
    draw(&mut f);
    f
}

/// LSS outlet scores beside the lexicon index and the model's.
fn lss_chart(rep: &Report, f: &mut Figures) {
    if let Some((name, chart, note)) = super::lss_chart::chart(rep) {
        if let Some(n) = note {
            f.notes.push((name.clone(), n));
        }
        f.add(name, chart);
    }
}

/// The comparison views' charts.
fn compare_charts(rep: &Report, largest: &[String], slugs: &Slugs, f: &mut Figures) {
    let Some(c) = rep.comparison() else { return };
    let shown = super::compare::Shown {
        largest,
        highlight: &rep.meta.highlight,
        one_document: &one_document(rep),
    };
    for (name, chart, note) in super::compare::charts(c, &shown, slugs) {
        if let Some(n) = note {
            f.notes.push((name.clone(), n));
        }
        f.add(name, chart);
    }
}

/// Outlets with one document, whose points the outlet map marks.
fn one_document(rep: &Report) -> Vec<String> {
    let outlets = rep.aggregate.docs.outlets().iter();
    outlets
        .filter(|(_, d)| d.n_docs == 1)
        .map(|(o, _)| o.to_string())
        .collect()
}

/// The rows a ranking chart draws: the ranked outlets shown, then those
/// with too little evidence; with the lines between them saying what is
/// left out, and the caption line counting it.
pub(super) fn ranking_rows<'a>(
    v: &AxisView<'a>,
    rep: &Report,
) -> (
    Vec<&'a crate::scores::tables::OutletRow>,
    Vec<(usize, String)>,
    Option<String>,
) {
    let mut rows = Vec::new();
    let mut dividers = Vec::new();
    for (i, r) in v.ranked.iter().enumerate() {
        let gap = v.gap_before(i);
        if gap > 0 {
            dividers.push((rows.len(), format!("… {gap} more ranked outlets …")));
        }
        rows.push(*r);
    }
    let tail = v.gap_before(v.ranked.len());
    if tail > 0 {
        let more = super::md::count(tail as u64, "more ranked outlet", "more ranked outlets");
        dividers.push((rows.len(), format!("… {more} …")));
    }
    if !v.thin.is_empty() {
        let o = &rep.meta.options;
        let text = if v.ranked.is_empty() {
            format!(
                "No outlet has the {} and {} to be ranked; scores with too little evidence:",
                super::md::count(o.min_docs as u64, "document", "documents"),
                super::md::count(o.min_matches, "pole match", "pole matches")
            )
        } else {
            "Too little evidence to rank (not to be compared with the ranking above):".to_string()
        };
        dividers.push((rows.len(), text));
        rows.extend(v.thin.iter().copied());
    }
    let all = v.ranked.len() == v.n_ranked && v.thin.len() == v.n_thin && v.no_matches.is_empty();
    let caption = (!all).then(|| {
        format!(
            "shows {} of {} ranked outlets and {} of {} with too little evidence to rank; {} without any pole match have no score; all {} are in outlets.csv",
            v.ranked.len(),
            v.n_ranked,
            v.thin.len(),
            v.n_thin,
            v.no_matches.len(),
            v.n_ranked + v.n_unranked()
        )
    });
    (rows, dividers, caption)
}

/// Lexicon index and model score side by side, on the model's axis.
fn model_chart(rep: &Report, f: &mut Figures) {
    let Some(m) = rep.model() else { return };
    let Some(link) = &m.model.axis else { return };
    let Some(axis) = rep.set.axes.iter().find(|a| a.id == link.axis) else {
        return;
    };
    let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
    let (rows, dividers, caption) = ranking_rows(&v, rep);
    let name = format!("model_{}", axis.id);
    let values = rows
        .iter()
        .map(|r| {
            let o = m.outlets.iter().find(|o| o.outlet == r.outlet);
            [
                r.score.map(|s| (s, r.ci_low.zip(r.ci_high))),
                o.and_then(|o| o.score.map(|s| (s, o.score_ci))),
            ]
        })
        .collect();
    let mut note = "Whiskers: 95% bootstrap intervals; hollow markers: too little lexicon evidence to rank (outlets.csv, column status)".to_string();
    if let Some(c) = &caption {
        note = format!("{note}; {c}");
    }
    if super::model_text::caution(&m.model).is_some() {
        note = format!("WARNING: on held-out outlets the model does not beat guessing (report.md, Validation): do not rely on its scores. {note}");
    }
    let chart = charts::paired_ranking(&PairedRanking {
        title: format!("{}: lexicon index and model score by outlet", axis.label),
        series: ["lexicon index".into(), "model score (p+ minus p-)".into()],
        negative_label: axis.negative.label.clone(),
        positive_label: axis.positive.label.clone(),
        outlets: rows.iter().map(|r| r.outlet.clone()).collect(),
        values,
        flagged: rows.iter().map(|r| r.rank.is_none()).collect(),
        dividers,
        note: Some(note),
    });
    let colours =
        format!("{STANCE_COLOURS} (outlets.csv: ci_low and ci_high; model_low and model_high)");
    f.notes.push((name.clone(), with_colours(caption, colours)));
    f.add(name, chart);
}

/// A chart's caption followed by what its colours mean.
fn with_colours(caption: Option<String>, colours: String) -> String {
    match caption {
        Some(c) => format!("{c}; it {colours}"),
        None => colours,
    }
}

/// The lexicon slant index by outlet on `axis`.
fn ranking_chart(rep: &Report, axis: &Axis, f: &mut Figures) {
    let name = format!("axis_{}", axis.id);
    let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
    let (rows, dividers, caption) = ranking_rows(&v, rep);
    let note = "whiskers: 95% bootstrap interval; hollow marker: too little evidence to rank (outlets.csv, column status)";
    let chart = charts::ranking(&Ranking {
        title: format!("{}: lexicon slant index by outlet", axis.label),
        negative_label: axis.negative.label.clone(),
        positive_label: axis.positive.label.clone(),
        outlets: rows
            .iter()
            .map(|r| RankedOutlet {
                outlet: r.outlet.clone(),
                score: r.score.unwrap_or(f64::NAN),
                ci: r.ci_low.zip(r.ci_high),
                flagged: r.rank.is_none(),
            })
            .collect(),
        note: Some(match &caption {
            Some(c) => format!("{note}; {c}"),
            None => note.to_string(),
        }),
        dividers,
    });
    let colours = format!("{STANCE_COLOURS} (outlets.csv, ci_low and ci_high)");
    f.notes.push((name.clone(), with_colours(caption, colours)));
    f.add(name, chart);
}
