//! Plain word lists (`.txt`, `.lst`): one term per line, as one category
//! named after the dictionary.
//!
//! - Blank lines are skipped.
//! - A line whose first non-blank character is `#` is a comment (so a
//!   hashtag cannot be a term of a word list; use YAML or TOML for those).
//! - The `;;`-comment header of Hu and Liu's opinion lexicon is skipped too:
//!   a line that is `;`, or starts with `;;` or `; `, is a comment
//!   (`;)` stays a term).
//! - A line holding a tab is an error: it is a table (AFINN's
//!   `abandon<TAB>-2`), not a word list, and reading it as one would keep
//!   the score as part of the term.

use super::liwc_write::check_text;
use super::{excerpt, lines, Builder, Dictionary};
use crate::lexicon::Diagnostic;

type Read = Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>>;

pub(super) fn read(text: &str, file: &str, name: &str) -> Read {
    let mut b = Builder::new(file);
    let cname = if name.trim().is_empty() {
        "words"
    } else {
        name.trim()
    };
    let (k, _) = b.category(cname, 1);
    for (n, raw) in lines(text) {
        let t = raw.trim();
        if t.is_empty() || is_comment(t) {
            continue;
        }
        if t.contains('\t') {
            b.error(
                n,
                format!(
                    "`{}` holds a tab: this looks like a table (term and score), not a word list of one term per line",
                    excerpt(t)
                ),
            );
            continue;
        }
        b.add_or_warn(k, t, None, n);
    }
    b.finish(name)
}

fn is_comment(t: &str) -> bool {
    t.starts_with('#') || t == ";" || t.starts_with(";;") || t.starts_with("; ")
}

/// Writes a plain word list: a `#` comment naming the category, then one
/// term per line. Err unless the dictionary has exactly one category, or
/// when a term cannot be written (weights other than 1, tabs, line breaks,
/// surrounding white space, a leading `#` or `;` comment mark, a repeat).
pub fn write_wordlist(d: &Dictionary) -> Result<String, String> {
    let [c] = d.categories.as_slice() else {
        return Err(format!(
            "a word list holds one category; this dictionary has {} (roll it up, or convert to YAML or LIWC)",
            d.categories.len()
        ));
    };
    let mut out = format!("# {}\n", c.name.escape_debug());
    let mut seen = std::collections::HashSet::new();
    for t in &c.terms {
        check_text(&t.text, "term")?;
        if is_comment(&t.text) {
            return Err(format!(
                "term `{}` would be read as a comment",
                excerpt(&t.text)
            ));
        }
        if let Some(w) = t.weight.filter(|w| *w != 1.0) {
            return Err(format!(
                "term `{}` has weight {w}; a word list has no weights",
                excerpt(&t.text)
            ));
        }
        if !seen.insert(t.text.to_lowercase()) {
            return Err(format!(
                "`{}` appears twice (ignoring case); a word list would read it once",
                excerpt(&t.text)
            ));
        }
        out.push_str(&t.text);
        out.push('\n');
    }
    Ok(out)
}
