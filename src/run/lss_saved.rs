//! LSS with a saved scale (`--lss-polarity W.json`, from `--lss-save`):
//! [`LssScorer`] scores each document as the corpus streams past (on any
//! thread; gathered in input order), and [`saved_view`] turns the scored
//! documents into what the report shows. `analyze` and `slant report`
//! (from the rows `slant map` wrote) both end in [`saved_view`], so a
//! corpus mapped in shards reports as analyze does, byte for byte.

use std::path::Path;

use crate::corpus::Document;
use crate::error::Error;
use crate::lss::applied::{doc_candidates, Candidate, ScoredDocs, TopCandidates};
use crate::lss::{sentence_words, SavedScale, ScaleIndex};
use crate::matching::MatchedDoc;
use crate::scores::lss::{lss_outlet_scores, top_words, LssDocRow, LssEvidenceRow, LssView};
use crate::scores::ScoreValidParams;
use crate::stream::DocHook;

/// A polarity file, read, with what names it.
#[derive(Debug, Clone)]
pub struct SavedLss {
    /// The file's contents.
    pub scale: SavedScale,
    /// Its words indexed for scoring.
    pub index: ScaleIndex,
    /// Hex SHA-256 of its bytes (recorded in partials).
    pub sha256: String,
    /// The path as given.
    pub label: String,
}

impl SavedLss {
    /// Reads the polarity file at `path`.
    pub fn load(path: &Path) -> Result<SavedLss, Error> {
        let (scale, sha256) = SavedScale::read(path).map_err(|e| Error::Invalid(e.to_string()))?;
        Ok(SavedLss {
            index: scale.index(),
            scale,
            sha256,
            label: path.display().to_string(),
        })
    }
}

/// Scores every document with a saved scale and keeps the candidate
/// evidence sentences.
pub struct LssScorer<'a> {
    index: &'a ScaleIndex,
    scored: ScoredDocs,
}

impl<'a> LssScorer<'a> {
    /// A scorer keeping `per_outlet` sentences per outlet and direction.
    pub fn new(saved: &'a SavedLss, per_outlet: usize) -> LssScorer<'a> {
        LssScorer {
            index: &saved.index,
            scored: ScoredDocs {
                candidates: TopCandidates::new(per_outlet),
                ..ScoredDocs::default()
            },
        }
    }

    /// Every document's score and the candidates; a candidate's `record`
    /// is its document's place in the pass.
    pub fn finish(self) -> ScoredDocs {
        self.scored
    }
}

impl DocHook for LssScorer<'_> {
    type Item = (Option<f64>, u64, Vec<Candidate>);

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let sums = self
            .index
            .score(sentence_words(&doc.text, &m.layout.sentences));
        // The record is set in `consume`, which sees documents in order.
        let key = (doc.outlet.as_str(), 0, doc.id.as_str());
        let keep = self.scored.candidates.keep();
        let candidates = doc_candidates(self.index, &sums, key, keep, |s| {
            sentence_text(&doc.text, s)
        });
        (sums.raw(), sums.words, candidates)
    }

    fn consume(
        &mut self,
        doc: &Document,
        _: &MatchedDoc,
        (raw, words, candidates): Self::Item,
    ) -> std::io::Result<()> {
        let record = self.scored.docs.len() as u64;
        self.scored.ids.push(doc.id.clone());
        self.scored.outlets.push(doc.outlet.clone());
        self.scored.docs.push((raw, words));
        for c in candidates {
            self.scored.candidates.add(Candidate { record, ..c });
        }
        Ok(())
    }
}

/// Sentence `s` of `text` as the evidence shows it (whitespace collapsed),
/// cut as `run::lss` cuts the sentences it shows.
fn sentence_text(text: &str, s: u32) -> String {
    let spans = crate::text::sentences(text);
    let t = spans.get(s as usize).map_or("", |r| &text[r.clone()]);
    crate::aggregate::evidence::clip(&t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// What the report shows of a corpus scored with a saved scale: document
/// scores standardized with the saved mean and deviation, outlet scores
/// with bootstrap intervals, the lexicon index of the seeds' axis beside
/// them (and the model's outlet score, when the model is of that axis),
/// and each outlet's strongest sentences the way it leans.
pub fn saved_view(
    saved: &SavedLss,
    scored: ScoredDocs,
    scores: &ScoreValidParams,
    beside: &crate::scores::Scores,
) -> LssView {
    let s = &saved.scale;
    let mut names: Vec<String> = Vec::new();
    let mut at: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut rows = Vec::with_capacity(scored.docs.len());
    for (outlet, &(raw, words)) in scored.outlets.iter().zip(&scored.docs) {
        let next = names.len();
        let o = *at.entry(outlet).or_insert(next);
        if o == next {
            names.push(outlet.clone());
        }
        rows.push((o, raw.map(|r| saved.index.z(r)), words));
    }
    let mut outlets = lss_outlet_scores(&names, &rows, scores);
    if let Some(axis) = &s.axis {
        super::lss_beside::beside_lexicon(&mut outlets, beside, axis);
    }
    let outlets = super::lss_beside::by_name(outlets);
    let mut evidence = Vec::new();
    for o in &outlets {
        let Some(score) = o.score else { continue };
        for (i, c) in scored
            .candidates
            .of(&o.outlet, score >= 0.0)
            .iter()
            .enumerate()
        {
            evidence.push(LssEvidenceRow {
                outlet: c.outlet.clone(),
                rank: i + 1,
                id: c.id.clone(),
                sentence: c.sentence,
                contribution: c.contribution,
                text: c.text.clone(),
            });
        }
    }
    let documents = scored
        .ids
        .into_iter()
        .zip(scored.outlets)
        .zip(&scored.docs)
        .map(|((id, outlet), &(raw, n_words))| LssDocRow {
            id,
            outlet,
            score: raw.map(|r| saved.index.z(r)),
            raw,
            n_words,
        })
        .collect();
    LssView {
        seeds_from: s.seeds_from.clone(),
        negative_label: s.negative_label.clone(),
        positive_label: s.positive_label.clone(),
        dims: s.singular_values.len(),
        sentences: s.sentences,
        vocabulary: s.words.len(),
        min_count: s.min_count,
        seed: s.seed,
        words: top_words(&s.model()),
        seeds: s.seeds.clone(),
        missing_seeds: s.missing_seeds.clone(),
        phrases: s.phrases.clone(),
        documents,
        outlets,
        evidence,
        background: s.background.clone(),
        saved: Some(saved_from(saved)),
    }
}

/// Where a saved scale came from, as the report says it.
fn saved_from(saved: &SavedLss) -> crate::scores::lss::SavedFrom {
    crate::scores::lss::SavedFrom {
        file: saved.label.clone(),
        sha256: saved.sha256.clone(),
        documents: saved.scale.documents,
    }
}
