//! The boilerplate search of [`super::lines`] in bounded memory: rather
//! than a count per distinct line of each outlet in a hash table, each
//! (outlet, line, document) goes to an external sort ([`crate::extsort`])
//! and the lines are counted as the sorted records are read back. Only
//! the boilerplate lines (few) are kept in memory at the end.
//!
//! `boilerplate.csv` shows each line as it was written in the document
//! where its count reached [`LineRule::min_docs`] (as [`LineCounts`] keeps
//! it). That document is known only once everything is sorted, so the
//! shortened text of a line goes to a temporary file whenever it may be
//! that one, and the record keeps where: every time but the first that a
//! line is seen in an outlet. A fixed-size Bloom filter tells first
//! sightings (with certainty) from possible repeats (with a few false
//! alarms, which only write a text that is never read).
//!
//! [`LineCounts`]: super::lines::LineCounts

use std::fs::File;
use std::io::{self, BufWriter};
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::lines::{sort_rows, BoilerplateLine, LineRule, SHOWN_CHARS};
use crate::extsort::{
    read_str_at, rewound, temp_file, write_str, GetFields, Parts, PutFields, Record, Sorter,
};

/// Bits of the Bloom filter of the (outlet, line) pairs seen: 2 MB.
const BLOOM_BITS: usize = 1 << 24;

/// Where a record keeps no text.
const NO_TEXT: u64 = u64::MAX;

/// One line of one document: its outlet (by number), hash, the document's
/// input position, and where its shortened text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LineRecord {
    outlet: u32,
    hash: u64,
    position: u64,
    text_at: u64,
}

impl Record for LineRecord {
    const BYTES: usize = 28;

    fn put(&self, out: &mut [u8]) {
        PutFields::new(out)
            .put(self.outlet)
            .put(self.hash)
            .put(self.position)
            .put(self.text_at);
    }

    fn get(b: &[u8]) -> LineRecord {
        let mut f = GetFields::new(b);
        LineRecord {
            outlet: f.get(),
            hash: f.get(),
            position: f.get(),
            text_at: f.get(),
        }
    }
}

/// Per outlet, the hashes of its boilerplate lines; and the rows of
/// `boilerplate.csv`.
pub type Boilerplate = (FxHashMap<String, FxHashSet<u64>>, Vec<BoilerplateLine>);

/// Per outlet, in how many documents each line occurs, counted at the end.
#[derive(Debug)]
pub struct LineTally {
    /// Outlet -> its number.
    numbers: FxHashMap<String, u32>,
    /// Per outlet number, its name, documents and records.
    outlets: Vec<(String, usize, u64)>,
    sorter: Sorter<LineRecord>,
    texts: BufWriter<File>,
    written: u64,
    bloom: Vec<u64>,
    keep_text_at: u32,
    position: u64,
}

impl LineTally {
    /// An empty tally spilling to `dir` (the system's temporary folder when
    /// `None`), keeping the text of lines once they reach `rule.min_docs`.
    pub fn new(rule: &LineRule, dir: Option<&Path>) -> io::Result<LineTally> {
        let texts = temp_file(dir)?;
        Ok(LineTally {
            numbers: FxHashMap::default(),
            outlets: Vec::new(),
            sorter: Sorter::new(dir),
            texts: BufWriter::with_capacity(1 << 16, texts),
            written: 0,
            bloom: vec![0; BLOOM_BITS / 64],
            keep_text_at: rule.min_docs.max(1) as u32,
            position: 0,
        })
    }

    /// Adds the next document: its outlet, text and distinct lines, each
    /// with the first paragraph that holds it ([`super::lines::doc_lines_at`]).
    pub fn add(
        &mut self,
        outlet: &str,
        text: &str,
        lines: &[(u64, Range<usize>)],
    ) -> io::Result<()> {
        let number = match self.numbers.get(outlet) {
            Some(&n) => n,
            None => {
                let n = self.outlets.len() as u32;
                self.numbers.insert(outlet.to_string(), n);
                self.outlets.push((outlet.to_string(), 0, 0));
                n
            }
        };
        let counts = &mut self.outlets[number as usize];
        counts.1 += 1;
        counts.2 += lines.len() as u64;
        // The filter's words for this document's lines are read first, all
        // at once: each is likely a miss in the caches (2 MB of filter), and
        // read one by one in the loop below they waited on each other.
        let ahead = lines.iter().fold(0u64, |acc, (hash, _)| {
            acc ^ self.bloom[bloom_bits(number, *hash).0]
        });
        std::hint::black_box(ahead);
        for (hash, at) in lines {
            let seen = self.seen_before(number, *hash);
            let text_at = if seen || self.keep_text_at == 1 {
                self.write_text(&text[at.clone()])?
            } else {
                NO_TEXT
            };
            self.sorter.push(LineRecord {
                outlet: number,
                hash: *hash,
                position: self.position,
                text_at,
            })?;
        }
        self.position += 1;
        Ok(())
    }

    /// Whether (`outlet`, `hash`) may have been seen before; notes it seen.
    fn seen_before(&mut self, outlet: u32, hash: u64) -> bool {
        let (word, mask) = bloom_bits(outlet, hash);
        let seen = self.bloom[word] & mask == mask;
        self.bloom[word] |= mask;
        seen
    }

    /// Writes a line's shown text; where it starts.
    fn write_text(&mut self, line: &str) -> io::Result<u64> {
        // its first SHOWN_CHARS characters: as many bytes when they are
        // ASCII (nearly always), else counted character by character
        let head = &line.as_bytes()[..line.len().min(SHOWN_CHARS)];
        let end = if head.is_ascii() {
            head.len()
        } else {
            line.char_indices()
                .nth(SHOWN_CHARS)
                .map_or(line.len(), |(i, _)| i)
        };
        let shown = &line[..end];
        let at = self.written;
        write_str(&mut self.texts, shown)?;
        self.written += 4 + shown.len() as u64;
        Ok(at)
    }

    /// The boilerplate lines under `rule`, as [`super::LineCounts::finish`]
    /// gives them. The sorted records are read in parts of whole outlets,
    /// a few per thread of the pool, merged side by side.
    pub fn finish(self, rule: &LineRule) -> io::Result<Boilerplate> {
        let parts = rayon::current_num_threads().saturating_mul(PARTS_PER_THREAD);
        self.finish_in(rule, parts)
    }

    /// [`LineTally::finish`] reading the records in about `parts` parts.
    fn finish_in(self, rule: &LineRule, parts: usize) -> io::Result<Boilerplate> {
        let LineTally {
            outlets,
            sorter,
            texts,
            keep_text_at,
            ..
        } = self;
        let sorted = sorter.into_parts()?;
        let texts = rewound(texts)?;
        let cuts = cuts(&outlets, parts);
        let starts = std::iter::once(None).chain(cuts.iter().map(|c| Some(key(*c))));
        let ends = cuts
            .iter()
            .map(|c| Some(key(*c)))
            .chain(std::iter::once(None));
        let ranges: Vec<(Option<LineRecord>, Option<LineRecord>)> = starts.zip(ends).collect();
        let read = Reading {
            sorted: &sorted,
            texts: &texts,
            needs: outlets
                .iter()
                .map(|(_, docs, _)| rule.threshold(*docs) as u32)
                .collect(),
            keep_text_at,
        };
        let found: Vec<io::Result<Vec<Found>>> = ranges
            .into_par_iter()
            .map(|(from, to)| read.part(from, to))
            .collect();
        // The files are closed on a thread of their own: freeing their
        // pages takes the file system a while, and nothing waits for it.
        let closing = (sorted, texts);
        if let Err(e) = std::thread::Builder::new().spawn(move || drop(closing)) {
            drop(e);
        }
        let mut sets: FxHashMap<String, FxHashSet<u64>> = FxHashMap::default();
        let mut rows = Vec::new();
        for part in found {
            for (outlet, hash, documents, line) in part? {
                let name = &outlets[outlet as usize].0;
                sets.entry(name.clone()).or_default().insert(hash);
                rows.push(BoilerplateLine {
                    outlet: name.clone(),
                    line,
                    documents,
                });
            }
        }
        sort_rows(&mut rows);
        Ok((sets, rows))
    }
}

/// Parts of the sorted records read at once per thread: parts of equal
/// records may take unequal time, and a thread done early takes another.
const PARTS_PER_THREAD: usize = 3;

/// A boilerplate line found: its outlet, hash, documents and shown text.
type Found = (u32, u64, u32, String);

/// Where the sorted records are cut into about `parts` parts of about
/// equal records: (outlet, hash) keys, in order, none twice. A part holds
/// the records from one key to the next, so every (outlet, hash) group is
/// in one part; within an outlet the cut is placed by the share of its
/// records before it, the hashes being about uniform.
fn cuts(outlets: &[(String, usize, u64)], parts: usize) -> Vec<(u32, u64)> {
    let total: u64 = outlets.iter().map(|o| o.2).sum();
    let parts = parts.max(1) as u64;
    let mut cuts: Vec<(u32, u64)> = Vec::new();
    let (mut outlet, mut before) = (0usize, 0u64);
    for part in 1..parts {
        let target = u128::from(total) * u128::from(part) / u128::from(parts);
        let target = target as u64;
        // the outlet whose records hold the target
        while outlet < outlets.len() && before + outlets[outlet].2 <= target {
            before += outlets[outlet].2;
            outlet += 1;
        }
        let Some((_, _, records)) = outlets.get(outlet) else {
            break;
        };
        let into = u128::from(target - before) << 64;
        let hash = (into / u128::from((*records).max(1))) as u64;
        let cut = (outlet as u32, hash);
        if cuts.last().is_none_or(|last| *last < cut) && cut != (0, 0) {
            cuts.push(cut);
        }
    }
    cuts
}

/// The key that starts the records of (`outlet`, `hash`).
fn key((outlet, hash): (u32, u64)) -> LineRecord {
    LineRecord {
        outlet,
        hash,
        position: 0,
        text_at: 0,
    }
}

/// What reading a part needs: the sorted records, the texts file, each
/// outlet's documents needed, and the sighting whose text is kept.
struct Reading<'a> {
    sorted: &'a Parts<LineRecord>,
    texts: &'a File,
    needs: Vec<u32>,
    keep_text_at: u32,
}

impl Reading<'_> {
    /// The boilerplate lines whose records are from `from` to `to`, in
    /// sorted order.
    fn part(&self, from: Option<LineRecord>, to: Option<LineRecord>) -> io::Result<Vec<Found>> {
        let mut found = Vec::new();
        // (outlet, hash, documents, where its text is)
        let mut group: Option<(u32, u64, u32, u64)> = None;
        let mut close = |g: Option<(u32, u64, u32, u64)>| -> io::Result<()> {
            if let Some(g) = g.filter(|g| g.2 >= self.needs[g.0 as usize]) {
                found.push((g.0, g.1, g.2, read_text(self.texts, g.3)?));
            }
            Ok(())
        };
        for r in self.sorted.between(from.as_ref(), to.as_ref())? {
            let r = r?;
            match &mut group {
                Some(g) if (g.0, g.1) == (r.outlet, r.hash) => g.2 += 1,
                _ => close(group.replace((r.outlet, r.hash, 1, NO_TEXT)))?,
            }
            if let Some(g) = &mut group {
                if g.2 == self.keep_text_at {
                    g.3 = r.text_at;
                }
            }
        }
        close(group)?;
        Ok(found)
    }
}

/// The word of the Bloom filter that notes (`outlet`, `hash`) seen, and
/// its two bits there: both in one word, so one cache line is read per
/// line, not two. A false "seen" only writes a text not needed.
fn bloom_bits(outlet: u32, hash: u64) -> (usize, u64) {
    let mixed = hash ^ u64::from(outlet).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let word = (mixed as usize) % (BLOOM_BITS / 64);
    let mask = (1u64 << ((mixed >> 40) & 63)) | (1u64 << ((mixed >> 52) & 63));
    (word, mask)
}

/// The text written at `at` (empty for [`NO_TEXT`]).
fn read_text(texts: &File, at: u64) -> io::Result<String> {
    if at == NO_TEXT {
        return Ok(String::new());
    }
    read_str_at(texts, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::lines::{doc_lines, doc_lines_at, LineCounts};

    /// Documents of 12 outlets, each of a story line, a line from a pool
    /// of 30 written in varying case and digits, and sometimes a footer.
    fn corpus(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                let pool = (i * 7) % 30;
                let pooled = ["Pooled LINE", "pooled line"][i % 2];
                let mut text = format!(
                    "Story {i} of the day {}.\n{pooled} {pool} at {}",
                    i * 31,
                    i % 10
                );
                if i % 3 == 0 {
                    text.push_str("\n\nSubscribe to our newsletter! Call 555-0100");
                }
                (format!("Outlet {}", i % 12), text)
            })
            .collect()
    }

    /// A line's shown text is its first [`SHOWN_CHARS`] characters, ASCII
    /// or not, shorter or longer than that, beyond ASCII before or after.
    #[test]
    fn shown_texts_are_the_first_characters() {
        let mut tally = LineTally::new(&LineRule::default(), None).unwrap();
        let lines = [
            String::new(),
            "Short line".to_string(),
            "x".repeat(SHOWN_CHARS),
            "y".repeat(SHOWN_CHARS + 1),
            format!("{}\u{e9}{}", "a".repeat(40), "b".repeat(90)),
            format!("{}\u{2019}s", "c".repeat(SHOWN_CHARS - 1)),
            format!("{}\u{e9}", "d".repeat(SHOWN_CHARS)),
            "\u{e9}".repeat(SHOWN_CHARS + 5),
        ];
        let at: Vec<u64> = lines.iter().map(|l| tally.write_text(l).unwrap()).collect();
        let texts = rewound(tally.texts).unwrap();
        for (line, at) in lines.iter().zip(at) {
            let want: String = line.chars().take(SHOWN_CHARS).collect();
            assert_eq!(read_text(&texts, at).unwrap(), want);
        }
    }

    #[test]
    fn the_sorted_tally_gives_the_counts_in_memory() {
        for (n, rule) in [
            (0, LineRule::default()),
            (5, LineRule::default()),
            // 5,000 documents: about 12,000 records, three runs of the sort
            (5_000, LineRule::default()),
            (
                5_000,
                LineRule {
                    min_docs: 1,
                    min_share: 0.0,
                },
            ),
            (
                2_000,
                LineRule {
                    min_docs: 40,
                    min_share: 0.01,
                },
            ),
        ] {
            let docs = corpus(n);
            let mut counts = LineCounts::new(&rule);
            let mut tally = LineTally::new(&rule, None).unwrap();
            for (outlet, text) in &docs {
                counts.add(outlet, text, &doc_lines(text));
                tally.add(outlet, text, &doc_lines_at(text)).unwrap();
            }
            let (want_sets, want_rows) = counts.finish(&rule);
            let (sets, rows) = tally.finish(&rule).unwrap();
            assert_eq!(rows, want_rows, "{n} documents, {rule:?}");
            assert_eq!(sets, want_sets);
            if n >= 2_000 {
                assert!(!rows.is_empty());
            }
        }
    }

    /// Read in any number of parts, one after another or side by side on
    /// a pool of one to four threads, the tally gives the counts in
    /// memory: parts of several outlets, parts cut inside outlets by hash.
    #[test]
    fn any_parts_give_the_counts_in_memory() {
        let rule = LineRule {
            min_docs: 3,
            min_share: 0.0,
        };
        let docs = corpus(5_000);
        let mut counts = LineCounts::new(&rule);
        for (outlet, text) in &docs {
            counts.add(outlet, text, &doc_lines(text));
        }
        let want = counts.finish(&rule);
        for threads in 1..=4 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for parts in [0, 1, 2, 3, 5, 12, 13, 40, 97] {
                let mut tally = LineTally::new(&rule, None).unwrap();
                for (outlet, text) in &docs {
                    tally.add(outlet, text, &doc_lines_at(text)).unwrap();
                }
                let got = pool.install(|| tally.finish_in(&rule, parts)).unwrap();
                assert_eq!(got, want, "{parts} parts on {threads} threads");
            }
        }
    }

    /// Cuts are in order, fewer than the parts, at the share of the
    /// records each part ends at, inside an outlet by the share of its
    /// records; without records, none.
    #[test]
    fn cuts_split_the_records_in_equal_parts() {
        let outlets = |records: &[u64]| -> Vec<(String, usize, u64)> {
            records.iter().map(|r| (String::new(), 1, *r)).collect()
        };
        assert_eq!(cuts(&outlets(&[]), 3), []);
        assert_eq!(cuts(&outlets(&[0, 0, 0]), 3), []);
        assert_eq!(cuts(&outlets(&[5, 5, 5]), 1), []);
        assert_eq!(cuts(&outlets(&[5, 5, 5, 5]), 2), [(2, 0)]);
        assert_eq!(cuts(&outlets(&[0, 5, 0, 5]), 2), [(3, 0)]);
        // one outlet holding most records: cut inside it, by hash
        assert_eq!(
            cuts(&outlets(&[20, 80]), 5),
            [(1, 0), (1, 1 << 62), (1, 1 << 63), (1, 3 << 62)]
        );
        for parts in 1..40 {
            let records: Vec<u64> = (0..30).map(|i| (i * 37 % 11) as u64).collect();
            let cuts = cuts(&outlets(&records), parts);
            assert!(cuts.len() < parts);
            assert!(cuts.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
