//! quanteda YAML dictionaries (`dictionary(file = "x.yml")`, `as.yaml()`,
//! newsmap): a map of keys to patterns, nested to any depth.
//!
//! ```yaml
//! # comments are fine
//! economy: [tax*, "budget deficit"]      # inline list
//! "social policy":                       # quoted keys
//!   - welfare
//!   - pension*
//! AFRICA:
//!   EAST:
//!     "KE": Kenya                        # a single string
//! parent:
//!   __: [own, terms]                     # as.yaml()'s key for a key's own terms
//!   child: [x]
//! ```
//!
//! - A key is a category, named by its path (`AFRICA.EAST.KE`); a key whose
//!   value is a map is a category of its own, usually empty.
//! - A value is a string, a list of strings, a map, or nothing (an empty
//!   category). In a list, a map adds sub-keys, as R's yaml reads it.
//! - `__` under a key holds that key's own terms (how quanteda's
//!   `as.yaml()` writes a key with both terms and sub-keys).
//! - Scalars are taken as written (`1984`, `yes`, `NO` stay strings; YAML
//!   1.1 would turn `NO`, Norway in newsmap, into false); a plain `~` or
//!   `null` item is nothing.
//! - Errors: YAML syntax, a top level that is not a map, a key twice in one
//!   map, keys that are lists or maps, anchors and aliases, more than 32
//!   levels of nesting, several documents.

use std::collections::HashMap;
use std::str::Chars;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{excerpt, Builder, Dictionary};
use crate::lexicon::Diagnostic;

type Read = Result<(Dictionary, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Deepest nesting read or written.
pub(super) const MAX_DEPTH: usize = 32;

/// Stops reading: the error is already recorded.
struct Stop;

struct Reader<'a, 't> {
    parser: Parser<Chars<'t>>,
    b: Builder<'a>,
}

pub(super) fn read(text: &str, file: &str, name: &str) -> Read {
    let mut r = Reader {
        parser: Parser::new_from_str(text),
        b: Builder::new(file),
    };
    let _ = r.document();
    r.b.finish(name)
}

impl Reader<'_, '_> {
    fn next(&mut self) -> Result<(Event, usize), Stop> {
        match self.parser.next_token() {
            Ok((ev, mark)) => Ok((ev, line(mark))),
            Err(e) => {
                let message = format!("YAML syntax: {}", e.info());
                self.b.error(line(*e.marker()), message);
                Err(Stop)
            }
        }
    }

    fn stop(&mut self, line: usize, message: String) -> Stop {
        self.b.error(line, message);
        Stop
    }

    fn document(&mut self) -> Result<(), Stop> {
        loop {
            match self.next()? {
                (Event::StreamStart, _) => {}
                (Event::StreamEnd, _) => return Ok(()),
                (Event::DocumentStart, _) => break,
                (_, n) => return Err(self.stop(n, "not a YAML document".into())),
            }
        }
        match self.next()? {
            (Event::MappingStart(0, _), n) => self.map(None, 1, n)?,
            (Event::Scalar(v, TScalarStyle::Plain, _, _), _) if v.is_empty() => {}
            (_, n) => {
                return Err(self.stop(
                    n,
                    "the top level must be a map of keys to patterns (`key: [a, b*]`)".into(),
                ))
            }
        }
        loop {
            match self.next()? {
                (Event::DocumentEnd, _) => {}
                (Event::StreamEnd, _) => return Ok(()),
                (_, n) => {
                    return Err(self.stop(
                        n,
                        "a second YAML document; a dictionary file holds one".into(),
                    ))
                }
            }
        }
    }

    /// The rest of a map (its `MappingStart` is read): keys of `parent`.
    fn map(&mut self, parent: Option<usize>, depth: usize, at: usize) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(self.stop(
                at,
                format!("the dictionary is nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        let mut keys: HashMap<String, usize> = HashMap::new();
        loop {
            let (ev, n) = self.next()?;
            let key = match ev {
                Event::MappingEnd => return Ok(()),
                Event::Scalar(key, _, anchor, _) => {
                    self.no_anchor(anchor, n)?;
                    key.trim().to_string()
                }
                Event::Alias(_) => return Err(self.alias(n)),
                _ => return Err(self.stop(n, "a key must be a name, not a list or a map".into())),
            };
            if key.is_empty() {
                return Err(self.stop(n, "an empty key".into()));
            }
            if let Some(at) = keys.insert(key.clone(), n) {
                return Err(self.stop(
                    n,
                    format!(
                        "key `{}` appears twice in this map (also at line {at})",
                        excerpt(&key)
                    ),
                ));
            }
            if let (Some(p), "__") = (parent, key.as_str()) {
                self.value(p, depth, true)?;
                continue;
            }
            let full = match parent {
                Some(p) => format!("{}.{key}", self.b.name_of(p)),
                None => key,
            };
            let (k, before) = self.b.category(&full, n);
            if let Some(at) = before {
                self.b.warn(
                    n,
                    format!(
                        "category `{}` is also declared at line {at}; the two are merged",
                        excerpt(&full)
                    ),
                );
            }
            self.value(k, depth, false)?;
        }
    }

    /// The value of a key of category `k`; `own_only` for `__`, which holds
    /// terms only.
    fn value(&mut self, k: usize, depth: usize, own_only: bool) -> Result<(), Stop> {
        match self.next()? {
            (Event::Scalar(v, style, anchor, _), n) => {
                self.no_anchor(anchor, n)?;
                self.pattern(k, &v, style, n, false);
                Ok(())
            }
            (Event::SequenceStart(anchor, _), n) => {
                self.no_anchor(anchor, n)?;
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => return Ok(()),
                        (Event::Scalar(v, style, anchor, _), n) => {
                            self.no_anchor(anchor, n)?;
                            self.pattern(k, &v, style, n, true);
                        }
                        (Event::MappingStart(anchor, _), n) if !own_only => {
                            self.no_anchor(anchor, n)?;
                            self.map(Some(k), depth + 1, n)?;
                        }
                        (Event::Alias(_), n) => return Err(self.alias(n)),
                        (_, n) => return Err(self.stop(
                            n,
                            "a list item must be a pattern (a list in a list has no meaning here)"
                                .into(),
                        )),
                    }
                }
            }
            (Event::MappingStart(anchor, _), n) if !own_only => {
                self.no_anchor(anchor, n)?;
                self.map(Some(k), depth + 1, n)
            }
            (Event::Alias(_), n) => Err(self.alias(n)),
            (_, n) => Err(self.stop(
                n,
                "`__` holds the key's own patterns: a pattern or a list of them".into(),
            )),
        }
    }

    fn pattern(&mut self, k: usize, v: &str, style: TScalarStyle, n: usize, in_list: bool) {
        let null = style == TScalarStyle::Plain
            && (v.is_empty() || v == "~" || v.eq_ignore_ascii_case("null"));
        let t = v.trim();
        if null || t.is_empty() {
            if in_list {
                self.b.warn(n, "an empty list item is skipped".into());
            }
            return;
        }
        if t.contains('?') {
            self.b.warn(
                n,
                format!(
                    "`{}`: quanteda reads `?` as a one-character wildcard; slant matches it literally",
                    excerpt(t)
                ),
            );
        }
        self.b.add_or_warn(k, t, None, n);
    }

    fn no_anchor(&mut self, anchor: usize, n: usize) -> Result<(), Stop> {
        if anchor == 0 {
            Ok(())
        } else {
            Err(self.alias(n))
        }
    }

    fn alias(&mut self, n: usize) -> Stop {
        self.stop(
            n,
            "YAML anchors and aliases (`&x`, `*x`) are not supported in dictionaries; write the patterns out (a pattern starting with `*` must be quoted)".into(),
        )
    }
}

/// The 1-based line of a marker.
fn line(m: Marker) -> usize {
    m.line().max(1)
}
