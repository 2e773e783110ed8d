//! Checks that need the whole loaded set: forms that cannot match, forms
//! repeated across entries, entries with the same name.

use std::collections::HashMap;

use super::model::{Form, LexiconSet};
use super::raw::SourceText;
use super::{Diagnostic, Severity};
use crate::text::normalize_form;

/// Problems that need the whole set: forms that cannot match, duplicates.
pub(crate) fn check_forms(set: &LexiconSet, sources: &[SourceText], diags: &mut Vec<Diagnostic>) {
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
            if !f.glob && excludes.contains(&norm) {
                push(
                    Severity::Error,
                    f.line,
                    format!(
                        "`{}` is vetoed by its own exclusion and can never match",
                        f.display()
                    ),
                );
            }
            let key = (
                if e.case_sensitive {
                    normalize_form(&f.text, false)
                } else {
                    norm
                },
                f.glob,
            );
            if let Some((pe, pline)) = seen.insert(key, (ei, f.line)) {
                let other = &set.entries[pe];
                let where_ = if other.lexicon == e.lexicon {
                    format!("line {pline}")
                } else {
                    format!("{}:{pline}", sources[other.lexicon].info.source)
                };
                push(
                    Severity::Error,
                    f.line,
                    format!(
                        "`{}` is the same form as `{}` ({where_}) after normalization",
                        f.display(),
                        other
                            .forms
                            .iter()
                            .find(|o| o.line == pline)
                            .map_or_else(|| other.label.clone(), Form::display)
                    ),
                );
            }
        }
    }
}
