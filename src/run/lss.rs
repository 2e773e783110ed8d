//! LSS on the streaming road: [`LssCollector`] is the hook that lays every
//! document's sentences into the sentence-by-word matrix as the corpus
//! streams past (tokenized in parallel, added in input order),
//! [`LssCollector::fit`] fits the scale and scores documents and outlets,
//! and [`view`] gathers what the report shows, reading the corpus once
//! more for the text of the few sentences shown as evidence.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::corpus::{Document, ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::lss::{self, DocScore, LssError, LssModel, LssParams, LssValidParams};
use crate::lss::{MatrixBuilder, SeedSet, SentenceMatrix};
use crate::matching::MatchedDoc;
use crate::params::ParamGuard;
use crate::repeats::Repeats;
use crate::scores::lss::{
    lss_outlet_scores, pick_evidence, top_words, LssDocRow, LssEvidenceRow, LssOutletRow, LssView,
};
use crate::scores::tables::OutletRow;
use crate::scores::ScoreValidParams;
use crate::stream::DocHook;

/// Sentences shown per outlet as what drives its LSS score.
const EVIDENCE_PER_OUTLET: usize = 3;

/// Where LSS takes its seeds from, as asked.
#[derive(Debug, Clone, Default)]
pub struct LssPlan {
    /// The axis whose pole terms are the seeds (the first axis when
    /// `None` and no seed file is given).
    pub axis: Option<String>,
    /// A seed file (`TERM,WEIGHT` lines) instead of an axis.
    pub seed_file: Option<PathBuf>,
    /// Fitting parameters (`seed` is taken from the run's).
    pub params: LssParams,
}

/// A checked [`LssPlan`]: seeds read, parameters valid.
#[derive(Debug, Clone)]
pub struct PreparedLss {
    seeds: SeedSet,
    seeds_from: String,
    axis_id: Option<String>,
    labels: (String, String),
    params: LssValidParams,
}

impl LssPlan {
    /// Checks the plan against the loaded lexicons.
    pub fn prepare(&self, set: &LexiconSet, seed: u64) -> Result<PreparedLss, Error> {
        let params = LssParams {
            seed,
            ..self.params
        }
        .check()?;
        if let Some(file) = &self.seed_file {
            let seeds = SeedSet::from_file(file).map_err(|e| Error::Invalid(e.to_string()))?;
            return Ok(PreparedLss {
                seeds,
                seeds_from: format!("the seed file `{}`", file.display()),
                axis_id: None,
                labels: ("negative".into(), "positive".into()),
                params,
            });
        }
        let axis = super::pick_axis(set, self.axis.as_deref())?.ok_or_else(|| {
            Error::Invalid("--lss: the lexicons have no stance axis to take seed words from; give a seed file with --lss-seeds".into())
        })?;
        let a = &set.axes[axis];
        Ok(PreparedLss {
            seeds: SeedSet::from_axis(set, axis),
            seeds_from: format!("the pole terms of axis {}", a.id),
            axis_id: Some(a.id.clone()),
            labels: (a.negative.label.clone(), a.positive.label.clone()),
            params,
        })
    }
}

/// Gathers the matrix and each document's id and outlet.
#[derive(Debug, Default)]
pub struct LssCollector {
    builder: MatrixBuilder,
    outlets: Vec<String>,
    outlet_index: BTreeMap<String, usize>,
    doc_outlet: Vec<usize>,
    ids: Vec<String>,
}

/// A fitted scale with its document and outlet scores.
#[derive(Debug, Clone)]
pub struct LssResult {
    /// The matrix it was fitted on (rows know their document and
    /// sentence, for the evidence).
    pub matrix: SentenceMatrix,
    /// Word polarities and seeds.
    pub model: LssModel,
    /// Every document's score, in input order.
    pub docs: Vec<DocScore>,
    /// Every document's id, in input order.
    pub ids: Vec<String>,
    /// Each document's index into `outlets`.
    pub doc_outlet: Vec<usize>,
    /// Outlet scores, in order of first appearance.
    pub outlets: Vec<LssOutletRow>,
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
            ids: self.ids,
            doc_outlet: self.doc_outlet,
            outlets,
        })
    }
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
        self.ids.push(doc.id.clone());
        self.builder.add_document(words);
        Ok(())
    }
}

/// Fits LSS on the matrix the first pass gathered, when asked for: the
/// view, or why it could not be fitted (a note in the report, not a
/// failed run).
pub(super) fn scale(
    collector: Option<LssCollector>,
    plan: Option<&PreparedLss>,
    params: &ScoreValidParams,
    scores: &crate::scores::Scores,
    corpus: (&[PathBuf], ReadOptions, &Repeats),
) -> Result<Option<Result<LssView, String>>, Error> {
    let (Some(collector), Some(plan)) = (collector, plan) else {
        return Ok(None);
    };
    let fitted = view(collector, plan, params, &scores.tables.outlet_rows, corpus)?;
    Ok(Some(fitted.map_err(|e| e.to_string())))
}

/// Fits the collected matrix and gathers the report's view of it: the
/// lexicon index of the seeds' axis beside each outlet's LSS score, and
/// the evidence sentences' texts, read from `inputs` again (as the
/// matching pass saw them: `repeats` applied).
pub fn view(
    collector: LssCollector,
    plan: &PreparedLss,
    scores: &ScoreValidParams,
    lexicon_rows: &[OutletRow],
    corpus: (&[PathBuf], ReadOptions, &Repeats),
) -> Result<Result<LssView, LssError>, Error> {
    let mut r = match collector.fit(&plan.seeds, &plan.params, scores) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(axis) = &plan.axis_id {
        beside_lexicon(&mut r.outlets, lexicon_rows, axis);
    }
    let picks = pick_evidence(
        &r.matrix,
        &r.model,
        &r.docs,
        &r.doc_outlet,
        &r.outlets,
        EVIDENCE_PER_OUTLET,
    );
    let texts = sentence_texts(corpus, &picks)?;
    let mut evidence: Vec<LssEvidenceRow> = picks
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, (p, text))| LssEvidenceRow {
            outlet: r.outlets[p.outlet].outlet.clone(),
            rank: 1 + picks[..i].iter().filter(|q| q.outlet == p.outlet).count(),
            id: r.ids[p.doc].clone(),
            sentence: p.sentence,
            contribution: p.contribution,
            text,
        })
        .collect();
    // Tables list outlets by name, as outlets.csv does, not in the order
    // the corpus first named them (stable: ranks stay in order).
    evidence.sort_by(|a, b| a.outlet.cmp(&b.outlet));
    let documents = r
        .docs
        .iter()
        .zip(&r.ids)
        .zip(&r.doc_outlet)
        .map(|((d, id), &o)| LssDocRow {
            id: id.clone(),
            outlet: r.outlets[o].outlet.clone(),
            score: d.z,
            raw: d.raw,
            n_words: d.words,
        })
        .collect();
    let p = plan.params.get();
    Ok(Ok(LssView {
        seeds_from: plan.seeds_from.clone(),
        negative_label: plan.labels.0.clone(),
        positive_label: plan.labels.1.clone(),
        dims: r.model.singular_values.len(),
        sentences: r.model.sentences,
        vocabulary: r.model.words.len(),
        min_count: p.min_count,
        seed: p.seed,
        words: top_words(&r.model),
        seeds: r.model.seeds,
        missing_seeds: r.model.missing_seeds,
        phrases: r.model.phrases,
        documents,
        outlets: by_name(r.outlets),
        evidence,
    }))
}

/// Copies each outlet's lexicon index on axis `axis` into its LSS row.
fn beside_lexicon(rows: &mut [LssOutletRow], lexicon: &[OutletRow], axis: &str) {
    for row in rows {
        if let Some(l) = lexicon
            .iter()
            .find(|l| l.axis == axis && l.outlet == row.outlet)
        {
            row.lexicon_index = l.score;
            row.lexicon_ci_low = l.ci_low;
            row.lexicon_ci_high = l.ci_high;
        }
    }
}

/// The texts of the picked sentences, in the order of `picks`.
fn sentence_texts(
    (inputs, read, repeats): (&[PathBuf], ReadOptions, &Repeats),
    picks: &[crate::scores::lss::EvidencePick],
) -> Result<Vec<String>, Error> {
    let mut wanted: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for p in picks {
        wanted.entry(p.doc).or_default().push(p.sentence);
    }
    let mut found: BTreeMap<(usize, u32), String> = BTreeMap::new();
    let mut reader = Reader::open(inputs, super::read_after(read, Some(repeats)))?;
    let last = wanted.keys().next_back().copied();
    for (i, doc) in repeats.apply(&mut reader).enumerate() {
        if last.is_none_or(|l| i > l) {
            break;
        }
        let doc = doc?;
        if let Some(sentences) = wanted.get(&i) {
            let spans = crate::text::sentences(&doc.text);
            for &s in sentences {
                let text = spans.get(s as usize).map_or("", |r| &doc.text[r.clone()]);
                found.insert(
                    (i, s),
                    text.split_whitespace().collect::<Vec<_>>().join(" "),
                );
            }
        }
    }
    Ok(picks
        .iter()
        .map(|p| found.remove(&(p.doc, p.sentence)).unwrap_or_default())
        .collect())
}

/// The outlets' rows sorted by name.
fn by_name(mut rows: Vec<LssOutletRow>) -> Vec<LssOutletRow> {
    rows.sort_by(|a, b| a.outlet.cmp(&b.outlet));
    rows
}
