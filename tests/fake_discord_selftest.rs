//! The fake Discord itself: its payloads fit serenity's models (serenity drops what does not,
//! silently), a real serenity client connects, answers, reconnects, and the REST answers —
//! injected failures included — are what serenity expects.

use std::time::Duration;

use serde_json::{json, Value};
use serenity::builder::{
    CreateActionRow, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage, EditMessage,
};
use serenity::client::{Client, ClientBuilder, Context, EventHandler};
use serenity::gateway::ShardManager;
use serenity::http::{Http, HttpBuilder, HttpError};
use serenity::model::application::{
    ActionRowComponent, CommandDataOptionValue, CommandOptionType, CurrentApplicationInfo,
    Interaction,
};
use serenity::model::channel::{GuildChannel, Message, PrivateChannel, Reaction, ReactionType};
use serenity::model::event::{Event, GatewayEvent, ResumedEvent};
use serenity::model::gateway::{BotGateway, GatewayIntents, Ready};
use serenity::model::id::{ApplicationId, ChannelId, GuildId, InteractionId, MessageId, UserId};
use serenity::model::user::CurrentUser;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::support::fake_discord::{intents, payloads, shard_of, Call, FakeDiscord};

/// How long a test waits for the bot's event handlers.
const HANDLER_WAIT: Duration = Duration::from_secs(10);

const CHANNEL: u64 = 2_000_000_000_000_000_001;
const ANA: u64 = 3_000_000_000_000_000_001;
const APPROVER_ROLE: u64 = 4_000_000_000_000_000_001;

// ---------------------------------------------------------------------------------------------
// Payloads against serenity's models
// ---------------------------------------------------------------------------------------------

/// Parses a dispatch exactly as serenity's shard does: the whole frame into `GatewayEvent`.
/// A payload serenity cannot read in its proper variant falls back to `Event::Unknown`, which
/// the callers' `match` rejects.
fn serenity_event(event: &str, data: Value) -> Event {
    let frame = payloads::dispatch_frame(7, event, data);
    match serde_json::from_value::<GatewayEvent>(frame.clone()) {
        Ok(GatewayEvent::Dispatch(7, parsed)) => parsed,
        other => panic!("serenity cannot read the {event} frame: {other:?}\n{frame:#}"),
    }
}

/// The interaction inside an INTERACTION_CREATE built by the fake.
fn serenity_interaction(data: Value) -> Interaction {
    match serenity_event("INTERACTION_CREATE", data.clone()) {
        Event::InteractionCreate(event) => event.interaction,
        other => panic!("not an interaction for serenity: {other:?}\n{data:#}"),
    }
}

/// Deserializes a REST answer the way serenity's `Http` does.
fn serenity_model<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> T {
    match serde_json::from_value(value.clone()) {
        Ok(model) => model,
        Err(error) => panic!("serenity cannot read {what}: {error}\n{value:#}"),
    }
}

fn bot_message(id: u64, content: &str) -> Value {
    let components = json!([{"type": 1, "components": [
        {"type": 2, "style": 3, "label": "Approve", "custom_id": "approve:1"}
    ]}]);
    let embeds = json!([{"type": "rich", "title": "IT-1", "color": 3447003,
        "fields": [{"name": "Status", "value": "open", "inline": true}]}]);
    payloads::message(
        id,
        CHANNEL,
        payloads::bot_user(),
        content,
        embeds,
        components,
    )
}

// Serenity reads each builder's output into its own model, in the right variant.

#[test]
fn slash_commands_deserialize_as_serenity_commands() {
    let options = json!([{"name": "open", "type": 1, "options": [
        {"name": "dept", "type": 3, "value": "it"},
        {"name": "urgent", "type": 5, "value": true}
    ]}]);
    let roles = [APPROVER_ROLE];
    let slash = payloads::slash_command(11, ANA, "ana", &roles, "ro", CHANNEL, "ticket", options);
    let Interaction::Command(command) = serenity_interaction(slash) else {
        panic!("a slash command must be Interaction::Command");
    };
    assert_eq!(command.data.name, "ticket");
    assert_eq!(command.data.id.get(), payloads::command_id("ticket"));
    assert_eq!(command.locale, "ro");
    assert_eq!(
        command.user.id.get(),
        ANA,
        "serenity copies member.user to user"
    );
    assert_eq!(command.token, payloads::interaction_token(11));
    assert_eq!(command.channel_id.get(), CHANNEL);
    assert_eq!(
        command.guild_id.map(GuildId::get),
        Some(FakeDiscord::GUILD_ID)
    );
    let member = command
        .member
        .as_ref()
        .expect("guild interactions carry the member");
    let member_roles: Vec<u64> = member.roles.iter().map(|r| r.get()).collect();
    assert_eq!(member_roles, roles);
    match &command.data.options[0].value {
        CommandDataOptionValue::SubCommand(sub) => {
            assert_eq!(sub[0].value, CommandDataOptionValue::String("it".into()));
            assert_eq!(sub[1].value, CommandDataOptionValue::Boolean(true));
        }
        other => panic!("expected the `open` sub-command, got {other:?}"),
    }
}

#[test]
fn autocomplete_requests_deserialize_with_their_focused_option() {
    let typing = json!([{"name": "open", "type": 1, "options": [payloads::focused("dept", "i")]}]);
    let request = payloads::autocomplete(12, ANA, "ana", &[], "en-US", CHANNEL, "ticket", typing);
    let Interaction::Autocomplete(autocomplete) = serenity_interaction(request) else {
        panic!("an autocomplete request must be Interaction::Autocomplete");
    };
    let focused = autocomplete
        .data
        .autocomplete()
        .expect("one option is focused");
    assert_eq!((focused.name, focused.value), ("dept", "i"));
    assert_eq!(focused.kind, CommandOptionType::String);
}

#[test]
fn button_clicks_deserialize_as_component_interactions() {
    let message = bot_message(21, "IT-1 opened");
    let click = payloads::button_click(13, ANA, "ana", &[], "ro", message, "approve:1");
    let Interaction::Component(component) = serenity_interaction(click) else {
        panic!("a button click must be Interaction::Component");
    };
    assert_eq!(component.data.custom_id, "approve:1");
    assert_eq!(component.channel_id.get(), CHANNEL);
    assert_eq!(component.message.id.get(), 21);
    assert_eq!(component.message.embeds[0].fields[0].value, "open");
    assert!(matches!(
        component.message.components[0].components[0],
        ActionRowComponent::Button(_)
    ));
}

#[test]
fn modal_submits_deserialize_with_and_without_a_message() {
    let fields = [("reason", "Too hot"), ("minutes", "15")];
    let on_message = Some(bot_message(22, "IT-1"));
    let submit =
        payloads::modal_submit(14, ANA, "ana", &[], "ro", "escalate:1", &fields, on_message);
    let Interaction::Modal(modal) = serenity_interaction(submit) else {
        panic!("a modal submit must be Interaction::Modal");
    };
    assert_eq!(modal.data.custom_id, "escalate:1");
    assert_eq!(modal.channel_id.get(), CHANNEL);
    let ActionRowComponent::InputText(input) = &modal.data.components[1].components[0] else {
        panic!("modal rows hold text inputs");
    };
    assert_eq!(input.custom_id, "minutes");
    assert_eq!(input.value.as_deref(), Some("15"));

    let submit = payloads::modal_submit(15, ANA, "ana", &[], "ro", "note", &fields, None);
    let Interaction::Modal(modal) = serenity_interaction(submit) else {
        panic!("a modal submit without message must be Interaction::Modal");
    };
    assert_eq!(modal.channel_id.get(), FakeDiscord::DEFAULT_CHANNEL_ID);
}

#[test]
fn reactions_deserialize_as_serenity_reactions() {
    let add = payloads::reaction_add(ANA, CHANNEL, 21, "✅", FakeDiscord::BOT_USER_ID);
    let Event::ReactionAdd(added) = serenity_event("MESSAGE_REACTION_ADD", add) else {
        panic!("MESSAGE_REACTION_ADD must be Event::ReactionAdd");
    };
    assert_reaction(&added.reaction, ANA, "✅");
    let author = added.reaction.message_author_id.map(UserId::get);
    assert_eq!(author, Some(FakeDiscord::BOT_USER_ID));

    let approver = payloads::member(ANA, "ana", &[APPROVER_ROLE]);
    let add = payloads::reaction_add_by(approver, CHANNEL, 21, "👍", FakeDiscord::BOT_USER_ID);
    let Event::ReactionAdd(added) = serenity_event("MESSAGE_REACTION_ADD", add) else {
        panic!("MESSAGE_REACTION_ADD must be Event::ReactionAdd");
    };
    assert_reaction(&added.reaction, ANA, "👍");
    let member = added
        .reaction
        .member
        .expect("reaction adds carry the member");
    assert_eq!(member.roles[0].get(), APPROVER_ROLE);

    let remove = payloads::reaction_remove(ANA, CHANNEL, 21, "✅");
    let Event::ReactionRemove(removed) = serenity_event("MESSAGE_REACTION_REMOVE", remove) else {
        panic!("MESSAGE_REACTION_REMOVE must be Event::ReactionRemove");
    };
    assert_reaction(&removed.reaction, ANA, "✅");
}

#[test]
fn messages_deserialize_as_serenity_messages() {
    let message: Message = serenity_model("message", bot_message(23, "hello"));
    assert_eq!((message.id.get(), message.content.as_str()), (23, "hello"));
    assert!(message.author.bot);
    assert_eq!(message.components.len(), 1);

    let Event::MessageCreate(created) = serenity_event("MESSAGE_CREATE", message_from_ana(24))
    else {
        panic!("MESSAGE_CREATE must be Event::MessageCreate");
    };
    assert_eq!(
        created.message.guild_id.map(GuildId::get),
        Some(FakeDiscord::GUILD_ID)
    );
    assert_eq!(created.message.author.id.get(), ANA);
}

/// A MESSAGE_CREATE payload: Ana says "hi" in the guild.
fn message_from_ana(id: u64) -> Value {
    let ana = payloads::user(ANA, "ana", false);
    let message = payloads::message(id, CHANNEL, ana, "hi", Value::Null, Value::Null);
    payloads::in_guild(message, payloads::member(ANA, "ana", &[]))
}

#[test]
fn gateway_frames_deserialize_as_serenity_gateway_events() {
    let ready = payloads::ready(
        "session-1",
        "ws://127.0.0.1:1",
        json!([0, 1]),
        &[FakeDiscord::GUILD_ID],
    );
    let Event::Ready(ready) = serenity_event("READY", ready) else {
        panic!("READY must be Event::Ready");
    };
    assert_eq!(
        ready.ready.application.id.get(),
        FakeDiscord::APPLICATION_ID
    );
    assert_eq!(ready.ready.user.id.get(), FakeDiscord::BOT_USER_ID);
    assert_eq!(ready.ready.guilds[0].id.get(), FakeDiscord::GUILD_ID);
    let resumed = serenity_event("RESUMED", payloads::resumed());
    assert!(matches!(resumed, Event::Resumed(_)), "{resumed:?}");

    let hello = serenity_model::<GatewayEvent>("hello", payloads::hello(700));
    assert!(matches!(hello, GatewayEvent::Hello(700)), "{hello:?}");
    let ack = serenity_model::<GatewayEvent>("heartbeat ack", payloads::heartbeat_ack());
    assert!(matches!(ack, GatewayEvent::HeartbeatAck), "{ack:?}");
    let invalid =
        serenity_model::<GatewayEvent>("invalid session", payloads::invalid_session(false));
    assert!(
        matches!(invalid, GatewayEvent::InvalidateSession(false)),
        "{invalid:?}"
    );
}

#[test]
fn rest_objects_deserialize_as_serenity_models() {
    let me: CurrentUser = serenity_model("current user", payloads::current_user());
    assert_eq!(me.name, FakeDiscord::BOT_USER_NAME);
    let app: CurrentApplicationInfo = serenity_model("application", payloads::application());
    assert_eq!(app.id.get(), FakeDiscord::APPLICATION_ID);
    let channel = payloads::guild_text_channel(CHANNEL, "it", 0);
    let channel: GuildChannel = serenity_model("guild channel", channel);
    assert_eq!(channel.name, "it");
    let dm = payloads::dm_channel(9, payloads::user(ANA, "ana", false));
    let dm: PrivateChannel = serenity_model("dm", dm);
    assert_eq!(dm.recipient.id.get(), ANA);
    let gateway: BotGateway =
        serenity_model("gateway", payloads::gateway_bot("ws://127.0.0.1:1", 2));
    assert_eq!(gateway.shards, 2);
    let request = json!({"name": "ticket", "options": [{"type": 1, "name": "open"}]});
    let command = payloads::registered_command(&request, Some(FakeDiscord::GUILD_ID), 5);
    let command: serenity::model::application::Command = serenity_model("command", command);
    assert_eq!(command.id.get(), payloads::command_id("ticket"));
}

fn assert_reaction(reaction: &Reaction, user: u64, emoji: &str) {
    assert_eq!(reaction.user_id.map(UserId::get), Some(user));
    assert_eq!(reaction.emoji, ReactionType::Unicode(emoji.into()));
    assert_eq!(
        reaction.guild_id.map(GuildId::get),
        Some(FakeDiscord::GUILD_ID)
    );
}

// ---------------------------------------------------------------------------------------------
// A real serenity client against the fake
// ---------------------------------------------------------------------------------------------

/// What the test's event handler saw.
#[derive(Debug, PartialEq)]
enum Seen {
    Ready {
        application_id: u64,
    },
    Resumed,
    Command {
        name: String,
        locale: String,
        answered: bool,
    },
    Reaction {
        emoji: String,
        user_id: u64,
    },
}

/// Reports every event to the test; answers slash commands with "pong <name>".
struct Recorder {
    seen: mpsc::UnboundedSender<Seen>,
}

impl Recorder {
    fn report(&self, seen: Seen) {
        // The test may have finished listening; nothing to do then.
        let _ = self.seen.send(seen);
    }
}

#[serenity::async_trait]
impl EventHandler for Recorder {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        self.report(Seen::Ready {
            application_id: ready.application.id.get(),
        });
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        self.report(Seen::Resumed);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let Interaction::Command(command) = interaction else {
            return;
        };
        let reply =
            CreateInteractionResponseMessage::new().content(format!("pong {}", command.data.name));
        let answered = command
            .create_response(&ctx.http, CreateInteractionResponse::Message(reply))
            .await
            .is_ok();
        self.report(Seen::Command {
            name: command.data.name.clone(),
            locale: command.locale.clone(),
            answered,
        });
    }

    async fn reaction_add(&self, _ctx: Context, reaction: Reaction) {
        self.report(Seen::Reaction {
            emoji: reaction.emoji.to_string(),
            user_id: reaction.user_id.map_or(0, UserId::get),
        });
    }
}

/// A serenity client running against the fake, and what its handler reports.
struct RunningBot {
    shard_manager: std::sync::Arc<ShardManager>,
    run: tokio::task::JoinHandle<serenity::Result<()>>,
    seen: mpsc::UnboundedReceiver<Seen>,
}

/// serenity's `Http` pointed at the fake (the proxy only works with the rate limiter off).
fn http_for(fake: &FakeDiscord) -> Http {
    HttpBuilder::new("test-token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build()
}

const BOT_INTENTS: GatewayIntents =
    GatewayIntents::GUILDS.union(GatewayIntents::GUILD_MESSAGE_REACTIONS);

async fn start_bot(fake: &FakeDiscord) -> RunningBot {
    let (report, seen) = mpsc::unbounded_channel();
    let client: serenity::Result<Client> =
        ClientBuilder::new_with_http(http_for(fake), BOT_INTENTS)
            .event_handler(Recorder { seen: report })
            .await;
    let mut client = client.expect("serenity client builds");
    let shard_manager = client.shard_manager.clone();
    let run = tokio::spawn(async move { client.start().await });
    RunningBot {
        shard_manager,
        run,
        seen,
    }
}

impl RunningBot {
    /// Collects what the handler reports until `done` holds for everything seen so far.
    async fn seen_until(&mut self, what: &str, done: impl Fn(&[Seen]) -> bool) -> Vec<Seen> {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + HANDLER_WAIT;
        while !done(&seen) {
            match tokio::time::timeout_at(deadline, self.seen.recv()).await {
                Ok(Some(event)) => seen.push(event),
                _ => panic!("the bot's handlers did not report {what} within {HANDLER_WAIT:?}; saw {seen:?}"),
            }
        }
        seen
    }

    /// The next report.
    async fn next_seen(&mut self, what: &str) -> Seen {
        let mut seen = self.seen_until(what, |seen| !seen.is_empty()).await;
        seen.remove(0)
    }

    /// Shuts the shard down the way serenity does (Close 1000, then it waits for our reply)
    /// and checks that the client stops cleanly.
    async fn shut_down(self) {
        self.shard_manager.shutdown_all().await;
        match tokio::time::timeout(Duration::from_secs(5), self.run).await {
            Ok(Ok(Ok(()))) => {}
            other => panic!("the serenity client did not stop cleanly: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_serenity_client_gets_ready_and_answers_a_slash_command() {
    let fake = FakeDiscord::start().await;
    let mut bot = start_bot(&fake).await;

    let identified = fake.wait_ready().await;
    assert_eq!(
        identified,
        intents::GUILDS | intents::GUILD_MESSAGE_REACTIONS
    );
    assert_eq!(identified, BOT_INTENTS.bits());
    fake.wait_for_call("asking for the gateway", |c| {
        c.is("GET", "/api/v10/gateway")
    })
    .await;
    assert_eq!(
        bot.next_seen("READY").await,
        Seen::Ready {
            application_id: FakeDiscord::APPLICATION_ID
        }
    );
    assert_eq!(fake.gateway_sessions(), 1);

    let command = payloads::slash_command(42, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    let callback = fake
        .wait_for_call("answering interaction 42", |c| {
            c.is("POST", "/api/v10/interactions/42/token-42/callback")
        })
        .await;
    assert_eq!(callback.status, 204);
    assert_eq!(callback.body["type"], 4);
    assert_eq!(callback.body["data"]["content"], "pong ping");
    assert_eq!(
        bot.next_seen("the slash command").await,
        Seen::Command {
            name: "ping".into(),
            locale: "ro".into(),
            answered: true
        }
    );
    fake.assert_no_call("answering twice", 200, |c| c.path.ends_with("/callback"))
        .await;

    // Acknowledged heartbeats keep the session: serenity would reconnect otherwise.
    fake.wait_heartbeats(2).await;
    assert_eq!(
        fake.gateway_sessions(),
        1,
        "the bot reconnected despite acknowledged heartbeats"
    );

    // Without GUILD_MESSAGES, Discord does not send guild messages at all.
    assert!(!fake.dispatch("MESSAGE_CREATE", message_from_ana(5)).await);

    bot.shut_down().await;
}

#[tokio::test]
async fn the_client_resumes_after_the_gateway_drops_and_still_gets_events() {
    let fake = FakeDiscord::start().await;
    let mut bot = start_bot(&fake).await;
    fake.wait_ready().await;
    bot.next_seen("READY").await;

    fake.drop_gateway().await;
    fake.wait_gateway_sessions(2).await;
    assert_eq!(fake.gateway_sessions(), 2);

    let reaction = payloads::reaction_add(ANA, CHANNEL, 21, "✅", FakeDiscord::BOT_USER_ID);
    assert!(fake.dispatch("MESSAGE_REACTION_ADD", reaction).await);
    let wanted = Seen::Reaction {
        emoji: "✅".into(),
        user_id: ANA,
    };
    let seen = bot
        .seen_until("RESUMED and the reaction", |seen| {
            seen.contains(&Seen::Resumed) && seen.contains(&wanted)
        })
        .await;
    assert!(
        !seen.iter().any(|s| matches!(s, Seen::Ready { .. })),
        "the bot identified again instead of resuming: {seen:?}"
    );

    bot.shut_down().await;
}

// ---------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------

/// The status and Discord error code of a failed serenity call.
fn discord_error<T: std::fmt::Debug>(result: serenity::Result<T>) -> (u16, isize) {
    match result {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
            (response.status_code.as_u16(), response.error.code)
        }
        other => panic!("expected Discord to refuse the call, got {other:?}"),
    }
}

#[tokio::test]
async fn fail_next_fails_one_call_and_the_next_succeeds() {
    let fake = FakeDiscord::start().await;
    let http = http_for(&fake);
    let channel = ChannelId::new(fake.add_channel("it"));
    let path = format!("/channels/{channel}/messages");

    fake.fail_next("POST", &path, 500, 1);
    let (status, _) = discord_error(channel.say(&http, "first").await);
    assert_eq!(status, 500);
    let second = channel
        .say(&http, "second")
        .await
        .expect("the next call succeeds");
    assert_eq!(second.content, "second");
    let statuses: Vec<u16> = fake
        .calls()
        .iter()
        .filter(|c| c.is("POST", &path))
        .map(|c| c.status)
        .collect();
    assert_eq!(statuses, [500, 200]);

    fake.fail_next("GET", "/users/@me", 429, 1);
    let (head, body) = raw_get(&fake, "/api/v10/users/@me").await;
    assert!(head.starts_with("HTTP/1.1 429"), "{head}");
    for header in [
        "x-ratelimit-remaining: 0",
        "x-ratelimit-reset-after: 0.050",
        "retry-after: 1",
    ] {
        assert!(
            head.to_ascii_lowercase().contains(header),
            "no `{header}` in:\n{head}"
        );
    }
    assert_eq!(
        body,
        json!({"message": "You are being rate limited.", "retry_after": 0.05, "global": false})
    );
    let me = http
        .get_current_user()
        .await
        .expect("only one call was rate limited");
    assert_eq!(me.id.get(), FakeDiscord::BOT_USER_ID);
}

#[tokio::test]
async fn a_post_with_an_enforced_nonce_is_made_once() {
    use serenity::all::{CreateMessage, Nonce};
    let fake = FakeDiscord::start().await;
    let http = http_for(&fake);
    let channel = ChannelId::new(fake.add_channel("it"));
    let with_nonce = |text: &str, nonce: &str, enforce: bool| {
        CreateMessage::new()
            .content(text)
            .nonce(Nonce::String(nonce.into()))
            .enforce_nonce(enforce)
    };
    let first = channel
        .send_message(&http, with_nonce("hello", "n-1", true))
        .await
        .unwrap();
    let again = channel
        .send_message(&http, with_nonce("hello", "n-1", true))
        .await
        .unwrap();
    assert_eq!(first.id, again.id, "a re-send returns the earlier message");
    let other = channel
        .send_message(&http, with_nonce("hello", "n-2", true))
        .await
        .unwrap();
    assert_ne!(first.id, other.id);
    let unenforced = channel
        .send_message(&http, with_nonce("hello", "n-1", false))
        .await
        .unwrap();
    assert_ne!(
        first.id, unenforced.id,
        "without enforce_nonce, a new message"
    );
}

/// A bare HTTP/1.1 GET, to see the headers serenity would hide behind its error type.
async fn raw_get(fake: &FakeDiscord, path: &str) -> (String, Value) {
    let address = fake.api_base().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect to the fake");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("read the answer");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or((response.as_str(), ""));
    (
        head.to_owned(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn rest_answers_are_what_serenity_expects() {
    let fake = FakeDiscord::start().await;
    let http = http_for(&fake);
    http.set_application_id(ApplicationId::new(FakeDiscord::APPLICATION_ID));

    assert_eq!(
        http.get_gateway().await.expect("gateway").url,
        fake.gateway_url()
    );
    assert_eq!(
        http.get_bot_gateway().await.expect("bot gateway").url,
        fake.gateway_url()
    );
    let app = http
        .get_current_application_info()
        .await
        .expect("application");
    assert_eq!(app.id.get(), FakeDiscord::APPLICATION_ID);

    let ticket = CreateCommand::new("ticket")
        .description("Tickets")
        .add_option(
            CreateCommandOption::new(CommandOptionType::SubCommand, "open", "Open a ticket")
                .add_sub_option(
                    CreateCommandOption::new(CommandOptionType::String, "dept", "Department")
                        .required(true),
                ),
        );
    let global =
        serenity::model::application::Command::set_global_commands(&http, vec![ticket.clone()])
            .await
            .expect("global commands");
    assert_eq!(global[0].id.get(), payloads::command_id("ticket"));
    let guild = GuildId::new(FakeDiscord::GUILD_ID);
    let in_guild = guild
        .set_commands(&http, vec![ticket])
        .await
        .expect("guild commands");
    assert_eq!(in_guild[0].guild_id, Some(guild));
    assert_eq!(in_guild[0].options[0].options[0].name, "dept");

    let it = fake.add_channel("it");
    let channels = guild.channels(&http).await.expect("guild channels");
    assert_eq!(channels[&ChannelId::new(it)].name, "it");
    let channel = ChannelId::new(it);

    let approve = CreateButton::new("approve:1").label("Approve");
    let posted = channel
        .send_message(
            &http,
            CreateMessage::new()
                .content("IT-1 opened")
                .embed(
                    CreateEmbed::new()
                        .title("IT-1")
                        .field("Status", "open", true),
                )
                .components(vec![CreateActionRow::Buttons(vec![approve])]),
        )
        .await
        .expect("post a message");
    assert_eq!(posted.author.id.get(), FakeDiscord::BOT_USER_ID);
    assert_eq!(posted.embeds[0].title.as_deref(), Some("IT-1"));
    let edited = channel
        .edit_message(
            &http,
            posted.id,
            EditMessage::new().content("IT-1 approved"),
        )
        .await
        .expect("edit the message");
    assert_eq!(edited.content, "IT-1 approved");
    assert_eq!(
        edited.embeds.len(),
        1,
        "an edit keeps what it does not replace"
    );
    let fetched = channel
        .message(&http, posted.id)
        .await
        .expect("fetch the message");
    assert_eq!(fetched.content, "IT-1 approved");
    let stored = fake
        .message(it, posted.id.get())
        .expect("the fake keeps posted messages");
    assert_eq!(stored["content"], "IT-1 approved");

    posted.react(&http, '✅').await.expect("react");
    let reaction = fake
        .wait_for_call("the reaction", |c| c.is("PUT", "/reactions/"))
        .await;
    assert!(reaction.path.contains("%E2%9C%85"), "{}", reaction.path);
    assert!(
        reaction.decoded_path().ends_with("/reactions/✅/@me"),
        "{}",
        reaction.decoded_path()
    );

    let unknown = channel.message(&http, MessageId::new(999)).await;
    assert_eq!(discord_error(unknown), (404, 10008));
    assert_eq!(
        discord_error(http.get_guild(guild).await),
        (404, 0),
        "unknown routes answer 404"
    );

    let dm = UserId::new(ANA)
        .create_dm_channel(&http)
        .await
        .expect("open a DM");
    assert_eq!(dm.recipient.id.get(), ANA);
    let again = UserId::new(ANA)
        .create_dm_channel(&http)
        .await
        .expect("reopen the DM");
    assert_eq!(again.id, dm.id, "one DM channel per recipient");
}

#[tokio::test]
async fn interaction_answers_follow_discords_rules() {
    let fake = FakeDiscord::start().await;
    let http = http_for(&fake);
    http.set_application_id(ApplicationId::new(FakeDiscord::APPLICATION_ID));
    let token = payloads::interaction_token(77);
    let id = InteractionId::new(77);
    let answer = json!({"type": 4, "data": {"content": "working on it"}});

    http.create_interaction_response(id, &token, &answer, vec![])
        .await
        .expect("the first answer");
    let twice = http
        .create_interaction_response(id, &token, &answer, vec![])
        .await;
    assert_eq!(discord_error(twice), (400, 40060));

    let original = http
        .get_original_interaction_response(&token)
        .await
        .expect("@original");
    assert_eq!(original.content, "working on it");
    assert_eq!(
        original.webhook_id.map(|w| w.get()),
        Some(FakeDiscord::APPLICATION_ID)
    );
    let edited = http
        .edit_original_interaction_response(&token, &json!({"content": "done"}), vec![])
        .await
        .expect("edit @original");
    assert_eq!((edited.id, edited.content.as_str()), (original.id, "done"));
    let follow_up = http
        .create_followup_message(&token, &json!({"content": "more", "flags": 64}), vec![])
        .await
        .expect("follow-up");
    assert_ne!(follow_up.id, original.id);

    let never_answered = payloads::interaction_token(78);
    let missing = http
        .get_original_interaction_response(&never_answered)
        .await;
    assert_eq!(discord_error(missing), (404, 10008));

    let calls: Vec<String> = fake.calls().iter().map(Call::to_string).collect();
    assert_eq!(
        calls.len(),
        6,
        "every call is recorded, refused ones too: {calls:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The gateway protocol, from a bare websocket client
// ---------------------------------------------------------------------------------------------

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects like serenity does and reads HELLO. (serenity appends `?v=10` and its URL parser
/// adds the `/` path; tungstenite's own parsing would not.)
async fn connect_gateway(fake: &FakeDiscord) -> Socket {
    let url = format!("{}/?v=10", fake.gateway_url());
    let (mut socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("connect to the fake gateway");
    let hello = next_frame(&mut socket).await;
    assert_eq!(hello["op"], 10, "{hello}");
    assert_eq!(hello["d"]["heartbeat_interval"], 700);
    socket
}

/// The next frame from the fake: its JSON, or `{"close": code}` for a Close frame.
async fn next_frame(socket: &mut Socket) -> Value {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message as Frame;
    loop {
        let frame = tokio::time::timeout(HANDLER_WAIT, socket.next()).await;
        match frame {
            Ok(Some(Ok(Frame::Text(text)))) => {
                return serde_json::from_str(&text).expect("the fake sends JSON text frames")
            }
            Ok(Some(Ok(Frame::Close(close)))) => {
                return json!({"close": close.map(|c| u16::from(c.code))})
            }
            Ok(Some(Ok(_))) => continue,
            other => panic!("no frame from the fake gateway: {other:?}"),
        }
    }
}

async fn send_frame(socket: &mut Socket, frame: Value) {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message as Frame;
    socket
        .send(Frame::Text(frame.to_string()))
        .await
        .expect("send to the fake gateway");
}

#[tokio::test]
async fn the_gateway_acks_heartbeats_replays_on_resume_and_answers_close() {
    let fake = FakeDiscord::start().await;
    let mut first = connect_gateway(&fake).await;
    let identify = json!({"op": 2, "d": {"token": "Bot t", "intents": 1025, "shard": [0, 1]}});
    send_frame(&mut first, identify).await;
    let ready = next_frame(&mut first).await;
    assert_eq!((&ready["t"], &ready["s"]), (&json!("READY"), &json!(1)));
    send_frame(&mut first, json!({"op": 1, "d": 1})).await;
    assert_eq!(
        next_frame(&mut first).await["op"],
        11,
        "heartbeats are acknowledged"
    );

    let reaction = payloads::reaction_add(ANA, CHANNEL, 21, "✅", FakeDiscord::BOT_USER_ID);
    assert!(fake.dispatch("MESSAGE_REACTION_ADD", reaction).await);
    let command = payloads::slash_command(9, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);

    // A new connection resuming the shard's session replaces the first, which the fake
    // closes with 4000.
    let mut second = connect_gateway(&fake).await;
    let session_id = ready["d"]["session_id"].clone();
    let resume = json!({"op": 6, "d": {"session_id": session_id, "token": "Bot t", "seq": 1}});
    send_frame(&mut second, resume).await;
    let mut closed = next_frame(&mut first).await;
    while closed.get("close").is_none() {
        closed = next_frame(&mut first).await;
    }
    assert_eq!(closed["close"], 4000);
    let mut replayed = Vec::new();
    for _ in 0..3 {
        let frame = next_frame(&mut second).await;
        replayed.push((frame["s"].clone(), frame["t"].clone()));
    }
    assert_eq!(
        replayed,
        [
            (json!(2), json!("MESSAGE_REACTION_ADD")),
            (json!(3), json!("INTERACTION_CREATE")),
            (json!(4), json!("RESUMED")),
        ]
    );
    assert_eq!(fake.gateway_sessions(), 2);

    let mut third = connect_gateway(&fake).await;
    let stale = json!({"op": 6, "d": {"session_id": "gone", "token": "Bot t", "seq": 4}});
    send_frame(&mut third, stale).await;
    assert_eq!(
        next_frame(&mut third).await,
        payloads::invalid_session(false)
    );
    assert_eq!(fake.gateway_sessions(), 2, "a refused RESUME is no session");

    // A bot closing the connection gets the Close reply it waits for.
    let normal = tokio_tungstenite::tungstenite::protocol::CloseFrame {
        code: 1000.into(),
        reason: "".into(),
    };
    third.close(Some(normal)).await.expect("send Close");
    assert_eq!(next_frame(&mut third).await, json!({"close": 1000}));
}

#[tokio::test]
async fn a_resume_after_drop_gateway_replaying_sends_seen_events_again() {
    let fake = FakeDiscord::start().await;
    let mut first = connect_gateway(&fake).await;
    let identify = json!({"op": 2, "d": {"token": "Bot t", "intents": 1025, "shard": [0, 1]}});
    send_frame(&mut first, identify).await;
    let ready = next_frame(&mut first).await;
    for id in [31, 32, 33] {
        let command =
            payloads::slash_command(id, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
        assert!(fake.dispatch("INTERACTION_CREATE", command).await);
        assert_eq!(next_frame(&mut first).await["d"]["id"], id.to_string());
    }

    // The bot saw everything up to 4; the fake replays the last two of those anyway.
    fake.drop_gateway_replaying(2).await;
    let mut closed = next_frame(&mut first).await;
    while closed.get("close").is_none() {
        closed = next_frame(&mut first).await;
    }
    let mut second = connect_gateway(&fake).await;
    let session_id = ready["d"]["session_id"].clone();
    let resume = json!({"op": 6, "d": {"session_id": session_id, "token": "Bot t", "seq": 4}});
    send_frame(&mut second, resume).await;
    let mut replayed = Vec::new();
    for _ in 0..3 {
        let frame = next_frame(&mut second).await;
        replayed.push((
            frame["s"].clone(),
            frame["t"].clone(),
            frame["d"]["id"].clone(),
        ));
    }
    assert_eq!(
        replayed,
        [
            (json!(3), json!("INTERACTION_CREATE"), json!("32")),
            (json!(4), json!("INTERACTION_CREATE"), json!("33")),
            (json!(5), json!("RESUMED"), Value::Null),
        ]
    );

    // Only that RESUME replays seen events; READY is never replayed.
    fake.drop_gateway().await;
    let mut third = connect_gateway(&fake).await;
    let resume = json!({"op": 6, "d": {"session_id": session_id, "token": "Bot t", "seq": 0}});
    send_frame(&mut third, resume).await;
    let mut events = Vec::new();
    loop {
        let frame = next_frame(&mut third).await;
        if frame.get("close").is_some() {
            continue;
        }
        events.push(frame["t"].clone());
        if frame["t"] == "RESUMED" && events.len() > 1 {
            break;
        }
    }
    assert!(!events.contains(&json!("READY")), "{events:?}");
    assert_eq!(events.len(), 4, "three events and RESUMED: {events:?}");
}

#[tokio::test]
async fn a_new_bot_process_identifies_afresh_and_the_fake_keeps_what_it_saw() {
    let fake = FakeDiscord::start().await;
    // The first process: identifies, is asked something and answers it.
    let http = http_for(&fake);
    let mut first = connect_gateway(&fake).await;
    let identify = json!({"op": 2, "d": {"token": "Bot t", "intents": 1025, "shard": [0, 1]}});
    send_frame(&mut first, identify.clone()).await;
    next_frame(&mut first).await;
    let command = payloads::slash_command(51, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    next_frame(&mut first).await;
    let reply = CreateInteractionResponse::Message(CreateInteractionResponseMessage::new());
    http.create_interaction_response(51.into(), "token-51", &reply, Vec::new())
        .await
        .expect("answered");
    // Killed: its socket vanishes without a Close.
    drop(first);

    // The next process identifies (a new session) and gets the next event.
    let mut second = connect_gateway(&fake).await;
    send_frame(&mut second, identify).await;
    let ready = next_frame(&mut second).await;
    assert_eq!(ready["t"], "READY");
    assert_eq!(ready["d"]["session_id"], "fake-session-2");
    let command = payloads::slash_command(52, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(
        fake.dispatch_within(Duration::from_secs(5), "INTERACTION_CREATE", command)
            .await
    );
    assert_eq!(next_frame(&mut second).await["d"]["id"], "52");
    // What the first process did is still on record; a second answer is refused as before.
    assert!(fake
        .calls()
        .iter()
        .any(|c| c.is("POST", "/interactions/51/token-51/callback") && c.status == 204));
    let again = http
        .create_interaction_response(51.into(), "token-51", &reply, Vec::new())
        .await;
    assert_eq!(discord_error(again), (400, 40060));
}

// ---------------------------------------------------------------------------------------------
// Shards
// ---------------------------------------------------------------------------------------------

/// Identifies `socket` as shard `[shard, total]` and returns READY's `d`.
async fn identify_shard(socket: &mut Socket, shard: u64, total: u64) -> Value {
    let identify =
        json!({"op": 2, "d": {"token": "Bot t", "intents": 1025, "shard": [shard, total]}});
    send_frame(socket, identify).await;
    let ready = next_frame(socket).await;
    assert_eq!(ready["t"], "READY", "{ready}");
    ready["d"].clone()
}

/// The ids of the guilds READY lists.
fn ready_guilds(ready: &Value) -> Vec<u64> {
    let guilds = ready["guilds"].as_array().cloned().unwrap_or_default();
    guilds
        .iter()
        .filter_map(|g| payloads::read_snowflake(&g["id"]))
        .collect()
}

#[tokio::test]
async fn each_guilds_events_go_only_to_the_shard_that_owns_it() {
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(2);
    fake.add_guild(FakeDiscord::SECOND_GUILD_ID);
    assert_eq!(shard_of(FakeDiscord::GUILD_ID, 2), 1);
    assert_eq!(shard_of(FakeDiscord::SECOND_GUILD_ID, 2), 0);
    let (_, gateway) = raw_get(&fake, "/api/v10/gateway/bot").await;
    assert_eq!(gateway["shards"], 2);

    let mut zero = connect_gateway(&fake).await;
    let mut one = connect_gateway(&fake).await;
    let ready_zero = identify_shard(&mut zero, 0, 2).await;
    let ready_one = identify_shard(&mut one, 1, 2).await;
    assert_eq!(ready_zero["shard"], json!([0, 2]));
    assert_eq!(ready_guilds(&ready_zero), [FakeDiscord::SECOND_GUILD_ID]);
    assert_eq!(ready_guilds(&ready_one), [FakeDiscord::GUILD_ID]);
    let owners = fake.wait_shards_ready(&[0, 1], HANDLER_WAIT).await;
    assert_eq!(owners.len(), 2);
    assert_ne!(
        owners[0].2, owners[1].2,
        "one connection per shard: {owners:?}"
    );

    // An interaction and a reaction in the second guild reach shard 0 only; one in the first
    // guild, shard 1 only; a DM (no guild), shard 0.
    let second = |event| payloads::in_guild_id(event, FakeDiscord::SECOND_GUILD_ID);
    let command = payloads::slash_command(61, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", second(command)).await);
    let reaction = payloads::reaction_add(ANA, CHANNEL, 22, "✅", FakeDiscord::BOT_USER_ID);
    assert!(
        fake.dispatch("MESSAGE_REACTION_ADD", second(reaction))
            .await
    );
    let command = payloads::slash_command(62, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    let mut dm = payloads::slash_command(63, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    dm.as_object_mut().unwrap().remove("guild_id");
    assert!(fake.dispatch("INTERACTION_CREATE", dm).await);

    let frame = next_frame(&mut zero).await;
    assert_eq!(
        (frame["t"].clone(), frame["d"]["id"].clone()),
        (json!("INTERACTION_CREATE"), json!("61"))
    );
    assert_eq!(next_frame(&mut zero).await["t"], "MESSAGE_REACTION_ADD");
    assert_eq!(next_frame(&mut zero).await["d"]["id"], "63");
    let frame = next_frame(&mut one).await;
    assert_eq!(
        (frame["s"].clone(), frame["d"]["id"].clone()),
        (json!(2), json!("62"))
    );

    // A newer connection identifying as shard 1 replaces the first; shard 0 is untouched.
    let mut newer = connect_gateway(&fake).await;
    identify_shard(&mut newer, 1, 2).await;
    let mut closed = next_frame(&mut one).await;
    while closed.get("close").is_none() {
        closed = next_frame(&mut one).await;
    }
    assert_eq!(closed["close"], 4000);
    let command = payloads::slash_command(64, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    assert_eq!(next_frame(&mut newer).await["d"]["id"], "64");
    let owners = fake.wait_shards_ready(&[0, 1], HANDLER_WAIT).await;
    assert_eq!(owners.len(), 2, "{owners:?}");
}

#[tokio::test]
async fn one_serenity_process_runs_two_shards_and_hears_both_guilds() {
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(2);
    fake.add_guild(FakeDiscord::SECOND_GUILD_ID);
    let (report, mut seen) = mpsc::unbounded_channel();
    let mut client = ClientBuilder::new_with_http(http_for(&fake), BOT_INTENTS)
        .event_handler(Recorder { seen: report })
        .await
        .expect("serenity client builds");
    let shard_manager = client.shard_manager.clone();
    let run = tokio::spawn(async move { client.start_autosharded().await });

    // serenity starts its shards 5 s apart.
    let owners = fake
        .wait_shards_ready(&[0, 1], Duration::from_secs(20))
        .await;
    assert_ne!(owners[0].2, owners[1].2, "{owners:?}");
    let command = payloads::slash_command(71, ANA, "ana", &[], "ro", CHANNEL, "ping", json!([]));
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    let command = payloads::slash_command(72, ANA, "ana", &[], "en-US", CHANNEL, "pong", json!([]));
    let command = payloads::in_guild_id(command, FakeDiscord::SECOND_GUILD_ID);
    assert!(fake.dispatch("INTERACTION_CREATE", command).await);
    for id in [71, 72] {
        assert!(
            fake.wait_answered(id, HANDLER_WAIT).await,
            "{id} unanswered"
        );
    }
    let mut names = Vec::new();
    while names.len() < 2 {
        match tokio::time::timeout(HANDLER_WAIT, seen.recv()).await {
            Ok(Some(Seen::Command { name, .. })) => names.push(name),
            Ok(Some(_)) => {}
            other => panic!("the handler reported {other:?}, not both commands"),
        }
    }
    names.sort();
    assert_eq!(names, ["ping", "pong"]);

    shard_manager.shutdown_all().await;
    let stopped = tokio::time::timeout(Duration::from_secs(5), run).await;
    assert!(matches!(stopped, Ok(Ok(Ok(())))), "{stopped:?}");
}
