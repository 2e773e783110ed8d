//! Seed words: the words whose meaning defines the two ends of the scale.
//! They come from the pole terms of a lexicon axis (each form a pattern,
//! its entry's weight respected) or from a seed file, and are matched
//! against the words of the matrix as LSX's `weight_seeds` does: a glob
//! (`migra*`) shares its weight equally among the words it matches.
//!
//! Multi-word terms ("illegal annexation", "pro-life": more than one word
//! token) are left out and listed: the
//! matrix counts single words, and splitting a phrase would make seeds of
//! its generic halves ("illegal"). LSX, on a word-level dfm, drops them
//! the same way.

use std::path::Path;

use super::matrix::fold;
use super::LssError;
use crate::lexicon::LexiconSet;

/// A seed pattern with its signed weight (+ toward the positive pole).
#[derive(Debug, Clone, PartialEq)]
pub struct Seed {
    /// Lower-cased word, without the trailing `*` of a glob.
    pub word: String,
    /// Whether it matches any word it begins.
    pub glob: bool,
    /// Signed weight, not zero.
    pub weight: f64,
}

/// Seeds, and the terms that could not be seeds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedSet {
    /// Single-word seed patterns.
    pub seeds: Vec<Seed>,
    /// Terms left out because they are more than one word.
    pub phrases: Vec<String>,
}

impl SeedSet {
    /// The pole terms of axis `axis` of `set`.
    pub fn from_axis(set: &LexiconSet, axis: usize) -> SeedSet {
        let mut out = SeedSet::default();
        for entry in &set.entries {
            for pw in entry.poles.iter().filter(|p| p.axis == axis) {
                for form in &entry.forms {
                    out.add(&form.text, form.glob, pw.signed());
                }
            }
        }
        out
    }

    /// Reads a seed file: one `TERM,WEIGHT` a line (weight signed, + for
    /// the positive pole; a trailing `*` makes a glob), `#` comments and
    /// blank lines ignored.
    pub fn from_file(path: &Path) -> Result<SeedSet, LssError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LssError::SeedFile {
            file: name.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        SeedSet::parse(&text, &name)
    }

    /// Parses the text of a seed file named `file`.
    pub fn parse(text: &str, file: &str) -> Result<SeedSet, LssError> {
        let mut out = SeedSet::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |message: String| LssError::SeedFile {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            let (term, weight) = line
                .rsplit_once(',')
                .ok_or_else(|| bad(format!("expected `TERM,WEIGHT`, found `{line}`")))?;
            let weight: f64 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && *w != 0.0)
                .ok_or_else(|| {
                    bad(format!(
                        "the weight `{}` is not a non-zero number",
                        weight.trim()
                    ))
                })?;
            let term = term.trim();
            let (text, glob) = match term.strip_suffix('*') {
                Some(t) => (t, true),
                None => (term, false),
            };
            if text.is_empty() {
                return Err(bad("empty term".into()));
            }
            out.add(text, glob, weight);
        }
        Ok(out)
    }

    fn add(&mut self, text: &str, glob: bool, weight: f64) {
        let word = fold(text.trim());
        if crate::text::tokens(&word).count() > 1 {
            self.phrases
                .push(if glob { format!("{word}*") } else { word });
            return;
        }
        self.seeds.push(Seed { word, glob, weight });
    }
}

/// A seed as matched in the matrix: a column and its weight.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeedWord {
    /// Column of the word.
    pub column: usize,
    /// The word.
    pub word: String,
    /// The pattern it came from (`*` for a glob).
    pub pattern: String,
    /// Weight: each pole's weights sum to 1 in magnitude.
    pub weight: f64,
}

/// The seed words among `words`, weighted: a pattern's weight is shared
/// by the words it matches, and each pole's weights are scaled to sum to
/// 1, so that a polarity is the weighted mean similarity to one pole minus
/// that to the other. Also the patterns that matched no word.
pub fn resolve(seeds: &SeedSet, words: &[String]) -> (Vec<SeedWord>, Vec<String>) {
    let mut found: Vec<(Vec<usize>, &Seed)> = Vec::new();
    let mut missing = Vec::new();
    for seed in &seeds.seeds {
        let cols: Vec<usize> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                if seed.glob {
                    w.starts_with(&seed.word)
                } else {
                    **w == seed.word
                }
            })
            .map(|(c, _)| c)
            .collect();
        if cols.is_empty() {
            missing.push(pattern(seed));
        } else {
            found.push((cols, seed));
        }
    }
    let total = |positive: bool| -> f64 {
        found
            .iter()
            .filter(|(_, s)| (s.weight > 0.0) == positive)
            .map(|(_, s)| s.weight.abs())
            .sum()
    };
    let (pos, neg) = (total(true), total(false));
    let mut out = Vec::new();
    for (cols, seed) in &found {
        let pole = if seed.weight > 0.0 { pos } else { neg };
        let each = seed.weight / pole / cols.len() as f64;
        for &c in cols {
            out.push(SeedWord {
                column: c,
                word: words[c].clone(),
                pattern: pattern(seed),
                weight: each,
            });
        }
    }
    (out, missing)
}

fn pattern(seed: &Seed) -> String {
    if seed.glob {
        format!("{}*", seed.word)
    } else {
        seed.word.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_file_lines_and_errors() {
        let s = SeedSet::parse(
            "# left\nundocumented,-1\n\nillegal alien*, 1 # two words\nborder*,0.5\n",
            "s.txt",
        )
        .unwrap();
        assert_eq!(s.seeds.len(), 2);
        assert_eq!(
            s.seeds[1],
            Seed {
                word: "border".into(),
                glob: true,
                weight: 0.5
            }
        );
        assert_eq!(s.phrases, vec!["illegal alien*".to_string()]);
        let e = SeedSet::parse("ok,1\nbad\n", "s.txt")
            .unwrap_err()
            .to_string();
        assert!(e.contains("s.txt") && e.contains("line 2"), "{e}");
        let e = SeedSet::parse("x,zero\n", "s.txt").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("zero"), "{e}");
    }

    #[test]
    fn weights_share_a_glob_and_sum_to_one_per_pole() {
        let words: Vec<String> = ["taxes", "taxpayer", "welfare", "equity"]
            .map(String::from)
            .into();
        let s = SeedSet::parse("tax*,1\nwelfare,-1\nequity,-3\nmissing,1\n", "s").unwrap();
        let (got, missing) = resolve(&s, &words);
        let w: Vec<(String, f64)> = got.iter().map(|s| (s.word.clone(), s.weight)).collect();
        // tax* is the only positive pattern found: 1 shared by two words;
        // the negative pole's 1 + 3 is scaled to 1.
        assert_eq!(
            w,
            vec![
                ("taxes".into(), 0.5),
                ("taxpayer".into(), 0.5),
                ("welfare".into(), -0.25),
                ("equity".into(), -0.75)
            ]
        );
        assert_eq!(missing, vec!["missing".to_string()]);
    }
}
