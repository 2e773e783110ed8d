//! Merging is associative and commutative: random shards merged in any
//! order and grouping give byte-identical partials, equal to the partial of
//! all their rows at once.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

use super::*;

/// Evidence kept per outlet, axis and side in these tests: small, so that
/// truncation happens.
const TOP: u64 = 2;

pub(super) fn header(first: u64, end: u64) -> Header {
    let mut options = BTreeMap::new();
    options.insert("evidence".to_string(), json!(TOP));
    let lex = vec![LexiconHash {
        name: "crimea".into(),
        sha256: "ab".into(),
    }];
    Header::new(Phase::Match, lex, options, first, end)
}

/// A row of a shard whose records are `first..first + len`.
pub(super) fn row(first: u64, len: u64) -> impl Strategy<Value = Row> {
    let record = first..first + len;
    let key = prop::collection::vec(prop::sample::select(vec!["a", "b", "c"]), 0..3)
        .prop_map(|k| k.into_iter().map(String::from).collect::<Vec<_>>());
    prop_oneof![
        (
            prop::sample::select(vec!["form", "ngram"]),
            key.clone(),
            0u64..100
        )
            .prop_map(|(kind, key, n)| Row::Count {
                kind: kind.into(),
                key,
                n
            }),
        // "word" keeps the first sighting, "line" the first two
        (prop::bool::ANY, key, record.clone(), 0u64..4).prop_map(|(two, key, record, position)| {
            Row::First {
                kind: if two { "line" } else { "word" }.into(),
                key,
                record,
                position,
                value: Some(json!([record, position])),
                keep: if two { 2 } else { 1 },
            }
        }),
        // the two most probable of a group, few scores so that ties are
        // common
        (
            prop::sample::select(vec!["A", "B"]),
            prop::sample::select(vec![0.25, 0.5, 0.75]),
            record.clone(),
            0u64..3,
        )
            .prop_map(|(outlet, score, record, position)| Row::Top {
                kind: "top_sentence".into(),
                key: vec![outlet.into(), "0".into()],
                score,
                record,
                position,
                keep: 2,
                data: json!([record, position]),
            }),
        (
            prop::sample::select(vec!["A", "B"]),
            0u32..2,
            // few values, so that ties are common
            prop::sample::select(vec![-2.0, -0.5, 0.5, 1.0, 2.0]),
            record,
            0u32..3,
        )
            .prop_map(|(outlet, axis, net, record, sentence)| Row::Evidence {
                outlet: outlet.into(),
                axis,
                side: if net > 0.0 {
                    Side::Positive
                } else {
                    Side::Negative
                },
                net,
                record,
                sentence,
                data: json!({"record": record, "sentence": sentence}),
            }),
    ]
}

/// Shards with consecutive record ranges, each with its documents and a
/// few other rows.
fn shards() -> impl Strategy<Value = Vec<Partial>> {
    prop::collection::vec(1u64..5, 1..7).prop_flat_map(|lens| {
        let mut first = 0;
        let shards: Vec<_> = lens
            .iter()
            .map(|&len| {
                let start = first;
                first += len;
                prop::collection::vec(row(start, len), 0..12).prop_map(move |mut rows| {
                    rows.extend((start..start + len).map(|r| Row::Doc {
                        record: r,
                        kind: "doc".into(),
                        seq: 0,
                        id: Some(format!("d{r}")),
                        data: json!({"record": r}),
                    }));
                    Partial::new(header(start, start + len), rows).unwrap()
                })
            })
            .collect();
        shards
    })
}

fn bytes(p: &Partial) -> Vec<u8> {
    let mut out = Vec::new();
    p.write_lines(&mut out).unwrap();
    out
}

/// Merges `parts` pairwise, each time the pair that `pick` chooses of
/// the `n - 1` adjacent pairs.
fn merge_in(mut parts: Vec<Partial>, mut pick: impl FnMut(usize) -> usize) -> Partial {
    while parts.len() > 1 {
        let at = pick(parts.len() - 1);
        let right = parts.remove(at + 1);
        let left = parts.remove(at);
        parts.insert(at, left.merge(right, "left", "right").unwrap());
    }
    parts.pop().unwrap()
}

proptest! {
    #![proptest_config(crate::fuzz::config(64, "tests/fixtures/proptest/partial.txt"))]

    #[test]
    fn any_order_and_grouping_merge_alike(
        parts in shards(),
        order in Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
    ) {
        let in_order = merge_in(parts.clone(), |_| 0);
        let shuffled: Vec<Partial> = order
            .iter()
            .filter(|&&i| i < parts.len())
            .map(|&i| parts[i].clone())
            .collect();
        let mut i = 0;
        let any = merge_in(shuffled, |pairs| {
            i += 1;
            picks[i % picks.len()].index(pairs)
        });
        prop_assert_eq!(bytes(&in_order), bytes(&any));
        // and both equal the partial of every row at once
        let end = parts.iter().map(|p| p.header.records[0].1).max().unwrap();
        let all = parts.iter().flat_map(|p| p.rows.clone()).collect();
        let whole = Partial::new(header(0, end), all).unwrap();
        prop_assert_eq!(bytes(&whole), bytes(&any));
    }
}

#[test]
fn evidence_keeps_the_strongest_and_the_earlier_of_equals() {
    let ev = |net: f64, record: u64| Row::Evidence {
        outlet: "A".into(),
        axis: 0,
        side: Side::Positive,
        net,
        record,
        sentence: 0,
        data: json!(record),
    };
    let a = Partial::new(header(0, 3), vec![ev(1.0, 0), ev(1.0, 2), ev(0.5, 1)]).unwrap();
    let b = Partial::new(header(3, 5), vec![ev(1.0, 4), ev(2.0, 3)]).unwrap();
    let m = b.merge(a, "b", "a").unwrap();
    // 2.0 is strongest; of the 1.0s, records 0 and 2 and 4 tie: the top two
    // (TOP) are 2.0 and the earliest 1.0, as analyze's stable sort keeps.
    assert_eq!(m.rows, vec![ev(2.0, 3), ev(1.0, 0)]);
}

#[test]
fn top_keeps_the_highest_and_the_earlier_of_equals() {
    let top = |score: f64, record: u64, position: u64| Row::Top {
        kind: "top_sentence".into(),
        key: vec!["A".into(), "1".into()],
        score,
        record,
        position,
        keep: 3,
        data: json!([record, position]),
    };
    let a = Partial::new(
        header(0, 3),
        vec![top(0.9, 2, 1), top(0.7, 0, 4), top(0.9, 2, 0)],
    );
    let b = Partial::new(header(3, 5), vec![top(0.95, 4, 0), top(0.7, 3, 0)]);
    let m = b.unwrap().merge(a.unwrap(), "b", "a").unwrap();
    // 0.95 first, then the two 0.9s of record 2 in sentence order; the
    // 0.7s are past the three kept
    assert_eq!(
        m.rows,
        vec![top(0.95, 4, 0), top(0.9, 2, 0), top(0.9, 2, 1)]
    );
}

#[test]
fn counts_sum_and_the_earliest_sighting_wins() {
    let count = |n| Row::Count {
        kind: "form".into(),
        key: vec!["0".into(), "1".into()],
        n,
    };
    let seen = |record, position| Row::First {
        kind: "field".into(),
        key: vec!["url".into()],
        record,
        position,
        value: None,
        keep: 1,
    };
    let a = Partial::new(header(5, 9), vec![count(3), seen(6, 0)]).unwrap();
    let b = Partial::new(header(0, 5), vec![count(4), seen(4, 2), seen(2, 7)]).unwrap();
    let m = a.merge(b, "a", "b").unwrap();
    assert_eq!(m.rows, vec![count(7), seen(2, 7)]);
    assert_eq!(m.header.records, vec![(0, 9)]);
}

#[test]
fn refuses_one_id_in_two_records() {
    let doc = |record| Row::Doc {
        record,
        kind: "doc".into(),
        seq: 0,
        id: Some("same".into()),
        data: json!(null),
    };
    let a = Partial::new(header(0, 1), vec![doc(0)]).unwrap();
    let b = Partial::new(header(1, 2), vec![doc(1)]).unwrap();
    let e = a.merge(b, "a", "b").unwrap_err().to_string();
    assert!(e.contains("\"same\" is in records 0 and 1"), "{e}");
}

#[test]
fn written_and_read_back_unchanged_and_refused_when_not_a_partial() {
    let dir = tempfile::tempdir().unwrap();
    let p = Partial::new(
        header(0, 2),
        vec![Row::Count {
            kind: "bytes".into(),
            key: vec![],
            n: 12,
        }],
    )
    .unwrap();
    let path = dir.path().join("p.gz");
    p.write(&path).unwrap();
    assert_eq!(Partial::read(&path).unwrap(), p);
    let plain = dir.path().join("plain.jsonl");
    std::fs::write(&plain, "{\"id\":1}\n").unwrap();
    let e = Partial::read(&plain).unwrap_err().to_string();
    assert!(e.contains("plain.jsonl: not a slant partial"), "{e}");
}

#[test]
fn the_lines_of_partials_merge_alike_in_any_line_order() {
    // Hadoop Streaming sorts a reducer's input lines: header lines
    // (`{"format"...`) sort before rows (`{"section"...`), and a merge
    // depends only on the headers and the rows.
    let parts: Vec<Partial> = (0..3)
        .map(|i| {
            let rows = vec![
                Row::Count {
                    kind: "bytes".into(),
                    key: vec![],
                    n: 10 + i,
                },
                Row::Doc {
                    record: i,
                    kind: "doc".into(),
                    seq: 0,
                    id: Some(format!("d{i}")),
                    data: json!(i),
                },
            ];
            Partial::new(header(i, i + 1), rows).unwrap()
        })
        .collect();
    let mut text = Vec::new();
    for p in &parts {
        p.write_lines(&mut text).unwrap();
    }
    let mut lines: Vec<&str> = std::str::from_utf8(&text).unwrap().lines().collect();
    lines.sort_unstable();
    let sorted = lines.join("\n") + "\n";
    let read = Partial::read_all(sorted.as_bytes(), std::path::Path::new("sorted")).unwrap();
    let named = |ps: Vec<Partial>| ps.into_iter().map(|p| ("p".to_string(), p)).collect();
    let from_sorted = Partial::merge_all(named(read)).unwrap().unwrap();
    let direct = Partial::merge_all(named(parts)).unwrap().unwrap();
    assert_eq!(bytes(&from_sorted), bytes(&direct));
}

/// Writes `p` to `path` as plain lines, its rows in reverse (out of order,
/// as a sorted reducer input can be).
fn write_reversed(p: &Partial, path: &std::path::Path) {
    let reversed = Partial {
        header: p.header.clone(),
        rows: p.rows.iter().rev().cloned().collect(),
    };
    let mut text = Vec::new();
    reversed.write_lines(&mut text).unwrap();
    std::fs::write(path, text).unwrap();
}

proptest! {
    #![proptest_config(crate::fuzz::config(32, "tests/fixtures/proptest/partial_stream.txt"))]

    #[test]
    fn merged_as_streams_the_bytes_merged_in_memory(
        parts in shards(),
        order in Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
        runs in (1usize..4, 1usize..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        let mut joined = Vec::new();
        let mut in_order = Vec::new();
        for &i in order.iter().filter(|&&i| i < parts.len()) {
            let path = dir.path().join(format!("p{i}"));
            match i % 3 {
                0 => parts[i].write(&path).unwrap(),
                1 => write_reversed(&parts[i], &path),
                _ => {
                    // cat-joined into one file, read where it first comes
                    parts[i].write_lines(&mut joined).unwrap();
                    in_order.push(("p".to_string(), parts[i].clone()));
                    continue;
                }
            }
            inputs.push(merge::Input::File(path));
            in_order.push(("p".to_string(), parts[i].clone()));
        }
        if !joined.is_empty() {
            let path = dir.path().join("joined");
            std::fs::write(&path, &joined).unwrap();
            inputs.push(merge::Input::File(path));
        }
        let want = dir.path().join("want.gz");
        let direct = Partial::merge_all(in_order).unwrap().unwrap();
        // Merged in memory, a single partial is kept as read; its rows are
        // canonical already.
        Partial::new(direct.header.clone(), direct.rows.clone()).unwrap().write(&want).unwrap();
        let got = dir.path().join("got.gz");
        merge::merge_in_runs(&inputs, &merge::Output::File(got.clone()), runs).unwrap();
        prop_assert_eq!(std::fs::read(&got).unwrap(), std::fs::read(&want).unwrap());
    }
}

#[test]
fn merged_as_streams_refuses_one_id_in_two_records_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |record, id: &str| Row::Doc {
        record,
        kind: "doc".into(),
        seq: 0,
        id: Some(id.into()),
        data: json!(null),
    };
    let a = Partial::new(header(0, 3), vec![doc(0, "x"), doc(1, "same"), doc(2, "y")]);
    let b = Partial::new(header(3, 6), vec![doc(3, "z"), doc(4, "y"), doc(5, "same")]);
    let (pa, pb) = (dir.path().join("a.gz"), dir.path().join("b.gz"));
    a.unwrap().write(&pa).unwrap();
    b.unwrap().write(&pb).unwrap();
    let out = dir.path().join("m.gz");
    let inputs = [merge::Input::File(pb), merge::Input::File(pa)];
    // ids spilled one at a time: the check merges the runs
    let e = merge::merge_in_runs(&inputs, &merge::Output::File(out.clone()), (1, 1))
        .unwrap_err()
        .to_string();
    // "y" (records 2 and 4) is found before "same" (1 and 5): a scan in
    // record order meets record 4 first
    assert!(e.contains("\"y\" is in records 2 and 4"), "{e}");
    assert!(!out.exists(), "nothing written on refusal");
}

proptest! {
    #![proptest_config(crate::fuzz::config(32, "tests/fixtures/proptest/partial_spill.txt"))]

    /// `slant map`'s spill writes the bytes of the partial made in memory
    /// from the same rows in the same order, whatever the run size: runs
    /// of a row to a few dozen rows, over 300 rows, make more than
    /// `FAN_IN` runs, so runs are merged in levels too.
    #[test]
    fn spilled_rows_write_the_partial_made_in_memory(
        mut rows in prop::collection::vec(row(0, 40), 0..300),
        docs in Just((0..40u64).collect::<Vec<u64>>()).prop_shuffle(),
        budget in 0usize..4000,
    ) {
        rows.extend(docs.into_iter().map(|r| Row::Doc {
            record: r,
            kind: "doc".into(),
            seq: 0,
            id: Some(format!("d{r}")),
            data: json!({"record": r}),
        }));
        let dir = tempfile::tempdir().unwrap();
        let (want, got) = (dir.path().join("want.gz"), dir.path().join("got.gz"));
        Partial::new(header(0, 40), rows.clone()).unwrap().write(&want).unwrap();
        let mut spill = spill::Spill::with_budget(budget).unwrap();
        spill.extend(rows).unwrap();
        spill.finish(&header(0, 40), &merge::Output::File(got.clone())).unwrap();
        prop_assert_eq!(std::fs::read(&want).unwrap(), std::fs::read(&got).unwrap());
    }
}

#[test]
fn a_spill_refuses_one_id_on_two_records_as_a_partial_does() {
    let doc = |record: u64, id: &str| Row::Doc {
        record,
        kind: "doc".into(),
        seq: 0,
        id: Some(id.into()),
        data: json!(record),
    };
    let rows = vec![doc(3, "b"), doc(0, "a"), doc(2, "a"), doc(1, "b")];
    let want = Partial::new(header(0, 4), rows.clone())
        .unwrap_err()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.gz");
    let mut spill = spill::Spill::with_budget(0).unwrap();
    spill.extend(rows).unwrap();
    let got = spill.finish(&header(0, 4), &merge::Output::File(out.clone()));
    assert_eq!(got.unwrap_err().to_string(), want);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn record_ranges_read_as_first_and_last_record() {
    // A header holds `(first, end)`, end past the last record: the
    // message shows the last record itself, counted from 0.
    assert_eq!(shown_records(&[(0, 20)]), "records 0\u{2013}19");
    assert_eq!(shown_records(&[(7, 8)]), "record 7");
    assert_eq!(
        shown_records(&[(0, 10), (20, 21), (40, 50)]),
        "records 0\u{2013}9, 20 and 40\u{2013}49"
    );
    assert_eq!(shown_records(&[]), "no records");
}
