//! Argument groups shared by subcommands, and their conversion into the
//! library's checked option types.

pub use super::compare_args::CompareArgs;
pub use super::progress::{finish_report, progress_bar, Chatter, RunProgress, TableFormat};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use slant::corpus::{FieldMap, InputFormat, MissingOutlet, OnError, ReadOptions};
use slant::lexicon::LexiconSource;
use slant::params::ParamError;
use slant::scores::ScoreParams;

/// How to read the corpus.
#[derive(Debug, Args)]
#[command(next_help_heading = "Corpus")]
pub struct CorpusArgs {
    /// Map a field to an input column: `--field text=body` (fields: id, outlet, date, title, url, text)
    #[arg(long = "field", value_name = "FIELD=COLUMN")]
    pub fields: Vec<String>,

    /// Read inputs as this format instead of telling it from the name
    #[arg(long, value_name = "dir|jsonl|csv|tsv")]
    pub input_format: Option<InputFormat>,

    /// On a bad record (invalid UTF-8, empty, malformed, duplicate id): stop, or skip it and list it in the outputs
    #[arg(long, value_name = "stop|skip", default_value = "stop", value_parser = ["stop", "skip"])]
    pub on_error: String,

    /// For a document without an outlet: error (list them all), skip, document (own outlet per document), or as:NAME
    #[arg(long, value_name = "RULE", default_value = "error")]
    pub missing_outlet: MissingOutlet,

    /// The largest record to read, in MB (a JSONL line, a CSV record, a text file); a larger one is an error
    #[arg(long, value_name = "MB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_record_mb: u64,

    /// Numeric dates whose day and month could be swapped (12/01/17): month first (US) or day first; dates become ISO 8601
    #[arg(long, value_name = "mdy|dmy", default_value = "mdy")]
    pub date_order: slant::corpus::DateOrder,
}

impl CorpusArgs {
    pub fn options(&self) -> anyhow::Result<ReadOptions> {
        let mut fields = FieldMap::default();
        for f in &self.fields {
            let (name, column) = f
                .split_once('=')
                .with_context(|| format!("--field {f}: expected FIELD=COLUMN, e.g. text=body"))?;
            fields
                .set(name.trim(), column.trim())
                .map_err(|e| anyhow::anyhow!("--field {f}: {e}"))?;
        }
        Ok(ReadOptions {
            fields,
            on_error: if self.on_error == "skip" {
                OnError::Skip
            } else {
                OnError::Stop
            },
            missing_outlet: self.missing_outlet.clone(),
            format: self.input_format,
            max_record_bytes: self.max_record_mb << 20,
            date_order: self.date_order,
            ..ReadOptions::default()
        })
    }
}

/// Which lexicons to use.
#[derive(Debug, Args)]
#[command(next_help_heading = "Lexicons")]
pub struct LexiconArgs {
    /// Use this lexicon (file or built-in name) instead of the defaults; repeatable [default: russia-ukraine, sourcing]
    #[arg(long = "lexicon", value_name = "FILE|NAME")]
    pub lexicons: Vec<String>,

    /// Use this lexicon as well as the defaults (or those given with --lexicon); repeatable
    #[arg(long = "add-lexicon", value_name = "FILE|NAME")]
    pub add: Vec<String>,

    /// Roll a dictionary's hierarchical categories (parent.child) up to N levels, as `lexicon stats --level` does
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub level: Option<u16>,
}

impl LexiconArgs {
    pub fn sources(&self) -> anyhow::Result<Vec<LexiconSource>> {
        let mut out = if self.lexicons.is_empty() {
            LexiconSource::defaults()
        } else {
            self.lexicons
                .iter()
                .map(|l| LexiconSource::parse(l))
                .collect::<Result<_, _>>()?
        };
        for l in &self.add {
            let s = LexiconSource::parse(l)?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        if let Some(n) = self.level {
            let mut any = false;
            for s in &mut out {
                if let LexiconSource::Dictionary(_, _, level) = s {
                    *level = Some(n);
                    any = true;
                }
            }
            if !any {
                anyhow::bail!("--level {n} rolls up a dictionary's categories (.dic, .cat, .lc3, .yml), and no dictionary is given: slant TOML lexicons have no category levels");
            }
        }
        Ok(out)
    }
}

/// How a match inside a quotation counts: the same flag, meaning the same,
/// in every subcommand that weighs matches.
#[derive(Debug, Args)]
pub struct VoiceArgs {
    /// Weight of a match inside a quotation, relative to the outlet's own voice
    #[arg(long, value_name = "Q", default_value_t = 0.5)]
    pub quote_weight: f64,
}

impl VoiceArgs {
    pub fn weight(&self) -> anyhow::Result<slant::text::QuoteWeight> {
        slant::text::QuoteWeight::new(self.quote_weight).map_err(flag_error)
    }
}

/// The flag that sets a library parameter field.
fn flag_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "quote_weight" => "--quote-weight",
        "smoothing" => "--smoothing",
        "fit.alpha" => "--alpha",
        "fit.tolerance" => "--tolerance",
        "fit.max_iter" => "--max-iter",
        "text.ngrams" => "--ngrams",
        "text.max_df" => "--max-df",
        "folds" => "--folds",
        "keyness.prior_size" => "--prior-size",
        "align.threshold" => "--align-threshold",
        _ => return None,
    })
}

/// A parameter error in the words of the command line: the flag, not the
/// library's field.
pub fn flag_error(e: ParamError) -> anyhow::Error {
    match flag_of(e.field) {
        Some(flag) => anyhow::anyhow!("{flag} {}", e.message),
        None => e.into(),
    }
}

/// A library error, with parameter errors named by their flags.
pub fn cli_error(e: slant::Error) -> anyhow::Error {
    match e {
        slant::Error::Param(p) => flag_error(p),
        other => other.into(),
    }
}

/// How scores are computed.
#[derive(Debug, Args)]
#[command(next_help_heading = "Scoring")]
pub struct ScoreArgs {
    #[command(flatten)]
    pub voice: VoiceArgs,

    /// Smoothing k in (pos - neg) / (pos + neg + k)
    #[arg(long, value_name = "K", default_value_t = 1.0)]
    pub smoothing: f64,

    /// Bootstrap resamples for the 95% intervals
    #[arg(long, value_name = "B", default_value_t = 2000)]
    pub bootstrap: usize,

    /// Seed for all randomness
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Flag outlets with fewer documents than this
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_docs: usize,

    /// Flag outlets with fewer pole matches than this
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_matches: u32,

    /// What a pole match inside the scope of a negation ("not an invasion") counts for: nothing, its pole, or the opposite pole
    #[arg(long, value_enum, value_name = "HOW", default_value_t = NegationArg::Ignore)]
    pub negation: NegationArg,
}

/// `--negation`: clap's face of [`slant::text::NegationPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NegationArg {
    Ignore,
    Count,
    Flip,
}

impl From<NegationArg> for slant::text::NegationPolicy {
    fn from(n: NegationArg) -> Self {
        match n {
            NegationArg::Ignore => slant::text::NegationPolicy::Ignore,
            NegationArg::Count => slant::text::NegationPolicy::Count,
            NegationArg::Flip => slant::text::NegationPolicy::Flip,
        }
    }
}

impl ScoreArgs {
    pub fn params(&self) -> ScoreParams {
        ScoreParams {
            quote_weight: self.voice.quote_weight,
            smoothing: self.smoothing,
            bootstrap: self.bootstrap,
            seed: self.seed,
            min_docs: self.min_docs,
            min_matches: self.min_matches,
            negation: self.negation.into(),
        }
    }
}

/// Which outlets a report shows beyond its bounded selection.
#[derive(Debug, Args)]
#[command(next_help_heading = "Report")]
pub struct HighlightArgs {
    /// Show this outlet in every chart and table of the report, which otherwise show the highest- and lowest-ranked or the largest outlets; repeatable
    #[arg(long = "highlight", id = "highlight", value_name = "OUTLET", value_parser = slant::corpus::outlet_arg)]
    pub outlets: Vec<String>,
}

impl HighlightArgs {
    /// Warns about highlighted outlets the corpus does not have, naming
    /// the nearest. A warning, not an error: outlets are known only after
    /// the whole corpus is read, and the report is complete without them.
    pub fn warn_unknown(&self, outcome: &slant::run::Outcome) {
        let outlets = &outcome.scores.tables.outlets;
        for (name, near) in slant::report::selection::unknown_highlights(outlets, &self.outlets) {
            eprintln!(
                "slant: warning: --highlight {name}: no such outlet in the corpus (nearest: {})",
                near.join(", ")
            );
        }
    }
}

/// Threads and chatter of a run that reads a corpus and writes a report.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Worker threads [default: all cores]; results do not depend on it
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress, summary or warnings on standard error; errors only
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// The run's summary even when standard error is not a terminal (a
    /// log file, a pipeline)
    #[arg(short, long)]
    pub verbose: bool,
}

impl RunArgs {
    /// Starts the worker threads; what to say on standard error.
    pub fn start(&self) -> anyhow::Result<Chatter> {
        set_threads(self.threads)?;
        Ok(match (self.quiet, self.verbose) {
            (true, _) => Chatter::Quiet,
            (false, true) => Chatter::Verbose,
            (false, false) => Chatter::Normal,
        })
    }
}

/// Runs with `threads` worker threads (all cores when `None`).
pub fn set_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

/// The default report folder for `inputs`: `reports/<name of the input>`.
pub fn default_out(inputs: &[PathBuf]) -> PathBuf {
    PathBuf::from("reports").join(slant::corpus::corpus_name(inputs))
}

/// How a model is trained.
#[derive(Debug, Args)]
#[command(next_help_heading = "Model training")]
pub struct TrainArgs {
    /// Axis whose poles give weak labels [default: the first axis of the lexicons]
    #[arg(long, value_name = "AXIS")]
    pub axis: Option<String>,

    /// Classifier
    #[arg(long, value_name = "logistic|gaussian-nb", default_value = "logistic")]
    pub classifier: slant::model::Kind,

    /// L2 penalty of logistic regression (larger = simpler model)
    #[arg(long, value_name = "ALPHA", default_value_t = 100.0)]
    pub alpha: f64,

    /// Iteration limit of the L-BFGS optimizer; a fit that stops short is reported
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_iter: u64,

    /// Convergence tolerance on the gradient norm, per training unit
    #[arg(long, value_name = "TOL", default_value_t = 1e-4)]
    pub tolerance: f64,

    /// Class priors: balanced (equal) or empirical (the training shares)
    #[arg(long, value_name = "balanced|empirical", default_value = "balanced", value_parser = ["balanced", "empirical"])]
    pub priors: String,

    /// Cross-validation folds (of outlets, and of documents)
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub folds: usize,

    /// Longest word n-gram of the text features
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub ngrams: usize,

    /// Keep n-grams found in at least this many training units
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_df: usize,

    /// ... and in at most this share of them
    #[arg(long, value_name = "SHARE", default_value_t = 0.9)]
    pub max_df: f64,

    /// Keep at most this many n-grams, the most frequent first
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub max_features: usize,
}

impl TrainArgs {
    pub fn params(&self, seed: u64) -> slant::model::TrainParams {
        use slant::model::vocab::TextOptions;
        use slant::model::{FitOptions, TrainParams};
        TrainParams {
            text: TextOptions {
                ngrams: self.ngrams,
                min_df: self.min_df,
                max_df: self.max_df,
                max_features: self.max_features,
            },
            fit: FitOptions {
                kind: self.classifier,
                alpha: self.alpha,
                max_iter: self.max_iter,
                tolerance: self.tolerance,
                balanced: self.priors == "balanced",
            },
            folds: self.folds,
            seed,
        }
    }
}

/// Boilerplate and wire copy.
#[derive(Debug, Args)]
#[command(next_help_heading = "Repeated text")]
pub struct RepeatArgs {
    /// Keep boilerplate (lines an outlet repeats in 3+ and 5%+ of its documents, runs of 8 words repeated 3+ times in one) in matching and keyness
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Copies of one text (word 5-gram similarity >= 0.9): keep every outlet's copy, or drop all but the first
    #[arg(long, value_name = "keep|drop", default_value = "keep", value_parser = ["keep", "drop"])]
    pub duplicates: String,
}

impl RepeatArgs {
    pub fn options(&self) -> slant::repeats::RepeatOptions {
        use slant::repeats::{DuplicatePolicy, RepeatOptions};
        RepeatOptions {
            mask_boilerplate: !self.keep_boilerplate,
            duplicates: if self.duplicates == "drop" {
                DuplicatePolicy::Drop
            } else {
                DuplicatePolicy::Keep
            },
            ..RepeatOptions::default()
        }
    }
}

/// The command line as typed, for `results.json` and `slant rerun`,
/// without what only decides where the report goes and how the run is
/// shown: `-o`/`--out`, `-q`/`--quiet` and `-j`/`--threads` (results do not
/// depend on the thread count).
pub fn recorded_args() -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" | "--out" | "-j" | "--threads" => {
                args.next();
            }
            "-q" | "--quiet" => {}
            _ if ["--out=", "--threads=", "-o", "-j"]
                .iter()
                .any(|p| a.starts_with(p)) => {}
            _ => out.push(a),
        }
    }
    out
}

/// Refuses, before any work, an `-o` that cannot be written, or a file
/// there that is not a partial result (unless `force`): `-o` is easily
/// given the path of something else. `-` (standard output) always goes.
pub fn check_partial_output(output: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    let exists = slant::output::file_target(output)?;
    if exists && !force && !slant::partial::merge::is_partial_file(output) {
        anyhow::bail!(
            "{} exists and is not a slant partial result (a first line with \"format\": \"{}\"); slant will not replace it: choose another -o, or pass --force to replace it",
            output.display(),
            slant::partial::FORMAT
        );
    }
    Ok(())
}
