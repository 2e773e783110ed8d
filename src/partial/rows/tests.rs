use super::*;
use proptest::prelude::*;
use serde_json::json;

/// Odd strings: empty, quotes, escapes, Unicode, a section's name.
fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        Just(String::new()),
        Just("first".to_string()),
        Just("a\"b\\c\n\u{0}".to_string()),
        Just("é😀\u{2028}".to_string()),
        "\\PC{0,6}",
    ]
}

/// Odd JSON values: big and negative numbers, floats, nesting, maps
/// with repeated-looking keys.
fn value() -> impl Strategy<Value = Value> + Clone {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        text().prop_map(Value::from),
        Just(json!({"group": 1, "doc_id": "x", "similarity": 1.0, "first": true})),
        Just(json!({"$serde_json::private::RawValue": "[1]"})),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((text(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        -1e12f64..1e12,
    ]
}

fn row() -> impl Strategy<Value = Row> {
    let key = prop::collection::vec(text(), 0..3);
    prop_oneof![
        (text(), key.clone(), any::<u64>()).prop_map(|(kind, key, n)| Row::Count { kind, key, n }),
        (
            text(),
            key.clone(),
            any::<u64>(),
            any::<u64>(),
            // `Some(null)` reads back as `None`, on either road
            prop::option::of(value().prop_filter("null", |v| !v.is_null())),
            any::<u32>()
        )
            .prop_map(|(kind, key, record, position, value, keep)| Row::First {
                kind,
                key,
                record,
                position,
                value,
                keep
            }),
        (
            text(),
            any::<u32>(),
            any::<bool>(),
            float(),
            any::<u64>(),
            any::<u32>(),
            value()
        )
            .prop_map(|(outlet, axis, pos, net, record, sentence, data)| {
                Row::Evidence {
                    outlet,
                    axis,
                    side: if pos { Side::Positive } else { Side::Negative },
                    net,
                    record,
                    sentence,
                    data,
                }
            }),
        (
            text(),
            key,
            float(),
            any::<u64>(),
            any::<u64>(),
            any::<u32>(),
            value()
        )
            .prop_map(|(kind, key, score, record, position, keep, data)| {
                Row::Top {
                    kind,
                    key,
                    score,
                    record,
                    position,
                    keep,
                    data,
                }
            }),
        (
            any::<u64>(),
            text(),
            any::<u32>(),
            prop::option::of(text()),
            value()
        )
            .prop_map(|(record, kind, seq, id, data)| Row::Doc {
                record,
                kind,
                seq,
                id,
                data
            }),
    ]
}

/// A change to a row's line, as (raw key, raw value) entries: keys in
/// another order, extra or repeated keys, `section` moved, repeated or
/// escaped, a value of the wrong type, and the line cut short.
#[derive(Debug, Clone)]
enum Change {
    Same,
    Swap(usize, usize),
    Extra(usize, String),
    Repeat(usize),
    Escaped(usize),
    WrongType(usize, String),
    Drop(usize),
    Section(String),
    Cut(usize),
}

fn change() -> impl Strategy<Value = Change> {
    let raw = prop::sample::select(vec![
        "null",
        "1",
        "-1",
        "1.5",
        "1e400",
        "\"x\"",
        "\"first\"",
        "[]",
        "{}",
        "[[1,2]]",
        "18446744073709551616",
        "true",
    ])
    .prop_map(String::from);
    prop_oneof![
        3 => Just(Change::Same),
        1 => any::<(usize, usize)>().prop_map(|(a, b)| Change::Swap(a, b)),
        1 => (any::<usize>(), raw.clone()).prop_map(|(a, v)| Change::Extra(a, v)),
        1 => any::<usize>().prop_map(Change::Repeat),
        1 => any::<usize>().prop_map(Change::Escaped),
        1 => (any::<usize>(), raw).prop_map(|(a, v)| Change::WrongType(a, v)),
        1 => any::<usize>().prop_map(Change::Drop),
        1 => prop::sample::select(vec!["count", "first", "doc", "top", "Doc", "fir\\u0073t", ""])
            .prop_map(|s| Change::Section(s.into())),
        1 => any::<usize>().prop_map(Change::Cut),
    ]
}

/// `row` written as slant writes it, then changed.
fn line(row: &Row, change: &Change) -> String {
    let Value::Object(map) = serde_json::to_value(row).unwrap() else {
        unreachable!("a row is an object")
    };
    let mut kv: Vec<(String, String)> = map
        .iter()
        .map(|(k, v)| {
            let k = serde_json::to_string(k).unwrap();
            (k[1..k.len() - 1].to_string(), v.to_string())
        })
        .collect();
    let n = kv.len();
    match change {
        Change::Same | Change::Cut(_) => {}
        Change::Swap(a, b) => kv.swap(a % n, b % n),
        Change::Extra(a, v) => kv.insert(a % (n + 1), ("extra".into(), v.clone())),
        Change::Repeat(a) => {
            let e = kv[a % n].clone();
            kv.push(e);
        }
        Change::Escaped(a) => {
            let s = kv[0].1.clone();
            kv.insert(a % (n + 1), ("sect\\u0069on".into(), s));
        }
        Change::WrongType(a, v) => kv[a % n].1 = v.clone(),
        Change::Drop(a) => {
            kv.remove(a % n);
        }
        Change::Section(s) => kv[0].1 = format!("\"{s}\""),
    }
    let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    let mut line = format!("{{{}}}", body.join(","));
    if let Change::Cut(at) = change {
        let mut at = at % (line.len() + 1);
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        line.truncate(at);
    }
    line
}

proptest! {
    #![proptest_config(crate::fuzz::config(4096, "tests/fixtures/proptest/rows.txt"))]

    /// The straight road reads every line as the derived road does:
    /// the same row, or the same error.
    #[test]
    fn parse_is_the_derived_road(row in row(), change in change()) {
        let line = line(&row, &change);
        let derived = serde_json::from_str::<Row>(&line).map_err(|e| e.to_string());
        let fast = parse(&line).map_err(|e| e.to_string());
        prop_assert_eq!(&fast, &derived, "{}", line);
        // serde_json reads an object keyed by its raw-value token as
        // the raw JSON it holds, on either road.
        if matches!(change, Change::Same) && !line.contains("RawValue") {
            prop_assert_eq!(fast, Ok(row));
        }
    }
}

/// Lines the straight road reads, and lines it must leave to the
/// derived road's error.
#[test]
fn straight_road_edges() {
    let first = r#"{"section":"first","kind":"duplicate","key":["0"],"record":0,"position":0,"value":{"group":1}}"#;
    assert!(straight(first).is_some());
    assert_eq!(
        parse(first).unwrap(),
        serde_json::from_str::<Row>(first).unwrap()
    );
    for bad in [
        r#"{"section":"first","section":"first","kind":"k","key":[],"record":0,"position":0}"#,
        r#"{"section":"first","sect\u0069on":"first","kind":"k","key":[],"record":0,"position":0}"#,
        r#"{"section":"doc","record":0,"kind":"k","seq":0}"#,
        r#"{"section":"count","kind":"k","key":[],"n":-1}"#,
        r#"{"section":"count","kind":"k","key":[],"n":1}x"#,
        r#"{"section":"count","kind":"k""#,
        "",
    ] {
        assert!(straight(bad).is_none(), "{bad}");
        assert_eq!(
            parse(bad).unwrap_err().to_string(),
            serde_json::from_str::<Row>(bad).unwrap_err().to_string()
        );
    }
}
