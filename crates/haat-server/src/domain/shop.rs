//! A new shop: its name, WhatsApp number and slug checked, a slug suggested from its name, and the
//! profile it opens with (its owner fills in the rest from the console).

use std::fmt;

use haat::lang::Lang;
use haat_api::{Money, PaymentMethod, ShopSignup, StoreProfile, normalise_phone};

pub const MIN_SLUG_CHARS: usize = 3;
pub const MAX_SLUG_CHARS: usize = 40;
const MAX_NAME_CHARS: usize = 80;

/// Slugs a shop cannot take: words of the server's own addresses, and names that would mislead.
const RESERVED: [&str; 16] = [
    "admin", "api", "app", "console", "embed", "haat", "help", "login", "m", "new", "s", "shop",
    "shops", "signup", "static", "www",
];

/// A shop ready to open: every field checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewShop {
    pub name: String,
    /// E.164.
    pub phone: String,
    pub slug: String,
}

/// The fields that failed, each with its problem.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidShop {
    pub problems: Vec<(&'static str, Problem)>,
}

/// What is wrong with one field of a sign-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    NameUnusable,
    NoName,
    NameTooLong,
    NoPhone,
    NotAPhone,
    SlugLength,
    SlugLetters,
    SlugHyphens,
    SlugReserved,
}

impl Problem {
    /// The problem as the shop's owner reads it, in their language.
    pub fn said(self, lang: &Lang) -> &str {
        match self {
            Self::NameUnusable => lang.t("The name contains characters that cannot be used."),
            Self::NoName => lang.t("Please enter the shop's name."),
            Self::NameTooLong => lang.t("The name is too long (80 characters at most)."),
            Self::NoPhone => lang.t("Please enter the shop's WhatsApp number."),
            Self::NotAPhone => lang
                .t("Enter a 10-digit mobile number, or an international number starting with +."),
            Self::SlugLength => lang.t("The shop's address is 3 to 40 characters."),
            Self::SlugLetters => {
                lang.t("Use only letters a–z, digits and hyphens in the shop's address.")
            }
            Self::SlugHyphens => lang
                .t("Start and end the address with a letter or digit, one hyphen between words."),
            Self::SlugReserved => lang.t("This address is kept for Haat itself. Choose another."),
        }
    }
}

/// In English: what the operator reads when opening a shop from the command line.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.said(&Lang::english()))
    }
}

/// Checks a sign-up, reporting every problem at once. Without a slug, one is made from the name
/// ([`suggest_slug`]); whether another shop has it is the store's to say.
pub fn check(signup: &ShopSignup) -> Result<NewShop, InvalidShop> {
    let mut problems = Vec::new();
    let name = signup.name.trim();
    if name.chars().any(char::is_control) {
        problems.push(("name", Problem::NameUnusable));
    } else if name.is_empty() {
        problems.push(("name", Problem::NoName));
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(("name", Problem::NameTooLong));
    }
    let phone = normalise_phone(&signup.phone);
    if signup.phone.trim().is_empty() {
        problems.push(("phone", Problem::NoPhone));
    } else if phone.is_none() {
        problems.push(("phone", Problem::NotAPhone));
    }
    let slug = match signup.slug.as_deref().map(str::trim) {
        Some(slug) if !slug.is_empty() => slug.to_lowercase(),
        _ => suggest_slug(name),
    };
    if let Some(problem) = slug_problem(&slug) {
        problems.push(("slug", problem));
    }
    match phone {
        Some(phone) if problems.is_empty() => Ok(NewShop {
            name: name.to_owned(),
            phone,
            slug,
        }),
        _ => Err(InvalidShop { problems }),
    }
}

/// Why `slug` cannot name a shop, if it cannot.
pub fn slug_problem(slug: &str) -> Option<Problem> {
    if !(MIN_SLUG_CHARS..=MAX_SLUG_CHARS).contains(&slug.chars().count()) {
        return Some(Problem::SlugLength);
    }
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some(Problem::SlugLetters);
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Some(Problem::SlugHyphens);
    }
    if RESERVED.contains(&slug) {
        return Some(Problem::SlugReserved);
    }
    None
}

/// A slug made from a shop's name: its Latin letters and digits, lowercased, words joined by hyphens,
/// cut at a word to fit. A name with too few of them ("शर्मा किराना") gives "shop-" and its digits,
/// or "my-shop", for the owner to change.
pub fn suggest_slug(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len() + extra > MAX_SLUG_CHARS {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.len() < MIN_SLUG_CHARS || RESERVED.contains(&slug.as_str()) {
        slug = if slug.is_empty() {
            "my-shop".to_owned()
        } else {
            format!("{slug}-shop")
        };
    }
    slug
}

/// `slug`, then `slug-2`, `slug-3`, …: the addresses to offer, in turn, while the one before is taken.
pub fn candidates(slug: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(slug.to_owned()).chain((2_u32..).map(|n| numbered(slug, n)))
}

/// `slug-{n}`, `slug` cut to make it fit.
pub fn numbered(slug: &str, n: u32) -> String {
    let suffix = format!("-{n}");
    let stem = &slug[..slug.len().min(MAX_SLUG_CHARS.saturating_sub(suffix.len()))];
    format!("{}{suffix}", stem.trim_end_matches('-'))
}

/// What a new shop opens with: its name and number, delivery for cash, in rupees. No minimum, fee
/// or hours yet: the owner sets them in the console.
pub fn profile(shop: &NewShop) -> StoreProfile {
    StoreProfile {
        slug: shop.slug.clone(),
        name: shop.name.clone(),
        name_local: None,
        tagline: String::new(),
        logo: None,
        currency: "INR".to_owned(),
        locale: "en-IN".to_owned(),
        phone: shop.phone.clone(),
        min_order: Money::ZERO,
        delivery_fee: Money::ZERO,
        free_delivery_from: None,
        delivery_pincodes: Vec::new(),
        delivery_slots: Vec::new(),
        pickup: false,
        payment_methods: vec![PaymentMethod::Cash],
        upi_id: None,
        address: String::new(),
        hours: String::new(),
        closed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signup(name: &str, phone: &str, slug: Option<&str>) -> ShopSignup {
        ShopSignup {
            name: name.into(),
            phone: phone.into(),
            slug: slug.map(Into::into),
        }
    }

    #[test]
    fn a_sign_up_is_trimmed_normalised_and_given_a_slug() {
        let shop = check(&signup("  Sharma Kirana Store ", "98450 12345", None)).expect("valid");
        assert_eq!(
            shop,
            NewShop {
                name: "Sharma Kirana Store".into(),
                phone: "+919845012345".into(),
                slug: "sharma-kirana-store".into(),
            }
        );
        let chosen =
            check(&signup("Sharma", "+44 20 7946 0958", Some(" Sharma-Ji "))).expect("valid");
        assert_eq!(chosen.slug, "sharma-ji");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let invalid = check(&signup(" ", "12", Some("a--b"))).expect_err("invalid");
        let fields: Vec<_> = invalid.problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, ["name", "phone", "slug"]);
        let control = check(&signup("Shop\u{7}", "9845012345", None)).expect_err("invalid");
        assert_eq!(control.problems[0].0, "name");
    }

    #[test]
    fn slugs_are_short_plain_and_not_haats_own_words() {
        assert_eq!(slug_problem("sharma-kirana"), None);
        assert_eq!(slug_problem("shop-24x7"), None);
        for bad in [
            "ab",
            "Sharma",
            "sharma_kirana",
            "-sharma",
            "sharma-",
            "a--b",
            "api",
            "m",
            "new",
        ] {
            assert!(slug_problem(bad).is_some(), "{bad}");
        }
        assert!(slug_problem(&"a".repeat(41)).is_some());
        assert!(slug_problem("दुकान").is_some());
    }

    #[test]
    fn a_slug_is_suggested_from_the_name() {
        assert_eq!(suggest_slug("Sharma Kirana & Sons"), "sharma-kirana-sons");
        assert_eq!(suggest_slug("Raju's 24x7 Store"), "raju-s-24x7-store");
        assert_eq!(suggest_slug("शर्मा किराना"), "my-shop");
        assert_eq!(suggest_slug("शर्मा 7"), "7-shop", "too short");
        assert_eq!(suggest_slug("AB"), "ab-shop");
        assert_eq!(suggest_slug("Shop"), "shop-shop", "a word Haat keeps");
        let long = suggest_slug(&"Supermarket ".repeat(10));
        assert!(
            long.len() <= MAX_SLUG_CHARS && !long.ends_with('-'),
            "{long}"
        );
        for name in [
            "Sharma Kirana & Sons",
            "शर्मा किराना",
            "AB",
            &"x".repeat(100),
        ] {
            let slug = suggest_slug(name);
            assert_eq!(slug_problem(&slug), None, "{name:?} gives {slug:?}");
        }
    }

    #[test]
    fn a_taken_slug_is_numbered() {
        let offered: Vec<_> = candidates("sharma").take(3).collect();
        assert_eq!(offered, ["sharma", "sharma-2", "sharma-3"]);
        let long = "a".repeat(MAX_SLUG_CHARS);
        let next = candidates(&long).nth(1).expect("a second");
        assert_eq!(next.len(), MAX_SLUG_CHARS);
        assert!(next.ends_with("-2"));
        assert_eq!(slug_problem(&next), None);
    }
}
