//! Where training labels come from, and reading them:
//!
//! - **weak labels** from the lexicon: a sentence whose pole matches on an
//!   axis all point to one pole is a unit of that pole, with those matches
//!   masked out of its text and lexicon features (Go, Bhayani and Huang
//!   2009), so the model learns the words around them;
//! - **reference outlets** (as in Wordscores): every document of a
//!   reference outlet is a unit of its class;
//! - **a labels file**: document ids, or document ids with sentence indices,
//!   each with a class, read by [`read_labels`].

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::ModelError;

/// What a model classifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Sentences; a document's probabilities are the token-weighted mean of
    /// its sentences'.
    Sentence,
    /// Whole documents.
    Document,
}

/// (document id, sentence) -> (class, line of the labels file).
pub type Labels = HashMap<(String, Option<u32>), (String, u64)>;

/// Labels read from a file.
#[derive(Debug, Clone, Default)]
pub struct LabelFile {
    /// The file, as given.
    pub path: String,
    /// (document id, sentence) -> (class, line).
    pub labels: Labels,
}

/// The source of a training run's labels.
#[derive(Debug, Clone)]
pub enum Supervision {
    /// Lexicon poles on this axis (index into the set's axes).
    Weak {
        /// The axis.
        axis: usize,
    },
    /// Outlet -> class.
    References(Vec<(String, String)>),
    /// A labels file.
    Labels(LabelFile),
}

impl Supervision {
    /// What the units are.
    pub fn unit(&self) -> Unit {
        match self {
            Supervision::Weak { .. } => Unit::Sentence,
            Supervision::References(_) => Unit::Document,
            Supervision::Labels(l) if l.labels.keys().any(|(_, s)| s.is_some()) => Unit::Sentence,
            Supervision::Labels(_) => Unit::Document,
        }
    }
}

/// Parses `OUTLET=CLASS`; the outlet is read by the rule of the corpus's
/// outlet names ([`crate::corpus::outlet_arg`]), so that it names the outlet
/// however its spaces and accents were typed.
pub fn parse_reference(arg: &str) -> Result<(String, String), String> {
    match arg.rsplit_once('=') {
        Some((o, c)) if !o.trim().is_empty() && !c.trim().is_empty() => {
            let outlet =
                crate::corpus::outlet_arg(o).map_err(|why| format!("`{arg}`: the {why}"))?;
            Ok((outlet, c.trim().to_string()))
        }
        _ => Err(format!("`{arg}`: expected OUTLET=CLASS, e.g. RT=kremlin")),
    }
}

/// Reads a labels file: CSV (columns `id`, optional `sentence`, `class`;
/// `doc_id` and `label` are accepted too) or JSONL with the same fields.
pub fn read_labels(path: &Path) -> Result<LabelFile, ModelError> {
    let label = path.display().to_string();
    let err = |line: u64, msg: String| ModelError::Labels(format!("{label}:{line}: {msg}"));
    let bytes =
        std::fs::read(path).map_err(|e| ModelError::Labels(format!("cannot read {label}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        err(
            line,
            format!("not valid UTF-8{}", crate::corpus::NOT_UTF8_HINT),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let is_jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    let rows = if is_jsonl {
        jsonl_rows(text, &err)?
    } else {
        csv_rows(text, &err)?
    };
    let labels = label_map(rows, &err)?;
    if labels.is_empty() {
        return Err(ModelError::Labels(format!("{label}: no labels")));
    }
    let sentences = labels.keys().filter(|(_, s)| s.is_some()).count();
    if sentences > 0 && sentences < labels.len() {
        return Err(ModelError::Labels(format!(
            "{label}: label either documents or sentences, not both ({sentences} of {} rows give a sentence)",
            labels.len()
        )));
    }
    Ok(LabelFile {
        path: label,
        labels,
    })
}

/// One row of a labels file: line, id, sentence (as written), class.
type LabelRow = (u64, String, Option<String>, String);

/// An error at a line of the labels file.
type LineError<'a> = dyn Fn(u64, String) -> ModelError + 'a;

/// The first of `names` that `get` finds.
fn pick(get: &dyn Fn(&str) -> Option<String>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| get(n))
}

/// The rows of a JSONL labels file.
fn jsonl_rows(text: &str, err: &LineError) -> Result<Vec<LabelRow>, ModelError> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let ln = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields = crate::corpus::object_fields(line)
            .map_err(|why| err(ln, format!("malformed JSON record: {why}")))?;
        if let Some(k) = crate::corpus::named_twice(&fields) {
            return Err(err(
                ln,
                format!("malformed JSON record: the field `{k}` is named twice (which to read?)"),
            ));
        }
        // a number as written, as the corpus reads ids
        let get = |k: &str| -> Option<String> {
            let raw = fields.iter().find(|(n, _)| n == k)?.1.get().trim();
            match serde_json::from_str::<serde_json::Value>(raw).ok()? {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Null => None,
                serde_json::Value::Number(_) => Some(raw.to_string()),
                other => Some(other.to_string()),
            }
        };
        let id =
            pick(&get, &["id", "doc_id"]).ok_or_else(|| err(ln, "missing field `id`".into()))?;
        let class = pick(&get, &["class", "label"])
            .ok_or_else(|| err(ln, "missing field `class`".into()))?;
        rows.push((ln, id, get("sentence"), class));
    }
    Ok(rows)
}

/// The rows of a CSV labels file.
fn csv_rows(text: &str, err: &LineError) -> Result<Vec<LabelRow>, ModelError> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    // names as written, for messages; matched ignoring case
    let written: Vec<String> = rdr
        .headers()
        .map_err(|e| err(1, format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let headers: Vec<String> = written.iter().map(|h| h.to_lowercase()).collect();
    if let Some(message) = column_twice(&written, &headers) {
        return Err(err(1, message));
    }
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(id_col), Some(class_col)) = (col(&["id", "doc_id"]), col(&["class", "label"])) else {
        return Err(err(
            1,
            format!(
                "needs columns `id` and `class` (found: {})",
                written.join(", ")
            ),
        ));
    };
    let sent_col = col(&["sentence"]);
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(0, |p| {
            crate::corpus::line_of_byte(text.as_bytes(), p.byte())
        })
    };
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            err(
                line_of(e.position()),
                format!("malformed CSV record: {}", crate::corpus::csv_message(&e)),
            )
        })?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        rows.push((
            line_of(rec.position()),
            get(Some(id_col)).unwrap_or("").to_string(),
            get(sent_col).map(String::from),
            get(Some(class_col)).unwrap_or("").to_string(),
        ));
    }
    Ok(rows)
}

/// Why a column the reader uses is named twice (`headers` lower-cased,
/// `written` as in the file), if one is.
fn column_twice(written: &[String], headers: &[String]) -> Option<String> {
    ["id", "doc_id", "class", "label", "sentence"]
        .into_iter()
        .find_map(|n| {
            let mut at = (0..headers.len()).filter(|&i| headers[i] == n);
            let (i, j) = (at.next()?, at.next()?);
            Some(if written[i] == written[j] {
                format!("the column `{}` is given twice (which to read?)", written[i])
            } else {
                format!(
                    "the columns `{}` and `{}` (columns {} and {}) both read as `{n}` (which to read?)",
                    written[i],
                    written[j],
                    i + 1,
                    j + 1
                )
            })
        })
}

/// Checks the rows and keys them by (document id, sentence).
fn label_map(rows: Vec<LabelRow>, err: &LineError) -> Result<Labels, ModelError> {
    let mut labels = HashMap::new();
    // lower case -> the class as first written, and its line
    let mut classes: HashMap<String, (String, u64)> = HashMap::new();
    for (ln, id, sentence, class) in rows {
        if id.trim().is_empty() {
            return Err(err(ln, "empty id".into()));
        }
        if class.trim().is_empty() {
            return Err(err(ln, format!("document `{id}` has an empty class")));
        }
        let (first, at) = classes
            .entry(class.trim().to_lowercase())
            .or_insert_with(|| (class.trim().to_string(), ln));
        if first != class.trim() {
            // two classes to the model, one to whoever wrote them
            return Err(err(
                ln,
                format!(
                    "class `{}` differs from `{first}` (line {at}) only in letter case: write each class one way",
                    class.trim()
                ),
            ));
        }
        let sentence = match sentence {
            None => None,
            Some(s) => Some(s.trim().parse::<u32>().map_err(|_| {
                err(
                    ln,
                    format!("sentence must be a whole number (as in matches.csv), not `{s}`"),
                )
            })?),
        };
        if let Some((_, first)) = labels.insert(
            (id.trim().to_string(), sentence),
            (class.trim().to_string(), ln),
        ) {
            return Err(err(
                ln,
                format!("document `{id}` is labelled twice (first at line {first})"),
            ));
        }
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_outlet_is_read_as_corpus_names_are() {
        let got = parse_reference(" Fox\u{a0}\u{a0}News = kremlin").unwrap();
        assert_eq!(got, ("Fox News".to_string(), "kremlin".to_string()));
        let err = parse_reference("Fox\u{200b}=kremlin").unwrap_err();
        assert!(err.contains("outlet name holds U+200B"), "{err}");
        assert!(parse_reference("Fox").is_err());
    }
}
