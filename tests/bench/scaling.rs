//! Growth with input size, as ratios against the same work at a quarter of
//! the size, run on the same machine in the same run: linear work takes
//! about 4 times as long at 4 times the size, quadratic work 16 times.
//!
//! - One long document: the texts of the benchmark corpus joined into a
//!   single document of 2 MB and of 8 MB, through the lexicon road (match,
//!   tally, score with bootstrap intervals, write the report).
//! - `lexicon check` on a word list of 5,000 and of 20,000 terms drawn from
//!   the corpus's words (load and resolve, then the overlap search).
//!
//! Run with `cargo bench --bench scaling`. Reads
//! `../shared/bench/news-10k.jsonl.gz` (not part of the repository), or the
//! file named by `SLANT_BENCH_CORPUS`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use slant::corpus::{ReadOptions, Reader};
use slant::lexicon::{self, LexiconSource};
use slant::run::{Config, ModelPlan};
use slant::scores::ScoreParams;

const RUNS: usize = 3;

fn corpus() -> PathBuf {
    std::env::var_os("SLANT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/news-10k.jsonl.gz")
        })
}

/// The fastest of `RUNS` runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("runs")
}

/// Every text of the corpus, in order.
fn texts(path: &Path) -> Vec<String> {
    Reader::open(&[path.to_path_buf()], ReadOptions::default())
        .expect("open the corpus")
        .map(|d| d.expect("a document").text)
        .collect()
}

/// One JSONL document of at least `bytes` bytes, from the corpus's texts.
fn long_document(texts: &[String], bytes: usize, dir: &Path) -> PathBuf {
    let mut text = String::new();
    for t in texts.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(t);
        text.push_str("\n\n");
    }
    let line = serde_json::json!({"id": "1", "outlet": "One", "text": text});
    let path = dir.join(format!("long-{bytes}.jsonl"));
    std::fs::write(&path, format!("{line}\n")).expect("write");
    path
}

fn lexicon_road(input: &Path, out: &Path) {
    let scores = ScoreParams {
        min_docs: 1,
        ..ScoreParams::default()
    };
    Config {
        scores,
        charts: false,
        model: ModelPlan::None,
        compare: None,
        ..Config::new(vec![input.to_path_buf()], out.to_path_buf())
    }
    .validate()
    .expect("valid config")
    .run("bench", &|_, _| {})
    .expect("analyze");
}

/// A word list of the `n` most frequent distinct words of the texts.
fn word_list(texts: &[String], n: usize, dir: &Path) -> PathBuf {
    let mut words = BTreeSet::new();
    'outer: for t in texts {
        for w in t.split(|c: char| !c.is_alphabetic()) {
            if w.len() > 2 {
                words.insert(w.to_lowercase());
                if words.len() >= n {
                    break 'outer;
                }
            }
        }
    }
    let path = dir.join(format!("words-{n}.txt"));
    let list: Vec<String> = words.into_iter().collect();
    std::fs::write(&path, list.join("\n") + "\n").expect("write");
    path
}

fn check(list: &Path) -> usize {
    let source = LexiconSource::parse(list.to_str().expect("path")).expect("source");
    let loaded = lexicon::load(&[source]).expect("load the word list");
    lexicon::overlaps(&loaded.set).len()
}

fn main() {
    let path = corpus();
    if !path.exists() {
        eprintln!("no benchmark corpus at {}: skipped", path.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = texts(&path);

    let (small, large) = (2_000_000, 8_000_000);
    let small_doc = long_document(&texts, small, dir.path());
    let large_doc = long_document(&texts, large, dir.path());
    let out = dir.path().join("out");
    let t_small = best(|| lexicon_road(&small_doc, &out));
    let t_large = best(|| lexicon_road(&large_doc, &out));
    println!(
        "one document, lexicon road: {:.2} s at 2 MB, {:.2} s at 8 MB: {:.1}x the time at 4x the size (linear: 4, quadratic: 16)",
        t_small.as_secs_f64(),
        t_large.as_secs_f64(),
        t_large.as_secs_f64() / t_small.as_secs_f64()
    );

    let small_list = word_list(&texts, 5_000, dir.path());
    let large_list = word_list(&texts, 20_000, dir.path());
    let t_small = best(|| {
        check(&small_list);
    });
    let t_large = best(|| {
        check(&large_list);
    });
    println!(
        "lexicon check: {:.3} s at 5,000 terms, {:.3} s at 20,000: {:.1}x the time at 4x the terms (linear: 4, quadratic: 16)",
        t_small.as_secs_f64(),
        t_large.as_secs_f64(),
        t_large.as_secs_f64() / t_small.as_secs_f64()
    );
}
