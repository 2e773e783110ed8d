//! The first line of a partial: what made it, with what, and which records
//! it covers. Two partials merge only when their headers agree on every
//! field but `records`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::digest::InputDigest;

/// The `format` field every partial carries.
pub const FORMAT: &str = "slant-partial";
/// The version of the format this slant reads and writes.
pub const VERSION: u32 = 7;

/// Which map phase wrote a partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// `slant map --repeats-only`: line counts and signatures.
    Repeats,
    /// `slant map`: everything the report needs.
    Match,
    /// `slant map --ngram-top K`: each outlet's most frequent n-grams, the
    /// candidates the final map counts exactly.
    Candidates,
    /// `slant map --repeats-only --propose-lines`: the lines each shard
    /// proposes as possible boilerplate, which `--line-candidates` counts.
    Proposals,
    /// `slant merge --decide`: what merged repeated-text partials decide,
    /// the boilerplate lines and copy groups, for `map --repeats`.
    Decided,
}

/// A lexicon a partial was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconHash {
    /// The `[lexicon] name`.
    pub name: String,
    /// SHA-256 of its file, hex.
    pub sha256: String,
}

/// The first line of a partial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format's version ([`VERSION`]).
    pub version: u32,
    /// The slant version that wrote it.
    pub slant: String,
    /// The map phase.
    pub phase: Phase,
    /// The lexicons, in load order.
    pub lexicons: Vec<LexiconHash>,
    /// Every option that changes a number in the partial, by name; sorted,
    /// so that equal options serialize alike.
    pub options: BTreeMap<String, serde_json::Value>,
    /// Half-open ranges of global record numbers covered, sorted, disjoint
    /// and not touching (adjacent ranges are joined).
    pub records: Vec<(u64, u64)>,
    /// The input files read, as a first phase of repeated text records
    /// them (`map --repeats-only`), in corpus order; unioned on merge, and
    /// kept by `merge --decide` so that `analyze --repeats` checks its
    /// corpus as it checks a `--save-repeats` file's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<ShardInput>,
}

/// An input file a shard read: where the shard's records start, the
/// file's place among the shard's inputs, and the file as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInput {
    /// The shard's first global record number.
    pub first: u64,
    /// The file's place among the shard's inputs, in reading order.
    pub seq: u32,
    /// Its name, size and digest.
    #[serde(flatten)]
    pub file: InputDigest,
}

impl ShardInput {
    /// The files `read` by the shard whose records start at `first`.
    pub fn of_shard(first: u64, read: Vec<InputDigest>) -> Vec<ShardInput> {
        (0u32..)
            .zip(read)
            .map(|(seq, file)| ShardInput { first, seq, file })
            .collect()
    }

    /// Corpus order, total so that a merge's order does not show.
    fn key(&self) -> (u64, u32, &str, u64, &str) {
        let f = &self.file;
        (self.first, self.seq, &f.name, f.bytes, &f.xxh3)
    }
}

/// Why a header was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HeaderError {
    /// Not a partial at all.
    #[error("not a slant partial result (its first line has no \"format\": \"{FORMAT}\")")]
    NotPartial,
    /// A header line that starts as a partial's but does not parse: the
    /// file was cut inside it, or damaged.
    #[error("its header line is cut short or damaged")]
    Damaged,
    /// Another version of the format.
    #[error(
        "partial format version {found}; this slant reads version {VERSION}: map the shards again with the slant that merges and reports them"
    )]
    Version {
        /// The version found.
        found: u64,
    },
    /// Two headers differ in a field that must agree.
    #[error("the partials differ in `{field}`: {left} vs {right}")]
    Differs {
        /// The field, e.g. `lexicons` or `options.evidence`.
        field: String,
        /// Its value in the first partial.
        left: String,
        /// Its value in the other.
        right: String,
    },
    /// A partial whose repeated text was found in its shard alone.
    #[error("a partial was mapped without --repeats: its boilerplate and copies were found in its shard alone, so it cannot be merged; map every shard with --repeats-only, merge those, then map with --repeats MERGED")]
    ShardRepeats,
    /// A decided partial given to merge with another.
    #[error("a decided repeated-text partial (merge --decide) does not merge further: merge the repeated-text partials, then decide once")]
    Decided,
    /// Two partials cover the same record.
    #[error(
        "the partials both cover record {record}: a shard given twice, or shards that overlap"
    )]
    Overlap {
        /// The first record covered twice.
        record: u64,
    },
}

impl Header {
    /// Evidence rows kept per outlet, axis and side (the `evidence`
    /// option; all when it is not set).
    pub fn evidence_top(&self) -> Option<usize> {
        self.options
            .get("evidence")
            .and_then(serde_json::Value::as_u64)
            .map(|k| k as usize)
    }

    /// A header for records `first..end` (none when they are equal).
    pub fn new(
        phase: Phase,
        lexicons: Vec<LexiconHash>,
        options: BTreeMap<String, serde_json::Value>,
        first: u64,
        end: u64,
    ) -> Header {
        Header {
            format: FORMAT.to_string(),
            version: VERSION,
            slant: env!("CARGO_PKG_VERSION").to_string(),
            phase,
            lexicons,
            options,
            records: if first < end {
                vec![(first, end)]
            } else {
                Vec::new()
            },
            inputs: Vec::new(),
        }
    }

    /// Reads a header line, refusing what is not a partial of this version
    /// before looking at the rest, so that the message says so rather than
    /// naming a missing field.
    pub fn parse(line: &str) -> Result<Header, HeaderError> {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|_| match line.starts_with("{\"format\"") {
                true => HeaderError::Damaged,
                false => HeaderError::NotPartial,
            })?;
        if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(HeaderError::NotPartial);
        }
        match v.get("version").and_then(|f| f.as_u64()) {
            Some(n) if n == u64::from(VERSION) => {}
            Some(found) => return Err(HeaderError::Version { found }),
            None => return Err(HeaderError::NotPartial),
        }
        serde_json::from_value(v).map_err(|_| HeaderError::NotPartial)
    }

    /// The header of `self` and `other` merged: every field but `records`
    /// must agree (the first that does not is named), and the records must
    /// not overlap.
    pub fn merge(&self, other: &Header) -> Result<Header, HeaderError> {
        let same = |field: &str, l: String, r: String| match l == r {
            true => Ok(()),
            false => Err(HeaderError::Differs {
                field: field.to_string(),
                left: l,
                right: r,
            }),
        };
        let shard_only =
            |h: &Header| h.options.get("repeats_scope").and_then(|v| v.as_str()) == Some("shard");
        if shard_only(self) || shard_only(other) {
            return Err(HeaderError::ShardRepeats);
        }
        if self.phase == Phase::Decided || other.phase == Phase::Decided {
            return Err(HeaderError::Decided);
        }
        same("slant", self.slant.clone(), other.slant.clone())?;
        same("phase", json(&self.phase), json(&other.phase))?;
        same("lexicons", json(&self.lexicons), json(&other.lexicons))?;
        let keys: std::collections::BTreeSet<&String> =
            self.options.keys().chain(other.options.keys()).collect();
        for k in keys {
            let value = |h: &Header| h.options.get(k).map_or("(not set)".to_string(), json);
            same(&format!("options.{k}"), value(self), value(other))?;
        }
        let mut inputs: Vec<ShardInput> =
            self.inputs.iter().chain(&other.inputs).cloned().collect();
        inputs.sort_by(|a, b| a.key().cmp(&b.key()));
        Ok(Header {
            records: union(&self.records, &other.records)?,
            inputs,
            ..self.clone()
        })
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The union of two normalized range lists, refusing any overlap.
fn union(a: &[(u64, u64)], b: &[(u64, u64)]) -> Result<Vec<(u64, u64)>, HeaderError> {
    let mut all: Vec<(u64, u64)> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(all.len());
    for (s, e) in all {
        match out.last_mut() {
            Some(last) if s < last.1 => return Err(HeaderError::Overlap { record: s }),
            Some(last) if s == last.1 => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(first: u64, end: u64) -> Header {
        let mut options = BTreeMap::new();
        options.insert("evidence".to_string(), serde_json::json!(5));
        let lex = vec![LexiconHash {
            name: "crimea".into(),
            sha256: "ab".into(),
        }];
        Header::new(Phase::Match, lex, options, first, end)
    }

    #[test]
    fn joins_adjacent_records_and_refuses_overlap() {
        let m = header(10, 20).merge(&header(0, 10)).unwrap();
        assert_eq!(m.records, vec![(0, 20)]);
        let gap = header(0, 5).merge(&header(7, 9)).unwrap();
        assert_eq!(gap.records, vec![(0, 5), (7, 9)]);
        let e = header(0, 10).merge(&header(5, 12)).unwrap_err();
        assert_eq!(e, HeaderError::Overlap { record: 5 });
        assert!(
            header(0, 10).merge(&header(0, 10)).is_err(),
            "a shard twice"
        );
    }

    #[test]
    fn inputs_merge_in_corpus_order_whatever_the_order_merged() {
        let file = |name: &str| InputDigest {
            name: name.into(),
            bytes: 10,
            xxh3: "ab".into(),
        };
        let shard = |first: u64, end: u64, names: &[&str]| Header {
            inputs: ShardInput::of_shard(first, names.iter().map(|n| file(n)).collect()),
            ..header(first, end)
        };
        let a = shard(0, 10, &["z.jsonl", "a.jsonl"]);
        let b = shard(10, 20, &["b.jsonl"]);
        let ab = a.merge(&b).unwrap();
        assert_eq!(ab, b.merge(&a).unwrap());
        let names: Vec<&str> = ab.inputs.iter().map(|i| i.file.name.as_str()).collect();
        // by first record, then reading order within the shard
        assert_eq!(names, ["z.jsonl", "a.jsonl", "b.jsonl"]);
    }

    #[test]
    fn names_the_field_that_differs() {
        let mut other = header(10, 20);
        other
            .options
            .insert("evidence".into(), serde_json::json!(3));
        let e = header(0, 10).merge(&other).unwrap_err().to_string();
        assert_eq!(e, "the partials differ in `options.evidence`: 5 vs 3");
        let mut other = header(10, 20);
        other.lexicons[0].sha256 = "cd".into();
        let e = header(0, 10).merge(&other).unwrap_err().to_string();
        assert!(e.starts_with("the partials differ in `lexicons`"), "{e}");
        let mut other = header(10, 20);
        other
            .options
            .insert("similarity".into(), serde_json::json!(0.8));
        let e = header(0, 10).merge(&other).unwrap_err().to_string();
        assert_eq!(
            e,
            "the partials differ in `options.similarity`: (not set) vs 0.8"
        );
    }

    #[test]
    fn refuses_other_formats_and_versions() {
        let line = serde_json::to_string(&header(0, 1)).unwrap();
        assert_eq!(Header::parse(&line).unwrap(), header(0, 1));
        let v6 = line.replace("\"version\":7", "\"version\":6");
        assert_eq!(Header::parse(&v6), Err(HeaderError::Version { found: 6 }));
        let cut = &line[..line.len() / 2];
        assert_eq!(Header::parse(cut), Err(HeaderError::Damaged));
        assert_eq!(
            Header::parse("{\"id\":\"a\"}"),
            Err(HeaderError::NotPartial)
        );
        assert_eq!(Header::parse("not json"), Err(HeaderError::NotPartial));
    }
}
