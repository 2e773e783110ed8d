//! A partial's rows parsed ahead of their reader: a thread reads the lines
//! (gzip and line splitting) in chunks, the pool parses each chunk's rows
//! side by side, and the reader takes them in file order, so a long
//! partial read before anything else can start (a repeats file) keeps
//! every core busy. The rows, and the first error with its line, are
//! those [`Source::next_row`] gives one at a time.
//!
//! The chunks are handed to the pool by the reader's side, so they are
//! parsed on the pool the caller runs in (one it installed, or the global
//! pool), not on the global pool whatever the caller installed.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;

use rayon::prelude::*;

use super::file::PartialError;
use super::merge::{parse_row, Source};
use super::rows::Row;

/// Lines read and parsed at a time.
pub(super) const CHUNK: usize = 512;

/// Chunks read or parsed ahead of the reader.
const AHEAD: usize = 4;

/// A chunk's rows (with their 1-based lines) in file order, then the error
/// that stopped the reading, if one did.
type Chunk = Vec<Result<(u64, Row), PartialError>>;

/// A chunk's lines (each with its 1-based line) in file order, then the
/// error that stopped the reading, if one did.
type Lines = (Vec<(u64, String)>, Option<PartialError>);

/// The rows of a [`Source`], parsed ahead.
pub(super) struct Ahead {
    /// Chunks of lines read, not yet handed to the pool.
    read: Receiver<Lines>,
    /// Whether every chunk of lines was taken from `read`.
    all_read: bool,
    /// The chunks being parsed on the pool, in file order.
    parsing: VecDeque<Receiver<Chunk>>,
    shown: Arc<PathBuf>,
    pending: std::vec::IntoIter<Result<(u64, Row), PartialError>>,
    reading: JoinHandle<Source>,
    /// The line of the row last handed out.
    pub(super) at: u64,
    /// The names of the threads that parsed chunks.
    #[cfg(test)]
    pub(super) parsed_on: Arc<std::sync::Mutex<Vec<Option<String>>>>,
}

impl Ahead {
    /// Starts reading `source` on a thread of its own, `chunk` lines at a
    /// time.
    pub(super) fn start(source: Source, chunk: usize) -> Ahead {
        let at = source.at;
        let shown = Arc::new(source.shown.clone());
        let (tx, rx) = sync_channel(AHEAD);
        let reading = std::thread::spawn(move || produce(source, chunk.max(1), tx));
        Ahead {
            read: rx,
            all_read: false,
            parsing: VecDeque::new(),
            shown,
            pending: Vec::new().into_iter(),
            reading,
            at,
            #[cfg(test)]
            parsed_on: Arc::default(),
        }
    }

    /// The next row, as [`Source::next_row`] gives it; `None` at the end of
    /// the rows, where [`finish`](Ahead::finish) hands the source back.
    pub(super) fn next_row(&mut self) -> Result<Option<Row>, PartialError> {
        loop {
            if let Some(next) = self.pending.next() {
                let (at, row) = next?;
                self.at = at;
                return Ok(Some(row));
            }
            self.hand_out();
            match self.parsing.pop_front() {
                Some(parsed) => self.pending = wait(&parsed).into_iter(),
                None => return Ok(None),
            }
        }
    }

    /// Hands the chunks read to the pool of the calling thread, up to
    /// [`AHEAD`] being parsed; waits for a chunk to be read when none is
    /// being parsed.
    fn hand_out(&mut self) {
        while self.parsing.len() < AHEAD && !self.all_read {
            let read = match self.parsing.is_empty() {
                true => self.read.recv().ok(),
                false => match self.read.try_recv() {
                    Ok(lines) => Some(lines),
                    Err(TryRecvError::Empty) => return,
                    Err(TryRecvError::Disconnected) => None,
                },
            };
            let Some((lines, failed)) = read else {
                self.all_read = true;
                return;
            };
            let (tx, rx) = sync_channel(1);
            let shown = Arc::clone(&self.shown);
            #[cfg(test)]
            let parsed_on = Arc::clone(&self.parsed_on);
            rayon::spawn(move || {
                #[cfg(test)]
                if let Ok(mut on) = parsed_on.lock() {
                    on.push(std::thread::current().name().map(String::from));
                }
                let mut rows: Chunk = lines
                    .par_iter()
                    .map(|(at, line)| parse_row(&shown, *at, line).map(|row| (*at, row)))
                    .collect();
                rows.extend(failed.map(Err));
                // the reader may be gone
                let _ = tx.send(rows);
            });
            self.parsing.push_back(rx);
        }
    }

    /// The source, read to the end of its rows (the line that ended them
    /// in its `line`), once every row was handed out.
    pub(super) fn finish(self) -> Source {
        match self.reading.join() {
            Ok(source) => source,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// A chunk parsed on the pool. A thread of the pool waiting for it runs
/// the pool's work meanwhile (with one thread, its parse), and blocks only
/// when the pool has nothing left to run.
fn wait(parsed: &Receiver<Chunk>) -> Chunk {
    loop {
        match parsed.try_recv() {
            Ok(rows) => return rows,
            // not reached: a job spawned on a pool that panics aborts
            // the process
            Err(TryRecvError::Disconnected) => return Chunk::new(),
            Err(TryRecvError::Empty) => {}
        }
        if rayon::yield_now() != Some(rayon::Yield::Executed) {
            return parsed.recv().unwrap_or_default();
        }
    }
}

/// Reads `source`'s lines a chunk at a time and sends them, until the rows
/// end, a line cannot be read, or the reader is gone; gives the source
/// back.
fn produce(mut source: Source, chunk: usize, tx: SyncSender<Lines>) -> Source {
    loop {
        let mut lines = Vec::with_capacity(chunk);
        let mut failed = None;
        while lines.len() < chunk {
            match source.next_line() {
                Ok(true) => lines.push((source.at, std::mem::take(&mut source.line))),
                Ok(false) => break,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let last = failed.is_some() || source.done;
        if tx.send((lines, failed)).is_err() || last {
            return source;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::Path;

    use proptest::prelude::*;

    use crate::partial::stream::{rows, MergedFile, PassError};
    use crate::partial::tests::{header, row};
    use crate::partial::Partial;

    /// What a reading of the file at `path` gave: each row with its line,
    /// then how it ended (the end, or the error as shown).
    fn read(path: &Path, chunk: Option<usize>) -> (Vec<(super::Row, u64)>, String) {
        let mut stream = match rows(path) {
            Ok((_, s)) => s,
            Err(e) => return (Vec::new(), e.to_string()),
        };
        if let Some(c) = chunk {
            stream = stream.ahead_by(c);
        }
        let mut got = Vec::new();
        loop {
            match stream.next_row() {
                Ok(Some(r)) => got.push((r, stream.line())),
                Ok(None) => return (got, format!("end {}", stream.more_partials())),
                Err(e) => return (got, e.to_string()),
            }
        }
    }

    /// `text`, gzip-compressed when `gzip`, then cut to `keep` of its bytes
    /// when given.
    fn file(dir: &Path, text: &[u8], gzip: bool, keep: Option<prop::sample::Index>) -> Vec<u8> {
        let mut bytes = text.to_vec();
        if gzip {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(text).unwrap();
            bytes = gz.finish().unwrap();
        }
        if let Some(k) = keep {
            bytes.truncate(k.index(bytes.len() + 1));
        }
        std::fs::write(dir.join("p.jsonl"), &bytes).unwrap();
        bytes
    }

    proptest! {
        #![proptest_config(crate::fuzz::config(64, "tests/fixtures/proptest/partial_ahead.txt"))]

        /// Rows parsed ahead on a pool of two or three threads, in any chunk
        /// size, are the rows, lines and first error (or end) read one at a
        /// time, from files whole, cut, joined with another partial and
        /// edited with the bytes that break parsers.
        #[test]
        fn rows_parsed_ahead_are_the_rows_read_one_at_a_time(
            rows_ in prop::collection::vec(row(0, 6), 0..40),
            edits in prop::option::of(crate::fuzz::edits()),
            joined in any::<bool>(),
            gzip in any::<bool>(),
            keep in prop::option::of(any::<prop::sample::Index>()),
            chunk in 1usize..9,
            threads in 2usize..4,
        ) {
            let p = Partial::new(header(0, 6), rows_).unwrap();
            let mut text = Vec::new();
            p.write_lines(&mut text).unwrap();
            if joined {
                p.write_lines(&mut text).unwrap();
            }
            if let Some(e) = &edits {
                text = crate::fuzz::apply(&text, e);
            }
            let dir = tempfile::tempdir().unwrap();
            file(dir.path(), &text, gzip, keep);
            let path = dir.path().join("p.jsonl");
            let one = read(&path, None);
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let ahead = pool.install(|| read(&path, Some(chunk)));
            prop_assert_eq!(&ahead, &one);
            let by_default = pool.install(|| read(&path, Some(super::CHUNK)));
            prop_assert_eq!(by_default, one);
        }
    }

    /// A pass parsed ahead reads a partial longer than a chunk as a pass
    /// one row at a time does, and wants a file of two partials merged.
    #[test]
    fn a_pass_ahead_reads_what_a_pass_reads() {
        let rows_: Vec<_> = (0..3 * super::CHUNK as u64 + 7)
            .map(|i| crate::partial::Row::Count {
                kind: "form".into(),
                key: vec![format!("{i:08}")],
                n: i + 1,
            })
            .collect();
        let p = Partial::new(header(0, 1), rows_).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut text = Vec::new();
        p.write_lines(&mut text).unwrap();
        for (joined, gzip) in [(false, false), (false, true), (true, true)] {
            if joined {
                p.write_lines(&mut text).unwrap();
            }
            file(dir.path(), &text, gzip, None);
            let f = MergedFile::open(&dir.path().join("p.jsonl")).unwrap();
            let all = |ahead: bool| {
                let mut pass = match ahead {
                    true => f.pass_ahead().unwrap(),
                    false => f.pass().unwrap(),
                };
                let mut got = Vec::new();
                loop {
                    match pass.next_row() {
                        Ok(Some(r)) => got.push((r.clone(), pass.line())),
                        Ok(None) => return Ok(got),
                        Err(PassError::Unmerged) => return Err(got.len()),
                        Err(PassError::Partial(e)) => panic!("{e}"),
                    }
                }
            };
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            let ahead = pool.install(|| all(true));
            assert_eq!(ahead, all(false));
            assert_eq!(ahead.is_err(), joined);
        }
    }

    /// Chunks are parsed on the pool the reader runs in, not the global
    /// pool: in a pool of two named threads every chunk is parsed on one
    /// of them, and the rows are the rows read one at a time.
    #[test]
    fn chunks_are_parsed_on_the_callers_pool() {
        let rows_: Vec<_> = (0..5 * 7 + 3)
            .map(|i| crate::partial::Row::Count {
                kind: "form".into(),
                key: vec![format!("{i:08}")],
                n: i + 1,
            })
            .collect();
        let p = Partial::new(header(0, 1), rows_.clone()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut text = Vec::new();
        p.write_lines(&mut text).unwrap();
        file(dir.path(), &text, false, None);
        let path = dir.path().join("p.jsonl");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .thread_name(|i| format!("callers-{i}"))
            .build()
            .unwrap();
        let (got, on) = pool.install(|| {
            let source = super::Source::open(&path, &path, 1, 0).unwrap();
            let mut ahead = super::Ahead::start(source, 7);
            let mut got = Vec::new();
            while let Some(row) = ahead.next_row().unwrap() {
                got.push(row);
            }
            let on = ahead.parsed_on.lock().unwrap().clone();
            ahead.finish();
            (got, on)
        });
        assert_eq!(got, rows_);
        assert_eq!(on.len(), 6);
        for name in on {
            assert!(name.is_some_and(|n| n.starts_with("callers-")));
        }
    }
}
