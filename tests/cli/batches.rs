//! Corpora longer than one batch: the next batch is read while the workers
//! match the current one, and boilerplate is masked a batch at a time on
//! the workers. Outputs must not depend on the thread count, nor on where
//! the batches fall, and a bad record must stop the run naming its line.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{put, slant, snapshot};

/// Documents in the generated corpus: more than two batches of the
/// matching pass (512) and several of the detection pass (256).
const DOCS: usize = 1_300;

/// A corpus of `DOCS` short articles from four outlets, with a footer one
/// outlet repeats (boilerplate), wire copy every 97th document, and
/// sourcing language for the shipped lexicons to match.
fn corpus(dir: &Path, bad_line: Option<usize>) -> String {
    let outlets = ["Daily A", "Herald B", "Courier C", "Times D"];
    let verbs = [
        "said",
        "claimed",
        "denied",
        "confirmed",
        "allegedly reported",
    ];
    let mut out = String::new();
    for i in 0..DOCS {
        if bad_line == Some(i + 1) {
            out.push_str("{\"id\": \"broken\", \"outlet\": \n");
            continue;
        }
        let outlet = outlets[i % outlets.len()];
        let mut text = if i % 97 == 0 {
            "Officials said the ceasefire talks would resume on Monday, according to a statement."
                .to_string()
        } else {
            format!(
                "Story {i}: the minister {} that {} troops moved near the border, according to sources.\n\nAn official who spoke on condition of anonymity disputed it.",
                verbs[i % verbs.len()],
                i * 7 % 1000
            )
        };
        if outlet == "Daily A" {
            text.push_str("\n\nSubscribe to our newsletter for more stories.");
        }
        let line = serde_json::json!({"id": format!("d{i}"), "outlet": outlet, "text": text});
        writeln!(out, "{line}").expect("write to a string");
    }
    put(dir, "corpus.jsonl", out.as_bytes());
    "corpus.jsonl".to_string()
}

#[test]
fn many_batches_give_the_same_bytes_on_one_two_and_three_threads() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = corpus(tmp.path(), None);
    let mut runs = Vec::new();
    for j in ["1", "2", "3"] {
        let out = format!("out{j}");
        slant(
            tmp.path(),
            &[
                "analyze",
                &input,
                "--no-model",
                "--no-compare",
                "-q",
                "-j",
                j,
                "--out",
                &out,
            ],
        )
        .ok();
        runs.push(snapshot(&tmp.path().join(out)));
    }
    for name in [
        "documents.csv",
        "matches.csv",
        "boilerplate.csv",
        "duplicates.csv",
    ] {
        assert!(runs[0].contains_key(name), "{name} written");
    }
    // every document has its row, in input order
    let documents = String::from_utf8_lossy(&runs[0]["documents.csv"]).into_owned();
    assert_eq!(
        documents.lines().count(),
        DOCS + 1,
        "a header and one row per document"
    );
    let boilerplate = String::from_utf8_lossy(&runs[0]["boilerplate.csv"]).into_owned();
    assert!(
        boilerplate.contains("Subscribe to our newsletter"),
        "{boilerplate}"
    );
    for (j, run) in runs.iter().enumerate().skip(1) {
        assert_eq!(
            run.keys().collect::<Vec<_>>(),
            runs[0].keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &runs[0] {
            assert!(
                bytes == &run[name],
                "{name} differs between -j 1 and -j {}",
                j + 1
            );
        }
    }
}

#[test]
fn a_bad_record_in_a_later_batch_stops_the_run_at_its_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // past the first batches of both passes
    let input = corpus(tmp.path(), Some(900));
    for j in ["1", "2"] {
        slant(
            tmp.path(),
            &[
                "analyze",
                &input,
                "--no-model",
                "--no-compare",
                "-q",
                "-j",
                j,
                "--out",
                "out",
            ],
        )
        .fails_with("corpus.jsonl:900");
    }
}
