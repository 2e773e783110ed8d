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
    (docs, res, r.skipped().to_vec())
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

/// What reading `bytes` as `name` (in a folder of its own) gives: the
/// outlets read, or the error.
fn outlets_or_error(name: &str, bytes: &[u8]) -> Result<Vec<String>, String> {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), name, bytes);
    let (docs, res, _) = read_all(&[p], ReadOptions::default());
    res.map(|()| docs.into_iter().map(|d| d.outlet).collect())
}

/// The outlets read, or a piece of the error.
type Want = Result<&'static [&'static str], &'static str>;

#[test]
fn open_quotes_in_csv() {
    let cases: &[(&[u8], Want)] = &[
        (
            b"id,outlet,text\n1,A,\"Russia annexed Crimea\n2,B,Kiev said\n3,C,Kyiv said\n",
            Err("unbalanced.csv:2: a quoted field opens here and is never closed"),
        ),
        (
            b"id,outlet,text\r\n1,A,\"Russia annexed Crimea\r\n2,B,Kiev said\r\n3,C,\"Kyiv said\"\r\n",
            Err("unbalanced.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        (
            b"id,outlet,text\n1,A,x\n2,\"B\n3,C,Kyiv said\n4,D,y\",z\n",
            Err("unbalanced.csv:3: a quoted field opens here and runs on over line 4"),
        ),
        (
            b"id,outlet,text\n1,A,\"Crimea, annexed in\n2014, was discussed.\nKyiv, Kiev, and more\"\n2,B,Plain\n",
            Ok(&["A", "B"]),
        ),
        (
            b"id,outlet,text\nx1,A,\"Lines, like\n2,B,rows but ids that are not numbered\"\nx2,B,Plain\n",
            Ok(&["A", "B"]),
        ),
    ];
    for (bytes, want) in cases {
        let got = outlets_or_error("unbalanced.csv", bytes);
        match (want, &got) {
            (Ok(want), Ok(got)) => assert_eq!(got, want),
            (Err(want), Err(got)) => assert!(got.contains(want), "{got}"),
            _ => panic!("{}: {got:?}", String::from_utf8_lossy(bytes)),
        }
    }
}

#[test]
fn open_quotes_in_a_manifest() {
    let cases: &[(&[u8], Want)] = &[
        (
            b"file,outlet\na.txt,\"Unclosed\nb.txt,B\n",
            Err("manifest.csv:2: a quoted field opens here and is never closed"),
        ),
        (
            b"file,outlet\na.txt,\"Unclosed\nb.txt,B\nc.txt,\"C\"\n",
            Err("manifest.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        (
            b"file,outlet,title\na.txt,A,\"Two lines,\nb.txt, and more\"\nb.txt,B,x\nc.txt,C,\n",
            Ok(&["A", "B", "C"]),
        ),
    ];
    for (manifest, want) in cases {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "manifest.csv", manifest);
        for f in ["a.txt", "b.txt", "c.txt"] {
            write(d.path(), f, b"Text.");
        }
        let (docs, res, _) = read_all(&[d.path().to_path_buf()], ReadOptions::default());
        match (want, res) {
            (Ok(want), Ok(())) => {
                let got: Vec<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
                assert_eq!(&got, want);
            }
            (Err(want), Err(got)) => assert!(got.contains(want), "{got}"),
            (_, got) => panic!("{}: {got:?}", String::from_utf8_lossy(manifest)),
        }
    }
}

#[test]
fn jsonl_fields_of_the_wrong_type() {
    let cases: &[(&str, Want)] = &[
        (
            r#""outlet":["a","b"]"#,
            Err("x.jsonl:1: field `outlet` must be a string, not an array"),
        ),
        (
            r#""outlet":{"name":"A"}"#,
            Err("x.jsonl:1: field `outlet` must be a string, not an object"),
        ),
        (
            r#""outlet":true"#,
            Err("x.jsonl:1: field `outlet` must be a string, not true or false"),
        ),
        (
            r#""outlet":"A","id":false"#,
            Err("x.jsonl:1: field `id` must be a string, not true or false"),
        ),
        (
            r#""outlet":"A","title":["t"]"#,
            Err("x.jsonl:1: field `title` must be a string, not an array"),
        ),
        (
            r#""outlet":"A","date":{"y":2025}"#,
            Err("x.jsonl:1: field `date` must be a string, not an object"),
        ),
        (
            r#""outlet":"A","text":7"#,
            Err("x.jsonl:1: field `text` must be a string, not a number"),
        ),
        (r#""outlet":"A","id":7,"url":null"#, Ok(&["A"])),
        (
            r#""outlet":"A","tags":["a","b"],"extra":{"k":true}"#,
            Ok(&["A"]),
        ),
    ];
    for (fields, want) in cases {
        let line = format!("{{\"text\":\"Kyiv.\",{fields}}}\n");
        let got = outlets_or_error("x.jsonl", line.as_bytes());
        match (want, &got) {
            (Ok(want), Ok(got)) => assert_eq!(got, want),
            (Err(want), Err(got)) => assert!(got.contains(want), "{got}"),
            _ => panic!("{line}: {got:?}"),
        }
    }
}

#[test]
fn outlet_names_are_nfc_without_controls() {
    let cases: &[(&str, Want)] = &[
        (r#""Caf\u00e9""#, Ok(&["Caf\u{e9}"])),
        (r#""Cafe\u0301""#, Ok(&["Caf\u{e9}"])),
        (r#"" A \n""#, Ok(&["A"])),
        (
            r#""A\u0000B""#,
            Err("x.jsonl:1: document `1`: outlet name holds U+0000, a control character"),
        ),
        (
            r#""A\tB""#,
            Err("outlet name holds U+0009, a control character"),
        ),
        (
            r#""A\nB""#,
            Err("outlet name holds U+000A, a control character"),
        ),
        (
            r#""A\u0085B""#,
            Err("outlet name holds U+0085, a control character"),
        ),
        (
            r#""\u202eTR""#,
            Err("outlet name holds U+202E, a bidirectional control"),
        ),
        (
            r#""A\u2066B\u2069""#,
            Err("outlet name holds U+2066, a bidirectional control"),
        ),
    ];
    for (outlet, want) in cases {
        let line = format!("{{\"id\":\"1\",\"outlet\":{outlet},\"text\":\"Kyiv.\"}}\n");
        let got = outlets_or_error("x.jsonl", line.as_bytes());
        match (want, &got) {
            (Ok(want), Ok(got)) => assert_eq!(got, want),
            (Err(want), Err(got)) => assert!(got.contains(want), "{got}"),
            _ => panic!("{line}: {got:?}"),
        }
    }
}

#[test]
fn bad_outlet_names_are_skipped_and_listed() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "x.csv",
        "id,outlet,text\n1,Café,One.\n2,Cafe\u{301},Two.\n3,\u{202E}RT,Three.\n".as_bytes(),
    );
    let (docs, res, skipped) = read_all(&[p], skip());
    res.unwrap();
    let outlets: Vec<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
    assert_eq!(outlets, ["Café", "Café"], "one outlet, in NFC");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].line, Some(4));
    assert!(skipped[0].reason.contains("U+202E"), "{:?}", skipped[0]);

    write(
        d.path(),
        "manifest.csv",
        "file,outlet\na.txt,A\nb.txt,B\u{2067}\n".as_bytes(),
    );
    write(d.path(), "a.txt", b"Alpha.");
    write(d.path(), "b.txt", b"Beta.");
    let dir = d.path().to_path_buf();
    let (_, res, _) = read_all(std::slice::from_ref(&dir), ReadOptions::default());
    let err = res.unwrap_err();
    assert!(
        err.contains("manifest.csv:3: outlet name holds U+2067"),
        "{err}"
    );
    let (docs, res, skipped) = read_all(&[dir], skip());
    res.unwrap();
    assert_eq!(
        docs.len(),
        1,
        "b.txt is skipped, not read without an outlet"
    );
    assert_eq!(skipped[0].line, Some(3));
}

#[test]
fn records_past_the_size_limit() {
    let long = "x".repeat(200);
    let cases: &[(&str, String, Want)] = &[
        (
            "x.jsonl",
            format!("{{\"outlet\":\"A\",\"text\":\"a\"}}\n{{\"outlet\":\"B\",\"text\":\"{long}\"}}\n"),
            Err("x.jsonl:2: a record larger than 100 bytes, the most slant reads in one (raise the limit with --max-record-mb)"),
        ),
        (
            "cr.jsonl",
            "{\"outlet\":\"A\",\"text\":\"short line\"}\r".repeat(10),
            Ok(&["A"; 10]),
        ),
        (
            "x.csv",
            format!("outlet,text\nA,a\nB,b\nC,\"two\nlines {long}\"\n"),
            Err("x.csv:4: a record larger than 100 bytes"),
        ),
        (
            "x.tsv",
            "outlet\ttext\nA\tshort record\n".to_string() + &"B\tshort record\n".repeat(10),
            Ok(&["A", "B", "B", "B", "B", "B", "B", "B", "B", "B", "B"]),
        ),
    ];
    for (name, bytes, want) in cases {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), name, bytes.as_bytes());
        let opts = ReadOptions {
            max_record_bytes: 100,
            missing_outlet: MissingOutlet::Document,
            ..skip()
        };
        let (docs, res, _) = read_all(&[p], opts);
        let got = res.map(|()| docs.into_iter().map(|d| d.outlet).collect::<Vec<_>>());
        match (want, &got) {
            (Ok(want), Ok(got)) => assert_eq!(got, want),
            (Err(want), Err(got)) => assert!(got.contains(want), "{got}"),
            _ => panic!("{name}: {got:?}"),
        }
    }
}

#[test]
fn an_endless_input_stops_at_the_limit() {
    for format in [InputFormat::Jsonl, InputFormat::Csv, InputFormat::Tsv] {
        let opts = ReadOptions {
            format: Some(format),
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        let (_, res, _) = read_all(&[PathBuf::from("/dev/zero")], opts);
        let err = res.unwrap_err();
        assert!(
            err.starts_with("/dev/zero:1: a record larger than 1 MB"),
            "{format:?}: {err}"
        );
    }
}

#[test]
fn text_files_past_the_size_limit_are_bad_records() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "manifest.csv", b"file,outlet\na.txt,A\nb.txt,B\n");
    write(d.path(), "a.txt", "Kyiv. ".repeat(50).as_bytes());
    write(d.path(), "b.txt", b"Kiev.");
    let opts = |on_error| ReadOptions {
        max_record_bytes: 100,
        on_error,
        ..ReadOptions::default()
    };
    let dir = d.path().to_path_buf();
    let (_, res, _) = read_all(std::slice::from_ref(&dir), opts(OnError::Stop));
    let err = res.unwrap_err();
    assert!(
        err.contains("a.txt: document `a`: a record larger than 100 bytes"),
        "{err}"
    );
    let (docs, res, skipped) = read_all(&[dir], opts(OnError::Skip));
    res.unwrap();
    assert_eq!((docs.len(), skipped.len()), (1, 1));
}

/// `lines` gzipped, cut off halfway through.
fn truncated_gzip(lines: impl Iterator<Item = String>) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for line in lines {
        writeln!(gz, "{line}").unwrap();
    }
    let mut bytes = gz.finish().unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes
}

#[test]
fn a_truncated_gzip_names_the_last_complete_line() {
    let d = tempfile::tempdir().unwrap();
    let jsonl = truncated_gzip((1..=300).map(|i| {
        format!("{{\"id\":\"{i}\",\"outlet\":\"A\",\"text\":\"Record {i} of a long run.\"}}")
    }));
    let header = std::iter::once("id,outlet,text".to_string());
    let csv =
        truncated_gzip(header.chain((1..=300).map(|i| format!("{i},A,Record {i} of a long run."))));
    // Lines before the records: none in JSONL, the header in CSV.
    for (name, bytes, before) in [("n.jsonl.gz", jsonl, 0), ("n.csv.gz", csv, 1)] {
        let p = write(d.path(), name, &bytes);
        let (docs, res, _) = read_all(std::slice::from_ref(&p), ReadOptions::default());
        let err = res.unwrap_err();
        assert!(docs.len() > 10, "{name}: {}", docs.len());
        let want = format!(
            "cannot read {} after line {}, the last complete record: ",
            p.display(),
            docs.len() + before
        );
        assert!(err.starts_with(&want), "{err}");
    }
}
