//! Resolving lexicon files into one [`LexiconSet`]: first everything an
//! entry can refer to (axes and poles, frames, slots, contexts) across all
//! files, then the entries (the second pass, in `entries.rs`), each problem
//! reported at its line.

use std::collections::HashMap;

use toml::Spanned;

use super::empty::warn_empty_files;
use super::entries::{assign, Refs};
use super::forms::check_forms;
use super::raw::{
    check_id, forms, RawAxis, RawContext, RawFile, RawFrame, RawMeta, RawNegation, RawPole,
    RawSlot, Report, SourceText,
};
use super::set::{Axis, Context, Frame, LexiconInfo, LexiconSet, Pole, Scope, Slot};
use super::{Diagnostic, Severity};
use crate::text::NegationRules;

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
    for (k, raw) in &parsed {
        if let Some(n) = &raw.negation {
            let mut r = sources[*k].report(diags);
            negation(&mut r, n, &mut set);
        }
    }
    check_forms(&set, sources, diags);
    warn_empty_files(&parsed, sources, &set, diags);
    set
}

/// Adds a file's negation rules to the set's (or replaces them).
fn negation(r: &mut Report, n: &Spanned<RawNegation>, set: &mut LexiconSet) {
    let raw = n.get_ref();
    let window = match &raw.window {
        Some(w) if !(0..=50).contains(w.get_ref()) => {
            r.error(
                w,
                format!("window must be 0 to 50 words, not {}", w.get_ref()),
            );
            return;
        }
        Some(w) => *w.get_ref() as usize,
        None => set.negation.rules.window,
    };
    let mut base = match raw.replace {
        true => NegationRules::empty(window),
        false => set.negation.rules.clone(),
    };
    base.window = window;
    match base
        .with(&raw.cues, &raw.not_cues, &raw.enders)
        .and_then(|r| r.across(&raw.across))
    {
        Ok(rules) => set.negation.rules = rules,
        Err(e) => r.error(n, format!("[negation] {}", e.message)),
    }
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
