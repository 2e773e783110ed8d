//! The aggregate stage: everything the outputs need, gathered as the corpus
//! streams past, and nothing computed from it yet. Per document: what its
//! matches amount to ([`DocSummary`]); per outlet and axis: the strongest
//! evidence sentences; per lexicon form: its matches; and, when asked for,
//! word n-gram counts and sentences to align per outlet
//! ([`words::WordCollector`]) and the model's predictions
//! ([`predictions::PredictionCollector`]).
//!
//! Each collector is a [`DocHook`] of the streaming engine; the scores stage
//! computes every statistic from the [`Aggregate`] they fill.

pub mod dfm;
pub mod evidence;
pub mod ngrams;
pub mod predictions;
pub mod sentences;
pub mod words;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::Document;
use crate::features::DocTally;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::repeats::Repeats;
use crate::stream::DocHook;
use crate::text::QuoteWeight;

pub use evidence::{Evidence, EvidenceSet, Mark};
pub use ngrams::Counts;
pub use predictions::{DocProbs, Predictions, TopSentence};
pub use sentences::{AlignedTerm, Candidate, SentencePool};

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
    /// Fields of the record slant does not use, in input order.
    pub meta: Vec<(String, String)>,
    /// What its matches amount to.
    pub tally: DocTally,
}

/// Everything the outputs of a run need.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {
    /// Every document read, in input order.
    pub docs: Vec<DocSummary>,
    /// Matches per entry and form, over the corpus.
    pub form_counts: Vec<Vec<u64>>,
    /// Evidence per (outlet, axis index).
    pub evidence: BTreeMap<(String, usize), EvidenceSet>,
    /// Bytes of text read.
    pub bytes: u64,
    /// Word n-gram counts per outlet, when the comparison views are wanted.
    pub words: Option<Counts>,
    /// Sentences that may be aligned across outlets, when alignment is wanted.
    pub sentences: Option<SentencePool>,
    /// The model's predictions, when a model was trained or given.
    pub predictions: Option<Predictions>,
    /// Word counts per document, when the document-feature matrix is wanted.
    pub dfm: Option<dfm::Dfm>,
    /// Boilerplate and wire copy found before matching.
    pub repeats: Repeats,
}

impl Aggregate {
    /// The documents of each outlet, outlets sorted by name.
    pub fn by_outlet(&self) -> BTreeMap<&str, Vec<&DocSummary>> {
        let mut by: BTreeMap<&str, Vec<&DocSummary>> = BTreeMap::new();
        for d in &self.docs {
            by.entry(&d.outlet).or_default().push(d);
        }
        by
    }
}

/// Folds matched documents into an [`Aggregate`]: tallies, form counts and
/// evidence sentences.
pub struct Aggregator<'a> {
    set: &'a LexiconSet,
    quote_weight: QuoteWeight,
    /// Evidence sentences kept per outlet, axis and side; `None` gathers no
    /// evidence at all.
    evidence: Option<usize>,
    out: Aggregate,
}

impl<'a> Aggregator<'a> {
    /// An aggregator that keeps `evidence` sentences per outlet, axis and
    /// side, ranked with quotations weighted `quote_weight`.
    pub fn new(set: &'a LexiconSet, quote_weight: QuoteWeight, evidence: usize) -> Self {
        Aggregator {
            set,
            quote_weight,
            evidence: Some(evidence),
            out: Aggregate {
                form_counts: set.entries.iter().map(|e| vec![0; e.forms.len()]).collect(),
                ..Aggregate::default()
            },
        }
    }

    /// An aggregator of tallies and form counts only, for runs that show
    /// no evidence (`lexicon check`).
    pub fn tallies(set: &'a LexiconSet) -> Self {
        Aggregator {
            evidence: None,
            ..Aggregator::new(set, QuoteWeight::DEFAULT, 0)
        }
    }

    /// What was gathered.
    pub fn finish(self) -> Aggregate {
        self.out
    }
}

impl DocHook for Aggregator<'_> {
    type Item = (DocTally, Vec<(usize, Vec<Evidence>)>);

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let tally = DocTally::of(self.set, m);
        let evidence = match self.evidence {
            Some(_) => evidence::of_document(self.set, doc, m, self.quote_weight),
            None => Vec::new(),
        };
        (tally, evidence)
    }

    fn consume(
        &mut self,
        doc: &Document,
        m: &MatchedDoc,
        (tally, evidence): Self::Item,
    ) -> std::io::Result<()> {
        let out = &mut self.out;
        for h in &m.hits {
            out.form_counts[h.term.entry as usize][h.term.form as usize] += 1;
        }
        for (axis, candidates) in evidence {
            out.evidence
                .entry((doc.outlet.clone(), axis))
                .or_default()
                .add(candidates, self.evidence.unwrap_or(0));
        }
        out.bytes += doc.text.len() as u64;
        out.docs.push(DocSummary {
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            date: doc.date.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            bytes: doc.text.len() as u64,
            meta: doc.meta.clone(),
            tally,
        });
        Ok(())
    }
}
