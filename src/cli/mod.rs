//! The command line: the only place that knows clap. One file per
//! subcommand, each an `Args` struct and a `run`; what they share lives in
//! the library, or in `common` for argument groups.

mod analyze;
mod common;
mod compare;
mod evaluate;
mod kwic;
mod lexicon;
mod output_args;
mod score;
mod train;

use clap::{Parser, Subcommand};

/// Compare how news outlets frame the same story.
///
/// slant matches framing lexicons against a corpus of articles, scores each
/// outlet on stance axes with bootstrap intervals, and writes tables, charts
/// and a report that shows the evidence behind every score.
#[derive(Debug, Parser)]
#[command(
    name = "slant",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compare the outlets of a corpus: scores, frames, variants, evidence.
    Analyze(analyze::Args),
    /// Train a stance classifier from labels, reference outlets or the lexicon.
    Train(train::Args),
    /// Score a corpus with a saved model.
    Score(score::Args),
    /// Evaluate a saved model on labelled documents it never saw.
    Evaluate(evaluate::Args),
    /// Compare outlets: distinctive terms, similarity, the same fact told by each.
    Compare(compare::Args),
    /// Every hit of a pattern in its context (keyword in context).
    Kwic(kwic::Args),
    /// Work with lexicons.
    #[command(subcommand)]
    Lexicon(lexicon::Command),
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Train(args) => train::run(args),
        Command::Score(args) => score::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Lexicon(cmd) => lexicon::run(cmd),
    }
}
