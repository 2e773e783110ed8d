//! Ranking dot plot on a stance axis fixed to [-1, 1], and the stance-axis layout
//! it shares with the paired ranking.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::key::{side_colour, ColourKey};
use super::style::{AXIS, GRID, INK, MUTED, NEG, POS};
use super::text::{label, max_width, number, width, Font, Scale};
use super::{interval_side, Chart, ChartError, Ranking};

/// Height of one outlet row in the ranking.
const ROW: f64 = 28.0;
/// Space kept right of the axis for scores printed beside the markers.
const RIGHT: f64 = 64.0;
/// Marker radius.
const R: f64 = 6.0;
/// Plots taller than this also get tick labels above the first row.
const TOP_AXIS_FROM: f64 = 700.0;
/// Very light grey for the row guides.
const GUIDE: RGBColor = RGBColor(0xf0, 0xf0, 0xf0);

/// How a score is marked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Dot,
    Hollow,
    Diamond,
    HollowDiamond,
}

/// Where each row goes when text lines sit between some of them: the middle of each
/// outlet's row (from the top of the first), the middle of each divider with its text,
/// and the height of it all. A divider is one ranking row high.
pub(super) fn rows_layout(
    n: usize,
    dividers: &[(usize, String)],
    row: f64,
) -> (Vec<f64>, Vec<(f64, String)>, f64) {
    let mut y = 0.0;
    let (mut outlets, mut lines) = (Vec::with_capacity(n), Vec::new());
    for i in 0..=n {
        for (_, text) in dividers.iter().filter(|(at, _)| *at == i) {
            lines.push((y + ROW / 2.0, text.clone()));
            y += ROW;
        }
        if i < n {
            outlets.push(y + row / 2.0);
            y += row;
        }
    }
    (outlets, lines, y)
}

/// Layout shared by stance-axis charts: title, optional marker legend, outlet labels
/// on the left, x axis [-1, 1] with ticks and pole labels, colour key, footnote.
pub(super) struct Stance {
    title: Block,
    legend: Vec<(String, Marker)>,
    pub labels: Vec<String>,
    poles: (String, String),
    poles_stacked: bool,
    key: ColourKey,
    note: Block,
    top_axis: bool,
    pub width: f64,
    label_x: f64,
    pub x: Scale,
    /// Top of the first row.
    pub top: f64,
    /// Bottom of the last row.
    pub bottom: f64,
}

impl Stance {
    pub(super) fn new(
        title: &str,
        legend: Vec<(String, Marker)>,
        outlets: &[&str],
        poles: (&str, &str),
        note: Option<&str>,
        rows_height: f64,
    ) -> Stance {
        let labels: Vec<String> = outlets.iter().map(|s| label(s)).collect();
        let label_w = max_width(labels.iter().map(String::as_str), Font::label(INK)).max(30.0);
        let left = PAD + label_w + 14.0;
        let plot_w = (1000.0 - left - RIGHT - PAD).clamp(480.0, 640.0);
        let plot_w = plot_w.max(900.0 - left - RIGHT - PAD);
        let fig_w = left + plot_w + RIGHT + PAD;
        let title = Block::new(title, fig_w - 2.0 * PAD, Font::title());
        let neg = label(poles.0);
        let pos = label(poles.1);
        let neg = if neg.is_empty() {
            neg
        } else {
            format!("← {neg}")
        };
        let pos = if pos.is_empty() {
            pos
        } else {
            format!("{pos} →")
        };
        let pole_font = Font::label(INK);
        let poles_stacked = width(&neg, pole_font) + width(&pos, pole_font) + 24.0 > plot_w;
        let key = ColourKey::stance(poles.0, poles.1, "0", fig_w - 2.0 * PAD);
        let note = Block::new(note.unwrap_or(""), fig_w - 2.0 * PAD, Font::note());
        let legend_h = if legend.is_empty() { 0.0 } else { 26.0 };
        let top_axis = rows_height > TOP_AXIS_FROM;
        let top = PAD + title.height() + legend_h + 4.0 + if top_axis { 24.0 } else { 0.0 };
        Stance {
            title,
            legend,
            labels,
            poles: (neg, pos),
            poles_stacked,
            key,
            note,
            top_axis,
            width: fig_w,
            label_x: left - 14.0,
            x: Scale {
                d0: -1.0,
                d1: 1.0,
                p0: left,
                p1: left + plot_w,
            },
            top,
            bottom: top + rows_height,
        }
    }

    pub(super) fn height(&self) -> f64 {
        let poles = if self.poles_stacked { 2.0 } else { 1.0 } * Font::label(INK).line();
        let key = self.key.height() + 8.0;
        self.bottom + 38.0 + poles + 10.0 + key + self.note.height() + PAD - 10.0
    }

    /// Title, legend, grid, zero line, axis with ticks, pole labels and note.
    pub(super) fn draw_frame<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        let mut lx = self.x.p0;
        let ly = PAD + self.title.height() + 8.0;
        for (name, marker) in &self.legend {
            draw_marker(c, lx + R, ly, *marker, INK)?;
            let font = Font::label(INK);
            c.text(name, lx + 2.0 * R + 7.0, ly, font, Align::Left)?;
            lx += 2.0 * R + 7.0 + width(name, font) + 28.0;
        }
        let (top, bottom) = (self.top, self.bottom);
        for v in [-1.0, -0.5, 0.5, 1.0] {
            let x = self.x.at(v);
            c.line((x, top), (x, bottom), GRID, 1)?;
        }
        let zero = self.x.at(0.0);
        c.line((zero, top), (zero, bottom), AXIS, 1)?;
        c.line((self.x.p0, bottom), (self.x.p1, bottom), AXIS, 1)?;
        for v in [-1.0, -0.5, 0.0, 0.5, 1.0] {
            let x = self.x.at(v);
            c.line((x, bottom), (x, bottom + 5.0), AXIS, 1)?;
            let tick = Font::small(MUTED);
            c.text(&number(v, 1), x, bottom + 16.0, tick, Align::Center)?;
            if self.top_axis {
                c.line((x, top - 5.0), (x, top), AXIS, 1)?;
                c.text(&number(v, 1), x, top - 16.0, tick, Align::Center)?;
            }
        }
        if self.top_axis {
            c.line((self.x.p0, top), (self.x.p1, top), AXIS, 1)?;
        }
        let line = Font::label(INK).line();
        let y = bottom + 38.0 + line / 2.0;
        let (neg_font, pos_font) = (Font::label(NEG), Font::label(POS));
        c.text(&self.poles.0, self.x.p0, y, neg_font, Align::Left)?;
        let y_pos = if self.poles_stacked { y + line } else { y };
        c.text(&self.poles.1, self.x.p1, y_pos, pos_font, Align::Right)?;
        let key_y = y_pos + line / 2.0 + 10.0;
        self.key.draw(c, PAD, key_y)?;
        self.note.draw(c, PAD, key_y + self.key.height() + 8.0)
    }

    /// Outlet label `i`, right-aligned left of the axis, middle at `y`.
    pub(super) fn draw_label<DB: DrawingBackend>(&self, c: &Canvas<DB>, i: usize, y: f64) -> Res {
        let text = self.labels.get(i).map(String::as_str).unwrap_or("");
        c.text(text, self.label_x, y, Font::label(INK), Align::Right)
    }

    /// A divider's text, in the label column and across the plot, middle at `y`.
    pub(super) fn draw_divider<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        y: f64,
        text: &str,
    ) -> Res {
        // On paper, so that grid lines do not run through the words.
        let font = Font::small(MUTED);
        let x = self.x.p0 + 6.0;
        let h = font.line() / 2.0;
        c.rect(
            x - 3.0,
            y - h,
            x + width(text, font) + 3.0,
            y + h,
            super::style::PAPER,
        )?;
        c.text(text, x, y, font, Align::Left)
    }

    /// A light guide line across the plot at `y`.
    pub(super) fn draw_guide<DB: DrawingBackend>(&self, c: &Canvas<DB>, y: f64) -> Res {
        c.line((self.x.p0, y), (self.x.p1, y), GUIDE, 1)
    }

    /// One score: whiskers for the interval, a marker, and the value beside it, in
    /// the colour of the side its interval supports; "no score" when the score is
    /// not a number.
    pub(super) fn draw_score<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        y: f64,
        score: f64,
        ci: Option<(f64, f64)>,
        marker: Marker,
    ) -> Res {
        if !score.is_finite() {
            let x = self.x.at(0.0) + 8.0;
            return c.text("no score", x, y, Font::small(MUTED), Align::Left);
        }
        let colour = side_colour(interval_side(ci, 0.0));
        let xs = self.x.at(score);
        let (mut left, mut right) = (xs - R, xs + R);
        if let Some((a, b)) = ci.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            let (lo, hi) = (self.x.at(a.min(b)), self.x.at(a.max(b)));
            if hi - lo >= 1.0 {
                c.line((lo, y), (hi, y), colour, 2)?;
                c.line((lo, y - 5.0), (lo, y + 5.0), colour, 1)?;
                c.line((hi, y - 5.0), (hi, y + 5.0), colour, 1)?;
            }
            left = left.min(lo);
            right = right.max(hi);
        }
        draw_marker(c, xs, y, marker, colour)?;
        let text = number(score, 2);
        let font = Font::small(INK);
        if right + 7.0 + width(&text, font) <= self.width - PAD {
            c.text(&text, right + 7.0, y, font, Align::Left)
        } else {
            c.text(&text, left - 7.0, y, font, Align::Right)
        }
    }
}

pub(super) fn draw_marker<DB: DrawingBackend>(
    c: &Canvas<DB>,
    x: f64,
    y: f64,
    marker: Marker,
    colour: RGBColor,
) -> Res {
    match marker {
        Marker::Dot => c.dot(x, y, R as u32, colour, false),
        Marker::Hollow => c.dot(x, y, R as u32, colour, true),
        Marker::Diamond => c.diamond(x, y, R + 1.5, colour),
        Marker::HollowDiamond => {
            c.diamond(x, y, R + 1.5, colour)?;
            c.diamond(x, y, R - 1.0, super::style::PAPER)
        }
    }
}

struct RankingFigure<'a> {
    r: &'a Ranking,
    stance: Stance,
    /// Middle of each outlet's row, and the dividers, from the top of the first row.
    ys: Vec<f64>,
    lines: Vec<(f64, String)>,
}

impl Figure for RankingFigure<'_> {
    fn size(&self) -> (f64, f64) {
        (self.stance.width, self.stance.height())
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let s = &self.stance;
        for y in &self.ys {
            s.draw_guide(c, s.top + y)?;
        }
        s.draw_frame(c)?;
        for (y, text) in &self.lines {
            s.draw_divider(c, s.top + y, text)?;
        }
        for (i, o) in self.r.outlets.iter().enumerate() {
            let y = s.top + self.ys[i];
            s.draw_label(c, i, y)?;
            let marker = if o.flagged {
                Marker::Hollow
            } else {
                Marker::Dot
            };
            s.draw_score(c, y, o.score, o.ci, marker)?;
        }
        Ok(())
    }
}

pub(super) fn draw(r: &Ranking) -> Result<Chart, ChartError> {
    if r.outlets.is_empty() {
        return render(
            "ranking",
            &r.title,
            &Empty::new(&r.title, "No outlets to rank"),
        );
    }
    let names: Vec<&str> = r.outlets.iter().map(|o| o.outlet.as_str()).collect();
    let auto_note = "hollow marker: flagged";
    let note = match &r.note {
        Some(n) => Some(n.as_str()),
        None if r.outlets.iter().any(|o| o.flagged) => Some(auto_note),
        None => None,
    };
    let poles = (r.negative_label.as_str(), r.positive_label.as_str());
    let (ys, lines, rows) = rows_layout(names.len(), &r.dividers, ROW);
    let stance = Stance::new(&r.title, Vec::new(), &names, poles, note, rows);
    let figure = RankingFigure {
        r,
        stance,
        ys,
        lines,
    };
    render("ranking", &r.title, &figure)
}
