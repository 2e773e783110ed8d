//! Dictionaries in other formats: `lexicon stats`, the fixtures read or
//! refused, `kwic` and format prefixes. Converting them:
//! `dictionaries_convert.rs`; using them in `analyze`, `train`, `map` and
//! `report`: `dictionaries_analyze.rs` (both use the helpers here).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{put, read_csv, root, seeds, slant};

pub(super) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/dictionaries").join(name)
}

pub(super) fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `lexicon stats --format json` of `file`, parsed.
pub(super) fn stats_json(dir: &Path, file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["lexicon", "stats", "--format", "json", file];
    args.extend_from_slice(extra);
    let run = slant(dir, &args).ok();
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout))
}

/// Per category: (name, terms, phrases, wildcards), from stats JSON.
pub(super) fn per_category(v: &serde_json::Value) -> Vec<(String, u64, u64, u64)> {
    v["per_category"]
        .as_array()
        .expect("per_category")
        .iter()
        .filter(|c| c["terms"].as_u64() != Some(0))
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["terms"].as_u64().expect("terms"),
                c["phrases"].as_u64().expect("phrases"),
                c["wildcards"].as_u64().expect("wildcards"),
            )
        })
        .collect()
}

#[test]
fn stats_json_counts_categories_terms_and_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let v = stats_json(tmp.path(), arg(&fixture("quanteda.yml")), &[]);
    // Counted by hand from the fixture: 10 keys hold patterns (economy 3,
    // social policy 2, single 1, NO 2, KE 1, TZ 2, EUROPE's `__` 1, UA 3,
    // nested_in_list 1, its child 2 = 18 entries, all distinct); with the
    // parents regions, AFRICA, EAST and the empty key there are 14.
    assert_eq!(v["format"], "yaml");
    assert_eq!(v["categories"], 10);
    assert_eq!(v["categories_all"], 14);
    assert_eq!(v["terms"], 18);
    assert_eq!(v["entries"], 18);
    assert!(v["categories_counted"].as_str().unwrap().contains("hold"));
    let cats = per_category(&v);
    assert!(cats.contains(&("economy".into(), 3, 1, 2)), "{cats:?}");
    assert!(
        cats.contains(&("regions.AFRICA.EAST.TZ".into(), 2, 1, 0)),
        "{cats:?}"
    );

    // Rolled up to two levels, AFRICA holds KE and TZ.
    let v = stats_json(tmp.path(), arg(&fixture("quanteda.yml")), &["--level", "2"]);
    assert_eq!(v["entries"], 18);
    assert!(per_category(&v).contains(&("regions.AFRICA".into(), 3, 1, 0)));

    // A LIWC word in two categories is one term and two entries.
    let dic = put(
        tmp.path(),
        "two.dic",
        b"%\n1\tgood\n2\tbad\n%\nmixed\t1 2\nfine\t1\n",
    );
    let v = stats_json(tmp.path(), arg(&dic), &[]);
    assert_eq!(
        (v["terms"].as_u64(), v["entries"].as_u64()),
        (Some(2), Some(3))
    );

    // The text table says what it counts.
    let run = slant(tmp.path(), &["lexicon", "stats", arg(&dic)]).ok();
    assert!(
        run.stdout.contains(
            "2 categories with terms (2 in all), 2 distinct terms, 3 term-category entries"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn every_fixture_reads_or_fails_with_a_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/dictionaries");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for p in names {
        let run = slant(
            tmp.path(),
            &["lexicon", "stats", "--format", "json", arg(&p)],
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        if run.code != 0 {
            // A refusal names the file and a line.
            let name = p.file_name().unwrap().to_str().unwrap();
            let line = run
                .stderr
                .lines()
                .find(|l| l.contains(name) && l.contains("error"))
                .unwrap_or_else(|| panic!("{name}: no located error:\n{}", run.stderr));
            let after = &line[line.find(name).unwrap() + name.len()..];
            assert!(
                after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()),
                "{line}"
            );
        }
    }
}

#[test]
fn a_dictionary_counts_what_kwic_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let words = put(
        tmp.path(),
        "words.txt",
        b"# a word list\nKiev\nannex*\nCrimea\n",
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&words),
            "--no-model",
            "--no-compare",
            // kwic reads the text as it is; so must the counts it is held to
            // (a seed repeats a photo caption five times).
            "--keep-boilerplate",
            "--out",
            "rep",
        ],
    )
    .ok();
    let frames = read_csv(&tmp.path().join("rep/frames.csv"));
    let counted: BTreeMap<String, u64> = frames
        .iter()
        .filter(|r| r["frame"] == "words")
        .map(|r| (r["outlet"].clone(), r["count"].parse().unwrap()))
        .collect();
    assert_eq!(counted.len(), 5, "{frames:?}");

    let run = slant(
        tmp.path(),
        &[
            "kwic",
            "Kiev",
            "-e",
            "annex*",
            "-e",
            "Crimea",
            arg(&seeds()),
            "--format",
            "csv",
            "-o",
            "hits.csv",
        ],
    )
    .ok();
    let mut found: BTreeMap<String, u64> = counted.keys().map(|k| (k.clone(), 0)).collect();
    for r in read_csv(&tmp.path().join("hits.csv")) {
        *found.get_mut(&r["outlet"]).expect("known outlet") += 1;
    }
    assert_eq!(counted, found, "{}", run.stderr);
    // RT alone writes "Kiev", six times (see the compare tests).
    assert!(found["RT"] >= 6, "{found:?}");
}

#[test]
fn format_prefix_and_from_name_a_format_the_extension_hides() {
    let tmp = tempfile::tempdir().unwrap();
    let hidden = put(
        tmp.path(),
        "mfd.data",
        b"%\n1\tcare.virtue\n2\tsovereignty.claims\n%\nprotect*\t1\nsovereign*\t2\n",
    );
    slant(tmp.path(), &["lexicon", "stats", arg(&hidden)])
        .fails_with("cannot tell the dictionary format of");
    let v = stats_json(tmp.path(), arg(&hidden), &["--from", "liwc"]);
    assert_eq!(v["entries"], 2);

    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            &format!("liwc:{}", arg(&hidden)),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let frames = read_csv(&tmp.path().join("rep/frames.csv"));
    let sovereignty: u64 = frames
        .iter()
        .filter(|r| r["frame"] == "sovereignty_claims")
        .map(|r| r["count"].parse::<u64>().unwrap())
        .sum();
    assert!(sovereignty > 0, "{frames:?}\n{}", run.stderr);
    // The report names the category by its own name.
    let report = std::fs::read_to_string(tmp.path().join("rep/report.md")).unwrap();
    assert!(report.contains("| sovereignty.claims |"), "{report}");

    slant(
        tmp.path(),
        &["lexicon", "stats", "--from", "klingon", arg(&hidden)],
    )
    .fails_with("unknown dictionary format `klingon`");
}
