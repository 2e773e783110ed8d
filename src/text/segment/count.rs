//! Counting word tokens without finding them. A document's sentences are
//! counted on every run (`tokens` in the tables and the rates per 1,000
//! tokens), and most news sentences are ASCII without abbreviations of
//! single letters: their tokens can be counted in one pass that
//! vectorises, and the tokenizer reads only the rest.

/// Number of word tokens in `text`, as [`super::tokens`] finds them.
pub fn count_tokens(text: &str) -> usize {
    match ascii_count(text.as_bytes()) {
        Some(n) => n,
        None => super::tokens(text).count(),
    }
}

fn alpha(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26
}

fn digit(b: u8) -> bool {
    b.wrapping_sub(b'0') < 10
}

fn alnum(b: u8) -> bool {
    alpha(b) | digit(b)
}

/// The tokens of `bytes` when it is ASCII but for the punctuation of
/// [`punctuation_joins`], and no period stands between two letters; `None`
/// for other text. In such text the tokenizer's rules come down to this: a
/// token is a run of letters and digits, continued across an apostrophe
/// between two letters (`don't`, `Kyiv’s`) and across a period or comma
/// between two digits (`2.5`, `1,000`). So the tokens are the runs that
/// start after a byte that is not a letter or digit, less those joins. A
/// period between two letters may belong to an abbreviation (`U.S.`),
/// whose rules look further: the tokenizer counts those texts.
fn ascii_count(bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    if n < 3 {
        return None;
    }
    let starts =
        usize::from(alnum(bytes[0])) + usize::from(alnum(bytes[n - 1]) & !alnum(bytes[n - 2]));
    let [s, joins, dotted, inner_high] = inner_counts(bytes);
    if dotted > 0 {
        return None;
    }
    // Whether the text is ASCII is counted in the same pass, not read again.
    let curly = match inner_high + usize::from(!bytes[0].is_ascii() | !bytes[n - 1].is_ascii()) {
        0 => 0,
        _ => punctuation_joins(bytes)?,
    };
    Some(starts + s - joins - curly)
}

/// For the bytes of `bytes` but the first and last, each with the one
/// before and after: the starts of runs of letters and digits, the joins
/// across `'` between letters or `.` and `,` between digits, the periods
/// between letters, and the bytes beyond ASCII. Compiled for AVX2 where the processor has it
/// (checked at run time), as the MinHash fold is.
fn inner_counts(bytes: &[u8]) -> [usize; 4] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { inner_counts_avx2(bytes) };
    }
    inner_counts_any(bytes)
}

/// [`inner_counts_any`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn inner_counts_avx2(bytes: &[u8]) -> [usize; 4] {
    inner_counts_any(bytes)
}

/// [`inner_counts`] on any processor: in blocks whose counts fit a byte;
/// the loop vectorises (`&` and `|`, not `&&` and `||`).
#[inline(always)]
fn inner_counts_any(bytes: &[u8]) -> [usize; 4] {
    let n = bytes.len();
    let mut out = [0usize; 4];
    if n < 3 {
        return out;
    }
    let (before, at, after) = (&bytes[..n - 2], &bytes[1..n - 1], &bytes[2..]);
    let mut k = 0;
    while k < n - 2 {
        let e = (k + 128).min(n - 2);
        let (mut s, mut j, mut d, mut h) = (0u8, 0u8, 0u8, 0u8);
        for ((&p, &c), &x) in before[k..e].iter().zip(&at[k..e]).zip(&after[k..e]) {
            let (ap, dp, ax, dx) = (alpha(p), digit(p), alpha(x), digit(x));
            let letters = ap & ax;
            let period = c == b'.';
            s = s.wrapping_add(u8::from(alnum(c) & !(ap | dp)));
            let joined = ((c == b'\'') & letters) | ((period | (c == b',')) & dp & dx);
            j = j.wrapping_add(u8::from(joined));
            d = d.wrapping_add(u8::from(period & letters));
            h = h.wrapping_add(c >> 7);
        }
        out[0] += usize::from(s);
        out[1] += usize::from(j);
        out[2] += usize::from(d);
        out[3] += usize::from(h);
        k = e;
    }
    out
}

/// The third bytes of the characters beyond ASCII that news text holds
/// most (`E2 80 xx`): en and em dash, curly single and double quotes, the
/// ellipsis. None is a letter or digit; only `’` (0x99) joins, between
/// two letters, as an apostrophe does.
pub(super) const PUNCTUATION: [u8; 7] = [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6];

/// When every byte of `bytes` beyond ASCII belongs to one of the
/// characters of [`PUNCTUATION`], the tokens a `’` joins; else `None`.
fn punctuation_joins(bytes: &[u8]) -> Option<usize> {
    let mut joins = 0;
    let mut i = crate::text::ascii_len(bytes);
    while i < bytes.len() {
        match bytes.get(i..i + 3)? {
            [0xE2, 0x80, third] if PUNCTUATION.contains(third) => {
                let between =
                    i > 0 && alpha(bytes[i - 1]) && bytes.get(i + 3).is_some_and(|&b| alpha(b));
                joins += usize::from(*third == 0x99 && between);
            }
            _ => return None,
        }
        i += 3;
        i += crate::text::ascii_len(&bytes[i..]);
    }
    Some(joins)
}

#[cfg(test)]
mod tests {
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
        ] {
            assert_eq!(count_tokens(text), want, "{text:?}");
            assert_eq!(super::super::tokens(text).count(), want, "{text:?}");
        }
        assert_eq!(
            ascii_count(b"The U.S. and"),
            None,
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
    }
}
