//! Tests of the quick proof: the pieces as characters give them, the
//! properties of lower-casing it rests on, and its answer against the exact
//! road on texts with runs repeated in mixed case and beyond ASCII.

use super::*;
use crate::repeats::runs::runs_of;
use crate::repeats::words::word_hashes;
use crate::text::tokens;

/// The pieces of `text` read a character at a time.
fn pieces_by_chars(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), open) {
            (true, None) => open = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out
}

/// The hash [`piece_hash`] must give a piece: of its ASCII lower case, or
/// [`BEYOND_ASCII`].
fn hash_by_chars(piece: &str) -> u64 {
    if piece.is_ascii() {
        long_piece_hash(piece.to_ascii_lowercase().as_bytes())
    } else {
        BEYOND_ASCII
    }
}

/// [`piece_hashes`] is the character road's, or none where the text holds
/// a character of [`LOWER_CASE_ASCII`].
fn check_pieces(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let found = piece_hashes(text);
    // the road for processors without AVX2 finds the same
    proptest::prop_assert_eq!(&piece_hashes_with::<false>(text), &found);
    if text.contains(LOWER_CASE_ASCII) {
        proptest::prop_assert!(found.is_none(), "{:?}", text);
        return Ok(());
    }
    let want: Vec<u64> = pieces_by_chars(text)
        .into_iter()
        .map(|p| hash_by_chars(&text[p]))
        .collect();
    proptest::prop_assert_eq!(found, Some(want), "{:?}", text);
    Ok(())
}

/// Step 2 of the proof, for every character: beyond ASCII, but for
/// [`LOWER_CASE_ASCII`], lower-casing gives characters beyond ASCII only,
/// and letters and digits to letters and digits, other characters to
/// others.
#[test]
fn lower_case_keeps_every_character_beyond_ascii_and_its_kind() {
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let lower: Vec<char> = c.to_lowercase().collect();
        if LOWER_CASE_ASCII.contains(&c) {
            assert!(lower.iter().any(char::is_ascii), "{c:?}");
            continue;
        }
        assert!(!lower.iter().any(char::is_ascii), "{c:?} -> {lower:?}");
        let kind = c.is_alphanumeric();
        assert!(
            lower.iter().all(|l| l.is_alphanumeric() == kind),
            "{c:?} -> {lower:?}"
        );
    }
    for c in (0..0x80u8).map(char::from) {
        let lower = c.to_ascii_lowercase();
        assert_eq!(c.to_lowercase().collect::<Vec<_>>(), [lower]);
        assert_eq!(lower.is_alphanumeric(), c.is_alphanumeric());
    }
}

/// Pieces at every offset from a block's edge, characters beyond ASCII
/// astride it, and at the end of the text.
#[test]
fn pieces_astride_blocks_are_the_character_road_s() {
    for tail in [
        "Zürich straße",
        "ΣΟΦΙΑΣ σοφιας 1,000",
        "Kyiv\u{2019}s caf\u{e9} x9 \u{1F600}ab",
        "antidisestablishmentarianism x",
        "\u{10437}\u{10437}\u{10437} abc",
        "nine 9",
    ] {
        for lead in 0..70 {
            let text = format!("{}{tail}", "a b".repeat(lead / 3) + &" ".repeat(lead % 3));
            check_pieces(&text).unwrap();
        }
    }
}

/// Words with the same lower case in several spellings, and words that
/// only look alike.
const WORDS: &[&str] = &[
    "Kyiv",
    "KYIV",
    "kyiv",
    "\u{212A}yiv",
    "Zürich",
    "ZÜRICH",
    "zürich",
    "straße",
    "STRASSE",
    "İstanbul",
    "i\u{307}stanbul",
    "istanbul",
    "ΣΟΦΙΑΣ",
    "σοφιας",
    "σοφιaς",
    "Kyiv\u{2019}s",
    "KYIV\u{2019}S",
    "don't",
    "DON'T",
    "U.S.",
    "u.s.",
    "1,000",
    "2.5",
    "caf\u{e9}",
    "cafe\u{301}",
    "the",
    "The",
    "a",
    "É",
    "é",
    "ǅ",
    "ǆ",
    "ﬁ",
    "x9",
];

/// What may come between two words.
const SEPARATORS: &[&str] = &[
    " ",
    "  ",
    ", ",
    " \u{2014} ",
    "\n",
    "\u{A0}",
    " \u{201C}",
    ". ",
    "'",
    "-",
    "\u{2019}",
    ".",
];

/// A text of `filler` words with `run` put in at `at` (three places),
/// each word of each copy in the case `cases` picks.
fn text_with_run(
    run: &[(usize, usize)],
    filler: &[(usize, usize)],
    at: [usize; 3],
    cases: u64,
) -> String {
    let mut at = at.map(|a| a % (filler.len() + 1));
    at.sort_unstable();
    let word = |(w, s): (usize, usize), case: u64| {
        let w = WORDS[w % WORDS.len()];
        let w = match case % 3 {
            0 => w.to_string(),
            1 => w.to_uppercase(),
            _ => w.to_lowercase(),
        };
        w + SEPARATORS[s % SEPARATORS.len()]
    };
    let mut text = String::new();
    let mut bit = 0u32;
    for i in 0..=filler.len() {
        for _ in at.iter().filter(|&&a| a == i) {
            for &w in run {
                text += &word(w, cases.rotate_right(bit) & 3);
                bit = (bit + 2) % 64;
            }
        }
        if let Some(&w) = filler.get(i) {
            text += &word(w, 0);
        }
    }
    text
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/pieces.txt"))]

    /// Step 1 of the proof: every piece lies inside one token, and every
    /// token holds a piece; and the pieces found a block at a time are the
    /// character road's.
    #[test]
    fn pieces_lie_in_tokens_and_tokens_hold_pieces(
        text in "[aZ09'.,\u{2019}\u{2014} \u{A0}\u{E9}\u{C9}\u{301}\u{3A3}\u{3C2}\u{130}\u{212A}\u{1F600}\u{10437}-]{0,150}"
    ) {
        check_pieces(&text)?;
        let pieces = pieces_by_chars(&text);
        let toks: Vec<Range<usize>> = tokens(&text).collect();
        for p in &pieces {
            proptest::prop_assert!(
                toks.iter().any(|t| t.start <= p.start && p.end <= t.end),
                "piece {:?} of {:?}", p, text
            );
        }
        for t in &toks {
            proptest::prop_assert!(
                pieces.iter().any(|p| t.start <= p.start && p.end <= t.end),
                "token {:?} of {:?}", t, text
            );
        }
    }

    /// The runs found behind the quick proof are those of the exact road,
    /// on texts holding a run three times in mixed case, with words beyond
    /// ASCII, words that lower-case alike and words that only look alike.
    #[test]
    fn runs_behind_the_proof_are_the_exact_road_s(
        run in proptest::collection::vec((0usize..64, 0usize..64), 8..12),
        filler in proptest::collection::vec((0usize..64, 0usize..64), 0..60),
        at in proptest::array::uniform3(0usize..64),
        cases in proptest::num::u64::ANY,
    ) {
        let text = text_with_run(&run, &filler, at, cases);
        check_pieces(&text)?;
        let exact = runs_of(&text, &word_hashes(&text));
        proptest::prop_assert!(exact.is_empty() || may_repeat(&text), "{:?}", text);
        proptest::prop_assert_eq!(repeated_runs(&text), exact, "{:?}", text);
    }
}

/// A run repeated in mixed case and beyond ASCII is found; a story without
/// one is proven to have none before any word is hashed.
#[test]
fn mixed_case_runs_are_found_and_plain_stories_proven_free() {
    let caption = [
        "Photos: CRISIS in Zürich and Kyiv\u{2019}s",
        "photos: crisis IN ZÜRICH AND KYIV\u{2019}S",
        "Photos — crisis in zürich, and kyiv\u{2019}s",
    ]
    .map(|c| format!("{c} streets captured by our teams"));
    let text = format!(
        "{} one. {} two. {} three. Talks went on.",
        caption[0], caption[1], caption[2]
    );
    assert!(may_repeat(&text));
    let runs = repeated_runs(&text);
    assert_eq!(runs, runs_of(&text, &word_hashes(&text)));
    assert_eq!(runs.len(), 3, "{runs:?}");
    let story = "The talks went on into the night, and the ministers said the \
        talks would resume in the morning; the ministers of the north said \
        the night had been long, and the talks of the south went on. "
        .repeat(2);
    assert!(runs_of(&story, &word_hashes(&story)).is_empty());
    assert!(!may_repeat(&story));
}
