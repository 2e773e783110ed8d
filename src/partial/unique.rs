//! Document ids must be unique over a merged partial (analyze skips the
//! second record of an id, which a merge cannot): [`Ids`] finds one id on
//! two records in bounded memory, spilling sorted runs of ids and merging
//! them once all are seen.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::file::{io_at, row_error, PartialError};

/// A sorted run of (id, record) pairs.
type IdRun = Box<dyn Iterator<Item = Result<(String, u64), PartialError>>>;

/// Document ids and their records, spilled in sorted runs, so that one id
/// on two records is found in bounded memory.
pub(super) struct Ids<'a> {
    spool: &'a Path,
    run: usize,
    held: Vec<(String, u64)>,
    runs: Vec<PathBuf>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(spool: &'a Path, run: usize) -> Ids<'a> {
        Ids {
            spool,
            run: run.max(1),
            held: Vec::new(),
            runs: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, id: String, record: u64) -> Result<(), PartialError> {
        self.held.push((id, record));
        if self.held.len() >= self.run {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<(), PartialError> {
        let path = self.spool.join(format!("ids-{}", self.runs.len()));
        let io = |e| io_at(&path, e);
        self.held.sort_unstable();
        let mut w = BufWriter::new(File::create(&path).map_err(io)?);
        for pair in self.held.drain(..) {
            serde_json::to_writer(&mut w, &pair).map_err(|e| io(e.into()))?;
            w.write_all(b"\n").map_err(io)?;
        }
        w.flush().map_err(io)?;
        self.runs.push(path);
        Ok(())
    }

    /// Refuses an id on two records: of all such, the one whose second
    /// record comes first, as a scan in record order finds it.
    pub(super) fn check(mut self) -> Result<(), PartialError> {
        self.held.sort_unstable();
        let mut runs: Vec<IdRun> =
            vec![Box::new(std::mem::take(&mut self.held).into_iter().map(Ok))];
        for path in &self.runs {
            runs.push(Box::new(id_run(path)?));
        }
        let mut heap = BinaryHeap::new();
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(pair) = run.next().transpose()? {
                heap.push(Reverse((pair, i)));
            }
        }
        // Sorted by id, then record: an id's first two records are the
        // first two of its group.
        let mut group: Option<(String, u64, usize)> = None;
        let mut found: Option<(String, u64, u64)> = None;
        while let Some(Reverse(((id, record), i))) = heap.pop() {
            if let Some(next) = runs[i].next().transpose()? {
                heap.push(Reverse((next, i)));
            }
            match &mut group {
                Some((last, first, n)) if *last == id => {
                    *n += 1;
                    let earlier = found.as_ref().is_none_or(|f| record < f.2);
                    if *n == 2 && earlier {
                        found = Some((id, *first, record));
                    }
                }
                _ => group = Some((id, record, 1)),
            }
        }
        match found {
            Some((id, first, second)) => Err(PartialError::RepeatedId {
                place: "the merged partials".into(),
                id,
                first,
                second,
            }),
            None => Ok(()),
        }
    }
}

fn id_run(
    path: &Path,
) -> Result<impl Iterator<Item = Result<(String, u64), PartialError>>, PartialError> {
    let file = File::open(path).map_err(|e| io_at(path, e))?;
    let path = path.to_path_buf();
    Ok(BufReader::new(file)
        .lines()
        .enumerate()
        .map(move |(i, line)| {
            let line = line.map_err(|e| io_at(&path, e))?;
            serde_json::from_str(&line).map_err(|e| row_error(&path, i as u64 + 1, &e.to_string()))
        }))
}
