//! `slant merge` over files, as streams: the partials' rows are each in
//! canonical order, so a k-way merge of them, folded as it goes, writes the
//! merged partial holding one row per input at a time, whatever their size.
//! The bytes are those of [`Partial::merge`](super::Partial::merge) in memory.
//!
//! A merge reads its inputs twice. A scan finds every partial in them
//! (a file may hold several, one after another, as `cat` joins them) and
//! merges their headers, which come first in the output. The merge then
//! opens each partial where its rows start. A partial whose rows are out
//! of order (Hadoop Streaming sorts a reducer's lines as text) is found so
//! as it is read; the merge then starts over with that partial sorted
//! first, in runs of [`RUN_ROWS`] rows spilled to a temporary folder.
//! Document ids, which must be unique over the merged partial, are checked
//! the same way: spilled in sorted runs of [`RUN_IDS`], compared once all
//! are written. Nothing is written to the output until the whole merge has
//! succeeded.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, BinaryHeap};
use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use super::error::read_error;
use super::file::{io_at, row_error, write_gzip, PartialError};
use super::header::{Header, HeaderError};
use super::rows::{canonical, order, Fold, Row};
use super::trailer::{is_trailer, Ends, Trailer};
use super::unique::Ids;
use super::warnings::WarningReader;
use crate::corpus::ReadWarnings;

mod source;
pub use source::is_partial_file;
use source::Head;
pub(super) use source::{is_header, open_lines, parse_row, read_line, Source};

/// Rows of an out-of-order partial sorted in memory at once.
pub const RUN_ROWS: usize = 100_000;
/// Document ids held in memory at once before a sorted run is spilled.
pub const RUN_IDS: usize = 1 << 18;

/// Where a merge reads one of its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (kept in a file of an
    /// [`StdinSpool`](crate::output::StdinSpool) first, as it is read twice).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// Where a merge writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Plain JSON Lines to standard output.
    Stdout,
    /// A gzip-compressed file, replaced only once complete.
    File(PathBuf),
}

/// What a merge read and wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Partials merged.
    pub partials: usize,
    /// Rows written after the header.
    pub rows: u64,
    /// The input warnings the merged partial carries: the first of the
    /// corpus, in input order, and how many in all.
    pub input_warnings: ReadWarnings,
}

/// Merges every partial in `inputs` into `output`.
pub fn merge_files(inputs: &[Input], output: &Output) -> Result<Merged, PartialError> {
    merge_in_runs(inputs, output, (RUN_ROWS, RUN_IDS))
}

/// [`merge_files`] with `runs` rows and ids held in memory at once.
pub(crate) fn merge_in_runs(
    inputs: &[Input],
    output: &Output,
    runs: (usize, usize),
) -> Result<Merged, PartialError> {
    let spool =
        crate::output::Scratch::new().map_err(|e| io_at(Path::new("a temporary folder"), e))?;
    // Standard input goes where every run copies it, so that a signal or
    // the next run after a kill removes the copy.
    let stdin_copy = inputs
        .contains(&Input::Stdin)
        .then(crate::output::StdinSpool::new)
        .transpose()
        .map_err(|e| io_at(Path::new("a temporary folder"), e))?;
    let mut files = Vec::new();
    for input in inputs {
        files.push(match input {
            Input::File(path) => (path.display().to_string(), path.clone(), path.clone()),
            Input::Stdin => {
                let dir = stdin_copy.as_ref().map_or(spool.path(), |c| c.path());
                let kept = dir.join(format!("stdin-{}", files.len()));
                let shown = PathBuf::from("standard input");
                let mut to = File::create(&kept).map_err(|e| io_at(&kept, e))?;
                std::io::copy(&mut std::io::stdin().lock(), &mut to)
                    .map_err(|e| io_at(&shown, e))?;
                ("-".to_string(), kept, shown)
            }
        });
    }
    let mut segments = Vec::new();
    for (name, path, shown) in files {
        segments.extend(scan(&name, &path, &shown)?);
    }
    let header = merged_header(&segments)?;
    let top = header.evidence_top();
    let plan = Plan {
        segments: &segments,
        header: &header,
        top,
        spool: spool.path(),
        runs,
    };
    let mut unsorted = BTreeSet::new();
    loop {
        match plan.attempt(&unsorted, output) {
            Ok((rows, input_warnings)) => {
                return Ok(Merged {
                    partials: segments.len(),
                    rows,
                    input_warnings,
                })
            }
            Err(Failed::Disorder(i)) if unsorted.insert(i) => {}
            Err(Failed::Disorder(i)) => {
                let s = &segments[i];
                return Err(row_error(
                    &s.shown,
                    s.start,
                    "rows out of order once sorted",
                ));
            }
            Err(Failed::Error(e)) => return Err(holding(e, &segments)),
        }
    }
}

/// A repeated id's error naming the partials that hold its two records
/// (by the records each header covers).
fn holding(e: PartialError, segments: &[Segment]) -> PartialError {
    let PartialError::RepeatedId {
        id, first, second, ..
    } = e
    else {
        return e;
    };
    let mut names: Vec<String> = Vec::new();
    for record in [first, second] {
        let of = segments.iter().find(|s| {
            s.header
                .records
                .iter()
                .any(|&(a, b)| a <= record && record < b)
        });
        if let Some(name) = of.map(|s| s.shown.display().to_string()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    PartialError::RepeatedId {
        place: match names.is_empty() {
            true => "the merged partials".into(),
            false => names.join(" and "),
        },
        id,
        first,
        second,
    }
}

/// Writes `header` and the rows of the files `runs`, each in canonical
/// order (as [`Plan`] writes sorted runs), merged and folded into
/// `output`; `spool` is a temporary folder. Ties go to the earlier run, so
/// runs of rows cut in the order made give the bytes of
/// [`Partial::new`](super::Partial::new) over all of them.
pub(super) fn write_runs(
    header: &Header,
    runs: &[PathBuf],
    spool: &Path,
    output: &Output,
) -> Result<u64, PartialError> {
    let top = header.evidence_top();
    let plan = Plan {
        segments: &[],
        header,
        top,
        spool,
        runs: (RUN_ROWS, RUN_IDS),
    };
    let mut sources = Vec::with_capacity(runs.len());
    for (i, run) in runs.iter().enumerate() {
        sources.push(Source::open(run, run, 0, i)?);
    }
    plan.output(sources, output)
        .map(|(rows, _)| rows)
        .map_err(|e| disordered(e, runs))
}

/// The rows of `sources`, each in canonical order, merged (ties to the
/// earlier source, as a stable sort of their rows keeps them) and folded
/// keeping `top` evidence rows per group, passed to `emit` one at a time.
fn merge_sources(
    mut sources: Vec<Source>,
    top: Option<usize>,
    mut emit: impl FnMut(Row) -> Result<(), Failed>,
) -> Result<(), Failed> {
    let mut heap = BinaryHeap::new();
    for (i, s) in sources.iter_mut().enumerate() {
        if let Some(row) = s.next_row()? {
            heap.push(Reverse(Head { row, source: i }));
        }
    }
    let mut fold = Fold::new(top);
    while let Some(Reverse(Head { row, source })) = heap.pop() {
        let s = &mut sources[source];
        if let Some(next) = s.next_row()? {
            if order(&row, &next) == Ordering::Greater {
                return Err(Failed::Disorder(s.segment));
            }
            heap.push(Reverse(Head { row: next, source }));
        }
        if let Some(done) = fold.push(row) {
            emit(done)?;
        }
    }
    match fold.finish() {
        Some(done) => emit(done),
        None => Ok(()),
    }
}

/// Merges the sorted runs `runs` (files of rows in canonical order) into
/// one sorted run at `to`, folded with every evidence row kept, as
/// [`write_runs`] would fold them.
pub(super) fn merge_runs(runs: &[PathBuf], to: &Path) -> Result<(), PartialError> {
    let mut sources = Vec::with_capacity(runs.len());
    for (i, run) in runs.iter().enumerate() {
        sources.push(Source::open(run, run, 0, i)?);
    }
    let io = |e| io_at(to, e);
    let mut w = BufWriter::new(File::create(to).map_err(io)?);
    merge_sources(sources, None, |row| {
        serde_json::to_writer(&mut w, &row).map_err(|e| Failed::Error(io(e.into())))?;
        w.write_all(b"\n").map_err(|e| Failed::Error(io(e)))
    })
    .map_err(|e| disordered(e, runs))?;
    w.flush().map_err(io)
}

/// A merge's failure as an error; a spilled run out of order is a fault.
fn disordered(e: Failed, runs: &[PathBuf]) -> PartialError {
    match e {
        Failed::Error(e) => e,
        Failed::Disorder(i) => row_error(&runs[i], 1, "a spilled run out of order"),
    }
}

/// One partial within an input file.
#[derive(Debug)]
struct Segment {
    /// Its name in messages.
    name: String,
    /// The file that holds it.
    path: PathBuf,
    /// The file's name in messages.
    shown: PathBuf,
    header: Header,
    /// The 0-based line of its first row.
    start: u64,
}

/// Every partial in the file at `path`: its header and where its rows start.
fn scan(name: &str, path: &Path, shown: &Path) -> Result<Vec<Segment>, PartialError> {
    let mut lines = open_lines(path, shown)?;
    let mut out = Vec::new();
    let mut line = String::new();
    let mut at = 0u64;
    let mut ends = Ends::default();
    while read_line(&mut lines, &mut line).map_err(|e| read_error(shown, Some(at), e))? {
        at += 1;
        if is_trailer(&line) && at > 1 {
            ends.trailer(&line, shown, at)?;
        } else if at == 1 || is_header(&line) {
            let header = Header::parse(&line).map_err(|why| PartialError::Header {
                path: shown.to_path_buf(),
                why,
            })?;
            ends.header();
            out.push(Segment {
                name: name.to_string(),
                path: path.to_path_buf(),
                shown: shown.to_path_buf(),
                header,
                start: at,
            });
        } else {
            ends.row();
        }
    }
    if out.is_empty() {
        return Err(PartialError::Header {
            path: shown.to_path_buf(),
            why: HeaderError::NotPartial,
        });
    }
    ends.check(shown)?;
    match out.len() {
        1 => Ok(out),
        _ => {
            for (i, s) in out.iter_mut().enumerate() {
                s.name = format!("{name} (partial {})", i + 1);
            }
            Ok(out)
        }
    }
}

/// The headers of `segments` merged, in order, as
/// [`Partial::merge_all`](super::Partial::merge_all) merges them.
fn merged_header(segments: &[Segment]) -> Result<Header, PartialError> {
    let mut name = segments[0].name.clone();
    let mut merged = segments[0].header.clone();
    for s in &segments[1..] {
        merged = merged
            .merge(&s.header)
            .map_err(|why| PartialError::Mismatch {
                left: name.clone(),
                right: s.name.clone(),
                why,
            })?;
        name = format!("{name} + {}", s.name);
    }
    Ok(merged)
}

/// Why an attempt stopped.
enum Failed {
    /// The rows of this segment are out of canonical order.
    Disorder(usize),
    Error(PartialError),
}

impl From<PartialError> for Failed {
    fn from(e: PartialError) -> Failed {
        Failed::Error(e)
    }
}

/// A merge ready to run.
struct Plan<'a> {
    segments: &'a [Segment],
    header: &'a Header,
    top: Option<usize>,
    spool: &'a Path,
    /// Rows and ids held in memory at once.
    runs: (usize, usize),
}

impl Plan<'_> {
    /// Merges, with the segments in `unsorted` sorted in runs first; the
    /// number of rows written, and the input warnings among them.
    fn attempt(
        &self,
        unsorted: &BTreeSet<usize>,
        output: &Output,
    ) -> Result<(u64, ReadWarnings), Failed> {
        let mut sources = Vec::new();
        for (i, s) in self.segments.iter().enumerate() {
            if unsorted.contains(&i) {
                for run in self.sorted_runs(i, s)? {
                    sources.push(Source::open(&run, &run, 0, i)?);
                }
            } else {
                sources.push(Source::open(&s.path, &s.shown, s.start, i)?);
            }
        }
        self.output(sources, output)
    }

    /// The header, then the rows of `sources` merged and folded, to
    /// `output`, written only once all have been merged.
    fn output(&self, sources: Vec<Source>, output: &Output) -> Result<(u64, ReadWarnings), Failed> {
        let mut written = (0, ReadWarnings::default());
        match output {
            Output::File(path) => write_gzip(path, |w| {
                written = self.write(sources, w)?;
                Ok::<(), Failed>(())
            })?,
            Output::Stdout => {
                let io = |e| Failed::Error(io_at(Path::new("standard output"), e));
                let tmp = tempfile::tempfile_in(self.spool).map_err(io)?;
                let mut w = BufWriter::new(tmp);
                written = self.write(sources, &mut w)?;
                let mut tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
                tmp.rewind().map_err(io)?;
                let mut out = std::io::stdout().lock();
                std::io::copy(&mut tmp, &mut out).map_err(io)?;
                out.flush().map_err(io)?;
            }
        }
        Ok(written)
    }

    /// The header, then the rows of `sources` merged and folded, to `w`;
    /// refuses one document id on two records before returning.
    fn write(
        &self,
        sources: Vec<Source>,
        w: &mut impl Write,
    ) -> Result<(u64, ReadWarnings), Failed> {
        let out = |e| Failed::Error(io_at(Path::new("the merged partial"), e));
        serde_json::to_writer(&mut *w, self.header).map_err(|e| out(e.into()))?;
        w.write_all(b"\n").map_err(out)?;
        let mut ids = Ids::new(self.spool, self.runs.1);
        let mut written = 0u64;
        let mut warnings = WarningReader::default();
        merge_sources(sources, self.top, |row| {
            // the row's line in the merged partial, after the header
            let line = written + 2;
            warnings.push(&row).map_err(|why| {
                Failed::Error(row_error(Path::new("the merged partial"), line, &why))
            })?;
            if let Row::Doc {
                record,
                id: Some(id),
                ..
            } = &row
            {
                ids.add(id.clone(), *record)?;
            }
            serde_json::to_writer(&mut *w, &row).map_err(|e| out(e.into()))?;
            w.write_all(b"\n").map_err(out)?;
            written += 1;
            Ok(())
        })?;
        Trailer::new(written).write(w).map_err(out)?;
        ids.check()?;
        Ok((written, warnings.finish()))
    }

    /// The rows of segment `i` in sorted runs, each its own file.
    fn sorted_runs(&self, i: usize, s: &Segment) -> Result<Vec<PathBuf>, PartialError> {
        let mut source = Source::open(&s.path, &s.shown, s.start, i)?;
        let mut runs = Vec::new();
        loop {
            let mut rows = Vec::with_capacity(self.runs.0.min(1 << 12));
            while rows.len() < self.runs.0 {
                match source.next_row()? {
                    Some(row) => rows.push(row),
                    None => break,
                }
            }
            if rows.is_empty() {
                return Ok(runs);
            }
            let full = rows.len() == self.runs.0;
            let path = self.spool.join(format!("run-{i}-{}", runs.len()));
            let io = |e| io_at(&path, e);
            let mut w = BufWriter::new(File::create(&path).map_err(io)?);
            for row in canonical(rows, self.top) {
                serde_json::to_writer(&mut w, &row).map_err(|e| io(e.into()))?;
                w.write_all(b"\n").map_err(io)?;
            }
            w.flush().map_err(io)?;
            runs.push(path);
            if !full {
                return Ok(runs);
            }
        }
    }
}
