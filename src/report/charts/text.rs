//! Text helpers: fonts and sizes, measuring with the embedded font, wrapping,
//! label clean-up, number formatting and axis ticks.

use plotters::style::RGBColor;

use super::glyphs;
use super::style::{INK, MUTED};

/// Labels longer than this many characters are cut and end with an ellipsis.
pub const MAX_LABEL_CHARS: usize = 60;

/// Ratio between plotters' font size and the CSS pixel size written to SVG.
const PLOTTERS_PER_CSS_PX: f64 = 1.24;

/// A font: size in CSS pixels (the SVG `font-size`), weight and colour.
#[derive(Clone, Copy)]
pub(super) struct Font {
    pub px: f64,
    pub bold: bool,
    pub colour: RGBColor,
}

impl Font {
    /// Chart title.
    pub(super) fn title() -> Font {
        Font {
            px: 18.0,
            bold: true,
            colour: INK,
        }
    }

    /// Panel heading.
    pub(super) fn heading() -> Font {
        Font {
            px: 16.0,
            bold: true,
            colour: INK,
        }
    }

    /// Category labels (outlets, frames, terms).
    pub(super) fn label(colour: RGBColor) -> Font {
        Font {
            px: 14.0,
            bold: false,
            colour,
        }
    }

    /// Numbers, ticks and notes.
    pub(super) fn small(colour: RGBColor) -> Font {
        Font {
            px: 13.0,
            bold: false,
            colour,
        }
    }

    /// Footnotes.
    pub(super) fn note() -> Font {
        Font::small(MUTED)
    }

    /// Size in plotters' units.
    pub(super) fn size(self) -> f64 {
        self.px * PLOTTERS_PER_CSS_PX
    }

    /// Line height in pixels.
    pub(super) fn line(self) -> f64 {
        (self.px * 1.4).round()
    }
}

/// Width in pixels of `s` drawn in `font`.
pub(super) fn width(s: &str, font: Font) -> f64 {
    glyphs::measure(s, font.px, font.bold)
        .unwrap_or_else(|| s.chars().count() as f64 * font.px * 0.65)
}

/// Widest of several strings.
pub(super) fn max_width<'a>(items: impl IntoIterator<Item = &'a str>, font: Font) -> f64 {
    items
        .into_iter()
        .map(|s| width(s, font))
        .fold(0.0, f64::max)
}

/// Replaces control characters (newlines, tabs, NUL) by spaces and trims.
pub(super) fn clean(s: &str) -> String {
    let replaced: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    replaced.trim().to_string()
}

/// A category label: cleaned and cut to [`MAX_LABEL_CHARS`] with an ellipsis.
pub(super) fn label(s: &str) -> String {
    let s = clean(s);
    if s.chars().count() <= MAX_LABEL_CHARS {
        return s;
    }
    let cut: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `s` cut with an ellipsis so that it is at most `max` pixels wide.
pub(super) fn fit(s: &str, max: f64, font: Font) -> String {
    if width(s, font) <= max {
        return s.to_string();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while chars.pop().is_some() {
        let cut: String = chars.iter().collect();
        let candidate = format!("{}…", cut.trim_end());
        if width(&candidate, font) <= max {
            return candidate;
        }
    }
    "…".to_string()
}

/// Greedy word wrap to `max` pixels; words wider than a line are split.
pub(super) fn wrap(s: &str, max: f64, font: Font) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in clean(s).split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, font) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if width(word, font) <= max {
            current = word.to_string();
            continue;
        }
        for ch in word.chars() {
            current.push(ch);
            if width(&current, font) > max && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(ch);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// A number with fixed decimals, a real minus sign and no "-0.00".
pub(super) fn number(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        return "n/a".to_string();
    }
    if v.is_infinite() {
        return if v < 0.0 { "\u{2212}∞" } else { "∞" }.to_string();
    }
    let s = format!("{:.*}", decimals.min(6), v.abs());
    let zero = s.chars().all(|c| c == '0' || c == '.');
    if v < 0.0 && !zero {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// A number as every table and heat map cell of the report shows it: a
/// value that is exactly zero reads "0"; one of 1 or more has `decimals`;
/// one below 1 keeps two significant digits (at least `decimals`, at most
/// three decimals more), so that a rare frame's 0.012 does not read "0.0"
/// beside its count; one other than zero still too small to show reads as
/// below the least it could ("<0.0001"). A minus sign is a real one.
pub fn cell_number(v: f64, decimals: usize) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    if v.abs() >= 1.0 || !v.is_finite() {
        return number(v, decimals);
    }
    let most = decimals.min(6) + 3;
    let d = ((-v.abs().log10()).floor() as usize + 2).clamp(decimals, most);
    let s = number(v, d);
    if s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        return s;
    }
    let least = number(10f64.powi(-(d as i32)), d);
    if v < 0.0 {
        format!(">\u{2212}{least}")
    } else {
        format!("<{least}")
    }
}

/// Round step giving about `target` intervals over `span` (1, 2 or 5 times a power of 10).
fn step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mult = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    mult * mag
}

/// [lo, hi] widened to multiples of the tick step; degenerate ranges become [v-1, v+1].
pub(super) fn nice(lo: f64, hi: f64, target: usize) -> (f64, f64) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        let v = if lo.is_finite() { lo } else { 0.0 };
        return (v - 1.0, v + 1.0);
    }
    let s = step(span, target);
    ((lo / s + 1e-9).floor() * s, (hi / s - 1e-9).ceil() * s)
}

/// Round tick positions covering [lo, hi] (about `target` of them) and the decimals
/// their labels need. Degenerate ranges give a single tick.
pub(super) fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, usize) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        let v = if lo.is_finite() { lo } else { 0.0 };
        return (vec![v], 2);
    }
    let step = step(span, target);
    let decimals = (-(step.log10().floor())).clamp(0.0, 6.0) as usize;
    let first = (lo / step - 1e-9).ceil();
    let mut out = Vec::new();
    let mut k = first;
    while out.len() < 100 {
        let v = k * step;
        if v > hi + step * 1e-9 {
            break;
        }
        // Avoid "-0" and accumulated float noise.
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (out, decimals)
}

/// Scale from a data interval to a pixel interval.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    /// Pixel position of `v`, clamped to the pixel interval.
    pub(super) fn at(self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !(span.is_finite() && span != 0.0 && v.is_finite()) {
            return (self.p0 + self.p1) / 2.0;
        }
        let t = ((v - self.d0) / span).clamp(0.0, 1.0);
        self.p0 + t * (self.p1 - self.p0)
    }
}

#[cfg(test)]
mod cell_tests {
    use super::cell_number;

    #[test]
    fn a_small_value_does_not_print_as_zero() {
        // news-10k: Washington Times, legality, 10 matches in 851,954
        // tokens = 0.0117 per 1,000, printed "0.0" before; report.md's
        // frames table writes the same "0.012".
        assert_eq!(cell_number(0.011738, 1), "0.012");
        assert_eq!(cell_number(14.937, 1), "14.9");
        assert_eq!(cell_number(0.3, 1), "0.30");
        assert_eq!(cell_number(0.11, 2), "0.11");
        assert_eq!(cell_number(0.0049, 2), "0.0049");
        assert_eq!(cell_number(-0.004, 2), "\u{2212}0.0040");
        assert_eq!(cell_number(0.000_01, 1), "<0.0001");
        assert_eq!(cell_number(-0.000_01, 1), ">\u{2212}0.0001");
        assert_eq!(cell_number(33.3, 0), "33");
    }

    #[test]
    fn exactly_zero_reads_0_whatever_the_decimals() {
        // The frames heat map had shown "0.0" beside "0.0060" (decimals
        // 1), and the similarity map "0.00" on its diagonal (decimals 2).
        for decimals in [0, 1, 2, 3] {
            assert_eq!(cell_number(0.0, decimals), "0");
            assert_eq!(cell_number(-0.0, decimals), "0");
        }
        assert_eq!(cell_number(0.006, 1), "0.0060");
    }
}
