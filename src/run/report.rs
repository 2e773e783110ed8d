//! `slant report`: a merged partial result in, the report folder out. The
//! partial's rows become the [`Aggregate`](crate::aggregate::Aggregate) of the whole corpus (documents
//! in record order, so the bootstrap draws as analyze's), then the same
//! [`Scores::of`] and [`Report::write`] as analyze, through a staging
//! folder.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::analyze::Outcome;
use super::lss_saved::SavedLss;
use super::map::{hashes, SavedModel, MATCHES, SENTENCES, SENTENCE_SCORES, SKIPPED};
use crate::corpus::{Skipped, SkippedList};
use crate::error::Error;
use crate::lexicon::{self, LexiconSet, LexiconSource};
use crate::output::Staging;
use crate::params::ParamGuard;
use crate::partial::repeats::CorpusRepeats;
use crate::partial::{predictions, shard, words, Header, Partial, Phase, Row};
use crate::repeats::Repeats;
use crate::report::sink::Sink;
use crate::report::{OutputOptions, Report, ReportError, RunMeta, SentenceText, TableList};
use crate::scores::compare::CompareParams;
use crate::scores::model::ModelSource;
use crate::scores::{ScoreParams, ScoreValidParams, Scores};

/// A report from a partial, as given.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// The merged partial.
    pub partial: PathBuf,
    /// The report folder.
    pub out: PathBuf,
    /// Lexicons: the ones the partial was mapped with.
    pub lexicons: Vec<LexiconSource>,
    /// How scores are computed; the quote weight must be the map's.
    pub scores: ScoreParams,
    /// Whether to draw charts.
    pub charts: bool,
    /// Optional outputs; which sentences `sentences.csv` holds is the map's.
    pub outputs: OutputOptions,
    /// Outlets to show in every bounded chart and table.
    pub highlight: Vec<String>,
    /// The corpus inputs the report names (the partial's path when empty).
    pub input_names: Vec<String>,
    /// The command line, recorded in `results.json`.
    pub args: Vec<String>,
    /// The saved model the map step scored with, if it did.
    pub model: Option<PathBuf>,
    /// The saved LSS scale the map step scored with, if it did.
    pub lss_polarity: Option<PathBuf>,
    /// Comparison views (`None`: skip them); the partial must hold their
    /// material (mapped without --no-compare).
    pub compare: Option<CompareParams>,
}

/// Renders the report of the partial at `config.partial`.
pub fn report(config: ReportConfig) -> Result<Outcome, Error> {
    let partial = Partial::read_merged(&config.partial)?;
    let name = config.partial.display().to_string();
    let scores = config.scores.check()?;
    let compare = config.compare.map(ParamGuard::check).transpose()?;
    let loaded = lexicon::load(&config.lexicons)?;
    let mut set = loaded.set;
    set.negation.policy = scores.negation();
    check(&partial.header, &set, &scores)?;
    let model = saved_model(&partial.header, config.model.as_ref(), &set)?;
    let lss = saved_lss(&partial.header, config.lss_polarity.as_deref())?;
    let option = |k: &str| {
        partial
            .header
            .options
            .get(k)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut outputs = config.outputs;
    outputs.sentences = match option("sentences").as_str() {
        Some("none") => SentenceText::None,
        Some("matched") => SentenceText::Matched,
        Some("all") => SentenceText::All,
        _ => SentenceText::Cited,
    };
    let evidence = option("evidence").as_u64().unwrap_or(0) as usize;
    let staging = Staging::new(&config.out)?;
    let mut aggregate = shard::aggregate_of(&partial.rows, &set).map_err(|e| invalid(&e))?;
    aggregate.repeats = repeats_of(&partial)?;
    let outlets = doc_outlets(&aggregate.docs).map_err(io)?;
    if model.is_some() {
        let p = predictions::predictions_of(&partial.rows, &outlets);
        aggregate.predictions = Some(p.map_err(|e| invalid(&e))?);
    }
    if compare.is_some() {
        comparison_of(&partial, &outlets, &mut aggregate)?;
    }
    let mut streamed = TableList::new();
    for stem in [MATCHES, SENTENCES, SENTENCE_SCORES] {
        let name = outputs.table_name(stem);
        let path = staging.path().join(&name);
        if let Some(n) = write_table(&partial.rows, stem, &path, outputs.gzip).map_err(io)? {
            streamed.insert(name, n);
            outputs.sentence_scores |= stem == SENTENCE_SCORES;
        }
    }
    let skipped = skipped_of(&partial.rows)?;
    let model = model.map(|m| (m.model, ModelSource::File(m.label)));
    let mut scores_of = Scores::of(&set, &aggregate, &scores, compare.as_ref(), model)?;
    if let Some(c) = &mut scores_of.comparison {
        c.notes.extend(bounded_note(&partial.header));
    }
    let lss = match &lss {
        Some(saved) => {
            let keep = super::lss::EVIDENCE_PER_OUTLET;
            let scored = crate::partial::lss::scored_of(&partial.rows, &outlets, keep)
                .map_err(|e| invalid(&e))?;
            Some(super::lss_saved::saved_view(
                saved, scored, &scores, &scores_of,
            ))
        }
        None => None,
    };
    let meta = RunMeta {
        slant_version: env!("CARGO_PKG_VERSION").to_string(),
        command: "report".to_string(),
        inputs: match config.input_names.is_empty() {
            true => vec![name],
            false => config.input_names,
        },
        options: scores,
        evidence_per_side: evidence,
        outputs,
        lexicons: set.lexicons.clone(),
        highlight: config.highlight,
        args: config.args,
    };
    let rep = Report {
        set: &set,
        aggregate: &aggregate,
        scores: &scores_of,
        meta: &meta,
        skipped: &skipped,
        charts: config.charts,
        model_note: None,
        streamed: &streamed,
        lss: lss.as_ref(),
        lss_note: None,
    };
    let chart_problems = rep.write(&staging)?;
    let summary = rep.summary();
    let out = staging.commit()?;
    Ok(Outcome {
        out,
        aggregate,
        scores: scores_of,
        model_note: None,
        summary,
        warnings: loaded.diagnostics,
        chart_problems,
        lss,
        lss_note: None,
    })
}

/// The records skipped on reading, in record order: the order analyze
/// lists them in.
fn skipped_of(rows: &[Row]) -> Result<SkippedList, Error> {
    let mut list = SkippedList::default();
    for r in rows {
        if let Row::Doc { kind, data, .. } = r {
            if kind == SKIPPED {
                let s = Skipped::deserialize(data)
                    .map_err(|e| invalid(&format!("a skipped record: {e}")))?;
                list.push(&s).map_err(io)?;
            }
        }
    }
    Ok(list)
}

/// Refuses a partial of the other phase, other lexicons or another quote
/// weight than the report's.
fn check(h: &Header, set: &LexiconSet, scores: &ScoreValidParams) -> Result<(), Error> {
    match h.phase {
        Phase::Match => {}
        Phase::Repeats | Phase::Proposals | Phase::Decided => {
            return Err(invalid(
                "it holds repeated-text counts (map --repeats-only), not matches",
            ))
        }
        Phase::Candidates => {
            return Err(invalid(
                "it holds candidate n-grams (map --ngram-top), not matches; map again with --ngram-candidates",
            ))
        }
    }
    if hashes(set) != h.lexicons {
        return Err(invalid(&format!(
            "it was mapped with other lexicons ({}); give the same --lexicon options",
            serde_json::to_string(&h.lexicons).unwrap_or_default()
        )));
    }
    let weight = h.options.get("quote_weight").and_then(Value::as_f64);
    if weight != Some(scores.quote_weight().get()) {
        return Err(invalid(&format!(
            "it was mapped with --quote-weight {}; give the same here",
            weight.map_or("(none)".to_string(), |w| w.to_string())
        )));
    }
    let negation = h.options.get("negation").and_then(Value::as_str);
    if negation != Some(scores.negation().as_str()) {
        return Err(invalid(&format!(
            "it was mapped with --negation {}; give the same here",
            negation.unwrap_or("(none)")
        )));
    }
    Ok(())
}

/// The n-gram counts and sentences to align of the partial, into
/// `aggregate` (whose documents are read).
fn comparison_of(
    partial: &Partial,
    outlets: &[Arc<str>],
    aggregate: &mut crate::aggregate::Aggregate,
) -> Result<(), Error> {
    let options = partial.header.options.get("compare").cloned();
    let max = match options.as_ref().and_then(|o| o.get("max_sentences")) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0) as usize,
        _ => {
            return Err(invalid(
                "it was mapped with --no-compare, so it holds no n-gram counts or sentences to align; give --no-compare here too",
            ))
        }
    };
    let counts = words::counts_of(&partial.rows, outlets).map_err(|e| invalid(&e))?;
    aggregate.words = Some(counts);
    let pool = words::pool_of(&partial.rows, max).map_err(|e| invalid(&e))?;
    aggregate.sentences = Some(pool);
    Ok(())
}

/// What a reader must know of n-gram counts bounded to candidates (map
/// --ngram-top, --ngram-candidates), if they were.
fn bounded_note(h: &Header) -> Option<String> {
    let c = h.options.get("ngram_candidates").filter(|v| !v.is_null())?;
    // No shard left an n-gram out: the candidates are every n-gram.
    if c["left_out"].as_u64() == Some(0) {
        return None;
    }
    Some(format!(
        "n-gram counts were bounded (map --ngram-top {}): distinctive terms, word similarity and the outlet map rank only the {} candidate n-grams, each among the most frequent of an outlet (or of all) in some shard; every count shown is exact, but a term outside every shard's top list is not ranked",
        c["top"], c["terms"]
    ))
}

/// The saved model given to the report, checked against the one the
/// partial was scored with (by the SHA-256 of its file): both or neither.
fn saved_model(
    h: &Header,
    given: Option<&PathBuf>,
    set: &LexiconSet,
) -> Result<Option<SavedModel>, Error> {
    let mapped = h.options.get("model").and_then(Value::as_str);
    let model = given.map(|p| SavedModel::load(p, set)).transpose()?;
    match (mapped, &model) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(invalid(
            "it was mapped with --model; give the same model here with --model",
        )),
        (None, Some(m)) => Err(invalid(&format!(
            "it was mapped without a model, so it holds no predictions to report with {}; map with --model {}",
            m.label, m.label
        ))),
        (Some(sha), Some(m)) if sha != m.sha256 => Err(invalid(&format!(
            "it was mapped with another model (sha256 {}) than {} (sha256 {})",
            short(sha),
            m.label,
            short(&m.sha256)
        ))),
        _ => Ok(model),
    }
}

/// The saved LSS scale given to the report, checked against the one the
/// partial was scored with (by the SHA-256 of its file): both or neither.
fn saved_lss(h: &Header, given: Option<&std::path::Path>) -> Result<Option<SavedLss>, Error> {
    let mapped = h.options.get("lss_polarity").and_then(Value::as_str);
    let saved = given.map(SavedLss::load).transpose()?;
    match (mapped, &saved) {
        (None, None) => Ok(None),
        (Some(_), None) => Ok(None),
        (None, Some(s)) => Err(invalid(&format!(
            "it was mapped without --lss-polarity, so it holds no LSS scores to report with {}; map with --lss-polarity {}",
            s.label, s.label
        ))),
        (Some(sha), Some(s)) if sha != s.sha256 => Err(invalid(&format!(
            "it was mapped with another LSS polarity file (sha256 {}) than {} (sha256 {})",
            short(sha),
            s.label,
            short(&s.sha256)
        ))),
        _ => Ok(saved),
    }
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// The repeated text the partial lists, as the report shows it.
fn repeats_of(partial: &Partial) -> Result<Repeats, Error> {
    let listed = partial.rows.iter().find_map(|r| match r {
        Row::First { kind, value, .. } if kind == "repeats" => value.clone(),
        _ => None,
    });
    let listed =
        CorpusRepeats::from_listed(&listed.unwrap_or_default()).map_err(|e| invalid(&e))?;
    let options = partial
        .header
        .options
        .get("repeats")
        .cloned()
        .unwrap_or_default();
    Ok(Repeats::listed(
        listed.boilerplate,
        listed.duplicates,
        listed.lines,
        options["mask_boilerplate"].as_bool().unwrap_or(false),
        options["drop_duplicates"].as_bool().unwrap_or(false),
    ))
}

/// Writes the streamed table `stem` from its rows, if the partial has it;
/// returns its data rows.
fn write_table(
    rows: &[Row],
    stem: &str,
    path: &std::path::Path,
    gzip: bool,
) -> std::io::Result<Option<u64>> {
    let columns = rows.iter().find_map(|r| match r {
        Row::First {
            kind, key, value, ..
        } if kind == "columns" && key.concat() == stem => value.clone(),
        _ => None,
    });
    let Some(Value::Array(columns)) = columns else {
        return Ok(None);
    };
    let mut csv = csv::Writer::from_writer(Sink::create(path, gzip)?);
    csv.write_record(columns.iter().map(|c| c.as_str().unwrap_or_default()))?;
    let mut n = 0;
    for r in rows {
        if let Row::Doc {
            kind,
            data: Value::Array(fields),
            ..
        } = r
        {
            if kind == stem {
                csv.write_record(fields.iter().map(|f| f.as_str().unwrap_or_default()))?;
                n += 1;
            }
        }
    }
    csv.flush()?;
    csv.into_inner().map_err(|e| e.into_error())?.finish()?;
    Ok(Some(n))
}

fn invalid(why: &str) -> Error {
    Error::Invalid(format!("cannot report this partial: {why}"))
}

fn io(e: std::io::Error) -> Error {
    Error::Report(ReportError::Io(e))
}

/// Each document's outlet, in record order: what predictions and n-gram
/// counts are keyed by (the tallies themselves may live in a spill file).
fn doc_outlets(docs: &crate::aggregate::Docs) -> std::io::Result<Vec<Arc<str>>> {
    docs.read()?.map(|d| d.map(|d| d.outlet)).collect()
}
