//! Memory of one large document: the peak heap of a lexicon-only run
//! (no model, no comparison views, no charts) of a corpus holding one
//! generated document of a few megabytes, measured by a counting
//! allocator at two sizes of that document. What a document costs while
//! it is read, searched for repeated text and matched grows with its
//! bytes (its text, the normalised text matched, the hashes of its words,
//! its sentences, its matches); this test bounds that growth per byte.
//!
//! A test binary of its own: the allocator counts every allocation of the
//! process, so nothing else may run beside the measurement.

use std::path::Path;

use slant::run::{Config, ModelPlan};

mod counting;

/// The words of the seed articles (`seeds/`), in order of first use.
fn seed_words() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut words: Vec<String> = Vec::new();
    for p in names {
        for w in std::fs::read_to_string(p).unwrap().split_whitespace() {
            if !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
    }
    words
}

/// A text of `bytes` bytes (or a word more) of words drawn from `words`
/// at random (a fixed xorshift stream): sentences of 12 words, paragraphs
/// of 6 sentences. The seeds' words bring the lexicons' terms along
/// (about 9,000 matches a megabyte), and no run of 8 words comes back
/// three times (nothing is masked as boilerplate), while every word is
/// frequent enough for the search for runs repeated within the document
/// to walk every run of words.
fn text(words: &[String], bytes: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = String::with_capacity(bytes + 64);
    let mut n = 0;
    while out.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(&words[(x % words.len() as u64) as usize]);
        n += 1;
        out.push_str(match n % 72 {
            0 => ".\n\n",
            k if k % 12 == 0 => ". ",
            _ => " ",
        });
    }
    out
}

/// The peak heap of a lexicon-only run, on one thread, of the five seed
/// articles' outlets each with a short document and one outlet with a
/// document of `bytes` bytes.
fn peak_of_run(dir: &Path, words: &[String], bytes: usize) -> usize {
    let input = dir.join(format!("big{bytes}.jsonl"));
    let mut out = String::new();
    let big = serde_json::json!({"id": "big", "outlet": "Big", "text": text(words, bytes)});
    out.push_str(&big.to_string());
    out.push('\n');
    for i in 0..5 {
        let small = serde_json::json!({
            "id": format!("small-{i}"),
            "outlet": format!("Outlet {i}"),
            "text": text(&words[i * 40..], 2_000),
        });
        out.push_str(&small.to_string());
        out.push('\n');
    }
    std::fs::write(&input, out).unwrap();
    let mut config = Config::new(vec![input], dir.join(format!("r{bytes}")));
    config.model = ModelPlan::None;
    config.compare = None;
    config.charts = false;
    let ready = config.validate().unwrap();
    let (outcome, peak) = counting::one_thread_peak(ready);
    assert_eq!(outcome.summary.documents, 6);
    peak
}

/// Bytes of peak heap allowed per byte added to the document. Measured
/// 3.20 (7.23 MB at 1 MB, 10.59 MB at 2 MB, debug build, one thread): the
/// peak falls in the search for repeated text, which holds the document's
/// text (1 byte a byte), the hash of each word (8 bytes a word of about 6
/// bytes, reserved at a word per 5 bytes: 1.6) and a table of `u8`
/// counts of the runs of 8 words (4 a run, rounded up to a power of two:
/// about 0.7), with the runs that may repeat counted exactly. The
/// matching pass holds less: the text, its normalised copy and the
/// sentences and matches. Before, the search kept every run's position,
/// hash and count and every word's byte range: a 50 MB document peaked at
/// 704 MB of resident memory (release build), 199 MB now.
const PER_BYTE: f64 = 4.5;

#[test]
fn peak_memory_grows_a_few_bytes_per_byte_of_one_large_document() {
    let dir = tempfile::tempdir().unwrap();
    let words = seed_words();
    let mb = 1 << 20;
    let small = peak_of_run(dir.path(), &words, mb);
    let large = peak_of_run(dir.path(), &words, 2 * mb);
    let per_byte = large.saturating_sub(small) as f64 / mb as f64;
    eprintln!("peak heap {small} -> {large}: {per_byte:.2} bytes per byte added");
    assert!(
        per_byte < PER_BYTE,
        "peak heap grew by {per_byte:.2} bytes per byte of the document ({small} -> {large})"
    );
}
