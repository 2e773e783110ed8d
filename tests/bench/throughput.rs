//! Throughput of matching and of a whole analyze run, as ratios against a
//! peer measured in the same run on the same machine: a bare aho-corasick
//! scan for the same forms over the raw text (no normalization, no word
//! boundaries, no sentences), the floor any lexicon matcher stands on.
//!
//! Run with `cargo bench --bench throughput`. Reads
//! `../shared/bench/news-10k.jsonl.gz` (10,000 news articles; not part of
//! the repository), or the file named by `SLANT_BENCH_CORPUS`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use slant::corpus::{ReadOptions, Reader};
use slant::lexicon::{self, LexiconSource};
use slant::matching::Matcher;
use slant::run::{Config, ModelPlan};
use slant::text::normalize_form;

const RUNS: usize = 3;

/// One whole analyze run with the default options, charts included.
fn analyze(input: &std::path::Path, out: &std::path::Path) -> slant::report::CorpusSummary {
    lexicon_road(input, out)
        .run("bench", &|_, _| {})
        .expect("analyze")
        .summary
}

/// The lexicon road only: no model, no comparison views.
fn lexicon_road(input: &std::path::Path, out: &std::path::Path) -> slant::run::Ready {
    Config {
        model: ModelPlan::None,
        compare: None,
        ..Config::new(vec![input.to_path_buf()], out.to_path_buf())
    }
    .validate()
    .expect("valid config")
}

/// `slant analyze` with its defaults: weak-label model, comparison views.
fn defaults(input: &std::path::Path, out: &std::path::Path) -> slant::run::Ready {
    Config::new(vec![input.to_path_buf()], out.to_path_buf())
        .validate()
        .expect("valid config")
}

/// Writes every document of `corpus` twice to `out` (JSONL), the second
/// copy with `#2` added to its id.
fn double_corpus(corpus: &std::path::Path, out: &std::path::Path) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).expect("create"));
    for copy in ["", "#2"] {
        for d in Reader::open(&[corpus.to_path_buf()], ReadOptions::default()).expect("open") {
            let d = d.expect("document");
            let rec = serde_json::json!({
                "id": format!("{}{copy}", d.id),
                "outlet": d.outlet,
                "date": d.date,
                "title": d.title,
                "text": d.text,
            });
            writeln!(w, "{rec}").expect("write");
        }
    }
    w.flush().expect("flush");
}

/// The process's peak resident memory so far (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<T>(f: impl Fn() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

struct Row {
    name: &'static str,
    time: Duration,
    docs: usize,
    bytes: usize,
    matches: usize,
}

fn main() {
    let corpus = std::env::var_os("SLANT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/news-10k.jsonl.gz")
        });
    if !corpus.exists() {
        eprintln!(
            "benchmark corpus {} not found; set SLANT_BENCH_CORPUS",
            corpus.display()
        );
        return;
    }
    let threads = rayon::current_num_threads();
    println!("corpus: {}", corpus.display());
    println!("threads: {threads} (rayon); timings are medians of {RUNS} runs\n");

    // The whole run first, while nothing else is in memory: its peak
    // resident memory shows what streaming keeps (the corpus itself is
    // never held).
    let tmp = tempfile::tempdir().expect("temp dir");
    let (t, n) = time(|| analyze(&corpus, &tmp.path().join("report")));
    let analyze_peak = peak_rss_mb();
    // The same run on the corpus twice over: if the pipeline streams, the
    // peak grows only by what the outputs keep per document.
    let doubled = tmp.path().join("doubled.jsonl");
    double_corpus(&corpus, &doubled);
    let t2 = Instant::now();
    let n2 = analyze(&doubled, &tmp.path().join("report2"));
    let t2 = t2.elapsed();
    let doubled_peak = peak_rss_mb();
    std::fs::remove_file(&doubled).ok();
    let whole = Row {
        name: "slant analyze --no-model --no-compare, whole run (read gz, match, score, write all outputs)",
        time: t,
        docs: n.documents,
        bytes: n.bytes as usize,
        matches: n.matches as usize,
    };

    let docs: Vec<String> = Reader::open(std::slice::from_ref(&corpus), ReadOptions::default())
        .expect("open corpus")
        .map(|d| d.expect("document").text)
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let set = lexicon::load(&LexiconSource::defaults())
        .expect("lexicons")
        .set;
    let matcher = Matcher::new(&set).expect("matcher");
    let forms: Vec<String> = set
        .entries
        .iter()
        .flat_map(|e| e.forms.iter().map(|f| normalize_form(&f.text, true)))
        .collect();
    println!(
        "{} documents, {:.1} MB, {} lexicon forms\n",
        docs.len(),
        bytes as f64 / 1e6,
        forms.len()
    );

    let bare = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&forms)
        .expect("bare automaton");
    let mut rows = Vec::new();
    let (t, n) = time(|| {
        docs.iter()
            .map(|d| bare.find_iter(d).count())
            .sum::<usize>()
    });
    rows.push(Row {
        name: "peer: bare aho-corasick scan, 1 thread",
        time: t,
        docs: docs.len(),
        bytes,
        matches: n,
    });
    let (t, n) = time(|| docs.iter().map(|d| matcher.find(d).len()).sum::<usize>());
    rows.push(Row {
        name: "slant matching (normalize, boundaries, overlaps), 1 thread",
        time: t,
        docs: docs.len(),
        bytes,
        matches: n,
    });
    let (t, n) = time(|| {
        docs.iter()
            .map(|d| matcher.match_document(d).hits.len())
            .sum::<usize>()
    });
    rows.push(Row {
        name: "slant matching + sentences, tokens, quotes, 1 thread",
        time: t,
        docs: docs.len(),
        bytes,
        matches: n,
    });
    let (t, n) = time(|| {
        docs.par_iter()
            .map(|d| bare.find_iter(d).count())
            .sum::<usize>()
    });
    rows.push(Row {
        name: "peer: bare aho-corasick scan, all threads",
        time: t,
        docs: docs.len(),
        bytes,
        matches: n,
    });
    let (t, n) = time(|| {
        docs.par_iter()
            .map(|d| matcher.match_document(d).hits.len())
            .sum::<usize>()
    });
    rows.push(Row {
        name: "slant matching + layout, all threads",
        time: t,
        docs: docs.len(),
        bytes,
        matches: n,
    });

    rows.push(whole);
    let peer = rows[0].time.as_secs_f64();
    let peer_par = rows[3].time.as_secs_f64();
    println!("| run | seconds | documents/s | MB/s | matches | time / peer |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (i, r) in rows.iter().enumerate() {
        let s = r.time.as_secs_f64();
        let base = if i >= 3 { peer_par } else { peer };
        println!(
            "| {} | {:.3} | {:.0} | {:.1} | {} | {:.2}x |",
            r.name,
            s,
            r.docs as f64 / s,
            r.bytes as f64 / 1e6 / s,
            r.matches,
            s / base
        );
    }
    println!("\n(time / peer: against the 1-thread peer for 1-thread rows, the all-threads peer otherwise)");
    println!(
        "\nwhole run on the corpus twice over: {} documents, {:.1} MB in {:.3} s ({:.1} MB/s)",
        n2.documents,
        n2.bytes as f64 / 1e6,
        t2.as_secs_f64(),
        n2.bytes as f64 / 1e6 / t2.as_secs_f64()
    );
    match (analyze_peak, doubled_peak) {
        (Some(a), Some(b)) => println!(
            "peak resident memory of the whole run: {a:.0} MB for {:.0} MB of text; {b:.0} MB for twice that",
            bytes as f64 / 1e6
        ),
        _ => println!("peak resident memory: not available on this system"),
    }
    let t = Instant::now();
    let full = defaults(&corpus, &tmp.path().join("report3"))
        .run("bench", &|_, _| {})
        .expect("analyze");
    let s = t.elapsed().as_secs_f64();
    println!(
        "slant analyze with its defaults (weak-label model, comparison views): {s:.2} s, {:.1} MB/s, {} aligned groups",
        full.summary.bytes as f64 / 1e6 / s,
        full.scores.comparison.map_or(0, |c| c.groups.len())
    );
}
