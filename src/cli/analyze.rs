//! `slant analyze INPUT... [--out DIR]`: a corpus in, a framing comparison
//! of its outlets out.

use std::path::PathBuf;

use slant::run::{Config, ModelPlan};

use super::common::{
    cli_error, default_out, finish_report, CompareArgs, CorpusArgs, HighlightArgs, LexiconArgs,
    RepeatArgs, RunArgs, RunProgress, ScoreArgs, TableFormat, TrainArgs,
};

/// Compare the outlets of a corpus.
///
/// Reads the corpus, matches the lexicons, scores every outlet on every
/// stance axis with a bootstrap interval, trains a classifier from the
/// lexicon's weak labels (unless --no-model or --model), and writes
/// outlets.csv, documents.csv, document_counts.csv, frames.csv,
/// variants.csv, matches.csv, entries.csv, sentences.csv, results.json,
/// charts (PNG and SVG) and report.md into the output folder, replacing it
/// only when the run succeeds.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Output folder [default: reports/<name of the input>]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Also print the outlet table to standard output
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<TableFormat>,

    /// Score with this model (from slant train) instead of training one
    #[arg(long, value_name = "MODEL.json", conflicts_with = "no_model")]
    model: Option<PathBuf>,

    /// Lexicon scores only: no classifier
    #[arg(long)]
    no_model: bool,

    /// No comparison views (distinctive terms, similarity, aligned sentences)
    #[arg(long)]
    no_compare: bool,

    /// Evidence sentences kept per outlet, axis and side
    #[arg(long, value_name = "N", default_value_t = 5)]
    evidence: usize,

    /// Write tables and the report but no charts
    #[arg(long)]
    no_charts: bool,

    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    highlight: HighlightArgs,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    repeats: RepeatArgs,

    /// Save what the pass for repeated text decided (boilerplate lines, copy groups) to FILE, with each input's size and digest, for --repeats FILE in later runs over the same corpus
    #[arg(long, value_name = "FILE", conflicts_with = "reuse_repeats")]
    save_repeats: Option<PathBuf>,

    /// Read repeated text from FILE (--save-repeats, or merge --decide over the whole corpus) instead of finding it, so the corpus is read once; refused if made from another corpus or with other options
    #[arg(long = "repeats", value_name = "FILE")]
    reuse_repeats: Option<PathBuf>,

    #[command(flatten)]
    lexicons: LexiconArgs,

    #[command(flatten)]
    lss: super::lss_args::LssArgs,

    #[command(flatten)]
    scoring: ScoreArgs,

    #[command(flatten)]
    training: TrainArgs,

    #[command(flatten)]
    comparison: CompareArgs,
    #[command(flatten)]
    outputs: super::output_args::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let chatter = args.run.start()?;
    let chatty = chatter.chatty();
    let model = match (&args.model, args.no_model) {
        (Some(path), _) => ModelPlan::Saved(path.clone()),
        (None, true) => ModelPlan::None,
        (None, false) => ModelPlan::Weak {
            axis: args.training.axis.clone(),
            params: args.training.params(args.scoring.seed),
        },
    };
    let config = Config {
        repeats: args.repeats.options(),
        repeat_files: slant::run::RepeatFiles {
            save: args.save_repeats.clone(),
            reuse: args.reuse_repeats.clone(),
        },
        out: args
            .out
            .clone()
            .unwrap_or_else(|| default_out(&args.inputs)),
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        scores: args.scoring.params(),
        evidence: args.evidence,
        charts: !args.no_charts,
        model,
        compare: if args.no_compare {
            None
        } else {
            Some(args.comparison.params(true, None)?)
        },
        outputs: args.outputs.options(),
        highlight: args.highlight.outlets.clone(),
        args: super::common::recorded_args(),
        lss: args.lss.plan()?,
    };
    let ready = config.validate().map_err(cli_error)?;
    if chatty {
        super::progress::lexicon_warnings(ready.warnings());
    }
    let progress = RunProgress::new(chatter);
    let outcome = ready.run("analyze", &progress);
    progress.finish();
    let outcome = outcome?;
    if chatty {
        args.highlight.warn_unknown(&outcome);
    }
    finish_report(&outcome, args.format, chatter)
}
