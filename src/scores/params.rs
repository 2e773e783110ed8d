//! How scores are computed: the parameters as given ([`ScoreParams`]) and
//! as checked ([`ScoreValidParams`]).

use serde::Serialize;

use crate::params::{ensure, ParamError, ParamGuard};
use crate::text::{NegationPolicy, QuoteWeight};

/// How scores are computed, as given: plain values, checked by
/// [`ParamGuard::check`] into [`ScoreValidParams`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreParams {
    /// Weight of a quoted match relative to own voice, in [0, 1] (default 0.5).
    pub quote_weight: f64,
    /// Smoothing `k` in the index, a number >= 0 (default 1.0).
    pub smoothing: f64,
    /// Bootstrap resamples `B` (default 2000; 0 gives no intervals).
    pub bootstrap: usize,
    /// Seed for the bootstrap (default 42).
    pub seed: u64,
    /// Fewer documents than this flags the interval (default 5).
    pub min_docs: usize,
    /// Fewer pole matches than this flags the interval (default 10).
    pub min_matches: u32,
    /// What a pole match inside the scope of a negation counts for
    /// (default: nothing).
    pub negation: NegationPolicy,
}

impl Default for ScoreParams {
    fn default() -> Self {
        let v = ScoreValidParams::default();
        ScoreParams {
            quote_weight: v.quote_weight.get(),
            smoothing: v.smoothing,
            bootstrap: v.bootstrap,
            seed: v.seed,
            min_docs: v.min_docs,
            min_matches: v.min_matches,
            negation: v.negation,
        }
    }
}

impl ParamGuard for ScoreParams {
    type Checked = ScoreValidParams;

    fn check(self) -> Result<ScoreValidParams, ParamError> {
        ensure(
            self.smoothing.is_finite() && self.smoothing >= 0.0,
            "smoothing",
            || format!("must be a number >= 0, not {}", self.smoothing),
        )?;
        Ok(ScoreValidParams {
            quote_weight: QuoteWeight::new(self.quote_weight)?,
            smoothing: self.smoothing,
            bootstrap: self.bootstrap,
            seed: self.seed,
            min_docs: self.min_docs,
            min_matches: self.min_matches,
            negation: self.negation,
        })
    }
}

/// How scores are computed, checked. Made by [`ScoreParams::check`] (or
/// [`Default`]); the fields are read through its methods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreValidParams {
    pub(crate) quote_weight: QuoteWeight,
    pub(crate) smoothing: f64,
    pub(crate) bootstrap: usize,
    pub(crate) seed: u64,
    pub(crate) min_docs: usize,
    pub(crate) min_matches: u32,
    pub(crate) negation: NegationPolicy,
}

impl Default for ScoreValidParams {
    fn default() -> Self {
        ScoreValidParams {
            quote_weight: QuoteWeight::DEFAULT,
            smoothing: 1.0,
            bootstrap: 2000,
            seed: 42,
            min_docs: 5,
            min_matches: 10,
            negation: NegationPolicy::Ignore,
        }
    }
}

impl ScoreValidParams {
    /// Weight of a quoted match.
    pub fn quote_weight(&self) -> QuoteWeight {
        self.quote_weight
    }
    /// Smoothing `k`.
    pub fn smoothing(&self) -> f64 {
        self.smoothing
    }
    /// Bootstrap resamples.
    pub fn bootstrap(&self) -> usize {
        self.bootstrap
    }
    /// Seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Documents below which an interval is flagged.
    pub fn min_docs(&self) -> usize {
        self.min_docs
    }
    /// Pole matches below which an interval is flagged.
    pub fn min_matches(&self) -> u32 {
        self.min_matches
    }
    /// What a negated pole match counts for.
    pub fn negation(&self) -> NegationPolicy {
        self.negation
    }
}
