//! The hostile-input suite: one row per bad input a careful tester tried
//! (issue 9), and per awkward input that must keep working. A bad input
//! fails with exit status 2 and a message naming the file and line, never
//! panics, and leaves the previous report folder byte for byte as it was,
//! with no staging folder or temporary file beside it. An awkward input runs.
//! Either way the case's own files are left byte for byte as they were.
//! More rows: `hostile_audit.rs` (an audit's bad inputs), `hostile_awkward.rs`
//! (the awkward inputs that run), `hostile_names.rs` (outlet names),
//! `hostile_models.rs` (model files), `hostile_outputs.rs` (folders and
//! files slant did not write) and `hostile_degenerate.rs` (corpora that
//! give statistics little to work on).
//!
//! Every case runs in its own folder holding a copy of one earlier report
//! (`prev/`) and its own files; all cases run, and the failures are listed
//! together.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::util::{put, read_csv, slant, snapshot};

/// What a case must do.
pub(super) enum Want {
    /// Exit 2 with this on standard error (file and line, where there are).
    Fails(&'static str),
    /// Exit 0; with `Some(n)`, the report's documents.csv holds `n`
    /// outlets.
    Runs(Option<usize>),
}

pub(super) struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// The command; `--out prev` is added to `analyze`, `score` and
    /// `compare` unless it has an `--out`.
    args: Vec<&'static str>,
    want: Want,
}

pub(super) fn case(
    name: &'static str,
    files: &[(&'static str, &[u8])],
    args: &[&'static str],
    want: Want,
) -> Case {
    Case {
        name,
        files: files.iter().map(|(n, b)| (*n, b.to_vec())).collect(),
        args: args.to_vec(),
        want,
    }
}

/// One JSONL record.
pub(super) fn jsonl(id: &str, outlet: &str, text: &str) -> String {
    format!("{{\"id\":\"{id}\",\"outlet\":\"{outlet}\",\"text\":\"{text}\"}}\n")
}

/// Half of a gzipped JSONL file of 300 records.
fn truncated_gz() -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 1..=300 {
        gz.write_all(
            jsonl(
                &i.to_string(),
                "A",
                &format!("Kyiv, record {i} of a long run."),
            )
            .as_bytes(),
        )
        .unwrap();
    }
    let mut bytes = gz.finish().unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes
}

const ANALYZE: &[&str] = &["analyze", "--no-model", "--bootstrap", "200", "-q"];

pub(super) fn analyze(input: &'static str) -> Vec<&'static str> {
    let mut args = ANALYZE.to_vec();
    args.insert(1, input);
    args
}

pub(super) fn with(mut args: Vec<&'static str>, more: &[&'static str]) -> Vec<&'static str> {
    args.extend_from_slice(more);
    args
}

/// Bad inputs: each must fail, naming where.
fn failing() -> Vec<Case> {
    let big = format!(
        "{{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"{}\"}}\n",
        "x".repeat(1_100_000)
    );
    vec![
        case(
            "a CSV quote left open swallows the rows after it",
            &[("unbalanced.csv", b"id,outlet,text\n1,A,\"Russia annexed Crimea\n2,B,Kiev said\n3,C,Kyiv said\n")],
            &analyze("unbalanced.csv"),
            Want::Fails("unbalanced.csv:2: a quoted field opens here and is never closed"),
        ),
        case(
            "a CSV quote left open with words as ids, closed by a later quote",
            &[("words.csv", b"id,outlet,text\nabc,A,\"Russia annexed Crimea\nxyz,B,Kiev said\npqr,C,\"Kyiv said\n")],
            &analyze("words.csv"),
            Want::Fails("words.csv:2: a quoted field opens here and runs on over line 3, which looks like a row of its own"),
        ),
        case(
            "a CSV quote left open without an id column",
            &[("noid.csv", b"outlet,text\nA,\"Russia annexed Crimea\nB,Kiev said\nC,\"Kyiv said\n")],
            &analyze("noid.csv"),
            Want::Fails("noid.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        case(
            "a CSV quote left open without numbered ids that closes at a line end, the swallowed outlet used before",
            &[("before.csv", b"id,outlet,text\nk1,A,Kyiv said\nk2,B,Kiev said\nabc,A,\"Russia annexed Crimea\nxyz,B,Kiev said\"\npqr,C,Kyiv said\n")],
            &analyze("before.csv"),
            Want::Fails("before.csv:4: a quoted field opens here and runs on over line 5, which looks like a row of its own"),
        ),
        case(
            "a CSV quote left open that closes at a line end, the swallowed outlet used after",
            &[("after.csv", b"id,outlet,text\nabc,A,\"Russia annexed Crimea\nxyz,B,Kiev said\"\npqr,C,Kyiv said\nstu,B,Kiev again\n")],
            &with(analyze("after.csv"), &["--on-error", "skip"]),
            Want::Fails("after.csv:2: a quoted field opens here and runs on over line 3, which looks like a row of its own"),
        ),
        case(
            "a CSV quote left open without an id column, swallowing a row of its own outlet",
            &[("own.csv", b"outlet,text\nA,Kyiv\nA,\"Russia annexed Crimea\nA,Kiev said\"\nC,Kyiv said\n")],
            &analyze("own.csv"),
            Want::Fails("own.csv:3: a quoted field opens here and runs on over line 4"),
        ),
        case(
            "a TSV quote left open that closes at a line end",
            &[("t.tsv", b"id\toutlet\ttext\nk1\tB\tKiev\nabc\tA\t\"Russia annexed Crimea\nxyz\tB\tKiev said\"\n")],
            &analyze("t.tsv"),
            Want::Fails("t.tsv:3: a quoted field opens here and runs on over line 4"),
        ),
        case(
            "a CSV with a BOM and a record without an outlet",
            &[("bom.csv", b"\xEF\xBB\xBFid,outlet,text\n1,A,Kyiv said\n2,,Kiev said\n")],
            &analyze("bom.csv"),
            Want::Fails("1 document without an outlet:\n  bom.csv:3\n"),
        ),
        case(
            "a CSV with a BOM and CRLF and a repeated id",
            &[("bom.csv", b"\xEF\xBB\xBFid,outlet,text\r\n1,A,\"Kyiv\r\nsaid\"\r\n1,B,Kiev said\r\n")],
            &analyze("bom.csv"),
            Want::Fails("bom.csv:4: document `1`: duplicate id, first used at bom.csv:2"),
        ),
        case(
            "a CSV with a BOM and a quote left open",
            &[("bom.csv", b"\xEF\xBB\xBFoutlet,text\r\nZ,Kyiv\r\nA,\"Russia annexed Crimea\r\nB,Kiev said\r\nC,\"Kyiv said\"\r\n")],
            &analyze("bom.csv"),
            Want::Fails("bom.csv:3: a quoted field opens here and runs on over line 4"),
        ),
        case(
            "a CSV that ends inside a quote",
            &[("end.csv", b"id,outlet,text\n1,A,Kyiv said\n2,B,\"Kiev said\n")],
            &analyze("end.csv"),
            Want::Fails("end.csv:3: a quoted field opens here"),
        ),
        case(
            "a manifest quote left open",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,\"Unclosed\nb.txt,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"Kiev said."),
            ],
            &analyze("c"),
            Want::Fails("manifest.csv:2: a quoted field opens here"),
        ),
        case(
            "a JSONL outlet given as an array",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), "{\"id\":\"2\",\"outlet\":[\"a\",\"b\"],\"text\":\"Kiev.\"}\n").as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: field `outlet` must be a string, not an array"),
        ),
        case(
            "a JSONL text given as a number",
            &[("n.jsonl", b"{\"id\":\"1\",\"outlet\":\"A\",\"text\":42}\n")],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:1: field `text` must be a string, not a number"),
        ),
        case(
            "a JSONL line that is not JSON",
            &[("n.jsonl", format!("{}{{\"id\": \"2\",\n", jsonl("1", "A", "Kyiv.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2:"),
        ),
        case(
            "an outlet name with a NUL",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), jsonl("2", "R\\u0000T", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+0000, a control character"),
        ),
        case(
            "an outlet name with a bidirectional override",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), jsonl("2", "\\u202eRT", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+202E"),
        ),
        case(
            "a document id with a NUL",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), jsonl("2\\u0000x", "B", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document id holds U+0000, a control character"),
        ),
        case(
            "a document id with a bidirectional override",
            &[("n.csv", b"id,outlet,text\n1,A,Kyiv.\n\"\xE2\x80\xAEx\",B,Kiev.\n" as &[u8])],
            &analyze("n.csv"),
            Want::Fails("n.csv:3: document id holds U+202E"),
        ),
        case(
            "a text file that is not UTF-8",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,A\nb.txt,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"First line\nsecond \xC3\x28 line\n"),
            ],
            &analyze("c"),
            Want::Fails("b.txt:2: document `b`: not valid UTF-8"),
        ),
        case(
            "a binary file among the texts",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,A\nb.txt,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"\x1f\x8b\x08\x00\x00\x00"),
            ],
            &analyze("c"),
            Want::Fails("b.txt:1: document `b`: looks binary"),
        ),
        case(
            "a document without an outlet",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), "{\"id\":\"2\",\"text\":\"Kiev.\"}\n").as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("1 document without an outlet"),
        ),
        case(
            "a truncated gzip file",
            &[("n.jsonl.gz", &truncated_gz())],
            &analyze("n.jsonl.gz"),
            Want::Fails("cannot read n.jsonl.gz after line "),
        ),
        case(
            "a folder with no documents",
            &[("empty/notes.md", b"not a document")],
            &analyze("empty"),
            Want::Fails("no documents to analyze in empty"),
        ),
        case(
            "a record over the size limit",
            &[("big.jsonl", big.as_bytes())],
            &with(analyze("big.jsonl"), &["--max-record-mb", "1"]),
            Want::Fails("big.jsonl:1: a record larger than 1 MB"),
        ),
        case(
            "a lexicon with an unknown pole",
            &[
                ("n.jsonl", jsonl("1", "A", "Kyiv.").as_bytes()),
                ("bad.toml", b"[lexicon]\nname = \"x\"\n\n[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\npole = \"nowhere\"\n"),
            ],
            &with(analyze("n.jsonl"), &["--lexicon", "bad.toml"]),
            Want::Fails("bad.toml:8: error: unknown pole `nowhere`"),
        ),
        case(
            "a lexicon file that does not exist",
            &[("n.jsonl", jsonl("1", "A", "Kyiv.").as_bytes())],
            &with(analyze("n.jsonl"), &["--lexicon", "nonexistent.toml"]),
            Want::Fails("nonexistent.toml"),
        ),
        case(
            "an endless input",
            &[],
            &with(analyze("/dev/zero"), &["--input-format", "jsonl", "--max-record-mb", "1"]),
            Want::Fails("/dev/zero:1: a record larger than 1 MB, the most slant reads in one (raise the limit with --max-record-mb)"),
        ),
        case(
            "an endless CSV input",
            &[],
            &with(analyze("/dev/zero"), &["--input-format", "csv", "--max-record-mb", "1"]),
            Want::Fails("/dev/zero:1: a record larger than 1 MB"),
        ),
        case(
            "a lexicon that is not TOML",
            &[("n.jsonl", jsonl("1", "A", "Kyiv.").as_bytes()), ("syntax.toml", b"[lexicon]\nname = \"x\"\n[[frame]\n")],
            &with(analyze("n.jsonl"), &["--lexicon", "syntax.toml"]),
            Want::Fails("syntax.toml:3: error:"),
        ),
        case(
            "a LIWC dictionary with a category never declared",
            &[("n.jsonl", jsonl("1", "A", "Kyiv.").as_bytes()), ("d.dic", b"%\n1\tposemo\n%\ngood\t1\nbad\t7\n")],
            &with(analyze("n.jsonl"), &["--lexicon", "d.dic"]),
            Want::Fails("d.dic:5:"),
        ),
        case(
            "a model file that is not JSON",
            &[("n.jsonl", jsonl("1", "A", "Kyiv.").as_bytes()), ("m.json", b"{\"classes\": [")],
            &["score", "--model", "m.json", "n.jsonl", "-q"],
            Want::Fails("m.json"),
        ),
    ]
}

/// Files directly in `dir`, with contents, but for `prev/` (checked apart).
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs one case; returns what went wrong, if anything.
fn check(case: &Case, prev: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in prev {
        put(&tmp.path().join("prev"), name, bytes);
    }
    for (name, bytes) in &case.files {
        put(tmp.path(), name, bytes);
    }
    let before = listing(tmp.path());
    let mut args = case.args.clone();
    if matches!(args[0], "analyze" | "score" | "compare") && !args.contains(&"--out") {
        args.extend(["--out", "prev"]);
    }
    let run = slant(tmp.path(), &args);
    let said = format!(
        "exit {}\nstderr:\n{}\nstdout:\n{}",
        run.code, run.stderr, run.stdout
    );
    if run.stderr.contains("panicked") {
        return Some(format!("panicked\n{said}"));
    }
    // The user's files, inputs or not, are never changed or removed.
    for (name, bytes) in &case.files {
        if std::fs::read(tmp.path().join(name)).ok().as_ref() != Some(bytes) {
            return Some(format!("{name} changed or went\n{said}"));
        }
    }
    match case.want {
        Want::Fails(message) => {
            if run.code != 2 || !run.stderr.contains(message) {
                return Some(format!("wanted exit 2 and {message:?}\n{said}"));
            }
            // The earlier report, with what the case put in it.
            let mut kept = prev.clone();
            for (name, bytes) in &case.files {
                if let Some(file) = name.strip_prefix("prev/").filter(|f| !f.contains('/')) {
                    kept.insert(file.to_string(), bytes.clone());
                }
            }
            if snapshot(&tmp.path().join("prev")) != kept {
                return Some("the previous report changed".into());
            }
            if listing(tmp.path()) != before {
                return Some(format!(
                    "left behind: {:?} (before: {before:?})",
                    listing(tmp.path())
                ));
            }
        }
        Want::Runs(outlets) => {
            if run.code != 0 {
                return Some(format!("wanted exit 0\n{said}"));
            }
            let documents = tmp.path().join("prev/documents.csv");
            if let Some(n) = outlets {
                if !documents.exists() {
                    return Some("no documents.csv written".into());
                }
                let got: std::collections::BTreeSet<String> = read_csv(&documents)
                    .into_iter()
                    .map(|r| r["outlet"].clone())
                    .collect();
                if got.len() != n {
                    return Some(format!("wanted {n} outlets, got {got:?}"));
                }
            }
        }
    }
    None
}

/// A folder holding the previous report (`prev/`), and its files.
pub(super) fn previous_report() -> BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "good.jsonl",
        format!(
            "{}{}",
            jsonl(
                "1",
                "A",
                "Kyiv said the illegal annexation of Crimea was a breach."
            ),
            jsonl("2", "B", "Kiev said Crimea voted to join Russia.")
        )
        .as_bytes(),
    );
    slant(tmp.path(), &with(analyze("good.jsonl"), &["--out", "prev"])).ok();
    let prev = snapshot(&tmp.path().join("prev"));
    assert!(prev.contains_key(".slant-report") && prev.contains_key("report.md"));
    prev
}

/// Runs every case and fails listing those that did not do what they must.
pub(super) fn run_all(cases: &[Case]) {
    let prev = previous_report();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c, &prev).map(|why| format!("--- {}: {why}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_inputs_fail_cleanly_and_awkward_ones_run() {
    let cases: Vec<Case> = failing()
        .into_iter()
        .chain(super::hostile_audit::failing())
        .chain(super::hostile_awkward::running())
        .collect();
    run_all(&cases);
}
