//! Diverging bars: one bar per label from zero, coloured by side, value at the end.

use plotters::prelude::DrawingBackend;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::style::{AXIS, GRID, INK, MUTED, NEG, NEUTRAL, POS};
use super::text::{fit, label, max_width, nice, number, ticks, Font, Scale};
use super::{Chart, ChartError, DivergingBars, Side};

const ROW: f64 = 24.0;
const BAR_H: f64 = 15.0;
const PLOT_W: f64 = 560.0;

struct BarsFigure<'a> {
    b: &'a DivergingBars,
    title: Block,
    labels: Vec<String>,
    texts: Vec<String>,
    x: Scale,
    ticks: (Vec<f64>, usize),
    x_label: String,
    left: f64,
    top: f64,
    width: f64,
}

impl BarsFigure<'_> {
    fn bottom(&self) -> f64 {
        self.top + self.labels.len() as f64 * ROW
    }
}

impl Figure for BarsFigure<'_> {
    fn size(&self) -> (f64, f64) {
        let axis = 28.0 + if self.x_label.is_empty() { 0.0 } else { 24.0 };
        (self.width, self.bottom() + axis + PAD)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        let (top, bottom) = (self.top, self.bottom());
        let (marks, decimals) = &self.ticks;
        for &v in marks {
            let x = self.x.at(v);
            if v != 0.0 {
                c.line((x, top), (x, bottom), GRID, 1)?;
            }
            c.line((x, bottom), (x, bottom + 5.0), AXIS, 1)?;
            let tick = Font::small(MUTED);
            c.text(&number(v, *decimals), x, bottom + 16.0, tick, Align::Center)?;
        }
        c.line((self.x.p0, bottom), (self.x.p1, bottom), AXIS, 1)?;
        let small = Font::small(INK);
        let zero = self.x.at(0.0);
        for (i, name) in self.labels.iter().enumerate() {
            let y = top + (i as f64 + 0.5) * ROW;
            c.text(name, self.left - 12.0, y, Font::label(INK), Align::Right)?;
            let v = self.b.values.get(i).copied().unwrap_or(f64::NAN);
            let text = self.texts.get(i).map(String::as_str).unwrap_or("");
            if !v.is_finite() {
                c.text("n/a", zero + 6.0, y, Font::small(MUTED), Align::Left)?;
                continue;
            }
            let colour = match self.b.sides.get(i) {
                Some(Side::Negative) => NEG,
                Some(Side::Positive) => POS,
                _ => NEUTRAL,
            };
            let end = self.x.at(v);
            let (x0, x1) = (zero.min(end), zero.max(end));
            c.rect(
                x0,
                y - BAR_H / 2.0,
                x1.max(x0 + 1.0),
                y + BAR_H / 2.0,
                colour,
            )?;
            if v < 0.0 {
                c.text(text, x0 - 5.0, y, small, Align::Right)?;
            } else {
                c.text(text, x1 + 5.0, y, small, Align::Left)?;
            }
        }
        c.line((zero, top), (zero, bottom), AXIS, 1)?;
        let mid = (self.x.p0 + self.x.p1) / 2.0;
        let label_font = Font::label(INK);
        c.text(&self.x_label, mid, bottom + 40.0, label_font, Align::Center)
    }
}

pub(super) fn draw(b: &DivergingBars) -> Result<Chart, ChartError> {
    if b.values.len() != b.labels.len() || b.sides.len() != b.labels.len() {
        return Err(ChartError {
            chart: format!("diverging bars \"{}\"", b.title.trim()),
            message: format!(
                "{} labels, {} values and {} sides; they must match",
                b.labels.len(),
                b.values.len(),
                b.sides.len()
            ),
        });
    }
    if b.labels.is_empty() {
        return render(
            "diverging bars",
            &b.title,
            &Empty::new(&b.title, "No values to show"),
        );
    }
    let finite: Vec<f64> = b.values.iter().copied().filter(|v| v.is_finite()).collect();
    let biggest = finite.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let decimals = if biggest >= 100.0 {
        0
    } else if biggest >= 10.0 {
        1
    } else {
        2
    };
    let texts: Vec<String> = b.values.iter().map(|&v| number(v, decimals)).collect();
    let min = finite.iter().fold(0.0f64, |m, &v| m.min(v));
    let max = finite.iter().fold(0.0f64, |m, &v| m.max(v));
    let (lo, hi) = nice(min, max, 5);

    let small = Font::small(INK);
    let side_w = |neg: bool| {
        let items = b
            .values
            .iter()
            .zip(&texts)
            .filter(|(v, _)| v.is_finite() && (**v < 0.0) == neg)
            .map(|(_, t)| t.as_str());
        let w = max_width(items, small);
        if w > 0.0 {
            w + 10.0
        } else {
            0.0
        }
    };
    let labels: Vec<String> = b.labels.iter().map(|s| label(s)).collect();
    let left = PAD + max_width(labels.iter().map(String::as_str), Font::label(INK)) + 12.0;
    let x = Scale {
        d0: lo,
        d1: hi,
        p0: left + side_w(true).max(12.0),
        p1: left + PLOT_W - side_w(false).max(12.0),
    };
    let width = left + PLOT_W + PAD;
    let title = Block::new(&b.title, width - 2.0 * PAD, Font::title());
    let top = PAD + title.height() + 4.0;
    let fig = BarsFigure {
        b,
        title,
        labels,
        texts,
        x,
        ticks: ticks(lo, hi, 5),
        x_label: fit(&label(&b.x_label), PLOT_W, Font::label(INK)),
        left,
        top,
        width,
    };
    render("diverging bars", &b.title, &fig)
}
