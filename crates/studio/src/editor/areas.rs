//! The areas, their statements and their advice: the longest part of the editor.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Every area with its statements and its advice.
pub fn areas(cx: &Ctx) -> Html {
    let t = cx.t;
    let d = cx.d;
    let n = d.dimensions.len();
    let add = cx.change(Some(field_id(&format!("dimensions[{n}].id"))), Draft::add_area);
    html! {
        <section id="areas" aria-labelledby="areas-h">
            <h2 id="areas-h" tabindex="-1">{t.areas}</h2>
            <p class="hint">{t.areas_hint}</p>
            { for d.dimensions.iter().enumerate().map(|(a, dim)| area(cx, a, dim)) }
            <button type="button" id="add-area" onclick={add}>{t.add_area}</button>
        </section>
    }
}

fn area(cx: &Ctx, a: usize, dim: &Dimension) -> Html {
    let t = cx.t;
    let d = cx.d;
    // Named in the interface language when the questionnaire has it (`Draft::name_of`).
    let n_text = (a + 1).to_string();
    // In the words of buttons' labels, the title bare (the Arabic template isolates it).
    let (title_lang, title) = d.name_of(&dim.title, "", t.code);
    let (what, legend) = if title_lang.is_some() {
        let named = fill(t.area_named, &[("n", &n_text)]);
        (fill(&named, &[("title", &title)]), fill_with(&named, "title", cx.name(&dim.title, "")))
    } else {
        let what = fill(t.area_n, &[("n", &n_text)]);
        (what.clone(), html! { what })
    };
    let n_items = dim.items.len();
    let items = dim.items.iter().enumerate().map(|(i, item)| statement(cx, a, i, n_items, item));
    let add_item = cx.change(
        Some(field_id(&format!(
            "dimensions[{a}].items[{n_items}].text.{}",
            d.locales.first().map_or("en", String::as_str)
        ))),
        move |d| {
            d.add_statement(a);
        },
    );
    let bands = dim.bands.as_ref().unwrap_or(&d.bands);
    let n_advice = dim.recommendations.len();
    let advice = dim.recommendations.iter().enumerate().map(|(r, rec)| advice(cx, a, r, n_advice, rec, bands));
    let add_advice = cx.change(Some(format!("advice-{a}-{n_advice}-up")), move |d| {
        if let Some(dim) = d.dimensions.get_mut(a) {
            dim.recommendations.push(Advice::default());
        }
    });
    html! {
        <fieldset class="area" id={field_id(&format!("dimensions[{a}]"))} tabindex="-1">
            <legend><span class="area-legend">{legend}</span></legend>
            {row_buttons(cx, &what, a, cx.d.dimensions.len(), |d| Some(&mut d.dimensions), |i, b| format!("area-{i}-{b}"), "add-area".into())}
            <div class="grid2">
                {cx.line(t.id_label, &format!("dimensions[{a}].id"), &dim.id, move |d, v| if let Some(x) = d.dimensions.get_mut(a) { x.id = v.to_owned() })}
                {cx.number(t.weight, &format!("dimensions[{a}].weight"), &dim.weight, move |d, v| if let Some(x) = d.dimensions.get_mut(a) { x.weight = v.to_owned() })}
            </div>
            {cx.texts(t.area_title, Slot::AreaTitle(a), false)}
            {cx.texts(t.area_description, Slot::AreaDescription(a), true)}
            <h3 id={field_id(&format!("dimensions[{a}].items"))} tabindex="-1">{fill(t.statements_of, &[("what", &what)])}</h3>
            { for items }
            <button type="button" id={format!("add-item-{a}")} onclick={add_item}>{fill(t.add_statement, &[("what", &what)])}</button>
            <h3 id={field_id(&format!("dimensions[{a}].recommendations"))} tabindex="-1">{fill(t.advice_of, &[("what", &what)])}</h3>
            { for advice }
            <button type="button" id={format!("add-advice-{a}")} onclick={add_advice}>{fill(t.add_advice, &[("what", &what)])}</button>
        </fieldset>
    }
}

fn statement(cx: &Ctx, a: usize, i: usize, n: usize, item: &Item) -> Html {
    let t = cx.t;
    let what = fill(t.statement_n, &[("id", &item.id)]);
    let base = format!("dimensions[{a}].items[{i}]");
    let kinds = opts(&[("scale", t.kind_scale), ("comment", t.kind_comment)]);
    let first_lang = cx.d.locales.first().cloned().unwrap_or_default();
    let after_remove = format!("add-item-{a}");
    html! {
        <fieldset class="entry statement" id={field_id(&base)} tabindex="-1">
            <legend>{what.clone()}</legend>
            {row_buttons(cx, &what, i, n, move |d| d.dimensions.get_mut(a).map(|x| &mut x.items), move |j, b| format!("item-{a}-{j}-{b}"), after_remove)}
            {cx.texts(t.statement_text, Slot::Item(a, i), true)}
            <div class="grid3">
                {cx.line(t.id_label, &format!("{base}.id"), &item.id, move |d, v| if let Some(x) = item_mut(d, a, i) { x.id = v.to_owned() })}
                {cx.select(t.kind_label, &format!("{base}.kind"), if item.kind == ItemKind::Comment { "comment" } else { "scale" }, &kinds,
                    move |d, v| if let Some(x) = item_mut(d, a, i) { x.kind = if v == "comment" { ItemKind::Comment } else { ItemKind::Scale } })}
                if item.kind == ItemKind::Scale {
                    {cx.number(t.weight, &format!("{base}.weight"), &item.weight, move |d, v| if let Some(x) = item_mut(d, a, i) { x.weight = v.to_owned() })}
                }
            </div>
            if item.kind == ItemKind::Scale {
                <div class="checks-row">
                    {cx.checkbox(t.reverse, &format!("{base}.reverse"), item.reverse, move |d, on| if let Some(x) = item_mut(d, a, i) { x.reverse = on })}
                    {cx.checkbox(t.offer_na, &format!("{base}.not_applicable"), item.not_applicable, move |d, on| if let Some(x) = item_mut(d, a, i) { x.not_applicable = on })}
                    {cx.checkbox(t.required, &format!("{base}.required"), item.required, move |d, on| if let Some(x) = item_mut(d, a, i) { x.required = on })}
                </div>
            }
            { for item.group_text.keys().map(|g| {
                let name = cx.d.groups.iter().find(|x| x.id == *g).map_or_else(|| isolated(g), |x| cx.name_text(cx.group_name(x), g));
                cx.texts(&fill(t.group_wording, &[("group", &name)]), Slot::GroupText(a, i, g.clone()), true)
            }) }
            if !cx.d.groups.is_empty() {
                {group_wording_buttons(cx, a, i, item, &first_lang)}
            }
        </fieldset>
    }
}

/// "Word it for staff" buttons: a wording of the statement for one respondent group.
fn group_wording_buttons(cx: &Ctx, a: usize, i: usize, item: &Item, lang: &str) -> Html {
    let t = cx.t;
    let buttons = cx.d.groups.iter().map(|g| {
        let gid = g.id.clone();
        if item.group_text.contains_key(&gid) {
            let remove = cx.change(None, move |d| {
                if let Some(x) = item_mut(d, a, i) {
                    x.group_text.remove(&gid);
                }
            });
            html! { <button type="button" onclick={remove}>{fill_with(t.group_wording_remove, "group", cx.name(cx.group_name(g), &g.id))}</button> }
        } else {
            let focus = field_id(&format!("dimensions[{a}].items[{i}].group_text.{gid}.{lang}"));
            let add = cx.change(Some(focus), move |d| {
                if let Some(x) = item_mut(d, a, i) {
                    let copy = x.text.clone();
                    x.group_text.insert(gid.clone(), copy);
                }
            });
            html! { <button type="button" onclick={add}>{fill_with(t.group_wording_add, "group", cx.name(cx.group_name(g), &g.id))}</button> }
        }
    });
    html! { <div class="row-buttons wrap">{ for buttons }</div> }
}

fn item_mut(d: &mut Draft, a: usize, i: usize) -> Option<&mut Item> {
    d.dimensions.get_mut(a)?.items.get_mut(i)
}

fn advice_mut(d: &mut Draft, a: usize, r: usize) -> Option<&mut Advice> {
    d.dimensions.get_mut(a)?.recommendations.get_mut(r)
}

fn advice(cx: &Ctx, a: usize, r: usize, n: usize, rec: &Advice, bands: &[Band]) -> Html {
    let t = cx.t;
    let d = cx.d;
    let what = fill(t.advice_n, &[("n", &(r + 1).to_string())]);
    let base = format!("dimensions[{a}].recommendations[{r}]");
    let band_boxes = bands.iter().enumerate().map(|(b, band)| {
        let id_owned = band.id.clone();
        cx.checkbox_with(
            cx.name(&band.label, &band.id),
            &format!("{base}.bands[{b}]"),
            rec.bands.contains(&band.id),
            move |d, on| {
                if let Some(x) = advice_mut(d, a, r) {
                    x.bands.retain(|b| *b != id_owned);
                    if on {
                        x.bands.push(id_owned.clone());
                    }
                }
            },
        )
    });
    let mut questions = vec![(String::new(), t.when_always.to_owned())];
    questions.extend(d.context.iter().map(|q| (q.id.clone(), cx.name_text(&q.label, &q.id))));
    let when_q = rec.when.as_ref().map_or(String::new(), |w| w.0.clone());
    let option_boxes = d.context.iter().find(|q| q.id == when_q).map(|q| {
        let chosen = rec.when.as_ref().map(|w| w.1.clone()).unwrap_or_default();
        let boxes = q.options.iter().enumerate().map(|(o, option)| {
            let oid = option.id.clone();
            cx.checkbox_with(
                cx.name(&option.label, &option.id),
                &format!("{base}.when.options[{o}]"),
                chosen.contains(&option.id),
                move |d, on| {
                    if let Some(x) = advice_mut(d, a, r)
                        && let Some(w) = &mut x.when
                    {
                        w.1.retain(|b| *b != oid);
                        if on {
                            w.1.push(oid.clone());
                        }
                    }
                },
            )
        });
        html! {
            <fieldset class="checks-row" id={field_id(&format!("{base}.when.options"))} tabindex="-1">
                <legend>{t.when_options}</legend>
                { for boxes }
            </fieldset>
        }
    });
    html! {
        <fieldset class="entry" id={field_id(&base)} tabindex="-1">
            <legend>{what.clone()}</legend>
            {row_buttons(cx, &what, r, n, move |d| d.dimensions.get_mut(a).map(|x| &mut x.recommendations), move |j, b| format!("advice-{a}-{j}-{b}"), format!("add-advice-{a}"))}
            <fieldset class="checks-row" id={field_id(&format!("{base}.bands"))} tabindex="-1">
                <legend>{t.advice_bands}</legend>
                { for band_boxes }
            </fieldset>
            {cx.select(t.when_label, &format!("{base}.when.question"), &when_q, &questions, move |d, v| {
                if let Some(x) = advice_mut(d, a, r) {
                    x.when = (!v.is_empty()).then(|| (v.to_owned(), Vec::new()));
                }
            })}
            {option_boxes.unwrap_or_default()}
            {cx.texts(t.advice_text, Slot::Advice(a, r), true)}
        </fieldset>
    }
}
