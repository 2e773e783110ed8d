//! The parts of [`Report::write`] that stand apart: the document-feature
//! matrix's three files and `results.json`.

use std::io::Write;

use serde::Serialize;

use super::{
    compare, dfm, lss, model, sink, CorpusSummary, EvidenceRow, FormatError, Report, ReportError,
    RunMeta, TableList,
};
use crate::output::Staging;
use crate::scores::tables::OutletRow;

impl Report<'_> {
    pub(super) fn write_dfm(
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

    pub(super) fn write_results(
        &self,
        staging: &Staging,
        tables: &TableList,
    ) -> Result<(), ReportError> {
        #[derive(Serialize)]
        struct Results<'a> {
            run: &'a RunMeta,
            corpus: CorpusSummary,
            lexicon: LexiconDefs<'a>,
            tables: &'a TableList,
            outlets: &'a [OutletRow],
            evidence: Vec<EvidenceRow<'a>>,
            skipped: super::skipped::Json<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            model: Option<model::ModelJson<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            comparison: Option<compare::ComparisonJson<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            lss: Option<lss::LssJson<'a>>,
        }
        #[derive(Serialize)]
        struct LexiconDefs<'a> {
            axes: &'a [crate::lexicon::Axis],
            frames: &'a [crate::lexicon::Frame],
            slots: Vec<SlotDef<'a>>,
        }
        #[derive(Serialize)]
        struct SlotDef<'a> {
            id: &'a str,
            label: &'a str,
            variants: Vec<&'a str>,
        }
        let set = self.set;
        let results = Results {
            run: self.meta,
            corpus: self.summary(),
            lexicon: LexiconDefs {
                axes: &set.axes,
                frames: &set.frames,
                slots: set
                    .slots
                    .iter()
                    .map(|s| SlotDef {
                        id: &s.id,
                        label: &s.label,
                        variants: s
                            .variants
                            .iter()
                            .map(|&e| set.entries[e].label.as_str())
                            .collect(),
                    })
                    .collect(),
            },
            tables,
            outlets: &self.tables().outlet_rows,
            evidence: self.evidence_rows(),
            skipped: super::skipped::Json(self.skipped),
            model: self.model().map(model::json),
            comparison: self.comparison().map(compare::json),
            lss: self.lss.map(lss::json),
        };
        let mut out = staging.create(crate::output::RESULTS)?;
        // Indented one space a level, as Python's json.dumps(indent=1):
        // readable, and a fifth smaller than two spaces at 100+ outlets.
        let mut json = serde_json::Serializer::with_formatter(
            &mut out,
            serde_json::ser::PrettyFormatter::with_indent(b" "),
        );
        results.serialize(&mut json).map_err(FormatError::from)?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }
}
