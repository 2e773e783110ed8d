//! Counting the n-grams of training units as the corpus streams past: each
//! unit keeps only (n-gram id, count) pairs, so the n-gram strings of all
//! units are never held at once (only one copy of each distinct n-gram).
//! [`GramCounter::finish`] then applies the same rare-n-gram cut and
//! sorted ids as [`GramTable::build`], and gives the same table.

use rustc_hash::FxHashMap;

use super::grams::GramTable;
use super::vocab::Grams;

/// Distinct n-grams with provisional ids (in first-seen order, which is the
/// units' input order, so independent of thread count), and each unit's
/// cells under those ids.
#[derive(Debug, Default)]
pub struct GramCounter {
    ids: FxHashMap<Box<str>, u32>,
    /// Per provisional id, the number of units holding it.
    df: Vec<u32>,
    /// Per unit, (provisional id, count) by increasing id.
    units: Vec<Box<[(u32, u32)]>>,
    /// Reused from unit to unit.
    row: Vec<u32>,
    cells: Vec<(u32, u32)>,
}

impl GramCounter {
    /// Counts the n-grams of the next unit.
    pub fn add(&mut self, grams: &Grams) {
        self.row.clear();
        for g in grams.iter() {
            let id = match self.ids.get(g) {
                Some(&id) => id,
                None => {
                    let id = self.df.len() as u32;
                    self.ids.insert(g.into(), id);
                    self.df.push(0);
                    id
                }
            };
            self.row.push(id);
        }
        self.row.sort_unstable();
        self.cells.clear();
        for &id in &self.row {
            match self.cells.last_mut() {
                Some((last, n)) if *last == id => *n += 1,
                _ => self.cells.push((id, 1)),
            }
        }
        for &(id, _) in &self.cells {
            self.df[id as usize] += 1;
        }
        self.units.push(self.cells.as_slice().into());
    }

    /// The table [`GramTable::build`] builds from the same units: n-grams
    /// in at least `min_df` units, ids in their sorted order.
    pub fn finish(self, min_df: usize) -> GramTable {
        let GramCounter {
            ids, df, mut units, ..
        } = self;
        let mut terms: Vec<(Box<str>, u32)> = ids
            .into_iter()
            .filter(|&(_, id)| df[id as usize] as usize >= min_df.max(1))
            .collect();
        drop(df);
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut final_id =
            vec![u32::MAX; terms.iter().map(|t| t.1 as usize + 1).max().unwrap_or(0)];
        for (i, &(_, id)) in terms.iter().enumerate() {
            final_id[id as usize] = i as u32;
        }
        let mut cells = Vec::new();
        for unit in &mut units {
            cells.clear();
            cells.extend(unit.iter().filter_map(|&(id, n)| {
                let f = *final_id.get(id as usize)?;
                (f != u32::MAX).then_some((f, n))
            }));
            cells.sort_unstable();
            *unit = cells.as_slice().into();
        }
        let terms = terms.into_iter().map(|(t, _)| String::from(t)).collect();
        GramTable::from_parts(terms, units)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::design::Passage;

    #[test]
    fn counting_as_units_arrive_gives_the_table_built_from_the_strings() {
        let texts = [
            "b a c a d",
            "a b e b",
            "zz c c a d f",
            "a b c d e f zz",
            "",
            "f f f b a",
            "e d b a g",
        ];
        let passages: Vec<Passage> = texts
            .iter()
            .map(|t| Passage::new(&[], t.split_whitespace().collect()))
            .collect();
        let refs: Vec<&Passage> = passages.iter().collect();
        for min_df in [0, 1, 2, 3, 7] {
            let mut counter = GramCounter::default();
            for p in &passages {
                counter.add(&p.grams);
            }
            let got = counter.finish(min_df);
            assert_eq!(got, GramTable::build(&refs, min_df), "min_df {min_df}");
        }
    }
}
