//! Writing LIWC `.dic`, and the check every line-based writer shares.

use std::collections::{HashMap, HashSet};

use super::liwc::has_marker;
use super::{excerpt, Dictionary};

/// Writes LIWC .dic: categories numbered from 1 in order (empty ones
/// included), then one line per distinct term with the ids of its
/// categories. Err names what .dic cannot hold: weights other than 1,
/// names or terms with tabs or line breaks, surrounding white space, empty
/// ones, terms that would read as `%` or as LIWC2007 codes, a term whose
/// last word is a category id, and a term twice in a category (ignoring
/// case).
pub fn write_liwc(d: &Dictionary) -> Result<String, String> {
    let mut out = String::from("%\n");
    let mut names = HashSet::new();
    for (k, c) in d.categories.iter().enumerate() {
        check_text(&c.name, "category name")?;
        if !names.insert(c.name.as_str()) {
            return Err(format!("two categories are named `{}`", excerpt(&c.name)));
        }
        out.push_str(&format!("{}\t{}\n", k + 1, c.name));
    }
    out.push_str("%\n");
    let mut order: Vec<&str> = Vec::new();
    let mut cats: HashMap<&str, Vec<usize>> = HashMap::new();
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
            // `catch 22` in a dictionary of 22 or more categories: readers
            // (slant, quanteda) take a last word that is a category id for
            // an id.
            if let Some((_, last)) = t.text.rsplit_once(char::is_whitespace) {
                if last.bytes().all(|b| b.is_ascii_digit())
                    && last
                        .parse::<usize>()
                        .is_ok_and(|id| (1..=d.categories.len()).contains(&id))
                {
                    return Err(format!(
                        "term `{}` ends in {last}, a category id, which LIWC readers take for an id",
                        excerpt(&t.text)
                    ));
                }
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
                .push(k + 1);
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
