//! Charts drawn as SVG by the app itself (no chart library): grouped bars per day.
//! The same markup renders on the server and hydrates in the browser; each bar has a
//! tooltip (`<title>`) and the chart a text alternative; the table beside it holds the
//! same numbers.

use leptos::prelude::*;

/// One series: its name, colour and a value per label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// `#rrggbb`.
    pub color: &'static str,
    /// One value per label.
    pub values: Vec<i64>,
}

/// The top of the value axis: `max` rounded up to 1, 2 or 5 times a power of ten.
pub fn nice_ceiling(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step = step.saturating_mul(10);
    }
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 8.0;

/// Grouped bars: for each label, one bar per series.
#[component]
pub fn BarChart(
    /// What the chart shows (its accessible name).
    title: String,
    /// One label per group (days).
    labels: Vec<String>,
    /// The series.
    series: Vec<Series>,
    /// How a value reads in a tooltip.
    #[prop(optional)]
    format: Option<fn(i64) -> String>,
) -> impl IntoView {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let top = nice_ceiling(max);
    let groups = labels.len().max(1) as f64;
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let group_w = plot_w / groups;
    let bar_w = (group_w * 0.8 / series.len().max(1) as f64).max(1.0);
    let y = move |v: i64| TOP + plot_h - (v as f64 / top as f64) * plot_h;
    let show = move |v: i64| format.map_or_else(|| v.to_string(), |f| f(v));
    // At most about ten labels under the axis, whatever the range.
    let every = (labels.len() / 10).max(1);
    let grid = (0..=4)
        .map(|i| {
            let v = top * i / 4;
            let yy = y(v);
            view! {
                <line x1=LEFT x2=WIDTH - 8.0 y1=yy y2=yy stroke="#e2e8f0" />
                <text x=LEFT - 4.0 y=yy + 4.0 text-anchor="end" font-size="10" fill="#64748b">
                    {show(v)}
                </text>
            }
        })
        .collect_view();
    let bars = labels
        .iter()
        .enumerate()
        .flat_map(|(g, label)| {
            let series = series.clone();
            let label = label.clone();
            series
                .into_iter()
                .enumerate()
                .map(move |(k, s)| {
                    let v = s.values.get(g).copied().unwrap_or(0);
                    let x = LEFT + g as f64 * group_w + group_w * 0.1 + k as f64 * bar_w;
                    let h = (TOP + plot_h - y(v)).max(0.0);
                    view! {
                        <rect x=x y=y(v) width=bar_w height=h fill=s.color data-value=v>
                            <title>{format!("{label} · {}: {}", s.name, show(v))}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let ticks = labels
        .iter()
        .enumerate()
        .filter(|(g, _)| g % every == 0)
        .map(|(g, label)| {
            let x = LEFT + (g as f64 + 0.5) * group_w;
            view! {
                <text x=x y=HEIGHT - 6.0 text-anchor="middle" font-size="10" fill="#64748b">
                    {label.clone()}
                </text>
            }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <span class="flex items-center gap-1">
                    <span
                        class="inline-block size-3 rounded-sm"
                        style=format!("background:{}", s.color)
                    ></span>
                    {s.name.clone()}
                </span>
            }
        })
        .collect_view();
    view! {
        <figure class="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200" data-testid="chart">
            <figcaption class="mb-1 flex flex-wrap items-center gap-3 text-sm">
                <span class="font-semibold">{title.clone()}</span>
                {legend}
            </figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                class="h-auto w-full"
                role="img"
                aria-label=title
            >
                {grid}
                {bars}
                {ticks}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn the_axis_ends_on_a_round_number() {
        for (max, want) in [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (12, 20),
            (180, 200),
            (501, 1000),
        ] {
            assert_eq!(nice_ceiling(max), want, "{max}");
        }
    }
}
