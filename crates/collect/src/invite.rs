//! Invitations: the codes a facilitator hands out, one per respondent, each accepted once.
//!
//! A code is sixteen symbols of Crockford's base 32 (digits and capital letters without I, L, O
//! and U, so nothing reads as something else), shown in four groups of four:
//! `K3M-…` → `K3MQ-8R2X-D4FA-NW7T`. Read in any case, with or without the hyphens and spaces;
//! `O` is read as `0`, `I` and `L` as `1`.
//!
//! - symbols 1–3: the *batch*, drawn at random when the codes are made; the batch names the
//!   questionnaire, the round and the group, so the response a code admits takes them from it;
//! - symbols 4–14: the secret, 55 random bits;
//! - symbols 15–16: a check value, the sum of every symbol before it weighted by its place
//!   (1, 2, … 14), modulo 1,021. Any one symbol typed wrong and any two swapped are found (the
//!   weights differ by less than 1,021, a prime, and so does any change of a symbol), and a
//!   random mistake gets through once in 1,021 times; a mistyped code is refused with "check
//!   the code" before the store is asked, and uses nothing.
//!
//! The store never holds a code: only the HMAC-SHA256 of its sixteen symbols under a key kept
//! in a file of its own (not in the database), and only while the code is unused. Using a code
//! deletes its hash in the transaction that stores the response, so the database keeps no trace
//! of which code was used by which response (see `store.rs` and docs/collector.md).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The 32 symbols, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols naming the batch.
pub const BATCH_LEN: usize = 3;
const SECRET_LEN: usize = 11;
const DATA_LEN: usize = BATCH_LEN + SECRET_LEN;
/// Symbols in a code.
pub const CODE_LEN: usize = DATA_LEN + 2;
const PRIME: u32 = 1_021;
/// The header the widget sends a code in.
pub const HEADER: &str = "partnerscope-invitation";
/// Most codes made at once.
pub const MAX_COUNT: usize = 10_000;

/// A well-formed code (its check value right), as its sixteen symbols.
#[derive(Clone, PartialEq, Eq)]
pub struct Code {
    symbols: String,
}

impl std::fmt::Debug for Code {
    // Never printed whole, even in a test's failure: a code is a ballot.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({}-…)", self.batch())
    }
}

fn value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET.iter().position(|a| char::from(*a) == c).and_then(|p| u8::try_from(p).ok())
}

fn check_value(values: &[u8]) -> u32 {
    values.iter().zip(1u32..).map(|(v, weight)| weight * u32::from(*v)).sum::<u32>() % PRIME
}

fn symbol(v: u32) -> char {
    char::from(ALPHABET[(v % 32) as usize])
}

impl Code {
    /// Reads a code as typed; `None` when it is not one (wrong length, a symbol outside the
    /// alphabet, a check value that does not match): then the respondent is asked to check it.
    pub fn parse(typed: &str) -> Option<Code> {
        let mut values = Vec::with_capacity(CODE_LEN);
        for c in typed.chars() {
            if c == '-' || c == ' ' {
                continue;
            }
            values.push(value(c)?);
            if values.len() > CODE_LEN {
                return None;
            }
        }
        if values.len() != CODE_LEN {
            return None;
        }
        let given = u32::from(values[DATA_LEN]) * 32 + u32::from(values[DATA_LEN + 1]);
        if given != check_value(&values[..DATA_LEN]) {
            return None;
        }
        Some(Code { symbols: values.iter().map(|v| char::from(ALPHABET[usize::from(*v)])).collect() })
    }

    /// A new code of `batch` (three symbols) from `random` bytes.
    pub fn make(batch: &str, random: &[u8; SECRET_LEN]) -> Code {
        let mut values: Vec<u8> = batch.chars().filter_map(value).collect();
        debug_assert_eq!(values.len(), BATCH_LEN);
        values.extend(random.iter().map(|b| b % 32));
        let check = check_value(&values);
        let mut symbols: String = values.iter().map(|v| char::from(ALPHABET[usize::from(*v)])).collect();
        symbols.push(symbol(check / 32));
        symbols.push(symbol(check));
        Code { symbols }
    }

    /// The batch it belongs to (its first three symbols).
    pub fn batch(&self) -> &str {
        &self.symbols[..BATCH_LEN]
    }

    /// As handed out: four groups of four.
    pub fn shown(&self) -> String {
        let chars: Vec<char> = self.symbols.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }

    /// Its keyed hash, the only form the store keeps (while it is unused).
    pub fn hash(&self, key: &Key) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key.0).expect("HMAC takes any key");
        mac.update(self.symbols.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// `n` random bytes from the system's generator.
pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the system's random generator works");
    bytes
}

/// A new batch name: three random symbols.
pub fn new_batch() -> String {
    random::<BATCH_LEN>().iter().map(|b| char::from(ALPHABET[usize::from(b % 32)])).collect()
}

/// A new code of `batch`.
pub fn new_code(batch: &str) -> Code {
    Code::make(batch, &random())
}

/// The key of the codes' hashes: 32 random bytes, kept in a file beside the database (never in
/// it), written once, readable by its owner only.
#[derive(Clone)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

/// Where the key lives when not named: beside the database, `<data>.invitation-key`.
pub fn default_key_path(data: &Path) -> PathBuf {
    let mut name = data.as_os_str().to_owned();
    name.push(".invitation-key");
    PathBuf::from(name)
}

impl Key {
    /// Reads the key at `path`, or makes it there when there is none.
    pub fn load_or_create(path: &Path) -> Result<Key, String> {
        let shown = crate::log::escape(&path.display().to_string());
        if !path.exists() {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut file) => {
                    let hex: String = random::<32>().iter().map(|b| format!("{b:02x}")).collect();
                    file.write_all(format!("{hex}\n").as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|e| format!("{shown}: the invitations' key cannot be written ({e})"))?;
                }
                // Another process made it meanwhile: read theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(format!("{shown}: the invitations' key cannot be made ({e})")),
            }
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{shown}: the invitations' key cannot be read ({e})"))?;
        let text = text.trim();
        let bytes: Option<Vec<u8>> = (text.len() == 64)
            .then(|| (0..32).map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()).collect())
            .flatten();
        match bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(key) => Ok(Key(key)),
            None => Err(format!(
                "{shown}: this is not an invitations' key (64 hexadecimal digits); the codes made with it cannot be checked without it"
            )),
        }
    }
}

/// Why a code did not admit a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The questionnaire takes responses by invitation only, and none came.
    Missing,
    /// Not a code (a typo): nothing was used.
    Mistyped,
    /// A code of this collector that was used already.
    Used,
    /// Well formed, but no invitation of this collector (never made, or made by another).
    Unknown,
    /// A code for another questionnaire.
    OtherSurvey,
}

impl Problem {
    /// The name in a refusal's `invitation` member, for a page that words it itself.
    pub fn name(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Mistyped => "mistyped",
            Problem::Used => "used",
            Problem::Unknown => "unknown",
            Problem::OtherSurvey => "other-survey",
        }
    }

    /// The refusal's `code`: `invitation-` and the name.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "invitation-missing",
            Problem::Mistyped => "invitation-mistyped",
            Problem::Used => "invitation-used",
            Problem::Unknown => "invitation-unknown",
            Problem::OtherSurvey => "invitation-other-survey",
        }
    }

    /// What the respondent reads, in the response's language when the widget speaks it
    /// (English, French, Spanish, Arabic, Portuguese), else in English.
    pub fn words(self, lang: &str) -> &'static str {
        let lang = lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match (lang.as_str(), self) {
            ("fr", Problem::Missing) => {
                "Ce questionnaire se remplit sur invitation : ouvrez-le depuis le lien reçu, ou saisissez votre code d’invitation."
            }
            ("fr", Problem::Mistyped) => {
                "Ce code d’invitation n’est pas juste : vérifiez le code (16 lettres et chiffres, comme dans l’invitation)."
            }
            ("fr", Problem::Used) => {
                "Ce code d’invitation a déjà servi ; chaque code n’est accepté qu’une fois. Si vous n’avez pas encore répondu, demandez un nouveau code à la personne qui vous l’a envoyé."
            }
            ("fr", Problem::Unknown) => {
                "Ce code n’est pas une invitation à ce questionnaire : vérifiez le code, ou demandez-en un nouveau."
            }
            ("fr", Problem::OtherSurvey) => {
                "Ce code d’invitation est pour un autre questionnaire : ouvrez le lien reçu avec ce code."
            }
            ("es", Problem::Missing) => {
                "Este cuestionario se responde por invitación: ábralo desde el enlace recibido o escriba su código de invitación."
            }
            ("es", Problem::Mistyped) => {
                "Este código de invitación no es correcto: revise el código (16 letras y cifras, como en la invitación)."
            }
            ("es", Problem::Used) => {
                "Este código de invitación ya se usó; cada código se acepta una sola vez. Si aún no ha respondido, pida un código nuevo a quien se lo envió."
            }
            ("es", Problem::Unknown) => {
                "Este código no es una invitación a este cuestionario: revise el código o pida uno nuevo."
            }
            ("es", Problem::OtherSurvey) => {
                "Este código de invitación es para otro cuestionario: abra el enlace que recibió con este código."
            }
            ("ar", Problem::Missing) => {
                "يُجاب عن هذا الاستبيان بدعوة: يُرجى فتحه من الرابط الذي وصلك، أو كتابة رمز الدعوة."
            }
            ("ar", Problem::Mistyped) => {
                "رمز الدعوة هذا غير صحيح: يُرجى التحقق من الرمز (16 حرفًا ورقمًا، كما في الدعوة)."
            }
            ("ar", Problem::Used) => {
                "رمز الدعوة هذا استُخدم من قبل؛ ولا يُقبل كل رمز إلا مرة واحدة. إذا لم يسبق لك أن أجبت، فيُرجى طلب رمز جديد ممن أرسله إليك."
            }
            ("ar", Problem::Unknown) => "هذا الرمز ليس دعوة إلى هذا الاستبيان: يُرجى التحقق من الرمز، أو طلب رمز جديد.",
            ("ar", Problem::OtherSurvey) => "رمز الدعوة هذا لاستبيان آخر: يُرجى فتح الرابط الذي وصلك مع هذا الرمز.",
            ("pt", Problem::Missing) => {
                "Este questionário é respondido por convite: abra-o a partir do link que recebeu, ou escreva o seu código de convite."
            }
            ("pt", Problem::Mistyped) => {
                "Este código de convite não está certo: verifique o código (16 letras e algarismos, como no convite)."
            }
            ("pt", Problem::Used) => {
                "Este código de convite já foi usado; cada código só vale uma vez. Se ainda não respondeu, peça um código novo a quem o enviou."
            }
            ("pt", Problem::Unknown) => {
                "Este código não é um convite para este questionário: verifique o código ou peça um novo."
            }
            ("pt", Problem::OtherSurvey) => {
                "Este código de convite é para outro questionário: abra o link que recebeu com este código."
            }
            (_, Problem::Missing) => {
                "This survey is answered by invitation: open it from the link you were sent, or type your invitation code."
            }
            (_, Problem::Mistyped) => {
                "This invitation code is not right: check the code (16 letters and digits, as in the invitation)."
            }
            (_, Problem::Used) => {
                "This invitation code has already been used; each code is accepted once. If you have not answered yet, ask the person who sent it for a new one."
            }
            (_, Problem::Unknown) => {
                "This code is not an invitation to this survey: check the code, or ask for a new one."
            }
            (_, Problem::OtherSurvey) => {
                "This invitation code is for another survey: open the link you were sent with this code."
            }
        }
    }

    /// The HTTP status: `400` for a code mistyped (the request is wrong as sent), `403` for the
    /// rest (understood, and not allowed).
    pub fn status(self) -> u16 {
        match self {
            Problem::Mistyped => 400,
            _ => 403,
        }
    }
}

/// A facilitator's request for codes: the same from the command line and over HTTP.
#[derive(Clone, Debug)]
pub struct Request {
    pub instrument: String,
    pub group: String,
    pub round: String,
    pub count: usize,
    /// The survey's address; each code's line then has the link that opens it with the code.
    pub link: Option<String>,
}

impl Request {
    /// Every problem with the request against `instrument` (the core's rules for a group and a
    /// round), or none.
    pub fn check(&self, instrument: &partnerscope_core::Instrument) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let known: Vec<String> = instrument.doc().groups.iter().map(|g| g.id.clone()).collect();
        if known.is_empty() && !self.group.is_empty() {
            problems.push(format!(
                "\"{}\" asks no group, so its invitations carry none: leave the group out",
                instrument.id()
            ));
        } else if !known.is_empty() && instrument.group_idx(&self.group).is_none() {
            problems.push(if self.group.is_empty() {
                format!("say which group the codes are for: one of {}", known.join(", "))
            } else {
                format!(
                    "\"{}\" is not a group of \"{}\"; its groups are {}",
                    crate::log::escape(&self.group),
                    instrument.id(),
                    known.join(", ")
                )
            });
        }
        if !partnerscope_core::response::valid_round(&self.round) {
            problems.push(format!("the round: {}", partnerscope_core::response::ROUND_RULE));
        }
        if self.count == 0 || self.count > MAX_COUNT {
            problems.push(format!("the count of codes is 1 to {MAX_COUNT} at a time, not {}", self.count));
        }
        if let Some(link) = &self.link {
            let usable = (link.starts_with("https://") || link.starts_with("http://"))
                && !link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"');
            if !usable {
                problems.push(format!(
                    "the link is the survey's address, http:// or https://, with no spaces, not \"{}\"",
                    crate::log::escape(link)
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Makes the codes (one new batch) and gives them as CSV: `instrument,round,group,code`
    /// and `link` when asked, one code a line, every cell formula-safe.
    pub async fn make(&self, data: &crate::data::Data, key: &Key) -> Result<String, String> {
        let codes = data.issue(key, &self.instrument, &self.round, &self.group, self.count).await?;
        let cell = partnerscope_core::csv::cell;
        let mut csv = String::from(if self.link.is_some() {
            "instrument,round,group,code,link\r\n"
        } else {
            "instrument,round,group,code\r\n"
        });
        for code in codes {
            let shown = code.shown();
            csv.push_str(&format!("{},{},{},{shown}", cell(&self.instrument), cell(&self.round), cell(&self.group)));
            if let Some(link) = &self.link {
                let joiner = if link.contains('#') { '&' } else { '#' };
                csv.push_str(&format!(",{}", cell(&format!("{link}{joiner}invite={shown}"))));
            }
            csv.push_str("\r\n");
        }
        Ok(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_in_any_case_with_or_without_hyphens() {
        let code = Code::make("K3M", &[7, 200, 31, 0, 255, 64, 99, 12, 5, 18, 250]);
        let shown = code.shown();
        assert_eq!(shown.len(), 19);
        assert_eq!(Code::parse(&shown), Some(code.clone()));
        assert_eq!(Code::parse(&shown.to_lowercase()), Some(code.clone()));
        assert_eq!(Code::parse(&shown.replace('-', " ")), Some(code.clone()));
        assert_eq!(Code::parse(&shown.replace('-', "")), Some(code.clone()));
        assert_eq!(code.batch(), "K3M");
    }

    #[test]
    fn every_single_typo_and_every_swap_is_found() {
        for seed in 0..50u8 {
            let random: [u8; SECRET_LEN] = std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 17));
            let code = Code::make("7QX", &random);
            let symbols: Vec<char> = code.symbols.chars().collect();
            for place in 0..CODE_LEN {
                for other in ALPHABET.iter().map(|a| char::from(*a)) {
                    if other == symbols[place] {
                        continue;
                    }
                    let mut typed = symbols.clone();
                    typed[place] = other;
                    let typed: String = typed.into_iter().collect();
                    assert_eq!(Code::parse(&typed), None, "{typed}");
                }
                for second in place + 1..CODE_LEN {
                    if symbols[place] == symbols[second] {
                        continue;
                    }
                    let mut typed = symbols.clone();
                    typed.swap(place, second);
                    let typed: String = typed.into_iter().collect();
                    assert_eq!(Code::parse(&typed), None, "{typed}");
                }
            }
            let short: String = symbols[..CODE_LEN - 1].iter().collect();
            assert_eq!(Code::parse(&short), None);
            assert_eq!(Code::parse(&format!("{}0", code.symbols)), None);
            assert!(Code::parse(&code.symbols.replace('0', "O")).is_some());
        }
        assert_eq!(Code::parse(""), None);
        assert_eq!(Code::parse("ÉÉÉÉ-ÉÉÉÉ-ÉÉÉÉ-ÉÉÉÉ"), None);
        assert_eq!(Code::parse(&"A".repeat(100_000)), None);
    }

    #[test]
    fn the_hash_depends_on_the_key() {
        let code = new_code(&new_batch());
        let (a, b) = (Key(random()), Key(random()));
        assert_ne!(code.hash(&a), code.hash(&b));
        assert_eq!(code.hash(&a), code.hash(&a));
        assert!(!format!("{code:?}").contains(&code.symbols[4..]), "never printed whole");
    }
}
