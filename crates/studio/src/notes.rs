//! What could not be taken over from a file the author opened (an XLSForm workbook's rows and
//! columns, a JSON file's schema version), as typed notes worded in the interface language
//! when shown, the way `problems.rs` words the core's problems: a table of `&'static str` per
//! language (`Words`), one template per kind of [`Note`], filled with the note's values.
//!
//! XLSForm's own words (survey, choices, settings, begin_group, select_one, list_name, name…)
//! stay as written in every language: they are the names the author sees in the workbook.
//! Arabic puts them between left-to-right isolates (U+2066 … U+2069) in its templates; the
//! values (a row's number, a column's header, a list's name) are put in between first-strong
//! isolates by `problems::fill_isolated` in every language, so a Latin name keeps its order
//! and the punctuation around it in an Arabic sentence. The English is the notes' wording from
//! before they were typed, word for word ([`Note`]'s `Display`, which tests match).

use std::fmt;

use partnerscope_core::text::fill;

use crate::problems::fill_isolated;

/// A note about a file opened: what could not be read or was read otherwise, and where.
/// Rows and columns are numbered as the spreadsheet numbers them (from 1).
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// A JSON file whose `schema` is not 1.
    SchemaVersion,
    /// A workbook without a `settings` sheet.
    NoSettings,
    /// A `label::…` column whose language could not be told.
    NoLanguageTag { sheet: &'static str, column: usize, header: String },
    /// A `settings` column Partnerscope does not read.
    SettingUnused { column: usize, header: String },
    /// A `choices` row with a name but no list, or the other way round.
    ChoiceIncomplete { row: usize },
    /// A `begin_group` inside another.
    NestedGroup { row: usize },
    /// An `end_group` with no `begin_group` open.
    StrayEndGroup { row: usize },
    /// A `select_one` without its list's name.
    SelectOneNoList { row: usize },
    /// A `text` row outside any group.
    TextOutsideGroup { row: usize },
    /// A row type Partnerscope has no place for (`calculate`, `geopoint`…).
    UnknownType { row: usize, kind: String, name: String },
    /// A statement on another list than the first statement's (the shared scale).
    OtherList { row: usize, name: String, list: String, scale: String },
    /// A context question whose list has no choices.
    EmptyList { row: usize, list: String },
    /// A `begin_group` still open at the end of the `survey` sheet.
    GroupNotClosed,
    /// A choice list no question uses.
    ListUnused { list: String },
    /// A choice of the scale's list that is neither a number nor `na`.
    ScaleChoice { row: usize, name: String },
    /// A `partnerscope` row whose JSON value could not be read: `why` is the reader's
    /// English, shown as it is (it names a position in the value).
    ExtraUnread { row: usize, key: String, why: String },
    /// A `partnerscope` row `area.<id>` for an area the survey sheet does not have.
    ExtraNoArea { row: usize, key: String },
    /// A `partnerscope` row with a key the studio does not write.
    ExtraUnknown { row: usize, key: String },
    /// A sheet that is not one of XLSForm's (nor the studio's `partnerscope`).
    SheetNotRead { sheet: String },
}

/// The notes' templates in one language, a field per kind of [`Note`].
pub struct Words {
    schema_version: &'static str,
    no_settings: &'static str,
    no_language_tag: &'static str,
    setting_unused: &'static str,
    choice_incomplete: &'static str,
    nested_group: &'static str,
    stray_end_group: &'static str,
    select_one_no_list: &'static str,
    text_outside_group: &'static str,
    unknown_type: &'static str,
    other_list: &'static str,
    empty_list: &'static str,
    group_not_closed: &'static str,
    list_unused: &'static str,
    scale_choice: &'static str,
    extra_unread: &'static str,
    extra_no_area: &'static str,
    extra_unknown: &'static str,
    sheet_not_read: &'static str,
}

const EN: Words = Words {
    schema_version: "the file declares another schema version; it was read as version 1",
    no_settings: "the workbook has no \"settings\" sheet: the id, version and title are to be filled in",
    no_language_tag: "{sheet}, column {column}: \"{header}\" names no language tag; use \"label::English (en)\"",
    setting_unused: "settings, column {column} (\"{header}\"): not used by Partnerscope",
    choice_incomplete: "choices, row {row}: a choice needs both a list_name and a name",
    nested_group: "survey, row {row}: a group inside a group; its statements are put in the outer area",
    stray_end_group: "survey, row {row}: end_group without a begin_group",
    select_one_no_list: "survey, row {row}: select_one names no choice list",
    text_outside_group: "survey, row {row}: a text question outside any group has no area; put it inside a begin_group to make it an open comment",
    unknown_type: "survey, row {row}: the type \"{type}\" ({name}) has no place in a Partnerscope questionnaire and was not read",
    other_list: "survey, row {row}: \"{name}\" uses the list \"{list}\", not the shared scale \"{scale}\"; it is read on the shared scale",
    empty_list: "survey, row {row}: the list \"{list}\" has no choices",
    group_not_closed: "survey: the last begin_group has no end_group; it ends at the last row",
    list_unused: "choices: the list \"{list}\" is used by no question",
    scale_choice: "choices, row {row}: the scale choice \"{name}\" is neither a number nor \"na\"",
    extra_unread: "partnerscope, row {row} ({key}): {why}",
    extra_no_area: "partnerscope, row {row} ({key}): no area has this id",
    extra_unknown: "partnerscope, row {row} ({key}): unknown key",
    sheet_not_read: "the sheet \"{sheet}\" is not part of XLSForm and was not read",
};

const FR: Words = Words {
    schema_version: "le fichier indique une autre version du schéma ; il a été lu en version 1",
    no_settings: "le classeur n'a pas de feuille « settings » : l'identifiant, la version et le titre sont à remplir",
    no_language_tag: "{sheet}, colonne {column} : « {header} » ne donne pas de code de langue ; écrivez par exemple « label::Français (fr) »",
    setting_unused: "settings, colonne {column} (« {header} ») : Partnerscope ne s'en sert pas",
    choice_incomplete: "choices, ligne {row} : un choix demande un list_name et un name",
    nested_group: "survey, ligne {row} : un groupe dans un groupe ; ses affirmations vont dans le domaine extérieur",
    stray_end_group: "survey, ligne {row} : end_group sans begin_group",
    select_one_no_list: "survey, ligne {row} : select_one sans liste de choix",
    text_outside_group: "survey, ligne {row} : une question text hors de tout groupe n'a pas de domaine ; mettez-la dans un begin_group pour en faire un commentaire libre",
    unknown_type: "survey, ligne {row} : le type « {type} » ({name}) n'a pas sa place dans un questionnaire Partnerscope et n'a pas été lu",
    other_list: "survey, ligne {row} : « {name} » utilise la liste « {list} » et non l'échelle commune « {scale} » ; l'affirmation est lue sur l'échelle commune",
    empty_list: "survey, ligne {row} : la liste « {list} » n'a aucun choix",
    group_not_closed: "survey : le dernier begin_group n'a pas de end_group ; il finit à la dernière ligne",
    list_unused: "choices : aucune question n'utilise la liste « {list} »",
    scale_choice: "choices, ligne {row} : le choix d'échelle « {name} » n'est ni un nombre ni « na »",
    extra_unread: "partnerscope, ligne {row} ({key}) : valeur illisible ({why})",
    extra_no_area: "partnerscope, ligne {row} ({key}) : aucun domaine n'a cet identifiant",
    extra_unknown: "partnerscope, ligne {row} ({key}) : clé inconnue",
    sheet_not_read: "la feuille « {sheet} » ne fait pas partie de XLSForm et n'a pas été lue",
};

const ES: Words = Words {
    schema_version: "el archivo indica otra versión del esquema; se leyó como versión 1",
    no_settings: "el libro no tiene hoja «settings»: faltan el identificador, la versión y el título",
    no_language_tag: "{sheet}, columna {column}: «{header}» no indica un código de idioma; use por ejemplo «label::Español (es)»",
    setting_unused: "settings, columna {column} («{header}»): Partnerscope no la usa",
    choice_incomplete: "choices, fila {row}: una opción necesita un list_name y un name",
    nested_group: "survey, fila {row}: un grupo dentro de otro; sus afirmaciones van al área exterior",
    stray_end_group: "survey, fila {row}: end_group sin begin_group",
    select_one_no_list: "survey, fila {row}: select_one sin lista de opciones",
    text_outside_group: "survey, fila {row}: una pregunta text fuera de todo grupo no tiene área; póngala dentro de un begin_group para que sea un comentario abierto",
    unknown_type: "survey, fila {row}: el tipo «{type}» ({name}) no tiene cabida en un cuestionario de Partnerscope y no se leyó",
    other_list: "survey, fila {row}: «{name}» usa la lista «{list}», no la escala común «{scale}»; la afirmación se lee en la escala común",
    empty_list: "survey, fila {row}: la lista «{list}» no tiene opciones",
    group_not_closed: "survey: el último begin_group no tiene end_group; termina en la última fila",
    list_unused: "choices: ninguna pregunta usa la lista «{list}»",
    scale_choice: "choices, fila {row}: la opción de escala «{name}» no es un número ni «na»",
    extra_unread: "partnerscope, fila {row} ({key}): no se pudo leer el valor ({why})",
    extra_no_area: "partnerscope, fila {row} ({key}): ningún área tiene este identificador",
    extra_unknown: "partnerscope, fila {row} ({key}): clave desconocida",
    sheet_not_read: "la hoja «{sheet}» no forma parte de XLSForm y no se leyó",
};

// XLSForm's words between left-to-right isolates (U+2066 … U+2069), the values between
// first-strong ones (put in by `fill_isolated`); a spreadsheet's row is الصف, as Arabic
// spreadsheets name it (a CSV's line stays السطر).
const AR: Words = Words {
    schema_version: "يذكر الملف إصدارًا آخر من المخطط؛ وقد قُرئ على أنه الإصدار 1",
    no_settings: "ليس في المصنّف ورقة «\u{2066}settings\u{2069}»: يلزم ملء المعرّف والإصدار والعنوان",
    no_language_tag: "{sheet}، العمود {column}: لا يذكر «{header}» رمز اللغة؛ يُرجى كتابته مثل «\u{2066}label::Arabic (ar)\u{2069}»",
    setting_unused: "\u{2066}settings\u{2069}، العمود {column} («{header}»): لا يستخدمه \u{2066}Partnerscope\u{2069}",
    choice_incomplete: "\u{2066}choices\u{2069}، الصف {row}: يحتاج الخيار إلى \u{2066}list_name\u{2069} و\u{2066}name\u{2069} معًا",
    nested_group: "\u{2066}survey\u{2069}، الصف {row}: مجموعة داخل مجموعة؛ وُضعت عباراتها في المجال الخارجي",
    stray_end_group: "\u{2066}survey\u{2069}، الصف {row}: \u{2066}end_group\u{2069} من دون \u{2066}begin_group\u{2069}",
    select_one_no_list: "\u{2066}survey\u{2069}، الصف {row}: \u{2066}select_one\u{2069} من دون قائمة خيارات",
    text_outside_group: "\u{2066}survey\u{2069}، الصف {row}: سؤال \u{2066}text\u{2069} خارج أي مجموعة ليس له مجال؛ يُرجى وضعه داخل \u{2066}begin_group\u{2069} ليصبح تعليقًا حرًا",
    unknown_type: "\u{2066}survey\u{2069}، الصف {row}: النوع «{type}» ({name}) لا مكان له في استبيان \u{2066}Partnerscope\u{2069}، ولم يُقرأ",
    other_list: "\u{2066}survey\u{2069}، الصف {row}: العبارة «{name}» تستخدم القائمة «{list}» لا المقياس المشترك «{scale}»؛ وقد قُرئت على المقياس المشترك",
    empty_list: "\u{2066}survey\u{2069}، الصف {row}: القائمة «{list}» ليس فيها خيارات",
    group_not_closed: "\u{2066}survey\u{2069}: آخر \u{2066}begin_group\u{2069} ليس له \u{2066}end_group\u{2069}؛ فهو ينتهي عند الصف الأخير",
    list_unused: "\u{2066}choices\u{2069}: القائمة «{list}» لا يستخدمها أي سؤال",
    scale_choice: "\u{2066}choices\u{2069}، الصف {row}: خيار المقياس «{name}» ليس رقمًا ولا «\u{2066}na\u{2069}»",
    extra_unread: "\u{2066}partnerscope\u{2069}، الصف {row} ({key}): تعذّرت قراءة القيمة ({why})",
    extra_no_area: "\u{2066}partnerscope\u{2069}، الصف {row} ({key}): لا يوجد مجال بهذا المعرّف",
    extra_unknown: "\u{2066}partnerscope\u{2069}، الصف {row} ({key}): مفتاح غير معروف",
    sheet_not_read: "الورقة «{sheet}» ليست من أوراق \u{2066}XLSForm\u{2069}، ولم تُقرأ",
};

const PT: Words = Words {
    schema_version: "o arquivo indica outra versão do esquema; foi lido como versão 1",
    no_settings: "o arquivo não tem a folha \u{201c}settings\u{201d}: falta preencher o identificador, a versão e o título",
    no_language_tag: "{sheet}, coluna {column}: \u{201c}{header}\u{201d} não indica o código da língua; use por exemplo \u{201c}label::Português (pt)\u{201d}",
    setting_unused: "settings, coluna {column} (\u{201c}{header}\u{201d}): não é usada pelo Partnerscope",
    choice_incomplete: "choices, linha {row}: uma opção precisa de list_name e de name",
    nested_group: "survey, linha {row}: um grupo dentro de outro; as suas afirmações ficam na área de fora",
    stray_end_group: "survey, linha {row}: end_group sem begin_group",
    select_one_no_list: "survey, linha {row}: select_one sem lista de opções",
    text_outside_group: "survey, linha {row}: uma pergunta text fora de qualquer grupo não tem área; para ser um comentário livre, deve ficar dentro de um begin_group",
    unknown_type: "survey, linha {row}: o tipo \u{201c}{type}\u{201d} ({name}) não tem lugar num questionário Partnerscope e não foi lido",
    other_list: "survey, linha {row}: \u{201c}{name}\u{201d} usa a lista \u{201c}{list}\u{201d}, não a escala comum \u{201c}{scale}\u{201d}; a afirmação é lida na escala comum",
    empty_list: "survey, linha {row}: a lista \u{201c}{list}\u{201d} não tem opções",
    group_not_closed: "survey: o último begin_group não tem end_group; termina na última linha",
    list_unused: "choices: nenhuma pergunta usa a lista \u{201c}{list}\u{201d}",
    scale_choice: "choices, linha {row}: a opção de escala \u{201c}{name}\u{201d} não é um número nem \u{201c}na\u{201d}",
    extra_unread: "partnerscope, linha {row} ({key}): não foi possível ler o valor ({why})",
    extra_no_area: "partnerscope, linha {row} ({key}): nenhuma área tem este identificador",
    extra_unknown: "partnerscope, linha {row} ({key}): chave desconhecida",
    sheet_not_read: "a folha \u{201c}{sheet}\u{201d} não faz parte do XLSForm e não foi lida",
};

/// The words for `lang`, English when the studio does not speak it.
pub fn words(lang: &str) -> &'static Words {
    match lang {
        "fr" => &FR,
        "es" => &ES,
        "ar" => &AR,
        "pt" => &PT,
        _ => &EN,
    }
}

/// A note's template and the values to put in.
fn parts(w: &'static Words, note: &Note) -> (&'static str, Vec<(&'static str, String)>) {
    use Note::*;
    let row = |r: &usize| ("row", r.to_string());
    let key = |k: &String| ("key", k.clone());
    match note {
        SchemaVersion => (w.schema_version, vec![]),
        NoSettings => (w.no_settings, vec![]),
        NoLanguageTag { sheet, column, header } => (
            w.no_language_tag,
            vec![("sheet", (*sheet).to_owned()), ("column", column.to_string()), ("header", header.clone())],
        ),
        SettingUnused { column, header } => {
            (w.setting_unused, vec![("column", column.to_string()), ("header", header.clone())])
        }
        ChoiceIncomplete { row: r } => (w.choice_incomplete, vec![row(r)]),
        NestedGroup { row: r } => (w.nested_group, vec![row(r)]),
        StrayEndGroup { row: r } => (w.stray_end_group, vec![row(r)]),
        SelectOneNoList { row: r } => (w.select_one_no_list, vec![row(r)]),
        TextOutsideGroup { row: r } => (w.text_outside_group, vec![row(r)]),
        UnknownType { row: r, kind, name } => {
            (w.unknown_type, vec![row(r), ("type", kind.clone()), ("name", name.clone())])
        }
        OtherList { row: r, name, list, scale } => {
            (w.other_list, vec![row(r), ("name", name.clone()), ("list", list.clone()), ("scale", scale.clone())])
        }
        EmptyList { row: r, list } => (w.empty_list, vec![row(r), ("list", list.clone())]),
        GroupNotClosed => (w.group_not_closed, vec![]),
        ListUnused { list } => (w.list_unused, vec![("list", list.clone())]),
        ScaleChoice { row: r, name } => (w.scale_choice, vec![row(r), ("name", name.clone())]),
        ExtraUnread { row: r, key: k, why } => (w.extra_unread, vec![row(r), key(k), ("why", why.clone())]),
        ExtraNoArea { row: r, key: k } => (w.extra_no_area, vec![row(r), key(k)]),
        ExtraUnknown { row: r, key: k } => (w.extra_unknown, vec![row(r), key(k)]),
        SheetNotRead { sheet } => (w.sheet_not_read, vec![("sheet", sheet.clone())]),
    }
}

/// The note in the words of `lang`, its values isolated: what the studio shows.
pub fn text(lang: &str, note: &Note) -> String {
    let (template, values) = parts(words(lang), note);
    fill_isolated(template, &values)
}

/// The English wording, without isolates: the notes as they read before they were typed.
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (template, values) = parts(&EN, self);
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.write_str(&fill(template, &pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: [&str; 5] = ["en", "fr", "es", "ar", "pt"];

    /// One note of every kind, with values unlike any word of the templates.
    pub(crate) fn every_kind() -> Vec<Note> {
        use Note::*;
        let s = |x: &str| x.to_owned();
        vec![
            SchemaVersion,
            NoSettings,
            NoLanguageTag { sheet: "survey", column: 7, header: s("label::Klingon") },
            SettingUnused { column: 4, header: s("style2") },
            ChoiceIncomplete { row: 11 },
            NestedGroup { row: 12 },
            StrayEndGroup { row: 15 },
            SelectOneNoList { row: 7 },
            TextOutsideGroup { row: 3 },
            UnknownType { row: 5, kind: s("calculate"), name: s("total") },
            OtherList { row: 9, name: s("q4"), list: s("yesno"), scale: s("agree5") },
            EmptyList { row: 2, list: s("sizes") },
            GroupNotClosed,
            ListUnused { list: s("unused") },
            ScaleChoice { row: 6, name: s("dk") },
            ExtraUnread { row: 8, key: s("scoring"), why: s("expected a value at 1:12") },
            ExtraNoArea { row: 9, key: s("area.gone") },
            ExtraUnknown { row: 10, key: s("colour") },
            SheetNotRead { sheet: s("notes") },
        ]
    }

    /// Whether a `{name}` is left in a text.
    fn unfilled(text: &str) -> bool {
        text.split('{')
            .skip(1)
            .any(|rest| rest.split('}').next().is_some_and(|n| n.chars().all(|c| c.is_ascii_lowercase())))
    }

    #[test]
    fn every_note_kind_is_worded_in_every_language_with_all_its_values() {
        for note in every_kind() {
            let (_, values) = parts(&EN, &note);
            for lang in LANGS {
                let (template, _) = parts(words(lang), &note);
                assert!(!template.trim().is_empty(), "{lang}: {note:?}");
                let text = text(lang, &note);
                assert!(!unfilled(&text), "{lang}: {note:?} leaves a placeholder: {text}");
                // Every value is in, isolated, once per placeholder the template has.
                for (name, value) in &values {
                    assert!(template.contains(&format!("{{{name}}}")), "{lang}: {note:?} leaves out {{{name}}}");
                    assert!(text.contains(&format!("\u{2068}{value}\u{2069}")), "{lang}: {note:?}: {text}");
                }
                if lang != "en" {
                    assert_ne!(bare(&text), note.to_string(), "{lang}: {note:?} is the English");
                }
            }
        }
    }

    /// A line without its isolates.
    pub(crate) fn bare(line: &str) -> String {
        line.replace(['\u{2066}', '\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn the_english_is_the_wording_from_before_and_arabic_isolates_xlsforms_words() {
        assert_eq!(
            Note::UnknownType { row: 5, kind: "calculate".into(), name: "total".into() }.to_string(),
            "survey, row 5: the type \"calculate\" (total) has no place in a Partnerscope questionnaire and was not read"
        );
        assert_eq!(Note::StrayEndGroup { row: 15 }.to_string(), "survey, row 15: end_group without a begin_group");
        assert_eq!(
            text("ar", &Note::StrayEndGroup { row: 15 }),
            "\u{2066}survey\u{2069}، الصف \u{2068}15\u{2069}: \u{2066}end_group\u{2069} من دون \u{2066}begin_group\u{2069}"
        );
        // Every Latin word in an Arabic template is inside an isolate.
        for note in every_kind() {
            let (template, _) = parts(&AR, &note);
            let mut outside = String::new();
            let mut depth = 0;
            let mut in_placeholder = false;
            for c in template.chars() {
                match c {
                    '\u{2066}' | '\u{2068}' => depth += 1,
                    '\u{2069}' => depth -= 1,
                    '{' => in_placeholder = true,
                    '}' => in_placeholder = false,
                    _ if depth == 0 && !in_placeholder => outside.push(c),
                    _ => {}
                }
            }
            assert!(!outside.chars().any(|c| c.is_ascii_alphabetic()), "{note:?}: {outside}");
        }
    }
}
