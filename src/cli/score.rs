//! `slant score --model MODEL.json INPUT... [--out DIR]`: a saved model
//! applied to a corpus, with the same outputs as analyze.

use std::path::PathBuf;

use slant::run::{Config, ModelPlan};

use super::common::{
    cli_error, default_out, finish_report, CompareArgs, CorpusArgs, HighlightArgs, LexiconArgs,
    RepeatArgs, RunArgs, RunProgress, ScoreArgs, TableFormat,
};

/// Score a corpus with a saved model.
///
/// Writes the same report as analyze, with the model's probabilities per
/// sentence, document and outlet. The model refuses lexicons it was not
/// trained with.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model, from slant train
    #[arg(long, value_name = "MODEL.json", required = true)]
    model: PathBuf,

    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Output folder [default: reports/<name of the input>]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Also print the outlet table to standard output
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<TableFormat>,

    /// Evidence sentences kept per outlet, axis and side
    #[arg(long, value_name = "N", default_value_t = 5)]
    evidence: usize,

    /// Write tables and the report but no charts
    #[arg(long)]
    no_charts: bool,

    /// No comparison views (distinctive terms, similarity, aligned sentences)
    #[arg(long)]
    no_compare: bool,

    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    highlight: HighlightArgs,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    repeats: RepeatArgs,

    #[command(flatten)]
    lexicons: LexiconArgs,

    #[command(flatten)]
    lss: super::lss_args::LssArgs,

    #[command(flatten)]
    scoring: ScoreArgs,

    #[command(flatten)]
    comparison: CompareArgs,
    #[command(flatten)]
    outputs: super::output_args::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let chatter = args.run.start()?;
    let chatty = chatter.chatty();
    let config = Config {
        repeat_files: Default::default(),
        repeats: args.repeats.options(),
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
        model: ModelPlan::Saved(args.model.clone()),
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
    let progress = RunProgress::new(chatter);
    let outcome = ready.run("score", &progress);
    progress.finish();
    let outcome = outcome?;
    if chatty {
        args.highlight.warn_unknown(&outcome);
    }
    finish_report(&outcome, args.format, chatter)
}
