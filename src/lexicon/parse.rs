//! Resolving lexicon files into one [`LexiconSet`]: first everything an
//! entry can refer to (axes and poles, frames, slots, contexts) across all
//! files, then the entries, each problem reported at its line.

use std::collections::HashMap;

use toml::Spanned;

use super::model::{
    Axis, Context, Entry, Frame, LexiconInfo, LexiconSet, Pole, PoleWeight, Scope, Slot,
};
use super::raw::{
    check_id, forms, RawAssign, RawAxis, RawContext, RawEntry, RawFile, RawFrame, RawMeta, RawPole,
    RawSlot, Report, SourceText,
};
use super::validate::check_forms;
use super::{Diagnostic, Severity};

/// Parses and resolves `sources` as one set. Problems, errors and warnings
/// alike, go to `diags`; the set is only usable when none is an error.
pub(crate) fn resolve(sources: &[SourceText], diags: &mut Vec<Diagnostic>) -> LexiconSet {
    let parsed = parse_files(sources, diags);
    let mut set = LexiconSet {
        lexicons: sources.iter().map(|s| s.info.clone()).collect(),
        ..LexiconSet::default()
    };
    // First pass: everything an entry can refer to, across all files.
    let mut ids = Ids::default();
    for (k, raw) in &parsed {
        let mut r = sources[*k].report(diags);
        ids.define_file(&mut r, raw, *k, &mut set);
    }
    check_lexicon_names(&parsed, &set, diags);
    // Second pass: the entries.
    let refs = ids.refs();
    let mut frame_at = 0;
    let mut slot_at = 0;
    for (k, raw) in &parsed {
        let mut r = sources[*k].report(diags);
        refs.file_entries(&mut r, raw, *k, &mut set, (&mut frame_at, &mut slot_at));
    }
    for (k, raw) in &parsed {
        let mut r = sources[*k].report(diags);
        for a in &raw.assign {
            assign(&mut r, &refs, &mut set, a);
        }
    }
    check_forms(&set, sources, diags);
    set
}

/// The files that parse as TOML, with their index in `sources`; a syntax
/// error is reported and its file left out.
fn parse_files(sources: &[SourceText], diags: &mut Vec<Diagnostic>) -> Vec<(usize, RawFile)> {
    let mut parsed = Vec::new();
    for (k, src) in sources.iter().enumerate() {
        match toml::from_str::<RawFile>(&src.text) {
            Ok(raw) => parsed.push((k, raw)),
            Err(e) => diags.push(Diagnostic {
                severity: Severity::Error,
                file: src.info.source.clone(),
                line: e.span().and_then(|s| src.line(s.start)),
                message: e.message().trim().to_string(),
            }),
        }
    }
    parsed
}

/// Two files with one `[lexicon] name` would be indistinguishable in
/// reports and models.
fn check_lexicon_names(parsed: &[(usize, RawFile)], set: &LexiconSet, diags: &mut Vec<Diagnostic>) {
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (k, _) in parsed {
        if let Some(prev) = names.insert(&set.lexicons[*k].name, *k) {
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: set.lexicons[*k].source.clone(),
                line: None,
                message: format!(
                    "lexicon name `{}` is also the name of {}",
                    set.lexicons[*k].name, set.lexicons[prev].source
                ),
            });
        }
    }
}

/// Copies a file's `[lexicon]` table into its info, checking the name.
fn lexicon_meta(r: &mut Report, meta: &RawMeta, info: &mut LexiconInfo) {
    let name = meta.name.get_ref();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        r.error(
            &meta.name,
            format!("lexicon name `{name}` must use only a-z, 0-9, `-` and `_`"),
        );
    }
    info.name = name.clone();
    info.version = meta.version.clone();
    info.language = meta.language.clone();
    info.description = meta.description.clone();
    info.license = meta.license.clone();
}

/// Every id the first pass has seen, with its index in the set.
#[derive(Default)]
struct Ids {
    /// Pole id -> (axis, whether it is the positive pole).
    poles: HashMap<String, (usize, bool)>,
    frames: HashMap<String, usize>,
    slots: HashMap<String, usize>,
    axes: HashMap<String, usize>,
    contexts: HashMap<String, usize>,
    /// "what id" -> file:line of its first definition, for repeats.
    origins: HashMap<String, String>,
}

impl Ids {
    /// Reads the file's `[lexicon]` table, then defines its axes, frames,
    /// slots and contexts in `set`.
    fn define_file(&mut self, r: &mut Report, raw: &RawFile, lexicon: usize, set: &mut LexiconSet) {
        lexicon_meta(r, &raw.lexicon, &mut set.lexicons[lexicon]);
        for a in &raw.axis {
            set.axes
                .push(self.define_axis(r, a, set.axes.len(), lexicon));
        }
        for f in &raw.frame {
            set.frames
                .push(self.define_frame(r, f, set.frames.len(), lexicon));
        }
        for s in &raw.slot {
            set.slots
                .push(self.define_slot(r, s, set.slots.len(), lexicon));
        }
        for c in &raw.context {
            set.contexts
                .push(self.define_context(r, c, set.contexts.len(), lexicon));
        }
    }

    /// Registers an axis (as number `index`) and its two poles.
    fn define_axis(&mut self, r: &mut Report, a: &RawAxis, index: usize, lexicon: usize) -> Axis {
        register(r, (&mut self.axes, &mut self.origins), &a.id, index, "axis");
        for (p, positive) in [(&a.negative, false), (&a.positive, true)] {
            check_id(r, &p.id, "pole");
            if self
                .poles
                .insert(p.id.get_ref().clone(), (index, positive))
                .is_some()
            {
                r.error(&p.id, format!("pole `{}` is defined twice", p.id.get_ref()));
            }
        }
        Axis {
            id: a.id.get_ref().clone(),
            label: a.label.clone().unwrap_or_else(|| a.id.get_ref().clone()),
            description: a.description.clone(),
            negative: pole(&a.negative),
            positive: pole(&a.positive),
            lexicon,
        }
    }

    /// Registers a frame (as number `index`); its terms come in the second
    /// pass.
    fn define_frame(
        &mut self,
        r: &mut Report,
        f: &RawFrame,
        index: usize,
        lexicon: usize,
    ) -> Frame {
        register(
            r,
            (&mut self.frames, &mut self.origins),
            &f.id,
            index,
            "frame",
        );
        Frame {
            id: f.id.get_ref().clone(),
            label: f.label.clone().unwrap_or_else(|| f.id.get_ref().clone()),
            description: f.description.clone(),
            note: f.note.clone(),
            lexicon,
        }
    }

    /// Registers a slot (as number `index`); its variants come in the
    /// second pass.
    fn define_slot(&mut self, r: &mut Report, s: &RawSlot, index: usize, lexicon: usize) -> Slot {
        register(
            r,
            (&mut self.slots, &mut self.origins),
            &s.id,
            index,
            "slot",
        );
        Slot {
            id: s.id.get_ref().clone(),
            label: s.label.clone().unwrap_or_else(|| s.id.get_ref().clone()),
            description: s.description.clone(),
            note: s.note.clone(),
            variants: Vec::new(),
            lexicon,
        }
    }

    /// Registers a context (as number `index`); `none` is taken.
    fn define_context(
        &mut self,
        r: &mut Report,
        c: &RawContext,
        index: usize,
        lexicon: usize,
    ) -> Context {
        register(
            r,
            (&mut self.contexts, &mut self.origins),
            &c.id,
            index,
            "context",
        );
        if c.id.get_ref() == "none" {
            r.error(
                &c.id,
                "`none` is reserved: it means an entry needs no context".into(),
            );
        }
        context(r, c, lexicon)
    }

    /// What entries may refer to.
    fn refs(&self) -> Refs<'_> {
        Refs {
            poles: &self.poles,
            frames: &self.frames,
            contexts: &self.contexts,
        }
    }
}

/// Puts every entry of a frame (named by id or label) on a pole, unless the
/// entry already sits on that axis: how an overlay gives an imported
/// dictionary's categories a stance.
fn assign(r: &mut Report, refs: &Refs, set: &mut LexiconSet, a: &RawAssign) {
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

fn pole(p: &RawPole) -> Pole {
    Pole {
        id: p.id.get_ref().clone(),
        label: p.label.clone().unwrap_or_else(|| p.id.get_ref().clone()),
    }
}

/// Checks an id's form and records it under `index`, reporting a repeat
/// with where the first definition is (`origins`: "what id" -> file:line).
fn register(
    r: &mut Report,
    (ids, origins): (&mut HashMap<String, usize>, &mut HashMap<String, String>),
    id: &Spanned<String>,
    index: usize,
    what: &str,
) {
    check_id(r, id, what);
    let here = match r.line(id.span().start) {
        Some(line) => format!("{}:{line}", r.file),
        None => r.file.to_string(),
    };
    let key = format!("{what} {}", id.get_ref());
    if ids.insert(id.get_ref().clone(), index).is_some() {
        let first = origins.get(&key).cloned().unwrap_or_default();
        let hint = if r.lines.is_some() {
            "; a dictionary's categories become frames by name: rename the category, or convert the dictionary with `slant lexicon convert` and change the frame id"
        } else {
            ""
        };
        r.error(
            id,
            format!(
                "{what} `{}` is defined twice (first at {first}){hint}",
                id.get_ref()
            ),
        );
    } else {
        origins.insert(key, here);
    }
}

/// A context from its `[[context]]` table.
fn context(r: &mut Report, c: &RawContext, lexicon: usize) -> Context {
    let line = r.line_or_text(c.text.span().start);
    let scope = match c.scope.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("paragraph") => {
            let window = c.window.as_ref().map_or(1, |w| *w.get_ref());
            if !(0..=100).contains(&window) {
                if let Some(w) = &c.window {
                    r.error(
                        w,
                        format!("window must be 0 to 100 paragraphs, not {window}"),
                    );
                }
            }
            Scope::Paragraphs(window.clamp(0, 100) as u32)
        }
        Some("document") => {
            if let Some(w) = &c.window {
                r.error(w, "`window` applies only to scope = \"paragraph\"".into());
            }
            Scope::Document
        }
        Some(other) => {
            if let Some(s) = &c.scope {
                r.error(
                    s,
                    format!("scope must be \"paragraph\" or \"document\", not \"{other}\""),
                );
            }
            Scope::Document
        }
    };
    Context {
        id: c.id.get_ref().clone(),
        label: c.label.clone().unwrap_or_else(|| c.id.get_ref().clone()),
        description: c.description.clone(),
        note: c.note.clone(),
        forms: forms(r, &c.text, line).unwrap_or_default(),
        scope,
        lexicon,
    }
}

/// What an entry inherits from where it sits.
struct Parent<'p> {
    lexicon: usize,
    frame: Option<usize>,
    slot: Option<usize>,
    pole: Option<&'p PoleWeight>,
    context: Option<usize>,
}

struct Refs<'a> {
    poles: &'a HashMap<String, (usize, bool)>,
    frames: &'a HashMap<String, usize>,
    contexts: &'a HashMap<String, usize>,
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
    fn file_entries(
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
