//! The tables that grow with the corpus, each written on its own: with two
//! threads or more they are written side by side, so that the end of a run
//! does not wait on one thread writing them one after the other.

use super::{
    counts, documents, duplicates, sentences, sink, skipped, Cell, Csv, Format, Report,
    ReportError, SentenceText, Table, TableList,
};
use crate::output::Staging;

/// The tables one part wrote, with their rows.
type Part = Result<TableList, ReportError>;

impl Report<'_> {
    /// The tables that grow with the corpus, gzipped with `--gzip`:
    /// documents, their counts, the cited sentences, the dfm; and
    /// `duplicates.csv` and `skipped.csv`. Each file is written by one
    /// part whatever the number of threads, so its bytes are the same; the
    /// list returned is ordered by name. An error is the one the first
    /// failing part in this order met.
    pub(super) fn write_large(&self, staging: &Staging) -> Part {
        let ((docs, copies), (counted, rest)) = rayon::join(
            || {
                rayon::join(
                    || self.write_documents(staging),
                    || self.write_repeated(staging),
                )
            },
            || {
                rayon::join(
                    || self.write_counts(staging),
                    || self.write_sentences_dfm(staging),
                )
            },
        );
        let mut tables = docs?;
        for part in [copies, counted, rest] {
            tables.extend(part?);
        }
        Ok(tables)
    }

    /// A large table's file name and its sink.
    fn large_sink(
        &self,
        staging: &Staging,
        stem: &str,
    ) -> Result<(String, sink::Sink), ReportError> {
        let o = self.outputs();
        let name = o.table_name(stem);
        let sink = sink::Sink::create(&staging.path().join(&name), o.gzip)?;
        Ok((name, sink))
    }

    /// `documents.csv`.
    fn write_documents(&self, staging: &Staging) -> Part {
        let mut tables = TableList::new();
        let (name, mut out) = self.large_sink(staging, "documents")?;
        let rows = documents::write(
            &mut out,
            self.set,
            self.aggregate,
            self.model(),
            &self.meta.options,
        )?;
        out.finish()?;
        tables.insert(name, rows);
        Ok(tables)
    }

    /// `duplicates.csv` and `skipped.csv`, each when not empty.
    fn write_repeated(&self, staging: &Staging) -> Part {
        let mut tables = TableList::new();
        duplicates::write(staging, &self.aggregate.repeats.duplicates, &mut tables)?;
        skipped::write_csv(staging, self.skipped, &mut tables)?;
        Ok(tables)
    }

    /// `document_counts.csv`.
    fn write_counts(&self, staging: &Staging) -> Part {
        let mut tables = TableList::new();
        let (name, mut out) = self.large_sink(staging, "document_counts")?;
        let rows = counts::write(&mut out, self.set, self.aggregate)?;
        out.finish()?;
        tables.insert(name, rows);
        Ok(tables)
    }

    /// The cited sentences' table and the dfm's files, when asked for.
    fn write_sentences_dfm(&self, staging: &Staging) -> Part {
        let mut tables = TableList::new();
        let o = self.outputs();
        if o.sentences == SentenceText::Cited {
            let rows = sentences::cited(self.aggregate, self.comparison())?;
            let table = Table {
                columns: sentences::TEXT_COLUMNS.map(String::from).to_vec(),
                rows: rows
                    .into_iter()
                    .map(|r| r.map(Cell::Text).to_vec())
                    .collect(),
            };
            let name = o.table_name("sentences");
            sink::Sink::write_all_to(&staging.path().join(&name), o.gzip, &Csv.render(&table)?)?;
            tables.insert(name, table.rows.len() as u64);
        }
        if let Some(d) = &self.aggregate.dfm {
            self.write_dfm(staging, d, &mut tables)?;
        }
        Ok(tables)
    }
}
