//! `slant map`: one shard of a corpus in, a partial result out (see
//! [`crate::partial`]). The shard goes through the same matching pass and
//! [`Aggregator`] as analyze; the aggregate and the streamed tables'
//! rows are then written as partial rows, each document under its global
//! record number.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::pass;
use crate::aggregate::Aggregator;
use crate::corpus::{ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::{self, LexiconSet, LexiconSource};
use crate::matching::Matcher;
use crate::params::ParamGuard;
use crate::partial::{shard, Header, LexiconHash, Partial, Phase, Row};
use crate::repeats::RepeatOptions;
use crate::report::matches::MatchWriter;
use crate::report::sentences::{self, SentenceTextWriter};
use crate::report::{ReportError, SentenceText};
use crate::scores::{ScoreParams, ScoreValidParams};

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
}

/// The streamed tables a partial carries rows of, by file stem.
pub const MATCHES: &str = "matches";
/// See [`MATCHES`].
pub const SENTENCES: &str = "sentences";

/// The partial of a shard.
pub fn map(config: &MapConfig) -> Result<Partial, Error> {
    let scores = config.scores.check()?;
    let set = lexicon::load(&config.lexicons)?.set;
    let matcher = Matcher::new(&set)?;
    Reader::open(&config.inputs, config.read.clone())?;
    let tmp = tempfile::tempdir().map_err(io)?;
    let matches_path = tmp.path().join("matches.csv");
    let sentences_path = tmp.path().join("sentences.csv");
    let mut matches = MatchWriter::new(&matches_path, false).map_err(io)?;
    let mut texts = sentences::streamed(config.sentences)
        .map(|all| SentenceTextWriter::create(&sentences_path, false, all))
        .transpose()
        .map_err(io)?;
    let aggregator = Aggregator::new(&set, scores.quote_weight(), config.evidence);
    let mut hook = (&mut matches, (&mut texts, aggregator));
    pass(
        &config.inputs,
        config.read.clone(),
        &matcher,
        &mut hook,
        &|_, _| {},
    )?;
    let (_, (_, aggregator)) = hook;
    let agg = aggregator.finish().map_err(io)?;
    matches.finish().map_err(io)?;
    let first = config.first_record;
    let mut rows = shard::rows_of(&agg, first).map_err(io)?;
    let records: BTreeMap<String, u64> = agg
        .texts
        .read()
        .map_err(io)?
        .enumerate()
        .map(|(i, t)| t.map(|t| (t.id, first + i as u64)))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    table_rows(&mut rows, MATCHES, &matches_path, &records)?;
    if let Some(t) = texts {
        t.finish().map_err(io)?;
        table_rows(&mut rows, SENTENCES, &sentences_path, &records)?;
    }
    let end = first + agg.docs.len() as u64;
    let header = Header::new(
        Phase::Match,
        hashes(&set),
        options(config, &scores),
        first,
        end,
    );
    Ok(Partial::new(header, rows)?)
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
    let r = &config.repeats;
    BTreeMap::from([
        ("evidence".to_string(), json!(config.evidence)),
        (
            "quote_weight".to_string(),
            json!(scores.quote_weight().get()),
        ),
        ("sentences".to_string(), json!(config.sentences)),
        ("model".to_string(), Value::Null),
        (
            "repeats".to_string(),
            json!({
                "mask_boilerplate": r.mask_boilerplate,
                "min_docs": r.rule.min_docs,
                "min_share": r.rule.min_share,
                "drop_duplicates": r.duplicates == crate::repeats::DuplicatePolicy::Drop,
                "similarity": r.similarity,
            }),
        ),
    ])
}

/// The rows of the streamed table `name` at `path`: its header once, and
/// each row under its document's record, in order.
fn table_rows(
    rows: &mut Vec<Row>,
    name: &str,
    path: &Path,
    records: &BTreeMap<String, u64>,
) -> Result<(), Error> {
    let mut csv = csv::Reader::from_path(path).map_err(|e| io(std::io::Error::other(e)))?;
    let columns: Vec<String> = csv
        .headers()
        .map_err(|e| io(std::io::Error::other(e)))?
        .iter()
        .map(String::from)
        .collect();
    rows.push(Row::First {
        kind: "columns".into(),
        key: vec![name.to_string()],
        record: 0,
        position: 0,
        value: Some(json!(columns)),
    });
    let mut seq: (u64, u32) = (u64::MAX, 0);
    for rec in csv.records() {
        let rec = rec.map_err(|e| io(std::io::Error::other(e)))?;
        let fields: Vec<&str> = rec.iter().collect();
        // Every streamed table starts with its document's id.
        let record = fields
            .first()
            .and_then(|id| records.get(*id))
            .copied()
            .ok_or_else(|| Error::Invalid(format!("a {name}.csv row of an unknown document")))?;
        seq = if seq.0 == record {
            (record, seq.1 + 1)
        } else {
            (record, 0)
        };
        rows.push(Row::Doc {
            record,
            kind: name.to_string(),
            seq: seq.1,
            id: None,
            data: json!(fields),
        });
    }
    Ok(())
}

fn io(e: std::io::Error) -> Error {
    Error::Report(ReportError::Io(e))
}
