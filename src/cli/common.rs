//! Argument groups shared by subcommands, and their conversion into the
//! library's checked option types.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use slant::corpus::{FieldMap, InputFormat, MissingOutlet, OnError, ReadOptions};
use slant::lexicon::LexiconSource;
use slant::scores::ScoreOptions;

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
        Ok(out)
    }
}

/// How scores are computed.
#[derive(Debug, Args)]
#[command(next_help_heading = "Scoring")]
pub struct ScoreArgs {
    /// Weight of a match inside a quotation, relative to the outlet's own voice
    #[arg(long, value_name = "Q", default_value_t = 0.5)]
    pub quote_weight: f64,

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
}

impl ScoreArgs {
    pub fn options(&self) -> ScoreOptions {
        ScoreOptions {
            quote_weight: self.quote_weight,
            smoothing: self.smoothing,
            bootstrap: self.bootstrap,
            seed: self.seed,
            min_docs: self.min_docs,
            min_matches: self.min_matches,
        }
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
