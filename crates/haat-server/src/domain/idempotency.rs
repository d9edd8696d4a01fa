//! `Idempotency-Key`: a client names each checkout attempt, so a retry after a timeout, a reload or a crash
//! replays the first answer instead of placing a second order.

use sha2::{Digest, Sha256};

/// The request header that carries the key.
pub const HEADER: &str = "idempotency-key";
/// The response header that marks a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// Keys are remembered at least this long (48 hours).
pub const RETENTION_MS: i64 = 48 * 60 * 60 * 1000;
/// A claim still unfinished after this long belonged to a request whose process died: a retry may take it
/// over. (The order and the key's completion commit together, so a dead claim never has an order.)
pub const STALE_CLAIM_MS: i64 = 60 * 1000;

const MAX_KEY_LEN: usize = 255;

/// A key as clients send it: 1–255 printable ASCII characters (a UUID, typically).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("The Idempotency-Key header must be 1 to {MAX_KEY_LEN} printable ASCII characters.")]
pub struct InvalidKey;

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, InvalidKey> {
        let valid =
            (1..=MAX_KEY_LEN).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic());
        valid.then(|| Self(raw.to_owned())).ok_or(InvalidKey)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What identifies "the same body": a hash of its exact bytes.
pub fn fingerprint(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_printable_ascii_of_sane_length() {
        assert!(IdempotencyKey::parse("0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        for bad in ["", "has space", "ünïcode", &"k".repeat(256)] {
            assert_eq!(IdempotencyKey::parse(bad), Err(InvalidKey), "{bad:?}");
        }
    }

    #[test]
    fn fingerprints_tell_bodies_apart() {
        assert_eq!(fingerprint(b"{}"), fingerprint(b"{}"));
        assert_ne!(fingerprint(b"{}"), fingerprint(b"{ }"));
    }
}
