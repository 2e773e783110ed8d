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

/// [`corpus`] with a fixed vocabulary: each document's dispatch number and
/// title number left out (a wire copy still repeats its original's text),
/// so that 2N documents use the words N use.
fn fixed_vocabulary(n: usize, seed: u64) -> Vec<String> {
    corpus(n, seed)
        .into_iter()
        .map(|line| {
            let mut doc: serde_json::Value = serde_json::from_str(&line).unwrap();
            let text = doc["text"].as_str().unwrap();
            let at = text.find("Dispatch ").unwrap() + "Dispatch ".len();
            let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
            let text = format!("{}{}", &text[..at], &text[at + digits + 1..]);
            doc["text"] = text.into();
            doc["title"] = "Story".into();
            doc.to_string()
        })
        .collect()
}

/// A partial's rows split: the bytes of its per-document rows (section
/// `doc`, JSON text with line ends), and each other row with its counts,
/// record numbers and texts left out (what it is about, not how much),
/// with how many rows there are of each. The rows that list wire copy, a
/// row per row of `duplicates.csv` and per later copy, grow with the
/// copies as that table does: they are counted apart, under their kinds
/// `duplicate` and `copy`.
fn split_rows(path: &Path) -> (usize, BTreeMap<String, usize>) {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let (mut doc, mut rest) = (0, BTreeMap::new());
    for line in text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("{\"trailer\""))
    {
        let mut row: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(kind @ ("duplicate" | "copy")) = row["kind"].as_str() {
            *rest.entry(kind.to_string()).or_default() += 1;
            continue;
        }
        if row["section"] == "doc" {
            doc += line.len() + 1;
            continue;
        }
        let fields = row.as_object_mut().unwrap();
        for how in [
            "n", "record", "position", "value", "net", "sentence", "data", "score",
        ] {
            fields.remove(how);
        }
        *rest.entry(row.to_string()).or_default() += 1;
    }
    (doc, rest)
}

/// How many rows of `rest` (from [`split_rows`]) are of `kind`.
fn of_kind(rest: &BTreeMap<String, usize>, kind: &str) -> usize {
    let tag = format!("\"kind\":\"{kind}\"");
    rest.iter()
        .filter(|(k, _)| k.contains(&tag))
        .map(|(_, n)| n)
        .sum()
}

/// `rest` without the entries `keys`.
fn without_keys(rest: &BTreeMap<String, usize>, keys: &[&str]) -> BTreeMap<String, usize> {
    let mut rest = rest.clone();
    for k in keys {
        rest.remove(*k);
    }
    rest
}

/// `rest` without the rows of `kinds`.
fn without(rest: &BTreeMap<String, usize>, kinds: &[&str]) -> BTreeMap<String, usize> {
    let tags: Vec<String> = kinds.iter().map(|k| format!("\"kind\":\"{k}\"")).collect();
    rest.iter()
        .filter(|(k, _)| !tags.iter().any(|t| k.contains(t.as_str())))
        .map(|(k, n)| (k.clone(), *n))
        .collect()
}

/// Each step of the bounded road, on one shard of N and of 2N documents
/// with the same vocabulary: the only rows that grow are the per-document
/// rows (section `doc`) and, with the comparison views, the sentences to
/// align (one row per sentence, up to the first 100,000 of the corpus);
/// every other row is about the same thing at N and 2N (its count aside),
/// or, for the n-gram candidates and counts, within the bound K sets.
#[test]
fn per_document_rows_are_all_that_grows_with_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 300;
    let mut at = Vec::new();
    for docs in [n, 2 * n] {
        let lines = fixed_vocabulary(docs, 21);
        std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
        let run = |args: &[&str]| slant(d, &[args, &["-q", "--force"]].concat()).ok();
        let map = |more: &[&str], out: &str| {
            run(&[&["map", "all.jsonl", "-o", out][..], more].concat());
        };
        map(&["--repeats-only", "--propose-lines"], "l.gz");
        run(&["merge", "l.gz", "-o", "lines.gz"]);
        map(&["--repeats-only", "--line-candidates", "lines.gz"], "r.gz");
        run(&["merge", "r.gz", "--decide", "-o", "d.gz"]);
        map(&["--repeats", "d.gz", "--ngram-top", "40"], "c.gz");
        run(&["merge", "c.gz", "-o", "cands.gz"]);
        map(
            &["--repeats", "d.gz", "--ngram-candidates", "cands.gz"],
            "p.gz",
        );
        map(&["--repeats", "d.gz", "--no-compare"], "pn.gz");
        let steps = ["l.gz", "r.gz", "d.gz", "c.gz", "p.gz", "pn.gz"];
        at.push(steps.map(|f| split_rows(&d.join(f))));
    }
    let (small, large) = (&at[0], &at[1]);
    // JSON bytes of per-document rows each added document brings, at most:
    // none in the proposals, the decisions and the n-gram candidates; a
    // signature (64 MinHash minimums of up to 10 digits, the text's hash,
    // id and outlet: 680 bytes here) in the counted step; the rows of
    // documents.csv and matches.csv in the last step (3,874 bytes here)
    let most = [0, 700, 0, 0, 4_000, 4_000];
    for (step, ((a, b), most)) in small.iter().zip(large).zip(most).enumerate() {
        let grew = (b.0 - a.0) / n;
        assert!(grew <= most, "step {step}: {grew} bytes per document");
        if most > 0 {
            assert!(
                grew * 10 >= most * 8,
                "step {step}: {grew} bytes per document"
            );
        }
    }
    // the last step's document rows are the same with or without the views
    assert_eq!((small[4].0, large[4].0), (small[5].0, large[5].0));
    // proposals, counted lines, decisions, and the last step without the
    // views: the same rows, but for the rows listing wire copy, which the
    // decisions and both last steps list alike
    let copies = ["duplicate", "copy"];
    for step in [0, 1, 2, 5] {
        let apart = |of: &BTreeMap<String, usize>| without_keys(of, &copies);
        assert_eq!(apart(&small[step].1), apart(&large[step].1), "step {step}");
    }
    for of in [small, large] {
        let listed = |step: usize| of[step].1.get("duplicate").copied().unwrap_or(0);
        assert_eq!((listed(4), listed(5)), (listed(2), listed(2)));
        let later = of[2].1.get("copy").copied().unwrap_or(0);
        assert!(later > 0 && later < listed(2), "{later} later copies");
    }
    // n-gram candidates: each outlet's 40 and the 40 of all (6 outlets),
    // and the count of those left out
    let rows = |step: usize, of: &[(usize, BTreeMap<String, usize>); 6]| {
        of[step].1.values().sum::<usize>()
    };
    assert_eq!(rows(3, small), 7 * 40 + 1);
    assert_eq!(rows(3, large), 7 * 40 + 1);
    // the last step with the views: n-gram counts of the candidates (at
    // most 7 x 40 terms for 6 outlets) and their words (of at most 3
    // words each); the sentences to align grow with the documents; the
    // rest is the same
    for of in [small, large] {
        assert!(of_kind(&of[4].1, "ngram") <= 7 * 40 * 6);
        assert!(of_kind(&of[4].1, "word") <= 7 * 40 * 3);
    }
    let align = (of_kind(&small[4].1, "align"), of_kind(&large[4].1, "align"));
    assert!(
        align.1 * 10 >= align.0 * 19 && align.1 * 10 <= align.0 * 21,
        "{align:?}"
    );
    let others = |of: &[(usize, BTreeMap<String, usize>); 6]| {
        without_keys(&without(&of[4].1, &["ngram", "word", "align"]), &copies)
    };
    assert_eq!(others(small), others(large));
}
