//! Paired ranking: two scores per outlet (circle and diamond) on one stance axis.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Canvas, Empty, Figure, Res};
use super::rank::{rows_layout, Marker, Stance};
use super::text::label;
use super::{Chart, ChartError, PairedRanking};

/// Height of one outlet (two sub-rows).
const ROW: f64 = 44.0;
/// Vertical distance of each series from the row middle.
const OFFSET: f64 = 9.0;
/// Background of every other outlet, to group its two markers.
const BAND: RGBColor = RGBColor(0xf6, 0xf6, 0xf6);

struct PairedFigure<'a> {
    p: &'a PairedRanking,
    stance: Stance,
    /// Middle of each outlet's row, and the dividers, from the top of the first row.
    ys: Vec<f64>,
    lines: Vec<(f64, String)>,
}

impl Figure for PairedFigure<'_> {
    fn size(&self) -> (f64, f64) {
        (self.stance.width, self.stance.height())
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        let s = &self.stance;
        for y in self.ys.iter().step_by(2) {
            let y0 = s.top + y - ROW / 2.0;
            c.rect(s.x.p0, y0, s.x.p1 + 1.0, y0 + ROW, BAND)?;
        }
        s.draw_frame(c)?;
        for (y, text) in &self.lines {
            s.draw_divider(c, s.top + y, text)?;
        }
        for (i, pair) in self.p.values.iter().enumerate() {
            let mid = s.top + self.ys[i];
            s.draw_label(c, i, mid)?;
            let markers = if self.p.flagged.get(i).copied().unwrap_or(false) {
                [Marker::Hollow, Marker::HollowDiamond]
            } else {
                [Marker::Dot, Marker::Diamond]
            };
            for (k, value) in pair.iter().enumerate() {
                let y = mid + if k == 0 { -OFFSET } else { OFFSET };
                let (score, ci) = value.unwrap_or((f64::NAN, None));
                s.draw_score(c, y, score, ci, markers[k])?;
            }
        }
        Ok(())
    }
}

pub(super) fn draw(p: &PairedRanking) -> Result<Chart, ChartError> {
    if p.values.len() != p.outlets.len() {
        return Err(ChartError {
            chart: format!("paired ranking \"{}\"", p.title.trim()),
            message: format!(
                "{} outlets but {} value pairs",
                p.outlets.len(),
                p.values.len()
            ),
        });
    }
    if p.outlets.is_empty() {
        let empty = Empty::new(&p.title, "No outlets to rank");
        return render("paired ranking", &p.title, &empty);
    }
    let names: Vec<&str> = p.outlets.iter().map(String::as_str).collect();
    let legend = vec![
        (label(&p.series[0]), Marker::Dot),
        (label(&p.series[1]), Marker::Diamond),
    ];
    let poles = (p.negative_label.as_str(), p.positive_label.as_str());
    let (ys, lines, rows) = rows_layout(names.len(), &p.dividers, ROW);
    let stance = Stance::new(&p.title, legend, &names, poles, p.note.as_deref(), rows);
    let figure = PairedFigure {
        p,
        stance,
        ys,
        lines,
    };
    render("paired ranking", &p.title, &figure)
}
