//! The colour key of the charts that colour scores by stance: what red, blue and
//! grey mean, as swatches with their meaning, wrapped to the figure's width. A
//! colour must never claim more than the interval supports, so the key says that
//! it is the interval, not the point, that decides.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{Align, Canvas, Res};
use super::style::{INK, MUTED, NEG, NEUTRAL, POS};
use super::text::{fit, label, width, Font};
use super::Side;

/// Radius of a swatch.
const SWATCH: f64 = 5.0;
/// Gap between a swatch and its text, and after an item.
const GAP: f64 = 6.0;
const AFTER: f64 = 22.0;

/// The colour of a score whose interval supports `side` ([`super::interval_side`]).
pub(super) fn side_colour(side: Side) -> RGBColor {
    match side {
        Side::Positive => POS,
        Side::Negative => NEG,
        Side::Neutral => NEUTRAL,
    }
}

/// A laid-out colour key: each item's swatch colour, text, line and offset.
pub(super) struct ColourKey {
    items: Vec<(usize, f64, Option<RGBColor>, String)>,
    lines: usize,
}

impl ColourKey {
    /// The key for scores coloured by [`super::interval_side`] about `center` (as
    /// printed, e.g. "0"), with the poles' labels, at most `max_w` pixels wide.
    pub(super) fn stance(negative: &str, positive: &str, center: &str, max_w: f64) -> ColourKey {
        let (negative, positive) = (label(negative), label(positive));
        let side = |pole: &str, word: &str| {
            if pole.is_empty() {
                format!("whole interval {word} {center}")
            } else {
                format!("whole interval {word} {center} ({pole})")
            }
        };
        let entries = [
            (None, "Colour:".to_string()),
            (Some(POS), side(&positive, "above")),
            (Some(NEG), side(&negative, "below")),
            (
                Some(NEUTRAL),
                format!("interval includes {center}, or no interval"),
            ),
        ];
        let font = Font::small(INK);
        let mut items = Vec::with_capacity(entries.len());
        let (mut line, mut x) = (0, 0.0);
        for (colour, text) in entries {
            let swatch = if colour.is_some() {
                2.0 * SWATCH + GAP
            } else {
                0.0
            };
            let text = fit(&text, (max_w - swatch).max(40.0), font);
            let w = swatch + width(&text, font);
            if x > 0.0 && x + w > max_w {
                line += 1;
                x = 0.0;
            }
            items.push((line, x, colour, text));
            x += w + AFTER;
        }
        ColourKey {
            items,
            lines: line + 1,
        }
    }

    pub(super) fn height(&self) -> f64 {
        self.lines as f64 * Font::small(INK).line()
    }

    /// Draws the key with its first line's top at `y`, starting at `x`.
    pub(super) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, x: f64, y: f64) -> Res {
        let line = Font::small(INK).line();
        for (k, dx, colour, text) in &self.items {
            let ym = y + (*k as f64 + 0.5) * line;
            let mut tx = x + dx;
            match colour {
                Some(colour) => {
                    c.dot(tx + SWATCH, ym, SWATCH as u32, *colour, false)?;
                    tx += 2.0 * SWATCH + GAP;
                    c.text(text, tx, ym, Font::small(INK), Align::Left)?;
                }
                None => c.text(text, tx, ym, Font::small(MUTED), Align::Left)?,
            }
        }
        Ok(())
    }
}
