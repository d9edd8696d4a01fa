//! `Idempotency-Key`: a client names each checkout attempt, so a retry after a timeout, a reload or a crash
//! replays the first answer instead of placing a second order.
//!
//! The database keeps each key's first answer, written in the order's own transaction, and lets only one
//! request per key store anything. [`Running`] knows which keys this process is working on, so a retry that
//! arrives while the first request is still running is told so at once (409) instead of racing it.

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
};

use sha2::{Digest, Sha256};

/// The request header that carries the key.
pub const HEADER: &str = "idempotency-key";
/// The response header that marks a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// Keys are remembered at least this long (48 hours).
pub const RETENTION_MS: i64 = 48 * 60 * 60 * 1000;

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

/// The keyed requests this process is running, by shop and key, with their bodies' fingerprints.
#[derive(Debug, Default)]
pub struct Running(Mutex<HashMap<(i64, String), String>>);

/// Why a keyed request cannot start: a request with its key is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// With the same body: a retry of a request still in flight.
    SameBody,
    /// With another body: the key is being reused.
    OtherBody,
}

/// A running keyed request; the key is free again when this is dropped (answered, failed or abandoned).
#[derive(Debug)]
pub struct Turn<'a> {
    running: &'a Running,
    id: (i64, String),
}

impl Running {
    /// Marks `key` of shop `store_id` running for a body with `fingerprint`, unless it already is.
    pub fn start(&self, store_id: i64, key: &str, fingerprint: &str) -> Result<Turn<'_>, Busy> {
        let id = (store_id, key.to_owned());
        let mut running = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(other) = running.get(&id) {
            return Err(if other == fingerprint {
                Busy::SameBody
            } else {
                Busy::OtherBody
            });
        }
        running.insert(id.clone(), fingerprint.to_owned());
        Ok(Turn { running: self, id })
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut running = self
            .running
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        running.remove(&self.id);
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
    fn a_running_key_is_busy_until_its_turn_ends() {
        let running = Running::default();
        let turn = running.start(1, "k", "body").expect("free");
        assert_eq!(running.start(1, "k", "body").err(), Some(Busy::SameBody));
        assert_eq!(running.start(1, "k", "other").err(), Some(Busy::OtherBody));
        assert!(running.start(2, "k", "body").is_ok(), "keys are per shop");
        drop(turn);
        assert!(
            running.start(1, "k", "other").is_ok(),
            "free once the turn ends"
        );
    }

    #[test]
    fn fingerprints_tell_bodies_apart() {
        assert_eq!(fingerprint(b"{}"), fingerprint(b"{}"));
        assert_ne!(fingerprint(b"{}"), fingerprint(b"{ }"));
    }
}
