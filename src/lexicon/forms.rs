//! Checks that need the whole loaded set: forms that cannot match, forms
//! repeated across entries, entries with the same name.

use std::collections::HashMap;

use super::raw::SourceText;
use super::set::{Entry, Form, LexiconSet};
use super::{Diagnostic, Severity};
use crate::text::normalize_form;

/// Problems that need the whole set: forms that cannot match, duplicates.
pub(crate) fn check_forms(set: &LexiconSet, sources: &[SourceText], diags: &mut Vec<Diagnostic>) {
    check_entry_names(set, sources, diags);
    let mut seen: HashMap<(String, bool), (usize, usize)> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate() {
        let file = &sources[e.lexicon].info.source;
        let mut push = |severity, line, message| {
            diags.push(Diagnostic {
                severity,
                file: file.clone(),
                line: Some(line),
                message,
            })
        };
        // Exclusions are matched case-insensitively, whatever the entry.
        let excludes: Vec<String> = e.exclude.iter().map(|x| normalize_form(x, true)).collect();
        for x in e.exclude.iter().zip(&excludes) {
            if x.1.is_empty() {
                push(
                    Severity::Error,
                    e.line,
                    format!("exclusion `{}` is empty after normalization", x.0),
                );
            }
        }
        for f in &e.forms {
            let norm = normalize_form(&f.text, true);
            if !norm.chars().any(char::is_alphanumeric) {
                push(
                    Severity::Error,
                    f.line,
                    format!(
                        "`{}` has no letter or digit after normalization and cannot match",
                        f.display()
                    ),
                );
                continue;
            }
            form_problems(f, &norm, &excludes, &mut push);
            let key = (
                if e.case_sensitive {
                    normalize_form(&f.text, false)
                } else {
                    norm
                },
                f.glob,
            );
            if let Some((pe, pline)) = seen.insert(key, (ei, f.line)) {
                let message = same_form(sources, (e, f), (&set.entries[pe], pline));
                push(Severity::Error, f.line, message);
            }
        }
    }
}

/// Two entries with one name would share their feature columns.
fn check_entry_names(set: &LexiconSet, sources: &[SourceText], diags: &mut Vec<Diagnostic>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for (ei, e) in set.entries.iter().enumerate() {
        let key = set.entry_key(e);
        if let Some(first) = names.insert(key.clone(), ei) {
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: sources[e.lexicon].info.source.clone(),
                line: Some(e.line),
                message: format!(
                    "two entries are named `{key}` (the other at line {}); give them distinct labels",
                    set.entries[first].line
                ),
            });
        }
    }
}

/// What is wrong with form `f` (`norm` once normalized, with a letter or
/// digit) given its entry's normalized exclusions: a glob stem too short,
/// a form its own exclusion vetoes.
fn form_problems(
    f: &Form,
    norm: &str,
    excludes: &[String],
    push: &mut impl FnMut(Severity, usize, String),
) {
    if f.glob && norm.chars().count() < 3 {
        push(
            Severity::Warning,
            f.line,
            format!(
                "`{}`: a glob stem this short matches many unrelated words",
                f.display()
            ),
        );
    }
    if !f.glob && excludes.iter().any(|x| x == norm) {
        push(
            Severity::Error,
            f.line,
            format!(
                "`{}` is vetoed by its own exclusion and can never match",
                f.display()
            ),
        );
    }
}

/// The message for form `f` of entry `e`, which repeats the form at line
/// `pline` of entry `other`.
fn same_form(
    sources: &[SourceText],
    (e, f): (&Entry, &Form),
    (other, pline): (&Entry, usize),
) -> String {
    let where_ = if other.lexicon == e.lexicon {
        format!("line {pline}")
    } else {
        format!("{}:{pline}", sources[other.lexicon].info.source)
    };
    format!(
        "`{}` is the same form as `{}` ({where_}) after normalization",
        f.display(),
        other
            .forms
            .iter()
            .find(|o| o.line == pline)
            .map_or_else(|| other.label.clone(), Form::display)
    )
}
