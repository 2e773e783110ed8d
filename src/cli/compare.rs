//! `slant compare INPUT... [--align] [--outlets A B]`: views across
//! outlets: distinctive terms, similarity, the same fact told by each
//! outlet, two outlets head to head.

use std::path::PathBuf;

use slant::run::{Config, ModelPlan};

use super::common::{
    cli_error, finish_report, CompareArgs, CorpusArgs, HighlightArgs, LexiconArgs, RepeatArgs,
    RunArgs, RunProgress, ScoreArgs, TableFormat,
};

/// Compare outlets with each other.
///
/// Writes a report of distinctive terms per outlet (keyness.csv), outlet
/// similarity and a map (similarity.csv, outlet_map.csv), with --align the
/// same fact told by each outlet (aligned.csv), and with --outlets A B the
/// two outlets head to head (head_to_head.csv), beside the lexicon scores.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Find sentences of different outlets that report the same fact
    #[arg(long)]
    align: bool,

    /// Two outlets head to head: their scores, a test of the difference, their distinctive terms and shared facts
    #[arg(long, num_args = 2, value_names = ["A", "B"], value_parser = slant::corpus::outlet_arg)]
    outlets: Option<Vec<String>>,

    /// Output folder [default: reports/<name of the input>-compare]
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Also print the outlet table to standard output
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<TableFormat>,

    /// Add a saved model's scores (from slant train)
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,

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
    let pair = args.outlets.as_ref().map(|o| (o[0].clone(), o[1].clone()));
    if let Some((a, b)) = &pair {
        anyhow::ensure!(
            a != b,
            "--outlets needs two different outlets, not `{a}` twice"
        );
    }
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("reports").join(format!(
            "{}-compare",
            slant::corpus::corpus_name(&args.inputs)
        ))
    });
    let config = Config {
        repeat_files: Default::default(),
        repeats: args.repeats.options(),
        out,
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        scores: args.scoring.params(),
        evidence: 5,
        charts: !args.no_charts,
        model: args.model.clone().map_or(ModelPlan::None, ModelPlan::Saved),
        compare: Some(args.comparison.params(args.align, pair)?),
        outputs: args.outputs.options(),
        highlight: args.highlight.outlets.clone(),
        args: super::common::recorded_args(),
        lss: args.lss.plan()?,
    };
    let ready = config.validate().map_err(cli_error)?;
    let progress = RunProgress::new(chatter);
    let outcome = ready.run("compare", &progress);
    progress.finish();
    let outcome = outcome?;
    if chatty {
        args.highlight.warn_unknown(&outcome);
    }
    finish_report(&outcome, args.format, chatter)
}
