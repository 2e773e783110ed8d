//! The hostile-input suite's rows for corpora that give the statistics
//! little to work on (issue 9, "Crashes"): one outlet, no lexicon match,
//! one term, outlet names whose file names collide or run long. Each runs
//! (`analyze` and `compare`) and never panics; an empty document is a bad
//! record named by file and line.

use super::hostile::{analyze, case, jsonl, run_all, with, Case, Want};

/// JSONL records `(outlet, text)`, numbered from 1.
fn records(rows: &[(&str, &str)]) -> Vec<u8> {
    rows.iter()
        .enumerate()
        .map(|(i, (o, t))| jsonl(&(i + 1).to_string(), o, t))
        .collect::<String>()
        .into_bytes()
}

fn cases() -> Vec<Case> {
    let one = records(&[("A", "Kyiv said."), ("A", "Kiev said.")]);
    let none = records(&[("A", "Nothing here."), ("B", "The weather today.")]);
    let term = records(&[("A", "Kyiv"), ("B", "Kyiv"), ("C", "Kiev")]);
    let long = "N".repeat(300);
    let long = records(&[(&long, "Kyiv said."), ("B", "Kiev said.")]);
    let slugs = records(&[
        ("A B", "Kyiv said."),
        ("A-B", "Kiev said."),
        ("a_b", "Kyiv."),
    ]);
    let cases = records(&[
        ("Foo", "Kyiv said."),
        ("foo", "Kiev said."),
        ("FOO", "Kyiv."),
    ]);
    let empty = records(&[("A", ""), ("B", "Kyiv said.")]);
    let min1 = |input| with(analyze(input), &["--min-docs", "1"]);
    vec![
        case(
            "compare with one outlet",
            &[("one.jsonl", &one)],
            &["compare", "one.jsonl", "-q"],
            Want::Runs(None),
        ),
        case(
            "no lexicon match",
            &[("none.jsonl", &none)],
            &min1("none.jsonl"),
            Want::Runs(Some(2)),
        ),
        case(
            "compare with no lexicon match",
            &[("none.jsonl", &none)],
            &["compare", "none.jsonl", "-q"],
            Want::Runs(None),
        ),
        case(
            "one term in every text",
            &[("term.jsonl", &term)],
            &min1("term.jsonl"),
            Want::Runs(Some(3)),
        ),
        case(
            "compare with one term in every text",
            &[("term.jsonl", &term)],
            &["compare", "term.jsonl", "-q"],
            Want::Runs(None),
        ),
        case(
            "an outlet name of 300 bytes",
            &[("long.jsonl", &long)],
            &min1("long.jsonl"),
            Want::Runs(Some(2)),
        ),
        case(
            "outlet names whose slugs collide",
            &[("slugs.jsonl", &slugs)],
            &min1("slugs.jsonl"),
            Want::Runs(Some(3)),
        ),
        case(
            "outlet names that differ in case",
            &[("cases.jsonl", &cases)],
            &min1("cases.jsonl"),
            Want::Runs(Some(3)),
        ),
        case(
            "an empty document",
            &[("empty.jsonl", &empty)],
            &analyze("empty.jsonl"),
            Want::Fails("empty.jsonl:1: document `1`: empty document"),
        ),
    ]
}

#[test]
fn degenerate_corpora_run_or_fail_by_line() {
    run_all(&cases());
}

/// An outlet whose every document is one line that differs from the others
/// only in a number (line matching reads digits as alike) loses all its text
/// to boilerplate. The run still succeeds, but says so on standard error and
/// in the report rather than leaving rows of zeros unremarked.
#[test]
fn documents_masked_away_entirely_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows: Vec<(String, String)> = (1..=9)
        .map(|i| ("A".to_string(), format!("Kyiv gallery picture {i} of 9.")))
        .collect();
    rows.push(("B".to_string(), "Kyiv said the talks went on.".to_string()));
    let rows: Vec<(&str, &str)> = rows.iter().map(|(o, t)| (o.as_str(), t.as_str())).collect();
    crate::util::put(tmp.path(), "c.jsonl", &records(&rows));
    let run = crate::util::slant(
        tmp.path(),
        &["analyze", "c.jsonl", "--no-model", "--out", "r"],
    )
    .ok();
    assert!(
        run.stderr.contains(
            "warning: 9 of 10 documents have no word token to match once boilerplate was left out"
        ),
        "{}",
        run.stderr
    );
    let md = std::fs::read_to_string(tmp.path().join("r/report.md")).unwrap();
    assert!(
        md.contains("9 of 10 documents have no word token left once boilerplate was left out"),
        "{md}"
    );
    let docs = crate::util::read_csv(&tmp.path().join("r/documents.csv"));
    let empty = docs.iter().filter(|d| d["tokens"] == "0").count();
    assert_eq!(
        empty, 9,
        "documents.csv has the nine masked documents at 0 tokens"
    );
    // With the boilerplate kept, no document is empty and nothing is said.
    let kept = crate::util::slant(
        tmp.path(),
        &[
            "analyze",
            "c.jsonl",
            "--no-model",
            "--keep-boilerplate",
            "--out",
            "k",
        ],
    )
    .ok();
    assert!(!kept.stderr.contains("no word token"), "{}", kept.stderr);
}
