//! Reading a merged partial as a stream, for `slant report`: its rows one
//! at a time, in canonical order, so that the report's memory does not
//! grow with the rows (the per-document rows above all). A file that does
//! not hold one partial in canonical order (partials one after another, as
//! `cat` joins them, or rows Hadoop Streaming sorted as text) is merged
//! first, as `slant merge` merges it, into a temporary file.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use super::ahead::Ahead;
use super::error::read_error;
use super::file::{io_at, PartialError};
use super::header::Header;
use super::merge::{self, is_header, open_lines, read_line, Input, Output, Source};
use super::rows::{order, Row};
use super::trailer::{cut, is_trailer, Ends};

/// Why a consumer of a partial's rows refused one.
#[derive(Debug)]
pub enum ReadError {
    /// A row that does not say what the report needs.
    Invalid(String),
    /// Writing what was read (a spill, a table).
    Io(std::io::Error),
}

impl From<String> for ReadError {
    fn from(why: String) -> ReadError {
        ReadError::Invalid(why)
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// The header of the partial that starts the file at `path`, and a reader
/// of its rows, one at a time.
pub fn rows(path: &Path) -> Result<(Header, RowStream), PartialError> {
    rows_shown(path, path)
}

/// The header and rows of the partial that starts the file at `path`, the
/// rows read one at a time, so a merged partial of any size is read in
/// bounded memory.
pub fn iter(
    path: &Path,
) -> Result<(Header, impl Iterator<Item = Result<Row, PartialError>>), PartialError> {
    let (header, mut rows) = rows(path)?;
    Ok((
        header,
        std::iter::from_fn(move || rows.next_row().transpose()),
    ))
}

/// [`rows`] of the file at `path`, named `shown` in errors.
fn rows_shown(path: &Path, shown: &Path) -> Result<(Header, RowStream), PartialError> {
    let mut lines = open_lines(path, shown)?;
    let mut line = String::new();
    read_line(&mut lines, &mut line).map_err(|e| read_error(shown, Some(0), e))?;
    let header = Header::parse(&line).map_err(|why| PartialError::Header {
        path: shown.to_path_buf(),
        why,
    })?;
    let source = Source {
        lines,
        shown: shown.to_path_buf(),
        at: 1,
        line,
        done: false,
        segment: 0,
    };
    Ok((
        header,
        RowStream {
            source,
            ahead: None,
            rows: 0,
            end: End::Open,
        },
    ))
}

/// The rows of the partial that starts a file ([`rows`]), read one at a
/// time by the parser a merge reads each input with. Its end is checked
/// against the partial's closing line ([`Trailer`](super::Trailer)), so a
/// file cut short is refused, not read as fewer rows.
pub struct RowStream {
    source: Source,
    /// The source's rows parsed ahead, the source on its thread till
    /// they end (see [`RowStream::ahead`]).
    ahead: Option<Ahead>,
    /// Rows read so far.
    rows: u64,
    end: End,
}

/// How far a [`RowStream`] has read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Rows are left.
    Open,
    /// The partial closed, and the file with it.
    Closed,
    /// Another partial's header came: the file holds partials one after
    /// another, as `cat` joins them, or lines sorted as text.
    MorePartials,
}

impl RowStream {
    /// The next row; `None` at the end of the partial (its closing line at
    /// the end of the file, or the header of another partial). Refuses a
    /// file that ends without the closing line, whose closing line counts
    /// other rows, or that goes on after it with anything but a partial.
    pub fn next_row(&mut self) -> Result<Option<Row>, PartialError> {
        if self.end != End::Open {
            return Ok(None);
        }
        let row = match &mut self.ahead {
            Some(ahead) => ahead.next_row()?,
            None => self.source.next_row()?,
        };
        if let Some(row) = row {
            self.rows += 1;
            return Ok(Some(row));
        }
        if let Some(ahead) = self.ahead.take() {
            self.source = ahead.finish();
        }
        self.end = self.close()?;
        Ok(None)
    }

    /// The same rows, and the same first error, read on a thread of their
    /// own and parsed on the pool a chunk at a time ahead of the reader
    /// (`partial::ahead`), when the pool has more than one thread.
    pub fn ahead(self) -> RowStream {
        self.ahead_by(super::ahead::CHUNK)
    }

    /// [`ahead`](RowStream::ahead), `chunk` lines at a time.
    pub(super) fn ahead_by(mut self, chunk: usize) -> RowStream {
        if self.ahead.is_none() && self.end == End::Open && rayon::current_num_threads() > 1 {
            let empty = Source::empty(&self.source.shown);
            let source = std::mem::replace(&mut self.source, empty);
            self.ahead = Some(Ahead::start(source, chunk));
        }
        self
    }

    /// The 1-based line of the row last read.
    pub(super) fn line(&self) -> u64 {
        match &self.ahead {
            Some(ahead) => ahead.at,
            None => self.source.at,
        }
    }

    /// Where the rows ended, checked.
    fn close(&mut self) -> Result<End, PartialError> {
        let s = &mut self.source;
        if is_header(&s.line) {
            return Ok(End::MorePartials);
        }
        let mut ends = Ends::one(self.rows);
        if is_trailer(&s.line) {
            ends.trailer(&s.line, &s.shown, s.at)?;
            let more = read_line(&mut s.lines, &mut s.line)
                .map_err(|e| read_error(&s.shown, Some(s.at), e))?;
            s.at += 1;
            if more && is_header(&s.line) {
                return Ok(End::MorePartials);
            }
            if more {
                return Err(cut(
                    &s.shown,
                    Some(s.at),
                    "a line after the partial's closing line that starts no partial".into(),
                ));
            }
        }
        ends.check(&s.shown)?;
        Ok(End::Closed)
    }

    /// Whether the rows ended at another partial's header: the file holds
    /// partials one after another, as `cat` joins them.
    pub fn more_partials(&self) -> bool {
        self.end == End::MorePartials
    }
}

/// A merged partial read as a stream: its header, and its rows in
/// canonical order, as often as they are wanted.
#[derive(Debug)]
pub struct MergedFile {
    /// The file given, named in errors.
    shown: PathBuf,
    /// The file read: the one given, or its merge.
    read: PathBuf,
    header: Header,
    /// The folder of the merge, when there is one.
    merged: Option<crate::output::Scratch>,
}

/// Why a pass over a [`MergedFile`]'s rows stopped.
#[derive(Debug)]
pub enum PassError {
    /// The file is not one partial in canonical order: merge it
    /// ([`MergedFile::merge_first`]) and read it again.
    Unmerged,
    /// The file could not be read.
    Partial(PartialError),
}

impl From<PartialError> for PassError {
    fn from(e: PartialError) -> PassError {
        PassError::Partial(e)
    }
}

impl MergedFile {
    /// The partial at `path`; reads its header.
    pub fn open(path: &Path) -> Result<MergedFile, PartialError> {
        let (header, _) = rows(path)?;
        Ok(MergedFile {
            shown: path.to_path_buf(),
            read: path.to_path_buf(),
            header,
            merged: None,
        })
    }

    /// Its header (of the first partial it holds until it is merged).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// A pass over its rows in canonical order.
    pub fn pass(&self) -> Result<Pass, PartialError> {
        let (_, rows) = rows_shown(&self.read, &self.shown)?;
        Ok(Pass {
            rows,
            last: None,
            merged: self.merged.is_some(),
        })
    }

    /// [`pass`](MergedFile::pass) with the rows parsed ahead on the pool
    /// ([`RowStream::ahead`]): the same rows and errors.
    pub fn pass_ahead(&self) -> Result<Pass, PartialError> {
        let pass = self.pass()?;
        Ok(Pass {
            rows: pass.rows.ahead(),
            ..pass
        })
    }

    /// Merges the partials of the file into a temporary one, as `slant
    /// merge` does, and reads that from now on.
    pub fn merge_first(&mut self) -> Result<(), PartialError> {
        let dir =
            crate::output::Scratch::new().map_err(|e| io_at(Path::new("a temporary folder"), e))?;
        let out = dir.path().join("merged.gz");
        merge::merge_files(
            &[Input::File(self.shown.clone())],
            &Output::File(out.clone()),
        )?;
        let (header, _) = rows_shown(&out, &self.shown)?;
        self.header = header;
        self.read = out;
        self.merged = Some(dir);
        Ok(())
    }
}

/// One pass over a [`MergedFile`]'s rows.
pub struct Pass {
    rows: RowStream,
    /// The row last read, which the next may not sort before.
    last: Option<Row>,
    /// Whether the rows come from a merge of the file, not the file.
    merged: bool,
}

impl Pass {
    /// The next row; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<&Row>, PassError> {
        let Some(row) = self.rows.next_row()? else {
            return match self.rows.more_partials() {
                true => Err(PassError::Unmerged),
                false => Ok(None),
            };
        };
        if let Some(last) = &self.last {
            if order(last, &row) == Ordering::Greater {
                return Err(PassError::Unmerged);
            }
        }
        Ok(Some(&*self.last.insert(row)))
    }

    /// The 1-based line of the file given where the row last read is;
    /// `None` once the file was merged first, whose lines are not the
    /// file's.
    pub fn line(&self) -> Option<u64> {
        (!self.merged).then_some(self.rows.line())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::partial::{LexiconHash, Partial, Phase};

    /// The partial of record `i`: a form counted `i + 1` times, a document.
    fn part(i: u64) -> Partial {
        let lex = vec![LexiconHash {
            name: "crimea".into(),
            sha256: "ab".into(),
        }];
        let header = Header::new(Phase::Match, lex, BTreeMap::new(), i, i + 1);
        let rows = vec![
            Row::Count {
                kind: "form".into(),
                key: vec!["0".into(), "0".into()],
                n: i + 1,
            },
            Row::Doc {
                record: i,
                kind: "doc".into(),
                seq: 0,
                id: Some(format!("d{i}")),
                data: json!(i),
            },
        ];
        Partial::new(header, rows).unwrap()
    }

    fn lines(parts: &[&Partial], reversed: bool) -> Vec<u8> {
        let mut text = Vec::new();
        for p in parts {
            let mut p = (*p).clone();
            if reversed {
                p.rows.reverse();
            }
            p.write_lines(&mut text).unwrap();
        }
        text
    }

    fn read(file: &MergedFile) -> Result<Vec<Row>, PassError> {
        let mut pass = file.pass()?;
        let mut rows = Vec::new();
        while let Some(row) = pass.next_row()? {
            rows.push(row.clone());
        }
        Ok(rows)
    }

    #[test]
    fn a_pass_reads_one_sorted_partial_and_wants_anything_else_merged() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (part(0), part(1));
        let merged = a.clone().merge(b.clone(), "a", "b").unwrap();
        let one = dir.path().join("one.jsonl");
        std::fs::write(&one, lines(&[&merged], false)).unwrap();
        let file = MergedFile::open(&one).unwrap();
        assert_eq!(read(&file).unwrap(), merged.rows);
        assert_eq!(file.header(), &merged.header);
        // cat-joined, then rows out of order: merged first
        for (name, text) in [
            ("joined.jsonl", lines(&[&a, &b], false)),
            ("reversed.jsonl", lines(&[&merged], true)),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let mut file = MergedFile::open(&path).unwrap();
            assert!(matches!(read(&file), Err(PassError::Unmerged)), "{name}");
            file.merge_first().unwrap();
            assert_eq!(read(&file).unwrap(), merged.rows, "{name}");
            assert_eq!(file.header(), &merged.header, "{name}");
        }
    }
}
