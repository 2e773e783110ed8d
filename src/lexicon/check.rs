//! Checks that need more than one entry or a corpus: forms that overlap, and
//! forms that matched nothing.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::set::{LexiconSet, Scope};
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
///
/// One automaton over every form finds, in one pass over each form, the
/// other forms it contains, so the check grows with the lexicon's size and
/// the overlaps found, not with its square.
pub fn overlaps(set: &LexiconSet) -> Vec<Diagnostic> {
    let forms = normalized_forms(set);
    let contained = contained_forms(&forms);
    let mut out = Vec::new();
    for (l, inside) in contained.iter().enumerate() {
        let (ei, fi, long) = &forms[l];
        for &s in inside {
            let (ej, fj, short) = &forms[s];
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
            out.push(overlap_note(set, (*ei, *fi), (*ej, *fj)));
        }
    }
    out
}

/// Every form of every entry, normalized for matching: (entry, form, text).
fn normalized_forms(set: &LexiconSet) -> Vec<(usize, usize, String)> {
    set.entries
        .iter()
        .enumerate()
        .flat_map(|(ei, e)| {
            e.forms
                .iter()
                .enumerate()
                .map(move |(fi, f)| (ei, fi, normalize_form(&f.text, true)))
        })
        .collect()
}

/// For each form, the indices (ascending) of the forms whose text occurs
/// somewhere inside it: candidates that [`contains_word`] then confirms.
fn contained_forms(forms: &[(usize, usize, String)]) -> Vec<Vec<usize>> {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (_, _, text)) in forms.iter().enumerate() {
        by_text.entry(text.as_str()).or_default().push(k);
    }
    // An empty form would occur everywhere; there are none after loading,
    // but they are left to the plain search rather than the automaton.
    let texts: Vec<&str> = by_text.keys().copied().filter(|t| !t.is_empty()).collect();
    let Ok(automaton) = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(&texts)
        .or_else(|_| AhoCorasick::new(&texts))
    else {
        return forms
            .iter()
            .map(|(_, _, long)| {
                (0..forms.len())
                    .filter(|&s| long.contains(forms[s].2.as_str()))
                    .collect()
            })
            .collect();
    };
    let empty: Vec<usize> = by_text.get("").cloned().unwrap_or_default();
    forms
        .iter()
        .map(|(_, _, long)| {
            let mut found: Vec<usize> = empty.clone();
            for m in automaton.find_overlapping_iter(long.as_str()) {
                found.extend(&by_text[texts[m.pattern().as_usize()]]);
            }
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect()
}

/// The note for form `short` (entry, form) occurring inside form `long`.
fn overlap_note(set: &LexiconSet, long: (usize, usize), short: (usize, usize)) -> Diagnostic {
    let (le, se) = (&set.entries[long.0], &set.entries[short.0]);
    let (lf, sf) = (&le.forms[long.1], &se.forms[short.1]);
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
    Diagnostic {
        severity: Severity::Info,
        file: file.clone(),
        line: Some(lf.line),
        message,
    }
}

/// How near a context's words must be, in words: "in the same document",
/// "within 2 paragraphs".
fn scope_words(scope: Scope) -> String {
    match scope {
        Scope::Document => "anywhere in the document".to_string(),
        Scope::Paragraphs(0) => "in the same paragraph".to_string(),
        Scope::Paragraphs(1) => "within 1 paragraph".to_string(),
        Scope::Paragraphs(n) => format!("within {n} paragraphs"),
    }
}

/// Forms with no match in a corpus, given match counts per entry and form
/// (`counts[entry][form]`): one warning per entry, naming its forms that
/// matched nothing.
///
/// `left_out` is how many matches the corpus left out for want of their
/// entry's context: when there were some, an entry that needs a context is
/// said to have matched nothing within reach of it (its forms may occur
/// elsewhere), not nothing in the corpus.
pub fn unmatched_forms(set: &LexiconSet, counts: &[Vec<u64>], left_out: u64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (e, c) in set.entries.iter().zip(counts) {
        let none: Vec<String> = e
            .forms
            .iter()
            .zip(c)
            .filter(|(_, n)| **n == 0)
            .map(|(f, _)| format!("`{}`", f.display()))
            .collect();
        // An entry that needs a context counts only near one of its words:
        // "matched nothing in the corpus" would read as "does not occur",
        // when the form may occur often in passages on something else (left
        // out, and counted in documents.csv's out_of_context).
        let context = e
            .context
            .filter(|_| left_out > 0)
            .and_then(|c| set.contexts.get(c));
        let place = match context {
            Some(c) => format!(
                "within reach of its context `{}` ({})",
                c.id,
                scope_words(c.scope)
            ),
            None => "in the corpus".to_string(),
        };
        let mut message = match none.len() {
            0 => continue,
            n if n == e.forms.len() && n > 1 => {
                format!("`{}`: none of its {n} forms matched {place}", e.label)
            }
            _ => format!("{} matched nothing {place}", none.join(", ")),
        };
        if context.is_some() {
            message.push_str(
                "; occurrences elsewhere are left out (counted in documents.csv's \
                 out_of_context; `slant kwic` lists them all)",
            );
        }
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

    /// The automaton finds exactly the forms a plain search of every pair
    /// finds (the quadratic way this check used to run).
    #[test]
    fn contained_forms_agree_with_a_search_of_every_pair() {
        let set = crate::lexicon::load(&crate::lexicon::LexiconSource::defaults())
            .unwrap()
            .set;
        let forms = normalized_forms(&set);
        let found = contained_forms(&forms);
        let mut pairs = 0;
        for (l, (_, _, long)) in forms.iter().enumerate() {
            let every: Vec<usize> = (0..forms.len())
                .filter(|&s| long.contains(forms[s].2.as_str()))
                .collect();
            pairs += every.len();
            assert_eq!(found[l], every, "forms inside `{long}`");
        }
        // each form contains itself, and some contain others
        assert!(pairs > forms.len());
    }

    #[test]
    fn word_containment() {
        assert!(contains_word("illegal annexation", "annexation", false));
        assert!(!contains_word("illegal annexations", "annexation", false));
        assert!(contains_word("illegal annexations", "annexation", true));
        assert!(!contains_word("kievan rus", "kiev", false));
        assert!(contains_word("kiev regime", "kiev", false));
    }
}
