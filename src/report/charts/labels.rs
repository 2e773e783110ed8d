//! Label placement for point maps: each label beside its point where it
//! fits, else farther out with a leader line, never over another label.

use super::canvas::Align;
use super::style::INK;
use super::text::{width, Font};

/// Radius of a labelled point, px.
pub(super) const R: f64 = 5.0;

pub(super) type Box2 = (f64, f64, f64, f64);
/// A label's anchor, alignment, and whether it sits away from its point
/// and needs a leader line.
pub(super) type Anchor = (f64, f64, Align, bool);
/// Where a label goes; `None` when left out.
pub(super) type Spot = Option<Anchor>;
/// Distances (px) from a point at which a label that does not fit beside
/// it is tried, with a leader line back to the point.
const FAR: [f64; 5] = [30.0, 46.0, 66.0, 92.0, 124.0];
/// Directions tried at each of those distances.
const DIRECTIONS: usize = 16;

fn overlap(a: Box2, b: Box2) -> f64 {
    let w = a.2.min(b.2) - a.0.max(b.0);
    let h = a.3.min(b.3) - a.1.max(b.1);
    if w > 0.0 && h > 0.0 {
        w * h
    } else {
        0.0
    }
}

/// Area of `a` outside `bounds`.
pub(super) fn outside(a: Box2, bounds: Box2) -> f64 {
    (a.2 - a.0) * (a.3 - a.1) - overlap(a, bounds)
}

/// Label positions for a point: the eight beside it, then positions
/// farther out in [`DIRECTIONS`] directions at each of the [`FAR`]
/// distances, which are drawn with a leader line.
fn candidates(x: f64, y: f64, h: f64) -> Vec<Anchor> {
    let d = R + 4.0;
    let mut out = vec![
        (x + d, y, Align::Left, false),
        (x - d, y, Align::Right, false),
        (x, y - d - h / 2.0, Align::Center, false),
        (x, y + d + h / 2.0, Align::Center, false),
        (x + d - 2.0, y - d - h / 2.0 + 4.0, Align::Left, false),
        (x + d - 2.0, y + d + h / 2.0 - 4.0, Align::Left, false),
        (x - d + 2.0, y - d - h / 2.0 + 4.0, Align::Right, false),
        (x - d + 2.0, y + d + h / 2.0 - 4.0, Align::Right, false),
    ];
    for r in FAR {
        for k in 0..DIRECTIONS {
            let a = std::f64::consts::TAU * k as f64 / DIRECTIONS as f64;
            let (cos, sin) = (a.cos(), a.sin());
            let align = if cos > 0.3 {
                Align::Left
            } else if cos < -0.3 {
                Align::Right
            } else {
                Align::Center
            };
            out.push((x + r * cos, y + r * sin, align, true));
        }
    }
    out
}

/// Greedy label placement: for each point the cheapest candidate position,
/// beside it or farther out with a leader line, where a pixel of a point
/// covered costs three pixels of leader line and the outside of the plot
/// costs too. A label never covers another label; one beside its point may
/// cover up to a fifth of its area with labelled points, a far one none.
/// `None` where no candidate is acceptable (crowded points stay unlabelled
/// rather than illegible).
pub(super) fn place(points: &[(String, f64, f64)], plot: Box2, figure: Box2) -> Vec<Spot> {
    let font = Font::small(INK);
    let h = font.line();
    // A label may not hide a labelled point; over an unlabelled one (drawn
    // small) it only costs, or crowded maps would lose most of their labels.
    let boxes = |named: bool| -> Vec<Box2> {
        points
            .iter()
            .filter(|p| p.0.is_empty() != named)
            .map(|(_, x, y)| (x - R - 1.0, y - R - 1.0, x + R + 1.0, y + R + 1.0))
            .collect()
    };
    let (dots, small) = (boxes(true), boxes(false));
    let mut labels: Vec<Box2> = Vec::new();
    let mut out = Vec::with_capacity(points.len());
    for (name, x, y) in points {
        if name.is_empty() {
            out.push(None);
            continue;
        }
        let w = width(name, font) + 4.0;
        // (cost, candidate, its box) of the cheapest acceptable candidate
        let mut best: Option<(f64, Anchor, Box2)> = None;
        for cand in candidates(*x, *y, h) {
            let (cx, cy, align, far) = cand;
            let x0 = match align {
                Align::Left => cx - 2.0,
                Align::Right => cx - w + 2.0,
                Align::Center => cx - w / 2.0,
            };
            let bx = (x0, cy - h / 2.0, x0 + w, cy + h / 2.0);
            let on_labels: f64 = labels.iter().map(|t| overlap(bx, *t)).sum();
            let on_dots: f64 = dots.iter().map(|t| overlap(bx, *t)).sum();
            let limit = if far { 0.0 } else { 0.2 * w * h };
            if on_labels > 0.0 || on_dots > limit || outside(bx, figure) > 0.0 {
                continue;
            }
            let on_small: f64 = small.iter().map(|t| overlap(bx, *t)).sum();
            // a pixel of a dot hidden costs more than a pixel of leader line
            let distance = if far { (cx - x).hypot(cy - y) } else { 0.0 };
            let cost = 3.0 * (on_dots + on_small) + outside(bx, plot) * 0.5 + distance;
            if best.is_none_or(|b| cost < b.0) {
                best = Some((cost, cand, bx));
            }
        }
        match best {
            Some((_, cand, bx)) => {
                labels.push(bx);
                out.push(Some(cand));
            }
            None => out.push(None),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_labels_move_out_and_never_overlap() {
        // 25 points within 12 px of each other, labels about 100 px wide
        let points: Vec<(String, f64, f64)> = (0..25)
            .map(|i| {
                (
                    format!("Outlet number {i}"),
                    300.0 + (i % 5) as f64 * 3.0,
                    300.0 + (i / 5) as f64 * 3.0,
                )
            })
            .collect();
        let plot = (0.0, 0.0, 640.0, 640.0);
        let spots = place(&points, plot, plot);
        let font = Font::small(INK);
        let h = font.line();
        let mut boxes = Vec::new();
        // beside-the-point spots alone hold 5 of them here
        let placed = spots.iter().flatten().count();
        assert!(placed >= 20, "{placed} of 25 placed");
        for ((name, _, _), spot) in points.iter().zip(&spots) {
            let Some((x, y, align, _)) = spot else {
                continue;
            };
            let w = width(name, font) + 4.0;
            let x0 = match align {
                Align::Left => x - 2.0,
                Align::Right => x - w + 2.0,
                Align::Center => x - w / 2.0,
            };
            boxes.push((x0, y - h / 2.0, x0 + w, y + h / 2.0));
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert_eq!(overlap(*a, *b), 0.0, "{a:?} {b:?}");
            }
        }
        assert!(
            spots.iter().flatten().any(|s| s.3),
            "some need leader lines"
        );
        assert!(
            spots.iter().flatten().any(|s| !s.3),
            "some sit beside their point"
        );
    }
}
