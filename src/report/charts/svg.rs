//! Leaner SVG: plotters writes every attribute on every element, defaults
//! included. What it repeats is dropped or said once, so that a chart
//! (written as a file and again inside `report.html`) is about a third
//! smaller and draws the same.

use super::style::FAMILY;

/// `svg` with its defaults dropped and its font family said once, on the
/// root: ` opacity="1"`, ` stroke="none"` and ` stroke-width="1"` (the
/// initial values; plotters
/// writes no groups, so nothing is inherited that they would override),
/// the font family of every text moved to the `<svg>` element (where text
/// inherits it), and font sizes rounded to hundredths of a pixel
/// (`13.000000000000002` is `13`).
pub(super) fn lean(svg: &str) -> String {
    if svg.contains("<g") {
        // A group could set what the dropped attributes reset.
        return svg.to_string();
    }
    let family = format!(" font-family=\"{FAMILY}\"");
    let svg = svg
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "")
        .replace(" stroke-width=\"1\"", "")
        .replace(&family, "");
    let svg = round_font_sizes(&svg);
    match svg.find("<svg ") {
        Some(at) => {
            let at = at + "<svg".len();
            format!("{}{family}{}", &svg[..at], &svg[at..])
        }
        None => svg,
    }
}

/// Every `font-size="X"` with X rounded to two decimals, trailing zeros
/// dropped.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = " font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(KEY) {
        let (head, tail) = rest.split_at(at + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let s = format!("{v:.2}");
                out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_go_and_the_family_is_said_once() {
        let svg = format!(
            "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
             <text x=\"1\" y=\"2\" font-family=\"{FAMILY}\" font-size=\"13.000000000000002\" opacity=\"1\" fill=\"#333333\">\nA\n</text>\n\
             <text x=\"1\" y=\"2\" font-family=\"{FAMILY}\" font-size=\"12.5\" opacity=\"0.5\">\nB\n</text>\n</svg>\n"
        );
        let got = lean(&svg);
        assert_eq!(
            got,
            format!(
                "<svg font-family=\"{FAMILY}\" width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n\
                 <rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" fill=\"#FFFFFF\"/>\n\
                 <text x=\"1\" y=\"2\" font-size=\"13\" fill=\"#333333\">\nA\n</text>\n\
                 <text x=\"1\" y=\"2\" font-size=\"12.5\" opacity=\"0.5\">\nB\n</text>\n</svg>\n"
            )
        );
        // with a group, nothing is touched
        let grouped = svg.replace("<rect", "<g><rect").replace(
            "/>\n<text x=\"1\" y=\"2\" font-family",
            "/></g>\n<text x=\"1\" y=\"2\" font-family",
        );
        assert_eq!(lean(&grouped), grouped);
    }
}
