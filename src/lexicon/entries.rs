//! The second pass of resolving: entries and `[[assign]]` tables, whose
//! references to poles, frames and contexts the first pass made resolvable.

use std::collections::HashMap;

use toml::Spanned;

use super::raw::{forms, RawAssign, RawEntry, RawFile, RawFrame, RawSlot, Report};
use super::set::{Entry, LexiconSet, PoleWeight};
use super::Severity;

/// What an entry inherits from where it sits.
struct Parent<'p> {
    lexicon: usize,
    frame: Option<usize>,
    slot: Option<usize>,
    pole: Option<&'p PoleWeight>,
    context: Option<usize>,
}

/// What entries may refer to, by id, from the first pass.
pub(super) struct Refs<'a> {
    /// Pole id -> (axis, whether it is the positive pole).
    pub(super) poles: &'a HashMap<String, (usize, bool)>,
    pub(super) frames: &'a HashMap<String, usize>,
    pub(super) contexts: &'a HashMap<String, usize>,
}

impl Refs<'_> {
    /// The context named `c`; `none` is no context.
    fn context(&self, r: &mut Report, c: &Spanned<String>) -> Option<usize> {
        if c.get_ref() == "none" {
            return None;
        }
        let found = self.contexts.get(c.get_ref()).copied();
        if found.is_none() {
            r.error(c, format!("unknown context `{}`", c.get_ref()));
        }
        found
    }

    fn frame(&self, r: &mut Report, f: &Spanned<String>) -> Option<usize> {
        let found = self.frames.get(f.get_ref()).copied();
        if found.is_none() {
            r.error(f, format!("unknown frame `{}`", f.get_ref()));
        }
        found
    }

    fn pole(&self, r: &mut Report, p: &Spanned<String>, weight: f64) -> Option<PoleWeight> {
        match self.poles.get(p.get_ref()) {
            Some(&(axis, positive)) => Some(PoleWeight {
                axis,
                positive,
                weight,
            }),
            None => {
                let mut known: Vec<&String> = self.poles.keys().collect();
                known.sort();
                let known = if known.is_empty() {
                    "no axis is loaded".to_string()
                } else {
                    format!(
                        "known poles: {}",
                        known
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                r.error(p, format!("unknown pole `{}` ({known})", p.get_ref()));
                None
            }
        }
    }

    fn weight(r: &mut Report, w: Option<&Spanned<f64>>, default: f64) -> f64 {
        match w {
            Some(w) if !(w.get_ref().is_finite() && *w.get_ref() > 0.0) => {
                r.error(
                    w,
                    format!("weight must be a number > 0, not {}", w.get_ref()),
                );
                default
            }
            Some(w) => *w.get_ref(),
            None => default,
        }
    }

    fn frame_pole(&self, r: &mut Report, f: &RawFrame) -> Option<PoleWeight> {
        let weight = Self::weight(r, f.weight.as_ref(), 1.0);
        match &f.pole {
            Some(p) => self.pole(r, p, weight),
            None => {
                if let Some(w) = &f.weight {
                    r.error(w, "a frame `weight` needs a frame `pole`".into());
                }
                None
            }
        }
    }

    /// Reads one file's entries into `set`: its frames' terms, then its
    /// slots' variants. `frame_at` and `slot_at` count the frames and slots
    /// read so far, which makes them the indices of the file's next ones.
    pub(super) fn file_entries(
        &self,
        r: &mut Report,
        raw: &RawFile,
        lexicon: usize,
        set: &mut LexiconSet,
        (frame_at, slot_at): (&mut usize, &mut usize),
    ) {
        let file_context = raw
            .lexicon
            .context
            .as_ref()
            .and_then(|c| self.context(r, c));
        for f in &raw.frame {
            self.frame_terms(r, f, *frame_at, lexicon, file_context, set);
            *frame_at += 1;
        }
        for s in &raw.slot {
            self.slot_variants(r, s, *slot_at, lexicon, file_context, set);
            *slot_at += 1;
        }
    }

    /// The terms of frame number `frame`, into `set`: each inherits the
    /// frame's pole and context (else the file's).
    fn frame_terms(
        &self,
        r: &mut Report,
        f: &RawFrame,
        frame: usize,
        lexicon: usize,
        file_context: Option<usize>,
        set: &mut LexiconSet,
    ) {
        let inherited = self.frame_pole(r, f);
        let frame_context = f
            .context
            .as_ref()
            .map_or(file_context, |c| self.context(r, c));
        if f.term.is_empty() {
            r.at(
                Severity::Info,
                f.id.span(),
                format!("frame `{}` has no terms of its own", f.id.get_ref()),
            );
        }
        for t in &f.term {
            if let Some(fr) = &t.frame {
                r.error(
                    fr,
                    "`frame` belongs on slot variants; a frame's terms are already in it".into(),
                );
            }
            let parent = Parent {
                lexicon,
                frame: Some(frame),
                slot: None,
                pole: inherited.as_ref(),
                context: frame_context,
            };
            if let Some(e) = self.entry(r, t, parent) {
                set.entries.push(e);
            }
        }
    }

    /// The variants of slot number `slot`, into `set` and the slot's list:
    /// each is in the slot's frame unless it names its own, and inherits the
    /// slot's context (else the file's).
    fn slot_variants(
        &self,
        r: &mut Report,
        s: &RawSlot,
        slot: usize,
        lexicon: usize,
        file_context: Option<usize>,
        set: &mut LexiconSet,
    ) {
        if s.variant.len() < 2 {
            r.error(
                &s.id,
                format!("slot `{}` needs at least two variants", s.id.get_ref()),
            );
        }
        let slot_frame = s.frame.as_ref().and_then(|f| self.frame(r, f));
        let slot_context = s
            .context
            .as_ref()
            .map_or(file_context, |c| self.context(r, c));
        for v in &s.variant {
            let frame = match &v.frame {
                Some(f) => self.frame(r, f),
                None => slot_frame,
            };
            let parent = Parent {
                lexicon,
                frame,
                slot: Some(slot),
                pole: None,
                context: slot_context,
            };
            if let Some(e) = self.entry(r, v, parent) {
                set.slots[slot].variants.push(set.entries.len());
                set.entries.push(e);
            }
        }
    }

    /// An entry's poles: its `pole` or `poles`, else the one it inherits,
    /// with the entry's `weight` if it gives one.
    fn entry_poles(
        &self,
        r: &mut Report,
        raw: &RawEntry,
        inherited: Option<&PoleWeight>,
    ) -> Vec<PoleWeight> {
        match (&raw.pole, &raw.poles) {
            (Some(_), Some(ps)) => {
                r.error(ps, "give either `pole` or `poles`, not both".into());
                Vec::new()
            }
            (None, Some(ps)) => {
                if raw.weight.is_some() {
                    r.error(
                        ps,
                        "with `poles`, each pole carries its own weight; drop `weight`".into(),
                    );
                }
                let mut out = Vec::new();
                for (id, w) in ps.get_ref() {
                    let spanned = Spanned::new(ps.span(), id.clone());
                    let weight = Spanned::new(ps.span(), *w);
                    let w = Self::weight(r, Some(&weight), 1.0);
                    out.extend(self.pole(r, &spanned, w));
                }
                out
            }
            (Some(p), None) => {
                let default = inherited.map_or(1.0, |i| i.weight);
                let w = Self::weight(r, raw.weight.as_ref(), default);
                self.pole(r, p, w).into_iter().collect()
            }
            (None, None) => match inherited {
                Some(i) => vec![PoleWeight {
                    weight: Self::weight(r, raw.weight.as_ref(), i.weight),
                    ..*i
                }],
                None => {
                    if let Some(w) = &raw.weight {
                        r.error(w, "`weight` without a `pole` has no effect".into());
                    }
                    Vec::new()
                }
            },
        }
    }

    fn entry(&self, r: &mut Report, raw: &RawEntry, parent: Parent) -> Option<Entry> {
        let line = r.line_or_text(raw.text.span().start);
        let forms = forms(r, &raw.text, line)?;
        let poles = self.entry_poles(r, raw, parent.pole);
        if raw.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            r.at(
                Severity::Warning,
                raw.text.span(),
                format!("`{}` has no note saying why it belongs", forms[0].display()),
            );
        }
        let mut frames: Vec<usize> = parent.frame.into_iter().collect();
        for a in &raw.also {
            if let Some(f) = self.frame(r, a) {
                if !frames.contains(&f) {
                    frames.push(f);
                }
            }
        }
        Some(Entry {
            label: raw.label.clone().unwrap_or_else(|| forms[0].display()),
            forms,
            frames,
            slot: parent.slot,
            poles,
            case_sensitive: raw.case_sensitive.unwrap_or(false),
            exclude: raw.exclude.clone(),
            context: raw
                .context
                .as_ref()
                .map_or(parent.context, |c| self.context(r, c)),
            note: raw.note.clone(),
            lexicon: parent.lexicon,
            line,
        })
    }
}

/// Puts every entry of a frame (named by id or label) on a pole, unless the
/// entry already sits on that axis: how an overlay gives an imported
/// dictionary's categories a stance.
pub(super) fn assign(r: &mut Report, refs: &Refs, set: &mut LexiconSet, a: &RawAssign) {
    let name = a.frame.get_ref();
    let frame = match refs.frames.get(name) {
        Some(&f) => Some(f),
        None => {
            let by_label: Vec<usize> = (0..set.frames.len())
                .filter(|&f| set.frames[f].label == *name)
                .collect();
            match by_label.as_slice() {
                [f] => Some(*f),
                [] => {
                    r.error(&a.frame, format!("unknown frame `{name}` (by id or label)"));
                    None
                }
                _ => {
                    r.error(
                        &a.frame,
                        format!("several frames are labelled `{name}`; name one by its id"),
                    );
                    None
                }
            }
        }
    };
    let weight = Refs::weight(r, a.weight.as_ref(), 1.0);
    let (Some(frame), Some(pole)) = (frame, refs.pole(r, &a.pole, weight)) else {
        return;
    };
    let mut n = 0;
    for e in set.entries.iter_mut().filter(|e| e.frames.contains(&frame)) {
        if !e.poles.iter().any(|p| p.axis == pole.axis) {
            e.poles.push(pole);
            n += 1;
        }
    }
    if n == 0 {
        r.at(
            Severity::Warning,
            a.frame.span(),
            format!("frame `{name}` has no entry without a pole on this axis: the assignment changes nothing"),
        );
    }
}
