//! `slant report PARTIAL --out DIR`: the report folder of a merged partial
//! result, as `slant analyze` writes it.

use std::path::PathBuf;

use slant::run::report::{report, ReportConfig};

use super::common::{
    cli_error, finish_report, HighlightArgs, LexiconArgs, RunArgs, ScoreArgs, TableFormat,
};

/// Render the report of a merged partial result.
///
/// Give the lexicon and quote-weight options the partial was mapped with;
/// the scoring options (seed, bootstrap, ...) act here.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The merged partial (from slant merge, or one slant map)
    #[arg(value_name = "PARTIAL")]
    partial: PathBuf,

    /// Output folder
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,

    /// The corpus the report names as read [default: the partial's path]
    #[arg(long = "input-name", value_name = "NAME")]
    input_names: Vec<String>,

    /// Also print the outlet table to standard output
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<TableFormat>,

    /// The model the partial was scored with (slant map --model)
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,

    /// The saved LSS scale the partial was scored with (slant map --lss-polarity): renders the LSS tables, chart and section as analyze --lss-polarity does
    #[arg(long, value_name = "FILE")]
    lss_polarity: Option<PathBuf>,

    /// No comparison views (distinctive terms, similarity, aligned sentences)
    #[arg(long)]
    no_compare: bool,

    /// Write tables and the report but no charts
    #[arg(long)]
    no_charts: bool,

    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    highlight: HighlightArgs,

    #[command(flatten)]
    lexicons: LexiconArgs,

    #[command(flatten)]
    scoring: ScoreArgs,

    #[command(flatten)]
    outputs: super::output_args::OutputArgs,

    #[command(flatten)]
    comparison: super::common::CompareArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let chatter = args.run.start()?;
    let config = ReportConfig {
        partial: args.partial.clone(),
        out: args.out.clone(),
        lexicons: args.lexicons.sources()?,
        scores: args.scoring.params(),
        charts: !args.no_charts,
        outputs: args.outputs.options(),
        highlight: args.highlight.outlets.clone(),
        input_names: args.input_names.clone(),
        args: super::common::recorded_args(),
        model: args.model.clone(),
        lss_polarity: args.lss_polarity.clone(),
        compare: match args.no_compare {
            true => None,
            false => Some(args.comparison.params(true, None)?),
        },
    };
    let outcome = report(config).map_err(cli_error)?;
    if chatter.chatty() {
        super::progress::lexicon_warnings(&outcome.warnings);
    }
    finish_report(&outcome, args.format, chatter)
}
