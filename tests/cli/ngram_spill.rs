//! The comparison views from n-gram tables spilled to disk as sorted runs
//! (`--ngram-pairs`, src/aggregate/gram_runs.rs) are the views of the
//! tables held in memory, byte for byte.

use super::partial::{assert_same_report, corpus};
use super::util::{read_csv, slant};

#[test]
fn spilled_ngram_tables_give_every_output_of_the_tables_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("corpus.jsonl"), corpus(300, 11).join("\n") + "\n").unwrap();
    let run = |command: &str, out: &str, extra: &[&str]| {
        let mut args = vec![command, "corpus.jsonl", "--no-charts", "-q", "--out", out];
        args.extend(["--bootstrap", "100", "--permutations", "99"]);
        args.extend(extra);
        slant(d, &args).ok();
    };
    // analyze: every view but head to head; compare: head to head too.
    let no_model = ["--no-model"];
    let pair = ["--align", "--outlets", "RT", "BBC"];
    run("analyze", "memory", &no_model);
    run("compare", "memory-pair", &pair);
    // The corpus holds tens of thousands of (outlet, n-gram) pairs (five
    // seed sentences a document, six outlets): a budget of 1 spills after
    // every document (300 runs, merged 32 at a time as they pile up), 500
    // every few documents and leaves the last ones in memory to the end.
    for pairs in ["1", "500"] {
        let out = format!("spilled-{pairs}");
        run(
            "analyze",
            &out,
            &[&no_model[..], &["--ngram-pairs", pairs]].concat(),
        );
        assert_same_report(&d.join("memory"), &d.join(&out));
    }
    run(
        "compare",
        "spilled-pair",
        &[&pair[..], &["--ngram-pairs", "500"]].concat(),
    );
    assert_same_report(&d.join("memory-pair"), &d.join("spilled-pair"));
    // The views compared are not empty: each outlet's distinctive terms
    // and RT's against BBC, and the six outlets on the map.
    let keyness = read_csv(&d.join("memory-pair/keyness.csv"));
    let against = |r: &str| keyness.iter().filter(|k| k["reference"] == r).count();
    assert!(against("all others") > 100, "{}", against("all others"));
    assert!(against("BBC") > 10, "{}", against("BBC"));
    assert_eq!(read_csv(&d.join("memory/outlet_map.csv")).len(), 6);
}

#[test]
fn a_budget_of_no_pairs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    slant(dir.path(), &["analyze", "x.jsonl", "--ngram-pairs", "0"]).fails_with("--ngram-pairs");
}
