//! Memory of a run with the comparison views as the corpus grows (issue
//! 11, target 4: "the comparison views state and bound what they hold"):
//! the peak heap of `analyze` with comparison views on a generated corpus
//! whose phrases are ever new, measured by a counting allocator, at N and
//! 2N documents. The (outlet, n-gram) tables hold at most `ngram_pairs`
//! pairs and then spill as sorted runs (src/aggregate/gram_runs.rs); the
//! views are computed from one merge of the runs, each outlet keeping only
//! the terms it may still rank (src/scores/compare/grams.rs). The words
//! stay interned in memory, so the corpus draws every word from a fixed
//! vocabulary: what grows is the phrases. Alignment is off: its sentence
//! pool has a cap of its own (100,000 sentences, far above these corpora).
//!
//! A test binary of its own: the allocator counts every allocation of the
//! process, so nothing else may run beside the measurement.

use std::path::Path;

use slant::run::{Config, ModelPlan};
use slant::scores::compare::CompareParams;

mod counting;

/// Syllables of the generated words: 12^3 = 1,728 words of three.
const SYLLABLES: [&str; 12] = [
    "ka", "lo", "mi", "nu", "pe", "ra", "so", "ti", "vu", "ze", "bo", "di",
];

/// `n` documents in 12 outlets, each of five sentences of eight words
/// drawn at random (a fixed xorshift stream) from the 1,728 words: about
/// 35 bigrams and 30 trigrams a document, nearly all never seen before
/// (1,728^2 = 3.0 million bigrams, 5.2 billion trigrams).
fn corpus(path: &Path, n: usize) {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::new();
    for i in 0..n {
        let mut text = String::new();
        for _ in 0..5 {
            let words: Vec<String> = (0..8)
                .map(|_| {
                    let w = next() % 1728;
                    let s = |k: u64| SYLLABLES[(w / k % 12) as usize];
                    format!("{}{}{}", s(144), s(12), s(1))
                })
                .collect();
            text.push_str(&words.join(" "));
            text.push_str(". ");
        }
        let record = serde_json::json!({
            "id": format!("doc-{i:07}"),
            "outlet": format!("Outlet {}", i % 12),
            "text": text,
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// The peak heap of a run of `n` documents with the comparison views,
/// its n-gram tables bounded at `pairs`.
fn peak_of_run(dir: &Path, n: usize, pairs: usize) -> usize {
    let input = dir.join(format!("c{n}.jsonl"));
    corpus(&input, n);
    let mut config = Config::new(vec![input], dir.join(format!("r{n}-{pairs}")));
    config.model = ModelPlan::None;
    config.compare = Some(CompareParams {
        align: None,
        ngram_pairs: pairs,
        ..CompareParams::default()
    });
    config.charts = false;
    let ready = config.validate().unwrap();
    let before = counting::start();
    let outcome = ready.run("analyze", &|_, _| {}).unwrap();
    let peak = counting::peak_since(before);
    assert_eq!(outcome.summary.documents, n);
    peak
}

/// One test, so that nothing runs beside a measurement. Measured (debug
/// build): 9.00 MB at 4,000 documents and 8.85 MB at 8,000 with 20,000
/// pairs in memory; with the tables unbounded, 20.6 MB and 40.7 MB (the
/// corpus's pairs, about 100 a document, and their corpus counts).
#[test]
fn peak_memory_of_the_comparison_views_grows_less_than_a_fifth_when_the_corpus_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let n = 4_000;
    let pairs = 20_000;
    let small = peak_of_run(dir.path(), n, pairs);
    let large = peak_of_run(dir.path(), 2 * n, pairs);
    eprintln!("peak heap with {pairs} pairs: {small} -> {large}");
    assert!(
        (large as f64) < 1.2 * small as f64,
        "peak heap grew from {small} to {large} bytes"
    );
    // The corpus does grow the tables: unbounded, they are most of the
    // heap and it nearly doubles.
    let [small, large] = [n, 2 * n].map(|n| peak_of_run(dir.path(), n, usize::MAX));
    eprintln!("peak heap unbounded: {small} -> {large}");
    assert!(
        (large as f64) > 1.6 * small as f64,
        "unbounded, the peak heap only grew from {small} to {large} bytes"
    );
}
