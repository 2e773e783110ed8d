//! Outlet names: one rule for names read from a corpus, a manifest,
//! `--missing-outlet as:NAME` and the command line (`--outlets`,
//! `--highlight`, `train --reference`). Two outlets must never count apart
//! while they print the same, so a name is trimmed, each run of white space
//! in it becomes one ASCII space (see [`spaces`]: `Fox\u{A0}News` and
//! `Fox  News` are `Fox News`), and it is put in Unicode NFC; a character
//! that hides, disguises or vanishes from a name is refused (never
//! stripped, so that what slant calls an outlet is what the file says):
//!
//! - control characters (NUL, line breaks, U+0080..U+009F; a tab is white
//!   space, and becomes a space);
//! - bidirectional controls: embeddings, overrides and isolates
//!   (U+202A..U+202E, U+2066..U+2069) and the invisible marks LRM, RLM and
//!   ALM (U+200E, U+200F, U+061C);
//! - invisible characters that join or show nothing in a name: zero-width
//!   space U+200B, word joiner U+2060, the invisible operators
//!   U+2061..U+2064, the byte-order mark U+FEFF, soft hyphen U+00AD, the
//!   Hangul fillers U+3164 and U+FFA0, and every other Default_Ignorable
//!   code point not listed below;
//! - the joiners ZWNJ and ZWJ (U+200C, U+200D), the combining grapheme
//!   joiner U+034F, variation selectors (U+FE00..U+FE0F, U+E0100..U+E01EF,
//!   Mongolian U+180B..U+180D, U+180F) and emoji tags (U+E0020..U+E007F)
//!   **where they cannot act**: they are kept where writing needs them,
//!   between two visible characters outside ASCII (Persian and Indic words,
//!   emoji sequences, a variation selector after its base), and a
//!   variation selector after a digit, `#` or `*` of a keycap; anywhere
//!   else ("Fox\u{200D}", "A\u{FE0F}") they print as nothing.

use std::borrow::Cow;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::ProblemKind;

/// An outlet name as given, trimmed, with its white space made single ASCII
/// spaces ([`spaces`]) and in Unicode NFC, so that "Café" typed with a
/// combining accent and without, or "Fox News" with a no-break space, is one
/// outlet. A name holding a character that hides or disguises it (see the
/// module's list) is refused: two outlets that print the same must not count
/// apart.
pub(crate) fn outlet_name(raw: &str) -> Result<String, ProblemKind> {
    // The common name, printable ASCII with single spaces, is kept as it
    // stands by every step of [`outlet_name_any`]: copied at once, without
    // looking at it character by character four times.
    let name = raw.trim();
    let plain = name.bytes().all(|b| (b' '..=b'~').contains(&b)) && !name.contains("  ");
    if plain && name.len() <= MAX_OUTLET_BYTES {
        return Ok(name.to_string());
    }
    outlet_name_any(raw)
}

/// [`outlet_name`] of any name, step by step.
fn outlet_name_any(raw: &str) -> Result<String, ProblemKind> {
    let name = spaces(raw.trim())?;
    check_outlet_length(&name)?;
    if let Some(c) = hidden_char(&name) {
        return Err(ProblemKind::OutletChar(c));
    }
    Ok(if is_nfc(&name) {
        name.into_owned()
    } else {
        name.nfc().collect()
    })
}

/// `name` (trimmed) with each run of Unicode White_Space made one ASCII
/// space: the tab, no-break spaces (U+00A0, narrow U+202F, figure U+2007),
/// the en, em and other typographic spaces (U+2000..U+200A), the ogham
/// (U+1680), mathematical (U+205F) and ideographic (U+3000) spaces, and the
/// line and paragraph separators U+2028 and U+2029, none of which a reader
/// tells from a space. The line breaks that are control characters (LF,
/// CR, vertical tab, form feed, NEL U+0085) are not made spaces but refused
/// like every control character: inside a name they are what a broken
/// record leaves (a quote that swallowed a line break), not a way of
/// writing it. Borrowed when nothing changes, as in most names.
fn spaces(name: &str) -> Result<Cow<'_, str>, ProblemKind> {
    let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}');
    if let Some(c) = name.chars().find(|&c| line_break(c)) {
        return Err(ProblemKind::OutletChar(c));
    }
    let plain = !name.contains("  ") && !name.chars().any(|c| c.is_whitespace() && c != ' ');
    if plain {
        return Ok(Cow::Borrowed(name));
    }
    Ok(Cow::Owned(
        name.split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

/// The longest outlet name slant reads, in bytes of UTF-8. The longest
/// names of real outlets ("The Philadelphia Inquirer and Daily News",
/// "Frankfurter Allgemeine Sonntagszeitung", a section appended) stay under
/// 100 bytes; 1,000 leaves room for any of them in any script (3 bytes a
/// character in most Asian scripts) while a name, which every output repeats
/// in many places, can no longer make a report many times the corpus.
pub const MAX_OUTLET_BYTES: usize = 1000;

/// The longest document id slant reads, in bytes of UTF-8. Ids of real
/// corpora (numbers, URLs, content hashes, `<file stem>:<line>`) stay well
/// under it; like an outlet name, an id is written into several tables and
/// messages, so a text in the id column could otherwise make a report many
/// times the corpus (an audit: two records with 1 MB ids gave a 6 MB
/// report.md and a 1 MB error message).
pub const MAX_ID_BYTES: usize = 1000;

/// Refuses an outlet name longer than [`MAX_OUTLET_BYTES`].
pub(crate) fn check_outlet_length(name: &str) -> Result<(), ProblemKind> {
    match name.len() {
        bytes if bytes > MAX_OUTLET_BYTES => Err(ProblemKind::OutletTooLong { bytes }),
        _ => Ok(()),
    }
}

/// An outlet name given on the command line (`--outlets`, `--highlight`,
/// `train --reference`), read by the rule of the corpus's names: trimmed,
/// its white space made single spaces and in NFC, so that it names the
/// outlet however its spaces and accents were typed, and refused if it
/// holds a character that hides or disguises it.
pub fn outlet_arg(raw: &str) -> Result<String, String> {
    outlet_name(raw).map_err(|p| p.to_string())
}

/// The bidirectional embeddings, overrides and isolates (U+202A..U+202E,
/// U+2066..U+2069) and the marks LRM, RLM and ALM.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The Default_Ignorable_Code_Point property of Unicode 15
/// (DerivedCoreProperties.txt): characters that show nothing by default.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Invisible characters that act on the characters around them: kept
/// between two visible characters outside ASCII.
fn is_contextual(c: char) -> bool {
    is_variation_selector(c)
        || matches!(
            c,
            '\u{200C}' | '\u{200D}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{E0020}'
                ..='\u{E007F}'
        )
}

fn is_variation_selector(c: char) -> bool {
    matches!(
        c,
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180D}' | '\u{180F}'
    )
}

/// A character that a contextual one may follow or precede: outside ASCII,
/// not white space, and visible or itself contextual (emoji sequences chain
/// a variation selector, a joiner and a tag).
fn can_carry(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        !c.is_ascii()
            && !c.is_whitespace()
            && !c.is_control()
            && (!is_default_ignorable(c) || is_contextual(c))
    })
}

/// The first character of `name` that hides or disguises it, if any.
fn hidden_char(name: &str) -> Option<char> {
    let chars: Vec<char> = name.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let keycap = is_variation_selector(c)
            && prev.is_some_and(|p| p.is_ascii_digit() || p == '#' || p == '*')
            && next == Some('\u{20E3}');
        // A variation selector or a tag needs a base before it; a joiner
        // needs something on both sides.
        let needs_base = is_variation_selector(c) || matches!(c, '\u{E0020}'..='\u{E007F}');
        let acts =
            is_contextual(c) && (keycap || (can_carry(prev) && (needs_base || can_carry(next))));
        let hidden = c.is_control() || is_bidi_control(c) || (is_default_ignorable(c) && !acts);
        hidden.then_some(c)
    })
}

/// What kind of character [`hidden_char`] refused, for the message.
pub(crate) fn describe(c: char) -> &'static str {
    if is_bidi_control(c) {
        "a bidirectional control, which makes a name print as something it is not"
    } else if c.is_control() {
        "a control character"
    } else if is_contextual(c) {
        "a joiner or variation selector that acts on nothing here, so the name prints like one without it"
    } else {
        "an invisible character, so the name prints like one without it"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_becomes_one_space() {
        let cases: &[(&str, Result<&str, char>)] = &[
            ("Fox News", Ok("Fox News")),
            ("Fox\u{A0}News", Ok("Fox News")),
            ("Fox\u{202F}News", Ok("Fox News")),
            ("Fox\u{2007}News", Ok("Fox News")),
            ("Fox\u{3000}News", Ok("Fox News")),
            ("Fox\u{2002}\u{2003}News", Ok("Fox News")),
            ("Fox\u{1680}News", Ok("Fox News")),
            ("Fox\u{205F}News", Ok("Fox News")),
            ("Fox\u{2028}News\u{2029}", Ok("Fox News")),
            ("Fox\tNews", Ok("Fox News")),
            ("Fox  \u{A0} News", Ok("Fox News")),
            ("\u{A0}\u{3000}Fox News\u{202F}", Ok("Fox News")),
            ("Fox\nNews", Err('\n')),
            ("Fox\r\nNews", Err('\r')),
            ("Fox\u{85}News", Err('\u{85}')),
            ("Fox\u{C}News", Err('\u{C}')),
            // Not White_Space: refused as invisible, not made a space.
            ("Fox\u{200B}News", Err('\u{200B}')),
            ("Fox\u{180E}News", Err('\u{180E}')),
        ];
        for (raw, want) in cases {
            let got = outlet_name(raw).map_err(|e| match e {
                ProblemKind::OutletChar(c) => c,
                other => panic!("{raw:?}: {other}"),
            });
            assert_eq!(got.as_deref().map_err(|c| *c), *want, "{raw:?}");
        }
        assert!(matches!(spaces("Fox News"), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn names_kept_and_refused() {
        let cases: &[(&str, Option<char>)] = &[
            ("Fox", None),
            ("Caf\u{e9}", None),
            ("Fox\u{200B}", Some('\u{200B}')),
            ("Fo\u{2060}x", Some('\u{2060}')),
            ("Fox\u{FEFF}News", Some('\u{FEFF}')),
            ("S\u{FC}d\u{AD}deutsche", Some('\u{AD}')),
            ("\u{3164}", Some('\u{3164}')),
            ("Fox\u{200E}", Some('\u{200E}')),
            ("Fox\u{200D}", Some('\u{200D}')),
            ("Fo\u{200C}x", Some('\u{200C}')),
            ("A\u{FE0F}", Some('\u{FE0F}')),
            ("\u{200D}\u{645}", Some('\u{200D}')),
            // Persian "mikhaham": ZWNJ between two Arabic letters.
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                None,
            ),
            // Hindi "kshatriya" half-form: ZWJ after a virama.
            ("\u{915}\u{94D}\u{200D}\u{937}", None),
            // Family emoji, heart on fire, red heart, keycap 1, flag of Scotland.
            ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} News", None),
            ("\u{2764}\u{FE0F}\u{200D}\u{1F525}", None),
            ("Love \u{2764}\u{FE0F}", None),
            ("1\u{FE0F}\u{20E3} Radio", None),
            (
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} TV",
                None,
            ),
            ("A\u{E0067}", Some('\u{E0067}')),
        ];
        for (name, want) in cases {
            assert_eq!(hidden_char(name), *want, "{name:?}");
        }
    }

    /// A name of `n` bytes of ASCII: at the length limit and past it.
    #[test]
    fn plain_names_at_the_length_limit() {
        for n in [MAX_OUTLET_BYTES - 1, MAX_OUTLET_BYTES, MAX_OUTLET_BYTES + 1] {
            let name = "a".repeat(n);
            assert_eq!(outlet_name(&name), outlet_name_any(&name), "{n}");
            let padded = format!("  {name} ");
            assert_eq!(outlet_name(&padded), outlet_name_any(&padded), "{n}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/outlet_name.txt"))]

        /// Any name, of printable ASCII, spaces and the odd characters
        /// next to them, reads as every step reads it.
        #[test]
        fn any_name_reads_as_every_step_reads_it(
            raw in "[ a-zA-Z0-9~!&'.\t\n\r\u{0}\u{1F}\u{7F}\u{85}\u{A0}\u{AD}\u{E9}\u{200B}\u{200D}\u{202E}\u{FE0F}\u{301}]{0,24}"
        ) {
            proptest::prop_assert_eq!(outlet_name(&raw), outlet_name_any(&raw));
        }
    }
}
