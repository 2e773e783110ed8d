//! The word finder against the tokenizer it must reproduce.

use super::*;

/// Every token of `text` found by [`each_word`] with `marks`, each ASCII
/// word's lower case asserted to be its bytes lower-cased.
fn found(text: &str, marks: impl Fn(&[u8; CHUNK]) -> Marks) -> Vec<Range<usize>> {
    let mut found = Found {
        text,
        words: Vec::new(),
    };
    each_word(text, marks, &mut found);
    found.words
}

/// The words of `text` found so far.
struct Found<'a> {
    text: &'a str,
    words: Vec<Range<usize>>,
}

impl Words for Found<'_> {
    fn word(&mut self, at: Range<usize>, lower: Option<(&Block, usize)>) {
        if let Some((block, i)) = lower {
            let lower = &block[FRONT + i..FRONT + i + at.len()];
            assert_eq!(lower, self.text[at.clone()].to_ascii_lowercase().as_bytes());
        }
        self.words.push(at);
    }
}

/// [`found`] with each marking this processor has, all asserted equal to
/// the tokenizer's tokens.
fn assert_tokens(text: &str) {
    let expected: Vec<Range<usize>> = tokens(text).collect();
    assert_eq!(found(text, marks_any), expected, "{text:?}");
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        let avx2 = |c: &[u8; CHUNK]| unsafe { marks_avx2(c) };
        assert_eq!(found(text, avx2), expected, "{text:?}");
    }
}

/// Texts that join, split, end at a chunk's end or hold text beyond ASCII.
const FIXED: &[&str] = &[
    "",
    "a",
    "U.S. officials said 1,000.5 people (about 2.5%) don't go; Kyiv's U.K.",
    "e.g. a.m. p.m. A. B. x.y z, 3,x 3.x 4, 5. 'quoted' word' 'word",
    "Zürich ÉTAT İstanbul ΣΟΦΊΑ straße Kyiv\u{2019}s \u{201C}quote\u{201D} \u{2014} dash",
    "éabc abcé a\u{2019}é 1\u{2019}2 a'é",
    "word at the end of a text that is just past one chunk of sixty-four!",
    "trailing comma,",
    "trailing period.",
    "ends in an abbreviation U.S.",
    "\n\nline\nbreaks\r\nand\ttabs  ",
];

#[test]
fn words_joins_abbreviations_and_text_beyond_ascii_are_the_tokenizers() {
    FIXED.iter().for_each(|text| assert_tokens(text));
    // a word longer than a chunk
    assert_tokens(&"Antidisestablishmentarianism".repeat(5));
}

#[test]
fn the_seed_corpus_is_found_as_the_tokenizer_finds_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            assert_tokens(&text);
            seen += 1;
        }
    }
    assert!(seen > 0, "no seed texts read");
}

/// The bytes that change what the tokenizer does, and others.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "q",
    "0",
    "9",
    "5",
    ".",
    ",",
    "'",
    "\u{2019}",
    " ",
    "\n",
    "-",
    "@",
    "[",
    "`",
    "{",
    "/",
    ":",
    "\u{E9}",
    "\u{C9}",
    "\u{130}",
    "\u{3A3}",
    "\u{201C}",
    "\u{2014}",
    "\u{2026}",
    "\u{4E2D}",
    "\u{2018}",
    "\u{201D}",
    "\u{2020}",
    "\u{2019}\u{E9}",
    "a\u{2019}",
    "U.S.",
    "e.g.",
    "1,000.5",
    "don't",
    "Kyiv\u{2019}s",
    "word",
    "WORD",
    "x",
];

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/word_find.txt"))]

    /// On any mix of the pieces that make the tokenizer join, split or
    /// read a character beyond ASCII, in texts shorter and longer than a
    /// chunk, the tokens found are the tokenizer's.
    #[test]
    fn tokens_match_the_tokenizer(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..120),
    ) {
        assert_tokens(&pieces.concat());
    }

    /// Both markings mark any chunk alike.
    #[test]
    fn markings_agree(bytes in proptest::collection::vec(proptest::num::u8::ANY, CHUNK)) {
        let c: [u8; CHUNK] = bytes.try_into().unwrap_or([0; CHUNK]);
        let any = marks_any(&c);
        for (i, &x) in c.iter().enumerate() {
            proptest::prop_assert_eq!(any.alnum >> i & 1 == 1, x.is_ascii_alphanumeric());
            proptest::prop_assert_eq!(any.high >> i & 1 == 1, !x.is_ascii());
            proptest::prop_assert_eq!(any.join >> i & 1 == 1, b".,'".contains(&x));
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            proptest::prop_assert_eq!(unsafe { marks_avx2(&c) }, any);
        }
    }
}

/// The texts of a JSON-lines corpus named by `SLANT_WORDS_CORPUS` (such as
/// the bench's `news10k.jsonl`), each found as the tokenizer finds it:
/// `SLANT_WORDS_CORPUS=... cargo test --release --lib word_find_corpus -- --ignored`.
#[test]
#[ignore = "needs a corpus named by SLANT_WORDS_CORPUS"]
fn word_find_corpus() {
    let Ok(path) = std::env::var("SLANT_WORDS_CORPUS") else {
        return;
    };
    let Ok(all) = std::fs::read_to_string(path) else {
        panic!("corpus not read");
    };
    let mut texts = 0;
    for line in all.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        if let Some(text) = doc.get("text").and_then(|t| t.as_str()) {
            assert_tokens(text);
            texts += 1;
        }
    }
    assert!(texts > 0, "no texts read");
}
