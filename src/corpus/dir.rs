//! A directory of `.txt` files, one article each, described by an optional
//! `manifest.csv` (columns `file`, `outlet`, `date`, `title`, `url`, `id`;
//! any other column is kept as metadata). A path to one `.txt` file reads
//! that file with its directory's manifest.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::{decode, inline_date, line_at};
use super::quotes::{self, RowShape};
use super::{
    outlet_name, CorpusError, Document, Origin, ProblemKind, ReadWarning, RecordProblem, Source,
    SourceError,
};

/// The manifest's name inside a corpus directory.
pub const MANIFEST: &str = "manifest.csv";

/// One manifest row.
#[derive(Debug, Clone, Default)]
struct Row {
    line: u64,
    id: Option<String>,
    outlet: String,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    meta: Vec<(String, String)>,
    /// What is wrong with the row, once its file is known to be listed.
    problem: Option<ProblemKind>,
}

/// A file to read, with its manifest row if it has one.
enum Item {
    File(PathBuf, Option<Row>),
    Problem(RecordProblem),
    /// What may be wrong in the manifest ([`ReadWarning`]).
    Warning(ReadWarning),
}

pub(crate) fn open(
    path: &Path,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Source, CorpusError> {
    let (dir, only) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (parent.to_path_buf(), path.file_name().map(PathBuf::from))
    };
    let manifest_path = dir.join(MANIFEST);
    let (rows, mut items) = if manifest_path.exists() {
        read_manifest(&manifest_path, limit, digests)?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut listed: HashSet<PathBuf> = HashSet::new();
    let mut by_file: Vec<(String, Row)> = Vec::new();
    let manifest_label: Arc<str> = Arc::from(manifest_path.display().to_string());
    for (file, row) in rows {
        // `./a.txt` is `a.txt`, or the folder's scan would read it again
        let rel: PathBuf = Path::new(&file)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let origin = Origin {
            file: manifest_label.clone(),
            line: Some(row.line),
        };
        if !inside(&rel) {
            items.push(Item::Problem(RecordProblem {
                origin,
                id: None,
                kind: ProblemKind::FileOutside(file),
            }));
        } else if !listed.insert(rel.clone()) {
            items.push(Item::Problem(RecordProblem {
                origin,
                id: None,
                kind: ProblemKind::DuplicateFile(file),
            }));
        } else if let Some(kind) = not_a_file(&dir.join(&rel), &file) {
            items.push(Item::Problem(RecordProblem {
                origin,
                id: None,
                kind,
            }));
        } else if let Some(kind) = row.problem {
            items.push(Item::Problem(RecordProblem {
                origin,
                id: row.id,
                kind,
            }));
        } else {
            by_file.push((file, row));
        }
    }
    for (file, row) in by_file {
        items.push(Item::File(dir.join(file), Some(row)));
    }
    let mut unlisted: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|source| CorpusError::Read {
            path: dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .filter(|p| {
            p.strip_prefix(&dir)
                .map(|rel| !listed.contains(rel))
                .unwrap_or(true)
        })
        .collect();
    unlisted.sort();
    items.extend(unlisted.into_iter().map(|p| Item::File(p, None)));
    if let Some(only) = only {
        items.retain(|i| matches!(i, Item::File(p, _) if p.file_name() == Some(only.as_os_str())));
    }
    let digests = digests.cloned();
    Ok(Box::new(
        items
            .into_iter()
            .map(move |i| read_item(i, limit, digests.as_ref())),
    ))
}

fn read_item(
    item: Item,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Document, SourceError> {
    let (path, row) = match item {
        Item::Problem(p) => return Err(SourceError::Record(p)),
        Item::Warning(w) => return Err(SourceError::Warning(w)),
        Item::File(path, row) => (path, row),
    };
    let label: Arc<str> = Arc::from(path.display().to_string());
    let origin = |line| Origin {
        file: label.clone(),
        line,
    };
    let fatal = |source| {
        SourceError::Fatal(CorpusError::Read {
            path: path.clone(),
            source,
        })
    };
    let id = row.as_ref().and_then(|r| r.id.clone()).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    // Read at most one byte past the limit, so a file that grows while it
    // is read (or a device) cannot fill memory either.
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(fatal)?;
    if let Some(d) = digests {
        d.push_bytes(&label, &bytes);
    }
    if bytes.len() as u64 > limit {
        return Err(SourceError::Record(RecordProblem {
            origin: origin(None),
            id: Some(id),
            kind: ProblemKind::TooLarge { limit },
        }));
    }
    let mut text = decode(bytes).map_err(|(kind, line)| {
        SourceError::Record(RecordProblem {
            origin: origin(line),
            id: Some(id.clone()),
            kind,
        })
    })?;
    let mut date = None;
    if let Some((d, at)) = inline_date(&text) {
        date = Some(d);
        text.drain(..at);
    }
    let row = row.unwrap_or_default();
    Ok(Document {
        id,
        outlet: row.outlet,
        date: row.date.or(date),
        title: row.title,
        url: row.url,
        text,
        meta: row.meta,
        origin: origin(None),
    })
}

/// Whether a manifest's file name stays inside the manifest's folder: a
/// relative path that never climbs with `..`. The manifest is a text that
/// may come with a downloaded corpus, and must not make slant read (and
/// quote in its outputs) any file on the machine. A symlink inside the folder
/// is followed wherever it points, as for the folder's unlisted `.txt` files:
/// placing a link is the user's own act.
fn inside(rel: &Path) -> bool {
    use std::path::Component;
    rel.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Why `path`, named `file` in the manifest, cannot be read as an article:
/// it does not exist, or is not a regular file (following symlinks).
fn not_a_file(path: &Path, file: &str) -> Option<ProblemKind> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Some(ProblemKind::MissingFile(file.to_string()));
    };
    let what = kind_of(&meta.file_type())?;
    Some(ProblemKind::NotAFile {
        file: file.to_string(),
        what,
    })
}

/// What a file type is, when it is not a regular file.
fn kind_of(t: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        } else if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        } else if t.is_socket() {
            return Some("a socket");
        }
    }
    if t.is_dir() {
        Some("a directory")
    } else if t.is_file() {
        None
    } else {
        Some("something else")
    }
}

/// A manifest's rows by file, and the problems and warnings found in it.
type Manifest = (Vec<(String, Row)>, Vec<Item>);

/// Reads `manifest.csv`; a row longer than `limit` bytes is a problem of
/// its line, as a record of a JSONL or CSV file is. A quoted field holding
/// a line that reads as a row naming an article that exists is an error;
/// naming a `.txt` file that does not, a warning, as the CSV reader warns
/// ([`super::row_warnings`]): the row's shape, a `.txt` name in its `file`
/// cell where the CSV reader asks for an id like the file's, and an outlet
/// column.
fn read_manifest(
    path: &Path,
    limit: u64,
    digests: Option<&super::digest::Digests>,
) -> Result<Manifest, CorpusError> {
    let label: Arc<str> = Arc::from(path.display().to_string());
    let text = manifest_text(path, &label, digests)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let columns = Columns::of(&mut rdr, &label)?;
    let shape = RowShape {
        width: columns.headers.len(),
        id: Some(columns.file),
        outlet: columns.column("outlet"),
    };
    let origin = |line| Origin {
        file: label.clone(),
        line,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let unclosed = |opened, row| {
        Item::Problem(RecordProblem {
            origin: origin(Some(opened)),
            id: None,
            kind: ProblemKind::UnclosedQuote { row },
        })
    };
    let open_at_end = quotes::open_quote_at_end(text.as_bytes(), b',');
    let records: Vec<_> = rdr.records().collect();
    let last = records.len().saturating_sub(1);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in records.into_iter().enumerate() {
        if let (true, Some(opened)) = (i == last, open_at_end) {
            // The last record runs to the end of the file.
            problems.push(unclosed(opened, None));
            continue;
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = Some(line_at(
                    text.as_bytes(),
                    e.position().map_or(text.len(), |p| p.byte() as usize),
                ));
                problems.push(Item::Problem(RecordProblem {
                    origin: origin(line),
                    id: None,
                    kind: ProblemKind::Csv(super::records::csv_message(&e)),
                }));
                continue;
            }
        };
        let line = line_at(
            text.as_bytes(),
            rec.position().map_or(0, |p| p.byte() as usize),
        );
        if rec.as_byte_record().as_slice().len() as u64 > limit {
            problems.push(Item::Problem(RecordProblem {
                origin: origin(Some(line)),
                id: None,
                kind: ProblemKind::TooLarge { limit },
            }));
            continue;
        }
        let swallowed = quotes::swallowed_row(rec.as_byte_record(), b',', |cells, _, _| {
            cells.len() >= columns.headers.len()
                && names_article(dir, quotes::unquote(cells[columns.file]))
        });
        if let Some((opened, row)) = swallowed {
            problems.push(unclosed(line + opened, Some(line + row)));
            continue;
        }
        let row_like = shape.outlet.and_then(|_| {
            quotes::swallowed_row(rec.as_byte_record(), b',', |cells, _, _| {
                shape.fits(cells) && txt_name(quotes::unquote(cells[columns.file])).is_some()
            })
        });
        if let Some((opened, row)) = row_like {
            let w = ReadWarning::row_in_manifest(&label, line + opened, line + row);
            problems.push(Item::Warning(w));
        }
        let (file, mut row) = columns.row(&rec, line);
        match outlet_name(&row.outlet) {
            Ok(outlet) => row.outlet = outlet,
            Err(kind) => row.problem = Some(kind),
        }
        if file.is_empty() {
            problems.push(Item::Problem(RecordProblem {
                origin: origin(Some(line)),
                id: None,
                kind: ProblemKind::MissingField("file".into()),
            }));
            continue;
        }
        rows.push((file, row));
    }
    Ok((rows, problems))
}

/// Whether a manifest cell names a `.txt` file that exists in `dir`: what a
/// line swallowed by an open quote starts with, and prose does not.
fn names_article(dir: &Path, cell: &[u8]) -> bool {
    txt_name(cell).is_some_and(|name| dir.join(name).is_file())
}

/// The name a manifest cell holds, when it is that of a `.txt` file.
fn txt_name(cell: &[u8]) -> Option<&str> {
    std::str::from_utf8(cell)
        .ok()
        .filter(|name| name.to_ascii_lowercase().ends_with(".txt"))
}

/// The manifest's text, decoded as the articles are.
fn manifest_text(
    path: &Path,
    label: &Arc<str>,
    digests: Option<&super::digest::Digests>,
) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|source| CorpusError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(d) = digests {
        d.push_bytes(label, &bytes);
    }
    decode(bytes).map_err(|(kind, line)| CorpusError::Header {
        origin: Origin {
            file: label.clone(),
            line,
        },
        message: format!("manifest {kind}{}", super::decode::hint(&kind)),
    })
}

/// Where the manifest's columns are.
struct Columns {
    headers: csv::StringRecord,
    file: usize,
    /// Column -> the field it holds, for the fields other than `file`.
    known: HashMap<usize, &'static str>,
}

impl Columns {
    /// The columns named in the header; a manifest without `file` is an
    /// error, as no row could name its article.
    fn of(rdr: &mut csv::Reader<&[u8]>, label: &Arc<str>) -> Result<Columns, CorpusError> {
        let headers = rdr
            .headers()
            .map_err(|e| CorpusError::Header {
                origin: Origin {
                    file: label.clone(),
                    line: Some(1),
                },
                message: format!("cannot read the manifest header: {e}"),
            })?
            .clone();
        let mut names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let fields = ["file", "outlet", "date", "title", "url", "id"];
        super::fields::resolve_header(&mut names, &fields).map_err(|message| {
            CorpusError::Header {
                origin: Origin {
                    file: label.clone(),
                    line: Some(1),
                },
                message,
            }
        })?;
        let col = |name: &str| names.iter().position(|h| h == name);
        let Some(file) = col("file") else {
            return Err(CorpusError::Header {
                origin: Origin {
                    file: label.clone(),
                    line: Some(1),
                },
                message: format!(
                    "the manifest needs a `file` column (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            });
        };
        let known: HashMap<usize, &str> = ["outlet", "date", "title", "url", "id"]
            .iter()
            .filter_map(|n| col(n).map(|i| (i, *n)))
            .collect();
        Ok(Columns {
            headers,
            file,
            known,
        })
    }

    /// The column of the field `name` (`outlet`, `date`, ...), if any.
    fn column(&self, name: &str) -> Option<usize> {
        self.known
            .iter()
            .find_map(|(i, n)| (*n == name).then_some(*i))
    }

    /// The file a record names (trimmed, maybe empty) and its row.
    fn row(&self, rec: &csv::StringRecord, line: u64) -> (String, Row) {
        let mut row = Row {
            line,
            ..Row::default()
        };
        for (i, value) in rec.iter().enumerate() {
            let v = value.trim();
            let opt = || (!v.is_empty()).then(|| v.to_string());
            match (i == self.file, self.known.get(&i)) {
                (true, _) => {}
                (false, Some(&"outlet")) => row.outlet = v.to_string(),
                (false, Some(&"date")) => row.date = opt(),
                (false, Some(&"title")) => row.title = opt(),
                (false, Some(&"url")) => row.url = opt(),
                (false, Some(&"id")) => row.id = opt(),
                _ => row.meta.push((
                    self.headers.get(i).unwrap_or("").trim().to_string(),
                    v.to_string(),
                )),
            }
        }
        let file = rec.get(self.file).unwrap_or("").trim().to_string();
        (file, row)
    }
}
