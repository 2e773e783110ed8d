//! Repeated ids with `--on-error skip`: ids are checked by an external sort
//! in a reading of their own (memory flat in the number of records), and
//! the records left out are exactly those a check as each is read leaves
//! out: every later use of an id, the first kept, each listed in
//! `skipped.csv` with where the id was first used.

use crate::util::{put, read_csv, slant, slant_stdin};

/// A record of outlet `outlet` whose text names `word`.
fn rec(id: &str, outlet: &str, word: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"outlet\":\"{outlet}\",\"text\":\"{word} said the annexation of Crimea was illegal. Report {id}.\"}}\n"
    )
}

/// Two files, 5,000 records and 3 in all (more than a run of the sort),
/// and the same without the repeats; the repeats name "Kiev regime" where
/// the records they repeat name "Kyiv", so that counting one shows.
fn corpora(dir: &std::path::Path) {
    let (mut a, mut clean_a) = (String::new(), String::new());
    for i in 1..=5000 {
        let outlet = ["A", "B", "C"][i % 3];
        let (r, keep) = match i {
            2 => (rec("1", "B", "Kiev regime"), false),    // early
            4999 => (rec("3", "A", "Kiev regime"), false), // late
            100 | 200 => (rec("50", "C", "Kiev regime"), false), // three uses
            _ => (rec(&i.to_string(), outlet, "Kyiv"), true),
        };
        a.push_str(&r);
        if keep {
            clean_a.push_str(&r);
        }
    }
    // across files: a repeat of a.jsonl's id and of b.jsonl's own
    let b = rec("4000", "C", "Kiev regime") + &rec("b1", "A", "Kyiv") + &rec("b1", "B", "Kiev");
    put(dir, "a.jsonl", a.as_bytes());
    put(dir, "b.jsonl", b.as_bytes());
    put(dir, "clean/a.jsonl", clean_a.as_bytes());
    put(dir, "clean/b.jsonl", rec("b1", "A", "Kyiv").as_bytes());
}

const RUN: [&str; 7] = [
    "--no-model",
    "--no-charts",
    "--min-docs",
    "1",
    "--on-error",
    "skip",
    "-q",
];

#[test]
fn every_later_use_of_an_id_is_skipped_and_listed_as_read() {
    let tmp = tempfile::tempdir().unwrap();
    corpora(tmp.path());
    let mut args = vec!["analyze", "a.jsonl", "b.jsonl", "--out", "out"];
    args.extend(RUN);
    slant(tmp.path(), &args).ok();
    let skipped: Vec<String> = read_csv(&tmp.path().join("out/skipped.csv"))
        .iter()
        .map(|r| format!("{}:{} {} {}", r["file"], r["line"], r["id"], r["reason"]))
        .collect();
    let first = |at: &str| format!("duplicate id, first used at {at}");
    assert_eq!(
        skipped,
        [
            format!("a.jsonl:2 1 {}", first("a.jsonl:1")),
            format!("a.jsonl:100 50 {}", first("a.jsonl:50")),
            format!("a.jsonl:200 50 {}", first("a.jsonl:50")),
            format!("a.jsonl:4999 3 {}", first("a.jsonl:3")),
            format!("b.jsonl:1 4000 {}", first("a.jsonl:4000")),
            format!("b.jsonl:3 b1 {}", first("b.jsonl:2")),
        ]
    );
    // every other table is that of the corpus without the repeats
    let mut clean = vec![
        "analyze",
        "clean/a.jsonl",
        "clean/b.jsonl",
        "--out",
        "clean_out",
    ];
    clean.extend(RUN);
    slant(tmp.path(), &clean).ok();
    for table in [
        "documents.csv",
        "outlets.csv",
        "matches.csv",
        "variants.csv",
    ] {
        let got = std::fs::read(tmp.path().join("out").join(table)).unwrap();
        let want = std::fs::read(tmp.path().join("clean_out").join(table)).unwrap();
        assert!(
            got == want,
            "{table} differs from the corpus without repeats"
        );
    }
}

#[test]
fn standard_input_and_kwic_skip_the_same_records() {
    let tmp = tempfile::tempdir().unwrap();
    corpora(tmp.path());
    let input = std::fs::read(tmp.path().join("a.jsonl")).unwrap();
    let mut args = vec!["analyze", "-", "--out", "out"];
    args.extend(RUN);
    slant_stdin(tmp.path(), &args, Some(&input)).ok();
    let skipped = read_csv(&tmp.path().join("out/skipped.csv"));
    let reasons: Vec<&str> = skipped.iter().map(|r| r["reason"].as_str()).collect();
    assert_eq!(
        reasons,
        [
            "duplicate id, first used at -:1",
            "duplicate id, first used at -:50",
            "duplicate id, first used at -:50",
            "duplicate id, first used at -:3",
        ]
    );
    // kwic writes rows as it reads: the repeats' "Kiev regime" never shows,
    // and without skip the first repeat stops it with the message as before
    for stdin in [false, true] {
        let (file, input) = if stdin {
            ("-", Some(input.as_slice()))
        } else {
            ("a.jsonl", None)
        };
        let skip = ["kwic", "Kiev", file, "--on-error", "skip", "-q"];
        let run = slant_stdin(tmp.path(), &skip, input).ok();
        assert_eq!(run.stdout.matches("Kiev").count(), 0, "{}", run.stdout);
        let name = if stdin { "-" } else { "a.jsonl" };
        slant_stdin(tmp.path(), &["kwic", "Kyiv", file, "-q"], input).fails_with(&format!(
            "{name}:2: document `1`: duplicate id, first used at {name}:1"
        ));
    }
    let suggest: &[&str] = &["lexicon", "suggest", "a.jsonl"];
    let check: &[&str] = &["lexicon", "check", "russia-ukraine", "a.jsonl"];
    for args in [suggest, check] {
        slant(tmp.path(), args)
            .fails_with("a.jsonl:2: document `1`: duplicate id, first used at a.jsonl:1");
    }
}
