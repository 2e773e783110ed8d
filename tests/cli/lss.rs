//! `--lss`: Latent Semantic Scaling on a generated corpus whose answer is
//! known by construction, read back from the files a researcher opens.

use std::fmt::Write;
use std::path::Path;

use super::util::{put, read_csv, slant, snapshot};

/// Words that keep company with the positive seed "good" (never with
/// "bad"), and the other way round; the seeds themselves are in half the
/// sentences of their kind.
pub(super) const SUNNY: [&str; 4] = ["sunny", "bright", "happy", "warm"];
pub(super) const STORMY: [&str; 4] = ["storm", "dark", "sad", "cold"];

/// A deterministic stream of small numbers (a linear congruential
/// generator), so the corpus is the same on every run.
pub(super) struct Draw(pub(super) u64);

impl Draw {
    pub(super) fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// One sentence: two words of its kind (one of them the seed half the
/// time) and four of 60 shared filler words.
pub(super) fn sentence(d: &mut Draw, kind: &[&str; 4], seed: &str) -> String {
    let mut words = vec![
        if d.next(2) == 0 {
            seed
        } else {
            kind[d.next(4)]
        }
        .to_string(),
        kind[d.next(4)].to_string(),
    ];
    words.extend((0..4).map(|_| format!("filler{}", d.next(60))));
    let mut s = words.join(" ");
    s.push('.');
    s[..1].to_uppercase() + &s[1..]
}

/// Seven outlets of six documents of eight sentences: three sunny, three
/// stormy, and "Mixed Post", whose sentences alternate.
pub(super) fn corpus(dir: &Path) {
    let mut d = Draw(7);
    let mut jsonl = String::new();
    let outlets = [
        ("Sunny Times", 0),
        ("Sunny Daily", 0),
        ("Sunny Herald", 0),
        ("Stormy Times", 1),
        ("Stormy Daily", 1),
        ("Stormy Herald", 1),
        ("Mixed Post", 2),
    ];
    for (o, (name, kind)) in outlets.iter().enumerate() {
        for doc in 0..6 {
            let text: Vec<String> = (0..8)
                .map(|s| match (kind, s % 2) {
                    (0, _) | (2, 0) => sentence(&mut d, &SUNNY, "good"),
                    _ => sentence(&mut d, &STORMY, "bad"),
                })
                .collect();
            let _ = writeln!(
                jsonl,
                "{}",
                serde_json::json!({"id": format!("d{o}-{doc}"), "outlet": name, "text": text.join(" ")})
            );
        }
    }
    put(dir, "corpus.jsonl", jsonl.as_bytes());
    put(dir, "seeds.txt", b"# test seeds\ngood,1\nbad,-1\n");
}

/// `analyze corpus.jsonl` with LSS seeded by `seeds.txt` (5 dimensions,
/// `bootstrap` draws, no model or comparison views) into `out`: the run
/// of the tests here, report.html's LSS test and lss_saved.rs.
pub(super) fn lss_args<'a>(out: &'a str, bootstrap: &'a str) -> Vec<&'a str> {
    vec![
        "analyze",
        "corpus.jsonl",
        "--no-model",
        "--no-compare",
        "--lss",
        "--lss-seeds",
        "seeds.txt",
        "--lss-dims",
        "5",
        "--bootstrap",
        bootstrap,
        "-o",
        out,
    ]
}

/// [`lss_args`] with 300 draws and `extra`, run in `dir`.
pub(super) fn analyze(dir: &Path, out: &str, extra: &[&str]) {
    slant(dir, &[&lss_args(out, "300")[..], extra].concat()).ok();
}

fn num(row: &std::collections::BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

#[test]
fn outlets_words_and_documents_follow_the_seeds_company() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    analyze(dir.path(), "out", &[]);
    let out = dir.path().join("out");
    let outlets = read_csv(&out.join("lss_outlets.csv"));
    assert_eq!(outlets.len(), 7);
    // Listed by name, as outlets.csv is (the corpus names them Sunny Times
    // first): a reader finds an outlet where the other tables have it.
    let names: Vec<&str> = outlets.iter().map(|r| r["outlet"].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for r in &outlets {
        let (s, lo, hi) = (num(r, "score"), num(r, "ci_low"), num(r, "ci_high"));
        assert!(lo <= s && s <= hi, "{r:?}");
        assert_eq!(r["n_docs"], "6");
        assert_eq!(r["standing"], "ranked");
        match &r["outlet"][..5] {
            "Sunny" => assert!(lo > 0.0, "a sunny outlet leans positive: {r:?}"),
            "Storm" => assert!(hi < 0.0, "a stormy outlet leans negative: {r:?}"),
            _ => assert!(s.abs() < 0.5, "the mixed outlet sits between: {r:?}"),
        }
    }
    let words = read_csv(&out.join("lss_words.csv"));
    let side = |w: &str| {
        words
            .iter()
            .find(|r| r["word"] == w)
            .map(|r| r["side"].clone())
            .unwrap_or_else(|| panic!("{w} not listed"))
    };
    for w in SUNNY {
        assert_eq!(side(w), "positive", "{w}");
    }
    for w in STORMY {
        assert_eq!(side(w), "negative", "{w}");
    }
    assert_eq!(read_csv(&out.join("lss_documents.csv")).len(), 42);
    let evidence = read_csv(&out.join("lss_evidence.csv"));
    let sunny_ev = evidence
        .iter()
        .find(|r| r["outlet"] == "Sunny Times")
        .unwrap();
    assert!(
        SUNNY
            .iter()
            .chain(["good"].iter())
            .any(|w| sunny_ev["text"].to_lowercase().contains(w)),
        "{sunny_ev:?}"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Latent Semantic Scaling") && md.contains("What it does not measure"));
    assert!(md.contains("![LSS outlet scores beside the lexicon index](lss_outlets.png)"));
    assert!(out.join("lss_outlets.png").exists() && out.join("lss_outlets.svg").exists());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(json["lss"]["outlets"].as_array().map(Vec::len), Some(7));
    assert_eq!(json["lss"]["seeds_from"], "the seed file `seeds.txt`");
}

#[test]
fn the_same_seed_gives_the_same_files_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    analyze(dir.path(), "one", &["-j", "1"]);
    analyze(dir.path(), "two", &["-j", "2"]);
    let (a, b) = (
        snapshot(&dir.path().join("one")),
        snapshot(&dir.path().join("two")),
    );
    for name in [
        "lss_outlets.csv",
        "lss_words.csv",
        "lss_documents.csv",
        "lss_evidence.csv",
    ] {
        assert!(a[name] == b[name], "{name} differs between -j 1 and -j 2");
    }
    // results.json records --lss and its options, so the run reproduces.
    let rerun = slant(dir.path(), &["rerun", "one"]).ok();
    assert!(rerun.stdout.contains("identical"), "{}", rerun.stdout);
}

#[test]
fn bad_seeds_are_errors_that_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    put(dir.path(), "bad.txt", b"good,1\nbad\n");
    slant(
        dir.path(),
        &[
            "analyze",
            "corpus.jsonl",
            "--lss",
            "--lss-seeds",
            "bad.txt",
            "-o",
            "x",
        ],
    )
    .fails_with("bad.txt, line 2");
    slant(
        dir.path(),
        &[
            "analyze",
            "corpus.jsonl",
            "--lexicon",
            "sourcing",
            "--lss",
            "-o",
            "x",
        ],
    )
    .fails_with("no stance axis");
}

#[test]
fn seeds_absent_from_the_corpus_leave_a_note_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    put(dir.path(), "absent.txt", b"good,1\nnowhere,-1\n");
    let args = [
        "analyze",
        "corpus.jsonl",
        "--no-model",
        "--no-compare",
        "--lss",
        "--lss-seeds",
        "absent.txt",
        "-o",
        "out",
    ];
    slant(dir.path(), &args).ok();
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(
        md.contains("LSS was asked for but could not be fitted") && md.contains("nowhere"),
        "{md}"
    );
    assert!(!dir.path().join("out/lss_outlets.csv").exists());
}

#[test]
fn gzip_compresses_the_per_document_scores_as_documents_csv() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    analyze(dir.path(), "plain", &[]);
    analyze(dir.path(), "gz", &["--gzip"]);
    let gz = dir.path().join("gz");
    assert!(!gz.join("lss_documents.csv").exists(), "also written plain");
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(gz.join("lss_documents.csv.gz")).unwrap())
        .read_to_end(&mut text)
        .unwrap();
    assert_eq!(
        text,
        std::fs::read(dir.path().join("plain/lss_documents.csv")).unwrap()
    );
    // The per-outlet tables stay plain, as outlets.csv does.
    assert!(gz.join("lss_outlets.csv").exists());
    let results = std::fs::read_to_string(gz.join("results.json")).unwrap();
    assert!(
        results.contains("\"lss_documents.csv.gz\""),
        "results.json lists it"
    );
}
