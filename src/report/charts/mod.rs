//! Charts for slant reports, each rendered to PNG and SVG by the same drawing code.
//!
//! Every chart is laid out once in pixel space (sizes derived from the content and
//! from text measured with the embedded DejaVu Sans) and drawn by one generic routine
//! onto an SVG and a bitmap backend. The module is self-contained: it needs no system
//! fonts, does no file I/O and never panics on odd input (empty lists, NaN, very long
//! labels): it either draws an honest "no data" chart or returns a [`ChartError`].
//!
//! Conventions shared by all charts:
//! - a score with an interval is red (`#b2182b`) or blue (`#2166ac`) only when its
//!   whole interval is on the positive or negative side ([`interval_side`]), grey
//!   otherwise, and every chart that colours by stance says so in a colour key;
//! - labels longer than [`MAX_LABEL_CHARS`] characters are cut with an ellipsis;
//! - negative numbers are printed with a typographic minus sign (U+2212).

mod bars;
mod canvas;
mod glyphs;
mod heat;
mod heat_legend;
mod key;
mod labels;
mod paired;
mod panels;
mod points;
mod rank;
mod style;
mod svg;
mod text;
mod variant;

#[cfg(test)]
mod tests;

pub use text::{cell_number, MAX_LABEL_CHARS};

/// A rendered chart.
pub struct Chart {
    pub png: Vec<u8>,
    pub svg: String,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot draw chart {chart}: {message}")]
pub struct ChartError {
    pub chart: String,
    pub message: String,
}

/// Which side of a stance axis a thing leans to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Negative,
    Positive,
    Neutral,
}

/// The side of `center` an estimate's interval supports: positive only when the
/// whole interval lies above `center`, negative only when it lies wholly below,
/// neutral when it includes `center` (an end on it included), when there is no
/// interval, or when it is not a pair of numbers.
///
/// Every chart that colours a score by stance colours it by this, from the interval
/// the tables hold (`outlets.csv`: `ci_low`, `ci_high`), never by the point estimate
/// alone: a score of +0.61 whose interval is [−0.60, +0.71] is not shown to lean.
pub fn interval_side(ci: Option<(f64, f64)>, center: f64) -> Side {
    match ci {
        Some((a, b)) if a.is_finite() && b.is_finite() && center.is_finite() => {
            if a.min(b) > center {
                Side::Positive
            } else if a.max(b) < center {
                Side::Negative
            } else {
                Side::Neutral
            }
        }
        _ => Side::Neutral,
    }
}

/// One outlet on an axis.
pub struct RankedOutlet {
    pub outlet: String,
    pub score: f64,
    pub ci: Option<(f64, f64)>,
    pub flagged: bool,
}

/// Outlets ranked on one stance axis, with 95% intervals.
pub struct Ranking {
    /// e.g. "Russia–Ukraine: lexicon slant index"
    pub title: String,
    /// e.g. "Ukraine/West-aligned"
    pub negative_label: String,
    /// e.g. "Kremlin-aligned"
    pub positive_label: String,
    /// In the order to draw, top to bottom (caller sorts by score, highest first).
    pub outlets: Vec<RankedOutlet>,
    /// Footnote, e.g. "hollow marker: flagged (thin evidence); whiskers: 95% bootstrap interval".
    pub note: Option<String>,
    /// Lines of text between rows: `(i, text)` goes before outlet `i` (after the last
    /// when `i` is the number of outlets), e.g. "… 57 more ranked outlets …".
    pub dividers: Vec<(usize, String)>,
}

/// Dot plot of outlets on a stance axis fixed to [-1, 1]: a dot per outlet (hollow when
/// flagged) with whiskers for its interval, the score printed beside it, coloured by the
/// side its interval supports ([`interval_side`]), with a colour key. Scores outside
/// [-1, 1] are drawn at the edge.
pub fn ranking(r: &Ranking) -> Result<Chart, ChartError> {
    rank::draw(r)
}

/// A header line between the rows of a [`Heatmap`], naming the group of rows below it.
#[derive(Default)]
pub struct RowSection {
    /// The first row of the group.
    pub before: usize,
    /// e.g. the lexicon or the variant slot; wrapped, never cut.
    pub title: String,
    /// Per column, a short note printed in the header line (e.g. "n=12", the count the
    /// group's values rest on); empty: none.
    pub column_notes: Vec<String>,
}

/// A matrix of values, e.g. frames (rows) x outlets (columns), rates per 1,000 tokens.
#[derive(Default)]
pub struct Heatmap {
    pub title: String,
    /// Row labels (frame names), top to bottom.
    pub rows: Vec<String>,
    /// Column labels (outlet names), left to right.
    pub columns: Vec<String>,
    /// `values[row][column]`; NaN = no value (drawn grey).
    pub values: Vec<Vec<f64>>,
    /// Legend caption, e.g. "matches per 1,000 tokens".
    pub unit: String,
    /// Digits printed in each cell.
    pub decimals: usize,
    /// false: sequential scale from 0 to max; true: centred on 0 (for similarity or
    /// signed values, range -max|v|..+max|v|).
    pub diverging: bool,
    /// Per row, the colour scale it uses: rows with the same number share one (e.g. the
    /// frames of one lexicon), so that one large rate does not wash out the others.
    /// Empty: one scale for all.
    pub scale_groups: Vec<usize>,
    /// Per colour scale, its name in the legend (e.g. the lexicon), so that each scale
    /// gets a legend with its numbers; empty: unnamed.
    pub scale_names: Vec<String>,
    /// Header lines naming groups of rows, in row order.
    pub sections: Vec<RowSection>,
    /// Per cell (`thin[row][column]`), whether its value rests on too few
    /// observations: such cells are hatched. Empty: none.
    pub thin: Vec<Vec<bool>>,
    /// What the hatching means, for the legend (e.g. "hatched: fewer than 5 uses").
    pub thin_note: String,
    /// Lines of explanation under the legend (e.g. what the section notes count).
    pub legend_notes: Vec<String>,
}

/// Labelled cells with the value printed in each, a colour legend per scale with its
/// numbers, and the row sections' header lines. Row labels too long for one line wrap
/// to two. `values` must have one row per row label and one value per column label.
pub fn heatmap(h: &Heatmap) -> Result<Chart, ChartError> {
    heat::draw(h)
}

/// One variant slot: how often each outlet chose each competing name.
pub struct VariantPanel {
    /// e.g. "Spelling of Ukraine's capital"
    pub title: String,
    /// Variant labels with the pole they sit on.
    pub variants: Vec<(String, Side)>,
    pub outlets: Vec<String>,
    /// `counts[outlet][variant]`
    pub counts: Vec<Vec<u64>>,
}

/// All panels in one figure (stacked vertically), each outlet a horizontal bar
/// split into its variant shares (100%), count printed in each segment, outlets
/// with no match in that slot shown as "no mention".
pub fn variants(panels: &[VariantPanel]) -> Result<Chart, ChartError> {
    variant::draw(panels)
}

/// Bars diverging from zero, e.g. distinctive terms (positive = over-used).
pub struct DivergingBars {
    pub title: String,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
    pub sides: Vec<Side>,
    pub x_label: String,
}

/// One bar per label from zero, coloured by its side, value printed at the bar end.
/// `labels`, `values` and `sides` must have the same length.
pub fn diverging_bars(b: &DivergingBars) -> Result<Chart, ChartError> {
    bars::draw(b)
}

/// Labelled points on a plane, e.g. outlets on two principal components.
pub struct PointMap {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<(String, f64, f64)>,
    /// Per point, whether it gets a label (the rest are drawn as points only); empty:
    /// every point may.
    pub labelled: Vec<bool>,
    /// Per point, whether it is drawn hollow (e.g. an outlet with one document); empty:
    /// none.
    pub hollow: Vec<bool>,
    /// Footnote saying what labels and hollow points mean.
    pub note: Option<String>,
    /// Whether points beyond 3 interquartile ranges of the quartiles on
    /// either axis are drawn as diamonds at the edge of a window fitted to
    /// the rest (at least 12 points, at most half of them outlying), so a
    /// few far points do not squeeze the bulk; the footnote says so.
    pub fence_outliers: bool,
}

/// Scatter of labelled points. Both axes use the same scale (distances are comparable,
/// as for principal components) unless their spans differ more than fivefold. Points
/// with a non-finite coordinate are listed under the plot instead of drawn.
pub fn point_map(m: &PointMap) -> Result<Chart, ChartError> {
    points::draw(m)
}

/// Two scores per outlet side by side, e.g. lexicon index and model score, each with an interval.
pub struct PairedRanking {
    pub title: String,
    pub series: [String; 2],
    pub negative_label: String,
    pub positive_label: String,
    pub outlets: Vec<String>,
    /// Per outlet, per series: score and optional interval; `None` = no score.
    #[allow(clippy::type_complexity)]
    pub values: Vec<[Option<(f64, Option<(f64, f64)>)>; 2]>,
    /// Per outlet, whether its markers are hollow (thin evidence); empty: none.
    pub flagged: Vec<bool>,
    /// Lines of text between rows, as in [`Ranking::dividers`].
    pub dividers: Vec<(usize, String)>,
    /// Footnote.
    pub note: Option<String>,
}

/// Like [`ranking`], with two markers per outlet (circle: first series, diamond: second),
/// coloured by side of zero. `values` must have one entry per outlet.
pub fn paired_ranking(p: &PairedRanking) -> Result<Chart, ChartError> {
    paired::draw(p)
}

/// One panel of a [`PanelRanking`]: a score in its own unit and on its own scale.
pub struct Panel {
    /// What the panel shows, with its unit, e.g. "LSS score (SD of documents)".
    pub title: String,
    /// The drawn range (scores outside are drawn at the edge, their value printed).
    pub range: (f64, f64),
    /// The value that splits the two sides (0 for a signed score).
    pub center: f64,
    /// Digits of the tick labels.
    pub decimals: usize,
    /// Per outlet: score and optional interval; `None` = no score.
    #[allow(clippy::type_complexity)]
    pub values: Vec<Option<(f64, Option<(f64, f64)>)>>,
    /// Per outlet, whether its marker is hollow (thin evidence); empty: none.
    pub flagged: Vec<bool>,
}

/// Outlets in one order, read across panels of different units.
pub struct PanelRanking {
    pub title: String,
    pub negative_label: String,
    pub positive_label: String,
    /// Top to bottom, the same in every panel.
    pub outlets: Vec<String>,
    /// Left to right.
    pub panels: Vec<Panel>,
    /// Lines of text between rows, as in [`Ranking::dividers`].
    pub dividers: Vec<(usize, String)>,
    /// Footnote.
    pub note: Option<String>,
}

/// Panels side by side sharing the outlet labels: each panel its own axis, ticks and
/// unit, a dot per outlet (hollow when flagged) with whiskers for its interval and the
/// value printed. Every panel must have one value per outlet.
pub fn panel_ranking(p: &PanelRanking) -> Result<Chart, ChartError> {
    panels::draw(p)
}
