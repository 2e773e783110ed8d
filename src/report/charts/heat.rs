//! Heatmap: labelled cells with the value printed, sequential or diverging colours,
//! and a colour legend with the unit.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{render, Align, Block, Canvas, Empty, Figure, Res, PAD};
use super::heat_legend::{hatch, Legend, Swatch};
use super::style::{ink_on, ramp, AXIS, INK, MUTED};
use super::text::{cell_number, clean, fit, label, max_width, width, wrap, Font};
use super::{Chart, ChartError, Heatmap, MAX_LABEL_CHARS};

const CELL_H: f64 = 30.0;
/// Widest a row label runs on one line before it wraps to two.
const MAX_ROW_LABEL_W: f64 = 400.0;
/// Space above a section's title.
const SECTION_GAP: f64 = 10.0;
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
    /// Each row's label, on one line or wrapped to two.
    labels: Vec<Vec<String>>,
    /// Each row's top (from the top of the first line below the header) and height.
    rows: Vec<(f64, f64)>,
    /// Each section's index in the heatmap's sections, top, height and wrapped title.
    sections: Vec<Placed>,
    header: Header,
    texts: Vec<Vec<String>>,
    /// Per scale group, the range its colours span.
    ranges: Vec<(f64, f64)>,
    legend: Legend,
    left: f64,
    top: f64,
    body: f64,
    width: f64,
}

impl<'a> HeatFigure<'a> {
    /// Lays out a heatmap with at least one row and one column.
    fn new(h: &'a Heatmap) -> HeatFigure<'a> {
        let ranges: Vec<(f64, f64)> = (0..groups(h))
            .map(|g| value_range(h, |i| group_of(h, i) == g))
            .collect();
        let texts = cell_texts(h);

        let head = Font::label(INK);
        let labels: Vec<Vec<String>> = h.rows.iter().map(|s| row_label(s)).collect();
        let label_w = max_width(labels.iter().flatten().map(String::as_str), head);
        // A section title with notes in the columns must fit the label column.
        let section_w = h
            .sections
            .iter()
            .filter(|s| s.column_notes.iter().any(|n| !n.is_empty()))
            .map(|s| width(&clean(&s.title), section_font()).min(MAX_ROW_LABEL_W))
            .fold(0.0, f64::max);
        let left = PAD + label_w.max(section_w) + 12.0;
        let value_w = max_width(texts.iter().flatten().map(String::as_str), Font::small(INK));
        let notes_w = max_width(
            h.sections
                .iter()
                .flat_map(|s| s.column_notes.iter().map(String::as_str)),
            Font::small(MUTED),
        );
        let base_w = (value_w.max(notes_w) + 14.0).max(52.0);
        let header = Header::new(&h.columns, base_w, left);

        let scales = scale_captions(h, &ranges);
        let ncol = h.columns.len() as f64;
        let unit_w = max_width([label(&h.unit).as_str()], Font::small(MUTED));
        let width = (left + ncol * header.cell_w + PAD)
            .max(left + Legend::min_width(&scales) + 160.0 + PAD)
            .max(left + unit_w + PAD)
            .max(560.0);
        let title = Block::new(&h.title, width - 2.0 * PAD, Font::title());
        let top = PAD + title.height() + header.height;
        let cells_w = ncol * header.cell_w;
        let (rows, sections, body) = place_rows(h, &labels, left - PAD - 12.0, cells_w);
        let legend = Legend::new(scales, legend_keys(h), &h.legend_notes, width - left - PAD);
        HeatFigure {
            h,
            title,
            labels,
            rows,
            sections,
            header,
            texts,
            ranges,
            legend,
            left,
            top,
            body,
            width,
        }
    }

    /// The colour of `v` on the scale of `group`.
    fn colour(&self, v: f64, group: usize) -> RGBColor {
        if !v.is_finite() {
            return MISSING;
        }
        let (lo, hi) = self.ranges.get(group).copied().unwrap_or((0.0, 1.0));
        colour_at(self.h.diverging, v, lo, hi)
    }

    fn bottom(&self) -> f64 {
        self.top + self.body
    }
}

impl Figure for HeatFigure<'_> {
    fn size(&self) -> (f64, f64) {
        (
            self.width,
            self.bottom() + 18.0 + self.legend.height() + PAD,
        )
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        self.draw_header(c)?;
        for k in 0..self.sections.len() {
            self.draw_section(c, k)?;
        }
        for (i, values) in self.h.values.iter().enumerate() {
            self.draw_row(c, i, values)?;
        }
        let diverging = self.h.diverging;
        self.legend
            .draw(c, (self.left, self.bottom() + 18.0), &|v, lo, hi| {
                colour_at(diverging, v, lo, hi)
            })
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

    /// Section `k`: a rule above it (but for the first line), its title, and its
    /// notes in the columns on the title's last line.
    fn draw_section<DB: DrawingBackend>(&self, c: &Canvas<DB>, k: usize) -> Res {
        let Some((s, y0, h, lines)) = self.sections.get(k) else {
            return Ok(());
        };
        let Some(s) = self.h.sections.get(*s) else {
            return Ok(());
        };
        let y0 = self.top + y0;
        let right = self.left + self.header.cell_w * self.h.columns.len() as f64;
        if y0 > self.top + 0.5 {
            c.line((PAD, y0 + 2.0), (right, y0 + 2.0), AXIS, 1)?;
        }
        let font = section_font();
        let line = font.line();
        let first = y0 + h - lines.len() as f64 * line - 4.0;
        for (n, text) in lines.iter().enumerate() {
            c.text(
                text,
                PAD,
                first + (n as f64 + 0.5) * line,
                font,
                Align::Left,
            )?;
        }
        let ym = first + (lines.len().max(1) as f64 - 0.5) * line;
        for (j, note) in s.column_notes.iter().enumerate().take(self.h.columns.len()) {
            let x = self.left + (j as f64 + 0.5) * self.header.cell_w;
            c.text(note, x, ym, Font::small(MUTED), Align::Center)?;
        }
        Ok(())
    }

    /// Row `i`: its label, then each cell with its value printed, hatched when thin.
    fn draw_row<DB: DrawingBackend>(&self, c: &Canvas<DB>, i: usize, values: &[f64]) -> Res {
        let (y0, h) = self.rows.get(i).copied().unwrap_or((0.0, CELL_H));
        let y0 = self.top + y0;
        let head = Font::label(INK);
        let lines = self.labels.get(i).map_or(&[][..], Vec::as_slice);
        let spacing = two_line_spacing();
        let first = y0 + h / 2.0 - (lines.len() as f64 - 1.0) * spacing / 2.0;
        for (k, text) in lines.iter().enumerate() {
            let y = first + k as f64 * spacing;
            c.text(text, self.left - 12.0, y, head, Align::Right)?;
        }
        let cell_w = self.header.cell_w;
        let thin = self.h.thin.get(i);
        for (j, &v) in values.iter().enumerate() {
            let x0 = self.left + j as f64 * cell_w;
            let fill = self.colour(v, group_of(self.h, i));
            let cell = (x0 + 1.0, y0 + 1.0, x0 + cell_w - 1.0, y0 + h - 1.0);
            c.rect(cell.0, cell.1, cell.2, cell.3, fill)?;
            let text = self.texts[i].get(j).map(String::as_str).unwrap_or("");
            let font = Font::small(ink_on(fill));
            let (xm, ym) = (x0 + cell_w / 2.0, y0 + h / 2.0);
            if thin.and_then(|t| t.get(j)).copied().unwrap_or(false) {
                hatch(c, cell, fill)?;
                // The value on a clear patch, so the hatching does not cross it.
                let (half_w, half_h) = (width(text, font) / 2.0 + 4.0, font.line() / 2.0);
                c.rect(xm - half_w, ym - half_h, xm + half_w, ym + half_h, fill)?;
            }
            c.text(text, xm, ym, font, Align::Center)?;
        }
        Ok(())
    }
}

/// Colour of `v` on a scale from `lo` to `hi`.
fn colour_at(diverging: bool, v: f64, lo: f64, hi: f64) -> RGBColor {
    let t = (v - lo) / (hi - lo);
    if diverging {
        ramp(&DIVERGING, t)
    } else {
        ramp(&SEQUENTIAL, t)
    }
}

/// The font of a section's title.
fn section_font() -> Font {
    Font {
        bold: true,
        ..Font::label(INK)
    }
}

/// Distance between the two lines of a wrapped row label.
fn two_line_spacing() -> f64 {
    (Font::label(INK).px * 1.2).round()
}

/// A row label on one line, or wrapped to two when wider than [`MAX_ROW_LABEL_W`]
/// (the second cut with an ellipsis if the label needs more; the full text is in
/// the table the chart draws).
fn row_label(s: &str) -> Vec<String> {
    let font = Font::label(INK);
    let s = capped(&clean(s));
    if width(&s, font) <= MAX_ROW_LABEL_W {
        return vec![s];
    }
    let mut lines = wrap(&s, MAX_ROW_LABEL_W, font);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(fit(&rest, MAX_ROW_LABEL_W, font));
    }
    lines
}

/// `s` cut to a length no chart row could show, so that measuring stays cheap.
fn capped(s: &str) -> String {
    const MOST: usize = 4 * MAX_LABEL_CHARS;
    if s.chars().count() <= MOST {
        return s.to_string();
    }
    let cut: String = s.chars().take(MOST).collect();
    format!("{cut}…")
}

/// Where each row and section goes, from the top of the first: rows one cell
/// high, or taller for a label on two lines; a section as high as its title,
/// wrapped to the label column when it has notes in the columns and across the
/// cells otherwise. Returns the rows, the sections and the height of it all.
/// A section placed: its index in [`Heatmap::sections`], top, height and title lines.
type Placed = (usize, f64, f64, Vec<String>);

fn place_rows(
    h: &Heatmap,
    labels: &[Vec<String>],
    label_w: f64,
    cells_w: f64,
) -> (Vec<(f64, f64)>, Vec<Placed>, f64) {
    let font = section_font();
    let mut y = 0.0;
    let (mut rows, mut sections) = (Vec::with_capacity(labels.len()), Vec::new());
    for i in 0..=labels.len() {
        // A section past the last row goes after it.
        let here = h.sections.iter().enumerate();
        for (k, s) in here.filter(|(_, s)| s.before.min(labels.len()) == i) {
            let has_notes = s.column_notes.iter().any(|n| !n.is_empty());
            let w = if has_notes {
                label_w
            } else {
                label_w + 12.0 + cells_w
            };
            let lines = wrap(&capped(&s.title), w.max(120.0), font);
            let height = lines.len().max(1) as f64 * font.line() + SECTION_GAP;
            sections.push((k, y, height, lines));
            y += height;
        }
        if let Some(l) = labels.get(i) {
            let height = CELL_H.max(l.len() as f64 * two_line_spacing() + 10.0);
            rows.push((y, height));
            y += height;
        }
    }
    (rows, sections, y)
}

/// Each scale's legend caption with the range it spans: the unit, after the
/// scale's name when it has one.
fn scale_captions(h: &Heatmap, ranges: &[(f64, f64)]) -> Vec<(String, (f64, f64))> {
    ranges
        .iter()
        .enumerate()
        .map(|(g, &range)| {
            let caption = match h.scale_names.get(g) {
                Some(name) if !name.is_empty() => format!("{name}: {}", h.unit),
                _ if ranges.len() > 1 => format!("{} (scale {})", h.unit, g + 1),
                _ => h.unit.clone(),
            };
            (caption, range)
        })
        .collect()
}

/// The keys under the ramps: cells without a value, and hatched cells.
fn legend_keys(h: &Heatmap) -> Vec<(Swatch, String)> {
    let mut keys = Vec::new();
    if h.values.iter().flatten().any(|v| !v.is_finite()) {
        keys.push((Swatch::Fill(MISSING), "no value".to_string()));
    }
    if h.thin.iter().flatten().any(|&t| t) {
        let note = if h.thin_note.is_empty() {
            "hatched: few observations"
        } else {
            h.thin_note.as_str()
        };
        keys.push((Swatch::Hatched(SEQUENTIAL[6]), note.to_string()));
    }
    keys
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
