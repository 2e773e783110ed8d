//! A table of the report as an HTML table that sorts and filters: the same
//! [`Table`] that is written as CSV, cell for cell, so that every number
//! on the page is a number of the CSV.

use std::fmt::Write;

use super::esc;
use crate::report::format::{Cell, Table};
use crate::scores::Flag;

/// Rows of one table on the page, at most. The CSV holds every row; past
/// this the page would grow with the corpus (at 500 outlets the frames and
/// keyness tables run to tens of thousands of rows), so it shows the first
/// rows in the CSV's order and says where the rest are. At about 350 bytes
/// a row, a table stays under a megabyte.
pub(super) const MAX_ROWS: usize = 2_000;

/// Rows of the keyness table, at most: a share for every outlet, the first
/// terms of each (see [`render_shared`]).
pub(super) const MAX_KEYNESS_ROWS: usize = 500;

/// Rows of the outlets table, at most: every outlet on every axis up to
/// 1,600 outlets on three axes (its rows are wider, about 1 kB).
pub(super) const MAX_OUTLET_ROWS: usize = 5_000;

const FLAGS: [Flag; 4] = [
    Flag::FewDocuments,
    Flag::FewMatches,
    Flag::NoMatches,
    Flag::SentenceBootstrap,
];

/// What a flag or standing named `name` means, for a title on hover.
pub(super) fn flag_meaning(name: &str) -> Option<&'static str> {
    if name == "ranked" {
        return Some("enough documents and pole matches to be ranked");
    }
    FLAGS
        .iter()
        .find(|f| f.as_str() == name)
        .map(|f| f.meaning())
}

/// A number as shown: the report's rule for a cell
/// ([`cell_number`](crate::report::charts::cell_number)) with three
/// decimals, one from 1,000 up ("0" when exactly zero, two significant
/// digits when small), with the minus sign a filter types; the exact value
/// stays in the cell's `data-v`.
fn shown(x: f64) -> String {
    let decimals = if x.abs() >= 1000.0 { 1 } else { 3 };
    crate::report::charts::cell_number(x, decimals).replace('\u{2212}', "-")
}

fn cell(out: &mut String, column: &str, c: &Cell) {
    match c {
        Cell::Empty => out.push_str("<td></td>"),
        Cell::Int(i) => {
            let _ = write!(out, "<td class=\"n\">{i}</td>");
        }
        Cell::Float(f) if f.is_finite() => {
            let _ = write!(out, "<td data-v=\"{}\">{}</td>", c.to_text(), shown(*f));
        }
        Cell::Float(_) => out.push_str("<td></td>"),
        Cell::Text(s) => {
            // A flag column that is set, or a standing, explains itself on
            // hover.
            let meaning = match (column, s.as_str()) {
                ("status", v) => flag_meaning(v),
                (col, "true") => flag_meaning(col),
                _ => None,
            };
            match meaning {
                Some(m) => {
                    // Only a warning is marked as one.
                    let class = if s == "ranked" { "" } else { " class=\"flag\"" };
                    let _ = write!(out, "<td{class} title=\"{}\">{}</td>", esc(m), esc(s));
                }
                None => {
                    let _ = write!(out, "<td>{}</td>", esc(s));
                }
            }
        }
    }
}

/// Writes `table` (the rows of `file`) as a sortable, filterable table
/// with id `id`, the first `max_rows` rows.
pub(super) fn render(out: &mut String, id: &str, file: &str, table: &Table, max_rows: usize) {
    let rows: Vec<usize> = (0..table.rows.len().min(max_rows)).collect();
    let note = (table.rows.len() > max_rows).then(|| {
        format!(
            "The first {max_rows} of {} rows, in the order of <code>{}</code>, which holds them all.",
            table.rows.len(),
            esc(file)
        )
    });
    render_rows(out, id, file, table, &rows, note);
}

/// Like [`render`], leaving out the rows whose `column` is 0 (a frame an
/// outlet never used: more than half the rows of `frames.csv` on real
/// corpora), and saying so.
pub(super) fn render_nonzero(
    out: &mut String,
    (id, file): (&str, &str),
    table: &Table,
    column: &str,
    max_rows: usize,
) {
    let at = table.columns.iter().position(|c| c == column);
    let kept: Vec<usize> = (0..table.rows.len())
        .filter(|&r| at.is_none_or(|c| !matches!(table.rows[r][c], Cell::Int(0))))
        .collect();
    let left_out = table.rows.len() - kept.len();
    let rows: Vec<usize> = kept.iter().copied().take(max_rows).collect();
    let mut note = Vec::new();
    if left_out > 0 {
        note.push(format!("{left_out} rows with no match are left out here."));
    }
    if kept.len() > max_rows {
        note.push(format!(
            "The first {max_rows} of the {} rows with a match are shown, in the file's order.",
            kept.len()
        ));
    }
    let note = (!note.is_empty()).then(|| {
        format!(
            "{} <code>{}</code> holds all {} rows.",
            note.join(" "),
            esc(file),
            table.rows.len()
        )
    });
    render_rows(out, id, file, table, &rows, note);
}

/// Like [`render`], but when the rows do not fit, each group of rows with
/// the same first cell (an outlet's terms in `keyness.csv`, which lists
/// them together, strongest first) keeps its first `k` rows, `k` as large
/// as fits `max_rows`: every outlet has its share, where the first rows
/// alone would show only the outlets early in the alphabet.
pub(super) fn render_shared(
    out: &mut String,
    id: &str,
    file: &str,
    table: &Table,
    max_rows: usize,
) {
    let (rows, k) = shared_rows(table, max_rows);
    let note = k.map(|k| {
        format!(
            "The first {k} rows of each <code>{}</code> ({} of {} rows); <code>{}</code> holds them all.",
            esc(table.columns.first().map_or("", String::as_str)),
            rows.len(),
            table.rows.len(),
            esc(file)
        )
    });
    render_rows(out, id, file, table, &rows, note);
}

/// The rows [`render_shared`] shows, and the share `k` of each group when
/// not all fit (with more groups than `max_rows`, the first rows).
pub(super) fn shared_rows(table: &Table, max_rows: usize) -> (Vec<usize>, Option<usize>) {
    let n = table.rows.len();
    if n <= max_rows {
        return ((0..n).collect(), None);
    }
    let key = |i: usize| table.rows[i].first().map(Cell::to_text);
    // (start, length) of each run of rows with the same first cell
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        match groups.last_mut() {
            Some((start, len)) if key(*start) == key(i) => *len += 1,
            _ => groups.push((i, 1)),
        }
    }
    let fits = |k: usize| groups.iter().map(|g| g.1.min(k)).sum::<usize>() <= max_rows;
    let mut k = 0;
    while fits(k + 1) {
        k += 1;
    }
    if k == 0 {
        return ((0..max_rows).collect(), Some(0));
    }
    let rows = groups
        .iter()
        .flat_map(|&(start, len)| start..start + len.min(k))
        .collect();
    (rows, Some(k))
}

/// Whether column `j` of the rows `rows` holds numbers, which its cells
/// show on the right: some number, and no text.
fn numeric(table: &Table, rows: &[usize], j: usize) -> bool {
    let cells = || rows.iter().filter_map(|&i| table.rows[i].get(j));
    let number =
        |c: &Cell| matches!(c, Cell::Int(_)) || matches!(c, Cell::Float(f) if f.is_finite());
    cells().any(number) && !cells().any(|c| matches!(c, Cell::Text(_)))
}

/// Writes the rows `rows` of `table`, with a note on what was left out.
fn render_rows(
    out: &mut String,
    id: &str,
    file: &str,
    table: &Table,
    rows: &[usize],
    note: Option<String>,
) {
    let n = table.rows.len();
    let _ = writeln!(
        out,
        "<p class=\"tools\"><input type=\"search\" id=\"{id}-filter\" placeholder=\"Filter rows\" \
         aria-label=\"Filter the rows of {file}\"><span class=\"count\" id=\"{id}-count\">{n} rows.</span> \
         <span class=\"note\">Click a column to sort. All rows: <a href=\"{file}\">{file}</a>.</span></p>",
        file = esc(file)
    );
    if let Some(note) = note {
        let _ = writeln!(out, "<p class=\"note\">{note}</p>");
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"data\" id=\"{id}\" data-file=\"{}\" data-rows=\"{n}\">\n<thead><tr>",
        esc(file)
    );
    for (j, c) in table.columns.iter().enumerate() {
        // A column of numbers is headed on the right, over its cells.
        let class = match numeric(table, rows, j) {
            true => " class=\"n\"",
            false => "",
        };
        match flag_meaning(c) {
            Some(m) => {
                let _ = write!(out, "<th{class} title=\"{}\">{}</th>", esc(m), esc(c));
            }
            None => {
                let _ = write!(out, "<th{class}>{}</th>", esc(c));
            }
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows.iter().map(|&i| &table.rows[i]) {
        out.push_str("<tr>");
        for (c, column) in row.iter().zip(&table.columns) {
            cell(out, column, c);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_cut_keeps_the_first_rows_of_every_group() {
        // three outlets with 5, 1 and 4 terms, at most 6 rows: k = 2 fits
        // (2 + 1 + 2 = 5), k = 3 does not (3 + 1 + 3 = 7)
        let rows = [("A", 5), ("B", 1), ("C", 4)]
            .iter()
            .flat_map(|&(o, n)| (0..n).map(move |t| vec![Cell::Text(o.into()), Cell::Int(t)]))
            .collect();
        let table = Table {
            columns: vec!["target".into(), "rank".into()],
            rows,
        };
        let (rows, k) = shared_rows(&table, 6);
        assert_eq!(k, Some(2));
        assert_eq!(rows, [0, 1, 5, 6, 7]);
        assert_eq!(shared_rows(&table, 10), ((0..10).collect(), None));
        let mut out = String::new();
        render_shared(&mut out, "t", "t.csv", &table, 6);
        assert!(out.contains("The first 2 rows of each <code>target</code> (5 of 10 rows)"));
        assert_eq!(out.matches("<tr>").count(), 6, "header and five rows");
    }

    #[test]
    fn cells_keep_the_exact_value_and_escape_text() {
        let table = Table {
            columns: vec!["outlet".into(), "score".into(), "few_matches".into()],
            rows: vec![vec![
                Cell::Text("<b>\"RT\"</b>".into()),
                Cell::Float(-0.123456789),
                Cell::Text("true".into()),
            ]],
        };
        let mut out = String::new();
        render(&mut out, "t", "t.csv", &table, MAX_ROWS);
        assert!(
            out.contains("<td>&lt;b&gt;&quot;RT&quot;&lt;/b&gt;</td>"),
            "{out}"
        );
        assert!(out.contains("data-v=\"-0.123456789\">-0.123</td>"), "{out}");
        let meaning = Flag::FewMatches.meaning();
        assert!(
            out.contains(&format!("title=\"{meaning}\">true</td>")),
            "{out}"
        );
        assert!(out.contains(&format!("<th title=\"{meaning}\">few_matches</th>")));
    }

    #[test]
    fn a_long_table_is_cut_with_a_note() {
        let table = Table {
            columns: vec!["n".into()],
            rows: (0..MAX_ROWS as i64 + 3)
                .map(|i| vec![Cell::Int(i)])
                .collect(),
        };
        let mut out = String::new();
        render(&mut out, "t", "t.csv", &table, MAX_ROWS);
        assert_eq!(out.matches("<tr>").count(), MAX_ROWS + 1, "header and rows");
        assert!(out.contains(&format!("The first {MAX_ROWS} of {} rows", MAX_ROWS + 3)));
    }

    #[test]
    fn small_numbers_keep_their_digits() {
        assert_eq!(shown(0.000012345), "0.000012");
        assert_eq!(shown(0.0060), "0.0060");
        assert_eq!(shown(-0.5), "-0.500");
        assert_eq!(shown(12345.678), "12345.7");
        assert_eq!(shown(0.0), "0");
    }
}
