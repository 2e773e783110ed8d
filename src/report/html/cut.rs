//! Which rows of a long table the page keeps, and what it tells the reader
//! of the rest. A table cut in the file's order kept only the outlets
//! early in the alphabet: at 497 outlets the frames table ended at "The
//! Economist", and the largest outlet, first in the chart above it, had no
//! row on the page. So a cut keeps whole outlets in the order a reader
//! looks for them: those the chart above shows, then the rest, largest
//! first; it says how many rows are left out and which file holds them;
//! and it lists the left-out rows' names for the script, so that a filter
//! that finds them only there says so.

use std::collections::HashMap;

use crate::report::format::{Cell, Table};

/// The order in which a cut table keeps its rows: by the outlet each row
/// names.
pub(in crate::report) struct Order<'a> {
    /// The column that names a row's outlet.
    pub column: &'a str,
    /// Every outlet, in the order its rows are kept: the `charted` ones
    /// first, then the rest by size (most documents, then tokens).
    pub outlets: Vec<String>,
    /// How many of the first `outlets` the chart above the table shows.
    pub charted: usize,
    /// Where those are shown, for the note ("the chart above").
    pub shown_by: &'a str,
}

impl Order<'_> {
    /// The rank of each outlet.
    fn ranks(&self) -> HashMap<&str, usize> {
        let mut ranks = HashMap::with_capacity(self.outlets.len());
        for (i, o) in self.outlets.iter().enumerate() {
            ranks.entry(o.as_str()).or_insert(i);
        }
        ranks
    }
}

/// The rows a table keeps, and the outlets they belong to.
#[derive(Debug, PartialEq)]
pub(super) struct Kept {
    /// Row indices in the order shown.
    pub rows: Vec<usize>,
    /// Outlets with rows kept, and outlets whose rows are all left out
    /// (both 0 when the table is not cut by outlet).
    pub outlets: (usize, usize),
}

/// The text of a row's cell `at`, or "" without one.
fn text(table: &Table, row: usize, at: Option<usize>) -> String {
    at.and_then(|c| table.rows[row].get(c))
        .map_or(String::new(), Cell::to_text)
}

/// Of `candidates` (row indices in the file's order), the rows the page
/// keeps, at most `max`: all, in the file's order, when they fit; else the
/// rows of whole outlets in `order`'s order (an outlet it does not name
/// last, by name), each outlet's rows in the file's order, as many
/// outlets as fit. Should one outlet alone not fit, its first `max` rows.
/// Without an order, the first `max` rows.
pub(super) fn keep(table: &Table, candidates: &[usize], max: usize, order: Option<&Order>) -> Kept {
    if candidates.len() <= max {
        return Kept {
            rows: candidates.to_vec(),
            outlets: (0, 0),
        };
    }
    let Some(order) = order else {
        return Kept {
            rows: candidates[..max].to_vec(),
            outlets: (0, 0),
        };
    };
    let at = table.columns.iter().position(|c| c == order.column);
    let ranks = order.ranks();
    let mut keyed: Vec<(usize, String, usize)> = candidates
        .iter()
        .map(|&r| {
            let outlet = text(table, r, at);
            let rank = ranks.get(outlet.as_str()).copied().unwrap_or(usize::MAX);
            (rank, outlet, r)
        })
        .collect();
    keyed.sort();
    // (first index into `keyed`, length) of each outlet's rows
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..keyed.len() {
        match groups.last_mut() {
            Some((start, len)) if keyed[*start].1 == keyed[i].1 => *len += 1,
            _ => groups.push((i, 1)),
        }
    }
    let mut taken = 0;
    let mut whole = 0;
    for &(_, len) in &groups {
        if taken + len > max {
            break;
        }
        taken += len;
        whole += 1;
    }
    // One outlet with more rows than fit: its first rows rather than none.
    let (taken, whole) = if whole == 0 { (max, 1) } else { (taken, whole) };
    Kept {
        rows: keyed[..taken].iter().map(|k| k.2).collect(),
        outlets: (whole, groups.len() - whole),
    }
}

/// The note beside a table cut by [`keep`]: how many of `candidates` rows
/// are shown and in which order, how many are left out, and that `file`
/// holds them. `what` names the candidate rows when they are not all of
/// the file's ("rows with a match").
pub(super) fn note(
    kept: &Kept,
    candidates: usize,
    what: Option<&str>,
    order: Option<&Order>,
    file: &str,
) -> String {
    let of = match what {
        Some(w) => format!("Of the {candidates} {w}, {} are shown", kept.rows.len()),
        None => format!("{} of {candidates} rows are shown", kept.rows.len()),
    };
    let left = candidates - kept.rows.len();
    match (order, kept.outlets) {
        (Some(o), (shown, cut)) if shown > 0 => {
            let first = match o.charted.min(shown) {
                0 => String::new(),
                n => format!("the {n} shown in {}, then ", o.shown_by),
            };
            format!(
                "{of}: the rows of {shown} outlets, {first}the largest (most documents, then \
                 tokens), in that order. The {left} rows of the other {cut} outlets are only in \
                 <code>{file}</code>."
            )
        }
        _ => format!(
            "{of}, the first in the order of <code>{file}</code>; the other {left} are only \
             there."
        ),
    }
}

/// The text cells of the rows of `table` that the page leaves out (those
/// not in `shown`), for the script: `{"v": [distinct texts], "r": [[index
/// into v of each text cell], ...]}`, a row's texts listed once each. A
/// filter matches a row by its text, and names are what a reader filters
/// by; numbers are left out, which keeps this a small part of the page
/// (at 497 outlets, 6,449 left-out rows of `frames.csv` take 60 kB).
pub(super) fn left_out_texts(table: &Table, shown: &[usize]) -> String {
    let mut on_page = vec![false; table.rows.len()];
    for &r in shown {
        on_page[r] = true;
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut values: Vec<&str> = Vec::new();
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for (row, _) in table.rows.iter().zip(&on_page).filter(|(_, &on)| !on) {
        let mut ids: Vec<usize> = Vec::new();
        for cell in row {
            if let Cell::Text(s) = cell {
                let next = values.len();
                let id = *index.entry(s.as_str()).or_insert(next);
                if id == next {
                    values.push(s.as_str());
                }
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        rows.push(ids);
    }
    let json = serde_json::json!({ "v": values, "r": rows });
    json.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of (outlet, frame, count) rows: outlets `a` (3 rows), `b`
    /// (2), `c` (2), `d` (1), in that (the file's) order.
    fn table() -> Table {
        let rows = [("a", 3), ("b", 2), ("c", 2), ("d", 1)]
            .iter()
            .flat_map(|&(o, n)| {
                (0..n).map(move |f| {
                    vec![
                        Cell::Text(o.into()),
                        Cell::Text(format!("f{f}")),
                        Cell::Int(f),
                    ]
                })
            })
            .collect();
        Table {
            columns: vec!["outlet".into(), "frame".into(), "count".into()],
            rows,
        }
    }

    fn order(outlets: &[&str], charted: usize) -> Order<'static> {
        Order {
            column: "outlet",
            outlets: outlets.iter().map(|s| s.to_string()).collect(),
            charted,
            shown_by: "the chart above",
        }
    }

    #[test]
    fn a_cut_keeps_whole_outlets_in_the_order_given() {
        let t = table();
        let all: Vec<usize> = (0..t.rows.len()).collect();
        // by size c, d, a, b: c (rows 5, 6) and d (row 7) fit in 4 rows,
        // a's 3 rows do not, so b is not reached either
        let o = order(&["c", "d", "a", "b"], 1);
        let kept = keep(&t, &all, 4, Some(&o));
        assert_eq!(kept.rows, [5, 6, 7]);
        assert_eq!(kept.outlets, (2, 2));
        let n = note(&kept, all.len(), None, Some(&o), "t.csv");
        assert_eq!(
            n,
            "3 of 8 rows are shown: the rows of 2 outlets, the 1 shown in the chart above, \
             then the largest (most documents, then tokens), in that order. The 5 rows of the \
             other 2 outlets are only in <code>t.csv</code>."
        );
        // all fit: the file's order
        assert_eq!(keep(&t, &all, 8, Some(&o)).rows, all);
        // an outlet the order does not name comes last
        let kept = keep(&t, &all, 5, Some(&order(&["d", "b"], 0)));
        assert_eq!(kept.rows, [7, 3, 4]);
        // one outlet larger than the cap: its first rows
        let kept = keep(&t, &all, 2, Some(&order(&["a"], 1)));
        assert_eq!(kept.rows, [0, 1]);
        assert_eq!(kept.outlets, (1, 3));
        // no order: the first rows
        assert_eq!(keep(&t, &all, 2, None).rows, [0, 1]);
    }

    #[test]
    fn left_out_rows_list_their_names_once() {
        let t = table();
        let json = left_out_texts(&t, &[0, 1, 2, 5, 6, 7]);
        // rows 3 and 4 (outlet b, frames f0 and f1) are left out
        assert_eq!(json, r#"{"v":["b","f0","f1"],"r":[[0,1],[0,2]]}"#);
        assert_eq!(
            left_out_texts(&t, &(0..8).collect::<Vec<_>>()),
            r#"{"v":[],"r":[]}"#
        );
    }
}
