//! The console's addresses, all under `/m`.

use yew_router::Routable;

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// How to reach a shop's console.
    #[at("/m")]
    Welcome,
    /// Open a new shop (when the server takes sign-ups).
    #[at("/m/new")]
    SignUp,
    /// A shop's console.
    #[at("/m/:store")]
    Shop { store: String },
    /// Not a console address. (No shop's slug has a `-` first.)
    #[not_found]
    #[at("/m/-/not-found")]
    NotFound,
}

/// Whether `text` can be a shop's slug: what the console puts in an API path.
pub fn is_slug(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// This site's origin (`https://shops.example`), for links to share.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// A WhatsApp link that opens a chat with `text` ready to send.
pub fn whatsapp_share(text: &str) -> String {
    whatsapp_link("", text)
}

/// A WhatsApp link that opens the chat with `phone` (E.164, `+919845012345`) with `text` ready to send.
pub fn whatsapp_to(phone: &str, text: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    whatsapp_link(&digits, text)
}

fn whatsapp_link(number: &str, text: &str) -> String {
    let mut link = format!("https://wa.me/{number}?text=");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            link.push(char::from(byte));
        } else {
            link.push_str(&format!("%{byte:02X}"));
        }
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_slugs_go_into_api_paths() {
        assert!(is_slug("sharma-kirana-2"));
        for bad in ["", "../shops", "Sharma", "a b", "a%2F"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn a_message_to_a_customer_opens_their_chat() {
        assert_eq!(
            whatsapp_to("+91 98450 12345", "Hi!"),
            "https://wa.me/919845012345?text=Hi%21"
        );
    }

    #[test]
    fn a_whatsapp_share_carries_its_text_encoded() {
        assert_eq!(
            whatsapp_share("Order at https://x.in/s/a?b=1 & more"),
            "https://wa.me/?text=Order%20at%20https%3A%2F%2Fx.in%2Fs%2Fa%3Fb%3D1%20%26%20more"
        );
    }
}
