//! Lexicon matching: every lexicon form found in a text, on word boundaries,
//! with overlaps resolved leftmost-longest, each hit placed in its sentence
//! and voice and located by byte offsets in the original text.
//!
//! All forms and exclusions go into one aho-corasick automaton over the
//! folded, normalized text. Overlapping matches are collected first and
//! filtered on word boundaries before the longest is chosen, because a
//! longest match that fails its boundary check ("Kiev regimes" for the form
//! "Kiev regime") must not hide a shorter valid one ("Kiev").

use std::cmp::Reverse;
use std::ops::Range;

use aho_corasick::dfa::DFA;
use aho_corasick::MatchKind;

use crate::lexicon::{LexiconSet, Scope};
use crate::text::{
    is_word_char, normalize_form, normalize_into, paragraphs, Layout, NegationRules, Normalized,
    OpenWords, Voice,
};
use exclusions::Exclusions;

/// Why a matcher could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the matching automaton: {0}")]
pub struct MatcherError(#[from] aho_corasick::BuildError);

/// What one automaton pattern stands for.
#[derive(Debug, Clone)]
enum Kind {
    Form {
        entry: u32,
        form: u16,
        glob: bool,
        /// The form in case-preserving normal form, for case-sensitive entries.
        cased: Option<Box<str>>,
    },
    Exclude {
        entry: u32,
    },
    Context {
        context: u16,
        glob: bool,
    },
}

/// A pattern's normalized text and whether each end needs a word boundary.
#[derive(Debug, Clone)]
struct Pattern {
    kinds: Vec<Kind>,
    bound_start: bool,
    bound_end: bool,
}

/// Finds the forms of a [`LexiconSet`] in text.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<DFA>,
    patterns: Vec<Pattern>,
    /// Per entry, the context it needs.
    needs: Vec<Option<u16>>,
    /// Per context, how near it must be.
    scopes: Vec<Scope>,
    /// What puts a match in the scope of a negation.
    negation: NegationRules,
}

/// A lexicon match in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Index into [`LexiconSet::entries`].
    pub entry: u32,
    /// Index into the entry's forms.
    pub form: u16,
}

/// A match placed in its document: sentence and voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The lexicon term found, and where.
    pub term: Match,
    /// Index of its sentence in the document's [`Layout`].
    pub sentence: u32,
    /// Own voice or quotation.
    pub voice: Voice,
    /// Inside the scope of a negation ([`crate::text::NegationRules`]).
    pub negated: bool,
}

/// One document, segmented and matched.
#[derive(Debug, Clone, Default)]
pub struct MatchedDoc {
    /// Sentences, tokens and quotations.
    pub layout: Layout,
    /// Hits in text order.
    pub hits: Vec<Hit>,
    /// Matches left out because the context their entry needs was not near.
    pub out_of_context: u32,
    /// Per context of the lexicon set, whether any of its words occurs in
    /// the document: a document without one is off-topic for the axes that
    /// need it.
    pub topics: Vec<bool>,
}

impl MatchedDoc {
    /// The hits in sentence `s`. Hits are in text order, hence in sentence
    /// order, so two binary searches find them: a document of many
    /// sentences costs no more per sentence than a short one.
    pub fn sentence_hits(&self, s: usize) -> &[Hit] {
        let start = self.hits.partition_point(|h| (h.sentence as usize) < s);
        let end = self.hits.partition_point(|h| (h.sentence as usize) <= s);
        &self.hits[start..end]
    }
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    glob: bool,
    entry: u32,
    form: u16,
}

impl Matcher {
    /// Builds the automaton for every form and exclusion in `set`.
    pub fn new(set: &LexiconSet) -> Result<Matcher, MatcherError> {
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut add = |text: String, kind: Kind| {
            let id = *index.entry(text.clone()).or_insert_with(|| {
                let first = text.chars().next().is_some_and(is_word_char);
                let last = text.chars().next_back().is_some_and(is_word_char);
                texts.push(text);
                patterns.push(Pattern {
                    kinds: Vec::new(),
                    bound_start: first,
                    bound_end: last,
                });
                patterns.len() - 1
            });
            patterns[id].kinds.push(kind);
        };
        for (ei, e) in set.entries.iter().enumerate() {
            let entry = ei as u32;
            for (fi, f) in e.forms.iter().enumerate() {
                let folded = normalize_form(&f.text, true);
                if folded.is_empty() {
                    continue;
                }
                let cased = e
                    .case_sensitive
                    .then(|| normalize_form(&f.text, false).into_boxed_str());
                add(
                    folded,
                    Kind::Form {
                        entry,
                        form: fi as u16,
                        glob: f.glob,
                        cased,
                    },
                );
            }
            for x in &e.exclude {
                let folded = normalize_form(x, true);
                if !folded.is_empty() {
                    add(folded, Kind::Exclude { entry });
                }
            }
        }
        for (ci, c) in set.contexts.iter().enumerate() {
            for f in &c.forms {
                let folded = normalize_form(&f.text, true);
                if !folded.is_empty() {
                    add(
                        folded,
                        Kind::Context {
                            context: ci as u16,
                            glob: f.glob,
                        },
                    );
                }
            }
        }
        let ac = if texts.is_empty() {
            None
        } else {
            Some(
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&texts)?,
            )
        };
        Ok(Matcher {
            ac,
            patterns,
            needs: set
                .entries
                .iter()
                .map(|e| e.context.map(|c| c as u16))
                .collect(),
            scopes: set.contexts.iter().map(|c| c.scope).collect(),
            negation: set.negation.rules.clone(),
        })
    }

    /// Every match in `text`, in order, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let paras = if self.needs.iter().any(Option::is_some) {
            paragraphs(text)
        } else {
            Vec::new()
        };
        self.scan(text, &paras).found
    }

    /// The matches in `text` whose paragraphs are `paras`, how many more
    /// there would be if every entry's context were present, and which
    /// contexts occur at all.
    fn scan(&self, text: &str, paras: &[Range<usize>]) -> Scanned {
        let Some(ac) = &self.ac else {
            return Scanned {
                found: Vec::new(),
                out_of_context: 0,
                topics: vec![false; self.scopes.len()],
            };
        };
        // The folded text goes into one buffer per thread, kept from
        // document to document.
        NORMALIZED.with_borrow_mut(|norm| {
            normalize_into(norm, text, true);
            self.scan_normalized(ac, text, norm, paras)
        })
    }

    /// [`Matcher::scan`] of `text`, whose folded form is `norm`.
    fn scan_normalized(
        &self,
        ac: &DFA,
        text: &str,
        norm: &Normalized,
        paras: &[Range<usize>],
    ) -> Scanned {
        let Found {
            mut cands,
            vetoes,
            near,
        } = self.find_all(ac, text, norm, paras);
        let vetoes = Exclusions::new(vetoes);
        if !vetoes.is_empty() {
            cands.retain(|c| !vetoes.overlap(c.entry, c.start, c.end));
        }
        let mut out_of_context = Vec::new();
        if self.needs.iter().any(Option::is_some) {
            let (keep, drop): (Vec<Candidate>, Vec<Candidate>) = cands.into_iter().partition(|c| {
                self.needs[c.entry as usize].is_none_or(|ctx| {
                    let p = paragraph_of(paras, norm.orig_start(c.start));
                    near.is_near(ctx, self.scopes[usize::from(ctx)], p)
                })
            });
            cands = keep;
            out_of_context = drop;
        }
        leftmost_longest(&mut cands);
        leftmost_longest(&mut out_of_context);
        let found = cands
            .iter()
            .map(|c| Match {
                start: norm.orig_start(c.start),
                end: norm.orig_end(c.end),
                entry: c.entry,
                form: c.form,
            })
            .collect();
        Scanned {
            found,
            out_of_context: out_of_context.len() as u32,
            topics: near.paragraphs.iter().map(|ps| !ps.is_empty()).collect(),
        }
    }

    /// Every pattern occurrence in `norm` (`text` folded) on its word
    /// boundaries, overlaps included: candidate forms, exclusions and
    /// context words.
    fn find_all(&self, ac: &DFA, text: &str, norm: &Normalized, paras: &[Range<usize>]) -> Found {
        let hay = norm.text.as_str();
        let mut vetoes: Vec<(usize, usize, u32)> = Vec::new();
        let mut near = ContextHits::new(self.scopes.len());
        let found = OCCURRENCES.with_borrow_mut(|found| {
            overlap::occurrences(ac, hay.as_bytes(), found);
            std::mem::take(found)
        });
        let mut cands = Vec::with_capacity(found.len()); // most become candidates
        for m in &found {
            let p = &self.patterns[m.pattern];
            let (start, end) = (m.start, m.end);
            if p.bound_start && hay[..start].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let exact_end = !p.bound_end || !hay[end..].chars().next().is_some_and(is_word_char);
            for kind in &p.kinds {
                match kind {
                    Kind::Exclude { entry } if exact_end => vetoes.push((start, end, *entry)),
                    Kind::Exclude { .. } => {}
                    Kind::Context { context, glob } if exact_end || *glob => {
                        near.add(*context, paragraph_of(paras, norm.orig_start(start)));
                    }
                    Kind::Context { .. } => {}
                    Kind::Form {
                        entry,
                        form,
                        glob,
                        cased,
                    } => {
                        let end = if *glob {
                            word_end(hay, end)
                        } else if exact_end {
                            end
                        } else {
                            continue;
                        };
                        if let Some(cased) = cased {
                            if !same_case(text, norm, start..end, cased, *glob) {
                                continue;
                            }
                        }
                        cands.push(Candidate {
                            start,
                            end,
                            glob: *glob,
                            entry: *entry,
                            form: *form,
                        });
                    }
                }
            }
        }
        OCCURRENCES.with_borrow_mut(|kept| *kept = found);
        Found {
            cands,
            vetoes,
            near,
        }
    }

    /// Segments `text` and places each match in its sentence and voice.
    pub fn match_document(&self, text: &str) -> MatchedDoc {
        self.match_document_in(text, None)
    }

    /// [`match_document`](Matcher::match_document), given the paragraphs
    /// of `text` where they were found already (`text::paragraphs` of it).
    pub fn match_document_in(
        &self,
        text: &str,
        paragraphs: Option<Vec<std::ops::Range<usize>>>,
    ) -> MatchedDoc {
        let layout = match paragraphs {
            Some(p) => Layout::with_paragraphs(text, p),
            None => Layout::of(text),
        };
        let Scanned {
            found,
            out_of_context,
            topics,
        } = self.scan(text, &layout.paragraphs);
        // The words before each match are split into one buffer per
        // thread, kept from document to document.
        let hits = WORDS.with_borrow_mut(|words| {
            found
                .into_iter()
                .map(|m| {
                    let sentence = layout.sentence_of(m.start);
                    let range = layout.sentences.get(sentence).cloned().unwrap_or(0..0);
                    Hit {
                        term: m,
                        sentence: sentence as u32,
                        voice: layout.voice_at(m.start),
                        negated: self.negation.negated_with(
                            words,
                            text,
                            range,
                            &layout.quotes,
                            m.start,
                        ),
                    }
                })
                .collect()
        });
        MatchedDoc {
            layout,
            hits,
            out_of_context,
            topics,
        }
    }
}

thread_local! {
    /// The buffer of [`NegationRules::negated_with`] for the matches of
    /// the documents matched on this thread.
    static WORDS: std::cell::RefCell<OpenWords> = std::cell::RefCell::new(OpenWords::default());
    /// The folded text of the document being matched on this thread.
    static NORMALIZED: std::cell::RefCell<Normalized> =
        std::cell::RefCell::new(Normalized::default());
    /// The buffer of [`overlap::occurrences`] for the documents matched on
    /// this thread.
    static OCCURRENCES: std::cell::RefCell<Vec<overlap::Occurrence>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// What [`Matcher::scan`] finds in one document.
struct Scanned {
    found: Vec<Match>,
    out_of_context: u32,
    topics: Vec<bool>,
}

/// What one pass of the automaton finds in a document, before exclusions,
/// contexts and overlaps are resolved.
struct Found {
    cands: Vec<Candidate>,
    /// Exclusions found: (start, end, entry).
    vetoes: Vec<(usize, usize, u32)>,
    near: ContextHits,
}

/// Whether the original text behind `at` (bytes of `norm`) agrees in case
/// with `cased`, a case-sensitive form: as a whole, or as the stem of a
/// glob.
fn same_case(text: &str, norm: &Normalized, at: Range<usize>, cased: &str, glob: bool) -> bool {
    let orig = &text[norm.orig_start(at.start)..norm.orig_end(at.end)];
    let got = normalize_form(orig, false);
    if glob {
        got.starts_with(cased)
    } else {
        got == cased
    }
}

/// Keeps the leftmost of overlapping candidates, then the longest, then an
/// exact form over a glob, then the entry that comes first: sorted, in
/// place (`retain` visits them in order).
fn leftmost_longest(cands: &mut Vec<Candidate>) {
    cands.sort_unstable_by_key(|c| (c.start, Reverse(c.end), c.glob, c.entry, c.form));
    let mut last_end = 0;
    cands.retain(|c| {
        let keep = c.start >= last_end;
        if keep {
            last_end = c.end;
        }
        keep
    });
}

/// Index of the paragraph holding byte `at` (the one before, between
/// paragraphs).
fn paragraph_of(paras: &[Range<usize>], at: usize) -> usize {
    paras.partition_point(|p| p.start <= at).saturating_sub(1)
}

/// Where each context occurs in one document: the paragraphs, in order.
struct ContextHits {
    paragraphs: Vec<Vec<usize>>,
}

impl ContextHits {
    fn new(contexts: usize) -> Self {
        ContextHits {
            paragraphs: vec![Vec::new(); contexts],
        }
    }

    fn add(&mut self, context: u16, paragraph: usize) {
        let ps = &mut self.paragraphs[usize::from(context)];
        if let Err(at) = ps.binary_search(&paragraph) {
            ps.insert(at, paragraph);
        }
    }

    /// Whether `context` occurs within `scope` of paragraph `p`.
    fn is_near(&self, context: u16, scope: Scope, p: usize) -> bool {
        let ps = &self.paragraphs[usize::from(context)];
        match scope {
            Scope::Document => !ps.is_empty(),
            Scope::Paragraphs(w) => {
                let lo = p.saturating_sub(w as usize);
                let k = ps.partition_point(|&q| q < lo);
                ps.get(k).is_some_and(|&q| q <= p + w as usize)
            }
        }
    }
}

/// The end of the word that continues at `at`.
fn word_end(hay: &str, at: usize) -> usize {
    at + hay[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(hay.len() - at, |(i, _)| i)
}

mod exclusions;
mod overlap;
#[cfg(test)]
mod tests;
