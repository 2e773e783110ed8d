//! Negation and denial: whether a word lies in the scope of a cue such as
//! "not", "no", "never", "without", "denied" or "far from", so that "not an
//! invasion" is not read as calling it an invasion.
//!
//! The rule follows NegEx (Chapman et al. 2001) and the negation rules of
//! WordStat: a cue negates the words that follow it, up to a window of
//! [`NegationRules::window`] words (five by default), within its sentence.
//! Framing terms are mostly nouns, and a cue before a verb negates the verb,
//! not the noun after it: "wouldn't recognize any occupied territories"
//! still calls them occupied. So a cue reaches a term only across the words
//! of [`ACROSS`] (articles, pronouns, forms of "be" and "have", "that",
//! "evidence of", "call it"): "not an invasion", "denied that it was an
//! annexation", "no evidence of a coup", "didn't call it an annexation". A
//! scope ends early at punctuation inside the sentence (`, ; : ( ) [ ] —
//! –`), at a word that turns the clause ("but", "however", "although", ...)
//! and at the edge of a quotation: a cue outside quotation marks does not
//! reach inside them, nor one inside reach out. Phrases that contain a cue
//! without negating ("not only", "no doubt") are not cues. Two cues over the
//! same word cancel ("not without a fight"): a word is negated when an odd
//! number of cues reach it. quanteda has no negation rule (its issue #516);
//! WordStat negates a word preceded by a cue within a set number of words,
//! without the early ends used here.
//!
//! Cues, non-cues, scope enders and the window are data: [`english`] gives
//! the defaults, and a lexicon can add to them or replace them.
//!
//! [`english`]: NegationRules::english

use std::ops::Range;

use super::normalize::is_word_char;
use crate::params::ParamError;
pub use lists::ACROSS;
use lists::{CUES, ENDERS, NOT_CUES};
use sieve::Sieve;
pub use words::OpenWords;
use words::{ends_scope, fold_into, Backwards};

mod lists;
mod sieve;
mod words;

/// How far back from a word its scope is looked for, in bytes.
const LOOKBACK: usize = 400;

/// The window by default, in words after the cue (NegEx uses five).
pub const WINDOW: usize = 5;

/// What a match in the scope of a negation does to its pole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NegationPolicy {
    /// It counts toward neither pole (the default): "not an invasion" is
    /// not evidence of calling it one, nor of its opposite.
    #[default]
    Ignore,
    /// It counts toward its pole as if not negated (what slant did before).
    Count,
    /// It counts toward the opposite pole, with the same weight.
    Flip,
}

impl NegationPolicy {
    /// The name used on the command line and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            NegationPolicy::Ignore => "ignore",
            NegationPolicy::Count => "count",
            NegationPolicy::Flip => "flip",
        }
    }

    /// The signed weight a match of `weight` toward its pole adds, when
    /// `negated`.
    pub fn apply(self, weight: f64, negated: bool) -> f64 {
        match (negated, self) {
            (false, _) | (true, NegationPolicy::Count) => weight,
            (true, NegationPolicy::Ignore) => 0.0,
            (true, NegationPolicy::Flip) => -weight,
        }
    }
}

/// How a lexicon set treats negation: the rules that find it and what a
/// negated match does to its pole. Frames and variant slots count every
/// mention, negated or not: a denial still brings the frame up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Negation {
    /// What negates, and how far.
    pub rules: NegationRules,
    /// What a negated pole match counts for.
    pub policy: NegationPolicy,
}

/// What negates, how far, and what ends a scope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NegationRules {
    /// Cues, each as its lower-case words.
    cues: Vec<Vec<String>>,
    /// Phrases that start with a cue but do not negate.
    not_cues: Vec<Vec<String>>,
    /// Words that end a scope.
    enders: Vec<String>,
    /// Words a cue reaches across; `*` is any word.
    across: Vec<String>,
    /// How many words after a cue it reaches.
    pub window: usize,
    /// Quick tests of the lists above, built from them.
    #[serde(skip)]
    sieves: Sieves,
}

/// [`Sieve`]s of the word lists of [`NegationRules`], which every word
/// before every match is looked up in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sieves {
    /// The scope enders.
    enders: Sieve,
    /// The last word of each cue.
    cue_ends: Sieve,
    /// The words a cue reaches across, and the cues of one word.
    crossed: Sieve,
    /// Whether `*` is among the words reached across: every word is.
    cross_any: bool,
    /// How many words before the last word of a cue deciding it reads:
    /// the words of the longest cue or non-cue, less one.
    context: usize,
}

impl Sieves {
    fn of(rules: &NegationRules) -> Sieves {
        let single_cues = rules.cues.iter().filter(|c| c.len() == 1).flatten();
        Sieves {
            enders: Sieve::of(rules.enders.iter().map(String::as_str)),
            cue_ends: Sieve::of(
                rules
                    .cues
                    .iter()
                    .filter_map(|c| c.last())
                    .map(String::as_str),
            ),
            crossed: Sieve::of(rules.across.iter().chain(single_cues).map(String::as_str)),
            cross_any: rules.across.iter().any(|a| a == "*"),
            context: (rules.cues.iter().chain(&rules.not_cues))
                .map(Vec::len)
                .max()
                .unwrap_or(0)
                .saturating_sub(1),
        }
    }
}

impl Default for NegationRules {
    fn default() -> Self {
        NegationRules::english()
    }
}

impl NegationRules {
    /// The English defaults.
    pub fn english() -> NegationRules {
        let all = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        NegationRules::empty(WINDOW)
            .with(&all(CUES), &all(NOT_CUES), &all(ENDERS))
            .and_then(|r| r.across(&all(ACROSS)))
            .unwrap_or_else(|_| NegationRules::empty(WINDOW))
    }

    /// Rules that negate nothing, with a window of `window` words.
    pub fn empty(window: usize) -> NegationRules {
        NegationRules {
            cues: Vec::new(),
            not_cues: Vec::new(),
            enders: Vec::new(),
            across: Vec::new(),
            window,
            sieves: Sieves::default(),
        }
    }

    /// These rules with more words a cue reaches across (`*`: any word, as
    /// in NegEx).
    pub fn across(mut self, words: &[String]) -> Result<NegationRules, ParamError> {
        for w in words {
            let word = match w.trim() {
                "*" => "*".to_string(),
                _ => match phrase(w)?.as_slice() {
                    [one] => one.clone(),
                    _ => return Err(bad(w, "a word to reach across is one word")),
                },
            };
            if !self.across.contains(&word) {
                self.across.push(word);
            }
        }
        self.sieves = Sieves::of(&self);
        Ok(self)
    }

    /// These rules with more cues, non-cues and scope enders. A phrase
    /// that is not made of words is refused.
    pub fn with(
        mut self,
        cues: &[String],
        not_cues: &[String],
        enders: &[String],
    ) -> Result<NegationRules, ParamError> {
        for (list, into) in [(cues, &mut self.cues), (not_cues, &mut self.not_cues)] {
            for c in list {
                let words = phrase(c)?;
                if !into.contains(&words) {
                    into.push(words);
                }
            }
        }
        for e in enders {
            let words = phrase(e)?;
            let [word] = words.as_slice() else {
                return Err(bad(e, "a scope ender is one word"));
            };
            if !self.enders.contains(word) {
                self.enders.push(word.clone());
            }
        }
        self.sieves = Sieves::of(&self);
        Ok(self)
    }

    /// Whether the word starting at byte `at` of `text` is negated, given
    /// its sentence and the document's quotation spans (in order).
    pub fn negated(
        &self,
        text: &str,
        sentence: Range<usize>,
        quotes: &[Range<usize>],
        at: usize,
    ) -> bool {
        self.negated_with(&mut OpenWords::default(), text, sentence, quotes, at)
    }

    /// [`NegationRules::negated`], reading words into `words`: one buffer
    /// for the matches of a document rather than a string per word.
    ///
    /// The words are read backwards from the word in question, and only
    /// as far as they can matter: a cue reaches it only from among the
    /// last [`NegationRules::window`] words and across the words after
    /// the cue, so reading stops at the first word that no cue can reach
    /// across, and when none of the words before it can end a cue (the
    /// usual case) the word is not negated. A word that may end a cue
    /// needs the few words before it that a cue or a non-cue of several
    /// words reads, and one more to know whether the farthest of them is
    /// the first of its scope, which is left out when the look-back was
    /// cut (it may be the end of a longer word: "cannot" cut to "not").
    pub fn negated_with(
        &self,
        words: &mut OpenWords,
        text: &str,
        sentence: Range<usize>,
        quotes: &[Range<usize>],
        at: usize,
    ) -> bool {
        let from = scope_start(sentence.start, quotes, at).min(at);
        // A scope is a few words long: looking further back than this
        // would only cost time in a sentence that never ends.
        let mut cut = from.max(at.saturating_sub(LOOKBACK));
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        words.clear();
        let mut back = Backwards::of(text, cut, at);
        // `need`: how many words the cues that may end among those read
        // need read (one ending `d` words back, `d` and the context of a
        // longer cue or non-cue); `across`: whether a cue may reach across
        // every word read so far; `whole`: whether the scope's first word
        // was read.
        let mut need = 0;
        let mut across = true;
        let mut whole = false;
        while (across && words.read() < self.window) || (need > 0 && words.read() <= need) {
            let Some(span) = back.next_word() else {
                whole = true;
                break;
            };
            let Some(word) = text.get(span.clone()) else {
                whole = true;
                break;
            };
            let probe = self.probe(word, words.scratch());
            if probe.ender {
                // The scope starts after this word.
                whole = true;
                break;
            }
            words.push(span);
            if across && words.read() <= self.window {
                if probe.may_end_cue {
                    need = need.max(words.read() + self.sieves.context);
                }
                across = probe.may_cross;
            }
        }
        if need == 0 {
            return false;
        }
        let read = words.read();
        // Read to the scope's start, its first word is left out when the
        // look-back was cut; read short of it, the farthest word read is
        // one more than any cue needs.
        let left_out = match whole {
            true => usize::from(cut > from && read > 0),
            false => 1,
        };
        words.keep(text, read.saturating_sub(left_out));
        let n = words.len();
        let mut cues = 0;
        let mut neither_reaches = false;
        // Only a cue among the last `window` words can reach the word.
        for end in n.saturating_sub(self.window)..n {
            let reaches =
                self.cue_ends_at(words, end) && (end + 1..n).all(|k| self.crosses(words.get(k)));
            if !reaches {
                continue;
            }
            // "Neither ... nor" negates once, not twice.
            if words.get(end) == "nor" && neither_reaches {
                continue;
            }
            neither_reaches |= words.get(end) == "neither";
            cues += 1;
        }
        cues % 2 == 1
    }

    /// What the quick tests say of `word`, a word of the text as it
    /// stands, lower-cased into `folded` only when it is not ASCII.
    fn probe(&self, word: &str, folded: &mut String) -> Probe {
        let s = &self.sieves;
        let b = word.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return Probe::default();
        };
        if !word.is_ascii() {
            folded.clear();
            fold_into(folded, word);
            let w = folded.as_str();
            let not = w.ends_with("n't");
            return Probe {
                ender: s.enders.may_hold(w) && self.enders.iter().any(|e| e == w),
                may_end_cue: not || s.cue_ends.may_hold(w),
                may_cross: s.cross_any || not || s.crossed.may_hold(w),
            };
        }
        // Lower-cased, an ASCII word keeps its length: its first and last
        // bytes are enough for the sieves.
        let (first, last, n) = (
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase(),
            b.len(),
        );
        let not = n >= 3 && b[n - 3..].eq_ignore_ascii_case(b"n't");
        Probe {
            // the words of the lists are in lower case: equal to the
            // word's lower case is equal to it but for ASCII case
            ender: s.enders.holds(first, last, n)
                && self
                    .enders
                    .iter()
                    .any(|e| e.as_bytes().eq_ignore_ascii_case(b)),
            may_end_cue: not || s.cue_ends.holds(first, last, n),
            may_cross: s.cross_any || not || s.crossed.holds(first, last, n),
        }
    }

    /// Whether a cue reaches across `word`.
    fn crosses(&self, word: &str) -> bool {
        self.sieves.cross_any
            || word.ends_with("n't")
            || self.sieves.crossed.may_hold(word)
                && (self.across.iter().any(|a| a == word)
                    || self.cues.iter().any(|c| c.len() == 1 && c[0] == word))
    }

    /// Whether a cue ends at word `end`, and is not part of a phrase that
    /// only looks like one.
    fn cue_ends_at(&self, words: &OpenWords, end: usize) -> bool {
        let word = words.get(end);
        let cue_start = if word.ends_with("n't") {
            Some(end)
        } else if !self.sieves.cue_ends.may_hold(word) {
            None
        } else {
            self.cues
                .iter()
                .filter(|c| c.len() <= end + 1 && words.starts_at(end + 1 - c.len(), c))
                .map(|c| end + 1 - c.len())
                .next()
        };
        let Some(start) = cue_start else {
            return false;
        };
        !self.not_cues.iter().any(|p| {
            (start.saturating_sub(p.len())..=start)
                .any(|s| s + p.len() > end && words.starts_at(s, p))
        })
    }
}

/// What the quick tests of [`NegationRules::probe`] say of a word before a
/// match.
#[derive(Debug, Clone, Copy, Default)]
struct Probe {
    /// It ends the scope: the words before it are out of it.
    ender: bool,
    /// It may be the last word of a cue (or end in "n't").
    may_end_cue: bool,
    /// A cue may reach across it, as [`NegationRules::crosses`] says or
    /// more.
    may_cross: bool,
}

/// Where a scope may begin for a word at `at`: its sentence's start, or,
/// inside a quotation, the quotation's start; outside, the end of the last
/// quotation before it.
fn scope_start(sentence: usize, quotes: &[Range<usize>], at: usize) -> usize {
    // Quotations are in order and do not overlap: only the last one that
    // starts before the word can hold it or end nearest before it.
    let k = quotes.partition_point(|q| q.start < at);
    match k.checked_sub(1).map(|k| &quotes[k]) {
        Some(q) if q.end > at => sentence.max(q.start),
        Some(q) => sentence.max(q.end),
        None => sentence,
    }
}

enum Token {
    Word(String),
    Stop,
}

/// Words (letters and digits, with apostrophes inside) in lower case, and
/// the punctuation marks that end a scope.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let inner_apostrophe = matches!(c, '\'' | '\u{2019}')
            && !word.is_empty()
            && chars.peek().is_some_and(|&n| is_word_char(n));
        if is_word_char(c) {
            word.extend(c.to_lowercase());
            continue;
        }
        if inner_apostrophe {
            word.push('\'');
            continue;
        }
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(&mut word)));
        }
        if ends_scope(c) {
            out.push(Token::Stop);
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// A cue or phrase as its lower-case words.
fn phrase(s: &str) -> Result<Vec<String>, ParamError> {
    let words: Vec<String> = tokens(s)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Stop => None,
        })
        .collect();
    if words.is_empty() || words.join(" ") != s.trim().to_lowercase().replace('\u{2019}', "'") {
        return Err(bad(s, "write it as words separated by single spaces"));
    }
    Ok(words)
}

fn bad(s: &str, why: &str) -> ParamError {
    ParamError {
        field: "negation",
        message: format!("{s:?}: {why}"),
    }
}

#[cfg(test)]
mod tests;
