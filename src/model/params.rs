//! How a model is trained, as given and as checked, and the one helper
//! training and validation share. A leaf of the model room: training
//! ([`super::train`]) and validation ([`super::validate`]) both read it.

use serde::{Deserialize, Serialize};

use super::classifier::FitOptions;
use super::vocab::{TextOptions, MAX_NGRAMS};
use crate::params::{ensure, ParamError, ParamGuard};

/// How a model is trained and validated, as given: checked by
/// [`ParamGuard::check`] into [`TrainValidParams`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    /// Text features.
    pub text: TextOptions,
    /// The classifier.
    pub fit: FitOptions,
    /// Folds of the grouped k-fold (default 5).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            text: TextOptions::default(),
            fit: FitOptions::default(),
            folds: 5,
            seed: 42,
        }
    }
}

impl ParamGuard for TrainParams {
    type Checked = TrainValidParams;

    fn check(self) -> Result<TrainValidParams, ParamError> {
        let (fit, text) = (&self.fit, &self.text);
        ensure(
            fit.alpha.is_finite() && fit.alpha >= 0.0,
            "fit.alpha",
            || format!("must be a number >= 0, not {}", fit.alpha),
        )?;
        ensure(
            fit.tolerance.is_finite() && fit.tolerance > 0.0,
            "fit.tolerance",
            || format!("must be a number > 0, not {}", fit.tolerance),
        )?;
        ensure(fit.max_iter > 0, "fit.max_iter", || {
            "must be at least 1".into()
        })?;
        ensure(
            (1..=MAX_NGRAMS).contains(&text.ngrams),
            "text.ngrams",
            || format!("must be 1, 2 or 3, not {}", text.ngrams),
        )?;
        ensure(
            text.max_df > 0.0 && text.max_df <= 1.0,
            "text.max_df",
            || format!("must be a share in (0, 1], not {}", text.max_df),
        )?;
        ensure(self.folds >= 2, "folds", || {
            format!("must be at least 2, not {}", self.folds)
        })?;
        Ok(TrainValidParams(self))
    }
}

/// How a model is trained, checked; reads as [`TrainParams`]. A saved
/// model records the parameters it was trained with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrainValidParams(TrainParams);

impl std::ops::Deref for TrainValidParams {
    type Target = TrainParams;
    fn deref(&self) -> &TrainParams {
        &self.0
    }
}

/// The index of the largest value (the first on ties).
pub fn argmax(row: &[f64]) -> usize {
    (0..row.len()).fold(0, |best, i| if row[i] > row[best] { i } else { best })
}
