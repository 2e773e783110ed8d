//! `slant evaluate --model MODEL.json --labels FILE INPUT...`: a saved
//! model on labelled documents it never saw, beside the majority-class
//! baseline and chance.

use std::io::Write;
use std::path::PathBuf;

use slant::model::labels::read_labels;
use slant::run::{evaluate_on, EvaluateConfig};

use super::common::{cli_error, progress_bar, set_threads, CorpusArgs, LexiconArgs, RepeatArgs};

/// Evaluate a saved model on labelled documents.
///
/// Predicts every labelled document of the corpus and prints accuracy,
/// macro-F1 (with a 95% bootstrap interval over outlets), per-class
/// precision and recall and the confusion matrix, beside the majority-class
/// baseline and chance. Give it documents the model was not trained on,
/// ideally from outlets it was not trained on: that is the number to cite.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model, from slant train
    #[arg(long, value_name = "MODEL.json", required = true)]
    model: PathBuf,

    /// Labels: a CSV or JSONL file with columns id and class (documents)
    #[arg(long, value_name = "FILE", required = true)]
    labels: PathBuf,

    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Print the evaluation as JSON instead of a table
    #[arg(long)]
    json: bool,

    /// Seed of the bootstrap interval
    #[arg(long, default_value_t = 42)]
    seed: u64,

    /// Worker threads [default: all cores]; results do not depend on it
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// No progress, warnings or notes on standard error; errors only
    #[arg(short, long)]
    quiet: bool,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    repeats: RepeatArgs,

    #[command(flatten)]
    lexicons: LexiconArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    set_threads(args.threads)?;
    let config = EvaluateConfig {
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        model: args.model.clone(),
        labels: read_labels(&args.labels)?,
        repeats: args.repeats.options(),
        seed: args.seed,
    };
    let bar = progress_bar(!args.quiet);
    let (evaluation, warnings) =
        evaluate_on(&config, &|docs, _| bar.set_position(docs)).map_err(cli_error)?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation)?;
        writeln!(out)?;
    } else {
        out.write_all(slant::report::evaluation_text::evaluation_text(&evaluation).as_bytes())?;
    }
    out.flush()?;
    if !args.quiet {
        super::progress::input_warnings(&warnings, None);
    }
    if !evaluation.beats_baseline && !args.quiet {
        eprintln!(
            "slant: warning: on these labelled documents the model does not beat guessing (macro-F1 {:.2}; majority-class baseline {:.2}, chance {:.2})",
            evaluation.model.macro_f1, evaluation.baseline.macro_f1, evaluation.chance_macro_f1
        );
    }
    Ok(())
}
