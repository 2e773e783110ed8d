//! Writing a partial whose rows come in any order, in bounded memory, as
//! `slant map` makes them: the rows are held [`RUN_ROWS`] at a time, each
//! run put in canonical order and spilled to a temporary folder, and the
//! runs are then merged into the output by the same k-way merge and fold
//! as `slant merge` ([`super::merge`]), so a partial's bytes are those of
//! [`Partial::new`](super::Partial::new) over the same rows, whatever
//! their number.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use tempfile::TempDir;

use super::file::{io_at, PartialError};
use super::header::Header;
use super::merge::{self, Output};
use super::rows::{canonical, Row};

/// Rows held in memory at once before a sorted run is spilled: a
/// per-document row of a tiny record takes about 1 kB as a JSON value.
pub const RUN_ROWS: usize = 1 << 14;

/// Takes a partial's rows in any order and writes them in canonical form.
pub struct Spill {
    dir: TempDir,
    run: usize,
    held: Vec<Row>,
    runs: Vec<PathBuf>,
}

impl Spill {
    /// A spill holding [`RUN_ROWS`] rows at once.
    pub fn new() -> std::io::Result<Spill> {
        Spill::with_run(RUN_ROWS)
    }

    /// A spill holding `run` rows at once (at least one).
    pub fn with_run(run: usize) -> std::io::Result<Spill> {
        Ok(Spill {
            dir: tempfile::tempdir()?,
            run: run.max(1),
            held: Vec::new(),
            runs: Vec::new(),
        })
    }

    /// Takes a row.
    pub fn push(&mut self, row: Row) -> std::io::Result<()> {
        self.held.push(row);
        if self.held.len() >= self.run {
            self.spill()?;
        }
        Ok(())
    }

    /// Takes every row of `rows`.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Row>) -> std::io::Result<()> {
        rows.into_iter().try_for_each(|r| self.push(r))
    }

    /// Writes the rows held as a sorted run. Runs are folded without the
    /// evidence cut, which the final merge makes.
    fn spill(&mut self) -> std::io::Result<()> {
        let path = self.dir.path().join(format!("rows-{}", self.runs.len()));
        let mut w = BufWriter::new(File::create(&path)?);
        for row in canonical(std::mem::take(&mut self.held), None) {
            serde_json::to_writer(&mut w, &row)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        self.runs.push(path);
        Ok(())
    }

    /// Writes `header` and the rows taken, in canonical form, to
    /// `output`, refusing one document id on two records; the number of
    /// rows written.
    pub fn finish(mut self, header: &Header, output: &Output) -> Result<u64, PartialError> {
        if !self.held.is_empty() {
            self.spill()
                .map_err(|e| io_at(std::path::Path::new("a temporary folder"), e))?;
        }
        merge::write_runs(header, &self.runs, self.dir.path(), output)
    }
}
