//! Keyword in context: every hit of a pattern with the words around it, in
//! quanteda's `kwic` columns (docname, from, to, pre, keyword, post,
//! pattern). Patterns use the lexicon syntax (phrases, a trailing `*`,
//! hyphen and quote variants) and are found by the same [`Matcher`] as
//! lexicon terms, so KWIC shows exactly what a score counted.

use std::ops::Range;

use serde::Serialize;

use crate::corpus::Document;
use crate::lexicon::{Entry, Form, Frame, LexiconInfo, LexiconSet};
use crate::matching::{MatchedDoc, Matcher, MatcherError};
use crate::stream::DocHook;
use crate::text::{normalize_form, tokens};

/// One hit in context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicRow {
    /// Document id.
    pub docname: String,
    /// First token of the hit (1-based, counting the document's tokens).
    pub from: usize,
    /// Last token of the hit.
    pub to: usize,
    /// The words before it, as written.
    pub pre: String,
    /// The hit as written.
    pub keyword: String,
    /// The words after it.
    pub post: String,
    /// The pattern that found it.
    pub pattern: String,
    /// Outlet.
    pub outlet: String,
    /// UTF-8 byte offset of the hit in the document text.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

/// A lexicon with one entry per pattern, for a [`Matcher`].
pub fn pattern_set(patterns: &[String], case_sensitive: bool) -> Result<LexiconSet, String> {
    let mut set = LexiconSet {
        lexicons: vec![LexiconInfo {
            name: "kwic".into(),
            source: "patterns".into(),
            sha256: String::new(),
            version: None,
            language: None,
            description: None,
            license: None,
        }],
        frames: vec![Frame {
            id: "pattern".into(),
            label: "pattern".into(),
            description: None,
            note: None,
            lexicon: 0,
        }],
        ..LexiconSet::default()
    };
    for (i, p) in patterns.iter().enumerate() {
        let p = p.trim();
        let (body, glob) = match p.strip_suffix('*') {
            Some(b) => (b.trim_end(), true),
            None => (p, false),
        };
        if body.contains('*') {
            return Err(format!("pattern `{p}`: `*` is allowed only at the end"));
        }
        if !normalize_form(body, true)
            .chars()
            .any(char::is_alphanumeric)
        {
            return Err(format!("pattern `{p}` has no letter or digit"));
        }
        set.entries.push(Entry {
            label: p.to_string(),
            forms: vec![Form {
                text: body.to_string(),
                glob,
                line: i + 1,
            }],
            frames: vec![0],
            slot: None,
            poles: Vec::new(),
            case_sensitive,
            exclude: Vec::new(),
            context: None,
            note: None,
            lexicon: 0,
            line: i + 1,
        });
    }
    Ok(set)
}

/// A matcher for patterns.
pub fn pattern_matcher(set: &LexiconSet) -> Result<Matcher, MatcherError> {
    Matcher::new(set)
}

/// `text[from..to]` on one line, trimmed.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hits of one document in context, `window` tokens either side.
pub fn rows(set: &LexiconSet, doc: &Document, m: &MatchedDoc, window: usize) -> Vec<KwicRow> {
    let toks: Vec<Range<usize>> = tokens(&doc.text).collect();
    m.hits
        .iter()
        .map(|h| {
            let pattern = &set.entries[h.term.entry as usize].label;
            row_at(doc, &toks, h.term.start..h.term.end, window, pattern)
        })
        .collect()
}

/// The row of the hit at bytes `hit` of `doc`, whose tokens are `toks`
/// ([`tokens`] of its text), with `window` tokens either side.
pub fn row_at(
    doc: &Document,
    toks: &[Range<usize>],
    hit: Range<usize>,
    window: usize,
    pattern: &str,
) -> KwicRow {
    let (s, e) = (hit.start, hit.end);
    let first = toks.partition_point(|t| t.end <= s);
    let last = toks.partition_point(|t| t.start < e).max(first + 1) - 1;
    let pre_start = toks
        .get(first.saturating_sub(window))
        .map_or(s, |t| t.start.min(s));
    let post_end = toks
        .get((last + window).min(toks.len().saturating_sub(1)))
        .map_or(e, |t| t.end.max(e));
    KwicRow {
        docname: doc.id.clone(),
        from: first + 1,
        to: last + 1,
        pre: flat(&doc.text[pre_start..s]),
        keyword: flat(&doc.text[s..e]),
        post: flat(&doc.text[e..post_end]),
        pattern: pattern.to_string(),
        outlet: doc.outlet.clone(),
        start: s,
        end: e,
    }
}

/// Gathers KWIC rows as documents stream past; `each` receives them in
/// input order.
pub struct Kwic<'a, F> {
    set: &'a LexiconSet,
    window: usize,
    each: F,
}

impl<'a, F: FnMut(Vec<KwicRow>) -> std::io::Result<()>> Kwic<'a, F> {
    /// A KWIC hook over the pattern lexicon `set`.
    pub fn new(set: &'a LexiconSet, window: usize, each: F) -> Self {
        Kwic { set, window, each }
    }
}

impl<F: FnMut(Vec<KwicRow>) -> std::io::Result<()> + Sync> DocHook for Kwic<'_, F> {
    type Item = Vec<KwicRow>;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        rows(self.set, doc, m, self.window)
    }
    fn consume(&mut self, _: &Document, _: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        if item.is_empty() {
            return Ok(());
        }
        (self.each)(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Origin;

    fn doc(text: &str) -> Document {
        Document {
            id: "d1".into(),
            outlet: "RT".into(),
            date: None,
            title: None,
            url: None,
            text: text.into(),
            meta: Vec::new(),
            origin: Origin {
                file: "x".into(),
                line: None,
            },
        }
    }

    #[test]
    fn kwic_columns_by_hand() {
        let set = pattern_set(
            &["Kiev".into(), "western-backed coup".into(), "annex*".into()],
            false,
        )
        .unwrap();
        let m = pattern_matcher(&set).unwrap();
        let d = doc("The peninsula voted to join Russia after a Western backed\ncoup in Kiev. Russia annexed it.");
        let got = rows(&set, &d, &m.match_document(&d.text), 2);
        let cols: Vec<(usize, usize, &str, &str, &str, &str)> = got
            .iter()
            .map(|r| {
                (
                    r.from,
                    r.to,
                    r.pre.as_str(),
                    r.keyword.as_str(),
                    r.post.as_str(),
                    r.pattern.as_str(),
                )
            })
            .collect();
        assert_eq!(
            cols,
            [
                (
                    9,
                    11,
                    "after a",
                    "Western backed coup",
                    "in Kiev",
                    "western-backed coup"
                ),
                (13, 13, "coup in", "Kiev", ". Russia annexed", "Kiev"),
                (15, 15, "Kiev. Russia", "annexed", "it", "annex*"),
            ]
        );
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(pattern_set(&["a*b".into()], false).is_err());
        assert!(pattern_set(&["--".into()], false).is_err());
    }
}
