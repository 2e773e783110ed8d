//! The analyze run over a stream of documents. Documents are read in
//! batches; each batch is matched in parallel (rayon) and then folded, in
//! input order, into what the outputs need: per-document tallies, per-form
//! counts and the strongest evidence sentences. Memory holds one batch of
//! texts at a time; results do not depend on the number of threads.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::{CorpusError, Document};
use crate::features::DocTally;
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc, Matcher};
use crate::text::{QuoteWeight, Voice};

/// Documents per batch.
const BATCH_DOCS: usize = 512;
/// Text bytes per batch.
const BATCH_BYTES: usize = 16 << 20;

/// What is kept of each document after matching.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// Outlet.
    pub outlet: String,
    /// Date, if known.
    pub date: Option<String>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Address, if known.
    pub url: Option<String>,
    /// Bytes of text.
    pub bytes: u64,
    /// What its matches amount to.
    pub tally: DocTally,
}

/// A sentence that moves an outlet's score, with its marked matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Document id.
    pub doc_id: String,
    /// Sentence index in the document.
    pub sentence: u32,
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// Voice-weighted positive minus negative pole weight in the sentence.
    pub net: f64,
    /// The sentence's matches on this axis, offsets relative to the sentence.
    pub marks: Vec<Mark>,
}

/// A match inside an evidence sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

/// The strongest sentences on each side of one axis for one outlet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceSet {
    /// Most positive first.
    pub positive: Vec<Evidence>,
    /// Most negative first.
    pub negative: Vec<Evidence>,
}

/// The folded result of a run.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every document read, in input order.
    pub docs: Vec<DocSummary>,
    /// Matches per entry and form, over the corpus.
    pub form_counts: Vec<Vec<u64>>,
    /// Evidence per (outlet, axis index).
    pub evidence: BTreeMap<(String, usize), EvidenceSet>,
    /// Bytes of text read.
    pub bytes: u64,
}

/// How a run goes.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Weight of quoted matches when ranking evidence sentences.
    pub quote_weight: QuoteWeight,
    /// Evidence sentences kept per outlet, axis and side.
    pub evidence: usize,
}

/// Work done on each document besides the tallies. `prepare` runs in
/// parallel, one document at a time; `consume` then sees every document with
/// its prepared item, in input order, so what it writes or keeps does not
/// depend on the number of threads.
pub trait DocHook: Sync {
    /// What `prepare` hands to `consume`.
    type Item: Send;
    /// Work on one document that can run on any thread.
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item;
    /// Work that must see documents in order.
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()>;
}

/// No extra work.
impl DocHook for () {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, _: &Document, _: &MatchedDoc, _: ()) -> std::io::Result<()> {
        Ok(())
    }
}

/// A borrowed hook.
impl<H: DocHook> DocHook for &mut H {
    type Item = H::Item;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        (**self).prepare(doc, m)
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        (**self).consume(doc, m, item)
    }
}

/// A hook that may be absent.
impl<H: DocHook> DocHook for Option<H> {
    type Item = Option<H::Item>;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        self.as_ref().map(|h| h.prepare(doc, m))
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        match (self, item) {
            (Some(h), Some(i)) => h.consume(doc, m, i),
            _ => Ok(()),
        }
    }
}

/// Two hooks, run one after the other.
impl<A: DocHook, B: DocHook> DocHook for (A, B) {
    type Item = (A::Item, B::Item);
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        (self.0.prepare(doc, m), self.1.prepare(doc, m))
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        self.0.consume(doc, m, item.0)?;
        self.1.consume(doc, m, item.1)
    }
}

/// Matches every document of `docs` and folds the results. `hook` does any
/// further work on each document; `progress` hears (documents, bytes) after
/// each batch.
pub fn run<I, H>(
    docs: I,
    set: &LexiconSet,
    matcher: &Matcher,
    opts: RunOptions,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
) -> Result<Analysis, RunError>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
    H: DocHook,
{
    let mut out = Analysis {
        form_counts: set.entries.iter().map(|e| vec![0; e.forms.len()]).collect(),
        ..Analysis::default()
    };
    let mut docs = docs.peekable();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    loop {
        batch.clear();
        let mut bytes = 0;
        while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            match docs.next() {
                None => break,
                Some(Err(e)) => return Err(RunError::Corpus(e)),
                Some(Ok(d)) => {
                    bytes += d.text.len();
                    batch.push(d);
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let shared: &H = hook;
        let matched: Vec<(MatchedDoc, DocTally, H::Item)> = batch
            .par_iter()
            .map(|d| {
                let m = matcher.match_document(&d.text);
                let t = DocTally::of(set, &m);
                let item = shared.prepare(d, &m);
                (m, t, item)
            })
            .collect();
        for (doc, (m, tally, item)) in batch.drain(..).zip(matched) {
            hook.consume(&doc, &m, item).map_err(RunError::Write)?;
            out.fold(set, &doc, &m, tally, opts);
        }
        progress(out.docs.len() as u64, out.bytes);
    }
    Ok(out)
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Reading the corpus failed.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// Writing the evidence table failed.
    #[error("cannot write the outputs: {0}")]
    Write(std::io::Error),
}

impl Analysis {
    fn fold(
        &mut self,
        set: &LexiconSet,
        doc: &Document,
        m: &MatchedDoc,
        tally: DocTally,
        opts: RunOptions,
    ) {
        for h in &m.hits {
            self.form_counts[h.m.entry as usize][h.m.form as usize] += 1;
        }
        for (axis, _) in set.axes.iter().enumerate() {
            let mut candidates = evidence(set, doc, m, axis, opts.quote_weight);
            if candidates.is_empty() {
                continue;
            }
            let slot = self.evidence.entry((doc.outlet.clone(), axis)).or_default();
            let (mut pos, mut neg): (Vec<Evidence>, Vec<Evidence>) =
                candidates.drain(..).partition(|e| e.net > 0.0);
            neg.retain(|e| e.net < 0.0);
            merge(&mut slot.positive, pos.drain(..), opts.evidence, |a, b| {
                b.net.total_cmp(&a.net)
            });
            merge(&mut slot.negative, neg.drain(..), opts.evidence, |a, b| {
                a.net.total_cmp(&b.net)
            });
        }
        self.bytes += doc.text.len() as u64;
        self.docs.push(DocSummary {
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            date: doc.date.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            bytes: doc.text.len() as u64,
            tally,
        });
    }
}

/// Keeps the `n` best of `kept` and `new`; ties keep the earlier (input
/// order), as the sort is stable and `kept` comes first.
fn merge(
    kept: &mut Vec<Evidence>,
    new: impl Iterator<Item = Evidence>,
    n: usize,
    order: impl Fn(&Evidence, &Evidence) -> std::cmp::Ordering,
) {
    kept.extend(new);
    kept.sort_by(|a, b| order(a, b));
    kept.truncate(n);
}

/// The sentences of `m` with evidence on `axis`.
fn evidence(
    set: &LexiconSet,
    doc: &Document,
    m: &MatchedDoc,
    axis: usize,
    q: QuoteWeight,
) -> Vec<Evidence> {
    let mut by_sentence: BTreeMap<u32, Vec<&Hit>> = BTreeMap::new();
    for h in &m.hits {
        if set.entries[h.m.entry as usize]
            .poles
            .iter()
            .any(|p| p.axis == axis)
        {
            by_sentence.entry(h.sentence).or_default().push(h);
        }
    }
    by_sentence
        .into_iter()
        .map(|(s, hits)| {
            let range = m.layout.sentences[s as usize].clone();
            let mut net = 0.0;
            let marks = hits
                .iter()
                .map(|h| {
                    let w: f64 = set.entries[h.m.entry as usize]
                        .poles
                        .iter()
                        .filter(|p| p.axis == axis)
                        .map(|p| p.signed())
                        .sum();
                    net += w * q.of(h.voice);
                    Mark {
                        start: h.m.start.saturating_sub(range.start),
                        end: h.m.end.min(range.end).saturating_sub(range.start),
                        entry: h.m.entry,
                        weight: w,
                        voice: h.voice,
                    }
                })
                .collect();
            Evidence {
                doc_id: doc.id.clone(),
                sentence: s,
                start: range.start,
                end: range.end,
                text: doc.text[range].to_string(),
                net,
                marks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
