//! Variant panels: per slot, each outlet's choice among competing names as a 100% bar.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::style::{ink_on, mix, AXIS, INK, MUTED, NEG, POS};
use super::text::{label, max_width, width, Font};
use super::{Chart, ChartError, Side, VariantPanel};

const BAR_W: f64 = 600.0;
const ROW: f64 = 26.0;
const BAR_H: f64 = 18.0;
/// Room right of the bars for "n = …".
const RIGHT: f64 = 84.0;
const SWATCH: f64 = 13.0;
const LEGEND_ROW: f64 = 22.0;
const AXIS_H: f64 = 30.0;
const GAP: f64 = 26.0;
const NO_MENTION: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);

/// Darkest and lightest shade used for the variants of one side.
fn shades(side: Side) -> (RGBColor, RGBColor) {
    match side {
        Side::Negative => (NEG, RGBColor(0x92, 0xc5, 0xde)),
        Side::Positive => (POS, RGBColor(0xf4, 0xa5, 0x82)),
        Side::Neutral => (RGBColor(0x6e, 0x6e, 0x6e), RGBColor(0xc4, 0xc4, 0xc4)),
    }
}

fn side_rank(side: Side) -> u8 {
    match side {
        Side::Negative => 0,
        Side::Neutral => 1,
        Side::Positive => 2,
    }
}

/// One panel laid out: variants in drawing order (negative, neutral, positive) with
/// their colours, legend positions and rows.
struct Panel<'a> {
    p: &'a VariantPanel,
    heading: Block,
    /// (index into p.variants, label, colour)
    order: Vec<(usize, String, RGBColor)>,
    /// (x, line) of each legend item, in `order`.
    legend: Vec<(f64, usize)>,
    legend_lines: usize,
    message: Option<&'static str>,
}

impl Panel<'_> {
    fn height(&self) -> f64 {
        let body = match self.message {
            Some(_) => ROW,
            None => {
                self.legend_lines as f64 * LEGEND_ROW
                    + 6.0
                    + self.p.outlets.len() as f64 * ROW
                    + AXIS_H
            }
        };
        self.heading.height() + body + GAP
    }
}

struct VariantsFigure<'a> {
    panels: Vec<Panel<'a>>,
    labels: Vec<Vec<String>>,
    left: f64,
    width: f64,
}

impl Figure for VariantsFigure<'_> {
    fn size(&self) -> (f64, f64) {
        let h: f64 = self.panels.iter().map(Panel::height).sum();
        (self.width, PAD + h - GAP + PAD)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let mut y = PAD;
        for (k, panel) in self.panels.iter().enumerate() {
            let labels = self.labels.get(k).map(Vec::as_slice).unwrap_or(&[]);
            self.draw_panel(c, panel, labels, y)?;
            y += panel.height();
        }
        Ok(())
    }
}

impl VariantsFigure<'_> {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        panel: &Panel<'_>,
        labels: &[String],
        top: f64,
    ) -> Res {
        panel.heading.draw(c, PAD, top)?;
        let mut y = top + panel.heading.height();
        if let Some(message) = panel.message {
            return c.text(message, PAD, y + ROW / 2.0, Font::label(MUTED), Align::Left);
        }
        let font = Font::label(INK);
        for ((x, line), (_, name, colour)) in panel.legend.iter().zip(&panel.order) {
            let ym = y + (*line as f64 + 0.5) * LEGEND_ROW;
            c.rect(
                *x,
                ym - SWATCH / 2.0,
                x + SWATCH,
                ym + SWATCH / 2.0,
                *colour,
            )?;
            c.text(name, x + SWATCH + 6.0, ym, font, Align::Left)?;
        }
        y += panel.legend_lines as f64 * LEGEND_ROW + 6.0;
        let small = Font::small(MUTED);
        for (i, counts) in panel.p.counts.iter().enumerate() {
            let ym = y + (i as f64 + 0.5) * ROW;
            let name = labels.get(i).map(String::as_str).unwrap_or("");
            c.text(name, self.left - 12.0, ym, font, Align::Right)?;
            let (b0, b1) = (ym - BAR_H / 2.0, ym + BAR_H / 2.0);
            let total: f64 = counts.iter().map(|&n| n as f64).sum();
            if total <= 0.0 {
                c.frame(self.left, b0, self.left + BAR_W, b1, NO_MENTION)?;
                c.text(
                    "no mention",
                    self.left + BAR_W / 2.0,
                    ym,
                    small,
                    Align::Center,
                )?;
                continue;
            }
            let mut cum = 0.0;
            let mut x0 = self.left;
            for (v, _, colour) in &panel.order {
                let n = counts.get(*v).copied().unwrap_or(0);
                if n == 0 {
                    continue;
                }
                cum += n as f64;
                let x1 = (self.left + BAR_W * cum / total).round();
                c.rect(x0, b0, x1, b1, *colour)?;
                let text = n.to_string();
                let seg_font = Font::small(ink_on(*colour));
                if width(&text, seg_font) + 8.0 <= x1 - x0 {
                    c.text(&text, (x0 + x1) / 2.0, ym, seg_font, Align::Center)?;
                }
                if x0 > self.left {
                    c.line((x0, b0), (x0, b1 - 1.0), RGBColor(255, 255, 255), 1)?;
                }
                x0 = x1;
            }
            let n_text = n_label(counts);
            c.text(&n_text, self.left + BAR_W + 10.0, ym, small, Align::Left)?;
        }
        let axis_y = y + panel.p.outlets.len() as f64 * ROW + 2.0;
        c.line((self.left, axis_y), (self.left + BAR_W, axis_y), AXIS, 1)?;
        for k in 0..=4 {
            let x = self.left + BAR_W * f64::from(k) / 4.0;
            c.line((x, axis_y), (x, axis_y + 4.0), AXIS, 1)?;
            let text = format!("{}%", k * 25);
            c.text(&text, x, axis_y + 14.0, small, Align::Center)?;
        }
        Ok(())
    }
}

/// "n = …" for one outlet, summed exactly.
fn n_label(counts: &[u64]) -> String {
    let total: u128 = counts.iter().map(|&n| u128::from(n)).sum();
    format!("n = {total}")
}

fn error(p: &VariantPanel, message: String) -> ChartError {
    ChartError {
        chart: format!("variants \"{}\"", p.title.trim()),
        message,
    }
}

pub(super) fn draw(panels: &[VariantPanel]) -> Result<Chart, ChartError> {
    for p in panels {
        if p.counts.len() != p.outlets.len() {
            let msg = format!(
                "{} outlets but {} rows of counts",
                p.outlets.len(),
                p.counts.len()
            );
            return Err(error(p, msg));
        }
        if let Some((i, row)) = p
            .counts
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != p.variants.len())
        {
            let msg = format!(
                "outlet {} has {} counts for {} variants",
                i + 1,
                row.len(),
                p.variants.len()
            );
            return Err(error(p, msg));
        }
    }
    if panels.is_empty() {
        let empty = Empty::new("Naming variants", "No variant slots to show");
        return render("variants", "", &empty);
    }
    let font = Font::label(INK);
    let labels: Vec<Vec<String>> = panels
        .iter()
        .map(|p| p.outlets.iter().map(|s| label(s)).collect())
        .collect();
    let label_w = max_width(labels.iter().flatten().map(String::as_str), font).max(30.0);
    let left = PAD + label_w + 12.0;
    let n_w = max_width(
        panels
            .iter()
            .flat_map(|p| p.counts.iter().map(|c| n_label(c)))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
        Font::small(MUTED),
    );
    let width = (left + BAR_W + (n_w + 14.0).max(RIGHT) + PAD).max(800.0);
    let laid: Vec<Panel<'_>> = panels
        .iter()
        .map(|p| layout_panel(p, left, width))
        .collect();
    let fig = VariantsFigure {
        panels: laid,
        labels,
        left,
        width,
    };
    let title = panels.first().map(|p| p.title.as_str()).unwrap_or("");
    render("variants", title, &fig)
}

fn layout_panel(p: &VariantPanel, left: f64, fig_w: f64) -> Panel<'_> {
    let heading = Block::new(&p.title, fig_w - 2.0 * PAD, Font::heading());
    let mut idx: Vec<usize> = (0..p.variants.len()).collect();
    idx.sort_by_key(|&i| side_rank(p.variants[i].1));
    let mut order = Vec::with_capacity(idx.len());
    for &i in &idx {
        let side = p.variants[i].1;
        let same: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&j| p.variants[j].1 == side)
            .collect();
        let pos = same.iter().position(|&j| j == i).unwrap_or(0);
        let (dark, light) = shades(side);
        let t = if same.len() > 1 {
            pos as f64 / (same.len() - 1) as f64
        } else {
            0.0
        };
        order.push((i, label(&p.variants[i].0), mix(dark, light, t)));
    }
    let font = Font::label(INK);
    let mut legend = Vec::with_capacity(order.len());
    let (mut x, mut line) = (left, 0usize);
    for (_, name, _) in &order {
        let w = SWATCH + 6.0 + width(name, font);
        if x > left && x + w > fig_w - PAD {
            x = left;
            line += 1;
        }
        legend.push((x, line));
        x += w + 24.0;
    }
    let message = if p.variants.is_empty() {
        Some("no variants defined for this slot")
    } else if p.outlets.is_empty() {
        Some("no outlets")
    } else {
        None
    };
    Panel {
        p,
        heading,
        order,
        legend,
        legend_lines: line + 1,
        message,
    }
}
