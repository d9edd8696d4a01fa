//! Telegram identity: the Mini App's init data checked exactly as Telegram specifies, and the short-lived
//! session a checked user is given in exchange.
//!
//! Telegram hands a Mini App `Telegram.WebApp.initData`, a query string such as
//! `query_id=…&user=%7B…%7D&auth_date=1750000000&hash=…`, signed with the bot's token
//! (<https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app>):
//!
//! - the fields are decoded the way `URLSearchParams` decodes them (`+` is a space, `%XX` a byte, UTF-8);
//! - the data-check string is every field but `hash`, as `key=value` with the decoded value, sorted by key,
//!   joined with `\n`;
//! - `secret_key = HMAC-SHA256(key = "WebAppData", message = bot_token)`;
//! - the data is genuine when `hash` is the hex of `HMAC-SHA256(key = secret_key, message = data_check_string)`.
//!
//! On top of the signature this module refuses what the signature alone would let through or what makes
//! the data ambiguous: a key sent twice, a hash that is not 64 hex digits, bytes that do not decode, and an
//! `auth_date` that is older than the configured maximum age or later than now plus a small clock skew.
//!
//! The session is a stateless token: `base64url(claims JSON) "." base64url(HMAC-SHA256(session_key, …))`.
//! The session key is derived from the bot token (`HMAC-SHA256(key = "HaatTelegramSession", message =
//! bot_token)`), so every server process configured with the same bot token can verify any session without
//! shared state, and replacing the bot token ends every session. Nothing about a session is stored.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How old init data may be by default: 24 hours.
pub const DEFAULT_MAX_AGE_SECS: u64 = 24 * 60 * 60;
/// How far in the future `auth_date` may be (the clocks of Telegram and this server differ a little).
pub const CLOCK_SKEW_SECS: i64 = 60;
/// How long a session lasts: one hour.
pub const SESSION_TTL_MS: i64 = 60 * 60 * 1000;

/// The key Telegram derives the secret key with.
const WEB_APP_DATA: &[u8] = b"WebAppData";
/// The key this server derives its session key with; distinct from Telegram's, so the two never coincide.
const SESSION_KEY_LABEL: &[u8] = b"HaatTelegramSession";
/// Which token format a session token is; bumped when the claims change shape.
const SESSION_VERSION: u32 = 1;
/// Longest init data accepted (Telegram's are well under 2 KiB).
const MAX_INIT_DATA_LEN: usize = 8 * 1024;

/// Why init data was refused. Every variant but [`InitDataError::Stale`] means "not genuine or not
/// readable"; `Stale` means genuine but too old, so the app should reopen from Telegram.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum InitDataError {
    #[error("The Telegram init data is empty or longer than {MAX_INIT_DATA_LEN} bytes.")]
    Size,
    #[error("The Telegram init data is not a valid query string: {0}.")]
    Undecodable(&'static str),
    #[error("The Telegram init data has the field `{0}` more than once.")]
    DuplicateKey(String),
    #[error("The Telegram init data has no `hash`.")]
    MissingHash,
    #[error("The Telegram init data's `hash` is not 64 hexadecimal digits.")]
    MalformedHash,
    #[error(
        "The Telegram init data's signature does not match: it was not signed by this shop's bot, or it was changed."
    )]
    HashMismatch,
    #[error("The Telegram init data has no `auth_date`.")]
    MissingAuthDate,
    #[error("The Telegram init data's `auth_date` is not a Unix time in seconds.")]
    InvalidAuthDate,
    #[error("The Telegram init data is dated in the future.")]
    FromTheFuture,
    #[error(
        "The Telegram init data is {age_secs} seconds old; at most {max_age_secs} are accepted. Reopen the shop from Telegram."
    )]
    Stale { age_secs: i64, max_age_secs: u64 },
    #[error("The Telegram init data carries no `user`.")]
    MissingUser,
    #[error("The Telegram init data's `user` is not a Telegram user: {0}")]
    InvalidUser(String),
}

/// A Telegram user as the init data describes them: the wire contract's type, whose fields are Telegram's own
/// names (the others Telegram sends are ignored).
pub use haat_api::TelegramUser;

/// Init data whose signature and age were checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitData {
    /// Unix time in seconds when Telegram signed it.
    pub auth_date: i64,
    pub user: Option<TelegramUser>,
    /// Every field but `hash`, decoded, sorted by key.
    pub fields: Vec<(String, String)>,
}

impl InitData {
    /// The user, which a session needs.
    pub fn into_user(self) -> Result<TelegramUser, InitDataError> {
        self.user.ok_or(InitDataError::MissingUser)
    }
}

/// Checks init data against one bot token; holds only keys derived from the token, never the token.
#[derive(Clone)]
pub struct Verifier {
    secret_key: [u8; 32],
    max_age_secs: u64,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("max_age_secs", &self.max_age_secs)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    pub fn new(bot_token: &str, max_age_secs: u64) -> Self {
        Self {
            secret_key: hmac_sha256(WEB_APP_DATA, bot_token.as_bytes()),
            max_age_secs,
        }
    }

    /// Checks `raw` (exactly as `Telegram.WebApp.initData` holds it) at `now_secs` (Unix seconds): the
    /// signature first, then the age, then the user's shape.
    pub fn verify(&self, raw: &str, now_secs: i64) -> Result<InitData, InitDataError> {
        if raw.is_empty() || raw.len() > MAX_INIT_DATA_LEN {
            return Err(InitDataError::Size);
        }
        let mut fields = parse_query(raw)?;
        let hash_at = fields
            .iter()
            .position(|(key, _)| key == "hash")
            .ok_or(InitDataError::MissingHash)?;
        let (_, hash) = fields.remove(hash_at);
        let hash = decode_hash(&hash)?;
        fields.sort_unstable_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
        let mut mac = HmacSha256::new_from_slice(&self.secret_key).expect("HMAC takes any key");
        mac.update(data_check_string(&fields).as_bytes());
        // `verify_slice` compares in constant time.
        mac.verify_slice(&hash)
            .map_err(|_| InitDataError::HashMismatch)?;

        let auth_date = field(&fields, "auth_date").ok_or(InitDataError::MissingAuthDate)?;
        let auth_date = parse_unix_secs(auth_date).ok_or(InitDataError::InvalidAuthDate)?;
        if auth_date > now_secs.saturating_add(CLOCK_SKEW_SECS) {
            return Err(InitDataError::FromTheFuture);
        }
        let age_secs = now_secs.saturating_sub(auth_date);
        if u64::try_from(age_secs).is_ok_and(|age| age > self.max_age_secs) {
            return Err(InitDataError::Stale {
                age_secs,
                max_age_secs: self.max_age_secs,
            });
        }
        let user = field(&fields, "user")
            .map(|json| {
                serde_json::from_str::<TelegramUser>(json)
                    .map_err(|error| InitDataError::InvalidUser(error.to_string()))
            })
            .transpose()?;
        Ok(InitData {
            auth_date,
            user,
            fields,
        })
    }
}

/// The data-check string: `key=value` lines of the (already sorted) fields, joined with `\n`.
fn data_check_string(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn field<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// `hash` as 32 bytes; anything but 64 hex digits is malformed.
fn decode_hash(hash: &str) -> Result<[u8; 32], InitDataError> {
    let mut bytes = [0_u8; 32];
    hex::decode_to_slice(hash, &mut bytes).map_err(|_| InitDataError::MalformedHash)?;
    Ok(bytes)
}

/// Decimal digits only (no sign, no spaces), as Telegram sends them.
fn parse_unix_secs(text: &str) -> Option<i64> {
    let digits = !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// Splits a query string into decoded `(key, value)` pairs the way `URLSearchParams` does (`&` separates,
/// the first `=` splits, `+` is a space, `%XX` a byte, the bytes UTF-8), but strictly: a `%` without two
/// hex digits, bytes that are not UTF-8, an empty key and a repeated key are refused rather than guessed at.
fn parse_query(raw: &str) -> Result<Vec<(String, String)>, InitDataError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for pair in raw.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = form_decode(key)?;
        if key.is_empty() {
            return Err(InitDataError::Undecodable("a field has no name"));
        }
        if fields.iter().any(|(seen, _)| *seen == key) {
            return Err(InitDataError::DuplicateKey(key));
        }
        fields.push((key, form_decode(value)?));
    }
    Ok(fields)
}

/// One `application/x-www-form-urlencoded` component, decoded.
fn form_decode(text: &str) -> Result<String, InitDataError> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = input.next().and_then(hex_value);
                let low = input.next().and_then(hex_value);
                match (high, low) {
                    (Some(high), Some(low)) => bytes.push(high << 4 | low),
                    _ => {
                        return Err(InitDataError::Undecodable(
                            "a `%` is not followed by two hex digits",
                        ));
                    }
                }
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| InitDataError::Undecodable("a value is not UTF-8"))
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

// ---------------------------------------------------------------------------------------------------------
// Sessions.

/// Why a session token was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("This needs a Telegram session token as `Authorization: Bearer <token>`.")]
    Missing,
    #[error("The Telegram session token is malformed.")]
    Malformed,
    #[error("The Telegram session token's signature does not match.")]
    BadSignature,
    #[error("The Telegram session is for another shop.")]
    OtherStore,
    #[error("The Telegram session has expired.")]
    Expired,
}

/// What a session token says: who, for which shop, until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(rename = "v")]
    version: u32,
    pub store: String,
    pub user: TelegramUser,
    /// Milliseconds since the Unix epoch, UTC.
    pub expires_at_ms: i64,
}

/// Issues and verifies session tokens for one bot token.
#[derive(Clone)]
pub struct SessionKey([u8; 32]);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey(..)")
    }
}

impl SessionKey {
    pub fn derive(bot_token: &str) -> Self {
        Self(hmac_sha256(SESSION_KEY_LABEL, bot_token.as_bytes()))
    }

    /// A session for `user` in `store`, valid for [`SESSION_TTL_MS`] from `now_ms`, and its token.
    pub fn issue(&self, store: &str, user: TelegramUser, now_ms: i64) -> (Session, String) {
        let session = Session {
            version: SESSION_VERSION,
            store: store.to_owned(),
            user,
            expires_at_ms: now_ms.saturating_add(SESSION_TTL_MS),
        };
        let claims = URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(&session).expect("a session serialises to JSON"));
        let signature = URL_SAFE_NO_PAD.encode(self.sign(&claims));
        (session, format!("{claims}.{signature}"))
    }

    /// The session `token` carries, if this key signed it for `store` and it has not expired at `now_ms`.
    pub fn verify(&self, token: &str, store: &str, now_ms: i64) -> Result<Session, SessionError> {
        let (claims, signature) = token.split_once('.').ok_or(SessionError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .filter(|signature| signature.len() == 32)
            .ok_or(SessionError::Malformed)?;
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key");
        mac.update(claims.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| SessionError::BadSignature)?;
        let session: Session = URL_SAFE_NO_PAD
            .decode(claims)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .filter(|session: &Session| session.version == SESSION_VERSION)
            .ok_or(SessionError::Malformed)?;
        if session.store != store {
            return Err(SessionError::OtherStore);
        }
        if now_ms >= session.expires_at_ms {
            return Err(SessionError::Expired);
        }
        Ok(session)
    }

    fn sign(&self, claims: &str) -> [u8; 32] {
        hmac_sha256(&self.0, claims.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOT_TOKEN: &str = "123456789:AAH-test_token_for_haat_unit_tests";
    const NOW: i64 = 1_750_000_000;

    /// A signer written straight from Telegram's description, apart from the verifier: percent-encode every
    /// byte that is not unreserved (as `encodeURIComponent` does), sign the sorted decoded pairs.
    fn sign(bot_token: &str, fields: &[(&str, &str)]) -> String {
        let mut sorted: Vec<&(&str, &str)> = fields.iter().collect();
        sorted.sort_by_key(|(key, _)| *key);
        let check: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut secret = HmacSha256::new_from_slice(b"WebAppData").expect("key");
        secret.update(bot_token.as_bytes());
        let secret = secret.finalize().into_bytes();
        let mut mac = HmacSha256::new_from_slice(&secret).expect("key");
        mac.update(check.join("\n").as_bytes());
        let hash = hex::encode(mac.finalize().into_bytes());
        let mut query: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        query.push(format!("hash={hash}"));
        query.join("&")
    }

    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    const USER: &str = r#"{"id":279058397,"first_name":"आशा 🛒","last_name":"Rao & Sons = best","username":"asha_rao","language_code":"hi","is_premium":true,"photo_url":"https:\/\/t.me\/i\/userpic\/320\/asha.svg"}"#;

    fn fields(auth_date: &str) -> Vec<(&'static str, String)> {
        vec![
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc".to_owned()),
            ("user", USER.to_owned()),
            ("auth_date", auth_date.to_owned()),
            ("start_param", "a=b&c=d+e".to_owned()),
            ("chat_type", "sender".to_owned()),
        ]
    }

    fn signed(auth_date: &str) -> String {
        let fields = fields(auth_date);
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sign(BOT_TOKEN, &borrowed)
    }

    fn verifier() -> Verifier {
        Verifier::new(BOT_TOKEN, DEFAULT_MAX_AGE_SECS)
    }

    #[test]
    fn genuine_init_data_is_accepted_with_its_user() {
        let data = verifier()
            .verify(&signed("1749999000"), NOW)
            .expect("genuine");
        assert_eq!(data.auth_date, 1_749_999_000);
        let user = data.clone().into_user().expect("a user");
        assert_eq!(user.id, 279_058_397);
        assert_eq!(user.first_name, "आशा 🛒");
        assert_eq!(user.last_name.as_deref(), Some("Rao & Sons = best"));
        assert_eq!(user.username.as_deref(), Some("asha_rao"));
        assert_eq!(user.language_code.as_deref(), Some("hi"));
        assert_eq!(field(&data.fields, "start_param"), Some("a=b&c=d+e"));
        // The escaped slashes are signed as sent: the check string keeps `\/`, the JSON reads it as `/`.
        assert!(field(&data.fields, "user").is_some_and(|json| json.contains(r"https:\/\/t.me")));
        let keys: Vec<&str> = data.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["auth_date", "chat_type", "query_id", "start_param", "user"]
        );
    }

    /// Computed once, outside this code, by a short Python script (`hmac`, `hashlib`, `urllib.parse.quote`)
    /// from the published algorithm, for the bot token below.
    const FIXED_BOT_TOKEN: &str = "7000000001:AAHaat-fixed_vector_TOKEN";
    const FIXED_INIT_DATA: &str = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22%E0%A4%86%E0%A4%B6%E0%A4%BE%20%F0%9F%9B%92%22%2C%22last_name%22%3A%22Rao%20%26%20Sons%20%3D%20best%22%2C%22username%22%3A%22asha_rao%22%2C%22language_code%22%3A%22hi%22%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2Fasha.svg%22%7D&auth_date=1750000000&start_param=a%3Db%26c&hash=0dc791d548907d1acc25022b477e45d70204c7ee465adae503c17eca44da646d";
    /// The same fields form-encoded (spaces as `+`), same hash: both spellings decode to the same values.
    const FIXED_INIT_DATA_PLUS: &str = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22%E0%A4%86%E0%A4%B6%E0%A4%BE+%F0%9F%9B%92%22%2C%22last_name%22%3A%22Rao+%26+Sons+%3D+best%22%2C%22username%22%3A%22asha_rao%22%2C%22language_code%22%3A%22hi%22%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2Fasha.svg%22%7D&auth_date=1750000000&start_param=a%3Db%26c&hash=0dc791d548907d1acc25022b477e45d70204c7ee465adae503c17eca44da646d";

    #[test]
    fn a_vector_computed_independently_is_accepted() {
        let fixed = Verifier::new(FIXED_BOT_TOKEN, DEFAULT_MAX_AGE_SECS);
        for raw in [FIXED_INIT_DATA, FIXED_INIT_DATA_PLUS] {
            let user = fixed
                .verify(raw, 1_750_000_100)
                .and_then(InitData::into_user)
                .expect("the Python-signed vector");
            assert_eq!(user.first_name, "आशा 🛒");
            assert_eq!(user.last_name.as_deref(), Some("Rao & Sons = best"));
        }
        // The same data with another bot's token is not genuine.
        assert_eq!(
            verifier().verify(FIXED_INIT_DATA, 1_750_000_100),
            Err(InitDataError::HashMismatch)
        );
        // A `+` read as a literal plus (not a space) is a different value: an encoded `%2B` fails.
        let plus_as_plus = FIXED_INIT_DATA_PLUS.replace("Rao+%26", "Rao%2B%26");
        assert_eq!(
            fixed.verify(&plus_as_plus, 1_750_000_100),
            Err(InitDataError::HashMismatch)
        );
    }

    #[test]
    fn a_forged_hash_is_refused() {
        let genuine = signed("1749999000");
        let (data, hash) = genuine.rsplit_once("hash=").expect("a hash");
        let mut forged = hash.to_owned().into_bytes();
        forged[0] = if forged[0] == b'0' { b'1' } else { b'0' };
        let forged = format!("{data}hash={}", String::from_utf8(forged).expect("hex"));
        assert_eq!(
            verifier().verify(&forged, NOW),
            Err(InitDataError::HashMismatch)
        );
        assert_eq!(
            Verifier::new("987654321:another-bot", DEFAULT_MAX_AGE_SECS).verify(&genuine, NOW),
            Err(InitDataError::HashMismatch),
            "signed by another bot"
        );
    }

    #[test]
    fn a_tampered_value_is_refused() {
        let genuine = signed("1749999000");
        for (from, to) in [
            ("279058397", "279058398"),                       // another user id
            ("auth_date=1749999000", "auth_date=1749999999"), // a fresher date
            ("chat_type=sender", "chat_type=private"),
        ] {
            assert!(genuine.contains(from), "{from}");
            let tampered = genuine.replace(from, to);
            assert_eq!(
                verifier().verify(&tampered, NOW),
                Err(InitDataError::HashMismatch),
                "{from} → {to}"
            );
        }
        // A field added to, or removed from, signed data.
        let added = format!("can_send_after=10&{genuine}");
        assert_eq!(
            verifier().verify(&added, NOW),
            Err(InitDataError::HashMismatch)
        );
        let removed = genuine.replace("chat_type=sender&", "");
        assert_eq!(
            verifier().verify(&removed, NOW),
            Err(InitDataError::HashMismatch)
        );
    }

    #[test]
    fn reordered_fields_still_verify_but_re_encoded_values_do_not() {
        // The order fields arrive in does not matter: the check string is sorted.
        let genuine = signed("1749999000");
        let mut pairs: Vec<&str> = genuine.split('&').collect();
        pairs.reverse();
        assert!(verifier().verify(&pairs.join("&"), NOW).is_ok());

        // Percent-encoding that decodes to the same value is the same data…
        let same = genuine.replace("query_id=AAHd", "query_id=%41AHd");
        assert!(verifier().verify(&same, NOW).is_ok());
        // …but a value whose decoding changes is not: `%2B` (a plus) where a `+` decoded to a space.
        let plus = sign(
            BOT_TOKEN,
            &[("auth_date", "1749999000"), ("start_param", "x y")],
        );
        assert!(plus.contains("start_param=x%20y"), "{plus}");
        assert!(
            verifier()
                .verify(&plus.replace("x%20y", "x+y"), NOW)
                .is_ok()
        );
        assert_eq!(
            verifier().verify(&plus.replace("x%20y", "x%2By"), NOW),
            Err(InitDataError::HashMismatch)
        );
        // An `&` or `=` inside a value sent raw instead of encoded splits the data differently.
        let raw_amp = genuine.replace("a%3Db%26c%3Dd%2Be", "a%3Db&c%3Dd%2Be");
        assert_ne!(raw_amp, genuine);
        assert_eq!(
            verifier().verify(&raw_amp, NOW),
            Err(InitDataError::HashMismatch)
        );
        // Signing the encoded text instead of the decoded values (a common mistake) does not verify.
        let fields = [("auth_date", "1749999000"), ("user", USER)];
        let wrongly = {
            let encoded: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), encode(v)))
                .collect();
            let borrowed: Vec<(&str, &str)> = encoded
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let signed = sign(BOT_TOKEN, &borrowed);
            let hash = signed.rsplit_once("hash=").expect("hash").1.to_owned();
            format!("auth_date=1749999000&user={}&hash={hash}", encode(USER))
        };
        assert_eq!(
            verifier().verify(&wrongly, NOW),
            Err(InitDataError::HashMismatch)
        );
    }

    #[test]
    fn stale_and_future_init_data_is_refused() {
        let day = i64::try_from(DEFAULT_MAX_AGE_SECS).expect("fits");
        let at_limit = (NOW - day).to_string();
        assert!(verifier().verify(&signed(&at_limit), NOW).is_ok());
        let stale = (NOW - day - 1).to_string();
        assert_eq!(
            verifier().verify(&signed(&stale), NOW),
            Err(InitDataError::Stale {
                age_secs: day + 1,
                max_age_secs: DEFAULT_MAX_AGE_SECS
            })
        );
        let strict = Verifier::new(BOT_TOKEN, 60);
        assert!(matches!(
            strict.verify(&signed("1749999000"), NOW),
            Err(InitDataError::Stale { .. })
        ));
        let skewed = (NOW + CLOCK_SKEW_SECS).to_string();
        assert!(verifier().verify(&signed(&skewed), NOW).is_ok());
        let future = (NOW + CLOCK_SKEW_SECS + 1).to_string();
        assert_eq!(
            verifier().verify(&signed(&future), NOW),
            Err(InitDataError::FromTheFuture)
        );
    }

    #[test]
    fn malformed_init_data_is_refused() {
        let genuine = signed("1749999000");
        let (data, hash) = genuine.rsplit_once("&hash=").expect("a hash");
        let cases: Vec<(String, InitDataError)> = vec![
            (String::new(), InitDataError::Size),
            ("x".repeat(MAX_INIT_DATA_LEN + 1), InitDataError::Size),
            (data.to_owned(), InitDataError::MissingHash),
            (format!("{data}&hash="), InitDataError::MalformedHash),
            (
                format!("{data}&hash={}", &hash[..62]),
                InitDataError::MalformedHash,
            ),
            (
                format!("{data}&hash={}zz", &hash[..62]),
                InitDataError::MalformedHash,
            ),
            (
                format!("{genuine}&hash={hash}"),
                InitDataError::DuplicateKey("hash".into()),
            ),
            (
                format!("auth_date=1&{genuine}"),
                InitDataError::DuplicateKey("auth_date".into()),
            ),
            // A repeated key spelled differently is still the same key once decoded.
            (
                format!("%61uth_date=1&{genuine}"),
                InitDataError::DuplicateKey("auth_date".into()),
            ),
            (
                format!("x=%E0%A4&{genuine}"),
                InitDataError::Undecodable("a value is not UTF-8"),
            ),
            (
                format!("x=100%&{genuine}"),
                InitDataError::Undecodable("a `%` is not followed by two hex digits"),
            ),
            (
                format!("=1&{genuine}"),
                InitDataError::Undecodable("a field has no name"),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(verifier().verify(&raw, NOW), Err(expected), "{raw:.80}");
        }
    }

    #[test]
    fn auth_date_and_user_must_be_present_and_well_formed() {
        let no_date = sign(BOT_TOKEN, &[("user", USER)]);
        assert_eq!(
            verifier().verify(&no_date, NOW),
            Err(InitDataError::MissingAuthDate)
        );
        for bad in [
            "",
            "-5",
            "+1749999000",
            "1749999000.5",
            "soon",
            "99999999999999",
        ] {
            let raw = sign(BOT_TOKEN, &[("auth_date", bad), ("user", USER)]);
            assert_eq!(
                verifier().verify(&raw, NOW),
                Err(InitDataError::InvalidAuthDate),
                "{bad:?}"
            );
        }
        let no_user = sign(BOT_TOKEN, &[("auth_date", "1749999000")]);
        let data = verifier().verify(&no_user, NOW).expect("genuine");
        assert_eq!(data.into_user(), Err(InitDataError::MissingUser));
        for bad in [
            r#"{"first_name":"A"}"#,
            r#"{"id":"7","first_name":"A"}"#,
            "not json",
        ] {
            let raw = sign(BOT_TOKEN, &[("auth_date", "1749999000"), ("user", bad)]);
            assert!(
                matches!(
                    verifier().verify(&raw, NOW),
                    Err(InitDataError::InvalidUser(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_verifier_does_not_show_the_token() {
        let shown = format!("{:?} {:?}", verifier(), SessionKey::derive(BOT_TOKEN));
        assert!(!shown.contains("AAH"), "{shown}");
    }

    fn asha() -> TelegramUser {
        TelegramUser {
            id: 279_058_397,
            first_name: "आशा".into(),
            last_name: None,
            username: Some("asha_rao".into()),
            language_code: Some("hi".into()),
        }
    }

    #[test]
    fn sessions_verify_for_their_shop_until_they_expire() {
        let key = SessionKey::derive(BOT_TOKEN);
        let now_ms = NOW * 1000;
        let (session, token) = key.issue("demo", asha(), now_ms);
        assert_eq!(session.expires_at_ms, now_ms + SESSION_TTL_MS);
        assert_eq!(key.verify(&token, "demo", now_ms + 1), Ok(session.clone()));
        assert_eq!(
            SessionKey::derive(BOT_TOKEN).verify(&token, "demo", now_ms),
            Ok(session.clone()),
            "another process with the same bot token verifies it too"
        );
        assert_eq!(
            key.verify(&token, "other", now_ms),
            Err(SessionError::OtherStore)
        );
        assert_eq!(
            key.verify(&token, "demo", session.expires_at_ms),
            Err(SessionError::Expired)
        );
        assert_eq!(
            SessionKey::derive("987654321:another-bot").verify(&token, "demo", now_ms),
            Err(SessionError::BadSignature)
        );
        // Claims changed (a longer expiry) under the old signature.
        let (claims, signature) = token.split_once('.').expect("two parts");
        let json = URL_SAFE_NO_PAD.decode(claims).expect("base64");
        let json = String::from_utf8(json)
            .expect("utf-8")
            .replace(&session.expires_at_ms.to_string(), &i64::MAX.to_string());
        let forged = format!("{}.{signature}", URL_SAFE_NO_PAD.encode(json));
        assert_eq!(
            key.verify(&forged, "demo", now_ms),
            Err(SessionError::BadSignature)
        );
        for malformed in ["", "abc", "abc.", "abc.!!!"] {
            assert_eq!(
                key.verify(malformed, "demo", now_ms),
                Err(SessionError::Malformed),
                "{malformed}"
            );
        }
        // The init-data secret key and the session key differ: a session signature is not an init-data one.
        assert_ne!(
            hmac_sha256(WEB_APP_DATA, BOT_TOKEN.as_bytes()),
            SessionKey::derive(BOT_TOKEN).0
        );
    }
}
