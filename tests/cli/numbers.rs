//! Numbers that are right on generated corpora: the per-outlet category
//! table of a dictionary-only run, head-to-head flags, and abbreviations
//! kept whole.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::util::{put, read_csv, slant};

/// A LIWC-style dictionary with two categories and no axis.
const MINI_DIC: &str = "%\n1\tposemo\n2\tnegemo\n%\nhappy\t1\ngood\t1\nsad\t2\nbittersweet\t1 2\n";

/// Outlet `o` has `o + 1` documents (the first outlet one), the `d`-th of
/// them saying "happy" `d + 1` times, "sad" `o` times and "bittersweet"
/// once, among filler words.
fn corpus(dir: &Path, outlets: usize) -> std::path::PathBuf {
    let mut jsonl = String::new();
    for o in 0..outlets {
        for d in 0..=o {
            let mut text = String::from("The council met on Monday. ");
            for _ in 0..=d {
                text.push_str("People were happy about it. ");
            }
            for _ in 0..o {
                text.push_str("Others were sad. ");
            }
            text.push_str("It was bittersweet.");
            let _ = writeln!(
                jsonl,
                r#"{{"id": "o{o}d{d}", "outlet": "Outlet {o}", "date": "2024-01-0{}", "text": "{text}"}}"#,
                d + 1
            );
        }
    }
    put(dir, "news.jsonl", jsonl.as_bytes())
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_dictionary_run_writes_the_category_table() {
    let tmp = tempfile::tempdir().unwrap();
    let news = corpus(tmp.path(), 4);
    let dic = put(tmp.path(), "mini.dic", MINI_DIC.as_bytes());
    let out = tmp.path().join("out");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&news),
            "--lexicon",
            arg(&dic),
            "--out",
            arg(&out),
            "--format",
            "csv",
            "-q",
            // the generated documents repeat a sentence up to five times,
            // which the within-document boilerplate rule would blank
            "--keep-boilerplate",
        ],
    )
    .ok();
    let written = std::fs::read_to_string(out.join("outlets.csv")).unwrap();
    assert_eq!(run.stdout, written, "--format csv prints outlets.csv");
    let rows = read_csv(&out.join("outlets.csv"));
    let header: Vec<&str> = written.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "outlet",
            "category",
            "label",
            "count",
            "own_voice_count",
            "rate_per_1000_tokens",
            "documents",
            "tokens"
        ]
    );
    assert_eq!(rows.len(), 4 * 2, "every outlet x category: {written}");
    for o in 0..4u64 {
        let get = |cat: &str| -> BTreeMap<String, String> {
            rows.iter()
                .find(|r| r["outlet"] == format!("Outlet {o}") && r["category"] == cat)
                .unwrap_or_else(|| panic!("Outlet {o} {cat}: {written}"))
                .clone()
        };
        let (pos, neg) = (get("posemo"), get("negemo"));
        // by construction: documents d = 0..=o say happy d + 1 times
        // (sum (o + 1)(o + 2) / 2), sad o times each and bittersweet once
        // (in both categories)
        let docs = o + 1;
        let happy = docs * (docs + 1) / 2;
        assert_eq!(pos["count"], (happy + docs).to_string(), "{pos:?}");
        assert_eq!(neg["count"], (o * docs + docs).to_string(), "{neg:?}");
        assert_eq!(pos["own_voice_count"], pos["count"]);
        assert_eq!(pos["documents"], docs.to_string());
        let tokens: f64 = pos["tokens"].parse().unwrap();
        let rate: f64 = pos["rate_per_1000_tokens"].parse().unwrap();
        let count: f64 = pos["count"].parse().unwrap();
        assert!((rate - count / tokens * 1000.0).abs() < 1e-9, "{pos:?}");
    }
    let json = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&news),
            "--lexicon",
            arg(&dic),
            "--out",
            arg(&out),
            "--format",
            "json",
            "-q",
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    let arr = v.as_array().expect("an array of rows");
    assert_eq!(arr.len(), rows.len());
    assert_eq!(arr[0]["category"], rows[0]["category"].as_str());
}

#[test]
fn metadata_passes_through_and_dates_become_iso() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a", "outlet": "X", "url": "https://x.example/a", "section": "World", "date": "12/30/17", "author": "Ann", "text": "The talks began.", "label": 3, "tags": ["a", "b"]}"#,
        r#"{"id": "b", "outlet": "X", "date": "Dec 31, 2017", "text": "The talks ended.", "author": "Bo", "reviewed": true}"#,
        r#"{"id": "c", "outlet": "Y", "date": "last Tuesday", "text": "Nothing happened.", "tokens": "clash"}"#,
        r#"{"id": "d", "outlet": "Y", "date": "soon", "text": "Nothing again."}"#,
        r#"{"id": "e", "outlet": "Y", "date": "01/02/2018", "text": "A new year."}"#,
    ];
    let news = put(
        tmp.path(),
        "news.jsonl",
        (lines.join("\n") + "\n").as_bytes(),
    );
    let out = tmp.path().join("out");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&news),
            "--out",
            arg(&out),
            "--no-model",
            "--date-order",
            "dmy",
        ],
    )
    .ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("dates could not be read"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning: {}", run.stderr);
    assert!(
        warnings[0].contains("2 dates") && warnings[0].contains("last Tuesday"),
        "{}",
        warnings[0]
    );
    let text = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header[..14],
        [
            "id",
            "outlet",
            "date",
            "title",
            "tokens",
            "sentences",
            "matches",
            "out_of_context",
            "url",
            "section",
            "author",
            "label",
            "tags",
            "reviewed"
        ],
        "{text}"
    );
    assert_eq!(
        header[14], "meta_tokens",
        "a field named like a column of slant's is prefixed"
    );
    let docs = read_csv(&out.join("documents.csv"));
    let by_id = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap().clone();
    let a = by_id("a");
    assert_eq!(a["url"], "https://x.example/a");
    assert_eq!(a["section"], "World");
    assert_eq!(a["label"], "3", "a number as its JSON text");
    assert_eq!(a["tags"], r#"["a","b"]"#, "an array as its JSON text");
    assert_eq!(
        a["date"], "2017-12-30",
        "30 cannot be a month, whatever the order"
    );
    assert_eq!(a["reviewed"], "");
    assert_eq!(by_id("b")["date"], "2017-12-31");
    assert_eq!(by_id("b")["reviewed"], "true");
    assert_eq!(by_id("c")["date"], "last Tuesday", "kept verbatim");
    assert_eq!(by_id("c")["meta_tokens"], "clash");
    assert_eq!(
        by_id("e")["date"],
        "2018-02-01",
        "day first with --date-order dmy"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    let fields: Vec<&str> = v["corpus"]["metadata_fields"]
        .as_array()
        .expect("metadata_fields")
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["url", "section", "author", "label", "tags", "reviewed", "tokens"]
    );
    assert_eq!(v["corpus"]["unreadable_dates"], 2);
}

#[test]
fn csv_columns_pass_through_in_order_with_us_dates_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let news = put(
        tmp.path(),
        "news.csv",
        b"id,zone,outlet,date,text,byline\n1,north,X,01/02/2018,The talks began.,Ann\n2,south,Y,2018-03-04,The talks ended.,\n",
    );
    let out = tmp.path().join("out");
    let run = slant(
        tmp.path(),
        &["analyze", arg(&news), "--out", arg(&out), "--no-model"],
    )
    .ok();
    assert!(
        !run.stderr.contains("dates could not be read"),
        "{}",
        run.stderr
    );
    let docs = read_csv(&out.join("documents.csv"));
    assert_eq!(docs[0]["zone"], "north");
    assert_eq!(docs[0]["byline"], "Ann");
    assert_eq!(docs[0]["date"], "2018-01-02", "month first by default");
    assert_eq!(docs[1]["date"], "2018-03-04");
    let text = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("out_of_context,zone,byline"),
        "{text}"
    );
}

#[test]
fn head_to_head_carries_flags_and_its_p_agrees_with_its_interval() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    let seeds = crate::util::seeds();
    slant(
        tmp.path(),
        &[
            "compare",
            arg(&seeds),
            "--outlets",
            "RT",
            "Bloomberg",
            "--out",
            arg(&out),
            "-q",
        ],
    )
    .ok();
    let outlets = read_csv(&out.join("outlets.csv"));
    let h2h = read_csv(&out.join("head_to_head.csv"));
    assert!(!h2h.is_empty());
    for t in &h2h {
        let status = |o: &str| {
            outlets
                .iter()
                .find(|r| r["outlet"] == o && r["axis"] == t["axis"])
                .unwrap_or_else(|| panic!("{o} {}", t["axis"]))["status"]
                .clone()
        };
        // the seed outlets have one document each: not ranked, in both tables
        assert_eq!(t["status_a"], status("RT"), "{t:?}");
        assert_eq!(t["status_b"], status("Bloomberg"), "{t:?}");
        assert_eq!(t["status_a"], "few_documents", "{t:?}");
        if let (Ok(lo), Ok(hi), Ok(p)) = (
            t["ci_low"].parse::<f64>(),
            t["ci_high"].parse::<f64>(),
            t["p_value"].parse::<f64>(),
        ) {
            let d: f64 = t["difference"].parse().unwrap();
            assert!(lo <= d && d <= hi, "{t:?}");
            if lo > 0.0 || hi < 0.0 {
                assert!(p < 0.05, "{t:?}");
            }
        }
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let table = md
        .split("## Head to head")
        .nth(1)
        .expect("head to head section");
    assert!(
        table.contains("RT: few_documents"),
        "flags in the report: {table}"
    );
}

#[test]
fn abbreviations_stay_one_term_in_keyness() {
    let tmp = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for d in 0..6 {
        let (outlet, text) = if d % 2 == 0 {
            (
                "A",
                "The U.S. envoy met the U.K. envoy. The U.S. talks went on, e.g. on trade.",
            )
        } else {
            (
                "B",
                "The local council met again. The council talks went on about roads.",
            )
        };
        let _ = writeln!(
            jsonl,
            r#"{{"id": "{d}", "outlet": "{outlet}", "text": "{text}"}}"#
        );
    }
    let news = put(tmp.path(), "news.jsonl", jsonl.as_bytes());
    let out = tmp.path().join("cmp");
    slant(
        tmp.path(),
        &[
            "compare",
            arg(&news),
            // every document of an outlet is the same text, which would be
            // taken for boilerplate
            "--keep-boilerplate",
            "--min-count",
            "2",
            "--out",
            arg(&out),
            "-q",
        ],
    )
    .ok();
    let terms: Vec<String> = read_csv(&out.join("keyness.csv"))
        .into_iter()
        .filter(|r| r["target"] == "A")
        .map(|r| r["term"].clone())
        .collect();
    assert!(terms.iter().any(|t| t == "u.s."), "{terms:?}");
    assert!(
        !terms
            .iter()
            .any(|t| t == "u" || t == "s" || t.starts_with("u ")),
        "{terms:?}"
    );
}
