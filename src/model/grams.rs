//! The n-gram counts of every training unit, built once per `train`: each
//! n-gram that enough units hold gets an id (ids in the n-grams' sorted
//! order), each unit a sorted list of (id, count). A validation split then
//! fits its vocabulary from column statistics of its training units
//! instead of re-reading and re-hashing every n-gram string, and gets the
//! same vocabulary [`Vocabulary::fit`] would.

use rustc_hash::FxHashMap;

use super::design::{Design, Passage, Scaler};
use super::sparse::SparseDesign;
use super::vocab::{Grams, TextOptions, Vocabulary};

/// Marks an n-gram id that is not a column of a split's vocabulary.
const NOT_KEPT: u32 = u32::MAX;

/// The n-grams held by at least `min_df` units, and each unit's counts.
#[derive(Debug, Clone, PartialEq)]
pub struct GramTable {
    /// The n-grams, sorted; an n-gram's id is its index.
    terms: Vec<String>,
    /// Per unit, (id, count) by increasing id: one exact allocation per
    /// unit, where one vector of all cells grown by doubling would hold up
    /// to three times their size while it is copied.
    units: Vec<Box<[(u32, u32)]>>,
}

impl GramTable {
    /// Counts the n-grams of `passages`. An n-gram in fewer than `min_df`
    /// of them can reach no split's vocabulary (a split's training units
    /// are some of these), so it gets no id.
    pub fn build(passages: &[&Passage], min_df: usize) -> GramTable {
        let (terms, ids) = kept(passages.iter().map(|p| &p.grams), min_df);
        let mut scratch = (Vec::new(), Vec::new());
        let units = passages
            .iter()
            .map(|p| cells(&p.grams, &ids, &mut scratch))
            .collect();
        GramTable { terms, units }
    }

    /// As [`GramTable::build`], taking each unit's n-gram strings away
    /// once counted: the memory they free is reused by the counts of the
    /// units after them, so the table adds little to the peak.
    /// `grams` holds each unit's n-grams, in unit order.
    pub fn build_taking(grams: &mut [&mut Grams], min_df: usize) -> GramTable {
        let (terms, ids) = kept(grams.iter().map(|g| &**g), min_df);
        let mut scratch = (Vec::new(), Vec::new());
        let units = grams
            .iter_mut()
            .map(|g| cells(&std::mem::take(&mut **g), &ids, &mut scratch))
            .collect();
        GramTable { terms, units }
    }

    /// A table of sorted `terms` and each unit's (id, count) cells by
    /// increasing id (see [`super::counter::GramCounter`]).
    pub(super) fn from_parts(terms: Vec<String>, units: Vec<Box<[(u32, u32)]>>) -> GramTable {
        GramTable { terms, units }
    }

    /// Number of n-grams with an id.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no n-gram has an id.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Unit `u`'s (id, count) cells.
    fn unit(&self, u: usize) -> &[(u32, u32)] {
        &self.units[u]
    }

    /// The vocabulary [`Vocabulary::fit`] fits on the units `train`, and
    /// the column of each n-gram id in it (`NOT_KEPT` if none).
    pub fn vocabulary(&self, train: &[usize], options: TextOptions) -> (Vocabulary, Vec<u32>) {
        let mut df = vec![0u32; self.len()];
        for &u in train {
            for &(id, _) in self.unit(u) {
                df[id as usize] += 1;
            }
        }
        let n = train.len();
        let max = (options.max_df * n as f64).floor().max(1.0) as usize;
        let mut kept: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| {
                let d = df[i as usize] as usize;
                d >= options.min_df.max(1) && d <= max
            })
            .collect();
        // Most frequent first, ties by the n-gram (ids are in n-gram
        // order), as Vocabulary::fit cuts.
        kept.sort_unstable_by(|&a, &b| df[b as usize].cmp(&df[a as usize]).then(a.cmp(&b)));
        kept.truncate(options.max_features);
        kept.sort_unstable();
        let mut column = vec![NOT_KEPT; self.len()];
        for (c, &id) in kept.iter().enumerate() {
            column[id as usize] = c as u32;
        }
        let idf = kept
            .iter()
            .map(|&i| ((1.0 + n as f64) / (1.0 + df[i as usize] as f64)).ln() + 1.0)
            .collect();
        let terms = kept
            .iter()
            .map(|&i| self.terms[i as usize].clone())
            .collect();
        (Vocabulary::new(options, terms, idf), column)
    }

    /// Unit `u`'s L2-normalized TF-IDF cells (column, value) under a
    /// vocabulary's columns and IDF, computed as [`Vocabulary::transform`]
    /// computes them, shifted by `offset` columns.
    fn tfidf(&self, u: usize, column: &[u32], idf: &[f64], offset: u32, out: &mut Vec<(u32, f64)>) {
        let start = out.len();
        for &(id, n) in self.unit(u) {
            let c = column[id as usize];
            if c == NOT_KEPT {
                continue;
            }
            // repeated additions, as transform adds the IDF once per
            // occurrence: the same number to the last bit
            let v = (0..n).fold(0.0, |acc, _| acc + idf[c as usize]);
            out.push((offset + c, v));
        }
        let norm = out[start..].iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            out[start..].iter_mut().for_each(|(_, v)| *v /= norm);
        }
    }
}

/// The n-grams in at least `min_df` of `units`, sorted, and the id (index)
/// of each. Only the map of every distinct n-gram is held at once; most
/// are in one unit only and are dropped before any unit's counts are kept.
fn kept<'a>(
    units: impl Iterator<Item = &'a Grams>,
    min_df: usize,
) -> (Vec<String>, FxHashMap<String, u32>) {
    let mut df: FxHashMap<&str, u32> = FxHashMap::default();
    let mut seen: Vec<&str> = Vec::new();
    for grams in units {
        seen.clear();
        seen.extend(grams.iter());
        seen.sort_unstable();
        seen.dedup();
        for &g in &seen {
            *df.entry(g).or_insert(0) += 1;
        }
    }
    let mut terms: Vec<&str> = df
        .into_iter()
        .filter(|&(_, d)| d as usize >= min_df.max(1))
        .map(|(t, _)| t)
        .collect();
    terms.sort_unstable();
    let ids = terms
        .iter()
        .enumerate()
        .map(|(id, t)| (t.to_string(), id as u32))
        .collect();
    (terms.into_iter().map(String::from).collect(), ids)
}

/// A unit's (id, count) cells by increasing id, in one exact allocation;
/// `scratch` is reused from unit to unit.
fn cells(
    grams: &Grams,
    ids: &FxHashMap<String, u32>,
    scratch: &mut (Vec<u32>, Vec<(u32, u32)>),
) -> Box<[(u32, u32)]> {
    let (row, cells) = scratch;
    row.clear();
    row.extend(grams.iter().filter_map(|g| ids.get(g).copied()));
    row.sort_unstable();
    cells.clear();
    for &id in row.iter() {
        match cells.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => cells.push((id, 1)),
        }
    }
    cells.as_slice().into()
}

/// A validation split's (or the final fit's) features from the table.
pub struct TableDesign<'a> {
    /// The n-gram counts of every unit.
    pub table: &'a GramTable,
    /// Every unit's passage (for its lexicon features).
    pub passages: &'a [&'a Passage],
}

impl TableDesign<'_> {
    /// Fits vocabulary and scaler on the units `train`, and returns the
    /// design with its sparse standardized rows: the design
    /// [`Design::fit_transform`] fits on the same units.
    pub fn fit(
        &self,
        train: &[usize],
        lexicon_columns: Vec<String>,
        text: TextOptions,
    ) -> (Design, SparseDesign, Vec<u32>) {
        let (vocabulary, column) = self.table.vocabulary(train, text);
        let mut design = Design {
            lexicon_columns,
            vocabulary,
            scaler: Scaler {
                mean: Vec::new(),
                std: Vec::new(),
            },
        };
        let mut x = self.rows(&design, &column, train);
        design.scaler = x.fit_scaler();
        x.set_scaler(design.scaler.clone());
        (design, x, column)
    }

    /// The rows of the units `idx` under `design` (whose vocabulary gave
    /// `column`), standardized by its scaler.
    pub fn rows(&self, design: &Design, column: &[u32], idx: &[usize]) -> SparseDesign {
        let nl = design.lexicon_columns.len();
        // at most: the lexicon cells, and the unit's n-grams in the vocabulary
        let cells = idx
            .iter()
            .map(|&u| {
                let kept = self.table.unit(u).iter();
                self.passages[u].lexicon.len()
                    + kept.filter(|c| column[c.0 as usize] != NOT_KEPT).count()
            })
            .sum();
        let mut x =
            SparseDesign::with_capacity(design.width(), design.scaler.clone(), idx.len(), cells);
        let mut cells: Vec<(u32, f64)> = Vec::new();
        for &u in idx {
            cells.clear();
            // as Design::raw: lexicon cells beyond the lexicon width are
            // dropped, and a column given twice keeps its last value
            for &(c, v) in &self.passages[u].lexicon {
                if (c as usize) < nl {
                    match cells.iter_mut().find(|(d, _)| *d == c) {
                        Some(cell) => cell.1 = v,
                        None => cells.push((c, v)),
                    }
                }
            }
            cells.sort_by_key(|c| c.0);
            let idf = &design.vocabulary.idf;
            self.table.tfidf(u, column, idf, nl as u32, &mut cells);
            x.push_row(cells.iter().copied().filter(|c| c.1 != 0.0));
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passages() -> Vec<Passage> {
        let texts = [
            "b a c a d",
            "a b e b",
            "c c a d f",
            "a b c d e f",
            "f f f b a",
            "e d b a g",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let grams: Grams = t.split(' ').collect();
                Passage::new(&[i as f64 * 0.5, 0.0, (i % 2) as f64], grams)
            })
            .collect()
    }

    #[test]
    fn split_designs_equal_those_fitted_on_the_strings() {
        let ps = passages();
        let refs: Vec<&Passage> = ps.iter().collect();
        let table = GramTable::build(&refs, 2);
        assert!(!table.terms.contains(&"g".to_string()), "in one unit only");
        let td = TableDesign {
            table: &table,
            passages: &refs,
        };
        let columns = vec!["l0".to_string(), "l1".into(), "l2".into()];
        for (train, max_features, max_df) in [
            (vec![0, 1, 2, 3, 4, 5], 10, 1.0),
            (vec![0, 2, 3, 5], 10, 0.9),
            (vec![1, 2, 4, 5], 3, 0.9),
        ] {
            let text = TextOptions {
                ngrams: 1,
                min_df: 2,
                max_df,
                max_features,
            };
            let train_refs: Vec<&Passage> = train.iter().map(|&i| refs[i]).collect();
            let (want, want_x) = Design::fit_transform(&train_refs, columns.clone(), text);
            let (got, got_x, column) = td.fit(&train, columns.clone(), text);
            assert_eq!(got, want, "train {train:?}");
            assert_eq!(got_x.to_dense(), want_x, "train {train:?}");
            let test: Vec<usize> = (0..6).filter(|i| !train.contains(i)).collect();
            let test_refs: Vec<&Passage> = test.iter().map(|&i| refs[i]).collect();
            assert_eq!(
                td.rows(&got, &column, &test).to_dense(),
                want.matrix(&test_refs)
            );
        }
    }
}
