//! The outbox's entry as it is stored, one per response under `partnerscope:v1:outbox:<id>`,
//! and the credentials names it keeps.

use super::{FORMAT, KEY_PREFIX};
use crate::json::{self, Reader};
use crate::json_write::Object;

/// Whether the request may carry the browser's cookies and HTTP authentication. The one place
/// where the names the page writes (`submit-credentials`) and the stored entry keeps are spelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// Never (the default): nothing identifies the respondent to the endpoint.
    #[default]
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    pub const ALL: [Credentials; 3] = [Credentials::Omit, Credentials::SameOrigin, Credentials::Include];

    /// The name as the page writes it and `fetch` reads it.
    pub fn name(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }

    /// The setting called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Credentials> {
        Credentials::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Where a stored entry stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum State {
    #[default]
    Pending,
    Refused {
        status: u16,
        reason: String,
        /// The server's machine code for the refusal (the body's `code`), empty when it gave
        /// none: the widget words a code it knows in the respondent's language.
        code: String,
    },
}

/// One response in the outbox, as stored under `partnerscope:v1:outbox:<id>`:
/// `{"outbox":1,"id","instrument","url","credentials","body","state":"pending"|"refused",
/// "status","reason","code","draft_key","draft","invitation"}` (`code` only when the server gave one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub instrument: String,
    /// Absolute URL of the endpoint.
    pub url: String,
    pub credentials: Credentials,
    /// The response JSON, exactly as posted.
    pub body: String,
    pub state: State,
    /// The widget's draft key the response was completed under, and its completed draft: the
    /// widget's draft is removed once this entry is stored, and the widget shows the results
    /// and where delivery stands from here after a reload. Empty when not linked (another
    /// response was completed since under the same key).
    pub draft_key: String,
    pub draft: String,
    /// The invitation code the response is sent with (the `Partnerscope-Invitation` header),
    /// empty when none: kept with the entry so that every retry carries it.
    pub invitation: String,
}

impl Entry {
    /// The storage key of entry `id`.
    pub fn key(id: &str) -> String {
        format!("{KEY_PREFIX}{id}")
    }

    pub fn to_json(&self) -> String {
        let mut o = Object::new();
        o.uint("outbox", u64::from(FORMAT))
            .str("id", &self.id)
            .str("instrument", &self.instrument)
            .str("url", &self.url)
            .str("credentials", self.credentials.name())
            .str("body", &self.body);
        match &self.state {
            State::Pending => {
                o.str("state", "pending");
            }
            State::Refused { status, reason, code } => {
                o.str("state", "refused").uint("status", u64::from(*status)).str("reason", reason);
                if !code.is_empty() {
                    o.str("code", code);
                }
            }
        };
        if !self.draft_key.is_empty() {
            o.str("draft_key", &self.draft_key).str("draft", &self.draft);
        }
        if !self.invitation.is_empty() {
            o.str("invitation", &self.invitation);
        }
        o.finish()
    }

    /// Reads what is stored under an entry's key.
    pub fn from_json(text: &str) -> Stored {
        let Ok(value) = json::parse(text) else {
            return Stored::Damaged;
        };
        let mut r = Reader::default();
        let read = r.fields(&value, "", |o, r| {
            let format: u32 = o.req(r, "outbox");
            let state: String = o.req(r, "state");
            let status: u32 = o.or(r, "status", 0);
            let reason: String = o.or(r, "reason", String::new());
            let code: String = o.or(r, "code", String::new());
            let credentials: String = o.req(r, "credentials");
            let entry = Entry {
                id: o.req(r, "id"),
                instrument: o.req(r, "instrument"),
                url: o.req(r, "url"),
                body: o.req(r, "body"),
                credentials: Credentials::from_name(&credentials).unwrap_or_default(),
                state: State::Refused {
                    status: u16::try_from(status).unwrap_or(0),
                    reason,
                    code: super::policy::clean_code(&code),
                },
                draft_key: o.or(r, "draft_key", String::new()),
                draft: o.or(r, "draft", String::new()),
                invitation: o.or(r, "invitation", String::new()),
            };
            match state.as_str() {
                _ if format != FORMAT => Stored::Damaged,
                "sent" => Stored::Delivered,
                "pending" => Stored::Entry(Entry { state: State::Pending, ..entry }),
                "refused" => Stored::Entry(entry),
                _ => Stored::Damaged,
            }
        });
        r.finish(read).unwrap_or(Stored::Damaged)
    }
}

/// What is stored under an entry's key.
// A `Stored` lives for one read of one key and is matched at once: boxing the entry would
// add an allocation per read and save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    Entry(Entry),
    /// The record a delivered response left behind in earlier versions (`"state":"sent"`, no
    /// body): to be deleted.
    Delivered,
    /// Damaged or foreign text: left alone, never sent.
    Damaged,
}
