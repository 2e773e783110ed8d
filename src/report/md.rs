//! Markdown building blocks shared by every section of `report.md`:
//! escaping, code spans, signed numbers, intervals and chart links.

use std::fmt::Write;

use super::figures::Figures;

/// Escapes text for Markdown prose.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text as a Markdown code span. Escapes do not work inside one, so a
/// backtick in the text becomes an apostrophe.
pub(super) fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace(['\r', '\n'], " "))
}

/// A rate per 1,000 tokens as the frames heat map's cells show it
/// ([`cell_number`](super::charts::cell_number) with one decimal): "0"
/// when exactly zero, one decimal from 1, two significant digits below.
pub(super) fn rate(x: f64) -> String {
    super::charts::cell_number(x, 1)
}

/// A number with its sign and two decimals.
pub(super) fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

/// An interval as `[low, high]`, or `n/a` without one.
pub(super) fn interval(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!("[{}, {}]", signed(l), signed(h)),
        _ => "n/a".into(),
    }
}

/// The chart's image link, with its note on what part of the data it shows.
pub(super) fn chart_link(md: &mut String, charts: &Figures, name: &str, alt: &str) {
    if !charts.has(name) {
        return;
    }
    let _ = writeln!(md, "![{}]({name}.png)\n", esc(alt));
    match charts.note(name) {
        Some(note) => {
            let _ = writeln!(
                md,
                "(The chart {}; also as [{name}.svg]({name}.svg).)\n",
                esc(note)
            );
        }
        None => {
            let _ = writeln!(md, "(Also as [{name}.svg]({name}.svg).)\n");
        }
    }
}

/// `n` and the noun for it: "1 document", "5 documents".
pub(super) fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{count, rate};

    #[test]
    fn a_rate_keeps_two_significant_digits_below_one() {
        // news-10k: Washington Times, legality: 10 / 851,954 x 1,000.
        assert_eq!(rate(10.0 / 851_954.0 * 1000.0), "0.012");
        assert_eq!(rate(0.3), "0.30");
        assert_eq!(rate(0.0), "0");
        assert_eq!(rate(14.937), "14.9");
        assert_eq!(rate(0.000_01), "<0.0001");
    }

    #[test]
    fn a_count_of_one_takes_the_singular() {
        assert_eq!(count(1u64, "document", "documents"), "1 document");
        assert_eq!(count(0u64, "document", "documents"), "0 documents");
        assert_eq!(count(5u32, "pole match", "pole matches"), "5 pole matches");
    }
}
