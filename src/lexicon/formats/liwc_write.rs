//! Writing LIWC `.dic`, and the check every line-based writer shares.

use std::collections::{HashMap, HashSet};

use super::liwc::has_marker;
use super::{excerpt, Dictionary};

/// Writes LIWC .dic: categories numbered in order (empty ones included),
/// then one line per distinct term with the ids of its categories. Err
/// names what .dic cannot hold: weights other than 1, names or terms with
/// tabs or line breaks, surrounding white space, empty ones, terms that
/// would read as `%` or as LIWC2007 codes, and a term twice in a category
/// (ignoring case).
///
/// A term whose last word is a number (`Article 5`, `catch 22`) would read
/// back as a term and a category id if that number were an id (slant and
/// quanteda read `term 5<TAB>2` so). Ids are therefore numbered from 1
/// skipping every such number, as LIWC allows (LIWC2015's own ids are not
/// contiguous), and the term is written as it is.
pub fn write_liwc(d: &Dictionary) -> Result<String, String> {
    super::no_case_twins(d)?;
    let mut out = String::from("%\n");
    let mut names = HashSet::new();
    let ids = category_ids(d);
    for (c, id) in d.categories.iter().zip(&ids) {
        check_text(&c.name, "category name")?;
        if !names.insert(c.name.as_str()) {
            return Err(format!("two categories are named `{}`", excerpt(&c.name)));
        }
        out.push_str(&format!("{id}\t{}\n", c.name));
    }
    out.push_str("%\n");
    let mut order: Vec<&str> = Vec::new();
    let mut cats: HashMap<&str, Vec<u64>> = HashMap::new();
    for (k, c) in d.categories.iter().enumerate() {
        let mut seen = HashSet::new();
        for t in &c.terms {
            check_text(&t.text, "term")?;
            if t.text == "%" || has_marker(&t.text) {
                return Err(format!(
                    "term `{}` would be read as LIWC syntax, not as a term",
                    excerpt(&t.text)
                ));
            }
            if let Some(w) = t.weight.filter(|w| *w != 1.0) {
                return Err(format!(
                    "term `{}` of `{}` has weight {w}; a LIWC .dic has no weights",
                    excerpt(&t.text),
                    excerpt(&c.name)
                ));
            }
            if !seen.insert(t.text.to_lowercase()) {
                return Err(format!(
                    "category `{}` holds `{}` twice (ignoring case); LIWC would read it once",
                    excerpt(&c.name),
                    excerpt(&t.text)
                ));
            }
            cats.entry(t.text.as_str())
                .or_insert_with(|| {
                    order.push(&t.text);
                    Vec::new()
                })
                .push(ids[k]);
        }
    }
    for term in order {
        out.push_str(term);
        for id in cats.get(term).into_iter().flatten() {
            out.push_str(&format!("\t{id}"));
        }
        out.push('\n');
    }
    Ok(out)
}

/// The number a term's last word is, if it is one after another word
/// (`Article 5` -> 5).
fn trailing_number(term: &str) -> Option<u64> {
    let (_, last) = term.rsplit_once(char::is_whitespace)?;
    last.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| last.parse().ok())
        .flatten()
}

/// Category ids from 1 in order, skipping every number a term ends in.
fn category_ids(d: &Dictionary) -> Vec<u64> {
    let taken: HashSet<u64> = d
        .categories
        .iter()
        .flat_map(|c| &c.terms)
        .filter_map(|t| trailing_number(&t.text))
        .collect();
    let mut next = 1;
    d.categories
        .iter()
        .map(|_| {
            while taken.contains(&next) {
                next += 1;
            }
            next += 1;
            next - 1
        })
        .collect()
}

/// A name or term a line-based format can hold: non-empty, trimmed, on one
/// line, without tabs.
pub(crate) fn check_text(s: &str, what: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err(format!("an empty {what} cannot be written"));
    }
    if s.trim() != s {
        return Err(format!(
            "{what} `{}` starts or ends with white space, which would be trimmed",
            excerpt(s)
        ));
    }
    if s.contains(['\t', '\r', '\n']) {
        return Err(format!(
            "{what} `{}` holds a tab or a line break",
            excerpt(s)
        ));
    }
    Ok(())
}
