//! Connections: the accept loop, the connection limit, the timeouts, the memory one connection
//! may hold, and stopping with a deadline.
//!
//! `axum::serve` gives none of these knobs (it builds hyper's connection with no timer, so no
//! timeout at all, and a read buffer of up to ~400 KB), and measured, that let a silent
//! connection, a trickled head, an idle keep-alive and a slow body stay open for good, 20,000
//! connections take every file the process may open (`/healthz` no longer answered), and 8,000
//! unfinished heads take 3 GB. So connections are served here, with hyper's own HTTP/1.1
//! connection:
//!
//! - **header timeout** (hyper's `header_read_timeout`): a request's head must be whole within
//!   it, counted from when the connection may send one (it opened, or the previous reply was
//!   written). This closes a silent connection, a kept-alive one with nothing more to say, and a
//!   head trickled a byte at a time alike.
//! - **body timeout** (`server.rs`, around reading the body): the body must be whole within it
//!   after the head; else `408` and the connection is closed.
//! - **idle timeout** (here): a connection on which no byte moves either way for that long is
//!   closed, whatever it is doing: a client that stops reading a reply (an export) included.
//! - **connection limit** (a semaphore): past it a connection is answered `503` at once and
//!   closed, so a flood meets a plain answer instead of a hang, and the process keeps files for
//!   its database. The limit is kept below the process's file limit (`main.rs`).
//! - **memory per connection**: hyper's read buffer is capped at [`MAX_BUF`] (a head larger
//!   than that is answered `431`), the body at `--max-body-bytes`.
//! - **shutdown deadline**: on the signal the listener closes, idle connections close, requests
//!   in flight are finished, and whatever is still open at the deadline is dropped.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;
use tower_service::Service;

use crate::log::{self, Event};
use crate::refusal::RefusalBody;

/// The most hyper buffers for one connection's reading. A request head (request line and
/// headers, a browser's cookies included) fits in it many times over; a body is read through it
/// in pieces. hyper's default, ~400 KB, let 8,000 unfinished heads hold 3 GB.
pub const MAX_BUF: usize = 16 * 1024;

/// Connections turned away at the limit that are answered at once; past that many at a time
/// they are closed without a word (each answer holds a file for up to [`TURN_AWAY_TIME`]).
pub const TURN_AWAY_AT_ONCE: usize = 64;
const TURN_AWAY_TIME: Duration = Duration::from_secs(2);

/// The connection side's settings.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub shutdown_timeout: Duration,
}

/// How serving ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Every connection finished.
    Finished,
    /// The deadline came with this many connections still open; they were dropped.
    Deadline(usize),
}

/// Serves `app` on `listener` until `stop` resolves, then stops within the shutdown deadline.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, stop: impl Future<Output = ()>) -> Stopped {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let turning_away = Arc::new(Semaphore::new(TURN_AWAY_AT_ONCE));
    let (closing, closing_seen) = watch::channel(false);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_BUF)
        // A client that closes its sending side after a cut-off body still hears why (400).
        .half_close(true);
    let mut stop = pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of files (or memory): wait a little rather than spin, and say so rarely.
                log::ACCEPT_FAILED.note(&e.to_string());
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                let connection = connection(http.clone(), stream, peer, app.clone(), limits, closing_seen.clone());
                tokio::spawn(async move {
                    connection.await;
                    drop(slot);
                });
            }
            Err(_) => {
                log::count(Event::TurnedAway);
                turn_away(stream, &turning_away);
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    match tokio::time::timeout(limits.shutdown_timeout, slots.acquire_many(all)).await {
        Ok(_) => Stopped::Finished,
        Err(_) => Stopped::Deadline(limits.max_connections - slots.available_permits()),
    }
}

/// One connection, until it ends, times out, or is dropped at the shutdown deadline.
async fn connection(
    http: http1::Builder,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut closing: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let started = Instant::now();
    let activity = Arc::new(AtomicU64::new(0));
    let io = TokioIo::new(Watched { stream, started, activity: activity.clone() });
    // The peer's address reaches the handlers only for the rate limits (hashed there, never
    // kept); axum's `ConnectInfo` extractor reads it from the request's extensions. A `Router`
    // is always ready (its `poll_ready` returns at once), so it is called without it.
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        app.clone().call(request)
    });
    let mut conn = pin!(http.serve_connection(io, service));
    let mut shutting_down = false;
    if *closing.borrow_and_update() {
        conn.as_mut().graceful_shutdown();
        shutting_down = true;
    }
    loop {
        let last = started + Duration::from_millis(activity.load(Ordering::Relaxed));
        tokio::select! {
            served = conn.as_mut() => {
                if served.is_err_and(|e| e.is_timeout()) {
                    log::count(Event::TimedOut);
                }
                return;
            }
            () = tokio::time::sleep_until(last + limits.idle_timeout) => {
                let moved = started + Duration::from_millis(activity.load(Ordering::Relaxed));
                if moved + limits.idle_timeout <= Instant::now() {
                    log::count(Event::TimedOut);
                    return;
                }
            }
            changed = closing.changed(), if !shutting_down => {
                shutting_down = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Answers a connection over the limit with a plain `503` and closes it. The request is read
/// (up to a few kilobytes, for at most [`TURN_AWAY_TIME`]) after the answer is written, so that
/// closing does not reset the connection before the client has read the answer. Past
/// [`TURN_AWAY_AT_ONCE`] such answers at a time (a flood of connections that send nothing), it is
/// done without waiting: what has arrived of the request is read, the answer written, and the
/// connection closed at once.
fn turn_away(stream: TcpStream, turning_away: &Arc<Semaphore>) {
    let Ok(permit) = turning_away.clone().try_acquire_owned() else {
        let mut sink = [0u8; 4096];
        for _ in 0..4 {
            if !matches!(stream.try_read(&mut sink), Ok(n) if n > 0) {
                break;
            }
        }
        let _ = stream.try_write(&busy_reply());
        return;
    };
    tokio::spawn(async move {
        let mut stream = stream;
        let _ = tokio::time::timeout(TURN_AWAY_TIME, async {
            stream.write_all(&busy_reply()).await?;
            stream.shutdown().await?;
            let mut sink = [0u8; 4096];
            for _ in 0..16 {
                if stream.read(&mut sink).await? == 0 {
                    break;
                }
            }
            Ok::<(), io::Error>(())
        })
        .await;
        drop(permit);
    });
}

/// The one reply written without hyper: the same JSON as every refusal.
fn busy_reply() -> Vec<u8> {
    let body = serde_json::to_string(&RefusalBody {
        status: 503,
        code: "busy",
        reason: "the collector has as many connections open as it takes; the widget sends again shortly",
        invitation: None,
    })
    .unwrap_or_default();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncache-control: no-store\r\nretry-after: 2\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The socket, noting when a byte last moved either way (milliseconds since `started`).
struct Watched {
    stream: TcpStream,
    started: Instant,
    activity: Arc<AtomicU64>,
}

impl Watched {
    fn moved(&self) {
        let since = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.activity.store(since, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.moved();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bytes: &[u8]) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, bytes);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
