//! A fitted scale saved to a file (`--lss-save`) and applied again
//! (`--lss-polarity`): every kept word's polarity, the seeds and options
//! it was fitted with, and the mean and standard deviation of the document
//! scores of the run that fitted it. Applied, it scores each document on
//! its own (the sum of its words' polarities, standardized with the saved
//! mean and deviation), so the scores of a corpus cut into shards are the
//! scores of the whole: what lets `slant map` score LSS.

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::matrix::Csr;
use super::{LssModel, SeedWord};

/// The `format` field of a polarity file.
pub const FORMAT: &str = "slant-lss-polarity";
/// The version of the format this slant reads and writes.
pub const VERSION: u32 = 1;

/// A polarity file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedScale {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The slant version that wrote it.
    pub slant: String,
    /// Where the seeds came from, as the report says it.
    pub seeds_from: String,
    /// The axis whose pole terms were the seeds (its lexicon index is
    /// shown beside LSS), if seeds came from an axis.
    pub axis: Option<String>,
    /// The negative end's label.
    pub negative_label: String,
    /// The positive end's label.
    pub positive_label: String,
    /// Rows (sentences) of the matrix the SVD saw.
    pub sentences: usize,
    /// A word's minimum count to be kept.
    pub min_count: u64,
    /// Seed of the SVD's random start.
    pub seed: u64,
    /// The files the word vectors were fitted on when they were not the
    /// scored corpus (`--lss-background`); empty otherwise.
    pub background: Vec<String>,
    /// Singular values, largest first (their number is the dimensions).
    pub singular_values: Vec<f64>,
    /// Seed words found, with weights.
    pub seeds: Vec<SeedWord>,
    /// Seed patterns that matched no kept word.
    pub missing_seeds: Vec<String>,
    /// Seed terms left out for being more than one word.
    pub phrases: Vec<String>,
    /// Documents with a score in the run that fitted it.
    pub documents: usize,
    /// Mean raw document score there: a document's standardized score is
    /// (raw - mean) / sd.
    pub mean: f64,
    /// Sample standard deviation of the raw document scores there.
    pub sd: f64,
    /// The words, in column order.
    pub words: Vec<String>,
    /// Each word's count in the corpus the vectors were fitted on.
    pub frequency: Vec<u64>,
    /// Each word's polarity.
    pub polarity: Vec<f64>,
}

/// Why a polarity file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SavedError {
    /// Reading or writing.
    #[error("{path}: {why}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        why: std::io::Error,
    },
    /// Not a polarity file of this version, or inconsistent.
    #[error("{path}: not a slant LSS polarity file: {why}")]
    Format {
        /// The file.
        path: String,
        /// Why.
        why: String,
    },
}

impl SavedScale {
    /// The file of `model`, whose documents' raw scores had `mean` and
    /// standard deviation `sd` over `documents` documents.
    pub fn of(model: &LssModel, documents: usize, (mean, sd): (f64, f64)) -> SavedScale {
        SavedScale {
            format: FORMAT.into(),
            version: VERSION,
            slant: env!("CARGO_PKG_VERSION").into(),
            seeds_from: String::new(),
            axis: None,
            negative_label: String::new(),
            positive_label: String::new(),
            sentences: model.sentences,
            min_count: 0,
            seed: 0,
            background: Vec::new(),
            singular_values: model.singular_values.clone(),
            seeds: model.seeds.clone(),
            missing_seeds: model.missing_seeds.clone(),
            phrases: model.phrases.clone(),
            documents,
            mean,
            sd,
            words: model.words.clone(),
            frequency: model.frequency.clone(),
            polarity: model.polarity.clone(),
        }
    }

    /// The model the file holds (its polarities, frequencies and seeds).
    pub fn model(&self) -> LssModel {
        LssModel {
            words: self.words.clone(),
            frequency: self.frequency.clone(),
            polarity: self.polarity.clone(),
            singular_values: self.singular_values.clone(),
            seeds: self.seeds.clone(),
            missing_seeds: self.missing_seeds.clone(),
            phrases: self.phrases.clone(),
            sentences: self.sentences,
        }
    }

    /// Writes the file at `path`, replacing it only once complete (an
    /// [`AtomicFile`](crate::output::AtomicFile): removed on a signal or by
    /// the next write after a kill, written through a symbolic link).
    pub fn write(&self, path: &Path) -> Result<(), SavedError> {
        let io = |why| SavedError::Io {
            path: path.display().to_string(),
            why,
        };
        let output = |e: crate::output::OutputError| io(std::io::Error::other(e.to_string()));
        let target = crate::output::AtomicFile::create(path).map_err(output)?;
        let mut w = std::io::BufWriter::new(target.writer().map_err(output)?);
        serde_json::to_writer(&mut w, self).map_err(|e| io(e.into()))?;
        drop(w.into_inner().map_err(|e| io(e.into_error()))?);
        target.commit().map_err(output)?;
        Ok(())
    }

    /// Reads the file at `path`, with the SHA-256 of its bytes (hex).
    pub fn read(path: &Path) -> Result<(SavedScale, String), SavedError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|why| SavedError::Io {
            path: name.clone(),
            why,
        })?;
        let bad = |why: String| SavedError::Format {
            path: name.clone(),
            why,
        };
        let s: SavedScale = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if s.format != FORMAT || s.version != VERSION {
            return Err(bad(format!(
                "format {:?} version {}, expected {FORMAT:?} version {VERSION}",
                s.format, s.version
            )));
        }
        let n = s.words.len();
        if s.frequency.len() != n || s.polarity.len() != n {
            return Err(bad(format!(
                "{n} words, {} frequencies, {} polarities",
                s.frequency.len(),
                s.polarity.len()
            )));
        }
        if !s.polarity.iter().all(|p| p.is_finite()) || !s.mean.is_finite() || !s.sd.is_finite() {
            return Err(bad("a polarity, the mean or the sd is not a number".into()));
        }
        Ok((s, format!("{:x}", Sha256::digest(&bytes))))
    }

    /// The index that scores documents with this file's polarities.
    pub fn index(&self) -> ScaleIndex {
        ScaleIndex {
            columns: self
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.clone(), i as u32))
                .collect(),
            polarity: self.polarity.clone(),
            mean: self.mean,
            sd: self.sd,
        }
    }
}

/// Each word's column and polarity, for scoring one document at a time.
#[derive(Debug, Clone, Default)]
pub struct ScaleIndex {
    columns: HashMap<String, u32>,
    polarity: Vec<f64>,
    /// Mean raw document score of the fitting run.
    pub mean: f64,
    /// Its standard deviation.
    pub sd: f64,
}

/// One document scored with a saved scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSums {
    /// Summed polarity of its scaled words.
    pub sum: f64,
    /// Its scaled words (tokens).
    pub words: u64,
    /// Per sentence with a scaled word: (sentence number, summed
    /// polarity, scaled words).
    pub sentences: Vec<(u32, f64, u64)>,
}

impl DocSums {
    /// The frequency-weighted mean polarity (`None`: no scaled word).
    pub fn raw(&self) -> Option<f64> {
        (self.words > 0).then(|| self.sum / self.words as f64)
    }
}

impl ScaleIndex {
    /// Scores a document given the content words of its sentences
    /// ([`super::sentence_words`]): the same sums, in the same order, as
    /// [`super::score_documents`] takes over a matrix with these columns.
    pub fn score(&self, sentences: Vec<Vec<String>>) -> DocSums {
        let mut out = DocSums::default();
        for (s, words) in sentences.into_iter().enumerate() {
            let entries: Vec<(u32, f64)> = words
                .iter()
                .filter_map(|w| self.columns.get(w).map(|&c| (c, 1.0)))
                .collect();
            if entries.is_empty() {
                continue;
            }
            let mut row = Csr::empty(self.polarity.len());
            row.push_row(entries);
            let (cols, vals) = row.row(0);
            let sum: f64 = cols
                .iter()
                .zip(vals)
                .map(|(&c, &v)| v * self.polarity[c as usize])
                .sum();
            let n = vals.iter().sum::<f64>() as u64;
            out.sum += sum;
            out.words += n;
            out.sentences.push((s as u32, sum, n));
        }
        out
    }

    /// A raw score standardized with the saved mean and deviation, as
    /// [`super::score_documents`] standardizes.
    pub fn z(&self, raw: f64) -> f64 {
        if self.sd > 0.0 {
            (raw - self.mean) / self.sd
        } else {
            0.0
        }
    }

    /// How far a sentence of a document moves the document's raw score
    /// from the saved mean (as [`crate::scores::lss::pick_evidence`]
    /// measures it from the corpus's).
    pub fn contribution(&self, sum: f64, n: u64, doc_words: u64) -> f64 {
        (sum - n as f64 * self.mean) / doc_words.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lss::MatrixBuilder;

    fn w(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_saved_scale_scores_as_the_matrix_does_and_reads_back() {
        let mut b = MatrixBuilder::new();
        b.add_document(vec![w(&["good", "war", "good"]), w(&["bad"]), w(&[])]);
        b.add_document(vec![w(&["unknown"]), w(&["war", "bad", "bad"])]);
        let m = b.finish(1);
        let model = LssModel {
            words: m.words.clone(),
            frequency: m.frequency.clone(),
            polarity: vec![0.3, -0.1, -0.7, 0.05],
            singular_values: vec![2.0, 1.0],
            seeds: vec![],
            missing_seeds: vec![],
            phrases: vec![],
            sentences: m.counts.nrows(),
        };
        let docs = crate::lss::score_documents(&m, &model);
        let scale = crate::lss::scale_of(&docs);
        let saved = SavedScale::of(&model, 2, scale);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        saved.write(&path).unwrap();
        let (back, sha) = SavedScale::read(&path).unwrap();
        assert_eq!(back, saved, "every f64 reads back exactly");
        assert_eq!(sha.len(), 64);
        let index = back.index();
        let one = index.score(vec![w(&["good", "war", "good"]), w(&["bad"]), w(&[])]);
        // good x2 (0.3) + war (-0.1) = 0.5 in 3 words; bad -0.7 in 1.
        assert_eq!(one.sentences.len(), 2);
        assert_eq!((one.sentences[0].0, one.sentences[0].2), (0, 3));
        let two = index.score(vec![w(&["unknown"]), w(&["war", "bad", "bad"])]);
        for (d, s) in docs.iter().zip([&one, &two]) {
            assert_eq!(d.raw, s.raw(), "raw scores equal bit for bit");
            assert_eq!(d.z, s.raw().map(|r| index.z(r)));
        }
        std::fs::write(&path, "{\"format\":\"x\"}").unwrap();
        let e = SavedScale::read(&path).unwrap_err().to_string();
        assert!(
            e.contains("w.json") && e.contains("not a slant LSS polarity file"),
            "{e}"
        );
    }
}
