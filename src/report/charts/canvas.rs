//! Drawing surface shared by all charts: pixel-space primitives, wrapped text blocks,
//! and rendering one figure to both SVG and PNG.

use std::sync::OnceLock;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ColorType, ImageEncoder};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontFamily, FontStyle, FontTransform};

use super::glyphs::{self, Placement};
use super::style::{BOLD, FAMILY, GRID, MUTED, PAPER, REGULAR};
use super::text::{wrap, Font};
use super::{Chart, ChartError};

/// Registers the embedded fonts with plotters once per process.
fn fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR)
            .map_err(|_| "embedded DejaVu Sans is not a valid font".to_string())?;
        register_font(FAMILY, FontStyle::Bold, BOLD)
            .map_err(|_| "embedded DejaVu Sans Bold is not a valid font".to_string())
    })
    .clone()
}

/// Outer margin of every figure, in pixels.
pub(super) const PAD: f64 = 24.0;
/// Largest width or height of a figure, in pixels.
const MAX_SIDE: u32 = 30_000;
/// Largest number of pixels in a figure.
const MAX_PIXELS: u64 = 40_000_000;

/// Horizontal alignment of text relative to its anchor.
#[derive(Clone, Copy)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    fn fraction(self) -> f64 {
        match self {
            Align::Left => 0.0,
            Align::Center => 0.5,
            Align::Right => 1.0,
        }
    }
}

/// Result of drawing; errors are plain messages.
pub(super) type Res = Result<(), String>;

/// A figure: its pixel size and the one routine that draws it on any backend.
pub(super) trait Figure {
    fn size(&self) -> (f64, f64);
    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res;
}

/// A drawing area in pixel coordinates. Shapes go through plotters on either backend;
/// `svg` selects how text is drawn (an SVG text element, or rasterised glyphs).
pub(super) struct Canvas<DB: DrawingBackend> {
    area: DrawingArea<DB, Shift>,
    svg: bool,
}

fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-1e6, 1e6) as i32
    } else {
        0
    }
}

fn e2s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

impl<DB: DrawingBackend> Canvas<DB> {
    /// Draws one line of text: SVG as a text element, bitmap through our rasteriser.
    /// The optical middle of the line (0.35 em above the baseline) passes through
    /// the anchor in both.
    fn draw_line_of_text(&self, s: &str, at: Placement, font: Font) -> Res {
        if s.is_empty() {
            return Ok(());
        }
        if !self.svg {
            let colour = font.colour;
            let mut result = Ok(());
            glyphs::raster(s, font.px, font.bold, &at, |x, y, coverage| {
                if result.is_ok() && coverage > 0.0 {
                    let c = RGBAColor(colour.0, colour.1, colour.2, f64::from(coverage.min(1.0)));
                    result = self.area.draw_pixel((x, y), &c).map_err(e2s);
                }
            })?;
            return result;
        }
        let weight = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let mut desc = FontDesc::new(FontFamily::Name(FAMILY), font.size(), weight);
        if at.up {
            desc = desc.transform(FontTransform::Rotate270);
        }
        let h = if at.align < 0.25 {
            HPos::Left
        } else if at.align > 0.75 {
            HPos::Right
        } else {
            HPos::Center
        };
        let style = TextStyle::from(desc)
            .color(&font.colour)
            .pos(Pos::new(h, VPos::Top));
        // SVG puts the baseline 0.76 em below a top anchor (dy="0.76em").
        let shift = (0.76 - 0.35) * font.px;
        let pos = if at.up {
            (px(at.x - shift), px(at.y))
        } else {
            (px(at.x), px(at.y - shift))
        };
        self.area.draw_text(s, &style, pos).map_err(e2s)
    }

    /// Draws one line of text whose optical middle is at `y`.
    pub(super) fn text(&self, s: &str, x: f64, y: f64, font: Font, align: Align) -> Res {
        let at = Placement {
            x,
            y,
            align: align.fraction(),
            up: false,
        };
        self.draw_line_of_text(s, at, font)
    }

    /// Draws one line of text reading bottom to top, its optical middle on vertical
    /// line `x`; `align` is along the reading direction (Left: starts at `y`, going up).
    pub(super) fn text_up(&self, s: &str, x: f64, y: f64, font: Font, align: Align) -> Res {
        let at = Placement {
            x,
            y,
            align: align.fraction(),
            up: true,
        };
        self.draw_line_of_text(s, at, font)
    }

    /// Filled rectangle from (x0, y0) to (x1, y1), exclusive of the far edges.
    pub(super) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, fill: RGBColor) -> Res {
        let r = Rectangle::new([(px(x0), px(y0)), (px(x1), px(y1))], fill.filled());
        self.area.draw(&r).map_err(e2s)
    }

    /// Rectangle outline.
    pub(super) fn frame(&self, x0: f64, y0: f64, x1: f64, y1: f64, colour: RGBColor) -> Res {
        let r = Rectangle::new([(px(x0), px(y0)), (px(x1), px(y1))], colour.stroke_width(1));
        self.area.draw(&r).map_err(e2s)
    }

    /// Straight line of the given width in pixels.
    pub(super) fn line(&self, from: (f64, f64), to: (f64, f64), colour: RGBColor, w: u32) -> Res {
        let p = PathElement::new(
            vec![(px(from.0), px(from.1)), (px(to.0), px(to.1))],
            colour.stroke_width(w),
        );
        self.area.draw(&p).map_err(e2s)
    }

    /// Circle, filled or hollow (white inside a 2 px ring).
    pub(super) fn dot(&self, x: f64, y: f64, r: u32, colour: RGBColor, hollow: bool) -> Res {
        let centre = (px(x), px(y));
        self.area
            .draw(&Circle::new(centre, r, colour.filled()))
            .map_err(e2s)?;
        if hollow && r > 2 {
            self.area
                .draw(&Circle::new(centre, r - 2, PAPER.filled()))
                .map_err(e2s)?;
        }
        Ok(())
    }

    /// Filled diamond with half-diagonal `r`.
    pub(super) fn diamond(&self, x: f64, y: f64, r: f64, colour: RGBColor) -> Res {
        let pts = vec![
            (px(x), px(y - r)),
            (px(x + r), px(y)),
            (px(x), px(y + r)),
            (px(x - r), px(y)),
        ];
        self.area
            .draw(&Polygon::new(pts, colour.filled()))
            .map_err(e2s)
    }
}

/// Longest line of running text (titles, notes), in pixels.
const MAX_MEASURE: f64 = 1000.0;

/// A wrapped block of text (title or note) of a given font.
pub(super) struct Block {
    pub lines: Vec<String>,
    pub font: Font,
}

impl Block {
    /// Wraps `s` to `width`, at most [`MAX_MEASURE`] pixels for readable line lengths.
    pub(super) fn new(s: &str, width: f64, font: Font) -> Block {
        Block {
            lines: wrap(s, width.min(MAX_MEASURE), font),
            font,
        }
    }

    /// Height taken, including the gap after it (zero when empty).
    pub(super) fn height(&self) -> f64 {
        if self.lines.is_empty() {
            0.0
        } else {
            self.lines.len() as f64 * self.font.line() + 10.0
        }
    }

    /// Draws the block with the top of its first line at `top`.
    pub(super) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, x: f64, top: f64) -> Res {
        for (i, line) in self.lines.iter().enumerate() {
            let y = top + (i as f64 + 0.5) * self.font.line();
            c.text(line, x, y, self.font, Align::Left)?;
        }
        Ok(())
    }
}

/// A figure with a title and one message, for inputs with nothing to draw.
pub(super) struct Empty {
    title: Block,
    message: String,
}

impl Empty {
    pub(super) fn new(title: &str, message: &str) -> Empty {
        Empty {
            title: Block::new(title, 900.0 - 2.0 * PAD, Font::title()),
            message: message.to_string(),
        }
    }
}

impl Figure for Empty {
    fn size(&self) -> (f64, f64) {
        (900.0, PAD * 2.0 + self.title.height() + 60.0)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>) -> Res {
        self.title.draw(c, PAD, PAD)?;
        let y = PAD + self.title.height() + 30.0;
        c.frame(PAD, y - 30.0, 900.0 - PAD, y + 30.0, GRID)?;
        c.text(&self.message, 450.0, y, Font::label(MUTED), Align::Center)
    }
}

/// Renders a figure to SVG and PNG. `kind` and `title` name the chart in errors.
pub(super) fn render(kind: &str, title: &str, fig: &impl Figure) -> Result<Chart, ChartError> {
    let err = |message: String| ChartError {
        chart: if title.trim().is_empty() {
            kind.to_string()
        } else {
            format!("{kind} \"{}\"", title.trim())
        },
        message,
    };
    fonts().map_err(err)?;
    let (fw, fh) = fig.size();
    if !(fw.is_finite() && fh.is_finite()) || fw < 1.0 || fh < 1.0 {
        return Err(err(format!("invalid figure size {fw} x {fh}")));
    }
    let (w, h) = (fw.ceil() as u64, fh.ceil() as u64);
    if w > u64::from(MAX_SIDE) || h > u64::from(MAX_SIDE) || w * h > MAX_PIXELS {
        return Err(err(format!(
            "figure would be {w} x {h} pixels, too large to draw legibly"
        )));
    }
    let (w, h) = (w as u32, h as u32);

    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        area.fill(&PAPER).map_err(|e| err(e.to_string()))?;
        let c = Canvas { area, svg: true };
        fig.draw(&c).map_err(err)?;
        c.area.present().map_err(|e| err(e.to_string()))?;
    }

    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let c = Canvas { area, svg: false };
        fig.draw(&c).map_err(err)?;
        c.area.present().map_err(|e| err(e.to_string()))?;
    }
    let mut png = Vec::new();
    // The best compression: charts are written once and read many times,
    // and flat colours compress well (a third smaller than the default).
    PngEncoder::new_with_quality(&mut png, CompressionType::Best, FilterType::Adaptive)
        .write_image(&rgb, w, h, ColorType::Rgb8)
        .map_err(|e| err(format!("PNG encoding failed: {e}")))?;
    Ok(Chart {
        png,
        svg: super::svg::lean(&svg),
    })
}
