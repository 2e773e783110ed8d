//! Lexicon files with nothing to match: one beside others is a warning; a
//! set with nothing at all is refused by runs that count.

use super::formats::HOLDS_NOTHING;
use super::raw::{RawFile, SourceText};
use super::set::LexiconSet;
use super::{Diagnostic, Severity};

/// Warns about each file that adds nothing: no term or variant, and nothing
/// another file can use (an axis, a context, an `[[assign]]`, a
/// `[negation]` table). A converted dictionary that already said it holds
/// nothing (its reader's [`HOLDS_NOTHING`] warnings) is not warned twice.
pub(crate) fn warn_empty_files(
    parsed: &[(usize, RawFile)],
    sources: &[SourceText],
    set: &LexiconSet,
    diags: &mut Vec<Diagnostic>,
) {
    for (k, raw) in parsed {
        let adds = set.entries.iter().any(|e| e.lexicon == *k)
            || !raw.axis.is_empty()
            || !raw.context.is_empty()
            || !raw.assign.is_empty()
            || raw.negation.is_some();
        let source = &sources[*k];
        let said = source
            .diagnostics
            .iter()
            .any(|d| HOLDS_NOTHING.contains(&d.message.as_str()));
        if adds || said {
            continue;
        }
        diags.push(Diagnostic {
            severity: Severity::Warning,
            file: source.info.source.clone(),
            line: None,
            message: "the lexicon holds no terms or variants: nothing in it is matched".into(),
        });
    }
}

/// One error per file when no file of `set` holds a term or variant: a run
/// that counts matches would write tables of nothing.
pub(crate) fn nothing_to_count(set: &LexiconSet) -> Vec<Diagnostic> {
    let message = match set.lexicons.len() {
        1 => "the lexicon holds no terms or variants, so there is nothing to count; add terms, or name a lexicon that has them".to_string(),
        n => format!("none of the {n} lexicons holds a term or variant, so there is nothing to count; add terms, or name a lexicon that has them"),
    };
    set.lexicons
        .iter()
        .map(|info| Diagnostic {
            severity: Severity::Error,
            file: info.source.clone(),
            line: None,
            message: message.clone(),
        })
        .collect()
}
