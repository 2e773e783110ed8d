//! Reading lexicon TOML into checked values: the file's shape (serde, with
//! spans for line numbers), then the cross-references among all files loaded
//! together (ids, poles, frames), each problem reported at its line.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::model::{Axis, Entry, Form, Frame, LexiconInfo, LexiconSet, Pole, PoleWeight, Slot};
use super::{Diagnostic, Severity};
use crate::text::normalize_form;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lexicon: RawMeta,
    #[serde(default)]
    axis: Vec<RawAxis>,
    #[serde(default)]
    frame: Vec<RawFrame>,
    #[serde(default)]
    slot: Vec<RawSlot>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Spanned<String>,
    version: Option<String>,
    language: Option<String>,
    description: Option<String>,
    license: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    id: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    negative: RawPole,
    positive: RawPole,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPole {
    id: Spanned<String>,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    note: Option<String>,
    pole: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    term: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    id: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    note: Option<String>,
    frame: Option<Spanned<String>>,
    #[serde(default)]
    variant: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    text: Spanned<toml::Value>,
    label: Option<String>,
    pole: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
    poles: Option<Spanned<BTreeMap<String, f64>>>,
    case_sensitive: Option<bool>,
    #[serde(default)]
    exclude: Vec<String>,
    frame: Option<Spanned<String>>,
    note: Option<String>,
}

/// One lexicon file's text, ready to parse.
pub(crate) struct SourceText {
    pub info: LexiconInfo,
    pub text: String,
}

/// Line (1-based) of byte offset `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Collects diagnostics for one file at a time.
struct Report<'a> {
    file: &'a str,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Report<'_> {
    fn at(&mut self, severity: Severity, span: std::ops::Range<usize>, message: String) {
        self.out.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            line: Some(line_of(self.text, span.start)),
            message,
        });
    }

    fn error<T>(&mut self, s: &Spanned<T>, message: String) {
        self.at(Severity::Error, s.span(), message);
    }
}

/// Parses and resolves `sources` as one set. Problems, errors and warnings
/// alike, go to `diags`; the set is only usable when none is an error.
pub(crate) fn resolve(sources: &[SourceText], diags: &mut Vec<Diagnostic>) -> LexiconSet {
    let mut parsed = Vec::new();
    for (k, src) in sources.iter().enumerate() {
        match toml::from_str::<RawFile>(&src.text) {
            Ok(raw) => parsed.push((k, raw)),
            Err(e) => diags.push(Diagnostic {
                severity: Severity::Error,
                file: src.info.source.clone(),
                line: e.span().map(|s| line_of(&src.text, s.start)),
                message: e.message().trim().to_string(),
            }),
        }
    }
    let mut set = LexiconSet {
        lexicons: sources.iter().map(|s| s.info.clone()).collect(),
        ..LexiconSet::default()
    };
    // First pass: everything an entry can refer to, across all files.
    let mut poles: HashMap<String, (usize, bool)> = HashMap::new();
    let mut frames: HashMap<String, usize> = HashMap::new();
    let mut slot_ids: HashMap<String, usize> = HashMap::new();
    for (k, raw) in &parsed {
        let src = &sources[*k];
        let mut r = Report {
            file: &src.info.source,
            text: &src.text,
            out: diags,
        };
        let name = raw.lexicon.name.get_ref();
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            r.error(
                &raw.lexicon.name,
                format!("lexicon name `{name}` must use only a-z, 0-9, `-` and `_`"),
            );
        }
        set.lexicons[*k].name = name.clone();
        set.lexicons[*k].version = raw.lexicon.version.clone();
        set.lexicons[*k].language = raw.lexicon.language.clone();
        set.lexicons[*k].description = raw.lexicon.description.clone();
        set.lexicons[*k].license = raw.lexicon.license.clone();
        for a in &raw.axis {
            check_id(&mut r, &a.id, "axis");
            if set.axes.iter().any(|x| x.id == *a.id.get_ref()) {
                r.error(&a.id, format!("axis `{}` is defined twice", a.id.get_ref()));
            }
            for (p, positive) in [(&a.negative, false), (&a.positive, true)] {
                check_id(&mut r, &p.id, "pole");
                if poles
                    .insert(p.id.get_ref().clone(), (set.axes.len(), positive))
                    .is_some()
                {
                    r.error(&p.id, format!("pole `{}` is defined twice", p.id.get_ref()));
                }
            }
            set.axes.push(Axis {
                id: a.id.get_ref().clone(),
                label: a.label.clone().unwrap_or_else(|| a.id.get_ref().clone()),
                description: a.description.clone(),
                negative: pole(&a.negative),
                positive: pole(&a.positive),
                lexicon: *k,
            });
        }
        for f in &raw.frame {
            check_id(&mut r, &f.id, "frame");
            if frames
                .insert(f.id.get_ref().clone(), set.frames.len())
                .is_some()
            {
                r.error(&f.id, format!("frame `{}` is defined twice", f.id.get_ref()));
            }
            set.frames.push(Frame {
                id: f.id.get_ref().clone(),
                label: f.label.clone().unwrap_or_else(|| f.id.get_ref().clone()),
                description: f.description.clone(),
                note: f.note.clone(),
                lexicon: *k,
            });
        }
        for s in &raw.slot {
            check_id(&mut r, &s.id, "slot");
            if slot_ids
                .insert(s.id.get_ref().clone(), set.slots.len())
                .is_some()
            {
                r.error(&s.id, format!("slot `{}` is defined twice", s.id.get_ref()));
            }
            set.slots.push(Slot {
                id: s.id.get_ref().clone(),
                label: s.label.clone().unwrap_or_else(|| s.id.get_ref().clone()),
                description: s.description.clone(),
                note: s.note.clone(),
                variants: Vec::new(),
                lexicon: *k,
            });
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (k, _) in &parsed {
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
    // Second pass: the entries.
    let refs = Refs {
        poles: &poles,
        frames: &frames,
    };
    let mut frame_at = 0;
    let mut slot_at = 0;
    for (k, raw) in &parsed {
        let src = &sources[*k];
        let mut r = Report {
            file: &src.info.source,
            text: &src.text,
            out: diags,
        };
        for f in &raw.frame {
            let inherited = refs.frame_pole(&mut r, f);
            let frame = frame_at;
            frame_at += 1;
            if f.term.is_empty() {
                r.at(
                    Severity::Info,
                    f.id.span(),
                    format!("frame `{}` has no terms of its own", f.id.get_ref()),
                );
            }
            for t in &f.term {
                if let Some(fr) = &t.frame {
                    r.error(fr, "`frame` belongs on slot variants; a frame's terms are already in it".into());
                }
                if let Some(e) = refs.entry(&mut r, t, *k, Some(frame), None, inherited.as_ref()) {
                    set.entries.push(e);
                }
            }
        }
        for s in &raw.slot {
            let slot = slot_at;
            slot_at += 1;
            if s.variant.len() < 2 {
                r.error(
                    &s.id,
                    format!("slot `{}` needs at least two variants", s.id.get_ref()),
                );
            }
            let slot_frame = s.frame.as_ref().and_then(|f| refs.frame(&mut r, f));
            for v in &s.variant {
                let frame = match &v.frame {
                    Some(f) => refs.frame(&mut r, f),
                    None => slot_frame,
                };
                if let Some(e) = refs.entry(&mut r, v, *k, frame, Some(slot), None) {
                    set.slots[slot].variants.push(set.entries.len());
                    set.entries.push(e);
                }
            }
        }
    }
    check_forms(&set, sources, diags);
    set
}

fn pole(p: &RawPole) -> Pole {
    Pole {
        id: p.id.get_ref().clone(),
        label: p.label.clone().unwrap_or_else(|| p.id.get_ref().clone()),
    }
}

fn check_id(r: &mut Report, id: &Spanned<String>, what: &str) {
    if !valid_id(id.get_ref()) {
        r.error(
            id,
            format!(
                "{what} id `{}` must use only a-z, 0-9 and `_`",
                id.get_ref()
            ),
        );
    }
}

struct Refs<'a> {
    poles: &'a HashMap<String, (usize, bool)>,
    frames: &'a HashMap<String, usize>,
}

impl Refs<'_> {
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
                r.error(w, format!("weight must be a number > 0, not {}", w.get_ref()));
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

    fn entry(
        &self,
        r: &mut Report,
        raw: &RawEntry,
        lexicon: usize,
        frame: Option<usize>,
        slot: Option<usize>,
        inherited: Option<&PoleWeight>,
    ) -> Option<Entry> {
        let line = line_of(r.text, raw.text.span().start);
        let forms = forms(r, &raw.text, line)?;
        let poles = match (&raw.pole, &raw.poles) {
            (Some(_), Some(ps)) => {
                r.error(ps, "give either `pole` or `poles`, not both".into());
                Vec::new()
            }
            (None, Some(ps)) => {
                if raw.weight.is_some() {
                    r.error(ps, "with `poles`, each pole carries its own weight; drop `weight`".into());
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
        };
        if raw.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            r.at(
                Severity::Warning,
                raw.text.span(),
                format!("`{}` has no note saying why it belongs", forms[0].display()),
            );
        }
        Some(Entry {
            label: raw.label.clone().unwrap_or_else(|| forms[0].display()),
            forms,
            frame,
            slot,
            poles,
            case_sensitive: raw.case_sensitive.unwrap_or(false),
            exclude: raw.exclude.clone(),
            note: raw.note.clone(),
            lexicon,
            line,
        })
    }
}

/// The surface forms of an entry's `text`: a string or an array of strings.
fn forms(r: &mut Report, text: &Spanned<toml::Value>, line: usize) -> Option<Vec<Form>> {
    let raw: Vec<&str> = match text.get_ref() {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) if !items.is_empty() => {
            let strings: Option<Vec<&str>> = items.iter().map(|v| v.as_str()).collect();
            match strings {
                Some(s) => s,
                None => {
                    r.error(text, "`text` must be a string or an array of strings".into());
                    return None;
                }
            }
        }
        _ => {
            r.error(
                text,
                "`text` must be a string or a non-empty array of strings".into(),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    for s in raw {
        let s = s.trim();
        let (body, glob) = match s.strip_suffix('*') {
            Some(b) => (b.trim_end(), true),
            None => (s, false),
        };
        if body.contains('*') {
            r.error(
                text,
                format!("`{s}`: `*` is allowed only at the end of a form"),
            );
            continue;
        }
        out.push(Form {
            text: body.to_string(),
            glob,
            line,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// Problems that need the whole set: forms that cannot match, duplicates.
fn check_forms(set: &LexiconSet, sources: &[SourceText], diags: &mut Vec<Diagnostic>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate() {
        let key = crate::features::entry_key(set, e);
        if let Some(first) = names.insert(key.clone(), ei) {
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: sources[e.lexicon].info.source.clone(),
                line: Some(e.line),
                message: format!(
                    "two entries are named `{key}` (the other at line {}); give them distinct labels",
                    set.entries[first].line
                ),
            });
        }
    }
    let mut seen: HashMap<(String, bool), (usize, usize)> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate() {
        let file = &sources[e.lexicon].info.source;
        let mut push = |severity, line, message| {
            diags.push(Diagnostic {
                severity,
                file: file.clone(),
                line: Some(line),
                message,
            })
        };
        // Exclusions are matched case-insensitively, whatever the entry.
        let excludes: Vec<String> = e.exclude.iter().map(|x| normalize_form(x, true)).collect();
        for x in e.exclude.iter().zip(&excludes) {
            if x.1.is_empty() {
                push(Severity::Error, e.line, format!("exclusion `{}` is empty after normalization", x.0));
            }
        }
        for f in &e.forms {
            let norm = normalize_form(&f.text, true);
            if !norm.chars().any(char::is_alphanumeric) {
                push(
                    Severity::Error,
                    f.line,
                    format!("`{}` has no letter or digit after normalization and cannot match", f.display()),
                );
                continue;
            }
            if f.glob && norm.chars().count() < 3 {
                push(
                    Severity::Warning,
                    f.line,
                    format!("`{}`: a glob stem this short matches many unrelated words", f.display()),
                );
            }
            if !f.glob && excludes.contains(&norm) {
                push(
                    Severity::Error,
                    f.line,
                    format!("`{}` is vetoed by its own exclusion and can never match", f.display()),
                );
            }
            let key = (
                if e.case_sensitive {
                    normalize_form(&f.text, false)
                } else {
                    norm
                },
                f.glob,
            );
            if let Some((pe, pline)) = seen.insert(key, (ei, f.line)) {
                let other = &set.entries[pe];
                let where_ = if other.lexicon == e.lexicon {
                    format!("line {pline}")
                } else {
                    format!("{}:{pline}", sources[other.lexicon].info.source)
                };
                push(
                    Severity::Error,
                    f.line,
                    format!(
                        "`{}` is the same form as `{}` ({where_}) after normalization",
                        f.display(),
                        other.forms.iter().find(|o| o.line == pline).map_or_else(|| other.label.clone(), Form::display)
                    ),
                );
            }
        }
    }
}
