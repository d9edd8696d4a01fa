//! The shop's Telegram notices, in its settings: each new order sent to a Telegram chat through the shop's
//! own bot, with buttons to accept or reject it, and reminders while it waits. The steps to make the bot
//! and find the chat's id are beside the form; once saved, the bot's token is never shown again.

use std::rc::Rc;

use haat_api::{ApiError, TelegramNotices};
use yew::{platform::spawn_local, prelude::*};

use super::{Field, notice};
use crate::{
    api,
    edit::{NoticesEdit, NoticesField, NoticesForm, Problems, problems_of},
    lang::{Lang, use_lang},
    session,
};

/// The notices as the server has them.
#[derive(Clone, PartialEq)]
enum Notices {
    Loading,
    Off,
    On(Rc<TelegramNotices>),
    Failed(Rc<ApiError>),
}

/// What the owner's last action did, said above the section.
#[derive(Clone, Copy, PartialEq)]
enum Done {
    Saved,
    Stopped,
}

impl Done {
    fn said(self, lang: &Lang) -> &str {
        match self {
            Self::Saved => lang.t("Saved: new orders now come to your Telegram chat."),
            Self::Stopped => lang.t("Telegram notices are off."),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TelegramSectionProps {
    pub store: AttrValue,
}

#[component]
pub fn TelegramSection(props: &TelegramSectionProps) -> Html {
    let lang = use_lang();
    let notices = use_state(|| Notices::Loading);
    let editing = use_state(|| false);
    // What the last action did.
    let done = use_state(|| None::<Done>);
    let stopping = use_state(|| false);
    // Each "Try again" loads again.
    let attempt = use_state(|| 0_u32);
    {
        let notices = notices.clone();
        use_effect_with(
            (props.store.clone(), *attempt),
            move |(store, _): &(AttrValue, u32)| {
                let (store, secret) = (store.clone(), session::secret(store).unwrap_or_default());
                notices.set(Notices::Loading);
                spawn_local(async move {
                    notices.set(match api::telegram_notices(&store, &secret).await {
                        Ok(Some(kept)) => Notices::On(Rc::new(kept)),
                        Ok(None) => Notices::Off,
                        Err(error) => Notices::Failed(Rc::new(error)),
                    });
                });
            },
        );
    }
    let open = {
        let (editing, done) = (editing.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            done.set(None);
            editing.set(true);
        })
    };
    let body = match (&*notices, *editing) {
        (Notices::Loading, _) => html! {
            <p class="muted" aria-busy="true">{ lang.t("Looking up your Telegram notices…") }</p>
        },
        (Notices::Failed(error), _) => {
            let again = attempt.clone();
            html! {
                <>
                    { notice(&lang, error) }
                    <button class="button secondary" onclick={move |_| again.set(again.wrapping_add(1))}>
                        { lang.t("Try again") }
                    </button>
                </>
            }
        }
        (now, true) => {
            let kept = match now {
                Notices::On(kept) => Some(kept.as_ref()),
                _ => None,
            };
            let saved = {
                let (notices, editing, done) = (notices.clone(), editing.clone(), done.clone());
                Callback::from(move |kept: TelegramNotices| {
                    notices.set(Notices::On(Rc::new(kept)));
                    editing.set(false);
                    done.set(Some(Done::Saved));
                })
            };
            let cancel = {
                let editing = editing.clone();
                Callback::from(move |()| editing.set(false))
            };
            html! {
                <NoticesEditor store={props.store.clone()} form={Rc::new(NoticesForm::of(kept))}
                    on_saved={saved} on_cancel={cancel} />
            }
        }
        (Notices::Off, false) => html! {
            <>
                <p>{ lang.t("Get each new order in a Telegram chat too, with buttons to accept or reject it: handy when the console is not open.") }</p>
                <button class="button secondary set-up-telegram" onclick={open}>{ lang.t("Set up Telegram") }</button>
            </>
        },
        (Notices::On(kept), false) => {
            let stop = {
                let (store, notices, done, stopping) = (
                    props.store.clone(),
                    notices.clone(),
                    done.clone(),
                    stopping.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    let (store, notices, done, stopping) = (
                        store.clone(),
                        notices.clone(),
                        done.clone(),
                        stopping.clone(),
                    );
                    let secret = session::secret(&store).unwrap_or_default();
                    stopping.set(true);
                    spawn_local(async move {
                        let answer = api::end_telegram_notices(&store, &secret).await;
                        stopping.set(false);
                        match answer {
                            Ok(()) => {
                                notices.set(Notices::Off);
                                done.set(Some(Done::Stopped));
                            }
                            Err(error) => notices.set(Notices::Failed(Rc::new(error))),
                        }
                    });
                })
            };
            html! {
                <>
                    if let Some(problem) = &kept.problem {
                        <p class="notice" role="alert">{ problem.clone() }</p>
                    }
                    <p class="summary">{ summary(&lang, kept) }</p>
                    <div class="actions">
                        <button class="button secondary change-telegram" onclick={open}>{ lang.t("Change") }</button>
                        <button class="button secondary danger stop-telegram" onclick={stop}
                            disabled={*stopping} aria-busy={stopping.then_some("true")}>
                            { lang.t("Stop notices") }
                        </button>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="telegram" aria-labelledby="telegram-title">
            <h3 id="telegram-title">{ "Telegram" }</h3>
            if let Some(done) = *done {
                <p class="done" role="status">{ done.said(&lang) }</p>
            }
            { body }
        </section>
    }
}

/// "New orders go to chat -1001234567890 through your bot (id 123456789), with a reminder every 10
/// minutes while one waits."
fn summary(lang: &Lang, notices: &TelegramNotices) -> String {
    // The chat and the bot as Telegram writes them: ids, never grouped like numbers.
    let (chat, bot) = (notices.chat_id.as_str(), notices.bot_id.to_string());
    match notices.repeat_minutes {
        0 => lang.f(
            "New orders go to chat {chat} through your bot (id {bot}), once each.",
            &[("chat", chat), ("bot", &bot)],
        ),
        minutes => haat_lang::fill(
            &lang.n(
                "New orders go to chat {chat} through your bot (id {bot}), with a reminder every minute while one waits.",
                "New orders go to chat {chat} through your bot (id {bot}), with a reminder every {count} minutes while one waits.",
                minutes.into(),
            ),
            &[("chat", chat), ("bot", &bot)],
        ),
    }
}

#[derive(Properties, PartialEq)]
struct NoticesEditorProps {
    store: AttrValue,
    form: Rc<NoticesForm>,
    on_saved: Callback<TelegramNotices>,
    on_cancel: Callback<()>,
}

#[component]
fn NoticesEditor(props: &NoticesEditorProps) -> Html {
    let lang = use_lang();
    let form = use_reducer({
        let opened = props.form.clone();
        move || (*opened).clone()
    });
    let problems = use_state(Problems::new);
    let refusal = use_state(|| None::<Rc<ApiError>>);
    let busy = use_state(|| false);
    let edits = form.dispatcher().to_callback();
    let text = |field: NoticesField| edits.reform(move |typed| NoticesEdit::Text(field, typed));
    let save = {
        let (form, problems, refusal, busy) = (
            form.clone(),
            problems.clone(),
            refusal.clone(),
            busy.clone(),
        );
        let (store, on_saved, lang) = (props.store.clone(), props.on_saved.clone(), lang.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let update = match form.update(&lang) {
                Ok(update) => update,
                Err(found) => {
                    problems.set(found);
                    refusal.set(None);
                    return;
                }
            };
            let (problems, refusal, busy, on_saved) = (
                problems.clone(),
                refusal.clone(),
                busy.clone(),
                on_saved.clone(),
            );
            let store = store.clone();
            let secret = session::secret(&store).unwrap_or_default();
            busy.set(true);
            spawn_local(async move {
                let answer = api::save_telegram_notices(&store, &secret, &update).await;
                busy.set(false);
                match answer {
                    Ok(kept) => on_saved.emit(kept),
                    Err(error) => {
                        problems.set(problems_of(&error.details));
                        refusal.set(Some(Rc::new(error)));
                    }
                }
            });
        })
    };
    let problem = |field: &str| problems.get(field).map(|why| AttrValue::from(why.clone()));
    let token_hint = if form.has_bot {
        lang.t("Empty: your bot stays. Paste a new token to change it.")
    } else {
        lang.t("It looks like 123456789:AAH…")
    };
    html! {
        <form class="telegram-form" onsubmit={save} novalidate=true>
            if let Some(refusal) = &*refusal {
                { notice(&lang, refusal) }
            }
            <ol class="steps">
                <li>{ lang.t("In Telegram, open @BotFather and send /newbot. It names your bot and gives its token.") }</li>
                <li>{ lang.t("Add your bot to your shop's group (or make it an admin of your channel).") }</li>
                <li>{ lang.t("The chat id: open the group at web.telegram.org/a; the number after # in the address (like -1001234567890) is its id. A public channel: its @name.") }</li>
            </ol>
            <Field name="bot_token" label={lang.t("Bot token").to_owned()} kind="password" autocomplete="off"
                value={form.bot_token.clone()} error={problem("bot_token")}
                hint={AttrValue::from(token_hint.to_owned())} on_input={text(NoticesField::BotToken)} />
            <Field name="chat_id" label={lang.t("Chat id").to_owned()} value={form.chat_id.clone()} error={problem("chat_id")}
                hint={AttrValue::from(lang.t("-1001234567890, or @yourchannel").to_owned())}
                on_input={text(NoticesField::ChatId)} />
            <Field name="repeat_minutes" label={lang.t("Remind every (minutes)").to_owned()} inputmode="numeric"
                value={form.repeat_minutes.clone()} error={problem("repeat_minutes")}
                hint={AttrValue::from(lang.t("While an order waits: 1 to 120. Empty: no reminders.").to_owned())}
                on_input={text(NoticesField::RepeatMinutes)} />
            <div class="actions">
                <button type="submit" class="button save-telegram" disabled={*busy} aria-busy={busy.then_some("true")}>
                    { lang.t("Save") }
                </button>
                <button type="button" class="button secondary" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>
                    { lang.t("Cancel") }
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_where_orders_go_and_how_often() {
        let notices = TelegramNotices {
            bot_id: 123_456_789,
            chat_id: "-1001234567890".into(),
            repeat_minutes: 10,
            problem: None,
        };
        assert_eq!(
            summary(&Lang::english(), &notices),
            "New orders go to chat -1001234567890 through your bot (id 123456789), with a \
             reminder every 10 minutes while one waits."
        );
        let once = TelegramNotices {
            repeat_minutes: 0,
            chat_id: "@sharma_staff".into(),
            ..notices
        };
        assert!(
            summary(&Lang::english(), &once)
                .ends_with("chat @sharma_staff through your bot (id 123456789), once each.")
        );
    }
}
