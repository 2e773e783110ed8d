//! Evidence sentences: per outlet and axis, the sentences that push its
//! score hardest toward each pole, with their marked matches. Kept as a
//! bounded list per side, so memory does not grow with the corpus.

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};
use crate::text::{QuoteWeight, Voice};

/// A sentence that moves an outlet's score, with its marked matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc_id: String,
    /// Sentence index in the document.
    pub sentence: u32,
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence; of a sentence longer than [`MAX_QUOTE`] bytes, a
    /// window of at most that many around its first match, with `…` where
    /// it is cut (the whole sentence is in `sentences.csv`).
    pub text: String,
    /// Voice-weighted positive minus negative pole weight in the sentence
    /// (the whole sentence, when `text` is a window of it).
    pub net: f64,
    /// The sentence's matches on this axis, offsets relative to `text`
    /// (those inside the window, when it is one).
    pub marks: Vec<Mark>,
}

/// The most bytes of a sentence an evidence quote holds. Real sentences,
/// even the long ones of legal or official prose, stay well under it; a
/// text without sentence ends (a scraped page, a table) is one "sentence"
/// that every output quoting evidence would otherwise copy whole, making a
/// report many times the corpus.
pub const MAX_QUOTE: usize = 1000;

/// How much of a long sentence a quote shows before its first match.
const QUOTE_BEFORE: usize = 200;

/// Marks where a quote of a long sentence is cut.
const CUT: &str = "…";

/// A sentence as quoted without marks (the model's surest sentences,
/// aligned sentences, LSS evidence): whole when at most [`MAX_QUOTE`]
/// bytes, else its first [`MAX_QUOTE`] bytes and `…`.
pub fn clip(text: &str) -> String {
    quote(text, Vec::new()).0
}

/// `text` of at most [`MAX_QUOTE`] bytes (plus the cut marks), and `marks`
/// moved to fit it: a long sentence is quoted from a little before its
/// first match, on character boundaries.
fn quote(text: &str, marks: Vec<Mark>) -> (String, Vec<Mark>) {
    if text.len() <= MAX_QUOTE {
        return (text.to_string(), marks);
    }
    let first = marks.first().map_or(0, |m| m.start);
    let mut from = first
        .saturating_sub(QUOTE_BEFORE)
        .min(text.len() - MAX_QUOTE);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (from + MAX_QUOTE).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let head = if from > 0 { CUT } else { "" };
    let tail = if to < text.len() { CUT } else { "" };
    let shift = |at: usize| at - from + head.len();
    let marks = marks
        .into_iter()
        .filter(|m| m.start >= from && m.end <= to)
        .map(|m| Mark {
            start: shift(m.start),
            end: shift(m.end),
            ..m
        })
        .collect();
    (format!("{head}{}{tail}", &text[from..to]), marks)
}

/// A match inside an evidence sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// Start, relative to the sentence.
    pub start: usize,
    /// End, relative to the sentence.
    pub end: usize,
    /// Index into [`LexiconSet::entries`].
    pub entry: u32,
    /// Signed pole weight on this axis (before the quotation weight).
    pub weight: f64,
    /// Own voice or quotation.
    pub voice: Voice,
    /// Inside the scope of a negation: its weight counts as the run's
    /// negation policy says (ignored by default).
    pub negated: bool,
}

/// The strongest sentences on each side of one axis for one outlet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceSet {
    /// Most positive first.
    pub positive: Vec<Evidence>,
    /// Most negative first.
    pub negative: Vec<Evidence>,
}

impl Evidence {
    /// The sentence as pieces in order: text between matches (`None`) and
    /// each match with its mark. A mark that overlaps the one before or
    /// does not fall on character boundaries of the text is left as plain
    /// text, so that every renderer shows the same marks.
    pub fn pieces(&self) -> Vec<(&str, Option<&Mark>)> {
        let text = self.text.as_str();
        let mut out = Vec::with_capacity(2 * self.marks.len() + 1);
        let mut at = 0;
        for m in &self.marks {
            if m.start < at
                || m.end > text.len()
                || !text.is_char_boundary(m.start)
                || !text.is_char_boundary(m.end)
            {
                continue;
            }
            out.push((&text[at..m.start], None));
            out.push((&text[m.start..m.end], Some(m)));
            at = m.end;
        }
        out.push((&text[at..], None));
        out
    }
}

impl EvidenceSet {
    /// Adds a document's candidate sentences, keeping the `n` strongest on
    /// each side.
    pub fn add(&mut self, candidates: Vec<Evidence>, n: usize) {
        let (pos, mut neg): (Vec<Evidence>, Vec<Evidence>) =
            candidates.into_iter().partition(|e| e.net > 0.0);
        neg.retain(|e| e.net < 0.0);
        keep_best(&mut self.positive, pos, n, |a, b| b.net.total_cmp(&a.net));
        keep_best(&mut self.negative, neg, n, |a, b| a.net.total_cmp(&b.net));
    }
}

/// Keeps the `n` best of `kept` and `new`; ties keep the earlier (input
/// order), as the sort is stable and `kept` comes first.
fn keep_best(
    kept: &mut Vec<Evidence>,
    new: Vec<Evidence>,
    n: usize,
    order: impl Fn(&Evidence, &Evidence) -> std::cmp::Ordering,
) {
    kept.extend(new);
    kept.sort_by(|a, b| order(a, b));
    kept.truncate(n);
}

/// Per axis, the sentences of `m` with evidence on it that may be among
/// the `n` strongest on their side (axes without any are left out).
///
/// Only a document's own `n` strongest on a side can be among the `n`
/// strongest of its outlet ([`EvidenceSet::add`] keeps the earlier of
/// equals, as these are ranked), so only they are quoted: quoting every
/// sentence with a match held a copy of its text and its marks for each
/// (about 170 bytes a match in a document of many short sentences, most
/// of the peak of a large one).
pub fn of_document(
    set: &LexiconSet,
    doc: &Document,
    m: &MatchedDoc,
    q: QuoteWeight,
    n: usize,
) -> Vec<(usize, Vec<Evidence>)> {
    (0..set.axes.len())
        .map(|axis| (axis, on_axis(set, doc, m, axis, q, n)))
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

/// The sentences of `m` with evidence on `axis` that may be among the `n`
/// strongest on their side, in text order.
fn on_axis(
    set: &LexiconSet,
    doc: &Document,
    m: &MatchedDoc,
    axis: usize,
    q: QuoteWeight,
    n: usize,
) -> Vec<Evidence> {
    let on_axis = |h: &&Hit| {
        set.entries[h.term.entry as usize]
            .poles
            .iter()
            .any(|p| p.axis == axis)
    };
    let weight = |h: &Hit| -> f64 {
        set.entries[h.term.entry as usize]
            .poles
            .iter()
            .filter(|p| p.axis == axis)
            .map(|p| p.signed())
            .sum()
    };
    // Hits are in text order, hence in sentence order: a sentence's hits
    // are one stretch of them. Its net sums them in that order.
    let mut nets: Vec<(u32, f64)> = Vec::new();
    for h in m.hits.iter().filter(on_axis) {
        let add = set.negation.policy.apply(weight(h), h.negated) * q.of(h.voice);
        match nets.last_mut() {
            Some((s, net)) if *s == h.sentence => *net += add,
            _ => nets.push((h.sentence, 0.0 + add)),
        }
    }
    let strongest = |keep: fn(f64) -> bool, order: fn(&f64, &f64) -> std::cmp::Ordering| {
        let mut side: Vec<usize> = (0..nets.len()).filter(|&i| keep(nets[i].1)).collect();
        // stable: of equals, the earlier sentence first, as `add` ranks them
        side.sort_by(|&a, &b| order(&nets[a].1, &nets[b].1));
        side.truncate(n);
        side
    };
    let mut chosen = strongest(|net| net > 0.0, |a, b| b.total_cmp(a));
    chosen.extend(strongest(|net| net < 0.0, |a, b| a.total_cmp(b)));
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| {
            let (s, net) = nets[i];
            let range = m.layout.sentences[s as usize].clone();
            let marks: Vec<Mark> = m
                .sentence_hits(s as usize)
                .iter()
                .filter(on_axis)
                .map(|h| Mark {
                    start: h.term.start.saturating_sub(range.start),
                    end: h.term.end.min(range.end).saturating_sub(range.start),
                    entry: h.term.entry,
                    weight: weight(h),
                    voice: h.voice,
                    negated: h.negated,
                })
                .collect();
            let (text, marks) = quote(&doc.text[range.clone()], marks);
            Evidence {
                doc_id: doc.id.clone(),
                sentence: s,
                start: range.start,
                end: range.end,
                text,
                net,
                marks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = r#"
[lexicon]
name = "test"

[[axis]]
id = "ru_ua"
negative = { id = "ua" }
positive = { id = "ru" }

[[frame]]
id = "f"

[[frame.term]]
text = "Kiev regime"
pole = "ru"
note = "n"

[[frame.term]]
text = "invasion"
pole = "ua"
note = "n"
"#;

    /// Quoting only a document's `n` strongest sentences on each side
    /// keeps the outlet's `n` strongest that quoting every sentence kept,
    /// ties included, with at most `2 n` quoted.
    #[test]
    fn the_strongest_sentences_quoted_are_those_kept_from_all() {
        let set = crate::lexicon::load_str(&[("t.toml", LEXICON)])
            .unwrap()
            .set;
        let matcher = crate::matching::Matcher::new(&set).unwrap();
        // nets of +1, -1, +2, 0, -2, +1, "Said." (none), -1, +1 again
        let text = "The Kiev regime fell. An invasion. The Kiev regime and Kiev regime. \
                    Kiev regime or invasion. Invasion and invasion. Kiev regime. Said. \
                    \"An invasion,\" he said. The Kiev regime.";
        let m = matcher.match_document(text);
        let doc = Document {
            id: "d".into(),
            outlet: "o".into(),
            date: None,
            title: None,
            url: None,
            text: text.into(),
            meta: Vec::new(),
            origin: crate::corpus::Origin {
                file: "x".into(),
                line: None,
            },
        };
        let q = QuoteWeight::DEFAULT;
        let every = of_document(&set, &doc, &m, q, usize::MAX);
        // every sentence with a match but the one whose net is 0, which
        // neither side keeps
        assert_eq!(every[0].1.len(), 7);
        for n in 0..5 {
            let chosen = of_document(&set, &doc, &m, q, n);
            let quoted: usize = chosen.iter().map(|(_, c)| c.len()).sum();
            assert!(quoted <= 2 * n, "{quoted} quoted for n = {n}");
            let mut lazy = EvidenceSet::default();
            for (_, c) in chosen {
                lazy.add(c, n);
            }
            let mut all = EvidenceSet::default();
            all.add(every[0].1.clone(), n);
            assert_eq!(lazy.positive, all.positive, "n = {n}");
            assert_eq!(lazy.negative, all.negative, "n = {n}");
        }
    }

    fn mark(start: usize, end: usize) -> Mark {
        Mark {
            start,
            end,
            entry: 0,
            weight: 1.0,
            voice: Voice::Own,
            negated: false,
        }
    }

    #[test]
    fn a_sentence_under_the_cap_is_quoted_whole() {
        let text = "x".repeat(MAX_QUOTE);
        let (quoted, marks) = quote(&text, vec![mark(3, 5)]);
        assert_eq!(quoted, text);
        assert_eq!(marks, vec![mark(3, 5)]);
        assert_eq!(clip("Kyiv said."), "Kyiv said.");
    }

    #[test]
    fn a_long_sentence_is_quoted_from_before_its_first_match() {
        // "é" is two bytes, so the window's edges must move to boundaries
        let text = "é".repeat(2000);
        let marks = vec![mark(600, 602), mark(700, 704), mark(1900, 1902)];
        let (quoted, kept) = quote(&text, marks);
        // from 600 - QUOTE_BEFORE = 400, to 1400: the last mark is out
        assert_eq!(quoted, format!("…{}…", "é".repeat(500)));
        let head = CUT.len();
        assert_eq!(
            kept,
            vec![mark(200 + head, 202 + head), mark(300 + head, 304 + head)]
        );
        for m in &kept {
            assert_eq!(
                &quoted[m.start..m.end],
                &text[m.start - head + 400..m.end - head + 400]
            );
        }
    }

    #[test]
    fn a_window_near_the_end_is_filled_from_before() {
        let text = "a".repeat(3000);
        let (quoted, kept) = quote(&text, vec![mark(2990, 2995)]);
        // MAX_QUOTE bytes ending at the sentence's end, cut only at the start
        assert_eq!(quoted, format!("…{}", "a".repeat(MAX_QUOTE)));
        assert_eq!(
            kept,
            vec![mark(2990 - 2000 + CUT.len(), 2995 - 2000 + CUT.len())]
        );
        assert_eq!(clip(&text), format!("{}…", "a".repeat(MAX_QUOTE)));
    }

    #[test]
    fn an_odd_window_start_moves_to_a_character_boundary() {
        // a window from byte 201 - 200 = 1, inside the first "é": from 2
        let text = "é".repeat(1500);
        let (quoted, _) = quote(&text, vec![mark(201, 203)]);
        assert!(quoted.starts_with("…é"), "{}", &quoted[..10]);
        assert!(quoted.len() <= MAX_QUOTE + 2 * CUT.len());
    }
}
