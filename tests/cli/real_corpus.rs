//! Issue 10's points on one generated corpus of real size: 313 outlets whose
//! texts vary from document to document (so nothing is boilerplate by
//! accident), with single-document, zero-match and off-topic outlets, wire
//! copy, a boilerplate footer, a one-word-per-line document, metadata fields
//! and dates in mixed forms. One run (without the model, which takes
//! minutes in a debug build) is read back from its files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::util::{read_csv, slant};

mod generate;

use generate::{corpus, Corpus, Doc, FOOTER, FOOTER_TERM, FOOTER_WEIGHT, ODD_DATE};
/// A temporary folder holding the corpus and the default run's report.
struct Shared {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    corpus: Corpus,
    input: PathBuf,
    out: PathBuf,
}

/// The default run, once for all tests of this file.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let corpus = corpus(1);
        let input = dir.join("news.jsonl");
        std::fs::write(&input, corpus.jsonl()).unwrap();
        let out = dir.join("rep");
        slant(
            &dir,
            &[
                "analyze",
                input.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--bootstrap",
                "200",
                // The weak-label model takes about ten minutes on this
                // corpus in a debug build (its intervals are checked on
                // small corpora in tests/cli/numbers.rs); charts, the
                // comparison and everything else run.
                "--no-model",
                "-q",
            ],
        )
        .ok();
        Shared {
            _tmp: tmp,
            dir,
            corpus,
            input,
            out,
        }
    })
}

/// Runs `slant analyze` on `input` into `dir/out` with lexicon scores only
/// (the two extra runs need no model, charts or comparison: that keeps
/// them cheap in debug builds).
fn lexicon_run(dir: &Path, input: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(out);
    let mut args = vec![
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-model",
        "--no-charts",
        "--no-compare",
        "--bootstrap",
        "200",
        "-q",
    ];
    args.extend_from_slice(extra);
    slant(dir, &args).ok();
    out
}

/// Rows of a CSV keyed by one column.
fn by(path: &Path, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    read_csv(path)
        .into_iter()
        .map(|r| (r[key].clone(), r))
        .collect()
}

/// The files of `dir` whose names end with `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    out.sort();
    out
}

/// Width and height from a PNG's IHDR chunk (bytes 16..24).
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG", "{} is a PNG", path.display());
    let n = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (n(16), n(20))
}

/// What the generator knows of one outlet: on-topic documents, off-topic
/// documents, and pole matches in on-topic text outside boilerplate.
fn expected(c: &Corpus) -> BTreeMap<&str, (usize, usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for d in &c.docs {
        let e = out.entry(d.outlet.as_str()).or_default();
        if d.on_topic {
            e.0 += 1;
            e.2 += d.matches;
        } else {
            e.1 += 1;
        }
    }
    out
}

#[test]
fn intervals_hold_estimates_and_only_outlets_with_evidence_are_ranked() {
    let s = shared();
    let rows = read_csv(&s.out.join("outlets.csv"));
    // Issue 10 §3: every outlet is in outlets.csv, one row each on the one
    // axis, whatever the report shows.
    let names: BTreeSet<&str> = rows.iter().map(|r| r["outlet"].as_str()).collect();
    let all: BTreeSet<&str> = s.corpus.kinds.keys().map(String::as_str).collect();
    assert_eq!(names, all);
    assert_eq!(rows.len(), all.len());
    assert!(rows.len() >= 300, "{} outlets", rows.len());
    let want = expected(&s.corpus);
    let mut ranked = 0;
    let mut signs = BTreeSet::new();
    for r in &rows {
        // §1: every interval holds its estimate, single documents included:
        // score in [ci_low, ci_high], model_score in [model_low,
        // model_high], p_<class> in [p_<class>_low, p_<class>_high].
        for (col, low) in r.iter().filter(|(c, _)| c.ends_with("_low")) {
            let base = col.trim_end_matches("_low");
            let est = match base {
                "ci" => "score",
                "model" => "model_score",
                b => b,
            };
            let high = &r[&format!("{base}_high")];
            if low.is_empty() {
                assert!(high.is_empty(), "{col}: half an interval in {r:?}");
                continue;
            }
            let (l, h): (f64, f64) = (low.parse().unwrap(), high.parse().unwrap());
            let e: f64 = r[est].parse().unwrap_or_else(|_| panic!("{est}: {r:?}"));
            assert!(l <= e && e <= h, "{est} {e} outside [{l}, {h}]: {r:?}");
        }
        // §2: ranked exactly when the generator's counts of on-topic
        // documents and pole matches (off-topic documents and the
        // boilerplate footer left out) meet --min-docs 5 and --min-matches
        // 10, the defaults; no pole match is an empty score, not 0.
        let (on, off, matches) = want[r["outlet"].as_str()];
        let status = if matches == 0 {
            "no_matches"
        } else if on < 5 {
            "few_documents"
        } else if matches < 10 {
            "few_matches"
        } else {
            "ranked"
        };
        assert_eq!(r["status"], status, "{r:?}");
        assert_eq!(r["n_matches"], matches.to_string(), "{r:?}");
        assert_eq!(r["off_topic_docs"], off.to_string(), "{r:?}");
        assert_eq!(r["n_docs"], (on + off).to_string(), "{r:?}");
        assert_eq!(r["score"].is_empty(), matches == 0, "{r:?}");
        assert_eq!(r["rank"].is_empty(), status != "ranked", "{r:?}");
        if status == "ranked" {
            ranked += 1;
            signs.insert(r["score"].starts_with('-'));
        }
        if matches == 0 {
            assert_eq!(r["no_matches"], "true", "{r:?}");
        }
    }
    // Aardvark, Zephyr and the 28 large outlets (Borderline and Thin are not).
    assert_eq!(ranked, 30);
    let mut ranks: Vec<usize> = rows.iter().filter_map(|r| r["rank"].parse().ok()).collect();
    ranks.sort();
    assert_eq!(ranks, (1..=ranked).collect::<Vec<_>>());
    assert_eq!(signs.len(), 2, "ranked outlets lean either way");
}

#[test]
fn off_topic_documents_get_no_score_and_are_counted() {
    let s = shared();
    // §2: a document without a word of the topic context has no score and
    // off_topic true; every other document has a score when it has a
    // match. The generator knows which is which.
    let docs = by(&s.out.join("documents.csv"), "id");
    assert_eq!(docs.len(), s.corpus.docs.len());
    let mut off = 0;
    for d in &s.corpus.docs {
        let r = &docs[&d.id];
        assert_eq!(r["outlet"], d.outlet);
        let flag = r["off_topic_russia_ukraine"] == "true";
        assert_eq!(flag, !d.on_topic, "{r:?}");
        if !d.on_topic {
            off += 1;
            assert_eq!(r["score_russia_ukraine"], "", "{r:?}");
        } else if d.matches > 0 {
            assert_ne!(r["score_russia_ukraine"], "", "{r:?}");
        }
    }
    // 8 in Large 04-07, 3 in Borderline, 20 in Offbeat
    assert_eq!(off, 31);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out.join("results.json")).unwrap()).unwrap();
    assert_eq!(v["corpus"]["off_topic"][0][1], off);
}

#[test]
fn the_boilerplate_footer_is_listed_and_not_matched() {
    let s = shared();
    let footer_docs = s
        .corpus
        .docs
        .iter()
        .filter(|d| d.text.contains(FOOTER))
        .count();
    assert_eq!(footer_docs, 9, "Large 03 has 6 + 3 % 5 documents");
    // §2: the footer is found, once, for its outlet and all its documents.
    let bp = read_csv(&s.out.join("boilerplate.csv"));
    assert_eq!(bp.len(), 1, "{bp:?}: nothing else repeats");
    assert_eq!(bp[0]["outlet"], "Large 03");
    let shown: String = FOOTER.chars().take(100).collect();
    assert_eq!(bp[0]["line"], shown);
    assert_eq!(bp[0]["documents"], footer_docs.to_string());
    // Its pole term matches nowhere: no matches.csv row has its entry.
    let ids: BTreeSet<String> = read_csv(&s.out.join("entries.csv"))
        .into_iter()
        .filter(|r| r["entry"] == FOOTER_TERM)
        .map(|r| r["entry_id"].clone())
        .collect();
    assert!(!ids.is_empty(), "{FOOTER_TERM} is an entry");
    let matches = read_csv(&s.out.join("matches.csv"));
    assert!(matches.iter().all(|m| !ids.contains(&m["entry_id"])));
    // With --keep-boilerplate it counts: weight_neg rises by its weight
    // (0.5 in the lexicon) in each of the 9 documents, and the score moves.
    let keep = lexicon_run(&s.dir, &s.input, "keep", &["--keep-boilerplate"]);
    let a = &by(&s.out.join("outlets.csv"), "outlet")["Large 03"];
    let b = &by(&keep.join("outlets.csv"), "outlet")["Large 03"];
    let w = |r: &BTreeMap<String, String>, c: &str| r[c].parse::<f64>().unwrap();
    let rise = w(b, "weight_neg") - w(a, "weight_neg");
    assert!(
        (rise - FOOTER_WEIGHT * footer_docs as f64).abs() < 1e-9,
        "{rise}"
    );
    assert!(w(b, "score") < w(a, "score"), "{a:?} {b:?}");
    no_joined_cells(&keep);
}

#[test]
fn wire_copy_is_one_group_of_its_three_outlets() {
    let s = shared();
    // §2: the wire story, carried word for word by Large 00, 01 and 02, is
    // the only text of the corpus found twice.
    let wire: Vec<&Doc> = s
        .corpus
        .docs
        .iter()
        .filter(|d| s.corpus.docs.iter().filter(|e| e.text == d.text).count() > 1)
        .collect();
    assert_eq!(wire.len(), 3);
    let rows = read_csv(&s.out.join("duplicates.csv"));
    let groups: BTreeSet<&str> = rows.iter().map(|r| r["group"].as_str()).collect();
    assert_eq!(groups, BTreeSet::from(["1"]), "{rows:?}");
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["doc_id"].as_str(), r["outlet"].as_str()))
        .collect();
    let want: Vec<(&str, &str)> = wire
        .iter()
        .map(|d| (d.id.as_str(), d.outlet.as_str()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(rows[0]["first"], "true");
    assert!(rows[1..].iter().all(|r| r["first"] == "false"));
}

/// §1: one value per cell in every CSV in `dir`: the generated text has no
/// `|`, so any cell holding one joins two values.
fn no_joined_cells(dir: &Path) {
    let csvs = files(dir, ".csv");
    assert!(csvs.len() >= 5, "{csvs:?}");
    for path in csvs {
        for r in read_csv(&path) {
            for (col, v) in &r {
                assert!(!v.contains('|'), "{}: {col} = {v:?}", path.display());
            }
        }
    }
}

#[test]
fn every_csv_holds_one_value_per_cell() {
    let s = shared();
    assert!(!s.corpus.jsonl().contains('|'));
    no_joined_cells(&s.out);
}

#[test]
fn metadata_passes_through_and_dates_become_iso() {
    let s = shared();
    // §1: the fields slant does not use follow the fixed columns, url first
    // then in input order (the first record has author before section).
    let header: Vec<String> = {
        let mut r = csv::Reader::from_path(s.out.join("documents.csv")).unwrap();
        r.headers().unwrap().iter().map(String::from).collect()
    };
    let at = header.iter().position(|c| c == "out_of_context").unwrap();
    assert_eq!(header[at + 1..at + 4], ["url", "author", "section"]);
    let docs = by(&s.out.join("documents.csv"), "id");
    for d in &s.corpus.docs {
        let r = &docs[&d.id];
        assert_eq!(r["url"], d.url);
        assert_eq!(r["section"], d.section);
        assert_eq!(r["author"], d.author.clone().unwrap_or_default());
        // ISO kept, 12/30/17 read month first, "March 3, 2024" by its
        // month name, the unreadable one as given
        assert_eq!(r["date"], d.iso, "from {:?}", d.date);
    }
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out.join("results.json")).unwrap()).unwrap();
    assert_eq!(v["corpus"]["unreadable_dates"], 1);
    assert_eq!(v["corpus"]["unreadable_date_example"][1], ODD_DATE);
    assert_eq!(
        v["corpus"]["metadata_fields"],
        serde_json::json!(["url", "author", "section"])
    );
}

#[test]
fn one_word_per_line_gives_bounded_sentences() {
    let s = shared();
    let verse = s
        .corpus
        .docs
        .iter()
        .find(|d| d.outlet == "Verse Daily")
        .unwrap();
    let r = &by(&s.out.join("documents.csv"), "id")[&verse.id];
    // §4: a line break ends a sentence once it is past 1,000 bytes (README),
    // and no line here is longer than 10 bytes, so each sentence holds at
    // most 1,011 bytes and there are at least len / 1,011 of them.
    let sentences: usize = r["sentences"].parse().unwrap();
    let floor = verse.text.len() / 1011;
    assert!(
        sentences >= floor,
        "{sentences} sentences, at least {floor}"
    );
    assert!(
        sentences <= verse.text.len() / 900,
        "{sentences}: not cut finer"
    );
    // Its one match sits in its last sentence, not in sentence 0.
    let m: Vec<_> = read_csv(&s.out.join("matches.csv"))
        .into_iter()
        .filter(|m| m["doc_id"] == verse.id)
        .collect();
    assert!(!m.is_empty());
    for m in &m {
        let start: usize = m["char_start"].parse().unwrap();
        let sentence: usize = m["sentence"].parse().unwrap();
        assert!(sentence >= start / 1011, "{m:?}");
    }
}

#[test]
fn report_and_charts_stay_bounded() {
    let s = shared();
    let md = std::fs::read_to_string(s.out.join("report.md")).unwrap();
    // §3: under 1,500 lines (the target at 500 outlets).
    let lines = md.lines().count();
    assert!(lines < 1500, "report.md has {lines} lines");
    // §1: "largest" is most documents then tokens: Zephyr Times and
    // Aardvark Gazette have 14 documents each (more than any other), and
    // Zephyr's are longer, so it comes first though second by name.
    let frames = md.split("## Frames").nth(1).expect("a frames section");
    let first: Vec<&str> = frames
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| outlet"))
        .take(2)
        .collect();
    assert!(first[0].starts_with("| Zephyr Times |"), "{first:?}");
    assert!(first[1].starts_with("| Aardvark Gazette |"), "{first:?}");
    // §3: charts of bounded size whatever the number of outlets (the bound
    // of tests/cli/scale.rs).
    let pngs = files(&s.out, ".png");
    assert!(pngs.len() >= 5, "{pngs:?}");
    for p in pngs {
        let (w, h) = png_size(&p);
        assert!(w <= 2600 && h <= 2600, "{}: {w} x {h}", p.display());
    }
}

#[test]
fn results_json_is_small_and_lists_every_table() {
    let s = shared();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.out.join("results.json")).unwrap()).unwrap();
    // §4: results.json lists every table written with its rows, which
    // are the files' rows.
    let tables = v["tables"].as_object().expect("tables");
    let written: BTreeSet<String> = files(&s.out, ".csv")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = tables.keys().cloned().collect();
    assert_eq!(listed, written);
    for (name, rows) in tables {
        let n = read_csv(&s.out.join(name)).len();
        assert_eq!(rows, &serde_json::json!(n), "{name}");
    }
    // It points to the per-match table instead of repeating it: no array in
    // it is as long.
    // KNOWN GAP: the brief asks for "a few hundred KB at most" here;
    // results.json is about 716 KB for a 438 KB corpus, mostly `evidence`
    // (367 KB: up to --evidence 5 sentences per side for each of the 313
    // outlets, with their text) and `outlets` (109 KB, the rows of
    // outlets.csv again), both as the README documents them. No size bound
    // is asserted until that is settled.
    let matches = tables["matches.csv"].as_u64().unwrap() as usize;
    fn longest(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Array(a) => a.iter().map(longest).max().unwrap_or(0).max(a.len()),
            serde_json::Value::Object(o) => o.values().map(longest).max().unwrap_or(0),
            _ => 0,
        }
    }
    let long = longest(&v);
    assert!(long < matches, "an array of {long} rows");
}

#[test]
fn per_document_tables_grow_linearly() {
    let s = shared();
    // §4: the corpus with every large outlet's documents doubled (new text)
    // against the same corpus once, both with lexicon scores only and
    // boilerplate kept. The per-document tables stay at most 2.2 times as
    // large, documents.csv gains exactly the added documents, and a row
    // costs the same bytes (within 10%) in both: growth is linear, not in
    // the square of a document's length. (The doubled outlets carry most
    // matches, so matches.csv grows faster than the input as a whole.)
    let twice = corpus(2);
    let input = s.dir.join("twice.jsonl");
    std::fs::write(&input, twice.jsonl()).unwrap();
    let base = lexicon_run(&s.dir, &s.input, "base", &["--keep-boilerplate"]);
    let big = lexicon_run(&s.dir, &input, "big", &["--keep-boilerplate"]);
    let size = |p: &Path| std::fs::metadata(p).unwrap().len() as f64;
    let grow = size(&input) / size(&s.input);
    assert!(grow > 1.3, "the doubled corpus is {grow:.2} times as large");
    let rows = |p: &Path| read_csv(p).len() as f64;
    assert_eq!(
        rows(&big.join("documents.csv")) as usize,
        twice.docs.len(),
        "{} documents added",
        twice.docs.len() - s.corpus.docs.len()
    );
    for t in ["documents.csv", "matches.csv", "document_counts.csv"] {
        let (a, b) = (base.join(t), big.join(t));
        let ratio = size(&b) / size(&a);
        assert!(
            ratio <= 2.2,
            "{t}: {ratio:.2} times for input {grow:.2} times"
        );
        let per_row = (size(&b) / rows(&b)) / (size(&a) / rows(&a));
        assert!(
            (0.9..=1.1).contains(&per_row),
            "{t}: a row {per_row:.2} times"
        );
    }
}
