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
            "{lines} boilerplate lines (repeated in at least 3 documents and 5% of an outlet's) were \
             {} (`boilerplate.csv`); so were runs of 8 words repeated 3 times or more within a \
             document, such as gallery captions.\n",
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
            "{groups} texts were found again, identical or nearly (wire copy), in {copies} more \
             documents (`duplicates.csv`); {}.\n",
            if dropped {
                "only the first copy of each was counted (`--duplicates drop`)"
            } else {
                "every outlet's copy counts (`--duplicates drop` keeps only the first)"
            }
        );
    }
}
