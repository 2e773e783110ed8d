//! Lexicons: framing terms grouped into frames, stance axes and variant
//! slots, read from TOML (format in `lexicons/README.md`) and checked.
//!
//! The shipped lexicons are compiled into the binary, so an installed
//! `slant` needs no files beside it.

mod check;
mod empty;
mod entries;
pub mod formats;
mod forms;
pub mod import;
mod parse;
mod raw;
mod set;

use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use check::{overlaps, unmatched_forms};
pub use set::{
    Axis, Context, Entry, Form, Frame, LexiconInfo, LexiconSet, Pole, PoleWeight, Scope, Slot,
};

/// The lexicons built into slant, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "russia-ukraine",
        include_str!("../../lexicons/russia-ukraine.toml"),
    ),
    ("sourcing", include_str!("../../lexicons/sourcing.toml")),
];

/// The lexicons `slant analyze` uses when none is named.
pub const DEFAULT_LEXICONS: &[&str] = &["russia-ukraine", "sourcing"];

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information: the lexicon works as written.
    Info,
    /// Works, but probably not as meant.
    Warning,
    /// The lexicon cannot be used.
    Error,
}

/// A problem in a lexicon file, at a line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file (or `embedded:<name>`).
    pub file: String,
    /// 1-based line, when one applies.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {sev}: {}", self.file, self.message),
            None => write!(f, "{}: {sev}: {}", self.file, self.message),
        }
    }
}

/// Why lexicons could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file could not be read.
    #[error("cannot read lexicon {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is not UTF-8.
    #[error(
        "{path}:{line}: lexicon is not valid UTF-8 (byte {offset}){}",
        crate::corpus::NOT_UTF8_HINT
    )]
    Encoding {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// A name is neither a file nor a built-in lexicon.
    #[error("no lexicon file or built-in lexicon named `{0}` (built in: {built_in})", built_in = EMBEDDED.iter().map(|e| e.0).collect::<Vec<_>>().join(", "))]
    Unknown(String),
    /// A folder was named where a lexicon file is wanted.
    #[error("{0} is a folder, not a lexicon: name each lexicon file in it (.toml, .dic, .cat, .lc3, .yml or .txt), one --lexicon for each")]
    Folder(PathBuf),
    /// The dictionary format of a file cannot be told.
    #[error("cannot tell the dictionary format of {0}: name it .toml, .dic (LIWC), .cat (WordStat), .lc3 (Lexicoder), .yml (quanteda) or .txt (word list), or name the format (--from liwc, or liwc:{0} as a --lexicon)")]
    UnknownFormat(PathBuf),
    /// The files have errors.
    #[error("{}", invalid_message(.0))]
    Invalid(Vec<Diagnostic>),
}

fn invalid_message(diags: &[Diagnostic]) -> String {
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    format!(
        "lexicon has {} error{}:\n  {}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        errors.join("\n  ")
    )
}

/// Where to read a lexicon from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconSource {
    /// A built-in lexicon, by name.
    Embedded(String),
    /// A slant TOML file.
    File(PathBuf),
    /// A dictionary in another format, converted on loading; its
    /// hierarchical categories (`parent.child`) rolled up to this many
    /// levels when one is given.
    Dictionary(PathBuf, formats::DictFormat, Option<u16>),
}

impl LexiconSource {
    /// `FORMAT:PATH`, or a path that exists (its format from its extension;
    /// slant TOML when no format claims it), or else a built-in name.
    pub fn parse(arg: &str) -> Result<LexiconSource, LexiconError> {
        // FORMAT:PATH names the format of a file whose extension does not.
        if let Some((fmt, rest)) = arg.split_once(':') {
            if let Ok(format) = fmt.parse::<formats::DictFormat>() {
                if Path::new(rest).is_dir() {
                    return Err(LexiconError::Folder(rest.into()));
                }
                if Path::new(rest).exists() {
                    return Ok(Self::from_file(Path::new(rest), format));
                }
            }
        }
        let path = Path::new(arg);
        if path.is_file() {
            // An extension no dictionary format claims: a slant TOML lexicon,
            // as before other formats were read; TOML errors name the line.
            let format = formats::DictFormat::from_path(path).unwrap_or(formats::DictFormat::Toml);
            return Ok(Self::from_file(path, format));
        }
        if EMBEDDED.iter().any(|(n, _)| *n == arg) {
            return Ok(LexiconSource::Embedded(arg.to_string()));
        }
        if path.is_dir() {
            return Err(LexiconError::Folder(path.to_path_buf()));
        }
        if arg.ends_with(".toml") || arg.contains('/') {
            return Err(LexiconError::Read {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
        Err(LexiconError::Unknown(arg.to_string()))
    }

    fn from_file(path: &Path, format: formats::DictFormat) -> LexiconSource {
        match format {
            formats::DictFormat::Toml => LexiconSource::File(path.to_path_buf()),
            other => LexiconSource::Dictionary(path.to_path_buf(), other, None),
        }
    }

    /// The built-in defaults.
    pub fn defaults() -> Vec<LexiconSource> {
        DEFAULT_LEXICONS
            .iter()
            .map(|n| LexiconSource::Embedded((*n).to_string()))
            .collect()
    }

    fn read(&self) -> Result<raw::SourceText, LexiconError> {
        let (source, text, sha256, diagnostics, lines) = match self {
            LexiconSource::Embedded(name) => {
                let text = EMBEDDED
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| *t)
                    .ok_or_else(|| LexiconError::Unknown(name.clone()))?;
                let sha = hex(&Sha256::digest(text.as_bytes()));
                let label = format!("embedded:{name}");
                (label, text.to_string(), sha, Vec::new(), None)
            }
            LexiconSource::File(path) => {
                let (text, sha) = import::read_text(path)?;
                (path.display().to_string(), text, sha, Vec::new(), None)
            }
            LexiconSource::Dictionary(path, format, level) => {
                let (out, sha) = import::as_toml(path, *format, *level)?;
                let label = path.display().to_string();
                (label, out.text, sha, out.omitted, Some(out.lines))
            }
        };
        Ok(raw::SourceText {
            info: LexiconInfo {
                name: String::new(),
                source,
                sha256,
                version: None,
                language: None,
                description: None,
                license: None,
            },
            text,
            diagnostics,
            lines,
        })
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A loaded set, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The lexicons, resolved.
    pub set: LexiconSet,
    /// Warnings and notes (no errors).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads `sources` as one set. Any error in any file fails the whole load,
/// with every problem listed.
pub fn load(sources: &[LexiconSource]) -> Result<Loaded, LexiconError> {
    let texts = sources
        .iter()
        .map(LexiconSource::read)
        .collect::<Result<Vec<_>, _>>()?;
    load_texts(texts)
}

/// Loads `sources` for a run that counts matches (`analyze`, `map`): as
/// [`load`], and refused, naming every file, when none holds a term or
/// variant, since the run would write tables of nothing. `lexicon suggest`
/// and `train --labels` use [`load`]: they have work to do without terms.
pub fn load_to_count(sources: &[LexiconSource]) -> Result<Loaded, LexiconError> {
    let loaded = load(sources)?;
    if loaded.set.entries.is_empty() {
        return Err(LexiconError::Invalid(empty::nothing_to_count(&loaded.set)));
    }
    Ok(loaded)
}

/// Loads lexicons from strings (`(label, text)`), as if each were a file.
pub fn load_str(files: &[(&str, &str)]) -> Result<Loaded, LexiconError> {
    let texts = files
        .iter()
        .map(|(label, text)| raw::SourceText {
            info: LexiconInfo {
                name: String::new(),
                source: (*label).to_string(),
                sha256: hex(&Sha256::digest(text.as_bytes())),
                version: None,
                language: None,
                description: None,
                license: None,
            },
            text: (*text).to_string(),
            diagnostics: Vec::new(),
            lines: None,
        })
        .collect();
    load_texts(texts)
}

fn load_texts(texts: Vec<raw::SourceText>) -> Result<Loaded, LexiconError> {
    // Warnings from converting other dictionary formats come first.
    let mut diagnostics: Vec<Diagnostic> = texts
        .iter()
        .flat_map(|t| t.diagnostics.iter().cloned())
        .collect();
    let set = parse::resolve(&texts, &mut diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LexiconError::Invalid(diagnostics));
    }
    Ok(Loaded { set, diagnostics })
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
