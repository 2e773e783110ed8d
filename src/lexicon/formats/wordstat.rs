//! WordStat `.cat` (Provalis): categories nested by indentation, words
//! ending in a weight in parentheses.
//!
//! ```text
//! ECONOMY
//! <TAB>+STATE+
//! <TAB><TAB>ACCOMMODATION (1)
//! <TAB>-STATE-
//! <TAB><TAB>ASSETS (1)
//! <TAB>WELFARE (1)
//! ```
//!
//! - A line ending in a number in parentheses (`ART (1)`, `ART(2)`,
//!   `X (0.5)`) is a word with that weight; any other line is a category.
//! - Depth comes from indentation, tabs or spaces then tabs (quanteda's
//!   issue-459 file indents with three spaces and a tab). Tabs advance to
//!   the next multiple of 8 columns, so `   \t` and `\t` are the same depth;
//!   a line belongs to the nearest line above it that is indented less.
//! - Words may sit at the same level as sub-categories: they belong to the
//!   category above them (`WELFARE` is a word of `ECONOMY`).
//! - A category's name is its path: `ECONOMY.+STATE+`. Names keep their
//!   punctuation; words keep their case (WordStat matching ignores case).
//! - A category line that ends up with neither words nor sub-categories
//!   draws a warning: it is often a word written without its weight.

use super::{excerpt, lines, Builder, Dictionary};
use crate::lexicon::Diagnostic;

type Read = Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>>;

pub(super) fn read(text: &str, file: &str, name: &str) -> Read {
    let mut b = Builder::new(file);
    // (indent width, category, full name)
    let mut stack: Vec<(usize, usize, String)> = Vec::new();
    // (category, line) for categories with nothing under them yet
    let mut used: Vec<bool> = Vec::new();
    let mut declared: Vec<(usize, usize)> = Vec::new();
    for (n, raw) in lines(text) {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let width = indent_width(raw);
        while stack.last().is_some_and(|s| s.0 >= width) {
            stack.pop();
        }
        if let Some((word, weight)) = split_weight(t) {
            let Some(&(_, k, _)) = stack.last() else {
                b.error(
                    n,
                    format!(
                        "`{}` is a word (it ends in a weight) but no category line comes above it",
                        excerpt(t)
                    ),
                );
                continue;
            };
            if word.is_empty() {
                b.error(n, format!("`{}` has a weight but no word", excerpt(t)));
                continue;
            }
            mark(&mut used, k);
            b.add_or_warn(k, word, Some(weight), n);
            continue;
        }
        let full = match stack.last() {
            Some((_, parent, p)) => {
                mark(&mut used, *parent);
                format!("{p}.{t}")
            }
            None => t.to_string(),
        };
        let (k, before) = b.category(&full, n);
        match before {
            Some(at) => b.warn(
                n,
                format!(
                    "category `{}` also starts at line {at}; the two are merged",
                    excerpt(&full)
                ),
            ),
            None => declared.push((k, n)),
        }
        stack.push((width, k, full));
    }
    for (k, n) in declared {
        if !used.get(k).copied().unwrap_or(false) && !b.holds_terms(k) {
            let message = format!(
                "category `{}` holds no words; a word needs a weight such as `(1)` at the end of its line",
                excerpt(b.name_of(k))
            );
            b.warn(n, message);
        }
    }
    b.finish(name)
}

fn mark(used: &mut Vec<bool>, k: usize) {
    if used.len() <= k {
        used.resize(k + 1, false);
    }
    used[k] = true;
}

/// The column the text of `line` starts at, tabs advancing to the next
/// multiple of 8.
pub(crate) fn indent_width(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            '\t' => col = (col / 8 + 1) * 8,
            c if c.is_whitespace() => col += 1,
            _ => break,
        }
    }
    col
}

/// The word and weight of a trimmed line that ends in `(number)`.
fn split_weight(t: &str) -> Option<(&str, f64)> {
    let body = t.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = body[open + 1..].trim();
    let digits = inner.strip_prefix('-').unwrap_or(inner);
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.matches('.').count() <= 1
        && !digits.ends_with('.');
    if !numeric {
        return None;
    }
    let weight: f64 = inner.parse().ok().filter(|w: &f64| w.is_finite())?;
    Some((body[..open].trim(), weight))
}
