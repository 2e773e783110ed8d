//! The hostile-input suite's rows from an adversarial round (issue 9):
//! inputs that used to be misread silently (a field or column named twice,
//! a header repeated by `cat`, numeric ids rounded into one, outlets split
//! by letter case) or refused without saying how to fix them (Latin-1 text,
//! pretty-printed JSON, semicolon-separated CSV). Each case generates its
//! own files.

use std::collections::BTreeSet;
use std::path::Path;

use super::hostile::{analyze, case, jsonl, run_all, Case, Want};
use crate::util::{put, read_csv, slant};

/// A record of a CSV file with the columns `id,outlet,text`.
fn row(id: &str, outlet: &str, text: &str) -> String {
    format!("{id},{outlet},{text}\n")
}

/// `slant train` on a corpus of two documents (`1` and `2`) with the labels
/// file `labels`, which must fail with `message`.
fn train_case(name: &'static str, labels: (&'static str, &[u8]), message: &'static str) -> Case {
    let corpus = format!("{}{}", jsonl("1", "A", "Kyiv."), jsonl("2", "B", "Kiev."));
    let args = [
        "train", "d.jsonl", "--labels", labels.0, "-o", "m.json", "-q",
    ];
    case(
        name,
        &[("d.jsonl", corpus.as_bytes()), labels],
        &args,
        Want::Fails(message),
    )
}

fn failing() -> Vec<Case> {
    let csv = |rows: &[(&str, &str, &str)]| -> String {
        rows.iter().map(|(i, o, t)| row(i, o, t)).collect()
    };
    let two = csv(&[("1", "A", "Kyiv said."), ("2", "B", "Kiev said.")]);
    let pretty = "{\n  \"id\": \"1\",\n  \"outlet\": \"A\",\n  \"text\": \"Kyiv.\"\n}\n";
    vec![
        case(
            "a JSONL record naming a field twice (which wins differs between parsers)",
            &[(
                "d.jsonl",
                format!(
                    "{}{{\"id\":\"2\",\"outlet\":\"A\",\"outlet\":\"B\",\"text\":\"Kiev.\"}}\n",
                    jsonl("1", "A", "Kyiv.")
                )
                .as_bytes(),
            )],
            &analyze("d.jsonl"),
            Want::Fails("d.jsonl:2: malformed JSON record: the field `outlet` is named twice"),
        ),
        case(
            "a CSV header naming the text column twice",
            &[("d.csv", "id,outlet,text,text\n1,A,Kyiv.,Kiev.\n".as_bytes())],
            &analyze("d.csv"),
            Want::Fails("d.csv:1: the column name `text` is given twice (columns 3 and 4)"),
        ),
        case(
            "a CSV header naming a metadata column twice (one would be dropped)",
            &[("d.csv", "id,outlet,text,note,note\n1,A,Kyiv.,x,y\n".as_bytes())],
            &analyze("d.csv"),
            Want::Fails("d.csv:1: the column name `note` is given twice (columns 4 and 5)"),
        ),
        case(
            "a CSV header with two columns that differ from `text` only in case",
            &[("d.csv", "id,outlet,Text,TEXT\n1,A,Kyiv.,Kiev.\n".as_bytes())],
            &analyze("d.csv"),
            Want::Fails("d.csv:1: columns `Text` and `TEXT` (columns 3 and 4) both read as the field `text`"),
        ),
        case(
            "two CSV files joined with cat, the second header among the records",
            &[("d.csv", format!("id,outlet,text\n{two}id,outlet,text\n{}", row("3", "C", "Kyiv.")).as_bytes())],
            &analyze("d.csv"),
            Want::Fails("d.csv:4: malformed CSV record: the header row again, among the records (files joined with `cat`?)"),
        ),
        case(
            "two CSV files with byte-order marks joined with cat",
            &[("d.csv", format!("\u{feff}id,outlet,text\n{two}\u{feff}id,outlet,text\n{}", row("3", "C", "Kyiv.")).as_bytes())],
            &analyze("d.csv"),
            Want::Fails("d.csv:4: malformed CSV record: the header row again"),
        ),
        case(
            "an empty CSV file",
            &[("d.csv", b"")],
            &analyze("d.csv"),
            Want::Fails("d.csv:1: the file is empty: no header row"),
        ),
        case(
            "a CSV saved as Windows-1252 (Excel's plain CSV)",
            &[("d.csv", b"id,outlet,text\n1,Le Monde,\x93Kyiv\x94 said caf\xe9.\n")],
            &analyze("d.csv"),
            Want::Fails("d.csv:2: not valid UTF-8 (first bad byte at offset 0 of the `text` field)\n(slant reads UTF-8; a file saved as Latin-1 or Windows-1252, as Excel saves plain \"CSV\" and older tools save text, converts with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`)"),
        ),
        case(
            // 36: the bytes before the é, from the start of the file
            "a manifest saved as Latin-1",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,Le Monde\nb.txt,Caf\xe9\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"Kiev said."),
            ],
            &analyze("c"),
            Want::Fails("manifest.csv:3: manifest not valid UTF-8 (first bad byte at offset 36)\n(slant reads UTF-8; a file saved as Latin-1 or Windows-1252"),
        ),
        train_case(
            "a labels file saved as Latin-1",
            ("l.csv", b"id,class\n1,kremlin\n2,caf\xe9\n"),
            "l.csv:3: not valid UTF-8\n(slant reads UTF-8; a file saved as Latin-1 or Windows-1252",
        ),
        train_case(
            "label classes that differ only in case (four classes to the model)",
            ("l.csv", b"id,class\n1,kremlin\n2,Kremlin\n"),
            "l.csv:3: class `Kremlin` differs from `kremlin` (line 2) only in letter case",
        ),
        train_case(
            "a JSONL labels record naming its class twice",
            ("l.jsonl", b"{\"id\":\"1\",\"class\":\"a\",\"class\":\"b\"}\n"),
            "l.jsonl:1: malformed JSON record: the field `class` is named twice",
        ),
        train_case(
            "a labels id too large for a float, named as written",
            ("l.jsonl", b"{\"id\":12345678901234567890123,\"class\":\"a\"}\n"),
            "l.jsonl:1: document `12345678901234567890123` is not in the corpus",
        ),
        case(
            "pretty-printed JSON read as JSON Lines",
            &[("d.jsonl", pretty.as_bytes())],
            &analyze("d.jsonl"),
            Want::Fails("d.jsonl:1: malformed JSON record: EOF while parsing an object at line 1 column 1; slant reads JSON Lines, one object per line; a JSON array or pretty-printed JSON converts with `jq -c '.[]' FILE > FILE.jsonl`"),
        ),
        case(
            "a JSON array of records on one line",
            &[("d.jsonl", format!("[{}]\n", jsonl("1", "A", "Kyiv.").trim()).as_bytes())],
            &analyze("d.jsonl"),
            Want::Fails("d.jsonl:1: malformed JSON record: expected a JSON object {...}; slant reads JSON Lines"),
        ),
    ]
}

#[test]
fn adversarial_inputs_fail_cleanly_naming_file_line_and_fix() {
    run_all(&failing());
}

/// Analyzes `input` in `dir` into `out`, lexicon scores only.
fn run(dir: &Path, input: &str, out: &str) -> crate::util::Run {
    slant(
        dir,
        &[
            "analyze",
            input,
            "--no-model",
            "--bootstrap",
            "200",
            "--out",
            out,
        ],
    )
    .ok()
}

/// The same records as a CSV separated by commas, by semicolons (Excel
/// where the comma is the decimal mark) and by tabs, all named `.csv`,
/// read alike: the header, holding no comma, tells the separator.
#[test]
fn csv_separated_by_semicolons_or_tabs_reads_as_with_commas() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        (
            "1",
            "A",
            "Kyiv, the capital, said the illegal annexation of Crimea was a breach.",
        ),
        (
            "2",
            "B",
            "Kiev said Crimea voted to join Russia; officials agreed.",
        ),
        ("3", "A", "Kyiv said so."),
    ];
    for (name, sep) in [("comma.csv", ','), ("semi.csv", ';'), ("tab.csv", '\t')] {
        let mut text = format!("id{sep}outlet{sep}text\n");
        for (i, o, t) in rows {
            text += &format!("{i}{sep}{o}{sep}\"{t}\"\n");
        }
        put(tmp.path(), name, text.as_bytes());
        run(tmp.path(), name, name.trim_end_matches(".csv"));
    }
    let docs = |out: &str| std::fs::read(tmp.path().join(out).join("documents.csv")).unwrap();
    let matches = |out: &str| std::fs::read(tmp.path().join(out).join("matches.csv")).unwrap();
    assert_eq!(read_csv(&tmp.path().join("comma/documents.csv")).len(), 3);
    for out in ["semi", "tab"] {
        assert_eq!(docs(out), docs("comma"), "{out}");
        assert_eq!(matches(out), matches("comma"), "{out}");
    }
}

/// Two JSONL files saved with byte-order marks and joined with `cat`: the
/// second mark, at the start of a line, is not part of its record (it was
/// a malformed record, "expected value at line 1 column 1").
#[test]
fn a_byte_order_mark_opening_any_jsonl_line_is_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let one = format!("\u{feff}{}", jsonl("1", "A", "Kyiv said."));
    let two = format!("\u{feff}{}", jsonl("2", "B", "Kiev said."));
    put(tmp.path(), "d.jsonl", format!("{one}{two}").as_bytes());
    run(tmp.path(), "d.jsonl", "r");
    let ids: Vec<String> = read_csv(&tmp.path().join("r/documents.csv"))
        .into_iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, ["1", "2"]);
}

/// `ID,Outlet,Text`, as pandas or Excel users name columns, reads as
/// `id,outlet,text` (as manifest.csv always did), rather than failing for
/// want of a `text` column or keeping the ids as metadata.
#[test]
fn csv_columns_differing_only_in_case_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "d.csv",
        b"ID,Outlet,Date,Text\nk1,A,2020-01-02,Kyiv said.\nk2,B,2020-01-03,Kiev said.\n",
    );
    run(tmp.path(), "d.csv", "r");
    let docs = read_csv(&tmp.path().join("r/documents.csv"));
    let got: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| (d["id"].as_str(), d["outlet"].as_str(), d["date"].as_str()))
        .collect();
    assert_eq!(got, [("k1", "A", "2020-01-02"), ("k2", "B", "2020-01-03")]);
}

/// Numbers are read as written: ids past what a float holds exactly used
/// to be rounded (both of these became `1.2345678901234568e+22`, one id
/// twice), and a metadata number too large for a float failed its record.
#[test]
fn numeric_ids_and_metadata_keep_their_text() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "d.jsonl",
        b"{\"id\":12345678901234567890123,\"outlet\":\"A\",\"text\":\"Kyiv said.\",\"n\":1e400}\n\
          {\"id\":12345678901234567890124,\"outlet\":2.50,\"text\":\"Kiev said.\",\"n\":-0.10}\n",
    );
    run(tmp.path(), "d.jsonl", "r");
    let docs = read_csv(&tmp.path().join("r/documents.csv"));
    let got: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| (d["id"].as_str(), d["outlet"].as_str(), d["n"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("12345678901234567890123", "A", "1e400"),
            ("12345678901234567890124", "2.50", "-0.10")
        ]
    );
}

/// `Le Monde` and `le monde` stay two outlets (slant cannot know they are
/// one), but not silently: each other spelling warns once, at its first
/// record, naming the first spelling's, on standard error and in
/// results.json.
#[test]
fn outlets_differing_only_in_case_are_kept_apart_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let text = [
        row("1", "Le Monde", "Kyiv said."),
        row("2", "le monde", "Kiev said."),
        row("3", "le monde", "Kyiv said so."),
        row("4", "Die Zeit", "Kiev said so."),
    ]
    .concat();
    put(
        tmp.path(),
        "d.csv",
        format!("id,outlet,text\n{text}").as_bytes(),
    );
    let got = run(tmp.path(), "d.csv", "r");
    let warnings: Vec<&str> = got
        .stderr
        .lines()
        .filter(|l| l.starts_with("slant: warning: d.csv:"))
        .collect();
    assert_eq!(
        warnings,
        ["slant: warning: d.csv:3: outlet `le monde` differs from `Le Monde` (d.csv:2) only in letter case, so they are counted as two outlets; if they are one, spell them alike"],
        "{}",
        got.stderr
    );
    let outlets: BTreeSet<String> = read_csv(&tmp.path().join("r/documents.csv"))
        .into_iter()
        .map(|d| d["outlet"].clone())
        .collect();
    assert_eq!(outlets.len(), 3, "{outlets:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r/results.json")).unwrap()).unwrap();
    let w = &json["corpus"]["input_warnings"];
    assert_eq!(w["total"], 1);
    assert_eq!(w["listed"][0]["line"], 3);
}
