//! Tests of line hashing, normalisation and boilerplate lines.

use super::heads::{head_word, head_word_by_bytes, HEAD};
use super::*;
use xxhash_rust::xxh3::xxh3_64;

#[test]
fn lines_match_whatever_their_case_digits_and_spacing() {
    assert_eq!(line_hash("Photo:  AP 2014"), line_hash("photo: ap\t2015"));
    assert_ne!(line_hash("Photo: AP"), line_hash("Photo: Reuters"));
}

#[test]
fn a_line_in_enough_documents_of_one_outlet_is_boilerplate() {
    let rule = LineRule::default();
    let mut c = LineCounts::new(&rule);
    for story in [
        "Rain in the north.",
        "Snow in the east.",
        "Wind on the coast.",
        "Sun at last.",
    ] {
        let text = format!("{story}\nSubscribe to our newsletter!");
        c.add("A", &text, &doc_lines(&text));
        // the same footer in another outlet counts apart
        if story.starts_with("Rain") {
            c.add("B", &text, &doc_lines(&text));
        }
    }
    let (sets, rows) = c.finish(&rule);
    assert_eq!(
        rows,
        [BoilerplateLine {
            outlet: "A".into(),
            line: "Subscribe to our newsletter!".into(),
            documents: 4
        }]
    );
    assert!(!sets.contains_key("B"));
    let mut text = "Fog again.\nSubscribe to our newsletter!".to_string();
    let ranges = mask_ranges(&text, sets.get("A"), None, &repeated_runs(&text));
    blank(&mut text, &ranges);
    assert_eq!(text.trim_end(), "Fog again.");
    assert_eq!(text.len(), 39, "offsets unchanged");
}

/// The hashes the ASCII fast paths must reproduce: the character road
/// they replace, written out again here.
fn by_chars(word: &str, digits: bool) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if digits && c.is_ascii_digit() { '0' } else { c })
        .collect()
}

#[test]
fn ascii_and_unicode_words_hash_as_their_lower_case() {
    for text in [
        "Kyiv AP 2014 McDONALD'S x9 ZELENSKYY",
        "Zürich ÉTAT İstanbul ΣΟΦΊΑ straße",
        "tab\there  and\u{0B}vertical\u{2003}em-space",
        "  Lead and trail\t\r\n 12 ",
        "ascii\u{0B}vertical\u{0C}feed\u{1F}unit 0042",
        // white space at the seams of ASCII and other characters
        "He said \u{201C}No 2\u{201D}  then\u{A0} left \u{2014} 9 ",
        "\u{A0} lead\u{A0}\u{A0}x \u{2003}",
        "\u{201C}\u{201D} \u{2003}\u{A0}a",
        "x \u{A0}",
        " ",
        "",
    ] {
        let words = word_hashes(text);
        for (t, h) in crate::text::tokens(text).zip(&words) {
            let want = xxh3_64(by_chars(&text[t.clone()], false).as_bytes());
            assert_eq!(*h, want, "{:?}", &text[t.clone()]);
        }
        let line: Vec<String> = text.split_whitespace().map(|w| by_chars(w, true)).collect();
        assert_eq!(normal_line(text), line.join(" ").into_bytes(), "{text:?}");
    }
}

/// A paragraph made of `line`: as it is, in upper case, with its white
/// space widened and a digit changed, or twice over.
fn variant(line: &str, how: u8) -> String {
    match how {
        0 => line.to_string(),
        1 => line.to_uppercase(),
        2 => line.replace(' ', " \t ").replace('9', "4"),
        _ => format!("{line}{line}"),
    }
}

#[test]
fn heads_need_a_row_for_every_line() {
    let set: FxHashSet<u64> = ["More:", "Advertisement"]
        .map(line_hash)
        .into_iter()
        .collect();
    let long = "x".repeat(SHOWN_CHARS);
    assert!(Heads::of(&set, ["MORE:", "advertisement"]).is_some());
    assert!(Heads::of(&set, ["More:", &long]).is_some());
    // a row missing, a row without text, a whole text that is no line
    assert!(Heads::of(&set, ["More:"]).is_none());
    assert!(Heads::of(&set, ["More:", ""]).is_none());
    assert!(Heads::of(&set, ["More:", "Advert"]).is_none());
    assert!(Heads::of(&set, ["More:", "More:"]).is_none());
    let heads = Heads::of(&set, ["More:", &long]).unwrap_or_default();
    assert!(heads.may_hold(b"MORE: a story"));
    assert!(heads.may_hold(b"xxxxxxxxxxxxxxxxxxx"));
    assert!(!heads.may_hold(b"The story went on"));
    // read off no further than a white space run or an unknown character
    assert!(heads.may_hold(b"The  story"));
    assert!(heads.may_hold(b"The \xC3\xA9t\xC3\xA9"));
    assert!(heads.may_hold(b"short"));
    // white space last in the head is one space when a word follows
    assert!(!heads.may_hold(b"The sto ry"));
    assert!(heads.may_hold(b"The sto  ry"));
    assert!(heads.may_hold(b"The sto "));
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/lines.txt"))]

    /// The heads let through every paragraph that hashing every paragraph
    /// masks: the lines of `boilerplate.csv` found as the detection pass
    /// finds them, over documents made of a few lines in several guises
    /// (case, white space, digits, marks and other characters, and lines
    /// longer than the shown text).
    #[test]
    fn heads_let_through_every_line_hashing_masks(
        lines in proptest::collection::vec(proptest::prop_oneof![
            "[aZ9 \t.\u{201C}\u{2014}\u{A0}\u{130}\u{C9}]{0,14}",
            proptest::prelude::Strategy::prop_map("[aZ9 ]{1,5}", |s| format!("Z{}", s.repeat(40))),
        ], 1..6),
        docs in proptest::collection::vec(
            proptest::collection::vec((0usize..6, 0u8..4, 0usize..4), 0..8), 1..6),
    ) {
        let seps = ["\n\n", "\n", "\r\n\r\n", " \n \n"];
        let texts: Vec<String> = docs
            .iter()
            .map(|d| {
                d.iter()
                    .map(|&(i, how, sep)| variant(&lines[i % lines.len()], how) + seps[sep])
                    .collect()
            })
            .collect();
        let rule = LineRule { min_docs: 2, min_share: 0.0 };
        let mut counts = LineCounts::new(&rule);
        for t in &texts {
            counts.add("A", t, &doc_lines(t));
        }
        let (sets, rows) = counts.finish(&rule);
        if let Some(set) = sets.get("A") {
            let heads = Heads::of(set, rows.iter().map(|r| r.line.as_str()));
            proptest::prop_assert!(heads.is_some(), "{:?}", rows);
            for t in &texts {
                proptest::prop_assert_eq!(
                    mask_ranges(t, Some(set), heads.as_ref(), &[]),
                    mask_ranges(t, Some(set), None, &[]),
                    "{:?}", t
                );
            }
        }
    }

    /// Blanking in place gives the text that blanking a copy of the
    /// bytes and checking them again gave, on ranges at character
    /// boundaries or not, empty, overlapping, up to the end.
    #[test]
    fn blanking_in_place_is_blanking_a_copy(
        text in "[aZ \n\r\u{E9}\u{2019}\u{4E2D}]{0,16}",
        ranges in proptest::collection::vec((0usize..40, 0usize..8), 0..4),
    ) {
        let ranges: Vec<Range<usize>> = ranges
            .iter()
            .map(|&(s, n)| s.min(text.len())..(s + n).min(text.len()))
            .collect();
        let mut want = text.as_bytes().to_vec();
        for r in &ranges {
            for b in &mut want[r.clone()] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        let want = String::from_utf8(want).unwrap_or_default();
        let mut got = text.clone();
        blank(&mut got, &ranges);
        proptest::prop_assert_eq!(got, want);
    }

    /// Eight ASCII bytes are mapped in the word as one by one.
    #[test]
    fn heads_of_ascii_are_read_as_byte_by_byte(
        p in proptest::collection::vec(0u8..128, 0..12),
    ) {
        proptest::prop_assert_eq!(head_word(&p), head_word_by_bytes(&p), "{:?}", p);
    }

    /// A paragraph whose normalised form begins with a line's head is let
    /// through, whatever its first bytes: white space at the start, in
    /// runs or last among them, marks across the head's end, characters
    /// beyond ASCII.
    #[test]
    fn a_paragraph_beginning_as_a_line_is_let_through(
        line in "[aZ9 \t.\u{201C}\u{2014}\u{A0}\u{130}\u{C9}]{1,12}",
        how in 0u8..4,
        lead in "[ \t]{0,2}",
        tail in "[aZ9 \t\u{2019}\u{C9}]{0,10}",
    ) {
        let set: FxHashSet<u64> = [line_hash(&line)].into_iter().collect();
        let Some(heads) = Heads::of(&set, [line.as_str()]) else {
            // a line of white space alone normalises to nothing
            proptest::prop_assert!(normal_line(&line).is_empty());
            return Ok(());
        };
        let p = format!("{lead}{}{tail}", variant(&line, how));
        let (want, got) = (normal_line(&line), normal_line(&p));
        if got.starts_with(&want[..want.len().min(HEAD)]) {
            proptest::prop_assert!(heads.may_hold(p.as_bytes()), "{:?} {:?}", line, p);
        }
    }

    /// The bulk ASCII road gives the bytes of the word-by-word one on
    /// any mix of ASCII, white space and other characters.
    #[test]
    fn normal_lines_match_the_word_road(text in "[aZ9 \t\r\n\u{0B}.\u{A0}\u{2003}\u{201C}\u{2013}\u{2014}\u{2019}\u{2026}\u{2022}\u{C9}\u{130}]{0,24}") {
        let line: Vec<String> = text.split_whitespace().map(|w| by_chars(w, true)).collect();
        proptest::prop_assert_eq!(normal_line(&text), line.join(" ").into_bytes());
    }

    /// Lines of ASCII and marks only, normalised in one stretch, give
    /// the bytes of the word-by-word road too.
    #[test]
    fn lines_of_ascii_and_marks_match_the_word_road(text in "[aZ9 \t\r\n\u{0B}.\u{201C}\u{201D}\u{2013}\u{2014}\u{2018}\u{2019}\u{2026}]{0,32}") {
        proptest::prop_assert!(only_marks_beyond_ascii(text.as_bytes()));
        let line: Vec<String> = text.split_whitespace().map(|w| by_chars(w, true)).collect();
        proptest::prop_assert_eq!(normal_line(&text), line.join(" ").into_bytes());
    }

    /// Lines long enough for the vectorised loops and their tails (runs
    /// of white space across a vector's edge, words of every kind) give
    /// the bytes of the word-by-word road.
    #[test]
    fn long_lines_match_the_word_road(
        words in proptest::collection::vec(
            "[aZ9 \t\r\n.\u{A0}\u{2003}\u{201C}\u{2013}\u{2019}\u{2026}\u{C9}\u{130}]{0,3}[a-zA-Z0-9,.'\u{201D}]{0,12}",
            0..40),
        spaces in "[ \t\n]{1,3}",
    ) {
        let text = words.join(&spaces);
        let line: Vec<String> = text.split_whitespace().map(|w| by_chars(w, true)).collect();
        proptest::prop_assert_eq!(normal_line(&text), line.join(" ").into_bytes());
    }

    /// The dispatched map tells what a byte-by-byte look sees: a byte
    /// beyond ASCII among those mapped, two spaces from where asked.
    #[test]
    fn the_map_tells_bytes_beyond_ascii_and_two_spaces(
        before in proptest::collection::vec(proptest::prop_oneof![proptest::prelude::Just(b' '), 0u8..=255], 0..4),
        bytes in proptest::collection::vec(proptest::prop_oneof![proptest::prelude::Just(b' '), proptest::prelude::Just(b'\t'), 0u8..=255], 0..100),
        from in 0usize..6,
    ) {
        let mut out = before.clone();
        let from = from.min(before.len());
        let mapped = map_normal_into(&mut out, &bytes, from);
        let want: Vec<u8> = bytes.iter().map(|&b| ascii_normal(b)).collect();
        proptest::prop_assert_eq!(&out[..before.len()], &before[..]);
        proptest::prop_assert_eq!(&out[before.len()..], &want[..]);
        proptest::prop_assert_eq!(mapped.beyond_ascii, bytes.iter().any(|&b| b >= 0x80));
        let two = out[from..].windows(2).any(|w| w == b"  ");
        proptest::prop_assert_eq!(mapped.two_spaces, two);
    }
}

/// The branch-free map is the rule written out: every ASCII byte, and
/// whole stretches through the dispatched (AVX2) loop.
#[test]
fn every_ascii_byte_is_normalised_as_the_rule_says() {
    let rule = |b: u8| match b {
        b'A'..=b'Z' => b + 32,
        b'0'..=b'9' => b'0',
        b'\t'..=b'\r' => b' ',
        _ => b,
    };
    let all: Vec<u8> = (0..128u8).collect();
    let mut out = vec![b'x'];
    let mapped = map_normal_into(&mut out, &all, 1);
    assert_eq!(out[0], b'x');
    // space (32) follows the white space mapped from 9..=13
    assert_eq!(
        mapped,
        Mapped {
            beyond_ascii: false,
            two_spaces: true
        }
    );
    for b in 0..128u8 {
        assert_eq!(ascii_normal(b), rule(b), "{b}");
        assert_eq!(out[1 + usize::from(b)], rule(b), "{b}");
    }
}

#[test]
fn the_threshold_grows_with_the_outlet() {
    let rule = LineRule::default();
    // max(3, ceil(0.05 x docs))
    assert_eq!(rule.threshold(2), 3);
    assert_eq!(rule.threshold(60), 3);
    assert_eq!(rule.threshold(61), 4);
    assert_eq!(rule.threshold(1000), 50);
}

/// Two spaces are found wherever they are, alone in a stretch: within a
/// vector step, across two steps, in the padded tail, or one before the
/// stretch and one first in it; spaces one apart are not two spaces.
#[test]
fn the_map_finds_two_spaces_anywhere() {
    for len in 0..100usize {
        for i in 0..len {
            for gap in [1, 2] {
                let mut bytes = vec![b'a'; len];
                bytes[i] = b' ';
                let other = (i + gap < len).then(|| i + gap);
                if let Some(j) = other {
                    bytes[j] = b'\t';
                }
                let mut out = b"x".to_vec();
                let mapped = map_normal_into(&mut out, &bytes, 0);
                let want = gap == 1 && other.is_some();
                assert_eq!(mapped.two_spaces, want, "{len} {i} {gap}");
                assert!(!mapped.beyond_ascii);
                let mut out = b"x ".to_vec();
                let mapped = map_normal_into(&mut out, &bytes, 1);
                assert_eq!(mapped.two_spaces, want || i == 0, "{len} {i} {gap}");
            }
        }
        let mut bytes = vec![b'a'; len];
        if let Some(last) = bytes.last_mut() {
            *last = 0xE2;
        }
        let mapped = map_normal_into(&mut Vec::new(), &bytes, 0);
        assert_eq!(mapped.beyond_ascii, len > 0, "{len}");
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/lines.txt"))]

    /// Blanking whole paragraphs leaves the others the paragraphs of the
    /// blanked text, ranges and all: what `Repeats::mask` gives the
    /// matcher instead of finding them again. Over lines that continue a
    /// paragraph (lower case, single words), start one (capitals, marks
    /// beyond ASCII), blank or white space only (NBSP, U+2028), split by
    /// LF, CRLF or a lone CR, and any choice of paragraphs blanked.
    #[test]
    fn blanked_paragraphs_leave_the_others_as_they_were(
        lines in proptest::collection::vec(proptest::prop_oneof![
            "[a-c]{1,4}( [a-c]{1,3}){0,3}",
            "[A-C\u{C9}\u{201C}][a-c]{0,3}( [a-c]{1,3}){0,2}",
            "[a-cA-C]{1,5}",
            "[ \t\u{A0}\u{2028}]{0,3}",
            "[a-cZ \u{E9}\u{2019}.]{0,10}",
        ], 0..14),
        seps in proptest::collection::vec(0usize..4, 14),
        pick in proptest::collection::vec(proptest::bool::ANY, 14),
    ) {
        let breaks = ["\n", "\r\n", "\r", "\n\n"];
        let text: String = lines
            .iter()
            .zip(&seps)
            .map(|(l, &s)| format!("{l}{}", breaks[s]))
            .collect();
        let before = paragraphs(&text);
        let blanked: Vec<Range<usize>> = before
            .iter()
            .zip(&pick)
            .filter(|(_, &p)| p)
            .map(|(r, _)| r.clone())
            .collect();
        let kept: Vec<Range<usize>> = before
            .iter()
            .filter(|r| !blanked.contains(r))
            .cloned()
            .collect();
        let mut masked = text.clone();
        blank(&mut masked, &blanked);
        proptest::prop_assert_eq!(paragraphs(&masked), kept, "{:?}", text);
    }
}
