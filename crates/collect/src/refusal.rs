//! Every refusal the collector answers with: one type, one JSON shape, one place that logs.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::log;

/// Why a request was refused, as an HTTP status and a reason in plain words, with the headers
/// that status needs. Turned into a reply by [`IntoResponse`], which also counts it and logs
/// its reason (see [`log::refusal`]): there is no way to refuse without the log hearing of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    /// What kind of refusal, for a program: a stable lowercase name (`not-open`, `too-large`,
    /// `invitation-mistyped`, …; the table in docs/collector.md). The widget words the ones a
    /// respondent meets in their language; `reason` stays for people reading the log.
    pub code: &'static str,
    pub reason: String,
    /// Seconds to wait before trying again (`Retry-After`).
    pub retry_after: Option<u32>,
    /// Ask for the bearer token (`WWW-Authenticate: Bearer`).
    pub challenge: bool,
    /// Close the connection after the reply (`Connection: close`), when what is left of the
    /// request cannot be trusted (a body that did not arrive in time).
    pub close: bool,
    /// For a response refused for its invitation: which problem (`missing`, `mistyped`, `used`,
    /// `unknown`, `other-survey`), in the body's `invitation` member.
    pub invitation: Option<&'static str>,
}

/// The body of every refusal: `{"status": N, "code": "…", "reason": "…"}`.
#[derive(serde::Serialize)]
pub struct RefusalBody<'a> {
    pub status: u16,
    pub code: &'a str,
    pub reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation: Option<&'a str>,
}

impl Refusal {
    pub fn new(status: u16, code: &'static str, reason: impl Into<String>) -> Refusal {
        Refusal {
            status,
            code,
            reason: reason.into(),
            retry_after: None,
            challenge: false,
            close: false,
            invitation: None,
        }
    }

    pub fn retry_after(mut self, seconds: u32) -> Refusal {
        self.retry_after = Some(seconds);
        self
    }

    pub fn challenge(mut self) -> Refusal {
        self.challenge = true;
        self
    }

    pub fn close(mut self) -> Refusal {
        self.close = true;
        self
    }

    pub fn invitation(mut self, problem: &'static str) -> Refusal {
        self.invitation = Some(problem);
        self
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        log::refusal(self.status, &self.reason);
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut reply = (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            Json(RefusalBody {
                status: status.as_u16(),
                code: self.code,
                reason: &self.reason,
                invitation: self.invitation,
            }),
        )
            .into_response();
        let headers = reply.headers_mut();
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.challenge {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        reply
    }
}
