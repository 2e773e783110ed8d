//! The fields slant reads from a record (id, outlet, date, title, url,
//! text), as the input names them ([`FieldMap`]), and the document built
//! from them ([`Fields`]); any other field is kept as metadata. Shared by
//! CSV/TSV and JSONL records.

use std::borrow::Cow;

use super::names::{is_bidi_control, MAX_ID_BYTES};
use super::{outlet_name, Document, Origin, ProblemKind, RecordProblem, SourceError};

/// The names of the fields slant reads from records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// Document id (default `id`; when absent, `<file stem>:<line>`).
    pub id: String,
    /// Outlet (default `outlet`).
    pub outlet: String,
    /// Date (default `date`).
    pub date: String,
    /// Headline (default `title`).
    pub title: String,
    /// Address (default `url`).
    pub url: String,
    /// Text (default `text`; required).
    pub text: String,
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap {
            id: "id".into(),
            outlet: "outlet".into(),
            date: "date".into(),
            title: "title".into(),
            url: "url".into(),
            text: "text".into(),
        }
    }
}

impl FieldMap {
    /// Maps slant's field `name` to the input's field `to`.
    pub fn set(&mut self, name: &str, to: &str) -> Result<(), String> {
        let slot = match name {
            "id" => &mut self.id,
            "outlet" => &mut self.outlet,
            "date" => &mut self.date,
            "title" => &mut self.title,
            "url" => &mut self.url,
            "text" => &mut self.text,
            _ => {
                return Err(format!(
                    "unknown field `{name}` (fields: id, outlet, date, title, url, text)"
                ))
            }
        };
        *slot = to.to_string();
        Ok(())
    }
}

/// A document under construction from named fields.
pub(super) struct Fields<'a> {
    map: &'a FieldMap,
    id: Option<String>,
    outlet: String,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: Option<String>,
    meta: Vec<(String, String)>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(map: &'a FieldMap) -> Self {
        Fields {
            map,
            id: None,
            outlet: String::new(),
            date: None,
            title: None,
            url: None,
            text: None,
            meta: Vec::new(),
        }
    }

    pub(super) fn put(&mut self, name: &str, value: String) {
        self.put_str(name, Cow::Owned(value));
    }

    /// As [`Fields::put`], from text borrowed or owned: the fields kept
    /// trimmed are copied once, trimmed, and the text and metadata only
    /// where borrowed.
    pub(super) fn put_str(&mut self, name: &str, value: Cow<str>) {
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
        let m = self.map;
        if name == m.text {
            self.text = Some(value.into_owned());
        } else if name == m.id {
            self.id = opt(&value);
        } else if name == m.outlet {
            self.outlet = value.trim().to_string();
        } else if name == m.date {
            self.date = opt(&value);
        } else if name == m.title {
            self.title = opt(&value);
        } else if name == m.url {
            self.url = opt(&value);
        } else {
            self.meta.push((name.to_string(), value.into_owned()));
        }
    }

    /// The document, or why the record is refused. A record without an
    /// id takes `<stem>:<line>`, written only then: most records have one.
    pub(super) fn finish(self, origin: Origin, stem: &str) -> Result<Document, SourceError> {
        let id = match self.id {
            Some(id) => id,
            None => format!("{stem}:{}", origin.line.unwrap_or(0)),
        };
        if let Some(c) = id.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
            // the id is not echoed: it is what would be written raw
            return Err(SourceError::Record(RecordProblem {
                origin,
                id: None,
                kind: ProblemKind::IdChar(c),
            }));
        }
        if id.len() > MAX_ID_BYTES {
            // not echoed either: a message would hold the whole text
            return Err(SourceError::Record(RecordProblem {
                origin,
                id: None,
                kind: ProblemKind::IdTooLong { bytes: id.len() },
            }));
        }
        let outlet = match outlet_name(&self.outlet) {
            Ok(outlet) => outlet,
            Err(kind) => {
                return Err(SourceError::Record(RecordProblem {
                    origin,
                    id: Some(id),
                    kind,
                }))
            }
        };
        let Some(text) = self.text else {
            return Err(SourceError::Record(RecordProblem {
                origin,
                id: Some(id),
                kind: ProblemKind::MissingField(self.map.text.clone()),
            }));
        };
        // memchr's vector search: `str::contains` looks a word at a time
        if memchr::memchr(0, text.as_bytes()).is_some() {
            return Err(SourceError::Record(RecordProblem {
                origin,
                id: Some(id),
                kind: ProblemKind::Binary,
            }));
        }
        Ok(Document {
            id,
            outlet,
            date: self.date,
            title: self.title,
            url: self.url,
            text,
            meta: self.meta,
            origin,
        })
    }
}

/// Checks a header's column names (trimmed) and matches them to the
/// fields slant reads, `fields` as the input names them: a name given to
/// two columns is an error, as one of them would be dropped or win
/// silently; a field with no column of exactly its name takes the one
/// column whose name differs from it only in ASCII case (`Text` for
/// `text`, as manifest.csv always read them), renamed to it here, and two
/// such columns are an error.
pub(super) fn resolve_header(headers: &mut [String], fields: &[&str]) -> Result<(), String> {
    for (i, name) in headers.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(j) = headers[..i].iter().position(|h| h == name) {
            return Err(format!(
                "the column name `{name}` is given twice (columns {} and {}), so one would be dropped: rename one",
                j + 1,
                i + 1
            ));
        }
    }
    for field in fields {
        if headers.iter().any(|h| h == field) {
            continue;
        }
        let mut like = (0..headers.len()).filter(|&i| headers[i].eq_ignore_ascii_case(field));
        match (like.next(), like.next()) {
            (Some(i), None) => headers[i] = field.to_string(),
            (Some(i), Some(j)) => {
                return Err(format!(
                    "columns `{}` and `{}` (columns {} and {}) both read as the field `{field}`: rename one, or name the one to read exactly `{field}`",
                    headers[i],
                    headers[j],
                    i + 1,
                    j + 1
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

impl FieldMap {
    /// The input's names of the fields slant reads.
    pub(super) fn names(&self) -> [&str; 6] {
        [
            &self.id,
            &self.outlet,
            &self.date,
            &self.title,
            &self.url,
            &self.text,
        ]
    }
}

#[cfg(test)]
mod header_tests {
    use super::resolve_header;

    fn resolve(names: &[&str]) -> Result<Vec<String>, String> {
        let mut headers: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        resolve_header(&mut headers, &["id", "outlet", "text"]).map(|()| headers)
    }

    #[test]
    fn a_column_named_twice_is_an_error_naming_both() {
        let err = resolve(&["id", "text", "note", "note"]).unwrap_err();
        assert!(
            err.contains("`note` is given twice (columns 3 and 4)"),
            "{err}"
        );
        assert!(resolve(&["id", "text", "text"]).is_err());
        // Excel's trailing unnamed columns are no clash
        assert!(resolve(&["id", "text", "", ""]).is_ok());
    }

    #[test]
    fn a_field_takes_a_column_differing_only_in_case() {
        assert_eq!(
            resolve(&["ID", "Outlet", "TEXT", "Note"]).unwrap(),
            ["id", "outlet", "text", "Note"]
        );
        // an exact name wins, and the other stays a column of its own
        assert_eq!(resolve(&["Text", "text"]).unwrap(), ["Text", "text"]);
        let err = resolve(&["Text", "TEXT"]).unwrap_err();
        assert!(err.contains("both read as the field `text`"), "{err}");
    }
}
