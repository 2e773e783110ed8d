use proptest::prelude::*;

use super::*;
use crate::corpus::Origin;
use crate::matching::{Hit, Match};
use crate::text::Voice;

/// The old road, kept as the oracle: a serde row through the csv crate,
/// character offsets counted with `str::chars`.
#[derive(serde::Serialize)]
struct MatchRow<'a> {
    doc_id: &'a str,
    sentence: u32,
    char_start: usize,
    char_end: usize,
    entry_id: u32,
    voice: &'static str,
    negated: u8,
}

/// `matches.csv` as the csv crate wrote it for `docs`, header first.
fn old_table(docs: &[(Document, MatchedDoc)]) -> Vec<u8> {
    old_table_to(docs, Vec::new())
}

/// [`old_table`], written to `out` through the csv crate's buffer.
fn old_table_to<W: std::io::Write>(docs: &[(Document, MatchedDoc)], out: W) -> W {
    let mut csv = csv::Writer::from_writer(out);
    let mut rows = 0;
    for (doc, m) in docs {
        let mut back = 0;
        let mut chars = 0;
        let mut at = |byte: usize| {
            if byte < back {
                return doc.text[..byte].chars().count();
            }
            chars += doc.text[back..byte].chars().count();
            back = byte;
            chars
        };
        for h in &m.hits {
            let row = MatchRow {
                doc_id: &doc.id,
                sentence: h.sentence,
                char_start: at(h.term.start),
                char_end: at(h.term.end),
                entry_id: h.term.entry,
                voice: h.voice.as_str(),
                negated: u8::from(h.negated),
            };
            csv.serialize(&row).unwrap();
            rows += 1;
        }
    }
    if rows == 0 {
        csv.write_record(MATCH_COLUMNS).unwrap();
    }
    // flushed, then let go of, as the old writer's `finish` did
    csv.flush().unwrap();
    csv.into_inner()
        .unwrap_or_else(|_| panic!("cannot flush the old table"))
}

/// The table [`MatchWriter`] writes for `docs`, gzipped or not, as
/// stored on disk.
fn new_table(docs: &[(Document, MatchedDoc)], gzip: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("matches.csv");
    let mut w = MatchWriter::new(&path, gzip).unwrap();
    for (i, (doc, m)) in docs.iter().enumerate() {
        // both roads: prepared on a worker, and written at once
        if i % 2 == 0 {
            let rows = crate::stream::DocHook::prepare(&w, doc, m);
            crate::stream::DocHook::consume(&mut w, doc, m, rows).unwrap();
        } else {
            w.document(doc, m).unwrap();
        }
    }
    let n = w.finish().unwrap();
    assert_eq!(n, docs.iter().map(|d| d.1.hits.len() as u64).sum::<u64>());
    std::fs::read(&path).unwrap()
}

fn document(id: &str, text: &str) -> Document {
    Document {
        id: id.to_string(),
        outlet: "o".into(),
        date: None,
        title: None,
        url: None,
        text: text.to_string(),
        meta: Vec::new(),
        origin: Origin {
            file: "t".into(),
            line: None,
        },
    }
}

fn hit(start: usize, end: usize, sentence: u32, entry: u32, quote: bool, negated: bool) -> Hit {
    Hit {
        term: Match {
            start,
            end,
            entry,
            form: 0,
        },
        sentence,
        voice: if quote { Voice::Quote } else { Voice::Own },
        negated,
    }
}

#[test]
fn rows_by_hand() {
    let t = "Kyiv\u{2019}s \u{201C}Kiev\u{201D}";
    let kiev = t.find("Kiev").unwrap();
    let m = MatchedDoc {
        hits: vec![
            hit(0, 4, 0, 3, false, false),
            hit(kiev, kiev + 4, 1, 12, true, true),
        ],
        ..MatchedDoc::default()
    };
    let docs = [(document("a,\"b\"", t), m)];
    let want = "doc_id,sentence,char_start,char_end,entry_id,voice,negated\n\
                \"a,\"\"b\"\"\",0,0,4,3,own,0\n\
                \"a,\"\"b\"\"\",1,8,12,12,quote,1\n";
    assert_eq!(String::from_utf8(new_table(&docs, false)).unwrap(), want);
    assert_eq!(old_table(&docs), want.as_bytes());
}

#[test]
fn a_table_without_rows_has_its_header() {
    let docs = [(document("x", "no match"), MatchedDoc::default())];
    assert_eq!(new_table(&docs, false), old_table(&docs));
    assert_eq!(new_table(&[], false), old_table(&[]));
}

#[test]
fn gzip_gives_the_bytes_the_csv_writer_gave() {
    // Enough rows to pass the csv crate's buffer and the encoder's many
    // times over: deflate must not depend on how its input was cut.
    let text = "Kyiv\u{2019}s \u{201C}Kiev\u{201D} and more words here. ".repeat(40);
    let at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let docs: Vec<(Document, MatchedDoc)> = (0..400)
        .map(|i| {
            let hits = (0..(i % 37))
                .map(|k| {
                    let (a, b) = (at[k * 37], at[k * 37 + 4]);
                    hit(a, b, k as u32, (i * k) as u32, k % 3 == 0, k % 5 == 0)
                })
                .collect();
            let m = MatchedDoc {
                hits,
                ..MatchedDoc::default()
            };
            (document(&format!("doc-{i}"), &text), m)
        })
        .collect();
    let old = old_table(&docs);
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let old_gz = old_table_to(&docs, gz).finish().unwrap();
    assert_eq!(new_table(&docs, false), old);
    assert_eq!(new_table(&docs, true), old_gz);
}

/// A text of odd characters (ASCII, two-, three- and four-byte UTF-8, line
/// ends, quotes, commas) and matches at character boundaries of it: in
/// increasing order of start as the matcher gives them, overlapping, empty,
/// at the ends.
fn doc_strategy() -> impl Strategy<Value = (Document, MatchedDoc)> {
    let chars = prop::collection::vec(
        prop::sample::select(vec![
            'a', ' ', ',', '"', '\n', '\r', 'é', '\u{2019}', '😀', 'Ω',
        ]),
        0..40,
    );
    let id = prop::sample::select(vec![
        "",
        "a",
        "a,b",
        "\"q\"",
        "line\nend",
        "cr\r",
        "Kyiv\u{2019}s",
        " spaced ",
        "#x",
    ]);
    (
        chars,
        id,
        prop::collection::vec(any::<(u8, u8, u32, u32, bool, bool)>(), 0..12),
    )
        .prop_map(|(chars, id, raw)| {
            let text: String = chars.iter().collect();
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let mut hits: Vec<Hit> = raw
                .iter()
                .map(|&(a, len, s, e, q, n)| {
                    let a = a as usize % bounds.len();
                    let b = (a + len as usize % 6).min(bounds.len() - 1);
                    hit(bounds[a], bounds[b], s, e, q, n)
                })
                .collect();
            hits.sort_by_key(|h| h.term.start);
            let m = MatchedDoc {
                hits,
                ..MatchedDoc::default()
            };
            (document(id, &text), m)
        })
}

proptest! {
    #[test]
    fn rows_are_the_csv_crates(docs in prop::collection::vec(doc_strategy(), 0..5)) {
        prop_assert_eq!(new_table(&docs, false), old_table(&docs));
    }

    #[test]
    fn offsets_in_any_order_are_the_counts_from_the_start(
        text in "\\PC{0,30}|[aé😀\u{2019}]{0,400}",
        spans in prop::collection::vec((any::<u8>(), any::<u8>()), 0..10),
    ) {
        let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bounds.push(text.len());
        let mut c = CharOffsets::new(&text);
        for (a, b) in spans {
            let (a, b) = (bounds[a as usize % bounds.len()], bounds[b as usize % bounds.len()]);
            let want = (text[..a].chars().count(), text[..b].chars().count());
            prop_assert_eq!(c.span(a, b), want);
        }
    }
}

#[test]
fn long_texts_count_past_the_lane_sums() {
    // 255 chunks of 32 bytes fill a byte-wide lane: counts beyond them
    let text = "é😀a\u{2019}, ".repeat(3000);
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &a in bounds.iter().step_by(997) {
        for &b in bounds.iter().skip(bounds.len() / 3).step_by(1999) {
            let (a, b) = (a.min(b), a.max(b));
            assert_eq!(
                count_chars(&text.as_bytes()[a..b]),
                text[a..b].chars().count()
            );
        }
    }
    assert_eq!(count_chars(text.as_bytes()), text.chars().count());
    assert_eq!(
        continuations_any(text.as_bytes()),
        text.len() - text.chars().count()
    );
}
