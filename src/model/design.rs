//! The design matrix: for each passage (a sentence or a document), its
//! lexicon features followed by the TF-IDF of its n-grams, standardized.
//! Vocabulary and scaler are fitted on training passages only and kept for
//! scoring.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::vocab::{Grams, TextOptions, Vocabulary};

/// A passage before featurization: its n-grams and its lexicon features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Passage {
    /// Word n-grams (with repeats).
    pub grams: Grams,
    /// Non-zero lexicon features: (column, value), columns as in
    /// [`crate::features::columns`].
    pub lexicon: Vec<(u32, f64)>,
}

impl Passage {
    /// A passage from a dense lexicon row and its n-grams.
    pub fn new(lexicon_row: &[f64], grams: Grams) -> Passage {
        Passage {
            grams,
            lexicon: lexicon_row
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(i, v)| (i as u32, *v))
                .collect(),
        }
    }
}

/// The smallest standard deviation the scaler divides by: a column that
/// varies less is constant, and is stored with a standard deviation of 1.
pub const MIN_STD: f64 = 1e-12;

/// Per-column mean and standard deviation of the training matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    /// Column means.
    #[serde(deserialize_with = "super::integrity::numbers")]
    pub mean: Vec<f64>,
    /// Column standard deviations (1 where a column is constant).
    #[serde(deserialize_with = "super::integrity::numbers")]
    pub std: Vec<f64>,
}

impl Scaler {
    /// Fits on the rows of `x`.
    pub fn fit(x: &Array2<f64>) -> Scaler {
        let n = x.nrows().max(1) as f64;
        let mut mean = vec![0.0; x.ncols()];
        let mut std = vec![0.0; x.ncols()];
        for (j, col) in x.columns().into_iter().enumerate() {
            let m = col.sum() / n;
            let var = col.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n;
            mean[j] = m;
            std[j] = if var.sqrt() > MIN_STD {
                var.sqrt()
            } else {
                1.0
            };
        }
        Scaler { mean, std }
    }

    /// Standardizes `x` in place.
    pub fn apply(&self, x: &mut Array2<f64>) {
        for mut row in x.rows_mut() {
            for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.std) {
                *v = (*v - m) / s;
            }
        }
    }
}

/// What turns passages into standardized feature rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Design {
    /// Names of the lexicon feature columns, in order.
    pub lexicon_columns: Vec<String>,
    /// The text vocabulary.
    pub vocabulary: Vocabulary,
    /// The scaler, over lexicon and text columns together.
    pub scaler: Scaler,
}

impl Design {
    /// Fits vocabulary and scaler on `train`.
    pub fn fit(train: &[&Passage], lexicon_columns: Vec<String>, text: TextOptions) -> Design {
        Design::fit_transform(train, lexicon_columns, text).0
    }

    /// Fits vocabulary and scaler on `train`, and returns its standardized
    /// rows too (building them once).
    pub fn fit_transform(
        train: &[&Passage],
        lexicon_columns: Vec<String>,
        text: TextOptions,
    ) -> (Design, Array2<f64>) {
        let vocabulary = Vocabulary::fit(train.iter().map(|p| &p.grams), text);
        let mut design = Design {
            lexicon_columns,
            vocabulary,
            scaler: Scaler {
                mean: Vec::new(),
                std: Vec::new(),
            },
        };
        let mut x = design.raw(train);
        design.scaler = Scaler::fit(&x);
        design.scaler.apply(&mut x);
        (design, x)
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.lexicon_columns.len() + self.vocabulary.len()
    }

    /// Column names: the lexicon columns, then `text:<n-gram>`.
    pub fn names(&self) -> Vec<String> {
        self.lexicon_columns
            .iter()
            .cloned()
            .chain(self.vocabulary.terms.iter().map(|t| format!("text:{t}")))
            .collect()
    }

    fn raw(&self, passages: &[&Passage]) -> Array2<f64> {
        let nl = self.lexicon_columns.len();
        let mut x = Array2::zeros((passages.len(), self.width()));
        for (mut row, p) in x.rows_mut().into_iter().zip(passages) {
            let Some(row) = row.as_slice_mut() else {
                continue;
            };
            for &(c, v) in &p.lexicon {
                if let Some(cell) = row.get_mut(c as usize).filter(|_| (c as usize) < nl) {
                    *cell = v;
                }
            }
            self.vocabulary.transform(&p.grams, &mut row[nl..]);
        }
        x
    }

    /// The standardized rows of `passages`.
    pub fn matrix(&self, passages: &[&Passage]) -> Array2<f64> {
        let mut x = self.raw(passages);
        self.scaler.apply(&mut x);
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizes_with_training_statistics() {
        let a = Passage::new(&[2.0, 0.0], ["x"].into_iter().collect());
        let b = Passage::new(&[4.0, 0.0], ["x", "y"].into_iter().collect());
        let opts = TextOptions {
            ngrams: 1,
            min_df: 1,
            max_df: 1.0,
            max_features: 10,
        };
        let d = Design::fit(&[&a, &b], vec!["l0".into(), "l1".into()], opts);
        assert_eq!(d.names(), ["l0", "l1", "text:x", "text:y"]);
        let x = d.matrix(&[&a, &b]);
        // column l0: mean 3, std 1 -> -1, +1; l1 constant -> 0
        assert_eq!(x.column(0).to_vec(), [-1.0, 1.0]);
        assert_eq!(x.column(1).to_vec(), [0.0, 0.0]);
        // a new passage is scaled with the training statistics, not its own
        let c = Passage::new(&[5.0, 1.0], Grams::default());
        assert_eq!(d.matrix(&[&c]).row(0).to_vec()[..2], [2.0, 1.0]);
    }
}
