//! Checks that need more than one entry or a corpus: forms that overlap, and
//! forms that matched nothing.

use super::set::LexiconSet;
use super::{Diagnostic, Severity};
use crate::text::{is_word_char, normalize_form};

/// Whether `needle` occurs in `hay` starting on a word boundary, and (unless
/// `prefix`) ending on one.
fn contains_word(hay: &str, needle: &str, prefix: bool) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before_ok = !hay[..i].chars().next_back().is_some_and(is_word_char);
        let after_ok = prefix
            || !hay[i + needle.len()..]
                .chars()
                .next()
                .is_some_and(is_word_char);
        before_ok && after_ok
    })
}

/// Pairs of forms where one can match inside the other. Leftmost-longest
/// resolution decides such cases, so these are notes, not errors: the
/// researcher should know that `annexation` is not counted inside
/// `illegal annexation`.
pub fn overlaps(set: &LexiconSet) -> Vec<Diagnostic> {
    let forms: Vec<(usize, usize, String)> = set
        .entries
        .iter()
        .enumerate()
        .flat_map(|(ei, e)| {
            e.forms
                .iter()
                .enumerate()
                .map(move |(fi, f)| (ei, fi, normalize_form(&f.text, true)))
        })
        .collect();
    let mut out = Vec::new();
    for (ei, fi, long) in &forms {
        for (ej, fj, short) in &forms {
            if (ei, fi) == (ej, fj) || short.len() > long.len() {
                continue;
            }
            let (le, se) = (&set.entries[*ei], &set.entries[*ej]);
            let (lf, sf) = (&le.forms[*fi], &se.forms[*fj]);
            if short == long && lf.glob == sf.glob {
                continue; // an exact duplicate is reported as an error at load
            }
            if !contains_word(long, short, sf.glob) {
                continue;
            }
            let file = &set.lexicons[le.lexicon].source;
            let other = if se.lexicon == le.lexicon {
                format!("line {}", sf.line)
            } else {
                format!("{}:{}", set.lexicons[se.lexicon].source, sf.line)
            };
            let message = if sf.glob {
                format!(
                    "`{}` ({other}) also matches within `{}`; where both could match, the longer or exact form wins",
                    sf.display(),
                    lf.display()
                )
            } else {
                format!(
                    "`{}` contains `{}` ({other}); where it occurs, only `{}` is counted",
                    lf.display(),
                    sf.display(),
                    lf.display()
                )
            };
            out.push(Diagnostic {
                severity: Severity::Info,
                file: file.clone(),
                line: Some(lf.line),
                message,
            });
        }
    }
    out
}

/// Forms with no match in a corpus, given match counts per entry and form
/// (`counts[entry][form]`): one warning per entry, naming its forms that
/// matched nothing.
pub fn unmatched_forms(set: &LexiconSet, counts: &[Vec<u64>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (e, c) in set.entries.iter().zip(counts) {
        let none: Vec<String> = e
            .forms
            .iter()
            .zip(c)
            .filter(|(_, n)| **n == 0)
            .map(|(f, _)| format!("`{}`", f.display()))
            .collect();
        let message = match none.len() {
            0 => continue,
            n if n == e.forms.len() && n > 1 => {
                format!("`{}`: none of its {n} forms matched in the corpus", e.label)
            }
            _ => format!("{} matched nothing in the corpus", none.join(", ")),
        };
        out.push(Diagnostic {
            severity: Severity::Warning,
            file: set.lexicons[e.lexicon].source.clone(),
            line: Some(e.line),
            message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_containment() {
        assert!(contains_word("illegal annexation", "annexation", false));
        assert!(!contains_word("illegal annexations", "annexation", false));
        assert!(contains_word("illegal annexations", "annexation", true));
        assert!(!contains_word("kievan rus", "kiev", false));
        assert!(contains_word("kiev regime", "kiev", false));
    }
}
