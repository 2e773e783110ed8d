//! Paragraphs, sentences and tokens on hand-made texts, and the ASCII steps
//! of the tokenizer against the character road.

use super::*;

fn sentence_texts(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn sentence_table() {
    let cases: &[(&str, &[&str])] = &[
        ("One. Two.", &["One.", "Two."]),
        ("Is it? Yes!", &["Is it?", "Yes!"]),
        (
            "Mr. Rubio spoke. Then he left.",
            &["Mr. Rubio spoke.", "Then he left."],
        ),
        ("The U.S. and Russia met.", &["The U.S. and Russia met."]),
        (
            "Vice President J. D. Vance said so.",
            &["Vice President J. D. Vance said so."],
        ),
        (
            "\u{201C}We will never.\u{201D} He said it.",
            &["\u{201C}We will never.\u{201D}", "He said it."],
        ),
        (
            "\u{201C}Why?\u{201D} he asked.",
            &["\u{201C}Why?\u{201D} he asked."],
        ),
        ("Headline\nBody text.", &["Headline", "Body text."]),
        (
            "Wrapped line\ncontinues here.",
            &["Wrapped line\ncontinues here."],
        ),
        (
            "CRLF one.\r\nCRLF two.\rCR three.",
            &["CRLF one.", "CRLF two.", "CR three."],
        ),
        ("In 2014. 35 people died.", &["In 2014.", "35 people died."]),
        ("March 2014.Anton", &["March 2014.Anton"]),
        ("   ", &[]),
        (
            "Wait\u{2026} What? Yes.",
            &["Wait\u{2026}", "What?", "Yes."],
        ),
        ("He said no... Then yes.", &["He said no...", "Then yes."]),
        ("Gen. Smith and Mr. Jones.", &["Gen. Smith and Mr. Jones."]),
    ];
    for (text, want) in cases {
        assert_eq!(sentence_texts(text), *want, "input {text:?}");
    }
}

#[test]
fn token_table() {
    let cases: &[(&str, &[&str])] = &[
        ("Kyiv's army", &["Kyiv's", "army"]),
        ("Kyiv\u{2019}s", &["Kyiv\u{2019}s"]),
        ("Western-backed coup", &["Western", "backed", "coup"]),
        ("1,000 and 2.5.", &["1,000", "and", "2.5"]),
        ("'quoted'", &["quoted"]),
        ("Ukrainians' land", &["Ukrainians", "land"]),
        ("Київ і Крим", &["Київ", "і", "Крим"]),
        ("the U.S. and U.K.", &["the", "U.S.", "and", "U.K."]),
        ("U.S.A. troops", &["U.S.A.", "troops"]),
        ("e.g., a.m. or i.e.", &["e.g.", "a.m.", "or", "i.e."]),
        ("in the U.S.", &["in", "the", "U.S."]),
        ("U.S.-backed", &["U.S.", "backed"]),
        ("\u{201C}U.S.\u{201D}", &["U.S."]),
        // not abbreviations of single letters
        ("J. D. Vance", &["J", "D", "Vance"]),
        ("Ph.D. and No.1", &["Ph", "D", "and", "No", "1"]),
        ("a.b and U.S", &["a", "b", "and", "U", "S"]),
        ("U.Sx. q.2.", &["U", "Sx", "q", "2"]),
        ("2.5.U.S.", &["2.5", "U.S."]),
    ];
    for (text, want) in cases {
        let got: Vec<&str> = tokens(text).map(|r| &text[r]).collect();
        assert_eq!(got, *want, "input {text:?}");
    }
}

/// The tokens of `text` read a character at a time throughout: the
/// road the ASCII steps of [`tokens`] must agree with.
fn char_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() && out.last().is_none_or(|t| t.end <= i) {
            out.push(char_token(text, i));
        }
    }
    out
}

#[test]
fn ascii_steps_agree_with_characters() {
    for text in [
        "Kyiv's army, 1,000 and 2.5. don't 'quoted' x-y a.b 3,b",
        "the U.S. and U.K., e.g. U.S.A.-backed; J. D. Vance a.b U.S Ph.D. U.S.x",
        "end with digit 3, and apostrophe' s",
        "d'\u{C9}tat Kyiv\u{2019}s caf\u{E9}s U.\u{C9}. 2,\u{661} x.\u{E9}",
        "",
        "...",
    ] {
        assert_eq!(
            tokens(text).collect::<Vec<_>>(),
            char_tokens(text),
            "{text:?}"
        );
        assert_eq!(count_tokens(text), char_tokens(text).len(), "{text:?}");
    }
}

proptest::proptest! {
    #[test]
    fn ascii_steps_agree_with_characters_on_any_text(text in "[aUS2 .,'\u{e9}\u{201D}\u{2019}\u{661}-]{0,24}") {
        proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), char_tokens(&text), "{:?}", text);
    }

    /// The punctuation beyond ASCII that the tokenizer steps over without
    /// decoding (dashes, curly quotes, the ellipsis), beside letters,
    /// digits, periods, letters beyond ASCII and other characters that
    /// start `E2 80` (`•`) or `E2` (`€`), as the character road reads it.
    #[test]
    fn punctuation_steps_agree_with_characters(
        text in "[aUS2 .,'\u{e9}\u{2013}\u{2014}\u{2018}\u{2019}\u{201C}\u{201D}\u{2026}\u{2022}\u{20AC}]{0,24}"
    ) {
        proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), char_tokens(&text), "{:?}", text);
    }
}

proptest::proptest! {
    /// Long words and the bytes at the edges of the letter and digit
    /// ranges (`/` `:` `@` `[` `` ` `` `{`), which the eight-byte test of
    /// a run must tell apart as the byte table does.
    #[test]
    fn eight_byte_runs_agree_with_characters(text in "[aAzZ09/:@\\[`{ .,'\u{e9}\u{2019}]{0,40}") {
        proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), char_tokens(&text), "{:?}", text);
    }
}

/// Every byte, in every position of a word and beside bytes of every
/// kind (ASCII or not, letter or not), is called a letter or digit by the
/// eight-byte test exactly when the byte table calls it one.
#[test]
fn alnum_bytes_agree_with_the_table() {
    for (b, fill) in (0..=255u8).flat_map(|b| [b'-', b'z', 0x7F, 0x80, 0xFF].map(|f| (b, f))) {
        for at in 0..8 {
            let mut word = [fill; 8];
            word[at] = b;
            let got = alnum_bytes(u64::from_le_bytes(word));
            for (k, &c) in word.iter().enumerate() {
                assert_eq!(
                    got >> (8 * k + 7) & 1 == 1,
                    ALNUM[usize::from(c)],
                    "{b:#x} at {at} among {fill:#x}"
                );
            }
        }
    }
}

#[test]
fn one_word_per_line_gives_bounded_sentences() {
    // 20,000 lower-case words, one per line, no punctuation: one
    // paragraph, which used to be one sentence of the whole text.
    let words: Vec<String> = (0..20_000).map(|i| format!("word{}", i % 97)).collect();
    let text = words.join("\n");
    let got = sentences(&text);
    let longest = got.iter().map(|r| r.len()).max().unwrap();
    let line = words.iter().map(String::len).max().unwrap();
    assert!(longest <= MAX_WRAPPED_SENTENCE + line, "longest {longest}");
    // every sentence but the last is past the bound, so there are at
    // most text / bound of them, and no word is lost or split
    assert!(
        got.len() <= text.len() / MAX_WRAPPED_SENTENCE + 1,
        "{}",
        got.len()
    );
    assert!(got.len() >= text.len() / (MAX_WRAPPED_SENTENCE + line + 1));
    let rejoined: Vec<&str> = got.iter().flat_map(|r| text[r.clone()].lines()).collect();
    assert_eq!(rejoined, words);
}

#[test]
fn capitalised_words_one_per_line_join_into_bounded_sentences() {
    // Title-case words one per line (a transcript or a PDF export):
    // before, every capitalised line was a paragraph and a sentence.
    let words: Vec<String> = (0..3_000).map(|i| format!("Word{}", i % 97)).collect();
    let text = words.join("\n");
    let got = sentences(&text);
    let line = words.iter().map(String::len).max().unwrap();
    assert!(
        got.len() <= text.len() / MAX_WRAPPED_SENTENCE + 1,
        "{}",
        got.len()
    );
    assert!(got.iter().all(|r| r.len() <= MAX_WRAPPED_SENTENCE + line));
    let rejoined: Vec<&str> = got.iter().flat_map(|r| text[r.clone()].lines()).collect();
    assert_eq!(rejoined, words);
    // a headline line above a body still stands apart
    let text = "Crimea\nRussia annexed it in 2014.";
    assert_eq!(paragraphs(text).len(), 2);
}

#[test]
fn long_sentences_without_line_breaks_stay_whole() {
    let long = format!("{} end.", "very ".repeat(400));
    assert_eq!(sentences(&long).len(), 1);
    let wrapped = format!("Start {}\nmore. Next one.", "very ".repeat(50));
    assert_eq!(
        sentences(&wrapped).len(),
        2,
        "short wrapped sentences unchanged"
    );
}

#[test]
fn paragraphs_split_on_blank_and_capital_lines() {
    let text = "A b\nc d\n\nE f\nG h";
    let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, ["A b\nc d", "E f", "G h"]);
}

/// Abbreviations are recognised in any case without a lower-case copy, as
/// the copy recognised them.
#[test]
fn abbreviations_in_any_case_agree_with_the_lower_case_copy() {
    for before in [
        "said Mr",
        "MR",
        "mR",
        "the CORP",
        "Inc",
        "x Dept",
        "U.S",
        "J",
        "j",
        "word",
        "",
        "caf\u{E9}",
        "\u{C9}D",
        "St",
        "sT",
    ] {
        let word_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[word_start..];
        let mut cs = word.chars();
        let want = !word.is_empty()
            && (word.contains('.')
                || match (cs.next(), cs.next()) {
                    (Some(c), None) => c.is_uppercase(),
                    _ => ABBREVIATIONS.contains(&word.to_lowercase().as_str()),
                });
        assert_eq!(is_abbreviation(before), want, "{before:?}");
    }
}

/// Every abbreviation is found in any case, and words one letter longer
/// or shorter are found as the list finds them.
#[test]
fn sorted_keys_find_what_the_list_finds() {
    for a in ABBREVIATIONS {
        let words = [
            a.to_string(),
            a.to_uppercase(),
            format!("{}{}", a[..1].to_uppercase(), &a[1..]),
            format!("{a}s"),
            format!("{a}0"),
            a[1..].to_string(),
            a[..a.len() - 1].to_string(),
        ];
        for w in words {
            let listed = w.len() > 1 && ABBREVIATIONS.contains(&w.to_lowercase().as_str());
            let want = listed || w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase());
            assert_eq!(is_abbreviation(&format!("x {w}")), want, "{w:?}");
            assert_eq!(is_abbreviation_by_chars(&format!("x {w}")), want, "{w:?}");
        }
    }
}

/// No abbreviation is longer than the quick test of their length allows.
#[test]
fn no_abbreviation_is_longer_than_the_longest() {
    let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
    assert_eq!(longest, Some(LONGEST_ABBREVIATION));
}

proptest::proptest! {
    /// Abbreviations found a byte at a time are those found a character at
    /// a time.
    #[test]
    fn abbreviations_by_bytes_agree_with_characters(
        before in "[aAjJmMrRsStT.\u{e9}\u{c9}\u{2019} x-]{0,12}"
    ) {
        proptest::prop_assert_eq!(
            is_abbreviation(&before),
            is_abbreviation_by_chars(&before),
            "{:?}", before
        );
    }
}

/// Sentences of `text` with every character looked at as a possible end,
/// as before marks were searched for.
fn sentences_every_character(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut found = Vec::new();
    for para in paragraphs(text) {
        let s = &text[para.clone()];
        let next = |i: usize| (i..s.len()).find(|&t| s.is_char_boundary(t));
        split_paragraph_at(
            text,
            para,
            &mut |r| push_trimmed(text, r, &mut |t| found.push(t)),
            next,
        );
        for s in found.drain(..) {
            bound_at_line_breaks(text, s, &mut |t| out.push(t));
        }
    }
    out
}

/// Sentences as [`sentences_in`] found them before [`each_sentence`]:
/// each paragraph's trimmed pieces gathered into a list first, then
/// bounded at line breaks one by one. The road the one pass is held to.
pub(in crate::text) fn sentences_in_two_steps(
    text: &str,
    paragraphs: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut found = Vec::new();
    for para in paragraphs {
        split_paragraph(text, para.clone(), &mut |r| {
            push_trimmed(text, r, &mut |t| found.push(t))
        });
        for s in found.drain(..) {
            bound_at_line_breaks(text, s, &mut |t| out.push(t));
        }
    }
    out
}

proptest::proptest! {
    /// Searching for the marks that end sentences finds the sentences
    /// that looking at every character finds.
    #[test]
    fn searched_marks_split_as_every_character(
        text in "[aAmMrR .!?\u{2026}\u{201D}\u{201C}\u{2019}\u{2014}\u{e2}\n\"'()9]{0,60}"
    ) {
        proptest::prop_assert_eq!(sentences(&text), sentences_every_character(&text), "{:?}", text);
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/ellipsis.txt"))]

    /// The search for the ellipsis's last byte finds the ellipsis where
    /// the search for the whole mark, which it replaced, found it: among
    /// the marks that share its first bytes or its last one (`æ`, `¦`,
    /// `Ħ`), and in text cut anywhere, even inside a character.
    #[test]
    fn ellipsis_by_last_byte_is_by_whole_mark(
        text in "[a .\u{2026}\u{201D}\u{2019}\u{2014}\u{e6}\u{a6}\u{126}\u{2126}]{0,24}",
        cut in 0usize..4,
    ) {
        let bytes = &text.as_bytes()[cut.min(text.len())..];
        proptest::prop_assert_eq!(
            find_ellipsis(bytes),
            memchr::memmem::find(bytes, ELLIPSIS.as_bytes()),
            "{:?}", bytes
        );
    }
}

/// [`trim_range`] as it was, by characters: the road it is held to.
fn trim_range_by_chars(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// [`paragraphs`] as it was, reading each line's first character, its
/// white space and its ends by characters.
fn paragraphs_by_chars(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut continues = false;
    let mut single_before = false;
    for line in lines(text) {
        let body = trim_range_by_chars(text, line);
        if body.is_empty() {
            continues = false;
            continue;
        }
        let words = &text[body.clone()];
        let lower_start = words.chars().next().is_some_and(char::is_lowercase);
        let single = !words.contains(char::is_whitespace);
        match out.last_mut() {
            Some(last) if continues && (lower_start || single && single_before) => {
                last.end = body.end
            }
            _ => out.push(body),
        }
        continues = true;
        single_before = single;
    }
    out
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/paragraphs.txt"))]

    /// Paragraphs and trimmed ranges by bytes are those by characters, on
    /// text of ASCII and Unicode white space (NBSP, the em space, the
    /// ideographic space, NEL), line ends, letters of either case within
    /// and beyond ASCII, and the characters either side of trim's inline
    /// road: curly quotes, dashes and the ellipsis (U+2010 to U+2027, no
    /// white space) beside U+2000 to U+200A, U+2028, U+2029 and U+202F
    /// (white space), U+200B (not) and `€`.
    #[test]
    fn paragraphs_by_bytes_are_by_characters(
        parts in proptest::collection::vec(proptest::prop_oneof![
            "[aA \t\x0b\x0c\n\r\u{a0}\u{2003}\u{3000}\u{85}\u{e9}\u{c9}\u{201C}\u{2019}.]{0,12}",
            "[a \n\u{201C}\u{201D}\u{2026}\u{2014}\u{2010}\u{2027}\u{2028}\u{2029}\u{202F}\u{200A}\u{200B}\u{2000}\u{20AC}]{0,8}",
            proptest::strategy::Just("Word".to_string()),
            proptest::strategy::Just("\n\n".to_string()),
            proptest::strategy::Just("\r\n".to_string()),
        ], 0..12),
        cut in 0usize..6,
    ) {
        let text = parts.concat();
        proptest::prop_assert_eq!(paragraphs(&text), paragraphs_by_chars(&text), "{:?}", text);
        // every range between character boundaries, trimmed
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in bounds.iter().skip(k + cut).step_by(cut + 1) {
                proptest::prop_assert_eq!(
                    trim_range(&text, a..b),
                    trim_range_by_chars(&text, a..b),
                    "{:?} {}..{}", text, a, b
                );
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/sentence_bits.txt"))]

    /// Sentences split at the marks of the bitmap are those split at the
    /// marks searched for from each one, on text of the bytes that matter:
    /// the ellipsis and the characters that share its first bytes (curly
    /// quotes, dashes) or its last byte (`æ`, `¦`), abbreviations (`U.S.`,
    /// `Mr.`), CJK, CRLF and lone CR, sentences long enough to be bounded
    /// at line breaks and to cross the bitmap's 32-byte words, and text
    /// cut at any character boundary near its end.
    #[test]
    fn marks_by_bits_split_as_marks_searched(
        parts in proptest::collection::vec(proptest::prop_oneof![
            "[aAmMrRUS9 .!?'\"()\u{2026}\u{201C}\u{201D}\u{2019}\u{2014}\u{e6}\u{a6}\u{126}\u{2126}\u{4e2d}\u{a0}\n\r]{0,24}",
            proptest::strategy::Just("Mr. Smith of the U.S. said \u{201C}no\u{2026}\u{201D} Then".to_string()),
            proptest::strategy::Just("word ".repeat(230)),
            proptest::strategy::Just("\r\n".to_string()),
        ], 0..12),
        cut in 0usize..8,
    ) {
        let text = parts.concat();
        let mut end = text.len().saturating_sub(cut);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let paras = paragraphs(text);
        proptest::prop_assert_eq!(
            sentences_in(text, &paras),
            sentences_in_two_steps(text, &paras),
            "{:?}", text
        );
    }
}
