//! The document-feature matrix (quanteda's `dfm`): how often each word
//! occurs in each document, gathered as documents stream past and kept
//! sparse, so memory grows with the distinct words of each document, not
//! with documents times vocabulary.

use std::collections::HashMap;

use super::ngrams::fold_word;
use crate::corpus::Document;
use crate::matching::MatchedDoc;
use crate::stream::DocHook;
use crate::text::tokens;

/// Word counts per document, sparse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dfm {
    /// The vocabulary in column order: every word (lower-cased, as
    /// keyness counts them) in byte order.
    pub terms: Vec<String>,
    /// Per document in input order: (column, count), columns increasing.
    pub rows: Vec<Vec<(u32, u32)>>,
}

impl Dfm {
    /// Stored (non-zero) cells.
    pub fn nonzero(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// Per term (column): the documents that use it, and its total count.
    pub fn term_totals(&self) -> (Vec<u64>, Vec<u64>) {
        let mut docs = vec![0u64; self.terms.len()];
        let mut total = vec![0u64; self.terms.len()];
        for row in &self.rows {
            for &(col, n) in row {
                docs[col as usize] += 1;
                total[col as usize] += u64::from(n);
            }
        }
        (docs, total)
    }
}

/// Gathers a [`Dfm`] as documents stream past.
#[derive(Debug, Default)]
pub struct DfmCollector {
    // Looked up, never iterated: ids are given in order of first use and
    // renumbered in byte order at the end, so the output does not depend
    // on hashing.
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    rows: Vec<Vec<(u32, u32)>>,
}

impl DfmCollector {
    /// The matrix, columns in byte order of the terms.
    pub fn finish(self) -> Dfm {
        let mut order: Vec<u32> = (0..self.terms.len() as u32).collect();
        order.sort_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
        let mut column = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            column[old as usize] = new as u32;
        }
        let rows = self
            .rows
            .into_iter()
            .map(|r| {
                let mut r: Vec<(u32, u32)> = r
                    .into_iter()
                    .map(|(t, n)| (column[t as usize], n))
                    .collect();
                r.sort_unstable();
                r
            })
            .collect();
        let mut terms = self.terms;
        let terms = order
            .iter()
            .map(|&i| std::mem::take(&mut terms[i as usize]))
            .collect();
        Dfm { terms, rows }
    }
}

impl DocHook for DfmCollector {
    /// The document's words with their counts, in order of first use.
    type Item = Vec<(String, u32)>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let mut counts: Vec<(String, u32)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for span in &m.layout.sentences {
            let sentence = &doc.text[span.clone()];
            for t in tokens(sentence) {
                let w = fold_word(&sentence[t]);
                match at.get(&w) {
                    Some(&i) => counts[i].1 += 1,
                    None => {
                        at.insert(w.clone(), counts.len());
                        counts.push((w, 1));
                    }
                }
            }
        }
        counts
    }

    fn consume(&mut self, _: &Document, _: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        let row = item
            .into_iter()
            .map(|(w, n)| {
                let next = self.terms.len() as u32;
                let id = *self.ids.entry(w).or_insert_with_key(|w| {
                    self.terms.push(w.clone());
                    next
                });
                (id, n)
            })
            .collect();
        self.rows.push(row);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_renumbered_in_term_order() {
        let mut c = DfmCollector::default();
        for (w, id) in [("kyiv", 0), ("annexation", 1), ("crimea", 2)] {
            c.ids.insert(w.to_string(), id);
            c.terms.push(w.to_string());
        }
        c.rows = vec![vec![(0, 2), (2, 1)], vec![], vec![(1, 5)]];
        let dfm = c.finish();
        assert_eq!(dfm.terms, ["annexation", "crimea", "kyiv"]);
        assert_eq!(dfm.rows, vec![vec![(1, 1), (2, 2)], vec![], vec![(0, 5)]]);
        assert_eq!(dfm.nonzero(), 3);
    }
}
