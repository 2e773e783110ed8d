//! What every reader shares: line splitting, excerpts for messages, and a
//! builder that collects categories, terms and diagnostics.

use std::collections::HashMap;

use super::{Category, DictTerm, Dictionary};
use crate::lexicon::{Diagnostic, Severity};

/// The lines of `text` with their 1-based numbers, split at LF, CRLF or a
/// lone CR.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i, mut n) = (0, 0, 1);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                out.push((n, &text[start..i]));
                n += 1;
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((n, &text[start..]));
    }
    out
}

/// `s` shortened to about 60 characters for a message.
pub(crate) fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.escape_debug().to_string()
}

/// The warnings of a dictionary with nothing in it, which the lexicon
/// loader does not repeat.
pub(crate) const HOLDS_NOTHING: [&str; 2] = [
    "the dictionary holds no categories",
    "the dictionary holds no terms",
];

/// Collects categories, terms and diagnostics while a reader works.
pub(crate) struct Builder<'a> {
    file: &'a str,
    categories: Vec<Category>,
    declared: Vec<usize>,
    by_name: HashMap<String, usize>,
    /// Lower-cased name -> category, to refuse names that differ only in
    /// case.
    by_folded: HashMap<String, usize>,
    seen: Vec<HashMap<String, usize>>,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(file: &'a str) -> Builder<'a> {
        Builder {
            file,
            categories: Vec::new(),
            declared: Vec::new(),
            by_name: HashMap::new(),
            by_folded: HashMap::new(),
            seen: Vec::new(),
            diags: Vec::new(),
        }
    }

    pub(crate) fn diag(&mut self, severity: Severity, line: Option<usize>, message: String) {
        self.diags.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            line,
            message,
        });
    }

    pub(crate) fn error(&mut self, line: usize, message: String) {
        self.diag(Severity::Error, Some(line), message);
    }

    pub(crate) fn warn(&mut self, line: usize, message: String) {
        self.diag(Severity::Warning, Some(line), message);
    }

    /// The category called `name`: created at `line`, or the existing one
    /// with the line it was first declared at. A name that differs from an
    /// earlier one only in letter case is an error naming both lines: frame
    /// ids are lower case, so `Pos` and `pos` would become `pos` and a
    /// made-up `pos_2` (the earlier category is returned, so reading goes
    /// on to find further errors).
    pub(crate) fn category(&mut self, name: &str, line: usize) -> (usize, Option<usize>) {
        if let Some(&k) = self.by_name.get(name) {
            return (k, Some(self.declared[k]));
        }
        if let Some(&k) = self.by_folded.get(&name.to_lowercase()) {
            let message = format!(
                "category `{}` differs from `{}` (line {}) only in letter case: frame ids are lower case, so name them apart by more than case, or merge them",
                excerpt(name),
                excerpt(self.name_of(k)),
                self.declared[k]
            );
            self.error(line, message);
            return (k, None);
        }
        self.categories.push(Category {
            name: name.to_string(),
            terms: Vec::new(),
        });
        self.declared.push(line);
        self.seen.push(HashMap::new());
        let k = self.categories.len() - 1;
        self.by_name.insert(name.to_string(), k);
        self.by_folded.insert(name.to_lowercase(), k);
        (k, None)
    }

    /// The name of category `k`.
    pub(crate) fn name_of(&self, k: usize) -> &str {
        self.categories.get(k).map_or("", |c| c.name.as_str())
    }

    /// Whether category `k` holds a term.
    pub(crate) fn holds_terms(&self, k: usize) -> bool {
        self.categories.get(k).is_some_and(|c| !c.terms.is_empty())
    }

    /// Adds `text` to category `k`, unless it already holds it ignoring
    /// case: then the line of the first is returned and nothing is added.
    pub(crate) fn add(
        &mut self,
        k: usize,
        text: &str,
        weight: Option<f64>,
        line: usize,
    ) -> Result<(), usize> {
        let (Some(cat), Some(seen)) = (self.categories.get_mut(k), self.seen.get_mut(k)) else {
            return Ok(());
        };
        if let Some(&first) = seen.get(&text.to_lowercase()) {
            return Err(first);
        }
        seen.insert(text.to_lowercase(), line);
        cat.terms.push(DictTerm {
            text: text.to_string(),
            weight,
            line,
        });
        Ok(())
    }

    /// Adds `text` to category `k`, warning when it is a repeat.
    pub(crate) fn add_or_warn(&mut self, k: usize, text: &str, weight: Option<f64>, line: usize) {
        if let Err(first) = self.add(k, text, weight, line) {
            let message = format!(
                "`{}` is already in category `{}` (line {first}); this repeat is skipped",
                excerpt(text),
                self.name_of(k)
            );
            self.warn(line, message);
        }
    }

    /// The dictionary, or the diagnostics if any is an error.
    pub(crate) fn finish(
        mut self,
        name: &str,
    ) -> Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>> {
        if self.diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(self.diags);
        }
        if self.categories.is_empty() {
            self.diag(Severity::Warning, None, HOLDS_NOTHING[0].into());
        } else if self.categories.iter().all(|c| c.terms.is_empty()) {
            self.diag(Severity::Warning, None, HOLDS_NOTHING[1].into());
        }
        Ok((
            Dictionary {
                name: name.to_string(),
                categories: self.categories,
            },
            self.diags,
        ))
    }
}
