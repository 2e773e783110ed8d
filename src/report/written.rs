//! The tables of a report, written by [`Report::write`] beside the charts
//! being drawn: outlets and the small tables, the large tables that grow
//! with the corpus (gzipped with `--gzip`), LSS's and the comparison's.

use super::{
    compare, counts, dfm, documents, entries, lss, model, sentences, sink, Cell, Csv, Format, FormatError,
    Report, ReportError, SentenceText, Table, TableList,
};
use crate::output::Staging;

/// The tables [`Report::write`] wrote, and those the page shows again.
pub(super) struct Written {
    /// Every table written, with its rows.
    pub tables: TableList,
    pub outlets: Table,
    pub frames: Table,
    pub variants: Table,
    pub lss_tables: Option<(Table, Table)>,
}

impl Report<'_> {
    /// Every table: outlets, the small tables, the large ones, LSS's and
    /// the comparison's.
    pub(super) fn write_tables(&self, staging: &Staging) -> Result<Written, ReportError> {
        let mut tables = self.streamed.clone();
        let mut put = |name: String, table: &Table| -> Result<(), ReportError> {
            staging.write(&name, &Csv.render(table)?)?;
            tables.insert(name, table.rows.len() as u64);
            Ok(())
        };
        let t = self.tables();
        let outlets = model::outlets_csv(t, self.model())?;
        put("outlets.csv".into(), &outlets)?;
        let (frames, variants) = self.put_tables(&mut put)?;
        self.write_large(staging, &mut tables)?;
        let lss_tables = match self.lss {
            Some(v) => Some(lss::write_tables(staging, self.outputs(), v, &mut tables)?),
            None => None,
        };
        if let Some(c) = self.comparison() {
            compare::write(staging, c, &mut tables).map_err(|e| match e {
                compare::CompareReportError::Format(f) => ReportError::Format(f),
                compare::CompareReportError::Output(o) => ReportError::Output(o),
            })?;
        }
        Ok(Written {
            tables,
            outlets,
            frames,
            variants,
            lss_tables,
        })
    }

    /// The tables other than outlets and the large ones, each through
    /// `put`; returns frames and variants, which the page shows too.
    fn put_tables(
        &self,
        put: &mut impl FnMut(String, &Table) -> Result<(), ReportError>,
    ) -> Result<(Table, Table), ReportError> {
        let t = self.tables();
        if let Some(m) = self.model() {
            put(
                "model_features.csv".into(),
                &Table::from_rows(&model::feature_rows(m))?,
            )?;
            put(
                "validation.csv".into(),
                &Table::from_rows(&model::validation_rows(&m.scores.model))?,
            )?;
            let held_out = model::held_out_rows(&m.scores.model);
            if !held_out.is_empty() {
                put(
                    "validation_outlets.csv".into(),
                    &Table::from_rows(&held_out)?,
                )?;
            }
        }
        let frames = Table::from_rows(&t.frames)?;
        put("frames.csv".into(), &frames)?;
        // An outlet that never named a slot has no share to give: rows of
        // zeros for every variant would be most of the table at 100 outlets.
        let named: Vec<&crate::scores::tables::VariantRow> =
            t.variants.iter().filter(|v| v.share.is_some()).collect();
        let variants = Table::from_rows(&named)?;
        put("variants.csv".into(), &variants)?;
        put(
            "entries.csv".into(),
            &Table::from_rows(&entries::rows(self.set))?,
        )?;
        if !self.skipped.is_empty() {
            put("skipped.csv".into(), &Table::from_rows(self.skipped)?)?;
        }
        let repeats = &self.aggregate.repeats;
        if !repeats.boilerplate.is_empty() {
            put(
                "boilerplate.csv".into(),
                &Table::from_rows(&repeats.boilerplate)?,
            )?;
        }
        if !repeats.duplicates.is_empty() {
            put(
                "duplicates.csv".into(),
                &Table::from_rows(&repeats.duplicates)?,
            )?;
        }
        Ok((frames, variants))
    }

    /// The tables that grow with the corpus, gzipped with `--gzip`:
    /// documents, their counts, the cited sentences, the dfm.
    fn write_large(&self, staging: &Staging, tables: &mut TableList) -> Result<(), ReportError> {
        let o = self.outputs();
        let create = |stem: &str| -> Result<(String, sink::Sink), ReportError> {
            let name = o.table_name(stem);
            let sink = sink::Sink::create(&staging.path().join(&name), o.gzip)?;
            Ok((name, sink))
        };
        let (name, mut out) = create("documents")?;
        let rows = documents::write(
            &mut out,
            self.set,
            self.aggregate,
            self.model(),
            &self.meta.options,
        )?;
        out.finish()?;
        tables.insert(name, rows);
        let (name, mut out) = create("document_counts")?;
        let rows = counts::write(&mut out, self.set, self.aggregate)?;
        out.finish()?;
        tables.insert(name, rows);
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
            self.write_dfm(staging, d, tables)?;
        }
        Ok(())
    }

    fn write_dfm(
        &self,
        staging: &Staging,
        d: &crate::aggregate::dfm::Dfm,
        tables: &mut TableList,
    ) -> Result<(), ReportError> {
        let o = self.outputs();
        let create = |name: &str| sink::Sink::create(&staging.path().join(name), o.gzip);
        let mtx = o.large_name("dfm.mtx");
        let mut out = create(&mtx)?;
        dfm::write_mtx(&mut out, d)?;
        out.finish()?;
        tables.insert(mtx, d.nonzero() as u64);
        let rows = o.table_name("dfm_rows");
        let mut out = create(&rows)?;
        dfm::write_rows(&mut out, self.aggregate)?;
        out.finish()?;
        tables.insert(rows, self.aggregate.docs.len() as u64);
        let terms = o.table_name("dfm_terms");
        let mut out = create(&terms)?;
        dfm::write_terms(&mut out, d).map_err(FormatError::from)?;
        out.finish()?;
        tables.insert(terms, d.terms.len() as u64);
        Ok(())
    }
}
