//! What could not be taken over from a file the author opened (an XLSForm workbook's rows and
//! columns, a JSON file's schema version), as typed notes worded in the interface language
//! when shown, the way `problems.rs` words the core's problems: a table of `&'static str` per
//! language (`Words`), one template per kind of [`Note`], filled with the note's values.
//!
//! Where a note is (`{at}`: "survey, row 7", a sheet's column) is worded once per language
//! (`row`, `column`) and put at the head of the note's sentence, so each template says only
//! what is wrong.
//!
//! XLSForm's own words (survey, choices, settings, begin_group, select_one, list_name, name…)
//! stay as written in every language: they are the names the author sees in the workbook.
//! Arabic puts those in its templates between left-to-right isolates (U+2066 … U+2069); the
//! values (a sheet's name, a row's number, a column's header, a list's name) are put in between
//! first-strong isolates by `i18n::isolated` in every language, so a Latin name keeps its order
//! and the punctuation around it in an Arabic sentence. The English is the notes' wording from
//! before they were typed, word for word ([`Note`]'s `Display`, without isolates, which tests
//! match).

use std::fmt;

use partnerscope_core::text::fill;

use crate::i18n::isolated;

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
    /// Where a note is (its `{at}`): a sheet's row, a sheet's column.
    row: &'static str,
    column: &'static str,
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
    row: "{sheet}, row {row}",
    column: "{sheet}, column {column}",
    schema_version: "the file declares another schema version; it was read as version 1",
    no_settings: "the workbook has no \"settings\" sheet: the id, version and title are to be filled in",
    no_language_tag: "{at}: \"{header}\" names no language tag; use \"label::English (en)\"",
    setting_unused: "{at} (\"{header}\"): not used by Partnerscope",
    choice_incomplete: "{at}: a choice needs both a list_name and a name",
    nested_group: "{at}: a group inside a group; its statements are put in the outer area",
    stray_end_group: "{at}: end_group without a begin_group",
    select_one_no_list: "{at}: select_one names no choice list",
    text_outside_group: "{at}: a text question outside any group has no area; put it inside a begin_group to make it an open comment",
    unknown_type: "{at}: the type \"{type}\" ({name}) has no place in a Partnerscope questionnaire and was not read",
    other_list: "{at}: \"{name}\" uses the list \"{list}\", not the shared scale \"{scale}\"; it is read on the shared scale",
    empty_list: "{at}: the list \"{list}\" has no choices",
    group_not_closed: "{at}: the last begin_group has no end_group; it ends at the last row",
    list_unused: "{at}: the list \"{list}\" is used by no question",
    scale_choice: "{at}: the scale choice \"{name}\" is neither a number nor \"na\"",
    extra_unread: "{at} ({key}): {why}",
    extra_no_area: "{at} ({key}): no area has this id",
    extra_unknown: "{at} ({key}): unknown key",
    sheet_not_read: "the sheet \"{sheet}\" is not part of XLSForm and was not read",
};

const FR: Words = Words {
    row: "{sheet}, ligne {row}",
    column: "{sheet}, colonne {column}",
    schema_version: "le fichier indique une autre version du schéma ; il a été lu comme la version 1",
    no_settings: "pas de feuille « settings » : l'identifiant, la version et le titre sont à remplir",
    no_language_tag: "{at} : « {header} » sans code de langue ; écrivez par exemple « label::Français (fr) »",
    setting_unused: "{at} (« {header} ») : Partnerscope ne s'en sert pas",
    choice_incomplete: "{at} : un choix demande un list_name et un name",
    nested_group: "{at} : un groupe dans un groupe ; ses affirmations vont dans le domaine extérieur",
    stray_end_group: "{at} : end_group sans begin_group",
    select_one_no_list: "{at} : select_one sans liste de choix",
    text_outside_group: "{at} : une question text hors groupe n'a pas de domaine ; dans un begin_group, elle devient un commentaire libre",
    unknown_type: "{at} : Partnerscope n'a pas de type « {type} » ({name}) ; ligne non lue",
    other_list: "{at} : « {name} » utilise la liste « {list} », pas l'échelle commune « {scale} » ; l'affirmation est lue sur l'échelle commune",
    empty_list: "{at} : la liste « {list} » n'a aucun choix",
    group_not_closed: "{at} : le dernier begin_group n'a pas de end_group ; il se termine à la dernière ligne",
    list_unused: "{at} : aucune question n'utilise la liste « {list} »",
    scale_choice: "{at} : le choix d'échelle « {name} » n'est ni un nombre ni « na »",
    extra_unread: "{at} ({key}) : valeur illisible ({why})",
    extra_no_area: "{at} ({key}) : aucun domaine n'a cet identifiant",
    extra_unknown: "{at} ({key}) : clé inconnue",
    sheet_not_read: "la feuille « {sheet} » ne fait pas partie de XLSForm et n'a pas été lue",
};

const ES: Words = Words {
    row: "{sheet}, fila {row}",
    column: "{sheet}, columna {column}",
    schema_version: "el archivo indica otra versión del esquema; se leyó como versión 1",
    no_settings: "el libro no tiene hoja «settings»: faltan el identificador, la versión y el título",
    no_language_tag: "{at}: «{header}» sin código de idioma; use por ejemplo «label::Español (es)»",
    setting_unused: "{at} («{header}»): Partnerscope no la usa",
    choice_incomplete: "{at}: una opción necesita un list_name y un name",
    nested_group: "{at}: un grupo dentro de otro; sus afirmaciones van al área exterior",
    stray_end_group: "{at}: end_group sin begin_group",
    select_one_no_list: "{at}: select_one sin lista de opciones",
    text_outside_group: "{at}: una pregunta text fuera de un grupo no tiene área; dentro de un begin_group, es un comentario abierto",
    unknown_type: "{at}: Partnerscope no tiene el tipo «{type}» ({name}); fila no leída",
    other_list: "{at}: «{name}» usa la lista «{list}», no la escala común «{scale}», en la que se lee",
    empty_list: "{at}: la lista «{list}» no tiene opciones",
    group_not_closed: "{at}: el último begin_group no tiene end_group; termina en la última fila",
    list_unused: "{at}: ninguna pregunta usa la lista «{list}»",
    scale_choice: "{at}: la opción de escala «{name}» no es un número ni «na»",
    extra_unread: "{at} ({key}): no se pudo leer el valor ({why})",
    extra_no_area: "{at} ({key}): ningún área tiene este identificador",
    extra_unknown: "{at} ({key}): clave desconocida",
    sheet_not_read: "la hoja «{sheet}» no forma parte de XLSForm y no se leyó",
};

// XLSForm's words between left-to-right isolates (U+2066 … U+2069), the values between
// first-strong ones (put in by `render`, with `i18n::isolated`); a spreadsheet's row is الصف, as Arabic
// spreadsheets name it (a CSV's line stays السطر).
const AR: Words = Words {
    row: "{sheet}، الصف {row}",
    column: "{sheet}، العمود {column}",
    schema_version: "يذكر الملف إصدارًا آخر من المخطط؛ وقد قُرئ على أنه الإصدار 1",
    no_settings: "ليس في المصنّف ورقة «\u{2066}settings\u{2069}»: يلزم ملء المعرّف والإصدار والعنوان",
    no_language_tag: "{at}: «{header}» بلا رمز لغة؛ مثال صحيح: «\u{2066}label::Arabic (ar)\u{2069}»",
    setting_unused: "{at} («{header}»): لا يستخدمه \u{2066}Partnerscope\u{2069}",
    choice_incomplete: "{at}: يحتاج الخيار إلى \u{2066}list_name\u{2069} و\u{2066}name\u{2069} معًا",
    nested_group: "{at}: مجموعة داخل مجموعة؛ وُضعت عباراتها في المجال الخارجي",
    stray_end_group: "{at}: \u{2066}end_group\u{2069} من دون \u{2066}begin_group\u{2069}",
    select_one_no_list: "{at}: \u{2066}select_one\u{2069} من دون قائمة خيارات",
    text_outside_group: "{at}: سؤال \u{2066}text\u{2069} خارج المجموعات ليس له مجال؛ ويصبح تعليقًا حرًا إذا وُضع داخل \u{2066}begin_group\u{2069}",
    unknown_type: "{at}: النوع «{type}» ({name}) غير معروف في \u{2066}Partnerscope\u{2069}، ولم يُقرأ",
    other_list: "{at}: العبارة «{name}» تستخدم القائمة «{list}» لا المقياس المشترك «{scale}»، وقد قُرئت عليه",
    empty_list: "{at}: القائمة «{list}» ليس فيها خيارات",
    group_not_closed: "{at}: آخر \u{2066}begin_group\u{2069} ليس له \u{2066}end_group\u{2069}؛ فهو ينتهي عند الصف الأخير",
    list_unused: "{at}: القائمة «{list}» لا يستخدمها أي سؤال",
    scale_choice: "{at}: خيار المقياس «{name}» ليس رقمًا ولا «\u{2066}na\u{2069}»",
    extra_unread: "{at} ({key}): تعذّرت قراءة القيمة ({why})",
    extra_no_area: "{at} ({key}): لا يوجد مجال بهذا المعرّف",
    extra_unknown: "{at} ({key}): مفتاح غير معروف",
    sheet_not_read: "الورقة «{sheet}» ليست من أوراق \u{2066}XLSForm\u{2069}، ولم تُقرأ",
};

const PT: Words = Words {
    row: "{sheet}, linha {row}",
    column: "{sheet}, coluna {column}",
    schema_version: "o arquivo indica outra versão do esquema; foi lido como versão 1",
    no_settings: "o arquivo não tem a folha \u{201c}settings\u{201d}: falta preencher o identificador, a versão e o título",
    no_language_tag: "{at}: \u{201c}{header}\u{201d} sem código de idioma; use por exemplo \u{201c}label::Português (pt)\u{201d}",
    setting_unused: "{at} (\u{201c}{header}\u{201d}): não é usada pelo Partnerscope",
    choice_incomplete: "{at}: uma opção precisa de list_name e de name",
    nested_group: "{at}: um grupo dentro de outro; as suas afirmações ficam na área exterior",
    stray_end_group: "{at}: end_group sem begin_group",
    select_one_no_list: "{at}: select_one sem lista de opções",
    text_outside_group: "{at}: uma pergunta text fora de um grupo não tem área; dentro de um begin_group, é um comentário livre",
    unknown_type: "{at}: o Partnerscope não tem o tipo \u{201c}{type}\u{201d} ({name}); linha não lida",
    other_list: "{at}: \u{201c}{name}\u{201d} usa a lista \u{201c}{list}\u{201d}, não a escala comum \u{201c}{scale}\u{201d}, na qual é lida",
    empty_list: "{at}: a lista \u{201c}{list}\u{201d} não tem opções",
    group_not_closed: "{at}: o último begin_group não tem end_group; termina na última linha",
    list_unused: "{at}: nenhuma pergunta usa a lista \u{201c}{list}\u{201d}",
    scale_choice: "{at}: a opção de escala \u{201c}{name}\u{201d} não é um número nem \u{201c}na\u{201d}",
    extra_unread: "{at} ({key}): não foi possível ler o valor ({why})",
    extra_no_area: "{at} ({key}): nenhuma área tem este identificador",
    extra_unknown: "{at} ({key}): chave desconhecida",
    sheet_not_read: "a folha \u{201c}{sheet}\u{201d} não faz parte do XLSForm e não foi lida",
};

/// The words for `lang`, English when the studio does not speak it.
pub fn words(lang: &str) -> &'static Words {
    partnerscope_core::locale::shipped_table(lang, [&EN, &FR, &ES, &AR, &PT])
}

/// Where a note is: the file, a sheet, a sheet's row or column (numbered from 1).
enum At {
    File,
    Sheet(&'static str),
    Row(&'static str, usize),
    Column(&'static str, usize),
}

/// A note's template, where it is, and its other values by placeholder (unused ones `("", "")`).
/// The values are borrowed and laid out in a fixed array: no allocation per kind, which keeps
/// this one match over every kind small in the studio's module.
fn parts<'n>(w: &'static Words, note: &'n Note) -> (&'static str, At, [(&'static str, &'n str); 3]) {
    use At::*;
    use Note::*;
    const NONE: (&str, &str) = ("", "");
    let one = |name, value| [(name, value), NONE, NONE];
    match note {
        SchemaVersion => (w.schema_version, File, [NONE; 3]),
        NoSettings => (w.no_settings, File, [NONE; 3]),
        NoLanguageTag { sheet, column, header } => (w.no_language_tag, Column(sheet, *column), one("header", header)),
        SettingUnused { column, header } => (w.setting_unused, Column("settings", *column), one("header", header)),
        ChoiceIncomplete { row } => (w.choice_incomplete, Row("choices", *row), [NONE; 3]),
        NestedGroup { row } => (w.nested_group, Row("survey", *row), [NONE; 3]),
        StrayEndGroup { row } => (w.stray_end_group, Row("survey", *row), [NONE; 3]),
        SelectOneNoList { row } => (w.select_one_no_list, Row("survey", *row), [NONE; 3]),
        TextOutsideGroup { row } => (w.text_outside_group, Row("survey", *row), [NONE; 3]),
        UnknownType { row, kind, name } => {
            (w.unknown_type, Row("survey", *row), [("type", kind), ("name", name), NONE])
        }
        OtherList { row, name, list, scale } => {
            (w.other_list, Row("survey", *row), [("scale", scale), ("list", list), ("name", name)])
        }
        EmptyList { row, list } => (w.empty_list, Row("survey", *row), one("list", list)),
        GroupNotClosed => (w.group_not_closed, Sheet("survey"), [NONE; 3]),
        ListUnused { list } => (w.list_unused, Sheet("choices"), one("list", list)),
        ScaleChoice { row, name } => (w.scale_choice, Row("choices", *row), one("name", name)),
        // The reader's message last: whatever it quotes is not taken for a placeholder.
        ExtraUnread { row, key, why } => {
            (w.extra_unread, Row("partnerscope", *row), [("key", key), ("why", why), NONE])
        }
        ExtraNoArea { row, key } => (w.extra_no_area, Row("partnerscope", *row), one("key", key)),
        ExtraUnknown { row, key } => (w.extra_unknown, Row("partnerscope", *row), one("key", key)),
        SheetNotRead { sheet } => (w.sheet_not_read, File, one("sheet", sheet)),
    }
}

/// The note in `w`'s words, each value isolated (`i18n::isolated`) when `isolate`.
fn render(w: &'static Words, note: &Note, isolate: bool) -> String {
    let put = |value: &str| if isolate { isolated(value) } else { value.to_owned() };
    let (template, at, values) = parts(w, note);
    let place = |template: &str, sheet: &str, name: &str, n: usize| {
        fill(template, &[("sheet", &put(sheet)), (name, &put(&n.to_string()))])
    };
    let at = match at {
        At::File => String::new(),
        At::Sheet(sheet) => put(sheet),
        At::Row(sheet, row) => place(w.row, sheet, "row", row),
        At::Column(sheet, column) => place(w.column, sheet, "column", column),
    };
    // `fill` puts every value in as written, in one pass: what the file's cells say is never read
    // as a placeholder.
    let values: Vec<(&str, String)> = values.iter().filter(|(k, _)| !k.is_empty()).map(|(k, v)| (*k, put(v))).collect();
    let mut pairs = vec![("at", at.as_str())];
    pairs.extend(values.iter().map(|(k, v)| (*k, v.as_str())));
    fill(template, &pairs)
}

/// The note in the words of `lang`, its values isolated: what the studio shows.
pub fn text(lang: &str, note: &Note) -> String {
    render(words(lang), note, true)
}

/// The English wording, without isolates: the notes as they read before they were typed.
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(&EN, self, false))
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

    #[test]
    fn each_language_finds_its_own_table() {
        let rows = [
            ("en", "{sheet}, row {row}"),
            ("fr", "{sheet}, ligne {row}"),
            ("es", "{sheet}, fila {row}"),
            ("ar", "{sheet}، الصف {row}"),
            ("pt", "{sheet}, linha {row}"),
            ("de", "{sheet}, row {row}"),
        ];
        for (lang, row) in rows {
            assert_eq!(words(lang).row, row, "{lang}");
        }
    }

    #[test]
    fn every_note_kind_is_worded_in_every_language_with_all_its_values() {
        for note in every_kind() {
            let (_, at, values) = parts(&EN, &note);
            let (sheet, number) = match at {
                At::File => (None, None),
                At::Sheet(sheet) => (Some(sheet), None),
                At::Row(sheet, n) | At::Column(sheet, n) => (Some(sheet), Some(n)),
            };
            for lang in LANGS {
                let w = words(lang);
                let (template, _, _) = parts(w, &note);
                assert!(!template.trim().is_empty(), "{lang}: {note:?}");
                assert!(w.row.contains("{sheet}") && w.row.contains("{row}"), "{lang}");
                assert!(w.column.contains("{sheet}") && w.column.contains("{column}"), "{lang}");
                let text = text(lang, &note);
                assert!(!crate::i18n::unfilled(&text), "{lang}: {note:?} leaves a placeholder: {text}");
                // Every value is in, isolated: where the note is, then the rest.
                assert_eq!(template.contains("{at}"), sheet.is_some(), "{lang}: {note:?}");
                let numbers = number.map(|n| n.to_string());
                let named = values.iter().filter(|(name, _)| !name.is_empty());
                for value in sheet.into_iter().chain(numbers.as_deref()).chain(named.clone().map(|(_, v)| *v)) {
                    assert!(text.contains(&isolated(value)), "{lang}: {note:?} leaves out {value}: {text}");
                }
                for (name, _) in named {
                    assert!(template.contains(&format!("{{{name}}}")), "{lang}: {note:?} leaves out {{{name}}}");
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
            "\u{2068}survey\u{2069}، الصف \u{2068}15\u{2069}: \u{2066}end_group\u{2069} من دون \u{2066}begin_group\u{2069}"
        );
        // Every Latin word in an Arabic template is inside an isolate.
        let templates =
            every_kind().iter().map(|note| parts(&AR, note).0).chain([AR.row, AR.column]).collect::<Vec<_>>();
        for template in templates {
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
            assert!(!outside.chars().any(|c| c.is_ascii_alphabetic()), "{template}: {outside}");
        }
    }
}
