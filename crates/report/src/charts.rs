//! The report's charts as SVG, drawn from Rust. Styles are presentation attributes, not CSS
//! classes, so a chart downloaded on its own (`platform::svg_text`) looks as it does on screen.
//! Every chart has a text name, and every figure it draws is also in a table beside it; series
//! differ by dash pattern and marker as well as colour.

use yew::prelude::*;

use partnerscope_core::text::fixed;

/// Colour and dash pattern of each series; the first is "all respondents".
const SERIES: [(&str, &str); 6] = [
    ("#1d2430", ""),
    ("#1f5fae", "8 4"),
    ("#b35900", "2 3"),
    ("#1e6b37", "10 3 2 3"),
    ("#7a1f5c", "4 2"),
    ("#4a5466", "1 2"),
];

/// The colour and dash pattern of series `k`, for legends.
pub fn series_style(k: usize) -> (&'static str, &'static str) {
    SERIES[k % SERIES.len()]
}

fn n(v: f64) -> String {
    fixed(v, 1, '.')
}

/// Cosine and sine by their power series (the standard ones bring libm's argument reduction);
/// exact to well below a pixel on `[-π, π]`.
fn cos_sin(x: f64) -> (f64, f64) {
    let (mut cos, mut sin) = (0.0, 0.0);
    let mut term = 1.0;
    for k in 0..30 {
        match k % 4 {
            0 => cos += term,
            1 => sin += term,
            2 => cos -= term,
            _ => sin -= term,
        }
        term *= x / f64::from(k + 1);
    }
    (cos, sin)
}

fn point(k: usize, count: usize, fraction: f64, centre: f64, radius: f64) -> (f64, f64) {
    let mut angle = std::f64::consts::TAU * k as f64 / count as f64 - std::f64::consts::FRAC_PI_2;
    if angle > std::f64::consts::PI {
        angle -= std::f64::consts::TAU;
    }
    let (cos, sin) = cos_sin(angle);
    (centre + radius * fraction * cos, centre + radius * fraction * sin)
}

/// One group's profile on the radar: its name and each area's 0-100 index (`None`: not shown).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// Index into the series styles (0 is "all respondents").
    pub style: usize,
}

/// A radar chart overlaying several groups' profiles. Axes are numbered; the table beside it
/// gives each number its name. A group with an area not shown leaves that axis at the centre
/// and its shape is drawn as points only.
pub fn radar(id: &str, name: &str, axes: usize, series: &[Series]) -> Html {
    if axes < 3 {
        return html! {};
    }
    let (centre, radius) = (170.0, 120.0);
    let ring = |fraction: f64| {
        (0..axes)
            .map(|k| {
                let (x, y) = point(k, axes, fraction, centre, radius);
                format!("{},{}", n(x), n(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        <svg id={id.to_owned()} class="pr-radar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 340" role="img" aria-label={name.to_owned()}>
            <title>{ name.to_owned() }</title>
            <rect x="0" y="0" width="340" height="340" fill="#ffffff" />
            { for [0.25, 0.5, 0.75, 1.0].iter().map(|f| html! {
                <polygon points={ring(*f)} fill="none" stroke="#c9d0db" stroke-width="1" />
            }) }
            { for (0..axes).map(|k| {
                let (x, y) = point(k, axes, 1.0, centre, radius);
                let (lx, ly) = point(k, axes, 1.16, centre, radius);
                html! {
                    <>
                        <line x1={n(centre)} y1={n(centre)} x2={n(x)} y2={n(y)} stroke="#c9d0db" stroke-width="1" />
                        <text x={n(lx)} y={n(ly + 5.0)} text-anchor="middle" font-size="15" font-weight="600"
                            font-family="system-ui, sans-serif" fill="#1d2430">{ k + 1 }</text>
                    </>
                }
            }) }
            { for series.iter().map(|s| {
                let (colour, dash) = series_style(s.style);
                let points: Vec<(f64, f64)> = s.values.iter().enumerate()
                    .map(|(k, v)| point(k, axes, v.unwrap_or(0.0) / 100.0, centre, radius)).collect();
                let complete = s.values.iter().all(Option::is_some);
                let line = points.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect::<Vec<_>>().join(" ");
                html! {
                    <g>
                        if complete {
                            <polygon points={line} fill="none" stroke={colour} stroke-width={if s.style == 0 { "3" } else { "2.5" }}
                                stroke-dasharray={dash} />
                        }
                        { for points.iter().zip(&s.values).filter(|(_, v)| v.is_some()).map(|((x, y), _)| html! {
                            <circle cx={n(*x)} cy={n(*y)} r="3.5" fill={colour} />
                        }) }
                    </g>
                }
            }) }
        </svg>
    }
}

/// One bar of the gap chart: its label (the area's number and name), the difference in scale
/// points and as written in the report's language (`None`: not shown), and whether it is flagged.
pub struct GapBar {
    pub label: String,
    pub value: Option<(f64, String)>,
    pub flagged: bool,
}

/// Horizontal bars of the difference between two groups per area, centred on zero, `span` scale
/// points to each side. Flagged bars are solid and marked "!", the others hatched lighter.
pub fn gaps(id: &str, name: &str, bars: &[GapBar], span: f64, threshold: f64) -> Html {
    let (left, width, row) = (250.0, 300.0, 30.0);
    let height = 40.0 + row * bars.len() as f64;
    let x_of = |v: f64| left + width / 2.0 + (v / span).clamp(-1.0, 1.0) * width / 2.0;
    let zero = x_of(0.0);
    html! {
        <svg id={id.to_owned()} class="pr-gaps" xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 600 {}", n(height))}
            role="img" aria-label={name.to_owned()}>
            <title>{ name.to_owned() }</title>
            <defs>
                <pattern id={format!("{id}-hatch")} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#e8f0fb" />
                    <line x1="0" y1="0" x2="0" y2="6" stroke="#1f5fae" stroke-width="2" />
                </pattern>
            </defs>
            <rect x="0" y="0" width="600" height={n(height)} fill="#ffffff" />
            // The threshold either side of zero.
            { for [-threshold, threshold].iter().map(|t| html! {
                <line x1={n(x_of(*t))} y1="20" x2={n(x_of(*t))} y2={n(height - 10.0)} stroke="#8a5a00" stroke-width="1" stroke-dasharray="3 3" />
            }) }
            <line x1={n(zero)} y1="20" x2={n(zero)} y2={n(height - 10.0)} stroke="#1d2430" stroke-width="1.5" />
            <text x={n(x_of(-span))} y="14" font-size="12" font-family="system-ui, sans-serif" fill="#4a5466">{ format!("−{}", fixed(span, 1, '.')) }</text>
            <text x={n(x_of(span))} y="14" font-size="12" text-anchor="end" font-family="system-ui, sans-serif" fill="#4a5466">{ format!("+{}", fixed(span, 1, '.')) }</text>
            { for bars.iter().enumerate().map(|(k, bar)| {
                let y = 30.0 + row * k as f64;
                let label = html! {
                    <text x="4" y={n(y + 15.0)} font-size="13" font-family="system-ui, sans-serif" fill="#1d2430">{ clip(&bar.label, 34) }</text>
                };
                match &bar.value {
                    Some((d, written)) => {
                        let d = *d;
                        let (x0, x1) = if d < 0.0 { (x_of(d), zero) } else { (zero, x_of(d)) };
                        let fill = if bar.flagged { "#1f5fae".to_owned() } else { format!("url(#{id}-hatch)") };
                        // The same sign and digits as the sentences below the chart.
                        let value = format!("{written}{}", if bar.flagged { " !" } else { "" });
                        html! {
                            <g>
                                { label }
                                <rect x={n(x0)} y={n(y + 3.0)} width={n((x1 - x0).max(1.0))} height="16" fill={fill} stroke="#1f5fae" stroke-width="1" />
                                <text x={n(if d < 0.0 { x0 - 4.0 } else { x1 + 4.0 })} y={n(y + 15.0)} font-size="12"
                                    text-anchor={if d < 0.0 { "end" } else { "start" }} font-weight={if bar.flagged { "700" } else { "400" }}
                                    font-family="system-ui, sans-serif" fill="#1d2430">{ value }</text>
                            </g>
                        }
                    }
                    None => html! { <g>{ label }<text x={n(zero + 4.0)} y={n(y + 15.0)} font-size="12" font-family="system-ui, sans-serif" fill="#4a5466">{ "—" }</text></g> },
                }
            }) }
        </svg>
    }
}

/// A label cut to `max` characters with an ellipsis; the full name is in the table.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

/// A small bar chart of how many respondents scored each scale point (the lowest is `min`),
/// named `name` (which lists the counts): each bar has its count above it and its scale point
/// below it, so the chart reads without the table.
pub fn distribution(name: &str, counts: &[u64], min: i32) -> Html {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (bar, top, base) = (18.0, 11.0, 35.0);
    let width = bar * counts.len() as f64;
    html! {
        <svg class="pr-dist" viewBox={format!("0 0 {} 46", n(width))} role="img" aria-label={name.to_owned()}>
            { for counts.iter().enumerate().map(|(k, &c)| {
                let h = (base - top) * c as f64 / max;
                let x = bar * k as f64;
                html! {
                    <g>
                        <rect x={n(x + 2.0)} y={n(base - h)} width={n(bar - 4.0)} height={n(h.max(0.5))} fill="#1f5fae" />
                        <text x={n(x + bar / 2.0)} y={n(base - h - 2.0)} font-size="8" text-anchor="middle"
                            font-family="system-ui, sans-serif" fill="#1d2430">{ c }</text>
                        <text x={n(x + bar / 2.0)} y="44" font-size="8" text-anchor="middle"
                            font-family="system-ui, sans-serif" fill="#4a5466">{ min + k as i32 }</text>
                    </g>
                }
            }) }
            <line x1="0" y1={n(base + 0.5)} x2={n(width)} y2={n(base + 0.5)} stroke="#4a5466" stroke-width="1" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::{clip, cos_sin};

    #[test]
    fn series_matches_the_standard_functions() {
        for k in -180..=180 {
            let x = f64::from(k).to_radians();
            let (c, s) = cos_sin(x);
            assert!((c - x.cos()).abs() < 1e-11 && (s - x.sin()).abs() < 1e-11, "{k}");
        }
    }

    #[test]
    fn long_labels_are_clipped_on_a_character_boundary() {
        assert_eq!(clip("Pouvoir", 34), "Pouvoir");
        assert_eq!(clip(&"é".repeat(40), 10).chars().count(), 10);
    }
}
