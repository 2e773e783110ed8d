//! `slant map INPUT... -o PARTIAL`: one shard of a corpus in, a partial
//! result out, for `slant merge` and `slant report` (a run split across
//! machines).

use std::path::PathBuf;

use slant::partial::merge::Output;
use slant::run::map::{map, MapConfig};

use super::common::{cli_error, CorpusArgs, LexiconArgs, RepeatArgs, RunArgs, ScoreArgs};

/// Map one shard of a corpus to a partial result.
///
/// Reads the shard, matches the lexicons and writes everything the report
/// needs (per-document rows, counts, evidence candidates) as a partial
/// result. Give each shard the global number of its first document with
/// --first-record, so that the merged report lists documents in input
/// order. Repeated text is corpus-wide, so it takes two phases: map every
/// shard with --repeats-only, merge those, then map every shard with
/// --repeats MERGED; merged with `slant merge` and rendered with `slant
/// report`, the shards give the folder `slant analyze --no-model` writes
/// (`analyze --model M.json` with --model M.json here and in report).
/// `slant map - -o -` is what Spark's RDD.pipe runs per partition
/// (examples/spark/slant_spark.py): keyed lines in, the partial's lines
/// out.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shard: directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input, whose lines may be keyed `N<TAB>{json}` (N the record's global number, numbered one after another as Spark's zipWithIndex does; the first key is then the --first-record)
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// The partial result (`-` writes plain JSON Lines to standard output, and nothing when standard input, the only input, holds no record: an empty partition)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// The global record number of the shard's first record: the number of records (lines, bad ones included) in the shards before it
    #[arg(long, value_name = "N", default_value_t = 0)]
    first_record: u64,

    /// Replace the -o file even if it is not a slant partial result
    #[arg(long)]
    force: bool,

    /// The first of two phases: write only what finding boilerplate and wire copy over the whole corpus needs
    #[arg(long, conflicts_with = "repeats")]
    repeats_only: bool,

    /// The merged --repeats-only partials of the whole corpus: boilerplate and copies as analyze finds them (without it the partial does not merge)
    #[arg(long, value_name = "MERGED")]
    repeats: Option<PathBuf>,

    /// Score documents with this model (from slant train), as analyze --model does; give `slant report` the same model (the --repeats-only phase ignores it)
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,

    /// Score LSS with this saved scale (from analyze --lss --lss-save), as analyze --lss-polarity does; give `slant report` the same file (the --repeats-only phase ignores it)
    #[arg(long, value_name = "FILE")]
    lss_polarity: Option<PathBuf>,

    /// No comparison views: gather no n-gram counts or sentences to align (report then needs --no-compare)
    #[arg(long)]
    no_compare: bool,

    /// Bounded n-gram counts, step one: write only each outlet's K most frequent n-grams in the shard (and the K most frequent of all), as candidates; merge these over the corpus and give them to --ngram-candidates
    #[arg(long, value_name = "K", conflicts_with_all = ["repeats_only", "ngram_candidates", "no_compare"])]
    ngram_top: Option<usize>,

    /// Bounded n-gram counts, step two: count only the n-grams of these merged --ngram-top partials, exactly
    #[arg(long, value_name = "MERGED", conflicts_with_all = ["repeats_only", "no_compare"])]
    ngram_candidates: Option<PathBuf>,

    /// Bounded repeated text, step one (with --repeats-only): write only the lines each outlet has in 5% or more of its documents in the shard (all its lines where it has fewer than 20), as proposals; merge these over the corpus and give them to --line-candidates
    #[arg(long, requires = "repeats_only", conflicts_with = "line_candidates")]
    propose_lines: bool,

    /// Bounded repeated text, step two (with --repeats-only): count only the lines of these merged --propose-lines partials that can still be boilerplate, exactly; merged, the partials give --repeats the boilerplate and copies analyze finds
    #[arg(long, value_name = "MERGED", requires = "repeats_only")]
    line_candidates: Option<PathBuf>,

    /// Evidence sentences kept per outlet, axis and side
    #[arg(long, value_name = "N", default_value_t = 5)]
    evidence: usize,

    #[command(flatten)]
    run: RunArgs,

    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    repeat_args: RepeatArgs,

    #[command(flatten)]
    lexicons: LexiconArgs,

    #[command(flatten)]
    scoring: ScoreArgs,

    #[command(flatten)]
    outputs: super::output_args::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let chatter = args.run.start()?;
    super::common::check_partial_output(&args.output, args.force)?;
    let config = MapConfig {
        inputs: args.inputs.clone(),
        read: args.corpus.options()?,
        lexicons: args.lexicons.sources()?,
        scores: args.scoring.params(),
        evidence: args.evidence,
        sentences: args.outputs.options().sentences,
        repeats: args.repeat_args.options(),
        first_record: args.first_record,
        repeats_only: args.repeats_only,
        corpus_repeats: args.repeats.clone(),
        model: args.model.clone(),
        sentence_scores: args.outputs.options().sentence_scores,
        compare: !args.no_compare,
        lss_polarity: args.lss_polarity.clone(),
        ngram_top: args.ngram_top,
        ngram_candidates: args.ngram_candidates.clone(),
        propose_lines: args.propose_lines,
        line_candidates: args.line_candidates.clone(),
    };
    let to_stdout = args.output.as_os_str() == "-";
    let output = match to_stdout {
        true => Output::Stdout,
        false => Output::File(args.output.clone()),
    };
    let mapped = map(&config, &output).map_err(cli_error)?;
    if chatter.chatty() {
        super::progress::lexicon_warnings(&mapped.lexicon_warnings);
        super::progress::input_warnings(&mapped.input_warnings, None);
    }
    // an empty partition piped in writes nothing, which merge skips
    if !mapped.wrote && !to_stdout {
        anyhow::bail!(
            "no documents to analyze in standard input (given -o -, map writes nothing for it)"
        );
    }
    Ok(())
}
