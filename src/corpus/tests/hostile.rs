//! Inputs that used to be misread silently or without bound: quotes left
//! open, fields of the wrong type, outlet names that print alike or carry
//! control characters, records past the size limit, truncated gzip.

use std::io::Write;

use super::super::*;
use super::{read_all, skip, write};

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
        // A line of a field shaped like a row whose outlet cell is an outlet
        // of the file (B, on the next record) is a swallowed row, though its
        // id is not numbered and the field closes at a line end; with an
        // outlet cell that no record uses it is text.
        (
            b"id,outlet,text\nx1,A,\"Lines, like\n2,B,rows but ids that are not numbered\"\nx2,B,Plain\n",
            Err("unbalanced.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        (
            b"id,outlet,text\nx1,A,\"Lines, like\n2,Bee,rows but ids that are not numbered\"\nx2,B,Plain\n",
            Ok(&["A", "B"]),
        ),
        // Ids that are words: the quote that opens C's text closes A's, with
        // text after it, which well-formed CSV never has.
        (
            b"id,outlet,text\nabc,A,\"Russia annexed Crimea\nxyz,B,Kiev said\npqr,C,\"Kyiv said\n",
            Err("unbalanced.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        (
            b"outlet,text\nA,\"Russia annexed Crimea\nB,Kiev said\nC,\"Kyiv said\n",
            Err("unbalanced.csv:2: a quoted field opens here and runs on over line 3"),
        ),
        (
            b"\xEF\xBB\xBFid,outlet,text\r\nz,Z,ok\r\nabc,A,\"Russia\r\nxyz,B,\"Kiev said\"\r\npqr,C,Kyiv\r\n",
            Err("unbalanced.csv:3: a quoted field opens here and runs on over line 4"),
        ),
        // A field that closes well: a line shaped like a row is text.
        (
            b"id,outlet,text\nabc,A,\"Kyiv said, and Moscow, too.\nThe end,really,yes\"\nxyz,B,Kiev said\n",
            Ok(&["A", "B"]),
        ),
        // Quotes inside a field left single: a bad close, but no line of
        // the field looks like a row.
        (
            b"id,outlet,text\nabc,A,\"Kyiv, said\nhe said \"no\" today\"\nxyz,B,Kiev said\n",
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

/// Every line a CSV record is named by, with and without a byte-order
/// mark and with LF or CRLF: skipped records, a missing outlet, a repeated
/// id, all after a record of two lines.
#[test]
fn csv_line_numbers_with_a_bom_and_crlf() {
    for bom in ["", "\u{feff}"] {
        for eol in ["\n", "\r\n"] {
            let csv = format!(
                "{bom}id,outlet,text{eol}a,A,\"two{eol}lines\"{eol}b,B,x,extra{eol}c,,y{eol}a,C,z{eol}"
            );
            let d = tempfile::tempdir().unwrap();
            let p = write(d.path(), "c.csv", csv.as_bytes());
            let opts = ReadOptions {
                missing_outlet: MissingOutlet::Skip,
                ..skip()
            };
            let (_, res, skipped) = read_all(std::slice::from_ref(&p), opts);
            let lines: Vec<Option<u64>> = skipped.iter().map(|s| s.line).collect();
            // Header 1, `a` 2-3, `b` 4, `c` 5, the second `a` 6.
            assert_eq!(lines, [Some(4), Some(5), Some(6)], "{csv:?} {skipped:?}");
            assert!(res.is_ok(), "{csv:?}: {res:?}");
            let (_, res, _) = read_all(&[p], ReadOptions::default());
            let message = res.unwrap_err();
            assert!(
                message.contains("c.csv:4: malformed CSV record: 4 fields"),
                "{csv:?}: {message}"
            );
            let no_b = csv.replace(",extra", "");
            let d = tempfile::tempdir().unwrap();
            let p = write(d.path(), "c.csv", no_b.as_bytes());
            let (_, res, _) = read_all(&[p], ReadOptions::default());
            let message = res.unwrap_err();
            assert!(
                message.contains("c.csv:6: document `a`: duplicate id, first used at ")
                    && message.contains("c.csv:2\n"),
                "{csv:?}: {message}"
            );
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
        // the line has a `text` already: a second one is refused before
        // its type matters (which of the two would be read?)
        (
            r#""outlet":"A","text":7"#,
            Err("x.jsonl:1: malformed JSON record: the field `text` is named twice"),
        ),
        (r#""outlet":"A","body":7"#, Ok(&["A"])),
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
fn outlet_names_are_nfc_with_single_spaces_without_controls() {
    let cases: &[(&str, Want)] = &[
        (r#""Caf\u00e9""#, Ok(&["Caf\u{e9}"])),
        (r#""Cafe\u0301""#, Ok(&["Caf\u{e9}"])),
        (r#"" A \n""#, Ok(&["A"])),
        (
            r#""A\u0000B""#,
            Err("x.jsonl:1: document `1`: outlet name holds U+0000, a control character"),
        ),
        (r#""A\tB""#, Ok(&["A B"])),
        (r#""A\u00a0\u3000B""#, Ok(&["A B"])),
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
fn a_closed_quoted_field_past_the_limit_names_the_limit() {
    // The csv crate reads 8 kB at a time: a field of 20,000 bytes passes a
    // limit of 10,000 after the records before it were read, and the reading
    // stops inside its quote, which closes later in the file.
    let long = "word ".repeat(4000);
    let cases = [
        (
            format!("id,outlet,text\n1,A,\"{long}\"\n2,B,Kiev said\n"),
            "x.csv:2: a record larger than 10000 bytes",
        ),
        (
            format!("id,outlet,text\n1,A,Kyiv\n2,A,\"{long}\"\n3,B,Kiev said\n"),
            "x.csv:3: a record larger than 10000 bytes",
        ),
        (
            format!("id,outlet,text\n1,A,Kyiv\n2,A,\"Kyiv\n\n{long}\"\n"),
            "x.csv:3: a record larger than 10000 bytes",
        ),
    ];
    for (bytes, want) in cases {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "x.csv", bytes.as_bytes());
        for on_error in [OnError::Stop, OnError::Skip] {
            let opts = ReadOptions {
                max_record_bytes: 10_000,
                on_error,
                ..ReadOptions::default()
            };
            let (_, res, _) = read_all(std::slice::from_ref(&p), opts);
            let err = res.unwrap_err();
            assert!(
                err.contains(want) && err.contains("raise the limit with --max-record-mb"),
                "{err}"
            );
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
