//! The run as a whole: a corpus split in two gives the whole, and batches
//! and threads do not change results.

use std::path::PathBuf;

use crate::aggregate::Aggregator;
use crate::corpus::{ReadOptions, Reader};
use crate::lexicon::{load, LexiconSource};
use crate::matching::Matcher;
use crate::scores::tables::{self, DocRow, Tables};
use crate::scores::ScoreValidParams;
use crate::stream;

fn article(i: usize) -> String {
    let outlets = ["RT", "Bloomberg", "Kyiv Independent"];
    let bodies = [
        "The Kiev regime shelled Donbass. Crimea voted to join Russia after a Western-backed coup.",
        "Russia's full-scale invasion of Ukraine continued; Kyiv condemned the illegal annexation.",
        "Officials in Kyiv said the occupied territories must be returned, according to sources.",
    ];
    serde_json::json!({
        "id": format!("d{i}"),
        "outlet": outlets[i % 3],
        "text": format!("{} Paragraph {i}.", bodies[(i / 3 + i) % 3]),
    })
    .to_string()
}

/// The tables, and the rows `documents.csv` computes.
fn run_on(files: &[PathBuf]) -> (Tables, Vec<DocRow>) {
    let set = load(&LexiconSource::defaults()).unwrap().set;
    let matcher = Matcher::new(&set).unwrap();
    let reader = Reader::open(files, ReadOptions::default()).unwrap();
    let mut aggregator = Aggregator::new(&set, crate::text::QuoteWeight::DEFAULT, 3);
    stream::run(reader, &matcher, &mut aggregator, &|_, _| {}).unwrap();
    let (a, opts) = (aggregator.finish().unwrap(), ScoreValidParams::default());
    let docs = a
        .docs
        .read()
        .unwrap()
        .map(|d| tables::document_row(&d.unwrap().tally, &opts))
        .collect();
    (tables::build(&set, &a, &opts), docs)
}

#[test]
fn a_corpus_split_in_two_gives_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..1200).map(article).collect();
    let whole = dir.path().join("whole.jsonl");
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    std::fs::write(&whole, lines.join("\n")).unwrap();
    std::fs::write(&a, lines[..700].join("\n")).unwrap();
    std::fs::write(&b, lines[700..].join("\n")).unwrap();
    let (one, one_docs) = run_on(&[whole]);
    let (two, two_docs) = run_on(&[a, b]);
    assert_eq!(one.outlet_rows, two.outlet_rows);
    assert_eq!(one.frames, two.frames);
    assert_eq!(one.variants, two.variants);
    // 1,200 documents span three batches of 512
    assert_eq!(one_docs.len(), 1200);
    assert_eq!(one_docs, two_docs);
}

#[test]
fn document_order_does_not_change_outlet_scores() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..60).map(article).collect();
    let fwd = dir.path().join("fwd.jsonl");
    std::fs::write(&fwd, lines.join("\n")).unwrap();
    lines.reverse();
    let rev = dir.path().join("rev.jsonl");
    std::fs::write(&rev, lines.join("\n")).unwrap();
    assert_eq!(run_on(&[fwd]).0.outlet_rows, run_on(&[rev]).0.outlet_rows);
}
