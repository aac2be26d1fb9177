//! The meeting view for the partnership's summit: one slide for the overall picture and one per
//! area (its means by group, the gap, the change since the last round, the meeting question and
//! a few comments), moved by the keyboard or a presentation clicker, in type readable from the
//! back of a room, printable as landscape slides. A decision taken in the room goes straight
//! into the action plan from the area's slide.
//!
//! It shows nothing the report does not: every figure comes from `Derived`.

use partnerscope_core::aggregate::Segment;
use partnerscope_core::insight::Point;
use partnerscope_core::plan::{ActionPlan, PlannedAction, Priority};
use yew::prelude::*;

use crate::comments_view::gap;
use crate::derive::Derived;
use crate::i18n::{Strings, fill, number, signed};
use crate::sections::{View, point_sentence};
use crate::state::{Msg, State};

/// How many slides the view has: the overall picture, then one per area.
pub fn slide_count(d: &Derived) -> usize {
    1 + d.instrument.doc().dimensions.len()
}

/// The slide after a key press, or `None` to close; `Some(same)` for keys it does not use.
/// Clickers send Page Down and Page Up (or the arrows); the space bar goes on, as in a slideshow.
pub fn step(slide: usize, count: usize, key: &str) -> Option<usize> {
    match key {
        "ArrowRight" | "ArrowDown" | "PageDown" | " " | "Enter" => Some((slide + 1).min(count - 1)),
        "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => Some(slide.saturating_sub(1)),
        "Home" => Some(0),
        "End" => Some(count - 1),
        "Escape" => None,
        _ => Some(slide),
    }
}

pub struct MeetingView<'a> {
    pub t: &'static Strings,
    pub lang: &'a str,
    pub d: &'a Derived,
    pub state: &'a State,
    pub dispatch: &'a Callback<Msg>,
    pub on_plan: &'a Callback<ActionPlan>,
}

/// The big numbers of one row of the glance grid: each shown segment's mean and band.
fn means(m: &MeetingView, v: &View, row: usize) -> Html {
    let glance = &m.d.glance[row];
    let doc = m.d.instrument.doc();
    let bands = match glance.dimension {
        None if doc.scoring.mode == partnerscope_core::instrument::Mode::Sum => &doc.scoring.total_bands,
        None => &doc.scoring.bands,
        Some(d) => m.d.instrument.dimension_bands(d),
    };
    html! {
        <ul class="pr-slide-means">
            { for glance.cells.iter().zip(&m.d.columns).map(|(cell, segment)| html! {
                <li>
                    <span class="pr-slide-who">{ v.segment_name(*segment) }</span>
                    { match cell {
                        Ok((mean, band)) => html! {
                            <>
                                <span class="pr-slide-number">{ number(m.t, *mean, if glance.dimension.is_none() && doc.scoring.mode == partnerscope_core::instrument::Mode::Sum { 0 } else { 2 }) }</span>
                                <span class="pr-slide-band">{ bands[*band].label.get(m.lang) }</span>
                            </>
                        },
                        Err(_) => html! { <span class="pr-slide-band">{ m.t.glance_withheld }</span> },
                    } }
                </li>
            }) }
        </ul>
    }
}

/// A few comments of area `d` (all respondents', not hidden), for its slide.
fn voices(m: &MeetingView, d: usize) -> Vec<String> {
    m.d.comments
        .iter()
        .filter(|b| b.dimension == Some(d))
        .flat_map(|b| b.lists.iter().filter(|(s, _)| *s == Segment::All))
        .filter_map(|(_, list)| list.as_ref().ok())
        .flatten()
        .filter(|c| !m.state.hidden.contains(&c.key))
        .take(3)
        .map(|c| c.comment.text(|r| gap(m.t, r)))
        .collect()
}

/// The form that adds a decision to the plan being written, under area `d`.
fn add_to_plan(m: &MeetingView, d: usize, print: bool) -> Html {
    if print {
        return html! {};
    }
    let t = m.t;
    let area = m.d.instrument.doc().dimensions[d].id.clone();
    let plan = m.d.written.clone();
    let on_plan = m.on_plan.clone();
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let form: web_sys::HtmlFormElement = e.target_unchecked_into();
        let field = |name: &str| {
            form.elements().named_item(name).map(|el| {
                let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(el);
                let value = input.value();
                input.set_value("");
                value
            })
        };
        let (what, who, by) =
            (field("what").unwrap_or_default(), field("who").unwrap_or_default(), field("by").unwrap_or_default());
        if what.trim().is_empty() {
            return;
        }
        let mut next = plan.clone();
        let action = PlannedAction { what, who, by };
        match next.priorities.iter_mut().find(|p| p.dimension == area) {
            Some(priority) => {
                priority.actions.retain(|a| !a.what.trim().is_empty() || !a.who.trim().is_empty());
                priority.actions.push(action);
            }
            None => next.priorities.push(Priority { dimension: area.clone(), actions: vec![action] }),
        }
        on_plan.emit(next);
    });
    let id = |name: &str| format!("pr-slide-{d}-{name}");
    let planned = m.d.written.priorities.iter().find(|p| p.dimension == m.d.instrument.doc().dimensions[d].id);
    html! {
        <form class="pr-slide-plan" onsubmit={onsubmit}>
            <h3>{ t.meeting_add }</h3>
            if let Some(planned) = planned {
                <ul class="pr-slide-planned">
                    { for planned.actions.iter().filter(|a| !a.what.trim().is_empty()).map(|a| html! { <li>{ a.what.clone() }</li> }) }
                </ul>
            }
            <div class="pr-slide-fields">
                <div class="pr-field"><label for={id("what")}>{ t.plan_what }</label><input id={id("what")} name="what" type="text" maxlength="1000" /></div>
                <div class="pr-field"><label for={id("who")}>{ t.plan_who }</label><input id={id("who")} name="who" type="text" maxlength="200" /></div>
                <div class="pr-field"><label for={id("by")}>{ t.plan_by }</label><input id={id("by")} name="by" type="date" /></div>
                <button type="submit" class="pr-button">{ t.meeting_add }</button>
            </div>
        </form>
    }
}

/// Slide `n`: the overall picture (0) or an area's.
fn slide(m: &MeetingView, n: usize, print: bool) -> Html {
    let t = m.t;
    let v = View { t, lang: m.lang, d: m.d };
    let doc = m.d.instrument.doc();
    if n == 0 {
        let questions: Vec<String> = m.d.points.iter().take(3).map(|p| point_sentence(&v, p)).collect();
        return html! {
            <div class="pr-slide-body">
                <h2>{ format!("{} · {}", doc.title.get(m.lang), m.d.selection.round) }</h2>
                <p class="pr-slide-kicker">{ t.meeting_overview }</p>
                { means(m, &v, 0) }
                if !questions.is_empty() {
                    <h3>{ t.meeting_question }</h3>
                    <ul class="pr-slide-questions">{ for questions.into_iter().map(|q| html! { <li>{ q }</li> }) }</ul>
                }
            </div>
        };
    }
    let d = n - 1;
    let gaps: Vec<String> =
        m.d.report
            .gaps()
            .iter()
            .filter(|g| g.dimension() == d && g.flagged())
            .map(|g| {
                format!(
                    "{} \u{2212} {}{}{}",
                    doc.groups[g.later()].name(m.lang),
                    doc.groups[g.earlier()].name(m.lang),
                    t.colon,
                    signed(t, g.difference(), 2)
                )
            })
            .collect();
    let change = m.d.changes.iter().find(|c| c.segment() == Segment::All && c.dimension() == Some(d));
    let question = m.d.points.iter().find(|p| match p {
        Point::Gap { dimension, .. }
        | Point::Weak { dimension, .. }
        | Point::Planned { dimension, .. }
        | Point::Changed { dimension, .. } => *dimension == d,
    });
    let voices = voices(m, d);
    let nothing = m.d.glance[n].cells.iter().all(Result::is_err);
    html! {
        <div class="pr-slide-body">
            <h2>{ format!("{n}. {}", v.dim(d)) }</h2>
            if nothing {
                <p class="pr-slide-kicker">{ t.meeting_nothing }</p>
            } else {
                { means(m, &v, n) }
            }
            if !gaps.is_empty() {
                <h3>{ t.meeting_gap }</h3>
                <ul>{ for gaps.into_iter().map(|g| html! { <li>{ g }</li> }) }</ul>
            }
            if let (Some(c), Some(previous)) = (change, m.d.selection.previous.as_ref()) {
                <h3>{ fill(t.meeting_change, &[("round", previous)]) }</h3>
                <p class="pr-slide-change">{ format!("{} {} {} ({})", v.num(c.previous()), arrow(t), v.num(c.current()), signed(t, c.difference(), 2)) }</p>
            }
            if let Some(question) = question {
                <h3>{ t.meeting_question }</h3>
                <p class="pr-slide-question">{ point_sentence(&v, question) }</p>
            }
            if !voices.is_empty() {
                <h3>{ t.meeting_voices }</h3>
                <ul class="pr-slide-voices">{ for voices.into_iter().map(|q| html! { <li><blockquote dir="auto">{ q }</blockquote></li> }) }</ul>
            }
            { add_to_plan(m, d, print) }
        </div>
    }
}

pub fn meeting_view(m: &MeetingView) -> Html {
    let t = m.t;
    let count = slide_count(m.d);
    let current = m.state.meeting.unwrap_or(0).min(count - 1);
    let onkeydown = {
        let dispatch = m.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Typing in the plan's fields is typing, not moving.
            let typing = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"));
            if typing && e.key() != "Escape" {
                return;
            }
            let next = step(current, count, &e.key());
            if next != Some(current) {
                e.prevent_default();
                dispatch.emit(Msg::Meeting(next));
            }
        })
    };
    let go = |to: Option<usize>| m.dispatch.reform(move |_: MouseEvent| Msg::Meeting(to));
    html! {
        <div class="pr-meeting" role="dialog" aria-modal="true" aria-labelledby="pr-meeting-title" tabindex="-1" id="pr-meeting" onkeydown={onkeydown}>
            <div class="pr-meeting-bar pr-noprint">
                <h1 id="pr-meeting-title" class="pr-meeting-title">{ t.meeting_title }</h1>
                <p class="pr-meeting-where" role="status">{ fill(t.meeting_slide, &[("n", &(current + 1).to_string()), ("total", &count.to_string())]) }</p>
                <button type="button" class="pr-button" onclick={go(Some(current.saturating_sub(1)))} disabled={current == 0}>{ t.meeting_previous }</button>
                <button type="button" class="pr-button" onclick={go(Some((current + 1).min(count - 1)))} disabled={current + 1 == count}>{ t.meeting_next }</button>
                <button type="button" class="pr-button" onclick={Callback::from(|_: MouseEvent| crate::platform::print())}>{ t.meeting_print }</button>
                <button type="button" class="pr-button" onclick={go(None)}>{ t.meeting_close }</button>
            </div>
            <p class="pr-help pr-noprint">{ t.meeting_help }</p>
            <section class="pr-slide pr-noprint" aria-live="polite">{ slide(m, current, false) }</section>
            // Every slide, one landscape page each, for printing.
            <div class="pr-slides-print">
                { for (0..count).map(|n| html! { <section class="pr-slide">{ slide(m, n, true) }</section> }) }
            </div>
        </div>
    }
}

/// From then to now: the arrow points the way the line is read (an arrow is not mirrored by the
/// bidi algorithm, so Arabic needs its own).
fn arrow(t: &Strings) -> &'static str {
    if partnerscope_core::locale::direction(t.code) == "rtl" { "\u{2190}" } else { "\u{2192}" }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn keys_move_between_slides_as_a_clicker_expects() {
        assert_eq!(step(0, 4, "ArrowRight"), Some(1));
        assert_eq!(step(0, 4, "PageDown"), Some(1));
        assert_eq!(step(0, 4, " "), Some(1));
        assert_eq!(step(3, 4, "ArrowRight"), Some(3), "the last slide stays");
        assert_eq!(step(2, 4, "PageUp"), Some(1));
        assert_eq!(step(0, 4, "ArrowLeft"), Some(0));
        assert_eq!(step(2, 4, "Home"), Some(0));
        assert_eq!(step(0, 4, "End"), Some(3));
        assert_eq!(step(2, 4, "Escape"), None);
        assert_eq!(step(2, 4, "x"), Some(2));
    }
}
