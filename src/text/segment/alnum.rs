//! Runs of ASCII letters and digits, found eight bytes at a time.

/// The end of the run of ASCII letters and digits from byte `i`: eight
/// bytes at a time (see [`alnum_bytes`]), so a word ends with one test
/// rather than a branch per byte whose last turn is mispredicted.
pub(in crate::text) fn alnum_run_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let other = !alnum_bytes(u64::from_le_bytes(word)) & HIGH_BITS;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| ALNUM[usize::from(c)]) {
        i += 1;
    }
    i
}

/// One in each byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set where that byte is an ASCII letter
/// or digit, and clear elsewhere. On bytes below 128, adding `128 - lo`
/// sets the high bit when the byte is at least `lo`, and adding `127 - hi`
/// when it is above `hi`, with no carry into the next byte; letters are
/// tested with bit 5 set, which maps `A`..`Z` to `a`..`z` and no other
/// byte into that range.
pub(super) fn alnum_bytes(x: u64) -> u64 {
    let ascii = !x & HIGH_BITS;
    let low = x & !HIGH_BITS;
    let within = |v: u64, lo: u8, hi: u8| {
        (v + LOW_BITS * u64::from(128 - lo)) & !(v + LOW_BITS * u64::from(127 - hi))
    };
    let digit = within(low, b'0', b'9');
    let letter = within(low | (LOW_BITS * 0x20), b'a', b'z');
    (digit | letter) & ascii
}

/// Whether a byte is an ASCII letter or digit: one look-up where
/// `u8::is_ascii_alphanumeric` takes two range tests (the tokenizer's
/// inner loop asks it of every byte).
pub(super) const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};
