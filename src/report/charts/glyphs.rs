//! Text measuring and bitmap text rasterising with the embedded DejaVu Sans.
//!
//! plotters' own ab_glyph text drawing ignores each glyph's left side bearing and rounds
//! pen positions, which gives visibly uneven letter spacing; bitmap text is therefore
//! laid out here (kerning, sub-pixel positions) and written pixel by pixel. The em size
//! equals the CSS pixel size, as in the SVG output.

use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontRef, PxScale, ScaleFont};

use super::style::{BOLD, REGULAR};

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
            })
        })
        .as_ref()
}

fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    faces().map(|f| if bold { &f.bold } else { &f.regular })
}

/// ab_glyph scale giving an em of `px` pixels.
fn scale(face: &FontRef<'static>, px: f64) -> PxScale {
    let upem = face.units_per_em().unwrap_or(2048.0);
    PxScale::from(px as f32 * face.height_unscaled() / upem)
}

/// Pen position of each glyph (relative to the start) and the total advance.
fn layout(face: &FontRef<'static>, px: f64, s: &str) -> (Vec<(ab_glyph::GlyphId, f32)>, f32) {
    let scaled = face.as_scaled(scale(face, px));
    let mut pen = 0.0f32;
    let mut prev = None;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        out.push((id, pen));
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    (out, pen)
}

/// Advance width of `s` in pixels; `None` if the embedded font cannot be read.
pub(super) fn measure(s: &str, px: f64, bold: bool) -> Option<f64> {
    let face = face(bold)?;
    Some(f64::from(layout(face, px, s).1))
}

/// Where a line of text goes: anchor, horizontal alignment as a fraction of the width
/// (0 left, 0.5 centre, 1 right), and whether it reads bottom to top.
pub(super) struct Placement {
    pub x: f64,
    pub y: f64,
    pub align: f64,
    pub up: bool,
}

/// Rasterises one line whose optical middle (0.35 em above the baseline) passes
/// through the anchor, calling `plot(x, y, coverage)` for every covered pixel.
pub(super) fn raster(
    s: &str,
    px: f64,
    bold: bool,
    at: &Placement,
    mut plot: impl FnMut(i32, i32, f32),
) -> Result<(), String> {
    let face = face(bold).ok_or("embedded font cannot be read")?;
    let sc = scale(face, px);
    let (glyphs, w) = layout(face, px, s);
    let start = -f64::from(w) * at.align;
    let baseline = 0.35 * px;
    // Text is laid out in its own frame (x along the reading direction, y down), then
    // moved to the anchor: translated, or rotated a quarter turn anticlockwise.
    let (ox, oy) = if at.up {
        (at.x.round(), at.y.round())
    } else {
        (at.x, at.y)
    };
    for (id, pen) in glyphs {
        let (gx, gy) = if at.up {
            ((start + f64::from(pen)) as f32, baseline as f32)
        } else {
            ((ox + start + f64::from(pen)) as f32, (oy + baseline) as f32)
        };
        let glyph = id.with_scale_and_position(sc, point(gx, gy));
        let Some(outline) = face.outline_glyph(glyph) else {
            continue;
        };
        let b = outline.px_bounds();
        let (bx, by) = (b.min.x as i32, b.min.y as i32);
        outline.draw(|x, y, c| {
            let (lx, ly) = (bx + x as i32, by + y as i32);
            if at.up {
                plot(ox as i32 + ly, oy as i32 - lx - 1, c);
            } else {
                plot(lx, ly, c);
            }
        });
    }
    Ok(())
}
