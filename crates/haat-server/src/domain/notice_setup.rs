//! How a shop's owner sets up Telegram notices of new orders: the shop's own bot (its token from
//! @BotFather), the chat the notices go to, and how often a notice is repeated while the order is still
//! new. Every field is checked, each problem named by its field, and the setup kept normalised (a chat as
//! its numeric id or a channel's `@name`).

use haat::lang::Lang;
use haat_api::TelegramNoticesUpdate;

use super::settings::InvalidSettings;
use crate::config::BotToken;

/// The longest a notice waits before it is repeated: two hours.
pub const MAX_REPEAT_MINUTES: u32 = 120;

/// A shop's Telegram notices as kept. Its `Debug` never shows the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeSetup {
    pub bot_token: BotToken,
    pub chat: Chat,
    /// Minutes after which a notice is repeated while the order is still new; 0: never.
    pub repeat_minutes: u32,
}

impl NoticeSetup {
    /// The bot's id: its token's part before the `:` (checked to be digits when the token was set).
    pub fn bot_id(&self) -> i64 {
        bot_id(self.bot_token.expose()).unwrap_or_default()
    }
}

/// Where notices go, as Telegram's `chat_id` takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chat {
    /// A chat's numeric id: a person's (positive), a group's (negative), a supergroup's or a channel's
    /// (`-100…`).
    Id(i64),
    /// A public channel's or supergroup's username, without the `@`.
    Username(String),
}

impl Chat {
    /// The chat as typed: a number, or a username with or without `@` (or as a `t.me/` link).
    pub fn parse(typed: &str) -> Option<Self> {
        let typed = typed.trim();
        if let Ok(id) = typed.parse::<i64>() {
            return (id != 0).then_some(Self::Id(id));
        }
        let name = ["https://t.me/", "http://t.me/", "t.me/", "@"]
            .iter()
            .find_map(|prefix| typed.strip_prefix(prefix))
            .unwrap_or(typed);
        is_username(name).then(|| Self::Username(name.to_owned()))
    }

    /// Whether a chat Telegram describes (its id and username) is this one.
    pub fn is(&self, id: i64, username: Option<&str>) -> bool {
        match self {
            Self::Id(kept) => *kept == id,
            Self::Username(kept) => username.is_some_and(|name| name.eq_ignore_ascii_case(kept)),
        }
    }
}

impl std::fmt::Display for Chat {
    /// As kept and shown: `-1001234567890` or `@haat_orders`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Id(id) => write!(f, "{id}"),
            Self::Username(name) => write!(f, "@{name}"),
        }
    }
}

/// A Telegram username: 5 to 32 letters, digits or underscores, starting with a letter.
fn is_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The bot's id in a token shaped as @BotFather gives it (`123456789:AAH…`): digits, a colon, and 20 to
/// 100 letters, digits, `_` or `-`.
fn bot_id(token: &str) -> Option<i64> {
    let (id, secret) = token.split_once(':')?;
    let secret_shaped = (20..=100).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    let id_shaped = !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit());
    (secret_shaped && id_shaped)
        .then(|| id.parse().ok())
        .flatten()
        .filter(|id| *id > 0)
}

/// The setup `sent`, checked and normalised, its problems said in `lang`. Without a token in it, `kept`
/// (the one set before) stays.
pub fn check(
    sent: TelegramNoticesUpdate,
    kept: Option<&BotToken>,
    lang: &Lang,
) -> Result<NoticeSetup, InvalidSettings> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut problem = |field: &str, why: &str| problems.push((field.to_owned(), why.to_owned()));

    let typed = sent.bot_token.as_deref().map(str::trim).unwrap_or_default();
    let bot_token = if typed.is_empty() {
        if kept.is_none() {
            problem(
                "bot_token",
                lang.t("Enter the bot's token: @BotFather gives it."),
            );
        }
        kept.cloned()
    } else {
        let token = bot_id(typed).and_then(|_| typed.parse::<BotToken>().ok());
        if token.is_none() {
            problem(
                "bot_token",
                lang.t("A bot token looks like 123456789:AAH… as @BotFather gives it."),
            );
        }
        token
    };
    let chat = Chat::parse(&sent.chat_id);
    if chat.is_none() {
        problem(
            "chat_id",
            lang.t("A chat id is a number like -1001234567890, or a channel's @name."),
        );
    }
    if sent.repeat_minutes > MAX_REPEAT_MINUTES {
        problem(
            "repeat_minutes",
            lang.t("Remind every 1 to 120 minutes, or 0 for never."),
        );
    }
    match (bot_token, chat) {
        (Some(bot_token), Some(chat)) if problems.is_empty() => Ok(NoticeSetup {
            bot_token,
            chat,
            repeat_minutes: sent.repeat_minutes,
        }),
        _ => Err(InvalidSettings { problems }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    fn update(token: Option<&str>, chat: &str, repeat: u32) -> TelegramNoticesUpdate {
        TelegramNoticesUpdate {
            bot_token: token.map(str::to_owned),
            chat_id: chat.to_owned(),
            repeat_minutes: repeat,
        }
    }

    fn fields(error: InvalidSettings) -> Vec<String> {
        error.problems.into_iter().map(|(field, _)| field).collect()
    }

    #[test]
    fn a_setup_is_kept_normalised() {
        let setup = check(
            update(Some(&format!(" {TOKEN} ")), " -1001234567890 ", 15),
            None,
            &Lang::english(),
        )
        .expect("valid");
        assert_eq!(setup.bot_token.expose(), TOKEN);
        assert_eq!(setup.bot_id(), 123_456_789);
        assert_eq!(setup.chat, Chat::Id(-1_001_234_567_890));
        assert_eq!(setup.repeat_minutes, 15);
        assert!(
            !format!("{setup:?}").contains("AAHdq"),
            "the token is never shown"
        );

        for typed in ["@haat_orders", "haat_orders", "https://t.me/haat_orders"] {
            let setup =
                check(update(Some(TOKEN), typed, 0), None, &Lang::english()).expect("valid");
            assert_eq!(setup.chat.to_string(), "@haat_orders", "{typed}");
        }
    }

    #[test]
    fn without_a_token_the_one_set_before_stays() {
        let kept: BotToken = TOKEN.parse().expect("a token");
        for token in [None, Some(""), Some("  ")] {
            let setup =
                check(update(token, "42", 0), Some(&kept), &Lang::english()).expect("valid");
            assert_eq!(setup.bot_token, kept);
        }
        let none_yet =
            check(update(None, "42", 0), None, &Lang::english()).expect_err("no token at all");
        assert_eq!(fields(none_yet), ["bot_token"]);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let error = check(
            update(Some("not a token"), "@abc", 121),
            None,
            &Lang::english(),
        )
        .expect_err("invalid");
        assert_eq!(fields(error), ["bot_token", "chat_id", "repeat_minutes"]);
        for token in [
            "123456789",
            ":AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            "12ab:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            "123:short",
            "123:AAHdqTcvCH1vGWJx fSeofSAs0K5PALDsaw",
            "0:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        ] {
            assert!(
                check(update(Some(token), "42", 0), None, &Lang::english()).is_err(),
                "{token}"
            );
        }
        for chat in ["", "0", "@1abcde", "@ab", "-12x", "@name-with-dash"] {
            assert!(
                check(update(Some(TOKEN), chat, 0), None, &Lang::english()).is_err(),
                "{chat:?}"
            );
        }
        assert!(check(update(Some(TOKEN), "42", 120), None, &Lang::english()).is_ok());
    }

    #[test]
    fn a_chat_is_told_apart_by_id_or_by_name() {
        assert!(Chat::Id(-42).is(-42, None));
        assert!(!Chat::Id(-42).is(42, None));
        let channel = Chat::Username("haat_orders".into());
        assert!(channel.is(-100_123, Some("Haat_Orders")));
        assert!(!channel.is(-100_123, None));
        assert!(!channel.is(-100_123, Some("other_chat")));
    }
}
