//! The checks on a posted response, in the order they run: the head ([`head`]: its type, its
//! encodings, its declared length, its idempotency key), then, once the server has read the body
//! within the limit, the body ([`response`]), every check of which is the core's. The collector
//! adds only the HTTP framing.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{HeaderMap, header};
use partnerscope_core::{Instrument, Response, Sheet, builtin};

use crate::invite::{Code, Key, Problem};
pub use crate::refusal::Refusal;
use crate::store::{Row, Ticket};

/// The questionnaires taken by invitation only (`--invitations`), and the key of the codes.
#[derive(Debug)]
pub struct Gate {
    pub instruments: BTreeSet<String>,
    pub key: Key,
}

/// Most problems listed in one refusal; the count of the rest is said.
const MAX_LISTED: usize = 10;

/// The questionnaires this collector accepts responses to: the built-in ones and the operator's.
#[derive(Clone, Debug)]
pub struct Registry {
    /// By id, then by version.
    instruments: BTreeMap<String, BTreeMap<String, Instrument>>,
}

impl Registry {
    /// The built-in questionnaires.
    pub fn builtin() -> Registry {
        let mut registry = Registry { instruments: BTreeMap::new() };
        for instrument in builtin::all() {
            registry.add(instrument);
        }
        registry
    }

    /// Adds (or replaces) one questionnaire version.
    pub fn add(&mut self, instrument: Instrument) {
        self.instruments
            .entry(instrument.id().to_owned())
            .or_default()
            .insert(instrument.version().to_owned(), instrument);
    }

    /// Reads and adds a custom questionnaire file, or says every problem in it.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<String, String> {
        // The problems are one per line; each is escaped, since it quotes the file.
        let shown = crate::log::escape(&path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot be read ({e})"))?;
        let instrument = Instrument::from_json(&text).map_err(|diags| {
            let lines: Vec<String> =
                diags.iter().map(|d| format!("  {}", crate::log::escape(&d.to_string()))).collect();
            format!("{shown} is not a valid questionnaire:\n{}", lines.join("\n"))
        })?;
        let name = format!("{} {}", instrument.id(), instrument.version());
        self.add(instrument);
        Ok(name)
    }

    /// The questionnaire `id` in `version`, or in its only version when `version` is `None`.
    pub fn find(&self, id: &str, version: Option<&str>) -> Result<&Instrument, Refusal> {
        let versions = self.instruments.get(id).ok_or_else(|| {
            Refusal::new(
                422,
                "unknown-questionnaire",
                format!("this collector does not take responses to a questionnaire called \"{id}\""),
            )
        })?;
        match version {
            Some(v) => versions.get(v).ok_or_else(|| {
                let known: Vec<&str> = versions.keys().map(String::as_str).collect();
                Refusal::new(
                    422,
                    "unknown-version",
                    format!("this collector takes version {} of \"{id}\", not version {v}", known.join(" or ")),
                )
            }),
            None if versions.len() == 1 => Ok(versions.values().next().expect("one version")),
            None => {
                let known: Vec<&str> = versions.keys().map(String::as_str).collect();
                Err(Refusal::new(
                    400,
                    "version-needed",
                    format!("\"{id}\" has versions {}; say which one", known.join(", ")),
                ))
            }
        }
    }

    /// Whether any version of `id` is taken.
    pub fn knows(&self, id: &str) -> bool {
        self.instruments.contains_key(id)
    }

    /// The questionnaire `id` in `version` exactly, if taken.
    pub fn get(&self, id: &str, version: &str) -> Option<&Instrument> {
        self.instruments.get(id).and_then(|versions| versions.get(version))
    }

    /// Every questionnaire, for the start-up message.
    pub fn names(&self) -> Vec<String> {
        self.instruments.iter().flat_map(|(id, versions)| versions.keys().map(move |v| format!("{id} {v}"))).collect()
    }
}

/// What a posted request's head says, once checked.
#[derive(Debug)]
pub struct Head<'a> {
    /// The `Idempotency-Key` header, when sent (checked against the body's id by [`response`]).
    pub key: Option<&'a str>,
}

/// The refusal of a body over `limit` bytes (declared, or found while reading it).
pub fn too_large(limit: usize) -> Refusal {
    Refusal::new(413, "too-large", format!("the body is larger than this collector's limit of {limit} bytes"))
}

/// Checks a posted request's head before its body is read: JSON by its type, sent as it is (no
/// content coding, no transfer coding but chunked), declared no larger than `limit`.
pub fn head(headers: &HeaderMap, limit: usize) -> Result<Head<'_>, Refusal> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Refusal::new(415, "not-json", "send the response as JSON, with Content-Type: application/json"));
    }
    // A compressed body read as it is would be refused as "not UTF-8" or "not JSON", which sends
    // the widget's author looking in the wrong place: say what is not taken (RFC 9110, 15.5.16).
    if let Some(coding) = codings(headers, header::CONTENT_ENCODING).find(|c| !c.eq_ignore_ascii_case("identity")) {
        return Err(Refusal::new(
            415,
            "encoded",
            format!("this collector reads the body as it is sent; send it without Content-Encoding (not \"{coding}\")"),
        ));
    }
    // hyper decodes the chunked framing only: a transfer coding before it (`gzip, chunked`)
    // would reach the check still compressed. A server answers a coding it does not know with
    // 501 (RFC 9112, 6.1).
    if let Some(coding) = codings(headers, header::TRANSFER_ENCODING).find(|c| !c.eq_ignore_ascii_case("chunked")) {
        return Err(Refusal::new(
            501,
            "encoded",
            format!(
                "this collector takes a body sent as it is or in chunks (Transfer-Encoding: chunked), not encoded as \"{coding}\""
            ),
        ));
    }
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    Ok(Head { key: headers.get("idempotency-key").map(|v| v.to_str().unwrap_or("\u{fffd}")) })
}

/// Every coding named in every `name` header, in order (a list may be split over several lines).
fn codings(headers: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = String> + '_ {
    headers.get_all(name).into_iter().flat_map(|value| {
        String::from_utf8_lossy(value.as_bytes())
            .split(',')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
    })
}

/// Checks one posted body (already within the size limit) and gives the row to store.
/// `key` is the `Idempotency-Key` header, when sent: it must be the response's own id. With a
/// `gate`, a response to a questionnaire taken by invitation needs `code` (the
/// `Partnerscope-Invitation` header): well formed, it goes with the row for the writer to use.
pub fn response(
    registry: &Registry,
    body: &[u8],
    key: Option<&str>,
    gate: Option<(&Gate, Option<&[u8]>)>,
) -> Result<Row, Refusal> {
    let text = std::str::from_utf8(body).map_err(|_| Refusal::new(400, "malformed", "the body is not UTF-8 text"))?;
    if text.trim().is_empty() {
        return Err(Refusal::new(400, "malformed", "the body is empty; send one response as JSON"));
    }
    let response = Response::from_json(text).map_err(|d| Refusal::new(400, "malformed", d.to_string()))?;
    if let Some(key) = key
        && key != response.id
    {
        return Err(Refusal::new(400, "malformed", "the Idempotency-Key header is not the response's id"));
    }
    if !registry.knows(&response.instrument) {
        return Err(not_open(&response.instrument, &response.lang));
    }
    let instrument = registry.find(&response.instrument, Some(&response.version))?;
    Sheet::check(instrument, &response).map_err(|diags| Refusal::new(422, "invalid-response", listed(&diags)))?;
    let ticket = match gate {
        Some((gate, code)) if gate.instruments.contains(&response.instrument) => Some(ticket(gate, code, &response)?),
        _ => None,
    };
    Ok(Row {
        body: response.to_json(),
        id: response.id.clone(),
        instrument: response.instrument.clone(),
        version: response.version.clone(),
        ticket: ticket.map(|(hash, batch)| Ticket { hash, batch, response }),
    })
}

/// A response to a questionnaire this collector does not take (yet): `503` with `Retry-After`,
/// so the widget keeps it and sends it again, and a reason for the respondent, in their
/// language. The operator hears of it in the log (the first each period, then counted).
pub fn not_open(id: &str, lang: &str) -> Refusal {
    // `note` escapes the line.
    crate::log::NOT_OPEN.note(&format!("responses to \"{id}\", which is not registered here"));
    let words = match lang.split(['-', '_']).next().unwrap_or_default() {
        "fr" => "Ce questionnaire n'est pas encore ouvert ; vos réponses sont gardées et seront envoyées de nouveau.",
        "es" => "Esta encuesta aún no está abierta; sus respuestas se guardan y se enviarán de nuevo.",
        "ar" => "هذا الاستبيان لم يُفتح بعد؛ إجاباتك محفوظة، وستُرسَل مرة أخرى.",
        "pt" => "Este questionário ainda não está aberto; as suas respostas ficam guardadas e serão enviadas de novo.",
        _ => "This survey is not open yet; your answers are kept and will be sent again.",
    };
    Refusal::new(503, "not-open", words).retry_after(300)
}

/// The refusal of a response for its invitation, in the respondent's language.
pub fn invitation_refused(problem: Problem, lang: &str) -> Refusal {
    Refusal::new(problem.status(), problem.code(), problem.words(lang)).invitation(problem.name())
}

/// The code sent with a response, read: its hash and batch, or why it is not one. Nothing of
/// the code is ever quoted back or logged.
fn ticket(gate: &Gate, code: Option<&[u8]>, response: &Response) -> Result<([u8; 32], String), Refusal> {
    let code = code.ok_or_else(|| invitation_refused(Problem::Missing, &response.lang))?;
    let code = std::str::from_utf8(code)
        .ok()
        .and_then(Code::parse)
        .ok_or_else(|| invitation_refused(Problem::Mistyped, &response.lang))?;
    Ok((code.hash(&gate.key), code.batch().to_owned()))
}

fn listed(diags: &[partnerscope_core::Diagnostic]) -> String {
    let mut parts: Vec<String> = diags.iter().take(MAX_LISTED).map(ToString::to_string).collect();
    if diags.len() > MAX_LISTED {
        parts.push(format!("and {} more problems", diags.len() - MAX_LISTED));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_body(id: &str) -> String {
        let instrument = builtin::demo();
        let sheet = partnerscope_core::synth::sheets(&instrument, 1, 7).remove(0);
        let mut response = sheet.to_response(&instrument);
        response.id = id.to_owned();
        response.to_json()
    }

    #[test]
    fn a_valid_response_becomes_its_compact_row() {
        let registry = Registry::builtin();
        let body = demo_body("r-1");
        let row = response(&registry, body.as_bytes(), Some("r-1"), None).expect("accepted");
        assert_eq!(row.id, "r-1");
        assert_eq!(row.body, body);
    }

    #[test]
    fn refusals_say_why_with_their_status() {
        let registry = Registry::builtin();
        let body = demo_body("r-2");
        let status = |b: &[u8], key: Option<&str>| response(&registry, b, key, None).map(|_| ()).unwrap_err();
        assert_eq!(status(b"\xff\xfe", None).status, 400);
        assert_eq!(status(b"", None).status, 400);
        assert_eq!(status(b"{", None).status, 400);
        assert_eq!(status(b"[1,2]", None).status, 400);
        assert_eq!(status(body.as_bytes(), Some("other")).status, 400);
        let wrong = body.replacen("\"version\":\"", "\"version\":\"9", 1);
        let refusal = status(wrong.as_bytes(), None);
        assert_eq!(refusal.status, 422, "{refusal:?}");
        assert!(refusal.reason.contains("version"), "{}", refusal.reason);
        let unknown = body.replacen("\"instrument\":\"", "\"instrument\":\"x", 1);
        let unknown = status(unknown.as_bytes(), None);
        assert_eq!(unknown.status, 503, "kept by the widget and sent again");
        assert!(unknown.reason.contains("not open yet"), "{}", unknown.reason);
        assert_eq!(unknown.code, "not-open");
        assert_eq!(refusal.code, "unknown-version");
        assert_eq!(status(b"{", None).code, "malformed");
        // In the respondent's language, English when the collector does not speak it.
        for (lang, words) in
            [("pt-BR", "ainda não está aberto"), ("ar", "لم يُفتح بعد"), ("fr", "pas encore"), ("de", "not open yet")]
        {
            let refusal = not_open("x", lang);
            assert!(refusal.reason.contains(words), "{lang}: {}", refusal.reason);
            assert_eq!((refusal.status, refusal.code, refusal.retry_after), (503, "not-open", Some(300)));
        }
        let typo = invitation_refused(Problem::Mistyped, "pt");
        assert_eq!((typo.status, typo.code, typo.invitation), (400, "invitation-mistyped", Some("mistyped")));
        assert!(typo.reason.contains("verifique o código"), "{}", typo.reason);
    }
}
