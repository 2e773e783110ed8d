//! Writing a partial whose rows come in any order, in bounded memory, as
//! `slant map` makes them: the rows are held up to [`RUN_BYTES`] at a
//! time, each run put in canonical order and spilled to a temporary
//! folder, and the
//! runs are then merged into the output by the same k-way merge and fold
//! as `slant merge` ([`super::merge`]), so a partial's bytes are those of
//! [`Partial::new`](super::Partial::new) over the same rows, whatever
//! their number. Runs are merged [`FAN_IN`] at a time, as extsort merges
//! its runs: once that many runs of one size are written they become one
//! run of the next size, so a shard of tens of millions of documents
//! keeps a few dozen files open, each read through one buffer.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::output::Scratch;
use serde_json::Value;

use super::file::{io_at, PartialError};
use super::header::Header;
use super::merge::{self, Output};
use super::rows::{order, Fold, Row};
use crate::extsort::FAN_IN;

/// About how many bytes of rows are held in memory at once before a
/// sorted run is spilled (a document's row takes about 1 kB as a JSON
/// value on tiny records, more with long titles and pass-through fields).
/// A budget in bytes rather than rows keeps the peak the same whatever
/// mix of rows a run holds.
pub const RUN_BYTES: usize = 8 << 20;

/// Takes a partial's rows in any order and writes them in canonical form.
pub struct Spill {
    dir: Scratch,
    budget: usize,
    held: Vec<Row>,
    /// About how many bytes `held` takes.
    held_bytes: usize,
    /// The runs written, in the order their rows were taken, each with
    /// its level (how many times its rows were merged): levels never rise
    /// along the list.
    runs: Vec<(PathBuf, u32)>,
    /// Files made so far, to name the next.
    made: usize,
}

impl Spill {
    /// A spill holding about [`RUN_BYTES`] of rows at once.
    pub fn new() -> std::io::Result<Spill> {
        Spill::with_budget(RUN_BYTES)
    }

    /// A spill holding about `budget` bytes of rows at once (at least a
    /// row).
    pub fn with_budget(budget: usize) -> std::io::Result<Spill> {
        Ok(Spill {
            dir: Scratch::new()?,
            budget,
            held: Vec::new(),
            held_bytes: 0,
            runs: Vec::new(),
            made: 0,
        })
    }

    /// Takes a row.
    pub fn push(&mut self, row: Row) -> std::io::Result<()> {
        self.held_bytes += weight(&row);
        self.held.push(row);
        if self.held_bytes >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Takes every row of `rows`.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Row>) -> std::io::Result<()> {
        rows.into_iter().try_for_each(|r| self.push(r))
    }

    /// A new file in the spill's folder.
    fn file(&mut self) -> PathBuf {
        self.made += 1;
        self.dir.path().join(format!("rows-{}", self.made))
    }

    /// Writes the rows held as a sorted run, then merges the last
    /// [`FAN_IN`] runs while they are of one level. Runs are folded
    /// without the evidence cut, which the final merge makes.
    fn spill(&mut self) -> std::io::Result<()> {
        let path = self.file();
        let mut w = BufWriter::new(File::create(&path)?);
        // Sorted and folded in place, as `canonical` does, so that the
        // held rows' vector keeps its capacity from run to run.
        self.held.sort_by(order);
        let mut fold = Fold::new(None);
        for row in self.held.drain(..) {
            if let Some(done) = fold.push(row) {
                write_row(&mut w, &done)?;
            }
        }
        if let Some(done) = fold.finish() {
            write_row(&mut w, &done)?;
        }
        self.held_bytes = 0;
        w.flush()?;
        self.runs.push((path, 0));
        while let Some(level) = self.full_level() {
            self.merge_last(FAN_IN, level + 1)?;
        }
        Ok(())
    }

    /// The level of the last [`FAN_IN`] runs if they share it.
    fn full_level(&self) -> Option<u32> {
        let last = self.runs.len().checked_sub(FAN_IN)?;
        let level = self.runs[last].1;
        self.runs[last..]
            .iter()
            .all(|r| r.1 == level)
            .then_some(level)
    }

    /// Merges the last `n` runs into one of `level`, in their place.
    fn merge_last(&mut self, n: usize, level: u32) -> std::io::Result<()> {
        let to = self.file();
        let from: Vec<PathBuf> = self
            .runs
            .drain(self.runs.len() - n..)
            .map(|r| r.0)
            .collect();
        merge::merge_runs(&from, &to).map_err(std::io::Error::other)?;
        for f in &from {
            std::fs::remove_file(f)?;
        }
        self.runs.push((to, level));
        Ok(())
    }

    /// Writes `header` and the rows taken, in canonical form, to
    /// `output`, refusing one document id on two records; the number of
    /// rows written.
    pub fn finish(mut self, header: &Header, output: &Output) -> Result<u64, PartialError> {
        let io = |e| io_at(std::path::Path::new("a temporary folder"), e);
        if !self.held.is_empty() {
            self.spill().map_err(io)?;
        }
        while self.runs.len() > FAN_IN {
            let level = self.runs[self.runs.len() - FAN_IN].1 + 1;
            self.merge_last(FAN_IN, level).map_err(io)?;
        }
        let runs: Vec<PathBuf> = self.runs.iter().map(|r| r.0.clone()).collect();
        merge::write_runs(header, &runs, self.dir.path(), output)
    }
}

fn write_row(w: &mut impl Write, row: &Row) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, row)?;
    w.write_all(b"\n")
}

/// About how many bytes of heap `row` takes, with its own size.
fn weight(row: &Row) -> usize {
    let strings = |key: &[String]| key.iter().map(|k| k.len() + 24).sum::<usize>();
    std::mem::size_of::<Row>()
        + match row {
            Row::Count { kind, key, .. } => kind.len() + strings(key),
            Row::First {
                kind, key, value, ..
            } => kind.len() + strings(key) + value.as_ref().map_or(0, value_weight),
            Row::Evidence { outlet, data, .. } => outlet.len() + value_weight(data),
            Row::Top {
                kind, key, data, ..
            } => kind.len() + strings(key) + value_weight(data),
            Row::Doc { kind, id, data, .. } => {
                kind.len() + id.as_ref().map_or(0, String::len) + value_weight(data)
            }
        }
}

/// About how many bytes of heap a JSON value takes, with its own size.
fn value_weight(v: &Value) -> usize {
    std::mem::size_of::<Value>()
        + match v {
            Value::String(s) => s.len(),
            Value::Array(a) => a.iter().map(value_weight).sum(),
            // a map's node per entry, about
            Value::Object(m) => m.iter().map(|(k, v)| k.len() + 48 + value_weight(v)).sum(),
            _ => 0,
        }
}
