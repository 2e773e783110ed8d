//! Normalization for matching: NFC, case folding, one form for dashes,
//! quotes, apostrophes and white space, with a map back to original offsets.
//!
//! Lexicon forms and document text pass through the same function, so a form
//! matches every spelling that normalizes to the same string. The map lets a
//! match found in the normalized text be reported at its byte offsets in the
//! original.

use caseless::Caseless;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Text in matching form, with the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Spans whose normalized length differs from the original length, in
    /// order. Between them, normalized and original advance in lockstep.
    shifts: Vec<Shift>,
}

/// One stretch of the original whose normalized form has another length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
}

/// What one character becomes.
enum Class {
    /// White space and dashes: runs collapse to one space.
    Space,
    /// Dropped (soft hyphen, zero-width characters).
    Drop,
    /// Kept, after folding and quote unification.
    Keep,
}

fn classify(c: char) -> Class {
    match c {
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Class::Space
        }
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Class::Drop,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Keep,
    }
}

/// Apostrophes and quotation marks in one form each.
fn unify_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '`' | '\u{00B4}'
        | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => '"',
        c => c,
    }
}

/// Normalizes `original`; `fold` applies full Unicode case folding.
pub fn normalize(original: &str, fold: bool) -> Normalized {
    let mut out = Normalizer {
        text: String::with_capacity(original.len()),
        shifts: Vec::new(),
        last_space: false,
        fold,
        scratch: Vec::new(),
    };
    if original.is_ascii() || is_nfc_quick(original.chars()) == IsNormalized::Yes {
        // Already NFC: ASCII runs in bulk, other characters one by one.
        let mut rest = original;
        let mut at = 0;
        while !rest.is_empty() {
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
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
    Normalized {
        text: out.text,
        shifts: out.shifts,
    }
}

/// Splits `s` where NFC composition cannot reach across: before a character
/// that combines with nothing before it.
fn nfc_clusters(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut starts: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| {
            i == 0
                || (unicode_normalization::char::canonical_combining_class(c) == 0
                    && is_nfc_quick(std::iter::once(c)) != IsNormalized::Maybe)
        })
        .map(|(i, _)| i)
        .collect();
    starts.push(s.len());
    (0..starts.len() - 1).map(move |k| (starts[k], starts[k + 1]))
}

/// The ASCII bytes [`classify`] calls [`Class::Space`]: the hyphen and
/// white space.
fn is_ascii_space(b: u8) -> bool {
    b == b'-' || b == b' ' || (b'\t'..=b'\r').contains(&b)
}

struct Normalizer {
    text: String,
    shifts: Vec<Shift>,
    last_space: bool,
    fold: bool,
    /// The bytes of an ASCII stretch, mapped, before they join `text`.
    scratch: Vec<u8>,
}

impl Normalizer {
    /// Appends ASCII text that starts at byte `base` of the original. Runs
    /// of white space that change length (two or more bytes, or one after
    /// a space already written) are noted one by one; the stretches
    /// between them map byte for byte, so they are appended in bulk
    /// rather than a word at a time.
    fn ascii(&mut self, s: &str, base: usize) {
        let bytes = s.as_bytes();
        let spaced = |i: usize| bytes.get(i).is_some_and(|&b| is_ascii_space(b));
        let mut i = 0;
        while i < bytes.len() {
            if spaced(i) && (self.last_space || spaced(i + 1)) {
                let start = i;
                while spaced(i) {
                    i += 1;
                }
                let norm_start = self.text.len();
                if !self.last_space {
                    self.text.push(' ');
                }
                self.last_space = true;
                self.note(norm_start, base + start, base + i);
                continue;
            }
            let mut k = i + 1;
            while k < bytes.len() && !(spaced(k) && spaced(k + 1)) {
                k += 1;
            }
            let fold = self.fold;
            // Mapped as bytes (a loop that vectorises) rather than pushed
            // as characters one at a time; ASCII maps to ASCII, so the
            // bytes are UTF-8 and the check below always passes.
            self.scratch.clear();
            self.scratch.extend(bytes[i..k].iter().map(|&b| match b {
                b'`' => b'\'',
                b if is_ascii_space(b) => b' ',
                b if fold => b.to_ascii_lowercase(),
                b => b,
            }));
            if let Ok(mapped) = std::str::from_utf8(&self.scratch) {
                self.text.push_str(mapped);
            }
            self.last_space = spaced(k - 1);
            i = k;
        }
    }

    /// Appends the normalized form of the original span `start..end`, whose
    /// characters (already NFC) are `chars`.
    fn cluster(&mut self, start: usize, end: usize, chars: impl Iterator<Item = char>) {
        let norm_start = self.text.len();
        for c in chars {
            match classify(c) {
                Class::Space => {
                    if !self.last_space {
                        self.text.push(' ');
                    }
                    self.last_space = true;
                }
                Class::Drop => {}
                Class::Keep => {
                    self.last_space = false;
                    let c = unify_quote(c);
                    if !self.fold {
                        self.text.push(c);
                    } else if c.is_ascii() {
                        self.text.push(c.to_ascii_lowercase());
                    } else {
                        self.text.extend(std::iter::once(c).default_case_fold());
                    }
                }
            }
        }
        self.note(norm_start, start, end);
    }

    /// Records a shift when the span's normalized length differs.
    fn note(&mut self, norm_start: usize, orig_start: usize, orig_end: usize) {
        let norm_end = self.text.len();
        if norm_end - norm_start != orig_end - orig_start {
            self.shifts.push(Shift {
                norm_start,
                norm_end,
                orig_start,
                orig_end,
            });
        }
    }
}

impl Normalized {
    /// Original byte offset where a match starting at normalized `n` starts.
    pub fn orig_start(&self, n: usize) -> usize {
        let k = self.shifts.partition_point(|s| s.norm_start <= n);
        match k.checked_sub(1).map(|k| self.shifts[k]) {
            None => n,
            Some(s) if n < s.norm_end => s.orig_start,
            Some(s) => s.orig_end + (n - s.norm_end),
        }
    }

    /// Original byte offset where a match ending at normalized `n` ends.
    pub fn orig_end(&self, n: usize) -> usize {
        let k = self.shifts.partition_point(|s| s.norm_start < n);
        match k.checked_sub(1).map(|k| self.shifts[k]) {
            None => n,
            Some(s) if n <= s.norm_end => s.orig_end,
            Some(s) => s.orig_end + (n - s.norm_end),
        }
    }
}

/// Normalizes a lexicon form: as text, then trimmed of the outer space.
pub fn normalize_form(form: &str, fold: bool) -> String {
    normalize(form, fold).text.trim().to_string()
}

/// Whether `c` belongs to a word, for boundary checks on normalized text.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
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
                        self.text.push(' ');
                    }
                    self.last_space = true;
                    self.note(norm_start, base + start, base + i);
                } else {
                    let start = i;
                    while i < bytes.len() && !is_space(bytes[i]) {
                        i += 1;
                    }
                    let from = self.text.len();
                    self.text.push_str(&s[start..i]);
                    let run = &mut self.text[from..];
                    if self.fold {
                        run.make_ascii_lowercase();
                    }
                    if run.contains('`') {
                        self.text
                            .replace_range(from.., &s[start..i].replace('`', "'"));
                        if self.fold {
                            self.text[from..].make_ascii_lowercase();
                        }
                    }
                    self.last_space = false;
                }
            }
        }
    }

    fn normalizer(fold: bool, last_space: bool) -> Normalizer {
        Normalizer {
            text: String::new(),
            shifts: Vec::new(),
            last_space,
            fold,
            scratch: Vec::new(),
        }
    }

    proptest::proptest! {
        /// Bulk stretches give the text, shifts and state of the word road.
        #[test]
        fn ascii_in_bulk_matches_word_by_word(s in "[aZ` \t\n\r\u{0B}-]{0,24}", fold: bool, last_space: bool) {
            let (mut bulk, mut words) = (normalizer(fold, last_space), normalizer(fold, last_space));
            bulk.ascii(&s, 3);
            words.ascii_by_words(&s, 3);
            proptest::prop_assert_eq!(&bulk.text, &words.text);
            proptest::prop_assert_eq!(&bulk.shifts, &words.shifts);
            proptest::prop_assert_eq!(bulk.last_space, words.last_space);
        }
    }

    #[test]
    fn forms_trim() {
        assert_eq!(normalize_form("  Kiev-regime ", true), "kiev regime");
        assert_eq!(normalize_form("---", true), "");
    }
}
