//! What a report shows of LSS, computed here so that the report only
//! renders: the words of strongest polarity each way, each document's
//! score, and the sentences that drive each outlet's score.

use serde::Serialize;

use super::lss::LssOutletRow;
use crate::lss::{sentence_score, DocScore, LssModel, SeedWord, SentenceMatrix};

/// Everything the report shows of LSS.
#[derive(Debug, Clone, Serialize)]
pub struct LssView {
    /// Where the seeds came from, e.g. "the poles of axis `us_left_right`".
    pub seeds_from: String,
    /// The negative end of the scale, e.g. "Left-framed".
    pub negative_label: String,
    /// The positive end.
    pub positive_label: String,
    /// Dimensions of the word vectors.
    pub dims: usize,
    /// Sentences (rows) the SVD saw.
    pub sentences: usize,
    /// Words (columns) kept.
    pub vocabulary: usize,
    /// A word's minimum count to be kept.
    pub min_count: u64,
    /// The run's seed for the SVD's random start.
    pub seed: u64,
    /// Seed words found, with weights.
    pub seeds: Vec<SeedWord>,
    /// Seed patterns that matched no kept word.
    pub missing_seeds: Vec<String>,
    /// Seed terms left out for being more than one word.
    pub phrases: Vec<String>,
    /// `lss_words.csv`.
    pub words: Vec<LssWordRow>,
    /// `lss_documents.csv`.
    pub documents: Vec<LssDocRow>,
    /// `lss_outlets.csv`.
    pub outlets: Vec<LssOutletRow>,
    /// Sentences that drive each outlet's score.
    pub evidence: Vec<LssEvidenceRow>,
    /// The files the word vectors were fitted on, when not this corpus
    /// (`--lss-background`).
    pub background: Vec<String>,
    /// The polarity file the scale was read from, when it was not fitted
    /// in this run (`--lss-polarity`).
    pub saved: Option<SavedFrom>,
}

/// A polarity file a run scored with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedFrom {
    /// The path as given.
    pub file: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// Documents whose scores set its mean and deviation (the zero and
    /// unit of the standardized scores).
    pub documents: usize,
}

/// Words of strongest polarity listed per side in `lss_words.csv`.
pub const TOP_WORDS: usize = 100;
/// A word must occur this often to be listed: rarer words have noisy
/// vectors and would crowd the list.
pub const LISTED_MIN_COUNT: u64 = 10;

/// A row of `lss_words.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LssWordRow {
    /// `positive` or `negative`: the side the word leans to.
    pub side: &'static str,
    /// 1 = strongest on its side.
    pub rank: usize,
    /// The word (lower case).
    pub word: String,
    /// Cosine similarity to the positive seeds minus the negative ones.
    pub polarity: f64,
    /// Times the word occurs in the corpus.
    pub frequency: u64,
    /// Its weight as a seed (each pole's sum to 1), empty if not a seed.
    pub seed_weight: Option<f64>,
}

/// A row of `lss_documents.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LssDocRow {
    /// Document id.
    pub id: String,
    /// Outlet.
    pub outlet: String,
    /// Standardized LSS score (z over the corpus's documents); empty
    /// without a scaled word.
    pub score: Option<f64>,
    /// Frequency-weighted mean polarity of its words, before
    /// standardizing.
    pub raw: Option<f64>,
    /// Scaled words (tokens) in it.
    pub n_words: u64,
}

/// A sentence that pushes its outlet's score the way it leans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LssEvidenceRow {
    /// Outlet.
    pub outlet: String,
    /// 1 = pushes hardest.
    pub rank: usize,
    /// Document id.
    pub id: String,
    /// Sentence number in the document (from 0).
    pub sentence: u32,
    /// How far the sentence moves its document's raw score from the
    /// corpus average: (sum of its words' polarity - words x average) /
    /// words of the document.
    pub contribution: f64,
    /// The sentence.
    pub text: String,
}

/// The words of strongest polarity each way.
pub fn top_words(model: &LssModel) -> Vec<LssWordRow> {
    let mut order: Vec<usize> = (0..model.words.len())
        .filter(|&i| model.frequency[i] >= LISTED_MIN_COUNT)
        .collect();
    order.sort_by(|&a, &b| {
        model.polarity[a]
            .total_cmp(&model.polarity[b])
            .then_with(|| model.words[a].cmp(&model.words[b]))
    });
    let seed_weight = |i: usize| -> Option<f64> {
        let w: f64 = model
            .seeds
            .iter()
            .filter(|s| s.column == i)
            .map(|s| s.weight)
            .sum();
        (w != 0.0).then_some(w)
    };
    let row = |side, rank, i: usize| LssWordRow {
        side,
        rank,
        word: model.words[i].clone(),
        polarity: model.polarity[i],
        frequency: model.frequency[i],
        seed_weight: seed_weight(i),
    };
    let mut out: Vec<LssWordRow> = order
        .iter()
        .rev()
        .take_while(|&&i| model.polarity[i] > 0.0)
        .take(TOP_WORDS)
        .enumerate()
        .map(|(r, &i)| row("positive", r + 1, i))
        .collect();
    out.extend(
        order
            .iter()
            .take_while(|&&i| model.polarity[i] < 0.0)
            .take(TOP_WORDS)
            .enumerate()
            .map(|(r, &i)| row("negative", r + 1, i)),
    );
    out
}

/// A sentence picked as evidence, before its text is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidencePick {
    /// Index of the outlet.
    pub outlet: usize,
    /// Document index (input order).
    pub doc: usize,
    /// Sentence number in the document.
    pub sentence: u32,
    /// See [`LssEvidenceRow::contribution`].
    pub contribution: f64,
}

/// Per outlet with a score, the `per_outlet` sentences that push its
/// documents' scores hardest the way the outlet leans (above the corpus
/// average for a positive score, below it for a negative one); ties by
/// input order.
pub fn pick_evidence(
    m: &SentenceMatrix,
    model: &LssModel,
    docs: &[DocScore],
    doc_outlet: &[usize],
    outlets: &[LssOutletRow],
    per_outlet: usize,
) -> Vec<EvidencePick> {
    let scored: Vec<f64> = docs.iter().filter_map(|d| d.raw).collect();
    let average = if scored.is_empty() {
        0.0
    } else {
        scored.iter().sum::<f64>() / scored.len() as f64
    };
    let mut by_outlet: Vec<Vec<EvidencePick>> = vec![Vec::new(); outlets.len()];
    for r in 0..m.counts.nrows() {
        let doc = m.doc_of[r] as usize;
        let o = doc_outlet[doc];
        let (sum, n) = sentence_score(m, model, r);
        let contribution = (sum - n as f64 * average) / docs[doc].words.max(1) as f64;
        by_outlet[o].push(EvidencePick {
            outlet: o,
            doc,
            sentence: m.sentence_of[r],
            contribution,
        });
    }
    let mut out = Vec::new();
    for (o, mut picks) in by_outlet.into_iter().enumerate() {
        let Some(score) = outlets[o].score else {
            continue;
        };
        let sign = if score < 0.0 { -1.0 } else { 1.0 };
        picks.retain(|p| p.contribution * sign > 0.0);
        picks.sort_by(|a, b| (b.contribution * sign).total_cmp(&(a.contribution * sign)));
        out.extend(picks.into_iter().take(per_outlet));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lss::SentenceMatrix;

    fn model(words: &[&str], polarity: &[f64], frequency: &[u64]) -> LssModel {
        LssModel {
            words: words.iter().map(|w| w.to_string()).collect(),
            frequency: frequency.to_vec(),
            polarity: polarity.to_vec(),
            singular_values: vec![],
            seeds: vec![SeedWord {
                column: 0,
                word: words[0].into(),
                pattern: words[0].into(),
                weight: 1.0,
            }],
            missing_seeds: vec![],
            phrases: vec![],
            sentences: 0,
        }
    }

    #[test]
    fn top_words_by_side_skip_rare_words() {
        let m = model(
            &["good", "nice", "bad", "rare", "flat"],
            &[0.9, 0.5, -0.7, 0.99, 0.0],
            &[50, 20, 30, 3, 40],
        );
        let rows = top_words(&m);
        let got: Vec<(&str, usize, &str)> = rows
            .iter()
            .map(|r| (r.side, r.rank, r.word.as_str()))
            .collect();
        // "rare" (3 < 10) is left out; "flat" (0) is on neither side.
        assert_eq!(
            got,
            vec![
                ("positive", 1, "good"),
                ("positive", 2, "nice"),
                ("negative", 1, "bad")
            ]
        );
        assert_eq!(rows[0].seed_weight, Some(1.0));
        assert_eq!(rows[1].seed_weight, None);
    }

    #[test]
    fn evidence_follows_the_outlets_lean() {
        let m0 = model(&["good", "bad"], &[1.0, -1.0], &[10, 10]);
        let mut b = crate::lss::MatrixBuilder::new();
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        b.add_document(vec![w(&["good", "good"]), w(&["bad"]), w(&["good"])]);
        b.add_document(vec![w(&["bad", "bad"])]);
        let m: SentenceMatrix = b.finish(1);
        let model = LssModel {
            words: m.words.clone(),
            ..m0
        };
        let docs = crate::lss::score_documents(&m, &model);
        let outlets = crate::scores::lss::lss_outlet_scores(
            &["A".into(), "B".into()],
            &[(0, docs[0].z, 4), (1, docs[1].z, 2)],
            &Default::default(),
        );
        let picks = pick_evidence(&m, &model, &docs, &[0, 1], &outlets, 2);
        // Raw scores: A (2 - 1 + 1) / 4 = 0.5, B -1; average -0.25. A leans
        // positive: its sentence 0 moves it (2 + 2 x 0.25) / 4 = 0.625,
        // sentence 2 (1 + 0.25) / 4 = 0.3125; sentence 1 pulls the other
        // way. B leans negative: (-2 + 0.5) / 2 = -0.75.
        let got: Vec<(usize, u32, f64)> = picks
            .iter()
            .map(|p| (p.outlet, p.sentence, p.contribution))
            .collect();
        assert_eq!(got, vec![(0, 0, 0.625), (0, 2, 0.3125), (1, 0, -0.75)]);
    }
}
