//! Interface text in every language the widget speaks. Instrument text comes from the instrument;
//! this is everything else. A struct field per string means a missing translation fails to compile.
//! A questionnaire may also carry them, for a language not here ([`text_for`]).

use partnerscope_core::Instrument;

/// Languages the interface is written in, with their own names.
pub const LANGUAGES: &[(&str, &str)] = &partnerscope_core::locale::SHIPPED_NAMES;

/// Every interface string.
#[derive(Clone)]
pub struct Strings {
    /// The language's code, for `lang` attributes.
    pub code: &'static str,
    pub language: &'static str,
    /// The colon as the language writes it (French puts a no-break space before it).
    pub colon: &'static str,
    /// Between the names of a list ("Power, Trust, Impact"; Arabic writes its own comma).
    pub comma: &'static str,
    pub choose_instrument: &'static str,
    pub start: &'static str,
    pub resume: &'static str,
    pub anonymity_title: &'static str,
    pub anonymity_body: &'static str,
    pub anonymity_endpoint: &'static str,
    pub anonymity_none: &'static str,
    /// The invitation code's field, when the page asks for one to be typed.
    pub invitation_label: &'static str,
    pub invitation_hint: &'static str,
    pub next: &'static str,
    pub back: &'static str,
    pub review: &'static str,
    pub review_title: &'static str,
    pub review_intro: &'static str,
    pub finish: &'static str,
    pub edit: &'static str,
    pub not_answered: &'static str,
    /// Beside an open comment's field: the warning, with `{n}` the threshold for comments.
    pub comment_warning: &'static str,
    /// A comment question left empty, on the review page.
    pub no_comment: &'static str,
    /// Beside a question one may skip.
    pub optional: &'static str,
    pub page_of: &'static str,
    pub answered_of: &'static str,
    pub required_missing: &'static str,
    pub review_missing: &'static str,
    /// Announced (and shown) when "Next" finds required questions unanswered on the page.
    pub page_missing: &'static str,
    pub choose_group: &'static str,
    pub group_question: &'static str,
    pub profile_title: &'static str,
    pub profile_intro: &'static str,
    pub prefer_not: &'static str,
    pub not_enough: &'static str,
    pub results_title: &'static str,
    pub overall: &'static str,
    pub out_of: &'static str,
    pub index: &'static str,
    /// What the 0-100 index is, said where it first appears.
    pub index_note: &'static str,
    pub dimensions: &'static str,
    pub advice: &'static str,
    pub imbalance: &'static str,
    pub strongest: &'static str,
    pub weakest: &'static str,
    pub radar_label: &'static str,
    pub calc_title: &'static str,
    pub calc_means: &'static str,
    pub calc_na: &'static str,
    pub calc_overall: &'static str,
    pub calc_balance: &'static str,
    pub calc_stage: &'static str,
    pub calc_weight: &'static str,
    pub calc_reverse: &'static str,
    pub share_title: &'static str,
    pub share_help: &'static str,
    pub download_json: &'static str,
    pub code_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub print: &'static str,
    pub stage_reached: &'static str,
    pub stage_none: &'static str,
    pub stage_met: &'static str,
    pub stage_met_later: &'static str,
    pub stage_not_met: &'static str,
    pub stage_unknown: &'static str,
    pub balanced: &'static str,
    pub balance_unknown: &'static str,
    pub no_advice: &'static str,
    pub start_again: &'static str,
    pub erase: &'static str,
    pub erased: &'static str,
    /// A saved draft was damaged and could not be resumed.
    pub draft_damaged: &'static str,
    /// A saved draft came from another version of the survey or of the draft format.
    pub draft_outdated: &'static str,
    pub storage_unavailable: &'static str,
    /// Another tab finished or erased this response; this one was made a response of its own.
    pub other_tab: &'static str,
    /// Shown while a questionnaire file is fetched.
    pub loading: &'static str,
    /// Shown instead of the survey when the page set it up wrongly (details follow, for the author).
    pub setup_title: &'static str,
    pub setup_body: &'static str,
    /// `share_help` when the answers are also sent to the organisation. (This and the next ones
    /// only in builds that send: the offline file carries no text it never shows.)
    #[cfg(feature = "embed")]
    pub share_help_sent: &'static str,
    /// `share_help` when the organisation's server refused the answers.
    pub share_help_refused: &'static str,
    /// The group the page chose: "You are answering as: {group}."
    pub group_fixed: &'static str,
    #[cfg(feature = "embed")]
    pub delivery_sending: &'static str,
    #[cfg(feature = "embed")]
    pub delivery_sent: &'static str,
    #[cfg(feature = "embed")]
    pub delivery_offline: &'static str,
    #[cfg(feature = "embed")]
    pub delivery_retry: &'static str,
    /// `{reason}` is the server's words, `{status}` its HTTP status.
    #[cfg(feature = "embed")]
    pub delivery_refused: &'static str,
    #[cfg(feature = "embed")]
    pub delivery_unsaved: &'static str,
    /// No longer in the outbox, though this page did not deliver it.
    #[cfg(feature = "embed")]
    pub delivery_gone: &'static str,
    #[cfg(feature = "embed")]
    pub held_title: &'static str,
    #[cfg(feature = "embed")]
    pub held_body: &'static str,
    #[cfg(feature = "embed")]
    pub held_download: &'static str,
    #[cfg(feature = "embed")]
    pub held_remove: &'static str,
    /// The respondent's words for a refusal the server marked with a code (the collector's
    /// `not-open`, `invitation-…`, …; see `refusal`): the first a whole sentence (the survey is
    /// not open yet, the answers wait on the device), the others go in `{reason}`.
    #[cfg(feature = "embed")]
    pub refusal_not_open: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invitation_missing: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invitation_mistyped: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invitation_used: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invitation_unknown: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invitation_other_survey: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_invalid: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_too_large: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_malformed: &'static str,
    #[cfg(feature = "embed")]
    pub refusal_conflict: &'static str,
}

/// `Strings::slot`: the field called `key` (one of the core's `instrument::interface::KEYS`), to
/// set it from a questionnaire's `interface`. Written as a list so that a new string needs one
/// more name here (the test `the_core_knows_every_interface_key` says which).
macro_rules! slots {
    (all: [$($a:ident),* $(,)?], embed: [$($e:ident),* $(,)?] $(,)?) => {
        impl Strings {
            fn slot(&mut self, key: &str) -> Option<&mut &'static str> {
                match key {
                    $(stringify!($a) => Some(&mut self.$a),)*
                    $(#[cfg(feature = "embed")]
                    stringify!($e) => Some(&mut self.$e),)*
                    _ => None,
                }
            }
        }
        #[cfg(test)]
        const SLOTS: &[&str] = &[$(stringify!($a),)* $(stringify!($e),)*];
    };
}

slots! {
    all: [language, colon, comma, choose_instrument, start, resume, anonymity_title, anonymity_body, anonymity_endpoint, anonymity_none, invitation_label, invitation_hint, next, back, review, review_title, review_intro, finish, edit, not_answered, comment_warning, no_comment, optional, page_of, answered_of, required_missing, review_missing, page_missing, choose_group, group_question, profile_title, profile_intro, prefer_not, not_enough, results_title, overall, out_of, index, index_note, dimensions, advice, imbalance, strongest, weakest, radar_label, calc_title, calc_means, calc_na, calc_overall, calc_balance, calc_stage, calc_weight, calc_reverse, share_title, share_help, download_json, code_label, copy, copied, copy_failed, print, stage_reached, stage_none, stage_met, stage_met_later, stage_not_met, stage_unknown, balanced, balance_unknown, no_advice, start_again, erase, erased, draft_damaged, draft_outdated, storage_unavailable, other_tab, loading, setup_title, setup_body, share_help_refused, group_fixed],
    embed: [share_help_sent, delivery_sending, delivery_sent, delivery_offline, delivery_retry, delivery_refused, delivery_unsaved, delivery_gone, held_title, held_body, held_download, held_remove, refusal_not_open, refusal_invitation_missing, refusal_invitation_mistyped, refusal_invitation_used, refusal_invitation_unknown, refusal_invitation_other_survey, refusal_invalid, refusal_too_large, refusal_malformed, refusal_conflict],
}

const EN: Strings = Strings {
    code: "en",
    language: "Language",
    colon: ": ",
    comma: ", ",
    choose_instrument: "Choose a questionnaire",
    start: "Start",
    resume: "Continue where I left off",
    anonymity_title: "Your answers are anonymous",
    anonymity_body: "We do not ask for your name or e-mail address. Your answers are saved only in this browser, on this device, so that you can come back to them; files opened from your disk share that storage. The date is kept, never the time.",
    anonymity_endpoint: "When you finish, your answers are sent to the organisation that set up this survey, without your name.",
    anonymity_none: "Nothing is sent anywhere unless you choose to share your results. Once you finish, your answers are no longer kept on this device: copy or download them before you leave.",
    invitation_label: "Invitation code",
    invitation_hint: "The code in the invitation you were sent, like K3MQ-8R2X-D4FA-NW7T. It lets your answers count once, for your group; it is not kept with them.",
    next: "Next",
    back: "Back",
    review: "Review",
    review_title: "Check your answers",
    review_intro: "You can change any answer before you finish.",
    finish: "Finish and see results",
    edit: "Change",
    not_answered: "Not answered",
    comment_warning: "Please do not name anyone, and write nothing that shows who you are: people are known by what they write. The organisers see comments only when at least {n} people have written some, in no particular order, with e-mail addresses, phone numbers and links removed.",
    no_comment: "No comment",
    optional: "(optional)",
    page_of: "Page {n} of {total}",
    answered_of: "{n} of {total} questions answered",
    required_missing: "This question needs an answer. If it does not apply to you, choose \u{201c}Don't know / not applicable\u{201d}.",
    review_missing: "{n} questions still need an answer. Use \u{201c}Change\u{201d} to go back to them.",
    page_missing: "Questions on this page still needing an answer: {n}.",
    choose_group: "Please choose which group you belong to.",
    group_question: "I answer as",
    profile_title: "About you and the partnership",
    profile_intro: "These answers do not change any score. They help choose advice that fits.",
    prefer_not: "Prefer not to say",
    not_enough: "Not enough answers",
    results_title: "Your results",
    overall: "Overall",
    out_of: "out of",
    index: "index",
    index_note: "The index is the same score on a scale from 0 (the lowest answer everywhere) to 100 (the highest everywhere).",
    dimensions: "Scores by area",
    advice: "What to do next",
    imbalance: "Out of balance: {weak} is well below {strong}.",
    strongest: "Strongest area: {dim} ({score}).",
    weakest: "Area needing most attention: {dim} ({score}).",
    radar_label: "Radar chart of the scores by area, from 0 at the centre to 100 at the edge. The same scores are listed as text below.",
    calc_title: "How is this calculated?",
    calc_means: "Each area's score is the average of your answers to its statements, from 1 (strongly disagree) to 5 (strongly agree). Statements marked (R) are worded the other way round, so they count as 6 minus your answer.",
    calc_na: "\u{201c}Don't know / not applicable\u{201d} is left out, never counted as zero. An area needs at least half of its statements answered to get a score.",
    calc_overall: "The overall score is the average of the areas, each counted with the weight shown. The index is the same score on a 0 to 100 scale.",
    calc_balance: "{dims} must stay in balance: the overall score is lowered by how far, on average, these areas are from their own average.",
    calc_stage: "A stage is reached when its area scores at least its threshold, and every earlier stage is reached too.",
    calc_weight: "weight",
    calc_reverse: "(R)",
    share_title: "Keep or share your answers",
    share_help: "Nothing has been sent, and nothing is kept on this device once you leave this page. To keep or share your answers, copy this code or download the file, and give it to the person running the survey.",
    download_json: "Download my answers (JSON)",
    code_label: "Response code",
    copy: "Copy the code",
    copied: "The code is copied.",
    copy_failed: "Copying is not allowed here: select the code and copy it by hand.",
    print: "Print or save as PDF",
    stage_reached: "Stage reached: {stage} ({n} of {total})",
    stage_none: "Not yet at the first stage",
    stage_met: "reached",
    stage_met_later: "its signs are there, but an earlier stage is not yet reached",
    stage_not_met: "not yet",
    stage_unknown: "not enough answers",
    balanced: "In balance: none of {dims} is well below the others.",
    balance_unknown: "The balance could not be assessed: {dim} has too few answers, so the overall score is not adjusted for it.",
    no_advice: "No specific advice: keep doing what works.",
    start_again: "Start a new response",
    erase: "Erase my answers from this device",
    erased: "Your answers were erased from this device.",
    draft_damaged: "Your saved answers are damaged and could not be restored. You are starting afresh.",
    draft_outdated: "Your saved answers come from an earlier version of this survey and could not be restored. You are starting afresh.",
    storage_unavailable: "This browser does not let us save your answers. You can still finish, but a reload will lose them.",
    other_tab: "This survey was finished or erased in another tab. What you see here is now a separate response: finish it only to answer twice; otherwise erase it below.",
    loading: "Loading the survey\u{2026}",
    setup_title: "This survey cannot be shown",
    setup_body: "Something in the way this page is set up keeps the survey from opening. Please let the person who sent you here know.",
    #[cfg(feature = "embed")]
    share_help_sent: "Your anonymous answers are also being sent to the organisation that runs this survey (see above). You can keep your own copy: copy the code or download the file.",
    share_help_refused: "The organisation's server did not take your answers (see above), so nothing was sent. To send them yourself, copy the code or download the file and give it to the person running the survey.",
    group_fixed: "You are answering as: {group}.",
    #[cfg(feature = "embed")]
    delivery_sending: "Sending your answers\u{2026}",
    #[cfg(feature = "embed")]
    delivery_sent: "Sent. Your answers have reached the organisation that runs this survey. Nothing of them is kept on this device.",
    #[cfg(feature = "embed")]
    delivery_offline: "Saved on this device. Your answers will be sent when you are online again; you can close this page.",
    #[cfg(feature = "embed")]
    delivery_retry: "Not sent yet: the server could not be reached. Your answers are saved on this device and will be sent automatically.",
    #[cfg(feature = "embed")]
    delivery_refused: "The server did not accept your answers ({reason}). Download them below and send the file to the person running the survey.",
    #[cfg(feature = "embed")]
    delivery_unsaved: "Not saved on this device: if you close this page before your answers are sent, they are lost. Copy the code or download them now, just below.",
    #[cfg(feature = "embed")]
    delivery_gone: "No longer waiting here: these answers were sent, or removed, in another window.",
    #[cfg(feature = "embed")]
    held_title: "A response you completed earlier was not accepted",
    #[cfg(feature = "embed")]
    held_body: "The server did not accept it ({reason}). It is still saved on this device. Download it and send the file to the person running the survey; then you can remove it from this device.",
    #[cfg(feature = "embed")]
    held_download: "Download that response",
    #[cfg(feature = "embed")]
    held_remove: "Remove it from this device",
    #[cfg(feature = "embed")]
    refusal_not_open: "This survey is not open yet; your answers are kept on this device and will be sent again.",
    #[cfg(feature = "embed")]
    refusal_invitation_missing: "this survey needs an invitation code",
    #[cfg(feature = "embed")]
    refusal_invitation_mistyped: "the invitation code is not right: check the code",
    #[cfg(feature = "embed")]
    refusal_invitation_used: "this invitation code was already used; ask for a new one",
    #[cfg(feature = "embed")]
    refusal_invitation_unknown: "this code is not an invitation to this survey: check the code",
    #[cfg(feature = "embed")]
    refusal_invitation_other_survey: "this invitation code is for another survey",
    #[cfg(feature = "embed")]
    refusal_invalid: "some answers do not fit this survey",
    #[cfg(feature = "embed")]
    refusal_too_large: "the answers are too long",
    #[cfg(feature = "embed")]
    refusal_malformed: "the answers arrived damaged",
    #[cfg(feature = "embed")]
    refusal_conflict: "other answers are already stored under the same number",
};

const FR: Strings = Strings {
    code: "fr",
    language: "Langue",
    colon: "\u{a0}: ",
    comma: ", ",
    choose_instrument: "Choisissez un questionnaire",
    start: "Commencer",
    resume: "Reprendre là où je m'étais arrêté",
    anonymity_title: "Vos réponses sont anonymes",
    anonymity_body: "Nous ne demandons ni votre nom ni votre adresse e-mail. Vos réponses sont enregistrées uniquement dans ce navigateur, sur cet appareil, pour que vous puissiez les reprendre\u{a0}; les fichiers ouverts depuis votre disque partagent cet espace. La date est conservée, jamais l'heure.",
    anonymity_endpoint: "À la fin, vos réponses sont envoyées, sans votre nom, à l'organisation qui a mis en place ce questionnaire.",
    anonymity_none: "Rien n'est envoyé nulle part, sauf si vous décidez de partager vos résultats. Une fois le questionnaire terminé, vos réponses ne sont plus conservées sur cet appareil\u{a0}: copiez-les ou téléchargez-les avant de partir.",
    invitation_label: "Code d'invitation",
    invitation_hint: "Le code de l'invitation que vous avez reçue, par exemple K3MQ-8R2X-D4FA-NW7T. Il fait compter vos réponses une fois, pour votre groupe ; il n'est pas gardé avec elles.",
    next: "Suivant",
    back: "Retour",
    review: "Vérifier",
    review_title: "Vérifiez vos réponses",
    review_intro: "Vous pouvez modifier chaque réponse avant de terminer.",
    finish: "Terminer et voir les résultats",
    edit: "Modifier",
    not_answered: "Sans réponse",
    comment_warning: "Ne nommez personne et n'écrivez rien qui montre qui vous êtes\u{a0}: on reconnaît les gens à ce qu'ils écrivent. Les organisateurs ne voient les commentaires que si au moins {n}\u{a0}personnes en ont écrit, sans ordre particulier, sans adresses électroniques, numéros de téléphone ni liens.",
    no_comment: "Pas de commentaire",
    optional: "(facultatif)",
    page_of: "Page {n} sur {total}",
    answered_of: "{n} questions sur {total} répondues",
    required_missing: "Cette question attend une réponse. Si elle ne vous concerne pas, choisissez \u{ab}\u{a0}Je ne sais pas / sans objet\u{a0}\u{bb}.",
    review_missing: "{n} questions attendent encore une réponse. Utilisez \u{ab}\u{a0}Modifier\u{a0}\u{bb} pour y revenir.",
    page_missing: "Questions de cette page encore sans réponse\u{a0}: {n}.",
    choose_group: "Merci d'indiquer le groupe auquel vous appartenez.",
    group_question: "Je réponds en tant que",
    profile_title: "Vous et le partenariat",
    profile_intro: "Ces réponses ne changent aucun score. Elles servent à choisir des conseils adaptés.",
    prefer_not: "Je préfère ne pas répondre",
    not_enough: "Pas assez de réponses",
    results_title: "Vos résultats",
    overall: "Score global",
    out_of: "sur",
    index: "indice",
    index_note: "L'indice est le même score sur une échelle de 0 (la réponse la plus basse partout) à 100 (la plus haute partout).",
    dimensions: "Scores par domaine",
    advice: "Prochaines étapes",
    imbalance: "Déséquilibre\u{a0}: {weak} est nettement en dessous de {strong}.",
    strongest: "Domaine le plus fort\u{a0}: {dim} ({score}).",
    weakest: "Domaine qui demande le plus d'attention\u{a0}: {dim} ({score}).",
    radar_label: "Graphique en radar des scores par domaine, de 0 au centre à 100 au bord. Les mêmes scores sont donnés en texte ci-dessous.",
    calc_title: "Comment ce score est-il calculé\u{a0}?",
    calc_means: "Le score d'un domaine est la moyenne de vos réponses à ses affirmations, de 1 (pas du tout d'accord) à 5 (tout à fait d'accord). Les affirmations marquées (I) sont formulées à l'inverse\u{a0}: elles comptent pour 6 moins votre réponse.",
    calc_na: "\u{ab}\u{a0}Je ne sais pas / sans objet\u{a0}\u{bb} est écarté, jamais compté comme zéro. Un domaine n'a de score que si au moins la moitié de ses affirmations ont une réponse.",
    calc_overall: "Le score global est la moyenne des domaines, chacun avec le poids indiqué. L'indice est le même score ramené sur une échelle de 0 à 100.",
    calc_balance: "{dims} doivent rester en équilibre\u{a0}: le score global est diminué de l'écart moyen entre ces domaines et leur propre moyenne.",
    calc_stage: "Une étape est atteinte quand son domaine atteint au moins le seuil fixé et que toutes les étapes précédentes sont atteintes.",
    calc_weight: "poids",
    calc_reverse: "(I)",
    share_title: "Conserver ou partager vos réponses",
    share_help: "Rien n'a été envoyé, et rien n'est gardé sur cet appareil une fois cette page quittée. Pour garder ou partager vos réponses, copiez ce code ou téléchargez le fichier, et transmettez-le à la personne qui mène l'enquête.",
    download_json: "Télécharger mes réponses (JSON)",
    code_label: "Code de réponse",
    copy: "Copier le code",
    copied: "Le code est copié.",
    copy_failed: "La copie n'est pas autorisée ici\u{a0}: sélectionnez le code et copiez-le à la main.",
    print: "Imprimer ou enregistrer en PDF",
    stage_reached: "Étape atteinte\u{a0}: {stage} ({n} sur {total})",
    stage_none: "Première étape pas encore atteinte",
    stage_met: "atteinte",
    stage_met_later: "ses signes sont là, mais une étape antérieure n'est pas encore atteinte",
    stage_not_met: "pas encore",
    stage_unknown: "pas assez de réponses",
    balanced: "Équilibre\u{a0}: aucun domaine parmi {dims} n'est nettement en dessous des autres.",
    balance_unknown: "L'équilibre n'a pas pu être évalué\u{a0}: {dim} a trop peu de réponses, donc le score global n'en tient pas compte.",
    no_advice: "Pas de conseil particulier\u{a0}: continuez ce qui fonctionne.",
    start_again: "Commencer une nouvelle réponse",
    erase: "Effacer mes réponses de cet appareil",
    erased: "Vos réponses ont été effacées de cet appareil.",
    draft_damaged: "Vos réponses enregistrées sont endommagées et n'ont pas pu être récupérées. Vous repartez de zéro.",
    draft_outdated: "Vos réponses enregistrées viennent d'une version antérieure de ce questionnaire et n'ont pas pu être récupérées. Vous repartez de zéro.",
    storage_unavailable: "Ce navigateur ne nous permet pas d'enregistrer vos réponses. Vous pouvez terminer, mais un rechargement les effacera.",
    other_tab: "Ce questionnaire a été terminé ou effacé dans un autre onglet. Ce que vous voyez ici est désormais une réponse distincte\u{a0}: terminez-la seulement pour répondre deux fois\u{a0}; sinon, effacez-la en bas de page.",
    loading: "Chargement du questionnaire\u{2026}",
    setup_title: "Ce questionnaire ne peut pas s'afficher",
    setup_body: "Un réglage de cette page empêche le questionnaire de s'ouvrir. Merci de prévenir la personne qui vous a envoyé ici.",
    #[cfg(feature = "embed")]
    share_help_sent: "Vos réponses anonymes sont aussi envoyées à l'organisation qui mène ce questionnaire (voir plus haut). Vous pouvez garder votre propre copie\u{a0}: copiez le code ou téléchargez le fichier.",
    share_help_refused: "Le serveur de l'organisation n'a pas pris vos réponses (voir plus haut)\u{a0}: rien n'a été envoyé. Pour les transmettre vous-même, copiez le code ou téléchargez le fichier, et donnez-le à la personne qui mène l'enquête.",
    group_fixed: "Vous répondez en tant que\u{a0}: {group}.",
    #[cfg(feature = "embed")]
    delivery_sending: "Envoi de vos réponses\u{2026}",
    #[cfg(feature = "embed")]
    delivery_sent: "Envoyé. Vos réponses sont parvenues à l'organisation qui mène ce questionnaire. Rien n'en reste sur cet appareil.",
    #[cfg(feature = "embed")]
    delivery_offline: "Enregistré sur cet appareil. Vos réponses seront envoyées dès que vous serez de nouveau en ligne\u{a0}; vous pouvez fermer cette page.",
    #[cfg(feature = "embed")]
    delivery_retry: "Pas encore envoyé\u{a0}: le serveur est injoignable. Vos réponses sont enregistrées sur cet appareil et partiront automatiquement.",
    #[cfg(feature = "embed")]
    delivery_refused: "Le serveur n'a pas accepté vos réponses ({reason}). Téléchargez-les ci-dessous et envoyez le fichier à la personne qui mène l'enquête.",
    #[cfg(feature = "embed")]
    delivery_unsaved: "Non enregistré sur cet appareil\u{a0}: si vous fermez cette page avant l'envoi de vos réponses, elles sont perdues. Copiez le code ou téléchargez-les maintenant, juste en dessous.",
    #[cfg(feature = "embed")]
    delivery_gone: "N'attend plus ici\u{a0}: ces réponses ont été envoyées, ou retirées, dans une autre fenêtre.",
    #[cfg(feature = "embed")]
    held_title: "Une réponse que vous aviez terminée n'a pas été acceptée",
    #[cfg(feature = "embed")]
    held_body: "Le serveur ne l'a pas acceptée ({reason}). Elle reste enregistrée sur cet appareil. Téléchargez-la et envoyez le fichier à la personne qui mène l'enquête\u{a0}; vous pourrez ensuite la retirer de cet appareil.",
    #[cfg(feature = "embed")]
    held_download: "Télécharger cette réponse",
    #[cfg(feature = "embed")]
    held_remove: "La retirer de cet appareil",
    #[cfg(feature = "embed")]
    refusal_not_open: "Ce questionnaire n'est pas encore ouvert\u{a0}; vos réponses sont gardées sur cet appareil et seront envoyées de nouveau.",
    #[cfg(feature = "embed")]
    refusal_invitation_missing: "ce questionnaire demande un code d'invitation",
    #[cfg(feature = "embed")]
    refusal_invitation_mistyped: "le code d'invitation n'est pas juste\u{a0}: vérifiez le code",
    #[cfg(feature = "embed")]
    refusal_invitation_used: "ce code d'invitation a déjà servi\u{a0}; demandez-en un nouveau",
    #[cfg(feature = "embed")]
    refusal_invitation_unknown: "ce code n'est pas une invitation à ce questionnaire\u{a0}: vérifiez le code",
    #[cfg(feature = "embed")]
    refusal_invitation_other_survey: "ce code d'invitation est pour un autre questionnaire",
    #[cfg(feature = "embed")]
    refusal_invalid: "certaines réponses ne correspondent pas au questionnaire",
    #[cfg(feature = "embed")]
    refusal_too_large: "les réponses sont trop longues",
    #[cfg(feature = "embed")]
    refusal_malformed: "les réponses sont arrivées abîmées",
    #[cfg(feature = "embed")]
    refusal_conflict: "d'autres réponses sont déjà enregistrées sous le même numéro",
};

const ES: Strings = Strings {
    code: "es",
    language: "Idioma",
    colon: ": ",
    comma: ", ",
    choose_instrument: "Elija un cuestionario",
    start: "Empezar",
    resume: "Seguir donde lo dejé",
    anonymity_title: "Sus respuestas son anónimas",
    anonymity_body: "No pedimos su nombre ni su correo electrónico. Sus respuestas se guardan solo en este navegador, en este dispositivo, para que pueda retomarlas; los archivos abiertos desde su disco comparten ese espacio. Se guarda la fecha, nunca la hora.",
    anonymity_endpoint: "Al terminar, sus respuestas se envían, sin su nombre, a la organización que preparó esta encuesta.",
    anonymity_none: "No se envía nada a ningún sitio, salvo que usted decida compartir sus resultados. Al terminar, sus respuestas ya no se guardan en este dispositivo: cópielas o descárguelas antes de salir.",
    invitation_label: "Código de invitación",
    invitation_hint: "El código de la invitación que recibió, por ejemplo K3MQ-8R2X-D4FA-NW7T. Hace que sus respuestas cuenten una vez, para su grupo; no se guarda con ellas.",
    next: "Siguiente",
    back: "Atrás",
    review: "Revisar",
    review_title: "Revise sus respuestas",
    review_intro: "Puede cambiar cualquier respuesta antes de terminar.",
    finish: "Terminar y ver resultados",
    edit: "Cambiar",
    not_answered: "Sin respuesta",
    comment_warning: "No nombre a nadie ni escriba nada que muestre quién es usted: a las personas se las reconoce por lo que escriben. Los organizadores solo ven los comentarios si al menos {n} personas han escrito alguno, sin un orden concreto y sin correos electrónicos, teléfonos ni enlaces.",
    no_comment: "Sin comentario",
    optional: "(opcional)",
    page_of: "Página {n} de {total}",
    answered_of: "{n} de {total} preguntas respondidas",
    required_missing: "Esta pregunta necesita una respuesta. Si no se aplica a usted, elija \u{ab}No sé / no aplica\u{bb}.",
    review_missing: "Quedan {n} preguntas sin respuesta. Use \u{ab}Cambiar\u{bb} para volver a ellas.",
    page_missing: "Preguntas de esta página aún sin respuesta: {n}.",
    choose_group: "Indique, por favor, a qué grupo pertenece.",
    group_question: "Respondo como",
    profile_title: "Usted y la alianza",
    profile_intro: "Estas respuestas no cambian ninguna puntuación. Sirven para elegir consejos adecuados.",
    prefer_not: "Prefiero no decirlo",
    not_enough: "Faltan respuestas",
    results_title: "Sus resultados",
    overall: "Puntuación global",
    out_of: "de",
    index: "índice",
    index_note: "El índice es la misma puntuación en una escala de 0 (la respuesta más baja en todo) a 100 (la más alta en todo).",
    dimensions: "Puntuaciones por área",
    advice: "Próximos pasos",
    imbalance: "Desequilibrio: {weak} está muy por debajo de {strong}.",
    strongest: "Área más fuerte: {dim} ({score}).",
    weakest: "Área que requiere más atención: {dim} ({score}).",
    radar_label: "Gráfico de radar de las puntuaciones por área, de 0 en el centro a 100 en el borde. Las mismas puntuaciones figuran como texto más abajo.",
    calc_title: "¿Cómo se calcula?",
    calc_means: "La puntuación de un área es el promedio de sus respuestas a las afirmaciones, de 1 (totalmente en desacuerdo) a 5 (totalmente de acuerdo). Las afirmaciones marcadas (I) están redactadas al revés: cuentan como 6 menos su respuesta.",
    calc_na: "\u{ab}No sé / no aplica\u{bb} se deja fuera, nunca cuenta como cero. Un área necesita respuesta en al menos la mitad de sus afirmaciones para tener puntuación.",
    calc_overall: "La puntuación global es el promedio de las áreas, cada una con el peso indicado. El índice es la misma puntuación en una escala de 0 a 100.",
    calc_balance: "{dims} deben estar en equilibrio: la puntuación global baja según cuánto se alejan, en promedio, estas áreas de su propio promedio.",
    calc_stage: "Una etapa se alcanza cuando su área llega al menos a su umbral y todas las etapas anteriores también se han alcanzado.",
    calc_weight: "peso",
    calc_reverse: "(I)",
    share_title: "Guardar o compartir sus respuestas",
    share_help: "No se ha enviado nada, y nada se guarda en este dispositivo al salir de esta página. Para guardar o compartir sus respuestas, copie este código o descargue el archivo y entréguelo a quien organiza la encuesta.",
    download_json: "Descargar mis respuestas (JSON)",
    code_label: "Código de respuesta",
    copy: "Copiar el código",
    copied: "El código está copiado.",
    copy_failed: "Aquí no se permite copiar: seleccione el código y cópielo a mano.",
    print: "Imprimir o guardar como PDF",
    stage_reached: "Etapa alcanzada: {stage} ({n} de {total})",
    stage_none: "Aún no se alcanza la primera etapa",
    stage_met: "alcanzada",
    stage_met_later: "sus señales están, pero falta alcanzar una etapa anterior",
    stage_not_met: "todavía no",
    stage_unknown: "faltan respuestas",
    balanced: "Equilibrio: ninguna de las áreas {dims} está muy por debajo de las demás.",
    balance_unknown: "No se pudo valorar el equilibrio: {dim} tiene muy pocas respuestas, así que la puntuación global no lo tiene en cuenta.",
    no_advice: "Sin consejos concretos: siga con lo que funciona.",
    start_again: "Empezar una nueva respuesta",
    erase: "Borrar mis respuestas de este dispositivo",
    erased: "Sus respuestas se borraron de este dispositivo.",
    draft_damaged: "Sus respuestas guardadas están dañadas y no se pudieron recuperar. Empieza de nuevo.",
    draft_outdated: "Sus respuestas guardadas son de una versión anterior de este cuestionario y no se pudieron recuperar. Empieza de nuevo.",
    storage_unavailable: "Este navegador no permite guardar sus respuestas. Puede terminar, pero si recarga la página se perderán.",
    other_tab: "Esta encuesta se terminó o se borró en otra pestaña. Lo que ve aquí es ahora una respuesta aparte: termínela solo para responder dos veces; si no, bórrela abajo.",
    loading: "Cargando la encuesta\u{2026}",
    setup_title: "Esta encuesta no se puede mostrar",
    setup_body: "Algo en la configuración de esta página impide abrir la encuesta. Avise, por favor, a quien le envió aquí.",
    #[cfg(feature = "embed")]
    share_help_sent: "Sus respuestas anónimas también se envían a la organización que realiza esta encuesta (vea arriba). Puede guardar su propia copia: copie el código o descargue el archivo.",
    share_help_refused: "El servidor de la organización no aceptó sus respuestas (vea arriba), así que no se envió nada. Para enviarlas usted, copie el código o descargue el archivo y entréguelo a quien organiza la encuesta.",
    group_fixed: "Usted responde como: {group}.",
    #[cfg(feature = "embed")]
    delivery_sending: "Enviando sus respuestas\u{2026}",
    #[cfg(feature = "embed")]
    delivery_sent: "Enviado. Sus respuestas llegaron a la organización que realiza esta encuesta. No queda nada de ellas en este dispositivo.",
    #[cfg(feature = "embed")]
    delivery_offline: "Guardado en este dispositivo. Sus respuestas se enviarán cuando vuelva a tener conexión; puede cerrar esta página.",
    #[cfg(feature = "embed")]
    delivery_retry: "Aún no enviado: no se pudo contactar con el servidor. Sus respuestas están guardadas en este dispositivo y se enviarán solas.",
    #[cfg(feature = "embed")]
    delivery_refused: "El servidor no aceptó sus respuestas ({reason}). Descárguelas abajo y envíe el archivo a quien organiza la encuesta.",
    #[cfg(feature = "embed")]
    delivery_unsaved: "Sin guardar en este dispositivo: si cierra esta página antes de que se envíen sus respuestas, se pierden. Copie el código o descárguelas ahora, justo debajo.",
    #[cfg(feature = "embed")]
    delivery_gone: "Ya no espera aquí: estas respuestas se enviaron, o se quitaron, en otra ventana.",
    #[cfg(feature = "embed")]
    held_title: "Una respuesta que terminó antes no fue aceptada",
    #[cfg(feature = "embed")]
    held_body: "El servidor no la aceptó ({reason}). Sigue guardada en este dispositivo. Descárguela y envíe el archivo a quien organiza la encuesta; después podrá quitarla de este dispositivo.",
    #[cfg(feature = "embed")]
    held_download: "Descargar esa respuesta",
    #[cfg(feature = "embed")]
    held_remove: "Quitarla de este dispositivo",
    #[cfg(feature = "embed")]
    refusal_not_open: "Esta encuesta aún no está abierta; sus respuestas se guardan en este dispositivo y se enviarán de nuevo.",
    #[cfg(feature = "embed")]
    refusal_invitation_missing: "esta encuesta pide un código de invitación",
    #[cfg(feature = "embed")]
    refusal_invitation_mistyped: "el código de invitación no es correcto: revise el código",
    #[cfg(feature = "embed")]
    refusal_invitation_used: "este código de invitación ya se usó; pida uno nuevo",
    #[cfg(feature = "embed")]
    refusal_invitation_unknown: "este código no es una invitación a esta encuesta: revise el código",
    #[cfg(feature = "embed")]
    refusal_invitation_other_survey: "este código de invitación es para otra encuesta",
    #[cfg(feature = "embed")]
    refusal_invalid: "algunas respuestas no corresponden a esta encuesta",
    #[cfg(feature = "embed")]
    refusal_too_large: "las respuestas son demasiado largas",
    #[cfg(feature = "embed")]
    refusal_malformed: "las respuestas llegaron dañadas",
    #[cfg(feature = "embed")]
    refusal_conflict: "ya hay otras respuestas guardadas con el mismo número",
};

const AR: Strings = Strings {
    code: "ar",
    language: "اللغة",
    invitation_label: "رمز الدعوة",
    invitation_hint: "الرمز الموجود في الدعوة التي وصلتك، مثل \u{2066}K3MQ-8R2X-D4FA-NW7T\u{2069}. يجعل إجاباتك تُحتسب مرة واحدة لمجموعتك، ولا يُحفظ معها.",
    colon: ": ",
    comma: "، ",
    choose_instrument: "اختيار الاستبيان",
    start: "البدء",
    resume: "المتابعة من حيث توقفت",
    anonymity_title: "إجاباتك مجهولة الهوية",
    anonymity_body: "لا نطلب اسمك ولا بريدك الإلكتروني. تُحفظ إجاباتك في هذا المتصفح فقط، على هذا الجهاز، حتى يمكنك الرجوع إليها؛ والملفات المفتوحة من قرص جهازك تشترك في مساحة الحفظ نفسها. نحفظ التاريخ فقط، ولا نحفظ الوقت أبدًا.",
    anonymity_endpoint: "عند الانتهاء، تُرسَل إجاباتك إلى المنظمة التي أعدّت هذا الاستبيان، من دون اسمك.",
    anonymity_none: "لا يُرسَل أي شيء إلى أي مكان إلا إذا اخترت مشاركة نتائجك. وعندما تنتهي لا تبقى إجاباتك محفوظة على هذا الجهاز: انسخها أو نزّلها قبل أن تغادر.",
    next: "التالي",
    back: "السابق",
    review: "المراجعة",
    review_title: "مراجعة إجاباتك",
    review_intro: "يمكنك تغيير أي إجابة قبل الانتهاء.",
    finish: "الانتهاء وعرض النتائج",
    edit: "تغيير",
    not_answered: "بلا إجابة",
    comment_warning: "يُرجى عدم ذكر اسم أي شخص، وعدم كتابة ما يكشف هويتك: فالناس يُعرفون مما يكتبون. لا يرى المنظمون التعليقات إلا إذا بلغ عدد من كتبوا تعليقًا {n} على الأقل، وتظهر بلا ترتيب معيّن، بعد حذف عناوين البريد الإلكتروني وأرقام الهواتف والروابط.",
    no_comment: "بلا تعليق",
    optional: "(اختياري)",
    page_of: "الصفحة {n} من {total}",
    answered_of: "الأسئلة المُجاب عنها: {n} من {total}",
    required_missing: "هذا السؤال يحتاج إلى إجابة. إذا كان لا ينطبق عليك، فيمكنك اختيار «لا أعرف / لا ينطبق».",
    review_missing: "عدد الأسئلة التي ما زالت بلا إجابة: {n}. يمكنك الرجوع إليها بزر «تغيير».",
    page_missing: "أسئلة في هذه الصفحة ما زالت بلا إجابة: {n}.",
    choose_group: "يُرجى اختيار مجموعتك.",
    group_question: "أجيب بصفتي",
    profile_title: "عنك وعن الشراكة",
    profile_intro: "هذه الإجابات لا تغيّر أي درجة. إنها تساعد على اختيار النصائح المناسبة.",
    prefer_not: "أفضّل عدم الإجابة",
    not_enough: "الإجابات غير كافية",
    results_title: "نتائجك",
    overall: "الدرجة الإجمالية",
    out_of: "من",
    index: "المؤشر",
    index_note: "المؤشر هو الدرجة نفسها على مقياس من 0 (أدنى إجابة في كل العبارات) إلى 100 (أعلى إجابة في كلها).",
    dimensions: "الدرجات حسب المجال",
    advice: "الخطوات التالية",
    imbalance: "عدم توازن: {weak} أقل بكثير من {strong}.",
    strongest: "أقوى مجال: {dim} ({score}).",
    weakest: "المجال الذي يحتاج إلى أكبر قدر من الاهتمام: {dim} ({score}).",
    radar_label: "مخطط راداري للدرجات حسب المجال، من 0 في المركز إلى 100 عند الحافة. الدرجات نفسها مكتوبة نصًا في الأسفل.",
    calc_title: "كيف تُحسب النتائج؟",
    calc_means: "درجة كل مجال هي متوسط إجاباتك عن عباراته، من 1 (لا أوافق إطلاقًا) إلى 5 (أوافق تمامًا). العبارات المعلَّمة (م) مصوغة بالمعنى المعاكس، لذلك تُحسب 6 ناقص إجابتك.",
    calc_na: "إجابة «لا أعرف / لا ينطبق» لا تدخل في الحساب، ولا تُعدّ صفرًا أبدًا. ولا يحصل المجال على درجة إلا إذا أُجيب عن نصف عباراته على الأقل.",
    calc_overall: "الدرجة الإجمالية هي متوسط المجالات، لكل مجال وزنه المبيَّن. والمؤشر هو الدرجة نفسها على مقياس من 0 إلى 100.",
    calc_balance: "يجب أن يبقى التوازن بين {dims}: فالدرجة الإجمالية تنقص بقدر ابتعاد هذه المجالات، في المتوسط، عن متوسطها المشترك.",
    calc_stage: "تُبلغ المرحلة عندما تصل درجة مجالها إلى الحد المطلوب على الأقل، وتكون كل المراحل التي قبلها قد بُلغت أيضًا.",
    calc_weight: "الوزن",
    calc_reverse: "(م)",
    share_title: "الاحتفاظ بإجاباتك أو مشاركتها",
    share_help: "لم يُرسَل أي شيء، ولن يبقى أي شيء على هذا الجهاز بعد مغادرة هذه الصفحة. للاحتفاظ بإجاباتك أو مشاركتها، يمكنك نسخ هذا الرمز أو تنزيل الملف، ثم تسليمه إلى الشخص المسؤول عن الاستبيان.",
    download_json: "تنزيل إجاباتي (JSON)",
    code_label: "رمز الإجابة",
    copy: "نسخ الرمز",
    copied: "تم نسخ الرمز.",
    copy_failed: "النسخ غير مسموح به هنا: يُرجى تحديد الرمز ونسخه يدويًا.",
    print: "الطباعة أو الحفظ بصيغة PDF",
    stage_reached: "المرحلة التي بُلغت: {stage} ({n} من {total})",
    stage_none: "لم تُبلغ المرحلة الأولى بعد",
    stage_met: "بُلغت",
    stage_met_later: "علاماتها موجودة، لكن مرحلة سابقة لم تُبلغ بعد",
    stage_not_met: "ليس بعد",
    stage_unknown: "الإجابات غير كافية",
    balanced: "توازن: لا يقلّ أيٌّ من {dims} كثيرًا عن غيره.",
    balance_unknown: "تعذّر تقييم التوازن: إجابات {dim} قليلة جدًا، لذلك لم تُعدَّل الدرجة الإجمالية بسببه.",
    no_advice: "لا نصيحة محددة: من المفيد الاستمرار فيما ينجح.",
    start_again: "بدء إجابة جديدة",
    erase: "محو إجاباتي من هذا الجهاز",
    erased: "تم محو إجاباتك من هذا الجهاز.",
    draft_damaged: "إجاباتك المحفوظة تالفة ولم يمكن استعادتها. يبدأ الاستبيان من جديد.",
    draft_outdated: "إجاباتك المحفوظة من نسخة سابقة من هذا الاستبيان ولم يمكن استعادتها. يبدأ الاستبيان من جديد.",
    storage_unavailable: "هذا المتصفح لا يسمح بحفظ إجاباتك. يمكنك إكمال الاستبيان، لكن إعادة تحميل الصفحة ستُضيّعها.",
    other_tab: "انتهى هذا الاستبيان أو مُحي في علامة تبويب أخرى. الإجابات المعروضة هنا أصبحت إجابة منفصلة: إكمالها يعني الإجابة مرتين؛ فإن لم يكن هذا المقصود، يمكنك محوها في الأسفل.",
    loading: "جارٍ تحميل الاستبيان…",
    setup_title: "لا يمكن عرض هذا الاستبيان",
    setup_body: "في إعداد هذه الصفحة خطأ يمنع فتح الاستبيان. يُرجى إبلاغ الشخص الذي أرسلك إلى هنا.",
    #[cfg(feature = "embed")]
    share_help_sent: "تُرسَل إجاباتك المجهولة الهوية أيضًا إلى المنظمة التي تدير هذا الاستبيان (كما هو مبيَّن أعلاه). ويمكنك الاحتفاظ بنسخة لنفسك بنسخ الرمز أو تنزيل الملف.",
    share_help_refused: "لم يقبل خادم المنظمة إجاباتك (كما هو مبيَّن أعلاه)، فلم يُرسَل أي شيء. لإرسالها بنفسك، يمكنك نسخ الرمز أو تنزيل الملف وتسليمه إلى الشخص المسؤول عن الاستبيان.",
    group_fixed: "صفتك في هذا الاستبيان: {group}.",
    #[cfg(feature = "embed")]
    delivery_sending: "جارٍ إرسال إجاباتك…",
    #[cfg(feature = "embed")]
    delivery_sent: "تم الإرسال. وصلت إجاباتك إلى المنظمة التي تدير هذا الاستبيان، ولم يبقَ منها شيء على هذا الجهاز.",
    #[cfg(feature = "embed")]
    delivery_offline: "محفوظة على هذا الجهاز. ستُرسَل إجاباتك عند عودة الاتصال بالإنترنت؛ ويمكنك إغلاق هذه الصفحة.",
    #[cfg(feature = "embed")]
    delivery_retry: "لم تُرسَل بعد: تعذّر الوصول إلى الخادم. إجاباتك محفوظة على هذا الجهاز، وستُرسَل تلقائيًا.",
    #[cfg(feature = "embed")]
    delivery_refused: "لم يقبل الخادم إجاباتك (\u{2068}{reason}\u{2069}). يمكنك تنزيلها من الأسفل وإرسال الملف إلى الشخص المسؤول عن الاستبيان.",
    #[cfg(feature = "embed")]
    delivery_unsaved: "غير محفوظة على هذا الجهاز: إذا أُغلقت هذه الصفحة قبل إرسال إجاباتك فستضيع. يمكنك نسخ الرمز أو تنزيلها الآن، في الأسفل مباشرة.",
    #[cfg(feature = "embed")]
    delivery_gone: "لم تعد تنتظر هنا: أُرسلت هذه الإجابات أو أُزيلت في نافذة أخرى.",
    #[cfg(feature = "embed")]
    held_title: "إجابة أكملتها سابقًا لم تُقبل",
    #[cfg(feature = "embed")]
    held_body: "لم يقبلها الخادم (\u{2068}{reason}\u{2069}). وهي ما زالت محفوظة على هذا الجهاز. يمكنك تنزيلها وإرسال الملف إلى الشخص المسؤول عن الاستبيان، ثم إزالتها من هذا الجهاز.",
    #[cfg(feature = "embed")]
    held_download: "تنزيل تلك الإجابة",
    #[cfg(feature = "embed")]
    held_remove: "إزالتها من هذا الجهاز",
    #[cfg(feature = "embed")]
    refusal_not_open: "هذا الاستبيان لم يُفتح بعد؛ إجاباتك محفوظة على هذا الجهاز، وستُرسَل مرة أخرى.",
    #[cfg(feature = "embed")]
    refusal_invitation_missing: "هذا الاستبيان يحتاج إلى رمز دعوة",
    #[cfg(feature = "embed")]
    refusal_invitation_mistyped: "رمز الدعوة غير صحيح: يُرجى التحقق من الرمز",
    #[cfg(feature = "embed")]
    refusal_invitation_used: "رمز الدعوة هذا استُخدم من قبل؛ يُرجى طلب رمز جديد",
    #[cfg(feature = "embed")]
    refusal_invitation_unknown: "هذا الرمز ليس دعوة إلى هذا الاستبيان: يُرجى التحقق من الرمز",
    #[cfg(feature = "embed")]
    refusal_invitation_other_survey: "رمز الدعوة هذا لاستبيان آخر",
    #[cfg(feature = "embed")]
    refusal_invalid: "بعض الإجابات لا تناسب هذا الاستبيان",
    #[cfg(feature = "embed")]
    refusal_too_large: "الإجابات طويلة جدًا",
    #[cfg(feature = "embed")]
    refusal_malformed: "وصلت الإجابات تالفة",
    #[cfg(feature = "embed")]
    refusal_conflict: "توجد إجابات أخرى محفوظة بالرقم نفسه",
};

const PT: Strings = Strings {
    code: "pt",
    language: "Idioma",
    invitation_label: "Código do convite",
    invitation_hint: "O código do convite que recebeu, por exemplo K3MQ-8R2X-D4FA-NW7T. Faz com que as suas respostas contem uma vez, para o seu grupo; não é guardado com elas.",
    colon: ": ",
    comma: ", ",
    choose_instrument: "Escolha um questionário",
    start: "Começar",
    resume: "Continuar de onde parei",
    anonymity_title: "As suas respostas não identificam quem responde",
    anonymity_body: "Não pedimos o seu nome nem o seu e-mail. As suas respostas ficam guardadas apenas neste navegador, neste dispositivo, para que possa voltar a elas; os arquivos abertos a partir do seu disco usam o mesmo espaço. A data fica guardada; a hora, nunca.",
    anonymity_endpoint: "Ao terminar, as suas respostas são enviadas, sem o seu nome, à organização que preparou este questionário.",
    anonymity_none: "Nada é enviado a ninguém, a não ser que escolha enviar os seus resultados. Depois de terminar, as suas respostas deixam de ficar guardadas neste dispositivo: copie-as ou guarde-as antes de sair.",
    next: "Avançar",
    back: "Voltar",
    review: "Verificar",
    review_title: "Verifique as suas respostas",
    review_intro: "Pode alterar qualquer resposta antes de terminar.",
    finish: "Terminar e ver os resultados",
    edit: "Alterar",
    not_answered: "Sem resposta",
    comment_warning: "Não escreva o nome de ninguém nem nada que mostre quem é: as pessoas são reconhecidas pelo que escrevem. Os organizadores só veem os comentários quando pelo menos {n} pessoas escreveram algum, sem ordem definida e sem endereços de e-mail, números de telefone nem links.",
    no_comment: "Sem comentário",
    optional: "(opcional)",
    page_of: "Página {n} de {total}",
    answered_of: "Perguntas respondidas: {n} de {total}",
    required_missing: "Esta pergunta precisa de uma resposta. Se não se aplica ao seu caso, escolha \u{201c}Não sei / não se aplica\u{201d}.",
    review_missing: "Perguntas ainda sem resposta: {n}. Use \u{201c}Alterar\u{201d} para voltar a elas.",
    page_missing: "Perguntas desta página ainda sem resposta: {n}.",
    choose_group: "Escolha o grupo a que pertence.",
    group_question: "Respondo como",
    profile_title: "O seu perfil e a parceria",
    profile_intro: "Estas respostas não mudam nenhuma pontuação. Servem para escolher conselhos adequados.",
    prefer_not: "Prefiro não responder",
    not_enough: "Respostas insuficientes",
    results_title: "Os seus resultados",
    overall: "Pontuação global",
    out_of: "de",
    index: "índice",
    index_note: "O índice é a mesma pontuação numa escala de 0 (a resposta mais baixa em tudo) a 100 (a mais alta em tudo).",
    dimensions: "Pontuações por área",
    advice: "Próximos passos",
    imbalance: "Desequilíbrio: {weak} está muito abaixo de {strong}.",
    strongest: "Área mais forte: {dim} ({score}).",
    weakest: "Área que precisa de mais atenção: {dim} ({score}).",
    radar_label: "Gráfico de radar das pontuações por área, de 0 no centro a 100 na extremidade. As mesmas pontuações estão escritas abaixo.",
    calc_title: "Como se calcula?",
    calc_means: "A pontuação de cada área é a média das suas respostas às afirmações dessa área, de 1 (discordo totalmente) a 5 (concordo totalmente). As afirmações marcadas (I) estão formuladas ao contrário: contam como 6 menos a sua resposta.",
    calc_na: "\u{201c}Não sei / não se aplica\u{201d} fica de fora e nunca conta como zero. Uma área só tem pontuação quando pelo menos metade das suas afirmações tem resposta.",
    calc_overall: "A pontuação global é a média das áreas, cada uma com o peso indicado. O índice é a mesma pontuação numa escala de 0 a 100.",
    calc_balance: "{dims} devem estar em equilíbrio: a pontuação global desce conforme a distância média destas áreas à sua própria média.",
    calc_stage: "Uma etapa é alcançada quando a sua área atinge pelo menos o limiar e todas as etapas anteriores também foram alcançadas.",
    calc_weight: "peso",
    calc_reverse: "(I)",
    share_title: "Guardar ou enviar as suas respostas",
    share_help: "Nada foi enviado, e nada fica neste dispositivo depois de sair desta página. Para guardar ou enviar as suas respostas, copie este código ou guarde o arquivo e entregue-o à pessoa responsável pelo questionário.",
    download_json: "Guardar as minhas respostas (JSON)",
    code_label: "Código de resposta",
    copy: "Copiar o código",
    copied: "O código foi copiado.",
    copy_failed: "Aqui não é possível copiar: selecione o código e copie-o à mão.",
    print: "Imprimir ou guardar em PDF",
    stage_reached: "Etapa alcançada: {stage} ({n} de {total})",
    stage_none: "A primeira etapa ainda não foi alcançada",
    stage_met: "alcançada",
    stage_met_later: "os sinais estão lá, mas uma etapa anterior ainda não foi alcançada",
    stage_not_met: "ainda não",
    stage_unknown: "respostas insuficientes",
    balanced: "Equilíbrio: nenhuma das áreas {dims} está muito abaixo das outras.",
    balance_unknown: "Não foi possível avaliar o equilíbrio: {dim} tem poucas respostas, por isso a pontuação global não o considera.",
    no_advice: "Sem conselhos específicos: mantenha o que funciona.",
    start_again: "Começar uma nova resposta",
    erase: "Apagar as minhas respostas deste dispositivo",
    erased: "As suas respostas foram apagadas deste dispositivo.",
    draft_damaged: "As respostas guardadas estão danificadas e não puderam ser recuperadas. O questionário recomeça do início.",
    draft_outdated: "As respostas guardadas vêm de uma versão anterior deste questionário e não puderam ser recuperadas. O questionário recomeça do início.",
    storage_unavailable: "Este navegador não permite guardar as suas respostas. Pode terminar, mas recarregar a página apaga as respostas.",
    other_tab: "Este questionário foi terminado ou apagado noutra página aberta. O que vê aqui passa a ser uma resposta à parte: termine-a só para responder duas vezes; caso contrário, apague-a mais abaixo.",
    loading: "Carregamento do questionário\u{2026}",
    setup_title: "Não é possível mostrar este questionário",
    setup_body: "Algo na configuração desta página impede o questionário de abrir. Avise a pessoa que lhe enviou este endereço.",
    #[cfg(feature = "embed")]
    share_help_sent: "As suas respostas, sem identificação, também são enviadas à organização responsável por este questionário (ver acima). Pode guardar uma cópia: copie o código ou guarde o arquivo.",
    share_help_refused: "O servidor da organização não aceitou as suas respostas (ver acima), por isso nada foi enviado. Para enviá-las pessoalmente, copie o código ou guarde o arquivo e entregue-o à pessoa responsável pelo questionário.",
    group_fixed: "Responde como: {group}.",
    #[cfg(feature = "embed")]
    delivery_sending: "Envio das suas respostas em curso\u{2026}",
    #[cfg(feature = "embed")]
    delivery_sent: "Enviado. As suas respostas chegaram à organização responsável por este questionário. Nada delas fica neste dispositivo.",
    #[cfg(feature = "embed")]
    delivery_offline: "Guardado neste dispositivo. As suas respostas serão enviadas quando estiver novamente online; pode fechar esta página.",
    #[cfg(feature = "embed")]
    delivery_retry: "Ainda não enviado: não foi possível chegar ao servidor. As suas respostas estão guardadas neste dispositivo e serão enviadas automaticamente.",
    #[cfg(feature = "embed")]
    delivery_refused: "O servidor não aceitou as suas respostas ({reason}). Guarde-as abaixo e envie o arquivo à pessoa responsável pelo questionário.",
    #[cfg(feature = "embed")]
    delivery_unsaved: "Não guardado neste dispositivo: se fechar esta página antes de as respostas serem enviadas, elas serão perdidas. Copie o código ou guarde-as agora, logo abaixo.",
    #[cfg(feature = "embed")]
    delivery_gone: "Já não aguarda aqui: estas respostas foram enviadas, ou removidas, noutra janela.",
    #[cfg(feature = "embed")]
    held_title: "Uma resposta terminada antes foi recusada",
    #[cfg(feature = "embed")]
    held_body: "O servidor não a aceitou ({reason}). Continua guardada neste dispositivo. Guarde-a num arquivo e envie-o à pessoa responsável pelo questionário; depois pode removê-la deste dispositivo.",
    #[cfg(feature = "embed")]
    held_download: "Guardar essa resposta",
    #[cfg(feature = "embed")]
    held_remove: "Removê-la deste dispositivo",
    #[cfg(feature = "embed")]
    refusal_not_open: "Este questionário ainda não está aberto; as suas respostas ficam guardadas neste dispositivo e serão enviadas de novo.",
    #[cfg(feature = "embed")]
    refusal_invitation_missing: "este questionário pede um código de convite",
    #[cfg(feature = "embed")]
    refusal_invitation_mistyped: "o código de convite não está certo: verifique o código",
    #[cfg(feature = "embed")]
    refusal_invitation_used: "este código de convite já foi usado; peça um novo",
    #[cfg(feature = "embed")]
    refusal_invitation_unknown: "este código não é um convite para este questionário: verifique o código",
    #[cfg(feature = "embed")]
    refusal_invitation_other_survey: "este código de convite é para outro questionário",
    #[cfg(feature = "embed")]
    refusal_invalid: "algumas respostas não correspondem a este questionário",
    #[cfg(feature = "embed")]
    refusal_too_large: "as respostas são longas demais",
    #[cfg(feature = "embed")]
    refusal_malformed: "as respostas chegaram danificadas",
    #[cfg(feature = "embed")]
    refusal_conflict: "já há outras respostas guardadas com o mesmo número",
};

/// The interface language for what is shown before a questionnaire is known (loading, a
/// setup problem): the page's `lang` if given, else the browser's, among the languages
/// shipped; English when none fits.
pub fn interface_lang(page: Option<&str>) -> &'static str {
    let codes: Vec<&'static str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
    let mut wanted: Vec<String> = page.map(str::to_owned).into_iter().collect();
    wanted.extend(partnerscope_web::languages());
    partnerscope_core::locale::negotiate(&wanted, &codes).unwrap_or("en")
}

/// The interface strings for `instrument` in `lang`: the product's own for a language it ships,
/// with what the questionnaire's `interface` rewords; for a language it does not ship, the
/// questionnaire's strings, and for each one it leaves out, its first language's (visibly another
/// language, and counted for the author in the browser's console, never silently).
pub fn text_for(instrument: &Instrument, lang: &str) -> &'static Strings {
    let doc = instrument.doc();
    let ships = |l: &str| LANGUAGES.iter().any(|(code, _)| *code == l);
    if ships(lang) && !doc.interface.contains_key(lang) {
        return strings(lang);
    }
    let first = doc.locales.first().map_or("en", String::as_str);
    partnerscope_web::overlay::overlay(
        instrument,
        lang,
        partnerscope_web::overlay::Table {
            what: "interface",
            ships: ships(lang),
            base: strings(if ships(lang) { lang } else { first }),
            code: |t, code| t.code = code,
            set: |t, key, text| {
                if let Some(slot) = t.slot(key) {
                    *slot = text;
                }
            },
            missing: |instrument, lang| instrument.interface_missing(lang, &[]),
        },
    )
}

/// The strings for `lang`, English when the language is not one we speak.
pub fn strings(lang: &str) -> &'static Strings {
    partnerscope_core::locale::shipped_table(lang, [&EN, &FR, &ES, &AR, &PT])
}

/// The codes of refusals the widget words itself (the collector's; docs/collector.md).
#[cfg(feature = "embed")]
pub const REFUSAL_CODES: &[&str] = &[
    "invitation-missing",
    "invitation-mistyped",
    "invitation-used",
    "invitation-unknown",
    "invitation-other-survey",
    "invalid-response",
    "too-large",
    "malformed",
    "conflict",
];

/// What goes in `{reason}` for a refusal marked `code`: the respondent's words for a code the
/// widget knows, else the server's own `reason`.
#[cfg(feature = "embed")]
pub fn refusal<'a>(text: &'a Strings, code: &str, reason: &'a str) -> &'a str {
    match code {
        "invitation-missing" => text.refusal_invitation_missing,
        "invitation-mistyped" => text.refusal_invitation_mistyped,
        "invitation-used" => text.refusal_invitation_used,
        "invitation-unknown" => text.refusal_invitation_unknown,
        "invitation-other-survey" => text.refusal_invitation_other_survey,
        "invalid-response" => text.refusal_invalid,
        "too-large" => text.refusal_too_large,
        "malformed" => text.refusal_malformed,
        "conflict" => text.refusal_conflict,
        _ => reason,
    }
}

/// Replaces `{name}` placeholders (one definition for the survey and the report, in the core).
pub use partnerscope_core::text::fill;

/// `text` kept left to right in a right-to-left language ("4.00 / 5" would otherwise read
/// "5 / 4.00" on an Arabic screen): inside a left-to-right isolate, so it neither turns round nor
/// turns its neighbours round. Unchanged in a left-to-right language.
pub fn ltr(lang: &str, text: &str) -> String {
    if partnerscope_core::locale::direction(lang) == "rtl" {
        format!("\u{2066}{text}\u{2069}")
    } else {
        text.to_owned()
    }
}

/// A number with a locale's decimal separator and `decimals` digits.
pub fn number(lang: &str, value: f64, decimals: usize) -> String {
    partnerscope_core::text::fixed(value, decimals as u32, partnerscope_core::locale::decimal_separator(lang))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Key → the placeholders its text uses.
    type Keys = BTreeMap<String, BTreeSet<String>>;

    /// Each language's table as written in `source`: key → the placeholders (`{name}`) its text
    /// uses, every form of a plural together; and the keys whose text is empty.
    fn tables(source: &str) -> BTreeMap<String, (Keys, Vec<String>)> {
        let mut out = BTreeMap::new();
        let mut current: Option<(String, Keys, Vec<String>)> = None;
        let mut key = String::new();
        for line in source.lines() {
            if let Some(name) = line.strip_prefix("const ").and_then(|l| l.strip_suffix(": Strings = Strings {")) {
                current = Some((name.to_owned(), BTreeMap::new(), Vec::new()));
                continue;
            }
            let Some((_, keys, empty)) = current.as_mut() else { continue };
            if line == "};" {
                let (name, keys, empty) = current.take().unwrap();
                out.insert(name, (keys, empty));
                continue;
            }
            let text = match line.strip_prefix("    ").filter(|l| !l.starts_with(' ') && !l.starts_with('#')) {
                Some(entry) => match entry.split_once(": ") {
                    Some((k, value)) if k.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                        key = k.to_owned();
                        if value == "\"\"," {
                            empty.push(key.clone());
                        }
                        value
                    }
                    _ => entry,
                },
                None => line,
            };
            let names = keys.entry(key.clone()).or_default();
            let mut rest = text;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let end = after.find('}').unwrap_or(0);
                let name = &after[..end];
                let escape = rest[..open].ends_with("\\u");
                if !escape && !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    names.insert(name.to_owned());
                }
                rest = after;
            }
        }
        out
    }

    fn check_five_languages(file: &str, source: &str) {
        let tables = tables(source);
        let names: Vec<&str> = tables.keys().map(String::as_str).collect();
        assert_eq!(names, ["AR", "EN", "ES", "FR", "PT"], "{file}: the five languages");
        let (english, _) = &tables["EN"];
        assert!(english.len() > 50, "{file}: the English table was read ({} keys)", english.len());
        for (name, (keys, empty)) in &tables {
            let missing: Vec<&String> = english.keys().filter(|k| !keys.contains_key(*k)).collect();
            let extra: Vec<&String> = keys.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{file} {name}: missing {missing:?}, extra {extra:?}");
            assert!(empty.is_empty(), "{file} {name}: empty strings {empty:?}");
            for (key, placeholders) in keys {
                assert_eq!(placeholders, &english[key], "{file} {name}.{key}: the placeholders differ from English");
            }
        }
    }

    #[test]
    fn every_string_key_has_all_five_languages_with_the_same_placeholders() {
        check_five_languages("widget", include_str!("i18n.rs"));
        check_five_languages("report", include_str!("../../report/src/i18n.rs"));
    }

    #[test]
    fn the_core_knows_every_interface_key() {
        let core: BTreeSet<&str> = partnerscope_core::instrument::interface::KEYS.iter().copied().collect();
        let mut widget: BTreeSet<&str> = SLOTS.iter().copied().collect();
        widget.insert("language_name");
        assert_eq!(core, widget, "the core's interface keys and the widget's settable strings");
        let tables = tables(include_str!("i18n.rs"));
        let english: BTreeSet<&str> = tables["EN"].0.keys().map(String::as_str).filter(|k| *k != "code").collect();
        widget.remove("language_name");
        assert_eq!(english, widget, "every string can be set from a questionnaire");
    }

    #[cfg(feature = "embed")]
    #[test]
    fn every_refusal_code_has_the_respondents_words_in_every_language() {
        for (code, _) in LANGUAGES {
            let text = strings(code);
            let mut seen = BTreeSet::new();
            for refusal_code in REFUSAL_CODES {
                let words = refusal(text, refusal_code, "SERVER");
                assert!(!words.trim().is_empty() && words != "SERVER", "{code} {refusal_code}");
                assert!(seen.insert(words), "{code} {refusal_code}: the words of another code");
            }
            // A code the widget does not know, or none: the server's reason.
            assert_eq!(refusal(text, "something-new", "SERVER"), "SERVER");
            assert_eq!(refusal(text, "", "SERVER"), "SERVER");
            assert!(!text.refusal_not_open.trim().is_empty());
        }
        // A code mistyped or unknown asks to check it; "not open yet" says so.
        let check = [
            ("en", "check the code"),
            ("fr", "vérifiez le code"),
            ("es", "revise el código"),
            ("ar", "التحقق من الرمز"),
            ("pt", "verifique o código"),
        ];
        for (code, words) in check {
            for key in ["invitation-mistyped", "invitation-unknown"] {
                assert!(refusal(strings(code), key, "").contains(words), "{code} {key}");
            }
        }
        let open = [
            ("en", "not open yet"),
            ("fr", "pas encore ouvert"),
            ("es", "aún no está abierta"),
            ("ar", "لم يُفتح بعد"),
            ("pt", "ainda não está aberto"),
        ];
        for (code, words) in open {
            assert!(strings(code).refusal_not_open.contains(words), "{code}");
        }
    }

    #[test]
    fn every_language_listed_has_its_own_table_and_direction() {
        assert_eq!(LANGUAGES.len(), 5);
        for (code, _) in LANGUAGES {
            assert_eq!(strings(code).code, *code);
        }
        assert_eq!(partnerscope_core::locale::direction(strings("ar").code), "rtl");
        assert_eq!(number("ar", 3.25, 2), "3.25");
        assert_eq!(number("pt", 3.25, 2), "3,25");
    }
}
