//! Boilerplate: text that an outlet repeats rather than writes. Two kinds
//! are found and masked before matching:
//!
//! - **Repeated lines**: a paragraph (normalised: lower case, digits as 0,
//!   runs of space as one) found in at least [`LineRule::min_docs`]
//!   documents of one outlet, and in at least [`LineRule::min_share`] of
//!   them: photo credits, newsletter footers, "Advertisement", "The
//!   Associated Press contributed to this report".
//! - **Repeated runs within a document**: a run of [`RUN_WORDS`] words
//!   found [`RUN_TIMES`] times or more in one document, such as a photo
//!   gallery's caption header repeated before each of its 44 pictures
//!   (found in [`super::runs`]).
//!
//! Lines are kept as 64-bit hashes (xxh3, fixed by its specification, so
//! the same on every run and platform); only the text of lines that reach
//! `min_docs` documents is kept, shortened, for `boilerplate.csv`.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::paragraphs;

mod heads;
mod normal;
pub use heads::Heads;
pub use normal::line_hash;
use normal::{ascii_normal, line_hash_in};
#[cfg(test)]
use normal::{map_normal_into, normal_line, only_marks_beyond_ascii, Mapped};

pub use super::pieces::repeated_runs;
pub use super::runs::{hash_run, runs_of, RUN_TIMES, RUN_WORDS};
pub use super::words::word_hashes;

/// Characters of a line kept for `boilerplate.csv`.
pub const SHOWN_CHARS: usize = 100;

/// When a repeated line is boilerplate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineRule {
    /// Documents of one outlet a line must appear in (default 3: a line
    /// shared by two stories is often a quotation repeated in a follow-up).
    pub min_docs: usize,
    /// Share of the outlet's documents it must appear in (default 0.05, so
    /// that in an outlet of 1,000 stories a stock phrase of a running story
    /// in a dozen of them is not taken for a footer).
    pub min_share: f64,
}

impl Default for LineRule {
    fn default() -> Self {
        LineRule {
            min_docs: 3,
            min_share: 0.05,
        }
    }
}

impl LineRule {
    /// Documents a line needs in an outlet of `docs` documents.
    pub fn threshold(&self, docs: usize) -> usize {
        self.min_docs
            .max((self.min_share * docs as f64).ceil() as usize)
    }
}

/// The distinct line hashes of a document's paragraphs.
pub fn doc_lines(text: &str) -> Vec<u64> {
    let mut buf = Vec::new();
    let mut hs: Vec<u64> = paragraphs(text)
        .into_iter()
        .map(|p| line_hash_in(&mut buf, &text[p]))
        .collect();
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// The distinct line hashes of a document's paragraphs (sorted), each with
/// the first paragraph that has it.
pub fn doc_lines_at(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut buf = Vec::new();
    let mut hs: Vec<(u64, Range<usize>)> = paragraphs(text)
        .into_iter()
        .map(|p| (line_hash_in(&mut buf, &text[p.clone()]), p))
        .collect();
    hs.sort_unstable_by_key(|(h, p)| (*h, p.start));
    hs.dedup_by_key(|(h, _)| *h);
    hs
}

/// Sorts the rows of `boilerplate.csv` by outlet, then documents (most
/// first), then text.
pub(super) fn sort_rows(rows: &mut [BoilerplateLine]) {
    rows.sort_by(|a, b| {
        (&a.outlet, std::cmp::Reverse(a.documents), &a.line).cmp(&(
            &b.outlet,
            std::cmp::Reverse(b.documents),
            &b.line,
        ))
    });
}

/// Per outlet, in how many documents each line occurs.
#[derive(Debug, Default)]
pub struct LineCounts {
    /// Outlet -> (documents, line hash -> documents holding it).
    outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)>,
    /// Shortened text of lines seen in `keep_text_at` documents or more.
    texts: FxHashMap<(String, u64), String>,
    keep_text_at: u32,
}

/// One boilerplate line of an outlet (`boilerplate.csv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoilerplateLine {
    /// The outlet.
    pub outlet: String,
    /// The line as first seen, shortened to 100 characters.
    pub line: String,
    /// Documents of the outlet that hold it.
    pub documents: u32,
}

impl LineCounts {
    /// Counts that keep the text of lines once they reach `rule.min_docs`.
    pub fn new(rule: &LineRule) -> LineCounts {
        LineCounts {
            keep_text_at: rule.min_docs.max(1) as u32,
            ..LineCounts::default()
        }
    }

    /// Counts gathered elsewhere (merged partial results, see
    /// [`crate::partial`]): per outlet its documents and the documents
    /// holding each line hash, and per (outlet, line) the text to show.
    pub fn from_parts(
        outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)>,
        texts: FxHashMap<(String, u64), String>,
    ) -> LineCounts {
        LineCounts {
            outlets,
            texts,
            keep_text_at: 0,
        }
    }

    /// Adds one document: its outlet, text and [`doc_lines`].
    pub fn add(&mut self, outlet: &str, text: &str, lines: &[u64]) {
        let (docs, counts) = self.outlets.entry(outlet.to_string()).or_default();
        *docs += 1;
        let mut reached = Vec::new();
        for &h in lines {
            let c = counts.entry(h).or_insert(0);
            *c += 1;
            if *c == self.keep_text_at {
                reached.push(h);
            }
        }
        if reached.is_empty() {
            return;
        }
        for p in paragraphs(text) {
            let h = line_hash(&text[p.clone()]);
            if reached.contains(&h) {
                let shown: String = text[p].chars().take(SHOWN_CHARS).collect();
                self.texts.entry((outlet.to_string(), h)).or_insert(shown);
            }
        }
    }

    /// The boilerplate lines under `rule`: per outlet, the set of hashes,
    /// and the rows of `boilerplate.csv` sorted by outlet, then documents
    /// (most first), then text.
    pub fn finish(
        self,
        rule: &LineRule,
    ) -> (FxHashMap<String, FxHashSet<u64>>, Vec<BoilerplateLine>) {
        let mut sets: FxHashMap<String, FxHashSet<u64>> = FxHashMap::default();
        let mut rows = Vec::new();
        for (outlet, (docs, counts)) in self.outlets {
            let need = rule.threshold(docs) as u32;
            let set: FxHashSet<u64> = counts
                .iter()
                .filter(|(_, &c)| c >= need)
                .map(|(&h, &c)| {
                    rows.push(BoilerplateLine {
                        outlet: outlet.clone(),
                        line: self
                            .texts
                            .get(&(outlet.clone(), h))
                            .cloned()
                            .unwrap_or_default(),
                        documents: c,
                    });
                    h
                })
                .collect();
            if !set.is_empty() {
                sets.insert(outlet, set);
            }
        }
        sort_rows(&mut rows);
        (sets, rows)
    }
}

/// The byte ranges of `text` to mask: paragraphs whose hash is in `lines`,
/// and `runs` (see [`repeated_runs`]). With `heads` (of `lines`), only the
/// paragraphs that may begin as one of the lines are hashed.
pub fn mask_ranges(
    text: &str,
    lines: Option<&FxHashSet<u64>>,
    heads: Option<&Heads>,
    runs: &[Range<usize>],
) -> Vec<Range<usize>> {
    let boilerplate = match lines {
        Some(set) => boilerplate_in(text, &paragraphs(text), set, heads),
        None => Vec::new(),
    };
    with_runs(boilerplate, runs)
}

/// The ranges to mask: the paragraphs `boilerplate` and the `runs`, in
/// order of start (then end).
pub fn with_runs(mut boilerplate: Vec<Range<usize>>, runs: &[Range<usize>]) -> Vec<Range<usize>> {
    boilerplate.extend(runs.iter().cloned());
    boilerplate.sort_by_key(|r| (r.start, r.end));
    boilerplate
}

/// The paragraphs of `paragraphs` (those of `text`, in order) whose hash
/// is in `lines`; with `heads`, only those that may begin as one of the
/// lines are hashed.
pub fn boilerplate_in(
    text: &str,
    paragraphs: &[Range<usize>],
    lines: &FxHashSet<u64>,
    heads: Option<&Heads>,
) -> Vec<Range<usize>> {
    let mut buf = Vec::new();
    paragraphs
        .iter()
        .filter(|p| {
            let line = &text[(*p).clone()];
            heads.is_none_or(|h| h.may_hold(line.as_bytes()))
                && lines.contains(&line_hash_in(&mut buf, line))
        })
        .cloned()
        .collect()
}

/// Whether `r` is a range of `text` that starts and ends between
/// characters (so blanking it keeps the text UTF-8).
pub(super) fn fits(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// `text` with the bytes of `ranges` replaced by spaces (line breaks kept),
/// so byte offsets still point into the original text.
pub fn blank(text: &mut String, ranges: &[Range<usize>]) {
    if ranges.is_empty() {
        return;
    }
    if ranges.iter().all(|r| fits(text, r)) {
        // SAFETY: every range starts and ends on a character boundary (and
        // within the text), so each character is wholly inside a range or
        // wholly outside all of them. Those outside keep their bytes; those
        // inside become spaces byte for byte, or stay when a line break (a
        // byte of a longer character is never 0x0A or 0x0D): ASCII
        // characters, so the text stays UTF-8. Checked so, the text is not
        // read through again to validate it, as `String::from_utf8` did.
        let bytes = unsafe { text.as_mut_vec() };
        for r in ranges {
            for b in &mut bytes[r.clone()] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for r in ranges {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Ranges start and end on character boundaries, and every byte inside
    // became ASCII, so the text stays UTF-8.
    *text = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests;
