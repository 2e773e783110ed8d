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
///
/// The walk back notes a period as it passes one (`U.S`), where the word
/// was searched for one afterwards.
pub(super) fn is_abbreviation(before: &str) -> bool {
    let b = before.as_bytes();
    let mut i = b.len();
    let mut dotted = false;
    while let Some(&c) = i.checked_sub(1).and_then(|j| b.get(j)) {
        if c == b'.' {
            dotted = true;
        } else if !super::ALNUM[usize::from(c)] {
            if !c.is_ascii() {
                return is_abbreviation_by_chars(before);
            }
            break;
        }
        i -= 1;
    }
    match &b[i..] {
        [] => false,
        _ if dotted => true,
        [c] => c.is_ascii_uppercase(),
        word => word.len() <= LONGEST_ABBREVIATION && SORTED_KEYS.binary_search(&key(word)).is_ok(),
    }
}

/// A word of at most [`LONGEST_ABBREVIATION`] ASCII bytes as one number:
/// its bytes in lower case, low byte first, and its length in the top
/// byte. Two words have the same key exactly when they are equal but
/// for the case of ASCII letters.
fn key(word: &[u8]) -> u64 {
    let bytes = word
        .iter()
        .rev()
        .fold(0u64, |k, b| k << 8 | u64::from(b.to_ascii_lowercase()));
    bytes | (word.len() as u64) << 56
}

/// The keys of [`ABBREVIATIONS`], sorted: a word before a period is
/// looked up with one binary search, not compared with every one of them
/// (which took a few per cent of a dictionary run).
static SORTED_KEYS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<u64> = ABBREVIATIONS.iter().map(|a| key(a.as_bytes())).collect();
    keys.sort_unstable();
    keys
});

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
