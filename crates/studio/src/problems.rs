//! The core's problems with a questionnaire, and the studio's file messages, in the interface
//! language: a table per language (`Words`, as `i18n.rs` keeps its own), each kind of
//! [`Problem`] worded for a facilitator (areas and statements, not dimensions and items; a
//! language by its name; no JSON paths). A kind the studio's forms cannot make
//! ([`Problem::Other`]) stays the core's English, marked `lang="en"`.
//!
//! Values (a language's name, an id, a tag, a number) are isolated where they are put in: in
//! `<bdi>` in the checks panel, between U+2068 … U+2069 in plain text, so a Latin id keeps its
//! order and punctuation inside an Arabic sentence. Counts pick their form by the core's plural
//! rules, as `i18n::count` does.
//!
//! A string table, like `i18n.rs`, and so past the 700 lines a source file is kept to (issue
//! 17): of its lines, about 330 are the five languages' wordings (`EN` … `PT`) and 65 the
//! table's keys (`Words`); the code that uses them (`parts`, the one match over every kind,
//! `text`, `html`, `line`) is some 130, and its tests the rest. The wordings stay beside that
//! match so that a new kind of problem is worded in every language in one place.

use partnerscope_core::Problem;
use partnerscope_core::diag::Quantity;
use partnerscope_core::locale::decimal_separator;
use partnerscope_core::text::{Piece, fill, pick, pieces};
use yew::{Html, html};

use crate::i18n::{Forms, language_name};

/// The studio's words for the core's problems and its file messages, in one language.
pub struct Words {
    /// The language's code, for plural rules and the decimal separator.
    pub code: &'static str,
    missing: &'static str,
    not_declared: &'static str,
    too_long: Forms,
    invalid_id: &'static str,
    duplicate_id: &'static str,
    /// `{what}` is one of the five quantities below, put in as words.
    out_of_range: &'static str,
    min_answered_share: &'static str,
    gap_threshold: &'static str,
    stage_threshold: &'static str,
    balance_penalty: &'static str,
    balance_tolerance: &'static str,
    no_bands: &'static str,
    band_outside: &'static str,
    lowest_band: &'static str,
    band_order: &'static str,
    interface_empty: &'static str,
    version_length: &'static str,
    no_languages: &'static str,
    bad_tag: &'static str,
    tag_twice: &'static str,
    scale: &'static str,
    /// A count of the scale's points (`{n}`), with `{labels}` given.
    label_count: Forms,
    label_length: &'static str,
    labels_missing: &'static str,
    option_count: &'static str,
    anonymity_k: &'static str,
    comment_k: &'static str,
    no_dimensions: &'static str,
    too_many_dimensions: &'static str,
    too_many_items: &'static str,
    weight: &'static str,
    no_scored_item: &'static str,
    no_such_group: &'static str,
    comment_reverse: &'static str,
    clash: &'static str,
    no_band_named: &'static str,
    no_such_band: &'static str,
    no_such_question: &'static str,
    no_such_option: &'static str,
    no_option_named: &'static str,
    total_bands_mode: &'static str,
    no_stages: &'static str,
    stage_no_dimension: &'static str,
    no_such_dimension: &'static str,
    stages_mode: &'static str,
    balance_two: &'static str,
    listed_twice: &'static str,
    /// Why a file did not open (the `{why}` of `i18n`'s `open_failed`).
    pub too_big: &'static str,
    pub unreadable: &'static str,
    pub not_questionnaire: &'static str,
    /// A translated CSV that is not UTF-8 text (`{file}`).
    pub not_csv: &'static str,
    /// Where a row of the CSV is (`{n}`).
    pub line: &'static str,
    /// A language a translated CSV added (`{lang}`).
    pub language_added: &'static str,
}

const EN: Words = Words {
    code: "en",
    missing: "the text in {lang} is missing",
    not_declared: "{lang} is not one of the questionnaire's languages: add it to them or remove its texts",
    too_long: ["", "the text is longer than {n} character", "", "", "", "the text is longer than {n} characters"],
    invalid_id: "{id} is not a valid id: use 1 to 64 lower-case letters, digits, - or _",
    duplicate_id: "the id {id} is used twice",
    out_of_range: "{what} must be between {lo} and {hi}; it is {value}",
    min_answered_share: "the share of an area's statements that must be answered",
    gap_threshold: "the gap between groups that is flagged",
    stage_threshold: "a stage's lowest score",
    balance_penalty: "the balance penalty",
    balance_tolerance: "the spread named as an imbalance",
    no_bands: "add at least one band",
    band_outside: "a band must start inside the scale ({lo} to {hi}); this one starts at {from}",
    lowest_band: "the first band must start at the lowest possible score, {lo}",
    band_order: "list the bands lowest first, each starting above the one before",
    interface_empty: "the text is empty: leave it out to use the first language's",
    version_length: "the version must be 1 to 32 characters",
    no_languages: "give the questionnaire at least one language (a tag such as en)",
    bad_tag: "{tag} is not a language tag such as en or pt-BR",
    tag_twice: "{lang} is listed twice",
    scale: "the scale must run upwards over 2 to 11 points; it is {min} to {max}",
    label_count: [
        "",
        "give one label per scale point: {n} label, not {labels}",
        "",
        "",
        "",
        "give one label per scale point: {n} labels, not {labels}",
    ],
    label_length: "a label must be 1 to 200 characters",
    labels_missing: "the point labels are missing; only a 1 to 5 scale in English, French, Spanish, Arabic or Portuguese has built-in labels",
    option_count: "a context question needs 2 to 20 answers",
    anonymity_k: "the fewest responses a figure may describe must be a whole number from {min} to 1000; it is {value}",
    comment_k: "the fewest comments shown must be a whole number from {k} (the fewest responses a figure may describe) to 1000; it is {value}",
    no_dimensions: "add at least one area",
    too_many_dimensions: "at most {max} areas are allowed",
    too_many_items: "at most {max} statements are allowed; there are {items}",
    weight: "a weight must be above 0 and at most 1000; it is {value}",
    no_scored_item: "an area needs at least one statement rated on the scale",
    no_such_group: "there is no group {group}",
    comment_reverse: "an open comment is not scored, so it cannot be reverse-worded",
    clash: "{id} is the id of an area and of a statement: give each its own",
    no_band_named: "choose at least one band to show this advice in",
    no_such_band: "there is no band {band} for this area",
    no_such_question: "there is no context question {question}",
    no_such_option: "the question {question} has no answer {option}",
    no_option_named: "choose at least one answer",
    total_bands_mode: "bands of the total are used only when the overall result is the total of the statements",
    no_stages: "add at least one stage: the overall result is the stage reached",
    stage_no_dimension: "a stage needs at least one area",
    no_such_dimension: "there is no area {id}",
    stages_mode: "stages are used only when the overall result is the stage reached",
    balance_two: "balance needs at least two areas",
    listed_twice: "{id} is listed twice",
    too_big: "the file is larger than 4 MB",
    unreadable: "the browser could not read it",
    not_questionnaire: "it is neither questionnaire JSON nor an XLSForm workbook",
    not_csv: "{file} could not be imported: it is not a UTF-8 CSV file.",
    line: "(line {n})",
    language_added: "language added: {lang}",
};

const FR: Words = Words {
    code: "fr",
    missing: "le texte en {lang} manque",
    not_declared: "{lang} n'est pas une des langues du questionnaire : ajoutez-la ou retirez ses textes",
    too_long: ["", "le texte dépasse {n} caractère", "", "", "", "le texte dépasse {n} caractères"],
    invalid_id: "{id} n'est pas un identifiant valable : 1 à 64 lettres minuscules, chiffres, - ou _",
    duplicate_id: "l'identifiant {id} est utilisé deux fois",
    out_of_range: "{what} doit être entre {lo} et {hi} ; la valeur est {value}",
    min_answered_share: "la part des affirmations d'un domaine à répondre",
    gap_threshold: "l'écart entre groupes signalé",
    stage_threshold: "le score minimal d'une étape",
    balance_penalty: "la pénalité d'équilibre",
    balance_tolerance: "l'écart signalé comme déséquilibre",
    no_bands: "ajoutez au moins un niveau",
    band_outside: "un niveau doit commencer dans l'échelle ({lo} à {hi}) ; celui-ci commence à {from}",
    lowest_band: "le premier niveau doit commencer au score le plus bas possible, {lo}",
    band_order: "listez les niveaux du plus bas au plus haut, chacun commençant au-dessus du précédent",
    interface_empty: "le texte est vide : retirez-le pour reprendre celui de la première langue",
    version_length: "la version doit compter de 1 à 32 caractères",
    no_languages: "donnez au questionnaire au moins une langue (un code comme fr)",
    bad_tag: "{tag} n'est pas un code de langue comme fr ou pt-BR",
    tag_twice: "{lang} figure deux fois",
    scale: "l'échelle doit monter sur 2 à 11 points ; elle va de {min} à {max}",
    label_count: [
        "",
        "donnez un libellé par point de l'échelle : {n} libellé, pas {labels}",
        "",
        "",
        "",
        "donnez un libellé par point de l'échelle : {n} libellés, pas {labels}",
    ],
    label_length: "un libellé doit compter de 1 à 200 caractères",
    labels_missing: "les libellés des points manquent ; seule une échelle de 1 à 5 en anglais, français, espagnol, arabe ou portugais a des libellés prédéfinis",
    option_count: "une question de contexte demande de 2 à 20 réponses",
    anonymity_k: "le nombre minimal de réponses par chiffre doit être un nombre entier de {min} à 1000 ; il est de {value}",
    comment_k: "le nombre minimal de commentaires montrés doit être un nombre entier de {k} (le nombre minimal de réponses par chiffre) à 1000 ; il est de {value}",
    no_dimensions: "ajoutez au moins un domaine",
    too_many_dimensions: "{max} domaines au plus sont permis",
    too_many_items: "{max} affirmations au plus sont permises ; il y en a {items}",
    weight: "un poids doit être supérieur à 0 et d'au plus 1000 ; il est de {value}",
    no_scored_item: "un domaine a besoin d'au moins une affirmation notée sur l'échelle",
    no_such_group: "il n'y a pas de groupe {group}",
    comment_reverse: "un commentaire libre n'est pas noté : il ne peut pas être inversé",
    clash: "{id} est l'identifiant d'un domaine et d'une affirmation : donnez à chacun le sien",
    no_band_named: "choisissez au moins un niveau où montrer ce conseil",
    no_such_band: "il n'y a pas de niveau {band} pour ce domaine",
    no_such_question: "il n'y a pas de question de contexte {question}",
    no_such_option: "la question {question} n'a pas de réponse {option}",
    no_option_named: "choisissez au moins une réponse",
    total_bands_mode: "les niveaux du total ne servent que si le résultat global est le total des affirmations",
    no_stages: "ajoutez au moins une étape : le résultat global est l'étape atteinte",
    stage_no_dimension: "une étape a besoin d'au moins un domaine",
    no_such_dimension: "il n'y a pas de domaine {id}",
    stages_mode: "les étapes ne servent que si le résultat global est l'étape atteinte",
    balance_two: "l'équilibre demande au moins deux domaines",
    listed_twice: "{id} figure deux fois",
    too_big: "le fichier dépasse 4 Mo",
    unreadable: "le navigateur n'a pas pu le lire",
    not_questionnaire: "ce n'est ni un questionnaire JSON ni un classeur XLSForm",
    not_csv: "{file} n'a pas pu être importé : ce n'est pas un fichier CSV en UTF-8.",
    line: "(ligne {n})",
    language_added: "langue ajoutée : {lang}",
};

const ES: Words = Words {
    code: "es",
    missing: "falta el texto en {lang}",
    not_declared: "{lang} no es uno de los idiomas del cuestionario: añádalo o quite sus textos",
    too_long: ["", "el texto tiene más de {n} carácter", "", "", "", "el texto tiene más de {n} caracteres"],
    invalid_id: "{id} no es un identificador válido: use de 1 a 64 letras minúsculas, cifras, - o _",
    duplicate_id: "el identificador {id} se usa dos veces",
    out_of_range: "{what} debe estar entre {lo} y {hi}; es {value}",
    min_answered_share: "la proporción de afirmaciones de un área que deben responderse",
    gap_threshold: "la diferencia entre grupos que se señala",
    stage_threshold: "la puntuación mínima de una etapa",
    balance_penalty: "la penalización por desequilibrio",
    balance_tolerance: "la diferencia señalada como desequilibrio",
    no_bands: "añada al menos una franja",
    band_outside: "una franja debe empezar dentro de la escala ({lo} a {hi}); esta empieza en {from}",
    lowest_band: "la primera franja debe empezar en la puntuación más baja posible, {lo}",
    band_order: "ordene las franjas de la más baja a la más alta, cada una por encima de la anterior",
    interface_empty: "el texto está vacío: quítelo para usar el del primer idioma",
    version_length: "la versión debe tener de 1 a 32 caracteres",
    no_languages: "dé al cuestionario al menos un idioma (un código como es)",
    bad_tag: "{tag} no es un código de idioma como es o pt-BR",
    tag_twice: "{lang} aparece dos veces",
    scale: "la escala debe subir por 2 a 11 puntos; va de {min} a {max}",
    label_count: [
        "",
        "dé una etiqueta por punto de la escala: {n} etiqueta, no {labels}",
        "",
        "",
        "",
        "dé una etiqueta por punto de la escala: {n} etiquetas, no {labels}",
    ],
    label_length: "una etiqueta debe tener de 1 a 200 caracteres",
    labels_missing: "faltan las etiquetas de los puntos; solo una escala de 1 a 5 en inglés, francés, español, árabe o portugués tiene etiquetas predefinidas",
    option_count: "una pregunta de contexto necesita de 2 a 20 respuestas",
    anonymity_k: "el mínimo de respuestas por cifra debe ser un número entero de {min} a 1000; es {value}",
    comment_k: "el mínimo de comentarios mostrados debe ser un número entero de {k} (el mínimo de respuestas por cifra) a 1000; es {value}",
    no_dimensions: "añada al menos un área",
    too_many_dimensions: "se permiten como máximo {max} áreas",
    too_many_items: "se permiten como máximo {max} afirmaciones; hay {items}",
    weight: "un peso debe ser mayor que 0 y como máximo 1000; es {value}",
    no_scored_item: "un área necesita al menos una afirmación valorada en la escala",
    no_such_group: "no hay ningún grupo {group}",
    comment_reverse: "un comentario abierto no se puntúa, así que no puede estar invertido",
    clash: "{id} es el identificador de un área y de una afirmación: dé a cada una el suyo",
    no_band_named: "elija al menos una franja en la que mostrar este consejo",
    no_such_band: "no hay ninguna franja {band} para esta área",
    no_such_question: "no hay ninguna pregunta de contexto {question}",
    no_such_option: "la pregunta {question} no tiene la respuesta {option}",
    no_option_named: "elija al menos una respuesta",
    total_bands_mode: "las franjas del total solo se usan si el resultado global es el total de las afirmaciones",
    no_stages: "añada al menos una etapa: el resultado global es la etapa alcanzada",
    stage_no_dimension: "una etapa necesita al menos un área",
    no_such_dimension: "no hay ningún área {id}",
    stages_mode: "las etapas solo se usan si el resultado global es la etapa alcanzada",
    balance_two: "el equilibrio necesita al menos dos áreas",
    listed_twice: "{id} aparece dos veces",
    too_big: "el archivo pesa más de 4 MB",
    unreadable: "el navegador no pudo leerlo",
    not_questionnaire: "no es un cuestionario JSON ni un libro XLSForm",
    not_csv: "No se pudo importar {file}: no es un archivo CSV en UTF-8.",
    line: "(línea {n})",
    language_added: "idioma añadido: {lang}",
};

const AR: Words = Words {
    code: "ar",
    missing: "النص ناقص بلغة {lang}",
    not_declared: "{lang} ليست من لغات الاستبيان: أضفها إلى لغاته أو احذف نصوصها",
    too_long: [
        "النص أطول من {n} حرف",
        "النص أطول من حرف واحد",
        "النص أطول من حرفين",
        "النص أطول من {n} أحرف",
        "النص أطول من {n} حرفًا",
        "النص أطول من {n} حرف",
    ],
    invalid_id: "{id} ليس معرّفًا صالحًا: استخدم من 1 إلى 64 من الحروف اللاتينية الصغيرة أو الأرقام أو \u{2066}-\u{2069} أو \u{2066}_\u{2069}",
    duplicate_id: "المعرّف {id} مستخدم مرتين",
    out_of_range: "{what}: يجب أن تكون القيمة بين {lo} و{hi}؛ وهي الآن {value}",
    min_answered_share: "نسبة عبارات المجال التي تلزم الإجابة عنها",
    gap_threshold: "الفرق بين المجموعات الذي يُعلَّم",
    stage_threshold: "أدنى درجة للمرحلة",
    balance_penalty: "خصم عدم التوازن",
    balance_tolerance: "الفرق الذي يُعدّ عدم توازن",
    no_bands: "أضف مستوى واحدًا على الأقل",
    band_outside: "يجب أن يبدأ المستوى داخل المقياس (من {lo} إلى {hi})؛ وهذا يبدأ عند {from}",
    lowest_band: "يجب أن يبدأ المستوى الأول عند أدنى درجة ممكنة، {lo}",
    band_order: "رتّب المستويات من الأدنى إلى الأعلى، وليبدأ كل مستوى فوق الذي قبله",
    interface_empty: "النص فارغ: احذفه لاستخدام نص اللغة الأولى",
    version_length: "يجب أن يكون الإصدار من 1 إلى 32 حرفًا",
    no_languages: "أضف إلى الاستبيان لغة واحدة على الأقل (رمزًا مثل \u{2066}ar\u{2069})",
    bad_tag: "{tag} ليس رمز لغة مثل \u{2066}ar\u{2069} أو \u{2066}pt-BR\u{2069}",
    tag_twice: "{lang} مذكورة مرتين",
    scale: "يجب أن يصعد المقياس من 2 إلى 11 نقطة؛ وهو الآن من {min} إلى {max}",
    label_count: [
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب {n} اسم، لا {labels}",
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب اسم واحد، لا {labels}",
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب اسمان، لا {labels}",
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب {n} أسماء، لا {labels}",
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب {n} اسمًا، لا {labels}",
        "أعطِ كل نقطة في المقياس اسمًا: المطلوب {n} اسم، لا {labels}",
    ],
    label_length: "يجب أن يكون اسم النقطة من 1 إلى 200 حرف",
    labels_missing: "أسماء النقاط ناقصة؛ الأسماء الجاهزة متاحة فقط لمقياس من 1 إلى 5 بالإنجليزية أو الفرنسية أو الإسبانية أو العربية أو البرتغالية",
    option_count: "يحتاج سؤال السياق إلى ما بين 2 و20 إجابة",
    anonymity_k: "يجب أن يكون أقل عدد من الإجابات يصفه رقم عددًا صحيحًا من {min} إلى 1000؛ وهو الآن {value}",
    comment_k: "يجب أن يكون أقل عدد من التعليقات يُعرض عددًا صحيحًا من {k} (أقل عدد من الإجابات يصفه رقم) إلى 1000؛ وهو الآن {value}",
    no_dimensions: "أضف مجالًا واحدًا على الأقل",
    too_many_dimensions: "الحد الأقصى {max} مجالًا",
    too_many_items: "الحد الأقصى {max} عبارة؛ وفي الاستبيان {items}",
    weight: "يجب أن يكون الوزن أكبر من 0 وألا يزيد على 1000؛ وهو الآن {value}",
    no_scored_item: "يحتاج المجال إلى عبارة واحدة على الأقل تُقيَّم على المقياس",
    no_such_group: "لا توجد مجموعة {group}",
    comment_reverse: "التعليق الحر لا يدخل في الدرجة، فلا يمكن أن يكون معكوس الصياغة",
    clash: "{id} معرّف لمجال ولعبارة معًا: أعطِ كلًّا منهما معرّفًا خاصًا به",
    no_band_named: "اختر مستوى واحدًا على الأقل تظهر فيه هذه النصيحة",
    no_such_band: "لا يوجد مستوى {band} لهذا المجال",
    no_such_question: "لا يوجد سؤال سياق {question}",
    no_such_option: "السؤال {question} ليس فيه الإجابة {option}",
    no_option_named: "اختر إجابة واحدة على الأقل",
    total_bands_mode: "مستويات المجموع لا تُستخدم إلا إذا كانت النتيجة العامة مجموع العبارات",
    no_stages: "أضف مرحلة واحدة على الأقل: النتيجة العامة هي المرحلة التي بُلغت",
    stage_no_dimension: "تحتاج المرحلة إلى مجال واحد على الأقل",
    no_such_dimension: "لا يوجد مجال {id}",
    stages_mode: "المراحل لا تُستخدم إلا إذا كانت النتيجة العامة هي المرحلة التي بُلغت",
    balance_two: "يحتاج التوازن إلى مجالين على الأقل",
    listed_twice: "{id} مذكور مرتين",
    too_big: "حجم الملف أكبر من 4 ميغابايت",
    unreadable: "لم يتمكن المتصفح من قراءته",
    not_questionnaire: "ليس ملف استبيان بصيغة \u{2066}JSON\u{2069} ولا مصنّف \u{2066}XLSForm\u{2069}",
    not_csv: "تعذّر استيراد {file}: ليس ملف \u{2066}CSV\u{2069} بترميز \u{2066}UTF-8\u{2069}.",
    line: "(السطر {n})",
    language_added: "أضيفت لغة: {lang}",
};

const PT: Words = Words {
    code: "pt",
    missing: "falta o texto em {lang}",
    not_declared: "{lang} não é uma das línguas do questionário: acrescente-a ou remova os seus textos",
    too_long: ["", "o texto tem mais de {n} caractere", "", "", "", "o texto tem mais de {n} caracteres"],
    invalid_id: "{id} não é um identificador válido: use de 1 a 64 letras minúsculas, algarismos, - ou _",
    duplicate_id: "o identificador {id} é usado duas vezes",
    out_of_range: "{what} deve estar entre {lo} e {hi}; é {value}",
    min_answered_share: "a parte das afirmações de uma área que deve ter resposta",
    gap_threshold: "a diferença entre grupos que é assinalada",
    stage_threshold: "a pontuação mínima de uma etapa",
    balance_penalty: "a penalização por desequilíbrio",
    balance_tolerance: "a diferença assinalada como desequilíbrio",
    no_bands: "acrescente pelo menos um nível",
    band_outside: "um nível deve começar dentro da escala ({lo} a {hi}); este começa em {from}",
    lowest_band: "o primeiro nível deve começar na pontuação mais baixa possível, {lo}",
    band_order: "ordene os níveis do mais baixo para o mais alto, cada um começando acima do anterior",
    interface_empty: "o texto está vazio: retire-o para usar o da primeira língua",
    version_length: "a versão deve ter de 1 a 32 caracteres",
    no_languages: "dê ao questionário pelo menos uma língua (um código como pt)",
    bad_tag: "{tag} não é um código de língua como pt ou pt-BR",
    tag_twice: "{lang} aparece duas vezes",
    scale: "a escala deve subir ao longo de 2 a 11 pontos; vai de {min} a {max}",
    label_count: [
        "",
        "dê um nome a cada ponto da escala: {n} nome, não {labels}",
        "",
        "",
        "",
        "dê um nome a cada ponto da escala: {n} nomes, não {labels}",
    ],
    label_length: "o nome de um ponto deve ter de 1 a 200 caracteres",
    labels_missing: "faltam os nomes dos pontos; só uma escala de 1 a 5 em inglês, francês, espanhol, árabe ou português tem nomes predefinidos",
    option_count: "uma pergunta de contexto precisa de 2 a 20 respostas",
    anonymity_k: "o mínimo de respostas que um número pode descrever deve ser um número inteiro de {min} a 1000; é {value}",
    comment_k: "o mínimo de comentários mostrados deve ser um número inteiro de {k} (o mínimo de respostas que um número pode descrever) a 1000; é {value}",
    no_dimensions: "acrescente pelo menos uma área",
    too_many_dimensions: "são permitidas no máximo {max} áreas",
    too_many_items: "são permitidas no máximo {max} afirmações; há {items}",
    weight: "um peso deve ser maior que 0 e no máximo 1000; é {value}",
    no_scored_item: "uma área precisa de pelo menos uma afirmação avaliada na escala",
    no_such_group: "não há nenhum grupo {group}",
    comment_reverse: "um comentário livre não é pontuado, por isso não pode ser invertido",
    clash: "{id} é o identificador de uma área e de uma afirmação: dê a cada uma o seu",
    no_band_named: "escolha pelo menos um nível em que mostrar este conselho",
    no_such_band: "não há nenhum nível {band} para esta área",
    no_such_question: "não há nenhuma pergunta de contexto {question}",
    no_such_option: "a pergunta {question} não tem a resposta {option}",
    no_option_named: "escolha pelo menos uma resposta",
    total_bands_mode: "os níveis do total só se usam quando o resultado global é o total das afirmações",
    no_stages: "acrescente pelo menos uma etapa: o resultado global é a etapa alcançada",
    stage_no_dimension: "uma etapa precisa de pelo menos uma área",
    no_such_dimension: "não há nenhuma área {id}",
    stages_mode: "as etapas só se usam quando o resultado global é a etapa alcançada",
    balance_two: "o equilíbrio precisa de pelo menos duas áreas",
    listed_twice: "{id} aparece duas vezes",
    too_big: "tem mais de 4 MB",
    unreadable: "o navegador não conseguiu lê-lo",
    not_questionnaire: "não é um questionário JSON nem um livro XLSForm",
    not_csv: "Não foi possível importar {file}: não é um CSV em UTF-8.",
    line: "(linha {n})",
    language_added: "língua acrescentada: {lang}",
};

/// The words for `lang`, English when the studio does not speak it.
pub fn words(lang: &str) -> &'static Words {
    partnerscope_core::locale::shipped_table(lang, [&EN, &FR, &ES, &AR, &PT])
}

/// A problem's template (a quantity's name already in it) and the values to put in; `None`
/// for a kind the studio leaves in the core's English.
fn parts(w: &'static Words, p: &Problem) -> Option<(String, Vec<(&'static str, String)>)> {
    use Problem::*;
    let sep = decimal_separator(w.code);
    // A number as the checks wrote it ("0.5"), with the language's decimal separator.
    let num = |s: &str| if sep == '.' { s.to_owned() } else { s.replace('.', sep.encode_utf8(&mut [0; 4])) };
    let one = |t: &'static str| (t.to_owned(), Vec::new());
    let with = |t: &'static str, name: &'static str, value: String| (t.to_owned(), vec![(name, value)]);
    Some(match p {
        Missing { lang } => with(w.missing, "lang", language_name(lang)),
        NotDeclared { lang } => with(w.not_declared, "lang", language_name(lang)),
        TooLong { max } => with(pick(&w.too_long, w.code, *max as u64), "n", max.to_string()),
        InvalidId { id } => with(w.invalid_id, "id", id.to_string()),
        DuplicateId { id } => with(w.duplicate_id, "id", id.to_string()),
        OutOfRange { what, lo, hi, value } => {
            let what = match what {
                Quantity::MinAnsweredShare => w.min_answered_share,
                Quantity::GapThreshold => w.gap_threshold,
                Quantity::StageThreshold => w.stage_threshold,
                Quantity::BalancePenalty => w.balance_penalty,
                Quantity::BalanceTolerance => w.balance_tolerance,
            };
            (fill(w.out_of_range, &[("what", what)]), vec![("lo", num(lo)), ("hi", num(hi)), ("value", num(value))])
        }
        NoBands => one(w.no_bands),
        BandOutside { lo, hi, from } => {
            (w.band_outside.to_owned(), vec![("lo", num(lo)), ("hi", num(hi)), ("from", num(from))])
        }
        LowestBand { lo } => with(w.lowest_band, "lo", num(lo)),
        BandOrder => one(w.band_order),
        InterfaceEmpty => one(w.interface_empty),
        VersionLength => one(w.version_length),
        NoLanguages => one(w.no_languages),
        BadTag { tag } => with(w.bad_tag, "tag", tag.to_string()),
        TagTwice { tag } => with(w.tag_twice, "lang", language_name(tag)),
        Scale { min, max } => (w.scale.to_owned(), vec![("min", min.to_string()), ("max", max.to_string())]),
        LabelCount { points, labels } => (
            pick(&w.label_count, w.code, *points as u64).to_owned(),
            vec![("n", points.to_string()), ("labels", labels.to_string())],
        ),
        LabelLength => one(w.label_length),
        LabelsMissing => one(w.labels_missing),
        OptionCount => one(w.option_count),
        AnonymityK { min, value } => (w.anonymity_k.to_owned(), vec![("min", min.to_string()), ("value", num(value))]),
        CommentK { anonymity_k, value } => {
            (w.comment_k.to_owned(), vec![("k", anonymity_k.to_string()), ("value", value.to_string())])
        }
        NoDimensions => one(w.no_dimensions),
        TooManyDimensions { max } => with(w.too_many_dimensions, "max", max.to_string()),
        TooManyItems { max, items } => {
            (w.too_many_items.to_owned(), vec![("max", max.to_string()), ("items", items.to_string())])
        }
        Weight { value } => with(w.weight, "value", num(value)),
        NoScoredItem => one(w.no_scored_item),
        NoSuchGroup { group } => with(w.no_such_group, "group", group.to_string()),
        CommentReverse => one(w.comment_reverse),
        DimensionItemClash { id } => with(w.clash, "id", id.to_string()),
        NoBandNamed => one(w.no_band_named),
        NoSuchBand { band } => with(w.no_such_band, "band", band.to_string()),
        NoSuchQuestion { question } => with(w.no_such_question, "question", question.to_string()),
        NoSuchOption { question, option } => {
            (w.no_such_option.to_owned(), vec![("question", question.to_string()), ("option", option.to_string())])
        }
        NoOptionNamed => one(w.no_option_named),
        TotalBandsMode => one(w.total_bands_mode),
        NoStages => one(w.no_stages),
        StageNoDimension => one(w.stage_no_dimension),
        NoSuchDimension { id } => with(w.no_such_dimension, "id", id.to_string()),
        StagesMode => one(w.stages_mode),
        BalanceTwo => one(w.balance_two),
        ListedTwice { id } => with(w.listed_twice, "id", id.to_string()),
        Other => return None,
    })
}

/// `template` with each `{name}` of `values` put in between first-strong isolates.
pub fn fill_isolated(template: &str, values: &[(&str, String)]) -> String {
    let isolated: Vec<(&str, String)> = values.iter().map(|(k, v)| (*k, format!("\u{2068}{v}\u{2069}"))).collect();
    let pairs: Vec<(&str, &str)> = isolated.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &pairs)
}

/// The problem in words, as plain text (values isolated); `None` when only the core's English
/// `message` says it.
pub fn text(w: &'static Words, problem: &Problem) -> Option<String> {
    parts(w, problem).map(|(template, values)| fill_isolated(&template, &values))
}

/// The problem in words for the page: each value in a `<bdi>`; a kind the studio does not word
/// is the core's `message`, in a `<bdi lang="en">`.
pub fn html(w: &'static Words, problem: &Problem, message: &str) -> Html {
    let Some((template, values)) = parts(w, problem) else {
        return html! { <bdi lang="en">{message.to_owned()}</bdi> };
    };
    let mut out = Vec::new();
    pieces(
        &template,
        |name| values.iter().position(|(k, _)| *k == name),
        |piece| {
            out.push(match piece {
                Piece::Text(text) => html! { {text} },
                Piece::Value(i) => html! { <bdi>{values[i].1.clone()}</bdi> },
            });
        },
    );
    html! { <>{ for out }</> }
}

/// The number of a line of a file, in words: "(line 7)".
pub fn line(w: &Words, n: usize) -> String {
    fill(w.line, &[("n", &n.to_string())])
}

#[cfg(test)]
mod tests {
    use partnerscope_core::Problem::{self, *};
    use partnerscope_core::diag::Quantity;
    use partnerscope_core::instrument::Mode;

    use super::*;
    use crate::checks::{self, Warning};
    use crate::model::Draft;

    const LANGS: [&str; 5] = ["en", "fr", "es", "ar", "pt"];

    /// One problem of every kind the studio words.
    fn every_kind() -> Vec<Problem> {
        let s = |x: &str| -> Box<str> { x.into() };
        let range = |what| OutOfRange { what, lo: s("0.01"), hi: s("4"), value: s("4.5") };
        vec![
            Missing { lang: s("ar") },
            NotDeclared { lang: s("de") },
            TooLong { max: 2000 },
            InvalidId { id: s("A b") },
            DuplicateId { id: s("q1") },
            range(Quantity::MinAnsweredShare),
            range(Quantity::GapThreshold),
            range(Quantity::StageThreshold),
            range(Quantity::BalancePenalty),
            range(Quantity::BalanceTolerance),
            NoBands,
            BandOutside { lo: s("1"), hi: s("5"), from: s("7") },
            LowestBand { lo: s("1") },
            BandOrder,
            InterfaceEmpty,
            VersionLength,
            NoLanguages,
            BadTag { tag: s("xx_1") },
            TagTwice { tag: s("fr") },
            Scale { min: 5, max: 1 },
            LabelCount { points: 5, labels: 11 },
            LabelLength,
            LabelsMissing,
            OptionCount,
            AnonymityK { min: 3, value: s("3.5") },
            CommentK { anonymity_k: 5, value: 4 },
            NoDimensions,
            TooManyDimensions { max: 64 },
            TooManyItems { max: 400, items: 401 },
            Weight { value: s("0") },
            NoScoredItem,
            NoSuchGroup { group: s("staff") },
            CommentReverse,
            DimensionItemClash { id: s("trust") },
            NoBandNamed,
            NoSuchBand { band: s("low") },
            NoSuchQuestion { question: s("size") },
            NoSuchOption { question: s("size"), option: s("xl") },
            NoOptionNamed,
            TotalBandsMode,
            NoStages,
            StageNoDimension,
            NoSuchDimension { id: s("trust") },
            StagesMode,
            BalanceTwo,
            ListedTwice { id: s("trust") },
        ]
    }

    #[test]
    fn every_kind_is_worded_in_every_language_with_its_values() {
        for lang in LANGS {
            let w = words(lang);
            assert_eq!(w.code, lang);
            for p in every_kind() {
                let text = text(w, &p).unwrap_or_else(|| panic!("{lang}: {p:?} has no words"));
                assert!(!text.trim().is_empty(), "{lang}: {p:?}");
                assert!(!crate::i18n::unfilled(&text), "{lang}: {p:?} leaves a placeholder: {text}");
                if lang != "en" {
                    assert_ne!(text, p.to_string(), "{lang}: {p:?} is the core's English");
                }
            }
            // The ids and values are in it.
            let clash = text(w, &DimensionItemClash { id: "trust".into() }).unwrap();
            assert!(clash.contains("\u{2068}trust\u{2069}"), "{lang}: {clash}");
            let count = text(w, &LabelCount { points: 5, labels: 11 }).unwrap();
            assert!(count.contains("\u{2068}5\u{2069}") && count.contains("\u{2068}11\u{2069}"), "{lang}: {count}");
            for field in [w.too_big, w.unreadable, w.not_questionnaire, w.not_csv, w.line, w.language_added] {
                assert!(!field.trim().is_empty(), "{lang}");
            }
            assert!(w.not_csv.contains("{file}") && w.line.contains("{n}") && w.language_added.contains("{lang}"));
        }
        assert_eq!(text(words("pt"), &Other), None, "the rest stays the core's English");
    }

    #[test]
    fn numbers_take_the_languages_decimal_separator() {
        let p = Weight { value: "0.5".into() };
        assert!(text(words("pt"), &p).unwrap().contains("0,5"));
        assert!(text(words("fr"), &p).unwrap().contains("0,5"));
        assert!(text(words("ar"), &p).unwrap().contains("0.5"));
        assert_eq!(
            text(words("en"), &Weight { value: "0".into() }).unwrap(),
            "a weight must be above 0 and at most 1000; it is \u{2068}0\u{2069}"
        );
    }

    /// English words the core's messages use, which an Arabic or Portuguese line must not.
    const ENGLISH: [&str; 16] = [
        "the", "text", "missing", "label", "labels", "needs", "stage", "band", "is", "language", "scale", "give",
        "must", "least", "one", "and",
    ];

    /// The problems of `draft` as a facilitator reads them in `lang`.
    fn worded(draft: &Draft, lang: &str) -> Vec<String> {
        let problems = checks::problems(draft).expect_err("a problem");
        problems
            .iter()
            .map(|c| match &c.kind {
                Warning::Problem(p, message) => {
                    text(words(lang), p).unwrap_or_else(|| panic!("{lang}: not worded: {message}"))
                }
                other => panic!("{other:?}"),
            })
            .collect()
    }

    fn no_english(lines: &[String], lang: &str) {
        for line in lines {
            // The values (ids, tags, language names) are isolated; the words around them are not English.
            let words: String =
                line.split('\u{2068}').map(|s| s.split_once('\u{2069}').map_or(s, |(_, rest)| rest)).collect();
            let lower = words.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphanumeric()) {
                assert!(!ENGLISH.contains(&word), "{lang}: {word:?} in {line}");
            }
        }
    }

    /// A line without its isolates (U+2068, U+2069): how the names sit in a sentence is
    /// `i18n`'s rule and is tested there; these tests are about the words.
    fn bare(line: &str) -> String {
        line.replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn a_blank_questionnaire_reads_in_arabic_and_portuguese() {
        let draft = Draft::blank("ar");
        let ar = worded(&draft, "ar");
        assert!(ar.iter().any(|l| bare(l) == "النص ناقص بلغة العربية (ar)"), "{ar:?}");
        assert!(ar.iter().all(|l| l.contains('\u{2068}')), "the language is isolated: {ar:?}");
        no_english(&ar, "ar");
        let draft = Draft::blank("pt");
        let pt = worded(&draft, "pt");
        assert!(pt.iter().any(|l| bare(l) == "falta o texto em Português (pt)"), "{pt:?}");
        no_english(&pt, "pt");
    }

    #[test]
    fn a_questionnaire_missing_its_arabic_reads_in_arabic_and_portuguese() {
        let mut draft = Draft::copy_of_builtin("health-check").expect("health check");
        crate::translate::remove_language(&mut draft, "ar");
        draft.locales.push("ar".into());
        for lang in ["ar", "pt"] {
            let lines = worded(&draft, lang);
            assert!(lines.len() > 10, "{lines:?}");
            assert!(lines.iter().all(|l| bare(l).contains("العربية (ar)")), "{lang}: {lines:?}");
            no_english(&lines, lang);
        }
    }

    #[test]
    fn a_wrong_count_of_labels_and_stages_wanting_read_in_arabic_and_portuguese() {
        let mut draft = Draft::copy_of_builtin("health-check").expect("health check");
        draft.scale_labels.insert("en".into(), vec!["x".into(); 11]);
        draft.mode = Mode::Stage;
        draft.stages.clear();
        let ar = worded(&draft, "ar");
        assert!(
            ar.contains(
                &"أعطِ كل نقطة في المقياس اسمًا: المطلوب \u{2068}5\u{2069} أسماء، لا \u{2068}11\u{2069}".to_owned()
            ),
            "{ar:?}"
        );
        assert!(ar.contains(&"أضف مرحلة واحدة على الأقل: النتيجة العامة هي المرحلة التي بُلغت".to_owned()), "{ar:?}");
        no_english(&ar, "ar");
        let pt = worded(&draft, "pt");
        assert!(
            pt.contains(
                &"dê um nome a cada ponto da escala: \u{2068}5\u{2069} nomes, não \u{2068}11\u{2069}".to_owned()
            ),
            "{pt:?}"
        );
        assert!(
            pt.contains(&"acrescente pelo menos uma etapa: o resultado global é a etapa alcançada".to_owned()),
            "{pt:?}"
        );
        no_english(&pt, "pt");
    }
}
