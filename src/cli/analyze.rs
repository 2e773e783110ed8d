//! `slant analyze INPUT... [--out DIR]`: a corpus in, a framing comparison
//! of its outlets out.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use slant::analyze::Config;
use slant::report::{Csv, Format, Json, Table};

use super::common::{default_out, set_threads, CorpusArgs, LexiconArgs, ScoreArgs};

/// Compare the outlets of a corpus.
///
/// Reads the corpus, matches the lexicons, scores every outlet on every
/// stance axis with a bootstrap interval, and writes outlets.csv,
/// documents.csv, frames.csv, variants.csv, matches.csv, results.json,
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

    /// Evidence sentences kept per outlet, axis and side
    #[arg(long, value_name = "N", default_value_t = 5)]
    evidence: usize,

    /// Write tables and the report but no charts
    #[arg(long)]
    no_charts: bool,

    /// Worker threads [default: all cores]; results do not depend on it
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// No progress or summary on standard error
    #[arg(short, long)]
    quiet: bool,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    lexicons: LexiconArgs,

    #[command(flatten)]
    scoring: ScoreArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TableFormat {
    Csv,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    set_threads(args.threads)?;
    let config = Config {
        out: args
            .out
            .clone()
            .unwrap_or_else(|| default_out(&args.inputs)),
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        scores: args.scoring.options(),
        evidence: args.evidence,
        charts: !args.no_charts,
    };
    let ready = config.validate()?;
    let chatty = !args.quiet;
    if chatty {
        for w in ready
            .warnings()
            .iter()
            .filter(|d| d.severity >= slant::lexicon::Severity::Warning)
        {
            eprintln!("slant: {w}");
        }
    }
    let bar = progress_bar(chatty);
    let outcome = ready.run("analyze", &|docs, bytes| {
        bar.set_position(docs);
        bar.set_message(format!("{:.1} MB", bytes as f64 / 1e6));
    })?;
    bar.finish_and_clear();
    if chatty {
        let s = &outcome.summary;
        eprintln!(
            "slant: {} documents, {} outlets, {} matches -> {}",
            s.documents,
            s.outlets,
            s.matches,
            outcome.out.display()
        );
        for p in &outcome.chart_problems {
            eprintln!("slant: warning: chart not drawn: {p}");
        }
        if s.skipped > 0 {
            eprintln!(
                "slant: {} records skipped, listed in skipped.csv",
                s.skipped
            );
        }
    }
    if let Some(f) = args.format {
        let table = Table::from_rows(&outcome.tables.outlet_rows)?;
        let bytes = match f {
            TableFormat::Csv => Csv.render(&table)?,
            TableFormat::Json => Json.render(&table)?,
        };
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
    }
    Ok(())
}

/// A progress bar on standard error, drawn only when it is a terminal.
fn progress_bar(chatty: bool) -> indicatif::ProgressBar {
    if !(chatty && std::io::stderr().is_terminal()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {msg} [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
