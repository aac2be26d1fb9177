//! Every element id the widget gives, in one place. Keyboard focus moves by id (to the heading of
//! a new page, to the first question left unanswered), so the element and the code that focuses
//! it must spell the id alike: here they cannot differ. Each id starts with `ps<instance>-`, so two
//! widgets on one page never share one.

/// The heading of the page shown, where focus goes when the page changes.
pub fn heading(instance: usize) -> String {
    format!("ps{instance}-heading")
}

/// The radio group (`name`) of an item's choices; the base of its other ids.
pub fn item(instance: usize, item: usize) -> String {
    format!("ps{instance}-item{item}")
}

/// One choice of an item, numbered from 0 (the lowest point); choice 0 receives focus when the
/// item needs an answer.
pub fn item_choice(instance: usize, item_index: usize, choice: usize) -> String {
    format!("{}-choice{choice}", item(instance, item_index))
}

/// The text field of an open comment.
pub fn comment(instance: usize, item: usize) -> String {
    format!("ps{instance}-comment{item}")
}

/// The invitation code's field on the first page, and its hint.
pub fn invitation(instance: usize) -> String {
    format!("ps{instance}-invitation")
}

pub fn invitation_hint(instance: usize) -> String {
    format!("{}-hint", invitation(instance))
}

/// The radio group of the instruments on offer, and one of its choices.
pub fn instrument(instance: usize) -> String {
    format!("ps{instance}-instrument")
}

pub fn instrument_choice(instance: usize, k: usize) -> String {
    format!("{}{k}", instrument(instance))
}

/// The radio group of the respondent groups, one choice (the first receives focus when no group
/// was chosen), and its error message.
pub fn group(instance: usize) -> String {
    format!("ps{instance}-group")
}

pub fn group_choice(instance: usize, g: usize) -> String {
    format!("{}{g}", group(instance))
}

pub fn group_error(instance: usize) -> String {
    format!("{}-error", group(instance))
}

/// The radio group of context question `q`, and its choice `option` (0 for "no answer").
pub fn context(instance: usize, q: usize) -> String {
    format!("ps{instance}-ctx{q}")
}

pub fn context_choice(instance: usize, q: usize, option: usize) -> String {
    format!("{}-{option}", context(instance, q))
}

/// The response code's text box.
pub fn code(instance: usize) -> String {
    format!("ps{instance}-code")
}

/// The language picker.
pub fn language(instance: usize) -> String {
    format!("ps{instance}-lang")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ids_are_distinct_and_scoped_by_instance() {
        assert_eq!(heading(2), "ps2-heading");
        assert_eq!(item_choice(1, 7, 0), "ps1-item7-choice0");
        assert_eq!(group_choice(1, 0), "ps1-group0");
        assert_eq!(context_choice(1, 2, 0), "ps1-ctx2-0");
        let all =
            [heading(1), item(1, 1), instrument(1), group(1), group_error(1), context(1, 1), code(1), language(1)];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
            assert!(a.starts_with("ps1-"));
        }
    }
}
