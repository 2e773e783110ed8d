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

/// A number as shown: three decimals, or three significant digits when
/// small; the exact value stays in the cell's `data-v`.
fn shown(x: f64) -> String {
    if x != 0.0 && x.abs() < 0.001 {
        format!("{x:.2e}")
    } else if x.abs() >= 1000.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

fn cell(out: &mut String, column: &str, c: &Cell) {
    match c {
        Cell::Empty => out.push_str("<td></td>"),
        Cell::Int(i) => {
            let _ = write!(out, "<td class=\"n\">{i}</td>");
        }
        Cell::Float(f) if f.is_finite() => {
            let _ = write!(
                out,
                "<td class=\"n\" data-v=\"{}\">{}</td>",
                c.to_text(),
                shown(*f)
            );
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
    let n = table.rows.len();
    let _ = writeln!(
        out,
        "<p class=\"tools\"><input type=\"search\" id=\"{id}-filter\" placeholder=\"Filter rows\" \
         aria-label=\"Filter the rows of {file}\"><span class=\"count\" id=\"{id}-count\">{n} rows.</span> \
         <span class=\"note\">Click a column to sort. All rows: <a href=\"{file}\">{file}</a>.</span></p>",
        file = esc(file)
    );
    if n > max_rows {
        let _ = writeln!(
            out,
            "<p class=\"note\">The first {max_rows} of {n} rows, in the order of <code>{}</code>, \
             which holds them all.</p>",
            esc(file)
        );
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"data\" id=\"{id}\" data-file=\"{}\" data-rows=\"{n}\">\n<thead><tr>",
        esc(file)
    );
    for c in &table.columns {
        match flag_meaning(c) {
            Some(m) => {
                let _ = write!(out, "<th title=\"{}\">{}</th>", esc(m), esc(c));
            }
            None => {
                let _ = write!(out, "<th>{}</th>", esc(c));
            }
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in table.rows.iter().take(max_rows) {
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
        assert_eq!(shown(0.000012345), "1.23e-5");
        assert_eq!(shown(12345.678), "12345.7");
        assert_eq!(shown(0.0), "0.000");
    }
}
