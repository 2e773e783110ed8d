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
