//! A table of the report as an HTML table that sorts and filters: the same
//! [`Table`] that is written as CSV, cell for cell, so that every number
//! on the page is a number of the CSV.

use std::fmt::Write;

use super::cut::{self, Order};
use super::esc;
use crate::report::format::{Cell, Table};
use crate::scores::Flag;

/// Rows of one table on the page, at most. The CSV holds every row; past
/// this the page would grow with the corpus (at 500 outlets the frames and
/// keyness tables run to tens of thousands of rows), so it shows the rows
/// of the outlets a reader looks for first ([`cut::keep`]) and says where
/// the rest are. At about 350 bytes a row, a table stays under a megabyte.
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
/// with id `id`: every row when they fit in `max_rows`, else those
/// [`cut::keep`] keeps, with a note saying so.
pub(super) fn render(
    out: &mut String,
    id: &str,
    file: &str,
    table: &Table,
    max_rows: usize,
    order: Option<&Order>,
) {
    let all: Vec<usize> = (0..table.rows.len()).collect();
    let kept = cut::keep(table, &all, max_rows, order);
    let note =
        (kept.rows.len() < all.len()).then(|| cut::note(&kept, all.len(), None, order, &esc(file)));
    render_rows(out, (id, file), table, &kept.rows, note, Search::Names);
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
    order: Option<&Order>,
) {
    let at = table.columns.iter().position(|c| c == column);
    let nonzero: Vec<usize> = (0..table.rows.len())
        .filter(|&r| at.is_none_or(|c| !matches!(table.rows[r][c], Cell::Int(0))))
        .collect();
    let left_out = table.rows.len() - nonzero.len();
    let kept = cut::keep(table, &nonzero, max_rows, order);
    let mut note = Vec::new();
    if left_out > 0 {
        note.push(format!("{left_out} rows with no match are left out here."));
    }
    if kept.rows.len() < nonzero.len() {
        let what = Some("rows with a match");
        note.push(cut::note(&kept, nonzero.len(), what, order, &esc(file)));
    }
    let note = (!note.is_empty()).then(|| {
        format!(
            "{} <code>{}</code> holds all {} rows.",
            note.join(" "),
            esc(file),
            table.rows.len()
        )
    });
    render_rows(out, (id, file), table, &kept.rows, note, Search::Names);
}

/// Like [`render`], but when the rows do not fit, each group of rows with
/// the same first cell (an outlet's terms in `keyness.csv`, which lists
/// them together, strongest first) keeps its first `k` rows, `k` as large
/// as fits `max_rows`: every outlet has its share, where the first rows
/// alone would show only the outlets early in the alphabet. With more
/// groups than rows, the first row of as many groups as fit, in `order`.
pub(super) fn render_shared(
    out: &mut String,
    id: &str,
    file: &str,
    table: &Table,
    max_rows: usize,
    order: Option<&Order>,
) {
    let (rows, k) = shared_rows(table, max_rows, order);
    let first = esc(table.columns.first().map_or("", String::as_str));
    let in_order = match order {
        Some(o) if o.charted > 0 => {
            format!(", those shown in {} first, then the largest", o.shown_by)
        }
        Some(_) => ", the largest first".to_string(),
        None => String::new(),
    };
    let note = k.map(|k| match k {
        // More groups than rows: one row of as many as fit.
        0 => format!(
            "The first row of {} of the {} values of <code>{first}</code>{in_order} ({} of {} \
             rows); <code>{}</code> holds them all.",
            rows.len(),
            groups(table).len(),
            rows.len(),
            table.rows.len(),
            esc(file)
        ),
        1 => format!(
            "The first row of each <code>{first}</code> ({} of {} rows); <code>{}</code> \
             holds them all.",
            rows.len(),
            table.rows.len(),
            esc(file)
        ),
        k => format!(
            "The first {k} rows of each <code>{first}</code> ({} of {} rows); <code>{}</code> \
             holds them all.",
            rows.len(),
            table.rows.len(),
            esc(file)
        ),
    });
    // The rows left out are most of the file (the terms of every outlet):
    // listing them for the filter would double the page.
    render_rows(out, (id, file), table, &rows, note, Search::Not);
}

/// (start, length) of each run of rows of `table` with the same first
/// cell.
fn groups(table: &Table) -> Vec<(usize, usize)> {
    let key = |i: usize| table.rows[i].first().map(Cell::to_text);
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..table.rows.len() {
        match groups.last_mut() {
            Some((start, len)) if key(*start) == key(i) => *len += 1,
            _ => groups.push((i, 1)),
        }
    }
    groups
}

/// The rows [`render_shared`] shows, and the share `k` of each group when
/// not all fit (0 with more groups than `max_rows`: then the first row of
/// as many groups as fit, in `order` of their first cell, else in the
/// file's order).
pub(super) fn shared_rows(
    table: &Table,
    max_rows: usize,
    order: Option<&Order>,
) -> (Vec<usize>, Option<usize>) {
    let n = table.rows.len();
    if n <= max_rows {
        return ((0..n).collect(), None);
    }
    let groups = groups(table);
    let fits = |k: usize| groups.iter().map(|g| g.1.min(k)).sum::<usize>() <= max_rows;
    let mut k = 0;
    while fits(k + 1) {
        k += 1;
    }
    if k == 0 {
        // The first row of each group, cut as a table of outlets is.
        let firsts: Vec<usize> = groups.iter().map(|g| g.0).collect();
        let first_column = table.columns.first().map_or("", String::as_str);
        let by_first = order.map(|o| Order {
            column: first_column,
            outlets: o.outlets.clone(),
            charted: o.charted,
            shown_by: o.shown_by,
        });
        let kept = cut::keep(table, &firsts, max_rows, by_first.as_ref());
        return (kept.rows, Some(0));
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

/// Whether the script can tell a filter's matches among the rows a table
/// leaves out.
#[derive(Clone, Copy, PartialEq)]
enum Search {
    /// By their text cells (names), listed on the table.
    Names,
    /// Not at all: the filter says the left-out rows are not searched.
    Not,
}

/// Writes the rows `rows` of `table`, with a note on what was left out.
/// A table that leaves rows out says how many (`data-left-out`), and with
/// [`Search::Names`] lists their names (`data-cut`, [`cut::left_out_texts`]),
/// so that the count beside the filter can say how many rows the filter
/// would find in `file` that are not on the page.
fn render_rows(
    out: &mut String,
    (id, file): (&str, &str),
    table: &Table,
    rows: &[usize],
    note: Option<String>,
    search: Search,
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
        let _ = writeln!(out, "<p class=\"note\" id=\"{id}-cut\">{note}</p>");
    }
    let left_out = n - rows.len();
    let cut = match (left_out, search) {
        (0, _) => String::new(),
        (_, Search::Names) => format!(
            " data-left-out=\"{left_out}\" data-cut=\"{}\"",
            esc(&cut::left_out_texts(table, rows))
        ),
        (_, Search::Not) => format!(" data-left-out=\"{left_out}\""),
    };
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"data\" id=\"{id}\" data-file=\"{}\" data-rows=\"{n}\"{cut}>\n<thead><tr>",
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
        let (rows, k) = shared_rows(&table, 6, None);
        assert_eq!(k, Some(2));
        assert_eq!(rows, [0, 1, 5, 6, 7]);
        assert_eq!(shared_rows(&table, 10, None), ((0..10).collect(), None));
        let mut out = String::new();
        render_shared(&mut out, "t", "t.csv", &table, 6, None);
        assert!(out.contains("The first 2 rows of each <code>target</code> (5 of 10 rows)"));
        assert_eq!(out.matches("<tr>").count(), 6, "header and five rows");
    }

    #[test]
    fn with_more_groups_than_rows_the_largest_groups_keep_their_first_row() {
        // four outlets of two rows each, at most 3 rows: k = 1 does not
        // fit (4 rows), so the first row of the first 3 outlets by size
        let rows = ["A", "B", "C", "D"]
            .iter()
            .flat_map(|&o| (0..2).map(move |t| vec![Cell::Text(o.into()), Cell::Int(t)]))
            .collect();
        let table = Table {
            columns: vec!["target".into(), "rank".into()],
            rows,
        };
        let order = Order {
            column: "outlet",
            outlets: ["D", "B", "A", "C"].map(String::from).to_vec(),
            charted: 1,
            shown_by: "the charts above",
        };
        let (rows, k) = shared_rows(&table, 3, Some(&order));
        assert_eq!(k, Some(0));
        assert_eq!(rows, [6, 2, 0], "D, B, A: their first rows");
        let mut out = String::new();
        render_shared(&mut out, "t", "t.csv", &table, 3, Some(&order));
        assert!(out.contains(
            "The first row of 3 of the 4 values of <code>target</code>, those shown in the charts \
             above first, then the largest (3 of 8 rows); <code>t.csv</code> holds them all."
        ));
        assert!(out.contains("data-left-out=\"5\""), "{out}");
        assert!(
            !out.contains("data-cut="),
            "terms are not listed for the filter"
        );
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
        render(&mut out, "t", "t.csv", &table, MAX_ROWS, None);
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
        render(&mut out, "t", "t.csv", &table, MAX_ROWS, None);
        assert_eq!(out.matches("<tr>").count(), MAX_ROWS + 1, "header and rows");
        assert!(out.contains(&format!(
            "{MAX_ROWS} of {} rows are shown, the first in the order of <code>t.csv</code>; \
             the other 3 are only there.",
            MAX_ROWS + 3
        )));
        assert!(out.contains("data-left-out=\"3\""));
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
