//! Tables and the formats they are written in: one [`Format`] trait, one
//! implementation per format, each returning bytes so formats are tested
//! without touching disk.

use serde::Serialize;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value: an empty CSV cell, JSON `null`.
    Empty,
    /// Text.
    Text(String),
    /// Whole number.
    Int(i64),
    /// Real number; NaN and infinities are written as no value.
    Float(f64),
}

impl Cell {
    /// `Text`, or `Empty` for `None`.
    pub fn opt_text(s: &Option<String>) -> Cell {
        s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }

    fn from_json(v: serde_json::Value) -> Cell {
        use serde_json::Value;
        match v {
            Value::Null => Cell::Empty,
            Value::Bool(b) => Cell::Text(b.to_string()),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Cell::Int(i),
                (None, Some(f)) => Cell::Float(f),
                _ => Cell::Text(n.to_string()),
            },
            Value::String(s) => Cell::Text(s),
            other => Cell::Text(other.to_string()),
        }
    }

    /// The cell as CSV text. Reals use the shortest form that reads back
    /// to the same number.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(String::new(), |n| n.to_string())
            }
        }
    }
}

/// Rows under named columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// A row is not a flat struct.
    #[error("row is not a flat record: {0}")]
    NotFlat(String),
    /// Serialization failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// CSV writing failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// Reading back the documents' spilled texts failed.
    #[error("cannot read the documents back: {0}")]
    Io(#[from] std::io::Error),
}

impl Table {
    /// A table from flat `Serialize` rows; columns are the field names in
    /// declaration order.
    pub fn from_rows<T: Serialize>(rows: &[T]) -> Result<Table, FormatError> {
        let mut table = Table::default();
        for row in rows {
            let serde_json::Value::Object(map) = serde_json::to_value(row)? else {
                return Err(FormatError::NotFlat("expected a struct".into()));
            };
            if table.columns.is_empty() {
                table.columns = map.keys().cloned().collect();
            }
            let mut cells = Vec::with_capacity(map.len());
            for (_, v) in map {
                if v.is_object() || v.is_array() {
                    return Err(FormatError::NotFlat(v.to_string()));
                }
                cells.push(Cell::from_json(v));
            }
            table.rows.push(cells);
        }
        Ok(table)
    }

    /// [`Table::from_rows`], or a table of `columns` and no rows when there
    /// are none: a CSV without rows still names its columns, as pandas and
    /// R expect, where `from_rows` could only write an empty header.
    pub fn from_rows_or<T: Serialize>(rows: &[T], columns: &[&str]) -> Result<Table, FormatError> {
        if rows.is_empty() {
            return Ok(Table {
                columns: columns.iter().map(|c| c.to_string()).collect(),
                rows: Vec::new(),
            });
        }
        Table::from_rows(rows)
    }
}

/// A table serializes as an array of objects, keys in column order,
/// without building an intermediate JSON value.
impl Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Row<'a>(&'a [String], &'a [Cell]);
        impl Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
                let mut map = ser.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0.iter().zip(self.1) {
                    match v {
                        Cell::Empty => map.serialize_entry(k, &())?,
                        Cell::Text(s) => map.serialize_entry(k, s)?,
                        Cell::Int(i) => map.serialize_entry(k, i)?,
                        Cell::Float(f) if f.is_finite() => map.serialize_entry(k, f)?,
                        Cell::Float(_) => map.serialize_entry(k, &())?,
                    }
                }
                map.end()
            }
        }
        let mut seq = ser.serialize_seq(Some(self.rows.len()))?;
        for r in &self.rows {
            seq.serialize_element(&Row(&self.columns, r))?;
        }
        seq.end()
    }
}

/// An output format for tables.
pub trait Format {
    /// The file extension, without the dot.
    fn extension(&self) -> &'static str;
    /// The table, rendered.
    fn render(&self, table: &Table) -> Result<Vec<u8>, FormatError>;
}

/// Comma-separated values with a header row (RFC 4180 quoting).
pub struct Csv;

/// A JSON array of objects, pretty-printed.
pub struct Json;

impl Format for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn render(&self, table: &Table) -> Result<Vec<u8>, FormatError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&table.columns)?;
        for row in &table.rows {
            w.write_record(row.iter().map(Cell::to_text))?;
        }
        w.into_inner()
            .map_err(|e| FormatError::Csv(csv::Error::from(e.into_error())))
    }
}

impl Format for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn render(&self, table: &Table) -> Result<Vec<u8>, FormatError> {
        let mut out = serde_json::to_vec_pretty(table)?;
        out.push(b'\n');
        Ok(out)
    }
}

/// A CSV table written row by row, as [`Csv`] renders a whole [`Table`]
/// (same quoting, same cell text), for tables with a row per document
/// that are never held whole in memory.
pub struct CsvRows<W: std::io::Write> {
    csv: csv::Writer<W>,
    rows: u64,
}

impl<W: std::io::Write> CsvRows<W> {
    /// Starts the table on `out` with its header row.
    pub fn new(out: W, columns: &[String]) -> Result<Self, FormatError> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(columns)?;
        Ok(CsvRows { csv, rows: 0 })
    }

    /// Writes one row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), FormatError> {
        self.csv.write_record(cells.iter().map(Cell::to_text))?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the table; the data rows written (header not counted).
    pub fn finish(mut self) -> Result<u64, FormatError> {
        self.csv.flush().map_err(csv::Error::from)?;
        Ok(self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: String,
        score: f64,
        n: u32,
        ci: Option<f64>,
    }

    fn table() -> Table {
        Table::from_rows(&[
            Row {
                name: "Caliber.Az, \"quoted\"".into(),
                score: -0.25,
                n: 3,
                ci: None,
            },
            Row {
                name: "RT".into(),
                score: 0.1,
                n: 0,
                ci: Some(f64::NAN),
            },
        ])
        .unwrap()
    }

    #[test]
    fn columns_keep_declaration_order() {
        assert_eq!(table().columns, ["name", "score", "n", "ci"]);
    }

    #[test]
    fn csv_quotes_and_blanks() {
        let out = String::from_utf8(Csv.render(&table()).unwrap()).unwrap();
        assert_eq!(
            out,
            "name,score,n,ci\n\"Caliber.Az, \"\"quoted\"\"\",-0.25,3,\nRT,0.1,0,\n"
        );
    }

    #[test]
    fn json_objects_in_column_order() {
        let out = String::from_utf8(Json.render(&table()).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let want = serde_json::json!([
            {"name": "Caliber.Az, \"quoted\"", "score": -0.25, "n": 3, "ci": null},
            {"name": "RT", "score": 0.1, "n": 0, "ci": null},
        ]);
        assert_eq!(v, want);
        assert_eq!(v[0]["score"], -0.25);
        assert_eq!(v[1]["ci"], serde_json::Value::Null);
        assert!(out.find("\"name\"").unwrap() < out.find("\"score\"").unwrap());
    }
}
