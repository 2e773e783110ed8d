//! Repeats reused from a file against the detection pass.

use super::*;
use crate::corpus::Origin;

fn docs() -> Vec<Document> {
    let run = "read our live coverage of the war in ukraine here today. ";
    let mut texts: Vec<String> = Vec::new();
    (0..40)
        .map(|i| {
            // a word of its own (digits do not tell lines apart)
            let name: String = [b'a' + (i % 26) as u8, b'a' + (i / 26) as u8]
                .map(char::from)
                .iter()
                .collect();
            let mut text = format!("Story {name} of the day, told plainly for the {name}s.");
            if i == 3 {
                text.push_str(" Caf\u{e9}.");
            }
            if i % 4 == 0 {
                text.push_str("\n\nFollow us on Telegram for the latest news.");
            }
            if i == 2 || i == 21 {
                text.push_str(&format!("\n\n{}", run.repeat(3)));
            }
            if i % 10 == 7 {
                text = texts[i - 5].clone();
            }
            texts.push(text.clone());
            Document {
                id: format!("d{i}"),
                outlet: ["A", "B"][i % 2].into(),
                date: None,
                title: None,
                url: None,
                text,
                meta: Vec::new(),
                origin: Origin {
                    file: "t.jsonl".into(),
                    line: Some(i as u64 + 1),
                },
            }
        })
        .collect()
}

fn applied(r: &Repeats) -> Vec<(String, String)> {
    r.apply(docs().into_iter().map(Ok))
        .map(|d| d.map(|d| (d.id, d.text)).unwrap())
        .collect()
}

/// Repeats reused from a file mask and drop exactly as the pass that
/// found them, whether the file holds the runs repeated within a
/// document (`analyze --save-repeats`) or not (`merge --decide`, files
/// saved before runs were: found again as each document is masked); runs
/// that do not fit a document's text are found again too.
#[test]
fn reused_repeats_mask_and_drop_as_found_ones() {
    for duplicates in [DuplicatePolicy::Keep, DuplicatePolicy::Drop] {
        let opts = RepeatOptions {
            duplicates,
            ..RepeatOptions::default()
        };
        let found = Repeats::find(docs().into_iter().map(Ok), &opts, None).unwrap();
        assert!(
            !found.runs.is_empty(),
            "the corpus repeats runs in documents"
        );
        assert!(!found.boilerplate.is_empty(), "and lines across them");
        let held = found.within_runs().cloned();
        assert_eq!(held.as_ref(), Some(&found.runs), "a pass holds its runs");
        // out of the text, backwards, and inside the two bytes of an `é`
        let mut unfit = found.runs.clone();
        for r in unfit.values_mut() {
            r.push(0..1_000_000);
        }
        let mut accent = found.runs.clone();
        let cafe = docs()[3].text.find('\u{e9}').unwrap();
        accent.insert(3, std::iter::once(cafe + 1..cafe + 2).collect());
        accent.insert(
            5,
            std::iter::once(std::ops::Range { start: 4, end: 2 }).collect(),
        );
        for runs in [None, held, Some(unfit), Some(accent)] {
            let from_file = runs.is_some();
            let reused = Repeats::reused(
                found.line_sets().clone(),
                found.boilerplate.clone(),
                found.duplicates.clone(),
                found.copy_positions().clone(),
                runs,
                &opts,
            );
            assert_eq!(reused.within_runs().is_some(), from_file);
            let (want, got) = (applied(&found), applied(&reused));
            assert_eq!(want, got);
            assert!(got[1].1.contains("Story ba"), "stories are not boilerplate");
            // the runs were masked: a document with a run lost its words
            let d2 = &got.iter().find(|(id, _)| id == "d2").unwrap().1;
            assert_eq!(d2.matches("coverage").count(), 0, "{d2}");
            let n = if duplicates == DuplicatePolicy::Drop {
                36
            } else {
                40
            };
            assert_eq!(got.len(), n, "the four later copies dropped when asked");
        }
    }
}

/// `docs` `copies` times over, each time with ids of its own: enough
/// batches that the first ones wait for the spill files at two threads.
fn many(copies: usize) -> Vec<Document> {
    (0..copies)
        .flat_map(|c| {
            docs().into_iter().map(move |mut d| {
                d.id = format!("{}-{c}", d.id);
                d
            })
        })
        .collect()
}

/// The pass finds the same repeats however many threads it has: the
/// spill files are made on a worker at two threads or more while the
/// first batches wait for them, each batch is tallied in input order on
/// a worker beside the next batch's looking, and the boilerplate lines
/// and dropped copies are decided side by side.
#[test]
fn the_pass_finds_the_same_repeats_at_any_thread_count() {
    let corpus = many(40);
    assert!(corpus.len() > 5 * BATCH, "more batches than wait");
    for duplicates in [DuplicatePolicy::Keep, DuplicatePolicy::Drop] {
        let opts = RepeatOptions {
            duplicates,
            ..RepeatOptions::default()
        };
        let found: Vec<_> = [1, 2, 3]
            .into_iter()
            .map(|threads| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let r = pool.install(|| {
                    Repeats::find(corpus.clone().into_iter().map(Ok), &opts, None).unwrap()
                });
                let masked: Vec<(String, String)> = r
                    .apply(corpus.clone().into_iter().map(Ok))
                    .map(|d| d.map(|d| (d.id, d.text)).unwrap())
                    .collect();
                (
                    r.boilerplate.clone(),
                    r.duplicates.to_vec().unwrap(),
                    r.read,
                    masked,
                )
            })
            .collect();
        assert!(
            !found[0].0.is_empty() && !found[0].1.is_empty(),
            "boilerplate and copies"
        );
        assert_eq!(found[0].2 .0, corpus.len() as u64);
        assert_eq!(found[0], found[1], "1 and 2 threads, {duplicates:?}");
        assert_eq!(found[0], found[2], "1 and 3 threads, {duplicates:?}");
    }
}

/// A spill folder that cannot be written is told before an error
/// reading the corpus, as when the spill files were made before any
/// reading, at one thread as at two.
#[test]
fn a_spill_error_comes_before_a_read_error() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let docs = std::iter::once(Err(CorpusError::Read {
            path: "corpus.jsonl".into(),
            source: std::io::Error::other("unreadable"),
        }));
        let err = pool
            .install(|| Repeats::find(docs, &RepeatOptions::default(), Some(&gone)))
            .err()
            .unwrap();
        match err {
            CorpusError::Read { path, .. } => assert_eq!(path, gone, "{threads} threads"),
            other => panic!("{threads} threads: {other}"),
        }
    }
}
