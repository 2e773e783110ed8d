//! `slant lexicon ...`: validate lexicons.

use std::path::PathBuf;

use anyhow::Context;

use slant::corpus::Reader;
use slant::lexicon::{self, Diagnostic, LexiconError, LexiconSource, Severity};
use slant::matching::Matcher;
use slant::pipeline::{self, RunOptions};

use super::common::CorpusArgs;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate a lexicon: errors with line numbers, duplicate and
    /// overlapping terms, and (given a corpus) the terms that matched nothing.
    ///
    /// Exits with status 2 when the lexicon has errors.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The lexicon: a TOML file or a built-in name (russia-ukraine, sourcing)
    #[arg(value_name = "FILE")]
    lexicon: String,

    /// A corpus to try the lexicon on (as for analyze)
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Load these lexicons alongside, for cross-references (an overlay's axis)
    #[arg(long = "with", value_name = "FILE|NAME")]
    with: Vec<String>,

    /// Also list notes (overlapping forms, frames without terms)
    #[arg(short, long)]
    verbose: bool,

    #[command(flatten)]
    corpus: CorpusArgs,
}

pub fn run(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> anyhow::Result<()> {
    let target = LexiconSource::parse(&args.lexicon)?;
    let mut sources = vec![target];
    for w in &args.with {
        sources.push(LexiconSource::parse(w)?);
    }
    let loaded = match lexicon::load(&sources) {
        Ok(l) => l,
        Err(LexiconError::Invalid(diags)) => {
            print_diagnostics(&diags, args.verbose);
            let n = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            anyhow::bail!(
                "{} has {n} error{}",
                args.lexicon,
                if n == 1 { "" } else { "s" }
            );
        }
        Err(e) => return Err(e.into()),
    };
    let set = &loaded.set;
    let mut diags = loaded.diagnostics.clone();
    diags.extend(lexicon::overlaps(set));
    if !args.inputs.is_empty() {
        let matcher = Matcher::new(set)?;
        let reader = Reader::open(&args.inputs, args.corpus.options()?)?;
        let analysis = pipeline::run(
            reader,
            set,
            &matcher,
            RunOptions {
                quote_weight: 1.0,
                evidence: 0,
            },
            &mut (),
            &|_, _| {},
        )
        .context("reading the corpus")?;
        let target = &set.lexicons[0].source;
        diags.extend(
            lexicon::unmatched_forms(set, &analysis.form_counts)
                .into_iter()
                .filter(|d| &d.file == target),
        );
        println!(
            "{}: tried on {} documents; {} of {} forms matched",
            args.lexicon,
            analysis.docs.len(),
            analysis.form_counts[..]
                .iter()
                .zip(&set.entries)
                .filter(|(_, e)| set.lexicons[e.lexicon].source == *target)
                .flat_map(|(c, _)| c)
                .filter(|&&n| n > 0)
                .count(),
            set.entries
                .iter()
                .filter(|e| set.lexicons[e.lexicon].source == *target)
                .map(|e| e.forms.len())
                .sum::<usize>()
        );
    }
    diags.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    print_diagnostics(&diags, args.verbose);
    let target = &set.lexicons[0];
    let entries: Vec<_> = set.entries.iter().filter(|e| e.lexicon == 0).collect();
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    println!(
        "{} ({}): {} axes, {} frames, {} variant slots, {} entries, {} forms; {} warnings, {} notes{}",
        target.name,
        target.source,
        set.axes.iter().filter(|a| a.lexicon == 0).count(),
        set.frames.iter().filter(|f| f.lexicon == 0).count(),
        set.slots.iter().filter(|s| s.lexicon == 0).count(),
        entries.len(),
        entries.iter().map(|e| e.forms.len()).sum::<usize>(),
        count(Severity::Warning),
        count(Severity::Info),
        if args.verbose || count(Severity::Info) == 0 { "" } else { " (-v lists the notes)" }
    );
    Ok(())
}

fn print_diagnostics(diags: &[Diagnostic], verbose: bool) {
    for d in diags {
        if verbose || d.severity > Severity::Info {
            println!("{d}");
        }
    }
}
