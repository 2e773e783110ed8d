//! Partial results: what `slant map` writes for a shard of a corpus, what
//! `slant merge` combines, and what `slant report` renders, so that a run
//! split across machines (Spark, Hadoop Streaming) writes the report folder
//! `slant analyze` writes in one process, byte for byte.
//!
//! **Format.** A partial is gzip-compressed JSON Lines, serde only. Line one
//! is the [`Header`]: `{"format":"slant-partial","version":7,"slant":"0.1.0",
//! "phase":"match","lexicons":[{"name","sha256"}],"options":{..},
//! "records":[[first,end],..]}`. `options` holds every option that changes
//! a number in the partial (reading, repeated text, evidence per side,
//! quote weight, comparison views, optional tables, the saved model's
//! hash); scoring options (seed, bootstrap, ...) act at report time and are
//! not in it. `records` lists the ranges of global record numbers the
//! partial covers; a first phase of repeated text adds `inputs`, the files
//! its shard read (name, size, xxh3-128 digest), unioned in corpus order
//! on merge and kept by `merge --decide`. Then one line per row, each tagged with its section,
//! sections in a fixed order and rows in a canonical order within each.
//! The last line, the [`Trailer`] `{"trailer":"slant-partial","rows":N}`,
//! counts the rows, so every reader refuses a file cut short, at a line
//! end or inside one (format version 6; version 5 had no such line).
//! Version 7 records in every repeats file the reading options its records
//! were read with (`options.reading`, which every reader of it checks) and
//! in a second-phase partial the records its repeated text covers
//! (`options.repeats_records`): `report` refuses a merge that covers fewer,
//! so a shard's partial left out, or cut off a file of partials joined
//! with `cat` right after one's closing line, is not read as a smaller
//! corpus.
//!
//! **Writing** a partial does not hold its rows: `slant map` hands them to
//! a [`spill::Spill`] as it makes them, which sorts them in runs of about
//! 8 MB on disk and writes them with `merge`'s k-way merge and fold, the
//! one definition of the canonical order.
//!
//! **Merging** is a function of the rows, never of the order the partials
//! come in, so any grouping and any order give byte-identical files:
//! - [`merge`] streams: each partial's rows are sorted, so it folds a k-way
//!   merge of them as it writes, holding a row per input;
//! - headers must agree field by field except `records` (merge names the
//!   first field that differs); record ranges are unioned and must not
//!   overlap, which also refuses the same shard merged twice;
//! - counts (forms, bytes, unreadable dates, n-gram counts and totals per
//!   outlet) are integer sums; no floating-point sum is ever merged, since
//!   float addition is not associative;
//! - evidence per (outlet, axis, side) is the top k of the union under a
//!   total order: strength, then record number, then sentence, which is
//!   the order analyze's stable sort keeps;
//! - the model's surest sentences per (outlet, class) are the top `keep`
//!   of the union under a total order: probability, then record number,
//!   then sentence, as analyze's stable sort ranks them;
//! - "first seen" facts (metadata field names, the example unreadable date,
//!   the first sighting of each word) keep the minimum (record, position);
//! - LSS evidence candidates (with a saved scale, `map --lss-polarity`)
//!   per (outlet, direction) are ranked candidates as the model's are:
//!   the top 3 by how far they move their document from the saved mean,
//!   then record number, then sentence;
//! - wire copy found over the corpus is listed a row per row of
//!   `duplicates.csv`, keyed by its place in the table, so the canonical
//!   order is the table's and the same rows of every shard fold into one
//!   (format version 4; version 3 held them all in one row, which each
//!   step held whole);
//! - input warnings ([`warnings`]) are a count, summed, and the first 20
//!   as sightings at the shard's first record number and their place in
//!   it, so the merge keeps the first 20 of the corpus in input order
//!   (format version 5; version 4 left them out);
//! - per-document rows (id, date, title, fields, outlet, tally, the rows of
//!   matches.csv and sentences.csv, the model's probabilities, LSS raw
//!   scores, the records skipped on reading) are the rows the outputs list
//!   anyway, and the first phase's MinHash signatures, which no output
//!   lists but exact wire copy needs (README, "More than one machine");
//!   they are unioned and sorted by record number.
//!
//! **Reporting** streams too ([`stream`]): `slant report` reads the merged
//! partial's rows one at a time in canonical order, merging a file that is
//! not one sorted partial first.
//!
//! **Document order.** Every document carries its global record number:
//! in analyze its position among the records read; `slant map` counts from
//! `--first-record N`, or reads keyed lines `N<TAB>{json}` such as Spark's
//! `zipWithIndex` makes. Sorting by it reproduces input order whatever the
//! shard order. Two documents with one id in different shards cannot be
//! resolved the way analyze does (skip the later one): merge refuses them,
//! naming both records.
//!
//! **Repeated text** is corpus-wide and decided before matching, so it
//! takes two map phases: `slant map --repeats-only` writes line counts per
//! outlet and per-document signatures (phase `repeats`); merged, they give
//! exactly the boilerplate and copy groups analyze finds, and `slant map
//! --repeats MERGED` masks and drops with them. With `--keep-boilerplate
//! --duplicates keep` the first phase only lists, as analyze does. Bounded,
//! the first phase takes two steps ([`lines`]): `--propose-lines` writes
//! each shard's lines frequent enough in it to be boilerplate over the
//! corpus (phase `proposals`), and `--line-candidates MERGED` counts only
//! those. `merge --decide` keeps only what a merged first phase decides
//! (phase `decided`: boilerplate lines, copy groups, later copies), which
//! `map --repeats` reads in place of every count and signature.
//!
//! **Word ids** are interned in first-seen order (see
//! [`crate::aggregate::ngrams`]); a partial stores n-grams as text and each
//! word's first sighting (record, then place among the words the document
//! holds first), and the report interns in that order ([`words`]), so no
//! shard's ids leak into an output, ties break as in analyze, and the cap
//! on distinct words falls on the words analyze caps.
//!
//! **Randomness.** The bootstrap runs at report time on the merged
//! documents; since they are in analyze's order, one seed gives the same
//! draws.
//!
//! **Bounded size.** Apart from per-document rows, a partial grows with
//! outlets and distinct terms; but distinct n-grams (trigrams above all)
//! keep growing with a corpus. `map --ngram-top K` bounds them: a pass
//! writes each outlet's K most frequent n-grams of the shard (and the K
//! most frequent of all) as candidates, merged over the corpus; the final
//! `map --ngram-candidates MERGED` counts those candidates alone, exactly,
//! with each outlet's exact totals, and their words' first sightings
//! (a subset interned in first-seen order keeps every comparison of
//! n-grams). Every count shown is then exact; a term outside every shard's
//! top list is not ranked, which the report notes (unless no shard left
//! one out, when the report is analyze's).

mod ahead;
mod error;
pub mod file;
pub mod header;
pub mod lines;
pub mod lss;
pub mod merge;
pub mod predictions;
pub mod repeats;
pub mod rows;
pub mod shard;
pub mod spill;
pub mod stream;
pub mod trailer;
mod unique;
pub mod warnings;
pub mod words;

pub use file::{Partial, PartialError};
pub use header::{Header, HeaderError, LexiconHash, Phase, ShardInput, FORMAT, VERSION};
pub use rows::{Row, Side};
pub use trailer::Trailer;

/// Record ranges as a message shows them, each as its first and last
/// record number, counted from 0 as `--first-record` counts:
/// `records 0–99 and 150–199`, `record 7`, `no records`. A range is held
/// as `(first, end)` with `end` the number after its last record.
pub fn shown_records(records: &[(u64, u64)]) -> String {
    let ranges: Vec<(u64, u64)> = records
        .iter()
        .filter(|(a, b)| b > a)
        .map(|&(a, b)| (a, b - 1))
        .collect();
    let shown: Vec<String> = ranges
        .iter()
        .map(|&(a, last)| match a == last {
            true => a.to_string(),
            false => format!("{a}\u{2013}{last}"),
        })
        .collect();
    let many = ranges.len() > 1 || ranges.first().is_some_and(|(a, last)| a != last);
    match shown.split_last() {
        None => "no records".to_string(),
        Some((last, [])) if !many => format!("record {last}"),
        Some((last, [])) => format!("records {last}"),
        Some((last, rest)) => format!("records {} and {last}", rest.join(", ")),
    }
}

/// Said once beside record numbers in a message that compares ranges.
pub const COUNTED_FROM_0: &str = "record numbers count from 0, as --first-record does";

/// What to do when a merged partial covers fewer records than the repeated
/// text it was mapped with: a shard's partial is missing.
pub const MISSING_SHARD: &str = "a shard's partial is missing (left out of the merge, or cut off a file of partials joined one after another): merge every shard's";

#[cfg(test)]
mod tests;
