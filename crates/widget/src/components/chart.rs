//! Charts drawn from Rust as SVG: no chart library, no script. They are plain functions
//! returning `Html`, not components: a Yew component costs about 3 KB of generic code in the
//! wasm (measured on 2026-11-23), and these have no state of their own. Each chart is an image with a text
//! name; the same figures are always also given as text beside it (the bars' values), so nothing
//! depends on seeing the chart, and tone is shown by pattern and label as well as colour.

use yew::prelude::*;

/// One axis of the radar: a 0-100 index (`None` for "not enough answers"). Axes are numbered
/// in order; the list of scores gives each number its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub index: Option<f64>,
}

const SIZE: f64 = 320.0;
/// `SIZE` with a 10-unit margin, written out: formatting an `f64` with `{}` would bring the
/// standard float printer (about 15 KB) into the wasm.
const VIEW_BOX: &str = "-10 -10 340 340";
const CENTRE: f64 = SIZE / 2.0;
const RADIUS: f64 = 110.0;

/// Cosine and sine by their power series. The standard `cos` and `sin` bring libm's argument
/// reduction (about 8 KB of wasm) for angles that here never leave `[-π, π]`, where 30 terms
/// are exact to well below a pixel.
fn cos_sin(x: f64) -> (f64, f64) {
    let (mut cos, mut sin) = (0.0, 0.0);
    let mut term = 1.0; // x^n / n!
    for n in 0..30 {
        match n % 4 {
            0 => cos += term,
            1 => sin += term,
            2 => cos -= term,
            _ => sin -= term,
        }
        term *= x / f64::from(n + 1);
    }
    (cos, sin)
}

fn point(k: usize, n: usize, fraction: f64) -> (f64, f64) {
    // Start at twelve o'clock and go clockwise: angle in [-π/2, 3π/2), brought into [-π, π].
    let mut angle = std::f64::consts::TAU * k as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    if angle > std::f64::consts::PI {
        angle -= std::f64::consts::TAU;
    }
    let (cos, sin) = cos_sin(angle);
    (CENTRE + RADIUS * fraction * cos, CENTRE + RADIUS * fraction * sin)
}

fn coord(v: f64) -> String {
    partnerscope_core::text::fixed(v, 1, '.')
}

/// A radar chart of dimension indices, named `label` for screen readers. Drawn only with three
/// or more axes, where the shape of the profile says something a bar chart does not (whether it
/// is balanced). A function, not a component: see the module's note on size.
pub fn radar(axes: &[Axis], label: &str) -> Html {
    let n = axes.len();
    if n < 3 {
        return html! {};
    }
    let ring = |fraction: f64| {
        (0..n)
            .map(|k| {
                let (x, y) = point(k, n, fraction);
                format!("{},{}", coord(x), coord(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shape = axes
        .iter()
        .enumerate()
        .map(|(k, axis)| {
            let (x, y) = point(k, n, axis.index.unwrap_or(0.0) / 100.0);
            format!("{},{}", coord(x), coord(y))
        })
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <svg class="ps-radar" viewBox={VIEW_BOX} role="img" aria-label={label.to_owned()}>
            { for [0.25, 0.5, 0.75, 1.0].iter().map(|f| html! {
                <polygon class="ps-radar-ring" points={ring(*f)} />
            }) }
            { for (0..n).map(|k| {
                let (x, y) = point(k, n, 1.0);
                html! { <line class="ps-radar-axis" x1={coord(CENTRE)} y1={coord(CENTRE)} x2={coord(x)} y2={coord(y)} /> }
            }) }
            <polygon class="ps-radar-shape" points={shape} />
            // Axes carry the areas' numbers, which the list of scores beside the chart repeats with
            // the names: long names do not fit around a circle on a phone.
            { for (0..n).map(|k| {
                let (x, y) = point(k, n, 1.2);
                html! {
                    <text class="ps-radar-label" x={coord(x)} y={coord(y + 6.0)} text-anchor="middle">{ k + 1 }</text>
                }
            }) }
        </svg>
    }
}

/// A horizontal bar of a 0-100 `index` as SVG: its length is an attribute, not an inline style,
/// so it needs no `style-src 'unsafe-inline'` from a host page's Content-Security-Policy.
pub fn bar(index: f64) -> Html {
    html! {
        <svg class="ps-bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="ps-bar-back" x="0" y="0" width="100" height="10" />
            <rect class="ps-bar-fill" x="0" y="0" width={coord(index.clamp(0.0, 100.0))} height="10" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::cos_sin;

    #[test]
    fn series_matches_the_standard_functions_on_the_whole_circle() {
        for k in -180..=180 {
            let x = f64::from(k) * std::f64::consts::PI / 180.0;
            let (c, s) = cos_sin(x);
            assert!((c - x.cos()).abs() < 1e-11 && (s - x.sin()).abs() < 1e-11, "{k}");
        }
    }
}
