//! The aggregate stage: everything the outputs need, gathered as the corpus
//! streams past, and nothing computed from it yet. Per document: what its
//! matches amount to ([`DocSummary`]), summed per outlet in memory and
//! spilled per document ([`docs`]); per outlet and axis: the strongest
//! evidence sentences; per lexicon form: its matches; and, when asked for,
//! word n-gram counts and sentences to align per outlet
//! ([`words::WordCollector`]) and the model's predictions
//! ([`predictions::PredictionCollector`]).
//!
//! Each collector is a [`DocHook`] of the streaming engine; the scores stage
//! computes every statistic from the [`Aggregate`] they fill.

pub mod dfm;
pub mod doc_grams;
pub mod docs;
pub mod evidence;
mod gram_fold;
pub mod gram_runs;
pub mod ngrams;
pub mod predictions;
pub mod sentences;
mod tally_file;
pub mod texts;
pub mod words;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::corpus::Document;
use crate::features::DocTally;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::repeats::Repeats;
use crate::stream::DocHook;
use crate::text::QuoteWeight;

pub use docs::{AxisDocs, DocReader, Docs, OutletDocs};
pub use evidence::{Evidence, EvidenceSet, Mark};
pub use ngrams::Counts;
pub use predictions::{DocProbs, Predictions, TopSentence};
pub use sentences::{AlignedTerm, Candidate, SentencePool};
pub use texts::{DocText, DocTexts};

/// What the statistics need of each document after matching; what is only
/// written out (id, date, title, ...) is in [`Aggregate::texts`].
#[derive(Debug, Clone)]
pub struct DocSummary {
    /// Outlet: one shared name per outlet, not a string per document.
    pub outlet: Arc<str>,
    /// What its matches amount to.
    pub tally: DocTally,
}

/// Everything the outputs of a run need.
#[derive(Debug, Default)]
pub struct Aggregate {
    /// Every document read: per outlet in memory, per document in input
    /// order in memory or spilled to the staging folder ([`docs`]).
    pub docs: Docs,
    /// Their ids, dates, titles and pass-through fields, in the same order.
    pub texts: DocTexts,
    /// The record fields passed through to `documents.csv`: `url` when any
    /// document has one, then every other field in the order first seen.
    pub metadata_fields: Vec<String>,
    /// Dates slant could not read as a date, kept as given.
    pub unreadable_dates: usize,
    /// The first of them, with its document id.
    pub unreadable_date_example: Option<(String, String)>,
    /// What the reading found that may be wrong: the run that reads the
    /// corpus sets it, and `slant map` carries it in its partial.
    pub read_warnings: crate::corpus::ReadWarnings,
    /// Matches per entry and form, over the corpus.
    pub form_counts: Vec<Vec<u64>>,
    /// Evidence per (outlet, axis index).
    pub evidence: BTreeMap<(String, usize), EvidenceSet>,
    /// Bytes of text read.
    pub bytes: u64,
    /// Word n-gram counts per outlet, when the comparison views are wanted.
    pub words: Option<Counts>,
    /// The word n-gram counts spilled to disk, when they passed their
    /// memory budget: then the tables of [`Aggregate::words`] are empty.
    pub word_runs: Option<gram_runs::GramRuns>,
    /// Sentences that may be aligned across outlets, when alignment is wanted.
    pub sentences: Option<SentencePool>,
    /// The model's predictions, when a model was trained or given.
    pub predictions: Option<Predictions>,
    /// Word counts per document, when the document-feature matrix is wanted.
    pub dfm: Option<dfm::Dfm>,
    /// Boilerplate and wire copy found before matching.
    pub repeats: Repeats,
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
    docs: docs::DocSpill,
    texts: texts::TextSpill,
    // Looked up, never iterated: outputs do not depend on hashing. Fx:
    // one lookup per document, on the thread that sees them in order.
    outlets: FxHashMap<String, Arc<str>>,
    fields_seen: HashSet<String>,
    fields: Vec<String>,
    any_url: bool,
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
            docs: docs::DocSpill::default(),
            texts: texts::TextSpill::default(),
            outlets: FxHashMap::default(),
            fields_seen: HashSet::new(),
            fields: Vec::new(),
            any_url: false,
        }
    }

    /// Spills the documents' texts and tallies to new files at `path` and
    /// `path` with `.tally` added, instead of holding them in memory (see
    /// [`texts`] and [`docs`]). The caller removes the files
    /// ([`DocTexts::discard`], [`Docs::discard`]) once the tables are
    /// written.
    pub fn spill_to(mut self, path: &std::path::Path) -> std::io::Result<Self> {
        (self.docs, self.texts) = spills_at(path)?;
        Ok(self)
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
    pub fn finish(self) -> std::io::Result<Aggregate> {
        let mut out = self.out;
        out.texts = self.texts.finish()?;
        out.docs = self.docs.finish()?;
        out.metadata_fields = match self.any_url {
            true => std::iter::once("url".to_string())
                .chain(self.fields.into_iter().filter(|f| f != "url"))
                .collect(),
            false => self.fields,
        };
        Ok(out)
    }

    /// The shared name of `outlet`.
    fn outlet(&mut self, outlet: &str) -> Arc<str> {
        if let Some(o) = self.outlets.get(outlet) {
            return o.clone();
        }
        let o: Arc<str> = outlet.into();
        self.outlets.insert(outlet.to_string(), o.clone());
        o
    }

    /// Notes what `documents.csv` and the corpus summary need of `doc`'s
    /// fields, and keeps them for writing out.
    fn note_text(&mut self, doc: &Document) -> std::io::Result<()> {
        self.any_url |= doc.url.is_some();
        for (k, _) in &doc.meta {
            if !self.fields_seen.contains(k) {
                self.fields_seen.insert(k.clone());
                self.fields.push(k.clone());
            }
        }
        if let Some(date) = doc.date.as_deref() {
            if !crate::corpus::is_iso_date(date) {
                let out = &mut self.out;
                out.unreadable_dates += 1;
                out.unreadable_date_example
                    .get_or_insert_with(|| (doc.id.clone(), date.to_string()));
            }
        }
        self.texts.add(doc)
    }
}

impl DocHook for Aggregator<'_> {
    type Item = (DocTally, Vec<(usize, Vec<Evidence>)>);

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let tally = DocTally::of(self.set, m);
        let evidence = match self.evidence {
            Some(n) => evidence::of_document(self.set, doc, m, self.quote_weight, n),
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
        self.note_text(doc)?;
        let outlet = self.outlet(&doc.outlet);
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
        self.docs.add(DocSummary { outlet, tally })
    }
}

/// Spills of documents' tallies and texts to new files: the texts at
/// `path`, the tallies at `path` with `.tally` added. The caller removes
/// the files ([`Docs::discard`], [`DocTexts::discard`]) once the tables are
/// written.
pub fn spills_at(path: &std::path::Path) -> std::io::Result<(docs::DocSpill, texts::TextSpill)> {
    let texts = texts::TextSpill::to_file(path)?;
    let mut tally = path.as_os_str().to_owned();
    tally.push(".tally");
    let docs = docs::DocSpill::to_file(std::path::Path::new(&tally))?;
    Ok((docs, texts))
}
