//! A link to a shop's draft, for its owner to look at on any phone or send to a friend: signed, so only
//! the owner can make one; expiring; its orders are tests (`http/draft_view.rs`). Signed with the
//! owner's secret (its hash, which only the server holds): a new secret ends every link made before.

use haat::lang::Lang;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a preview link works.
pub const LIFETIME_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// How long a test order placed from a preview is kept (its page still opens for the tester): as long
/// as a link lives. Then it is deleted, and the tester's name, phone and address with it.
pub const TEST_ORDER_RETENTION_MS: i64 = LIFETIME_MS;

/// Why a preview link does not open the draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    Forged,
    Ended,
}

impl Refused {
    /// Why, as whoever opened the link reads it, in their language.
    pub fn said(self, lang: &Lang) -> &str {
        match self {
            Self::Forged => lang.t("This preview link is not one Haat made."),
            Self::Ended => lang.t("This preview link has ended. Ask the shop for a new one."),
        }
    }
}

/// A link's token for the shop `slug` whose owner's secret hashes to `key`, ending at `until_ms`:
/// `{until_ms}.{signature}`.
pub fn token(slug: &str, key: &str, until_ms: i64) -> String {
    format!("{until_ms}.{}", hex::encode(signature(slug, key, until_ms)))
}

/// Whether `token` opens the draft of the shop `slug` (whose owner's secret hashes to `key`) at `now_ms`.
pub fn check(token: &str, slug: &str, key: &str, now_ms: i64) -> Result<(), Refused> {
    let (until, signed) = token.split_once('.').ok_or(Refused::Forged)?;
    let until: i64 = until.parse().map_err(|_| Refused::Forged)?;
    let signed = hex::decode(signed).map_err(|_| Refused::Forged)?;
    mac(slug, key, until)
        .verify_slice(&signed)
        .map_err(|_| Refused::Forged)?;
    if now_ms >= until {
        return Err(Refused::Ended);
    }
    Ok(())
}

fn signature(slug: &str, key: &str, until_ms: i64) -> Vec<u8> {
    mac(slug, key, until_ms).finalize().into_bytes().to_vec()
}

fn mac(slug: &str, key: &str, until_ms: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(b"haat preview\n");
    mac.update(slug.as_bytes());
    mac.update(b"\n");
    mac.update(until_ms.to_string().as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_856_400_000;

    #[test]
    fn a_link_opens_its_shops_draft_until_it_ends() {
        let made = token("ravi-stores", "hash-of-the-secret", NOW + LIFETIME_MS);
        assert_eq!(
            check(&made, "ravi-stores", "hash-of-the-secret", NOW),
            Ok(())
        );
        assert_eq!(
            check(
                &made,
                "ravi-stores",
                "hash-of-the-secret",
                NOW + LIFETIME_MS
            ),
            Err(Refused::Ended)
        );
    }

    #[test]
    fn a_link_is_its_shops_and_its_owners_secrets_only() {
        let made = token("ravi-stores", "hash-of-the-secret", NOW + 1_000);
        for (slug, key) in [
            ("other-shop", "hash-of-the-secret"),
            ("ravi-stores", "hash-of-a-new-secret"),
        ] {
            assert_eq!(check(&made, slug, key, NOW), Err(Refused::Forged));
        }
        let (_, signed) = made.split_once('.').expect("two parts");
        let stretched = format!("{}.{signed}", NOW + LIFETIME_MS * 10);
        assert_eq!(
            check(&stretched, "ravi-stores", "hash-of-the-secret", NOW),
            Err(Refused::Forged),
            "its end cannot be moved"
        );
        for junk in ["", "abc", "123.zz", "123"] {
            assert_eq!(
                check(junk, "ravi-stores", "hash-of-the-secret", NOW),
                Err(Refused::Forged)
            );
        }
    }
}
