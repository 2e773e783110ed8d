//! N-gram counts past a memory budget: the tables of [`Counts`] spilled as
//! sorted runs of (n-gram, outlet, count) records ([`crate::extsort`]) and
//! read back merged, each n-gram with its count in every outlet that uses
//! it, so that the comparison views hold a bounded table however many
//! distinct n-grams the corpus has. The words stay interned in memory, in
//! order of first sighting, so packed n-grams compare as they do in the
//! tables.

use std::io;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::ngrams::{Counts, BITS};
use crate::extsort::{GetFields, PutFields, Record, Runs, Sorter};

/// (outlet, n-gram) pairs held in memory before the tables are spilled:
/// the default of `--ngram-pairs`, about 130 MB of table entries (and a
/// quarter of that again, sorted, while they spill).
pub const NGRAM_PAIRS: usize = 8_000_000;

/// One spilled count; records sort by n-gram, then outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct GramRecord {
    key: u64,
    outlet: u32,
    count: u32,
}

impl Record for GramRecord {
    const BYTES: usize = 16;
    fn put(&self, out: &mut [u8]) {
        PutFields::new(out)
            .put(self.key)
            .put(self.outlet)
            .put(self.count);
    }
    fn get(b: &[u8]) -> GramRecord {
        let mut f = GetFields::new(b);
        GramRecord {
            key: f.get(),
            outlet: f.get(),
            count: f.get(),
        }
    }
}

/// Spills the tables of a [`Counts`] each time they reach a budget.
#[derive(Debug)]
pub struct GramSpill {
    budget: usize,
    sorter: Sorter<GramRecord>,
    /// Corpus count of each unigram spilled, by word id.
    unigrams: Vec<u64>,
    spilled: bool,
}

impl GramSpill {
    /// A spill of `budget` pairs at a time (at least 1) to anonymous files
    /// in `dir`, sorted a quarter of the budget at a time so that a spill
    /// holds little beside the tables it empties.
    pub fn new(budget: usize, dir: &Path) -> GramSpill {
        GramSpill {
            budget: budget.max(1),
            sorter: Sorter::with_run(Some(dir), (budget / 4).max(1)),
            unigrams: Vec::new(),
            spilled: false,
        }
    }

    /// Spills the tables of `counts` when they hold the budget or more.
    pub fn check(&mut self, counts: &mut Counts) -> io::Result<()> {
        if counts.pairs() >= self.budget {
            self.spill(counts)?;
        }
        Ok(())
    }

    fn spill(&mut self, counts: &mut Counts) -> io::Result<()> {
        for (outlet, table) in counts.counts.iter_mut().enumerate() {
            for (key, count) in std::mem::take(table) {
                if key < 1 << BITS {
                    let at = key as usize;
                    if at >= self.unigrams.len() {
                        self.unigrams.resize(at + 1, 0);
                    }
                    self.unigrams[at] += u64::from(count);
                }
                self.sorter.push(GramRecord {
                    key,
                    outlet: outlet as u32,
                    count,
                })?;
            }
        }
        self.spilled = true;
        Ok(())
    }

    /// The counts, and their runs when the budget was ever reached: then
    /// the tables of the counts are empty and the runs hold every pair
    /// (words, outlets and totals stay in the counts).
    pub fn finish(mut self, mut counts: Counts) -> io::Result<(Counts, Option<GramRuns>)> {
        if !self.spilled {
            return Ok((counts, None));
        }
        self.spill(&mut counts)?;
        let runs = GramRuns {
            runs: self.sorter.into_runs()?,
            unigrams: self.unigrams,
        };
        Ok((counts, Some(runs)))
    }
}

/// An n-gram with its corpus count and its count in each outlet that uses
/// it (outlets ascending, by their index in [`Counts::outlets`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gram {
    /// The packed n-gram.
    pub key: u64,
    /// Its count over all outlets.
    pub total: u64,
    /// (outlet index, count), outlets ascending.
    pub outlets: Vec<(u32, u64)>,
}

impl Gram {
    /// Its count in outlet `o` (0 when the outlet does not use it).
    pub fn count(&self, o: usize) -> u64 {
        let o = o as u32;
        self.outlets
            .binary_search_by_key(&o, |&(x, _)| x)
            .map_or(0, |i| self.outlets[i].1)
    }
}

/// Spilled n-gram counts, read back in order of packed n-gram.
#[derive(Debug)]
pub struct GramRuns {
    runs: Runs<GramRecord>,
    unigrams: Vec<u64>,
}

impl GramRuns {
    /// The corpus count of every unigram (packed key, count), known
    /// without reading the runs.
    pub fn unigrams(&self) -> FxHashMap<u64, u64> {
        self.unigrams
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(k, &c)| (k as u64, c))
            .collect()
    }

    /// Every n-gram in order of packed key, `batch` at a time to `f`.
    pub fn read(&self, batch: usize, mut f: impl FnMut(&[Gram])) -> io::Result<()> {
        let mut grams: Vec<Gram> = Vec::with_capacity(batch.max(1));
        let mut at: Option<Gram> = None;
        for r in self.runs.merge()? {
            let r = r?;
            let g = match &mut at {
                Some(g) if g.key == r.key => g,
                _ => {
                    if let Some(done) = at.take() {
                        grams.push(done);
                        if grams.len() >= batch.max(1) {
                            f(&grams);
                            grams.clear();
                        }
                    }
                    at.insert(Gram {
                        key: r.key,
                        ..Gram::default()
                    })
                }
            };
            g.total += u64::from(r.count);
            match g.outlets.last_mut() {
                Some(last) if last.0 == r.outlet => last.1 += u64::from(r.count),
                _ => g.outlets.push((r.outlet, u64::from(r.count))),
            }
        }
        grams.extend(at);
        if !grams.is_empty() {
            f(&grams);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let r = GramRecord {
            key: (5 << 42) | (7 << 21) | 9,
            outlet: 70_000,
            count: u32::MAX,
        };
        let mut b = [0u8; GramRecord::BYTES];
        r.put(&mut b);
        assert_eq!(GramRecord::get(&b), r);
    }

    #[test]
    fn spilled_counts_read_back_as_the_tables_held_them() {
        let doc = |t: &str| vec![t.split(' ').map(String::from).collect::<Vec<_>>()];
        let texts = [
            ("A", "kiev regime talks kiev regime"),
            ("B", "kyiv talks kiev regime"),
            ("A", "regime talks talks"),
            ("C", "kyiv kyiv"),
        ];
        let mut whole = Counts::default();
        let mut part = Counts::default();
        let dir = tempfile::tempdir().unwrap();
        // a budget of 3 pairs spills after nearly every document
        let mut spill = GramSpill::new(3, dir.path());
        for (outlet, text) in texts {
            whole.add(outlet, &doc(text), 3);
            part.add(outlet, &doc(text), 3);
            spill.check(&mut part).unwrap();
        }
        let (part, runs) = spill.finish(part).unwrap();
        let runs = runs.expect("spilled");
        assert_eq!(part.pairs(), 0);
        assert_eq!(part.totals, whole.totals);
        let mut want: Vec<Gram> = whole
            .overall()
            .into_iter()
            .map(|(key, total)| Gram {
                key,
                total,
                outlets: (0..whole.outlets.len())
                    .filter_map(|o| whole.counts[o].get(&key).map(|&c| (o as u32, u64::from(c))))
                    .collect(),
            })
            .collect();
        want.sort_by_key(|g| g.key);
        for batch in [1, 2, 1000] {
            let mut got = Vec::new();
            runs.read(batch, |b| got.extend_from_slice(b)).unwrap();
            assert_eq!(got, want, "batch {batch}");
        }
        let unigrams: FxHashMap<u64, u64> = want
            .iter()
            .filter(|g| g.key < 1 << BITS)
            .map(|g| (g.key, g.total))
            .collect();
        assert_eq!(runs.unigrams(), unigrams);
        // "kiev": 2 in A's first text, 1 in B's
        let kiev = u64::from(whole.words.id("kiev").unwrap());
        assert_eq!(unigrams[&kiev], 3);
    }
}
