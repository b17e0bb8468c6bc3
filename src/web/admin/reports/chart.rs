//! The geometry of the reports' charts: bars and their labels placed in a fixed coordinate space
//! (the SVG's viewBox), so `admin/_chart.html` only writes out numbers. No HTML is built here: the
//! template draws, escaping every label.

/// The drawing's width in viewBox units; CSS scales it to the column.
pub(crate) const WIDTH: f64 = 720.0;
/// Columns chart: plot height and the room under it for the x labels.
const COLUMNS_PLOT: f64 = 200.0;
const COLUMNS_TOP: f64 = 16.0;
const COLUMNS_AXIS: f64 = 40.0;
/// Bars chart: one row per item, the label column on the left and the value after the bar.
const ROW: f64 = 26.0;
const BAR: f64 = 18.0;
const LABEL_COLUMN: f64 = 210.0;
const VALUE_COLUMN: f64 = 110.0;

/// One value of a chart: its label, its number, and an optional part of it drawn darker (the
/// placements among the applications).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    pub(crate) label: String,
    pub(crate) value: f64,
    pub(crate) part: Option<f64>,
    /// The value as written after the bar ("120, 3 placed").
    pub(crate) text: String,
}

/// A rectangle, in viewBox units rounded to a tenth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub(crate) bar: Rect,
    pub(crate) part: Option<Rect>,
    pub(crate) label: String,
    /// Where the label's text starts (bars) or is centred (columns).
    pub(crate) label_x: f64,
    pub(crate) label_y: f64,
    /// Columns label only every few weeks, so the dates stay readable.
    pub(crate) show_label: bool,
    pub(crate) text: String,
    pub(crate) text_x: f64,
    pub(crate) text_y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Vertical columns over time, the axis at the bottom.
    Columns,
    /// Horizontal bars, one per row, labels on the left.
    Bars,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    pub(crate) shape: Shape,
    pub(crate) height: f64,
    pub(crate) marks: Vec<Mark>,
    /// The largest value, written at the top of the columns chart's scale.
    pub(crate) max_text: String,
    /// The baseline: y of the columns' axis, x where the bars start.
    pub(crate) base: f64,
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The longest bar is the largest value; zero stays a zero-length bar (still labelled).
fn scale(points: &[Point]) -> f64 {
    points.iter().map(|p| p.value).fold(0.0, f64::max)
}

pub(crate) fn columns(points: &[Point], label_every: usize) -> Chart {
    let max = scale(points);
    let n = points.len().max(1) as f64;
    let slot = WIDTH / n;
    let base = COLUMNS_TOP + COLUMNS_PLOT;
    let marks = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = if max > 0.0 {
                p.value / max * COLUMNS_PLOT
            } else {
                0.0
            };
            let x = i as f64 * slot + slot * 0.15;
            let w = slot * 0.7;
            Mark {
                bar: Rect {
                    x: tenth(x),
                    y: tenth(base - h),
                    w: tenth(w),
                    h: tenth(h),
                },
                part: None,
                label: p.label.clone(),
                label_x: tenth(x + w / 2.0),
                label_y: tenth(base + 16.0),
                show_label: label_every > 0 && i % label_every == 0,
                text: p.text.clone(),
                text_x: tenth(x + w / 2.0),
                text_y: tenth(base - h - 3.0),
            }
        })
        .collect();
    Chart {
        shape: Shape::Columns,
        height: base + COLUMNS_AXIS,
        marks,
        max_text: max.to_string(),
        base,
    }
}

pub(crate) fn bars(points: &[Point]) -> Chart {
    let max = scale(points);
    let room = WIDTH - LABEL_COLUMN - VALUE_COLUMN;
    let length = |v: f64| if max > 0.0 { v / max * room } else { 0.0 };
    let marks = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = i as f64 * ROW + (ROW - BAR) / 2.0;
            let w = length(p.value);
            Mark {
                bar: Rect {
                    x: LABEL_COLUMN,
                    y: tenth(y),
                    w: tenth(w),
                    h: BAR,
                },
                part: p.part.filter(|v| *v > 0.0).map(|v| Rect {
                    x: LABEL_COLUMN,
                    y: tenth(y),
                    w: tenth(length(v)),
                    h: BAR,
                }),
                label: p.label.clone(),
                label_x: LABEL_COLUMN - 6.0,
                label_y: tenth(y + BAR - 4.0),
                show_label: true,
                text: p.text.clone(),
                text_x: tenth(LABEL_COLUMN + w + 6.0),
                text_y: tenth(y + BAR - 4.0),
            }
        })
        .collect();
    Chart {
        shape: Shape::Bars,
        height: (points.len().max(1) as f64 * ROW).max(ROW),
        marks,
        max_text: max.to_string(),
        base: LABEL_COLUMN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: f64, part: Option<f64>) -> Point {
        Point {
            label: label.to_owned(),
            value,
            part,
            text: value.to_string(),
        }
    }

    #[test]
    fn the_largest_bar_fills_the_room_and_the_others_are_in_proportion() {
        let chart = bars(&[point("A", 10.0, Some(5.0)), point("B", 5.0, None)]);
        let room = WIDTH - LABEL_COLUMN - VALUE_COLUMN;
        assert_eq!(chart.marks[0].bar.w, tenth(room));
        assert_eq!(chart.marks[1].bar.w, tenth(room / 2.0));
        assert_eq!(chart.marks[0].part.unwrap().w, tenth(room / 2.0));
        assert_eq!(chart.marks[1].part, None);
        assert!(chart.marks[1].bar.y > chart.marks[0].bar.y);
        assert_eq!(chart.height, 2.0 * ROW);
    }

    #[test]
    fn zero_everywhere_draws_empty_bars_not_nan() {
        let chart = columns(&[point("w1", 0.0, None), point("w2", 0.0, None)], 4);
        for mark in &chart.marks {
            assert_eq!(mark.bar.h, 0.0);
            assert!(mark.bar.y.is_finite());
        }
        assert!(chart.marks[0].show_label && !chart.marks[1].show_label);
        assert!(bars(&[]).marks.is_empty());
    }

    #[test]
    fn columns_stand_on_the_axis() {
        let chart = columns(&[point("w1", 4.0, None), point("w2", 1.0, None)], 1);
        for mark in &chart.marks {
            assert!((mark.bar.y + mark.bar.h - chart.base).abs() < 0.11);
        }
        assert_eq!(chart.marks[0].bar.h, COLUMNS_PLOT);
        assert!(chart.marks[1].bar.x > chart.marks[0].bar.x + chart.marks[0].bar.w);
    }
}
