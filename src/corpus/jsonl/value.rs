//! One JSONL line as a record: its fields, flat, each value read raw and
//! unescaped by [`super::unescape`] when it is a string.

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::super::records::{FieldMap, Fields};
use super::super::{Document, Origin, ProblemKind, RecordProblem, SourceError};
use super::unescape;

pub(super) fn parse_json_line(
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
pub(super) fn parse_value(
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
/// from the line; values read raw and unescaped by [`unescape`]). Any other record fails to parse as this and is read as
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
                while let Some((Str(k), v)) = m.next_entry::<Str, Option<&RawValue>>()? {
                    if entries.iter().any(|(e, _)| *e == k) {
                        return Err(de::Error::custom("a field named twice"));
                    }
                    let v = match v {
                        Some(raw) => Some(
                            unescape::json_str(raw.get())
                                .ok_or_else(|| de::Error::custom("not a string"))?,
                        ),
                        None => None,
                    };
                    entries.push((k, v));
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
