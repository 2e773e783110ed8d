//! Masking on the workers as each document is matched
//! ([`stream::run_edited`]) gives exactly what masking a batch at a time as
//! the documents are read ([`Repeats::apply`]) gave: the same documents,
//! texts and matches in the same order, and a read error at the same
//! place, on one thread or two.

use proptest::prelude::*;

use super::*;
use crate::corpus::Origin;
use crate::lexicon::{load, LexiconSource};
use crate::matching::MatchedDoc;

/// A document's id, its text as matched, and its hits (start, end, entry).
type Row = (String, String, Vec<(usize, usize, u32)>);

/// What a hook sees of each document, in order.
#[derive(Default)]
struct Seen(Vec<Row>);

impl DocHook for Seen {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, _: ()) -> std::io::Result<()> {
        let hits = m
            .hits
            .iter()
            .map(|h| (h.term.start, h.term.end, h.term.entry))
            .collect();
        self.0.push((doc.id.clone(), doc.text.clone(), hits));
        Ok(())
    }
}

const FOOTER: &str = "Subscribe to our newsletter for more stories every day.";
const RUN: &str = "Photo gallery of the summit meeting in the capital city today";

fn doc(i: usize, kind: u8) -> Document {
    let outlet = ["Daily A", "Herald B", "Courier C"][i % 3];
    let mut text = format!(
        "Story {i}: the minister said that {} troops moved, according to sources.",
        i * 7 % 100
    );
    if kind.is_multiple_of(3) {
        text.push_str(&format!("\n\n{RUN}. {RUN}. {RUN}. End {i}."));
    }
    if outlet == "Daily A" || kind.is_multiple_of(5) {
        text.push_str(&format!("\n\n{FOOTER}"));
    }
    if kind.is_multiple_of(7) {
        text = "Officials claimed the talks would resume, a spokesperson said.".into();
    }
    let origin = Origin {
        file: "mask.jsonl".into(),
        line: Some(i as u64 + 1),
    };
    Document {
        text,
        id: format!("d{i}"),
        outlet: outlet.into(),
        origin,
        meta: Vec::new(),
        date: None,
        title: None,
        url: None,
    }
}

type Outcome = (
    Vec<(String, String, Vec<(usize, usize, u32)>)>,
    Option<String>,
);

fn both_roads(kinds: &[u8], error_at: Option<usize>, threads: usize) -> (Outcome, Outcome) {
    let docs = || {
        kinds.iter().enumerate().map(move |(i, k)| match error_at {
            Some(e) if e == i => Err(CorpusError::Empty("bad record".into())),
            _ => Ok(doc(i, *k)),
        })
    };
    let set = load(&LexiconSource::defaults()).unwrap().set;
    let matcher = Matcher::new(&set).unwrap();
    let repeats = Repeats::find(
        docs().take_while(Result::is_ok),
        &RepeatOptions::default(),
        None,
    )
    .unwrap();
    assert!(repeats.masked && !repeats.dropped);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut old = Seen::default();
        let a = stream::run(repeats.apply(docs()), &matcher, &mut old, &|_, _| {});
        let mut new = Seen::default();
        let mask = |at: usize, d: &mut Document| repeats.mask(at, d);
        let b = stream::run_edited(docs(), &mask, &matcher, &mut new, &|_, _| {});
        let why = |r: Result<stream::Streamed, stream::StreamError>| r.err().map(|e| e.to_string());
        ((old.0, why(a)), (new.0, why(b)))
    })
}

#[test]
fn masking_as_matched_gives_what_masking_as_read_gave() {
    // more than two batches of the matching pass (512 documents)
    let kinds: Vec<u8> = (0..1_200).map(|i| (i * 31 % 97) as u8).collect();
    for threads in [1, 2] {
        let (old, new) = both_roads(&kinds, None, threads);
        // d3, of Daily A, ends with the footer: masked
        assert!(!old.0[3].1.contains(FOOTER), "{}", old.0[3].1);
        assert_eq!(old.0.len(), kinds.len());
        assert!(old == new, "{threads} threads");
        let (old, new) = both_roads(&kinds, Some(700), threads);
        assert!(old.1.is_some(), "the error stops the run");
        assert!(old == new, "{threads} threads, an error at 700");
    }
}

proptest! {
    #![proptest_config(crate::fuzz::config(12, "tests/fixtures/proptest/mask_tests.txt"))]

    #[test]
    fn masking_as_matched_agrees_on_any_corpus(
        kinds in proptest::collection::vec(any::<u8>(), 0..1_100),
        error_at in proptest::option::of(0usize..1_100),
        threads in 1usize..3,
    ) {
        let (old, new) = both_roads(&kinds, error_at, threads);
        prop_assert!(old == new);
    }
}
