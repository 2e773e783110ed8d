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
