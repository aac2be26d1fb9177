//! The HTTP side: routes, CORS, limits, the token, and what is logged (counts and reasons,
//! never who asked).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::check::{self, Refusal, Registry};
use crate::export::{self, Format};
use crate::log;
use crate::store::{self, Filter, Outcome, Writer};

/// How the server was asked to behave.
#[derive(Clone, Debug)]
pub struct Settings {
    pub data: PathBuf,
    pub max_body_bytes: usize,
    pub allow_origins: Vec<String>,
    pub allow_credentials: bool,
    pub token: Option<String>,
    /// Responses per second one client may send, sustained; 0 turns the limit off.
    pub per_second: f64,
    /// How many a client may send at once before the limit applies.
    pub burst: f64,
}

struct Shared {
    settings: Settings,
    registry: Registry,
    writer: Writer,
    limiter: Limiter,
    counts: Counts,
}

type AppState = Arc<Shared>;

/// The application: every route with its layers.
pub fn app(settings: Settings, registry: Registry, writer: Writer) -> Router {
    let cors = cors(&settings);
    let limiter = Limiter::new(settings.per_second, settings.burst);
    let shared = Arc::new(Shared { settings, registry, writer, limiter, counts: Counts::default() });
    let router = Router::new()
        .route("/v1/responses", post(receive))
        .route("/v1/responses.jsonl", get(export_jsonl))
        .route("/v1/responses.csv", get(export_csv))
        .route("/healthz", get(health))
        .fallback(|| async { refuse(Refusal::new(404, "there is nothing here; responses go to POST /v1/responses")) })
        .with_state(shared.clone());
    tokio::spawn(report_counts(shared));
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
            .allow_headers([header::CONTENT_TYPE, header::HeaderName::from_static("idempotency-key")])
            .allow_credentials(settings.allow_credentials)
            .max_age(Duration::from_secs(600)),
    )
}

fn json_reply(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

fn quoted(text: &str) -> String {
    let mut out = String::new();
    partnerscope_core::json::write_string(&mut out, text);
    out
}

fn refuse(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_reply(status, format!("{{\"status\":{},\"reason\":{}}}", refusal.status, quoted(&refusal.reason)))
}

async fn receive(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reply = receive_checked(&shared, peer.ip(), &headers, body).await;
    shared.counts.note(reply.status().as_u16());
    reply
}

async fn receive_checked(shared: &Shared, peer: IpAddr, headers: &HeaderMap, body: Body) -> Response {
    if !shared.limiter.allow(peer) {
        let mut reply =
            refuse(Refusal::new(429, "too many responses from this client at once; the widget sends again shortly"));
        reply.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return reply;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refused(shared, Refusal::new(415, "send the response as JSON, with Content-Type: application/json"));
    }
    let limit = shared.settings.max_body_bytes;
    let too_large = || Refusal::new(413, format!("the body is larger than this collector's limit of {limit} bytes"));
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refused(shared, too_large());
    }
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return refused(shared, too_large());
    };
    let key = headers.get("idempotency-key").map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let row = match check::response(&shared.registry, &bytes, key) {
        Ok(row) => row,
        Err(refusal) => return refused(shared, refusal),
    };
    let answer = |status: StatusCode, id: &str| {
        json_reply(status, format!("{{\"status\":{},\"id\":{},\"stored\":true}}", status.as_u16(), quoted(id)))
    };
    let id = row.id.clone();
    match shared.writer.put(row).await {
        Outcome::Stored => answer(StatusCode::CREATED, &id),
        Outcome::AlreadyStored => answer(StatusCode::OK, &id),
        Outcome::Conflict => refused(
            shared,
            Refusal::new(409, "a different response is already stored under this id; it was not replaced"),
        ),
        Outcome::Failed(reason) => {
            log::line(&format!("the database did not take a response: {reason}"));
            refuse(Refusal::new(503, "the collector could not store the response just now; the widget sends it again"))
        }
    }
}

/// A refusal, also logged with its reason (and nothing about who sent it).
fn refused(shared: &Shared, refusal: Refusal) -> Response {
    if shared.counts.may_log_refusal() {
        log::line(&format!("refused ({}): {}", refusal.status, refusal.reason));
    }
    refuse(refusal)
}

#[derive(Debug, serde::Deserialize)]
struct ExportQuery {
    instrument: Option<String>,
    version: Option<String>,
}

async fn export_jsonl(State(shared): State<AppState>, headers: HeaderMap, Query(q): Query<ExportQuery>) -> Response {
    export(shared, &headers, Format::JsonLines, q).await
}

async fn export_csv(State(shared): State<AppState>, headers: HeaderMap, Query(q): Query<ExportQuery>) -> Response {
    export(shared, &headers, Format::Csv, q).await
}

fn authorised(shared: &Shared, headers: &HeaderMap) -> Result<(), Refusal> {
    let Some(token) = &shared.settings.token else {
        return Err(Refusal::new(
            403,
            "downloads over HTTP are off; the operator turns them on with --token-file, or uses the export command",
        ));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let expected = format!("Bearer {token}");
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(Refusal::new(401, "send the operator's token as Authorization: Bearer <token>"))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, y) in b.iter().enumerate() {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ y);
    }
    diff == 0
}

async fn export(shared: AppState, headers: &HeaderMap, format: Format, q: ExportQuery) -> Response {
    if let Err(refusal) = authorised(&shared, headers) {
        let mut reply = refused(&shared, refusal);
        reply.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return reply;
    }
    let filter = Filter { instrument: q.instrument, version: q.version };
    let (blocks, stream) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let (ready, planned) = tokio::sync::oneshot::channel::<Result<(), String>>();
    let task = shared.clone();
    tokio::task::spawn_blocking(move || {
        let conn = match store::open_read(&task.settings.data) {
            Ok(conn) => conn,
            Err(e) => {
                let _ = ready.send(Err(format!("the database cannot be read: {e}")));
                return;
            }
        };
        let filter = match export::plan(&conn, &task.registry, format, &filter) {
            Ok(filter) => filter,
            Err(reason) => {
                let _ = ready.send(Err(reason));
                return;
            }
        };
        let _ = ready.send(Ok(()));
        let outcome = export::write(&conn, &task.registry, format, &filter, |block| {
            blocks.blocking_send(Ok(Bytes::from(block))).is_ok()
        });
        if let Err(reason) = outcome {
            log::line(&format!("an export stopped: {reason}"));
            let _ = blocks.blocking_send(Err(std::io::Error::other(reason)));
        }
    });
    match planned.await {
        Ok(Ok(())) => {}
        Ok(Err(reason)) => return refused(&shared, Refusal::new(400, reason)),
        Err(_) => return refuse(Refusal::new(500, "the export could not start")),
    }
    let name = match format {
        Format::JsonLines => "responses.jsonl",
        Format::Csv => "responses.csv",
    };
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(stream)),
    )
        .into_response()
}

async fn health(State(shared): State<AppState>) -> Response {
    let data = shared.settings.data.clone();
    let counted = tokio::task::spawn_blocking(move || store::open_read(&data).and_then(|c| store::count(&c))).await;
    match counted {
        Ok(Ok(n)) => json_reply(StatusCode::OK, format!("{{\"status\":\"ok\",\"responses\":{n}}}")),
        _ => refuse(Refusal::new(503, "the database cannot be read")),
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

    fn allow(&self, peer: IpAddr) -> bool {
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
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Outcome counts, said in the log every [`SUMMARY_EVERY`] when something happened.
#[derive(Default)]
struct Counts {
    stored: AtomicU64,
    repeated: AtomicU64,
    refused: AtomicU64,
    throttled: AtomicU64,
    refusals_logged: AtomicU64,
}

const SUMMARY_EVERY: Duration = Duration::from_secs(10);
/// Refusals logged one by one per summary period; the rest are only counted.
const REFUSALS_LOGGED: u64 = 20;

impl Counts {
    fn note(&self, status: u16) {
        let counter = match status {
            201 => &self.stored,
            200 => &self.repeated,
            429 => &self.throttled,
            _ => &self.refused,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn may_log_refusal(&self) -> bool {
        self.refusals_logged.fetch_add(1, Ordering::Relaxed) < REFUSALS_LOGGED
    }
}

async fn report_counts(shared: AppState) {
    let mut tick = tokio::time::interval(SUMMARY_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        let c = &shared.counts;
        let take = |n: &AtomicU64| n.swap(0, Ordering::Relaxed);
        let (stored, repeated, refused, throttled) =
            (take(&c.stored), take(&c.repeated), take(&c.refused), take(&c.throttled));
        c.refusals_logged.store(0, Ordering::Relaxed);
        if stored + repeated + refused + throttled > 0 {
            log::line(&format!(
                "in the last {} s: {stored} stored, {repeated} sent again (already stored), {refused} refused, {throttled} asked to slow down",
                SUMMARY_EVERY.as_secs()
            ));
        }
    }
}
