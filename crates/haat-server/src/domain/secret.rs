//! Bearer secrets (order tokens, merchant tokens): generated at random, stored as a SHA-256 hash (an order
//! token also sits in its idempotent 201 answer for 48 hours, so a retrying shopper gets it),
//! compared in constant time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A new random secret, 32 bytes as 64 hex characters.
pub fn generate() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// The hash stored in place of a secret.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `presented` is the secret whose hash is `stored_hash`, in time independent of where they differ.
pub fn matches(presented: &str, stored_hash: &str) -> bool {
    hash(presented)
        .as_bytes()
        .ct_eq(stored_hash.as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_verify_against_their_hash() {
        let first = generate().expect("random");
        let second = generate().expect("random");
        assert_ne!(first, second);
        assert_eq!(first.len(), 64);
        let stored = hash(&first);
        assert!(matches(&first, &stored));
        assert!(!matches(&second, &stored));
        assert!(!matches("", &stored));
    }
}
