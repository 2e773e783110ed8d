//! The refusals of the map/merge/report road name the file they concern
//! (and the line and record, where one applies), and show record numbers
//! as people read them (counted from 0, as `--first-record` counts), not
//! as Rust prints a list of ranges.

use std::path::Path;

use super::partial_cut::text_of;
use super::partial_integrity::refused;
use super::util::{put, slant};

/// A corpus of `n` records, with the record `copy` given the id of the
/// record `of`, in two shard files (`a.jsonl`: records 0..split,
/// `b.jsonl`: the rest).
fn shards(d: &Path, n: usize, split: usize, same_id: Option<(usize, usize)>) {
    let mut corpus = super::partial::corpus(n, 3);
    if let Some((copy, of)) = same_id {
        let mut doc: serde_json::Value = serde_json::from_str(&corpus[copy]).unwrap();
        doc["id"] = format!("doc-{of:05}").into();
        corpus[copy] = doc.to_string();
    }
    std::fs::write(d.join("a.jsonl"), corpus[..split].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), corpus[split..].join("\n") + "\n").unwrap();
}

#[test]
fn a_report_refusal_names_the_partial() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shards(d, 12, 6, None);
    slant(d, &["map", "a.jsonl", "-q", "-o", "p.gz"]).ok();
    // Mapped with the default quote weight (0.5): the message had read
    // "cannot report this partial: ..." without saying which.
    refused(
        d,
        &[
            "report",
            "p.gz",
            "--quote-weight",
            "0.3",
            "--out",
            "r",
            "-q",
        ],
        "slant: error: p.gz: cannot report this partial: it was mapped with --quote-weight 0.5",
    );
}

#[test]
fn a_bad_row_is_named_by_its_line_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shards(d, 12, 6, None);
    slant(d, &["map", "a.jsonl", "-q", "-o", "p.gz"]).ok();
    let text = text_of(&d.join("p.gz"));
    // The first document row (record 0) given a count that is not one.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("{\"section\":\"doc\",\"record\":0,\"kind\":\"doc\""))
        .expect("a document row");
    let bad: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| match i == at {
            true => l.replacen("\"tokens\":", "\"tokens\":\"x\",\"was\":", 1),
            false => l.to_string(),
        })
        .collect();
    assert_ne!(bad[at], lines[at], "the row was changed");
    put(d, "bad.jsonl", (bad.join("\n") + "\n").as_bytes());
    refused(
        d,
        &["report", "bad.jsonl", "--out", "r", "-q"],
        &format!(
            "bad.jsonl:{}: cannot report this partial: a document row: invalid type: string \"x\"",
            at + 1
        ),
    );
    let out = slant(d, &["report", "bad.jsonl", "--out", "r", "-q"]);
    assert!(
        out.stderr
            .contains("(record 0; record numbers count from 0, as --first-record does)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_repeated_id_names_the_partials_that_hold_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // record 15 (in b.jsonl) takes the id of record 3 (in a.jsonl)
    shards(d, 20, 10, Some((15, 3)));
    let map = |phase: &[&str], prefix: &str| {
        for (shard, first) in [("a", "0"), ("b", "10")] {
            let (input, out) = (format!("{shard}.jsonl"), format!("{prefix}{shard}.gz"));
            let args = ["map", &input, "-q", "--first-record", first, "-o", &out];
            slant(d, &[&args[..], phase].concat()).ok();
        }
    };
    map(&["--repeats-only"], "r");
    slant(d, &["merge", "ra.gz", "rb.gz", "--decide", "-o", "d.gz"]).ok();
    map(&["--repeats", "d.gz"], "p");
    // had read "document id ... is in records 3 and 15" without a file
    refused(
        d,
        &["merge", "pa.gz", "pb.gz", "-o", "m.gz"],
        "pa.gz and pb.gz: document id \"doc-00003\" is in records 3 and 15 (record numbers count from 0",
    );
}

#[test]
fn record_ranges_read_as_first_and_last_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shards(d, 20, 10, None);
    let propose = ["map", "a.jsonl", "-q", "--repeats-only", "--propose-lines"];
    slant(d, &[&propose[..], &["-o", "l.gz"]].concat()).ok();
    // The proposals of records 0-9 only, given to the shard of 10-19: had
    // read "covers records [(0, 10)]".
    refused(
        d,
        &[
            "map",
            "b.jsonl",
            "-q",
            "--first-record",
            "10",
            "--repeats-only",
            "--line-candidates",
            "l.gz",
            "-o",
            "r.gz",
        ],
        "l.gz: covers records 0\u{2013}9, not the whole corpus from record 0 through this shard's first record 10 (record numbers count from 0, as --first-record does)",
    );
}
