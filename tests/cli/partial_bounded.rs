//! Bounded n-gram partials (`map --ngram-top K`, then `--ngram-candidates
//! MERGED`): a partial's n-gram rows stay within a bound set by K and the
//! outlets however many documents it holds, the counts shown are exact,
//! and with a K past every shard's n-grams the report is analyze's.

use std::collections::BTreeMap;
use std::path::Path;

use super::partial::{assert_same_report, corpus, kinds};
use super::util::{read_csv, slant};

/// Maps `shards` (file names, each with its first record) in the three
/// steps, `top` candidates per outlet, merges each step and reports.
fn bounded(d: &Path, shards: &[(&str, u64)], top: &str, tag: &str) {
    let step = |name: &str, extra: &[&str]| -> String {
        let mut parts = Vec::new();
        for (i, (file, first)) in shards.iter().enumerate() {
            let out = format!("{tag}-{name}{i}.gz");
            let first = first.to_string();
            let mut args = vec!["map", file, "--first-record", &first, "-o", &out];
            args.extend(extra);
            slant(d, &args).ok();
            parts.push(out);
        }
        let merged = format!("{tag}-{name}.gz");
        let mut args = vec!["merge"];
        args.extend(parts.iter().map(String::as_str));
        args.extend(["-o", &merged]);
        slant(d, &args).ok();
        merged
    };
    let repeats = step("r", &["--repeats-only"]);
    let cands = step("c", &["--repeats", &repeats, "--ngram-top", top]);
    let merged = step("p", &["--repeats", &repeats, "--ngram-candidates", &cands]);
    let out = format!("{tag}-report");
    let args = ["report", &merged, "--out", &out, "--no-charts", "-q"];
    let args = [&args[..], &["--input-name", "all.jsonl"]].concat();
    slant(d, &args).ok();
    slant(
        d,
        &[
            "map",
            "all.jsonl",
            "--repeats",
            &repeats,
            "-o",
            &format!("{tag}-full.gz"),
        ],
    )
    .ok();
}

/// Each (target, term) row of `report`'s keyness.csv: its two counts.
pub(super) fn keyness_counts(report: &Path) -> BTreeMap<(String, String), (String, String)> {
    read_csv(&report.join("keyness.csv"))
        .into_iter()
        .map(|r| {
            let key = (r["target"].clone(), r["term"].clone());
            (
                key,
                (r["count_target"].clone(), r["count_reference"].clone()),
            )
        })
        .collect()
}

#[test]
fn ngram_rows_stay_bounded_as_documents_grow() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut rows = Vec::new();
    for n in [100, 400] {
        // the same seed sentences, so the same vocabulary but for each
        // document's own dispatch number
        let lines = corpus(n, 9);
        std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
        let tag = format!("n{n}");
        bounded(d, &[("all.jsonl", 0)], "40", &tag);
        let part = kinds(&d.join(format!("{tag}-p.gz")));
        let full = kinds(&d.join(format!("{tag}-full.gz")));
        rows.push((part["ngram"], part["word"], full["ngram"]));
    }
    // 6 outlets: at most (6 + 1) x 40 candidates, each counted for at most
    // 6 outlets, of at most 3 words each
    for &(ngrams, words, _) in &rows {
        assert!(ngrams <= 7 * 40 * 6, "{rows:?}");
        assert!(words <= 7 * 40 * 3, "{rows:?}");
    }
    // unbounded, each document's dispatch number adds rows
    assert!(rows[1].2 > rows[0].2, "{rows:?}");
}

#[test]
fn bounded_counts_are_exact_and_a_wide_bound_is_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(240, 13);
    std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(d.join("a.jsonl"), lines[..130].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), lines[130..].join("\n") + "\n").unwrap();
    let args = ["analyze", "all.jsonl", "--no-model", "--no-charts", "-q"];
    slant(d, &[&args[..], &["--out", "single"]].concat()).ok();
    let shards = [("a.jsonl", 0), ("b.jsonl", 130)];
    bounded(d, &shards, "1000000", "wide");
    // no shard has a million n-grams: nothing left out, every n-gram counted
    assert_same_report(&d.join("single"), &d.join("wide-report"));
    bounded(d, &shards, "15", "narrow");
    // every term's counts, ranked or not, from analyze: the keyness of
    // all terms
    let every = ["--keyness-top", "1000000", "--out", "every"];
    slant(d, &[&args[..], &every].concat()).ok();
    let counts = |dir: &str| keyness_counts(&d.join(dir));
    let (all, narrow) = (counts("every"), counts("narrow-report"));
    assert!(narrow.len() > 20, "terms ranked: {}", narrow.len());
    for (k, got) in &narrow {
        assert_eq!(all.get(k), Some(got), "{k:?}: counts are exact");
    }
    assert_ne!(counts("single"), narrow, "a narrow bound ranks fewer terms");
    let md = std::fs::read_to_string(d.join("narrow-report/report.md")).unwrap();
    assert!(md.contains("n-gram counts were bounded (map --ngram-top 15)"));
}
