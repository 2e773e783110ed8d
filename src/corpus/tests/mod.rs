//! Reading corpora: every format, every policy, and every bad input named
//! by file and line.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read_all(
    inputs: &[PathBuf],
    opts: ReadOptions,
) -> (Vec<Document>, Result<(), String>, Vec<Skipped>) {
    let mut r = Reader::open(inputs, opts)
        .map_err(|e| e.to_string())
        .unwrap();
    let mut docs = Vec::new();
    let mut res = Ok(());
    for d in &mut r {
        match d {
            Ok(d) => docs.push(d),
            Err(e) => {
                res = Err(e.to_string());
                break;
            }
        }
    }
    (docs, res, r.skipped().to_vec().unwrap())
}

fn skip() -> ReadOptions {
    ReadOptions {
        on_error: OnError::Skip,
        ..ReadOptions::default()
    }
}

#[test]
fn directory_with_manifest() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "manifest.csv", b"\xEF\xBB\xBFfile,outlet,date,title,url,lang\nb.txt,Outlet B,,Title B,,en\r\na.txt,Outlet A,2024-01-02,,http://a,en\n");
    write(d.path(), "a.txt", b" date 2025-04-19 Text of A.\n");
    write(d.path(), "b.txt", b" date 2025-04-19 Text of B.");
    let (docs, res, _) = read_all(&[d.path().to_path_buf()], ReadOptions::default());
    res.unwrap();
    let got: Vec<(&str, &str, Option<&str>, &str)> = docs
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.outlet.as_str(),
                d.date.as_deref(),
                d.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("b", "Outlet B", Some("2025-04-19"), "Text of B."),
            ("a", "Outlet A", Some("2024-01-02"), "Text of A.\n"),
        ],
        "manifest order; the manifest's date wins over the inline one; the prefix is not text"
    );
    assert_eq!(docs[0].title.as_deref(), Some("Title B"));
    assert_eq!(docs[0].meta, [("lang".to_string(), "en".to_string())]);
    assert_eq!(docs[1].url.as_deref(), Some("http://a"));
}

#[test]
fn files_without_outlet_are_listed_not_lumped() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "manifest.csv", b"file,outlet\na.txt,A\nb.txt,\n");
    write(d.path(), "a.txt", b"Alpha.");
    write(d.path(), "b.txt", b"Beta.");
    write(d.path(), "c.txt", b"Gamma.");
    let (_, res, _) = read_all(&[d.path().to_path_buf()], ReadOptions::default());
    let err = res.unwrap_err();
    assert!(err.starts_with("2 documents without an outlet:"), "{err}");
    assert!(
        err.contains("b.txt") && err.contains("c.txt") && !err.contains("a.txt"),
        "{err}"
    );

    let rule = |m| ReadOptions {
        missing_outlet: m,
        ..ReadOptions::default()
    };
    let (docs, res, skipped) = read_all(&[d.path().to_path_buf()], rule(MissingOutlet::Skip));
    res.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].reason, "no outlet given");
    let (docs, _, _) = read_all(&[d.path().to_path_buf()], rule(MissingOutlet::Document));
    let outlets: Vec<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
    assert_eq!(outlets, ["A", "b", "c"]);
    let (docs, _, _) = read_all(
        &[d.path().to_path_buf()],
        rule("as:Unknown".parse().unwrap()),
    );
    let outlets: Vec<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
    assert_eq!(outlets, ["A", "Unknown", "Unknown"]);
}

#[test]
fn an_assigned_outlet_name_obeys_the_rules_of_names_in_files() {
    let ok: MissingOutlet = "as: Cafe\u{301} ".parse().unwrap();
    assert_eq!(
        ok,
        MissingOutlet::Assign("Caf\u{e9}".into()),
        "trimmed, NFC"
    );
    for (bad, code) in [("as:A\u{0}B", "U+0000"), ("as:A\u{202E}B", "U+202E")] {
        let err = bad.parse::<MissingOutlet>().unwrap_err();
        assert!(err.contains("as:NAME") && err.contains(code), "{err}");
    }
}

#[test]
fn bad_text_files() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "manifest.csv",
        b"file,outlet\nok.txt,A\nbad.txt,A\nempty.txt,A\nbin.txt,A\ngone.txt,A\n",
    );
    write(d.path(), "ok.txt", b"Fine.");
    write(d.path(), "bad.txt", b"line one\nline two \xff\n");
    write(d.path(), "empty.txt", b" \n\t\n");
    write(d.path(), "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00");
    let dir = d.path().to_path_buf();
    let (_, res, _) = read_all(std::slice::from_ref(&dir), ReadOptions::default());
    let err = res.unwrap_err();
    assert!(
        err.contains("manifest.csv:6: manifest names `gone.txt`, which does not exist"),
        "{err}"
    );

    let (docs, res, skipped) = read_all(&[dir], skip());
    res.unwrap();
    assert_eq!(docs.len(), 1);
    let reasons: Vec<String> = skipped
        .iter()
        .map(|s| {
            format!(
                "{}:{}: {}",
                Path::new(&s.file).file_name().unwrap().to_string_lossy(),
                s.line.unwrap_or(0),
                s.reason
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "manifest.csv:6: manifest names `gone.txt`, which does not exist",
            "bad.txt:2: not valid UTF-8 (first bad byte at offset 18)",
            "empty.txt:0: empty document",
            "bin.txt:3: looks binary (holds NUL bytes), not text",
        ]
    );
}

#[test]
fn jsonl_records() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "news.jsonl",
        b"\xEF\xBB\xBF{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"One.\",\"section\":\"world\",\"n\":3}\r\n\r\n{\"id\":7,\"outlet\":\"B\",\"text\":\"Two.\"}\r{\"outlet\":\"C\",\"text\":\"Three.\"}\n",
    );
    let (docs, res, _) = read_all(&[p], ReadOptions::default());
    res.unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["a", "7", "news:4"],
        "numeric ids as text; a missing id is <stem>:<line>"
    );
    assert_eq!(
        docs[0].meta,
        [
            ("section".to_string(), "world".to_string()),
            ("n".to_string(), "3".to_string())
        ]
    );
}

#[test]
fn jsonl_problems_name_their_line() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "bad.jsonl",
        b"{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"ok\"}\n{\"id\":\"b\",\"outlet\":\"A\",\"text\":\"x\"\n{\"id\":\"c\",\"outlet\":\"A\"}\n[1,2]\n{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"dup\"}\n{\"id\":\"e\",\"outlet\":\"A\",\"text\":\"caf\xe9\"}\n{\"id\":\"f\",\"outlet\":\"A\",\"text\":\"  \"}\n",
    );
    let (_, res, _) = read_all(std::slice::from_ref(&p), ReadOptions::default());
    let err = res.unwrap_err();
    assert!(
        err.contains("bad.jsonl:2: malformed JSON record: EOF while parsing an object"),
        "{err}"
    );
    assert!(err.contains("--on-error skip"), "{err}");
    let (docs, res, skipped) = read_all(&[p], skip());
    res.unwrap();
    assert_eq!(docs.len(), 1);
    let got: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}: {}", s.line.unwrap(), s.reason))
        .collect();
    assert_eq!(got.len(), 6, "{got:#?}");
    assert!(got[0].starts_with("2: malformed JSON record"));
    assert_eq!(got[1], "3: missing field `text`");
    assert_eq!(
        got[2],
        "4: malformed JSON record: expected a JSON object {...}"
    );
    assert!(
        got[3].starts_with("5: duplicate id, first used at ") && got[3].ends_with("bad.jsonl:1"),
        "{}",
        got[3]
    );
    assert!(got[4].starts_with("6: not valid UTF-8"));
    assert_eq!(got[5], "7: empty document");
}

#[test]
fn field_names_map() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "x.jsonl",
        b"{\"uid\":\"a\",\"source\":\"A\",\"body\":\"Text.\"}\n",
    );
    let mut opts = ReadOptions::default();
    opts.fields.set("id", "uid").unwrap();
    opts.fields.set("outlet", "source").unwrap();
    opts.fields.set("text", "body").unwrap();
    let (docs, res, _) = read_all(&[p], opts);
    res.unwrap();
    assert_eq!(
        (
            docs[0].id.as_str(),
            docs[0].outlet.as_str(),
            docs[0].text.as_str()
        ),
        ("a", "A", "Text.")
    );
    assert!(FieldMap::default().set("nope", "x").is_err());
}

#[test]
fn csv_and_tsv_records() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "n.csv",
        b"id,outlet,text\r\na,A,\"Multi\r\nline, quoted \"\"text\"\"\"\r\nb,B,Plain\r\n",
    );
    let (docs, res, _) = read_all(&[p], ReadOptions::default());
    res.unwrap();
    assert_eq!(docs[0].text, "Multi\r\nline, quoted \"text\"");
    assert_eq!(docs[1].origin.line, Some(4));
    let t = write(d.path(), "n.tsv", b"id\toutlet\ttext\na\tA\tTab text\n");
    let (docs, res, _) = read_all(&[t], ReadOptions::default());
    res.unwrap();
    assert_eq!(docs[0].text, "Tab text");
}

#[test]
fn csv_problems() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "no_text.csv", b"id,outlet,body\na,A,x\n");
    let err = Reader::open(&[p], ReadOptions::default())
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        err.to_string().contains("no_text.csv:1: no `text` column"),
        "{err}"
    );
    let p = write(
        d.path(),
        "ragged.csv",
        b"id,outlet,text\na,A,x\nb,B\nc,C,\xff\n",
    );
    let (docs, res, skipped) = read_all(&[p], skip());
    res.unwrap();
    assert_eq!(docs.len(), 1);
    let got: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}: {}", s.line.unwrap(), s.reason))
        .collect();
    assert!(got[0].starts_with("3: malformed CSV record"), "{got:?}");
    assert!(got[1].starts_with("4: not valid UTF-8"), "{got:?}");
}

#[test]
fn gzipped_jsonl() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("n.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&p).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(b"{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"Zipped.\"}\n")
        .unwrap();
    gz.finish().unwrap();
    let (docs, res, _) = read_all(&[p], ReadOptions::default());
    res.unwrap();
    assert_eq!(docs[0].text, "Zipped.");
}

#[test]
fn inputs_are_checked_before_reading() {
    let d = tempfile::tempdir().unwrap();
    let err = Reader::open(&[d.path().join("missing.jsonl")], ReadOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("missing.jsonl"), "{err}");
    let p = write(d.path(), "data.xlsx", b"x");
    let err = Reader::open(&[p], ReadOptions::default()).err().unwrap();
    assert!(
        err.to_string().contains("cannot tell the input format"),
        "{err}"
    );
    let dup = Reader::open(
        &[PathBuf::from("-"), PathBuf::from("-")],
        ReadOptions::default(),
    );
    assert!(dup.is_err());
}

#[test]
fn nothing_to_read_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "empty.jsonl", b"\n\n");
    let (_, res, _) = read_all(std::slice::from_ref(&p), ReadOptions::default());
    assert_eq!(
        res.unwrap_err(),
        format!("no documents to analyze in {}", p.display())
    );
    let empty = d.path().join("corpus");
    std::fs::create_dir(&empty).unwrap();
    let (_, res, _) = read_all(std::slice::from_ref(&empty), ReadOptions::default());
    assert_eq!(
        res.unwrap_err(),
        format!(
            "no documents to analyze in {} (a directory without .txt files)",
            empty.display()
        )
    );
}

#[test]
fn corpus_names() {
    assert_eq!(corpus_name(&[PathBuf::from("news.jsonl.gz")]), "news");
    assert_eq!(corpus_name(&[PathBuf::from("-")]), "stdin");
    assert_eq!(
        corpus_name(&[PathBuf::from("a.csv"), PathBuf::from("b.jsonl")]),
        "a+b"
    );
}

mod fuzz;
mod hostile;
