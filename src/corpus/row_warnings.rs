//! The warning rule for CSV lines that read as rows inside a quoted field
//! that is not an error ([`super::records`] has the rules for errors).
//!
//! A quote left open that closes cleanly at a line end, after swallowing a
//! row whose id is not numbered and whose outlet no other record uses,
//! cannot be told from a text that happens to hold such a line. It is
//! read, with a warning, when a line of the field has the shape of a row
//! ([`RowShape::fits`]: the header's number of fields, none starting like
//! prose, a short outlet with a letter) and an id cell shaped like the ids
//! of the file's records ([`IdShape`]: the same length and the same kinds
//! of characters). Files without an id or an outlet column get no warning:
//! their lines have too little to tell a row by.

use std::collections::HashSet;

use super::quotes::{self, unquote, RowShape};

/// The shape of an id: its length in characters and the kinds of character
/// it holds (digits, lower- and upper-case ASCII letters, other ASCII,
/// other characters). `d12` and `x07` share one; `The` and `abc`, or
/// `1045` and `10450`, do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct IdShape {
    chars: usize,
    kinds: u8,
}

impl IdShape {
    /// The shape of `id` (read without quotes and white space around it);
    /// `None` when it is empty.
    pub(crate) fn of(id: &[u8]) -> Option<IdShape> {
        let id = unquote(id);
        if id.is_empty() {
            return None;
        }
        let text = String::from_utf8_lossy(id);
        let kinds = text.chars().fold(0u8, |k, c| {
            k | match c {
                '0'..='9' => 1,
                'a'..='z' => 2,
                'A'..='Z' => 4,
                c if c.is_ascii() => 8,
                _ => 16,
            }
        });
        Some(IdShape {
            chars: text.chars().count(),
            kinds,
        })
    }
}

/// Id shapes remembered at most: a file of more shapes is checked against
/// its first ones.
const MOST_SHAPES: usize = 1_000;

/// The shapes of the ids of a file's records, as they are read.
#[derive(Debug, Default)]
pub(crate) struct IdShapes {
    seen: HashSet<IdShape>,
}

impl IdShapes {
    /// Notes the id of a record read (as its field holds it).
    pub(crate) fn record(&mut self, id: &[u8]) {
        if let Some(shape) = IdShape::of(id) {
            if self.seen.len() < MOST_SHAPES {
                self.seen.insert(shape);
            }
        }
    }

    /// Whether `id` has the shape of an id already read.
    pub(crate) fn seen(&self, id: &[u8]) -> bool {
        IdShape::of(id).is_some_and(|s| self.seen.contains(&s))
    }
}

/// The first line of a quoted field of `rec` that reads as a row (see the
/// module's rule), as [`quotes::swallowed_row`] gives it: the lines,
/// counted from the record's first, where the field opened and where the
/// row is. `ids` holds the shapes of the ids read before, and `rec`'s own.
pub(crate) fn row_in_field(
    rec: &csv::ByteRecord,
    shape: &RowShape,
    delimiter: u8,
    ids: &IdShapes,
) -> Option<(u64, u64)> {
    let (Some(id), Some(_)) = (shape.id, shape.outlet) else {
        return None;
    };
    if quotes::line_breaks(rec) == 0 {
        return None;
    }
    quotes::swallowed_row(rec, delimiter, |cells, _, _| {
        shape.fits(cells) && ids.seen(cells[id])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_shapes() {
        let shape = |id: &[u8]| IdShape::of(id);
        assert_eq!(shape(b"d12"), shape(b"x07"));
        assert_eq!(shape(b"\"abc\""), shape(b"xyz"));
        assert_eq!(shape(b"doc-0012"), shape(b"abc_9999"));
        assert_ne!(shape(b"The"), shape(b"abc"));
        assert_ne!(shape(b"1045"), shape(b"10450"));
        assert_ne!(shape(b"3f2a"), shape(b"3333"));
        assert_eq!(shape(b" "), None);
    }

    #[test]
    fn rows_in_fields() {
        let shape = RowShape {
            width: 3,
            id: Some(0),
            outlet: Some(1),
        };
        let mut ids = IdShapes::default();
        ids.record(b"abc");
        let rec = |fields: &[&str]| csv::ByteRecord::from(fields.to_vec());
        // The record's fields; where the field opened and the row is.
        type Case<'a> = (&'a [&'a str], Option<(u64, u64)>);
        let cases: &[Case] = &[
            (
                &["abc", "A", "Russia annexed Crimea\nxyz,B,Kiev said"],
                Some((0, 1)),
            ),
            (&["abc", "A", "one\ntwo\nxyz,B,Kiev said"], Some((0, 2))),
            (
                &["abc", "A", "Kyiv said, and Moscow.\nThe end,really,yes"],
                None,
            ),
            (&["abc", "A", "Kyiv said.\nThe,end,yes"], None),
            (&["abc", "A", "Kyiv said.\nxyz,B,Kiev said,too"], None),
            (&["abc", "A", "Kyiv said.\nxyz, B,Kiev said"], None),
            (&["abc", "A", "xyz,B,Kiev said"], None),
            (&["abc", "A", "Kyiv.\nxyzw,B,Kiev said"], None),
        ];
        for (fields, want) in cases {
            assert_eq!(
                row_in_field(&rec(fields), &shape, b',', &ids),
                *want,
                "{fields:?}"
            );
        }
        let no_id = RowShape {
            width: 2,
            id: None,
            outlet: Some(0),
        };
        let r = rec(&["A", "Kyiv.\nB,Kiev said"]);
        assert_eq!(row_in_field(&r, &no_id, b',', &ids), None);
    }
}
