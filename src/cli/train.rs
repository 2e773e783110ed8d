//! `slant train INPUT... [--labels FILE | --reference OUTLET=CLASS ...] -o
//! MODEL.json`: fit, cross-validate, print the validation, save the model.

use std::io::Write;
use std::path::PathBuf;

use slant::model::labels::{parse_reference, read_labels};
use slant::model::{Model, Supervision};
use slant::run::{train_on, TrainConfig};

use super::common::{
    cli_error, progress_bar, set_threads, CorpusArgs, LexiconArgs, NegationArg, RepeatArgs,
    TrainArgs, VoiceArgs,
};
use super::progress::{input_warnings, lexicon_warnings};

/// Train a stance classifier.
///
/// Labels come from a labels file (--labels), from reference outlets
/// (--reference, as in Wordscores), or by default from the lexicon's poles
/// (weak labels, with the pole terms masked out of the features).
/// Cross-validates with whole outlets held out (the number to cite) and
/// with whole documents held out, prints the validation beside the
/// majority-class baseline, warns when the model does not beat it on
/// held-out outlets, and saves the model.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Where to save the model
    #[arg(short, long, value_name = "MODEL.json", required = true)]
    output: PathBuf,

    /// Replace the -o file even if it is not a slant model
    #[arg(long)]
    force: bool,

    /// Labels: a CSV or JSONL file with columns id, class and optionally sentence
    #[arg(long, value_name = "FILE", conflicts_with = "references")]
    labels: Option<PathBuf>,

    /// A reference outlet and its class, e.g. RT=kremlin (repeatable)
    #[arg(long = "reference", value_name = "OUTLET=CLASS", value_parser = parse_reference)]
    references: Vec<(String, String)>,

    /// Seed for the cross-validation folds
    #[arg(long, default_value_t = 42)]
    seed: u64,

    /// Print the validation as JSON instead of a table
    #[arg(long)]
    json: bool,

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

    #[command(flatten)]
    training: TrainArgs,

    #[command(flatten)]
    voice: VoiceArgs,

    /// What a pole match inside the scope of a negation ("not an invasion") does to a weak label: nothing, its pole, or the opposite pole
    #[arg(long, value_enum, value_name = "HOW", default_value_t = NegationArg::Ignore)]
    negation: NegationArg,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_output(&args)?;
    set_threads(args.threads)?;
    let supervision = match (&args.labels, args.references.is_empty()) {
        (Some(path), _) => Some(Supervision::Labels(read_labels(path)?)),
        (None, false) => Some(Supervision::References(args.references.clone())),
        (None, true) => None,
    };
    let config = TrainConfig {
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        supervision,
        axis: args.training.axis.clone(),
        quote_weight: args.voice.weight()?,
        negation: args.negation.into(),
        params: args.training.params(args.seed),
        repeats: args.repeats.options(),
    };
    let bar = progress_bar(!args.quiet);
    let trained = train_on(&config, &|docs, _| bar.set_position(docs)).map_err(cli_error)?;
    bar.finish_and_clear();
    let model = trained.model;
    model.save(&args.output)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &model.validation)?;
        writeln!(out)?;
    } else {
        out.write_all(slant::report::model_text::validation_text(&model).as_bytes())?;
        writeln!(out, "model saved to {}", args.output.display())?;
    }
    out.flush()?;
    if args.quiet {
        return Ok(());
    }
    lexicon_warnings(&trained.diagnostics);
    input_warnings(&trained.input_warnings, None);
    if let Some(c) = &model.validation.caution {
        eprintln!("slant: warning: {c}");
    }
    for w in &model.validation.warnings {
        eprintln!("slant: note: {w}");
    }
    Ok(())
}

/// Refuses, before training, an -o that cannot be written, or a file there
/// that is not a slant model: `-o` is easily given the path of something
/// else, and training takes long enough to walk away from.
fn check_output(args: &Args) -> anyhow::Result<()> {
    let exists = slant::output::file_target(&args.output)?;
    if exists && !args.force && !Model::is_model_file(&args.output) {
        anyhow::bail!(
            "{} exists and is not a slant model (JSON with \"format\": \"{}\"); slant will not replace it: choose another -o, or pass --force to replace it",
            args.output.display(),
            slant::model::FORMAT
        );
    }
    Ok(())
}
