//! End to end through the real serenity client against the fake Discord on loopback:
//! registration, slash commands in both languages, buttons, forms, reactions, replays,
//! no-ping rendering, scheduled notices, reconnects and REST failures.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Duration;
use opsdesk::config::{Config, DiscordRoleConfig};
use opsdesk::core::domain::org::Role;
use opsdesk::core::service::Service;
use opsdesk::core::time::{AdjustableClock, Clock};
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::{oneshot, Notify};

use crate::support::fake_discord::{payloads, Call, FakeDiscord};
use crate::support::MONDAY_10AM;

/// Discord user ids of the demo members the tests act as.
pub(crate) const ALICE: u64 = 2001; // IT agent, en
const BOB: u64 = 2002; // IT manager, en
pub(crate) const FRANK: u64 = 2003; // front-office requester, en
const MARIA: u64 = 2004; // director, ro
pub(crate) const VICTOR: u64 = 2005; // accounting manager, ro
pub(crate) const STRANGER: u64 = 2999; // nobody opsdesk knows
/// A Discord role the configuration maps to "manager of IT".
const IT_MANAGERS_ROLE: u64 = 777;

pub(crate) struct DiscordApp {
    pub(crate) fake: FakeDiscord,
    /// The bulk overwrite of slash commands sent at start.
    registration: Call,
    pub(crate) clock: Arc<AdjustableClock>,
    pub(crate) wake: Arc<Notify>,
    pub(crate) channels: HashMap<&'static str, u64>,
    pub(crate) service: Arc<Service>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: TempDir,
    next_interaction: u64,
}

pub(crate) async fn spawn_bot() -> DiscordApp {
    spawn_bot_on(FakeDiscord::start().await).await
}

/// [`spawn_bot`] against a fake set up by the test (shards, guilds).
async fn spawn_bot_on(fake: FakeDiscord) -> DiscordApp {
    spawn_bot_with(fake, |_| {}).await
}

/// [`spawn_bot_on`] with the demo configuration changed by `configure` first.
pub(crate) async fn spawn_bot_with(
    fake: FakeDiscord,
    configure: impl FnOnce(&mut Config),
) -> DiscordApp {
    let mut channels = HashMap::new();
    for dept in ["it", "hr", "acc", "proc", "front"] {
        channels.insert(dept, fake.add_channel(dept));
    }
    let mut config = Config::demo();
    config.discord.guild_id = Some(FakeDiscord::GUILD_ID.to_string());
    config.discord.roles.push(DiscordRoleConfig {
        role_id: IT_MANAGERS_ROLE.to_string(),
        role: Role::Manager,
        department: Some("it".into()),
    });
    config.discord.api_base = Some(fake.api_base());
    configure(&mut config);
    for (handle, id) in [
        ("alice", ALICE),
        ("bob", BOB),
        ("frank", FRANK),
        ("maria", MARIA),
        ("victor", VICTOR),
    ] {
        let member = config
            .members
            .iter_mut()
            .find(|m| m.handle == handle)
            .unwrap();
        member.discord_id = Some(id.to_string());
    }
    let dir = tempfile::tempdir().unwrap();
    let now = MONDAY_10AM.parse().unwrap();
    let clock = Arc::new(AdjustableClock::frozen(now));
    let service = opsdesk::app::open(&config, &dir.path().join("bot.db"), now)
        .await
        .unwrap();
    let wake = Arc::new(Notify::new());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn({
        let (service, clock, wake, discord) = (
            service.clone(),
            clock.clone(),
            wake.clone(),
            config.discord.clone(),
        );
        async move {
            let clock: Arc<dyn Clock> = clock;
            opsdesk::adapters::discord::serve(service, &discord, "test-token", clock, wake, async {
                let _ = stopped.await;
            })
            .await
        }
    });
    fake.wait_ready().await;
    let registration = fake
        .wait_for_call("command registration", |c| {
            c.method == "PUT" && c.path.ends_with("/commands")
        })
        .await;
    DiscordApp {
        fake,
        registration,
        clock,
        wake,
        channels,
        service,
        stop: Some(stop),
        task: Some(task),
        _dir: dir,
        next_interaction: 9000,
    }
}

/// `[{"name": sub, "type": 1, "options": [...]}]` from (name, value) pairs; values are
/// strings unless given as JSON booleans.
pub(crate) fn sub(name: &str, options: &[(&str, Value)]) -> Value {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| {
            let kind = if v.is_boolean() { 5 } else { 3 };
            json!({"name": n, "type": kind, "value": v})
        })
        .collect();
    json!([{"name": name, "type": 1, "options": options}])
}

pub(crate) fn name_of(user: u64) -> &'static str {
    match user {
        ALICE => "alice",
        BOB => "bob",
        FRANK => "frank",
        MARIA => "maria",
        VICTOR => "victor",
        _ => "Ana Stranger",
    }
}

impl DiscordApp {
    /// Frank's `/ticket open dept:it title:TITLE` from #front, as interaction `id`.
    pub(crate) fn frank_opens_ticket(&self, id: u64, title: &str) -> Value {
        let options = sub("open", &[("dept", json!("it")), ("title", json!(title))]);
        payloads::slash_command(
            id,
            FRANK,
            "frank",
            &[],
            "en-US",
            self.channels["front"],
            "ticket",
            options,
        )
    }

    /// Moves the bot's clock on, a little at a time, until a REST call matching `pred`
    /// arrives (a retry the outbox scheduled for later).
    async fn advance_until(&mut self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        for _ in 0..40 {
            self.clock
                .advance_to(self.clock.now() + Duration::seconds(15));
            self.wake.notify_one();
            if let Some(call) = self
                .fake
                .find_call_within(std::time::Duration::from_millis(250), &pred)
                .await
            {
                return call;
            }
        }
        panic!("no REST call {what} after ten simulated minutes");
    }

    fn interaction_id(&mut self) -> u64 {
        self.next_interaction += 1;
        self.next_interaction
    }

    /// Dispatches a slash command and returns its interaction id.
    pub(crate) async fn slash(
        &mut self,
        user: u64,
        locale: &str,
        command: &str,
        options: Value,
    ) -> u64 {
        let id = self.interaction_id();
        let event = payloads::slash_command(
            id,
            user,
            name_of(user),
            &[],
            locale,
            self.channels["front"],
            command,
            options,
        );
        assert!(self.fake.dispatch("INTERACTION_CREATE", event).await);
        id
    }

    /// The answer to interaction `id` (its callback call).
    pub(crate) async fn answer(&self, id: u64) -> Call {
        let path = format!("/interactions/{id}/");
        self.fake
            .wait_for_call("interaction answer", |c| {
                c.method == "POST" && c.path.contains(&path)
            })
            .await
    }

    /// The next message posted in a department's channel.
    async fn posted_in(&self, dept: &str) -> Call {
        let path = format!("/channels/{}/messages", self.channels[dept]);
        self.fake
            .wait_for_call("channel post", |c| {
                c.method == "POST" && c.path.ends_with(&path)
            })
            .await
    }

    /// Clicks a button of `card` and returns the answer.
    async fn click(&mut self, user: u64, locale: &str, card: &Value, custom_id: &str) -> Call {
        let id = self.interaction_id();
        let event = payloads::button_click(
            id,
            user,
            name_of(user),
            &[],
            locale,
            card.clone(),
            custom_id,
        );
        self.fake.dispatch("INTERACTION_CREATE", event).await;
        self.answer(id).await
    }

    /// Submits the form a button of `card` opened, with one field, and returns the answer.
    async fn submit(
        &mut self,
        user: u64,
        locale: &str,
        card: &Value,
        custom_id: &str,
        field: (&str, &str),
    ) -> Call {
        let id = self.interaction_id();
        let event = payloads::modal_submit(
            id,
            user,
            name_of(user),
            &[],
            locale,
            custom_id,
            &[field],
            Some(card.clone()),
        );
        self.fake.dispatch("INTERACTION_CREATE", event).await;
        self.answer(id).await
    }

    /// Opens IT-1 as Frank and returns the card message as Discord stored it.
    pub(crate) async fn open_it_ticket(&mut self, title: &str) -> Value {
        let id = self
            .slash(
                FRANK,
                "en-US",
                "ticket",
                sub("open", &[("dept", json!("it")), ("title", json!(title))]),
            )
            .await;
        self.answer(id).await;
        let post = self.posted_in("it").await;
        let message_id = post.response["id"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap();
        self.fake
            .message(self.channels["it"], message_id)
            .expect("card stored")
    }

    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), task).await;
        }
    }
}

fn ephemeral(call: &Call) -> bool {
    call.body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
}

fn content(call: &Call) -> String {
    call.body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_matches_the_catalogue_with_romanian_localizations() {
    let app = spawn_bot().await;
    let call = app.registration.clone();
    assert!(
        call.path
            .contains(&format!("/guilds/{}/", FakeDiscord::GUILD_ID)),
        "guild-scoped"
    );
    let names: Vec<&str> = call
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = opsdesk::core::grammar::builtin()
        .commands()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, expected);
    let ticket = call
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "ticket")
        .unwrap();
    assert_eq!(ticket["name_localizations"]["ro"], "tichet");
    assert_eq!(
        ticket["description_localizations"]["ro"],
        "Deschide și lucrează tichete"
    );
    let show = ticket["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "show")
        .unwrap();
    let id = &show["options"][0];
    assert_eq!(
        (
            id["name"].as_str(),
            id["required"].as_bool(),
            id["autocomplete"].as_bool()
        ),
        (Some("id"), Some(true), Some(true))
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_opened_and_shown_in_english_posts_a_card_with_buttons_and_a_reaction() {
    let mut app = spawn_bot().await;
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[("dept", json!("it")), ("title", json!("Printer down"))],
            ),
        )
        .await;
    let answer = app.answer(id).await;
    assert!(
        content(&answer).starts_with("Opened IT-1 · Printer down"),
        "{}",
        content(&answer)
    );
    assert!(!ephemeral(&answer), "a change is visible to the channel");
    let post = app.posted_in("it").await;
    assert_eq!(post.body["embeds"][0]["title"], "IT-1 · Printer down");
    assert_eq!(
        post.body["components"][0]["components"][0]["custom_id"],
        "tk:v1:IT-1:claim"
    );
    app.fake
        .wait_for_call("bot reaction", |c| {
            c.method == "PUT" && c.path.contains("/reactions/") && c.path.ends_with("/@me")
        })
        .await;

    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub("show", &[("id", json!("IT-1"))]),
        )
        .await;
    let answer = app.answer(id).await;
    assert_eq!(
        answer.body["data"]["embeds"][0]["title"],
        "IT-1 · Printer down"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_romanian_interaction_is_answered_in_romanian_and_a_stranger_is_enrolled() {
    let mut app = spawn_bot().await;
    let id = app
        .slash(
            STRANGER,
            "ro",
            "ticket",
            sub(
                "open",
                &[("dept", json!("hr")), ("title", json!("Adeverință"))],
            ),
        )
        .await;
    let answer = app.answer(id).await;
    assert!(
        content(&answer).starts_with("Tichet deschis: HR-1"),
        "{}",
        content(&answer)
    );
    let note = app
        .fake
        .wait_for_call("enrolment note", |c| {
            c.method == "POST" && c.path.contains("/webhooks/")
        })
        .await;
    assert!(
        note.body["content"]
            .as_str()
            .unwrap()
            .contains("ai fost adăugat ca @ana.stranger"),
        "{:?}",
        note.body
    );

    let id = app
        .slash(
            MARIA,
            "en-US",
            "ticket",
            sub("show", &[("id", json!("HR-1"))]),
        )
        .await;
    let answer = app.answer(id).await;
    // Maria's own language (ro) wins over her client's.
    assert_eq!(
        answer.body["data"]["embeds"][0]["fields"][0]["name"],
        "Stare"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_ephemeral_and_localized_like_the_console() {
    let mut app = spawn_bot().await;
    let id = app
        .slash(
            ALICE,
            "en-US",
            "ticket",
            sub("show", &[("id", json!("IT-999"))]),
        )
        .await;
    let answer = app.answer(id).await;
    assert!(ephemeral(&answer));
    assert_eq!(
        content(&answer),
        "There is no ticket IT-999. `/ticket list` shows the tickets you can see."
    );

    let id = app
        .slash(
            ALICE,
            "en-US",
            "ticket",
            sub("open", &[("dept", json!("it")), ("title", json!("   "))]),
        )
        .await;
    let answer = app.answer(id).await;
    assert!(ephemeral(&answer));
    assert!(
        content(&answer).starts_with("Option `title` must not be empty."),
        "{}",
        content(&answer)
    );

    let id = app.slash(ALICE, "en-US", "nosuch", json!([])).await;
    assert!(ephemeral(&app.answer(id).await));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_click_claims_the_ticket_and_edits_the_card() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let answer = app.click(ALICE, "en-US", &card, "tk:v1:IT-1:claim").await;
    assert_eq!(answer.body["type"], 7, "the card message is updated");
    let fields = answer.body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["name"] == "Assignee" && f["value"] == "@alice"),
        "{fields:?}"
    );
    let followup = app
        .fake
        .wait_for_call("follow-up", |c| c.path.contains("/webhooks/"))
        .await;
    assert!(followup.body["content"]
        .as_str()
        .unwrap()
        .contains("You now own IT-1"));

    // The requester cannot claim: the refusal is for them only.
    let answer = app.click(FRANK, "en-US", &card, "tk:v1:IT-1:claim").await;
    assert!(ephemeral(&answer));
    assert!(content(&answer).contains("you are requester"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolve_opens_a_form_and_its_submission_resolves() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let answer = app.click(ALICE, "en-US", &card, "tk:v1:IT-1:resolve").await;
    assert_eq!(answer.body["type"], 9, "a modal");
    assert_eq!(answer.body["data"]["custom_id"], "tk:v1:IT-1:resolve");

    let answer = app
        .submit(
            ALICE,
            "en-US",
            &card,
            "tk:v1:IT-1:resolve",
            ("resolution", "New toner"),
        )
        .await;
    assert_eq!(answer.body["type"], 7);
    let fields = answer.body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["name"] == "Status" && f["value"] == "resolved"),
        "{fields:?}"
    );
    assert_eq!(
        answer.body["data"]["components"],
        json!([]),
        "no buttons on a resolved ticket"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_button_gets_a_polite_ephemeral_error() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let answer = app.click(ALICE, "en-US", &card, "tk:v0:IT-1:claim").await;
    assert!(ephemeral(&answer));
    assert!(content(&answer).contains("no longer works"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_interaction_and_a_duplicate_reaction_change_nothing() {
    let app = spawn_bot().await;
    let open = app.frank_opens_ticket(4242, "Once only");
    app.fake.dispatch("INTERACTION_CREATE", open.clone()).await;
    app.answer(4242).await;
    app.fake.dispatch("INTERACTION_CREATE", open).await;
    app.fake
        .assert_no_call("a second ticket", 800, |c| {
            c.method == "POST" && c.body["embeds"][0]["title"] == "IT-2 · Once only"
        })
        .await;
    let posts = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "POST"
                && c.path
                    .ends_with(&format!("/channels/{}/messages", app.channels["it"]))
        })
        .count();
    assert_eq!(posts, 1);

    let post = app.posted_in("it").await;
    let message_id: u64 = post.response["id"].as_str().unwrap().parse().unwrap();
    let reaction = payloads::reaction_add_by(
        payloads::member(BOB, "bob", &[]),
        app.channels["it"],
        message_id,
        "✋",
        FakeDiscord::BOT_USER_ID,
    );
    app.fake
        .dispatch("MESSAGE_REACTION_ADD", reaction.clone())
        .await;
    app.fake
        .wait_for_call("card edited", |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{message_id}"))
        })
        .await;
    app.fake.dispatch("MESSAGE_REACTION_ADD", reaction).await;
    app.fake
        .assert_no_call("a second edit", 800, |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{message_id}"))
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bots_own_reaction_and_reactions_on_other_messages_are_ignored() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let message_id: u64 = card["id"].as_str().unwrap().parse().unwrap();
    let own = payloads::reaction_add_by(
        payloads::member(FakeDiscord::BOT_USER_ID, "opsdesk", &[]),
        app.channels["it"],
        message_id,
        "✋",
        FakeDiscord::BOT_USER_ID,
    );
    app.fake.dispatch("MESSAGE_REACTION_ADD", own).await;
    // A message the bot never posted.
    let foreign = payloads::reaction_add_by(
        payloads::member(BOB, "bob", &[]),
        app.channels["it"],
        777,
        "✋",
        BOB,
    );
    app.fake.dispatch("MESSAGE_REACTION_ADD", foreign).await;
    app.fake
        .assert_no_call("any edit", 800, |c| c.method == "PATCH")
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_title_with_everyone_goes_out_with_no_mentions_allowed() {
    let mut app = spawn_bot().await;
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[
                    ("dept", json!("it")),
                    ("title", json!("@everyone printer @here")),
                ],
            ),
        )
        .await;
    let answer = app.answer(id).await;
    assert_eq!(answer.body["data"]["allowed_mentions"]["parse"], json!([]));
    let post = app.posted_in("it").await;
    assert_eq!(post.body["allowed_mentions"]["parse"], json!([]));
    assert_eq!(
        post.body["embeds"][0]["title"],
        "IT-1 · @everyone printer @here"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sla_breach_is_posted_to_the_departments_channel() {
    let mut app = spawn_bot().await;
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[
                    ("dept", json!("it")),
                    ("title", json!("Server down")),
                    ("priority", json!("urgent")),
                ],
            ),
        )
        .await;
    app.answer(id).await;
    app.posted_in("it").await;
    app.clock
        .advance_to(app.clock.now() + Duration::minutes(31));
    app.wake.notify_one();
    let breach = app
        .fake
        .wait_for_call("breach notice", |c| {
            c.method == "POST"
                && c.body["content"]
                    .as_str()
                    .is_some_and(|t| t.contains("SLA breached on IT-1"))
        })
        .await;
    assert!(breach
        .path
        .ends_with(&format!("/channels/{}/messages", app.channels["it"])));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shard_reconnects_after_the_websocket_drops_and_work_continues() {
    let mut app = spawn_bot().await;
    app.fake.drop_gateway().await;
    app.fake.wait_gateway_sessions(2).await;
    let id = app.slash(ALICE, "en-US", "whoami", json!([])).await;
    let answer = app.answer(id).await;
    assert_eq!(
        answer.body["data"]["embeds"][0]["title"],
        "@alice · Alice Pop"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_channel_post_is_retried_and_the_ticket_is_kept() {
    let mut app = spawn_bot().await;
    let path = format!("/channels/{}/messages", app.channels["it"]);
    app.fake.fail_next("POST", &path, 500, 1);
    app.fake.fail_next("POST", &path, 429, 1);
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[("dept", json!("it")), ("title", json!("Printer down"))],
            ),
        )
        .await;
    assert!(content(&app.answer(id).await).starts_with("Opened IT-1"));
    app.fake
        .wait_for_call("the second attempt", |c| {
            c.method == "POST" && c.path.ends_with(&path) && c.status == 429
        })
        .await;
    // The outbox waits a moment before each new attempt, in the bot's (here simulated) time.
    app.advance_until("the third attempt", |c| {
        c.method == "POST" && c.path.ends_with(&path) && c.status == 200
    })
    .await;
    let attempts = || {
        app.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "POST" && c.path.ends_with(&path))
            .count()
    };
    assert_eq!(attempts(), 3);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_post_discord_refuses_for_good_is_not_retried() {
    let mut app = spawn_bot().await;
    let path = format!("/channels/{}/messages", app.channels["it"]);
    app.fake.fail_next("POST", &path, 403, 5);
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[("dept", json!("it")), ("title", json!("Printer down"))],
            ),
        )
        .await;
    assert!(content(&app.answer(id).await).starts_with("Opened IT-1"));
    app.fake
        .wait_for_call("the refused post", |c| {
            c.method == "POST" && c.path.ends_with(&path) && c.status == 403
        })
        .await;
    app.fake
        .assert_no_call("a second attempt", 3000, |c| {
            c.method == "POST" && c.path.ends_with(&path)
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_suggests_visible_tickets_and_departments() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let id = app.interaction_id();
    let options = json!([{"name": "show", "type": 1, "options": [payloads::focused("id", "it")]}]);
    let event = payloads::autocomplete(
        id,
        ALICE,
        "alice",
        &[],
        "en-US",
        app.channels["it"],
        "ticket",
        options,
    );
    app.fake.dispatch("INTERACTION_CREATE", event).await;
    let answer = app.answer(id).await;
    assert_eq!(answer.body["type"], 8);
    assert_eq!(answer.body["data"]["choices"][0]["value"], "IT-1");

    let id = app.interaction_id();
    let options =
        json!([{"name": "open", "type": 1, "options": [payloads::focused("dept", "ac")]}]);
    let event = payloads::autocomplete(
        id,
        ALICE,
        "alice",
        &[],
        "en-US",
        app.channels["it"],
        "ticket",
        options,
    );
    app.fake.dispatch("INTERACTION_CREATE", event).await;
    let answer = app.answer(id).await;
    assert_eq!(answer.body["data"]["choices"][0]["value"], "acc");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_delegated_by_slash_command_picks_the_member_and_dms_them() {
    let mut app = spawn_bot().await;
    let options = json!([{"name": "assign", "type": 1, "options": [
        {"name": "user", "type": 6, "value": ALICE.to_string()},
        {"name": "title", "type": 3, "value": "Patch the VPN"},
        {"name": "due", "type": 3, "value": "tomorrow 17:00"},
    ]}]);
    let id = app.slash(BOB, "en-US", "task", options).await;
    let answer = app.answer(id).await;
    assert!(
        content(&answer).starts_with("T-1 assigned to @alice: Patch the VPN"),
        "{}",
        content(&answer)
    );
    let dm = app
        .fake
        .wait_for_call("DM channel", |c| {
            c.method == "POST" && c.path.ends_with("/users/@me/channels")
        })
        .await;
    assert_eq!(dm.body["recipient_id"], ALICE.to_string());
    app.fake
        .wait_for_call("DM", |c| {
            c.method == "POST"
                && c.body["content"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("@bob gave you T-1"))
        })
        .await;

    let id = app.interaction_id();
    let options = json!([{"name": "done", "type": 1, "options": [payloads::focused("id", "t-")]}]);
    let event = payloads::autocomplete(
        id,
        ALICE,
        "alice",
        &[],
        "en-US",
        app.channels["it"],
        "task",
        options,
    );
    app.fake.dispatch("INTERACTION_CREATE", event).await;
    let answer = app.answer(id).await;
    assert_eq!(answer.body["data"]["choices"][0]["value"], "T-1");
    app.stop().await;
}

impl DiscordApp {
    /// Alice asks for 4,500 EUR of laptops for IT (Bob, then Victor); returns the card.
    async fn request_laptops(&mut self) -> Value {
        let options = json!([{"name": "request", "type": 1, "options": [
            {"name": "kind", "type": 3, "value": "purchase"},
            {"name": "title", "type": 3, "value": "3 laptops"},
            {"name": "amount", "type": 3, "value": "4 500 EUR"},
            {"name": "dept", "type": 3, "value": "it"},
        ]}]);
        let id = self.slash(ALICE, "en-US", "approval", options).await;
        assert!(content(&self.answer(id).await).starts_with("A-1 requested"));
        let post = self.posted_in("it").await;
        let message_id = post.response["id"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap();
        for emoji in ["%E2%9C%85", "%E2%9D%8C"] {
            self.fake
                .wait_for_call("bot reaction", |c| {
                    c.method == "PUT" && c.path.contains(&format!("/reactions/{emoji}/@me"))
                })
                .await;
        }
        self.fake
            .message(self.channels["it"], message_id)
            .expect("card stored")
    }

    async fn react(&self, user: u64, name: &str, card: &Value, emoji: &str) {
        let message_id: u64 = card["id"].as_str().unwrap().parse().unwrap();
        let event = payloads::reaction_add_by(
            payloads::member(user, name, &[]),
            payloads::read_snowflake(&card["channel_id"]).unwrap(),
            message_id,
            emoji,
            FakeDiscord::BOT_USER_ID,
        );
        self.fake.dispatch("MESSAGE_REACTION_ADD", event).await;
    }

    /// The next direct message whose text contains `text`.
    async fn dm_containing(&self, text: &str) -> Call {
        self.fake
            .wait_for_call("DM", |c| {
                c.method == "POST" && c.body["content"].as_str().is_some_and(|t| t.contains(text))
            })
            .await
    }
}

/// The approval card's edit shows Bob's approval.
#[track_caller]
fn assert_decided_by_bob(edit: &Call) {
    let fields = edit.body["embeds"][0]["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["value"].as_str().unwrap_or_default().contains("✅ @bob")),
        "{fields:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_reactions_decide_in_order_and_refusals_go_by_dm() {
    let mut app = spawn_bot().await;
    let card = app.request_laptops().await;
    let card_edit = |c: &Call| {
        c.method == "PATCH"
            && c.path
                .ends_with(&format!("/messages/{}", card["id"].as_str().unwrap()))
    };

    // The requester's own ✅ is refused, by DM.
    app.react(ALICE, "alice", &card, "✅").await;
    app.dm_containing("it is your own request").await;
    // The bot's own reaction is ignored.
    app.react(FakeDiscord::BOT_USER_ID, "opsdesk", &card, "✅")
        .await;
    // ❌ without a reason is not recorded; the person is told how to give one.
    app.react(BOB, "bob", &card, "❌").await;
    app.dm_containing("That needs a text first").await;
    app.fake.assert_no_call("no edit yet", 500, card_edit).await;

    // Bob's ✅ approves step 1; the card is edited and Victor is asked.
    app.react(BOB, "bob", &card, "✅").await;
    let edit = app.fake.wait_for_call("card edited", card_edit).await;
    assert_decided_by_bob(&edit);
    app.dm_containing("asks you to approve A-1").await;
    // The same reaction event again changes nothing.
    app.react(BOB, "bob", &card, "✅").await;
    app.fake
        .assert_no_call("a second edit", 800, card_edit)
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_and_reject_buttons_decide_and_reject_asks_for_the_reason() {
    let mut app = spawn_bot().await;
    let card = app.request_laptops().await;
    let answer = app.click(BOB, "en-US", &card, "ap:v1:A-1:approve").await;
    assert_eq!(answer.body["type"], 7, "the card is updated");

    let answer = app.click(VICTOR, "ro", &card, "ap:v1:A-1:reject").await;
    assert_eq!(answer.body["type"], 9, "a form asks for the reason");
    assert_eq!(answer.body["data"]["title"], "De ce este respinsă?");

    let answer = app
        .submit(
            VICTOR,
            "ro",
            &card,
            "ap:v1:A-1:reject",
            ("reason", "Nu e în buget"),
        )
        .await;
    assert_eq!(answer.body["type"], 7, "{}", answer.body);
    let fields = answer.body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap();
    assert!(
        fields.iter().any(|f| f["value"] == "rejected"),
        "{fields:?}"
    );
    app.dm_containing("was rejected by @victor").await;
    app.stop().await;
}

/// Issue #13: approvers see what is left before they click.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approval_card_and_the_approvers_dm_show_the_budget_line() {
    let mut app = spawn_bot().await;
    let options = sub(
        "set",
        &[
            ("dept", json!("it")),
            ("period", json!("T4 2026")),
            ("amount", json!("30.000 EUR")),
        ],
    );
    let id = app.slash(MARIA, "ro", "budget", options).await;
    let answer = content(&app.answer(id).await);
    assert!(
        answer.starts_with("Bugetul IT, 2026-Q4 este de 30.000,00 EUR"),
        "{answer}"
    );
    let card = app.request_laptops().await;
    let line = "IT, 2026-Q4: 30,000.00 EUR — after this 25,500.00 EUR left";
    let fields = &card["embeds"][0]["fields"];
    assert_eq!(field(fields, "Budget"), Some(line), "{fields}");
    app.dm_containing(&format!("Budget: {line}.")).await;
    // The card keeps the line as it changes: Bob's ✅ asks Victor, in Romanian.
    app.react(BOB, "bob", &card, "✅").await;
    let message_id = card["id"].as_str().unwrap().to_string();
    let edit = app
        .fake
        .wait_for_call("card edited", |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{message_id}"))
        })
        .await;
    assert_eq!(
        field(&edit.body["embeds"][0]["fields"], "Budget"),
        Some(line)
    );
    app.dm_containing("Buget: IT, 2026-Q4: 30.000,00 EUR — după aceasta rămân 25.500,00 EUR.")
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_with_a_mapped_discord_role_is_enrolled_with_that_role() {
    let mut app = spawn_bot().await;
    let id = app.interaction_id();
    let event = payloads::slash_command(
        id,
        3001,
        "Ion Manager",
        &[IT_MANAGERS_ROLE],
        "ro",
        app.channels["it"],
        "whoami",
        json!([]),
    );
    app.fake.dispatch("INTERACTION_CREATE", event).await;
    let answer = app.answer(id).await;
    let fields = answer.body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["name"] == "Rol" && f["value"] == "manager"),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f["name"] == "Departament" && f["value"] == "IT"),
        "{fields:?}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_by_slash_command_refreshes_the_posted_card() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let message_id = card["id"].as_str().unwrap().to_string();
    let id = app
        .slash(
            ALICE,
            "en-US",
            "ticket",
            sub("claim", &[("id", json!("IT-1"))]),
        )
        .await;
    assert!(content(&app.answer(id).await).contains("You now own IT-1"));
    let edit = app
        .fake
        .wait_for_call("card refreshed", |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{message_id}"))
        })
        .await;
    let fields = edit.body["embeds"][0]["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["name"] == "Assignee" && f["value"] == "@alice"),
        "{fields:?}"
    );
    assert!(
        edit.body.get("content").is_none_or(Value::is_null),
        "the line of news stays: {}",
        edit.body
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_breaches_reach_discord_as_a_handful_of_messages_none_lost() {
    let app = spawn_bot().await;
    let frank = opsdesk::core::service::Caller::new(
        opsdesk::core::domain::ids::Handle::parse("frank").unwrap(),
    );
    let now = app.clock.now();
    for n in 1..=500 {
        let line = format!("/ticket open dept:it title:\"Outage {n}\" priority:urgent");
        app.service.execute_line(&frank, &line, now).await;
    }
    app.wake.notify_one();
    let it = format!("/channels/{}/messages", app.channels["it"]);
    let posts = |app: &DiscordApp, text: &str| {
        app.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "POST" && c.path.ends_with(&it))
            .filter(|c| c.body["content"].as_str().is_some_and(|t| t.contains(text)))
            .count()
    };
    // The 500 cards go out first (one each: they are the tickets' own messages).
    let started = std::time::Instant::now();
    while posts(&app, "New ticket from @frank") < 500 {
        assert!(started.elapsed().as_secs() < 60, "cards not all posted");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // 10:31: every first-response clock has warned (10:24) and breached (10:30).
    app.clock.advance_to(now + Duration::minutes(31));
    let started = std::time::Instant::now();
    app.wake.notify_one();
    // Five pages of 15 lines, the last saying how many more.
    while posts(&app, "SLA breaches") < 5 {
        assert!(
            started.elapsed().as_secs() < 30,
            "the breach list did not arrive"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let elapsed = started.elapsed();
    // Nothing more comes: no single notices trickling in after the list.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let pages = posts(&app, "SLA breaches");
    let singles = posts(&app, "SLA breached on");
    let covered: usize = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "POST" && c.path.ends_with(&it))
        .filter_map(|c| c.body["content"].as_str().map(str::to_owned))
        .filter(|t| t.contains("SLA breaches"))
        .map(|t| {
            let listed = t.lines().filter(|l| l.starts_with("• IT-")).count();
            let more = t
                .lines()
                .find_map(|l| {
                    l.strip_prefix("… and ")?
                        .strip_suffix(" more.")?
                        .parse()
                        .ok()
                })
                .unwrap_or(0);
            listed + more
        })
        .sum();
    println!(
        "500 SLA breaches at once: {pages} messages to #it within {} ms (plus the warnings' list)",
        elapsed.as_millis()
    );
    assert!((1..=5).contains(&pages), "{pages} pages");
    assert_eq!(singles, 0, "breaches sent one by one");
    assert_eq!(covered, 500, "every breach is on a page");
    app.stop().await;
}

impl DiscordApp {
    /// Frank opens IT-1 and escalates it; returns the escalation's card as Discord stored it.
    async fn escalate_it_ticket(&mut self) -> Value {
        self.open_it_ticket("Payroll server down").await;
        let options = json!([
            {"name": "ticket", "type": 3, "value": "IT-1"},
            {"name": "reason", "type": 3, "value": "Salaries are paid tonight"},
        ]);
        let id = self.slash(FRANK, "en-US", "escalate", options).await;
        assert!(content(&self.answer(id).await).starts_with("E-1 raised about IT-1"));
        // A ticket's escalation is posted in the ticket's thread (issue #15).
        let post = self
            .fake
            .wait_for_call("the escalation card", |c| {
                c.method == "POST" && c.body["embeds"][0]["title"] == "🔺 E-1 · IT-1"
            })
            .await;
        let thread = self.fake.threads().pop().expect("IT-1's thread");
        assert!(post
            .path
            .ends_with(&format!("/channels/{}/messages", thread.id)));
        let message_id: u64 = post.response["id"].as_str().unwrap().parse().unwrap();
        self.fake
            .wait_for_call("👀 added under the card", |c| {
                c.method == "PUT" && c.path.contains("/reactions/%F0%9F%91%80/@me")
            })
            .await;
        self.fake
            .message(thread.id, message_id)
            .expect("card stored")
    }

    /// Moves the clock to Tuesday 2026-12-08 08:30 in Bucharest, when the default digests
    /// go out, and returns the upload of Bob's (a direct message with its chart).
    async fn bobs_tuesday_digest(&mut self) -> Call {
        let tuesday: chrono::DateTime<chrono::Utc> = "2026-12-08T06:30:00Z".parse().unwrap();
        self.clock.advance_to(tuesday);
        self.wake.notify_one();
        self.fake
            .wait_for_call("Bob's digest", |c| {
                c.method == "POST"
                    && c.path.ends_with("/messages")
                    && c.body["embeds"][0]["title"] == "Your digest · 2026-12-08 08:30 EET"
            })
            .await
    }
}

fn field<'a>(embed_fields: &'a Value, name: &str) -> Option<&'a str> {
    embed_fields
        .as_array()?
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledge_on_the_escalation_card_stops_the_climb_once_even_if_replayed() {
    let mut app = spawn_bot().await;
    let card = app.escalate_it_ticket().await;
    app.dm_containing("E-1 needs you (level 1)").await;
    // A click by someone who does not hold it is refused, for them only.
    let answer = app.click(ALICE, "en-US", &card, "es:v1:E-1:ack").await;
    assert!(ephemeral(&answer));
    assert!(
        content(&answer).contains("who hold E-1 (@bob)"),
        "{}",
        answer.body
    );

    let id = app.interaction_id();
    let click = payloads::button_click(id, BOB, "bob", &[], "en-US", card.clone(), "es:v1:E-1:ack");
    app.fake.dispatch("INTERACTION_CREATE", click.clone()).await;
    let answer = app.answer(id).await;
    assert_eq!(answer.body["type"], 7, "the card is updated");
    let fields = &answer.body["data"]["embeds"][0]["fields"];
    assert_eq!(field(fields, "Status"), Some("acknowledged"), "{fields}");
    assert_eq!(field(fields, "Owner"), Some("@bob"));
    app.dm_containing("@bob took E-1 about IT-1").await;
    app.fake
        .wait_for_call("the reply as a follow-up", |c| {
            c.path.contains("/webhooks/")
                && c.body["content"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("You took E-1"))
        })
        .await;
    // The same click delivered again has no second effect.
    app.fake.dispatch("INTERACTION_CREATE", click).await;
    app.fake
        .assert_no_call("a second answer or notice", 800, |c| {
            c.path.contains(&format!("/interactions/{id}/"))
                || c.body["content"]
                    .as_str()
                    .is_some_and(|t| t.contains("took E-1"))
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_is_uploaded_with_its_chart_in_the_embed_and_buttons_to_decide() {
    let mut app = spawn_bot().await;
    app.request_laptops().await;
    let digest = app.bobs_tuesday_digest().await;
    // multipart/form-data: the message as `payload_json`, the chart as `files[0]`.
    assert_eq!(digest.files.len(), 1, "{digest}");
    let file = &digest.files[0];
    assert_eq!(file.filename, "digest-D-1-20261208-0830.png");
    assert_eq!(file.content_type, "image/png");
    let info = png::Decoder::new(file.bytes.as_slice())
        .read_info()
        .expect("a PNG")
        .info()
        .clone();
    assert_eq!((info.width, info.height), (800, 400));
    let embed = &digest.body["embeds"][0];
    assert_eq!(
        embed["image"]["url"],
        "attachment://digest-D-1-20261208-0830.png"
    );
    let text = embed["description"].as_str().unwrap();
    assert!(text.contains("Approvals waiting on you (1):"), "{text}");
    assert!(text.contains("A-1 · 3 laptops"), "{text}");
    let buttons: Vec<&str> = digest.body["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"].as_str().unwrap())
        .collect();
    assert_eq!(buttons, ["Approve A-1", "Reject A-1"]);
    assert_eq!(digest.body["allowed_mentions"]["parse"], json!([]));
    assert!(
        digest.body["nonce"].is_string(),
        "sent with the outbox's nonce"
    );
    // Discord's answer names the stored file, which serenity read back.
    assert_eq!(
        digest.response["attachments"][0]["filename"],
        "digest-D-1-20261208-0830.png"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_decided_from_a_digest_button_refreshes_its_card_and_leaves_the_digest() {
    let mut app = spawn_bot().await;
    let card = app.request_laptops().await;
    let upload = app.bobs_tuesday_digest().await;
    let channel: u64 = upload.path.split('/').nth(4).unwrap().parse().unwrap();
    let message_id: u64 = upload.response["id"].as_str().unwrap().parse().unwrap();
    let digest = app
        .fake
        .message(channel, message_id)
        .expect("digest stored");

    let answer = app
        .click(BOB, "en-US", &digest, "ap:v1:A-1:approve:list")
        .await;
    // Answered to Bob alone, as a new message: the digest is not turned into the card.
    assert_eq!(answer.body["type"], 4, "{}", answer.body);
    assert!(ephemeral(&answer));
    assert!(
        content(&answer).contains("You approved A-1 (step 1 of 2)"),
        "{}",
        content(&answer)
    );
    // The approval's own card, in #it, shows the decision.
    let card_id = card["id"].as_str().unwrap().to_string();
    let edit = app
        .fake
        .wait_for_call("approval card refreshed", |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{card_id}"))
        })
        .await;
    assert_decided_by_bob(&edit);
    app.dm_containing("asks you to approve A-1").await;
    // The digest is no card of A-1: nothing edits it, then or later.
    app.fake
        .assert_no_call("an edit of the digest", 800, |c| {
            c.method == "PATCH" && c.path.ends_with(&format!("/messages/{message_id}"))
        })
        .await;

    // Reject asks for the reason in a form, whose submission decides the same way.
    let answer = app
        .click(VICTOR, "ro", &digest, "ap:v1:A-1:reject:list")
        .await;
    assert_eq!(answer.body["type"], 9, "a form asks for the reason");
    let answer = app
        .submit(
            VICTOR,
            "ro",
            &digest,
            "ap:v1:A-1:reject:list",
            ("reason", "Nu e în buget"),
        )
        .await;
    assert_eq!(answer.body["type"], 4, "{}", answer.body);
    assert!(
        content(&answer).contains("Ai respins A-1"),
        "{}",
        content(&answer)
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eyes_acknowledge_and_resolve_asks_for_a_note_in_a_form() {
    let mut app = spawn_bot().await;
    let card = app.escalate_it_ticket().await;
    let card_edit = |c: &Call| {
        c.method == "PATCH"
            && c.path
                .ends_with(&format!("/messages/{}", card["id"].as_str().unwrap()))
    };
    app.react(BOB, "bob", &card, "👀").await;
    let edit = app.fake.wait_for_call("card edited", card_edit).await;
    assert_eq!(
        field(&edit.body["embeds"][0]["fields"], "Status"),
        Some("acknowledged")
    );
    let answer = app.click(BOB, "en-US", &card, "es:v1:E-1:resolve").await;
    assert_eq!(answer.body["type"], 9, "a form asks what was done");
    assert_eq!(answer.body["data"]["title"], "What was done?");
    let answer = app
        .submit(
            BOB,
            "en-US",
            &card,
            "es:v1:E-1:resolve",
            ("note", "Server restarted"),
        )
        .await;
    assert_eq!(answer.body["type"], 7, "{}", answer.body);
    let fields = &answer.body["data"]["embeds"][0]["fields"];
    assert_eq!(field(fields, "Status"), Some("resolved"));
    assert_eq!(
        answer.body["data"]["components"],
        json!([]),
        "no buttons left"
    );
    app.dm_containing("E-1 about IT-1 is resolved: “Server restarted”")
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_now_answers_the_slash_command_with_the_chart_for_the_caller_alone() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let id = app.slash(BOB, "en-US", "digest", sub("now", &[])).await;
    let answer = app.answer(id).await;
    assert!(ephemeral(&answer), "a personal answer");
    let embed = &answer.body["data"]["embeds"][0];
    assert_eq!(embed["title"], "Your digest · 2026-12-07 10:00 EET");
    assert_eq!(answer.files.len(), 1, "{answer}");
    assert_eq!(
        embed["image"]["url"].as_str(),
        Some(format!("attachment://{}", answer.files[0].filename).as_str())
    );
    app.stop().await;
}

/// Every message answering interaction `id`, in order: the answer's message, then its
/// follow-ups until one is numbered as the last page (`n/n`) or the answer is one message.
async fn answer_pages(app: &DiscordApp, id: u64) -> Vec<Value> {
    let answer = app.answer(id).await;
    let first = answer.body["data"].clone();
    let last_page = |message: &Value| {
        let footer = message["embeds"][0]["footer"]["text"]
            .as_str()
            .unwrap_or("");
        match footer.split_once('/') {
            Some((n, of)) => n == of,
            None => true,
        }
    };
    if last_page(&first) {
        return vec![first];
    }
    let token = format!(
        "/webhooks/{}/{}",
        FakeDiscord::APPLICATION_ID,
        payloads::interaction_token(id)
    );
    let started = std::time::Instant::now();
    loop {
        let followups: Vec<Value> = app
            .fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "POST" && c.path.ends_with(&token))
            .map(|c| c.body)
            .collect();
        if followups.last().is_some_and(last_page) {
            return std::iter::once(first).chain(followups).collect();
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "pages missing: {followups:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Checks every message against Discord's limits (content 2,000; embed description 4,096;
/// an embed's title, description, fields and footer together 6,000) and returns their text:
/// content and descriptions, one per line.
fn paged_text(pages: &[Value]) -> String {
    let len = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    let mut text = Vec::new();
    for page in pages {
        assert!(len(&page["content"]) <= 2000, "{page}");
        for embed in page["embeds"].as_array().into_iter().flatten() {
            assert!(len(&embed["description"]) <= 4096, "{embed}");
            let fields: usize = embed["fields"].as_array().map_or(0, |f| {
                f.iter().map(|f| len(&f["name"]) + len(&f["value"])).sum()
            });
            let total = len(&embed["title"])
                + len(&embed["description"])
                + len(&embed["footer"]["text"])
                + fields;
            assert!(total <= 6000, "{embed}");
            text.extend(embed["description"].as_str().map(str::to_owned));
        }
        text.extend(page["content"].as_str().map(str::to_owned));
    }
    text.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_of_61_tickets_is_paged_whole_and_says_how_many_match_and_how_to_narrow() {
    let mut app = spawn_bot().await;
    let alice = opsdesk::core::service::Caller::new(
        opsdesk::core::domain::ids::Handle::parse("alice").unwrap(),
    );
    let now = app.clock.now();
    for n in 1..=61 {
        let line = format!(
            "/ticket open dept:it title:\"Laptop {n} will not start after the update, screen stays black\""
        );
        app.service.execute_line(&alice, &line, now).await;
    }
    let id = app.slash(ALICE, "en-US", "ticket", sub("list", &[])).await;
    let pages = answer_pages(&app, id).await;
    assert!(pages.len() > 1, "{pages:?}");
    assert!(pages.iter().all(ephemeral_message), "a list is personal");
    let text = paged_text(&pages);
    assert!(
        text.starts_with("61 tickets match; the first 50, most urgent first:"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  IT-")).collect();
    assert_eq!(rows.len(), 50, "{text}");
    for (n, row) in (1..=50).zip(&rows) {
        assert!(row.starts_with(&format!("  IT-{n} · ")), "{row}");
        assert!(row.ends_with("screen stays black"), "{row}");
    }
    assert!(
        text.ends_with(
            "11 more are not shown. Narrow the list with dept:, status:, assignee: or \
             mine:true, e.g. `/ticket list dept:it status:waiting`."
        ),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn romanian_help_for_ticket_is_paged_whole_as_the_console_shows_it() {
    let mut app = spawn_bot().await;
    let maria = opsdesk::core::service::Caller::new(
        opsdesk::core::domain::ids::Handle::parse("maria").unwrap(),
    );
    let opsdesk::core::service::Outcome::Done(console) = app
        .service
        .execute_line(&maria, "/ajutor comanda:tichet", app.clock.now())
        .await
    else {
        panic!("help is not a replay");
    };
    let [opsdesk::core::outbound::Outbound {
        body: opsdesk::core::outbound::Body::Text(expected),
        ..
    }] = &console[..]
    else {
        panic!("help is one text: {console:?}");
    };
    assert!(expected.chars().count() > 2000, "the help is long");
    assert!(expected.contains("/tichet inchide id:<id>"), "{expected}");

    let id = app
        .slash(
            MARIA,
            "ro",
            "help",
            json!([{"name": "command", "type": 3, "value": "ticket"}]),
        )
        .await;
    // Too long for a message's content (2,000), so it goes as an embed (4,096 a page).
    let pages = answer_pages(&app, id).await;
    assert!(pages[0]["content"].is_null(), "{pages:?}");
    assert_eq!(
        &paged_text(&pages),
        expected,
        "nothing lost, split at lines"
    );
    app.stop().await;
}

fn ephemeral_message(message: &Value) -> bool {
    message["flags"].as_u64().unwrap_or(0) & 64 != 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_card_shows_the_start_of_long_details_and_ticket_show_all_of_them() {
    let mut app = spawn_bot().await;
    let details: String = (1..=60)
        .map(|n| format!("Step {n}: the laptop was restarted and the screen stayed black."))
        .collect::<Vec<_>>()
        .join("\n");
    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub(
                "open",
                &[
                    ("dept", json!("it")),
                    ("title", json!("Laptop")),
                    ("details", json!(details)),
                ],
            ),
        )
        .await;
    app.answer(id).await;
    let card = app.posted_in("it").await;
    let shown = card.body["embeds"][0]["description"].as_str().unwrap();
    assert!(shown.starts_with("Step 1: the laptop"), "{shown}");
    assert!(
        shown.ends_with("… The rest of the details: `/ticket show IT-1`."),
        "{shown}"
    );
    assert!(shown.chars().count() < 500, "{shown}");

    let id = app
        .slash(
            FRANK,
            "en-US",
            "ticket",
            sub("show", &[("id", json!("IT-1"))]),
        )
        .await;
    let pages = answer_pages(&app, id).await;
    assert!(paged_text(&pages).contains(&details), "{pages:?}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raised_hand_with_a_skin_tone_claims_the_ticket_once() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Projector flickers").await;
    let edited = |c: &Call| {
        c.method == "PATCH"
            && c.path
                .ends_with(&format!("/messages/{}", card["id"].as_str().unwrap()))
    };
    app.react(ALICE, "alice", &card, "✋🏽").await;
    let edit = app.fake.wait_for_call("card edited", edited).await;
    assert_eq!(
        field(&edit.body["embeds"][0]["fields"], "Assignee"),
        Some("@alice")
    );
    // The same hand in another tone from the same person is the same reaction.
    app.react(ALICE, "alice", &card, "✋🏿").await;
    app.react(ALICE, "alice", &card, "✋\u{FE0F}").await;
    app.fake.assert_no_call("a second edit", 800, edited).await;
    app.fake
        .assert_no_call("a refusal", 200, |c| {
            c.method == "POST"
                && c.body["content"]
                    .as_str()
                    .is_some_and(|t| t.contains("already"))
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_a_csv_file_on_the_callers_private_answer_not_an_image() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let options = |pairs: &[(&str, &str)]| -> Value {
        pairs
            .iter()
            .map(|(n, v)| json!({"name": n, "type": 3, "value": v}))
            .collect()
    };
    let id = app
        .slash(BOB, "en-US", "export", options(&[("what", "tickets")]))
        .await;
    let answer = app.answer(id).await;
    assert!(ephemeral(&answer), "only the caller sees the file");
    // multipart/form-data: the answer as `payload_json`, the CSV as `files[0]`.
    assert_eq!(answer.files.len(), 1, "{answer}");
    let file = &answer.files[0];
    assert!(file.filename.ends_with(".csv"), "{}", file.filename);
    let text = String::from_utf8(file.bytes.clone()).expect("UTF-8");
    let mut rows = text.lines();
    assert!(rows.next().is_some_and(|header| header.contains("title")));
    assert!(
        rows.any(|row| row.contains("IT-1") && row.contains("Printer down")),
        "{text}"
    );
    let embed = &answer.body["data"]["embeds"][0];
    assert!(
        embed["image"].is_null(),
        "a document is offered beside the embed, not shown in it: {embed}"
    );

    // A department the manager may not see: refused, no file.
    let id = app
        .slash(
            BOB,
            "en-US",
            "export",
            options(&[("what", "tickets"), ("dept", "acc")]),
        )
        .await;
    let refusal = app.answer(id).await;
    assert!(ephemeral(&refusal));
    assert!(refusal.files.is_empty(), "{refusal}");
    assert!(
        refusal
            .body
            .to_string()
            .contains("Only the manager of Accounting"),
        "{refusal}"
    );
    app.stop().await;
}

/// Issue #15: a CSV larger than the interaction's answer may carry (Discord says how much
/// with each interaction) goes by direct message; the ephemeral answer says so — or, when
/// the direct message cannot be sent either, says to export less.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_too_large_for_the_answer_goes_by_direct_message() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let export = |id: u64, user: u64, locale: &str| {
        let options = json!([{"name": "what", "type": 3, "value": "tickets"}]);
        let front = app.channels["front"];
        let mut event = payloads::slash_command(
            id,
            user,
            name_of(user),
            &[],
            locale,
            front,
            "export",
            options,
        );
        // The header alone is larger.
        payloads::merge(&mut event, json!({"attachment_size_limit": 100}));
        event
    };
    assert!(
        app.fake
            .dispatch("INTERACTION_CREATE", export(9_501, BOB, "en-US"))
            .await
    );
    let answer = app.answer(9_501).await;
    assert!(ephemeral(&answer), "{answer}");
    assert!(answer.files.is_empty(), "{answer}");
    let said = content(&answer);
    assert!(said.starts_with("export-tickets-it-"), "{said}");
    assert!(
        said.ends_with("it was sent to you by direct message."),
        "{said}"
    );
    let dm = app
        .fake
        .wait_for_call("the file by direct message", |c| {
            c.method == "POST" && c.path.ends_with("/messages") && !c.files.is_empty()
        })
        .await;
    let opened = app
        .fake
        .wait_for_call("Bob's DM channel", |c| {
            c.path.ends_with("/users/@me/channels")
        })
        .await;
    assert_eq!(opened.body["recipient_id"], BOB.to_string());
    let file = &dm.files[0];
    assert!(file.filename.ends_with(".csv"), "{}", file.filename);
    assert!(String::from_utf8_lossy(&file.bytes).contains("Printer down"));

    // Victor (Romanian) cannot be written to: the answer says to export less.
    app.fake.fail_next("POST", "/users/@me/channels", 403, 3);
    assert!(
        app.fake
            .dispatch("INTERACTION_CREATE", export(9_502, VICTOR, "ro"))
            .await
    );
    let answer = app.answer(9_502).await;
    let said = content(&answer);
    assert!(ephemeral(&answer) && answer.files.is_empty(), "{answer}");
    assert!(
        said.contains("este prea mare") && said.contains("nu a putut fi trimis"),
        "{said}"
    );
    app.stop().await;
}

/// Issue #16: by default a process runs every shard Discord recommends — here two, one per
/// guild — and answers in both guilds.
#[tokio::test]
async fn one_process_runs_every_recommended_shard_and_answers_in_both_guilds() {
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(2);
    fake.add_guild(FakeDiscord::SECOND_GUILD_ID);
    let app = spawn_bot_on(fake).await;
    // serenity starts a process's shards 5 s apart.
    let ready = app
        .fake
        .wait_shards_ready(&[0, 1], std::time::Duration::from_secs(20))
        .await;
    let shards: Vec<(u64, u64)> = ready
        .iter()
        .map(|(shard, total, _)| (*shard, *total))
        .collect();
    assert_eq!(shards, [(0, 2), (1, 2)]);
    // One registration serves both shards.
    app.fake
        .assert_no_call("registering the commands again", 300, |c| {
            c.method == "PUT" && c.path.ends_with("/commands")
        })
        .await;
    for (id, guild) in [
        (9_101, FakeDiscord::GUILD_ID),
        (9_102, FakeDiscord::SECOND_GUILD_ID),
    ] {
        let event = app.frank_opens_ticket(id, &format!("Sharded {id}"));
        let event = payloads::in_guild_id(event, guild);
        assert!(app.fake.dispatch("INTERACTION_CREATE", event).await);
        let answered = app
            .fake
            .wait_answered(id, std::time::Duration::from_secs(10))
            .await;
        assert!(answered, "the command in guild {guild} was not answered");
    }
    app.stop().await;
}

/// Issue #15, part 3: the requester's rating through Discord's buttons and form — the
/// question a resolution sends, a score clicked, a comment typed, the rating on the ticket,
/// and the department's manager told of a low one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_buttons_record_the_requesters_score_and_a_low_one_tells_the_manager() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let options = sub(
        "resolve",
        &[("id", json!("IT-1")), ("resolution", json!("New toner"))],
    );
    let id = app.slash(ALICE, "en-US", "ticket", options).await;
    app.answer(id).await;

    // Frank is asked by DM, with a button per score and one for a comment.
    let question = app
        .fake
        .wait_for_call("the rating question", |c| {
            c.method == "POST"
                && c.body["embeds"][0]["title"] == "How did we do with IT-1 · Printer down?"
        })
        .await;
    let buttons: Vec<&str> = question.body["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap())
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        buttons,
        [
            "tk:v1:IT-1:rate-1",
            "tk:v1:IT-1:rate-2",
            "tk:v1:IT-1:rate-3",
            "tk:v1:IT-1:rate-4",
            "tk:v1:IT-1:rate-5",
            "tk:v1:IT-1:rate-note"
        ]
    );
    let channel = payloads::read_snowflake(&question.response["channel_id"]).unwrap();
    let message = payloads::read_snowflake(&question.response["id"]).unwrap();
    let card = app.fake.message(channel, message).expect("question stored");

    // A low score is recorded, and the IT manager hears of it.
    let answer = app.click(FRANK, "en-US", &card, "tk:v1:IT-1:rate-2").await;
    assert!(
        answer.body.to_string().contains("IT-1 rated ★★☆☆☆"),
        "{}",
        answer.body
    );
    app.fake
        .wait_for_call("a DM opened to Bob", |c| {
            c.is("POST", "/users/@me/channels")
                && payloads::read_snowflake(&c.body["recipient_id"]) == Some(BOB)
        })
        .await;
    let low = app
        .dm_containing("⚠ Low rating for IT-1 · Printer down")
        .await;
    assert!(posted_content(&low).contains("from @frank"), "{}", low.body);

    // The comment button opens a form; what is typed joins the rating.
    let answer = app
        .click(FRANK, "en-US", &card, "tk:v1:IT-1:rate-note")
        .await;
    assert_eq!(answer.body["type"], 9, "a modal");
    let answer = app
        .submit(
            FRANK,
            "en-US",
            &card,
            "tk:v1:IT-1:rate-note",
            ("comment", "It took two days"),
        )
        .await;
    assert!(
        answer.body.to_string().contains("is now ★★☆☆☆"),
        "{}",
        answer.body
    );

    // Staff see the rating on the ticket.
    let id = app
        .slash(
            ALICE,
            "en-US",
            "ticket",
            sub("show", &[("id", json!("IT-1"))]),
        )
        .await;
    let shown = app.answer(id).await;
    let fields = shown.body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap();
    assert!(
        fields.iter().any(|f| f["name"] == "Rating"
            && f["value"].as_str().is_some_and(
                |v| v.contains("★★☆☆☆ 2/5 by @frank") && v.contains("It took two days")
            )),
        "{fields:?}"
    );
    app.stop().await;
}

fn posted_content(call: &Call) -> String {
    call.body["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
