//! The command line: the only place that knows clap. One file per
//! subcommand, each an `Args` struct and a `run`; what they share lives in
//! the library, or in `common` for argument groups.

mod analyze;
mod common;
mod compare;
mod compare_args;
mod docs;
mod evaluate;
mod examples;
mod kwic;
mod lexicon;
mod lss_args;
mod map;
mod merge;
mod output_args;
mod progress;
mod report;
mod rerun;
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
    #[command(after_help = examples::ANALYZE)]
    Analyze(analyze::Args),
    /// Train a stance classifier from labels, reference outlets or the lexicon.
    #[command(after_help = examples::TRAIN)]
    Train(train::Args),
    /// Score a corpus with a saved model.
    #[command(after_help = examples::SCORE)]
    Score(score::Args),
    /// Evaluate a saved model on labelled documents it never saw.
    #[command(after_help = examples::EVALUATE)]
    Evaluate(evaluate::Args),
    /// Compare outlets: distinctive terms, similarity, the same fact told by each.
    #[command(after_help = examples::COMPARE)]
    Compare(compare::Args),
    /// Every hit of a pattern in its context (keyword in context).
    #[command(after_help = examples::KWIC)]
    Kwic(kwic::Args),
    /// Work with lexicons.
    Lexicon(lexicon::Lexicon),
    /// Map one shard of a corpus to a partial result (a run split across machines).
    #[command(after_help = examples::MAP)]
    Map(map::Args),
    /// Merge partial results of shards of one corpus (see `slant map`).
    #[command(after_help = examples::MERGE)]
    Merge(merge::Args),
    /// Render the report folder of a merged partial result.
    #[command(after_help = examples::REPORT)]
    Report(report::Args),
    /// Run a report's analysis again and say whether every output is byte-identical.
    #[command(after_help = examples::RERUN)]
    Rerun(rerun::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = examples::COMPLETIONS)]
    Completions(docs::CompletionsArgs),
    /// Print the man page, or write a page per subcommand with --dir.
    #[command(after_help = examples::MAN)]
    Man(docs::ManArgs),
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
        Command::Map(args) => map::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args),
        Command::Rerun(args) => rerun::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man(args) => docs::man(args),
    }
}
