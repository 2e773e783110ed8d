//! Bad input: a clear message naming file and line, exit status 2, and
//! nothing lost or half-written.

use crate::util::{put, read_csv, seeds, slant, slant_stdin};

const MANIFEST: &[u8] = b"file,outlet\na.txt,Alpha\nb.txt,Beta\n";

fn corpus(dir: &std::path::Path, b_txt: &[u8]) -> std::path::PathBuf {
    let c = dir.join("corpus");
    put(&c, "manifest.csv", MANIFEST);
    put(
        &c,
        "a.txt",
        "Kyiv said the illegal annexation of Crimea was a breach.".as_bytes(),
    );
    put(&c, "b.txt", b_txt);
    c
}

#[test]
fn bad_text_files_stop_the_run_and_name_the_file_and_line() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"First line\nsecond \xC3\x28 line\n",
            "b.txt:2: document `b`: not valid UTF-8",
        ),
        (b"\n \n", "b.txt: document `b`: empty document"),
        (
            b"\x1f\x8b\x08\x00\x00\x00",
            "b.txt:1: document `b`: looks binary",
        ),
    ];
    for (bytes, want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let c = corpus(tmp.path(), bytes);
        let run = slant(
            tmp.path(),
            &["analyze", c.to_str().unwrap(), "--out", "out"],
        )
        .fails_with(want);
        assert!(run.stderr.contains("--on-error skip"), "{}", run.stderr);
        assert!(
            !tmp.path().join("out").exists(),
            "no report from a failed run"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left: {leftovers:?}");
    }
}

#[test]
fn skip_lists_what_was_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(tmp.path(), b"bad \xff byte");
    slant(
        tmp.path(),
        &[
            "analyze",
            c.to_str().unwrap(),
            "--out",
            "out",
            "--on-error",
            "skip",
            "-q",
        ],
    )
    .ok();
    let skipped = read_csv(&tmp.path().join("out/skipped.csv"));
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["file"].ends_with("b.txt"), "{skipped:?}");
    assert_eq!(skipped[0]["line"], "1");
    assert!(
        skipped[0]["reason"].starts_with("not valid UTF-8"),
        "{skipped:?}"
    );
    let md = std::fs::read_to_string(tmp.path().join("out/report.md")).unwrap();
    assert!(
        md.contains("## Skipped records"),
        "report lists skipped records"
    );
    assert_eq!(read_csv(&tmp.path().join("out/documents.csv")).len(), 1);
}

#[test]
fn malformed_records_name_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "n.jsonl", b"{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"Kyiv.\"}\n{\"id\":\"2\",\"outlet\":\"A\",\"text\":\n");
    slant(tmp.path(), &["analyze", "n.jsonl", "--out", "out"])
        .fails_with("n.jsonl:2: malformed JSON record");
    put(
        tmp.path(),
        "n.csv",
        b"id,outlet,text\r\n1,A,\"Kyiv,\r\nsaid\"\r\n2,A\r\n",
    );
    slant(tmp.path(), &["analyze", "n.csv", "--out", "out"])
        .fails_with("n.csv:4: malformed CSV record: 2 fields where the header has 3");
    put(tmp.path(), "d.jsonl", b"{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"a\"}\n{\"id\":\"1\",\"outlet\":\"B\",\"text\":\"b\"}\n");
    slant(tmp.path(), &["analyze", "d.jsonl", "--out", "out"])
        .fails_with("d.jsonl:2: document `1`: duplicate id, first used at d.jsonl:1");
    assert!(!tmp.path().join("out").exists());
}

/// Ids are checked once the first pass has read everything (an external
/// sort, memory flat in the number of records), yet the error is the one a
/// check as read gives: the first repeat, before any later error.
#[test]
fn the_first_repeated_id_is_reported_before_later_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = |id: &str, outlet: &str| {
        format!("{{\"id\":\"{id}\",\"outlet\":\"{outlet}\",\"text\":\"Kyiv {id}.\"}}\n")
    };
    // 5,000 records (more than one run of the sort), a repeat of record 7
    // at line 4,001 and of record 2 at line 4,500, a malformed record after
    let mut big = String::new();
    for i in 1..=5000 {
        let id = match i {
            4001 => "7".to_string(),
            4500 => "2".to_string(),
            _ => i.to_string(),
        };
        big.push_str(&rec(&id, "A"));
    }
    big.push_str("{\"id\":\n");
    put(tmp.path(), "big.jsonl", big.as_bytes());
    slant(
        tmp.path(),
        &["analyze", "big.jsonl", "--out", "out", "--no-model"],
    )
    .fails_with("big.jsonl:4001: document `7`: duplicate id, first used at big.jsonl:7");
    // across files, and with --on-error skip the repeat is left out and listed
    put(
        tmp.path(),
        "a.jsonl",
        (rec("x", "A") + &rec("y", "B")).as_bytes(),
    );
    put(
        tmp.path(),
        "b.jsonl",
        (rec("z", "A") + &rec("y", "C") + &rec("w", "B")).as_bytes(),
    );
    let both = [
        "analyze",
        "a.jsonl",
        "b.jsonl",
        "--out",
        "out",
        "--no-model",
    ];
    slant(tmp.path(), &both)
        .fails_with("b.jsonl:2: document `y`: duplicate id, first used at a.jsonl:2");
    let skip = [
        "--no-compare",
        "--min-docs",
        "1",
        "--on-error",
        "skip",
        "-q",
    ];
    slant(tmp.path(), &[&both[..], &skip].concat()).ok();
    let mut outlets: Vec<String> = read_csv(&tmp.path().join("out/outlets.csv"))
        .iter()
        .map(|r| r["outlet"].clone())
        .collect();
    outlets.sort();
    outlets.dedup();
    assert_eq!(outlets, ["A", "B"], "C's only document repeats an id");
    let skipped = read_csv(&tmp.path().join("out/skipped.csv"));
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(
        skipped[0]["reason"],
        "duplicate id, first used at a.jsonl:2"
    );
}

#[test]
fn documents_without_outlet_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "n.jsonl", b"{\"id\":\"1\",\"text\":\"Kyiv.\"}\n{\"id\":\"2\",\"outlet\":\"A\",\"text\":\"Kiev.\"}\n{\"id\":\"3\",\"outlet\":\"\",\"text\":\"Kiev.\"}\n");
    let run = slant(tmp.path(), &["analyze", "n.jsonl", "--out", "out"])
        .fails_with("2 documents without an outlet");
    assert!(
        run.stderr.contains("n.jsonl:1") && run.stderr.contains("n.jsonl:3"),
        "{}",
        run.stderr
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            "n.jsonl",
            "--out",
            "out",
            "--missing-outlet",
            "as:Unattributed",
            "-q",
        ],
    )
    .ok();
    let outlets: Vec<String> = read_csv(&tmp.path().join("out/outlets.csv"))
        .into_iter()
        .map(|r| r["outlet"].clone())
        .collect();
    assert_eq!(outlets, ["A", "Unattributed"]);
}

#[test]
fn standard_input_reads_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let input = b"{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"The Kiev regime.\"}\n{\"id\":\"2\",\"outlet\":\"B\",\"text\":\"In Kyiv, the illegal annexation.\"}\n";
    let run = slant_stdin(
        tmp.path(),
        &["analyze", "-", "--format", "csv", "-q"],
        Some(input),
    )
    .ok();
    assert!(run.stdout.contains("\nA,russia_ukraine,"), "{}", run.stdout);
    assert!(
        tmp.path().join("reports/stdin/results.json").is_file(),
        "default folder reports/<input name>"
    );
}

/// `map` keeps standard input in a temporary file for its two passes; what
/// it reports still names `-`, never that file.
#[test]
fn map_names_standard_input_as_dash() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"In Kyiv, the illegal annexation.\"}\n";
    let bad = format!("{good}{{\"id\":\"2\",\n");
    for phase in [&["--repeats-only"][..], &[]] {
        let args = [&["map", "-", "-o", "p.gz", "-q"][..], phase].concat();
        let run = slant_stdin(tmp.path(), &args, Some(bad.as_bytes()));
        let run = run.fails_with("-:2: malformed JSON record");
        assert!(!run.stderr.contains(".jsonl"), "{}", run.stderr);
        slant_stdin(tmp.path(), &args, Some(b""))
            .fails_with("no documents to analyze in standard input");
    }
}

/// `map -o` and `merge -o` replace a partial result, never another file
/// (unless `--force`): the file is left byte for byte as it was.
#[test]
fn map_and_merge_replace_only_partials() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let doc = "{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"In Kyiv, the illegal annexation.\"}\n";
    put(d, "c.jsonl", doc.as_bytes());
    put(d, "thesis.tex", b"\\documentclass{article}\n");
    let refused = "thesis.tex exists and is not a slant partial result";
    let map = ["map", "c.jsonl", "--repeats-only", "-q", "-o"];
    slant(d, &[&map[..], &["thesis.tex"]].concat()).fails_with(refused);
    slant(d, &[&map[..], &["r.gz"]].concat()).ok();
    slant(d, &[&map[..], &["r.gz"]].concat()).ok();
    slant(d, &["merge", "r.gz", "-o", "thesis.tex", "-q"]).fails_with(refused);
    let tex = std::fs::read(d.join("thesis.tex")).unwrap();
    assert_eq!(tex, b"\\documentclass{article}\n", "left as it was");
    slant(d, &["merge", "r.gz", "-o", "m.jsonl", "-q"]).ok();
    slant(d, &["merge", "r.gz", "-o", "m.jsonl", "-q"]).ok();
    slant(d, &["merge", "r.gz", "-o", "thesis.tex", "-q", "--force"]).ok();
}

#[test]
fn an_unwritable_output_folder_fails_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "file", b"not a folder");
    slant(
        tmp.path(),
        &["analyze", seeds().to_str().unwrap(), "--out", "file/report"],
    )
    .fails_with("cannot write file/report: file is a file, not a folder");
}

#[test]
fn a_folder_that_is_not_a_report_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "thesis/chapter1.tex", b"precious");
    slant(
        tmp.path(),
        &["analyze", seeds().to_str().unwrap(), "--out", "thesis"],
    )
    .fails_with("is not a slant report");
    assert_eq!(
        std::fs::read(tmp.path().join("thesis/chapter1.tex")).unwrap(),
        b"precious"
    );
}

#[test]
fn bad_options_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    slant(
        tmp.path(),
        &["analyze", seeds().to_str().unwrap(), "--quote-weight", "2"],
    )
    .fails_with("--quote-weight");
    slant(
        tmp.path(),
        &["analyze", seeds().to_str().unwrap(), "--field", "nope"],
    )
    .fails_with("FIELD=COLUMN");
    slant(tmp.path(), &["analyze", "missing-dir"]).fails_with("missing-dir");
}
