//! A loaded lexicon taken apart again into a [`Dictionary`]: [`from_set`],
//! the way back from [`to_toml`](super::to_toml), with sentences naming
//! what the other formats cannot hold.

use std::collections::HashMap;

use super::toml_out::sanitize;
use super::{DictTerm, Dictionary};
use crate::lexicon::{Entry, LexiconSet, Slot};

/// The inverse of [`to_toml`](super::to_toml): a dictionary from lexicon `lexicon` of
/// `set`. Categories are its frames in order, named by label (`label (id)`
/// when two share a label, ignoring case); terms are the forms of the entries that count
/// in each frame (an entry in several frames is in each, globs get their
/// `*` back). What the other formats cannot express is returned as a list
/// of sentences: axes, poles, variant slots, contexts, case-sensitive
/// matching, exclusions, notes and descriptions, lexicon metadata, and
/// which forms made one entry.
pub fn from_set(set: &LexiconSet, lexicon: usize) -> (Dictionary, Vec<String>) {
    let mut lost = Vec::new();
    let frames: Vec<usize> = (0..set.frames.len())
        .filter(|&f| set.frames[f].lexicon == lexicon)
        .collect();
    // labels that differ only in case are shared too: readers refuse them
    let mut labels: HashMap<String, usize> = HashMap::new();
    for &f in &frames {
        *labels
            .entry(set.frames[f].label.to_lowercase())
            .or_default() += 1;
    }
    let mut cat_of: HashMap<usize, usize> = HashMap::new();
    let mut d = Dictionary {
        name: set
            .lexicons
            .get(lexicon)
            .map_or_else(String::new, |l| l.name.clone()),
        categories: Vec::new(),
    };
    for &f in &frames {
        let fr = &set.frames[f];
        let name = if labels.get(&fr.label.to_lowercase()).copied().unwrap_or(0) > 1 {
            format!("{} ({})", fr.label, fr.id)
        } else {
            fr.label.clone()
        };
        cat_of.insert(f, d.categories.len());
        d.categories.push(super::Category {
            name,
            terms: Vec::new(),
        });
    }
    for e in &set.entries {
        for f in &e.frames {
            if let Some(&c) = cat_of.get(f) {
                for form in &e.forms {
                    d.categories[c].terms.push(DictTerm {
                        text: form.display(),
                        weight: None,
                        line: form.line,
                    });
                }
            }
        }
    }
    lost_parts(set, lexicon, &frames, &mut lost);
    (d, lost)
}

/// Sentences naming what a dictionary cannot hold of lexicon `lexicon`.
fn lost_parts(set: &LexiconSet, lexicon: usize, frames: &[usize], lost: &mut Vec<String>) {
    let own: Vec<&Entry> = set
        .entries
        .iter()
        .filter(|e| e.lexicon == lexicon)
        .collect();
    for a in set.axes.iter().filter(|a| a.lexicon == lexicon) {
        lost.push(format!(
            "axis `{}` (poles `{}` and `{}`)",
            a.id, a.negative.id, a.positive.id
        ));
    }
    lost_entry_parts(set, &own, frames, lost);
    for s in set.slots.iter().filter(|s| s.lexicon == lexicon) {
        lost.push(slot_sentence(set, s));
    }
    for c in set.contexts.iter().filter(|c| c.lexicon == lexicon) {
        lost.push(format!("context `{}`", c.id));
    }
    let described = frames
        .iter()
        .filter(|&&f| set.frames[f].description.is_some() || set.frames[f].note.is_some())
        .count();
    if described > 0 {
        lost.push(format!("descriptions and notes of {described} frames"));
    }
    let renamed = renamed_frames(set, frames);
    if !renamed.is_empty() {
        let more = if renamed.len() > 5 { ", ..." } else { "" };
        lost.push(format!(
            "frame ids: {} frames come back with ids from their labels ({}{more})",
            renamed.len(),
            renamed[..renamed.len().min(5)].join(", ")
        ));
    }
    if let Some(info) = set.lexicons.get(lexicon) {
        if info.version.is_some()
            || info.language.is_some()
            || info.description.is_some()
            || info.license.is_some()
        {
            lost.push("the lexicon's description, version, language and license".into());
        }
    }
}

/// What entries `own` have that a dictionary term cannot: one sentence per
/// kind, with the number of entries and up to five of them.
fn lost_entry_parts(set: &LexiconSet, own: &[&Entry], frames: &[usize], lost: &mut Vec<String>) {
    let mut summary = |what: &str, hits: Vec<String>| {
        if !hits.is_empty() {
            let examples: Vec<String> = hits.iter().take(5).cloned().collect();
            let more = if hits.len() > 5 { ", ..." } else { "" };
            lost.push(format!(
                "{what}: {} entries ({}{more})",
                hits.len(),
                examples.join(", ")
            ));
        }
    };
    summary(
        "poles and weights",
        own.iter()
            .filter(|e| !e.poles.is_empty())
            .map(|e| {
                let p: Vec<String> = e
                    .poles
                    .iter()
                    .map(|p| format!("{} {}", set.pole_id(p), p.weight))
                    .collect();
                format!("`{}` on {}", e.label, p.join(" and "))
            })
            .collect(),
    );
    summary(
        "case-sensitive matching",
        labels_where(own, |e| e.case_sensitive),
    );
    summary("exclusions", labels_where(own, |e| !e.exclude.is_empty()));
    summary(
        "context requirements",
        own.iter()
            .filter_map(|e| {
                e.context
                    .map(|c| format!("`{}` needs `{}`", e.label, set.contexts[c].id))
            })
            .collect(),
    );
    summary("notes", labels_where(own, |e| e.note.is_some()));
    summary(
        "entries of several forms, now one term per form",
        labels_where(own, |e| e.forms.len() > 1),
    );
    summary(
        "frames of other lexicons",
        labels_where(own, |e| e.frames.iter().any(|f| !frames.contains(f))),
    );
}

/// The label, in backticks, of each entry of `own` that `keep` keeps.
fn labels_where(own: &[&Entry], keep: impl Fn(&Entry) -> bool) -> Vec<String> {
    own.iter()
        .filter(|e| keep(e))
        .map(|e| format!("`{}`", e.label))
        .collect()
}

/// A variant slot, named with its variants' labels.
fn slot_sentence(set: &LexiconSet, s: &Slot) -> String {
    let labels: Vec<&str> = s
        .variants
        .iter()
        .filter_map(|&v| set.entries.get(v).map(|e| e.label.as_str()))
        .collect();
    let framed = s
        .variants
        .iter()
        .any(|&v| set.entries.get(v).is_some_and(|e| !e.frames.is_empty()));
    format!(
        "variant slot `{}` ({}){}",
        s.id,
        labels.join(", "),
        if framed {
            ""
        } else {
            "; its variants count in no frame and are left out"
        }
    )
}

/// Frames whose id converting back would not give again (`econ` for the
/// label `Economy`): overlays that name the id need the new one.
fn renamed_frames(set: &LexiconSet, frames: &[usize]) -> Vec<String> {
    frames
        .iter()
        .map(|&f| &set.frames[f])
        .filter(|f| {
            // `populism_2`: made unique, as converting back makes it again.
            let base = sanitize(&f.label, false, "category");
            let suffix = f.id.strip_prefix(&base);
            !suffix.is_some_and(|r| {
                r.is_empty()
                    || r.strip_prefix('_')
                        .is_some_and(|n| n.parse::<u32>().is_ok())
            })
        })
        .map(|f| format!("`{}` (label `{}`)", f.id, f.label))
        .collect()
}
