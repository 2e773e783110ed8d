//! `lexicon convert`: dictionaries round-trip through every written
//! format, and what a format cannot hold is said and nothing is written.

use std::path::Path;

use super::dictionaries::{arg, fixture, per_category, stats_json};
use crate::util::{put, root, seeds, slant};

#[test]
fn convert_round_trips_through_every_written_format() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let original = stats_json(d, arg(&fixture("mfd2_sample.dic")), &[]);

    // LIWC -> TOML -> YAML -> LIWC -> word list of one category.
    let steps = [
        (fixture("mfd2_sample.dic"), d.join("a.toml")),
        (d.join("a.toml"), d.join("b.yml")),
        (d.join("b.yml"), d.join("c.dic")),
    ];
    for (from, to) in &steps {
        let run = slant(d, &["lexicon", "convert", arg(from), arg(to)]).ok();
        assert!(run.stderr.contains("slant: wrote"), "{}", run.stderr);
        let now = stats_json(d, arg(to), &[]);
        for key in ["categories", "terms", "entries"] {
            assert_eq!(now[key], original[key], "{key} after {}", to.display());
        }
        assert_eq!(
            per_category(&now),
            per_category(&original),
            "{}",
            to.display()
        );
    }
    // The round trip is exact: the LIWC written back lists the same lines.
    let lines = |p: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    assert_eq!(lines(&d.join("c.dic")), lines(&fixture("mfd2_sample.dic")));

    // The shipped lexicon converts out and back with its descriptive terms.
    let shipped = root().join("lexicons/russia-ukraine.toml");
    slant(d, &["lexicon", "convert", arg(&shipped), "ru.yml"]).ok();
    slant(d, &["lexicon", "convert", "ru.yml", "ru.toml"]).ok();
    let a = stats_json(d, arg(&shipped), &[]);
    let b = stats_json(d, "ru.toml", &[]);
    assert_eq!(a["entries"], b["entries"]);
    assert_eq!(per_category(&a), per_category(&b));
    // The converted file is a lexicon slant loads cleanly.
    let run = slant(d, &["lexicon", "check", "ru.toml"]).ok();
    assert!(run.stdout.contains("0 warnings"), "{}", run.stdout);
}

#[test]
fn convert_says_what_it_cannot_write_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Laver and Garry weights have no place in YAML: refused, no file.
    slant(
        d,
        &[
            "lexicon",
            "convert",
            arg(&fixture("laver_garry_sample.cat")),
            "lg.yml",
        ],
    )
    .fails_with("weight 2");
    assert!(!d.join("lg.yml").exists());
    // slant does not write WordStat.
    slant(
        d,
        &["lexicon", "convert", arg(&fixture("words.txt")), "w.cat"],
    )
    .fails_with("does not write");
    assert!(!d.join("w.cat").exists());

    // A term slant cannot express is named, with its line, and left out.
    let yml = put(d, "q.yml", b"fraud:\n  - \"*deceit*\"\n  - cheat*\n");
    let run = slant(d, &["lexicon", "convert", arg(&yml), "q.toml"]).ok();
    assert!(run.stderr.contains("q.yml:2: warning"), "{}", run.stderr);
    assert!(run.stderr.contains("*deceit*"), "{}", run.stderr);
    assert!(run.stderr.contains("1 terms left out"), "{}", run.stderr);
    let v = stats_json(d, "q.toml", &[]);
    assert_eq!(v["entries"], 1);
    // The same warning when the dictionary is used directly.
    let run = slant(
        d,
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&yml),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    assert!(run.stderr.contains("q.yml:2: warning"), "{}", run.stderr);

    // An old file is replaced whole or not at all.
    put(d, "keep.yml", b"old: [x]\n");
    slant(
        d,
        &[
            "lexicon",
            "convert",
            arg(&fixture("laver_garry_sample.cat")),
            "keep.yml",
            "--force",
        ],
    )
    .fails_with("weight 2");
    assert_eq!(std::fs::read(d.join("keep.yml")).unwrap(), b"old: [x]\n");
    // An output folder that does not exist is an error naming it.
    slant(d, &["lexicon", "convert", arg(&yml), "no/such/dir/q.toml"])
        .fails_with("no/such/dir/q.toml");
}
