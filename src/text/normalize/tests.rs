//! Tests of text normalization: hand-made cases and properties.

use super::*;

/// (original, fold, expected normalized text)
const CASES: &[(&str, bool, &str)] = &[
    ("Western-backed coup", true, "western backed coup"),
    ("Western backed  coup", true, "western backed coup"),
    ("Western\u{2013}backed\ncoup", true, "western backed coup"),
    ("Western \u{2014} backed", true, "western backed"),
    ("Kyiv\u{2019}s", true, "kyiv's"),
    ("Kyiv's", true, "kyiv's"),
    ("\u{201C}Kiev\u{201D}", true, "\"kiev\""),
    ("\u{00AB}Kiev\u{00BB}", true, "\"kiev\""),
    ("Kyi\u{00AD}v", true, "kyiv"),
    ("STRASSE Stra\u{00DF}e", true, "strasse strasse"),
    ("Cafe\u{0301}", true, "caf\u{00E9}"),
    ("SMO", false, "SMO"),
    ("Kiev\r\nregime", true, "kiev regime"),
    ("Kiev\rregime", true, "kiev regime"),
    ("no\u{00A0}break", true, "no break"),
    ("`Kiev` regime", true, "'kiev' regime"),
    ("Kyiv \u{2014} `Kiev`", true, "kyiv 'kiev'"),
];

#[test]
fn normalizes_table() {
    for (orig, fold, want) in CASES {
        assert_eq!(normalize(orig, *fold).text, *want, "input {orig:?}");
    }
}

/// Every word of the normalized text maps back to the same word in the
/// original (compared after normalizing the original slice).
#[test]
fn offsets_map_back() {
    for (orig, fold, _) in CASES {
        let n = normalize(orig, *fold);
        let mut start = None;
        let text = n.text.clone() + " ";
        for (i, c) in text.char_indices() {
            match (c == ' ', start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    let (os, oe) = (n.orig_start(s), n.orig_end(i));
                    let back = normalize(&orig[os..oe], *fold).text;
                    assert_eq!(back, &n.text[s..i], "{orig:?} word at {s}..{i}");
                    start = None;
                }
                _ => {}
            }
        }
    }
}

#[test]
fn curly_apostrophe_maps_to_three_bytes() {
    let orig = "Kyiv\u{2019}s army";
    let n = normalize(orig, true);
    assert_eq!(n.text, "kyiv's army");
    assert_eq!(n.orig_end(6), "Kyiv\u{2019}s".len());
    assert_eq!(n.orig_start(7), "Kyiv\u{2019}s ".len());
}

#[test]
fn dropped_characters_are_outside_matches() {
    let orig = "\u{200B}Kiev\u{200B} x";
    let n = normalize(orig, true);
    assert_eq!(n.text, "kiev x");
    assert_eq!(&orig[n.orig_start(0)..n.orig_end(4)], "Kiev");
}

impl Normalizer {
    /// The word-at-a-time road [`Normalizer::ascii`] replaced.
    fn ascii_by_words(&mut self, s: &str, base: usize) {
        let bytes = s.as_bytes();
        let is_space = |b: u8| b == b'-' || b.is_ascii_whitespace() || b == 0x0B;
        let mut i = 0;
        while i < bytes.len() {
            if is_space(bytes[i]) {
                let start = i;
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                let norm_start = self.text.len();
                if !self.last_space {
                    self.text.push(b' ');
                }
                self.last_space = true;
                self.note(norm_start, base + start, base + i);
            } else {
                let start = i;
                while i < bytes.len() && !is_space(bytes[i]) {
                    i += 1;
                }
                let from = self.text.len();
                self.text.extend_from_slice(&bytes[start..i]);
                let run = &mut self.text[from..];
                if self.fold {
                    run.make_ascii_lowercase();
                }
                for b in run.iter_mut().filter(|b| **b == b'`') {
                    *b = b'\'';
                }
                self.last_space = false;
            }
        }
    }
}

fn normalizer(fold: bool, last_space: bool) -> Normalizer {
    Normalizer {
        text: Vec::new(),
        shifts: Vec::new(),
        last_space,
        fold,
    }
}

proptest::proptest! {
    /// Bulk stretches give the text, shifts and state of the word road.
    #[test]
    fn ascii_in_bulk_matches_word_by_word(s in "[aAzZ@\\[`{ \t\n\r\u{0B}\u{0C}\u{1F}.-]{0,40}", fold: bool, last_space: bool) {
        let (mut bulk, mut words) = (normalizer(fold, last_space), normalizer(fold, last_space));
        bulk.ascii(&s, 3);
        words.ascii_by_words(&s, 3);
        proptest::prop_assert_eq!(&bulk.text, &words.text);
        proptest::prop_assert_eq!(&bulk.shifts, &words.shifts);
        proptest::prop_assert_eq!(bulk.last_space, words.last_space);
    }
}

/// [`normalize`] as it was: the quick check over the whole text and
/// the word-at-a-time road for ASCII stretches.
fn normalize_by_words(original: &str, fold: bool) -> (String, Vec<Shift>) {
    let mut out = normalizer(fold, false);
    if is_nfc_quick(original.chars()) == IsNormalized::Yes {
        let mut at = 0;
        while at < original.len() {
            let rest = &original[at..];
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            out.ascii_by_words(&rest[..ascii], at);
            at += ascii;
            if let Some(c) = original[at..].chars().next() {
                out.cluster(at, at + c.len_utf8(), std::iter::once(c));
                at += c.len_utf8();
            }
        }
    } else {
        for (start, end) in nfc_clusters(original) {
            out.cluster(start, end, original[start..end].nfc());
        }
    }
    (String::from_utf8(out.text).unwrap_or_default(), out.shifts)
}

proptest::proptest! {
    /// The whole road (ASCII in bulk, the quick check by stretches
    /// beyond ASCII) gives the text and shifts of the road it replaced,
    /// on ASCII with white space, quotes, dashes, letters beyond ASCII,
    /// a combining accent (text that is not NFC) and a soft hyphen.
    #[test]
    fn bulk_and_word_roads_agree(
        s in "[aZ` \t\n-]{0,6}([\u{2019}\u{201C}\u{2026}\u{2018}\u{A0}\u{2014}\u{C9}\u{301}\u{AD}\u{DF}\u{130}][aZ` \t\n-]{0,6}){0,5}",
        fold: bool,
    ) {
        let n = normalize(&s, fold);
        let (text, shifts) = normalize_by_words(&s, fold);
        proptest::prop_assert_eq!(&n.text, &text);
        proptest::prop_assert_eq!(&n.shifts, &shifts);
        let whole = is_nfc_quick(s.chars()) == IsNormalized::Yes;
        proptest::prop_assert_eq!(is_nfc_quick_by_runs(&s), whole);
    }
}

/// [`normalize_into`] as it was before one pass both checked and
/// normalized: the text asked whether it is ASCII, then whether it is NFC
/// by stretches, then normalized.
fn normalize_two_pass(original: &str, fold: bool) -> (String, Vec<Shift>) {
    let mut out = normalizer(fold, false);
    if original.is_ascii() {
        out.ascii(original, 0);
    } else if is_nfc_quick_by_runs(original) {
        let mut rest = original;
        let mut at = 0;
        while !rest.is_empty() {
            let ascii = ascii_len(rest.as_bytes());
            out.ascii(&rest[..ascii], at);
            let (done, tail) = rest.split_at(ascii);
            at += done.len();
            rest = tail;
            if let Some(c) = rest.chars().next() {
                out.cluster(at, at + c.len_utf8(), std::iter::once(c));
                at += c.len_utf8();
                rest = &rest[c.len_utf8()..];
            }
        }
    } else {
        for (start, end) in nfc_clusters(original) {
            out.cluster(start, end, original[start..end].nfc());
        }
    }
    (String::from_utf8(out.text).unwrap_or_default(), out.shifts)
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/normalize_one_pass.txt"))]

    /// One pass gives the text and shifts of the two passes it replaced,
    /// into a buffer that held another text before, on text NFC or not
    /// (a combining accent after a letter, or after a dash or quote).
    #[test]
    fn one_pass_is_two_passes(
        s in "[aZ` \t\n-]{0,6}([\u{2019}\u{201C}\u{2026}\u{2014}\u{A0}\u{C9}\u{301}\u{AD}\u{DF}\u{130}\u{1100}\u{1161}][aZ` \t\n-]{0,6}){0,6}",
        before in "[a \u{2019}\u{301}]{0,8}",
        fold: bool,
    ) {
        let mut n = normalize(&before, fold);
        normalize_into(&mut n, &s, fold);
        let (text, shifts) = normalize_two_pass(&s, fold);
        proptest::prop_assert_eq!(&n.text, &text);
        proptest::prop_assert_eq!(&n.shifts, &shifts);
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/ascii_len.txt"))]

    /// Eight bytes at a time find the first byte beyond ASCII where
    /// sixteen at a time found it.
    #[test]
    fn ascii_len_by_words_is_by_sixteen(
        bytes in proptest::collection::vec(
            proptest::prop_oneof![8 => 0u8..0x80, 1 => 0x80u8..=0xFF],
            0..80,
        )
    ) {
        proptest::prop_assert_eq!(ascii_len(&bytes), ascii_len_by_sixteen(&bytes));
    }
}

/// The marks the quick check by stretches steps over are NFC and combine
/// with nothing, as ASCII: the check forgets all it has seen at each.
#[test]
fn skipped_marks_are_starters_in_nfc() {
    let marks: Vec<char> = ('\u{2000}'..='\u{20FF}')
        .filter(|c| crate::text::punctuation_at(c.to_string().as_bytes(), 0).is_some())
        .collect();
    assert_eq!(marks.len(), 7, "{marks:?}");
    for c in marks {
        assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        // a combining mark after it is still seen
        assert!(!is_nfc_quick_by_runs(&format!("a{c}\u{301}")));
    }
}

#[test]
fn forms_trim() {
    assert_eq!(normalize_form("  Kiev-regime ", true), "kiev regime");
    assert_eq!(normalize_form("---", true), "");
}

/// Each mark [`Normalizer::punctuation`] writes without decoding it is
/// written as [`Normalizer::cluster`] writes it, after white space or
/// not, folded or not: text, shifts and the state left.
#[test]
fn punctuation_is_its_cluster() {
    for third in 0x80..=0xBFu8 {
        let mark = [0xE2, 0x80, third];
        if crate::text::punctuation_at(&mark, 0).is_none() {
            continue;
        }
        let c = std::str::from_utf8(&mark)
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or_default();
        for fold in [false, true] {
            for last_space in [false, true] {
                let (mut fast, mut slow) =
                    (normalizer(fold, last_space), normalizer(fold, last_space));
                fast.text.push(b'x');
                slow.text.push(b'x');
                fast.punctuation(third, 5);
                slow.cluster(5, 8, std::iter::once(c));
                assert_eq!(fast.text, slow.text, "{c:?}");
                assert_eq!(fast.shifts, slow.shifts, "{c:?}");
                assert_eq!(fast.last_space, slow.last_space, "{c:?}");
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/normalize_punctuation.txt"))]

    /// The whole road (the punctuation of news text written without a
    /// call of `cluster`) gives the text and shifts of the two-pass road,
    /// and so the same original offsets at every normalized offset, on
    /// text of the characters that matter: every curly quote and dash,
    /// NBSP and other Unicode spaces, soft hyphens and zero-width
    /// characters, combining marks (text not in NFC), folding cases
    /// (Turkish dotted I, sharp s, Greek final sigma), CJK, runs of white
    /// space and CRLF.
    #[test]
    fn punctuation_road_is_two_passes(
        s in "([aZI` \t\r\n.-]{0,5}[\u{2013}\u{2014}\u{2018}\u{2019}\u{201C}\u{201D}\u{2026}\u{201A}\u{201E}\u{2010}\u{2212}\u{A0}\u{2009}\u{3000}\u{AD}\u{200B}\u{200D}\u{FEFF}\u{301}\u{308}\u{130}\u{131}\u{DF}\u{3A3}\u{3C2}\u{4E2D}\u{6587}\u{E9}\u{1E9E}]{0,3}){0,8}",
        fold: bool,
    ) {
        let n = normalize(&s, fold);
        let (text, shifts) = normalize_two_pass(&s, fold);
        proptest::prop_assert_eq!(&n.text, &text);
        proptest::prop_assert_eq!(&n.shifts, &shifts);
        let old = Normalized { text, shifts };
        for k in 0..=n.text.len() {
            proptest::prop_assert_eq!(n.orig_start(k), old.orig_start(k));
            proptest::prop_assert_eq!(n.orig_end(k), old.orig_end(k));
        }
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/ascii_len_long.txt"))]

    /// Four words at a time find the first byte beyond ASCII where
    /// sixteen bytes at a time found it, on runs long enough (a byte
    /// beyond ASCII one in some sixty) that the bytes of 32 go by
    /// together, and that the one beyond ASCII falls anywhere in them.
    #[test]
    fn ascii_len_by_four_words_is_by_sixteen(
        bytes in proptest::collection::vec(
            proptest::prop_oneof![60 => 0u8..0x80, 1 => 0x80u8..=0xFF],
            0..300,
        )
    ) {
        proptest::prop_assert_eq!(ascii_len(&bytes), ascii_len_by_sixteen(&bytes));
    }
}
