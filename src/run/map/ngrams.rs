//! `--ngram-candidates`: the candidate n-grams a shard counts, read from a
//! merged candidate partial (`slant map --ngram-top`).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::MapConfig;
use crate::error::Error;
use crate::partial::words::{candidate_set, left_out};
use crate::partial::{Partial, Phase};

/// The candidate n-grams of `--ngram-candidates`, with what the header
/// records of them (the `--ngram-top` they were chosen with, and a digest).
/// With repeated text found over records `0..corpus_end`, the candidates
/// must have been chosen over those records, every shard's.
pub(super) fn ngram_candidates(
    config: &MapConfig,
    corpus_end: Option<u64>,
) -> Result<Option<(BTreeSet<String>, Value)>, Error> {
    let Some(path) = &config.ngram_candidates else {
        return Ok(None);
    };
    let merged = Partial::read_merged(path)?;
    let bad = |why: &str| Error::Invalid(format!("{}: {why}", path.display()));
    if merged.header.phase != Phase::Candidates {
        return Err(bad(
            "not a candidate n-gram partial (slant map --ngram-top)",
        ));
    }
    let covers = merged.header.records.as_slice();
    let end = config.first_record;
    if covers.len() != 1 || covers[0].0 != 0 || covers[0].1 <= end {
        return Err(bad(&format!(
            "covers {}, not the whole corpus from record 0 through this shard's first record {end} ({})",
            crate::partial::shown_records(covers),
            crate::partial::COUNTED_FROM_0
        )));
    }
    if let Some(end) = corpus_end {
        let theirs = merged.header.options.get("repeats_records");
        if theirs.and_then(Value::as_u64) != Some(end) || covers != [(0, end)] {
            return Err(bad(&format!(
                "covers {}, but the repeated text this shard is mapped with covers {} ({}): {}",
                crate::partial::shown_records(covers),
                crate::partial::shown_records(&[(0, end)]),
                crate::partial::COUNTED_FROM_0,
                crate::partial::MISSING_SHARD
            )));
        }
    }
    let set = candidate_set(&merged.rows);
    let text = set.iter().cloned().collect::<Vec<_>>().join("\n");
    let digest = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    let top = merged.header.options.get("ngram_top").cloned();
    let recorded = json!({
        "top": top,
        "terms": set.len(),
        "left_out": left_out(&merged.rows),
        "digest": format!("{digest:016x}"),
    });
    Ok(Some((set, recorded)))
}
