//! `train` as a library call: a corpus in, a validated model out.

use std::path::PathBuf;

use super::{find_repeats, pass_with, pick_axis, Spooled};
use crate::corpus::{ReadOptions, ReadWarnings};
use crate::error::Error;
use crate::lexicon::{self, Diagnostic, LexiconSource};
use crate::matching::Matcher;
use crate::model::{train, Model, Supervision, TrainParams, UnitCollector};
use crate::params::ParamGuard;
use crate::repeats::RepeatOptions;
use crate::text::QuoteWeight;

/// What [`train_on`] needs.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Corpus inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Lexicons.
    pub lexicons: Vec<LexiconSource>,
    /// Where labels come from; `None` = weak labels on `axis`.
    pub supervision: Option<Supervision>,
    /// Axis for weak labels (default: the first).
    pub axis: Option<String>,
    /// Weight of a quoted pole match in weak labels (0 leaves quotations out).
    pub quote_weight: QuoteWeight,
    /// What a negated pole match does to a weak label (default: nothing).
    pub negation: crate::text::NegationPolicy,
    /// Training parameters.
    pub params: TrainParams,
    /// Boilerplate and wire copy, handled as in `analyze`.
    pub repeats: RepeatOptions,
}

/// What [`train_on`] gives.
#[derive(Debug)]
pub struct Trained {
    /// The model, validated.
    pub model: Model,
    /// The lexicons' warnings met on loading.
    pub diagnostics: Vec<Diagnostic>,
    /// What the reading of the corpus found that may be wrong.
    pub input_warnings: ReadWarnings,
}

/// Reads a corpus, gathers training units and trains a model.
pub fn train_on(config: &TrainConfig, progress: &dyn Fn(u64, u64)) -> Result<Trained, Error> {
    let params = config.params.check()?;
    let loaded = lexicon::load(&config.lexicons)?;
    let mut set = loaded.set;
    set.negation.policy = config.negation;
    let supervision = match &config.supervision {
        Some(s) => s.clone(),
        None => match pick_axis(&set, config.axis.as_deref())? {
            Some(axis) => Supervision::Weak { axis },
            None => {
                return Err(Error::Invalid(
                    "the lexicons have no stance axis: give labels or reference outlets".into(),
                ))
            }
        },
    };
    let matcher = Matcher::new(&set)?;
    let mut units =
        UnitCollector::new(&set, &supervision, params.text.ngrams, config.quote_weight).counting();
    // Repeated text is found in a pass of its own, so standard input is
    // copied aside to be read again.
    let (spool, read) = Spooled::first_pass(&config.inputs, &config.read)?;
    let repeats = find_repeats(&config.inputs, read, &config.repeats, None)?;
    let (inputs, read) = spool.second_pass(&config.inputs, &config.read);
    let mut reader = pass_with(
        &inputs,
        read,
        &matcher,
        &mut units,
        progress,
        Some(&repeats),
    )?;
    let (units, table) = units.finish_counted(params.text.min_df)?;
    let model = train::train_counted(&units, table, &set, &supervision, &params)?;
    Ok(Trained {
        model,
        diagnostics: loaded.diagnostics,
        input_warnings: reader.take_warnings(),
    })
}
