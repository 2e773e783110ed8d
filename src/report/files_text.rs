//! The "Files" section of `report.md`: every table the run wrote, linked,
//! with its rows, so the report's links follow `--gzip` and the options.

use std::fmt::Write;

use super::sink::TableList;

/// Appends the section listing `tables`.
pub(super) fn section(md: &mut String, tables: &TableList) {
    let _ = writeln!(md, "## Files\n");
    let _ = writeln!(
        md,
        "The tables of this run (rows, header not counted; for `dfm.mtx`, stored cells). \
         `results.json` lists them too, under `tables`, with the run's options and summaries.\n"
    );
    let _ = writeln!(md, "| file | rows |\n|---|---:|");
    for (name, rows) in tables {
        let _ = writeln!(md, "| [`{name}`]({name}) | {rows} |");
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_linked_with_its_rows() {
        let tables: TableList = [
            ("matches.csv.gz".to_string(), 12),
            ("outlets.csv".into(), 3),
        ]
        .into_iter()
        .collect();
        let mut md = String::new();
        section(&mut md, &tables);
        assert!(
            md.contains("| [`matches.csv.gz`](matches.csv.gz) | 12 |"),
            "{md}"
        );
        assert!(md.contains("| [`outlets.csv`](outlets.csv) | 3 |"), "{md}");
    }
}
