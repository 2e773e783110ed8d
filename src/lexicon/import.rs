//! Lexicons in other dictionary formats (LIWC, WordStat, Lexicoder,
//! quanteda YAML, word lists): read as a [`Dictionary`] for `lexicon stats`
//! and `lexicon convert`, or turned into slant's TOML so that they work
//! wherever a lexicon does, as descriptive frames.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::formats::{self, DictFormat, Dictionary};
use super::{hex, load, Diagnostic, LexiconError, LexiconSource, EMBEDDED};

/// A dictionary read from a file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Its categories and terms.
    pub dictionary: Dictionary,
    /// The format it was read as.
    pub format: DictFormat,
    /// Warnings met on reading.
    pub diagnostics: Vec<Diagnostic>,
    /// What the file held that a dictionary cannot (a slant lexicon's axes,
    /// poles, slots...).
    pub lost: Vec<String>,
}

/// The format of `path`: `forced`, else from its extension.
pub fn format_of(path: &Path, forced: Option<DictFormat>) -> Result<DictFormat, LexiconError> {
    forced
        .or_else(|| DictFormat::from_path(path))
        .ok_or_else(|| LexiconError::UnknownFormat(path.to_path_buf()))
}

/// The text of a dictionary file: BOM stripped, UTF-8 checked (the line of
/// the first bad byte named), with the SHA-256 of its bytes.
pub(crate) fn read_text(path: &Path) -> Result<(String, String), LexiconError> {
    let bytes = std::fs::read(path).map_err(|source| LexiconError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let sha = hex(&Sha256::digest(&bytes));
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(body).map_err(|e| LexiconError::Encoding {
        path: path.to_path_buf(),
        line: line_breaks(&body[..e.valid_up_to()]) + 1,
        offset: e.valid_up_to(),
    })?;
    Ok((text.to_string(), sha))
}

/// Line breaks in `bytes`: LF, CRLF or a lone CR (old Mac files).
fn line_breaks(bytes: &[u8]) -> usize {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    lf + lone_cr
}

/// The name a dictionary takes from its file.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dictionary".into())
}

/// Reads any supported dictionary file (a slant TOML lexicon too), or a
/// built-in lexicon by name where no such file exists, as `analyze
/// --lexicon` and `lexicon check` take it.
pub fn read_dictionary(path: &Path, forced: Option<DictFormat>) -> Result<Imported, LexiconError> {
    if path.is_dir() {
        return Err(LexiconError::Folder(path.to_path_buf()));
    }
    let built_in = path
        .to_str()
        .filter(|n| !path.exists() && EMBEDDED.iter().any(|(e, _)| e == n));
    let format = match built_in {
        Some(_) if forced.is_none_or(|f| f == DictFormat::Toml) => DictFormat::Toml,
        _ => format_of(path, forced)?,
    };
    if format == DictFormat::Toml {
        let source = match built_in {
            Some(name) => LexiconSource::Embedded(name.to_string()),
            None => LexiconSource::File(path.to_path_buf()),
        };
        let loaded = load(&[source])?;
        let (dictionary, lost) = formats::from_set(&loaded.set, 0);
        return Ok(Imported {
            dictionary,
            format,
            diagnostics: loaded.diagnostics,
            lost,
        });
    }
    let (text, _) = read_text(path)?;
    let label = path.display().to_string();
    let (dictionary, diagnostics) =
        formats::read(&text, format, &label, &stem(path)).map_err(LexiconError::Invalid)?;
    Ok(Imported {
        dictionary,
        format,
        diagnostics,
        lost: Vec::new(),
    })
}

/// A dictionary file as slant TOML, for loading beside other lexicons:
/// categories with terms, the SHA-256 of the file's bytes, and the
/// warnings of reading and converting it (terms slant cannot express are
/// named, never silently dropped).
pub(crate) fn as_toml(
    path: &Path,
    format: DictFormat,
    level: Option<u16>,
) -> Result<(formats::TomlOut, String), LexiconError> {
    let (text, sha) = read_text(path)?;
    let label = path.display().to_string();
    let (mut dictionary, diagnostics) =
        formats::read(&text, format, &label, &stem(path)).map_err(LexiconError::Invalid)?;
    if let Some(level) = level {
        dictionary = formats::roll_up(&dictionary, level.into());
    }
    let mut out = formats::to_toml(&dictionary, &label, false);
    out.omitted.splice(0..0, diagnostics);
    out.omitted.extend(out.renamed.take());
    Ok((out, sha))
}

/// Writes `d` as `format`, with warnings for the terms the output leaves
/// out (slant TOML only; the other writers refuse what they cannot hold).
pub fn write_dictionary(
    d: &Dictionary,
    format: DictFormat,
    source: &str,
) -> Result<(String, Vec<Diagnostic>), String> {
    match format {
        DictFormat::Toml => {
            let out = formats::to_toml(d, source, true);
            Ok((
                out.text,
                out.omitted.into_iter().chain(out.renamed).collect(),
            ))
        }
        DictFormat::Yaml => formats::write_yaml(d).map(|t| (t, Vec::new())),
        DictFormat::Liwc => formats::write_liwc(d).map(|t| (t, Vec::new())),
        DictFormat::WordList => formats::write_wordlist(d).map(|t| (t, Vec::new())),
        other => Err(format!(
            "slant reads {} files but does not write them; write toml, yaml, liwc or wordlist",
            other.name()
        )),
    }
}
