//! xxh3_64 of a word read from a padded block of lower-cased text, the
//! same hash as [`xxh3_64`] of the word's bytes. xxh3 hashes inputs of 1
//! to 3, 4 to 8 and 9 to 16 bytes by three formulas; here each reads its
//! input from the same two 8-byte reads of the block, with no slice of
//! the word to make and check. Longer words take [`xxh3_64`] itself.
//! Computing all three formulas and picking one by selects, with no branch
//! on the length, was tried: 34 more instructions a word and no faster
//! (session 37 in `tests/bench/HISTORY.md`).

use xxhash_rust::xxh3::xxh3_64;

/// Bytes the word search ([`super::find`]) marks at a time: one bit of a
/// `u64` each. (Defined here, with the block that holds a chunk
/// lower-cased, so that this module needs nothing of the search.)
pub(super) const CHUNK: usize = 64;

/// Bytes of a [`Block`] before its chunk: the read of a short word's last
/// 8 bytes starts at most 7 bytes before the word.
pub(super) const FRONT: usize = 8;

/// A chunk of [`CHUNK`] bytes at [`FRONT`], with room after it: the read
/// of a word's first 8 bytes runs at most 7 bytes past the chunk's end
/// (and the 16 spare bytes keep every read of a word of at most 16 bytes
/// in the block, whatever its offset in the chunk).
pub(super) type Block = [u8; FRONT + CHUNK + 16];

/// xxh3's secret read for inputs of 1 to 3 bytes (seed 0): its first two
/// 32-bit words, combined.
const FLIP_1_3: u64 = 0x8727_5A9B;
/// The same for 4 to 8 bytes: the secret's 64-bit words at 8 and 16.
const FLIP_4_8: u64 = 0xC73A_B174_C5EC_D5A2;
/// The same for 9 to 16 bytes: the secret's words at 24 and 32, then at
/// 40 and 48.
const FLIP_9_16: [u64; 2] = [0x6782_737B_EA42_39B9, 0xAF56_BC3B_0996_523A];

/// The xxh3_64 hash of the `len` bytes at offset `at` of the chunk in
/// `block` (byte `FRONT + at` of the block). A word of 1 to 16 bytes is
/// hashed in registers (only `at % CHUNK` is read, so any `at` is safe;
/// a word must end within the chunk for its hash to be its bytes'); the
/// others take [`xxh3_64`] on their bytes.
#[inline(always)]
pub(super) fn xxh3_in(block: &Block, at: usize, len: usize) -> u64 {
    if len.wrapping_sub(1) >= 16 {
        return xxh3_64(block.get(FRONT + at..FRONT + at + len).unwrap_or_default());
    }
    let p = FRONT + at % CHUNK;
    // The word's first and last 8 bytes (overlapping, or reaching before
    // and after the word when it is shorter): each formula reads its input
    // from these two (and one middle byte).
    let first = read_u64(block, p);
    let last = read_u64(block, p + len - 8);
    let n = len as u64;
    if len > 8 {
        // the first and last 8 bytes
        let lo = first ^ FLIP_9_16[0];
        let hi = last ^ FLIP_9_16[1];
        let product = u128::from(lo) * u128::from(hi);
        let acc = n
            .wrapping_add(lo.swap_bytes())
            .wrapping_add(hi)
            .wrapping_add(product as u64 ^ (product >> 64) as u64);
        xxh3_avalanche(acc)
    } else if len >= 4 {
        // the first and last 4 bytes
        strong_avalanche((last >> 32 | first << 32) ^ FLIP_4_8, n)
    } else {
        // the first, middle and last bytes and the length
        let middle = block.get(p + len / 2).copied().unwrap_or_default();
        let combo = (first & 0xFF) << 16 | u64::from(middle) << 24 | last >> 56 | n << 8;
        xxh64_avalanche(combo ^ FLIP_1_3)
    }
}

/// The 8 bytes of `block` at `at`, little-endian (0 past the block's end,
/// which the callers' offsets never reach).
#[inline(always)]
fn read_u64(block: &Block, at: usize) -> u64 {
    block
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// xxh64's final mix, which xxh3 uses for inputs of 1 to 3 bytes.
#[inline(always)]
fn xxh64_avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 29;
    h = h.wrapping_mul(0x1656_67B1_9E37_79F9);
    h ^ h >> 32
}

/// xxh3's final mix for inputs of 4 to 8 bytes.
#[inline(always)]
fn strong_avalanche(mut h: u64, len: u64) -> u64 {
    const M: u64 = 0x9FB2_1C65_1E98_DF25;
    h ^= h.rotate_left(49) ^ h.rotate_left(24);
    h = h.wrapping_mul(M);
    h ^= (h >> 35).wrapping_add(len);
    h = h.wrapping_mul(M);
    h ^ h >> 28
}

/// xxh3's final mix for inputs of 9 to 240 bytes.
#[inline(always)]
fn xxh3_avalanche(mut h: u64) -> u64 {
    h ^= h >> 37;
    h = h.wrapping_mul(0x1656_6791_9E37_79F9);
    h ^ h >> 32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` at offset `at` of a block otherwise filled with `fill`.
    fn block_with(bytes: &[u8], at: usize, fill: u8) -> Block {
        let mut block = [fill; FRONT + CHUNK + 16];
        block[FRONT + at..FRONT + at + bytes.len()].copy_from_slice(bytes);
        block
    }

    #[test]
    fn every_length_at_the_chunk_edges_is_xxh3() {
        for len in 0..=CHUNK {
            let bytes: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(37) ^ 0x5A).collect();
            for at in [0, CHUNK - len] {
                for fill in [0, 0xFF] {
                    let block = block_with(&bytes, at, fill);
                    assert_eq!(xxh3_in(&block, at, len), xxh3_64(&bytes), "{len} at {at}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/short_hash.txt"))]

        /// Every length from 0 to 64, any bytes, at any offset where the
        /// word ends within the chunk, with any bytes around it: the hash
        /// is `xxh3_64`'s.
        #[test]
        fn hashes_are_xxh3(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..=CHUNK),
            at in 0..CHUNK,
            fill in proptest::num::u8::ANY,
        ) {
            let at = at.min(CHUNK - bytes.len());
            let block = block_with(&bytes, at, fill);
            proptest::prop_assert_eq!(xxh3_in(&block, at, bytes.len()), xxh3_64(&bytes));
        }
    }
}
