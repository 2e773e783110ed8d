//! JSONL files of records: one JSON object per line, plain or gzipped, or
//! standard input (`-`). Lines are read with a size limit, so an endless
//! input stops at the limit rather than filling memory.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::records::{open_bytes, stem, FieldMap, Fields};
use super::{
    read_error, CorpusError, Document, Origin, ProblemKind, RecordProblem, Source, SourceError,
};

/// Lines of a stream, split at LF, CRLF or a bare CR, as bytes, none longer
/// than `limit`: a longer one is refused before more of it is held.
struct Lines {
    rdr: BufReader<Box<dyn Read>>,
    limit: u64,
    /// The length of the last line: room for the next, which saves
    /// growing each line from nothing.
    last: usize,
}

/// Why no line came.
enum LineError {
    Read(std::io::Error),
    TooLarge,
}

impl Lines {
    fn next_line(&mut self) -> Option<Result<Vec<u8>, LineError>> {
        let mut line = Vec::with_capacity(self.last.min(1 << 20));
        let mut started = false;
        loop {
            let buf = match self.rdr.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(LineError::Read(e))),
            };
            if buf.is_empty() {
                return started.then_some(Ok(line));
            }
            started = true;
            let end = memchr::memchr2(b'\n', b'\r', buf);
            let take = end.unwrap_or(buf.len());
            line.extend_from_slice(&buf[..take]);
            let cr = end.is_some_and(|i| buf[i] == b'\r');
            self.rdr.consume(take + usize::from(end.is_some()));
            if line.len() as u64 > self.limit {
                return Some(Err(LineError::TooLarge));
            }
            if end.is_some() {
                // The LF of a CRLF; a read error here comes back on the
                // next call.
                if cr && self.rdr.fill_buf().is_ok_and(|b| b.first() == Some(&b'\n')) {
                    self.rdr.consume(1);
                }
                self.last = line.len();
                return Some(Ok(line));
            }
        }
    }
}

pub(crate) fn open_jsonl(
    path: &Path,
    map: FieldMap,
    spool: Option<&Path>,
    limit: u64,
) -> Result<Source, CorpusError> {
    let label: Arc<str> = Arc::from(path.display().to_string());
    let stem = stem(path);
    let mut lines = Lines {
        rdr: BufReader::with_capacity(1 << 16, open_bytes(path, spool)?),
        limit,
        last: 0,
    };
    let path = path.to_path_buf();
    let mut line_no = 0u64;
    Ok(Box::new(std::iter::from_fn(move || loop {
        let bytes = match lines.next_line()? {
            Ok(b) => b,
            Err(LineError::Read(source)) => {
                return Some(Err(SourceError::Fatal(read_error(&path, line_no, source))))
            }
            Err(LineError::TooLarge) => {
                return Some(Err(SourceError::Fatal(CorpusError::TooLarge {
                    origin: Origin {
                        file: label.clone(),
                        line: Some(line_no + 1),
                    },
                    limit,
                })))
            }
        };
        line_no += 1;
        let bytes = if line_no == 1 {
            bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&bytes)
                .to_vec()
        } else {
            bytes
        };
        let origin = Origin {
            file: label.clone(),
            line: Some(line_no),
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Some(parse_json_line(&bytes, origin, &map, &stem));
    })))
}

fn parse_json_line(
    bytes: &[u8],
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        problem(
            &origin,
            ProblemKind::InvalidUtf8 {
                offset: e.valid_up_to() as u64,
            },
        )
    })?;
    if let Ok(Flat(entries)) = serde_json::from_str::<Flat>(text) {
        let mut fields = Fields::new(map);
        for (k, v) in entries {
            fields.put(&k, v.map_or_else(String::new, Cow::into_owned));
        }
        let default_id = format!("{stem}:{}", origin.line.unwrap_or(0));
        return fields.finish(origin, default_id);
    }
    parse_value(text, origin, map, stem)
}

/// A problem with the record at `origin`, before its id is known.
fn problem(origin: &Origin, kind: ProblemKind) -> SourceError {
    SourceError::Record(RecordProblem {
        origin: origin.clone(),
        id: None,
        kind,
    })
}

/// A record read as a [`serde_json::Value`]: any record [`Flat`] does not
/// read, and every error.
fn parse_value(
    text: &str,
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    let problem = |kind| problem(&origin, kind);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| problem(ProblemKind::Json(e.to_string())))?;
    let serde_json::Value::Object(obj) = value else {
        return Err(problem(ProblemKind::Json(
            "expected a JSON object {...}".into(),
        )));
    };
    let mut fields = Fields::new(map);
    for (k, v) in obj {
        let s = json_field(&k, v, map).map_err(|found| {
            problem(ProblemKind::FieldType {
                field: k.clone(),
                found,
            })
        })?;
        fields.put(&k, s);
    }
    let default_id = format!("{stem}:{}", origin.line.unwrap_or(0));
    fields.finish(origin, default_id)
}

/// A record of the common shape, read without building a
/// [`serde_json::Value`]: an object whose fields are all strings or null,
/// each named once, in the order given (strings without escapes borrowed
/// from the line). Any other record fails to parse as this and is read as
/// a `Value`, which gives what it gave before: the same fields, or the
/// same error.
struct Flat<'a>(Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>);

/// A JSON string, borrowed from the line where it has no escapes.
#[derive(serde::Deserialize)]
struct Str<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'de> Deserialize<'de> for Flat<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flat<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Flat<'de>, A::Error> {
                let mut entries: Vec<(Cow<'de, str>, Option<Cow<'de, str>>)> = Vec::new();
                while let Some((Str(k), v)) = m.next_entry::<Str, Option<Str>>()? {
                    if entries.iter().any(|(e, _)| *e == k) {
                        return Err(de::Error::custom("a field named twice"));
                    }
                    entries.push((k, v.map(|Str(s)| s)));
                }
                Ok(Flat(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON field's value as text, or what it holds instead of text.
///
/// The fields slant reads must be strings (or null, for none), with two
/// exceptions kept from before: a number is read as its JSON text in any of
/// them but `text`, as ids are often numeric (`"id": 7` is the id `7`); and
/// `true`/`false` are read as text in `date`, `title` and `url`. An array or
/// object there has no sensible text (the outlet `["a","b"]`), so it is an
/// error. Other fields are metadata and are kept as their JSON text whatever
/// they hold.
fn json_field(
    name: &str,
    value: serde_json::Value,
    map: &FieldMap,
) -> Result<String, &'static str> {
    use serde_json::Value;
    let read = [
        &map.id,
        &map.outlet,
        &map.date,
        &map.title,
        &map.url,
        &map.text,
    ]
    .iter()
    .any(|f| *f == name);
    let core = name == map.id || name == map.outlet || name == map.text;
    match value {
        Value::String(s) => Ok(s),
        Value::Null => Ok(String::new()),
        other if !read => Ok(other.to_string()),
        Value::Number(_) if name == map.text => Err("a number"),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(_) if core => Err("true or false"),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Array(_) => Err("an array"),
        Value::Object(_) => Err("an object"),
    }
}

#[cfg(test)]
mod tests {
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
            "{}",
        ] {
            assert_eq!(read(line, true), read(line, false), "{line}");
        }
    }
}
