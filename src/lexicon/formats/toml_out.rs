//! Conversion of a [`Dictionary`] to slant's TOML lexicon: [`to_toml`].
//! The way back, from a loaded lexicon, is [`from_set`](super::from_set()).

use std::collections::{HashMap, HashSet};

use super::{excerpt, DictTerm, Dictionary};
use crate::lexicon::{Diagnostic, Severity};
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
    /// A warning naming the frame ids made unique by a number, if any.
    pub renamed: Option<Diagnostic>,
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
/// with [`crate::lexicon::load_str`] without errors or warnings (but the
/// one that a lexicon of no term matches nothing).
///
/// The warnings of the terms left out, and one naming frame ids made
/// unique by a number, are returned for the caller to show.
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
        renamed: made_up_ids(d, &ids, source),
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

/// One warning naming the categories whose frame id got a number to be
/// unique (`pos!` and `pos?` both reduce to `pos`; names in other scripts
/// to `category`): tables name frames by id, so the researcher should know
/// which is `pos_2`. None when no id was made up.
fn made_up_ids(d: &Dictionary, ids: &[Option<String>], source: &str) -> Option<Diagnostic> {
    let mut made: Vec<String> = Vec::new();
    for (c, id) in d.categories.iter().zip(ids) {
        let Some(id) = id else { continue };
        if *id != sanitize(&c.name, false, "category") {
            made.push(format!("`{}` is `{id}`", excerpt(&c.name)));
        }
    }
    let n = made.len();
    if n == 0 {
        return None;
    }
    let shown: Vec<String> = made.into_iter().take(5).collect();
    let more = if n > 5 {
        format!(" and {} more", n - 5)
    } else {
        String::new()
    };
    Some(Diagnostic {
        severity: Severity::Warning,
        file: source.to_string(),
        line: None,
        message: format!(
            "frame ids keep only a-z, 0-9 and `_`, and {n} categor{} reduce{} to an id already taken, so a number makes {} unique: {}{more} (the tables' `frame` column shows these ids; entries.csv the names)",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "s" } else { "" },
            if n == 1 { "it" } else { "them" },
            shown.join(", ")
        ),
    })
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
pub(super) fn sanitize(s: &str, dash: bool, fallback: &str) -> String {
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
