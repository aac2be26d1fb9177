//! The partners' own words: each comment question's comments as the core lets them be shown
//! (redacted, at the comment threshold, in this load's order), with the facilitator's hiding and
//! themes. A hidden comment is counted, never printed or exported.

use partnerscope_core::aggregate::{Segment, Withheld};
use partnerscope_core::comments::{Comment, Piece, Removed};
use yew::prelude::*;

use crate::derive::{CommentBlock, Derived, ShownComment};
use crate::i18n::{Strings, fill, plural};
use crate::state::{Msg, State};

/// A redacted gap in the report's language.
pub fn gap(t: &Strings, removed: Removed) -> String {
    match removed {
        Removed::Email => t.removed_email,
        Removed::Phone => t.removed_phone,
        Removed::Link => t.removed_link,
    }
    .to_owned()
}

/// A comment's words, its gaps marked.
fn words(t: &Strings, comment: &Comment) -> Html {
    html! {
        <>
        { for comment.pieces().iter().map(|piece| match piece {
            Piece::Text(text) => html! { { text.clone() } },
            Piece::Removed(removed) => html! { <mark class="pr-removed">{ gap(t, *removed) }</mark> },
        }) }
        </>
    }
}

/// The themes a comment may be given: the questionnaire's areas, then the facilitator's own.
pub fn theme_names(d: &Derived, lang: &str, state: &State) -> Vec<String> {
    let mut names: Vec<String> = d.instrument.doc().dimensions.iter().map(|x| x.title.get(lang).to_owned()).collect();
    names.extend(state.own_themes.iter().cloned());
    names
}

/// The themes given to `key`.
pub fn themes_of(state: &State, key: u64) -> &[String] {
    state.themes.iter().find(|(k, _)| *k == key).map_or(&[], |(_, t)| t.as_slice())
}

pub struct CommentsView<'a> {
    pub t: &'static Strings,
    pub lang: &'a str,
    pub d: &'a Derived,
    pub state: &'a State,
    pub dispatch: &'a Callback<Msg>,
}

fn segment_name(v: &CommentsView, segment: Segment) -> String {
    match segment {
        Segment::All => v.t.all_respondents.to_owned(),
        Segment::Group(g) => v.d.instrument.doc().groups[g].name(v.lang).to_owned(),
        Segment::Ungrouped => v.t.no_group.to_owned(),
    }
}

/// One comment with its controls: hide or show again, and its themes.
fn comment_row(v: &CommentsView, item: usize, n: usize, shown: &ShownComment) -> Html {
    let t = v.t;
    let hidden = v.state.hidden.contains(&shown.key);
    let key = shown.key;
    let on_hide = v.dispatch.reform(move |_: MouseEvent| Msg::ToggleHidden(key));
    let themes = themes_of(v.state, key);
    let names = theme_names(v.d, v.lang, v.state);
    let group_id = format!("pr-themes-{item}-{n}");
    html! {
        <li class={classes!("pr-comment", hidden.then_some("pr-comment-hidden"))}>
            <blockquote dir="auto">{ words(t, &shown.comment) }</blockquote>
            if hidden {
                <p class="pr-help">{ t.hidden_note }</p>
            }
            <div class="pr-comment-actions pr-noprint">
                <button type="button" class="pr-link" aria-pressed={if hidden { "true" } else { "false" }} onclick={on_hide}>
                    { if hidden { t.show_again } else { t.hide } }
                </button>
                if !hidden {
                    <fieldset class="pr-themes">
                        <legend>{ t.themes_label }</legend>
                        { for names.iter().enumerate().map(|(k, name)| {
                            let id = format!("{group_id}-{k}");
                            let theme = name.clone();
                            let onchange = v.dispatch.reform(move |_: Event| Msg::ToggleTheme(key, theme.clone()));
                            html! {
                                <label class="pr-theme" for={id.clone()}>
                                    <input type="checkbox" id={id} checked={themes.contains(name)} onchange={onchange} />
                                    { name.clone() }
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            </div>
        </li>
    }
}

fn block(v: &CommentsView, block: &CommentBlock) -> Html {
    let t = v.t;
    let item = v.d.instrument.item(block.item);
    let threshold = v.d.report.comment_k().to_string();
    let area = block.dimension.map(|d| v.d.instrument.doc().dimensions[d].title.get(v.lang).to_owned());
    html! {
        <div class="pr-dim pr-comments">
            <h4>{ item.text.get(v.lang) }</h4>
            if let Some(area) = area {
                <p class="pr-help">{ area }</p>
            }
            { for block.lists.iter().map(|(segment, list)| {
                let name = segment_name(v, *segment);
                match list {
                    Ok(list) => {
                        let hidden = list.iter().filter(|c| v.state.hidden.contains(&c.key)).count();
                        let mut counts: Vec<(String, usize)> = Vec::new();
                        for c in list.iter().filter(|c| !v.state.hidden.contains(&c.key)) {
                            for theme in themes_of(v.state, c.key) {
                                match counts.iter_mut().find(|(name, _)| name == theme) {
                                    Some((_, n)) => *n += 1,
                                    None => counts.push((theme.clone(), 1)),
                                }
                            }
                        }
                        let by_theme = counts.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(t.comma);
                        html! {
                            <section class="pr-comment-list" aria-label={format!("{}: {name}", item.text.get(v.lang))}>
                                <h5>{ format!("{name} · {}", plural(t, &t.comments_count, list.len() as u64)) }
                                    if hidden > 0 { { format!(" · {}", plural(t, &t.hidden_count, hidden as u64)) } }
                                </h5>
                                if !counts.is_empty() {
                                    <p class="pr-help">{ fill(t.theme_counts, &[("list", &by_theme)]) }</p>
                                }
                                <ul class="pr-comment-items">
                                    { for list.iter().enumerate().map(|(n, c)| comment_row(v, block.item, n, c)) }
                                </ul>
                            </section>
                        }
                    }
                    Err(Withheld::FewerThanCommentThreshold) | Err(_) if *segment == Segment::All => html! {
                        <p class="pr-notice">{ format!("{name}{}{}", t.colon, fill(t.comments_withheld, &[("n", &threshold)])) }</p>
                    },
                    // A group's list withheld is said once, with all respondents'.
                    Err(_) => html! {},
                }
            }) }
        </div>
    }
}

pub fn comments_section(v: &CommentsView) -> Html {
    let t = v.t;
    let threshold = v.d.report.comment_k().to_string();
    let on_theme = {
        let dispatch = v.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form: web_sys::HtmlFormElement = e.target_unchecked_into();
            if let Some(input) = form.elements().named_item("theme") {
                let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(input);
                dispatch.emit(Msg::AddTheme(input.value()));
                input.set_value("");
            }
        })
    };
    html! {
        <section id="pr-comments" class="pr-section" aria-labelledby="pr-comments-title">
            <h3 id="pr-comments-title">{ t.comments_title }</h3>
            if v.d.comments.is_empty() {
                <p>{ t.comments_none }</p>
            } else {
                <p>{ fill(t.comments_intro, &[("n", &threshold)]) }</p>
                <form class="pr-theme-add pr-noprint" onsubmit={on_theme}>
                    <div class="pr-field">
                        <label for="pr-theme-new">{ t.theme_add_label }</label>
                        <input id="pr-theme-new" name="theme" type="text" maxlength="60" />
                    </div>
                    <button type="submit" class="pr-button">{ t.theme_add }</button>
                </form>
                { for v.d.comments.iter().map(|b| block(v, b)) }
            }
        </section>
    }
}

/// The comments not hidden, as CSV (one row per comment: question, group, themes, words), every
/// cell neutralised against formulas.
pub fn comments_csv(t: &Strings, d: &Derived, state: &State) -> String {
    let mut out = String::from("question,group,themes,comment\r\n");
    for block in &d.comments {
        let question = &d.instrument.item(block.item).id;
        for (segment, list) in &block.lists {
            let Ok(list) = list else { continue };
            let group = partnerscope_core::insight::segment_name(&d.instrument, *segment);
            for c in list.iter().filter(|c| !state.hidden.contains(&c.key)) {
                let cells = [
                    question.clone(),
                    group.clone(),
                    themes_of(state, c.key).join("; "),
                    c.comment.text(|r| gap(t, r)),
                ];
                let row: Vec<String> = cells.iter().map(|c| partnerscope_core::csv::cell(c)).collect();
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// The comments not hidden, as a JSON list for the report's JSON export.
pub fn comments_json(t: &Strings, d: &Derived, hidden: &[u64], themes: &[(u64, Vec<String>)]) -> String {
    use partnerscope_core::json_write::Object;
    let mut rows = Vec::new();
    for block in &d.comments {
        for (segment, list) in &block.lists {
            let Ok(list) = list else { continue };
            for c in list.iter().filter(|c| !hidden.contains(&c.key)) {
                let mut o = Object::new();
                o.str("question", &d.instrument.item(block.item).id)
                    .str("group", &partnerscope_core::insight::segment_name(&d.instrument, *segment))
                    .strs(
                        "themes",
                        themes
                            .iter()
                            .find(|(k, _)| *k == c.key)
                            .map_or(&[][..], |(_, t)| t.as_slice())
                            .iter()
                            .map(String::as_str),
                    )
                    .str("comment", &c.comment.text(|r| gap(t, r)));
                rows.push(o.finish());
            }
        }
    }
    format!("[{}]", rows.join(","))
}

/// What is kept on the device about the comments, as JSON: `{"hidden": ["…"], "themes":
/// [["key", ["theme", …]]], "own": ["theme", …]}` (keys as decimal strings: a JSON number could
/// not hold 64 bits exactly).
pub fn write_kept(hidden: &[u64], themes: &[(u64, Vec<String>)], own: &[String]) -> String {
    use partnerscope_core::json_write::Object;
    let keys: Vec<String> = hidden.iter().map(u64::to_string).collect();
    let pairs: Vec<String> = themes
        .iter()
        .map(|(k, list)| {
            let mut o = Object::new();
            o.str("key", &k.to_string()).strs("themes", list.iter().map(String::as_str));
            o.finish()
        })
        .collect();
    let mut out = Object::new();
    out.strs("hidden", keys.iter().map(String::as_str))
        .raws("themes", pairs.into_iter())
        .strs("own", own.iter().map(String::as_str));
    out.finish()
}

/// What is kept about the comments: hidden keys, themes by key, the facilitator's own themes.
pub type Kept = (Vec<u64>, Vec<(u64, Vec<String>)>, Vec<String>);

/// Reads what `write_kept` wrote; anything damaged reads as nothing kept.
pub fn read_kept(text: &str) -> Kept {
    use partnerscope_core::json::{Value, parse};
    let Ok(Value::Object(members)) = parse(text) else { return Default::default() };
    let field = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let strings = |value: Option<&Value>| -> Vec<String> {
        match value {
            Some(Value::Array(items)) => {
                items.iter().filter_map(|v| if let Value::String(s) = v { Some(s.to_string()) } else { None }).collect()
            }
            _ => Vec::new(),
        }
    };
    let hidden = strings(field("hidden")).iter().filter_map(|k| k.parse().ok()).collect();
    let themes = match field("themes") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let Value::Object(pair) = item else { return None };
                let get = |name: &str| pair.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                let key = match get("key") {
                    Some(Value::String(k)) => k.parse().ok()?,
                    _ => return None,
                };
                Some((key, strings(get("themes"))))
            })
            .collect(),
        _ => Vec::new(),
    };
    (hidden, themes, strings(field("own")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_about_comments_reads_back_and_damage_reads_as_nothing() {
        let themes = vec![(u64::MAX, vec!["Trust".to_owned(), "\"odd\" theme".to_owned()])];
        let text = write_kept(&[1, u64::MAX], &themes, &["Money".to_owned()]);
        assert_eq!(read_kept(&text), (vec![1, u64::MAX], themes, vec!["Money".to_owned()]));
        assert_eq!(read_kept("{\"hidden\": 3"), Default::default());
        assert_eq!(read_kept("[]"), Default::default());
    }
}
