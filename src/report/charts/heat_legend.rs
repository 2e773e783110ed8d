//! The heatmap's legend: one colour ramp with numbers per colour scale, named after
//! its scale (a value can be read off a cell's colour on whichever scale its row
//! uses), then the keys for cells without a value and hatched cells, then notes;
//! and the hatching that marks cells resting on few observations.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{Align, Block, Canvas, Res};
use super::style::{ink_on, mix, MUTED};
use super::text::{fit, label, number, ticks, width, Font, Scale};

/// Width and height of a colour ramp.
const RAMP_W: f64 = 240.0;
const RAMP_H: f64 = 12.0;
/// Horizontal gap between legend items.
const GAP: f64 = 40.0;
/// Width of a key's swatch.
const SWATCH_W: f64 = 24.0;
/// Distance between the lines of a hatching.
const HATCH_STEP: f64 = 7.0;

/// One colour scale's ramp: its caption and the range it spans.
struct Ramp {
    caption: String,
    range: (f64, f64),
    /// Offset from the legend's left, and the row of ramps it is in.
    x: f64,
    row: usize,
}

/// What a key's swatch shows.
#[derive(Clone, Copy)]
pub(super) enum Swatch {
    /// A plain fill (cells without a value).
    Fill(RGBColor),
    /// A hatched fill (cells resting on few observations).
    Hatched(RGBColor),
}

/// A laid-out legend, drawn from the left edge of the cells.
pub(super) struct Legend {
    ramps: Vec<Ramp>,
    ramp_rows: usize,
    /// Key swatches with their text, offset and row.
    keys: Vec<(Swatch, String, f64, usize)>,
    key_rows: usize,
    notes: Block,
}

impl Legend {
    /// Lays out one ramp per `(caption, range)`, then the `keys`, then the `notes`,
    /// in rows at most `max_w` pixels wide.
    pub(super) fn new(
        scales: Vec<(String, (f64, f64))>,
        keys: Vec<(Swatch, String)>,
        notes: &[String],
        max_w: f64,
    ) -> Legend {
        let small = Font::small(MUTED);
        let (mut row, mut x) = (0, 0.0);
        let mut ramps = Vec::with_capacity(scales.len());
        for (caption, range) in scales {
            let caption = fit(&label(&caption), max_w.max(RAMP_W), small);
            let w = RAMP_W.max(width(&caption, small));
            if x > 0.0 && x + w > max_w {
                row += 1;
                x = 0.0;
            }
            ramps.push(Ramp {
                caption,
                range,
                x,
                row,
            });
            x += w + GAP;
        }
        let ramp_rows = if ramps.is_empty() { 0 } else { row + 1 };
        let (mut row, mut x) = (0, 0.0);
        let mut placed = Vec::with_capacity(keys.len());
        for (swatch, text) in keys {
            let text = fit(&text, (max_w - SWATCH_W - 6.0).max(60.0), small);
            let w = SWATCH_W + 6.0 + width(&text, small);
            if x > 0.0 && x + w > max_w {
                row += 1;
                x = 0.0;
            }
            placed.push((swatch, text, x, row));
            x += w + GAP;
        }
        let key_rows = if placed.is_empty() { 0 } else { row + 1 };
        Legend {
            ramps,
            ramp_rows,
            keys: placed,
            key_rows,
            notes: Block::new(&notes.join(" "), max_w, small),
        }
    }

    /// The widest a ramp with its caption is, for the figure's width.
    pub(super) fn min_width(scales: &[(String, (f64, f64))]) -> f64 {
        let small = Font::small(MUTED);
        scales
            .iter()
            .map(|(c, _)| width(&label(c), small))
            .fold(RAMP_W, f64::max)
    }

    fn ramp_h() -> f64 {
        Font::small(MUTED).line() + 2.0 + RAMP_H + 22.0
    }

    fn key_h() -> f64 {
        Font::small(MUTED).line() + 4.0
    }

    pub(super) fn height(&self) -> f64 {
        self.ramp_rows as f64 * Self::ramp_h()
            + self.key_rows as f64 * Self::key_h()
            + self.notes.height()
    }

    /// Draws the legend from `(x0, y0)`; `colour_at(v, lo, hi)` is the cells' colour
    /// for `v` on a scale from `lo` to `hi`.
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        (x0, y0): (f64, f64),
        colour_at: &dyn Fn(f64, f64, f64) -> RGBColor,
    ) -> Res {
        let small = Font::small(MUTED);
        for ramp in &self.ramps {
            let top = y0 + ramp.row as f64 * Self::ramp_h();
            self.draw_ramp(c, (x0 + ramp.x, top), ramp, colour_at)?;
        }
        let keys_top = y0 + self.ramp_rows as f64 * Self::ramp_h();
        for (swatch, text, x, row) in &self.keys {
            let (x, ym) = (x0 + x, keys_top + (*row as f64 + 0.5) * Self::key_h());
            let (a, b) = (ym - RAMP_H / 2.0, ym + RAMP_H / 2.0);
            match *swatch {
                Swatch::Fill(fill) => c.rect(x, a, x + SWATCH_W, b, fill)?,
                Swatch::Hatched(fill) => {
                    c.rect(x, a, x + SWATCH_W, b, fill)?;
                    hatch(c, (x, a, x + SWATCH_W, b), fill)?;
                }
            }
            c.text(text, x + SWATCH_W + 6.0, ym, small, Align::Left)?;
        }
        let notes_top = keys_top + self.key_rows as f64 * Self::key_h();
        self.notes.draw(c, x0, notes_top)
    }

    fn draw_ramp<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        (x0, top): (f64, f64),
        ramp: &Ramp,
        colour_at: &dyn Fn(f64, f64, f64) -> RGBColor,
    ) -> Res {
        let small = Font::small(MUTED);
        let caption_y = top + small.line() / 2.0;
        c.text(&ramp.caption, x0, caption_y, small, Align::Left)?;
        let y0 = top + small.line() + 2.0;
        let (lo, hi) = ramp.range;
        let steps = 120;
        let step_w = RAMP_W / steps as f64;
        for k in 0..steps {
            let t = (k as f64 + 0.5) / steps as f64;
            let x = x0 + k as f64 * step_w;
            let fill = colour_at(lo + t * (hi - lo), lo, hi);
            c.rect(x, y0, x + step_w + 0.5, y0 + RAMP_H, fill)?;
        }
        let scale = Scale {
            d0: lo,
            d1: hi,
            p0: x0,
            p1: x0 + RAMP_W,
        };
        let (marks, decimals) = ticks(lo, hi, 4);
        for v in marks {
            let x = scale.at(v);
            c.line((x, y0 + RAMP_H), (x, y0 + RAMP_H + 4.0), MUTED, 1)?;
            let text = number(v, decimals);
            c.text(&text, x, y0 + RAMP_H + 13.0, small, Align::Center)?;
        }
        Ok(())
    }
}

/// Diagonal lines across a rectangle `(x0, y0, x1, y1)` of colour `fill`, in a
/// colour between the fill and the text printed on it, so that they stand out
/// on light and dark fills alike.
pub(super) fn hatch<DB: DrawingBackend>(
    c: &Canvas<DB>,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    fill: RGBColor,
) -> Res {
    let stroke = mix(fill, ink_on(fill), 0.45);
    let h = y1 - y0;
    let mut k = -h;
    while k < x1 - x0 {
        // The line from (x0 + k, y1) up to (x0 + k + h, y0), clipped to the rectangle.
        let (mut a, mut b) = ((x0 + k, y1), (x0 + k + h, y0));
        if a.0 < x0 {
            a = (x0, y1 - (x0 - a.0));
        }
        if b.0 > x1 {
            b = (x1, y0 + (b.0 - x1));
        }
        if b.0 > a.0 {
            c.line(a, b, stroke, 1)?;
        }
        k += HATCH_STEP;
    }
    Ok(())
}
