//! Seeded randomness: every random quantity (a bootstrap, a permutation
//! test, the assignment of cross-validation folds) draws from its own
//! stream, named and mixed with the run's seed, so results depend neither
//! on the order nor on the thread in which they are computed.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A stable 64-bit hash (FNV-1a), so that seeds derived from names do not
/// depend on the platform or on hash-map order.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The random stream for one named quantity: the run's seed mixed with the
/// name, so each outlet and axis gets its own stream whatever the order or
/// thread in which it is computed.
pub fn named(seed: u64, parts: &[&str]) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ stable_hash(parts))
}
