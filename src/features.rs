//! The features stage: what a document's or a sentence's matches amount to,
//! as compact tallies (kept for every document of a corpus) and as ndarray
//! matrices with named columns (frame rates per 1,000 tokens and term
//! counts, own voice and quotation apart).

pub mod words;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};
use crate::text::{NegationPolicy, QuoteWeight, Voice};

/// Evidence on one axis, own voice and quotation apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct AxisTally {
    /// Summed weights of own-voice matches on the positive pole.
    pub pos_own: f64,
    /// ... on the negative pole.
    pub neg_own: f64,
    /// Summed weights of quoted matches on the positive pole.
    pub pos_quote: f64,
    /// ... on the negative pole.
    pub neg_quote: f64,
    /// Matches on either pole, own voice.
    pub n_own: u32,
    /// Matches on either pole, quoted.
    pub n_quote: u32,
    /// Matches on either pole inside the scope of a negation, whatever the
    /// policy made of them (with `ignore`, they are in no other field).
    pub negated: u32,
}

impl AxisTally {
    /// Weighted counts `(positive, negative)` with quotations weighted `q`.
    pub fn weighted(&self, q: QuoteWeight) -> (f64, f64) {
        let (own, quote) = (q.of(Voice::Own), q.of(Voice::Quote));
        (
            own * self.pos_own + quote * self.pos_quote,
            own * self.neg_own + quote * self.neg_quote,
        )
    }

    /// Matches on either pole.
    pub fn n(&self) -> u32 {
        self.n_own + self.n_quote
    }

    /// Adds another tally.
    pub fn add(&mut self, o: &AxisTally) {
        self.pos_own += o.pos_own;
        self.neg_own += o.neg_own;
        self.pos_quote += o.pos_quote;
        self.neg_quote += o.neg_quote;
        self.n_own += o.n_own;
        self.n_quote += o.n_quote;
        self.negated += o.negated;
    }

    fn hit(&mut self, weight: f64, positive: bool, voice: Voice) {
        match (positive, voice) {
            (true, Voice::Own) => self.pos_own += weight,
            (false, Voice::Own) => self.neg_own += weight,
            (true, Voice::Quote) => self.pos_quote += weight,
            (false, Voice::Quote) => self.neg_quote += weight,
        }
        match voice {
            Voice::Own => self.n_own += 1,
            Voice::Quote => self.n_quote += 1,
        }
    }
}

/// Own-voice and quoted counts of one entry in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryCount {
    /// Index into [`LexiconSet::entries`].
    pub entry: u32,
    /// Own-voice matches.
    pub own: u32,
    /// Quoted matches.
    pub quote: u32,
}

/// What one document's matches amount to: small enough to keep for every
/// document of a large corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocTally {
    /// Word tokens.
    pub tokens: u64,
    /// Sentences.
    pub sentences: u32,
    /// Matches of any entry.
    pub matches: u32,
    /// Matches of entries that need a topic context, not counted because no
    /// context word was near.
    pub out_of_context: u32,
    /// Per frame, own-voice matches.
    pub frame_own: Vec<u32>,
    /// Per frame, quoted matches.
    pub frame_quote: Vec<u32>,
    /// Entries with at least one match, by entry index.
    pub entries: Vec<EntryCount>,
    /// Per axis.
    pub axes: Vec<AxisTally>,
    /// Per axis, whether the document is off-topic for it: no word of the
    /// axis's topic context anywhere ([`LexiconSet::axis_context`]). Such a
    /// document has no evidence on the axis and counts in no score of it.
    pub off_topic: Vec<bool>,
    /// Per sentence with evidence on an axis: (sentence, axis, tally), in
    /// order. Sentences without evidence are left out.
    pub sentence_axes: Vec<(u32, u16, AxisTally)>,
}

impl DocTally {
    /// Tallies a matched document.
    pub fn of(set: &LexiconSet, doc: &MatchedDoc) -> DocTally {
        let mut t = DocTally {
            tokens: doc.layout.tokens(),
            sentences: doc.layout.sentences.len() as u32,
            matches: doc.hits.len() as u32,
            out_of_context: doc.out_of_context,
            frame_own: vec![0; set.frames.len()],
            frame_quote: vec![0; set.frames.len()],
            entries: Vec::new(),
            axes: vec![AxisTally::default(); set.axes.len()],
            off_topic: off_topic(set, doc),
            sentence_axes: Vec::new(),
        };
        let policy = set.negation.policy;
        let mut entries: Vec<EntryCount> = Vec::new();
        for h in &doc.hits {
            let e = &set.entries[h.term.entry as usize];
            for &f in &e.frames {
                match h.voice {
                    Voice::Own => t.frame_own[f] += 1,
                    Voice::Quote => t.frame_quote[f] += 1,
                }
            }
            match entries.iter_mut().find(|c| c.entry == h.term.entry) {
                Some(c) => bump(c, h),
                None => {
                    let mut c = EntryCount {
                        entry: h.term.entry,
                        own: 0,
                        quote: 0,
                    };
                    bump(&mut c, h);
                    entries.push(c);
                }
            }
            for pw in e.poles.iter().filter(|pw| !t.off_topic[pw.axis]) {
                t.axes[pw.axis].negated += u32::from(h.negated);
                let positive = match (h.negated, policy) {
                    (true, NegationPolicy::Ignore) => continue,
                    (true, NegationPolicy::Flip) => !pw.positive,
                    _ => pw.positive,
                };
                t.axes[pw.axis].hit(pw.weight, positive, h.voice);
                let key = (h.sentence, pw.axis as u16);
                // Hits come in sentence order: only the tail can hold this
                // sentence, so the search stays short in a long document.
                let slot = match t
                    .sentence_axes
                    .iter()
                    .rev()
                    .take_while(|(s, _, _)| *s == key.0)
                    .position(|(_, a, _)| *a == key.1)
                {
                    Some(back) => t.sentence_axes.len() - 1 - back,
                    None => {
                        t.sentence_axes.push((key.0, key.1, AxisTally::default()));
                        t.sentence_axes.len() - 1
                    }
                };
                t.sentence_axes[slot].2.hit(pw.weight, positive, h.voice);
            }
        }
        entries.sort_by_key(|c| c.entry);
        t.entries = entries;
        t.sentence_axes.sort_by_key(|(s, a, _)| (*s, *a));
        t
    }

    /// Matches of `frame`, own voice plus quotation.
    pub fn frame_total(&self, frame: usize) -> u32 {
        self.frame_own[frame] + self.frame_quote[frame]
    }

    /// Matches of entries on each pole, own voice plus quotation: for each
    /// axis of `set`, the positive pole then the negative one. Unweighted
    /// counts, as a dictionary count per category.
    pub fn pole_counts(&self, set: &LexiconSet) -> Vec<u32> {
        let mut out = vec![0; 2 * set.axes.len()];
        for c in &self.entries {
            for pw in &set.entries[c.entry as usize].poles {
                out[2 * pw.axis + usize::from(!pw.positive)] += c.own + c.quote;
            }
        }
        out
    }
}

/// Per axis of `set`, whether `doc` is off-topic for it: the axis has a
/// topic context and no word of it occurs in the document.
pub fn off_topic(set: &LexiconSet, doc: &MatchedDoc) -> Vec<bool> {
    (0..set.axes.len())
        .map(|a| {
            set.axis_context(a)
                .is_some_and(|c| !doc.topics.get(c).copied().unwrap_or(false))
        })
        .collect()
}

/// Whether `doc` is off-topic for a model whose classes are the poles of
/// `axis`. A model of other classes (reference outlets, a labels file) is
/// not tied to a lexicon's topic, so nothing is off-topic for it.
pub fn off_topic_for_model(set: &LexiconSet, doc: &MatchedDoc, axis: Option<usize>) -> bool {
    axis.is_some_and(|a| off_topic(set, doc).get(a).copied().unwrap_or(false))
}

fn bump(c: &mut EntryCount, h: &Hit) {
    match h.voice {
        Voice::Own => c.own += 1,
        Voice::Quote => c.quote += 1,
    }
}

/// Matches per 1,000 tokens (0 for a text without tokens).
pub fn rate(count: f64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        count * 1000.0 / tokens as f64
    }
}

/// A matrix with named rows and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    /// Column names (see [`columns`]).
    pub columns: Vec<String>,
    /// Row names: document ids, or `<id>#<sentence>` for sentences.
    pub rows: Vec<String>,
    /// `rows.len()` x `columns.len()`.
    pub values: Array2<f64>,
}

/// The feature columns for `set`, in order: for each frame
/// `frame:<id>:own` and `frame:<id>:quote` (matches per 1,000 tokens), then
/// for each entry `term:<frame or slot>/<label>:own` and `...:quote`
/// (match counts).
pub fn columns(set: &LexiconSet) -> Vec<String> {
    let mut out = Vec::with_capacity(2 * (set.frames.len() + set.entries.len()));
    for f in &set.frames {
        out.push(format!("frame:{}:own", f.id));
        out.push(format!("frame:{}:quote", f.id));
    }
    for e in &set.entries {
        let key = set.entry_key(e);
        out.push(format!("term:{key}:own"));
        out.push(format!("term:{key}:quote"));
    }
    out
}

fn fill_row(row: &mut ndarray::ArrayViewMut1<f64>, set: &LexiconSet, t: &DocTally) {
    let nf = set.frames.len();
    for f in 0..nf {
        row[2 * f] = rate(f64::from(t.frame_own[f]), t.tokens);
        row[2 * f + 1] = rate(f64::from(t.frame_quote[f]), t.tokens);
    }
    for c in &t.entries {
        let base = 2 * nf + 2 * c.entry as usize;
        row[base] = f64::from(c.own);
        row[base + 1] = f64::from(c.quote);
    }
}

/// One row per document.
pub fn document_matrix<'a>(
    set: &LexiconSet,
    docs: impl ExactSizeIterator<Item = (&'a str, &'a DocTally)>,
) -> FeatureMatrix {
    let columns = columns(set);
    let mut values = Array2::zeros((docs.len(), columns.len()));
    let mut rows = Vec::with_capacity(docs.len());
    for (i, (id, t)) in docs.enumerate() {
        fill_row(&mut values.row_mut(i), set, t);
        rows.push(id.to_string());
    }
    FeatureMatrix {
        columns,
        rows,
        values,
    }
}

/// One row per sentence of one document.
pub fn sentence_matrix(set: &LexiconSet, id: &str, doc: &MatchedDoc) -> FeatureMatrix {
    let columns = columns(set);
    let n = doc.layout.sentences.len();
    let mut values = Array2::zeros((n, columns.len()));
    for (s, mut row) in values.rows_mut().into_iter().enumerate() {
        let hits = doc.sentence_hits(s).iter();
        let tokens = u64::from(doc.layout.sentence_tokens[s]);
        if let Some(row) = row.as_slice_mut() {
            lexicon_row(set, hits, tokens, row);
        }
    }
    FeatureMatrix {
        columns,
        rows: (0..n).map(|s| format!("{id}#{s}")).collect(),
        values,
    }
}

/// Fills `row` (zeroed, as long as [`columns`]) with the lexicon features of
/// a passage of `tokens` word tokens holding `hits`. Callers leave out any
/// hits they mask.
pub fn lexicon_row<'h>(
    set: &LexiconSet,
    hits: impl IntoIterator<Item = &'h Hit>,
    tokens: u64,
    row: &mut [f64],
) {
    let nf = set.frames.len();
    for h in hits {
        let e = &set.entries[h.term.entry as usize];
        let quote = usize::from(h.voice == Voice::Quote);
        for &f in &e.frames {
            row[2 * f + quote] += 1.0;
        }
        row[2 * nf + 2 * h.term.entry as usize + quote] += 1.0;
    }
    for v in &mut row[..2 * nf] {
        *v = rate(*v, tokens);
    }
}

#[cfg(test)]
pub(crate) mod tests;
