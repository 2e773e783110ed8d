//! Normalization for matching: NFC, case folding, one form for dashes,
//! quotes, apostrophes and white space, with a map back to original offsets.
//!
//! Lexicon forms and document text pass through the same function, so a form
//! matches every spelling that normalizes to the same string. The map lets a
//! match found in the normalized text be reported at its byte offsets in the
//! original.

use std::sync::LazyLock;

use caseless::Caseless;
use memchr::memmem;
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
    let mut out = Normalized::default();
    normalize_into(&mut out, original, fold);
    out
}

/// [`normalize`] into `into`, whose buffers are kept: a matcher
/// normalizes every document, and a buffer per thread spares allocating
/// (and, for a long text, mapping fresh pages for) each one.
pub fn normalize_into(into: &mut Normalized, original: &str, fold: bool) {
    let mut out = Normalizer {
        text: std::mem::take(&mut into.text).into_bytes(),
        shifts: std::mem::take(&mut into.shifts),
        last_space: false,
        fold,
    };
    out.restart();
    out.text.reserve(original.len());
    if !out.nfc_by_runs(original) {
        // Not NFC by the quick check: start again, composing.
        out.restart();
        for (start, end) in nfc_clusters(original) {
            out.cluster(start, end, original[start..end].nfc());
        }
    }
    // Every byte written is UTF-8: ASCII mapped to ASCII, or a whole
    // character; the lossy road is never taken.
    into.text = String::from_utf8(out.text)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    into.shifts = out.shifts;
}

/// How many bytes at the start of `bytes` are ASCII, checked eight at a
/// time as one word: the first byte beyond ASCII is the lowest high bit
/// of its word. (Asking `is_ascii` of sixteen bytes at a time, as this
/// did, paid that method's set-up for every sixteen: news text is read
/// twice this way, in runs between its curly quotes.)
pub fn ascii_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    // Four words at a time while all are ASCII: one test of their high
    // bits for 32 bytes (the runs of news text between its curly quotes
    // are some 200 bytes); the words below find the byte.
    while let Some(chunk) = bytes.get(i..i + 32) {
        let mut high = 0;
        for word in chunk.chunks_exact(8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            high |= u64::from_le_bytes(w);
        }
        if high & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 32;
    }
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let high = u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - i)
}

/// [`ascii_len`] as it was, sixteen bytes at a time: the road it is held
/// to.
#[cfg(test)]
fn ascii_len_by_sixteen(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i + 16 <= bytes.len() && bytes[i..i + 16].is_ascii() {
        i += 16;
    }
    i + bytes[i..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - i)
}

/// Whether `s` is NFC by the quick check, asked of its stretches beyond
/// ASCII one at a time: the check forgets all it has seen at an ASCII
/// character, so the answer is that of the whole text, without decoding
/// the ASCII in between. (Asked first, as it was, by the road
/// [`Normalizer::nfc_by_runs`] is held to.)
#[cfg(test)]
fn is_nfc_quick_by_runs(s: &str) -> bool {
    let mut rest = s;
    loop {
        let start = ascii_len(rest.as_bytes());
        if start == rest.len() {
            return true;
        }
        let run = &rest[start..];
        // The punctuation news text holds most beyond ASCII (curly quotes,
        // dashes, the ellipsis) is NFC and combines with nothing: the
        // check forgets all it has seen there too, so it need not be asked.
        if crate::text::punctuation_at(run.as_bytes(), 0).is_some() {
            rest = &run[crate::text::PUNCTUATION_LEN..];
            continue;
        }
        let len = run.bytes().position(|b| b.is_ascii()).unwrap_or(run.len());
        if is_nfc_quick(run[..len].chars()) != IsNormalized::Yes {
            return false;
        }
        rest = &run[len..];
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
    /// The normalized text so far, as UTF-8 bytes.
    text: Vec<u8>,
    shifts: Vec<Shift>,
    last_space: bool,
    fold: bool,
}

/// One ASCII byte as [`Normalizer::ascii`] writes it before runs of white
/// space are squeezed: `` ` `` as `'`, the bytes of [`is_ascii_space`] as a
/// space, letters in lower case when `fold`. Written without branches, so
/// that the loop over a stretch vectorises.
#[inline(always)]
fn map_ascii(b: u8, fold: bool) -> u8 {
    let space = (b == b'-') | (b == b' ') | (b.wrapping_sub(b'\t') <= b'\r' - b'\t');
    let upper = fold & (b.wrapping_sub(b'A') < 26);
    let m = b | (u8::from(upper) << 5);
    let m = if b == b'`' { b'\'' } else { m };
    if space {
        b' '
    } else {
        m
    }
}

/// Appends `bytes` (ASCII) to `out`, each as [`map_ascii`] maps it;
/// compiled for AVX2 where the processor has it (checked at run time).
fn map_ascii_into(out: &mut Vec<u8>, bytes: &[u8], fold: bool) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        unsafe { map_ascii_avx2(out, bytes, fold) };
        return;
    }
    map_ascii_any(out, bytes, fold);
}

/// [`map_ascii_any`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn map_ascii_avx2(out: &mut Vec<u8>, bytes: &[u8], fold: bool) {
    map_ascii_any(out, bytes, fold);
}

/// [`map_ascii_into`] on any processor.
#[inline(always)]
fn map_ascii_any(out: &mut Vec<u8>, bytes: &[u8], fold: bool) {
    // Zeroing the room first costs less than it seems: the buffer is
    // kept, and the loop over two slices vectorises where an `extend`
    // (tried) did not as well.
    let from = out.len();
    out.resize(from + bytes.len(), 0);
    for (o, &b) in out[from..].iter_mut().zip(bytes) {
        *o = map_ascii(b, fold);
    }
}

/// Two spaces: where a run of white space starts that changes length.
static TWO_SPACES: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"  ").into_owned());

impl Normalizer {
    /// Back to no text written, the buffers' room kept.
    fn restart(&mut self) {
        self.text.clear();
        self.shifts.clear();
        self.last_space = false;
    }

    /// Appends `original` as it stands, ASCII runs in bulk and other
    /// characters one by one, while asking the NFC quick check of its
    /// stretches beyond ASCII as [`is_nfc_quick_by_runs`] does (the same
    /// stretches, in the same order); false, with the work so far left
    /// for the caller to discard, at the first stretch that is not NFC.
    /// One pass over the text, where asking first and then normalizing
    /// read it twice.
    fn nfc_by_runs(&mut self, original: &str) -> bool {
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let ascii = ascii_len(&bytes[at..]);
            self.ascii(&original[at..at + ascii], at);
            at += ascii;
            // The punctuation news text holds most beyond ASCII is NFC
            // and combines with nothing: the check is not asked there,
            // and its fixed form is written without decoding it.
            if let Some(third) = crate::text::punctuation_at(bytes, at) {
                self.punctuation(third, at);
                at += crate::text::PUNCTUATION_LEN;
                continue;
            }
            let run = &original[at..];
            let len = run.bytes().position(|b| b.is_ascii()).unwrap_or(run.len());
            if is_nfc_quick(run[..len].chars()) != IsNormalized::Yes {
                return false;
            }
            for c in run[..len].chars() {
                self.cluster(at, at + c.len_utf8(), std::iter::once(c));
                at += c.len_utf8();
            }
        }
        true
    }

    /// Appends ASCII text that starts at byte `base` of the original. The
    /// bytes are mapped in one pass (a loop that vectorises), then runs of
    /// white space that change length (two or more bytes, or any after a
    /// space already written) are found with a vectorised search for two
    /// spaces, squeezed to one space (or none) and noted; the stretches
    /// between them move down in bulk, and not at all before the first.
    fn ascii(&mut self, s: &str, base: usize) {
        let bytes = s.as_bytes();
        let Some(&last) = bytes.last() else {
            return;
        };
        let from = self.text.len();
        let fold = self.fold;
        map_ascii_into(&mut self.text, bytes, fold);
        let end = self.text.len();
        // Bytes before `read` are done; those kept are before `write`.
        let (mut read, mut write) = (from, from);
        let orig = |at: usize| base + (at - from);
        if self.last_space {
            let run = self.text[from..].iter().take_while(|&&b| b == b' ').count();
            if run > 0 {
                self.shifts.push(Shift {
                    norm_start: from,
                    norm_end: from,
                    orig_start: base,
                    orig_end: orig(from + run),
                });
                read = from + run;
            }
        }
        while let Some(off) = TWO_SPACES.find(&self.text[read..end]) {
            let run = read + off;
            let run_end = run
                + 2
                + self.text[run + 2..end]
                    .iter()
                    .take_while(|&&b| b == b' ')
                    .count();
            // Keep the stretch before the run and the run's first space.
            if write < read {
                self.text.copy_within(read..run + 1, write);
            }
            write += run + 1 - read;
            self.shifts.push(Shift {
                norm_start: write - 1,
                norm_end: write,
                orig_start: orig(run),
                orig_end: orig(run_end),
            });
            read = run_end;
        }
        if write < read {
            self.text.copy_within(read..end, write);
        }
        self.text.truncate(write + (end - read));
        self.last_space = is_ascii_space(last);
    }

    /// Appends the normalized form of one mark of
    /// [`crate::text::punctuation_at`] (`E2 80 third`) at byte `at` of the
    /// original, as [`Normalizer::cluster`] would: the dashes are white
    /// space, the curly quotes and apostrophes their ASCII form, the
    /// ellipsis itself (it has no case). News text holds one every
    /// sentence or two, and a call of `cluster` decoded, classified,
    /// unified and folded each.
    fn punctuation(&mut self, third: u8, at: usize) {
        let norm_start = self.text.len();
        match third {
            // U+2013, U+2014: dashes.
            0x93 | 0x94 => {
                if !self.last_space {
                    self.text.push(b' ');
                }
                self.last_space = true;
            }
            // U+2018, U+2019: apostrophes.
            0x98 | 0x99 => {
                self.text.push(b'\'');
                self.last_space = false;
            }
            // U+201C, U+201D: quotation marks.
            0x9C | 0x9D => {
                self.text.push(b'"');
                self.last_space = false;
            }
            // U+2026, the ellipsis: kept as it is.
            _ => {
                self.text.extend_from_slice(&[0xE2, 0x80, third]);
                self.last_space = false;
            }
        }
        self.note(norm_start, at, at + crate::text::PUNCTUATION_LEN);
    }

    /// Appends one character as UTF-8.
    fn push(&mut self, c: char) {
        let mut utf8 = [0u8; 4];
        self.text
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }

    /// Appends the normalized form of the original span `start..end`, whose
    /// characters (already NFC) are `chars`.
    fn cluster(&mut self, start: usize, end: usize, chars: impl Iterator<Item = char>) {
        let norm_start = self.text.len();
        for c in chars {
            match classify(c) {
                Class::Space => {
                    if !self.last_space {
                        self.text.push(b' ');
                    }
                    self.last_space = true;
                }
                Class::Drop => {}
                Class::Keep => {
                    self.last_space = false;
                    let c = unify_quote(c);
                    if !self.fold {
                        self.push(c);
                    } else if c.is_ascii() {
                        self.push(c.to_ascii_lowercase());
                    } else {
                        for f in std::iter::once(c).default_case_fold() {
                            self.push(f);
                        }
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
mod tests;
