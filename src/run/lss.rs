//! LSS on the streaming road: [`LssCollector`] is the hook that lays every
//! document's sentences into the sentence-by-word matrix as the corpus
//! streams past (tokenized in parallel, added in input order),
//! [`LssCollector::fit`] fits the scale and scores documents and outlets,
//! and [`view`] gathers what the report shows, reading the corpus once
//! more for the text of the few sentences shown as evidence.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::lss_saved::SavedLss;
use crate::corpus::{Document, ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::lss::applied::ScoredDocs;
use crate::lss::{self, DocScore, LssError, LssModel, LssParams, LssValidParams};
use crate::lss::{MatrixBuilder, SavedScale, SeedSet, SentenceMatrix};
use crate::matching::MatchedDoc;
use crate::params::ParamGuard;
use crate::repeats::Repeats;
use crate::scores::lss::{
    lss_outlet_scores, pick_evidence, top_words, LssDocRow, LssEvidenceRow, LssOutletRow, LssView,
};
use crate::scores::{ScoreValidParams, Scores};
use crate::stream::DocHook;

/// Sentences shown per outlet as what drives its LSS score.
pub(super) const EVIDENCE_PER_OUTLET: usize = 3;

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
    /// Fit the word vectors on these inputs instead of the scored corpus
    /// (`--lss-background`); empty: the scored corpus.
    pub background: Vec<PathBuf>,
    /// Save the fitted scale here (`--lss-save`).
    pub save: Option<PathBuf>,
    /// Score with this saved scale instead of fitting one
    /// (`--lss-polarity`).
    pub polarity: Option<PathBuf>,
}

/// A checked [`LssPlan`]: a scale to fit, or a saved one to apply.
#[derive(Debug, Clone)]
pub enum PreparedLss {
    /// Fit on this run's corpus (or a background corpus).
    Fit(Box<FitPlan>),
    /// Apply a saved scale.
    Saved(Box<SavedLss>),
}

/// A scale to fit: seeds read, parameters valid.
#[derive(Debug, Clone)]
pub struct FitPlan {
    seeds: SeedSet,
    seeds_from: String,
    axis_id: Option<String>,
    labels: (String, String),
    params: LssValidParams,
    background: Vec<PathBuf>,
    save: Option<PathBuf>,
}

impl LssPlan {
    /// Checks the plan against the loaded lexicons.
    pub fn prepare(&self, set: &LexiconSet, seed: u64) -> Result<PreparedLss, Error> {
        if let Some(path) = &self.polarity {
            return Ok(PreparedLss::Saved(Box::new(SavedLss::load(path)?)));
        }
        if self.background.iter().any(|p| p.as_os_str() == "-") {
            return Err(Error::Invalid(
                "--lss-background: name files; standard input is the corpus's".into(),
            ));
        }
        let params = LssParams {
            seed,
            ..self.params
        }
        .check()?;
        let (seeds, seeds_from, axis_id, labels) = self.seeds(set)?;
        Ok(PreparedLss::Fit(Box::new(FitPlan {
            seeds,
            seeds_from,
            axis_id,
            labels,
            params,
            background: self.background.clone(),
            save: self.save.clone(),
        })))
    }

    /// The seeds, where they came from, the axis and the ends' labels.
    #[allow(clippy::type_complexity)]
    fn seeds(
        &self,
        set: &LexiconSet,
    ) -> Result<(SeedSet, String, Option<String>, (String, String)), Error> {
        if let Some(file) = &self.seed_file {
            let seeds = SeedSet::from_file(file).map_err(|e| Error::Invalid(e.to_string()))?;
            let from = format!("the seed file `{}`", file.display());
            return Ok((seeds, from, None, ("negative".into(), "positive".into())));
        }
        let axis = super::pick_axis(set, self.axis.as_deref())?.ok_or_else(|| {
            Error::Invalid("--lss: the lexicons have no stance axis to take seed words from; give a seed file with --lss-seeds".into())
        })?;
        let a = &set.axes[axis];
        Ok((
            SeedSet::from_axis(set, axis),
            format!("the pole terms of axis {}", a.id),
            Some(a.id.clone()),
            (a.negative.label.clone(), a.positive.label.clone()),
        ))
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

    /// Fits LSS on what was gathered (or on `background`, the matrix of
    /// another corpus) and scores every document and outlet.
    pub fn fit(
        self,
        seeds: &SeedSet,
        params: &LssValidParams,
        scores: &ScoreValidParams,
        background: Option<SentenceMatrix>,
    ) -> Result<LssResult, LssError> {
        let min_count = params.get().min_count;
        let (matrix, model) = match background {
            None => {
                let matrix = self.builder.finish(min_count);
                let model = lss::fit(&matrix, seeds, params)?;
                (matrix, model)
            }
            Some(bg) => {
                let model = lss::fit(&bg, seeds, params)?;
                drop(bg);
                (self.builder.finish(1).on_vocabulary(&model.words), model)
            }
        };
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

/// What the first pass gathered for LSS: the matrix to fit, or the
/// documents scored with a saved scale.
pub(super) enum Gathered {
    /// The sentence-by-word matrix.
    Matrix(Box<LssCollector>),
    /// Scores from a saved scale.
    Scored(ScoredDocs),
}

/// Fits LSS on the matrix the first pass gathered, or shows the documents
/// it scored with a saved scale, when asked for: the view, or why LSS
/// could not be fitted (a note in the report, not a failed run).
pub(super) fn scale(
    gathered: Option<Gathered>,
    plan: Option<&PreparedLss>,
    params: &ScoreValidParams,
    scores: &crate::scores::Scores,
    corpus: (&[PathBuf], ReadOptions, &Repeats),
) -> Result<Option<Result<LssView, String>>, Error> {
    let lexicon = scores;
    match (gathered, plan) {
        (Some(Gathered::Matrix(c)), Some(PreparedLss::Fit(plan))) => {
            let fitted = view(*c, plan, params, lexicon, corpus)?;
            Ok(Some(fitted.map_err(|e| e.to_string())))
        }
        (Some(Gathered::Scored(docs)), Some(PreparedLss::Saved(saved))) => Ok(Some(Ok(
            super::lss_saved::saved_view(saved, docs, params, lexicon),
        ))),
        _ => Ok(None),
    }
}

/// Fits the collected matrix and gathers the report's view of it: the
/// lexicon index of the seeds' axis beside each outlet's LSS score, and
/// the evidence sentences' texts, read from `inputs` again (as the
/// matching pass saw them: `repeats` applied). With `--lss-save`, the
/// scale is saved (and a scale that cannot be fitted is an error).
pub fn view(
    collector: LssCollector,
    plan: &FitPlan,
    scores: &ScoreValidParams,
    beside: &Scores,
    corpus: (&[PathBuf], ReadOptions, &Repeats),
) -> Result<Result<LssView, LssError>, Error> {
    let background = match plan.background.is_empty() {
        true => None,
        false => Some(super::lss_background::matrix(
            &plan.background,
            corpus.1.clone(),
            plan.params.get().min_count,
        )?),
    };
    let mut r = match collector.fit(&plan.seeds, &plan.params, scores, background) {
        Ok(r) => r,
        Err(e) if plan.save.is_some() => return Err(Error::Invalid(format!("--lss-save: {e}"))),
        Err(e) => return Ok(Err(e)),
    };
    if let Some(path) = &plan.save {
        save(&r, plan, path)?;
    }
    if let Some(axis) = &plan.axis_id {
        super::lss_beside::beside_lexicon(&mut r.outlets, beside, axis);
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
        outlets: super::lss_beside::by_name(r.outlets),
        evidence,
        background: background_names(&plan.background),
        saved: None,
    }))
}

fn background_names(paths: &[PathBuf]) -> Vec<String> {
    paths.iter().map(|p| p.display().to_string()).collect()
}

/// Writes the fitted scale to `path` (`--lss-save`).
fn save(r: &LssResult, plan: &FitPlan, path: &std::path::Path) -> Result<(), Error> {
    let documents = r.docs.iter().filter(|d| d.raw.is_some()).count();
    let mut file = SavedScale::of(&r.model, documents, lss::scale_of(&r.docs));
    let p = plan.params.get();
    file.seeds_from.clone_from(&plan.seeds_from);
    file.axis.clone_from(&plan.axis_id);
    file.negative_label.clone_from(&plan.labels.0);
    file.positive_label.clone_from(&plan.labels.1);
    (file.min_count, file.seed) = (p.min_count, p.seed);
    file.background = background_names(&plan.background);
    file.write(path)
        .map_err(|e| Error::Invalid(format!("--lss-save: {e}")))
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
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                found.insert((i, s), crate::aggregate::evidence::clip(&text));
            }
        }
    }
    Ok(picks
        .iter()
        .map(|p| found.remove(&(p.doc, p.sentence)).unwrap_or_default())
        .collect())
}
