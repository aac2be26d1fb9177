//! The HTTP side: routes, CORS, limits, the token, and what is logged (counts and reasons,
//! never who asked). Connections (timeouts, the connection limit) are `net.rs`'s.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use subtle::ConstantTimeEq;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::check::{self, Gate, Refusal, Registry};
use crate::data::Data;
use crate::export::Format;
use crate::invite;
use crate::log::{self, Event};
use crate::store::{self, Filter, Outcome, Writer};

/// How the server was asked to behave.
#[derive(Clone, Debug)]
pub struct Settings {
    pub data: Data,
    pub max_body_bytes: usize,
    /// How long a posted body may take to arrive, from the end of its head.
    pub body_timeout: Duration,
    pub allow_origins: Vec<String>,
    pub allow_credentials: bool,
    pub token: Option<String>,
    /// Responses per second one client may send, sustained; 0 turns the limit off.
    pub per_second: f64,
    /// How many a client may send at once before the limit applies.
    pub burst: f64,
}

/// Wrong tokens one client may send at once, and how many more a second after that (one every
/// six seconds): an operator who mistypes is not locked out, a guesser gets ten tries a minute.
const WRONG_TOKEN_BURST: f64 = 10.0;
const WRONG_TOKENS_PER_SECOND: f64 = 1.0 / 6.0;

struct Shared {
    settings: Settings,
    /// Replaced whole when a questionnaire is registered; requests and exports hold the one
    /// they started with.
    registry: RwLock<Arc<Registry>>,
    /// With `--invitations`: the questionnaires taken by invitation, and the codes' key.
    gate: Option<Gate>,
    writer: Writer,
    limiter: Limiter,
    wrong_tokens: Limiter,
}

type AppState = Arc<Shared>;

/// The application: every route with its layers. Every refusal, the fallbacks' included, is a
/// [`Refusal`]. Expects each request to carry its peer's [`ConnectInfo`] (`net.rs` puts it there).
pub fn app(settings: Settings, registry: Registry, gate: Option<Gate>, writer: Writer) -> Router {
    let cors = cors(&settings);
    let limiter = Limiter::new(settings.per_second, settings.burst);
    let wrong_tokens = Limiter::new(WRONG_TOKENS_PER_SECOND, WRONG_TOKEN_BURST);
    let registry = RwLock::new(Arc::new(registry));
    let shared = Arc::new(Shared { settings, registry, gate, writer, limiter, wrong_tokens });
    let router = Router::new()
        .route("/v1/responses", post(receive))
        .route("/v1/invitations", get(invitation_counts).post(make_invitations))
        .route("/v1/webhook", get(webhook_letters))
        .route("/v1/instruments", post(register))
        .route("/v1/responses.jsonl", get(export_jsonl))
        .route("/v1/responses.csv", get(export_csv))
        .route("/healthz", get(health))
        .fallback(|| async {
            Refusal::new(404, "not-found", "there is nothing here; responses go to POST /v1/responses")
        })
        .method_not_allowed_fallback(|method: Method| async move {
            Refusal::new(
                405,
                "method-not-allowed",
                format!("{method} is not answered here; responses go to POST /v1/responses"),
            )
        })
        .with_state(shared);
    match cors {
        Some(layer) => router.layer(layer),
        None => router,
    }
}

/// CORS for the listed origins only; none listed, no CORS headers at all (same origin only).
fn cors(settings: &Settings) -> Option<CorsLayer> {
    if settings.allow_origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> =
        settings.allow_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::HeaderName::from_static("idempotency-key"),
                header::HeaderName::from_static(invite::HEADER),
            ])
            .allow_credentials(settings.allow_credentials)
            .max_age(Duration::from_secs(600)),
    )
}

/// The answer to a response taken: `{"status": 201|200, "id": "…", "stored": true}`.
#[derive(serde::Serialize)]
struct Taken {
    status: u16,
    id: String,
    stored: bool,
}

fn taken(status: StatusCode, id: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Json(Taken { status: status.as_u16(), id, stored: true }))
        .into_response()
}

/// `POST /v1/responses`: every check once, in order (the client's rate, the head, the body as it
/// arrives, the body's content), then the writer; answered only after the commit.
async fn receive(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    if !shared.limiter.allow(peer.ip()) {
        return Err(Refusal::new(
            429,
            "too-many-requests",
            "too many responses from this client at once; the widget sends again shortly",
        )
        .retry_after(2));
    }
    let limit = shared.settings.max_body_bytes;
    let head = check::head(&headers, limit)?;
    let bytes = read_body(body, limit, shared.settings.body_timeout).await?;
    let gate = shared.gate.as_ref().map(|gate| (gate, headers.get(invite::HEADER).map(HeaderValue::as_bytes)));
    let row = check::response(&shared.registry(), &bytes, head.key, gate)?;
    let id = row.id.clone();
    let lang = row.ticket.as_ref().map(|t| t.response.lang.clone()).unwrap_or_default();
    match shared.writer.put(row).await {
        Outcome::Stored => {
            log::count(Event::Stored);
            Ok(taken(StatusCode::CREATED, id))
        }
        Outcome::AlreadyStored => {
            log::count(Event::Repeated);
            Ok(taken(StatusCode::OK, id))
        }
        Outcome::Conflict => Err(Refusal::new(
            409,
            "conflict",
            "a different response is already stored under this id; it was not replaced",
        )),
        Outcome::Refused(problem) => Err(check::invitation_refused(problem, &lang)),
        // The cause is logged by the writer (once per period, however many fail).
        Outcome::Failed(_) => {
            log::count(Event::NotStored);
            Err(Refusal::new(
                503,
                "unavailable",
                "the collector could not store the response just now; the widget sends it again",
            )
            .retry_after(10))
        }
    }
}

/// Reads a posted body whole, within `limit` bytes and `timeout`. The limit is
/// `http_body_util::Limited`, the wrapper tower-http's `RequestBodyLimitLayer` puts on the body;
/// the layer itself is not used because it answers a declared length over the limit with its
/// own plain-text 413, ahead of the rate limit and the type checks, past this log and unlike
/// every other refusal (`check::head` refuses that length in its place in line instead).
async fn read_body(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, Refusal> {
    match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(check::too_large(limit)),
        // The connection closed, or the chunked framing broke, before the body's end: a
        // request cut off, not one too large.
        Ok(Err(_)) => {
            Err(Refusal::new(400, "cut-off", "the body was cut off before its end; the widget sends it again"))
        }
        Err(_) => Err(Refusal::new(
            408,
            "too-slow",
            format!("the body did not arrive within {} s; the widget sends it again", timeout.as_secs_f64()),
        )
        .close()),
    }
}

#[derive(Debug, serde::Deserialize)]
struct ExportQuery {
    instrument: Option<String>,
    version: Option<String>,
}

async fn export_jsonl(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Result<Response, Refusal> {
    export(shared, peer.ip(), &headers, Format::JsonLines, q).await
}

async fn export_csv(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Result<Response, Refusal> {
    export(shared, peer.ip(), &headers, Format::Csv, q).await
}

/// The bearer token, checked in constant time; wrong tokens are throttled per client.
fn authorised(shared: &Shared, peer: IpAddr, headers: &HeaderMap) -> Result<(), Refusal> {
    let Some(token) = &shared.settings.token else {
        return Err(Refusal::new(
            403,
            "downloads-off",
            "downloads over HTTP are off; the operator turns them on with --token-file, or uses the export command",
        ));
    };
    let Some(given) = headers.get(header::AUTHORIZATION) else {
        return Err(
            Refusal::new(401, "unauthorized", "send the operator's token as Authorization: Bearer <token>").challenge()
        );
    };
    // A client that sent too many wrong tokens is not even compared until it has waited.
    if !shared.wrong_tokens.has_room(peer) {
        return Err(Refusal::new(
            429,
            "too-many-requests",
            "too many wrong tokens from this client; wait a minute before trying again",
        )
        .retry_after(10));
    }
    // `ct_eq` takes the same time for every token of the right length: a guess learns nothing
    // from how long the refusal took but the token's length, which is not secret.
    let right = bearer(given.as_bytes()).is_some_and(|given| bool::from(given.ct_eq(token.as_bytes())));
    if right {
        Ok(())
    } else {
        shared.wrong_tokens.allow(peer);
        Err(Refusal::new(401, "unauthorized", "send the operator's token as Authorization: Bearer <token>").challenge())
    }
}

/// The credentials of a `Bearer` authorization. The scheme is matched without regard to case,
/// as RFC 9110 (11.1) says of every authentication scheme, and one or more spaces follow it.
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|b| *b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    scheme.eq_ignore_ascii_case(b"bearer").then(|| rest.trim_ascii())
}

async fn export(
    shared: AppState,
    peer: IpAddr,
    headers: &HeaderMap,
    format: Format,
    q: ExportQuery,
) -> Result<Response, Refusal> {
    authorised(&shared, peer, headers)?;
    let filter = Filter { instrument: q.instrument, version: q.version };
    let registry = shared.registry();
    let data = &shared.settings.data;
    let filter =
        data.plan(&registry, format, &filter).await.map_err(|reason| Refusal::new(400, "bad-filter", reason))?;
    let (blocks, stream) = tokio::sync::mpsc::channel::<crate::data::Block>(4);
    let data = data.clone();
    tokio::spawn(async move {
        if let Err(reason) = data.export(registry, format, filter, blocks.clone()).await {
            log::line(&format!("an export stopped: {reason}"));
            let _ = blocks.send(Err(std::io::Error::other(reason))).await;
        }
    });
    let name = match format {
        Format::JsonLines => "responses.jsonl",
        Format::Csv => "responses.csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(stream)),
    )
        .into_response())
}

/// A failure to read the store, as a 500 that names `what` could not be read.
fn unreadable(what: &'static str) -> impl FnOnce(String) -> Refusal {
    move |e| Refusal::new(500, "internal", format!("{what} could not be read: {e}"))
}

/// `GET /v1/invitations` (token): every group's invitations, issued, used, unused and refused.
async fn invitation_counts(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorised(&shared, peer.ip(), &headers)?;
    let tallies = shared.settings.data.tallies().await.map_err(unreadable("the counts"))?;
    #[derive(serde::Serialize)]
    struct Counts {
        groups: Vec<store::Tally>,
    }
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(Counts { groups: tallies })).into_response())
}

impl Shared {
    fn registry(&self) -> Arc<Registry> {
        self.registry.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// The largest questionnaire taken by `POST /v1/instruments` (the largest built-in one is 47 KB).
const MAX_INSTRUMENT_BYTES: usize = 1 << 20;

/// The answer to a questionnaire registered.
#[derive(serde::Serialize)]
struct Registered {
    status: u16,
    instrument: String,
    version: String,
}

/// `POST /v1/instruments` (token), body one questionnaire's JSON: checked by the core (every
/// problem listed), kept in the store, and taken from the next request on; no restart.
async fn register(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    authorised(&shared, peer.ip(), &headers)?;
    check::head(&headers, MAX_INSTRUMENT_BYTES)?;
    let bytes = read_body(body, MAX_INSTRUMENT_BYTES, shared.settings.body_timeout).await?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Refusal::new(400, "malformed", "the questionnaire is not UTF-8 text"))?;
    let instrument = partnerscope_core::Instrument::from_json(text).map_err(|diags| {
        let all: Vec<String> = diags.iter().map(ToString::to_string).collect();
        Refusal::new(
            422,
            "invalid-questionnaire",
            format!("this is not a valid questionnaire ({} problems): {}", all.len(), all.join("; ")),
        )
    })?;
    let (id, version) = (instrument.id().to_owned(), instrument.version().to_owned());
    if partnerscope_core::builtin::is_builtin(&id) {
        return Err(Refusal::new(
            409,
            "conflict",
            format!("\"{id}\" is a built-in questionnaire; give yours an id of its own"),
        ));
    }
    let saved = shared.settings.data.save_instrument(&id, &version, text).await.map_err(|e| {
        Refusal::new(503, "unavailable", format!("the questionnaire could not be kept: {e}")).retry_after(10)
    })?;
    let status = match saved {
        Ok(true) => StatusCode::CREATED,
        Ok(false) => StatusCode::OK,
        Err(_) => {
            return Err(Refusal::new(
                409,
                "conflict",
                format!(
                    "another questionnaire is registered as \"{id}\" version {version}; responses may already be stored against it, so give this one a new version"
                ),
            ));
        }
    };
    {
        let mut registry = shared.registry.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if registry.get(&id, &version) != Some(&instrument) {
            let mut next = Registry::clone(&registry);
            next.add(instrument);
            *registry = Arc::new(next);
        }
    }
    log::line(&format!("questionnaire registered: {id} {version}"));
    Ok((status, Json(Registered { status: status.as_u16(), instrument: id, version })).into_response())
}

/// `GET /v1/webhook` (token): responses waiting for the webhook, and the dead letters.
async fn webhook_letters(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorised(&shared, peer.ip(), &headers)?;
    let letters = shared.settings.data.letters().await.map_err(unreadable("the webhook's queue"))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(letters)).into_response())
}

/// What `POST /v1/invitations` asks for.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Asked {
    instrument: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    group: String,
    #[serde(default)]
    round: String,
    count: usize,
    #[serde(default)]
    link: Option<String>,
}

/// `POST /v1/invitations` (token), `{"instrument","group","round","count"[,"link"]}`: makes the
/// codes and answers them as CSV, the same as the `invite` command writes.
async fn make_invitations(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    authorised(&shared, peer.ip(), &headers)?;
    let Some(gate) = &shared.gate else {
        return Err(Refusal::new(
            403,
            "invitations-off",
            "invitations are off; the operator turns them on with --invitations ID",
        ));
    };
    let bytes = read_body(body, 4_096, shared.settings.body_timeout).await?;
    let asked: Asked = serde_json::from_slice(&bytes).map_err(|e| {
        Refusal::new(
            400,
            "malformed",
            format!(
                "send {{\"instrument\": ID, \"group\": ID, \"round\": LABEL, \"count\": N}} as JSON ({})",
                log::escape(&e.to_string())
            ),
        )
    })?;
    if !gate.instruments.contains(&asked.instrument) {
        return Err(Refusal::new(
            400,
            "not-by-invitation",
            format!(
                "\"{}\" is not taken by invitation here; the collector was started with --invitations {}",
                log::escape(&asked.instrument),
                gate.instruments.iter().cloned().collect::<Vec<_>>().join(", --invitations ")
            ),
        ));
    }
    let registry = shared.registry();
    let instrument = registry.find(&asked.instrument, asked.version.as_deref())?;
    let request = invite::Request {
        instrument: asked.instrument.clone(),
        group: asked.group,
        round: asked.round,
        count: asked.count,
        link: asked.link,
    };
    request.check(instrument).map_err(|problems| Refusal::new(400, "invalid-request", problems.join("; ")))?;
    let csv = request
        .make(&shared.settings.data, &gate.key)
        .await
        .map_err(|e| Refusal::new(500, "internal", format!("the codes could not be made: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"invitations.csv\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        csv,
    )
        .into_response())
}

/// The answer of `/healthz` while the store takes responses.
#[derive(serde::Serialize)]
struct Healthy {
    status: &'static str,
    responses: u64,
}

/// `/healthz`, from memory in constant time: the writer keeps the number of rows and whether its
/// last commit failed (a full disk, a file gone read-only), so the answer says whether responses
/// are being stored, not only whether the file opens.
async fn health(State(shared): State<AppState>) -> Result<Json<Healthy>, Refusal> {
    let health = shared.writer.health();
    match health.failure() {
        None => Ok(Json(Healthy { status: "ok", responses: health.rows() })),
        Some(reason) => Err(Refusal::new(
            503,
            "unavailable",
            format!(
                "the database did not take the last responses ({reason}); they are kept by the widgets and sent again"
            ),
        )),
    }
}

/// A token bucket per client address, held in memory only and keyed by a hash with a key drawn
/// afresh at every start: the addresses themselves are never kept, logged or stored.
struct Limiter {
    per_second: f64,
    burst: f64,
    hasher: std::collections::hash_map::RandomState,
    buckets: Mutex<HashMap<u64, (f64, Instant)>>,
}

/// Clients tracked before full buckets are forgotten.
const MAX_TRACKED: usize = 65_536;

impl Limiter {
    fn new(per_second: f64, burst: f64) -> Limiter {
        Limiter { per_second, burst: burst.max(1.0), hasher: Default::default(), buckets: Mutex::default() }
    }

    /// Takes one token from `peer`'s bucket if it has one.
    fn allow(&self, peer: IpAddr) -> bool {
        self.take(peer, 1.0)
    }

    /// Whether `peer`'s bucket has a token, taking none.
    fn has_room(&self, peer: IpAddr) -> bool {
        self.take(peer, 0.0)
    }

    fn take(&self, peer: IpAddr, cost: f64) -> bool {
        if self.per_second <= 0.0 {
            return true;
        }
        let key = self.hasher.hash_one(peer);
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, (tokens, at)| *tokens + now.duration_since(*at).as_secs_f64() * rate < burst);
        }
        let (tokens, at) = buckets.entry(key).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= cost;
            true
        } else {
            false
        }
    }
}
