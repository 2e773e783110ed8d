//! CSV/TSV files of records, one article each, with a header row; plain or
//! gzipped. Field names default to `id`, `outlet`, `date`, `title`, `url`,
//! `text`, and can be mapped ([`FieldMap`]); any other column is kept as
//! metadata. JSONL records are read in [`super::jsonl`].

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::decode::{line_at, Counted, LineIndex, RecordTooLarge};
// JSONL reads these from here as well.
pub(super) use super::fields::{FieldMap, Fields};
pub(super) use super::open::{open_bytes, stem};
use super::quotes::{self, QuoteScan, RowShape};
use super::row_warnings::{row_in_field, IdShapes};
use super::seen_outlets::SeenOutlets;
use super::{
    read_error, CorpusError, Document, Origin, ProblemKind, ReadWarning, RecordProblem, Source,
    SourceError,
};

pub(crate) fn open_csv(
    path: &Path,
    delimiter: u8,
    map: FieldMap,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Source, CorpusError> {
    let label: Arc<str> = Arc::from(path.display().to_string());
    let stem = stem(path);
    let counted = open_counted(path, delimiter, limit, digests)?;
    let index = counted.index.clone();
    let quotes = counted.quotes.clone();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(counted);
    let headers = csv_headers(&mut rdr, &label, &map, limit)?;
    let shape = RowShape {
        width: headers.len(),
        id: headers.iter().position(|h| *h == map.id),
        outlet: headers.iter().position(|h| *h == map.outlet),
    };
    let mut outlets = SeenOutlets::default();
    let mut ids = IdShapes::default();
    // A document read after its warning, which comes first.
    let mut pending = None;
    let mut records = rdr.into_byte_records();
    // One record ahead: whether the file ends inside a quote is known only
    // once the next record is read, and it is the last record that
    // swallowed the rest. A record past the size limit ends the reading
    // inside its field, closed later or not: that is said as it is.
    let mut next = records.next();
    Ok(Box::new(std::iter::from_fn(move || {
        if let Some(doc) = pending.take() {
            return Some(doc);
        }
        let rec = next.take()?;
        next = records.next();
        if next.is_none() && quotes.borrow().too_large().is_none() {
            if let Some(opened) = quotes.borrow().open_quote() {
                return Some(Err(unclosed_quote(&label, opened, None)));
            }
        }
        Some(match rec {
            Err(e) => {
                let complete = quotes.borrow().record_line() - 1;
                Err(csv_error(e, &label, &index, limit, complete))
            }
            Ok(rec) => {
                let line = rec.position().map(|p| index.borrow_mut().line_at(p.byte()));
                let own = shape.outlet.and_then(|i| rec.get(i));
                if let Some(s) = own.and_then(|o| outlets.record(o)) {
                    // The record that swallowed the line was read already.
                    let late = unclosed_quote(&label, s.opened, Some(s.row));
                    return Some(Err(match late {
                        SourceError::Record(p) => SourceError::Fatal(CorpusError::Unskippable(p)),
                        other => other,
                    }));
                }
                if let Some(line) = line {
                    let found = swallowed(&rec, line, &shape, &quotes, delimiter, &mut outlets);
                    if let Some((opened, row)) = found {
                        return Some(Err(unclosed_quote(&label, line + opened, Some(line + row))));
                    }
                }
                ids.record(shape.id.and_then(|i| rec.get(i)).unwrap_or_default());
                let origin = Origin {
                    file: label.clone(),
                    line,
                };
                let doc = csv_record(&rec, &headers, origin, &map, &stem);
                match line.zip(row_in_field(&rec, &shape, delimiter, &ids)) {
                    Some((line, (opened, row))) => {
                        pending = Some(doc);
                        let w = ReadWarning::row_in_field(&label, line + opened, line + row);
                        Err(SourceError::Warning(w))
                    }
                    None => doc,
                }
            }
        })
    })))
}

/// A quoted field of `rec` (which begins on `line`) that swallowed a row of
/// its own, as [`quotes::swallowed_row`] gives it. A line of the field counts
/// as a row when it has the next id of a numbered sequence, or when it has
/// the shape of a row ([`RowShape::fits`]) and either the field closed badly
/// (text after its closing quote, which is where a quote left open ends when
/// the next quote of the file closes it) or its outlet cell names an outlet
/// of the file ([`SeenOutlets`]). Prose with commas in a well-quoted field
/// is none of these, so it reads as before.
fn swallowed(
    rec: &csv::ByteRecord,
    line: u64,
    shape: &RowShape,
    quotes: &RefCell<QuoteScan>,
    delimiter: u8,
    outlets: &mut SeenOutlets,
) -> Option<(u64, u64)> {
    let breaks = quotes::line_breaks(rec);
    if breaks == 0 {
        return None;
    }
    let bad_close = quotes.borrow_mut().bad_close_within(line, line + breaks);
    if !bad_close && shape.id.is_none() && shape.outlet.is_none() {
        return None;
    }
    let own = shape.id.and_then(|i| rec.get(i)).unwrap_or_default();
    quotes::swallowed_row(rec, delimiter, |cells, field, within| {
        let numbered = shape
            .id
            .is_some_and(|i| cells.len() >= shape.width && quotes::next_id(own, cells[i], within));
        let outlet = |i: usize| outlets.names_seen(cells[i], line + field, line + field + within);
        numbered || (shape.fits(cells) && (bad_close || shape.outlet.is_some_and(outlet)))
    })
}

/// A quoted field that opened on line `opened` and swallowed what follows.
fn unclosed_quote(label: &Arc<str>, opened: u64, row: Option<u64>) -> SourceError {
    SourceError::Record(RecordProblem {
        origin: Origin {
            file: label.clone(),
            line: Some(opened),
        },
        id: None,
        kind: ProblemKind::UnclosedQuote { row },
    })
}

/// The file's bytes after any byte-order mark, counting line ends and
/// following the quoting as they are read.
fn open_counted(
    path: &Path,
    delimiter: u8,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Counted<BufReader<Box<dyn Read>>>, CorpusError> {
    let mut raw = BufReader::with_capacity(1 << 16, open_bytes(path, None, digests)?);
    let has_bom = raw
        .fill_buf()
        .map_err(|source| CorpusError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .starts_with(b"\xEF\xBB\xBF");
    if has_bom {
        raw.consume(3);
    }
    // The csv crate's line numbers run one short after a CRLF, so lines are
    // counted here from its byte positions. Those count from the first byte
    // it reads, after the BOM, and so does the index: the BOM is not scanned.
    let index = Rc::new(RefCell::new(LineIndex::default()));
    let quotes = Rc::new(RefCell::new(QuoteScan::new(delimiter, limit)));
    Ok(Counted {
        inner: raw,
        index,
        quotes,
    })
}

/// The column names, trimmed; a file without the text column is an error
/// before any record.
fn csv_headers<R: Read>(
    rdr: &mut csv::Reader<R>,
    label: &Arc<str>,
    map: &FieldMap,
    limit: u64,
) -> Result<Vec<String>, CorpusError> {
    let headers = rdr.byte_headers().map_err(|e| {
        too_large(&e, label, limit).unwrap_or_else(|| CorpusError::Header {
            origin: Origin {
                file: label.clone(),
                line: Some(1),
            },
            message: format!("cannot read the header row: {e}"),
        })
    })?;
    let headers: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    if !headers.contains(&map.text) {
        return Err(CorpusError::Header {
            origin: Origin {
                file: label.clone(),
                line: Some(1),
            },
            message: format!(
                "no `{}` column for the text (columns: {}); map one with --field text=COLUMN",
                map.text,
                headers.join(", ")
            ),
        });
    }
    Ok(headers)
}

/// A failed record: a read error ends the file (naming the line where the
/// last `complete` record ends), a malformed record is a problem with that
/// record alone.
fn csv_error(
    e: csv::Error,
    label: &Arc<str>,
    index: &RefCell<LineIndex>,
    limit: u64,
    complete: u64,
) -> SourceError {
    if let Some(e) = too_large(&e, label, limit) {
        SourceError::Fatal(e)
    } else if let csv::ErrorKind::Io(_) = e.kind() {
        let path = PathBuf::from(&**label);
        let source = match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            _ => std::io::Error::other("read failed"),
        };
        SourceError::Fatal(read_error(&path, complete, source))
    } else {
        let line = e.position().map(|p| index.borrow_mut().line_at(p.byte()));
        SourceError::Record(RecordProblem {
            origin: Origin {
                file: label.clone(),
                line,
            },
            id: None,
            kind: ProblemKind::Csv(csv_message(&e)),
        })
    }
}

/// The error of a record that outgrew the limit, if `e` is one.
fn too_large(e: &csv::Error, label: &Arc<str>, limit: u64) -> Option<CorpusError> {
    let csv::ErrorKind::Io(io) = e.kind() else {
        return None;
    };
    let big = io.get_ref()?.downcast_ref::<RecordTooLarge>()?;
    Some(CorpusError::TooLarge {
        origin: Origin {
            file: label.clone(),
            line: Some(big.line),
        },
        limit,
    })
}

/// The csv crate's message without its own position, whose line number is
/// off after CRLF line ends (the record's line is given separately).
pub(crate) fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => e.to_string(),
    }
}

fn csv_record(
    rec: &csv::ByteRecord,
    headers: &[String],
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    let mut fields = Fields::new(map);
    for (name, value) in headers.iter().zip(rec.iter()) {
        let value = std::str::from_utf8(value).map_err(|e| {
            let line = origin.line.map(|l| l + line_at(value, e.valid_up_to()) - 1);
            SourceError::Record(RecordProblem {
                origin: Origin {
                    file: origin.file.clone(),
                    line,
                },
                id: None,
                kind: ProblemKind::InvalidUtf8 {
                    offset: e.valid_up_to() as u64,
                },
            })
        })?;
        fields.put(name, value.to_string());
    }
    let default_id = format!("{stem}:{}", origin.line.unwrap_or(0));
    fields.finish(origin, default_id)
}
