//! LSS on the streaming road: [`LssCollector`] is the hook that lays every
//! document's sentences into the sentence-by-word matrix as the corpus
//! streams past (tokenized in parallel, added in input order), and
//! [`LssCollector::fit`] fits the scale and scores documents and outlets.

use crate::corpus::Document;
use crate::lss::{self, DocScore, LssError, LssModel, LssValidParams, MatrixBuilder, SeedSet};
use crate::matching::MatchedDoc;
use crate::scores::lss::{lss_outlet_scores, LssOutletRow};
use crate::scores::ScoreValidParams;
use crate::stream::DocHook;

/// Gathers the matrix and each document's outlet.
#[derive(Debug, Default)]
pub struct LssCollector {
    builder: MatrixBuilder,
    outlets: Vec<String>,
    outlet_index: std::collections::BTreeMap<String, usize>,
    doc_outlet: Vec<usize>,
}

impl LssCollector {
    /// An empty collector.
    pub fn new() -> LssCollector {
        LssCollector {
            builder: MatrixBuilder::new(),
            ..LssCollector::default()
        }
    }

    /// Fits LSS on what was gathered and scores every document and outlet.
    pub fn fit(
        self,
        seeds: &SeedSet,
        params: &LssValidParams,
        scores: &ScoreValidParams,
    ) -> Result<LssResult, LssError> {
        let matrix = self.builder.finish(params.get().min_count);
        let model = lss::fit(&matrix, seeds, params)?;
        let docs = lss::score_documents(&matrix, &model);
        let rows: Vec<(usize, Option<f64>, u64)> = docs
            .iter()
            .zip(&self.doc_outlet)
            .map(|(d, &o)| (o, d.z, d.words))
            .collect();
        let outlets = lss_outlet_scores(&self.outlets, &rows, scores);
        Ok(LssResult {
            matrix,
            model,
            docs,
            doc_outlet: self.doc_outlet,
            outlets,
        })
    }
}

/// A fitted scale with its document and outlet scores.
#[derive(Debug, Clone)]
pub struct LssResult {
    /// The matrix it was fitted on (rows know their document and
    /// sentence, for the evidence).
    pub matrix: lss::SentenceMatrix,
    /// Word polarities and seeds.
    pub model: LssModel,
    /// Every document's score, in input order.
    pub docs: Vec<DocScore>,
    /// Each document's index into `outlets`.
    pub doc_outlet: Vec<usize>,
    /// Outlet scores, in order of first appearance.
    pub outlets: Vec<LssOutletRow>,
}

impl DocHook for LssCollector {
    type Item = Vec<Vec<String>>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Vec<Vec<String>> {
        lss::sentence_words(&doc.text, &m.layout.sentences)
    }

    fn consume(
        &mut self,
        doc: &Document,
        _: &MatchedDoc,
        words: Vec<Vec<String>>,
    ) -> std::io::Result<()> {
        let next = self.outlets.len();
        let o = *self.outlet_index.entry(doc.outlet.clone()).or_insert(next);
        if o == next {
            self.outlets.push(doc.outlet.clone());
        }
        self.doc_outlet.push(o);
        self.builder.add_document(words);
        Ok(())
    }
}
