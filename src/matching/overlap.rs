//! Every occurrence of the automaton's patterns in a text, overlaps
//! included, found by stepping the DFA over four parts of the text at
//! once.
//!
//! A DFA step is a table lookup whose address depends on the step before:
//! one walk over a text waits on memory at every byte, which is what the
//! automaton spent (about the bare per-document peer's whole time). Two
//! walks over two parts are two independent chains of lookups that the
//! processor overlaps, so the pair costs little more than one, and four
//! cost less again. Each walk starts at its part's first byte, so it sees
//! only what starts there or later, and runs on past its part's end by the
//! longest pattern less one byte, keeping only what starts in its part:
//! every occurrence is found once. They are reported in the order the
//! library's overlapping search gives them ([`reference`], which the tests hold this to).

use aho_corasick::automaton::{Automaton, OverlappingState, StateID};
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

/// How many walks share the text: four chains of lookups still fit the
/// processor's window of work in flight.
const WALKS: usize = 4;

/// Below this many bytes a text is walked once: the parts would be too
/// short for the walks to pay.
const SPLIT_FROM: usize = 256;

/// Every occurrence in `hay`, ordered by end, then by start (longest
/// first), then by pattern, as [`reference`] gives them, into `out`
/// (cleared first).
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
    // Walk `w` keeps what starts in its part, `bounds[w]..bounds[w + 1]`,
    // and reads on to where the longest pattern starting there ends.
    let bounds: [usize; WALKS + 1] = std::array::from_fn(|w| hay.len() * w / WALKS);
    let reach = dfa.max_pattern_len().saturating_sub(1);
    let mut walks: [Walk; WALKS] = std::array::from_fn(|w| Walk {
        sid: start,
        from: bounds[w],
        below: bounds[w + 1],
        to: (bounds[w + 1] + reach).min(hay.len()),
    });
    let together = walks.iter().map(|w| w.to - w.from).min().unwrap_or(0);
    // The walks' states live in locals while no walk is at a special
    // state, so that the loop keeps them in registers, and each reads its
    // own slice of `together` bytes, so that no byte is bounds-checked.
    let parts: [&[u8]; WALKS] = std::array::from_fn(|w| &hay[walks[w].from..][..together]);
    let mut sids: [StateID; WALKS] = std::array::from_fn(|w| walks[w].sid);
    for i in 0..together {
        let mut special = false;
        for (sid, part) in sids.iter_mut().zip(&parts) {
            *sid = dfa.next_state(Anchored::No, *sid, part[i]);
            special |= dfa.is_special(*sid);
        }
        if special {
            for (w, &sid) in walks.iter_mut().zip(&sids) {
                w.sid = sid;
                if !w.report(dfa, w.from + i + 1, out) {
                    return reference(dfa, hay, out);
                }
            }
        }
    }
    for (w, &sid) in walks.iter_mut().zip(&sids) {
        w.sid = sid;
    }
    for w in &mut walks {
        for (at, &b) in hay.iter().enumerate().take(w.to).skip(w.from + together) {
            w.sid = dfa.next_state(Anchored::No, w.sid, b);
            if dfa.is_special(w.sid) && !w.report(dfa, at + 1, out) {
                return reference(dfa, hay, out);
            }
        }
    }
    // One walk lists by end, at one end by start (longest first), and the
    // same text given twice by pattern.
    out.sort_unstable_by_key(|o| (o.end, o.start, o.pattern));
}

/// One walk of the DFA: its state, the part of the text whose
/// occurrences it keeps, and where it stops.
struct Walk {
    sid: StateID,
    from: usize,
    below: usize,
    to: usize,
}

impl Walk {
    /// Adds the occurrences ending at `end` that the state holds and that
    /// start in the walk's part; false at a dead state (which an
    /// unanchored search of every occurrence never reaches: the caller then
    /// takes the library's road).
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
