//! The document-feature matrix as notebooks read it: `dfm.mtx` (Matrix
//! Market coordinate format, read by `scipy.io.mmread` and R's
//! `Matrix::readMM`), with `dfm_rows.csv` naming its rows and
//! `dfm_terms.csv` its columns.

use std::io::Write;

use super::format::FormatError;
use crate::aggregate::dfm::Dfm;
use crate::aggregate::Aggregate;

/// `dfm.mtx`: the header, the size line and one `row column count` line per
/// stored cell, 1-based, by row then column.
pub fn write_mtx(out: &mut impl Write, dfm: &Dfm) -> std::io::Result<()> {
    writeln!(out, "%%MatrixMarket matrix coordinate integer general")?;
    writeln!(
        out,
        "% slant: documents (rows, dfm_rows.csv) by words (columns, dfm_terms.csv)"
    )?;
    writeln!(
        out,
        "{} {} {}",
        dfm.rows.len(),
        dfm.terms.len(),
        dfm.nonzero()
    )?;
    for (i, row) in dfm.rows.iter().enumerate() {
        for &(col, n) in row {
            writeln!(out, "{} {} {}", i + 1, col + 1, n)?;
        }
    }
    Ok(())
}

/// `dfm_rows.csv`: `row` (1-based, as in `dfm.mtx`), `doc_id`, `outlet`.
pub fn write_rows(out: &mut impl Write, a: &Aggregate) -> Result<(), FormatError> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["row", "doc_id", "outlet"])?;
    for (i, (d, text)) in a.docs.read()?.zip(a.texts.read()?).enumerate() {
        csv.write_record([(i + 1).to_string().as_str(), &text?.id, &d?.outlet])?;
    }
    csv.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// `dfm_terms.csv`: `column` (1-based), `term`, `documents` (how many
/// documents use it) and `count` (its total).
pub fn write_terms(out: &mut impl Write, dfm: &Dfm) -> csv::Result<()> {
    let (docs, total) = dfm.term_totals();
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["column", "term", "documents", "count"])?;
    for (j, t) in dfm.terms.iter().enumerate() {
        csv.write_record([
            (j + 1).to_string().as_str(),
            t,
            &docs[j].to_string(),
            &total[j].to_string(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_market_is_one_based_with_a_size_line() {
        let dfm = Dfm {
            terms: vec!["crimea".into(), "kyiv".into()],
            rows: vec![vec![(1, 2)], vec![], vec![(0, 1), (1, 3)]],
        };
        let mut out = Vec::new();
        write_mtx(&mut out, &dfm).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('%')).collect();
        assert!(text.starts_with("%%MatrixMarket matrix coordinate integer general\n"));
        assert_eq!(lines, ["3 2 3", "1 2 2", "3 1 1", "3 2 3"]);
        let mut terms = Vec::new();
        write_terms(&mut terms, &dfm).unwrap();
        assert_eq!(
            String::from_utf8(terms).unwrap(),
            "column,term,documents,count\n1,crimea,1,1\n2,kyiv,2,5\n"
        );
    }
}
