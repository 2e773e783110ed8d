//! Negation scope, sentence by sentence. The word in question is marked
//! `[like this]`; each case says whether the English defaults negate it and
//! why.

use super::*;
use crate::text::{quote_spans, sentences};

/// (sentence with the word in brackets, negated?, why)
const CASES: &[(&str, bool, &str)] = &[
    // Plain cues.
    ("It was not an [invasion].", true, "not, two words before"),
    (
        "There is no evidence of a [coup] in Kyiv.",
        true,
        "no, four words before",
    ),
    (
        "Moscow denied that it was an [annexation].",
        true,
        "denied, five words before",
    ),
    (
        "The vote was far from a [referendum].",
        true,
        "the two-word cue far from",
    ),
    ("This isn't an [invasion].", true, "a word ending in n't"),
    (
        "This isn’t an [invasion].",
        true,
        "the same with a curly apostrophe",
    ),
    (
        "They didn't call it an [annexation].",
        true,
        "didn't, across call it an",
    ),
    (
        "Kyiv cannot be an [occupation] zone.",
        true,
        "cannot, across be and an",
    ),
    (
        "Russia never held a [referendum].",
        false,
        "never negates held, not the referendum",
    ),
    (
        "Kyiv cannot accept the [annexation].",
        false,
        "cannot negates accept: it still calls it one",
    ),
    (
        "European allies wouldn't recognize any occupied [territories].",
        false,
        "the verb stops the cue",
    ),
    (
        "Moscow did not have [invaded] Crimea, he said.",
        true,
        "across the auxiliary have",
    ),
    (
        "Crimea changed hands without a [referendum].",
        true,
        "without",
    ),
    (
        "Neither a [referendum] nor a vote took place.",
        true,
        "neither",
    ),
    ("It was neither a vote nor a [referendum].", true, "nor"),
    (
        "Officials refuted claims of an [invasion].",
        true,
        "refuted",
    ),
    (
        "Moscow denies any [occupation] of the peninsula.",
        true,
        "denies",
    ),
    (
        "They chose talks rather than [sanctions].",
        true,
        "rather than",
    ),
    (
        "The West backed talks instead of [sanctions].",
        true,
        "instead of",
    ),
    (
        "NOT AN [INVASION], the minister said.",
        true,
        "cues are matched in any case",
    ),
    // Not negated.
    (
        "Russia annexed Crimea after an [invasion].",
        false,
        "no cue",
    ),
    (
        "The [invasion] was not legal.",
        false,
        "a cue after the word does not reach back",
    ),
    (
        "Critics say the [annexation] breaks international law.",
        false,
        "no cue",
    ),
    (
        "No one doubts that the troops carried out an [invasion].",
        false,
        "no is seven words before, past the window",
    ),
    (
        "Noted analysts called it an [annexation].",
        false,
        "noted is not the cue no",
    ),
    (
        "Another [invasion] is feared.",
        false,
        "another holds the letters of no but is not a cue",
    ),
    // Scope ends at punctuation and at a turning word.
    (
        "It was not a vote, it was an [annexation].",
        false,
        "the comma ends the scope",
    ),
    (
        "It was not a vote; it was an [annexation].",
        false,
        "the semicolon ends the scope",
    ),
    (
        "Not a vote but an [annexation].",
        false,
        "but ends the scope",
    ),
    (
        "There was no vote, however an [annexation] followed.",
        false,
        "comma and however",
    ),
    (
        "Nothing happened although the [invasion] went on.",
        false,
        "although ends the scope",
    ),
    (
        "It was no vote (an [annexation] in all but name).",
        false,
        "a parenthesis ends the scope",
    ),
    (
        "Kyiv did not sign the deal which the [annexation] made void.",
        false,
        "which ends the scope",
    ),
    (
        "It was no referendum — it was an [annexation].",
        false,
        "a dash ends the scope",
    ),
    // Double negation: an even number of cues cancels.
    (
        "Kyiv will not give up Crimea without a [fight].",
        true,
        "without is one cue in reach; not is six words back",
    ),
    (
        "It was not without [violence].",
        false,
        "not and without both reach it",
    ),
    (
        "Nobody denied the [annexation].",
        false,
        "nobody and denied cancel",
    ),
    (
        "It is not that there was no [invasion].",
        false,
        "not and no both reach it",
    ),
    // Phrases that only look like cues.
    (
        "It was not only an [invasion] but a war.",
        false,
        "not only is not a cue",
    ),
    (
        "It was no doubt an [annexation].",
        false,
        "no doubt is not a cue",
    ),
    (
        "It was without a doubt an [annexation].",
        false,
        "without a doubt is not a cue",
    ),
    (
        "It was not just an [occupation].",
        false,
        "not just is not a cue",
    ),
    // Quotations: a scope does not cross a quotation mark.
    (
        "Putin said it was “not an [invasion]”.",
        true,
        "cue and word inside the same quotation",
    ),
    (
        "He did not say “[invasion]” once.",
        false,
        "a cue outside does not reach into a quotation",
    ),
    (
        "“This is not it,” he said of the [annexation].",
        false,
        "a cue inside does not reach out",
    ),
    (
        "She said “no” to the [annexation].",
        false,
        "the quoted no ends where its quotation does",
    ),
    // Sentences.
    (
        "It was not legal. The [annexation] went ahead.",
        false,
        "a scope never leaves its sentence",
    ),
    (
        "Not once. Never an [invasion].",
        true,
        "the second sentence has its own cue",
    ),
];

/// Whether the bracketed word of `case` is negated under `rules`.
fn judge(rules: &NegationRules, case: &str) -> bool {
    let at = case.find('[').expect("a case marks its word");
    let text = case.replacen('[', "", 1).replacen(']', "", 1);
    let quotes = quote_spans(&text);
    let sentence = sentences(&text)
        .into_iter()
        .find(|s| s.start <= at && at < s.end)
        .expect("the word is in a sentence");
    rules.negated(&text, sentence, &quotes, at)
}

#[test]
fn every_hand_written_case_is_judged_as_the_rule_says() {
    assert!(
        CASES.len() >= 40,
        "the issue asks for at least 40 sentences"
    );
    let rules = NegationRules::english();
    let wrong: Vec<String> = CASES
        .iter()
        .filter(|(case, want, _)| judge(&rules, case) != *want)
        .map(|(case, want, why)| format!("{case}: want negated={want} ({why})"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_window_is_counted_in_words_after_the_cue() {
    // "no" then "evidence of a" (three words) then the word: inside a
    // window of four, outside a window of three.
    let case = "There is no evidence of a [coup].";
    let mut rules = NegationRules::english();
    rules.window = 4;
    assert!(judge(&rules, case));
    rules.window = 3;
    assert!(!judge(&rules, case));
}

#[test]
fn a_lexicon_can_add_cues_and_enders_or_start_from_none() {
    let words = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let case = "Officials dismissed claims of a [coup].";
    assert!(!judge(&NegationRules::english(), case));
    let added = NegationRules::english()
        .with(&words(&["dismissed claims of"]), &[], &[])
        .unwrap();
    assert!(judge(&added, case));
    let none = NegationRules::empty(5);
    assert!(!judge(&none, "It was not an [invasion]."));
    // `*`: a cue reaches across any word, as in NegEx.
    let any = NegationRules::english().across(&words(&["*"])).unwrap();
    let verb = "European allies wouldn't recognize any occupied [territories].";
    assert!(!judge(&NegationRules::english(), verb));
    assert!(judge(&any, verb));
    let case = "It was not a vote then an [annexation].";
    assert!(judge(&any, case));
    let ender = any.with(&[], &[], &words(&["then"])).unwrap();
    assert!(!judge(&ender, case));
}

#[test]
fn a_cue_that_is_not_words_is_refused_by_name() {
    let bad = NegationRules::english().with(&["not, at all".to_string()], &[], &[]);
    let e = bad.unwrap_err();
    assert!(e.to_string().contains("not, at all"), "{e}");
    let two = NegationRules::english().with(&[], &[], &["even so".to_string()]);
    assert!(two.unwrap_err().to_string().contains("one word"));
    let across = NegationRules::english().across(&["call it".to_string()]);
    assert!(across.unwrap_err().to_string().contains("one word"));
}

/// The road [`NegationRules::negated_with`] is held to: the whole
/// look-back split forward, a string per word, every window of words
/// tried. (Before reading backwards, the look-back was split forward into
/// one buffer, and that road was held to this one too.)
fn negated_by_strings(
    rules: &NegationRules,
    text: &str,
    sentence: Range<usize>,
    quotes: &[Range<usize>],
    at: usize,
) -> bool {
    let from = scope_start(sentence.start, quotes, at).min(at);
    let mut cut = from.max(at.saturating_sub(LOOKBACK));
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let mut words: Vec<String> = Vec::new();
    for t in tokens(&text[cut..at]) {
        match t {
            Token::Stop => words.clear(),
            Token::Word(w) if rules.enders.contains(&w) => words.clear(),
            Token::Word(w) => words.push(w),
        }
    }
    if cut > from && !words.is_empty() {
        words.remove(0);
    }
    let cue_ends_at = |end: usize| {
        let w = &words[end];
        let cue_start = if w.ends_with("n't") {
            Some(end)
        } else {
            rules
                .cues
                .iter()
                .filter(|c| c.len() <= end + 1 && words[end + 1 - c.len()..=end] == c[..])
                .map(|c| end + 1 - c.len())
                .next()
        };
        let Some(start) = cue_start else {
            return false;
        };
        !rules.not_cues.iter().any(|p| {
            (start.saturating_sub(p.len())..=start).any(|s| {
                s + p.len() <= words.len() && s + p.len() > end && words[s..s + p.len()] == p[..]
            })
        })
    };
    let mut cues = 0;
    let mut neither_reaches = false;
    for end in 0..words.len() {
        let after = words.len() - 1 - end;
        let reaches = after < rules.window
            && cue_ends_at(end)
            && words[end + 1..].iter().all(|w| {
                rules.across.iter().any(|a| a == "*" || a == w)
                    || w.ends_with("n't")
                    || rules.cues.iter().any(|c| c.len() == 1 && c[0] == *w)
            });
        if !reaches {
            continue;
        }
        if words[end] == "nor" && neither_reaches {
            continue;
        }
        neither_reaches |= words[end] == "neither";
        cues += 1;
    }
    cues % 2 == 1
}

fn owned(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

/// Pieces of text for the property below: cues, non-cues, enders, words a
/// cue crosses, other words, apostrophes, punctuation, letters beyond
/// ASCII (one that lower-cases to two characters), quotes and spaces.
const PIECES: &[&str] = &[
    "not ",
    "no ",
    "never ",
    "far ",
    "from ",
    "only ",
    "doubt ",
    "neither ",
    "nor ",
    "but ",
    "an ",
    "the ",
    "evidence ",
    "of ",
    "it ",
    "was ",
    "invasion ",
    "coup ",
    "didn't ",
    "can",
    "not",
    "Kyiv's ",
    "Kyiv\u{2019}s ",
    "'",
    "\u{2019}",
    ", ",
    "; ",
    "(",
    "\u{2014}",
    ". ",
    "\u{201C}",
    "\u{201D}",
    "\"",
    "\u{130}",
    "\u{C9}",
    "STRASSE ",
    "x",
    "9",
    " ",
    "  ",
    "without ",
    "a ",
    "which ",
    "rather ",
    "than ",
    "n't ",
    "\u{2013}",
    "[",
    ": ",
    "\u{DF}",
];

/// Pieces of a text made of few words, and the cues and non-cues of
/// several words built from them below, so that these often stand in
/// full before a word, with a word or none before them.
const FEW: &[&str] = &[
    "not ",
    "no ",
    "a ",
    "the ",
    "x ",
    "x",
    "\u{2019}",
    ", ",
    "but ",
    "of ",
    "the a the a ",
    "a the a ",
    "x no ",
    "no x the ",
    "a of a of ",
];

/// Pieces of a long stretch before the text, without sentence ends, marks
/// or quotes: cut somewhere inside by the look-back, often inside a word
/// ("cannot" cut to "not") or a character of more than one byte.
const LEAD: &[&str] = &[
    "cannot ",
    "not",
    "no ",
    "far ",
    "from ",
    "rather ",
    "than ",
    "didn\u{2019}t ",
    "n't",
    "'",
    "the ",
    "a ",
    "of ",
    "without ",
    "doubt ",
    "which",
    "but ",
    "\u{130}",
    "\u{20AC}",
    "\u{1F600}",
    "x",
    " ",
];

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/negation.txt"))]

    /// Words read backwards from each word, only as far as they can
    /// matter, judge every word of a text as the whole look-back split a
    /// string per word did: at every window, with the look-back cut
    /// inside a word or a character, with cues and non-cues of up to four
    /// words.
    #[test]
    fn reading_back_judges_as_a_string_per_word(
        picks in proptest::collection::vec(0..PIECES.len(), 0..60),
        lead_picks in proptest::collection::vec(0..LEAD.len(), 60..200),
        window in 0usize..12,
        pad in 0usize..3,
        extra in 0usize..5,
    ) {
        let body: String = match extra {
            4 => picks.iter().map(|&i| FEW[i % FEW.len()]).collect(),
            _ => picks.iter().map(|&i| PIECES[i]).collect(),
        };
        // A long stretch before the text makes the look-back cut it.
        let lead = match pad {
            0 => String::new(),
            1 => "word ".repeat(90),
            _ => lead_picks.iter().map(|&i| LEAD[i]).collect(),
        };
        let text = format!("{lead}{body} coup.");
        // The English rules, with `*` reached across, with a cue, ender
        // and word reached across of a lexicon's own (which the quick
        // word tests must let through as well), or with cues and
        // non-cues of more words than the English ones.
        let mut rules = match extra {
            0 => NegationRules::english(),
            1 => NegationRules::english().across(&owned(&["*"])).unwrap(),
            2 => NegationRules::english()
                .with(&owned(&["x 9", "kyiv's"]), &owned(&["never x"]), &owned(&["strasse"]))
                .and_then(|r| r.across(&owned(&["invasion", "\u{c9}"])))
                .unwrap(),
            4 => NegationRules::english()
                .with(
                    &owned(&["a the a", "the x", "x", "of a of"]),
                    &owned(&["the a the a", "x no", "no x the", "a of a of"]),
                    &[],
                )
                .unwrap(),
            _ => NegationRules::english()
                .with(
                    &owned(&["evidence of an", "no no no no", "a"]),
                    &owned(&["the evidence of an", "not the evidence", "no no", "far from a coup"]),
                    &owned(&["coup"]),
                )
                .unwrap(),
        };
        rules.window = window;
        let quotes = quote_spans(&text);
        let mut words = OpenWords::default();
        for sentence in sentences(&text) {
            let words_at = sentence.start.max(lead.len())..sentence.end;
            for at in words_at.filter(|&i| text.is_char_boundary(i)) {
                let want = negated_by_strings(&rules, &text, sentence.clone(), &quotes, at);
                let got = rules.negated_with(&mut words, &text, sentence.clone(), &quotes, at);
                proptest::prop_assert_eq!(got, want, "{:?} at {}", text, at);
            }
        }
    }
}
