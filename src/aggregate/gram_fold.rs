//! The in-order fold of each document's n-grams ([`DocGrams`]) into the
//! outlets' [`Counts`], spilling them past their budget ([`GramSpill`]):
//! on the thread that sees documents in order, or on a thread of its own
//! that receives the documents in that order. Either way the counts see
//! the same documents in the same order, so the words get the same ids and
//! the tables the same entries in the same layout; aside, the fold no
//! longer holds up the thread that hands the documents on while the
//! workers wait for the next batch.

use std::io;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use super::doc_grams::DocGrams;
use super::gram_runs::{GramRuns, GramSpill};
use super::ngrams::Counts;

/// Documents sent aside and not yet folded, at most: a batch of the
/// streaming engine, so that a slow fold holds a bounded amount of
/// n-grams and then slows the sender down.
const IN_FLIGHT: usize = 512;

/// The counts, and their spilled runs when they passed the budget.
pub(super) type Folded = (Counts, Option<GramRuns>);

/// Folds documents' n-grams into the counts, in the order given.
pub(super) enum GramFold {
    /// Folded by the caller, as each document is given.
    Here(Box<Counts>, Option<GramSpill>),
    /// Sent to a thread that folds them in the order sent.
    Aside {
        /// Gone once the fold is finished or has failed.
        send: Option<SyncSender<(String, DocGrams)>>,
        /// The folding thread; gone once joined.
        thread: Option<JoinHandle<io::Result<Folded>>>,
    },
}

impl GramFold {
    /// A fold on this thread.
    pub(super) fn here(spill: Option<GramSpill>) -> GramFold {
        GramFold::Here(Box::default(), spill)
    }

    /// A fold on a thread of its own, started here.
    pub(super) fn aside(spill: Option<GramSpill>) -> io::Result<GramFold> {
        let (send, receive) = sync_channel::<(String, DocGrams)>(IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("slant-ngrams".into())
            .spawn(move || {
                let (mut counts, mut spill) = (Counts::default(), spill);
                for (outlet, grams) in receive {
                    fold(&mut counts, &mut spill, &outlet, &grams)?;
                }
                finish(counts, spill)
            })?;
        Ok(GramFold::Aside {
            send: Some(send),
            thread: Some(thread),
        })
    }

    /// The counts so far, when folded on this thread.
    pub(super) fn counts(&self) -> Option<&Counts> {
        match self {
            GramFold::Here(counts, _) => Some(counts),
            GramFold::Aside { .. } => None,
        }
    }

    /// Folds one document of `outlet`. Aside, a failure of the fold (a
    /// spill that could not be written) is returned by a later call or by
    /// [`GramFold::finish`].
    pub(super) fn add(&mut self, outlet: &str, grams: DocGrams) -> io::Result<()> {
        match self {
            GramFold::Here(counts, spill) => fold(counts, spill, outlet, &grams),
            GramFold::Aside { send, thread } => {
                let sent = send
                    .as_ref()
                    .is_some_and(|s| s.send((outlet.to_string(), grams)).is_ok());
                if sent {
                    return Ok(());
                }
                // The fold stopped: it failed, and says why.
                send.take();
                match join(thread.take()) {
                    Err(e) => Err(e),
                    Ok(_) => Err(io::Error::other("the n-gram counts stopped early")),
                }
            }
        }
    }

    /// The counts of every document given, and their runs when spilled.
    pub(super) fn finish(mut self) -> io::Result<Folded> {
        match &mut self {
            GramFold::Here(counts, spill) => finish(std::mem::take(counts), spill.take()),
            GramFold::Aside { send, thread } => {
                send.take();
                join(thread.take())
            }
        }
    }
}

impl Drop for GramFold {
    /// A fold left unfinished (a run that failed) is stopped and waited
    /// for, so that it writes nothing after its caller has gone.
    fn drop(&mut self) {
        if let GramFold::Aside { send, thread } = self {
            send.take();
            // Its result, or its panic, is of no use to a run that failed.
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
        }
    }
}

fn fold(
    counts: &mut Counts,
    spill: &mut Option<GramSpill>,
    outlet: &str,
    grams: &DocGrams,
) -> io::Result<()> {
    counts.add_doc(outlet, grams);
    match spill {
        Some(spill) => spill.check(counts),
        None => Ok(()),
    }
}

fn finish(counts: Counts, spill: Option<GramSpill>) -> io::Result<Folded> {
    match spill {
        Some(spill) => spill.finish(counts),
        None => Ok((counts, None)),
    }
}

/// What the folding thread returned; a panic there goes on here.
fn join(thread: Option<JoinHandle<io::Result<Folded>>>) -> io::Result<Folded> {
    let Some(thread) = thread else {
        return Err(io::Error::other("the n-gram counts were already taken"));
    };
    match thread.join() {
        Ok(folded) => folded,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::gram_runs::Gram;

    /// Documents of three outlets, with words repeated within and across
    /// them, so that ids, tables and spills have something to order.
    const DOCS: [(&str, &str); 6] = [
        (
            "A",
            "The Kiev regime said the Kiev regime would talk. Kiev regime!",
        ),
        ("B", "Kyiv said. The government in Kyiv talks of Kiev."),
        ("A", "Officials of the Kiev regime said so, said so."),
        ("C", "Kyiv and Kiev: two spellings. One city, Kyiv."),
        ("B", "The regime talks. The government talks."),
        ("A", "A regime of the Kiev regime said."),
    ];

    fn grams_of(text: &str) -> DocGrams {
        let mut spans = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if matches!(c, '.' | '!') {
                spans.push(start..i + 1);
                start = i + 1;
            }
        }
        DocGrams::of(text, &spans, 3)
    }

    fn folded(mut fold: GramFold) -> Folded {
        for (outlet, text) in DOCS {
            fold.add(outlet, grams_of(text)).unwrap();
        }
        fold.finish().unwrap()
    }

    /// Every table entry in iteration order: equal only when the tables
    /// hold the same entries in the same layout.
    fn entries(c: &Counts) -> Vec<Vec<(u64, u32)>> {
        c.counts
            .iter()
            .map(|m| m.iter().map(|(&k, &v)| (k, v)).collect())
            .collect()
    }

    fn words(c: &Counts) -> Vec<String> {
        (1..=c.words.len() as u32)
            .filter_map(|i| c.words.word(i).map(String::from))
            .collect()
    }

    fn read_back(runs: &GramRuns) -> Vec<Gram> {
        let mut all = Vec::new();
        runs.read(4, |batch| all.extend_from_slice(batch)).unwrap();
        all
    }

    #[test]
    fn a_fold_aside_counts_what_a_fold_here_counts() {
        let (here, none) = folded(GramFold::here(None));
        let (aside, none_aside) = folded(GramFold::aside(None).unwrap());
        assert!(none.is_none() && none_aside.is_none());
        assert!(here.pairs() > 0);
        assert_eq!(entries(&aside), entries(&here), "same entries, same layout");
        assert_eq!(words(&aside), words(&here), "words numbered alike");
        assert_eq!(aside.outlets, ["A", "B", "C"]);
        assert_eq!(aside.outlets, here.outlets);
        assert_eq!(aside.totals, here.totals);
    }

    #[test]
    fn a_fold_aside_spills_what_a_fold_here_spills() {
        let dir = tempfile::tempdir().unwrap();
        // a budget of 5 pairs spills after every document
        let spill = || Some(GramSpill::new(5, dir.path()));
        let (here, runs_here) = folded(GramFold::here(spill()));
        let (aside, runs_aside) = folded(GramFold::aside(spill()).unwrap());
        let (runs_here, runs_aside) = (runs_here.expect("spilled"), runs_aside.expect("spilled"));
        assert_eq!(here.pairs(), 0, "the tables went to the runs");
        assert_eq!(aside.pairs(), 0);
        assert_eq!(words(&aside), words(&here));
        assert_eq!(aside.totals, here.totals);
        assert_eq!(read_back(&runs_aside), read_back(&runs_here));
        assert_eq!(runs_aside.unigrams(), runs_here.unigrams());
    }

    #[test]
    fn a_fold_that_fails_aside_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        // the spill's folder does not exist: the first spill fails
        let mut fold = GramFold::aside(Some(GramSpill::new(1, &gone))).unwrap();
        let mut failed = None;
        for (outlet, text) in DOCS.iter().cycle().take(4 * IN_FLIGHT) {
            if let Err(e) = fold.add(outlet, grams_of(text)) {
                failed = Some(e);
                break;
            }
        }
        let failed = failed.expect("a send fails once the fold has stopped");
        assert_eq!(failed.kind(), io::ErrorKind::NotFound, "{failed}");
        assert!(fold.finish().is_err(), "nothing to finish");
    }
}
