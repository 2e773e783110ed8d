//! The classifier on 10,000 real articles: a few outlets as references,
//! timings of each stage and peak memory, against scikit-learn's
//! TfidfVectorizer(1-2 grams) + LogisticRegression run as a peer on the same
//! machine, in the same run, on the same articles and references (when
//! python3 with scikit-learn is installed).
//!
//! Run with `cargo bench --bench classifier`. Reads
//! `../shared/bench/news-10k.jsonl.gz`, or the file named by
//! `SLANT_BENCH_CORPUS`. The reference classes (left: CNN, Vox, NPR; right:
//! Fox Online, Washington Times, Townhall, National Review) follow common
//! media-bias ratings and serve only to time the work.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use slant::aggregate::predictions::PredictionCollector;
use slant::corpus::{ReadOptions, Reader};
use slant::lexicon::{self, LexiconSource};
use slant::matching::Matcher;
use slant::model::classifier::fit;
use slant::model::predict::Predictor;
use slant::model::{train, Design, Passage, Supervision, TrainValidParams, UnitCollector};
use slant::stream;
use slant::text::QuoteWeight;

const REFERENCES: &[(&str, &str)] = &[
    ("CNN (Web News)", "left"),
    ("Vox", "left"),
    ("NPR Online News", "left"),
    ("Fox Online News", "right"),
    ("Washington Times", "right"),
    ("Townhall", "right"),
    ("National Review", "right"),
];

const PEER: &str = r#"
import gzip, json, resource, sys, time
refs = dict(json.loads(sys.argv[2]))
t0 = time.perf_counter()
docs = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8")]
t_read = time.perf_counter() - t0
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
train = [d for d in docs if d["outlet"] in refs]
y = [refs[d["outlet"]] for d in train]
t0 = time.perf_counter()
vec = TfidfVectorizer(ngram_range=(1, 2))
X = vec.fit_transform([d["text"] for d in train])
t_vec = time.perf_counter() - t0
t0 = time.perf_counter()
clf = LogisticRegression(max_iter=200).fit(X, y)
t_fit = time.perf_counter() - t0
t0 = time.perf_counter()
p = clf.predict_proba(vec.transform([d["text"] for d in docs]))
t_pred = time.perf_counter() - t0
print(json.dumps({"read": t_read, "vectorize": t_vec, "fit": t_fit, "predict": t_pred,
    "features": X.shape[1], "train_docs": len(train), "docs": len(docs),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"#;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
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
    println!(
        "corpus: {}; threads: {}\n",
        corpus.display(),
        rayon::current_num_threads()
    );
    let set = lexicon::load(&LexiconSource::defaults())
        .expect("lexicons")
        .set;
    let matcher = Matcher::new(&set).expect("matcher");
    let supervision = Supervision::References(
        REFERENCES
            .iter()
            .map(|(o, c)| (o.to_string(), c.to_string()))
            .collect(),
    );
    let opts = TrainValidParams::default();

    let t = Instant::now();
    let mut collector =
        UnitCollector::new(&set, &supervision, opts.text.ngrams, QuoteWeight::DEFAULT);
    let reader = Reader::open(std::slice::from_ref(&corpus), ReadOptions::default()).expect("open");
    let streamed = stream::run(reader, &matcher, &mut collector, &|_, _| {}).expect("pass");
    let units = collector.finish().expect("references found");
    let t_read = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let passages: Vec<&Passage> = units.iter().map(|u| &u.passage).collect();
    let (_, x) = Design::fit_transform(&passages, slant::features::columns(&set), opts.text);
    let t_vec = t.elapsed().as_secs_f64();
    let mut classes: Vec<&str> = units.iter().map(|u| u.class.as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    let y: Vec<usize> = units
        .iter()
        .map(|u| classes.binary_search(&u.class.as_str()).unwrap_or(0))
        .collect();

    let t = Instant::now();
    let (_, conv) = fit(&x, &y, classes.len(), &opts.fit).expect("fit");
    let t_fit = t.elapsed().as_secs_f64();
    drop(x);

    let t = Instant::now();
    let model = train::train(&units, &set, &supervision, &opts).expect("train");
    let t_cv = t.elapsed().as_secs_f64();
    drop(units);

    let t = Instant::now();
    let mut scorer = PredictionCollector::new(Predictor::new(&model, &set), 1);
    let reader = Reader::open(std::slice::from_ref(&corpus), ReadOptions::default()).expect("open");
    stream::run(reader, &matcher, &mut scorer, &|_, _| {}).expect("score");
    let t_pred = t.elapsed().as_secs_f64();
    let peak = peak_rss_mb();

    let n_train: u64 = model.training.units.iter().sum();
    println!(
        "slant: {} reference documents of {}; {} features ({} lexicon + {} n-grams); final fit converged: {}",
        n_train,
        streamed.documents,
        model.design.width(),
        model.design.lexicon_columns.len(),
        model.design.vocabulary.len(),
        conv.is_some_and(|c| c.converged)
    );
    for s in &model.validation.schemes {
        if let (Some(m), Some(b)) = (&s.model, &s.baseline) {
            println!(
                "  {}: accuracy {:.3}, macro-F1 {:.3} (baseline {:.3} / {:.3})",
                s.scheme, m.accuracy, m.macro_f1, b.accuracy, b.macro_f1
            );
        }
    }

    let refs_json = serde_json::to_string(REFERENCES).expect("json");
    let peer = Command::new("python3")
        .args(["-c", PEER, &corpus.to_string_lossy(), &refs_json])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok());
    let get = |k: &str| peer.as_ref().and_then(|p| p[k].as_f64());
    println!("\n| stage | slant (s) | scikit-learn (s) | slant / scikit-learn |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, ours: f64, theirs: Option<f64>| {
        let (t, r) = match theirs {
            Some(x) => (format!("{x:.2}"), format!("{:.2}x", ours / x)),
            None => ("n/a".into(), "n/a".into()),
        };
        println!("| {name} | {ours:.2} | {t} | {r} |");
    };
    row(
        "read the corpus (slant: also match lexicons, extract n-grams)",
        t_read,
        get("read"),
    );
    row("vectorize the reference documents", t_vec, get("vectorize"));
    row("fit (final model)", t_fit, get("fit"));
    row(
        "predict every document (slant: every sentence too)",
        t_pred,
        get("predict"),
    );
    println!("| cross-validation (grouped 5-fold + leave-one-outlet-out) and final fit | {t_cv:.2} | not run | |");
    match (peak, get("peak_mb")) {
        (Some(a), Some(b)) => println!(
            "\npeak memory: slant {a:.0} MB, scikit-learn {b:.0} MB ({:.2}x)",
            a / b
        ),
        (Some(a), None) => println!(
            "\npeak memory: slant {a:.0} MB (peer not available: python3 with scikit-learn)"
        ),
        _ => println!("\npeak memory: not available on this system"),
    }
    if let Some(p) = &peer {
        println!(
            "scikit-learn: {} reference documents, {} features (full 1-2-gram vocabulary, sparse)",
            p["train_docs"], p["features"]
        );
    }
}
