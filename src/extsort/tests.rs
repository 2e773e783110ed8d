//! Tests of the external sort.

use super::*;

/// A record with many ties: a small key and a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pair(u16, u64);

impl Record for Pair {
    const BYTES: usize = 10;
    fn put(&self, out: &mut [u8]) {
        PutFields::new(out).put(self.0).put(self.1);
    }
    fn get(b: &[u8]) -> Pair {
        let mut f = GetFields::new(b);
        Pair(f.get(), f.get())
    }
}

fn sorted(input: &[Pair], cap: usize) -> Vec<Pair> {
    let mut s = Sorter::with_run(None, cap);
    for &p in input {
        s.push(p).unwrap();
    }
    s.finish().unwrap().map(Result::unwrap).collect()
}

/// `n` records from a fixed xorshift stream, keys below `keys`.
fn random(n: usize, keys: u64, seed: u64) -> Vec<Pair> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Pair((x % keys) as u16, (x >> 40) % 4)
        })
        .collect()
}

#[test]
fn any_run_size_gives_the_in_memory_sort() {
    // empty; one record; one run not full; exactly one run; a run and a
    // record; many runs (200 of 7 records: levels 0, 1 and 2 with a
    // fan-in of 32; files of merged runs used again); many runs with ties (keys below 3, payloads below 4)
    for (n, keys, cap) in [
        (0, 10, 4),
        (1, 10, 4),
        (3, 10, 4),
        (4, 10, 4),
        (5, 10, 4),
        (1400, 60_000, 7),
        (1400, 3, 7),
        (7 * 32 * 32 + 5, 50, 7),
        // runs written after the level-2 merge go into the files of
        // merged runs, longer than theirs (cut where they end)
        (7 * 32 * 32 + 7 * 40 + 3, 50, 7),
        (1000, 1000, 1),
    ] {
        for seed in [1, 2, 3] {
            let input = random(n, keys, seed);
            let mut want = input.clone();
            want.sort();
            assert_eq!(sorted(&input, cap), want, "n {n}, keys {keys}, run {cap}");
        }
    }
}

#[test]
fn fields_and_strings_read_back_as_written() {
    let mut rec = [0u8; 31];
    PutFields::new(&mut rec)
        .put(7u8)
        .put(0x0102_0304u32)
        .put(u64::MAX - 1)
        .put(1u128 << 100)
        .put(0xbeefu16);
    // little-endian, in the order written
    assert_eq!(rec[..5], [7, 4, 3, 2, 1]);
    let mut f = GetFields::new(&rec);
    assert_eq!(f.get::<u8>(), 7);
    assert_eq!(f.get::<u32>(), 0x0102_0304);
    assert_eq!(f.get::<u64>(), u64::MAX - 1);
    assert_eq!(f.get::<u128>(), 1 << 100);
    assert_eq!(f.get::<u16>(), 0xbeef);
    let mut stream = Vec::new();
    write_field(&mut stream, 9u64).unwrap();
    write_str(&mut stream, "Café").unwrap();
    write_str(&mut stream, "").unwrap();
    // 8 bytes, then a 4-byte length and the 5 bytes of "Café", then 4
    assert_eq!(stream.len(), 8 + 4 + 5 + 4);
    let mut r = stream.as_slice();
    assert_eq!(read_field::<u64>(&mut r).unwrap(), 9);
    assert_eq!(read_str(&mut r).unwrap(), "Café");
    assert_eq!(read_str(&mut r).unwrap(), "");
    assert!(read_str(&mut r).is_err());
}

#[test]
fn runs_kept_on_disk_merge_the_same_twice() {
    let input = random(1400, 60, 4);
    let mut want = input.clone();
    want.sort();
    let mut s = Sorter::with_run(None, 7);
    for &p in &input {
        s.push(p).unwrap();
    }
    let runs = s.into_runs().unwrap();
    for _ in 0..2 {
        let got: Vec<Pair> = runs.merge().unwrap().map(Result::unwrap).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn full_levels_are_merged_as_runs_pile_up() {
    let mut s = Sorter::with_run(None, 2);
    for p in random(2 * FAN_IN * FAN_IN + 2 * 3, 100, 9) {
        s.push(p).unwrap();
    }
    // FAN_IN^2 runs of 2 became one run of level 2; 3 more of level 0
    let levels: Vec<u32> = s.runs.iter().map(|(l, _)| *l).collect();
    assert_eq!(levels, [2, 0, 0, 0]);
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(64, "tests/fixtures/proptest/extsort_parts.txt"))]

    /// The parts between any bounds, read one after another or side by
    /// side on the pool, are the records of the merge of every run, in
    /// order: runs of any size and level, records equal to a bound, bounds
    /// out of order or beyond every record, strings read at their bytes.
    #[test]
    fn parts_between_bounds_are_the_merge_cut_there(
        n in 0usize..3000,
        keys in 1u64..80,
        seed in 1u64..1000,
        cap in 1usize..40,
        mut bounds in proptest::collection::vec((0u16..90, 0u64..5), 0..6),
        sorted_bounds in proptest::bool::ANY,
    ) {
        use rayon::prelude::*;
        let input = random(n, keys, seed);
        let mut s = Sorter::with_run(None, cap);
        let mut t = Sorter::with_run(None, cap);
        for &p in &input {
            s.push(p).unwrap();
            t.push(p).unwrap();
        }
        let want: Vec<Pair> = s.finish().unwrap().map(Result::unwrap).collect();
        let parts = t.into_parts().unwrap();
        let mut cuts: Vec<Pair> = bounds.drain(..).map(|(k, p)| Pair(k, p)).collect();
        if sorted_bounds {
            cuts.sort();
        }
        let mut ranges: Vec<(Option<Pair>, Option<Pair>)> = Vec::new();
        let mut from = None;
        for &c in &cuts {
            ranges.push((from, Some(c)));
            from = Some(c);
        }
        ranges.push((from, None));
        let read = |(from, to): &(Option<Pair>, Option<Pair>)| -> Vec<Pair> {
            parts.between(from.as_ref(), to.as_ref()).unwrap().map(Result::unwrap).collect()
        };
        let one_by_one: Vec<Vec<Pair>> = ranges.iter().map(read).collect();
        let side_by_side: Vec<Vec<Pair>> = ranges.par_iter().map(read).collect();
        proptest::prop_assert_eq!(&one_by_one, &side_by_side);
        for ((from, to), got) in ranges.iter().zip(&one_by_one) {
            let cut: Vec<Pair> = want
                .iter()
                .filter(|r| from.is_none_or(|f| **r >= f) && to.is_none_or(|t| **r < t))
                .copied()
                .collect();
            proptest::prop_assert_eq!(got, &cut);
        }
        if sorted_bounds {
            proptest::prop_assert_eq!(one_by_one.concat(), want);
        }
    }
}

#[test]
fn strings_read_at_their_bytes_are_the_strings_written() {
    let mut w = std::io::BufWriter::new(temp_file(None).unwrap());
    let mut at = Vec::new();
    let mut written = 0u64;
    for s in ["", "Café", "a line", &"x".repeat(5000)] {
        at.push((written, s.to_string()));
        write_str(&mut w, s).unwrap();
        written += 4 + s.len() as u64;
    }
    let f = rewound(w).unwrap();
    for (at, s) in at.iter().rev() {
        assert_eq!(&read_str_at(&f, *at).unwrap(), s);
    }
    // past the end
    assert!(read_str_at(&f, written).is_err());
}
