//! `slant report`: a merged partial result in, the report folder out. The
//! partial's rows, streamed (`gather`), become the
//! [`Aggregate`](crate::aggregate::Aggregate) of the whole corpus
//! (documents in record order, so the bootstrap draws as analyze's, their
//! tallies and texts spilled as analyze spills them), then the same
//! [`Scores::of`] and [`Report::write`] as analyze, through a staging
//! folder.

use std::path::PathBuf;

use serde_json::Value;

use super::analyze::{Outcome, DOC_SPILL};
use super::lss_saved::SavedLss;
use super::map::{hashes, SavedModel};
use crate::error::Error;
use crate::lexicon::{self, LexiconSet, LexiconSource};
use crate::model::seen::TrainingOverlap;
use crate::output::Staging;
use crate::params::ParamGuard;
use crate::partial::repeats::CorpusRepeats;
use crate::partial::stream::MergedFile;
use crate::partial::{Header, Phase};
use crate::repeats::Repeats;
use crate::report::{OutputOptions, Report, RunMeta, SentenceText};
use crate::scores::compare::CompareParams;
use crate::scores::model::ModelSource;
use crate::scores::{ScoreParams, ScoreValidParams, Scores};

mod gather;

use gather::{gather, invalid, invalid_at, io, Stop, Wanted};

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
    let mut file = MergedFile::open(&config.partial)?;
    let name = config.partial.display().to_string();
    let scores = config.scores.check()?;
    let compare = config.compare.map(ParamGuard::check).transpose()?;
    let loaded = lexicon::load(&config.lexicons)?;
    let mut set = loaded.set;
    set.negation.policy = scores.negation();
    let header = file.header().clone();
    let path = config.partial.as_path();
    check(&header, &set, &scores).map_err(|why| invalid(path, &why))?;
    let model = saved_model(&header, config.model.as_ref(), &set, path)?;
    let lss = saved_lss(&header, config.lss_polarity.as_deref(), path)?;
    let option = |k: &str| header.options.get(k).cloned().unwrap_or(Value::Null);
    let mut outputs = config.outputs;
    outputs.sentences = match option("sentences").as_str() {
        Some("none") => SentenceText::None,
        Some("matched") => SentenceText::Matched,
        Some("all") => SentenceText::All,
        _ => SentenceText::Cited,
    };
    let evidence = option("evidence").as_u64().unwrap_or(0) as usize;
    let max_sentences = match compare {
        Some(_) => Some(max_sentences(&header).map_err(|why| invalid(path, why))?),
        None => None,
    };
    let staging = Staging::new(&config.out)?;
    let want = Wanted {
        set: &set,
        predictions: model.is_some(),
        lss: lss.as_ref().map(|_| super::lss::EVIDENCE_PER_OUTLET),
        compare: max_sentences,
        outputs: &outputs,
        staging: staging.path(),
        spill: staging.path().join(DOC_SPILL),
    };
    let gathered = match gather(&file, &want) {
        Err(Stop::Unmerged) => {
            // Not one partial in canonical order: merged first, as `slant
            // merge` merges it, and read again.
            file.merge_first()?;
            gather(&file, &want)
        }
        other => other,
    };
    let gathered = gathered.map_err(|stop| match stop {
        Stop::Fail(e) => e,
        Stop::Invalid(why, at) => invalid_at(&config.partial, at, &why),
        Stop::Unmerged => invalid(&config.partial, "its merge is out of canonical order"),
    })?;
    every_shard(file.header(), &config.partial)?;
    let mut aggregate = gathered.aggregate;
    aggregate.repeats = repeats_of(&header, gathered.repeats);
    outputs.sentence_scores |= gathered.sentence_scores;
    let streamed = gathered.streamed;
    let skipped = gathered.skipped;
    // counted as analyze counts them, when the partial says of every
    // document whether the model was trained on it
    let (overlap, in_training) = match (&model, gathered.in_training) {
        (Some(m), Some((o, seen))) if m.model.training_documents.is_some() => {
            (Some(TrainingOverlap::Counted(o)), Some(seen))
        }
        _ => (None, None),
    };
    let model = model.map(|m| {
        let overlap = overlap.unwrap_or_else(|| TrainingOverlap::uncounted(&m.model));
        (m.model, ModelSource::File(m.label, overlap))
    });
    let mut scores_of = Scores::of(&set, &aggregate, &scores, compare.as_ref(), model)?;
    if let Some(m) = &mut scores_of.model {
        m.in_training_docs = in_training;
    }
    if let Some(c) = &mut scores_of.comparison {
        c.notes.extend(bounded_note(&header));
    }
    let lss = match (&lss, gathered.scored) {
        (Some(saved), Some(scored)) => Some(super::lss_saved::saved_view(
            saved, scored, &scores, &scores_of,
        )),
        _ => None,
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
    aggregate.texts.discard().map_err(io)?;
    aggregate.docs.discard().map_err(io)?;
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

/// Refuses a partial of the other phase, other lexicons or another quote
/// weight than the report's.
fn check(h: &Header, set: &LexiconSet, scores: &ScoreValidParams) -> Result<(), String> {
    match h.phase {
        Phase::Match => {}
        Phase::Repeats | Phase::Proposals | Phase::Decided => {
            return Err(
                "it holds repeated-text counts (map --repeats-only), not matches".into(),
            )
        }
        Phase::Candidates => {
            return Err(
                "it holds candidate n-grams (map --ngram-top), not matches; map again with --ngram-candidates".into(),
            )
        }
    }
    if hashes(set) != h.lexicons {
        return Err(format!(
            "it was mapped with other lexicons ({}); give the same --lexicon options",
            serde_json::to_string(&h.lexicons).unwrap_or_default()
        ));
    }
    let weight = h.options.get("quote_weight").and_then(Value::as_f64);
    if weight != Some(scores.quote_weight().get()) {
        return Err(format!(
            "it was mapped with --quote-weight {}; give the same here",
            weight.map_or("(none)".to_string(), |w| w.to_string())
        ));
    }
    let negation = h.options.get("negation").and_then(Value::as_str);
    if negation != Some(scores.negation().as_str()) {
        return Err(format!(
            "it was mapped with --negation {}; give the same here",
            negation.unwrap_or("(none)")
        ));
    }
    Ok(())
}

/// Refuses a merged partial that covers fewer records than the repeated
/// text its shards were mapped with (`repeats_records`): a shard's partial
/// left out, or a file of partials cut after one's closing line.
fn every_shard(h: &Header, path: &std::path::Path) -> Result<(), Error> {
    let Some(end) = h.options.get("repeats_records").and_then(Value::as_u64) else {
        return Ok(());
    };
    let whole = match end {
        0 => Vec::new(),
        _ => vec![(0, end)],
    };
    match h.records == whole {
        true => Ok(()),
        false => Err(invalid(
            path,
            &format!(
                "it covers {}, but its shards were mapped with repeated text of {} ({}): {}",
                crate::partial::shown_records(&h.records),
                crate::partial::shown_records(&whole),
                crate::partial::COUNTED_FROM_0,
                crate::partial::MISSING_SHARD
            ),
        )),
    }
}

/// The sentences to align the partial keeps; refuses one mapped with
/// --no-compare, which holds no comparison material.
fn max_sentences(h: &Header) -> Result<usize, &'static str> {
    let options = h.options.get("compare");
    match options.and_then(|o| o.get("max_sentences")) {
        Some(Value::Number(n)) => Ok(n.as_u64().unwrap_or(0) as usize),
        _ => Err(
            "it was mapped with --no-compare, so it holds no n-gram counts or sentences to align; give --no-compare here too",
        ),
    }
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
    path: &std::path::Path,
) -> Result<Option<SavedModel>, Error> {
    let invalid = |why: &str| invalid(path, why);
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
fn saved_lss(
    h: &Header,
    given: Option<&std::path::Path>,
    path: &std::path::Path,
) -> Result<Option<SavedLss>, Error> {
    let invalid = |why: &str| invalid(path, why);
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

/// The repeated text the partial lists (`listed`), as the report shows it.
fn repeats_of(header: &Header, listed: CorpusRepeats) -> Repeats {
    let options = header.options.get("repeats").cloned().unwrap_or_default();
    Repeats::listed(
        listed.boilerplate,
        listed.duplicates,
        listed.lines,
        options["mask_boilerplate"].as_bool().unwrap_or(false),
        options["drop_duplicates"].as_bool().unwrap_or(false),
    )
}
