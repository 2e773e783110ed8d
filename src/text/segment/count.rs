//! Counting word tokens without finding them. A document's sentences are
//! counted on every run (`tokens` in the tables and the rates per 1,000
//! tokens), and most news sentences are ASCII without abbreviations of
//! single letters: their tokens can be counted in one pass that
//! vectorises, and the tokenizer reads only the rest.

use std::ops::Range;

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
/// [`punctuation_joins`]; `None` for other text. In such text the
/// tokenizer's rules come down to this: a token is a run of letters and
/// digits, continued across an apostrophe between two letters (`don't`,
/// `Kyiv’s`), across a period or comma between two digits (`2.5`,
/// `1,000`), and across the periods of an abbreviation of single letters
/// (`U.S.`). So the tokens are the runs that start after a byte that is
/// not a letter or digit, less those joins. A period between two letters
/// may join an abbreviation, whose rules look further: those periods,
/// few and counted in the same pass, are read by [`abbreviation_joins`]
/// (the tokenizer counted these texts, one sentence in twenty of news
/// text, which holds `U.S.`, `a.m.` and `D.C.`).
fn ascii_count(bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    if n < 3 {
        return None;
    }
    let starts =
        usize::from(alnum(bytes[0])) + usize::from(alnum(bytes[n - 1]) & !alnum(bytes[n - 2]));
    let [s, joins, dotted, inner_high] = inner_counts(bytes);
    // The bytes beyond ASCII are counted in the same pass, not read again.
    let high = inner_high + usize::from(bytes[0] >> 7) + usize::from(bytes[n - 1] >> 7);
    let curly = match high {
        0 => 0,
        _ => punctuation_joins_counted(bytes, high)?,
    };
    let abbreviated = match dotted {
        0 => 0,
        _ => abbreviation_joins(bytes),
    };
    // Each join takes away a start `s` counted, each its own: the letter
    // or digit after an apostrophe, `.`, `,` or `’`, or after a period
    // of an abbreviation (an inner byte: another period follows it).
    Some(starts + s - joins - curly - abbreviated)
}

/// The tokens of each sentence of one text, as [`count_tokens`] counts
/// them, from one pass over the whole text rather than one over each
/// sentence. A sentence is a hundred bytes or so, and a pass of its own
/// paid for its setting up and for the last bytes it padded (a copy)
/// about as much as for its bytes; the pass over the text marks each
/// byte that starts a token, joins an abbreviation or is beyond ASCII in
/// bits, and a sentence's counts are the bits set in its range.
///
/// The marks of a byte read the two bytes before it, and so in a
/// sentence they are the text's for all but its first two bytes, which
/// are counted on their own: the marks of the text hold for any range.
pub struct SentenceTokens<'a> {
    text: &'a str,
    /// The marks of each [`BLOCK`] bytes of the text, and one more block
    /// (the last bytes, or none) so that every end of a range up to the
    /// text's end has its block.
    blocks: Vec<Block>,
    /// Whether the processor counts bits with an instruction of its own.
    popcnt: bool,
}

/// The bytes of one [`Block`]: one bit of a `u64` each.
const BLOCK: usize = 64;

/// The marks of [`BLOCK`] bytes of a text, the first byte's bit the
/// lowest, and the marks set in the blocks before them.
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    /// `[starts, dotted, high]`: the bytes that start a token, but for an
    /// apostrophe, `.` or `,` that joins it to the token before; the
    /// letters after a period between letters (the periods that may join
    /// an abbreviation, marked a byte late); the bytes beyond ASCII.
    marks: [u64; 3],
    /// The bits of each mark set in the blocks before this one.
    before: [usize; 3],
}

/// A bit for each byte of a block of the classes its marks are made of.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Classes {
    letter: u64,
    digit: u64,
    apostrophe: u64,
    period: u64,
    /// a period or a comma: what joins digits
    point: u64,
    high: u64,
}

impl<'a> SentenceTokens<'a> {
    /// Marks the bytes of `text`. Compiled for AVX2 and POPCNT where the
    /// processor has them (checked at run time).
    pub fn new(text: &'a str) -> SentenceTokens<'a> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
        {
            // SAFETY: the processor has AVX2 and POPCNT, checked just above.
            let blocks = unsafe { blocks_avx2(text.as_bytes()) };
            return SentenceTokens {
                text,
                blocks,
                popcnt: true,
            };
        }
        let blocks = blocks_with(text.as_bytes(), classes_any);
        SentenceTokens {
            text,
            blocks,
            popcnt: false,
        }
    }

    /// The word tokens of `text[range]`: [`count_tokens`] of it. Its
    /// bits are counted with the processor's instruction where it has one
    /// (checked once, by [`SentenceTokens::new`]): counted by shifts and
    /// masks instead, the bits of the blocks and of the sentences took 12
    /// M instructions more of the 2,000 documents' rerun (a sixth of the
    /// count).
    pub fn count(&self, range: Range<usize>) -> usize {
        #[cfg(target_arch = "x86_64")]
        if self.popcnt {
            // SAFETY: the processor has POPCNT, checked by `new`.
            return unsafe { self.count_popcnt(range) };
        }
        self.count_any(range)
    }

    /// [`SentenceTokens::count`] compiled for POPCNT.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn count_popcnt(&self, range: Range<usize>) -> usize {
        self.count_any(range)
    }

    /// [`SentenceTokens::count`] on any processor.
    #[inline(always)]
    fn count_any(&self, range: Range<usize>) -> usize {
        match self.marked(range.clone()) {
            Some(n) => n,
            // the tokenizer, where `count_tokens` reads with it
            None => self.text.get(range).map_or(0, |s| super::tokens(s).count()),
        }
    }

    /// [`ascii_count`] of `text[range]`, its one pass read from the marks:
    /// `None` where it is `None` (the tokenizer must read the text).
    #[inline(always)]
    fn marked(&self, range: Range<usize>) -> Option<usize> {
        let bytes = self.text.as_bytes().get(range.clone())?;
        let [first, second, ..] = *bytes else {
            return None;
        };
        if bytes.len() < 3 {
            return None;
        }
        let [_, _, high_before] = self.set_before(range.start)?;
        let [starts_before, dotted_before, _] = self.set_before(range.start + 2)?;
        let [starts_to, dotted_to, high_to] = self.set_before(range.end)?;
        // The first two bytes' marks read bytes before the range: counted
        // here as the sentence's own, a start at its first byte where it
        // is a letter or digit.
        let starts = usize::from(alnum(first))
            + usize::from(alnum(second) & !alnum(first))
            + (starts_to - starts_before);
        let curly = match high_to - high_before {
            0 => 0,
            high => punctuation_joins_counted(bytes, high)?,
        };
        let abbreviated = match dotted_to - dotted_before {
            0 => 0,
            _ => abbreviation_joins(bytes),
        };
        // each join takes away a start counted, as in `ascii_count`
        Some(starts - curly - abbreviated)
    }

    /// The bits of each mark set for the bytes before byte `at` (at most
    /// the text's length).
    #[inline(always)]
    fn set_before(&self, at: usize) -> Option<[usize; 3]> {
        let block = self.blocks.get(at / BLOCK)?;
        let below = (1u64 << (at % BLOCK)) - 1;
        Some(std::array::from_fn(|k| {
            block.before[k] + (block.marks[k] & below).count_ones() as usize
        }))
    }
}

/// [`blocks_with`] compiled for AVX2 and POPCNT, the classes found with
/// AVX2's instructions ([`classes_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn blocks_avx2(text: &[u8]) -> Vec<Block> {
    // SAFETY: the processor has AVX2 (this function is compiled for it,
    // and called only where the processor has it).
    blocks_with(text, |b| unsafe { classes_avx2(b) })
}

/// The [`Block`]s of `text` by `classes`: its whole blocks, then its last
/// bytes padded with spaces (which are none of the classes) to a block.
#[inline(always)]
fn blocks_with(text: &[u8], classes: impl Fn(&[u8; BLOCK]) -> Classes) -> Vec<Block> {
    let (whole, tail) = text.as_chunks::<BLOCK>();
    let mut blocks = Vec::with_capacity(whole.len() + 1);
    let mut before = [0usize; 3];
    // the classes of the block before: none before the text
    let mut prev = Classes::default();
    let mut step = |c: &[u8; BLOCK]| {
        let cur = classes(c);
        let marks = marks(&prev, &cur);
        blocks.push(Block { marks, before });
        for (b, m) in before.iter_mut().zip(marks) {
            *b += m.count_ones() as usize;
        }
        prev = cur;
    };
    for c in whole {
        step(c);
    }
    let mut last = [b' '; BLOCK];
    last[..tail.len()].copy_from_slice(tail);
    step(&last);
    blocks
}

/// The marks of [`Block::marks`] of a block of classes `cur`, after a
/// block of classes `prev`. Byte `i` is marked by itself and the bytes
/// `i - 1` and `i - 2`, whose bits are shifted in from `prev` at the
/// block's start. A join across `'`, `.` or `,` (the byte before) takes
/// its start away here, so that the starts' bits are the count.
#[inline(always)]
fn marks(prev: &Classes, cur: &Classes) -> [u64; 3] {
    let one_before = |m: u64, p: u64| m << 1 | p >> 63;
    let two_before = |m: u64, p: u64| m << 2 | p >> 62;
    let alnum = cur.letter | cur.digit;
    let alnum_before = one_before(alnum, prev.letter | prev.digit);
    let period_before = one_before(cur.period, prev.period);
    let letters_around = two_before(cur.letter, prev.letter) & cur.letter;
    let digits_around = two_before(cur.digit, prev.digit) & cur.digit;
    let joined = (one_before(cur.apostrophe, prev.apostrophe) & letters_around)
        | (one_before(cur.point, prev.point) & digits_around);
    [
        alnum & !alnum_before & !joined,
        period_before & letters_around,
        cur.high,
    ]
}

/// The [`Classes`] of a block on any processor: [`classes_avx2`]'s.
fn classes_any(block: &[u8; BLOCK]) -> Classes {
    let mut c = Classes::default();
    for (i, &b) in block.iter().enumerate() {
        let bit = |is: bool| u64::from(is) << i;
        c.letter |= bit(alpha(b));
        c.digit |= bit(digit(b));
        c.apostrophe |= bit(b == b'\'');
        c.period |= bit(b == b'.');
        c.point |= bit(b == b'.' || b == b',');
        c.high |= bit(b >> 7 == 1);
    }
    c
}

/// [`classes_any`], 32 bytes to a register.
///
/// # Safety
///
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classes_avx2(block: &[u8; BLOCK]) -> Classes {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    let mut halves = [[0u32; 6]; 2];
    for (half, m) in block.chunks_exact(32).zip(&mut halves) {
        // SAFETY: the load reads the 32 bytes of `half`, with no alignment
        // asked; the processor has AVX2 (the caller's promise).
        unsafe {
            let v = _mm256_loadu_si256(half.as_ptr().cast::<__m256i>());
            let set = |b: u8| _mm256_set1_epi8(b as i8);
            // a byte is in a range of `k + 1` values from `lo` when its
            // distance from `lo`, as an unsigned byte, is its own minimum
            // with `k`
            let within = |x: __m256i, lo: u8, k: u8| {
                let d = _mm256_sub_epi8(x, set(lo));
                _mm256_cmpeq_epi8(_mm256_min_epu8(d, set(k)), d)
            };
            let letter = within(_mm256_or_si256(v, set(0x20)), b'a', 25);
            let digit = within(v, b'0', 9);
            let period = _mm256_cmpeq_epi8(v, set(b'.'));
            let point = _mm256_or_si256(period, _mm256_cmpeq_epi8(v, set(b',')));
            *m = [
                letter,
                digit,
                _mm256_cmpeq_epi8(v, set(b'\'')),
                period,
                point,
                v,
            ]
            .map(|x| _mm256_movemask_epi8(x) as u32);
        }
    }
    let [lo, hi] = halves;
    let join = |k: usize| u64::from(lo[k]) | u64::from(hi[k]) << 32;
    Classes {
        letter: join(0),
        digit: join(1),
        apostrophe: join(2),
        period: join(3),
        point: join(4),
        high: join(5),
    }
}

/// The periods of `bytes` (ASCII but for the marks of [`PUNCTUATION`])
/// that join a letter to the token before them as the tokenizer's
/// abbreviations of single letters do (`Period::Joins`): each takes one
/// start of a run of letters away from the count. A period joins when a
/// letter stands before it, and one letter and another period after it,
/// and the letter before it is a token of one letter so far: it starts a
/// token, or a period joined just before it (`U.S.A.`). A letter starts a
/// token unless a letter or digit stands before it, or an apostrophe
/// (`'` or `’`) joined between it and a letter.
fn abbreviation_joins(bytes: &[u8]) -> usize {
    let mut joined = 0;
    // where the last period that joined was, if one did
    let mut last = None;
    for i in memchr::memchr_iter(b'.', bytes) {
        let Some(&[before, _, next, after]) = i.checked_sub(1).and_then(|b| bytes.get(b..i + 3))
        else {
            continue;
        };
        if !(alpha(before) && alpha(next) && after == b'.') {
            continue;
        }
        if last.is_some_and(|l| l + 2 == i) || starts_token(bytes, i - 1) {
            joined += 1;
            last = Some(i);
        }
    }
    joined
}

/// Whether the letter at byte `a` of `bytes` (ASCII but for the marks of
/// [`PUNCTUATION`]) starts a token: nothing stands before it that its
/// token would continue from.
fn starts_token(bytes: &[u8], a: usize) -> bool {
    let b = |k: usize| a.checked_sub(k).map(|j| bytes[j]);
    match b(1) {
        None => true,
        Some(p) if alnum(p) => false,
        Some(b'\'') => !b(2).is_some_and(alpha),
        Some(0x99) if b(3) == Some(0xE2) && b(2) == Some(0x80) => !b(4).is_some_and(alpha),
        Some(_) => true,
    }
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

/// [`inner_counts`] on any processor: in chunks of [`CHUNK`] bytes, the
/// last one padded with spaces (which count for nothing) to a whole
/// chunk, so that every byte is counted by the vectorised loop. (Whole
/// sentences are counted, a hundred bytes or so: the loop that ran the
/// last bytes of each one a byte at a time took longer than the rest.)
#[inline(always)]
fn inner_counts_any(bytes: &[u8]) -> [usize; 4] {
    let n = bytes.len();
    let mut out = [0usize; 4];
    if n < 3 {
        return out;
    }
    let (before, at, after) = (&bytes[..n - 2], &bytes[1..n - 1], &bytes[2..]);
    let whole = (n - 2) / CHUNK * CHUNK;
    for k in (0..whole).step_by(CHUNK) {
        let chunk = |s: &[u8]| -> [u8; CHUNK] {
            let mut c = [b' '; CHUNK];
            c.copy_from_slice(&s[k..k + CHUNK]);
            c
        };
        add_chunk(&mut out, &chunk(before), &chunk(at), &chunk(after));
    }
    if whole < n - 2 {
        let padded = |s: &[u8]| -> [u8; CHUNK] {
            let mut c = [b' '; CHUNK];
            c[..s.len() - whole].copy_from_slice(&s[whole..]);
            c
        };
        add_chunk(&mut out, &padded(before), &padded(at), &padded(after));
    }
    out
}

/// The bytes [`inner_counts_any`] counts at a time.
const CHUNK: usize = 32;

/// Adds the counts of [`inner_counts`] of one chunk: byte `i` of `at`,
/// with byte `i` of `before` before it and of `after` after it.
#[inline(always)]
fn add_chunk(out: &mut [usize; 4], before: &[u8; CHUNK], at: &[u8; CHUNK], after: &[u8; CHUNK]) {
    let (mut s, mut j, mut d, mut h) = (0u8, 0u8, 0u8, 0u8);
    for ((&p, &c), &x) in before.iter().zip(at).zip(after) {
        let (ap, dp, ax, dx) = (alpha(p), digit(p), alpha(x), digit(x));
        let letters = ap & ax;
        let period = c == b'.';
        s += u8::from(alnum(c) & !(ap | dp));
        let joined = ((c == b'\'') & letters) | ((period | (c == b',')) & dp & dx);
        j += u8::from(joined);
        d += u8::from(period & letters);
        h += c >> 7;
    }
    out[0] += usize::from(s);
    out[1] += usize::from(j);
    out[2] += usize::from(d);
    out[3] += usize::from(h);
}

/// [`inner_counts_any`] as it was, a byte at a time past the last block
/// the loop vectorised: the road the chunks are held to.
#[cfg(test)]
fn inner_counts_by_blocks(bytes: &[u8]) -> [usize; 4] {
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

/// [`punctuation_joins`] of `bytes`, which holds `high` bytes beyond
/// ASCII, without reading the ASCII between them: each `E2` is found by
/// a vectorised search and must start one of the characters of
/// [`PUNCTUATION`] (whose other bytes are never `E2`), and these
/// characters, three bytes each, must hold all `high` bytes: once they
/// do, the search stops.
fn punctuation_joins_counted(bytes: &[u8], high: usize) -> Option<usize> {
    if high == 0 {
        return Some(0);
    }
    let (mut joins, mut marks) = (0, 0);
    for i in memchr::memchr_iter(0xE2, bytes) {
        match bytes.get(i..i + 3)? {
            [0xE2, 0x80, third] if PUNCTUATION.contains(third) => {
                let between =
                    i > 0 && alpha(bytes[i - 1]) && bytes.get(i + 3).is_some_and(|&b| alpha(b));
                joins += usize::from(*third == 0x99 && between);
                marks += 1;
                // all the bytes beyond ASCII found: no `E2` follows
                if 3 * marks == high {
                    return Some(joins);
                }
            }
            _ => return None,
        }
    }
    None
}

/// When every byte of `bytes` beyond ASCII belongs to one of the
/// characters of [`PUNCTUATION`], the tokens a `’` joins; else `None`.
/// The road [`punctuation_joins_counted`] is held to.
#[cfg(test)]
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
mod tests;
