//! The classifier on labelled real news, tested on outlets it never saw:
//! `slant train --labels` on the articles of four outlets in five, then
//! `slant evaluate` on the fifth (every outlet whose name hashes to 0 mod
//! 5), against scikit-learn's TfidfVectorizer(1-2 grams, min_df=5) +
//! LogisticRegression on the same split, in the same run (when python3 with
//! scikit-learn is installed): times, peak memory, held-out macro-F1.
//!
//! Run with `cargo bench --bench held_out`. Reads
//! `../shared/bench/news-10k.jsonl.gz` and `news-10k-labels.csv` beside it,
//! or the files named by `SLANT_BENCH_CORPUS` and `SLANT_BENCH_LABELS`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use slant::corpus::ReadOptions;
use slant::lexicon::LexiconSource;
use slant::model::labels::read_labels;
use slant::model::{Supervision, TrainParams};
use slant::random::stable_hash;
use slant::run::{evaluate_on, train_on, EvaluateConfig, TrainConfig};

const PEER: &str = r#"
import json, resource, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
def load(corpus, labels):
    y = dict(l.strip().split(",", 1) for l in open(labels) if not l.startswith("id,"))
    docs = [json.loads(l) for l in open(corpus)]
    return [d["text"] for d in docs], [y[d["id"]] for d in docs]
(xtr, ytr), (xte, yte) = load(sys.argv[1], sys.argv[2]), load(sys.argv[3], sys.argv[4])
t0 = time.perf_counter()
vec = TfidfVectorizer(ngram_range=(1, 2), min_df=5)
X = vec.fit_transform(xtr)
t_vec = time.perf_counter() - t0
t0 = time.perf_counter()
clf = LogisticRegression().fit(X, ytr)
t_fit = time.perf_counter() - t0
t0 = time.perf_counter()
pred = clf.predict(vec.transform(xte))
t_pred = time.perf_counter() - t0
print(json.dumps({"vectorize": t_vec, "fit": t_fit, "predict": t_pred,
    "features": X.shape[1], "macro_f1": f1_score(yte, pred, average="macro"),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"#;

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

/// Writes the train and test halves (corpus and labels) into `dir`:
/// outlets whose name hashes to 0 mod 5 are the test outlets.
fn split(corpus: &Path, labels: &Path, dir: &Path) -> [PathBuf; 4] {
    let classes: BTreeMap<String, String> = std::fs::read_to_string(labels)
        .expect("labels")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(i, c)| (i.to_string(), c.to_string()))
        .collect();
    let names = ["train.jsonl", "train.csv", "test.jsonl", "test.csv"];
    let paths = names.map(|n| dir.join(n));
    let mut files = paths
        .clone()
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("create")));
    for i in [1, 3] {
        writeln!(files[i], "id,class").expect("write");
    }
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(corpus).expect("corpus"));
    let (mut outlets, mut test_outlets) = (std::collections::BTreeSet::new(), 0);
    for line in std::io::BufReader::new(gz).lines() {
        let line = line.expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        let (id, outlet) = (
            v["id"].as_str().unwrap_or(""),
            v["outlet"].as_str().unwrap_or(""),
        );
        let Some(class) = classes.get(id) else {
            continue;
        };
        let test = stable_hash(&[outlet]).is_multiple_of(5);
        if outlets.insert(outlet.to_string()) && test {
            test_outlets += 1;
        }
        let at = if test { 2 } else { 0 };
        writeln!(files[at], "{line}").expect("write");
        writeln!(files[at + 1], "{id},{class}").expect("write");
    }
    println!("{} outlets, {test_outlets} held out", outlets.len());
    paths
}

fn main() {
    let (corpus, labels) = (
        input("SLANT_BENCH_CORPUS", "news-10k.jsonl.gz"),
        input("SLANT_BENCH_LABELS", "news-10k-labels.csv"),
    );
    if !corpus.exists() || !labels.exists() {
        eprintln!(
            "benchmark corpus or labels not found; set SLANT_BENCH_CORPUS and SLANT_BENCH_LABELS"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let [train, train_labels, test, test_labels] = split(&corpus, &labels, dir.path());
    let t = Instant::now();
    let config = TrainConfig {
        negation: Default::default(),
        inputs: vec![train.clone()],
        read: ReadOptions::default(),
        lexicons: LexiconSource::defaults(),
        supervision: Some(Supervision::Labels(
            read_labels(&train_labels).expect("labels"),
        )),
        axis: None,
        quote_weight: slant::text::QuoteWeight::DEFAULT,
        params: TrainParams::default(),
        repeats: Default::default(),
    };
    let model = train_on(&config, &|_, _| {}).expect("train").model;
    let t_train = t.elapsed().as_secs_f64();
    let peak_train = peak_rss_mb();
    let model_path = dir.path().join("model.json");
    model.save(&model_path).expect("save");
    print!("{}", slant::report::model_text::validation_text(&model));
    let t = Instant::now();
    let (eval, _) = evaluate_on(
        &EvaluateConfig {
            inputs: vec![test.clone()],
            read: ReadOptions::default(),
            lexicons: LexiconSource::defaults(),
            model: model_path,
            labels: read_labels(&test_labels).expect("labels"),
            repeats: Default::default(),
            seed: 42,
        },
        &|_, _| {},
    )
    .expect("evaluate");
    let t_eval = t.elapsed().as_secs_f64();
    println!(
        "\nslant on the held-out outlets:\n{}",
        slant::report::evaluation_text::evaluation_text(&eval)
    );
    let peer = Command::new("python3")
        .args(["-c", PEER])
        .args([&train, &train_labels, &test, &test_labels])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok());
    let get = |k: &str| peer.as_ref().and_then(|p| p[k].as_f64());
    let f = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.2}"));
    println!("| | slant | scikit-learn |\n|---|---:|---:|");
    println!(
        "| train (slant: read, match, both validations, final fit; scikit-learn: vectorize + fit) | {t_train:.1} s | {} s |",
        f(get("vectorize").zip(get("fit")).map(|(a, b)| a + b))
    );
    println!("| predict the held-out outlets (slant: read, match, every sentence) | {t_eval:.1} s | {} s |", f(get("predict")));
    println!(
        "| peak memory | {} MB (training) | {} MB |",
        f(peak_train),
        f(get("peak_mb"))
    );
    println!(
        "| held-out macro-F1 | {:.3} | {} |",
        eval.model.macro_f1,
        get("macro_f1").map_or("n/a".into(), |v| format!("{v:.3}"))
    );
}
