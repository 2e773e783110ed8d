//! The report's charts, built from the tables so that every number drawn is
//! a number in a table. Large corpora are drawn in part ([`selection`]): a
//! ranking shows the highest and lowest ranked outlets, then some with too
//! little evidence; a chart by outlet the largest (documents, then tokens);
//! each adds the highlighted outlets and says what it leaves out. A chart
//! that still cannot be drawn is left out with a note; it never fails the
//! run.

use rayon::prelude::*;

use super::charts::{self, Chart, Heatmap, PairedRanking, RankedOutlet, Ranking};
use super::selection::{self, AxisView};
use super::slug::Slugs;
use super::Report;
use crate::lexicon::Axis;

/// Outlet columns in the variants heat map (the largest, plus highlighted).
const MAX_VARIANT_OUTLETS: usize = 20;
/// Variant slots in the variants heat map.
const MAX_SLOTS: usize = 12;

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

    fn add(&mut self, name: String, chart: Result<Chart, charts::ChartError>) {
        match chart {
            Ok(c) => self.drawn.push((name, c)),
            Err(e) => self.problems.push(format!("{name}: {e}")),
        }
    }
}

fn part_note(shown: usize, total: usize, what: &str) -> Option<String> {
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
        dividers.push((rows.len(), format!("… {tail} more ranked outlets …")));
    }
    if !v.thin.is_empty() {
        let o = &rep.meta.options;
        let text = if v.ranked.is_empty() {
            format!(
                "No outlet has the {} documents and {} pole matches to be ranked; scores with too little evidence:",
                o.min_docs, o.min_matches
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
    if let Some(c) = caption {
        f.notes.push((name.clone(), c));
    }
    f.add(name, chart);
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
    if let Some(c) = caption {
        f.notes.push((name.clone(), c));
    }
    f.add(name, chart);
}

/// The outlets the frames heat map shows, in order (its columns): the
/// largest of `largest` and any highlighted. The page's frames table keeps
/// their rows first.
pub(super) fn frames_columns(rep: &Report, largest: &[String]) -> Vec<String> {
    selection::largest_with(largest, selection::LARGEST, &rep.meta.highlight)
}

/// The outlets the variants heat map shows, in order (its columns); the
/// page's variants table keeps their rows first.
pub(super) fn variants_columns(rep: &Report, largest: &[String]) -> Vec<String> {
    selection::largest_with(largest, MAX_VARIANT_OUTLETS, &rep.meta.highlight)
}

fn heatmap_chart(rep: &Report, largest: &[String], f: &mut Figures) {
    let (set, t) = (rep.set, rep.tables());
    let frames: Vec<usize> = (0..set.frames.len())
        .filter(|&i| {
            t.frames
                .iter()
                .any(|r| r.frame == set.frames[i].id && r.count > 0)
        })
        .collect();
    if frames.is_empty() {
        return;
    }
    let columns = frames_columns(rep, largest);
    let note = part_note(columns.len(), largest.len(), "outlets");
    // One colour scale per lexicon: rates of different dictionaries differ
    // by orders of magnitude, and one scale would wash out the smaller.
    let mut lexicons_seen: Vec<usize> = frames.iter().map(|&i| set.frames[i].lexicon).collect();
    lexicons_seen.dedup();
    let lexicons = lexicons_seen.len();
    let scale_groups: Vec<usize> = frames
        .iter()
        .map(|&i| {
            let l = set.frames[i].lexicon;
            lexicons_seen.iter().position(|&x| x == l).unwrap_or(0)
        })
        .collect();
    let values = frames
        .iter()
        .map(|&i| {
            columns
                .iter()
                .map(|o| {
                    t.frames
                        .iter()
                        .find(|r| r.outlet == *o && r.frame == set.frames[i].id)
                        .map_or(f64::NAN, |r| r.rate)
                })
                .collect()
        })
        .collect();
    let chart = charts::heatmap(&Heatmap {
        title: match &note {
            Some(_) => format!(
                "Frames by outlet (matches per 1,000 tokens; {} of {} outlets: the largest first, and any highlighted)",
                columns.len(),
                largest.len()
            ),
            None => "Frames by outlet (matches per 1,000 tokens, frames.csv `rate`; largest outlets first)".into(),
        },
        rows: frames
            .iter()
            .map(|&i| set.frames[i].label.clone())
            .collect(),
        columns,
        values,
        unit: if lexicons > 1 {
            "matches per 1,000 tokens; one colour scale per lexicon".into()
        } else {
            "matches per 1,000 tokens".into()
        },
        decimals: 1,
        diverging: false,
        scale_groups,
    });
    if let Some(n) = note {
        f.notes.push(("frames".into(), n));
    }
    f.add("frames".into(), chart);
}

/// The variants as a heat map: one row per variant of the most used slots,
/// one column per outlet (the largest, plus the highlighted), each cell the
/// variant's share of the outlet's uses of its slot (`variants.csv`).
fn variants_chart(rep: &Report, largest: &[String], f: &mut Figures) {
    let (set, t) = (rep.set, rep.tables());
    let uses = |slot: &str| -> u64 {
        t.variants
            .iter()
            .filter(|r| r.slot == slot)
            .map(|r| r.count)
            .sum()
    };
    let mut slots: Vec<_> = set.slots.iter().filter(|s| uses(&s.id) > 0).collect();
    if slots.is_empty() {
        return;
    }
    let total_slots = slots.len();
    // The most used slots, kept in lexicon order.
    let mut by_use: Vec<_> = slots.iter().map(|s| (uses(&s.id), s.id.clone())).collect();
    by_use.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    by_use.truncate(MAX_SLOTS);
    slots.retain(|s| by_use.iter().any(|(_, id)| *id == s.id));
    let outlets = variants_columns(rep, largest);
    let mut parts = Vec::new();
    if slots.len() < total_slots {
        parts.push(format!(
            "shows the {} most used of {total_slots} variant slots",
            slots.len()
        ));
    }
    parts.extend(part_note(outlets.len(), largest.len(), "outlets"));
    let rows: Vec<(usize, &str, String)> = slots
        .iter()
        .flat_map(|s| {
            s.variants.iter().map(move |&e| {
                let entry = &set.entries[e];
                let pole = entry.poles.first().map(|p| set.pole_id(p));
                // The variant first: a long label is cut at its end,
                // where the slot's name repeats from row to row.
                let head = match pole {
                    Some(p) => format!("{} ({p}) · {}", entry.label, s.label),
                    None => format!("{} · {}", entry.label, s.label),
                };
                (e, s.id.as_str(), head)
            })
        })
        .collect();
    let share = |o: &str, slot: &str, e: usize| {
        t.variants
            .iter()
            .find(|r| r.slot == slot && r.outlet == o && r.variant == set.entries[e].label)
            .and_then(|r| r.share)
            .map_or(f64::NAN, |s| s * 100.0)
    };
    let chart = charts::heatmap(&Heatmap {
        title: "Variant choices by outlet: each variant's share of the outlet's uses of its slot (variants.csv `share`; grey: the outlet never named the thing)".into(),
        rows: rows.iter().map(|r| r.2.clone()).collect(),
        values: rows
            .iter()
            .map(|&(e, slot, _)| outlets.iter().map(|o| share(o, slot, e)).collect())
            .collect(),
        columns: outlets,
        unit: "% of the outlet's uses of the slot".into(),
        decimals: 0,
        diverging: false,
        scale_groups: Vec::new(),
    });
    if !parts.is_empty() {
        // Each part reads after "The chart": "shows ...; it shows ...".
        f.notes.push(("variants".into(), parts.join("; it ")));
    }
    f.add("variants".into(), chart);
}
