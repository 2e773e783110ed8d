//! `slant map`: one shard of a corpus in, a partial result out (see
//! [`crate::partial`]). The shard goes through the same matching pass and
//! [`Aggregator`] as analyze; the aggregate and the streamed tables'
//! rows are then written as partial rows, each document under its global
//! record number.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod compare;
pub(crate) mod inputs;
mod ngrams;
pub(crate) mod repeats;
mod scoring;
mod tables;

pub use repeats::decide;
pub use scoring::SavedModel;

use super::lss_saved::{LssScorer, SavedLss};
use super::scoring::Scoring;
use crate::aggregate::{Aggregate, Aggregator, Predictions};
use crate::corpus::{ReadOptions, ReadWarnings, SkippedList};
use crate::error::Error;
use crate::lexicon::{self, Diagnostic, LexiconSet, LexiconSource};
use crate::lss::applied::ScoredDocs;
use crate::matching::Matcher;
use crate::model::Model;
use crate::params::ParamGuard;
use crate::partial::merge::Output;
use crate::partial::spill::Spill;
use crate::partial::words::{align_rows, candidate_rows, count_rows, Sightings};
use crate::partial::{predictions, shard, warnings, Header, LexiconHash, Phase};
use crate::repeats::{CopyCursor, RepeatOptions, Repeats};
use crate::report::matches::MatchWriter;
use crate::report::sentences::{self, SentenceTextWriter};
use crate::report::{ReportError, SentenceText};
use crate::scores::{ScoreParams, ScoreValidParams};
use compare::{Gathered, Gathering};
use tables::{records_of, skipped_rows, table_rows};

/// A map run, as given.
#[derive(Debug, Clone)]
pub struct MapConfig {
    /// The shard's inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Lexicons to load, in order.
    pub lexicons: Vec<LexiconSource>,
    /// Scoring options: only the quote weight acts here (on evidence).
    pub scores: ScoreParams,
    /// Evidence sentences per outlet, axis and side.
    pub evidence: usize,
    /// Which sentences `sentences.csv` holds.
    pub sentences: SentenceText,
    /// Repeated text, recorded in the header.
    pub repeats: RepeatOptions,
    /// The global record number of the shard's first document.
    pub first_record: u64,
    /// Only the repeated-text rows (the first of two map phases).
    pub repeats_only: bool,
    /// The merged repeated-text partial of the whole corpus; without it,
    /// repeated text is found in the shard alone and the partial does not
    /// merge.
    pub corpus_repeats: Option<PathBuf>,
    /// A saved model to score documents with, as `analyze --model` does.
    pub model: Option<PathBuf>,
    /// With a model, also the rows of `sentence_scores.csv`.
    pub sentence_scores: bool,
    /// Gather what the comparison views need (n-grams, sentences to align).
    pub compare: bool,
    /// A saved LSS scale to score documents with (`--lss-polarity`), as
    /// `analyze --lss-polarity` does.
    pub lss_polarity: Option<PathBuf>,
    /// Write only each outlet's this many most frequent n-grams, as
    /// candidates (a phase between the two).
    pub ngram_top: Option<usize>,
    /// The merged `ngram_top` partials of the whole corpus: count only
    /// their n-grams, exactly.
    pub ngram_candidates: Option<PathBuf>,
    /// With `repeats_only`: write only the lines the shard proposes as
    /// possible boilerplate (see [`crate::partial::lines`]).
    pub propose_lines: bool,
    /// With `repeats_only`: the merged `propose_lines` partials of the
    /// whole corpus; count only their candidate lines, exactly.
    pub line_candidates: Option<PathBuf>,
}

impl MapConfig {
    /// A map of `inputs` with `slant map`'s defaults: the shipped
    /// lexicons, five evidence sentences per side, the comparison views,
    /// repeated text found in the shard alone, no model.
    pub fn new(inputs: Vec<PathBuf>) -> MapConfig {
        MapConfig {
            inputs,
            read: ReadOptions::default(),
            lexicons: LexiconSource::defaults(),
            scores: ScoreParams::default(),
            evidence: 5,
            sentences: SentenceText::Cited,
            repeats: RepeatOptions::default(),
            first_record: 0,
            repeats_only: false,
            corpus_repeats: None,
            model: None,
            sentence_scores: false,
            compare: true,
            lss_polarity: None,
            ngram_top: None,
            ngram_candidates: None,
            propose_lines: false,
            line_candidates: None,
        }
    }
}

/// The streamed tables a partial carries rows of, by file stem.
pub const MATCHES: &str = "matches";
/// See [`MATCHES`].
pub const SENTENCES: &str = "sentences";
/// See [`MATCHES`]: the model's probabilities per sentence.
pub const SENTENCE_SCORES: &str = "sentence_scores";

/// What a map run did.
#[derive(Debug, Default)]
pub struct Mapped {
    /// Whether it wrote a partial.
    pub wrote: bool,
    /// What the reading of the shard found that may be wrong (which a
    /// partial of the matching phase carries, for the report).
    pub input_warnings: ReadWarnings,
    /// The lexicons' warnings met on loading (none in a first phase of
    /// repeated text, which reads no lexicon).
    pub lexicon_warnings: Vec<Diagnostic>,
}

/// Writes the partial of a shard to `output` (a file replaced only once
/// complete), and says whether it wrote one: nothing is written when the
/// shard is standard input alone and it holds no record (an empty
/// partition of a Spark job). Its rows are spilled in sorted runs as they
/// are made ([`Spill`]), so what a run holds in memory does not grow with
/// the shard's per-document rows.
pub fn map(config: &MapConfig, output: &Output) -> Result<Mapped, Error> {
    // The matching pass reads the shard after the repeated-text pass, so
    // standard input is kept in a file first, keys (`N<TAB>`) left out.
    if config.inputs.iter().any(|p| p.as_os_str() == "-") {
        let spool = crate::output::StdinSpool::new().map_err(io)?;
        let path = spool.file();
        // written in blocks, flushed whenever standard input has to wait
        // (a run stopped while it is still open leaves what came)
        let file = std::fs::File::create(&path).map_err(io)?;
        let mut stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin().lock());
        let copied = crate::corpus::keyed::unkey(
            &mut stdin,
            std::io::BufWriter::with_capacity(1 << 16, file),
        )?;
        if copied.records == 0 && config.inputs.len() == 1 {
            return Ok(Mapped::default());
        }
        // read from the copy, named `-` in errors and skipped records
        let (inputs, read) = config.read.second_pass(&config.inputs, &path);
        let first_record = keyed_first(config, copied.first)?;
        let config = MapConfig {
            inputs,
            read,
            first_record,
            ..config.clone()
        };
        return map_shard(&config, output).map(wrote);
    }
    map_shard(config, output).map(wrote)
}

fn wrote((input_warnings, lexicon_warnings): (ReadWarnings, Vec<Diagnostic>)) -> Mapped {
    Mapped {
        wrote: true,
        input_warnings,
        lexicon_warnings,
    }
}

/// The shard's first record number: keyed lines' first key, which must
/// agree with `--first-record` if that is given too.
fn keyed_first(config: &MapConfig, key: Option<u64>) -> Result<u64, Error> {
    match key {
        None => Ok(config.first_record),
        Some(_) if config.inputs.len() > 1 => Err(Error::Invalid(
            "keyed lines on standard input number their records themselves: give - alone".into(),
        )),
        Some(k) if config.first_record != 0 && config.first_record != k => {
            Err(Error::Invalid(format!(
                "--first-record {} but standard input's first key is {k}: give one or the other",
                config.first_record
            )))
        }
        Some(k) => Ok(k),
    }
}

/// Writes the partial of a shard; the warnings of its reading and of its
/// lexicons.
fn map_shard(
    config: &MapConfig,
    output: &Output,
) -> Result<(ReadWarnings, Vec<Diagnostic>), Error> {
    if config.repeats_only {
        return Ok((repeats::map_repeats(config, output)?, Vec::new()));
    }
    let scores = config.scores.check()?;
    let loaded = lexicon::load_to_count(&config.lexicons)?;
    let diagnostics = loaded.diagnostics;
    let mut set = loaded.set;
    set.negation.policy = scores.negation();
    let model = config
        .model
        .as_ref()
        .map(|p| SavedModel::load(p, &set))
        .transpose()?;
    let lss = config
        .lss_polarity
        .as_deref()
        .map(SavedLss::load)
        .transpose()?;
    let matcher = Matcher::new(&set)?;
    let (repeats, listed, scope, corpus_end) = repeats::shard_repeats(config)?;
    let first = config.first_record;
    let read = repeats.read.0;
    // A dropped copy keeps its number: the records after it do not move.
    let mut copies = CopyCursor::new(&listed.copies);
    let mut records: Vec<u64> = Vec::with_capacity(read as usize);
    for p in 0..read as usize {
        if !repeats.dropped || !copies.is_copy(p).map_err(io)? {
            records.push(first + p as u64);
        }
    }
    let tmp = crate::output::Scratch::new().map_err(io)?;
    let ready = Shard {
        config,
        set: &set,
        scores: &scores,
        matcher: &matcher,
        repeats: &repeats,
        model: model.as_ref().map(|m| &m.model),
        lss: lss.as_ref(),
    };
    let only = ngrams::ngram_candidates(config, corpus_end)?;
    let mut passed = ready.pass(tmp.path())?;
    // Skipped records take the numbers after the shard's documents, so
    // the shard covers as many numbers as it holds records.
    let end = first + read + passed.skipped.len() as u64;
    let mut options = options(config, &scores);
    if let Some(end) = corpus_end {
        options.insert("repeats_records".into(), json!(end));
    }
    if let Some(top) = config.ngram_top {
        let g = passed.words.as_ref().ok_or_else(|| {
            Error::Invalid("--ngram-top needs the comparison views: leave out --no-compare".into())
        })?;
        options.insert("ngram_top".into(), json!(top));
        options.insert("repeats_scope".into(), json!(scope));
        let mut rows = Spill::new().map_err(io)?;
        rows.extend(candidate_rows(&g.counts, top)).map_err(io)?;
        let header = Header::new(Phase::Candidates, hashes(&set), options, first, end);
        rows.finish(&header, output)?;
        return Ok((passed.warnings, diagnostics));
    }
    let mut rows = Spill::new().map_err(io)?;
    shard::rows_of(&passed.aggregate, &records, &mut rows).map_err(io)?;
    warnings::rows_of(&passed.warnings, first, |r| rows.push(r)).map_err(io)?;
    skipped_rows(&passed.skipped, first + read, &mut rows)?;
    for (stem, path) in &passed.tables {
        table_rows(&mut rows, stem, path, &passed.aggregate, &records)?;
    }
    // The records of the documents quoted by id, looked up in one pass.
    let quoted = passed.words.iter().flat_map(|g| &g.pool.candidates);
    let quoted = quoted.map(|c| c.doc_id.as_str());
    let quoted = quoted.chain(passed.predictions.iter().flat_map(predictions::quoted));
    let by_id = records_of(&passed.aggregate, &records, quoted.collect())?;
    if let Some(g) = &passed.words {
        let only = only.as_ref().map(|(set, _)| set);
        words_rows(g, &records, &by_id, only, &mut rows).map_err(Error::Invalid)?;
    }
    if let Some(p) = &passed.predictions {
        let top = super::scoring::TOP_SENTENCES;
        predictions::rows_of(p, &records, &by_id, top, &mut rows).map_err(Error::Invalid)?;
    }
    if let Some(seen) = &passed.in_training {
        predictions::training_rows(seen, &records, &mut rows).map_err(Error::Invalid)?;
    }
    if let Some(scored) = passed.lss.take() {
        crate::partial::lss::rows_of(scored, &records, &mut rows).map_err(Error::Invalid)?;
    }
    options.insert("ngram_candidates".into(), json!(only.map(|(_, v)| v)));
    options.insert("repeats_scope".into(), json!(scope));
    // The repeated-text lists, a row per copy group's row, hashed as
    // they pass.
    let mut digest = Digest(xxhash_rust::xxh3::Xxh3::new());
    listed
        .rows(false, |row| {
            serde_json::to_writer(&mut digest, &row)?;
            rows.push(row)
        })
        .map_err(io)?;
    let digest = digest.0.digest();
    options.insert("repeats_digest".into(), json!(format!("{digest:016x}")));
    options.insert("model".into(), json!(model.map(|m| m.sha256)));
    options.insert("lss_polarity".into(), json!(lss.map(|s| s.sha256)));
    let compare = config.compare.then(compare::options);
    options.insert("compare".into(), json!(compare));
    let header = Header::new(Phase::Match, hashes(&set), options, first, end);
    rows.finish(&header, output)?;
    Ok((passed.warnings, diagnostics))
}

/// The xxh3 hash of what is written to it (rows' compact JSON, hashed
/// as it is written rather than from a copy of the text).
struct Digest(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The `kind` of a skipped record's row.
pub const SKIPPED: &str = "skipped";

/// A shard ready for its matching pass.
struct Shard<'a> {
    config: &'a MapConfig,
    set: &'a LexiconSet,
    scores: &'a ScoreValidParams,
    matcher: &'a Matcher,
    repeats: &'a Repeats,
    model: Option<&'a Model>,
    lss: Option<&'a SavedLss>,
}

/// What the matching pass of a shard leaves.
struct Passed {
    aggregate: Aggregate,
    predictions: Option<Predictions>,
    /// Per document, whether the saved model was trained on it, when its
    /// file lists its training documents.
    in_training: Option<Vec<bool>>,
    words: Option<Gathered>,
    lss: Option<ScoredDocs>,
    /// Records skipped on reading, in order.
    skipped: SkippedList,
    /// What the reading found that may be wrong.
    warnings: ReadWarnings,
    /// The streamed tables written, by stem, in `dir`.
    tables: Vec<(&'static str, PathBuf)>,
}

impl Shard<'_> {
    /// Streams the shard once: the aggregate, the streamed tables (written
    /// in `dir`) and, with a model, its predictions.
    fn pass(&self, dir: &Path) -> Result<Passed, Error> {
        let (config, set) = (self.config, self.set);
        let matches_path = dir.join("matches.csv");
        let sentences_path = dir.join("sentences.csv");
        let scores_path = dir.join("sentence_scores.csv");
        let mut matches = MatchWriter::new(&matches_path, false).map_err(io)?;
        let mut texts = sentences::streamed(config.sentences)
            .map(|all| SentenceTextWriter::create(&sentences_path, false, all))
            .transpose()
            .map_err(io)?;
        let sentence_scores = config.sentence_scores.then_some(scores_path.as_path());
        let scoring = self
            .model
            .map(|m| {
                let s =
                    Scoring::writing(m, set, sentence_scores.map(|p| (SENTENCE_SCORES, p)), false);
                s.map(|s| s.counting_training(m))
            })
            .transpose()
            .map_err(io)?;
        // The documents' texts and tallies go to `dir`, as analyze's go
        // to its staging folder, not to memory.
        let aggregator = Aggregator::new(set, self.scores.quote_weight(), config.evidence)
            .spill_to(&dir.join("docs"))
            .map_err(io)?;
        let words = config.compare.then(|| Gathering::new(set));
        let lss = self
            .lss
            .map(|s| LssScorer::new(s, super::lss::EVIDENCE_PER_OUTLET));
        let mut hook = (
            (&mut matches, lss),
            (&mut texts, (aggregator, (scoring, words))),
        );
        let (inputs, read_opts) = (&config.inputs, config.read.clone());
        let repeats = Some(self.repeats);
        let mut reader = super::pass_with(
            inputs,
            read_opts,
            self.matcher,
            &mut hook,
            &|_, _| {},
            repeats,
        )?;
        let skipped = reader.take_skipped();
        let warnings = reader.take_warnings();
        let ((_, lss), (_, (aggregator, (scoring, words)))) = hook;
        let aggregate = aggregator.finish().map_err(io)?;
        matches.finish().map_err(io)?;
        let mut tables = vec![(MATCHES, matches_path)];
        if let Some(t) = texts {
            t.finish().map_err(io)?;
            tables.push((SENTENCES, sentences_path));
        }
        let scored = scoring
            .map(Scoring::finish_counted)
            .transpose()
            .map_err(io)?;
        let (predictions, in_training) = match scored {
            Some((p, _, _, seen)) => (Some(p), seen),
            None => (None, None),
        };
        if predictions.is_some() && config.sentence_scores {
            tables.push((SENTENCE_SCORES, scores_path));
        }
        Ok(Passed {
            aggregate,
            predictions,
            in_training,
            words: words.map(Gathering::finish).transpose().map_err(io)?,
            lss: lss.map(LssScorer::finish),
            skipped,
            warnings,
            tables,
        })
    }
}

/// The rows of the comparison views' material: n-gram counts, words'
/// first sightings, and sentences to align.
fn words_rows(
    g: &Gathered,
    records: &[u64],
    record_of: &BTreeMap<String, u64>,
    only: Option<&BTreeSet<String>>,
    rows: &mut Spill,
) -> Result<(), String> {
    let seen = Sightings {
        new_words: &g.new_words,
        records,
    };
    count_rows(&g.counts, &seen, only, rows)?;
    let max = crate::aggregate::sentences::AlignOptions::default().max_sentences;
    align_rows(&g.pool, record_of, max, rows)
}

/// The lexicons' names and hashes.
pub fn hashes(set: &LexiconSet) -> Vec<LexiconHash> {
    set.lexicons
        .iter()
        .map(|l| LexiconHash {
            name: l.name.clone(),
            sha256: l.sha256.clone(),
        })
        .collect()
}

/// The options that change a number in the partial.
fn options(config: &MapConfig, scores: &ScoreValidParams) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("evidence".to_string(), json!(config.evidence)),
        (
            "quote_weight".to_string(),
            json!(scores.quote_weight().get()),
        ),
        ("sentences".to_string(), json!(config.sentences)),
        ("negation".to_string(), json!(scores.negation().as_str())),
        (
            "repeats".to_string(),
            repeats::repeat_options(&config.repeats),
        ),
    ])
}

fn io(e: std::io::Error) -> Error {
    Error::Report(ReportError::Io(e))
}
