//! A questionnaire registered while the collector runs: checked by the core with every problem
//! listed, taken from the next request on, kept across a restart; until then a response to it is
//! answered in the respondent's words and kept by the widget to be sent again.
#![allow(clippy::unwrap_used)]

mod support;

use partnerscope_core::Instrument;
use support::{Collector, responses, rows, scratch};

const TOKEN: &str = "register-test-token-5d2c8a";
const CUSTOM: &str = include_str!("../../../tests/fixtures/custom-instrument.json");

fn start(db: &std::path::Path, dir: &std::path::Path) -> Collector {
    let token = dir.join("token");
    std::fs::write(&token, TOKEN).unwrap();
    Collector::start(db, &["--max-per-second", "0", "--token-file", token.to_str().unwrap()])
}

// One scenario told in order (posted to before it is registered, registered, hostile uploads
// refused, the collector restarted, exported), each step relying on the one before, so it stays
// one function.
#[test]
fn a_questionnaire_registered_while_running_is_taken_at_once_and_after_a_restart() {
    let dir = scratch("register");
    let db = dir.join("responses.db");
    let mut collector = start(&db, &dir);
    let instrument = Instrument::from_json(CUSTOM).unwrap();
    let batch = responses(&instrument, 3, "reg-", 4);
    let mut client = collector.client();
    // Not open yet: 503 with Retry-After, so the widget keeps the response and sends it again.
    let reply = client.post(&batch[0].1, &batch[0].0).unwrap();
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert!(reply.header("retry-after").is_some());
    assert_eq!(reply.reason(), "This survey is not open yet; your answers are kept and will be sent again.");
    let mut french: partnerscope_core::Response = partnerscope_core::Response::from_json(&batch[0].1).unwrap();
    french.lang = "fr".into();
    assert!(client.post(&french.to_json(), &batch[0].0).unwrap().reason().contains("pas encore ouvert"));
    let auth = format!("Bearer {TOKEN}");
    let upload = |client: &mut support::Client, body: &[u8], auth: Option<&str>| {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(auth) = auth {
            headers.push(("Authorization", auth));
        }
        client.request("POST", "/v1/instruments", &headers, body).unwrap()
    };
    assert_eq!(upload(&mut client, CUSTOM.as_bytes(), None).status, 401);
    assert_eq!(upload(&mut client, CUSTOM.as_bytes(), Some("Bearer wrong-token")).status, 401);
    let reply = upload(&mut client, CUSTOM.as_bytes(), Some(&auth));
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(upload(&mut client, CUSTOM.as_bytes(), Some(&auth)).status, 200, "the same again is a repeat");
    // Taken from the next request on, with no restart.
    for (id, body) in &batch[..2] {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    assert!(collector.log_text().contains("kept waiting (503)"), "{}", collector.log_text());
    // Hostile and broken uploads: every problem listed, nothing registered.
    let changed = CUSTOM.replacen("Acme network pulse", "Acme network pulse, again", 1);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", b"<xml/>".to_vec(), 422, "not a valid questionnaire"),
        ("empty", Vec::new(), 422, "not a valid questionnaire"),
        ("not UTF-8", vec![b'{', 0xff, b'}'], 400, "UTF-8"),
        ("nested deep", format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes(), 422, "not a valid"),
        ("two problems", br#"{"schema":1,"id":"","version":""}"#.to_vec(), 422, "problems"),
        ("a built-in id", include_bytes!("../../core/instruments/demo.json").to_vec(), 409, "built-in"),
        ("another text under the same id and version", changed.into_bytes(), 409, "new version"),
    ];
    for (what, body, status, says) in &cases {
        let reply = upload(&mut client, body, Some(&auth));
        assert_eq!(reply.status, *status, "{what}: {}", reply.text());
        assert!(reply.reason().contains(says), "{what}: {}", reply.reason());
    }
    // Over 1 MB: refused by its declared length before a byte of the body is read. Sent as a
    // head alone, on a connection of its own: a client that writes the whole megabyte may find
    // the connection closed under its write (the refusal is already on its way), and the test
    // would then depend on which of the two the kernel delivers first.
    let head = format!(
        "POST /v1/instruments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: {auth}\r\nContent-Length: {}\r\n\r\n",
        (1 << 20) + 1
    );
    let reply = collector.client().raw(head.as_bytes()).unwrap();
    assert_eq!(reply.status, 413, "over 1 MB: {}", reply.text());
    assert!(reply.reason().contains("limit"), "over 1 MB: {}", reply.reason());
    // (A body refused by its declared length ends that connection.)
    let reply = collector
        .client()
        .request("POST", "/v1/instruments", &[("Content-Type", "text/plain"), ("Authorization", &auth)], b"{}")
        .unwrap();
    assert_eq!(reply.status, 415);
    // Kept in the store: after a restart it is still taken, and the export reads it as CSV.
    assert!(collector.terminate());
    let collector = start(&db, &dir);
    assert_eq!(collector.client().post(&batch[2].1, &batch[2].0).unwrap().status, 201);
    assert_eq!(rows(&db), 3);
    let csv = collector
        .client()
        .get(&format!("/v1/responses.csv?instrument={}", instrument.id()), &[("Authorization", &auth)])
        .unwrap();
    assert_eq!(csv.status, 200, "{}", csv.text());
    assert_eq!(csv.text().lines().count(), 4);
    let out = std::process::Command::new(support::BINARY)
        .args(["export", "--data", db.to_str().unwrap(), "--format", "csv", "--instrument", instrument.id()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, csv.body);
}
