//! Documents in batches, and reading the next batch while the worker
//! threads work on the current one, so that one thread reading and parsing
//! the input does not leave the others idle.

use super::{CorpusError, Document};

/// Up to `max_docs` documents holding up to about `max_bytes` bytes of
/// text from `docs`: empty at the end, an error as soon as one comes.
pub fn next_batch<I>(
    docs: &mut I,
    max_docs: usize,
    max_bytes: usize,
) -> Result<Vec<Document>, CorpusError>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
{
    let mut batch = Vec::with_capacity(max_docs.min(1024));
    let mut bytes = 0;
    while batch.len() < max_docs && bytes < max_bytes {
        match docs.next() {
            None => break,
            Some(Err(e)) => return Err(e),
            Some(Ok(d)) => {
                bytes += d.text.len();
                batch.push(d);
            }
        }
    }
    Ok(batch)
}

/// Runs `work` on the worker threads while this thread runs `read`, and
/// returns both results. With a single worker thread the two take turns,
/// so that `-j 1` keeps to one core; with more, reading the next batch
/// overlaps the work on this one. `read` need not be `Send`: a reader's
/// input stream stays on the thread that opened it.
pub fn while_reading<A, B>(work: impl FnOnce() -> A + Send, read: impl FnOnce() -> B) -> (A, B)
where
    A: Send,
{
    if rayon::current_num_threads() < 2 {
        let a = work();
        return (a, read());
    }
    let mut done = None;
    let b = rayon::in_place_scope(|s| {
        s.spawn(|_| done = Some(work()));
        read()
    });
    // The scope returns only after every spawned job has finished.
    match done {
        Some(a) => (a, b),
        None => unreachable!("rayon::in_place_scope waits for its jobs"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Origin;

    fn doc(i: usize, len: usize) -> Result<Document, CorpusError> {
        Ok(Document {
            id: i.to_string(),
            outlet: "A".into(),
            date: None,
            title: None,
            url: None,
            text: "x".repeat(len),
            meta: Vec::new(),
            origin: Origin {
                file: "t.jsonl".into(),
                line: Some(i as u64 + 1),
            },
        })
    }

    #[test]
    fn batches_stop_at_the_count_the_bytes_or_the_end() {
        let mut docs = (0..5).map(|i| doc(i, 10));
        assert_eq!(
            next_batch(&mut docs, 2, 1000).map(|b| b.len()).ok(),
            Some(2)
        );
        // 10 bytes reach 5, so the batch closes after one document
        assert_eq!(next_batch(&mut docs, 9, 5).map(|b| b.len()).ok(), Some(1));
        assert_eq!(
            next_batch(&mut docs, 9, 1000).map(|b| b.len()).ok(),
            Some(2)
        );
        assert_eq!(
            next_batch(&mut docs, 9, 1000).map(|b| b.len()).ok(),
            Some(0)
        );
    }

    #[test]
    fn work_and_reading_both_run_on_any_pool() {
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            let Ok(pool) = pool else { continue };
            let (a, b) = pool.install(|| while_reading(|| (0..100u64).sum::<u64>(), || "read"));
            assert_eq!((a, b), (4950, "read"), "{threads} threads");
        }
    }
}
