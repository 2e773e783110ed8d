//! What ties the files of the map/merge road together: a merged partial
//! must cover every record its repeated text was decided over (so a shard
//! left out, or a file of `cat`-joined partials cut after one's closing
//! line, is refused rather than reported as a smaller corpus); a repeats
//! file records the reading options its records were read with, and every
//! run reading it refuses others, naming the option; and `map --repeats`
//! checks its shard's files against those the first phase read for it.
//! Each refusal exits 2, names the file and writes nothing.

use std::path::Path;

use super::partial_cut::text_of;
use super::util::{entries, put, slant};

/// A corpus of 40 records in two shard files (`a.jsonl`: records 0..20,
/// `b.jsonl`: 20..40), their first phase merged and decided
/// (`decided.gz`).
fn road(d: &Path) {
    let corpus = super::partial::corpus(40, 3);
    std::fs::write(d.join("c.jsonl"), corpus.join("\n") + "\n").unwrap();
    std::fs::write(d.join("a.jsonl"), corpus[..20].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), corpus[20..].join("\n") + "\n").unwrap();
    map_shards(d, "r", &["--repeats-only"]);
    slant(
        d,
        &["merge", "ra.gz", "rb.gz", "--decide", "-o", "decided.gz"],
    )
    .ok();
}

/// The second phase of shard `a`, to `x.gz`.
const MAP_A: [&str; 7] = [
    "map",
    "a.jsonl",
    "-q",
    "-o",
    "x.gz",
    "--repeats",
    "decided.gz",
];

/// Analyze over both shards, without the model.
const ANALYZE: [&str; 5] = ["analyze", "a.jsonl", "b.jsonl", "--no-model", "-q"];

/// Maps both shards with `flags`, to `{prefix}a.gz` and `{prefix}b.gz`.
fn map_shards(d: &Path, prefix: &str, flags: &[&str]) {
    for (shard, first) in [("a", "0"), ("b", "20")] {
        let (input, out) = (format!("{shard}.jsonl"), format!("{prefix}{shard}.gz"));
        let args = ["map", &input, "-q", "--first-record", first, "-o", &out];
        slant(d, &[&args[..], flags].concat()).ok();
    }
}

/// Runs `args`, which must fail with `needle` and write nothing.
pub(super) fn refused(d: &Path, args: &[&str], needle: &str) {
    let before = entries(d);
    slant(d, args).fails_with(needle);
    assert_eq!(entries(d), before, "{args:?}: nothing written");
}

#[test]
fn a_merged_partial_missing_a_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    road(d);
    map_shards(d, "p", &["--repeats", "decided.gz"]);
    let (a, b) = (text_of(&d.join("pa.gz")), text_of(&d.join("pb.gz")));
    // joined with cat, whole: reports
    put(d, "joined.jsonl", format!("{a}{b}").as_bytes());
    slant(d, &["report", "joined.jsonl", "--out", "whole", "-q"]).ok();
    // cut exactly after the first partial's closing line: a whole partial
    // of records 0..20, but mapped with repeats of 0..40
    put(d, "cut.jsonl", a.as_bytes());
    // records counted from 0, each range shown by its first and last
    let missing = "cannot report this partial: it covers records 0\u{2013}19, but its shards were mapped with repeated text of records 0\u{2013}39 (record numbers count from 0, as --first-record does): a shard's partial is missing";
    refused(
        d,
        &["report", "cut.jsonl", "--out", "r", "-q"],
        &format!("cut.jsonl: {missing}"),
    );
    // merged alone (any grouping merges), then reported: refused too
    slant(d, &["merge", "cut.jsonl", "-o", "m.gz"]).ok();
    refused(
        d,
        &["report", "m.gz", "--out", "r", "-q"],
        &format!("m.gz: {missing}"),
    );
    // candidate n-grams of one shard alone: refused by the map that
    // counts them
    map_shards(d, "k", &["--repeats", "decided.gz", "--ngram-top", "5"]);
    let count = MAP_A;
    refused(
        d,
        &[&count[..], &["--ngram-candidates", "ka.gz"]].concat(),
        "ka.gz: covers records 0\u{2013}19, but the repeated text this shard is mapped with covers records 0\u{2013}39 (record numbers count from 0",
    );
    slant(d, &["merge", "ka.gz", "kb.gz", "-o", "k.gz"]).ok();
    slant(d, &[&count[..], &["--ngram-candidates", "k.gz"]].concat()).ok();
}

#[test]
fn a_repeats_file_refuses_other_reading_options_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    road(d);
    let second = MAP_A;
    refused(
        d,
        &[&second[..], &["--on-error", "skip"]].concat(),
        "decided.gz: made with other reading options: its records were read with --on-error stop, this run reads them with --on-error skip",
    );
    refused(
        d,
        &[&second[..], &["--field", "text=title"]].concat(),
        "decided.gz: made with other reading options: its records were read with --field text=text, this run reads them with --field text=title",
    );
    fn analyze_with(file: &str) -> Vec<&str> {
        [&ANALYZE[..], &["--out", "r", "--repeats", file]].concat()
    }
    refused(
        d,
        &[&analyze_with("decided.gz")[..], &["--missing-outlet", "skip"]].concat(),
        "decided.gz: made with other reading options: its records were read with --missing-outlet error, this run reads them with --missing-outlet skip",
    );
    // as a --save-repeats file is checked, naming the option
    let save = ["--out", "s", "--save-repeats", "saved.gz"];
    slant(d, &[&ANALYZE[..], &save].concat()).ok();
    refused(
        d,
        &[&analyze_with("saved.gz")[..], &["--date-order", "dmy"]].concat(),
        "saved.gz: made with other reading options: its records were read with --date-order mdy, this run reads them with --date-order dmy",
    );
    refused(
        d,
        &[&second[..5], &["--repeats", "saved.gz", "--max-record-mb", "8"]].concat(),
        "saved.gz: made with other reading options: its records were read with --max-record-mb 64, this run reads them with --max-record-mb 8",
    );
    // the same options read the same records: accepted
    slant(d, &analyze_with("decided.gz")).ok();
    // shards read otherwise do not merge
    let args = [
        "map",
        "b.jsonl",
        "-q",
        "--first-record",
        "20",
        "-o",
        "rb2.gz",
    ];
    slant(
        d,
        &[&args[..], &["--repeats-only", "--date-order", "dmy"]].concat(),
    )
    .ok();
    refused(
        d,
        &["merge", "ra.gz", "rb2.gz", "-o", "m.gz"],
        "the partials differ in `options.reading`",
    );
    // line proposals too
    let propose = ["map", "c.jsonl", "-q", "--repeats-only", "--propose-lines"];
    slant(d, &[&propose[..], &["-o", "lines.gz"]].concat()).ok();
    let count = ["map", "c.jsonl", "-q", "--repeats-only", "-o", "x.gz"];
    refused(
        d,
        &[
            &count[..],
            &["--line-candidates", "lines.gz", "--on-error", "skip"],
        ]
        .concat(),
        "lines.gz: made with other reading options: its records were read with --on-error stop",
    );
}

#[test]
fn map_repeats_checks_its_shard_against_the_files_the_first_phase_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    road(d);
    fn second<'a>(input: &'a str, first: &'a str) -> Vec<&'a str> {
        let args = ["map", input, "-q", "-o", "x.gz", "--first-record", first];
        [&args[..], &["--repeats", "decided.gz"]].concat()
    }
    slant(d, &second("b.jsonl", "20")).ok();
    std::fs::remove_file(d.join("x.gz")).unwrap();
    let b = std::fs::read_to_string(d.join("b.jsonl")).unwrap();
    // a file of the first phase's other shard
    refused(
        d,
        &second("a.jsonl", "20"),
        "decided.gz: its first phase read a.jsonl in the shard starting at record 0, not 20",
    );
    // another size: refused before reading (the file is not even JSON)
    let same = std::fs::read(d.join("b.jsonl")).unwrap();
    put(d, "b.jsonl", b"not a corpus\n");
    refused(
        d,
        &second("b.jsonl", "20"),
        &format!(
            "decided.gz: made from another corpus: b.jsonl has 13 bytes, {} when",
            same.len()
        ),
    );
    // the same size, other bytes: refused once read
    let swapped = b.replacen("Dispatch", "Dispatcj", 1);
    assert_eq!(swapped.len(), b.len());
    put(d, "b.jsonl", swapped.as_bytes());
    refused(
        d,
        &second("b.jsonl", "20"),
        "decided.gz: made from another shard: b.jsonl holds other bytes",
    );
    put(d, "b.jsonl", &same);
    // a file the first phase read at another record
    refused(
        d,
        &second("b.jsonl", "10"),
        "decided.gz: its first phase read b.jsonl in the shard starting at record 20, not 10",
    );
    // standard input: checked where the first phase read it too
    let stdin = |args: &[&str], input: &[u8]| super::util::slant_stdin(d, args, Some(input));
    let first = ["map", "-", "-q", "--first-record", "20", "-o", "rs.gz"];
    stdin(&[&first[..], &["--repeats-only"]].concat(), &same).ok();
    slant(d, &["merge", "ra.gz", "rs.gz", "--decide", "-o", "ds.gz"]).ok();
    let from_stdin = [
        "map",
        "-",
        "-q",
        "--first-record",
        "20",
        "-o",
        "x.gz",
        "--repeats",
        "ds.gz",
    ];
    stdin(&from_stdin, &same).ok();
    std::fs::remove_file(d.join("x.gz")).unwrap();
    let other = b.replacen("Dispatch", "Dispatcj", 1);
    stdin(&from_stdin, other.as_bytes())
        .fails_with("ds.gz: made from another shard: - holds other bytes");
    assert!(!d.join("x.gz").exists());
}
