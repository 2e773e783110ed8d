//! `slant lexicon ...`: validate lexicons, propose terms, and read, count
//! and convert dictionaries in other formats.

mod convert;
mod stats;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;

use slant::lexicon::{self, Diagnostic, LexiconError, LexiconSource, Severity};

use super::common::{set_threads, CorpusArgs};

/// `slant lexicon [-q] COMMAND`: `-q` applies to every lexicon command.
#[derive(Debug, clap::Args)]
pub struct Lexicon {
    #[command(subcommand)]
    command: Command,

    /// Nothing on standard error but errors (no warnings, no "wrote ...")
    #[arg(short, long, global = true)]
    quiet: bool,
}

/// Set from `-q` before a lexicon command runs; read where the commands
/// write to standard error.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether a lexicon command may write warnings and notes to standard
/// error.
fn chatty() -> bool {
    !QUIET.load(Ordering::Relaxed)
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate a lexicon: errors with line numbers, duplicate and
    /// overlapping terms, and (given a corpus) the terms that matched nothing.
    ///
    /// Exits with status 2 when the lexicon has errors.
    #[command(after_help = super::examples::LEXICON_CHECK)]
    Check(CheckArgs),
    /// Propose distinctive terms the lexicons lack, with examples in
    /// context, as candidates for a researcher to review.
    ///
    /// Ranks each outlet's over-used words and phrases (log-odds with an
    /// informative Dirichlet prior) and keeps those no lexicon form matches.
    #[command(after_help = super::examples::LEXICON_SUGGEST)]
    Suggest(SuggestArgs),
    /// Count a dictionary's categories, terms, phrases and wildcards.
    ///
    /// Reads slant TOML, LIWC .dic, WordStat .cat, Lexicoder .lc3, quanteda
    /// YAML or a plain word list, by extension or --from.
    #[command(after_help = super::examples::LEXICON_STATS)]
    Stats(stats::Args),
    /// Convert a dictionary between formats.
    ///
    /// Reads any format `stats` reads; writes slant TOML, quanteda YAML, LIWC
    /// .dic or a word list, by the output's extension or --to. What the
    /// output cannot hold is refused or named in a warning, never dropped
    /// silently. The output is written whole or not at all.
    #[command(after_help = super::examples::LEXICON_CONVERT)]
    Convert(convert::Args),
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Candidates per outlet
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,

    /// Least z-score of the log-odds ratio for a candidate
    #[arg(long, value_name = "Z", default_value_t = 1.96)]
    min_z: f64,

    /// Leave out terms with fewer occurrences than this
    #[arg(long, value_name = "N", default_value_t = 3)]
    min_count: u64,

    /// Size a_0 of the informative Dirichlet prior
    #[arg(long, value_name = "A0", default_value_t = 1000.0)]
    prior_size: f64,

    /// Output: a readable list, CSV, or a TOML lexicon to edit
    #[arg(long, value_name = "text|csv|toml", default_value = "text", value_parser = ["text", "csv", "toml"])]
    format: String,

    /// Worker threads [default: all cores]; results do not depend on it
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    #[command(flatten)]
    lexicons: super::common::LexiconArgs,

    #[command(flatten)]
    corpus: CorpusArgs,
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

    /// Worker threads [default: all cores]; results do not depend on it
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    #[command(flatten)]
    corpus: CorpusArgs,
}

pub fn run(lexicon: Lexicon) -> anyhow::Result<()> {
    QUIET.store(lexicon.quiet, Ordering::Relaxed);
    match lexicon.command {
        Command::Check(args) => check(args),
        Command::Suggest(args) => suggest(args),
        Command::Stats(args) => stats::run(args),
        Command::Convert(args) => convert::run(args),
    }
}

/// Reads a dictionary for `stats` or `convert`, rolled up to `level` if
/// given, its warnings on standard error.
fn read_dictionary(
    path: &std::path::Path,
    from: Option<lexicon::formats::DictFormat>,
    level: Option<u16>,
) -> anyhow::Result<lexicon::import::Imported> {
    let mut imported = match lexicon::import::read_dictionary(path, from) {
        Ok(i) => i,
        Err(LexiconError::Invalid(diags)) => {
            // The error lists the errors; the warnings come first.
            let warnings: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .cloned()
                .collect();
            warn(&warnings);
            return Err(LexiconError::Invalid(diags).into());
        }
        Err(e) => return Err(e.into()),
    };
    warn(&imported.diagnostics);
    if let Some(level) = level {
        imported.dictionary = lexicon::formats::roll_up(&imported.dictionary, level.into());
    }
    Ok(imported)
}

/// Prints warnings and errors on standard error.
fn warn(diags: &[Diagnostic]) {
    if !chatty() {
        return;
    }
    for d in diags.iter().filter(|d| d.severity > Severity::Info) {
        eprintln!("slant: {d}");
    }
}

fn suggest(args: SuggestArgs) -> anyhow::Result<()> {
    use slant::run::suggest::{suggest, to_toml, SuggestConfig};
    use slant::scores::compare::keyness::KeynessOptions;
    use std::io::Write;
    set_threads(args.threads)?;
    let config = SuggestConfig {
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        keyness: KeynessOptions {
            prior_size: args.prior_size,
            min_count: args.min_count,
            ..KeynessOptions::default()
        },
        per_outlet: args.top,
        min_z: args.min_z,
        examples: 2,
    };
    let (found, warnings) = suggest(&config).map_err(super::common::cli_error)?;
    if chatty() {
        super::progress::input_warnings(&warnings, None);
    }
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "toml" => out.write_all(to_toml(&found)?.as_bytes())?,
        "csv" => suggestions_csv(&found, &mut out)?,
        _ => suggestions_text(&found, args.min_z, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// Candidates as CSV, two examples each.
fn suggestions_csv(
    found: &[slant::run::Suggestion],
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "outlet",
        "term",
        "z",
        "count_target",
        "count_reference",
        "example_1",
        "example_2",
    ])?;
    for s in found {
        let ex = |i: usize| {
            s.examples.get(i).map_or(String::new(), |e| {
                format!("{} [{}] {}", e.pre, e.keyword, e.post)
            })
        };
        w.write_record([
            s.outlet.clone(),
            s.term.clone(),
            format!("{:.3}", s.z),
            s.count_target.to_string(),
            s.count_reference.to_string(),
            ex(0),
            ex(1),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Candidates for reading, grouped by outlet.
fn suggestions_text(
    found: &[slant::run::Suggestion],
    min_z: f64,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let mut last = "";
    for s in found {
        if s.outlet != last {
            writeln!(out, "\n{}", s.outlet)?;
            last = &s.outlet;
        }
        writeln!(
            out,
            "  {:<32} z = {:>5.2}  ({} here, {} elsewhere)",
            s.term, s.z, s.count_target, s.count_reference
        )?;
        // the outlet's own uses come first; where it has too few, other
        // outlets' uses follow, and say whose they are
        for e in &s.examples {
            let whose = if e.outlet == s.outlet {
                String::new()
            } else {
                format!(", {}", e.outlet)
            };
            writeln!(
                out,
                "      ... {} [{}] {} ...  ({}{whose})",
                e.pre, e.keyword, e.post, e.docname
            )?;
        }
    }
    if found.is_empty() {
        writeln!(
            out,
            "no candidates: no over-used term (z >= {min_z}) is missing from the lexicons"
        )?;
    }
    Ok(())
}

fn check(args: CheckArgs) -> anyhow::Result<()> {
    set_threads(args.threads)?;
    let mut out = std::io::stdout().lock();
    let target = LexiconSource::parse(&args.lexicon)?;
    let mut sources = vec![target];
    for w in &args.with {
        sources.push(LexiconSource::parse(w)?);
    }
    let loaded = match lexicon::load(&sources) {
        Ok(l) => l,
        Err(LexiconError::Invalid(diags)) => {
            print_diagnostics(&mut out, &diags, args.verbose)?;
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
        let analysis = slant::run::aggregate(&args.inputs, args.corpus.options()?, set)
            .context("reading the corpus")?;
        if chatty() {
            super::progress::input_warnings(&analysis.read_warnings, None);
        }
        let target = &set.lexicons[0].source;
        diags.extend(
            lexicon::unmatched_forms(
                set,
                &analysis.form_counts,
                analysis
                    .docs
                    .outlets()
                    .values()
                    .map(|o| o.out_of_context)
                    .sum(),
            )
            .into_iter()
            .filter(|d| &d.file == target),
        );
        writeln!(
            out,
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
        )?;
    }
    diags.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    print_diagnostics(&mut out, &diags, args.verbose)?;
    let target = &set.lexicons[0];
    let entries: Vec<_> = set.entries.iter().filter(|e| e.lexicon == 0).collect();
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    writeln!(
        out,
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
    )?;
    out.flush()?;
    Ok(())
}

/// Written, not `println!`ed: a closed pipe is an error to return, not a
/// panic.
fn print_diagnostics(
    out: &mut impl Write,
    diags: &[Diagnostic],
    verbose: bool,
) -> std::io::Result<()> {
    for d in diags {
        if verbose || d.severity > Severity::Info {
            writeln!(out, "{d}")?;
        }
    }
    Ok(())
}
