//! Dictionary formats researchers already have, read as they are found in
//! the wild and converted to and from slant's TOML lexicons.
//!
//! | format | read | write | notes |
//! |---|---|---|---|
//! | LIWC `.dic` | yes | [`write_liwc`] | `%`, `id<TAB>name` lines, `%`, then `term<TAB>ids` |
//! | WordStat `.cat` | yes | no | categories nested by indentation, words end in `(weight)` |
//! | Lexicoder `.lc3` | yes | no | `+category` lines (optionally `#RRGGBB`), one entry per line |
//! | quanteda YAML | yes | [`write_yaml`] | nested maps of key to patterns |
//! | word list | yes | [`write_wordlist`] | one term per line, one category |
//!
//! What every reader does alike:
//!
//! - Lines end in LF, CRLF or a lone CR (old Mac files); the caller strips a
//!   UTF-8 BOM (a leftover one is ignored).
//! - Terms and category names are trimmed of surrounding white space;
//!   inside, they are kept as written, case included, with a trailing `*`.
//! - All these formats match case-insensitively, so a category holds a term
//!   once ignoring case: a later repeat is skipped with a warning.
//! - Nested categories are named by their path joined with `.`
//!   (`emotion.positive`); a parent is a category of its own, holding the
//!   terms listed directly under it (often none).
//! - A category declared twice (the same full name) is one category: the
//!   second declaration adds to the first, with a warning. Two names that
//!   differ only in letter case (`Pos`, `pos`) are an error naming both
//!   lines, as label classes are: slant's frame ids are lower case.
//! - Every problem is a [`Diagnostic`] naming the file and line. Anything a
//!   reader cannot give a sound meaning is an error, or a line left out with
//!   a warning; it is never guessed at.
//!
//! [`stats`] counts distinct terms ignoring case, for the same reason.

mod builder;
mod from_set;
mod lexicoder;
mod liwc;
mod liwc_write;
mod toml_out;
mod wordlist;
mod wordstat;
mod yaml;
mod yaml_write;

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_more;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use super::{Diagnostic, Severity};

pub(crate) use builder::{excerpt, lines, Builder, HOLDS_NOTHING};
pub use from_set::from_set;
pub use liwc_write::write_liwc;
pub use toml_out::{to_toml, TomlOut};
pub use wordlist::write_wordlist;
pub use yaml_write::write_yaml;

/// A dictionary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DictFormat {
    /// slant's own TOML lexicon (read by [`crate::lexicon::load`]).
    Toml,
    /// LIWC `.dic` (also Moral Foundations Dictionary 1.0 and 2.0).
    Liwc,
    /// Provalis WordStat `.cat` (Laver and Garry, RID, ...).
    WordStat,
    /// Lexicoder 3 `.lc3` (Lexicoder Sentiment Dictionary).
    Lexicoder,
    /// quanteda YAML (`dictionary()` / `as.yaml()`; newsmap).
    Yaml,
    /// A plain word list, one term per line.
    WordList,
}

impl DictFormat {
    /// Every format, in the order of [`DictFormat::name`]s in messages.
    pub const ALL: [DictFormat; 6] = [
        DictFormat::Toml,
        DictFormat::Liwc,
        DictFormat::WordStat,
        DictFormat::Lexicoder,
        DictFormat::Yaml,
        DictFormat::WordList,
    ];

    /// By extension: .toml, .dic, .cat, .lc3, .yml/.yaml, .txt/.lst
    /// (case-insensitive); None otherwise.
    pub fn from_path(path: &Path) -> Option<DictFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "toml" => DictFormat::Toml,
            "dic" => DictFormat::Liwc,
            "cat" => DictFormat::WordStat,
            "lc3" => DictFormat::Lexicoder,
            "yml" | "yaml" => DictFormat::Yaml,
            "txt" | "lst" => DictFormat::WordList,
            _ => return None,
        })
    }

    /// The name used by `--format`: toml, liwc, wordstat, lexicoder, yaml,
    /// wordlist.
    pub fn name(self) -> &'static str {
        match self {
            DictFormat::Toml => "toml",
            DictFormat::Liwc => "liwc",
            DictFormat::WordStat => "wordstat",
            DictFormat::Lexicoder => "lexicoder",
            DictFormat::Yaml => "yaml",
            DictFormat::WordList => "wordlist",
        }
    }
}

impl fmt::Display for DictFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DictFormat {
    type Err = String;

    /// A [`DictFormat::name`], or a file extension (`dic`, `cat`, `lc3`,
    /// `yml`, `txt`, `lst`), in any case.
    fn from_str(s: &str) -> Result<DictFormat, String> {
        let lower = s.trim().to_ascii_lowercase();
        if let Some(f) = DictFormat::ALL.into_iter().find(|f| f.name() == lower) {
            return Ok(f);
        }
        DictFormat::from_path(Path::new(&format!("x.{lower}"))).ok_or_else(|| {
            let names: Vec<&str> = DictFormat::ALL.iter().map(|f| f.name()).collect();
            format!(
                "unknown dictionary format `{s}` (known: {})",
                names.join(", ")
            )
        })
    }
}

/// A dictionary as found in the wild: named categories holding terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    /// What the dictionary is called (the caller's `name`).
    pub name: String,
    /// Categories in file order (a parent before its children).
    pub categories: Vec<Category>,
}

/// A category of a [`Dictionary`].
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Hierarchical names joined with '.', e.g. "emotion.positive".
    pub name: String,
    /// Its terms, in file order.
    pub terms: Vec<DictTerm>,
}

/// One term of a category.
#[derive(Debug, Clone, PartialEq)]
pub struct DictTerm {
    /// The term as written, trimmed, including a trailing '*'.
    pub text: String,
    /// The WordStat weight, as in `ART (1)`.
    pub weight: Option<f64>,
    /// 1-based source line.
    pub line: usize,
}

/// Reads a dictionary (text already decoded as UTF-8, BOM stripped) in
/// `format` (not Toml). `file` labels diagnostics. Ok carries warnings (e.g.
/// skipped duplicates); Err carries at least one Error.
pub fn read(
    text: &str,
    format: DictFormat,
    file: &str,
    name: &str,
) -> Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        DictFormat::Toml => {
            let mut b = Builder::new(file);
            b.diag(
                Severity::Error,
                None,
                "a TOML lexicon is read by slant's lexicon loader, not as a foreign dictionary"
                    .into(),
            );
            b.finish(name)
        }
        DictFormat::Liwc => liwc::read(text, file, name),
        DictFormat::WordStat => wordstat::read(text, file, name),
        DictFormat::Lexicoder => lexicoder::read(text, file, name),
        DictFormat::Yaml => yaml::read(text, file, name),
        DictFormat::WordList => wordlist::read(text, file, name),
    }
}

/// Err when two category names of `d` differ only in letter case: every
/// reader refuses such a file (see [`Builder`]), so no writer makes one.
pub(crate) fn no_case_twins(d: &Dictionary) -> Result<(), String> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for c in &d.categories {
        match seen.insert(c.name.to_lowercase(), &c.name) {
            Some(first) if first != c.name => {
                return Err(format!(
                    "categories `{}` and `{}` differ only in letter case, which slant refuses on reading: rename one",
                    excerpt(first),
                    excerpt(&c.name)
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Rolls hierarchical categories up to their first `level` name components
/// (level >= 1; 0 counts as 1), merging terms (no duplicates, ignoring
/// case; the first spelling and line are kept).
pub fn roll_up(d: &Dictionary, level: usize) -> Dictionary {
    let level = level.max(1);
    let mut out: Vec<Category> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seen: Vec<HashSet<String>> = Vec::new();
    for c in &d.categories {
        let name = c.name.split('.').take(level).collect::<Vec<_>>().join(".");
        let k = *index.entry(name.clone()).or_insert_with(|| {
            out.push(Category {
                name,
                terms: Vec::new(),
            });
            seen.push(HashSet::new());
            out.len() - 1
        });
        for t in &c.terms {
            if seen[k].insert(t.text.to_lowercase()) {
                out[k].terms.push(t.clone());
            }
        }
    }
    Dictionary {
        name: d.name.clone(),
        categories: out,
    }
}

/// Counts for `slant lexicon stats`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Categories that hold at least one term.
    pub categories: usize,
    /// All categories, empty ones included (e.g. LIWC ids never used,
    /// WordStat parents).
    pub categories_all: usize,
    /// Distinct term strings, trimmed and lower-cased (every supported
    /// format matches case-insensitively), `*` included: `abandon*` and
    /// `abandon` are two terms.
    pub terms: usize,
    /// Term-category assignments.
    pub entries: usize,
    /// One row per category, in order.
    pub per_category: Vec<CategoryStats>,
}

/// Counts for one category.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CategoryStats {
    /// The category's full name.
    pub name: String,
    /// Its terms.
    pub terms: usize,
    /// Terms of more than one word.
    pub phrases: usize,
    /// Terms ending in `*`.
    pub wildcards: usize,
}

/// Counts categories, terms and entries of `d`.
pub fn stats(d: &Dictionary) -> Stats {
    let mut distinct: HashSet<String> = HashSet::new();
    let mut per_category = Vec::new();
    for c in &d.categories {
        let mut phrases = 0;
        let mut wildcards = 0;
        for t in &c.terms {
            let text = t.text.trim();
            distinct.insert(text.to_lowercase());
            let stem = text.trim_end_matches('*');
            if stem.trim().contains(char::is_whitespace) {
                phrases += 1;
            }
            if stem.len() < text.len() {
                wildcards += 1;
            }
        }
        per_category.push(CategoryStats {
            name: c.name.clone(),
            terms: c.terms.len(),
            phrases,
            wildcards,
        });
    }
    Stats {
        categories: d.categories.iter().filter(|c| !c.terms.is_empty()).count(),
        categories_all: d.categories.len(),
        terms: distinct.len(),
        entries: d.categories.iter().map(|c| c.terms.len()).sum(),
        per_category,
    }
}
