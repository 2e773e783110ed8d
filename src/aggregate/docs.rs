//! Every document's tally, kept so that memory stays flat in the number of
//! documents: per outlet, only what the statistics need ([`OutletDocs`]:
//! sums, and per axis the distinct document tallies the bootstrap
//! resamples, with how many documents have each); per document, in input
//! order, the full [`DocSummary`] for the per-document tables, spilled to
//! a file in the staging folder ([`DocSpill`]) or, without one (library
//! callers, partials, `lexicon check`), held in memory.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::tally_file::{read_summary, write_summary};
use super::DocSummary;
use crate::features::{AxisTally, DocTally};

/// What an outlet's documents amount to, summed as they arrive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletDocs {
    /// Documents.
    pub n_docs: usize,
    /// Documents with no word token (once boilerplate was left out of
    /// matching, when it was): a document masked away entirely is worth a
    /// warning, not a silent row of zeros.
    pub empty: usize,
    /// Word tokens.
    pub tokens: u64,
    /// Lexicon matches.
    pub matches: u64,
    /// Matches not counted for lack of topic context.
    pub out_of_context: u64,
    /// Per frame, own-voice matches.
    pub frame_own: Vec<u64>,
    /// Per frame, quoted matches.
    pub frame_quote: Vec<u64>,
    /// Per entry with a match, by entry index: (own-voice, quoted) matches.
    pub entries: BTreeMap<u32, (u64, u64)>,
    /// Per axis.
    pub axes: Vec<AxisDocs>,
}

/// An outlet's documents on one axis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AxisDocs {
    /// Documents off-topic for the axis (they count in no score of it).
    pub off_topic: usize,
    /// Documents on topic.
    pub on_topic: usize,
    /// The pooled tally of the documents on topic, summed in input order
    /// (a float sum depends on its order, and the scores must not change).
    pub total: AxisTally,
    /// The distinct pole weights of the documents on topic (as a tally
    /// whose match counts are zero) and how many documents have each: the
    /// units the bootstrap resamples, without a list as long as the
    /// outlet. Keyed by the weights' bits, so the order is fixed.
    pub weights: BTreeMap<[u64; 4], usize>,
    /// While one document is on topic: its sentence count and the tallies
    /// of its sentences with evidence on the axis, which the bootstrap of a
    /// one-document outlet resamples.
    pub single: Option<(u32, Vec<AxisTally>)>,
}

impl AxisDocs {
    /// The distinct pole weights and how many documents have each, in a
    /// fixed order.
    pub fn weight_counts(&self) -> Vec<(AxisTally, usize)> {
        self.weights
            .iter()
            .map(|(k, &n)| {
                let [po, no, pq, nq] = k.map(f64::from_bits);
                let t = AxisTally {
                    pos_own: po,
                    neg_own: no,
                    pos_quote: pq,
                    neg_quote: nq,
                    ..AxisTally::default()
                };
                (t, n)
            })
            .collect()
    }

    fn add(&mut self, axis: usize, t: &DocTally) {
        if t.off_topic.get(axis).copied().unwrap_or(false) {
            self.off_topic += 1;
            return;
        }
        let a = t.axes.get(axis).copied().unwrap_or_default();
        self.on_topic += 1;
        self.total.add(&a);
        let key = [a.pos_own, a.neg_own, a.pos_quote, a.neg_quote].map(f64::to_bits);
        *self.weights.entry(key).or_default() += 1;
        self.single = (self.on_topic == 1).then(|| {
            let sentences = t.sentence_axes.iter();
            let with = sentences.filter(|(_, x, _)| usize::from(*x) == axis);
            (t.sentences, with.map(|(_, _, s)| *s).collect())
        });
    }
}

impl OutletDocs {
    fn add(&mut self, t: &DocTally) {
        self.n_docs += 1;
        self.empty += usize::from(t.tokens == 0);
        self.tokens += t.tokens;
        self.matches += u64::from(t.matches);
        self.out_of_context += u64::from(t.out_of_context);
        add_counts(&mut self.frame_own, &t.frame_own);
        add_counts(&mut self.frame_quote, &t.frame_quote);
        for c in &t.entries {
            let e = self.entries.entry(c.entry).or_default();
            e.0 += u64::from(c.own);
            e.1 += u64::from(c.quote);
        }
        if self.axes.len() < t.axes.len() {
            self.axes.resize_with(t.axes.len(), AxisDocs::default);
        }
        for (a, axis) in self.axes.iter_mut().enumerate() {
            axis.add(a, t);
        }
    }
}

fn add_counts(sums: &mut Vec<u64>, counts: &[u32]) {
    if sums.len() < counts.len() {
        sums.resize(counts.len(), 0);
    }
    for (s, &c) in sums.iter_mut().zip(counts) {
        *s += u64::from(c);
    }
}

/// Where the per-document summaries are.
#[derive(Debug, Clone)]
enum Rows {
    Memory(Vec<DocSummary>),
    File {
        path: PathBuf,
        /// Outlet names by the number the file gives them.
        names: Vec<Arc<str>>,
    },
    Discarded,
}

/// Every document's summary: per outlet in memory, per document in input
/// order ([`Docs::read`]).
#[derive(Debug, Clone)]
pub struct Docs {
    count: usize,
    outlets: BTreeMap<Arc<str>, OutletDocs>,
    rows: Rows,
}

impl Default for Docs {
    fn default() -> Self {
        Docs {
            count: 0,
            outlets: BTreeMap::new(),
            rows: Rows::Memory(Vec::new()),
        }
    }
}

impl FromIterator<DocSummary> for Docs {
    /// Documents held in memory, in the order given.
    fn from_iter<I: IntoIterator<Item = DocSummary>>(iter: I) -> Self {
        let mut docs = Docs::default();
        let mut rows = Vec::new();
        for d in iter {
            docs.note(&d.outlet, &d.tally);
            rows.push(d);
        }
        docs.rows = Rows::Memory(rows);
        docs
    }
}

impl Docs {
    /// Documents.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Per outlet, sorted by name.
    pub fn outlets(&self) -> &BTreeMap<Arc<str>, OutletDocs> {
        &self.outlets
    }

    /// The summaries, in input order.
    pub fn read(&self) -> io::Result<DocReader<'_>> {
        match &self.rows {
            Rows::Memory(v) => Ok(DocReader::Memory(v.iter())),
            Rows::File { path, names } => Ok(DocReader::File {
                file: BufReader::with_capacity(1 << 16, File::open(path)?),
                names,
                left: self.count,
            }),
            Rows::Discarded => Err(io::Error::other(
                "the documents' tallies were discarded once the report was written",
            )),
        }
    }

    /// The summaries of each of `outlets`' documents, in input order, in
    /// one read: a few outlets' worth in memory, for the views that
    /// shuffle their documents.
    pub fn of_outlets(&self, outlets: &[&str]) -> io::Result<Vec<Vec<DocSummary>>> {
        let mut out = vec![Vec::new(); outlets.len()];
        for d in self.read()? {
            let d = d?;
            for (o, list) in outlets.iter().zip(&mut out) {
                if *o == &*d.outlet {
                    list.push(d.clone());
                }
            }
        }
        Ok(out)
    }

    /// Removes the spill file, if any: the report is written and the file
    /// must not end up in its folder.
    pub fn discard(&mut self) -> io::Result<()> {
        if let Rows::File { path, .. } = &self.rows {
            std::fs::remove_file(path)?;
            self.rows = Rows::Discarded;
        }
        Ok(())
    }

    fn note(&mut self, outlet: &Arc<str>, t: &DocTally) {
        self.count += 1;
        match self.outlets.get_mut(&**outlet) {
            Some(o) => o.add(t),
            None => {
                let mut o = OutletDocs::default();
                o.add(t);
                self.outlets.insert(outlet.clone(), o);
            }
        }
    }
}

/// The summaries of [`Docs::read`], one document at a time.
pub enum DocReader<'a> {
    /// From memory.
    Memory(std::slice::Iter<'a, DocSummary>),
    /// From the spill file.
    File {
        /// The file.
        file: BufReader<File>,
        /// Outlet names by number.
        names: &'a [Arc<str>],
        /// Records not yet read.
        left: usize,
    },
}

impl Iterator for DocReader<'_> {
    type Item = io::Result<DocSummary>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            // Cloned: one reader type serves both sources.
            DocReader::Memory(it) => it.next().map(|d| Ok(d.clone())),
            DocReader::File { file, names, left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                Some(read_summary(file, names))
            }
        }
    }
}

/// Gathers [`Docs`] as documents stream past: the per-outlet sums in
/// memory, the summaries in memory or appended to a spill file.
#[derive(Debug, Default)]
pub struct DocSpill {
    docs: Docs,
    file: Option<SpillFile>,
}

#[derive(Debug)]
struct SpillFile {
    out: BufWriter<File>,
    path: PathBuf,
    // Looked up, never iterated: the numbers follow first appearance.
    // Fx: one lookup per document, on the thread that sees them in order.
    number: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl DocSpill {
    /// A spill to a new file at `path`.
    pub fn to_file(path: &Path) -> io::Result<DocSpill> {
        Ok(DocSpill {
            docs: Docs::default(),
            file: Some(SpillFile {
                out: BufWriter::with_capacity(1 << 16, File::create(path)?),
                path: path.to_path_buf(),
                number: FxHashMap::default(),
                names: Vec::new(),
            }),
        })
    }

    /// Adds a document.
    pub fn add(&mut self, d: DocSummary) -> io::Result<()> {
        self.docs.note(&d.outlet, &d.tally);
        let Some(f) = &mut self.file else {
            if let Rows::Memory(v) = &mut self.docs.rows {
                v.push(d);
            }
            return Ok(());
        };
        let n = match f.number.get(&d.outlet) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(f.names.len())
                    .map_err(|_| io::Error::other("too many outlets to spill"))?;
                f.number.insert(d.outlet.clone(), n);
                f.names.push(d.outlet.clone());
                n
            }
        };
        write_summary(&mut f.out, n, &d.tally)
    }

    /// What was gathered; a file is flushed and closed.
    pub fn finish(self) -> io::Result<Docs> {
        let mut docs = self.docs;
        if let Some(f) = self.file {
            f.out.into_inner().map_err(|e| e.into_error())?;
            docs.rows = Rows::File {
                path: f.path,
                names: f.names,
            };
        }
        Ok(docs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::EntryCount;

    fn summary(outlet: &str, i: u32) -> DocSummary {
        let axis = AxisTally {
            pos_own: f64::from(i % 3) * 0.5,
            neg_quote: f64::from(i % 2),
            n_own: i % 3,
            n_quote: i % 2,
            ..AxisTally::default()
        };
        DocSummary {
            outlet: outlet.into(),
            tally: DocTally {
                tokens: u64::from(10 + i),
                sentences: 2,
                matches: i % 4,
                frame_own: vec![i % 2, 1],
                frame_quote: vec![0, i % 3],
                entries: vec![EntryCount {
                    entry: i % 2,
                    own: 1,
                    quote: i % 2,
                }],
                axes: vec![axis],
                off_topic: vec![i % 5 == 4],
                sentence_axes: vec![(1, 0, axis)],
                ..DocTally::default()
            },
        }
    }

    /// Seven documents of outlet A (two off-topic) and one of B.
    fn corpus() -> Vec<DocSummary> {
        let mut v: Vec<DocSummary> = (0..7).map(|i| summary("A", i)).collect();
        v.insert(3, summary("B", 7));
        v
    }

    #[test]
    fn a_spill_reads_back_what_memory_holds_with_the_same_sums() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".tally");
        let (mut mem, mut file) = (DocSpill::default(), DocSpill::to_file(&path).unwrap());
        for d in corpus() {
            mem.add(d.clone()).unwrap();
            file.add(d).unwrap();
        }
        let (mem, mut file) = (mem.finish().unwrap(), file.finish().unwrap());
        let read = |d: &Docs| -> Vec<(String, DocTally)> {
            let rows = d.read().unwrap().map(Result::unwrap);
            rows.map(|d| (d.outlet.to_string(), d.tally)).collect()
        };
        let want: Vec<(String, DocTally)> = corpus()
            .into_iter()
            .map(|d| (d.outlet.to_string(), d.tally))
            .collect();
        assert_eq!(read(&mem), want);
        assert_eq!(read(&file), want);
        assert_eq!(mem.outlets(), file.outlets());
        let ab = file.of_outlets(&["B", "A"]).unwrap();
        assert_eq!((ab[0].len(), ab[0][0].tally.tokens), (1, 17));
        assert_eq!(ab[1].len(), 7);
        file.discard().unwrap();
        assert!(!path.exists() && file.read().is_err());
        assert_eq!(file.len(), 8, "the sums outlive the file");
    }

    #[test]
    fn outlet_sums_by_hand() {
        let docs: Docs = corpus().into_iter().collect();
        let a = &docs.outlets()["A"];
        // documents 0..7 of A: tokens 10..16
        assert_eq!((a.n_docs, a.tokens), (7, 91));
        // frame 0 own: i % 2 over 0..7 = 3; frame 1 quote: i % 3 = 6
        assert_eq!(
            (a.frame_own.clone(), a.frame_quote.clone()),
            (vec![3, 7], vec![0, 6])
        );
        // entry 0 (even i: 4 documents, own 1, quote 0), entry 1 (odd: 3, own 1, quote 1)
        assert_eq!(a.entries[&0], (4, 0));
        assert_eq!(a.entries[&1], (3, 3));
        let ax = &a.axes[0];
        // document 4 is off-topic
        assert_eq!((ax.off_topic, ax.on_topic), (1, 6));
        // pos_own over i in {0,1,2,3,5,6}: 0 + 0.5 + 1 + 0 + 1 + 0 = 2.5
        assert_eq!(ax.total.pos_own, 2.5);
        assert_eq!(ax.weights.values().sum::<usize>(), 6);
        assert_eq!(ax.single, None, "six documents on topic");
        // B's one document keeps its sentences for the bootstrap
        let b = &docs.outlets()["B"].axes[0];
        assert_eq!(b.single.as_ref().map(|s| (s.0, s.1.len())), Some((2, 1)));
    }
}
