//! `analyze --save-repeats FILE` and `analyze --repeats FILE`: the repeats
//! found by one run reused by the next, which reads the corpus once and
//! writes the folder a plain run writes; and every way FILE is refused.

use std::path::Path;

use super::partial::assert_same_report;
use super::util::{entries, put, root, slant, slant_stdin, snapshot};

/// A run repeated three times within one document: masked as boilerplate
/// whatever the outlet's other documents hold.
const RUN: &str = "Read our live coverage of the war in Ukraine on the website here. ";

/// The corpus of the partial tests (boilerplate lines that RT and TASS
/// repeat, wire copy across outlets every 23rd document), with a run
/// repeated within every 29th document, as JSON lines.
fn corpus(n: usize, seed: u64) -> Vec<String> {
    super::partial::corpus(n, seed)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut doc: serde_json::Value = serde_json::from_str(&line).unwrap();
            if i % 29 == 4 {
                let text = format!("{}\n\n{}", doc["text"].as_str().unwrap(), RUN.repeat(3));
                doc["text"] = text.into();
            }
            doc.to_string()
        })
        .collect()
}

fn write_corpus(d: &Path, name: &str, lines: &[String]) {
    std::fs::write(d.join(name), lines.join("\n") + "\n").unwrap();
}

/// `slant analyze c.jsonl` with `flags`, into `out`; must succeed.
fn analyze(d: &Path, out: &str, flags: &[&str]) {
    let mut args = vec!["analyze", "c.jsonl", "--no-charts", "-q", "--out", out];
    args.extend(flags);
    slant(d, &args).ok();
}

fn lexicon_a() -> String {
    root().join("lexicons/sourcing.toml").display().to_string()
}

fn dictionary() -> String {
    let p = root().join("tests/fixtures/dictionaries/mfd2_sample.dic");
    p.display().to_string()
}

/// Rows of a table of the report `out`.
fn rows(d: &Path, out: &str, table: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    super::util::read_csv(&d.join(out).join(table))
}

#[test]
fn a_rerun_with_saved_repeats_writes_the_report_a_plain_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_corpus(d, "c.jsonl", &corpus(300, 11));
    let a = lexicon_a();
    let dic = dictionary();
    for dup in ["keep", "drop"] {
        let saved = format!("r-{dup}.gz");
        let base = ["--no-model", "--duplicates", dup];
        // saved with lexicon A: the report is the plain run's
        let mut save = base.to_vec();
        save.extend(["--lexicon", &a, "--save-repeats", &saved, "-j1"]);
        analyze(d, &format!("a-{dup}-saved"), &save);
        let mut plain_a = base.to_vec();
        plain_a.extend(["--lexicon", &a]);
        analyze(d, &format!("a-{dup}"), &plain_a);
        assert_same_report(
            &d.join(format!("a-{dup}")),
            &d.join(format!("a-{dup}-saved")),
        );
        let listed = rows(d, &format!("a-{dup}"), "boilerplate.csv");
        assert!(
            listed.len() >= 3,
            "boilerplate lines and the run: {listed:?}"
        );
        assert!(listed.iter().any(|r| r["line"].contains("Telegram")));
        let copies = rows(d, &format!("a-{dup}"), "duplicates.csv");
        assert!(copies.len() >= 20, "wire copy across outlets");
        // reused with the shipped lexicons and a dictionary, -j1 and -j2
        for (tag, lexicon) in [("shipped", None), ("dic", Some(dic.as_str()))] {
            for j in ["-j1", "-j2"] {
                let mut flags = base.to_vec();
                flags.push(j);
                if let Some(l) = lexicon {
                    flags.extend(["--lexicon", l]);
                }
                let plain = format!("{tag}-{dup}{j}");
                analyze(d, &plain, &flags);
                flags.extend(["--repeats", &saved]);
                let reused = format!("{plain}-reused");
                analyze(d, &reused, &flags);
                assert_same_report(&d.join(&plain), &d.join(&reused));
            }
        }
    }
    // with the weak-label model, whose second pass masks again
    analyze(d, "model", &["-j2"]);
    analyze(d, "model-reused", &["-j2", "--repeats", "r-keep.gz"]);
    assert_same_report(&d.join("model"), &d.join("model-reused"));
}

#[test]
fn standard_input_is_read_once_with_saved_repeats_and_ids_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(120, 5);
    let bytes = (lines.join("\n") + "\n").into_bytes();
    let stdin = |args: &[&str], input: &[u8]| {
        let mut all = vec!["analyze", "-", "--no-charts", "--no-model", "-q"];
        all.extend(args);
        slant_stdin(d, &all, Some(input))
    };
    stdin(&["--out", "plain"], &bytes).ok();
    stdin(&["--out", "saved", "--save-repeats", "r.gz"], &bytes).ok();
    assert_same_report(&d.join("plain"), &d.join("saved"));
    stdin(&["--out", "reused", "--repeats", "r.gz"], &bytes).ok();
    assert_same_report(&d.join("plain"), &d.join("reused"));
    // one record more: found once standard input was read
    let mut more = bytes.clone();
    more.extend_from_slice(lines[3].replace("doc-00003", "doc-extra").as_bytes());
    more.push(b'\n');
    stdin(&["--out", "reused", "--repeats", "r.gz"], &more)
        .fails_with("r.gz: made from another corpus: - has");
    // a repeated id stops the run as a plain run stops
    let mut again = bytes.clone();
    again.extend_from_slice(lines[3].as_bytes());
    again.push(b'\n');
    let plain = stdin(&["--out", "x"], &again);
    let reused = stdin(&["--out", "x", "--repeats", "r.gz"], &again);
    assert_eq!(plain.code, 2);
    assert!(plain.stderr.contains("doc-00003"), "{}", plain.stderr);
    assert_eq!((reused.code, reused.stderr), (plain.code, plain.stderr));
    assert_same_report(&d.join("plain"), &d.join("reused"));
}

#[test]
fn a_repeats_file_of_another_corpus_or_other_options_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(120, 7);
    write_corpus(d, "c.jsonl", &lines);
    analyze(d, "out", &["--no-model", "--save-repeats", "r.gz"]);
    slant(d, &["map", "c.jsonl", "--repeats-only", "-o", "first.gz"]).ok();
    let r = std::fs::read(d.join("r.gz")).unwrap();
    put(d, "garbage.gz", b"not a repeats file\n");
    put(d, "truncated.gz", &r[..r.len() / 2]);
    // cut short at a line end, uncompressed: no gzip trailer to miss
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(&r[..]), &mut text)
        .unwrap();
    let kept: Vec<&str> = text.lines().collect();
    assert!(kept.len() > 10, "rows to cut");
    put(
        d,
        "cut.jsonl",
        (kept[..kept.len() - 3].join("\n") + "\n").as_bytes(),
    );
    let before = snapshot(&d.join("out"));
    let entries = || entries(d);
    let listed = entries();
    let refused = |flags: &[&str], why: &str| {
        let mut args = vec!["analyze", "c.jsonl", "--no-model", "--no-charts", "-q"];
        args.extend(["--out", "out"]);
        args.extend(flags);
        slant(d, &args).fails_with(why);
        assert!(
            snapshot(&d.join("out")) == before,
            "the report is untouched"
        );
        assert_eq!(entries(), listed, "nothing half-written beside it");
    };
    refused(
        &["--repeats", "r.gz", "--keep-boilerplate"],
        "r.gz: made with other repeated-text options",
    );
    refused(
        &["--repeats", "r.gz", "--duplicates", "drop"],
        "r.gz: made with other repeated-text options",
    );
    refused(
        &["--repeats", "r.gz", "--on-error", "skip"],
        "r.gz: made with other reading options",
    );
    refused(
        &["--repeats", "garbage.gz"],
        "garbage.gz: not a repeats file",
    );
    refused(&["--repeats", "truncated.gz"], "truncated.gz");
    refused(&["--repeats", "cut.jsonl"], "cut.jsonl: cut short");
    refused(&["--repeats", "first.gz"], "first.gz: not a repeats file");
    // one byte changed, the size the same: found once the corpus is read
    let text = std::fs::read_to_string(d.join("c.jsonl")).unwrap();
    let at = text.find("Dispatch 7 ").unwrap();
    let changed = format!("{}dispatch{}", &text[..at], &text[at + 8..]);
    std::fs::write(d.join("c.jsonl"), &changed).unwrap();
    refused(
        &["--repeats", "r.gz"],
        "r.gz: made from another corpus: c.jsonl holds other bytes",
    );
    // one record more: another size, found before reading
    let mut more = lines.clone();
    more.push(lines[9].replace("doc-00009", "doc-more"));
    write_corpus(d, "c.jsonl", &more);
    refused(
        &["--repeats", "r.gz"],
        "r.gz: made from another corpus: c.jsonl has",
    );
    // another name for the same bytes
    write_corpus(d, "c.jsonl", &lines);
    std::fs::copy(d.join("c.jsonl"), d.join("c2.jsonl")).unwrap();
    let listed = entries();
    let mut args = vec!["analyze", "c2.jsonl", "--no-model", "--no-charts", "-q"];
    args.extend(["--out", "out", "--repeats", "r.gz"]);
    slant(d, &args).fails_with("c2.jsonl was read where c.jsonl was");
    assert_eq!(entries(), listed);
    // the corpus as saved is accepted again
    analyze(d, "again", &["--no-model", "--repeats", "r.gz"]);
    assert_same_report(&d.join("out"), &d.join("again"));
}

#[test]
fn save_repeats_never_overwrites_a_file_slant_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_corpus(d, "c.jsonl", &corpus(60, 3));
    put(d, "notes.csv", b"a,b\n1,2\n");
    let mut args = vec!["analyze", "c.jsonl", "--no-model", "--no-charts", "-q"];
    args.extend(["--out", "out", "--save-repeats", "notes.csv"]);
    slant(d, &args).fails_with("notes.csv: exists and is not a repeats file slant wrote");
    assert_eq!(std::fs::read(d.join("notes.csv")).unwrap(), b"a,b\n1,2\n");
    assert!(!d.join("out").exists(), "no report either");
    // a partial of another kind is not overwritten either
    slant(d, &["map", "c.jsonl", "--repeats-only", "-o", "p.gz"]).ok();
    let p = std::fs::read(d.join("p.gz")).unwrap();
    args[8] = "p.gz";
    slant(d, &args).fails_with("p.gz: a slant partial, but not a repeats file");
    assert_eq!(std::fs::read(d.join("p.gz")).unwrap(), p);
    // a repeats file is written anew
    args[8] = "r.gz";
    slant(d, &args).ok();
    slant(d, &["merge", "p.gz", "--decide", "-o", "r.gz"]).ok();
    slant(d, &args).ok();
}

#[test]
fn saved_repeats_serve_map_and_decided_partials_serve_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_corpus(d, "c.jsonl", &corpus(200, 13));
    for dup in ["keep", "drop"] {
        let base = ["--no-model", "--duplicates", dup];
        let plain = format!("plain-{dup}");
        let mut save = base.to_vec();
        save.extend(["--save-repeats", "r.gz"]);
        analyze(d, &plain, &save);
        // analyze's file read by map --repeats: the report analyze writes
        let map = ["map", "c.jsonl", "--repeats", "r.gz", "--duplicates", dup];
        slant(d, &[&map[..], &["-o", "p.gz"]].concat()).ok();
        let mapped = format!("mapped-{dup}");
        let report = ["report", "p.gz", "--input-name", "c.jsonl", "--no-charts"];
        slant(d, &[&report[..], &["-q", "--out", &mapped]].concat()).ok();
        assert_same_report(&d.join(&plain), &d.join(&mapped));
        // merge --decide's file over the whole corpus read by analyze
        let first = ["map", "c.jsonl", "--repeats-only", "--duplicates", dup];
        slant(d, &[&first[..], &["-o", "first.gz"]].concat()).ok();
        slant(d, &["merge", "first.gz", "--decide", "-o", "decided.gz"]).ok();
        let reused = format!("decided-{dup}");
        let mut flags = base.to_vec();
        flags.extend(["--repeats", "decided.gz"]);
        analyze(d, &reused, &flags);
        assert_same_report(&d.join(&plain), &d.join(&reused));
    }
    // a decided file records the first phase's inputs: another size is
    // refused before reading
    let mut more = corpus(200, 13);
    more.push(more[0].replace("doc-00000", "doc-more"));
    write_corpus(d, "c.jsonl", &more);
    let mut args = vec!["analyze", "c.jsonl", "--no-model", "-q", "--duplicates"];
    args.extend(["drop", "--repeats", "decided.gz", "--out", "x"]);
    slant(d, &args).fails_with("decided.gz: made from another corpus: c.jsonl has");
    assert!(!d.join("x").exists());
}

/// `merge --decide` keeps the files each shard's first phase read (name,
/// size, digest), in corpus order whatever the order merged, so `analyze
/// --repeats` refuses another corpus as it refuses one for a
/// `--save-repeats` file: by name or size before reading, by digest once
/// read, before anything is written.
#[test]
fn a_decided_file_of_shards_checks_its_corpus_as_a_saved_one_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(120, 11);
    write_corpus(d, "a.jsonl", &lines[..70]);
    write_corpus(d, "b.jsonl", &lines[70..]);
    for (shard, first) in [("a", "0"), ("b", "70")] {
        let input = format!("{shard}.jsonl");
        let out = format!("first-{shard}.gz");
        let map = ["map", &input, "--repeats-only", "--first-record", first];
        slant(d, &[&map[..], &["-q", "-o", &out]].concat()).ok();
    }
    let decide = |first: &str, second: &str, out: &str| {
        slant(d, &["merge", first, second, "--decide", "-o", out]).ok();
    };
    decide("first-a.gz", "first-b.gz", "ab.gz");
    decide("first-b.gz", "first-a.gz", "ba.gz");
    let ab = std::fs::read(d.join("ab.gz")).unwrap();
    assert_eq!(ab, std::fs::read(d.join("ba.gz")).unwrap(), "merge order");
    let run = |inputs: &[&str], out: &str, repeats: Option<&str>| {
        let mut args = vec!["analyze"];
        args.extend(inputs);
        args.extend(["--no-model", "--no-charts", "-q", "--out", out]);
        if let Some(r) = repeats {
            args.extend(["--repeats", r]);
        }
        slant(d, &args)
    };
    run(&["a.jsonl", "b.jsonl"], "plain", None).ok();
    run(&["a.jsonl", "b.jsonl"], "reused", Some("ab.gz")).ok();
    assert_same_report(&d.join("plain"), &d.join("reused"));
    let before = snapshot(&d.join("reused"));
    let refused = |inputs: &[&str], why: &str| {
        run(inputs, "reused", Some("ab.gz")).fails_with(why);
        assert!(snapshot(&d.join("reused")) == before, "untouched");
    };
    // the shards in another order, or one left out
    refused(
        &["b.jsonl", "a.jsonl"],
        "b.jsonl was read where a.jsonl was",
    );
    refused(&["a.jsonl"], "ab.gz: made from another corpus");
    // one byte changed, the size the same: found once read
    let text = std::fs::read_to_string(d.join("b.jsonl")).unwrap();
    let at = text.find("Dispatch ").unwrap();
    let changed = format!("{}dispatch{}", &text[..at], &text[at + 8..]);
    std::fs::write(d.join("b.jsonl"), &changed).unwrap();
    refused(
        &["a.jsonl", "b.jsonl"],
        "ab.gz: made from another corpus: b.jsonl holds other bytes",
    );
    // one record more: another size, found before reading
    let mut more = lines[70..].to_vec();
    more.push(lines[9].replace("doc-00009", "doc-more"));
    write_corpus(d, "b.jsonl", &more);
    refused(
        &["a.jsonl", "b.jsonl"],
        "ab.gz: made from another corpus: b.jsonl has",
    );
}

/// The lines of the gzip-compressed partial at `path`.
fn gz_lines(path: &Path) -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(String::from).collect()
}

/// Writes a partial of `header` and `rows` gzip-compressed to `path`,
/// with the closing line that counts its rows.
fn write_partial(path: &Path, header: &str, rows: &[String]) {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    writeln!(gz, "{header}").unwrap();
    for row in rows {
        writeln!(gz, "{row}").unwrap();
    }
    writeln!(gz, r#"{{"trailer":"slant-partial","rows":{}}}"#, rows.len()).unwrap();
    std::fs::write(path, gz.finish().unwrap()).unwrap();
}

/// `--save-repeats` saves the runs repeated within each document (a row
/// per document holding any, counted in the header), so that a rerun
/// need not look for them again; a file without them (saved before they
/// were) still gives the plain run's report, the runs found as each document is masked;
/// and a file whose runs rows were cut is refused.
#[test]
fn saved_repeats_hold_the_runs_within_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_corpus(d, "c.jsonl", &corpus(120, 5));
    analyze(d, "plain", &["--no-model"]);
    analyze(d, "saved", &["--no-model", "--save-repeats", "r.gz"]);
    let lines = gz_lines(&d.join("r.gz"));
    let is_runs = |l: &String| l.contains(r#""kind":"runs""#);
    let runs: Vec<&String> = lines.iter().filter(|l| is_runs(l)).collect();
    // every 29th document from the 5th holds the run three times (and
    // the corpus repeats a sentence within a few others)
    for i in (0..120).filter(|i| i % 29 == 4) {
        let row = format!(r#""record":{i},"kind":"runs""#);
        assert!(runs.iter().any(|l| l.contains(&row)), "{i}: {runs:?}");
    }
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(header["options"]["corpus"]["runs"], runs.len());
    analyze(d, "reused", &["--no-model", "--repeats", "r.gz"]);
    assert_same_report(&d.join("plain"), &d.join("reused"));

    // without the runs: found as each document is masked
    header["options"]["corpus"]
        .as_object_mut()
        .unwrap()
        .remove("runs");
    let body = &lines[1..lines.len() - 1];
    assert!(lines[lines.len() - 1].starts_with(r#"{"trailer""#));
    let old: Vec<String> = body.iter().filter(|l| !is_runs(l)).cloned().collect();
    write_partial(&d.join("old.gz"), &header.to_string(), &old);
    analyze(d, "old", &["--no-model", "--repeats", "old.gz"]);
    assert_same_report(&d.join("plain"), &d.join("old"));
    // one runs row cut out: refused, nothing written
    let cut: Vec<String> = body.iter().filter(|l| *l != runs[0]).cloned().collect();
    write_partial(&d.join("cut.gz"), &lines[0], &cut);
    let args = [
        "analyze",
        "c.jsonl",
        "--no-charts",
        "-q",
        "--no-model",
        "--out",
        "cut",
        "--repeats",
        "cut.gz",
    ];
    slant(d, &args).fails_with(&format!(
        "cut.gz: cut short: it lists the runs repeated within {} documents; {} were read",
        runs.len(),
        runs.len() - 1
    ));
    assert!(!d.join("cut").exists(), "nothing written");
}
