//! The report's account of boilerplate and wire copy found before
//! matching.

use std::fmt::Write;

use super::CorpusSummary;

/// What the corpus summary says of boilerplate and wire copy.
pub fn summary(md: &mut String, s: &CorpusSummary) {
    let (lines, masked) = (s.boilerplate_lines, s.boilerplate_masked);
    if lines > 0 {
        let _ = writeln!(
            md,
            "Boilerplate: {lines} {} repeated in at least 3 documents and 5% of an outlet's \
             (`boilerplate.csv`), and runs of 8 words repeated 3 times or more within a document \
             (such as gallery captions), were {}.\n",
            if lines == 1 { "line" } else { "lines" },
            if masked {
                "left out of matching, keyness and the model"
            } else {
                "found and kept (`--keep-boilerplate`)"
            }
        );
    }
    if let Some(note) = empty_documents(s) {
        let _ = writeln!(md, "{note}\n");
    }
    let (groups, copies, dropped) = (s.duplicate_groups, s.duplicate_copies, s.duplicates_dropped);
    if groups > 0 {
        let _ = writeln!(
            md,
            "Wire copy: {groups} {} found again, identical or nearly, in {copies} more {} \
             (`duplicates.csv`); {}.\n",
            if groups == 1 {
                "text was"
            } else {
                "texts were"
            },
            if copies == 1 { "document" } else { "documents" },
            if dropped {
                "only the first copy of each was counted (`--duplicates drop`)"
            } else {
                "every outlet's copy counts (`--duplicates drop` keeps only the first)"
            }
        );
    }
}

/// What the report says of documents with no word token to match, if any:
/// an outlet whose documents repeat the same lines (differing only in their
/// numbers, which line matching reads as alike) can lose every word of them
/// to boilerplate, and its rows of zeros would otherwise pass unremarked.
pub fn empty_documents(s: &CorpusSummary) -> Option<String> {
    let n = s.empty_documents;
    if n == 0 {
        return None;
    }
    let (docs, have) = if n == 1 {
        ("document", "has")
    } else {
        ("documents", "have")
    };
    Some(if s.boilerplate_masked && s.boilerplate_lines > 0 {
        format!(
            "{n} of {} {docs} {have} no word token left once boilerplate was left out of \
             matching (`documents.csv`, column `tokens` 0): they add nothing to any count or \
             score. Check `boilerplate.csv` for lines that are an outlet's text rather than its \
             page furniture, or run with `--keep-boilerplate`.",
            s.documents
        )
    } else {
        format!(
            "{n} of {} {docs} {have} no word token (`documents.csv`, column `tokens` 0): they \
             add nothing to any count or score.",
            s.documents
        )
    })
}
