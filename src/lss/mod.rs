//! Latent Semantic Scaling (Watanabe 2021; R package LSX,
//! `textmodel_lss`): a scale learned from the corpus itself and a handful
//! of seed words, reaching the words a lexicon never listed.
//!
//! 1. [`matrix`]: every sentence of the corpus a row of word counts.
//! 2. [`svd`]: a truncated SVD of it (300 dimensions by default); the
//!    right singular vectors are word vectors: words used in the same
//!    sentences point the same way.
//! 3. [`seeds`] and [`fit`]: each word's polarity is its cosine
//!    similarity to the seed words of the positive pole minus that to the
//!    negative pole's (weighted means).
//! 4. [`score_documents`]: a document's score is the frequency-weighted
//!    mean polarity of its words, standardized over the corpus's
//!    documents (LSX's `predict(rescale = TRUE)`).
//!
//! Outlet scores with bootstrap intervals are computed in
//! `scores::lss`, from these document scores.

pub mod applied;
pub mod matrix;
pub mod saved;
pub mod seeds;
pub mod svd;

use crate::params::{ensure, ParamError, ParamGuard};
pub use matrix::{sentence_words, MatrixBuilder, SentenceMatrix};
pub use saved::{DocSums, SavedScale, ScaleIndex};
pub use seeds::{SeedSet, SeedWord};

/// Why LSS could not be fitted.
#[derive(Debug, thiserror::Error)]
pub enum LssError {
    /// No sentence holds a word frequent enough to keep.
    #[error("LSS: the corpus has no word seen often enough to scale (min count) in any sentence")]
    Empty,
    /// No seed pattern matched a kept word, or one pole has none.
    #[error("LSS: {0}")]
    Seeds(String),
    /// A seed file line that cannot be read.
    #[error("{file}, line {line}: {message}")]
    SeedFile {
        /// The file.
        file: String,
        /// Line number, from 1 (0: the file itself).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The eigendecomposition failed.
    #[error("LSS: linear algebra failed: {0}")]
    Linalg(String),
}

/// How LSS is fitted, unchecked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LssParams {
    /// Dimensions of the word vectors (default 300, as LSX's `k`).
    pub k: usize,
    /// Extra directions in the range finder (default 10).
    pub oversample: usize,
    /// Power iterations of the range finder (default 2).
    pub power_iters: usize,
    /// A word must occur this often in the corpus to be kept (default 5).
    pub min_count: u64,
    /// Seed of the random start of the SVD (default 42).
    pub seed: u64,
}

impl Default for LssParams {
    fn default() -> Self {
        LssParams {
            k: 300,
            oversample: 10,
            power_iters: 2,
            min_count: 5,
            seed: 42,
        }
    }
}

/// Checked [`LssParams`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LssValidParams(LssParams);

impl LssValidParams {
    /// The values.
    pub fn get(&self) -> &LssParams {
        &self.0
    }
}

impl ParamGuard for LssParams {
    type Checked = LssValidParams;
    fn check(self) -> Result<LssValidParams, ParamError> {
        ensure(self.k >= 2 && self.k <= 2000, "lss.k", || {
            format!("must be between 2 and 2000, not {}", self.k)
        })?;
        ensure(self.power_iters <= 10, "lss.power_iters", || {
            format!("must be at most 10, not {}", self.power_iters)
        })?;
        ensure(self.min_count >= 1, "lss.min_count", || {
            "must be at least 1".into()
        })?;
        Ok(LssValidParams(self))
    }
}

/// A fitted scale: every kept word's polarity, and what it was built from.
#[derive(Debug, Clone)]
pub struct LssModel {
    /// The words, as the matrix's columns.
    pub words: Vec<String>,
    /// Corpus count of each word.
    pub frequency: Vec<u64>,
    /// Polarity of each word (+ toward the positive pole).
    pub polarity: Vec<f64>,
    /// Singular values of the SVD, largest first.
    pub singular_values: Vec<f64>,
    /// The seed words found, with their weights.
    pub seeds: Vec<SeedWord>,
    /// Seed patterns that matched no kept word.
    pub missing_seeds: Vec<String>,
    /// Seed terms left out for being more than one word.
    pub phrases: Vec<String>,
    /// Rows (sentences) of the matrix.
    pub sentences: usize,
}

/// Fits LSS on `m` with `seeds`.
pub fn fit(m: &SentenceMatrix, seeds: &SeedSet, p: &LssValidParams) -> Result<LssModel, LssError> {
    let p = p.get();
    let (found, missing) = seeds::resolve(seeds, &m.words);
    for (positive, name) in [(true, "positive"), (false, "negative")] {
        if !found.iter().any(|s| (s.weight > 0.0) == positive) {
            return Err(LssError::Seeds(format!(
                "no seed word of the {name} pole occurs {} times or more in the corpus \
                 (seeds not found: {})",
                p.min_count,
                if missing.is_empty() {
                    "none".into()
                } else {
                    missing.join(", ")
                }
            )));
        }
    }
    let svd = svd::truncated_svd(&m.counts, p.k, p.oversample, p.power_iters, p.seed)?;
    let polarity = polarity(&svd.vectors, &found);
    Ok(LssModel {
        words: m.words.clone(),
        frequency: m.frequency.clone(),
        polarity,
        singular_values: svd.values,
        seeds: found,
        missing_seeds: missing,
        phrases: seeds.phrases.clone(),
        sentences: m.counts.nrows(),
    })
}

/// Each word's weighted cosine similarity to the seeds: rows of `v` are
/// word vectors (LSX takes the right singular vectors unscaled, as here).
pub fn polarity(v: &ndarray::Array2<f64>, seeds: &[SeedWord]) -> Vec<f64> {
    let norms: Vec<f64> = v.rows().into_iter().map(|r| r.dot(&r).sqrt()).collect();
    let mut target = ndarray::Array1::<f64>::zeros(v.ncols());
    for s in seeds {
        if norms[s.column] > 0.0 {
            target.scaled_add(s.weight / norms[s.column], &v.row(s.column));
        }
    }
    v.rows()
        .into_iter()
        .zip(&norms)
        .map(|(r, &n)| if n > 0.0 { r.dot(&target) / n } else { 0.0 })
        .collect()
}

/// One document's LSS score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DocScore {
    /// Frequency-weighted mean polarity of its words (`None`: no kept word).
    pub raw: Option<f64>,
    /// `raw` standardized over the corpus's documents with a score.
    pub z: Option<f64>,
    /// Kept words (tokens) in the document.
    pub words: u64,
}

/// Every document's score, in document order; `m` is the matrix the
/// model was fitted on (or one built on the same words).
pub fn score_documents(m: &SentenceMatrix, model: &LssModel) -> Vec<DocScore> {
    let mut sum = vec![0.0; m.documents];
    let mut words = vec![0u64; m.documents];
    for r in 0..m.counts.nrows() {
        let (s, n) = sentence_score(m, model, r);
        let d = m.doc_of[r] as usize;
        sum[d] += s;
        words[d] += n;
    }
    let raw: Vec<Option<f64>> = sum
        .iter()
        .zip(&words)
        .map(|(&s, &n)| (n > 0).then(|| s / n as f64))
        .collect();
    let (mean, sd) = mean_sd(raw.iter().flatten().copied());
    raw.iter()
        .zip(&words)
        .map(|(&raw, &words)| DocScore {
            raw,
            z: raw.map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 }),
            words,
        })
        .collect()
}

/// The mean and sample standard deviation of the documents' raw scores,
/// with which [`score_documents`] standardized them.
pub fn scale_of(docs: &[DocScore]) -> (f64, f64) {
    mean_sd(docs.iter().filter_map(|d| d.raw))
}

/// The summed polarity of row `r`'s words, and how many words it has.
pub fn sentence_score(m: &SentenceMatrix, model: &LssModel, r: usize) -> (f64, u64) {
    let (cols, vals) = m.counts.row(r);
    let s = cols
        .iter()
        .zip(vals)
        .map(|(&c, &v)| v * model.polarity[c as usize])
        .sum();
    (s, vals.iter().sum::<f64>() as u64)
}

/// Mean and sample standard deviation (as R's `scale`), in input order.
fn mean_sd(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (n, sum) = xs.clone().fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = sum / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let ss: f64 = xs.map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests;
