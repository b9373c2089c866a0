//! polars DataFrames as HTML tables, the way pandas users expect them:
//! dtypes under the header, the first and last rows of long frames, and a
//! "rows × columns" footer.

use super::{escape_html, Rich};
use polars::prelude::{AnyValue, DataFrame};

/// Frames with more rows than this show their head and tail only.
pub const MAX_ROWS: usize = 20;
/// Rows shown at each end of a long frame.
pub const EDGE_ROWS: usize = 5;
/// Frames with more columns than this show the first and last few only.
pub const MAX_COLS: usize = 16;
/// Columns shown at each end of a wide frame.
pub const EDGE_COLS: usize = 6;

/// HTML table plus polars' own text table.
pub fn frame_rich(frame: &DataFrame) -> Rich {
    Rich {
        text: format!("{frame}"),
        html: Some(frame_html(frame)),
        name: "dataframe".into(),
        ..Rich::default()
    }
}

/// Indices to show out of `len`, with `None` where an ellipsis goes.
fn visible(len: usize, max: usize, edge: usize) -> Vec<Option<usize>> {
    if len <= max {
        (0..len).map(Some).collect()
    } else {
        let mut v: Vec<Option<usize>> = (0..edge).map(Some).collect();
        v.push(None);
        v.extend((len - edge..len).map(Some));
        v
    }
}

fn cell_text(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => "null".to_string(),
        AnyValue::String(s) => (*s).to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => format_float(*x),
        AnyValue::Float32(x) => format_float(f64::from(*x)),
        other => other.to_string(),
    }
}

fn format_float(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.1}")
    } else if x.is_finite() && (x.abs() >= 1e-4 && x.abs() < 1e6) {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').to_string()
    } else {
        format!("{x:e}")
    }
}

/// The HTML table for a frame.
pub fn frame_html(frame: &DataFrame) -> String {
    let (height, width) = frame.shape();
    let rows = visible(height, MAX_ROWS, EDGE_ROWS);
    let cols = visible(width, MAX_COLS, EDGE_COLS);
    let columns = frame.columns();
    let mut html = String::from(
        "<div class=\"ferrolab-frame\"><style>.ferrolab-frame table{border-collapse:collapse;font-size:12px}\
         .ferrolab-frame th,.ferrolab-frame td{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}\
         .ferrolab-frame .dtype{color:#888;font-weight:normal;font-style:italic}</style><table><thead><tr><th></th>",
    );
    for c in &cols {
        match c {
            Some(i) => html.push_str(&format!("<th>{}</th>", escape_html(columns[*i].name()))),
            None => html.push_str("<th>…</th>"),
        }
    }
    html.push_str("</tr><tr><th></th>");
    for c in &cols {
        match c {
            Some(i) => html.push_str(&format!(
                "<th class=\"dtype\">{}</th>",
                escape_html(&columns[*i].dtype().to_string())
            )),
            None => html.push_str("<th></th>"),
        }
    }
    html.push_str("</tr></thead><tbody>");
    for r in &rows {
        html.push_str("<tr>");
        match r {
            Some(row) => {
                html.push_str(&format!("<th>{row}</th>"));
                for c in &cols {
                    let text = match c {
                        Some(i) => columns[*i]
                            .get(*row)
                            .map(|v| cell_text(&v))
                            .unwrap_or_else(|e| format!("error: {e}")),
                        None => "…".to_string(),
                    };
                    html.push_str(&format!("<td>{}</td>", escape_html(&text)));
                }
            }
            None => {
                html.push_str("<th>…</th>");
                for _ in &cols {
                    html.push_str("<td>…</td>");
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str(&format!(
        "</tbody></table><p>{height} rows × {width} columns</p></div>"
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn long_frames_show_head_tail_and_shape() {
        let n = 100;
        let frame =
            df!("x" => (0..n).collect::<Vec<i64>>(), "name" => vec!["a<b"; n as usize]).unwrap();
        let html = frame_html(&frame);
        assert!(html.contains("100 rows × 2 columns"));
        assert!(html.contains("<th>0</th>") && html.contains("<th>99</th>"));
        assert!(!html.contains("<th>50</th>"));
        assert!(html.contains("a&lt;b"), "cells are escaped");
        assert!(html.contains("class=\"dtype\">i64"));
    }

    #[test]
    fn short_frames_show_every_row_and_nulls() {
        let frame = df!("v" => [Some(1.5), None, Some(3.0)]).unwrap();
        let html = frame_html(&frame);
        assert!(
            html.contains("<td>1.5</td>")
                && html.contains("<td>null</td>")
                && html.contains("<td>3.0</td>")
        );
        assert!(html.contains("3 rows × 1 columns"));
    }
}
