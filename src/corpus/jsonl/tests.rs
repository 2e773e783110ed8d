use super::value::parse_value;
use super::*;

fn read(line: &str, fast: bool) -> Result<Document, String> {
    let origin = Origin {
        file: Arc::from("c.jsonl"),
        line: Some(3),
    };
    let map = FieldMap::default();
    let got = match fast {
        true => parse_json_line(line.as_bytes(), origin, &map, "c"),
        false => parse_value(line, origin, &map, "c"),
    };
    got.map_err(|e| match e {
        SourceError::Record(p) => format!("{p:?}"),
        SourceError::Fatal(e) => e.to_string(),
        SourceError::Warning(w) => w.to_string(),
    })
}

/// Records the fast road reads and records it hands to the `Value`
/// road (numbers, arrays, a field named twice, bad JSON) come out as
/// the `Value` road alone reads them, document or error.
#[test]
fn the_fast_road_reads_what_the_value_road_reads() {
    for line in [
        r#"{"id": "a1", "outlet": " Wire ", "date": "2020-01-02", "text": "Said \"x\"\n\u00e9", "k": "v"}"#,
        r#"{"text": "t", "outlet": "O", "title": null, "url": "", "z": "1", "a": "2"}"#,
        r#"{"text": "t", "outlet": "O", "id": 7, "n": 1.50, "m": [1, {"b": 2, "a": 1}]}"#,
        r#"{"text": "first", "outlet": "O", "text": "second", "x": "1", "x": "2"}"#,
        r#"{"text": 5, "outlet": "O"}"#,
        r#"{"text": "t", "outlet": ["a"]}"#,
        r#"{"outlet": "O"}"#,
        r#"{"text": "t\u0000", "outlet": "O"}"#,
        r#"{"text": "t", "outlet": "O"} x"#,
        r#"{"text": "t", "outlet": "O""#,
        r#"["text", "t"]"#,
        r#"{"text": "\ud800", "outlet": "O"}"#,
        r#"{"text": "a\ud83d\ude00\"b\\ \/", "outlet": "O\u00e9", "title": "\t", "k": "\udc00"}"#,
        r#"{"text": "t", "outlet": "O", "k": "\x"}"#,
        "{}",
    ] {
        assert_eq!(read(line, true), read(line, false), "{line}");
    }
}

/// A file of several batches, with a bad record in the fourth, reads
/// the same records and problems in the same order on one thread
/// (parsed as read) and on two or three (parsed on the workers, the
/// next batch ahead).
#[test]
fn batches_parsed_on_the_workers_come_back_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    let lines: Vec<String> = (1..=5 * BATCH_LINES + 7)
        .map(|i| match i {
            900 => "{not json".to_string(),
            _ => format!(r#"{{"id":"d{i}","outlet":"A","text":"t {i}"}}"#),
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let read_all = |threads: usize| -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            open_jsonl(&path, FieldMap::default(), None, u64::MAX, None)
                .unwrap()
                .map(|r| match r {
                    Ok(d) => d.id,
                    Err(SourceError::Record(p)) => format!("problem {:?}", p.origin.line),
                    Err(SourceError::Fatal(e)) => e.to_string(),
                    Err(SourceError::Warning(w)) => w.to_string(),
                })
                .collect()
        })
    };
    let one = read_all(1);
    assert_eq!(one.len(), 5 * BATCH_LINES + 7);
    assert_eq!(one[0], "d1");
    assert_eq!(one[898], "d899");
    assert_eq!(one[899], "problem Some(900)");
    assert_eq!(one[900], "d901");
    assert_eq!(one.last().map(String::as_str), Some("d1287"));
    assert_eq!(read_all(2), one);
    assert_eq!(read_all(3), one);
}
