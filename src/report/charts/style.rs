//! The look every chart shares: the embedded typefaces and the colour palette.
//!
//! A leaf: it imports nothing from the other chart modules, so glyph rasterising, text
//! layout, the canvas and each chart kind can all take their fonts and colours from here.

use plotters::style::RGBColor;

/// Name the embedded font is registered under. It is also written verbatim as the SVG
/// `font-family`, so viewers use DejaVu Sans when installed and their sans-serif otherwise.
pub(super) const FAMILY: &str = "DejaVu Sans, sans-serif";

pub(super) static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Background.
pub(super) const PAPER: RGBColor = RGBColor(255, 255, 255);
/// Main text.
pub(super) const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Secondary text (notes, tick labels, counts).
pub(super) const MUTED: RGBColor = RGBColor(0x5f, 0x5f, 0x5f);
/// Axis lines and ticks.
pub(super) const AXIS: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);
/// Grid lines and guides.
pub(super) const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
/// Negative side (ColorBrewer RdBu blue).
pub(super) const NEG: RGBColor = RGBColor(0x21, 0x66, 0xac);
/// Positive side (ColorBrewer RdBu red).
pub(super) const POS: RGBColor = RGBColor(0xb2, 0x18, 0x2b);
/// Neutral / near zero.
pub(super) const NEUTRAL: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// Linear interpolation between two colours (t in 0..=1).
pub(super) fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let ch = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}

/// Colour at position t (0..=1) along evenly spaced stops.
pub(super) fn ramp(stops: &[RGBColor], t: f64) -> RGBColor {
    let Some(&first) = stops.first() else {
        return NEUTRAL;
    };
    if stops.len() == 1 || !t.is_finite() {
        return first;
    }
    let scaled = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (scaled.floor() as usize).min(stops.len() - 2);
    mix(stops[i], stops[i + 1], scaled - i as f64)
}

/// Text colour readable on a given fill: white on dark fills, ink otherwise. The
/// threshold (relative luminance 0.245) maximises the weaker of the two contrasts.
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let lum = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    if lum < 0.245 {
        PAPER
    } else {
        INK
    }
}
