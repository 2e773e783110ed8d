//! Lexicoder `.lc3` (Lexicoder 3; the Lexicoder Sentiment Dictionary,
//! LSD2015): a `+category` line, optionally with a display colour
//! (`+negative#AA0000`), then the category's entries, one per line, until
//! the next `+` line. Entries may be phrases (`a lie`, `beyond the pale`)
//! and end in a `*` wildcard (`abandon*`).
//!
//! Leading and trailing spaces: older Lexicoder dictionaries, the
//! Lexicoder Topic Dictionaries above all (`policy_agendas_english.lcd`,
//! whose entries quanteda #779 lists as ` aggregate demand `, ` econom`,
//! ` business cycle`), match entries as strings in running text, so spaces
//! are part of an entry and mark word boundaries: a leading space means the
//! entry begins at a word start, a trailing space that it ends at a word
//! end. ` food ` is the word `food`; ` econom` is any word beginning with
//! `econom` (economy, economic, economics). Trimming those spaces, as
//! quanteda does, turns ` econom` into the word `econom`, which never
//! occurs. So, for an entry that starts with a space:
//!
//! - it also ends with a space (or with `*`): read as written (`food`,
//!   `business cycle`, `econom*`);
//! - it does not: read as a prefix, `econom*`.
//!
//! slant always matches at a word start, so the leading space itself needs
//! nothing more. One note reports how many entries were read this way. An
//! entry without a leading space in such a file could match inside words
//! (`econom` in `socioeconomic`), which slant cannot do: it is read as a
//! word or phrase, with one warning. Files without leading spaces (LSD2015)
//! are word-based: entries are trimmed.
//!
//! A run of trailing `*` (LSD2015 has `heckl**`) is read as one, with a
//! warning. Entries before the first `+` line are errors, and so is a
//! line with a tab inside it (a table's columns, `abandon<TAB>-2`, read as
//! one phrase would never match).

use super::{excerpt, lines, Builder, Dictionary};
use crate::lexicon::{Diagnostic, Severity};

type Read = Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>>;

pub(super) fn read(text: &str, file: &str, name: &str) -> Read {
    let mut b = Builder::new(file);
    let mut current: Option<usize> = None;
    // whether a `+` line was met: entries under one in error are not
    // errors of their own
    let mut headed = false;
    let mut spacing = Spacing::default();
    for (n, raw) in lines(text) {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if t.contains('\t') {
            if t.starts_with('+') {
                (current, headed) = (None, true);
            }
            b.error(n, tabbed(t));
            continue;
        }
        if let Some(header) = t.strip_prefix('+') {
            current = category_line(&mut b, n, header);
            headed = true;
            continue;
        }
        let Some(k) = current else {
            if !headed {
                b.error(
                    n,
                    format!("`{}` comes before any `+category` line", excerpt(t)),
                );
            }
            continue;
        };
        if let Some(text) = spacing.entry(&mut b, n, raw) {
            b.add_or_warn(k, &text, None, n);
        }
    }
    spacing.report(&mut b);
    b.finish(name)
}

/// Why a line holding a tab (inside it: the spaces around an entry are
/// Lexicoder's word boundaries) is refused: it is a table, whose columns
/// would be read as one name or phrase.
fn tabbed(t: &str) -> String {
    match t.strip_prefix('+') {
        Some(_) => format!(
            "`{}` holds a tab: a category line is `+name` (with an optional `#RRGGBB` colour), and its entries go on the lines below it",
            excerpt(t)
        ),
        None => format!(
            "`{}` holds a tab: this looks like a table (term and score), not an entry of one word or phrase",
            excerpt(t)
        ),
    }
}

/// The category a `+` line (`header`: after the `+`) starts, or None after
/// an error: the entries that follow then belong to no category.
fn category_line(b: &mut Builder, n: usize, header: &str) -> Option<usize> {
    let cname = strip_colour(header.trim());
    if cname.is_empty() {
        b.error(n, "a `+` category line without a name".into());
        return None;
    }
    let (k, before) = b.category(cname, n);
    if let Some(at) = before {
        b.warn(
            n,
            format!(
                "category `{}` also starts at line {at}; the two are merged",
                excerpt(cname)
            ),
        );
    }
    Some(k)
}

/// The lines of entries with and without a leading space, for the notes on
/// the file's spacing convention at the end.
#[derive(Default)]
struct Spacing {
    spaced: Vec<usize>,
    unspaced: Vec<usize>,
    /// Spaced entries read as prefixes.
    opened: usize,
}

impl Spacing {
    /// The term of entry line `raw` (untrimmed: its spaces mark word
    /// boundaries), or None after an error.
    fn entry(&mut self, b: &mut Builder, n: usize, raw: &str) -> Option<String> {
        let t = raw.trim();
        let lead = raw.starts_with([' ', '\t']);
        let trail = raw.ends_with([' ', '\t']);
        let stem = t.trim_end_matches('*').trim_end();
        let stars = t.len() - t.trim_end_matches('*').len();
        if stem.is_empty() {
            b.error(n, format!("entry `{}` has no text", excerpt(t)));
            return None;
        }
        if stars > 1 {
            b.warn(
                n,
                format!("`{}`: the repeated `*` is read as one", excerpt(t)),
            );
        }
        if lead {
            self.spaced.push(n);
        } else {
            self.unspaced.push(n);
        }
        let prefix = lead && !trail && stars == 0;
        if prefix {
            self.opened += 1;
        }
        Some(if stars > 0 || prefix {
            format!("{stem}*")
        } else {
            stem.to_string()
        })
    }

    /// One note for the spaced entries and one warning for the others, in
    /// a file that uses spaces at all.
    fn report(&self, b: &mut Builder) {
        let Some(&first) = self.spaced.first() else {
            return;
        };
        b.diag(
            Severity::Warning,
            Some(first),
            format!(
                "{} entries start with a space (Lexicoder's mark of a word start); {} of them do not end with a space or `*`, so they match any word they begin and are read as prefixes (` econom` as `econom*`)",
                self.spaced.len(),
                self.opened
            ),
        );
        if let Some(&u) = self.unspaced.first() {
            b.warn(
                u,
                format!(
                    "{} entries do not start with a space; with this file's spacing convention Lexicoder could also match them inside words, which slant does not: they are read as words and phrases",
                    self.unspaced.len()
                ),
            );
        }
    }
}

/// A category name without its trailing `#RRGGBB` (or `#RGB`) colour. A
/// three-letter lower-case code (`+section#add`) is taken for part of the
/// name: `add` is a word before it is a colour.
fn strip_colour(name: &str) -> &str {
    if let Some(hash) = name.rfind('#') {
        let code = &name[hash + 1..];
        let word_like = code.len() == 3 && code.bytes().all(|c| c.is_ascii_lowercase());
        if matches!(code.len(), 3 | 6) && code.chars().all(|c| c.is_ascii_hexdigit()) && !word_like
        {
            return name[..hash].trim_end();
        }
    }
    name
}
