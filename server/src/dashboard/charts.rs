//! Server-side SVG bar charts: one bar per indicator against its target
//! line (a band for a `between` target), drawn from integer figures.
//!
//! Written here rather than with a charting crate: the bars need
//! accessible markup (`role="img"`, a `<title>` and `<desc>` naming the
//! figure and the target, the same words as the table beside the chart),
//! exact integer geometry from counts and per mille, and no fonts, scripts
//! or styles of their own, which a general plotting library's SVG output
//! does not give. The markup is an askama template (`templates/chart.svg`),
//! so every text is escaped.

use askama::Template;

/// Width of the plot area, px.
pub const PLOT_WIDTH: u64 = 300;

/// What a bar measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A whole number.
    Count(u64),
    /// `count` of `of`, drawn on a 0–100% axis.
    Share {
        /// The part.
        count: u32,
        /// The whole.
        of: u32,
    },
}

impl Measure {
    /// The figure on the chart's axis: the count, or the share in per
    /// mille rounded half up (0 for a share of nothing).
    pub fn axis_value(&self) -> u64 {
        match *self {
            Measure::Count(n) => n,
            Measure::Share { count, of } if of > 0 => {
                let (c, t) = (u64::from(count), u64::from(of));
                (c * 1000 + t / 2) / t
            }
            Measure::Share { .. } => 0,
        }
    }
}

/// A target on the chart's axis: counts for a count, per mille for a share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// The target (the lower bound of a range).
    pub low: u64,
    /// The upper bound of a range target.
    pub high: Option<u64>,
    /// As people read it, e.g. `≥ 90%`.
    pub text: String,
}

/// Whether the figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Met over the target's own period.
    Met,
    /// Not met over the target's own period.
    NotMet,
    /// The figures cover another period than the target's: progress only.
    Progress,
}

impl Verdict {
    /// Bar colour: green met, orange not met, blue progress. The table
    /// beside the chart says the same in words.
    fn colour(&self) -> &'static str {
        match self {
            Verdict::Met => "#2e7d32",
            Verdict::NotMet => "#c45100",
            Verdict::Progress => "#1f5f9e",
        }
    }

    /// `đạt (met)`, `chưa đạt (not met)`, `đang thực hiện (in progress)`.
    pub fn text(&self) -> &'static str {
        match self {
            Verdict::Met => "Đạt (met)",
            Verdict::NotMet => "Chưa đạt (not met)",
            Verdict::Progress => "Đang thực hiện (in progress)",
        }
    }
}

/// One bar chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// A unique id on the page (letters, digits, `-`).
    pub id: String,
    /// The indicator's name.
    pub label: String,
    /// The figure as people read it, e.g. `57,1% (4/7)`.
    pub figure_text: String,
    /// The figure.
    pub measure: Measure,
    /// The target, if there is one.
    pub goal: Option<Goal>,
    /// Met, not met or progress.
    pub verdict: Verdict,
}

#[derive(Template)]
#[template(path = "chart.svg", escape = "html")]
struct ChartSvg {
    id: String,
    title: String,
    desc: String,
    width: u64,
    height: u64,
    left: u64,
    plot: u64,
    bar: u64,
    colour: &'static str,
    band: Option<(u64, u64)>,
    target_lines: Vec<u64>,
    max_text: String,
    value_text: String,
    value_x: u64,
    value_inside: bool,
    value_fill: &'static str,
}

/// The top of a count axis: at least 120% of the largest of the figure
/// and the target, rounded up to 1, 2 or 5 times a power of ten.
pub fn count_axis_max(largest: u64) -> u64 {
    let want = largest.saturating_mul(6).div_ceil(5).max(1);
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            let v = power.saturating_mul(step);
            if v >= want {
                return v;
            }
        }
        if power > u64::MAX / 10 {
            return u64::MAX;
        }
        power *= 10;
    }
}

impl BarChart {
    /// The top of the axis: 1,000 per mille (100%) for a share; see
    /// [`count_axis_max`] for a count.
    pub fn axis_max(&self) -> u64 {
        match self.measure {
            Measure::Share { .. } => 1000,
            Measure::Count(n) => {
                let goal = self
                    .goal
                    .as_ref()
                    .map_or(0, |g| g.high.unwrap_or(g.low).max(g.low));
                count_axis_max(n.max(goal))
            }
        }
    }

    /// The SVG markup.
    pub fn svg(&self) -> String {
        let max = self.axis_max();
        let left = 4;
        // Integer geometry; a figure beyond the axis (a share target above
        // 100%) is drawn at the end of it.
        let x = |v: u64| left + (v.min(max) as u128 * PLOT_WIDTH as u128 / max as u128) as u64;
        let value = self.measure.axis_value();
        let bar = x(value) - left;
        let (band, target_lines) = match &self.goal {
            Some(Goal {
                low,
                high: Some(high),
                ..
            }) => (Some((x(*low), x(*high) - x(*low))), vec![x(*low), x(*high)]),
            Some(g) => (None, vec![x(g.low)]),
            None => (None, vec![]),
        };
        let value_inside = bar > PLOT_WIDTH / 2;
        let desc = match &self.goal {
            Some(g) => format!(
                "{}: {}; mục tiêu (target) {}; {}",
                self.label,
                self.figure_text,
                g.text,
                self.verdict.text()
            ),
            None => format!("{}: {}", self.label, self.figure_text),
        };
        let max_text = match self.measure {
            Measure::Share { .. } => "100%".to_string(),
            Measure::Count(_) => ishc_reports::table::group_thousands(max as i64),
        };
        ChartSvg {
            id: self.id.clone(),
            title: self.label.clone(),
            desc,
            width: PLOT_WIDTH + 2 * left + 60,
            height: 50,
            left,
            plot: PLOT_WIDTH,
            bar,
            colour: self.verdict.colour(),
            band,
            target_lines,
            max_text,
            value_text: self.figure_text.clone(),
            value_x: if value_inside {
                left + bar - 4
            } else {
                left + bar + 4
            },
            value_inside,
            value_fill: if value_inside { "#ffffff" } else { "#1b1b1b" },
        }
        .render()
        // The template has no fallible filter; rendering to a String
        // cannot fail.
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(measure: Measure, goal: Option<Goal>, verdict: Verdict) -> BarChart {
        BarChart {
            id: "c1".into(),
            label: "Thành viên được vay vốn <vay>".into(),
            figure_text: "57,1% (4/7)".into(),
            measure,
            goal,
            verdict,
        }
    }

    fn attr<'a>(svg: &'a str, element_start: &str, name: &str) -> &'a str {
        let at = svg.find(element_start).expect(element_start);
        let rest = &svg[at..];
        let key = format!("{name}=\"");
        let v = rest.find(&key).expect(name) + key.len();
        let end = rest[v..].find('"').unwrap();
        &rest[v..v + end]
    }

    #[test]
    fn a_share_bar_and_its_target_line_sit_at_their_per_mille() {
        let svg = chart(
            Measure::Share { count: 4, of: 7 },
            Some(Goal {
                low: 500,
                high: None,
                text: "≥ 50%".into(),
            }),
            Verdict::Met,
        )
        .svg();
        // 4/7 = 571‰ of 300 px = 171.3 → 171 px; the target 50% at 4 + 150.
        assert!(
            svg.contains(r##"<rect x="4" y="10" width="171" height="18" fill="#2e7d32"/>"##),
            "{svg}"
        );
        assert_eq!(attr(&svg, "<line", "x1"), "154");
        assert!(svg.contains(r#"role="img""#));
        assert!(
            svg.contains("<title id=\"c1-t\">Thành viên được vay vốn &#60;vay&#62;</title>")
                || svg.contains("<title id=\"c1-t\">Thành viên được vay vốn &lt;vay&gt;</title>"),
            "{svg}"
        );
        assert!(svg.contains("mục tiêu (target) ≥ 50%; Đạt (met)"));
        assert!(svg.contains(">100%</text>"));
    }

    #[test]
    fn a_range_target_is_a_band_between_two_lines() {
        let svg = chart(
            Measure::Share { count: 29, of: 40 },
            Some(Goal {
                low: 600,
                high: Some(700),
                text: "60–70%".into(),
            }),
            Verdict::NotMet,
        )
        .svg();
        // 29/40 = 725‰ → 217 px; band from 4 + 180 to 4 + 210.
        assert!(
            svg.contains(r##"width="217" height="18" fill="#c45100""##),
            "{svg}"
        );
        assert!(svg.contains(r##"<rect x="184" y="6" width="30" height="26" fill="#d6ecd9"/>"##));
        assert_eq!(svg.matches("<line").count(), 2);
    }

    #[test]
    fn count_axes_round_up_to_one_two_or_five() {
        assert_eq!(count_axis_max(0), 1);
        assert_eq!(count_axis_max(70), 100); // 84 → 100
        assert_eq!(count_axis_max(3500), 5000); // 4200 → 5000
        assert_eq!(count_axis_max(150), 200); // 180 → 200
        assert_eq!(count_axis_max(9), 20); // 10.8 → 11 → 20
        let c = chart(
            Measure::Count(12),
            Some(Goal {
                low: 70,
                high: None,
                text: "≥ 70".into(),
            }),
            Verdict::Progress,
        );
        assert_eq!(c.axis_max(), 100);
        let svg = c.svg();
        // 12 of 100 → 36 px; the target 70 → 4 + 210.
        assert!(
            svg.contains(r##"width="36" height="18" fill="#1f5f9e""##),
            "{svg}"
        );
        assert_eq!(attr(&svg, "<line", "x1"), "214");
        assert!(svg.contains(">100</text>"));
    }

    #[test]
    fn a_share_of_nothing_draws_no_bar_and_a_figure_above_the_axis_stops_at_its_end() {
        let svg = chart(Measure::Share { count: 0, of: 0 }, None, Verdict::Progress).svg();
        assert!(svg.contains(r#"width="0" height="18""#));
        assert_eq!(svg.matches("<line").count(), 0);
        let over = BarChart {
            goal: Some(Goal {
                low: 1200,
                high: None,
                text: "≥ 120%".into(),
            }),
            ..chart(Measure::Share { count: 1, of: 1 }, None, Verdict::NotMet)
        };
        assert_eq!(attr(&over.svg(), "<line", "x1"), "304");
    }
}
