//! Where the large tables go: plain `.csv`, or `.csv.gz` with `--gzip`,
//! counting rows as they are written so that `results.json` can list every
//! table with its size.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use serde::Serialize;

/// Which optional outputs a report writes, and how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutputOptions {
    /// Write the large tables (matches, sentences, documents, counts, dfm)
    /// gzipped.
    pub gzip: bool,
    /// Which sentences `sentences.csv` holds.
    pub sentences: SentenceText,
    /// Write `sentence_scores.csv`, the model's probabilities per sentence.
    pub sentence_scores: bool,
    /// Write the document-by-term matrix `dfm.mtx` and its row and column
    /// files.
    pub dfm: bool,
}

/// Which sentences `sentences.csv` holds: each once, keyed by document and
/// sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceText {
    /// None: no `sentences.csv`.
    None,
    /// The sentences the report cites: evidence, the model's surest
    /// sentences, aligned sentences. Bounded by the number of outlets, not
    /// the corpus.
    #[default]
    Cited,
    /// Every sentence with at least one lexicon match.
    Matched,
    /// Every sentence.
    All,
}

impl OutputOptions {
    /// The file name of the table `stem`: `stem.csv`, or `stem.csv.gz`.
    pub fn table_name(&self, stem: &str) -> String {
        if self.gzip {
            format!("{stem}.csv.gz")
        } else {
            format!("{stem}.csv")
        }
    }

    /// The file name of a large non-CSV file, `.gz` added with `--gzip`.
    pub fn large_name(&self, name: &str) -> String {
        if self.gzip {
            format!("{name}.gz")
        } else {
            name.to_string()
        }
    }
}

/// A file being written, plain or gzipped.
pub enum Sink {
    /// As is.
    Plain(BufWriter<File>),
    /// Through gzip.
    Gzip(GzEncoder<BufWriter<File>>),
}

impl Sink {
    /// Creates `path`, gzipped when `gzip`.
    pub fn create(path: &Path, gzip: bool) -> std::io::Result<Sink> {
        let file = BufWriter::with_capacity(1 << 16, File::create(path)?);
        Ok(if gzip {
            Sink::Gzip(GzEncoder::new(file, flate2::Compression::default()))
        } else {
            Sink::Plain(file)
        })
    }

    /// Writes `bytes` to `path`, gzipped when `gzip`.
    pub fn write_all_to(path: &Path, gzip: bool, bytes: &[u8]) -> std::io::Result<()> {
        let mut sink = Sink::create(path, gzip)?;
        sink.write_all(bytes)?;
        sink.finish()
    }

    /// Ends the gzip stream, if any, and flushes the file.
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Plain(mut f) => f.flush(),
            Sink::Gzip(g) => g.finish()?.flush(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Plain(f) => f.write(buf),
            Sink::Gzip(g) => g.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain(f) => f.flush(),
            Sink::Gzip(g) => g.flush(),
        }
    }
}

/// Every table a report wrote, by file name, with its data rows (header
/// not counted): the `tables` map of `results.json`, sorted by name.
pub type TableList = BTreeMap<String, u64>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzipped_sinks_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv.gz");
        Sink::write_all_to(&path, true, b"a,b\n1,2\n").unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(File::open(&path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n1,2\n");
        let opts = OutputOptions {
            gzip: true,
            ..OutputOptions::default()
        };
        assert_eq!(opts.table_name("matches"), "matches.csv.gz");
        assert_eq!(
            OutputOptions::default().table_name("matches"),
            "matches.csv"
        );
    }
}
