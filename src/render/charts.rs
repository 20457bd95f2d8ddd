//! Inline SVG bar charts made at build time; every chart comes with a data table on its page,
//! so screen-reader users get the same numbers.

use crate::resolve::markdown::escape;

/// One bar: label and value.
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: usize,
}

const WIDTH: usize = 640;
const LABEL_WIDTH: usize = 260;
const ROW: usize = 26;

/// A horizontal bar chart; `title` names it for assistive technology.
pub(crate) fn bar_chart(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = bars.len() * ROW + 8;
    let mut svg = format!(
        "<svg class=\"chart-svg\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title)
    );
    let bar_space = WIDTH - LABEL_WIDTH - 60;
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let w = if b.value == 0 {
            0
        } else {
            (b.value * bar_space / max).max(2)
        };
        let label: String = if b.label.chars().count() > 38 {
            format!("{}…", b.label.chars().take(37).collect::<String>())
        } else {
            b.label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"chart-label\">{label}</text><rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\" class=\"chart-bar\"></rect><text x=\"{vx}\" y=\"{ty}\" class=\"chart-value\">{value}</text>",
            lx = LABEL_WIDTH - 8,
            ty = y + 14,
            label = escape(&label),
            bh = ROW - 8,
            vx = LABEL_WIDTH + w + 6,
            value = b.value,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_labels_are_escaped() {
        let svg = bar_chart(
            "Pakalpojumi <pēc> turētāja",
            &[
                Bar {
                    label: "VID & co".into(),
                    value: 10,
                },
                Bar {
                    label: "PMLP".into(),
                    value: 5,
                },
            ],
        );
        assert!(svg.starts_with(
            "<svg class=\"chart-svg\" role=\"img\" aria-label=\"Pakalpojumi &lt;pēc&gt; turētāja\""
        ));
        assert!(svg.contains("VID &amp; co"));
        assert!(svg.contains("width=\"320\""));
        assert!(svg.contains("width=\"160\""));
    }
}
