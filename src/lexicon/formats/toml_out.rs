//! Conversion between a [`Dictionary`] and slant's TOML lexicons:
//! [`to_toml`] writes one, [`from_set`] takes a loaded one apart again.

use std::collections::{HashMap, HashSet};

use super::{excerpt, DictTerm, Dictionary};
use crate::lexicon::{Diagnostic, Severity};
use crate::lexicon::{Entry, LexiconSet, Slot};
use crate::text::normalize_form;

/// One entry of the TOML output: a distinct term by slant normalization.
struct Out<'d> {
    /// The form written: the stem, and `*` for a glob.
    text: String,
    /// Categories it counts in; the first is its frame.
    cats: Vec<usize>,
    /// Every occurrence: category and term as found.
    seen: Vec<(usize, &'d DictTerm)>,
}

/// A dictionary as slant TOML.
#[derive(Debug, Clone)]
pub struct TomlOut {
    /// The TOML text.
    pub text: String,
    /// One warning per term left out, naming the source and the term's line.
    pub omitted: Vec<Diagnostic>,
    /// For each line of `text` (index 0 = line 1), the line of the source
    /// dictionary it comes from: a term's first occurrence, or for a
    /// frame, its first term; None for lines of no one term.
    pub lines: Vec<Option<usize>>,
}

/// The text of [`TomlOut`], with the source line of every line written.
struct Lines {
    text: String,
    lines: Vec<Option<usize>>,
}

impl Lines {
    fn push(&mut self, chunk: &str, from: Option<usize>) {
        self.text.push_str(chunk);
        let n = chunk.bytes().filter(|&b| b == b'\n').count();
        self.lines.extend(std::iter::repeat_n(from, n));
    }
}

/// Converts to slant's TOML lexicon text: one `[[frame]]` per category that
/// holds a convertible term, or per category when `keep_empty` (id from the name, `[a-z0-9_]`, made unique;
/// label = the name; a description naming the source), one entry per
/// distinct term by slant normalization, in the frame of its first
/// category with `also` listing the others, each with a note naming the
/// source, categories, lines and WordStat weights. Weights stay in notes: a
/// weight without a pole means nothing in slant. `[lexicon] name` is
/// `d.name` reduced to `[a-z0-9_-]`.
///
/// Terms slant cannot hold without an error or warning at load are left
/// out and listed in comments at the top: `*` other than at the end
/// (quanteda's `*deceit*`), no letter or digit, a wildcard stem shorter
/// than 3 characters. A run of trailing `*` is one `*`. The output loads
/// with [`crate::lexicon::load_str`] without errors or warnings.
///
/// The warnings of the terms left out are returned for the caller to show.
pub fn to_toml(d: &Dictionary, source: &str, keep_empty: bool) -> TomlOut {
    let terms = distinct_terms(d, source);
    let ids = frame_ids(d, &terms.outs, keep_empty);
    let mut out = Lines {
        text: String::new(),
        lines: Vec::new(),
    };
    write_head(&mut out, d, source, &ids, &terms);
    for (ci, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        write_frame(&mut out, d, source, (ci, id), &terms.outs, &ids);
    }
    TomlOut {
        text: out.text,
        omitted: terms.omitted,
        lines: out.lines,
    }
}

/// A dictionary's terms, one [`Out`] per distinct term, and those left out.
struct Terms<'d> {
    outs: Vec<Out<'d>>,
    /// A comment line for each term left out, in step with `omitted`.
    skipped: Vec<String>,
    omitted: Vec<Diagnostic>,
}

/// Merges the terms of all categories by slant normalization, in the order
/// first seen, and sets aside those slant cannot hold.
fn distinct_terms<'d>(d: &'d Dictionary, source: &str) -> Terms<'d> {
    let mut outs: Vec<Out> = Vec::new();
    let mut by_key: HashMap<(String, bool), usize> = HashMap::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut omitted: Vec<Diagnostic> = Vec::new();
    for (ci, c) in d.categories.iter().enumerate() {
        for t in &c.terms {
            let (stem, glob) = match canonical(&t.text) {
                Ok(x) => x,
                Err(why) => {
                    omitted.push(Diagnostic {
                        severity: Severity::Warning,
                        file: source.to_string(),
                        line: Some(t.line),
                        message: format!(
                            "term `{}` of category `{}` left out: {why}",
                            excerpt(&t.text),
                            excerpt(&c.name)
                        ),
                    });
                    skipped.push(format!(
                        "`{}` (category `{}`, line {}): {why}",
                        excerpt(&t.text),
                        excerpt(&c.name),
                        t.line
                    ));
                    continue;
                }
            };
            let key = (normalize_form(&stem, true), glob);
            let k = *by_key.entry(key).or_insert_with(|| {
                outs.push(Out {
                    text: if glob { format!("{stem}*") } else { stem },
                    cats: Vec::new(),
                    seen: Vec::new(),
                });
                outs.len() - 1
            });
            if !outs[k].cats.contains(&ci) {
                outs[k].cats.push(ci);
            }
            outs[k].seen.push((ci, t));
        }
    }
    Terms {
        outs,
        skipped,
        omitted,
    }
}

/// The frame id of each category that becomes a frame (one holding a term,
/// or any when `keep_empty`): from its name, made unique with `_2`, `_3`...
fn frame_ids(d: &Dictionary, outs: &[Out], keep_empty: bool) -> Vec<Option<String>> {
    let mut used = vec![keep_empty; d.categories.len()];
    for &ci in outs.iter().flat_map(|o| &o.cats) {
        used[ci] = true;
    }
    let mut ids: Vec<Option<String>> = vec![None; d.categories.len()];
    let mut taken: HashSet<String> = HashSet::new();
    for (ci, c) in d.categories.iter().enumerate().filter(|(ci, _)| used[*ci]) {
        let base = sanitize(&c.name, false, "category");
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids[ci] = Some(id);
    }
    ids
}

/// The comments at the top (counts, the terms left out) and `[lexicon]`.
fn write_head(
    out: &mut Lines,
    d: &Dictionary,
    source: &str,
    ids: &[Option<String>],
    terms: &Terms,
) {
    out.push(
        &format!(
            "# Converted by slant from {}: {} categories, {} entries.\n",
            source.escape_debug(),
            ids.iter().flatten().count(),
            terms.outs.len()
        ),
        None,
    );
    if !terms.omitted.is_empty() {
        out.push(
            &format!(
                "# Not converted ({} terms slant cannot express):\n",
                terms.omitted.len()
            ),
            None,
        );
        for (s, o) in terms.skipped.iter().zip(&terms.omitted) {
            out.push(&format!("#   {s}\n"), o.line);
        }
    }
    out.push(
        &format!(
            "\n[lexicon]\nname = {}\ndescription = {}\n",
            toml_str(&sanitize(&d.name, true, "dictionary")),
            toml_str(&format!("Converted by slant from {source}."))
        ),
        None,
    );
}

/// Category `ci` as a `[[frame]]` with id `id`, and the terms whose first
/// category it is.
fn write_frame(
    out: &mut Lines,
    d: &Dictionary,
    source: &str,
    (ci, id): (usize, &str),
    outs: &[Out],
    ids: &[Option<String>],
) {
    let c = &d.categories[ci];
    let terms: Vec<&Out> = outs
        .iter()
        .filter(|o| o.cats.first() == Some(&ci))
        .collect();
    let first = c.terms.first().map(|t| t.line);
    out.push(
        &format!(
            "\n[[frame]]\nid = {}\nlabel = {}\ndescription = {}\n",
            toml_str(id),
            toml_str(&c.name),
            toml_str(&format!("Category `{}` of {source}.", c.name))
        ),
        first,
    );
    for o in terms {
        let line = o.seen.first().map(|(_, t)| t.line);
        out.push(
            &format!("\n[[frame.term]]\ntext = {}\n", toml_str(&o.text)),
            line,
        );
        if o.cats.len() > 1 {
            let also: Vec<String> = o.cats[1..]
                .iter()
                .filter_map(|&c| ids[c].as_deref().map(toml_str))
                .collect();
            out.push(&format!("also = [{}]\n", also.join(", ")), line);
        }
        out.push(&format!("note = {}\n", toml_str(&note(d, o, source))), line);
    }
}

/// The stem and glob flag slant will read from `term`, or why it cannot.
pub(super) fn canonical(term: &str) -> Result<(String, bool), &'static str> {
    let mut stem = term.trim();
    let mut glob = false;
    while let Some(s) = stem.strip_suffix('*') {
        stem = s.trim_end();
        glob = true;
    }
    if stem.contains('*') {
        return Err("slant allows `*` only at the end of a term");
    }
    let norm = normalize_form(stem, true);
    if !norm.chars().any(char::is_alphanumeric) {
        return Err("no letter or digit to match");
    }
    if glob && norm.chars().count() < 3 {
        return Err("a wildcard stem shorter than 3 characters matches too many unrelated words");
    }
    Ok((stem.to_string(), glob))
}

fn note(d: &Dictionary, o: &Out, source: &str) -> String {
    let name = |ci: usize| d.categories.get(ci).map_or("", |c| c.name.as_str());
    let places: Vec<String> = o
        .cats
        .iter()
        .map(|&ci| {
            let at: Vec<String> = o
                .seen
                .iter()
                .filter(|(c, _)| *c == ci)
                .map(|(_, t)| match t.weight {
                    Some(w) => format!("line {}, weight {w}", t.line),
                    None => format!("line {}", t.line),
                })
                .collect();
            format!("`{}` ({})", name(ci), at.join("; "))
        })
        .collect();
    let mut note = if places.len() == 1 {
        format!("From {source}: category {}.", places.join(""))
    } else {
        format!("From {source}: categories {}.", places.join(", "))
    };
    for (_, t) in &o.seen {
        if t.text.trim() != o.text {
            note.push_str(&format!(" Written `{}` at line {}.", t.text.trim(), t.line));
        }
    }
    note
}

/// `s` reduced to `[a-z0-9_]` (and `-` when `dash`), runs of others as one
/// `_`, trimmed of `_` and `-`; `fallback` when nothing is left.
fn sanitize(s: &str, dash: bool, fallback: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let mut out = String::new();
    // Accents go (`économie` -> `economie`); other scripts leave nothing.
    for c in s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        let keep = c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (dash && c == '-');
        if keep {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches(|c| c == '_' || c == '-');
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.to_string()
    }
}

/// `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inverse of [`to_toml`]: a dictionary from lexicon `lexicon` of
/// `set`. Categories are its frames in order, named by label (`label (id)`
/// when two share a label); terms are the forms of the entries that count
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
    let mut labels: HashMap<&str, usize> = HashMap::new();
    for &f in &frames {
        *labels.entry(set.frames[f].label.as_str()).or_default() += 1;
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
        let name = if labels.get(fr.label.as_str()).copied().unwrap_or(0) > 1 {
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
