//! `report.md`: the ranking, the charts with the tables behind them, the
//! sentences that drive each outlet's score with the matched terms marked,
//! the flags, and how every number was computed.

use std::fmt::Write;

use super::figures::Figures;
use super::md::{chart_link, code, esc};
use super::selection;
use super::slug::Slugs;
use super::Report;
use crate::scores::Flag;

/// Renders the report, linking the charts drawn beside it, per-outlet
/// charts by the stems in `slugs`: the text before the skipped records
/// and the text after them (the skipped records are streamed between,
/// [`super::skipped::markdown`]).
pub(super) fn render(rep: &Report, charts: &Figures, slugs: &Slugs) -> (String, String) {
    let mut md = String::new();
    opening(&mut md, rep);
    for ax in 0..rep.set.axes.len() {
        super::ranking_text::axis_section(&mut md, rep, ax, charts);
    }
    frames_section(&mut md, rep, charts);
    variants_section(&mut md, rep, charts);
    model_section(&mut md, rep, charts);
    super::lss::section(&mut md, rep, charts);
    if let Some(c) = rep.comparison() {
        let shown = selection::largest_with(
            &selection::by_size(rep.aggregate),
            selection::TABLE_COMPARE,
            &rep.meta.highlight,
        );
        super::compare_text::markdown(&mut md, c, &|name| charts.has(name), &esc, slugs, &shown);
    }
    // Evidence and flags are of scores on an axis; a dictionary's
    // categories have none, and empty sections would say nothing.
    if !rep.set.axes.is_empty() {
        super::ranking_text::evidence_section(&mut md, rep);
        flags_section(&mut md, rep);
    }
    let mut tail = String::new();
    charts_not_drawn_section(&mut tail, charts);
    super::methods_text::section(&mut tail, rep);
    (md, tail)
}

/// The title and the paragraphs under it: what was read, with which
/// lexicons, and what a score can and cannot tell.
fn opening(md: &mut String, rep: &Report) {
    let s = rep.summary();
    let _ = writeln!(md, "# slant report\n");
    let _ = writeln!(
        md,
        "{} documents from {} outlets ({} word tokens, {} lexicon matches), read from {}. \
         Lexicons: {}.{}\n",
        s.documents,
        s.outlets,
        s.tokens,
        s.matches,
        rep.meta
            .inputs
            .iter()
            .map(|i| code(i))
            .collect::<Vec<_>>()
            .join(", "),
        rep.meta
            .lexicons
            .iter()
            .map(|l| format!("`{}`", l.name))
            .collect::<Vec<_>>()
            .join(", "),
        if s.skipped > 0 {
            format!(" {} records were skipped (see below).", s.skipped)
        } else {
            String::new()
        }
    );
    let caveats = super::corpus_text::caveats(rep, &s);
    md.push_str(&super::corpus_text::markdown(&caveats));
    let _ = writeln!(
        md,
        "Scores count the framing terms the lexicons list, nothing else: a score is as good as \
         the lexicon and as stable as the evidence behind it. Check the flags and read the \
         sentences below before citing a number.\n"
    );
}

/// Why the charts that should be there are not.
fn charts_not_drawn_section(md: &mut String, charts: &Figures) {
    if charts.problems.is_empty() {
        return;
    }
    let _ = writeln!(md, "## Charts not drawn\n");
    for p in &charts.problems {
        let _ = writeln!(md, "- {}", esc(p));
    }
    md.push('\n');
}

fn frames_section(md: &mut String, rep: &Report, charts: &Figures) {
    let set = rep.set;
    let t = rep.tables();
    let _ = writeln!(md, "## Frames\n");
    if t.frames.iter().all(|r| r.count == 0) {
        let _ = writeln!(md, "No term of any frame occurs in the corpus.\n");
        return;
    }
    let _ = writeln!(
        md,
        "Matches of each frame's terms per 1,000 word tokens of each outlet, own voice and \
         quotation together (`frames.csv`, column `rate`; own voice alone in `rate_own`). \
         Frames with no match anywhere are left out.\n"
    );
    chart_link(md, charts, "frames", "Frames by outlet");
    let frames: Vec<_> = set
        .frames
        .iter()
        .filter(|f| t.frames.iter().any(|r| r.frame == f.id && r.count > 0))
        .collect();
    let outlets = shown_outlets(md, rep, "frames.csv");
    let cell = |o: &str, f: &str| {
        t.frames
            .iter()
            .find(|r| r.outlet == o && r.frame == f)
            .map_or("".into(), |r| {
                format!("{} ({})", super::md::rate(r.rate), r.count)
            })
    };
    let outlet_names: Vec<String> = outlets.iter().map(|o| esc(o)).collect();
    let frame_names: Vec<String> = frames.iter().map(|f| esc(&f.label)).collect();
    // The longer list runs down the page, so that the table stays narrow.
    if outlets.len() > frames.len() {
        matrix(md, "outlet", &outlet_names, &frame_names, &|i, j| {
            cell(&outlets[i], &frames[j].id)
        });
    } else {
        matrix(md, "frame", &frame_names, &outlet_names, &|i, j| {
            cell(&outlets[j], &frames[i].id)
        });
    }
    let _ = writeln!(md, "\nCells: rate per 1,000 tokens (count).\n");
}

/// A Markdown table with `rows` down and `columns` across, cell `(i, j)`
/// from `cell`.
fn matrix(
    md: &mut String,
    corner: &str,
    rows: &[String],
    columns: &[String],
    cell: &dyn Fn(usize, usize) -> String,
) {
    let _ = writeln!(md, "| {corner} | {} |", columns.join(" | "));
    let _ = writeln!(md, "|---|{}", "---:|".repeat(columns.len()));
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<String> = (0..columns.len()).map(|j| cell(i, j)).collect();
        let _ = writeln!(md, "| {r} | {} |", cells.join(" | "));
    }
}

/// The outlets a table by outlet shows (the largest and the highlighted),
/// after a line saying so when that is not all of them.
fn shown_outlets(md: &mut String, rep: &Report, csv: &str) -> Vec<String> {
    let largest = selection::by_size(rep.aggregate);
    let shown = selection::largest_with(&largest, selection::LARGEST, &rep.meta.highlight);
    if shown.len() < largest.len() {
        let _ = writeln!(
            md,
            "The {} outlets with the most documents, and any highlighted ({} of {}; all in `{csv}`):\n",
            shown.len().min(selection::LARGEST),
            shown.len(),
            largest.len()
        );
    }
    shown
}

/// Variant slots with a table in `report.md`, at most (the most used).
const MAX_SLOT_TABLES: usize = 12;

fn variants_section(md: &mut String, rep: &Report, charts: &Figures) {
    let set = rep.set;
    let t = rep.tables();
    let uses = |id: &str| -> u64 {
        t.variants
            .iter()
            .filter(|r| r.slot == id)
            .map(|r| r.count)
            .sum()
    };
    let mut used: Vec<_> = set.slots.iter().filter(|s| uses(&s.id) > 0).collect();
    let _ = writeln!(md, "## Variant choices\n");
    if set.slots.is_empty() {
        let _ = writeln!(
            md,
            "The lexicons define no variant slots (competing names for one thing, such as \
             \"Kyiv\" or \"Kiev\"), so there are no choices to compare.\n"
        );
        return;
    }
    if used.is_empty() {
        let _ = writeln!(md, "No variant of any slot occurs in the corpus.\n");
        return;
    }
    let _ = writeln!(
        md,
        "Which of the competing names each outlet used (`variants.csv`). Cells: uses \
         (share of the outlet's uses of the slot).\n"
    );
    chart_link(md, charts, "variants", "Variant choices");
    let total = used.len();
    let mut by_use: Vec<(u64, &str)> = used.iter().map(|s| (uses(&s.id), s.id.as_str())).collect();
    by_use.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    by_use.truncate(MAX_SLOT_TABLES);
    used.retain(|s| by_use.iter().any(|(_, id)| *id == s.id));
    if used.len() < total {
        let _ = writeln!(
            md,
            "The {} most used of {total} variant slots (all in `variants.csv`).\n",
            used.len()
        );
    }
    let outlets = shown_outlets(md, rep, "variants.csv");
    for slot in used {
        slot_table(md, rep, slot, &outlets);
    }
}

/// One slot's table: the outlets of `outlets` that named the thing, with
/// each variant's uses and share; those that never did are counted.
fn slot_table(md: &mut String, rep: &Report, slot: &crate::lexicon::Slot, outlets: &[String]) {
    let (set, t) = (rep.set, rep.tables());
    let _ = writeln!(md, "**{}** (`{}`)\n", esc(&slot.label), slot.id);
    let labels: Vec<String> = slot
        .variants
        .iter()
        .map(|&e| {
            let entry = &set.entries[e];
            let poles: Vec<&str> = entry.poles.iter().map(|p| set.pole_id(p)).collect();
            if poles.is_empty() {
                esc(&entry.label)
            } else {
                format!("{} ({})", esc(&entry.label), poles.join(", "))
            }
        })
        .collect();
    let rows: Vec<(&String, Vec<&crate::scores::tables::VariantRow>)> = outlets
        .iter()
        .map(|o| {
            let cells = slot
                .variants
                .iter()
                .filter_map(|&e| {
                    t.variants.iter().find(|r| {
                        r.slot == slot.id && r.outlet == *o && r.variant == set.entries[e].label
                    })
                })
                .collect();
            (o, cells)
        })
        .collect();
    let (named, silent): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(_, cells)| cells.iter().any(|r| r.count > 0));
    let _ = writeln!(md, "| outlet | {} |", labels.join(" | "));
    let _ = writeln!(md, "|---|{}", "---:|".repeat(labels.len()));
    for (o, cells) in &named {
        let cells: Vec<String> = cells
            .iter()
            .map(|r| match r.share {
                Some(sh) if r.count > 0 => format!("{} ({:.0}%)", r.count, sh * 100.0),
                _ => "0".into(),
            })
            .collect();
        let _ = writeln!(md, "| {} | {} |", esc(o), cells.join(" | "));
    }
    if !silent.is_empty() {
        let _ = writeln!(
            md,
            "\n{} of the outlets listed never named it.",
            silent.len()
        );
    }
    md.push('\n');
}

fn model_section(md: &mut String, rep: &Report, charts: &Figures) {
    let Some(m) = rep.model() else {
        if let Some(note) = rep.model_note {
            let _ = writeln!(md, "## Model\n\nNo model was trained: {}\n", esc(note));
        }
        return;
    };
    let lexicon: std::collections::BTreeMap<String, f64> = match &m.model.axis {
        Some(a) => rep
            .tables()
            .outlet_rows
            .iter()
            .filter(|r| r.axis == a.axis)
            .filter_map(|r| Some((r.outlet.clone(), r.score?)))
            .collect(),
        None => Default::default(),
    };
    let chart = m.model.axis.as_ref().map(|a| format!("model_{}", a.axis));
    let chart = chart.filter(|c| charts.has(c));
    // The outlets of the lexicon ranking on the model's axis, or without
    // one the largest.
    let shown: Vec<String> = match &m.model.axis {
        Some(a) => {
            let v = selection::axis_view(&rep.tables().outlet_rows, &a.axis, &rep.meta.highlight);
            v.ranked
                .iter()
                .chain(&v.thin)
                .map(|r| r.outlet.clone())
                .collect()
        }
        None => selection::largest_with(
            &selection::by_size(rep.aggregate),
            selection::LARGEST,
            &rep.meta.highlight,
        ),
    };
    super::model_text::markdown(
        md,
        m,
        &lexicon,
        chart.as_deref(),
        rep.meta.options.bootstrap,
        &shown,
        &esc,
    );
}

fn flags_section(md: &mut String, rep: &Report) {
    let o = &rep.meta.options;
    let _ = writeln!(md, "## Flags\n");
    let _ = writeln!(
        md,
        "Flagged scores are reported, not hidden. Thresholds: at least {} and {} per outlet \
         and axis.\n",
        super::md::count(o.min_docs as u64, "document", "documents"),
        super::md::count(o.min_matches, "pole match", "pole matches")
    );
    for f in [
        Flag::FewDocuments,
        Flag::FewMatches,
        Flag::NoMatches,
        Flag::SentenceBootstrap,
    ] {
        let n = rep
            .tables()
            .outlet_rows
            .iter()
            .filter(|r| r.flags().contains(&f))
            .count();
        let _ = writeln!(
            md,
            "- `{}` ({n} outlet-axis rows): {}",
            f.as_str(),
            f.meaning()
        );
    }
    md.push('\n');
}
