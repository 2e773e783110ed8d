//! Every corpus reader (JSONL, CSV, TSV, folder with manifest) fuzzed: an
//! edited file is read or refused with its name and a line inside it, and
//! never panics. With `--on-error skip`, an edit to one JSONL record never
//! changes another record.

use proptest::prelude::*;

use super::super::*;
use super::{read_all, skip, write};
use crate::fuzz::{apply, cited_lines, config, edits, Edit};

const JSONL: &str = "{\"id\":\"1\",\"outlet\":\"Alpha\",\"date\":\"2025-04-22\",\"text\":\"Kyiv said \\\"no\\\".\\nSecond paragraph.\"}\n\
{\"id\":\"2\",\"outlet\":\"Beta News\",\"title\":\"Crimea\",\"text\":\"The Kiev regime, Moscow said.\",\"section\":\"world\"}\n\
{\"id\":\"3\",\"outlet\":\"Café\",\"text\":\"Russia annexed Crimea in 2014.\"}\n\
{\"id\":\"4\",\"outlet\":\"Alpha\",\"text\":\"Ceasefire talks in Riyadh.\",\"tags\":[\"a\",\"b\"]}\n";

const CSV: &str = "id,outlet,date,text\n\
1,Alpha,2025-04-22,\"Kyiv said \"\"no\"\".\n\nSecond paragraph.\"\n\
2,Beta News,04/22/25,\"The Kiev regime, Moscow said.\"\n\
3,Café,,Russia annexed Crimea in 2014.\n";

/// Reads `bytes` as `name` with `opts`: the documents, or `None` for an
/// error, checked to name the file and only lines the file has.
fn read_checked(
    name: &str,
    bytes: &[u8],
    opts: ReadOptions,
) -> Result<Option<Vec<Document>>, TestCaseError> {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), name, bytes);
    let (docs, res, _) = read_all(&[p], opts);
    if let Err(message) = res {
        prop_assert!(message.contains(name), "no file name: {message}");
        let lines = bytes.split(|&b| b == b'\n' || b == b'\r').count();
        for line in cited_lines(&message, name) {
            prop_assert!(
                line >= 1 && line <= lines + 1,
                "line {line} of {lines}: {message}"
            );
        }
        return Ok(None);
    }
    Ok(Some(docs))
}

/// The edits, kept inside the third line of `base` (so the first two and
/// the last stay as they were): positions are taken within that line.
fn within_third_line(base: &str, edits: &[Edit]) -> Vec<u8> {
    let lines: Vec<&str> = base.split_inclusive('\n').collect();
    let mut line = apply(lines[2].trim_end_matches('\n').as_bytes(), edits);
    // A line break would make two records of one: the edit stays one line.
    line.retain(|&b| b != b'\n' && b != b'\r');
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 2 {
            out.extend_from_slice(&line);
            out.push(b'\n');
        } else {
            out.extend_from_slice(l.as_bytes());
        }
    }
    out
}

proptest! {
    #![proptest_config(config(64, "tests/fixtures/proptest/corpus.txt"))]

    #[test]
    fn jsonl_csv_and_tsv_never_panic(e in edits()) {
        read_checked("f.jsonl", &apply(JSONL.as_bytes(), &e), ReadOptions::default())?;
        read_checked("f.jsonl", &apply(JSONL.as_bytes(), &e), skip())?;
        read_checked("f.csv", &apply(CSV.as_bytes(), &e), ReadOptions::default())?;
        read_checked("f.csv", &apply(CSV.as_bytes(), &e), skip())?;
        let tsv = CSV.replace(',', "\t");
        read_checked("f.tsv", &apply(tsv.as_bytes(), &e), ReadOptions::default())?;
    }

    #[test]
    fn a_manifest_and_its_texts_never_panic(e in edits(), which in 0usize..3) {
        let d = tempfile::tempdir().unwrap();
        let mut files: Vec<(&str, Vec<u8>)> = vec![
            ("manifest.csv", b"file,outlet,date\na.txt,Alpha,2025-04-22\nb.txt,\"Beta, Inc.\",\n".to_vec()),
            ("a.txt", "Kyiv said.\n\nThe “illegal annexation” of Crimea.".as_bytes().to_vec()),
            ("b.txt", b"The Kiev regime.\r\nMoscow said.".to_vec()),
        ];
        files[which].1 = apply(&files[which].1, &e);
        for (name, bytes) in &files {
            write(d.path(), name, bytes);
        }
        let (_, res, _) = read_all(&[d.path().to_path_buf()], ReadOptions::default());
        if let Err(message) = res {
            let named = files.iter().any(|(n, _)| message.contains(n));
            prop_assert!(named, "names no file: {message}");
        }
    }

    #[test]
    fn an_edited_jsonl_record_leaves_the_others_alone(e in edits()) {
        let clean = read_checked("f.jsonl", JSONL.as_bytes(), ReadOptions::default())?
            .expect("the clean file reads");
        // A run that stops (a record without an outlet is an error whatever
        // --on-error says) changes no numbers; one that runs must keep the
        // other records as they were.
        let Some(edited) = read_checked("f.jsonl", &within_third_line(JSONL, &e), skip())? else {
            return Ok(());
        };
        // Each read was from a folder of its own: compare all but that.
        let same_place = |a: &Document, b: &Document| a.origin.line == b.origin.line;
        for want in [&clean[0], &clean[1], &clean[3]] {
            let got = edited.iter().find(|d| same_place(d, want)).map(|d| Document {
                origin: want.origin.clone(),
                ..d.clone()
            });
            prop_assert_eq!(got.as_ref(), Some(want), "{:?}", edited);
        }
    }
}

/// What is wrong with the one bad record of a generated CSV.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// An empty outlet.
    NoOutlet,
    /// A fourth field.
    ExtraField,
    /// The id of the first record again.
    RepeatedId,
    /// The text's closing quote left out, so it swallows the rows after.
    OpenQuote,
}

/// A text that may span lines and hold commas and quotes, as news text
/// does; it starts with a word, as the rows it may swallow do.
fn news_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        " Kyiv",
        " Kiev said,",
        " \"no\"",
        "\n",
        "\r\n",
        ", and",
        " 2014",
        "\n\n",
    ]);
    prop::collection::vec(piece, 0..6).prop_map(|p| format!("Crimea{}", p.concat()))
}

/// A CSV of `texts` with the record at `bad` broken by `fault`, and the line
/// that record begins on.
fn csv_with_fault(
    texts: &[String],
    bad: usize,
    fault: Fault,
    bom: bool,
    crlf: bool,
) -> (Vec<u8>, usize) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::from(if bom { "\u{feff}" } else { "" });
    out.push_str(&format!("id,outlet,text{eol}"));
    let mut line = 2;
    let mut bad_line = 0;
    for (i, text) in texts.iter().enumerate() {
        let quoted = format!("\"{}\"", text.replace('"', "\"\""));
        let record = match (i == bad, fault) {
            (true, Fault::NoOutlet) => format!("d{i},,{quoted}"),
            (true, Fault::ExtraField) => format!("d{i},A,{quoted},x"),
            (true, Fault::RepeatedId) => format!("d0,A,{quoted}"),
            (true, Fault::OpenQuote) => format!("d{i},A,{}", &quoted[..quoted.len() - 1]),
            _ => format!("d{i},A,{quoted}"),
        };
        if i == bad {
            bad_line = line;
        }
        line += record.matches('\n').count() + 1;
        out.push_str(&record);
        out.push_str(eol);
    }
    (out.into_bytes(), bad_line)
}

proptest! {
    #![proptest_config(config(64, "tests/fixtures/proptest/corpus.txt"))]

    /// The line an error names is the line where the bad record begins,
    /// with or without a byte-order mark, with LF or CRLF line ends, after
    /// multi-line records.
    #[test]
    fn a_csv_error_names_the_line_of_the_bad_record(
        texts in prop::collection::vec(news_text(), 1..6),
        bad in any::<prop::sample::Index>(),
        fault in prop::sample::select(vec![Fault::NoOutlet, Fault::ExtraField, Fault::RepeatedId, Fault::OpenQuote]),
        bom in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let fault = match fault {
            Fault::RepeatedId if texts.len() < 2 => Fault::NoOutlet,
            f => f,
        };
        let bad = match fault {
            Fault::RepeatedId => 1 + bad.index(texts.len() - 1),
            _ => bad.index(texts.len()),
        };
        let (bytes, line) = csv_with_fault(&texts, bad, fault, bom, crlf);
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "f.csv", &bytes);
        let (_, res, _) = read_all(&[p], ReadOptions::default());
        let Err(message) = res else {
            return Err(TestCaseError::fail(format!("read: {}", String::from_utf8_lossy(&bytes))));
        };
        let cited = cited_lines(&message, "f.csv");
        prop_assert_eq!(cited.first(), Some(&line), "{}", message);
    }
}
