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
pub(super) use super::fields::{resolve_header, FieldMap, Fields};
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
    let (counted, delimiter) = open_counted(path, delimiter, &map.text, limit, digests)?;
    let index = counted.index.clone();
    let quotes = counted.quotes.clone();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(counted);
    let header = csv_headers(&mut rdr, &label, &map, limit)?;
    let headers = header.headers.clone();
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
                if header.repeated_by(&rec) {
                    return Some(Err(SourceError::Record(RecordProblem {
                        origin: Origin {
                            file: label.clone(),
                            line,
                        },
                        id: None,
                        kind: ProblemKind::Csv(REPEATED_HEADER.into()),
                    })));
                }
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

/// What to say of the header row found again among the records.
const REPEATED_HEADER: &str = "the header row again, among the records (files joined with `cat`?): keep the first file's header only, e.g. `tail -n +2 second.csv >> first.csv`";

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

/// A CSV file's bytes as the csv crate reads them, counted.
type CountedFile = Counted<BufReader<Box<dyn Read>>>;

/// The file's bytes after any byte-order mark, counting line ends and
/// following the quoting as they are read, and the delimiter to read them
/// with ([`sniff_delimiter`]).
fn open_counted(
    path: &Path,
    delimiter: u8,
    text: &str,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<(CountedFile, u8), CorpusError> {
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
    let (raw, delimiter) = match delimiter {
        b',' => {
            let read_error = |source| CorpusError::Read {
                path: path.to_path_buf(),
                source,
            };
            let head = first_line(&mut raw).map_err(read_error)?;
            let delimiter = sniff_delimiter(&head, text);
            let rest: Box<dyn Read> = Box::new(std::io::Cursor::new(head).chain(raw));
            (BufReader::with_capacity(1 << 16, rest), delimiter)
        }
        other => (raw, other),
    };
    // The csv crate's line numbers run one short after a CRLF, so lines are
    // counted here from its byte positions. Those count from the first byte
    // it reads, after the BOM, and so does the index: the BOM is not scanned.
    let index = Rc::new(RefCell::new(LineIndex::default()));
    let quotes = Rc::new(RefCell::new(QuoteScan::new(delimiter, limit)));
    let counted = Counted {
        inner: raw,
        index,
        quotes,
    };
    Ok((counted, delimiter))
}

/// The first line of `rdr` with its line end, at most 64 KiB of it.
fn first_line(rdr: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    while head.len() < 1 << 16 {
        let buf = rdr.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let end = memchr::memchr2(b'\n', b'\r', buf);
        let take = end.map_or(buf.len(), |i| i + 1);
        head.extend_from_slice(&buf[..take]);
        rdr.consume(take);
        if end.is_some() {
            break;
        }
    }
    Ok(head)
}

/// The delimiter of a `.csv` file whose first line `head` begins: a comma,
/// unless the header holds no comma and its cells split at semicolons (as
/// Excel saves CSV where the comma is the decimal mark) or tabs include
/// the `text` column. Read with commas such a file would have no text
/// column, so the header alone settles it.
fn sniff_delimiter(head: &[u8], text: &str) -> u8 {
    let line = head
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    if line.contains(&b',') {
        return b',';
    }
    // more than one column, one of them the text
    let names = |d: u8| {
        line.contains(&d)
            && line.split(move |&b| b == d).any(|cell| {
                let cell = String::from_utf8_lossy(cell);
                cell.trim()
                    .trim_matches('"')
                    .trim()
                    .eq_ignore_ascii_case(text)
            })
    };
    [b';', b'\t']
        .into_iter()
        .find(|&d| names(d))
        .unwrap_or(b',')
}

/// The column names, trimmed and matched to the fields
/// ([`resolve_header`]); an empty file, a name given twice or a file
/// without the text column is an error before any record.
fn csv_headers<R: Read>(
    rdr: &mut csv::Reader<R>,
    label: &Arc<str>,
    map: &FieldMap,
    limit: u64,
) -> Result<Header, CorpusError> {
    let headers = rdr.byte_headers().map_err(|e| {
        too_large(&e, label, limit).unwrap_or_else(|| CorpusError::Header {
            origin: Origin {
                file: label.clone(),
                line: Some(1),
            },
            message: format!("cannot read the header row: {e}"),
        })
    })?;
    let given: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut headers = given.clone();
    let header_error = |message| CorpusError::Header {
        origin: Origin {
            file: label.clone(),
            line: Some(1),
        },
        message,
    };
    if given.iter().all(String::is_empty) && given.len() <= 1 {
        return Err(header_error(
            "the file is empty: no header row (a CSV file starts with the column names, e.g. `id,outlet,date,text`)".into(),
        ));
    }
    resolve_header(&mut headers, &map.names()).map_err(header_error)?;
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
    Ok(Header { given, headers })
}

/// A CSV file's header row.
struct Header {
    /// The names as given, trimmed: a record that repeats them is the
    /// header again.
    given: Vec<String>,
    /// The names as read ([`resolve_header`]).
    headers: Vec<String>,
}

impl Header {
    /// Whether `rec` repeats the header row, as two files joined with `cat`
    /// leave it: read as a record, it would be a document of the outlet
    /// `outlet`.
    fn repeated_by(&self, rec: &csv::ByteRecord) -> bool {
        self.given.len() > 1
            && rec.len() == self.given.len()
            && rec.iter().zip(&self.given).all(|(cell, name)| {
                // the second file's byte-order mark, kept by `cat`
                let cell = cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell);
                cell.trim_ascii() == name.as_bytes()
            })
    }
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
                kind: ProblemKind::InvalidUtf8Field {
                    field: name.clone(),
                    offset: e.valid_up_to() as u64,
                },
            })
        })?;
        fields.put_str(name, std::borrow::Cow::Borrowed(value));
    }
    fields.finish(origin, stem)
}

#[cfg(test)]
mod sniff_tests {
    use super::sniff_delimiter;

    #[test]
    fn the_header_tells_a_semicolon_or_tab_separated_csv() {
        assert_eq!(sniff_delimiter(b"id;outlet;text\r\n1;A;x, y", "text"), b';');
        assert_eq!(
            sniff_delimiter(b"\"id\";\"outlet\";\"text\"\n", "text"),
            b';'
        );
        assert_eq!(sniff_delimiter(b"id\tOutlet\tText\n", "text"), b'\t');
        // a comma in the header settles it
        assert_eq!(sniff_delimiter(b"id,outlet;x,text\n", "text"), b',');
        // one column: nothing to split, whatever the records hold
        assert_eq!(sniff_delimiter(b"text\nhello; world", "text"), b',');
        // no text column either way: commas, and the usual error
        assert_eq!(sniff_delimiter(b"id;outlet;body\n", "text"), b',');
        assert_eq!(sniff_delimiter(b"id;outlet;body\n", "body"), b';');
    }
}
