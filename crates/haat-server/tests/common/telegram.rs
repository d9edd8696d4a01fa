//! Telegram Mini App init data for tests, signed with a known bot token straight from Telegram's published
//! algorithm (written apart from the server's verifier): values percent-encoded as `encodeURIComponent`
//! does, the data-check string of the decoded `key=value` pairs sorted by key and joined with `\n`,
//! `hash = hex(HMAC-SHA256(key = HMAC-SHA256(key = "WebAppData", bot_token), data_check_string))`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The bot token test servers with Telegram identity are configured with.
pub const BOT_TOKEN: &str = "424242:AAH-haat_http_tests-bot-token";

/// `user` JSON as Telegram sends it: unicode names, `&` and `=` in a value, escaped slashes in `photo_url`.
pub const USER: &str = r#"{"id":279058397,"first_name":"आशा 🛒","last_name":"Rao & Sons = best","username":"asha_rao","language_code":"hi","allows_write_to_pm":true,"photo_url":"https:\/\/t.me\/i\/userpic\/320\/asha.svg"}"#;

/// `fields` as an init-data query string, in the order given, signed by `bot_token`.
pub fn sign(bot_token: &str, fields: &[(&str, &str)]) -> String {
    let mut sorted = fields.to_vec();
    sorted.sort_by_key(|(key, _)| *key);
    let check: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut query: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    query.push(format!("hash={}", signature(bot_token, &check.join("\n"))));
    query.join("&")
}

/// Telegram's `hash` of a data-check string.
pub fn signature(bot_token: &str, data_check_string: &str) -> String {
    let mut secret = Hmac::<Sha256>::new_from_slice(b"WebAppData").expect("any key");
    secret.update(bot_token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret.finalize().into_bytes()).expect("any key");
    mac.update(data_check_string.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// What `encodeURIComponent` does: every byte but the unreserved ones as `%XX`.
pub fn encode(text: &str) -> String {
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

/// Fresh init data for [`USER`], signed by [`BOT_TOKEN`], dated `age_secs` ago.
pub fn init_data(age_secs: u64) -> String {
    let auth_date = (now_secs() - age_secs).to_string();
    sign(
        BOT_TOKEN,
        &[
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", USER),
            ("auth_date", &auth_date),
            ("start_param", "ref=chat&src=wa"),
        ],
    )
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}
