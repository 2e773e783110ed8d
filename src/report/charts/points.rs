//! Point map: labelled points on a plane, labels placed to avoid collisions.

use plotters::prelude::DrawingBackend;
use plotters::style::{RGBColor, WHITE};

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::labels::{place, Box2, Spot, R};
use super::style::{AXIS, GRID, INK, MUTED};
use super::text::{fit, label, max_width, number, ticks, width, Font, Scale};
use super::{Chart, ChartError, PointMap};

const PLOT_W: f64 = 640.0;
const DOT: RGBColor = RGBColor(0x3a, 0x3a, 0x3a);
const ZERO: RGBColor = RGBColor(0xbd, 0xbd, 0xbd);
/// Axes share one scale unless their spans differ more than this.
const MAX_ASPECT: f64 = 5.0;
/// With `fence_outliers`, a point farther than this many interquartile
/// ranges beyond the quartiles of either axis is outlying.
const FENCE: f64 = 3.0;
/// Fewer points than this have no bulk to fit a window to.
const MIN_FOR_FENCES: usize = 12;

struct PointsFigure {
    title: Block,
    note: Block,
    x_label: String,
    y_label: String,
    /// (label, x px, y px, where the label goes)
    points: Vec<(String, f64, f64, Spot)>,
    /// Per point, whether it is drawn hollow.
    hollow: Vec<bool>,
    /// Per point, whether it lies outside the window and is drawn at its
    /// edge, as a diamond.
    outlying: Vec<bool>,
    x: Scale,
    y: Scale,
    x_ticks: (Vec<f64>, usize),
    y_ticks: (Vec<f64>, usize),
    width: f64,
}

impl Figure for PointsFigure {
    fn size(&self) -> (f64, f64) {
        let below = 30.0 + if self.x_label.is_empty() { 0.0 } else { 26.0 };
        let note = if self.note.lines.is_empty() {
            0.0
        } else {
            self.note.height()
        };
        (self.width, self.y.p0 + below + note + PAD)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        self.draw_grid(c)?;
        self.draw_axes(c)?;
        self.draw_points(c)?;
        self.note.draw(c, PAD, self.note_top())
    }
}

impl PointsFigure {
    fn note_top(&self) -> f64 {
        self.y.p0 + 38.0 + if self.x_label.is_empty() { 0.0 } else { 26.0 }
    }

    /// Tick marks with their grid lines and labels, and the zero lines where zero is
    /// inside the window.
    fn draw_grid<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let (left, right, bottom, top) = (self.x.p0, self.x.p1, self.y.p0, self.y.p1);
        let tick = Font::small(MUTED);
        for &v in &self.x_ticks.0 {
            let x = self.x.at(v);
            c.line((x, top), (x, bottom), GRID, 1)?;
            c.line((x, bottom), (x, bottom + 5.0), AXIS, 1)?;
            let text = number(v, self.x_ticks.1);
            c.text(&text, x, bottom + 16.0, tick, Align::Center)?;
        }
        for &v in &self.y_ticks.0 {
            let y = self.y.at(v);
            c.line((left, y), (right, y), GRID, 1)?;
            c.line((left - 5.0, y), (left, y), AXIS, 1)?;
            let text = number(v, self.y_ticks.1);
            c.text(&text, left - 8.0, y, tick, Align::Right)?;
        }
        if self.x.d0 < 0.0 && self.x.d1 > 0.0 {
            let x = self.x.at(0.0);
            c.line((x, top), (x, bottom), ZERO, 1)?;
        }
        if self.y.d0 < 0.0 && self.y.d1 > 0.0 {
            let y = self.y.at(0.0);
            c.line((left, y), (right, y), ZERO, 1)?;
        }
        Ok(())
    }

    /// Axis lines and their titles.
    fn draw_axes<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let (left, right, bottom, top) = (self.x.p0, self.x.p1, self.y.p0, self.y.p1);
        c.line((left, top), (left, bottom), AXIS, 1)?;
        c.line((left, bottom), (right, bottom), AXIS, 1)?;
        let font = Font::label(INK);
        c.text(
            &self.x_label,
            (left + right) / 2.0,
            bottom + 44.0,
            font,
            Align::Center,
        )?;
        let y_mid = (top + bottom) / 2.0;
        c.text_up(
            &self.y_label,
            PAD + font.line() / 2.0,
            y_mid,
            font,
            Align::Center,
        )
    }

    /// All dots first, then the labels, so that no dot covers a label.
    fn draw_points<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        // Unlabelled points small and first, so that labelled ones sit on top.
        for named in [false, true] {
            for (i, (name, x, y, _)) in self.points.iter().enumerate() {
                if name.is_empty() == named {
                    continue;
                }
                let hollow = self.hollow.get(i).copied().unwrap_or(false);
                let r = if named { R } else { R - 1.0 };
                if self.outlying.get(i).copied().unwrap_or(false) {
                    c.diamond(*x, *y, r + 1.0, DOT)?;
                } else {
                    c.dot(*x, *y, r as u32, DOT, hollow)?;
                }
            }
        }
        for (_, x, y, spot) in &self.points {
            if let Some((lx, ly, align, true)) = spot {
                // to the label's nearest side, so the line does not cross it
                let ex = match align {
                    Align::Left => *lx - 2.0,
                    Align::Right => *lx + 2.0,
                    Align::Center => *lx,
                };
                let ey = match align {
                    Align::Center if *ly > *y => *ly - Font::small(INK).line() / 2.0,
                    Align::Center => *ly + Font::small(INK).line() / 2.0,
                    _ => *ly,
                };
                c.line((*x, *y), (ex, ey), MUTED, 1)?;
            }
        }
        let font = Font::small(INK);
        for (name, _, _, spot) in &self.points {
            if let Some((lx, ly, align, _)) = spot {
                // a white ground keeps a label legible over grid lines and
                // leader lines; placement keeps it off the points
                let w = width(name, font);
                let x0 = match align {
                    Align::Left => *lx,
                    Align::Right => *lx - w,
                    Align::Center => *lx - w / 2.0,
                };
                let h = font.line() / 2.0;
                c.rect(x0 - 1.0, ly - h + 1.0, x0 + w + 1.0, ly + h - 1.0, WHITE)?;
                c.text(name, *lx, *ly, font, *align)?;
            }
        }
        Ok(())
    }
}

/// Range of finite values, widened by 8% each side; a single value gets ±1.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let s = hi - lo;
    if !(s.is_finite() && s > 0.0) {
        let v = if lo.is_finite() { lo } else { 0.0 };
        return (v - 1.0, v + 1.0);
    }
    (lo - 0.08 * s, hi + 0.08 * s)
}

/// Per point, whether it lies beyond the fences (quartiles -/+ [`FENCE`]
/// interquartile ranges) of either axis. None is when there are too few
/// points, or when the fences would leave out half of them: then there is
/// no bulk to zoom in on.
pub(super) fn outlying(shown: &[(String, f64, f64)]) -> Vec<bool> {
    let n = shown.len();
    if n < MIN_FOR_FENCES {
        return vec![false; n];
    }
    let fence = |mut v: Vec<f64>| -> (f64, f64) {
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((n - 1) as f64 * p).round() as usize];
        let (q1, q3) = (q(0.25), q(0.75));
        let iqr = q3 - q1;
        if iqr > 0.0 && iqr.is_finite() {
            (q1 - FENCE * iqr, q3 + FENCE * iqr)
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        }
    };
    let fx = fence(shown.iter().map(|p| p.1).collect());
    let fy = fence(shown.iter().map(|p| p.2).collect());
    let out: Vec<bool> = shown
        .iter()
        .map(|p| p.1 < fx.0 || p.1 > fx.1 || p.2 < fy.0 || p.2 > fy.1)
        .collect();
    if out.iter().filter(|o| **o).count() * 2 > n {
        return vec![false; n];
    }
    out
}

/// The data window and the plot height.
struct Window {
    x: (f64, f64),
    y: (f64, f64),
    plot_h: f64,
    /// Whether both axes use one scale.
    equal: bool,
}

/// Fits the window around the points. With one shared scale the plot height follows
/// the data's aspect (within bounds) and the window grows along the axis with room to
/// spare, so that distances read the same in both directions.
fn window(shown: &[&(String, f64, f64)]) -> Window {
    let (mut x0, mut x1) = span(shown.iter().map(|p| p.1));
    let (mut y0, mut y1) = span(shown.iter().map(|p| p.2));
    let (sx, sy) = (x1 - x0, y1 - y0);
    let equal = sx / sy <= MAX_ASPECT && sy / sx <= MAX_ASPECT;
    let plot_h = if equal {
        let plot_h = (PLOT_W * sy / sx).clamp(360.0, 640.0);
        let k = (PLOT_W / sx).min(plot_h / sy);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        (x0, x1) = (cx - PLOT_W / k / 2.0, cx + PLOT_W / k / 2.0);
        (y0, y1) = (cy - plot_h / k / 2.0, cy + plot_h / k / 2.0);
        plot_h
    } else {
        480.0
    };
    Window {
        x: (x0, x1),
        y: (y0, y1),
        plot_h,
        equal,
    }
}

/// Width of the widest tick label.
fn ticks_width(ticks: &(Vec<f64>, usize)) -> f64 {
    let texts: Vec<String> = ticks.0.iter().map(|&v| number(v, ticks.1)).collect();
    max_width(texts.iter().map(String::as_str), Font::small(INK))
}

/// The points in pixels, each with where its label goes, and how many labels were
/// left out. A point with an empty name gets no label and is not counted.
fn labelled(
    shown: &[(String, f64, f64)],
    x: Scale,
    y: Scale,
    plot: Box2,
    figure: Box2,
) -> (Vec<(String, f64, f64, Spot)>, usize) {
    let pixels: Vec<(String, f64, f64)> = shown
        .iter()
        .map(|(name, px, py)| (label(name), x.at(*px), y.at(*py)))
        .collect();
    let spots = place(&pixels, plot, figure);
    let omitted = pixels
        .iter()
        .zip(&spots)
        .filter(|(p, s)| !p.0.is_empty() && s.is_none())
        .count();
    let points = pixels
        .into_iter()
        .zip(spots)
        .map(|((name, px, py), spot)| (name, px, py, spot))
        .collect();
    (points, omitted)
}

/// The footnote: what a reader cannot see in the plot itself.
fn note(
    m: &PointMap,
    equal: bool,
    omitted: usize,
    n: usize,
    missing: &[&(String, f64, f64)],
    outlying: usize,
) -> String {
    let mut note: Vec<String> = m.note.iter().cloned().collect();
    if equal {
        note.push("Both axes use the same scale.".to_string());
    }
    if omitted > 0 {
        note.push(format!(
            "{omitted} of {n} labels omitted where points crowd."
        ));
    }
    if outlying > 0 {
        note.push(format!(
            "Diamonds: {outlying} outlying points, drawn at the edge of the plot in their direction so that the rest can spread out; their coordinates are in the table."
        ));
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|p| label(&p.0)).collect();
        note.push(format!("Not shown (no value): {}.", names.join(", ")));
    }
    note.join(" ")
}

impl PointsFigure {
    /// Lays out a point map with at least one point to draw; `missing` are the points
    /// listed in the note instead.
    fn new(
        m: &PointMap,
        shown: &[(String, f64, f64)],
        hollow: Vec<bool>,
        missing: &[&(String, f64, f64)],
        outlying: Vec<bool>,
    ) -> PointsFigure {
        let bulk: Vec<&(String, f64, f64)> = shown
            .iter()
            .zip(&outlying)
            .filter(|(_, o)| !**o)
            .map(|(p, _)| p)
            .collect();
        let w = window(&bulk);
        // outlying points onto the window's edge, in their direction
        let shown: Vec<(String, f64, f64)> = shown
            .iter()
            .zip(&outlying)
            .map(|(p, o)| match o {
                true => (
                    p.0.clone(),
                    p.1.clamp(w.x.0, w.x.1),
                    p.2.clamp(w.y.0, w.y.1),
                ),
                false => p.clone(),
            })
            .collect();
        let shown = &shown[..];
        let x_ticks = ticks(w.x.0, w.x.1, 6);
        let y_ticks = ticks(w.y.0, w.y.1, (w.plot_h / 100.0).round() as usize);
        let label_font = Font::label(INK);
        let y_label = fit(&label(&m.y_label), w.plot_h, label_font);
        let y_label_w = if y_label.is_empty() {
            0.0
        } else {
            label_font.line() + 6.0
        };
        let left = PAD + y_label_w + ticks_width(&y_ticks) + 10.0;
        let width = left + PLOT_W + PAD + 20.0;
        let title = Block::new(&m.title, width - 2.0 * PAD, Font::title());
        let top = PAD + title.height() + 6.0;
        let x = Scale {
            d0: w.x.0,
            d1: w.x.1,
            p0: left,
            p1: left + PLOT_W,
        };
        let y = Scale {
            d0: w.y.0,
            d1: w.y.1,
            p0: top + w.plot_h,
            p1: top,
        };
        let plot = (left, top, left + PLOT_W, top + w.plot_h);
        let figure = (PAD / 2.0, top, width - PAD / 2.0, top + w.plot_h + 20.0);
        let (points, omitted) = labelled(shown, x, y, plot, figure);
        let n = shown.iter().filter(|p| !p.0.is_empty()).count();
        let far = outlying.iter().filter(|o| **o).count();
        let note = note(m, w.equal, omitted, n, missing, far);
        PointsFigure {
            title,
            note: Block::new(&note, width - 2.0 * PAD, Font::note()),
            x_label: fit(&label(&m.x_label), PLOT_W, label_font),
            y_label,
            points,
            hollow,
            outlying,
            x,
            y,
            x_ticks,
            y_ticks,
            width,
        }
    }
}

pub(super) fn draw(m: &PointMap) -> Result<Chart, ChartError> {
    let finite = |p: &(String, f64, f64)| p.1.is_finite() && p.2.is_finite();
    let missing: Vec<&(String, f64, f64)> = m.points.iter().filter(|p| !finite(p)).collect();
    // Points to draw, with the names of those that are not to be labelled blanked.
    let (shown, hollow): (Vec<(String, f64, f64)>, Vec<bool>) = m
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| finite(p))
        .map(|(i, (name, x, y))| {
            let named = m.labelled.get(i).copied().unwrap_or(true);
            let name = if named { name.clone() } else { String::new() };
            ((name, *x, *y), m.hollow.get(i).copied().unwrap_or(false))
        })
        .unzip();
    if shown.is_empty() {
        let message = if missing.is_empty() {
            "No points to show"
        } else {
            "No point has finite coordinates"
        };
        return render("point map", &m.title, &Empty::new(&m.title, message));
    }
    let outlying = if m.fence_outliers {
        outlying(&shown)
    } else {
        vec![false; shown.len()]
    };
    render(
        "point map",
        &m.title,
        &PointsFigure::new(m, &shown, hollow, &missing, outlying),
    )
}
