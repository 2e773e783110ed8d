//! Words that end in a period without ending a sentence: abbreviations
//! (`Mr.`, `Corp.`) and initials (`J.`, `U.S.`).

/// Words that end in a period without ending a sentence.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "cmdr",
    "sen", "rep", "gov", "pres", "st", "jr", "sr", "no", "nos", "vs", "etc", "approx", "inc",
    "corp", "ltd", "co", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mt", "ft", "fig", "vol", "op", "cf", "al", "ed", "eds",
];

/// Whether the word just before a period is an abbreviation or an initial
/// (`Mr`, `J`, `U.S`). A word of ASCII (nearly all) is found a byte at a
/// time from its end; one that continues beyond ASCII, a character at a
/// time by [`is_abbreviation_by_chars`].
pub(super) fn is_abbreviation(before: &str) -> bool {
    let b = before.as_bytes();
    let mut i = b.len();
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.') {
        i -= 1;
    }
    if i > 0 && !b[i - 1].is_ascii() {
        return is_abbreviation_by_chars(before);
    }
    match &b[i..] {
        [] => false,
        word if word.contains(&b'.') => true,
        [c] => c.is_ascii_uppercase(),
        word => {
            word.len() <= LONGEST_ABBREVIATION
                && ABBREVIATIONS
                    .iter()
                    .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
        }
    }
}

/// The bytes of the longest of [`ABBREVIATIONS`].
pub(super) const LONGEST_ABBREVIATION: usize = 6;

/// [`is_abbreviation`], reading the word a character at a time.
pub(super) fn is_abbreviation_by_chars(before: &str) -> bool {
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true;
    }
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return c.is_uppercase();
    }
    // ASCII words (nearly all) are compared without a lower-case copy
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}
