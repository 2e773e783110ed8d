//! What is kept of each document only to be written out (`documents.csv`,
//! `document_counts.csv`, `dfm_rows.csv`, `sentences.csv`): its id, date,
//! title, address and pass-through fields. No statistic reads them, so a
//! run with a staging folder spills them to a file there as the corpus
//! streams past and reads them back, in input order, when the tables are
//! written: memory then holds only what the statistics need. Without a
//! file (library callers, `lexicon check`) they stay in memory.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::corpus::Document;
use crate::extsort::{read_field as get, write_field as put};

/// The written-out part of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocText {
    /// Document id.
    pub id: String,
    /// Date, if known.
    pub date: Option<String>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Address, if known.
    pub url: Option<String>,
    /// Fields of the record slant does not use, in input order.
    pub meta: Vec<(String, String)>,
}

impl DocText {
    /// The written-out part of `doc`.
    pub fn of(doc: &Document) -> DocText {
        DocText {
            id: doc.id.clone(),
            date: doc.date.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            meta: doc.meta.clone(),
        }
    }
}

/// Every document's [`DocText`], in input order.
#[derive(Debug, Clone)]
pub enum DocTexts {
    /// Held in memory.
    Memory(Vec<DocText>),
    /// Spilled to a file ([`TextSpill`]) of `count` records.
    File {
        /// The spill file.
        path: PathBuf,
        /// Records in it.
        count: usize,
    },
    /// Spilled, and the file removed once the report was written.
    Discarded,
}

impl Default for DocTexts {
    fn default() -> Self {
        DocTexts::Memory(Vec::new())
    }
}

impl DocTexts {
    /// Reads the texts back, in input order.
    pub fn read(&self) -> io::Result<TextReader<'_>> {
        match self {
            DocTexts::Memory(v) => Ok(TextReader::Memory(v.iter())),
            DocTexts::File { path, count } => Ok(TextReader::File {
                file: BufReader::with_capacity(1 << 16, File::open(path)?),
                left: *count,
            }),
            DocTexts::Discarded => Err(io::Error::other(
                "the documents' texts were discarded once the report was written",
            )),
        }
    }

    /// Removes the spill file, if any: the report is written and the file
    /// must not end up in its folder.
    pub fn discard(&mut self) -> io::Result<()> {
        if let DocTexts::File { path, .. } = self {
            std::fs::remove_file(path)?;
            *self = DocTexts::Discarded;
        }
        Ok(())
    }
}

/// The texts of [`DocTexts::read`], one document at a time.
pub enum TextReader<'a> {
    /// From memory.
    Memory(std::slice::Iter<'a, DocText>),
    /// From the spill file.
    File {
        /// The file.
        file: BufReader<File>,
        /// Records not yet read.
        left: usize,
    },
}

impl Iterator for TextReader<'_> {
    type Item = io::Result<DocText>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            // Cloned: a document's fields are small, and one reader type
            // serves both sources.
            TextReader::Memory(it) => it.next().map(|t| Ok(t.clone())),
            TextReader::File { file, left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                Some(read_text(file))
            }
        }
    }
}

/// Gathers [`DocTexts`] as documents stream past: in memory, or appended
/// to a spill file.
#[derive(Debug)]
pub enum TextSpill {
    /// In memory.
    Memory(Vec<DocText>),
    /// To a file.
    File {
        /// The file being written.
        out: BufWriter<File>,
        /// Its path.
        path: PathBuf,
        /// Records written.
        count: usize,
    },
}

impl Default for TextSpill {
    fn default() -> Self {
        TextSpill::Memory(Vec::new())
    }
}

impl TextSpill {
    /// A spill to a new file at `path`.
    pub fn to_file(path: &Path) -> io::Result<TextSpill> {
        Ok(TextSpill::File {
            out: BufWriter::with_capacity(1 << 16, File::create(path)?),
            path: path.to_path_buf(),
            count: 0,
        })
    }

    /// Adds `doc`'s text.
    pub fn add(&mut self, doc: &Document) -> io::Result<()> {
        match self {
            TextSpill::Memory(v) => v.push(DocText::of(doc)),
            TextSpill::File { out, count, .. } => {
                let fields = [&doc.date, &doc.title, &doc.url];
                write_text(out, &doc.id, fields, &doc.meta)?;
                *count += 1;
            }
        }
        Ok(())
    }

    /// Adds a text already taken from its document (a partial's).
    pub fn add_text(&mut self, text: DocText) -> io::Result<()> {
        match self {
            TextSpill::Memory(v) => v.push(text),
            TextSpill::File { out, count, .. } => {
                let fields = [&text.date, &text.title, &text.url];
                write_text(out, &text.id, fields, &text.meta)?;
                *count += 1;
            }
        }
        Ok(())
    }

    /// What was gathered; a file is flushed and closed.
    pub fn finish(self) -> io::Result<DocTexts> {
        Ok(match self {
            TextSpill::Memory(v) => DocTexts::Memory(v),
            TextSpill::File { out, path, count } => {
                out.into_inner().map_err(|e| e.into_error())?;
                DocTexts::File { path, count }
            }
        })
    }
}

// The spill format: each string as its byte length (u32, little-endian)
// then its bytes, a missing one as `NONE`; a record is id, date, title,
// url, the number of fields, then each field's name and value.
const NONE: u32 = u32::MAX;

/// One record: id, date, title, url, then the fields.
fn write_text(
    out: &mut impl Write,
    id: &str,
    fields: [&Option<String>; 3],
    meta: &[(String, String)],
) -> io::Result<()> {
    write_str(out, Some(id))?;
    for s in fields {
        write_str(out, s.as_deref())?;
    }
    write_len(out, meta.len())?;
    for (k, v) in meta {
        write_str(out, Some(k))?;
        write_str(out, Some(v))?;
    }
    Ok(())
}

fn write_len(out: &mut impl Write, n: usize) -> io::Result<()> {
    let n = u32::try_from(n)
        .ok()
        .filter(|&n| n != NONE)
        .ok_or_else(|| io::Error::other("a document field is too large to spill"))?;
    put(out, n)
}

fn write_str(out: &mut impl Write, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => {
            write_len(out, s.len())?;
            out.write_all(s.as_bytes())
        }
        None => put(out, NONE),
    }
}

fn read_str(r: &mut impl Read) -> io::Result<Option<String>> {
    let n = get::<u32>(r)?;
    if n == NONE {
        return Ok(None);
    }
    let mut b = vec![0u8; n as usize];
    r.read_exact(&mut b)?;
    String::from_utf8(b)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn read_text(r: &mut impl Read) -> io::Result<DocText> {
    let corrupt = || io::Error::new(io::ErrorKind::InvalidData, "document spill file is corrupt");
    let id = read_str(r)?.ok_or_else(corrupt)?;
    let (date, title, url) = (read_str(r)?, read_str(r)?, read_str(r)?);
    let n = get::<u32>(r)?;
    let mut meta = Vec::new();
    for _ in 0..n {
        let k = read_str(r)?.ok_or_else(corrupt)?;
        let v = read_str(r)?.ok_or_else(corrupt)?;
        meta.push((k, v));
    }
    Ok(DocText {
        id,
        date,
        title,
        url,
        meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Origin;

    fn doc(i: usize) -> Document {
        Document {
            id: format!("d{i}"),
            outlet: "RT".into(),
            date: i.is_multiple_of(2).then(|| "2024-01-0{i}".to_string()),
            title: i.is_multiple_of(3).then(|| format!("Title, \"{i}\" é")),
            url: (i == 1).then(|| "https://x.org".to_string()),
            text: "text".into(),
            meta: (0..i % 3)
                .map(|k| (format!("f{k}"), String::new()))
                .collect(),
            origin: Origin {
                file: "t.jsonl".into(),
                line: Some(i as u64 + 1),
            },
        }
    }

    #[test]
    fn a_spilled_file_reads_back_what_memory_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".spill");
        let (mut mem, mut file) = (TextSpill::default(), TextSpill::to_file(&path).unwrap());
        for i in 0..7 {
            mem.add(&doc(i)).unwrap();
            file.add(&doc(i)).unwrap();
        }
        let (mem, mut file) = (mem.finish().unwrap(), file.finish().unwrap());
        let read =
            |t: &DocTexts| -> Vec<DocText> { t.read().unwrap().map(Result::unwrap).collect() };
        let want: Vec<DocText> = (0..7).map(|i| DocText::of(&doc(i))).collect();
        assert_eq!(read(&mem), want);
        assert_eq!(read(&file), want);
        file.discard().unwrap();
        assert!(!path.exists());
        assert!(file.read().is_err());
    }
}
