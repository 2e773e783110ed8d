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

use clap::{CommandFactory, Parser, Subcommand};

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
    let cli = Cli::try_parse().unwrap_or_else(|e| exit_escaped(e));
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

/// Exits as clap does for `e`, but with the control characters a value
/// held (an escape, a bell) shown escaped, `\u{1b}`, rather than echoed
/// raw in clap's message, where a terminal would act on them. Such an
/// error is rendered again without clap's colours, which are escapes too.
fn exit_escaped(e: clap::Error) -> ! {
    let plain = Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches()
        .err()
        .map(|p| p.render().ansi().to_string())
        .filter(|text| text.chars().any(raw_control));
    let Some(text) = plain else { e.exit() };
    let text = escape_controls(&text);
    match e.use_stderr() {
        true => eprint!("{text}"),
        false => print!("{text}"),
    }
    std::process::exit(e.exit_code())
}

/// A control character a message must not carry raw (its own line breaks
/// aside).
fn raw_control(c: char) -> bool {
    c.is_control() && c != '\n'
}

/// `text` with each control character but line breaks escaped as Rust
/// writes it (`\u{1b}`, `\t`).
fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| match raw_control(c) {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            super::escape_controls("invalid value 'a\u{1b}[31mb\u{7}\tc'\n"),
            "invalid value 'a\\u{1b}[31mb\\u{7}\\tc'\n"
        );
    }
}
