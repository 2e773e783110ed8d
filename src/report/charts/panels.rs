//! Panel ranking: one row per outlet, read across panels side by side, each
//! panel a score in its own unit on its own scale (e.g. LSS in standard
//! deviations beside the lexicon index and a model's probability
//! difference), so that scores of different units are never drawn on one
//! axis. The outlets are in one order in every panel.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::key::{side_colour, ColourKey};
use super::rank::{draw_marker, rows_layout, Marker};
use super::style::{AXIS, GRID, INK, MUTED, NEG, POS};
use super::text::{fit, label, max_width, number, width, Font, Scale};
use super::{interval_side, Chart, ChartError, PanelRanking};

/// Height of one outlet row.
const ROW: f64 = 26.0;
/// Width of a panel's plot.
const PLOT: f64 = 230.0;
/// Room right of each plot for the printed score, and the gap to the next.
const ROOM: f64 = 62.0;
/// Background of every other outlet, to lead the eye across the panels.
const BAND: RGBColor = RGBColor(0xf6, 0xf6, 0xf6);

struct PanelFigure<'a> {
    p: &'a PanelRanking,
    title: Block,
    key: ColourKey,
    note: Block,
    labels: Vec<String>,
    label_x: f64,
    scales: Vec<Scale>,
    width: f64,
    top: f64,
    bottom: f64,
    ys: Vec<f64>,
    lines: Vec<(f64, String)>,
}

impl PanelFigure<'_> {
    fn height(&self) -> f64 {
        let key = self.key.height() + 8.0;
        self.bottom + 30.0 + 2.0 * Font::small(INK).line() + 10.0 + key + self.note.height() + PAD
    }

    fn draw_panel_frame<DB: DrawingBackend>(&self, c: &Canvas<DB>, k: usize) -> Res {
        let (s, panel) = (self.scales[k], &self.p.panels[k]);
        let head = fit(&panel.title, PLOT + ROOM - 8.0, Font::label(INK));
        let y_head = self.top - 12.0;
        c.text(&head, s.p0, y_head, Font::label(INK), Align::Left)?;
        let (lo, hi) = (s.d0, s.d1);
        let ticks = [
            lo,
            (lo + panel.center) / 2.0,
            panel.center,
            (hi + panel.center) / 2.0,
            hi,
        ];
        for (i, &v) in ticks.iter().enumerate() {
            let x = s.at(v);
            let colour = if i == 2 { AXIS } else { GRID };
            c.line((x, self.top), (x, self.bottom), colour, 1)?;
            c.line((x, self.bottom), (x, self.bottom + 5.0), AXIS, 1)?;
            if i % 2 == 0 {
                let t = number(v, panel.decimals);
                c.text(&t, x, self.bottom + 16.0, Font::small(MUTED), Align::Center)?;
            }
        }
        c.line((s.p0, self.bottom), (s.p1, self.bottom), AXIS, 1)?;
        let line = Font::small(INK).line();
        let y = self.bottom + 30.0 + line / 2.0;
        let neg = fit(
            &format!("\u{2190} {}", self.p.negative_label),
            PLOT,
            Font::small(NEG),
        );
        let pos = fit(
            &format!("{} \u{2192}", self.p.positive_label),
            PLOT,
            Font::small(POS),
        );
        c.text(&neg, s.p0, y, Font::small(NEG), Align::Left)?;
        c.text(&pos, s.p1, y + line, Font::small(POS), Align::Right)
    }

    fn draw_score<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        (k, y): (usize, f64),
        value: Option<(f64, Option<(f64, f64)>)>,
        hollow: bool,
    ) -> Res {
        let (s, panel) = (self.scales[k], &self.p.panels[k]);
        let Some((score, ci)) = value.filter(|(v, _)| v.is_finite()) else {
            let x = s.at(panel.center) + 6.0;
            return c.text("no score", x, y, Font::small(MUTED), Align::Left);
        };
        let colour = side_colour(interval_side(ci, panel.center));
        let xs = s.at(score);
        let mut right = xs + 6.0;
        if let Some((a, b)) = ci.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            let (l, h) = (s.at(a.min(b)), s.at(a.max(b)));
            if h - l >= 1.0 {
                c.line((l, y), (h, y), colour, 2)?;
                c.line((l, y - 4.0), (l, y + 4.0), colour, 1)?;
                c.line((h, y - 4.0), (h, y + 4.0), colour, 1)?;
            }
            right = right.max(h);
        }
        let marker = if hollow { Marker::Hollow } else { Marker::Dot };
        draw_marker(c, xs, y, marker, colour)?;
        let text = number(score, 2);
        let font = Font::small(INK);
        if right + 5.0 + width(&text, font) <= s.p1 + ROOM - 4.0 {
            c.text(&text, right + 5.0, y, font, Align::Left)
        } else {
            c.text(&text, s.p1 + ROOM - 4.0, y, font, Align::Right)
        }
    }
}

impl Figure for PanelFigure<'_> {
    fn size(&self) -> (f64, f64) {
        (self.width, self.height())
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        let right = self
            .scales
            .last()
            .map_or(self.label_x, |s| s.p1 + ROOM - 8.0);
        for y in self.ys.iter().step_by(2) {
            let y0 = self.top + y - ROW / 2.0;
            c.rect(PAD, y0, right, y0 + ROW, BAND)?;
        }
        for k in 0..self.scales.len() {
            self.draw_panel_frame(c, k)?;
        }
        for (y, text) in &self.lines {
            let font = Font::small(MUTED);
            c.text(text, self.label_x, self.top + y, font, Align::Right)?;
        }
        for (i, y) in self.ys.iter().enumerate() {
            let y = self.top + y;
            let text = self.labels.get(i).map_or("", String::as_str);
            c.text(text, self.label_x, y, Font::label(INK), Align::Right)?;
            for (k, panel) in self.p.panels.iter().enumerate() {
                let value = panel.values.get(i).copied().flatten();
                let hollow = panel.flagged.get(i).copied().unwrap_or(false);
                self.draw_score(c, (k, y), value, hollow)?;
            }
        }
        let line = Font::small(INK).line();
        let key_y = self.bottom + 30.0 + 2.0 * line + 10.0;
        self.key.draw(c, PAD, key_y)?;
        self.note.draw(c, PAD, key_y + self.key.height() + 8.0)
    }
}

pub(super) fn draw(p: &PanelRanking) -> Result<Chart, ChartError> {
    let bad = |message: String| ChartError {
        chart: format!("panel ranking \"{}\"", p.title.trim()),
        message,
    };
    if let Some(panel) = p.panels.iter().find(|q| q.values.len() != p.outlets.len()) {
        return Err(bad(format!(
            "{} outlets but {} values in panel \"{}\"",
            p.outlets.len(),
            panel.values.len(),
            panel.title
        )));
    }
    if p.outlets.is_empty() || p.panels.is_empty() {
        return render(
            "panel ranking",
            &p.title,
            &Empty::new(&p.title, "No outlets to rank"),
        );
    }
    let labels: Vec<String> = p.outlets.iter().map(|s| label(s)).collect();
    let dividers = p.dividers.iter().map(|(_, t)| t.as_str());
    let label_w = max_width(labels.iter().map(String::as_str), Font::label(INK))
        .max(max_width(dividers, Font::small(MUTED)))
        .max(30.0);
    let left = PAD + label_w + 16.0;
    let scales: Vec<Scale> = p
        .panels
        .iter()
        .enumerate()
        .map(|(k, q)| {
            let p0 = left + k as f64 * (PLOT + ROOM);
            Scale {
                d0: q.range.0,
                d1: q.range.1,
                p0,
                p1: p0 + PLOT,
            }
        })
        .collect();
    let fig_w = left + p.panels.len() as f64 * (PLOT + ROOM) + PAD - 8.0;
    let title = Block::new(&p.title, fig_w - 2.0 * PAD, Font::title());
    // Every panel in use splits its sides at 0; a panel that does not is keyed by
    // its centre line.
    let center = if p.panels.iter().all(|q| q.center == 0.0) {
        "0"
    } else {
        "the centre line"
    };
    let key = ColourKey::stance(
        &p.negative_label,
        &p.positive_label,
        center,
        fig_w - 2.0 * PAD,
    );
    let note = Block::new(
        p.note.as_deref().unwrap_or(""),
        fig_w - 2.0 * PAD,
        Font::note(),
    );
    let top = PAD + title.height() + 12.0 + Font::label(INK).line() + 6.0;
    let (ys, lines, rows) = rows_layout(p.outlets.len(), &p.dividers, ROW);
    let figure = PanelFigure {
        p,
        title,
        key,
        note,
        labels,
        label_x: left - 16.0,
        scales,
        width: fig_w,
        top,
        bottom: top + rows,
        ys,
        lines,
    };
    render("panel ranking", &p.title, &figure)
}
