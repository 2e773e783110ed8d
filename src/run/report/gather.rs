//! One read of a merged partial for `slant report`: its rows streamed in
//! canonical order, each handed to what needs it (the aggregate, the
//! model's predictions, LSS scores, the comparison views' material, the
//! streamed tables, the skipped records), so that memory holds what
//! analyze holds and no row longer than it is read. The documents'
//! tallies and texts go to the spills analyze writes in the staging
//! folder. The n-gram counts come before the words they are interned by,
//! so with the comparison views a second pass reads the counts alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::super::map::{MATCHES, SENTENCES, SENTENCE_SCORES, SKIPPED};
use crate::aggregate::Aggregate;
use crate::corpus::{Skipped, SkippedList};
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::lss::applied::ScoredDocs;
use crate::model::seen::Overlap;
use crate::partial::lss::ScoredReader;
use crate::partial::predictions::PredictionReader;
use crate::partial::repeats::{CorpusRepeats, ListedReader};
use crate::partial::shard::AggregateReader;
use crate::partial::stream::{MergedFile, PassError, ReadError};
use crate::partial::words::WordReader;
use crate::partial::{PartialError, Row};
use crate::report::sink::Sink;
use crate::report::{OutputOptions, ReportError, TableList};

/// What a read is to gather besides the aggregate.
pub(super) struct Wanted<'a> {
    /// The lexicons the partial was mapped with.
    pub set: &'a LexiconSet,
    /// The model's predictions.
    pub predictions: bool,
    /// LSS scores, keeping this many candidates per outlet and direction.
    pub lss: Option<usize>,
    /// The comparison views' material, keeping this many sentences to align.
    pub compare: Option<usize>,
    /// How the streamed tables are named and written.
    pub outputs: &'a OutputOptions,
    /// The staging folder: the streamed tables and the spills go there.
    pub staging: &'a Path,
    /// The documents' spill, in the staging folder.
    pub spill: PathBuf,
}

/// What a read gathered.
pub(super) struct Gathered {
    /// The aggregate of the corpus, with its predictions, n-gram counts,
    /// sentences to align and repeated text as wanted.
    pub aggregate: Aggregate,
    /// The repeated text listed (the copy groups on disk).
    pub repeats: CorpusRepeats,
    /// The streamed tables written, with their rows.
    pub streamed: TableList,
    /// Whether `sentence_scores` was among them.
    pub sentence_scores: bool,
    /// The records skipped on reading, in record order.
    pub skipped: SkippedList,
    /// LSS scores, if wanted.
    pub scored: Option<ScoredDocs>,
    /// With predictions, the scored documents the model was trained on
    /// and which documents were, when the partial says of every one.
    pub in_training: Option<(Overlap, Vec<bool>)>,
}

/// Why a read stopped.
pub(super) enum Stop {
    /// The file must be merged first, then read again.
    Unmerged,
    /// An error to report.
    Fail(Error),
    /// The partial does not say what the report needs: why, and where
    /// (the 1-based line of the row, and its record, when known).
    Invalid(String, Place),
}

/// Where in a partial a row that could not be read is.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Place {
    /// The 1-based line of the file given (unknown once it was merged).
    pub line: Option<u64>,
    /// The global record number of the row.
    pub record: Option<u64>,
}

impl From<PartialError> for Stop {
    fn from(e: PartialError) -> Stop {
        Stop::Fail(e.into())
    }
}

impl From<PassError> for Stop {
    fn from(e: PassError) -> Stop {
        match e {
            PassError::Unmerged => Stop::Unmerged,
            PassError::Partial(e) => Stop::Fail(e.into()),
        }
    }
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Stop {
        match e {
            ReadError::Invalid(why) => Stop::Invalid(why, Place::default()),
            ReadError::Io(e) => Stop::Fail(io(e)),
        }
    }
}

impl From<String> for Stop {
    fn from(why: String) -> Stop {
        Stop::Invalid(why, Place::default())
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Fail(io(e))
    }
}

/// Reads `file` for what `want` asks.
pub(super) fn gather(file: &MergedFile, want: &Wanted) -> Result<Gathered, Stop> {
    let mut router = Router {
        aggregate: AggregateReader::new(want.set).spill_to(&want.spill)?,
        predictions: want.predictions.then(PredictionReader::default),
        lss: want.lss.map(ScoredReader::new),
        words: want.compare.map(WordReader::new),
        tables: Tables::default(),
        skipped: SkippedList::default(),
        repeats: ListedReader::new(Some(want.staging))?,
        want,
    };
    let mut pass = file.pass()?;
    while let Some(row) = pass.next_row()? {
        let record = row.record();
        if let Err(stop) = router.push(row) {
            return Err(match stop {
                Stop::Invalid(why, _) => Stop::Invalid(
                    why,
                    Place {
                        line: pass.line(),
                        record,
                    },
                ),
                other => other,
            });
        }
    }
    let Router {
        aggregate,
        predictions,
        lss,
        words,
        tables,
        skipped,
        repeats,
        ..
    } = router;
    let (streamed, sentence_scores) = tables.finish()?;
    let mut counts = words.map(|w| w.finish(aggregate.outlets()));
    if let Some((reader, _)) = &mut counts {
        // The counts are the partial's first section.
        let mut pass = file.pass()?;
        while let Some(row @ Row::Count { .. }) = pass.next_row()? {
            reader.push(row)?;
        }
    }
    let mut aggregate = aggregate.finish()?;
    let predictions = predictions.map(PredictionReader::finish_counted);
    let (predictions, in_training) = predictions.unzip();
    aggregate.predictions = predictions;
    if let Some((reader, pool)) = counts {
        aggregate.words = Some(reader.finish());
        aggregate.sentences = Some(pool);
    }
    Ok(Gathered {
        aggregate,
        repeats: repeats.finish()?,
        streamed,
        sentence_scores,
        skipped,
        scored: lss.map(ScoredReader::finish).transpose()?,
        in_training: in_training.flatten(),
    })
}

/// Hands each row to what reads it.
struct Router<'a> {
    aggregate: AggregateReader,
    predictions: Option<PredictionReader>,
    lss: Option<ScoredReader>,
    words: Option<WordReader>,
    tables: Tables,
    skipped: SkippedList,
    repeats: ListedReader,
    want: &'a Wanted<'a>,
}

impl Router<'_> {
    fn push(&mut self, row: &Row) -> Result<(), Stop> {
        if let Some(outlet) = self.aggregate.push(row)? {
            if let Row::Doc { record, id, .. } = row {
                self.doc(*record, id.as_deref().unwrap_or_default(), &outlet)?;
            }
            return Ok(());
        }
        if let Some(p) = &mut self.predictions {
            p.push(row)?;
        }
        if let Some(l) = &mut self.lss {
            l.push(row)?;
        }
        if let Some(w) = &mut self.words {
            w.push(row)?;
        }
        self.repeats.push(row)?;
        match row {
            Row::First {
                kind, key, value, ..
            } if kind == "columns" => self.tables.open(&key.concat(), value, self.want)?,
            Row::Doc { kind, data, .. } if kind == SKIPPED => {
                let s = Skipped::deserialize(data).map_err(|e| format!("a skipped record: {e}"))?;
                self.skipped.push(&s)?;
            }
            Row::Doc {
                kind,
                data: Value::Array(fields),
                ..
            } => self.tables.write(kind, fields)?,
            _ => {}
        }
        Ok(())
    }

    /// A document's row, read by the aggregate, for the others.
    fn doc(&mut self, record: u64, id: &str, outlet: &Arc<str>) -> Result<(), Stop> {
        if let Some(p) = &mut self.predictions {
            p.doc(record, outlet);
        }
        if let Some(l) = &mut self.lss {
            l.doc(record, id, outlet)?;
        }
        Ok(())
    }
}

/// A streamed table being written: its name, writer and data rows.
type Table = (String, csv::Writer<Sink>, u64);

/// The streamed tables, written row by row as their rows come.
#[derive(Default)]
struct Tables {
    matches: Option<Table>,
    sentences: Option<Table>,
    sentence_scores: Option<Table>,
}

impl Tables {
    fn slot(&mut self, stem: &str) -> Option<&mut Option<Table>> {
        match stem {
            MATCHES => Some(&mut self.matches),
            SENTENCES => Some(&mut self.sentences),
            SENTENCE_SCORES => Some(&mut self.sentence_scores),
            _ => None,
        }
    }

    /// Starts table `stem`, whose columns the partial lists (the first
    /// listing of them, which merge keeps).
    fn open(&mut self, stem: &str, columns: &Option<Value>, want: &Wanted) -> std::io::Result<()> {
        let Some(Value::Array(columns)) = columns else {
            return Ok(());
        };
        let Some(slot) = self.slot(stem).filter(|s| s.is_none()) else {
            return Ok(());
        };
        let name = want.outputs.table_name(stem);
        let path = want.staging.join(&name);
        let mut csv = csv::Writer::from_writer(Sink::create(&path, want.outputs.gzip)?);
        csv.write_record(columns.iter().map(|c| c.as_str().unwrap_or_default()))?;
        *slot = Some((name, csv, 0));
        Ok(())
    }

    /// Writes a row of table `stem`, if it was started.
    fn write(&mut self, stem: &str, fields: &[Value]) -> std::io::Result<()> {
        if let Some(Some((_, csv, n))) = self.slot(stem) {
            csv.write_record(fields.iter().map(|f| f.as_str().unwrap_or_default()))?;
            *n += 1;
        }
        Ok(())
    }

    /// The tables written, with their data rows, and whether
    /// `sentence_scores` is among them.
    fn finish(self) -> std::io::Result<(TableList, bool)> {
        let mut list = TableList::new();
        let scores = self.sentence_scores.is_some();
        for (name, mut csv, n) in [self.matches, self.sentences, self.sentence_scores]
            .into_iter()
            .flatten()
        {
            csv.flush()?;
            csv.into_inner().map_err(|e| e.into_error())?.finish()?;
            list.insert(name, n);
        }
        Ok((list, scores))
    }
}

/// The report's refusal of the partial at `path`, for `why`.
pub(super) fn invalid(path: &Path, why: &str) -> Error {
    invalid_at(path, Place::default(), why)
}

/// [`invalid`], naming the line (`path:line`) and record of `at` where
/// they are known.
pub(super) fn invalid_at(path: &Path, at: Place, why: &str) -> Error {
    let line = at.line.map_or(String::new(), |l| format!(":{l}"));
    let record = at.record.map_or(String::new(), |r| {
        format!(" (record {r}; {})", crate::partial::COUNTED_FROM_0)
    });
    Error::Invalid(format!(
        "{}{line}: cannot report this partial: {why}{record}",
        path.display()
    ))
}

pub(super) fn io(e: std::io::Error) -> Error {
    Error::Report(ReportError::Io(e))
}
