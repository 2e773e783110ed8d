//! Heatmap: labelled cells with the value printed, sequential or diverging colours,
//! and a colour legend with the unit.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::style::{ink_on, ramp, INK, MUTED};
use super::text::{cell_number, label, max_width, number, ticks, wrap, Font, Scale};
use super::{Chart, ChartError, Heatmap};

const CELL_H: f64 = 30.0;
const LEGEND_W: f64 = 240.0;
const LEGEND_H: f64 = 12.0;
/// Widest a figure may get with horizontal column labels before they are turned.
const MAX_FLAT_WIDTH: f64 = 1500.0;
/// Most lines a horizontal column label may wrap to.
const MAX_HEADER_LINES: usize = 3;

/// Fill for cells without a value.
const MISSING: RGBColor = RGBColor(0xdc, 0xdc, 0xdc);

/// ColorBrewer YlGnBu (sequential, colour-blind safe).
const SEQUENTIAL: [RGBColor; 9] = [
    RGBColor(0xff, 0xff, 0xd9),
    RGBColor(0xed, 0xf8, 0xb1),
    RGBColor(0xc7, 0xe9, 0xb4),
    RGBColor(0x7f, 0xcd, 0xbb),
    RGBColor(0x41, 0xb6, 0xc4),
    RGBColor(0x1d, 0x91, 0xc0),
    RGBColor(0x22, 0x5e, 0xa8),
    RGBColor(0x25, 0x34, 0x94),
    RGBColor(0x08, 0x1d, 0x58),
];

/// ColorBrewer RdBu, blue for negative and red for positive values.
const DIVERGING: [RGBColor; 11] = [
    RGBColor(0x05, 0x30, 0x61),
    RGBColor(0x21, 0x66, 0xac),
    RGBColor(0x43, 0x93, 0xc3),
    RGBColor(0x92, 0xc5, 0xde),
    RGBColor(0xd1, 0xe5, 0xf0),
    RGBColor(0xf7, 0xf7, 0xf7),
    RGBColor(0xfd, 0xdb, 0xc7),
    RGBColor(0xf4, 0xa5, 0x82),
    RGBColor(0xd6, 0x60, 0x4d),
    RGBColor(0xb2, 0x18, 0x2b),
    RGBColor(0x67, 0x00, 0x1f),
];

/// Column labels and the cell width they need: wrapped across the cell when that
/// fits, otherwise turned to read upwards so many or long labels keep the figure narrow.
struct Header {
    /// Wrapped lines when flat, one line when turned.
    columns: Vec<Vec<String>>,
    turned: bool,
    cell_w: f64,
    height: f64,
}

impl Header {
    /// `base_w` is the narrowest cell that holds the printed values; `left` where the
    /// first column starts.
    fn new(columns: &[String], base_w: f64, left: f64) -> Header {
        let head = Font::label(INK);
        let labels: Vec<String> = columns.iter().map(|s| label(s)).collect();
        let wrap_w = base_w.max(120.0) - 10.0;
        let flat: Vec<Vec<String>> = labels.iter().map(|s| wrap(s, wrap_w, head)).collect();
        let flat_lines = flat.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let flat_need = flat.iter().flatten().map(|s| s.as_str());
        let flat_w = base_w.max(max_width(flat_need, head) + 12.0);
        let ncol = labels.len() as f64;
        let turned = flat_lines > MAX_HEADER_LINES || left + ncol * flat_w + PAD > MAX_FLAT_WIDTH;
        if turned {
            let longest = max_width(labels.iter().map(String::as_str), head);
            Header {
                columns: labels.into_iter().map(|s| vec![s]).collect(),
                turned,
                cell_w: base_w.max(head.line() + 10.0),
                height: longest + 14.0,
            }
        } else {
            Header {
                columns: flat,
                turned,
                cell_w: flat_w,
                height: flat_lines as f64 * head.line() + 10.0,
            }
        }
    }
}

struct HeatFigure<'a> {
    h: &'a Heatmap,
    title: Block,
    rows: Vec<String>,
    header: Header,
    texts: Vec<Vec<String>>,
    /// Per scale group, the range its colours span.
    ranges: Vec<(f64, f64)>,
    any_missing: bool,
    left: f64,
    top: f64,
    width: f64,
}

impl<'a> HeatFigure<'a> {
    /// Lays out a heatmap with at least one row and one column.
    fn new(h: &'a Heatmap) -> HeatFigure<'a> {
        let ranges = (0..groups(h))
            .map(|g| value_range(h, |i| group_of(h, i) == g))
            .collect();
        let any_missing = h.values.iter().flatten().any(|v| !v.is_finite());
        let texts = cell_texts(h);

        let head = Font::label(INK);
        let rows: Vec<String> = h.rows.iter().map(|s| label(s)).collect();
        let left = PAD + max_width(rows.iter().map(String::as_str), head) + 12.0;
        let value_w = max_width(texts.iter().flatten().map(String::as_str), Font::small(INK));
        let base_w = (value_w + 14.0).max(52.0);
        let header = Header::new(&h.columns, base_w, left);

        let ncol = h.columns.len() as f64;
        let legend_right = left + LEGEND_W + if any_missing { 140.0 } else { 20.0 };
        let unit_w = max_width([label(&h.unit).as_str()], Font::small(MUTED));
        let width = (left + ncol * header.cell_w + PAD)
            .max(legend_right + PAD)
            .max(left + unit_w + PAD)
            .max(560.0);
        let title = Block::new(&h.title, width - 2.0 * PAD, Font::title());
        let top = PAD + title.height() + header.height;
        HeatFigure {
            h,
            title,
            rows,
            header,
            texts,
            ranges,
            any_missing,
            left,
            top,
            width,
        }
    }

    /// The colour of `v` on the scale of `group`.
    fn colour(&self, v: f64, group: usize) -> RGBColor {
        if !v.is_finite() {
            return MISSING;
        }
        let (lo, hi) = self.ranges.get(group).copied().unwrap_or((0.0, 1.0));
        self.colour_at(v, lo, hi)
    }

    fn bottom(&self) -> f64 {
        self.top + self.rows.len() as f64 * CELL_H
    }
}

impl Figure for HeatFigure<'_> {
    fn size(&self) -> (f64, f64) {
        let legend = 18.0 + Font::small(MUTED).line() + LEGEND_H + 30.0;
        (self.width, self.bottom() + legend + PAD)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        self.draw_header(c)?;
        for (i, values) in self.h.values.iter().enumerate() {
            self.draw_row(c, i, values)?;
        }
        self.draw_legend(c)
    }
}

impl HeatFigure<'_> {
    fn draw_header<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let head = Font::label(INK);
        for (j, lines) in self.header.columns.iter().enumerate() {
            let x = self.left + (j as f64 + 0.5) * self.header.cell_w;
            if self.header.turned {
                let text = lines.first().map(String::as_str).unwrap_or("");
                c.text_up(text, x, self.top - 8.0, head, Align::Left)?;
            } else {
                let n = lines.len() as f64;
                for (k, line) in lines.iter().enumerate() {
                    let y = self.top - 6.0 - (n - k as f64 - 0.5) * head.line();
                    c.text(line, x, y, head, Align::Center)?;
                }
            }
        }
        Ok(())
    }

    /// Row `i`: its label, then each cell with its value printed.
    fn draw_row<DB: DrawingBackend>(&self, c: &Canvas<DB>, i: usize, values: &[f64]) -> Res {
        let y0 = self.top + i as f64 * CELL_H;
        let name = self.rows.get(i).map(String::as_str).unwrap_or("");
        let head = Font::label(INK);
        c.text(
            name,
            self.left - 12.0,
            y0 + CELL_H / 2.0,
            head,
            Align::Right,
        )?;
        let cell_w = self.header.cell_w;
        for (j, &v) in values.iter().enumerate() {
            let x0 = self.left + j as f64 * cell_w;
            let fill = self.colour(v, group_of(self.h, i));
            c.rect(
                x0 + 1.0,
                y0 + 1.0,
                x0 + cell_w - 1.0,
                y0 + CELL_H - 1.0,
                fill,
            )?;
            let text = self.texts[i].get(j).map(String::as_str).unwrap_or("");
            let font = Font::small(ink_on(fill));
            let (xm, ym) = (x0 + cell_w / 2.0, y0 + CELL_H / 2.0);
            c.text(text, xm, ym, font, Align::Center)?;
        }
        Ok(())
    }

    fn draw_legend<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let small = Font::small(MUTED);
        let x0 = self.left;
        let caption_y = self.bottom() + 18.0 + small.line() / 2.0;
        c.text(&label(&self.h.unit), x0, caption_y, small, Align::Left)?;
        let y0 = caption_y + small.line() / 2.0 + 2.0;
        // With several scales the legend shows the shared ramp, from each group's
        // lowest to its highest; the cells print the values.
        let (lo, hi) = match self.ranges.as_slice() {
            [one] => *one,
            _ => (0.0, 1.0),
        };
        let steps = 120;
        let step_w = LEGEND_W / steps as f64;
        for k in 0..steps {
            let t = (k as f64 + 0.5) / steps as f64;
            let v = lo + t * (hi - lo);
            let x = x0 + k as f64 * step_w;
            c.rect(
                x,
                y0,
                x + step_w + 0.5,
                y0 + LEGEND_H,
                self.colour_at(v, lo, hi),
            )?;
        }
        let scale = Scale {
            d0: lo,
            d1: hi,
            p0: x0,
            p1: x0 + LEGEND_W,
        };
        if self.ranges.len() > 1 {
            let below = y0 + LEGEND_H + 13.0;
            c.text("lowest", x0, below, small, Align::Left)?;
            c.text(
                "highest on its scale",
                x0 + LEGEND_W,
                below,
                small,
                Align::Right,
            )?;
            return self.draw_missing_key(c, x0, y0);
        }
        let (marks, decimals) = ticks(lo, hi, 4);
        for v in marks {
            let x = scale.at(v);
            c.line((x, y0 + LEGEND_H), (x, y0 + LEGEND_H + 4.0), MUTED, 1)?;
            c.text(
                &number(v, decimals),
                x,
                y0 + LEGEND_H + 13.0,
                small,
                Align::Center,
            )?;
        }
        self.draw_missing_key(c, x0, y0)
    }

    fn colour_at(&self, v: f64, lo: f64, hi: f64) -> RGBColor {
        let t = (v - lo) / (hi - lo);
        if self.h.diverging {
            ramp(&DIVERGING, t)
        } else {
            ramp(&SEQUENTIAL, t)
        }
    }

    fn draw_missing_key<DB: DrawingBackend>(&self, c: &Canvas<DB>, x0: f64, y0: f64) -> Res {
        let small = Font::small(MUTED);
        if self.any_missing {
            let x = x0 + LEGEND_W + 40.0;
            c.rect(x, y0, x + 24.0, y0 + LEGEND_H, MISSING)?;
            c.text(
                "no value",
                x + 30.0,
                y0 + LEGEND_H / 2.0,
                small,
                Align::Left,
            )?;
        }
        Ok(())
    }
}

fn shape_error(h: &Heatmap, message: String) -> ChartError {
    ChartError {
        chart: format!("heatmap \"{}\"", h.title.trim()),
        message,
    }
}

/// One row of values per row label and one value per column label.
fn check_shape(h: &Heatmap) -> Result<(), ChartError> {
    if h.values.len() != h.rows.len() {
        let msg = format!(
            "{} row labels but {} rows of values",
            h.rows.len(),
            h.values.len()
        );
        return Err(shape_error(h, msg));
    }
    if let Some((i, row)) = h
        .values
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != h.columns.len())
    {
        let msg = format!(
            "row {} has {} values for {} columns",
            i + 1,
            row.len(),
            h.columns.len()
        );
        return Err(shape_error(h, msg));
    }
    Ok(())
}

/// How many colour scales the rows use.
fn groups(h: &Heatmap) -> usize {
    h.scale_groups.iter().max().map_or(1, |m| m + 1)
}

/// The colour scale of row `i`.
fn group_of(h: &Heatmap, i: usize) -> usize {
    h.scale_groups.get(i).copied().unwrap_or(0)
}

/// Range a colour scale spans over the rows `in_group` picks: zero (or a negative
/// minimum) to the maximum, or symmetric about zero when diverging so that the neutral
/// middle colour marks zero. Never empty, since cell colours divide by its width.
fn value_range(h: &Heatmap, in_group: impl Fn(usize) -> bool) -> (f64, f64) {
    let finite = h
        .values
        .iter()
        .enumerate()
        .filter(|(i, _)| in_group(*i))
        .flat_map(|(_, r)| r.iter().copied())
        .filter(|v| v.is_finite());
    let (min, max) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !min.is_finite() {
        if h.diverging {
            (-1.0, 1.0)
        } else {
            (0.0, 1.0)
        }
    } else if h.diverging {
        let m = min.abs().max(max.abs());
        if m > 0.0 {
            (-m, m)
        } else {
            (-1.0, 1.0)
        }
    } else {
        let lo = min.min(0.0);
        (lo, if max > lo { max } else { lo + 1.0 })
    }
}

/// The number printed in each cell; empty where there is no value.
fn cell_texts(h: &Heatmap) -> Vec<Vec<String>> {
    h.values
        .iter()
        .map(|r| {
            r.iter()
                .map(|&v| {
                    if v.is_finite() {
                        cell_number(v, h.decimals)
                    } else {
                        String::new()
                    }
                })
                .collect()
        })
        .collect()
}

pub(super) fn draw(h: &Heatmap) -> Result<Chart, ChartError> {
    check_shape(h)?;
    if h.rows.is_empty() || h.columns.is_empty() {
        let empty = Empty::new(&h.title, "No values to show");
        return render("heatmap", &h.title, &empty);
    }
    render("heatmap", &h.title, &HeatFigure::new(h))
}
