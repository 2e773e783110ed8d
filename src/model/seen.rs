//! Which documents a model was trained on, kept without their texts: per
//! training document a 64-bit key, xxh3 of its id and its text, so that a
//! document with the same id but other text is not taken for one the
//! model saw. A run that scores with a saved model counts the scored
//! documents whose key is in the model's list ([`Overlap`]): their
//! probabilities are in-sample.
//!
//! Two different documents share a key with probability about n^2 / 2^65
//! (below 10^-9 for ten million documents).

use std::collections::BTreeMap;

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

/// The key of a document with `id` and `text`: xxh3-64 of the id's length
/// (8 bytes, little-endian), the id and the text, so that no id and text
/// run into each other.
pub fn document_key(id: &str, text: &str) -> u64 {
    let mut h = Xxh3::new();
    h.update(&(id.len() as u64).to_le_bytes());
    h.update(id.as_bytes());
    h.update(text.as_bytes());
    h.digest()
}

/// The sorted, distinct keys of `docs` (id, text).
pub fn keys_of<'a>(docs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<u64> {
    let mut keys: Vec<u64> = docs.map(|(id, text)| document_key(id, text)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// How many of the documents a run scored with a saved model were in its
/// training set, in all and per outlet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// Documents scored.
    pub scored: u64,
    /// Of those, documents in the training set.
    pub in_training: u64,
    /// Per outlet (sorted by name).
    pub outlets: BTreeMap<String, OutletOverlap>,
    /// Outlets with a scored document.
    pub outlets_scored: u64,
    /// Outlets all of whose scored documents were in the training set.
    pub outlets_entirely: u64,
    /// Outlets with at least one scored document in the training set.
    pub outlets_partly: u64,
}

impl Overlap {
    /// Counts a scored document of `outlet`, `seen` when it was in the
    /// training set.
    pub fn add(&mut self, outlet: &str, seen: bool) {
        self.scored += 1;
        self.in_training += u64::from(seen);
        let e = match self.outlets.get_mut(outlet) {
            Some(e) => e,
            None => self.outlets.entry(outlet.to_string()).or_default(),
        };
        e.scored += 1;
        e.in_training += u64::from(seen);
    }

    /// Fills the per-outlet totals once every document is counted.
    pub fn finish(mut self) -> Overlap {
        self.outlets_scored = self.outlets.len() as u64;
        self.outlets_entirely = self
            .outlets
            .values()
            .filter(|o| o.scored == o.in_training)
            .count() as u64;
        self.outlets_partly = self.outlets.values().filter(|o| o.in_training > 0).count() as u64;
        self
    }
}

/// One outlet's counts in an [`Overlap`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutletOverlap {
    /// Documents scored.
    pub scored: u64,
    /// Of those, documents in the training set.
    pub in_training: u64,
}

/// What a run knows of which scored documents a saved model was trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "known", rename_all = "snake_case")]
pub enum TrainingOverlap {
    /// The model file keeps no list of its training documents (a model
    /// written before slant recorded them): the overlap is unknown.
    Unknown,
    /// The model lists them, but this run did not count (a report from
    /// partials mapped by a slant that did not record them).
    NotCounted,
    /// Counted against the model's list.
    Counted(Overlap),
}

impl TrainingOverlap {
    /// What is known before counting: [`TrainingOverlap::Unknown`] for a
    /// model without a list, else [`TrainingOverlap::NotCounted`].
    pub fn uncounted(model: &super::Model) -> TrainingOverlap {
        match model.training_documents {
            None => TrainingOverlap::Unknown,
            Some(_) => TrainingOverlap::NotCounted,
        }
    }
}

/// Counts scored documents against a model's training keys.
#[derive(Debug)]
pub struct OverlapCounter<'a> {
    keys: &'a [u64],
    overlap: Overlap,
}

impl<'a> OverlapCounter<'a> {
    /// A counter against sorted `keys`.
    pub fn new(keys: &'a [u64]) -> Self {
        OverlapCounter {
            keys,
            overlap: Overlap::default(),
        }
    }

    /// Counts one scored document.
    pub fn add(&mut self, id: &str, outlet: &str, text: &str) {
        let seen = self.keys.binary_search(&document_key(id, text)).is_ok();
        self.overlap.add(outlet, seen);
    }

    /// The counts.
    pub fn finish(self) -> Overlap {
        self.overlap.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_depends_on_id_and_text() {
        let k = document_key("a1", "Some text.");
        assert_eq!(k, document_key("a1", "Some text."));
        assert_ne!(k, document_key("a1", "Some text!"));
        assert_ne!(k, document_key("a2", "Some text."));
        // the id's length keeps "ab" + "c" apart from "a" + "bc"
        assert_ne!(document_key("ab", "c"), document_key("a", "bc"));
    }

    #[test]
    fn counts_per_outlet() {
        let keys = keys_of([("1", "x"), ("2", "y"), ("2", "y")].into_iter());
        assert_eq!(keys.len(), 2);
        let mut c = OverlapCounter::new(&keys);
        c.add("1", "A", "x");
        c.add("2", "A", "y");
        c.add("2", "B", "changed");
        c.add("3", "B", "z");
        let o = c.finish();
        assert_eq!((o.scored, o.in_training), (4, 2));
        assert_eq!(
            (o.outlets_scored, o.outlets_entirely, o.outlets_partly),
            (2, 1, 1)
        );
        assert_eq!((o.outlets["B"].scored, o.outlets["B"].in_training), (2, 0));
    }
}
