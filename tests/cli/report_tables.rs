//! The report's tables read as the house tables do: every column of
//! numbers is right-aligned (in report.md and report.html), and every
//! number in a table or a heat map's cell follows one rule, so that the
//! numbers in a chart equal those in its table (a value that is exactly
//! zero reads "0", one below 1 keeps two significant digits).

use std::path::{Path, PathBuf};

use crate::util::{seeds, slant};

/// `slant analyze seeds` (with `extra`) into `dir/rep`.
fn seed_report(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("rep");
    let seeds = seeds();
    let args = ["analyze", seeds.to_str().unwrap(), "--out", "rep", "-q"];
    slant(dir, &[&args[..], extra].concat()).ok();
    out
}

/// A Markdown table: its header, alignment row and body rows.
type MdTable = (Vec<String>, Vec<String>, Vec<Vec<String>>);

/// The Markdown tables of `md`.
fn md_tables(md: &str) -> Vec<MdTable> {
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split(" | ").map(|c| c.trim().to_string()).collect()
    };
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        if lines[i].starts_with('|') && lines[i + 1].starts_with("|---") {
            let head = cells(lines[i]);
            let align: Vec<String> = lines[i + 1]
                .trim_matches('|')
                .split('|')
                .map(String::from)
                .collect();
            let mut body = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && lines[j].starts_with('|') {
                body.push(cells(lines[j]));
                j += 1;
            }
            out.push((head, align, body));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a cell is a number: one number, then nothing, a count in
/// parentheses or an interval in brackets ("0.30 (10)", "+0.12 [+0.05,
/// +0.20]"); "n/a" and an empty cell say nothing either way.
fn is_number(cell: &str) -> Option<bool> {
    if cell.is_empty() || cell == "n/a" {
        return None;
    }
    let (first, rest) = cell.split_once(' ').unwrap_or((cell, ""));
    let digits = first.trim_start_matches(['+', '-', '\u{2212}', '<', '>']);
    let number = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '%');
    let tail = rest.is_empty()
        || (rest.starts_with('(') && rest.ends_with(')'))
        || (rest.starts_with('[') && rest.ends_with(']'));
    Some(number && tail)
}

/// Every column of numbers in `md`'s tables is right-aligned (`---:`).
fn numbers_right_aligned(md: &str, what: &str) -> usize {
    let tables = md_tables(md);
    for (head, align, body) in &tables {
        for (j, name) in head.iter().enumerate() {
            let said: Vec<bool> = body
                .iter()
                .filter_map(|r| r.get(j).and_then(|c| is_number(c)))
                .collect();
            if !said.is_empty() && said.iter().all(|&n| n) {
                assert_eq!(
                    align.get(j).map(String::as_str),
                    Some("---:"),
                    "{what}: column {name:?} of the table headed {head:?} holds numbers, left-aligned"
                );
            }
        }
    }
    tables.len()
}

#[test]
fn every_column_of_numbers_is_right_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let rep = seed_report(dir.path(), &[]);
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    // The model scores by outlet (documents, lexicon score, model score,
    // p(class)) had been left-aligned.
    assert!(md.contains("### Model scores by outlet"), "a model table");
    assert!(numbers_right_aligned(&md, "seeds") > 10);
    // report.html: a column of numbers is headed on the right, over its
    // cells (the headers had all been on the left).
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    for head in ["<th class=\"n\">score</th>", "<th class=\"n\">n_docs</th>"] {
        assert!(html.contains(head), "report.html lacks {head}");
    }
    assert!(html.contains("<th>outlet</th>"), "text stays on the left");
    assert!(html.contains("th.n{text-align:right") || html.contains(",th.n{text-align:right"));
}

#[test]
fn an_lss_table_puts_its_numbers_right() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    super::lss::corpus(d);
    super::lss::analyze(d, "rep", &["-q"]);
    let md = std::fs::read_to_string(d.join("rep/report.md")).unwrap();
    // LSS score, documents and lexicon index had been left-aligned.
    assert!(md.contains("| outlet | LSS score |"), "an LSS table");
    numbers_right_aligned(&md, "lss");
}

#[test]
fn the_frames_heat_map_shows_the_numbers_of_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let rep = seed_report(dir.path(), &[]);
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let tables = md_tables(&md);
    let (_, _, body) = tables
        .iter()
        .find(|(head, _, _)| head.first().map(String::as_str) == Some("frame"))
        .expect("the frames table");
    // "4.1 (4)": the rate, before its count
    let table: Vec<String> = body
        .iter()
        .flat_map(|r| {
            r[1..]
                .iter()
                .map(|c| c.split(' ').next().unwrap().to_string())
        })
        .collect();
    // The heat map's cells, row by row (its labels are 14 px, its cells 13;
    // the legends' tick numbers are 13 px too, in the muted grey).
    let svg = std::fs::read_to_string(rep.join("frames.svg")).unwrap();
    let cells: Vec<String> = svg
        .split("<text ")
        .skip(1)
        .filter(|t| t.contains("font-size=\"13\"") && !t.contains("fill=\"#5F5F5F\""))
        .filter_map(|t| {
            let text = t.split_once('>')?.1.split("</text>").next()?.trim();
            text.starts_with(|c: char| c.is_ascii_digit() || c == '<')
                .then(|| text.to_string())
        })
        .collect();
    assert_eq!(cells, table, "the chart's numbers are its table's");
    // An exact zero reads "0" in both, never "0.0" beside "0.0060".
    assert!(
        table.iter().any(|c| c == "0"),
        "the seeds have a frame unused"
    );
    assert!(!table.iter().any(|c| c == "0.0"), "{table:?}");
}
