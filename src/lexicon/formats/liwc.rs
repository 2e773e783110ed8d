//! LIWC `.dic`: a `%` line, the category list (`id<TAB>name`), another `%`,
//! then one entry per line (`term<TAB>id id ...`).
//!
//! What is found in the wild, and how it is read:
//!
//! - Ids zero-padded or not (`01` and `1` are one id); ids separated by
//!   tabs, spaces or both; spaces before the tab; blank lines (also lines of
//!   white space only); CR, CRLF or LF line ends (LIWC2007 files saved on
//!   old Macs end lines with a bare CR, so the whole file is one line to
//!   readers that split at LF only: quanteda #238).
//! - A category line needs an id and a name; the name may hold spaces.
//!   Text after a further tab is ignored with a warning. Leading tabs nest
//!   a category under the previous less-indented one (the hierarchical
//!   LIWC2015 layout): its name becomes `parent.child`.
//! - An entry line without a tab is split where the trailing run of ids
//!   starts, so multi-word entries (`do unto others 12`) keep all words.
//! - An id not in the category list is an error at its line.
//! - The same term on several lines (MFD 1.0, LIWC2001): the lines' ids are
//!   merged, with a warning.
//! - LIWC2007 context-dependent codes, such as
//!   `like 02 134/125/464/253/250 (53 56)464/253/250`,
//!   `kind (02 134)125/464 126` or `<of>` alternatives, pick a word's
//!   categories from the word before or after it (`kind of`, `I like`).
//!   slant matches words, not their neighbours, and which code is
//!   unconditional is not documented, so such a line is left out with a
//!   warning naming it; quanteda instead drops the parentheses and assigns
//!   every number, which counts `like` in categories LIWC gives it only in
//!   some contexts.
//! - A file that does not start with `%` is rejected, with a hint when it
//!   is an encrypted LIWC2015 dictionary (quanteda #1950), an RTF document
//!   or a LIWC-22 `.dicx` table.

use std::collections::HashMap;

use super::{excerpt, lines, Builder, Dictionary};
use crate::lexicon::Diagnostic;

type Read = Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>>;

pub(super) fn read(text: &str, file: &str, name: &str) -> Read {
    let mut b = Builder::new(file);
    let lines = lines(text);
    let Some(i) = open_category_list(&mut b, &lines) else {
        return b.finish(name);
    };
    let mut list = CategoryList::default();
    let i = list.read(&mut b, &lines, i);
    read_entries(&mut b, &list.ids, &lines[i..]);
    b.finish(name)
}

/// The index of the line after the opening `%`, or None, after an error,
/// when the file does not start with `%` or the category list is never
/// closed (nothing after it could be read right).
fn open_category_list(b: &mut Builder, lines: &[(usize, &str)]) -> Option<usize> {
    let mut i = lines
        .iter()
        .position(|(_, l)| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let open = match lines.get(i) {
        None => {
            b.error(
                1,
                "the file is empty; a LIWC dictionary starts with a `%` line".into(),
            );
            return None;
        }
        Some(&(n, l)) if l.trim() != "%" => {
            b.error(n, not_liwc(l.trim()));
            return None;
        }
        Some(&(n, _)) => n,
    };
    i += 1;
    if !lines[i..].iter().any(|(_, l)| l.trim() == "%") {
        let first_entry = lines[i..].iter().find(|(_, l)| {
            !l.trim().is_empty() && !l.trim().starts_with(|c: char| c.is_ascii_digit())
        });
        let hint = match first_entry {
            Some((n, l)) => format!(" (line {n}, `{}`, looks like an entry)", excerpt(l.trim())),
            None => String::new(),
        };
        b.error(
            open,
            format!("the category list opened by `%` at line {open} is never closed by a second `%` line{hint}"),
        );
        return None;
    }
    Some(i)
}

/// The category list as read so far.
#[derive(Default)]
struct CategoryList {
    /// Category id -> (index in the dictionary, line).
    ids: HashMap<u64, (usize, usize)>,
    /// The categories the next line may nest under: (tab depth, full name).
    parents: Vec<(usize, String)>,
    /// Whether the note on nesting has been given; once is enough.
    nested: bool,
}

impl CategoryList {
    /// Reads the category lines from `lines[i..]` through the closing `%`;
    /// returns the index of the line after it.
    fn read(&mut self, b: &mut Builder, lines: &[(usize, &str)], mut i: usize) -> usize {
        while let Some(&(n, raw)) = lines.get(i) {
            i += 1;
            let t = raw.trim();
            if t.is_empty() {
                continue;
            }
            if t == "%" {
                break;
            }
            self.line(b, n, raw);
        }
        i
    }

    /// One category line (not blank), untrimmed: leading tabs nest it.
    fn line(&mut self, b: &mut Builder, n: usize, raw: &str) {
        let depth = raw
            .chars()
            .take_while(|c| c.is_whitespace())
            .filter(|&c| c == '\t')
            .count();
        let Some((id, cname)) = category_line(b, n, raw.trim()) else {
            return;
        };
        let full = self.nest(b, n, depth, cname);
        if let Some(&(_, at)) = self.ids.get(&id) {
            b.error(
                n,
                format!("category id {id} is defined twice (also at line {at})"),
            );
            return;
        }
        let (k, before) = b.category(&full, n);
        if let Some(at) = before {
            b.warn(
                n,
                format!("category `{full}` is also defined at line {at}; both ids count in it"),
            );
        }
        self.ids.insert(id, (k, n));
    }

    /// The full name of category `cname` at tab depth `depth`:
    /// `parent.child` under the nearest less indented line above.
    fn nest(&mut self, b: &mut Builder, n: usize, depth: usize, cname: &str) -> String {
        while self.parents.last().is_some_and(|p| p.0 >= depth) {
            self.parents.pop();
        }
        let full = match self.parents.last() {
            Some((_, p)) => format!("{p}.{cname}"),
            None => cname.to_string(),
        };
        if !self.nested && !self.parents.is_empty() {
            self.nested = true;
            b.diag(
                crate::lexicon::Severity::Info,
                Some(n),
                format!(
                    "category lines indented with tabs are read as nested under the less indented one above (`{}`)",
                    excerpt(&full)
                ),
            );
        }
        self.parents.push((depth, full.clone()));
        full
    }
}

/// The id and name of a category line (trimmed, not blank), or None, after
/// an error, when it is not one.
fn category_line<'t>(b: &mut Builder, n: usize, t: &'t str) -> Option<(u64, &'t str)> {
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let rest = &t[digits..];
    if digits > 0 && rest.trim().is_empty() {
        b.error(n, format!("category `{}` has no name", excerpt(t)));
        return None;
    }
    if digits == 0 || !rest.starts_with(char::is_whitespace) {
        b.error(
            n,
            format!(
                "expected a category line, a number then a tab and the name (`1<TAB>posemo`); found `{}`",
                excerpt(t)
            ),
        );
        return None;
    }
    let Ok(id) = t[..digits].parse::<u64>() else {
        b.error(
            n,
            format!("category id `{}` is too large", excerpt(&t[..digits])),
        );
        return None;
    };
    let rest = rest.trim();
    let (cname, extra) = match rest.split_once('\t') {
        Some((a, x)) => (a.trim(), x.trim()),
        None => (rest, ""),
    };
    if !extra.is_empty() {
        b.warn(
            n,
            format!(
                "text after the name of category {id} is ignored: `{}`",
                excerpt(extra)
            ),
        );
    }
    Some((id, cname))
}

/// The entry lines, after the category list.
fn read_entries(b: &mut Builder, ids: &HashMap<u64, (usize, usize)>, lines: &[(usize, &str)]) {
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for &(n, raw) in lines {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if t == "%" {
            b.error(n, "a third `%` line; a LIWC dictionary has two".into());
            continue;
        }
        entry(b, ids, &mut first_line, n, t);
    }
}

/// One entry line (trimmed, not blank).
fn entry(
    b: &mut Builder,
    ids: &HashMap<u64, (usize, usize)>,
    first_line: &mut HashMap<String, usize>,
    n: usize,
    t: &str,
) {
    let (term, codes) = term_and_codes(b, ids, n, t);
    if term.is_empty() {
        b.error(
            n,
            format!("entry `{}` has no term before its ids", excerpt(t)),
        );
        return;
    }
    let Some(cats) = entry_categories(b, ids, n, term, &codes) else {
        return;
    };
    if let Some(&at) = first_line.get(term) {
        b.warn(
            n,
            format!(
                "`{}` is also listed at line {at}; the categories of both lines are merged",
                excerpt(term)
            ),
        );
        for k in cats {
            let _ = b.add(k, term, None, n);
        }
        return;
    }
    first_line.insert(term.to_string(), n);
    for k in cats {
        b.add_or_warn(k, term, None, n);
    }
}

/// The term and the codes of entry line `t`.
fn term_and_codes<'t>(
    b: &mut Builder,
    ids: &HashMap<u64, (usize, usize)>,
    n: usize,
    t: &'t str,
) -> (&'t str, String) {
    let (mut term, codes) = split_entry(t);
    let mut codes = codes.to_string();
    // `abandon* 125<TAB>126`: ids before the tab, after a space. Trailing
    // words of the term that are all category ids are read as ids, as
    // quanteda reads them; a term such as `catch 22` keeps its number when
    // 22 is no category id.
    if t.contains('\t') {
        let (head, moved) = split_entry(term);
        let all_ids = !moved.is_empty()
            && moved.split_whitespace().all(|w| {
                w.bytes().all(|x| x.is_ascii_digit())
                    && w.parse::<u64>().is_ok_and(|id| ids.contains_key(&id))
            });
        if all_ids && !head.is_empty() {
            b.warn(
                n,
                format!(
                    "`{}` is read as the term `{}` with category ids {moved} before the tab",
                    excerpt(term),
                    excerpt(head)
                ),
            );
            codes = format!("{moved} {codes}");
            term = head;
        }
    }
    (term, codes)
}

/// The categories `codes` put `term` in, or None, after a warning or an
/// error, when the entry is left out.
fn entry_categories(
    b: &mut Builder,
    ids: &HashMap<u64, (usize, usize)>,
    n: usize,
    term: &str,
    codes: &str,
) -> Option<Vec<usize>> {
    let tokens: Vec<&str> = codes.split_whitespace().collect();
    if has_marker(term) || tokens.iter().any(|c| c.contains(['(', ')', '/', '<', '>'])) {
        b.warn(
            n,
            format!(
                "`{}` is left out: `{}` are LIWC2007 context-dependent codes (categories that depend on the word before or after), which slant cannot express; to keep the word, rewrite the line with plain category ids",
                excerpt(term),
                excerpt(codes)
            ),
        );
        return None;
    }
    if tokens.is_empty() {
        b.warn(
            n,
            format!("`{}` names no category and is left out", excerpt(term)),
        );
        return None;
    }
    let mut cats = Vec::new();
    for c in &tokens {
        if !c.bytes().all(|x| x.is_ascii_digit()) {
            b.error(
                n,
                format!(
                    "`{}`: `{}` is not a category id (ids are numbers from the category list)",
                    excerpt(term),
                    excerpt(c)
                ),
            );
            return None;
        }
        match c.parse::<u64>().ok().and_then(|id| ids.get(&id)) {
            Some(&(k, _)) => {
                if !cats.contains(&k) {
                    cats.push(k);
                }
            }
            None => {
                b.error(
                    n,
                    format!(
                        "`{}`: category id {c} is not in the category list",
                        excerpt(term)
                    ),
                );
                return None;
            }
        }
    }
    Some(cats)
}

/// The term and the codes of an entry line: split at the first tab, or,
/// without a tab, where the trailing run of id-like words starts.
fn split_entry(t: &str) -> (&str, &str) {
    if let Some((term, codes)) = t.split_once('\t') {
        return (term.trim(), codes.trim());
    }
    let mut cut = t.len();
    let mut end = t.len();
    while let Some(start) = t[..end].trim_end().rfind(char::is_whitespace) {
        let word = t[start..end].trim();
        if !code_like(word) {
            break;
        }
        cut = start;
        end = start;
    }
    // The first word of the line is always the term.
    (t[..cut].trim(), t[cut..].trim())
}

/// Whether `w` looks like ids or LIWC2007 codes: digits, `(`, `)`, `/`, and
/// `<word>` markers.
fn code_like(w: &str) -> bool {
    let stripped = strip_angle(w);
    !w.is_empty()
        && stripped
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | '/'))
        && (stripped.len() < w.len() || w.bytes().any(|c| c.is_ascii_digit()))
}

/// `w` without its `<letters>` markers.
fn strip_angle(w: &str) -> String {
    let mut out = String::new();
    let mut rest = w;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close) if close > 0 && after[..close].chars().all(char::is_alphabetic) => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// Whether a term carries a LIWC2007 marker: `<of>` or `(02 134)`.
pub(super) fn has_marker(term: &str) -> bool {
    if strip_angle(term).len() < term.len() {
        return true;
    }
    let mut rest = term;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find(')') {
            let inner = &after[..close];
            if !inner.trim().is_empty()
                && inner.chars().all(|c| c.is_ascii_digit() || c == ' ')
                && inner.bytes().any(|c| c.is_ascii_digit())
            {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// Why a first line that is not `%` is not a LIWC dictionary.
fn not_liwc(first: &str) -> String {
    let looks_encrypted = first.chars().count() >= 40
        && !first.contains(char::is_whitespace)
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    if looks_encrypted {
        "this file looks encrypted (long lines of letters and digits): LIWC2015 and later ship their built-in dictionaries encrypted, and only LIWC can read them; use a dictionary saved as a .dic text file".into()
    } else if first.starts_with("{\\rtf") {
        "this is an RTF document, not a text file; save the dictionary as plain text (in TextEdit: Format > Make Plain Text)".into()
    } else if first.to_ascii_lowercase().starts_with("dicterm,") {
        "this is a LIWC-22 dictionary table (.dicx, CSV), not a .dic; save it from LIWC as a .dic dictionary".into()
    } else {
        format!(
            "expected `%` on the first line (a LIWC .dic starts with `%`, the category list, and another `%`); found `{}`",
            excerpt(first)
        )
    }
}
