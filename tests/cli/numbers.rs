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
