use super::*;

#[test]
fn counts_table() {
    // (text, tokens as the tokenizer finds them)
    for (text, want) in [
        ("", 0),
        ("don't stop 1,000 or 2.5 times", 6),
        ("rock'n'roll, 'quoted' and Ukrainians' land", 5),
        ("a'1 1'a 1.a a.1 1,,2 x", 11),
        ("The U.S. and U.K.", 4),
        ("Kyiv\u{2019}s army", 2),
        ("U.S.A. and a.b.c, x'U.S. or x\u{2019}a.m. U.S.-made", 11),
        ("U.Sx. 2.U.S. U.S.2 ab.c.d", 9),
    ] {
        assert_eq!(count_tokens(text), want, "{text:?}");
        assert_eq!(super::super::tokens(text).count(), want, "{text:?}");
    }
    assert_eq!(
        ascii_count(b"The U.S. and"),
        Some(3),
        "a period between letters"
    );
    assert_eq!(
        ascii_count("caf\u{E9}".as_bytes()),
        None,
        "a letter beyond ASCII"
    );
    assert_eq!(
        ascii_count("Kyiv\u{2019}s \u{201C}war\u{201D}".as_bytes()),
        Some(2)
    );
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/count.txt"))]

    /// The count equals the tokenizer's on text made of the bytes its
    /// rules turn on.
    #[test]
    fn the_count_is_the_tokenizers(
        text in "[aUS29 .,'\u{e9}\u{2019}\u{2018}\u{201C}\u{2014}\u{2026}\u{A0}-]{0,32}"
    ) {
        proptest::prop_assert_eq!(count_tokens(&text), super::super::tokens(&text).count());
    }

    /// The count equals the tokenizer's on text made of abbreviations
    /// of single letters and what stands around them: chains of
    /// letters and periods, apostrophes straight and curly before
    /// them, digits, and the other marks beyond ASCII.
    #[test]
    fn abbreviations_count_as_the_tokenizer_reads_them(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("U."),
            proptest::strategy::Just("S."),
            proptest::strategy::Just("a"),
            proptest::strategy::Just("Sx"),
            proptest::strategy::Just("."),
            proptest::strategy::Just(" "),
            proptest::strategy::Just("'"),
            proptest::strategy::Just("\u{2019}"),
            proptest::strategy::Just("\u{201C}"),
            proptest::strategy::Just("\u{e9}"),
            proptest::strategy::Just("2"),
            proptest::strategy::Just(","),
            proptest::strategy::Just("-"),
        ], 0..24)
    ) {
        let text = parts.concat();
        proptest::prop_assert_eq!(count_tokens(&text), super::super::tokens(&text).count(), "{:?}", text);
    }

    /// The chunks count what the blocks counted, on text long enough
    /// for many chunks and a padded last one.
    #[test]
    fn chunks_count_as_blocks(
        bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b'a'),
            proptest::strategy::Just(b'Z'),
            proptest::strategy::Just(b'5'),
            proptest::strategy::Just(b' '),
            proptest::strategy::Just(b'.'),
            proptest::strategy::Just(b','),
            proptest::strategy::Just(b'\''),
            proptest::strategy::Just(0xE2u8),
            proptest::strategy::Just(0x99u8),
            proptest::strategy::Just(b'\n'),
        ], 0..300)
    ) {
        proptest::prop_assert_eq!(inner_counts(&bytes), inner_counts_by_blocks(&bytes));
        proptest::prop_assert_eq!(inner_counts_any(&bytes), inner_counts_by_blocks(&bytes));
    }

    /// A sentence's count from the marks of its text is
    /// [`count_tokens`] of the sentence, for any range of a text (at
    /// its start and end, across blocks, overlapping, in any order)
    /// made of the bytes the rules turn on: abbreviations, digits
    /// joined by `.` and `,`, apostrophes straight and curly, the
    /// other marks beyond ASCII, letters beyond ASCII and CJK, CRLF.
    #[test]
    fn marked_counts_are_count_tokens(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("U.S.".to_string()),
            proptest::strategy::Just("a.m.".to_string()),
            proptest::strategy::Just("1,000".to_string()),
            proptest::strategy::Just("2.5".to_string()),
            proptest::strategy::Just("don't".to_string()),
            proptest::strategy::Just("Kyiv\u{2019}s".to_string()),
            proptest::strategy::Just("\u{201C}".to_string()),
            proptest::strategy::Just("\u{2014}".to_string()),
            proptest::strategy::Just("\u{e9}".to_string()),
            proptest::strategy::Just("\u{4e2d}".to_string()),
            proptest::strategy::Just("\r\n".to_string()),
            proptest::strategy::Just("word ".to_string()),
            "[aZ9 .,'-]{1,8}",
        ], 0..48),
        cuts in proptest::collection::vec((0usize..400, 0usize..400), 0..12),
    ) {
        let text = parts.concat();
        let marks = SentenceTokens::new(&text);
        // every range of character boundaries, and those of the cuts
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut ranges: Vec<Range<usize>> = cuts
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                a.min(b)..a.max(b)
            })
            .collect();
        if text.len() < 80 {
            for &a in &bounds {
                ranges.extend(bounds.iter().filter(|&&b| b >= a).map(|&b| a..b));
            }
        }
        ranges.push(0..text.len());
        for r in ranges {
            proptest::prop_assert_eq!(
                marks.count(r.clone()),
                count_tokens(&text[r.clone()]),
                "{:?} of {:?}", r, text
            );
        }
    }

    /// The classes found 32 bytes to a register are those found a
    /// byte at a time, on bytes of every kind.
    #[test]
    fn classes_are_the_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, BLOCK)) {
        let block: [u8; BLOCK] = bytes.try_into().map_err(|_| proptest::test_runner::TestCaseError::fail("length"))?;
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            proptest::prop_assert_eq!(unsafe { classes_avx2(&block) }, classes_any(&block));
        }
        let _ = block;
    }

    /// The search for `E2` gives what the walk over every byte gave,
    /// on text of ASCII, the marks of [`PUNCTUATION`], other
    /// characters that start with `E2` or hold `80`, and cut marks.
    #[test]
    fn counted_joins_are_the_walks(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(&b"a"[..]),
            proptest::strategy::Just(&b" "[..]),
            proptest::strategy::Just(&b"'"[..]),
            proptest::strategy::Just("\u{2019}".as_bytes()),
            proptest::strategy::Just("\u{201C}".as_bytes()),
            proptest::strategy::Just("\u{2014}".as_bytes()),
            proptest::strategy::Just("\u{2026}".as_bytes()),
            proptest::strategy::Just("\u{2022}".as_bytes()),
            proptest::strategy::Just("\u{2080}".as_bytes()),
            proptest::strategy::Just("\u{e9}".as_bytes()),
            proptest::strategy::Just("\u{0100}".as_bytes()),
            proptest::strategy::Just(&[0xE2u8, 0x80][..]),
            proptest::strategy::Just(&[0x80u8][..]),
        ], 0..24)
    ) {
        let bytes = parts.concat();
        let high = bytes.iter().filter(|b| !b.is_ascii()).count();
        proptest::prop_assert_eq!(punctuation_joins_counted(&bytes, high), punctuation_joins(&bytes));
    }
}
