//! Reading and writing a partial: gzip-compressed JSON Lines, the
//! [`Header`] first, then the rows in canonical order.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

pub use super::error::PartialError;
use super::error::{read_error, Gunzip};
use super::header::{Header, HeaderError};
use super::rows::{canonical, repeated_id, Row};
use super::trailer::{is_trailer, Ends, Trailer};
use crate::output::AtomicFile;

/// A partial result: its header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    /// What made it and which records it covers.
    pub header: Header,
    /// Its rows, in canonical order.
    pub rows: Vec<Row>,
}

impl Partial {
    /// A partial of `rows`, put in canonical form.
    pub fn new(header: Header, rows: Vec<Row>) -> Result<Partial, PartialError> {
        let top = header.evidence_top();
        let rows = canonical(rows, top);
        if let Some((id, first, second)) = repeated_id(&rows) {
            return Err(PartialError::RepeatedId {
                place: "the merged partials".into(),
                id,
                first,
                second,
            });
        }
        Ok(Partial { header, rows })
    }

    /// Reads the partial at `path`.
    pub fn read(path: &Path) -> Result<Partial, PartialError> {
        let file = File::open(path).map_err(|why| PartialError::Io {
            path: path.to_path_buf(),
            why,
        })?;
        let mut all = Partial::read_all(file, path)?;
        match all.len() {
            1 => Ok(all.remove(0)),
            n => Err(PartialError::Row {
                path: path.to_path_buf(),
                line: 1,
                message: format!("{n} partials in one file; `slant merge` reads them all"),
            }),
        }
    }

    /// Reads every partial in the file at `path` and merges them.
    pub fn read_merged(path: &Path) -> Result<Partial, PartialError> {
        let file = File::open(path).map_err(|e| io_at(path, e))?;
        let name = path.display().to_string();
        let parts = Partial::read_all(file, path)?;
        let named = parts.into_iter().map(|p| (name.clone(), p)).collect();
        // read_all refuses a file without a partial, so there is one.
        Partial::merge_all(named)?.ok_or_else(|| PartialError::Header {
            path: path.to_path_buf(),
            why: HeaderError::NotPartial,
        })
    }

    /// Reads every partial in `input`, named `path` in errors: gzip
    /// members or plain text, one after another, each starting at its
    /// header line (as `cat` or a pipe joins them).
    pub fn read_all(input: impl std::io::Read, path: &Path) -> Result<Vec<Partial>, PartialError> {
        let mut input = BufReader::new(input);
        let gzip = input
            .fill_buf()
            .map_err(|e| io_at(path, e))?
            .starts_with(&[0x1f, 0x8b]);
        let lines: Box<dyn Iterator<Item = std::io::Result<String>>> = match gzip {
            true => Box::new(BufReader::new(Gunzip::new(input)).lines()),
            false => Box::new(input.lines()),
        };
        let mut out: Vec<Partial> = Vec::new();
        let mut ends = Ends::default();
        for (i, line) in lines.enumerate() {
            let line = line.map_err(|e| read_error(path, Some(i as u64), e))?;
            let at = i as u64 + 1;
            if i == 0 || line.starts_with("{\"format\"") {
                let header = Header::parse(&line).map_err(|source| PartialError::Header {
                    path: path.to_path_buf(),
                    why: source,
                })?;
                ends.header();
                out.push(Partial {
                    header,
                    rows: Vec::new(),
                });
                continue;
            }
            if is_trailer(&line) {
                ends.trailer(&line, path, at)?;
                continue;
            }
            ends.row();
            let row = crate::partial::rows::parse(&line).map_err(|e| PartialError::Row {
                path: path.to_path_buf(),
                line: at,
                message: e.to_string(),
            })?;
            if let Some(p) = out.last_mut() {
                p.rows.push(row);
            }
        }
        if out.is_empty() {
            return Err(PartialError::Header {
                path: path.to_path_buf(),
                why: HeaderError::NotPartial,
            });
        }
        ends.check(path)?;
        Ok(out)
    }

    /// Writes the partial to `path`, replacing it only once complete.
    pub fn write(&self, path: &Path) -> Result<(), PartialError> {
        write_gzip(path, |gz| self.write_lines(gz).map_err(|e| io_at(path, e)))
    }

    /// Writes the partial as plain JSON Lines to `w`.
    pub fn write_lines(&self, w: &mut impl Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *w, &self.header)?;
        w.write_all(b"\n")?;
        for row in &self.rows {
            serde_json::to_writer(&mut *w, row)?;
            w.write_all(b"\n")?;
        }
        Trailer::new(self.rows.len() as u64).write(w)
    }

    /// Every partial of `parts` (each named for errors) merged into one;
    /// `None` when there are none.
    pub fn merge_all(parts: Vec<(String, Partial)>) -> Result<Option<Partial>, PartialError> {
        let mut parts = parts.into_iter();
        let Some((mut name, mut merged)) = parts.next() else {
            return Ok(None);
        };
        for (other, p) in parts {
            merged = merged.merge(p, &name, &other)?;
            name = format!("{name} + {other}");
        }
        Ok(Some(merged))
    }

    /// `self` and `other` merged; `left` and `right` name them in an error.
    pub fn merge(self, other: Partial, left: &str, right: &str) -> Result<Partial, PartialError> {
        let header = self
            .header
            .merge(&other.header)
            .map_err(|source| PartialError::Mismatch {
                left: left.to_string(),
                right: right.to_string(),
                why: source,
            })?;
        let mut rows = self.rows;
        rows.extend(other.rows);
        Partial::new(header, rows).map_err(|e| match e {
            PartialError::RepeatedId {
                id, first, second, ..
            } => PartialError::RepeatedId {
                place: format!("{left} + {right}"),
                id,
                first,
                second,
            },
            e => e,
        })
    }
}

/// Writes a gzip-compressed file at `path` with what `body` writes,
/// replacing it only once `body` and the compression have succeeded. The
/// bytes go to an [`AtomicFile`] beside the target: listed for the signal
/// handler (SIGINT, SIGTERM remove it), removed by the next write into the
/// folder after a kill, written through a symbolic link, and given the
/// replaced file's permissions.
pub(super) fn write_gzip<E: From<PartialError>>(
    path: &Path,
    body: impl FnOnce(&mut GzEncoder<BufWriter<File>>) -> Result<(), E>,
) -> Result<(), E> {
    let io = |why| PartialError::Io {
        path: path.to_path_buf(),
        why,
    };
    let target = AtomicFile::create(path).map_err(PartialError::from)?;
    let file = target.writer().map_err(PartialError::from)?;
    // Compression level and an unset gzip header time keep the bytes a
    // function of the content alone.
    let mut gz = GzEncoder::new(BufWriter::new(file), Compression::default());
    body(&mut gz)?;
    let file = gz
        .finish()
        .map_err(io)?
        .into_inner()
        .map_err(|e| io(e.into_error()))?;
    drop(file);
    target.commit().map_err(PartialError::from)?;
    Ok(())
}

pub(super) fn io_at(path: &Path, source: std::io::Error) -> PartialError {
    read_error(path, None, source)
}

/// A row of `path` at 1-based `line` that could not be read.
pub(super) fn row_error(path: &Path, line: u64, message: &str) -> PartialError {
    PartialError::Row {
        path: path.to_path_buf(),
        line,
        message: message.to_string(),
    }
}
