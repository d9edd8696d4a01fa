//! Opening shops and their owners' sign-in secrets: one home for the command line
//! (`haat-server shop create`) and the API's sign-up alike.

use crate::{
    domain::{
        secret,
        shop::{self, NewShop},
    },
    seed::SeedShop,
    store::{Store, StoreError, StoreRecord},
};

/// How many numbered slugs (`sharma-2`, `sharma-3`, …) are tried before giving up on a suggestion.
const NUMBERED_TRIES: usize = 50;

/// A shop just opened, and its owner's secret (stored only hashed: this is the one time it is known).
#[derive(Debug)]
pub struct Opened {
    pub slug: String,
    pub secret: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another shop has the slug; `free` is one that was free a moment ago.
    #[error("the shop address {taken:?} is taken; {free:?} is free")]
    Taken { taken: String, free: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// getrandom's error is not a `std::error::Error` without its `std` feature.
    #[error("no randomness for a secret: {0}")]
    Randomness(getrandom::Error),
}

/// Opens a shop (checked by [`shop::check`]) with an empty catalog and a new secret for its owner.
pub async fn open(store: &dyn Store, shop: NewShop) -> Result<Opened, OpenError> {
    let secret = secret::generate().map_err(OpenError::Randomness)?;
    let seed = SeedShop {
        store: shop::profile(&shop),
        categories: Vec::new(),
        products: Vec::new(),
    };
    match store.create_store(&seed, &secret::hash(&secret)).await {
        Ok(()) => Ok(Opened {
            slug: shop.slug,
            secret,
        }),
        Err(StoreError::SlugTaken(taken)) => Err(OpenError::Taken {
            free: free_slug(store, &taken).await?,
            taken,
        }),
        Err(error) => Err(error.into()),
    }
}

/// `slug` if no shop has it, else the first free numbered one (`slug-2`, …).
pub async fn free_slug(store: &dyn Store, slug: &str) -> Result<String, OpenError> {
    for candidate in shop::candidates(slug).take(NUMBERED_TRIES) {
        if store.store_by_slug(&candidate).await?.is_none() {
            return Ok(candidate);
        }
    }
    // Fifty shops of one name: a random number is as good a suggestion as any.
    let number = getrandom::u32().map_err(OpenError::Randomness)?;
    Ok(shop::numbered(slug, 100 + number % 900_000))
}

/// A new secret for `shop`'s owner, in place of the one just checked; the old one stops working at
/// once. `None` when the secret changed meanwhile (another replacement won), so the caller's no longer
/// signs in.
pub async fn replace_secret(
    store: &dyn Store,
    shop: &StoreRecord,
) -> Result<Option<String>, OpenError> {
    let secret = secret::generate().map_err(OpenError::Randomness)?;
    let replaced = store
        .replace_merchant_token_hash(
            &shop.profile.slug,
            &shop.merchant_token_hash,
            &secret::hash(&secret),
        )
        .await?;
    Ok(replaced.then_some(secret))
}

/// Where the owner signs in: the console's path with the secret in the fragment, which browsers never
/// send to a server (nor to its logs).
pub fn sign_in_path(slug: &str, secret: &str) -> String {
    format!("/m/{slug}#k={secret}")
}
