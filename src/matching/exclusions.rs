//! The exclusions found in a document ("Kyiv Independent" for the entry
//! "Kyiv"): a candidate is dropped when an exclusion of its entry overlaps
//! it. Sorted by entry and start, each with the furthest end reached by the
//! exclusions of its entry up to it, they answer for one candidate with a
//! binary search; comparing each candidate with every exclusion took time
//! quadratic in a document that repeats an excluded phrase (4 MB holding
//! "Kyiv Independent" and "Kyiv" 100,000 times each: 7.3 s of CPU, 1 MB
//! 0.9 s).

/// The exclusions of one document, ready to be asked whether one of them
/// overlaps a candidate.
pub(super) struct Exclusions {
    /// (entry, start) of each exclusion, in order.
    keys: Vec<(u32, usize)>,
    /// Per exclusion of `keys`, the furthest end of the exclusions of its
    /// entry up to it.
    reach: Vec<usize>,
}

impl Exclusions {
    /// The exclusions `found`, each (start, end, entry).
    pub(super) fn new(mut found: Vec<(usize, usize, u32)>) -> Exclusions {
        found.sort_unstable_by_key(|&(start, _, entry)| (entry, start));
        let mut reach = Vec::with_capacity(found.len());
        let mut last: Option<(u32, usize)> = None;
        for &(_, end, entry) in &found {
            let far = match last {
                Some((e, far)) if e == entry => far.max(end),
                _ => end,
            };
            reach.push(far);
            last = Some((entry, far));
        }
        Exclusions {
            keys: found
                .iter()
                .map(|&(start, _, entry)| (entry, start))
                .collect(),
            reach,
        }
    }

    /// Whether none was found.
    pub(super) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether an exclusion of `entry` overlaps `start..end`: one that
    /// starts before `end` and ends after `start`.
    pub(super) fn overlap(&self, entry: u32, start: usize, end: usize) -> bool {
        // the exclusions of earlier entries, and those of `entry` that
        // start before `end`
        let k = self.keys.partition_point(|&key| {
            probed();
            key < (entry, end)
        });
        k > 0 && self.keys[k - 1].0 == entry && self.reach[k - 1] > start
    }
}

#[cfg(test)]
thread_local! {
    /// Exclusions looked at by [`Exclusions::overlap`] on this thread: the
    /// work the tests count.
    pub(super) static PROBES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn probed() {
    PROBES.with(|p| p.set(p.get() + 1));
}

#[cfg(not(test))]
fn probed() {}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/exclusions.txt"))]

        /// The answer of comparing the candidate with every exclusion.
        #[test]
        fn overlap_is_any_overlapping_exclusion_of_the_entry(
            found in proptest::collection::vec((0usize..40, 1usize..8, 0u32..3), 0..20),
            start in 0usize..45,
            len in 1usize..8,
            entry in 0u32..3,
        ) {
            let found: Vec<(usize, usize, u32)> =
                found.into_iter().map(|(s, l, e)| (s, s + l, e)).collect();
            let end = start + len;
            let every = found.iter().any(|&(s, e, en)| en == entry && s < end && start < e);
            proptest::prop_assert_eq!(Exclusions::new(found).overlap(entry, start, end), every);
        }
    }
}
