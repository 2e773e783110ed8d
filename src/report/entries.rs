//! `entries.csv`: what each lexicon entry is, in long form, so that
//! `matches.csv` names an entry by number and an entry in two categories is
//! two rows here, never `a|b` in one cell.

use serde::Serialize;

use crate::lexicon::LexiconSet;

/// One row of `entries.csv`: an entry and one frame it counts in, or an
/// entry and one pole it points to. An entry in neither has one row with
/// both empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRow<'a> {
    /// Index of the entry, as `entry_id` in `matches.csv`.
    pub entry_id: usize,
    /// Lexicon name.
    pub lexicon: &'a str,
    /// The entry's label (its first form, or the variant's name).
    pub entry: &'a str,
    /// Variant slot id (empty if none).
    pub slot: &'a str,
    /// Variant label within the slot (empty if none).
    pub variant: &'a str,
    /// A frame the entry counts in (empty on a pole row).
    pub frame: &'a str,
    /// The axis of a pole the entry points to (empty on a frame row).
    pub axis: &'a str,
    /// That pole's id.
    pub pole: &'a str,
    /// Weight of one match toward the pole, before the quotation weight.
    pub weight: Option<f64>,
}

/// The rows of `entries.csv`, by entry, frames before poles.
pub fn rows(set: &LexiconSet) -> Vec<EntryRow<'_>> {
    let mut out = Vec::new();
    for (id, e) in set.entries.iter().enumerate() {
        let base = EntryRow {
            entry_id: id,
            lexicon: &set.lexicons[e.lexicon].name,
            entry: &e.label,
            slot: e.slot.map_or("", |s| set.slots[s].id.as_str()),
            variant: if e.slot.is_some() { &e.label } else { "" },
            frame: "",
            axis: "",
            pole: "",
            weight: None,
        };
        for &f in &e.frames {
            out.push(EntryRow {
                frame: &set.frames[f].id,
                ..base.clone()
            });
        }
        for p in &e.poles {
            out.push(EntryRow {
                axis: &set.axes[p.axis].id,
                pole: set.pole_id(p),
                weight: Some(p.weight),
                ..base.clone()
            });
        }
        if e.frames.is_empty() && e.poles.is_empty() {
            out.push(base);
        }
    }
    out
}
