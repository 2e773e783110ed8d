//! The shape of a lexicon file, as serde reads it (with spans for line
//! numbers), and the diagnostics collector the later checks share.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::set::{Form, LexiconInfo};
use super::{Diagnostic, Severity};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) lexicon: RawMeta,
    #[serde(default)]
    pub(crate) context: Vec<RawContext>,
    #[serde(default)]
    pub(crate) axis: Vec<RawAxis>,
    #[serde(default)]
    pub(crate) frame: Vec<RawFrame>,
    #[serde(default)]
    pub(crate) slot: Vec<RawSlot>,
    #[serde(default)]
    pub(crate) assign: Vec<RawAssign>,
    pub(crate) negation: Option<Spanned<RawNegation>>,
}

/// A lexicon's negation rules: added to the English defaults, or replacing
/// them (`replace = true`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNegation {
    #[serde(default)]
    pub(crate) cues: Vec<String>,
    #[serde(default)]
    pub(crate) not_cues: Vec<String>,
    #[serde(default)]
    pub(crate) enders: Vec<String>,
    #[serde(default)]
    pub(crate) across: Vec<String>,
    pub(crate) window: Option<Spanned<i64>>,
    #[serde(default)]
    pub(crate) replace: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub(crate) name: Spanned<String>,
    pub(crate) version: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) license: Option<String>,
    pub(crate) context: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContext {
    pub(crate) id: Spanned<String>,
    pub(crate) label: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) text: Spanned<toml::Value>,
    pub(crate) scope: Option<Spanned<String>>,
    pub(crate) window: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAxis {
    pub(crate) id: Spanned<String>,
    pub(crate) label: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) negative: RawPole,
    pub(crate) positive: RawPole,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPole {
    pub(crate) id: Spanned<String>,
    pub(crate) label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrame {
    pub(crate) id: Spanned<String>,
    pub(crate) label: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) pole: Option<Spanned<String>>,
    pub(crate) weight: Option<Spanned<f64>>,
    pub(crate) context: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) term: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSlot {
    pub(crate) id: Spanned<String>,
    pub(crate) label: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) frame: Option<Spanned<String>>,
    pub(crate) context: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) variant: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntry {
    pub(crate) text: Spanned<toml::Value>,
    pub(crate) label: Option<String>,
    pub(crate) pole: Option<Spanned<String>>,
    pub(crate) weight: Option<Spanned<f64>>,
    pub(crate) poles: Option<Spanned<BTreeMap<String, f64>>>,
    pub(crate) case_sensitive: Option<bool>,
    #[serde(default)]
    pub(crate) exclude: Vec<String>,
    pub(crate) frame: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) also: Vec<Spanned<String>>,
    pub(crate) context: Option<Spanned<String>>,
    pub(crate) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAssign {
    pub(crate) frame: Spanned<String>,
    pub(crate) pole: Spanned<String>,
    pub(crate) weight: Option<Spanned<f64>>,
}

/// One lexicon file's text, ready to parse.
pub(crate) struct SourceText {
    pub info: LexiconInfo,
    pub text: String,
    /// Warnings from turning another dictionary format into this text.
    pub diagnostics: Vec<super::Diagnostic>,
    /// For a converted dictionary, the line of the dictionary file behind
    /// each line of `text`, so that messages name the file the user has.
    pub lines: Option<Vec<Option<usize>>>,
}

impl SourceText {
    /// A report on this file into `out`.
    pub(crate) fn report<'a>(&'a self, out: &'a mut Vec<super::Diagnostic>) -> Report<'a> {
        Report {
            file: &self.info.source,
            lines: self.lines.as_deref(),
            index: LineIndex::of(&self.text),
            out,
        }
    }

    /// The line of the user's file at byte `at` of `text`, if one is known.
    pub(crate) fn line(&self, at: usize) -> Option<usize> {
        map_line(self.lines.as_deref(), line_of(&self.text, at))
    }
}

/// `line` of a text, through the line map of a converted dictionary.
fn map_line(lines: Option<&[Option<usize>]>, line: usize) -> Option<usize> {
    match lines {
        None => Some(line),
        Some(map) => map.get(line - 1).copied().flatten(),
    }
}

/// Where each line of a text starts, so that the line of an offset is a
/// binary search: a lexicon's every entry asks for its line, and counting
/// from the start each time grew with the square of the file.
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`.
    pub(crate) fn of(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// Line (1-based) of byte offset `at`: as [`line_of`].
    pub(crate) fn line(&self, at: usize) -> usize {
        self.newlines.partition_point(|&n| n < at) + 1
    }
}

/// Line (1-based) of byte offset `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Collects diagnostics for one file at a time.
pub(crate) struct Report<'a> {
    pub(crate) file: &'a str,
    pub(crate) lines: Option<&'a [Option<usize>]>,
    pub(crate) index: LineIndex,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl Report<'_> {
    /// The line of the user's file at byte `at`, if one is known.
    pub(crate) fn line(&self, at: usize) -> Option<usize> {
        map_line(self.lines, self.index.line(at))
    }

    /// The line an entry or context records: the user's, else the text's.
    pub(crate) fn line_or_text(&self, at: usize) -> usize {
        self.line(at).unwrap_or_else(|| self.index.line(at))
    }

    pub(crate) fn at(&mut self, severity: Severity, span: std::ops::Range<usize>, message: String) {
        self.out.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            line: self.line(span.start),
            message,
        });
    }

    pub(crate) fn error<T>(&mut self, s: &Spanned<T>, message: String) {
        self.at(Severity::Error, s.span(), message);
    }
}

pub(crate) fn check_id(r: &mut Report, id: &Spanned<String>, what: &str) {
    if !valid_id(id.get_ref()) {
        r.error(
            id,
            format!(
                "{what} id `{}` must use only a-z, 0-9 and `_`",
                id.get_ref()
            ),
        );
    }
}

/// The surface forms of an entry's `text`: a string or an array of strings.
pub(crate) fn forms(r: &mut Report, text: &Spanned<toml::Value>, line: usize) -> Option<Vec<Form>> {
    let raw: Vec<&str> = match text.get_ref() {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) if !items.is_empty() => {
            let strings: Option<Vec<&str>> = items.iter().map(|v| v.as_str()).collect();
            match strings {
                Some(s) => s,
                None => {
                    r.error(
                        text,
                        "`text` must be a string or an array of strings".into(),
                    );
                    return None;
                }
            }
        }
        _ => {
            r.error(
                text,
                "`text` must be a string or a non-empty array of strings".into(),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    for s in raw {
        let s = s.trim();
        let (body, glob) = match s.strip_suffix('*') {
            Some(b) => (b.trim_end(), true),
            None => (s, false),
        };
        if body.contains('*') {
            r.error(
                text,
                format!("`{s}`: `*` is allowed only at the end of a form"),
            );
            continue;
        }
        out.push(Form {
            text: body.to_string(),
            glob,
            line,
        });
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn the_index_agrees_with_counting() {
        for text in ["", "a", "a\n", "\n\n", "ab\ncd\n\nef", "x\r\ny\n"] {
            let index = LineIndex::of(text);
            for at in 0..=text.len() + 2 {
                assert_eq!(index.line(at), line_of(text, at), "{text:?} at {at}");
            }
        }
    }
}
