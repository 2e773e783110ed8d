//! JSONL files of records: one JSON object per line, plain or gzipped, or
//! standard input (`-`). Lines are read with a size limit, so an endless
//! input stops at the limit rather than filling memory.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;

use rayon::prelude::*;

mod cut;
mod flat;
mod unescape;
mod value;

use cut::{BatchLimit, Cutter};
use value::parse_json_line;
pub(crate) use value::{named_twice, object_fields};

use super::records::{open_bytes, stem, FieldMap};
use super::{read_error, CorpusError, Document, Origin, Source, SourceError};

/// One line of a JSONL input, not yet parsed: where its bytes are in its
/// batch's buffer ([`RawBatch`]).
struct RawLine {
    at: Range<usize>,
    origin: Origin,
}

/// A batch of lines, not yet parsed: their bytes back to back in one
/// buffer, which goes back to the reader to hold a later batch. A batch
/// is then one allocation rather than one per line, made and freed on the
/// reading thread: lines allocated there and freed on a worker went
/// through the allocator's locks of another thread's heap, where the
/// reading thread's own allocations waited for them.
struct RawBatch {
    bytes: Vec<u8>,
    lines: Vec<Result<RawLine, SourceError>>,
}

/// A buffer of lines larger than this after a batch (a batch that ended
/// with a very long line) is not kept for the next.
const KEPT_BUFFER: usize = 2 * BATCH_BYTES;

/// Reads the records of a JSONL input from its lines.
struct JsonlParser {
    map: FieldMap,
    stem: String,
}

impl JsonlParser {
    /// The record of a line read, whose bytes are in `bytes`, or the
    /// input's error.
    fn parse_read(
        &self,
        bytes: &[u8],
        read: Result<RawLine, SourceError>,
    ) -> Result<Document, SourceError> {
        read.and_then(|line| parse_json_line(&bytes[line.at], line.origin, &self.map, &self.stem))
    }
}

/// Lines parsed at a time: with the bytes below, what a JSONL input holds
/// read ahead of its reader.
const BATCH_LINES: usize = 256;
/// Bytes of lines parsed at a time (a batch ends after the line that
/// reaches it).
const BATCH_BYTES: usize = 4 << 20;

/// The records of a JSONL input, in order: its lines are read a batch at
/// a time on this thread and parsed on the worker threads, the next batch
/// while this thread hands out the records of the one before, so that the
/// workers need not wait for it. Nothing is read past an error of the
/// input; the records before it come first.
pub(crate) struct JsonlRecords {
    lines: Cutter,
    parser: Arc<JsonlParser>,
    ready: VecDeque<Result<Document, SourceError>>,
    /// The next batch, being parsed on the worker threads.
    ahead: Option<Receiver<Parsed>>,
    /// No line is left to read.
    ended: bool,
    /// Buffers of lines parsed, for the next batches.
    spare: Vec<Vec<u8>>,
}

/// A batch of records, parsed, and the buffer its lines were in.
type Parsed = (Vec<Result<Document, SourceError>>, Vec<u8>);

impl JsonlRecords {
    /// The next batch of lines: up to [`BATCH_LINES`] or [`BATCH_BYTES`],
    /// ending with an error of the input if one comes.
    fn read_batch(&mut self) -> RawBatch {
        let mut raw = RawBatch {
            bytes: self.spare.pop().unwrap_or_default(),
            lines: Vec::with_capacity(BATCH_LINES),
        };
        if !self.ended {
            let max = BatchLimit {
                lines: BATCH_LINES,
                bytes: BATCH_BYTES,
            };
            self.ended = self.lines.cut(&mut raw.bytes, &mut raw.lines, &max);
        }
        raw
    }

    /// Keeps `bytes`, a batch's buffer of lines, for a later batch.
    fn keep(&mut self, bytes: Vec<u8>) {
        if bytes.capacity() <= KEPT_BUFFER {
            self.spare.push(bytes);
        }
    }

    /// Makes the next batch ready, and starts parsing the one after.
    fn fill(&mut self) {
        let parser = self.parser.clone();
        // One worker thread: parsed here, rather than handed to it and
        // waited for.
        if rayon::current_num_threads() < 2 {
            let raw = self.read_batch();
            let bytes = &raw.bytes;
            self.ready
                .extend(raw.lines.into_iter().map(|r| parser.parse_read(bytes, r)));
            self.keep(raw.bytes);
            return;
        }
        let parsed = match self.ahead.take() {
            Some(rx) => wait(rx),
            None => Some(parse_all(&parser, self.read_batch())),
        };
        let batch = match parsed {
            Some((batch, bytes)) => {
                self.keep(bytes);
                batch
            }
            None => vec![Err(self.stopped())],
        };
        let raw = self.read_batch();
        if !raw.lines.is_empty() {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            rayon::spawn(move || {
                // the receiver is gone only if the reading stopped
                let _ = tx.send(parse_all(&parser, raw));
            });
            self.ahead = Some(rx);
        }
        self.ready.extend(batch);
    }

    /// The error of a batch whose parsing stopped without an answer.
    fn stopped(&self) -> SourceError {
        let e = std::io::Error::other("the parsing of the input stopped");
        SourceError::Fatal(read_error(&self.lines.path, self.lines.line_no, e))
    }
}

/// Every line of `raw` parsed, in order, on the worker threads, and the
/// buffer the lines were in.
fn parse_all(parser: &JsonlParser, raw: RawBatch) -> Parsed {
    let bytes = &raw.bytes;
    let batch = raw
        .lines
        .into_par_iter()
        .map(|r| parser.parse_read(bytes, r))
        .collect();
    (batch, raw.bytes)
}

/// What `rx` brings. A worker thread waiting for it runs other jobs
/// meanwhile, so that the one it waits for cannot wait behind it.
fn wait(rx: Receiver<Parsed>) -> Option<Parsed> {
    loop {
        match rx.try_recv() {
            Ok(batch) => return Some(batch),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    return rx.recv().ok();
                }
            }
        }
    }
}

impl Iterator for JsonlRecords {
    type Item = Result<Document, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// The records of the JSONL input `path` ([`JsonlRecords`]).
pub(crate) fn open_jsonl(
    path: &Path,
    map: FieldMap,
    spool: Option<&Path>,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Source, CorpusError> {
    let (lines, parser) = open_lines(path, map, spool, limit, digests)?;
    Ok(Box::new(JsonlRecords {
        lines,
        parser: Arc::new(parser),
        ready: VecDeque::new(),
        ahead: None,
        ended: false,
        spare: Vec::new(),
    }))
}

/// `path`'s lines, and the parser of its records.
fn open_lines(
    path: &Path,
    map: FieldMap,
    spool: Option<&Path>,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<(Cutter, JsonlParser), CorpusError> {
    let lines = Cutter::new(open_bytes(path, spool, digests)?, limit, path.to_path_buf());
    let parser = JsonlParser {
        map,
        stem: stem(path),
    };
    Ok((lines, parser))
}

#[cfg(test)]
mod tests;
