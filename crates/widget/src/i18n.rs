//! Interface text in every language the widget speaks. Instrument text comes from the instrument;
//! this is everything else. A struct field per string means a missing translation fails to compile.

/// Languages the interface is written in, with their own names.
pub const LANGUAGES: &[(&str, &str)] = &[("en", "English"), ("fr", "Français"), ("es", "Español")];

/// Every interface string.
pub struct Strings {
    pub language: &'static str,
    pub start: &'static str,
    pub resume: &'static str,
    pub anonymity_title: &'static str,
    pub anonymity_body: &'static str,
    pub anonymity_endpoint: &'static str,
    pub anonymity_none: &'static str,
    pub next: &'static str,
    pub back: &'static str,
    pub review: &'static str,
    pub review_title: &'static str,
    pub review_intro: &'static str,
    pub finish: &'static str,
    pub edit: &'static str,
    pub not_answered: &'static str,
    pub page_of: &'static str,
    pub answered_of: &'static str,
    pub required_missing: &'static str,
    pub choose_group: &'static str,
    pub group_question: &'static str,
    pub profile_title: &'static str,
    pub profile_intro: &'static str,
    pub prefer_not: &'static str,
    pub score_so_far: &'static str,
    pub not_enough: &'static str,
    pub results_title: &'static str,
    pub overall: &'static str,
    pub out_of: &'static str,
    pub index: &'static str,
    pub dimensions: &'static str,
    pub advice: &'static str,
    pub no_advice: &'static str,
    pub start_again: &'static str,
    pub erase: &'static str,
    pub erased: &'static str,
    pub draft_lost: &'static str,
    pub storage_unavailable: &'static str,
    pub na_short: &'static str,
    pub survey_label: &'static str,
}

const EN: Strings = Strings {
    language: "Language",
    start: "Start",
    resume: "Continue where I left off",
    anonymity_title: "Your answers are anonymous",
    anonymity_body: "We do not ask for your name or e-mail address. Your answers are saved only in this browser, on this device, so that you can come back to them; files opened from your disk share that storage. The date is kept, never the time.",
    anonymity_endpoint: "When you finish, your answers are sent to the organisation that set up this survey, without your name.",
    anonymity_none: "Nothing is sent anywhere unless you choose to share your results.",
    next: "Next",
    back: "Back",
    review: "Review",
    review_title: "Check your answers",
    review_intro: "You can change any answer before you finish.",
    finish: "Finish and see results",
    edit: "Change",
    not_answered: "Not answered",
    page_of: "Page {n} of {total}",
    answered_of: "{n} of {total} questions answered",
    required_missing: "Please answer: {item}",
    choose_group: "Please choose which group you belong to.",
    group_question: "I answer as",
    profile_title: "About you and the partnership",
    profile_intro: "These answers do not change any score. They help choose advice that fits.",
    prefer_not: "Prefer not to say",
    score_so_far: "Score so far",
    not_enough: "Not enough answers",
    results_title: "Your results",
    overall: "Overall",
    out_of: "out of",
    index: "index",
    dimensions: "Scores by area",
    advice: "What to do next",
    no_advice: "No specific advice: keep doing what works.",
    start_again: "Start a new response",
    erase: "Erase my answers from this device",
    erased: "Your answers were erased from this device.",
    draft_lost: "Your saved answers could not be restored ({reason}). You are starting afresh.",
    storage_unavailable: "This browser does not let us save your answers. You can still finish, but a reload will lose them.",
    na_short: "N/A",
    survey_label: "Partnership survey",
};

const FR: Strings = Strings {
    language: "Langue",
    start: "Commencer",
    resume: "Reprendre là où je m'étais arrêté",
    anonymity_title: "Vos réponses sont anonymes",
    anonymity_body: "Nous ne demandons ni votre nom ni votre adresse e-mail. Vos réponses sont enregistrées uniquement dans ce navigateur, sur cet appareil, pour que vous puissiez les reprendre ; les fichiers ouverts depuis votre disque partagent cet espace. La date est conservée, jamais l'heure.",
    anonymity_endpoint: "À la fin, vos réponses sont envoyées, sans votre nom, à l'organisation qui a mis en place ce questionnaire.",
    anonymity_none: "Rien n'est envoyé nulle part, sauf si vous décidez de partager vos résultats.",
    next: "Suivant",
    back: "Retour",
    review: "Vérifier",
    review_title: "Vérifiez vos réponses",
    review_intro: "Vous pouvez modifier chaque réponse avant de terminer.",
    finish: "Terminer et voir les résultats",
    edit: "Modifier",
    not_answered: "Sans réponse",
    page_of: "Page {n} sur {total}",
    answered_of: "{n} questions sur {total} répondues",
    required_missing: "Merci de répondre : {item}",
    choose_group: "Merci d'indiquer le groupe auquel vous appartenez.",
    group_question: "Je réponds en tant que",
    profile_title: "Vous et le partenariat",
    profile_intro: "Ces réponses ne changent aucun score. Elles servent à choisir des conseils adaptés.",
    prefer_not: "Je préfère ne pas répondre",
    score_so_far: "Score provisoire",
    not_enough: "Pas assez de réponses",
    results_title: "Vos résultats",
    overall: "Score global",
    out_of: "sur",
    index: "indice",
    dimensions: "Scores par domaine",
    advice: "Prochaines étapes",
    no_advice: "Pas de conseil particulier : continuez ce qui fonctionne.",
    start_again: "Commencer une nouvelle réponse",
    erase: "Effacer mes réponses de cet appareil",
    erased: "Vos réponses ont été effacées de cet appareil.",
    draft_lost: "Vos réponses enregistrées n'ont pas pu être récupérées ({reason}). Vous repartez de zéro.",
    storage_unavailable: "Ce navigateur ne nous permet pas d'enregistrer vos réponses. Vous pouvez terminer, mais un rechargement les effacera.",
    na_short: "S.O.",
    survey_label: "Questionnaire sur le partenariat",
};

const ES: Strings = Strings {
    language: "Idioma",
    start: "Empezar",
    resume: "Seguir donde lo dejé",
    anonymity_title: "Sus respuestas son anónimas",
    anonymity_body: "No pedimos su nombre ni su correo electrónico. Sus respuestas se guardan solo en este navegador, en este dispositivo, para que pueda retomarlas; los archivos abiertos desde su disco comparten ese espacio. Se guarda la fecha, nunca la hora.",
    anonymity_endpoint: "Al terminar, sus respuestas se envían, sin su nombre, a la organización que preparó esta encuesta.",
    anonymity_none: "No se envía nada a ningún sitio, salvo que usted decida compartir sus resultados.",
    next: "Siguiente",
    back: "Atrás",
    review: "Revisar",
    review_title: "Revise sus respuestas",
    review_intro: "Puede cambiar cualquier respuesta antes de terminar.",
    finish: "Terminar y ver resultados",
    edit: "Cambiar",
    not_answered: "Sin respuesta",
    page_of: "Página {n} de {total}",
    answered_of: "{n} de {total} preguntas respondidas",
    required_missing: "Responda, por favor: {item}",
    choose_group: "Indique, por favor, a qué grupo pertenece.",
    group_question: "Respondo como",
    profile_title: "Usted y la alianza",
    profile_intro: "Estas respuestas no cambian ninguna puntuación. Sirven para elegir consejos adecuados.",
    prefer_not: "Prefiero no decirlo",
    score_so_far: "Puntuación provisional",
    not_enough: "Faltan respuestas",
    results_title: "Sus resultados",
    overall: "Puntuación global",
    out_of: "de",
    index: "índice",
    dimensions: "Puntuaciones por área",
    advice: "Próximos pasos",
    no_advice: "Sin consejos concretos: siga con lo que funciona.",
    start_again: "Empezar una nueva respuesta",
    erase: "Borrar mis respuestas de este dispositivo",
    erased: "Sus respuestas se borraron de este dispositivo.",
    draft_lost: "No se pudieron recuperar sus respuestas guardadas ({reason}). Empieza de nuevo.",
    storage_unavailable: "Este navegador no permite guardar sus respuestas. Puede terminar, pero si recarga la página se perderán.",
    na_short: "N/A",
    survey_label: "Encuesta sobre la alianza",
};

/// The strings for `lang`, English when the language is not one we speak.
pub fn strings(lang: &str) -> &'static Strings {
    match lang {
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    }
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in pairs {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A number with a locale's decimal separator and `decimals` digits.
pub fn number(lang: &str, value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if lang == "en" {
        text
    } else {
        text.replace('.', ",")
    }
}
