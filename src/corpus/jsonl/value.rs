//! One JSONL line as a record: its fields, flat, each value read raw and
//! unescaped by [`super::unescape`] when it is a string.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::super::records::{FieldMap, Fields};
use super::super::{Document, Origin, ProblemKind, RecordProblem, SourceError};
use super::{flat, unescape};

pub(super) fn parse_json_line(
    bytes: &[u8],
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    match flat::entries(bytes) {
        Some(entries) => document(entries, origin, map, stem),
        None => parse_serde(bytes, origin, map, stem),
    }
}

/// The document of a record's fields, strings or null.
fn document(
    entries: flat::Entries,
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    let mut fields = Fields::new(map);
    for (k, v) in entries {
        fields.put_str(&k, v.unwrap_or_default());
    }
    fields.finish(origin, stem)
}

/// A line read by serde_json, field by field: what [`parse_json_line`]
/// gives for the lines that [`flat`] does not take (every error among
/// them). serde_json's reading of objects of strings, which went first
/// here before [`flat`], refuses every line [`flat`] refuses, so it is
/// gone: it only read those lines twice.
pub(super) fn parse_serde(
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

/// A record read field by field, each value raw: any record [`flat`] does
/// not read, and every error. A field named twice is an error (JSON parsers
/// disagree on which value wins, so either would be a silent guess), and a
/// number is kept as written (`12345678901234567890123` or `1.50` would
/// otherwise come back rounded as a float, and two ids become one).
pub(super) fn parse_value(
    text: &str,
    origin: Origin,
    map: &FieldMap,
    stem: &str,
) -> Result<Document, SourceError> {
    let problem = |kind| problem(&origin, kind);
    let entries = match object_fields(text) {
        Ok(entries) => entries,
        // The hint when the first line opens a pretty-printed object or an
        // array of records.
        Err(message) => {
            let opens = text.trim_start().starts_with('[') || text.trim() == "{";
            let message = match origin.line == Some(1) && opens {
                true => format!("{message}; {NOT_LINES}"),
                false => message,
            };
            return Err(problem(ProblemKind::Json(message)));
        }
    };
    if let Some(k) = named_twice(&entries) {
        return Err(problem(ProblemKind::Json(format!(
            "the field `{k}` is named twice in one record (which to read?)"
        ))));
    }
    let mut fields = Fields::new(map);
    for (k, raw) in entries {
        let s = json_field(&k, raw.get(), map).map_err(|found| match found {
            FieldError::Type(found) => problem(ProblemKind::FieldType {
                field: k.clone(),
                found,
            }),
            // Placed in the line, as a whole-line parse places it.
            FieldError::Json(e) => match serde_json::from_str::<serde_json::Value>(text) {
                Err(whole) => problem(ProblemKind::Json(whole.to_string())),
                Ok(_) => problem(ProblemKind::Json(e)),
            },
        })?;
        fields.put(&k, s);
    }
    fields.finish(origin, stem)
}

/// The fields of the JSON object `text`, in order, each value as its raw
/// JSON text; a field named twice is listed twice ([`named_twice`]). Else
/// why not, as a [`serde_json::Value`] parse says it (where in the line),
/// or that the line holds JSON but not an object.
pub(crate) fn object_fields(text: &str) -> Result<Vec<(String, Box<RawValue>)>, String> {
    serde_json::from_str::<RawFields>(text)
        .map(|RawFields(entries)| entries)
        .map_err(|_| match serde_json::from_str::<serde_json::Value>(text) {
            Err(e) => e.to_string(),
            Ok(_) => "expected a JSON object {...}".into(),
        })
}

/// The first name that `fields` gives twice.
pub(crate) fn named_twice<T>(fields: &[(String, T)]) -> Option<&str> {
    fields
        .iter()
        .enumerate()
        .find(|(i, (k, _))| fields[..*i].iter().any(|(e, _)| e == k))
        .map(|(_, (k, _))| k.as_str())
}

/// What to say of a file of pretty-printed JSON or one JSON array, read as
/// JSON Lines.
const NOT_LINES: &str = "slant reads JSON Lines, one object per line; a JSON array or pretty-printed JSON converts with `jq -c '.[]' FILE > FILE.jsonl` (or `jq -c . FILE` for objects one after another)";

/// An object's fields in order, every one kept (a name given twice too),
/// each value as its raw JSON text.
struct RawFields(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object {...}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawFields, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = m.next_entry::<String, Box<RawValue>>()? {
                    entries.push(entry);
                }
                Ok(RawFields(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// Why a field's value is not read.
enum FieldError {
    /// It holds this instead of text.
    Type(&'static str),
    /// Its JSON is not readable as a value.
    Json(String),
}

/// A JSON field's value (its raw JSON text) as text, or what it holds
/// instead of text.
///
/// The fields slant reads must be strings (or null, for none), with two
/// exceptions kept from before: a number is read as its JSON text, as
/// written, in any of them but `text`, as ids are often numeric (`"id": 7`
/// is the id `7`); and `true`/`false` are read as text in `date`, `title`
/// and `url`. An array or object there has no sensible text (the outlet
/// `["a","b"]`), so it is an error. Other fields are metadata and are kept
/// as their JSON text whatever they hold (numbers as written, arrays and
/// objects written compact).
fn json_field(name: &str, raw: &str, map: &FieldMap) -> Result<String, FieldError> {
    use serde_json::Value;
    let read = map.names().contains(&name);
    let core = name == map.id || name == map.outlet || name == map.text;
    let raw = raw.trim();
    if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return match name == map.text {
            true => Err(FieldError::Type("a number")),
            false => Ok(raw.to_string()),
        };
    }
    // a string as the fast road reads it, without a second parse
    if let Some(s) = unescape::json_str(raw) {
        return Ok(s.into_owned());
    }
    let value: Value = serde_json::from_str(raw).map_err(|e| FieldError::Json(e.to_string()))?;
    match value {
        Value::String(s) => Ok(s),
        Value::Null => Ok(String::new()),
        other if !read => Ok(other.to_string()),
        Value::Bool(_) if core => Err(FieldError::Type("true or false")),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Array(_) => Err(FieldError::Type("an array")),
        Value::Object(_) => Err(FieldError::Type("an object")),
        Value::Number(n) => Ok(n.to_string()),
    }
}
