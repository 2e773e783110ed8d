//! Latent Semantic Scaling on labelled real news: does LSS tell left- from
//! right-leaning articles better than counting its own seed words?
//!
//! Seeds: `tests/bench/seeds_us_left_right.toml` (16 single words, written
//! and justified before any run on this corpus; nothing is tuned). The
//! scale is fitted on the whole corpus without labels (as `analyze --lss`
//! does); AUC of left vs right articles (center left out) is reported on
//! the held-out outlets (whose name hashes to 0 mod 5, the split of the
//! `held_out` bench) and, for reference, on the others:
//!
//! - seed terms alone: the lexicon index of the seeds per document,
//!   `(right - left) / (right + left + 1)` with their weights (negated
//!   matches left out, as `analyze` does by default);
//! - LSS: the document's standardized score.
//!
//! Also the fit time (SVD and polarity; and the streaming pass that reads,
//! matches and tokenizes, apart) and peak memory. Run with
//! `cargo bench --bench lss`. Reads `../shared/bench/news-10k.jsonl.gz`
//! and `news-10k-labels.csv` beside it, or the files named by
//! `SLANT_BENCH_CORPUS` and `SLANT_BENCH_LABELS`. Repeated text is not
//! masked here, as it is in `analyze`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use slant::corpus::{Document, ReadOptions, Reader};
use slant::lexicon::{load, LexiconSet, LexiconSource};
use slant::lss::{LssParams, SeedSet};
use slant::matching::{MatchedDoc, Matcher};
use slant::params::ParamGuard;
use slant::random::stable_hash;
use slant::run::lss::LssCollector;
use slant::scores::ScoreParams;
use slant::stream::{self, DocHook};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

fn input(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/bench")
            .join(name)
    })
}

/// Each document's id, outlet and seed index.
struct SeedCount<'a> {
    set: &'a LexiconSet,
    docs: Vec<(String, String, f64)>,
}

impl DocHook for SeedCount<'_> {
    type Item = f64;
    fn prepare(&self, _: &Document, m: &MatchedDoc) -> f64 {
        let (mut right, mut left) = (0.0, 0.0);
        for h in m.hits.iter().filter(|h| !h.negated) {
            for p in &self.set.entries[h.term.entry as usize].poles {
                if p.positive {
                    right += p.weight;
                } else {
                    left += p.weight;
                }
            }
        }
        (right - left) / (right + left + 1.0)
    }
    fn consume(&mut self, doc: &Document, _: &MatchedDoc, index: f64) -> std::io::Result<()> {
        self.docs.push((doc.id.clone(), doc.outlet.clone(), index));
        Ok(())
    }
}

/// The area under the ROC curve of `scores` for telling `positive` from
/// the rest: the Mann-Whitney U over the product of the group sizes, ties
/// counted one half (mid-ranks).
fn auc(scored: &[(f64, bool)]) -> f64 {
    let mut v: Vec<(f64, bool)> = scored.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut i) = (0.0, 0);
    while i < v.len() {
        let j = (i..v.len()).find(|&j| v[j].0 != v[i].0).unwrap_or(v.len());
        let mid = (i + 1 + j) as f64 / 2.0;
        rank_sum += mid * v[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let pos = v.iter().filter(|x| x.1).count() as f64;
    let neg = v.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

fn main() {
    let corpus = input("SLANT_BENCH_CORPUS", "news-10k.jsonl.gz");
    let labels = input("SLANT_BENCH_LABELS", "news-10k-labels.csv");
    let classes: BTreeMap<String, String> = std::fs::read_to_string(&labels)
        .expect("labels")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(i, c)| (i.to_string(), c.trim().to_string()))
        .collect();
    let seeds_file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bench/seeds_us_left_right.toml");
    let set = load(&[LexiconSource::File(seeds_file)])
        .expect("seed lexicon")
        .set;
    let matcher = Matcher::new(&set).expect("matcher");
    let mut hook = (
        LssCollector::new(),
        SeedCount {
            set: &set,
            docs: Vec::new(),
        },
    );
    let t0 = Instant::now();
    let mut reader =
        Reader::open(std::slice::from_ref(&corpus), ReadOptions::default()).expect("corpus");
    stream::run(&mut reader, &matcher, &mut hook, &|_, _| {}).expect("stream");
    let t_stream = t0.elapsed().as_secs_f64();
    let (collector, counts) = hook;
    let params = LssParams::default().check().expect("params");
    let scores = ScoreParams::default().check().expect("score params");
    let t0 = Instant::now();
    let fitted = collector
        .fit(&SeedSet::from_axis(&set, 0), &params, &scores, None)
        .expect("fit");
    let t_fit = t0.elapsed().as_secs_f64();
    let peak = peak_rss_mb();

    let m = &fitted.model;
    println!(
        "LSS on {}: {} documents, {} sentences, {} words (min count {}), k = {}, {} threads",
        corpus.display(),
        fitted.docs.len(),
        m.sentences,
        m.words.len(),
        params.get().min_count,
        m.singular_values.len(),
        rayon::current_num_threads()
    );
    println!(
        "seeds found: {}; not found: {}",
        m.seeds
            .iter()
            .map(|s| format!("{} {:+.3}", s.word, s.weight))
            .collect::<Vec<_>>()
            .join(", "),
        if m.missing_seeds.is_empty() {
            "none".into()
        } else {
            m.missing_seeds.join(", ")
        }
    );
    top_words(m);

    auc_table(&counts.docs, &fitted.docs, &classes);
    println!();
    println!("| step | time | ");
    println!("|---|---|");
    println!("| read, match and tokenize (streaming pass) | {t_stream:.1} s |");
    println!("| LSS fit (matrix, SVD, polarity, document and outlet scores) | {t_fit:.1} s |");
    println!(
        "| peak memory of the process | {} MB |",
        peak.map_or("?".into(), |p| format!("{p:.0}"))
    );
}

/// AUC of left vs right articles, held-out outlets and the others.
fn auc_table(
    counts: &[(String, String, f64)],
    docs: &[slant::lss::DocScore],
    classes: &BTreeMap<String, String>,
) {
    // rows: (held out?, class, seed index, LSS z, any seed match)
    let rows: Vec<(bool, bool, f64, f64, bool)> = counts
        .iter()
        .zip(docs)
        .filter_map(|((id, outlet, idx), d)| {
            let right = match classes.get(id).map(String::as_str) {
                Some("right") => true,
                Some("left") => false,
                _ => return None,
            };
            let held = stable_hash(&[outlet]).is_multiple_of(5);
            Some((held, right, *idx, d.z.unwrap_or(0.0), *idx != 0.0))
        })
        .collect();
    println!();
    println!("| outlets | articles (left / right) | AUC, seed terms alone | AUC, LSS | AUC, LSS on articles without a seed match (n) |");
    println!("|---|---|---|---|---|");
    for (name, held) in [("held out (hash mod 5 = 0)", true), ("the others", false)] {
        let part: Vec<_> = rows.iter().filter(|r| r.0 == held).collect();
        let seeds: Vec<(f64, bool)> = part.iter().map(|r| (r.2, r.1)).collect();
        let lss: Vec<(f64, bool)> = part.iter().map(|r| (r.3, r.1)).collect();
        let bare: Vec<(f64, bool)> = part.iter().filter(|r| !r.4).map(|r| (r.3, r.1)).collect();
        let right = part.iter().filter(|r| r.1).count();
        println!(
            "| {name} | {} / {right} | {:.3} | {:.3} | {:.3} ({}) |",
            part.len() - right,
            auc(&seeds),
            auc(&lss),
            auc(&bare),
            bare.len()
        );
    }
}

/// The 15 words of strongest polarity each way among words seen 20 times
/// or more: what the scale learned, for a reader to check for nonsense.
fn top_words(m: &slant::lss::LssModel) {
    let mut v: Vec<(f64, &str)> = m
        .polarity
        .iter()
        .zip(&m.words)
        .zip(&m.frequency)
        .filter(|(_, &f)| f >= 20)
        .map(|((&p, w), _)| (p, w.as_str()))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let show = |it: &mut dyn Iterator<Item = &(f64, &str)>| {
        it.take(15)
            .map(|(p, w)| format!("{w} {p:+.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("most right-framed: {}", show(&mut v.iter().rev()));
    println!("most left-framed: {}", show(&mut v.iter()));
}
