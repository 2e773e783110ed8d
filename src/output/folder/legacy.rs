//! Reports written before slant marked its folders: told from a user's
//! folder by a `results.json` with the structure every version of slant
//! wrote, and by holding only files such a report lists or slant writes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{Entry, RESULTS};

/// Names of files a report holds whatever its options, besides tables and
/// charts.
pub const LEGACY_NAMES: &[&str] = &[RESULTS, "report.md", "report.html"];

/// The tables a report written before markers may hold: every CSV file the
/// versions before `.slant-report` wrote (from `git log -p` of
/// src/report/). Later reports list theirs in `results.json`'s `tables`.
const LEGACY_TABLES: &[&str] = &[
    "aligned.csv",
    "documents.csv",
    "frames.csv",
    "head_to_head.csv",
    "keyness.csv",
    "matches.csv",
    "model_features.csv",
    "outlet_map.csv",
    "outlets.csv",
    "sentences.csv",
    "similarity.csv",
    "skipped.csv",
    "validation.csv",
    "variants.csv",
];

/// Extensions of the charts a report holds, named after outlets and axes.
pub const LEGACY_EXTENSIONS: &[&str] = &["png", "svg"];

/// The parts of `results.json` every version of slant has written; serde
/// skips the rest without holding it, so a large file costs a read only.
#[derive(Deserialize)]
struct Results {
    run: Run,
    #[serde(rename = "corpus")]
    _corpus: Corpus,
    #[serde(rename = "lexicon")]
    _lexicon: Lexicon,
    #[serde(rename = "outlets")]
    _outlets: Vec<IgnoredAny>,
    /// The tables written and their rows, by file name: absent before
    /// markers.
    #[serde(default)]
    tables: Option<BTreeMap<String, IgnoredAny>>,
}

#[derive(Deserialize)]
struct Run {
    slant_version: String,
    command: String,
    // Required, never read: a field renamed from `_x` is not dead code.
    #[serde(rename = "inputs")]
    _inputs: Vec<IgnoredAny>,
    #[serde(rename = "lexicons")]
    _lexicons: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
struct Corpus {
    #[serde(rename = "documents")]
    _documents: u64,
    #[serde(rename = "outlets")]
    _outlets: u64,
}

#[derive(Deserialize)]
struct Lexicon {
    #[serde(rename = "axes")]
    _axes: Vec<IgnoredAny>,
}

/// What slant's own `results.json` in a folder says the folder may hold.
#[derive(Debug)]
pub(super) struct Legacy {
    /// The tables it lists, if it lists them.
    tables: Option<BTreeSet<String>>,
}

impl Legacy {
    /// Reads `folder`'s `results.json`: `None` unless slant wrote it.
    pub(super) fn read(folder: &Path) -> Option<Legacy> {
        let file = fs::File::open(folder.join(RESULTS)).ok()?;
        let results: Results = serde_json::from_reader(BufReader::new(file)).ok()?;
        let named = |s: &str| !s.trim().is_empty();
        if !named(&results.run.slant_version) || !named(&results.run.command) {
            return None;
        }
        Some(Legacy {
            tables: results.tables.map(|t| t.into_keys().collect()),
        })
    }

    /// Whether such a report could have written `e`: a plain file named
    /// as slant names its files.
    pub(super) fn wrote(&self, e: &Entry) -> bool {
        let Some(name) = e.name.to_str().filter(|_| e.file) else {
            return false;
        };
        let chart = Path::new(name)
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| LEGACY_EXTENSIONS.contains(&x));
        let table = match &self.tables {
            Some(listed) => listed.contains(name),
            None => LEGACY_TABLES.contains(&name),
        };
        chart || table || LEGACY_NAMES.contains(&name)
    }
}
