//! The report's two heat maps by outlet, drawn from `frames.csv` and
//! `variants.csv`: frames in groups by lexicon, each lexicon its own colour
//! scale with its own numbered legend; variants in groups by slot, each slot's
//! uses per outlet printed above its rows and the shares that rest on few uses
//! hatched.

use super::charts::{self, Heatmap, RowSection};
use super::figures::{part_note, Figures};
use super::selection;
use super::Report;
use crate::lexicon::LexiconSet;
use crate::scores::tables::VariantRow;

/// Outlet columns in the variants heat map (the largest, plus highlighted).
const MAX_VARIANT_OUTLETS: usize = 20;
/// Variant slots in the variants heat map.
const MAX_SLOTS: usize = 12;
/// Shares resting on fewer uses than this are hatched: with 4 uses a share
/// moves in steps of 25 points, and a single use reads as a dark "100".
pub(super) const MIN_USES: u64 = 5;

/// Whether a share of `n` uses of a slot rests on too few to read as a share
/// (an outlet that never named the thing has no share at all).
pub(super) fn few_uses(n: u64) -> bool {
    n > 0 && n < MIN_USES
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

/// The frames heat map: one row per frame with a match, one column per
/// outlet shown, each cell the rate per 1,000 tokens (`frames.csv` `rate`).
pub(super) fn heatmap_chart(rep: &Report, largest: &[String], f: &mut Figures) {
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
    // by orders of magnitude (at 497 outlets, 0.59 at most for a
    // russia-ukraine frame, 15.5 for a sourcing one), and one scale would
    // wash out the smaller. Each lexicon's frames are a named group of rows
    // with its own numbered legend, so a value can be read off its colour.
    let mut lexicons: Vec<usize> = frames.iter().map(|&i| set.frames[i].lexicon).collect();
    lexicons.dedup();
    let scale_groups: Vec<usize> = frames
        .iter()
        .map(|&i| {
            let l = set.frames[i].lexicon;
            lexicons.iter().position(|&x| x == l).unwrap_or(0)
        })
        .collect();
    let several = lexicons.len() > 1;
    let name = |g: usize| lexicon_name(set, lexicons[g]);
    let sections = if several {
        (0..frames.len())
            .filter(|&k| k == 0 || scale_groups[k] != scale_groups[k - 1])
            .map(|k| RowSection {
                before: k,
                title: format!("{} lexicon (its own colour scale)", name(scale_groups[k])),
                column_notes: Vec::new(),
            })
            .collect()
    } else {
        Vec::new()
    };
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
        unit: "matches per 1,000 tokens".into(),
        decimals: 1,
        diverging: false,
        scale_names: if several {
            (0..lexicons.len()).map(name).collect()
        } else {
            Vec::new()
        },
        scale_groups,
        sections,
        ..Default::default()
    });
    let scales = several.then(|| {
        "gives each lexicon's frames a colour scale of their own, each with its numbers in the legend".to_string()
    });
    let parts: Vec<String> = note.into_iter().chain(scales).collect();
    if !parts.is_empty() {
        f.notes.push(("frames".into(), parts.join("; it ")));
    }
    f.add("frames".into(), chart);
}

/// A lexicon's name, as `entries.csv` gives it.
fn lexicon_name(set: &LexiconSet, i: usize) -> String {
    set.lexicons
        .get(i)
        .map_or_else(|| format!("lexicon {}", i + 1), |l| l.name.clone())
}

/// The variants as a heat map: the most used slots, each a group of rows
/// (one per variant) under the slot's name, one column per outlet (the
/// largest, plus the highlighted), each cell the variant's share of the
/// outlet's uses of its slot (`variants.csv` `share`). Above each slot's
/// rows, the outlet's uses of the slot that its shares rest on (`n`, the sum
/// of `count` over the slot's variants); shares resting on fewer than
/// [`MIN_USES`] are hatched.
pub(super) fn variants_chart(rep: &Report, largest: &[String], f: &mut Figures) {
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
    parts.push(format!(
        "hatches the shares that rest on fewer than {MIN_USES} of the outlet's uses of the slot (n, printed on the slot's line)"
    ));
    let (mut rows, mut sections) = (Vec::new(), Vec::new());
    for s in &slots {
        let n: Vec<u64> = outlets
            .iter()
            .map(|o| slot_uses(&t.variants, &s.id, o))
            .collect();
        sections.push(RowSection {
            before: rows.len(),
            title: s.label.clone(),
            column_notes: n
                .iter()
                .map(|&n| {
                    if n > 0 {
                        format!("n={n}")
                    } else {
                        String::new()
                    }
                })
                .collect(),
        });
        for &e in &s.variants {
            let entry = &set.entries[e];
            let head = match entry.poles.first().map(|p| set.pole_id(p)) {
                Some(p) => format!("{} ({p})", entry.label),
                None => entry.label.clone(),
            };
            rows.push((e, s.id.as_str(), head, n.clone()));
        }
    }
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
            .map(|(e, slot, _, _)| outlets.iter().map(|o| share(o, slot, *e)).collect())
            .collect(),
        thin: rows
            .iter()
            .map(|r| r.3.iter().map(|&n| few_uses(n)).collect())
            .collect(),
        thin_note: format!("hatched: a share of fewer than {MIN_USES} uses of the slot (n)"),
        legend_notes: vec![
            "n, on each slot's line: the outlet's uses of the slot, which its shares divide (the sum of variants.csv `count` over the slot's variants).".into(),
        ],
        columns: outlets,
        unit: "% of the outlet's uses of the slot".into(),
        decimals: 0,
        diverging: false,
        sections,
        ..Default::default()
    });
    // Each part reads after "The chart": "shows ...; it shows ...".
    f.notes.push(("variants".into(), parts.join("; it ")));
    f.add("variants".into(), chart);
}

/// An outlet's uses of a slot: the sum of `count` over the slot's variants
/// in `variants.csv`, the number each of its shares divides.
pub(super) fn slot_uses(rows: &[VariantRow], slot: &str, outlet: &str) -> u64 {
    rows.iter()
        .filter(|r| r.slot == slot && r.outlet == outlet)
        .map(|r| r.count)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slot: &str, variant: &str, outlet: &str, count: u64) -> VariantRow {
        VariantRow {
            slot: slot.into(),
            variant: variant.into(),
            entry_id: 0,
            outlet: outlet.into(),
            count,
            count_own: count,
            share: None,
        }
    }

    #[test]
    fn a_share_of_fewer_than_five_uses_is_hatched() {
        // 497 outlets: Washington Times (part 1) used "war of aggression"
        // once and no other name of the war: a share of 100 on 1 use.
        assert!(few_uses(1));
        assert!(few_uses(MIN_USES - 1));
        assert!(!few_uses(MIN_USES));
        assert!(!few_uses(40));
        // never named: no share, grey, not hatched
        assert!(!few_uses(0));
    }

    #[test]
    fn uses_of_a_slot_sum_its_variants_for_one_outlet() {
        let rows = [
            row("war_name", "war of aggression", "A", 1),
            row("war_name", "Ukraine crisis", "A", 3),
            row("war_name", "war of aggression", "B", 7),
            row("capital", "Kyiv", "A", 9),
        ];
        assert_eq!(slot_uses(&rows, "war_name", "A"), 4);
        assert_eq!(slot_uses(&rows, "war_name", "B"), 7);
        assert_eq!(slot_uses(&rows, "capital", "B"), 0);
    }
}
