//! The report's charts, built from the tables so that every number drawn is
//! a number in a table. Large corpora are drawn in part: a chart shows at
//! most a legible number of outlets, chosen by size (documents, then
//! tokens), never by score, and its title says so. A chart that still
//! cannot be drawn is left out with a note; it never fails the run.

use super::charts::{
    self, Chart, Heatmap, PairedRanking, RankedOutlet, Ranking, Side, VariantPanel,
};
use super::slug::Slugs;
use super::{ranked, Report};

/// Outlets in a ranking chart.
const MAX_RANKED: usize = 150;
/// Outlet columns in the frame heatmap.
const MAX_HEATMAP: usize = 40;
/// Outlets per variant panel.
const MAX_VARIANT_OUTLETS: usize = 25;
/// Variant panels in one figure.
const MAX_PANELS: usize = 12;

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

/// Outlets by size, largest first: documents, then tokens, then name.
fn by_size(rep: &Report) -> Vec<String> {
    let mut sizes: Vec<(&str, usize, u64)> = rep
        .tables()
        .outlets
        .iter()
        .map(|o| {
            let row = rep.tables().outlet_rows.iter().find(|r| r.outlet == *o);
            (
                o.as_str(),
                row.map_or(0, |r| r.n_docs),
                row.map_or(0, |r| r.n_tokens),
            )
        })
        .collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    sizes.into_iter().map(|(o, _, _)| o.to_string()).collect()
}

fn part_note(shown: usize, total: usize, what: &str) -> Option<String> {
    (shown < total).then(|| {
        format!("shows the {shown} {what} with the most documents of {total}; the tables hold all")
    })
}

/// Draws every chart of the report; `slugs` names the per-outlet charts.
pub(super) fn draw(rep: &Report, slugs: &Slugs) -> Figures {
    let mut f = Figures::default();
    let largest = by_size(rep);
    ranking_charts(rep, &largest, &mut f);
    heatmap_chart(rep, &largest, &mut f);
    variants_chart(rep, &largest, &mut f);
    model_chart(rep, &largest, &mut f);
    if let Some(c) = rep.comparison() {
        for (name, chart, note) in super::compare::charts(c, &largest, slugs) {
            if let Some(n) = note {
                f.notes.push((name.clone(), n));
            }
            f.add(name, chart);
        }
    }
    f
}

/// Lexicon index and model score side by side, on the model's axis.
fn model_chart(rep: &Report, largest: &[String], f: &mut Figures) {
    let Some(m) = rep.model() else { return };
    let Some(link) = &m.model.axis else { return };
    let Some(axis) = rep.set.axes.iter().find(|a| a.id == link.axis) else {
        return;
    };
    let keep: Vec<&String> = largest.iter().take(MAX_RANKED).collect();
    let rows: Vec<_> = ranked(&rep.tables().outlet_rows, &axis.id)
        .into_iter()
        .filter(|r| keep.contains(&&r.outlet))
        .collect();
    let name = format!("model_{}", axis.id);
    let values = rows
        .iter()
        .map(|r| {
            let o = m.outlets.iter().find(|o| o.outlet == r.outlet);
            [
                Some((r.score, r.ci_low.zip(r.ci_high))),
                o.and_then(|o| o.score.map(|s| (s, o.score_ci))),
            ]
        })
        .collect();
    let chart = charts::paired_ranking(&PairedRanking {
        title: format!("{}: lexicon index and model score by outlet", axis.label),
        series: ["lexicon index".into(), "model score (p+ minus p-)".into()],
        negative_label: axis.negative.label.clone(),
        positive_label: axis.positive.label.clone(),
        outlets: rows.iter().map(|r| r.outlet.clone()).collect(),
        values,
    });
    if let Some(n) = part_note(keep.len(), largest.len(), "outlets") {
        f.notes.push((name.clone(), n));
    }
    f.add(name, chart);
}

fn ranking_charts(rep: &Report, largest: &[String], f: &mut Figures) {
    let keep: Vec<&String> = largest.iter().take(MAX_RANKED).collect();
    for axis in &rep.set.axes {
        let name = format!("axis_{}", axis.id);
        let rows: Vec<_> = ranked(&rep.tables().outlet_rows, &axis.id)
            .into_iter()
            .filter(|r| keep.contains(&&r.outlet))
            .collect();
        let note = part_note(keep.len(), largest.len(), "outlets");
        let chart = charts::ranking(&Ranking {
            title: format!("{}: lexicon slant index by outlet", axis.label),
            negative_label: axis.negative.label.clone(),
            positive_label: axis.positive.label.clone(),
            outlets: rows
                .iter()
                .map(|r| RankedOutlet {
                    outlet: r.outlet.clone(),
                    score: r.score,
                    ci: r.ci_low.zip(r.ci_high),
                    flagged: !r.flags.is_empty(),
                })
                .collect(),
            note: Some(format!(
                "whiskers: 95% bootstrap interval; hollow marker: flagged (thin evidence, see outlets.csv){}",
                note.as_ref().map_or(String::new(), |n| format!("; {n}"))
            )),
        });
        if let Some(n) = note {
            f.notes.push((name.clone(), n));
        }
        f.add(name, chart);
    }
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
    let mut columns: Vec<String> = largest.iter().take(MAX_HEATMAP).cloned().collect();
    columns.sort();
    let note = part_note(columns.len(), largest.len(), "outlets");
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
                "Frames by outlet (matches per 1,000 tokens; the {} largest of {} outlets)",
                columns.len(),
                largest.len()
            ),
            None => "Frames by outlet (matches per 1,000 tokens, frames.csv `rate`)".into(),
        },
        rows: frames
            .iter()
            .map(|&i| set.frames[i].label.clone())
            .collect(),
        columns,
        values,
        unit: "matches per 1,000 tokens".into(),
        decimals: 1,
        diverging: false,
    });
    if let Some(n) = note {
        f.notes.push(("frames".into(), n));
    }
    f.add("frames".into(), chart);
}

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
    by_use.truncate(MAX_PANELS);
    slots.retain(|s| by_use.iter().any(|(_, id)| *id == s.id));
    let mut outlets: Vec<String> = largest.iter().take(MAX_VARIANT_OUTLETS).cloned().collect();
    outlets.sort();
    let mut parts = Vec::new();
    if slots.len() < total_slots {
        parts.push(format!(
            "the {} most used of {total_slots} variant slots",
            slots.len()
        ));
    }
    parts.extend(part_note(outlets.len(), largest.len(), "outlets"));
    let panels: Vec<VariantPanel> = slots
        .iter()
        .map(|s| VariantPanel {
            title: s.label.clone(),
            variants: s
                .variants
                .iter()
                .map(|&e| {
                    let entry = &set.entries[e];
                    let side = match entry.poles.first() {
                        Some(p) if p.positive => Side::Positive,
                        Some(_) => Side::Negative,
                        None => Side::Neutral,
                    };
                    (entry.label.clone(), side)
                })
                .collect(),
            outlets: outlets.clone(),
            counts: outlets
                .iter()
                .map(|o| {
                    s.variants
                        .iter()
                        .map(|&e| {
                            t.variants
                                .iter()
                                .find(|r| {
                                    r.slot == s.id
                                        && r.outlet == *o
                                        && r.variant == set.entries[e].label
                                })
                                .map_or(0, |r| r.count)
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    if !parts.is_empty() {
        f.notes.push(("variants".into(), parts.join("; ")));
    }
    f.add("variants".into(), charts::variants(&panels));
}
