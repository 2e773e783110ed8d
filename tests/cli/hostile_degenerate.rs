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
