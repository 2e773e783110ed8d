//! Every occurrence of the automaton's patterns in a text, overlaps
//! included, found by stepping the DFA over the two halves of the text at
//! once.
//!
//! A DFA step is a table lookup whose address depends on the step before:
//! one walk over a text waits on memory at every byte, which is what the
//! automaton spent (about the bare per-document peer's whole time). Two
//! walks over two halves are two independent chains of lookups that the
//! processor overlaps, so the pair costs little more than one. The first
//! walk runs on past the middle by the longest pattern less one byte and
//! keeps only what starts before the middle; the second starts at the
//! middle, so it sees only what starts there or later: every occurrence is
//! found once. They are reported in the order the library's overlapping
//! search gives them ([`reference`], which the tests hold this to).

use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Input};

/// One pattern occurrence: bytes `start..end` of the text hold pattern
/// `pattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) pattern: usize,
}

/// Below this many bytes a text is walked once: the halves would be too
/// short for the pair to pay.
const SPLIT_FROM: usize = 256;

/// Every occurrence in `hay`, ordered by end, then by start (longest
/// first), as [`reference`] gives them, into `out` (cleared first).
pub(super) fn occurrences(dfa: &DFA, hay: &[u8], out: &mut Vec<Occurrence>) {
    out.clear();
    let Ok(start) = dfa.start_state(Anchored::No) else {
        return reference(dfa, hay, out);
    };
    // A prefilter skips ahead from the start state, and a start state that
    // matches means an empty pattern: the library's road handles both.
    if dfa.prefilter().is_some() || dfa.is_special(start) || hay.len() < SPLIT_FROM {
        return reference(dfa, hay, out);
    }
    let mid = hay.len() / 2;
    let first_end = (mid + dfa.max_pattern_len().saturating_sub(1)).min(hay.len());
    let mut walks = [Walk::new(start, 0, mid), Walk::new(start, mid, usize::MAX)];
    let (mut low, mut high) = (Vec::new(), Vec::new());
    let both = first_end.min(hay.len() - mid);
    for i in 0..both {
        let (a, b) = (hay[i], hay[mid + i]);
        walks[0].sid = dfa.next_state(Anchored::No, walks[0].sid, a);
        walks[1].sid = dfa.next_state(Anchored::No, walks[1].sid, b);
        if dfa.is_special(walks[0].sid) | dfa.is_special(walks[1].sid) {
            let ok = walks[0].report(dfa, i + 1, &mut low)
                & walks[1].report(dfa, mid + i + 1, &mut high);
            if !ok {
                return reference(dfa, hay, out);
            }
        }
    }
    for (w, (from, to), found) in [
        (0, (both, first_end), &mut low),
        (1, (mid + both, hay.len()), &mut high),
    ] {
        for (at, &b) in hay.iter().enumerate().take(to).skip(from) {
            let walk = &mut walks[w];
            walk.sid = dfa.next_state(Anchored::No, walk.sid, b);
            if dfa.is_special(walk.sid) && !walk.report(dfa, at + 1, found) {
                return reference(dfa, hay, out);
            }
        }
    }
    merge(low, high, out);
}

/// One walk of the DFA: its state, where it started, and the start it
/// keeps occurrences below.
struct Walk {
    sid: aho_corasick::automaton::StateID,
    from: usize,
    below: usize,
}

impl Walk {
    fn new(sid: aho_corasick::automaton::StateID, from: usize, below: usize) -> Walk {
        Walk { sid, from, below }
    }

    /// Adds the occurrences ending at `end` that the state holds, longest
    /// first; false at a dead state (which an unanchored search of every
    /// occurrence never reaches: the caller then takes the library's road).
    fn report(&self, dfa: &DFA, end: usize, out: &mut Vec<Occurrence>) -> bool {
        if dfa.is_dead(self.sid) {
            return false;
        }
        if !dfa.is_match(self.sid) {
            return true;
        }
        for k in 0..dfa.match_len(self.sid) {
            let pattern = dfa.match_pattern(self.sid, k);
            let start = end - dfa.pattern_len(pattern);
            if start >= self.from && start < self.below {
                out.push(Occurrence {
                    start,
                    end,
                    pattern: pattern.as_usize(),
                });
            }
        }
        true
    }
}

/// The occurrences of both walks in one order: by end, and at one end
/// those of the first walk (which start before the middle) before those
/// of the second, as one walk would list them.
fn merge(low: Vec<Occurrence>, high: Vec<Occurrence>, out: &mut Vec<Occurrence>) {
    out.reserve(low.len() + high.len());
    let mut high = high.into_iter().peekable();
    for o in low {
        while let Some(h) = high.next_if(|h| h.end < o.end) {
            out.push(h);
        }
        out.push(o);
    }
    out.extend(high);
}

/// Every occurrence in `hay` by the library's overlapping search.
pub(super) fn reference(dfa: &DFA, hay: &[u8], out: &mut Vec<Occurrence>) {
    out.clear();
    let input = Input::new(hay);
    let mut state = OverlappingState::start();
    while dfa.try_find_overlapping(&input, &mut state).is_ok() {
        let Some(m) = state.get_match() else {
            break;
        };
        out.push(Occurrence {
            start: m.start(),
            end: m.end(),
            pattern: m.pattern().as_usize(),
        });
    }
}

#[cfg(test)]
mod tests;
