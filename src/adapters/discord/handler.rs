//! Gateway events → core calls → Discord answers. Translation only: every decision is the
//! core's; this file knows which Discord call carries which of the core's messages.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{
    ActionRowComponent, ButtonKind, ChannelId, CommandInteraction, ComponentInteraction, Context,
    CreateActionRow, CreateAutocompleteResponse, CreateInputText, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateModal, EventHandler, GuildId, InputTextStyle,
    Interaction, Message, ModalInteraction, Reaction, ReactionType, Ready, User, UserId,
};
use tokio::sync::{Notify, RwLock};

use super::delivery::{retry, Discord};
use super::render::{self, Rendered};
use super::{inbound, registration};
use crate::core::actions::{self, CardAction};
use crate::core::domain::object::ObjectId;
use crate::core::grammar;
use crate::core::outbound::{Body, Outbound, Target};
use crate::core::service::{Caller, ExternalUser, Outcome, Service};
use crate::core::time::Clock;
use crate::i18n::{Locale, Msg};
use crate::{scheduler, sender};

/// Past this, an interaction is deferred: Discord wants an answer within 3 s.
const ANSWER_WITHIN: Duration = Duration::from_millis(2000);
/// At most this many autocomplete suggestions (Discord's limit).
const SUGGESTIONS: usize = 25;
/// The largest file an interaction's answer may carry when the interaction does not say
/// (it does, in `attachment_size_limit`: more in boosted servers): Discord's default
/// upload limit, 10 MiB.
const REPLY_FILE_MAX: usize = 10 * 1024 * 1024;

pub struct Handler {
    pub service: Arc<Service>,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    /// Wakes the outbox's sender after a command or job wrote to it.
    pub outbox: Arc<Notify>,
    pub guild: Option<GuildId>,
    /// Department key → id of its main channel, given in the configuration.
    pub channel_overrides: HashMap<String, ChannelId>,
    /// Channel name → id, resolved at start.
    pub channels: Arc<RwLock<HashMap<String, ChannelId>>>,
    /// Held (shared) by every event being handled; shutdown takes it exclusively, so it
    /// waits for the transactions in flight.
    pub in_flight: Arc<RwLock<()>>,
    bot: OnceLock<UserId>,
    runner_started: AtomicBool,
    /// Whether the slash commands are registered: every shard of the process gets a READY,
    /// and one registration serves them all.
    commands_registered: AtomicBool,
}

impl Handler {
    pub fn new(
        service: Arc<Service>,
        clock: Arc<dyn Clock>,
        wake: Arc<Notify>,
        guild: Option<GuildId>,
        channel_overrides: HashMap<String, ChannelId>,
        in_flight: Arc<RwLock<()>>,
    ) -> Self {
        Handler {
            service,
            clock,
            wake,
            outbox: Arc::new(Notify::new()),
            guild,
            channel_overrides,
            channels: Arc::new(RwLock::new(HashMap::new())),
            in_flight,
            bot: OnceLock::new(),
            runner_started: AtomicBool::new(false),
            commands_registered: AtomicBool::new(false),
        }
    }

    fn discord(&self, ctx: &Context) -> Discord {
        Discord {
            http: ctx.http.clone(),
            service: self.service.clone(),
            channels: self.channels.clone(),
            clock: self.clock.clone(),
        }
    }

    /// The caller behind an interaction, keyed by its id so a replay is recognised.
    async fn interaction_caller(
        &self,
        user: &User,
        member: Option<&serenity::all::Member>,
        locale: &str,
        id: serenity::all::InteractionId,
    ) -> Option<(Caller, Option<Msg>)> {
        let roles = member.map(|m| m.roles.clone()).unwrap_or_default();
        self.caller(user, &roles, locale, format!("ix:{id}")).await
    }

    /// The member behind a Discord user (enrolling a newcomer), as a caller of the core.
    async fn caller(
        &self,
        user: &User,
        roles: &[serenity::all::RoleId],
        locale: &str,
        key: String,
    ) -> Option<(Caller, Option<Msg>)> {
        let external = ExternalUser {
            id: user.id.to_string(),
            name: user.name.clone(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        };
        match self
            .service
            .member_for_external(&external, self.clock.now())
            .await
        {
            Ok(enrolment) => Some((
                Caller {
                    handle: enrolment.member.handle,
                    locale_hint: Locale::parse(locale),
                    event_key: Some(key),
                },
                enrolment.new_member,
            )),
            Err(e) => {
                tracing::error!(error = ?e, user = %user.id, "could not identify a Discord user");
                None
            }
        }
    }

    /// Maps every channel name the departments use (notices, approvals) and the audit
    /// channel to its id: the configured id for a department's main channel, else the guild
    /// channel of that name.
    async fn resolve_channels(&self, ctx: &Context) {
        let departments = match self.service.departments().await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = ?e, "reading departments to resolve channels");
                Vec::new()
            }
        };
        let by_name: HashMap<String, ChannelId> = match self.guild {
            Some(guild) => retry("list guild channels", || guild.channels(&ctx.http))
                .await
                .unwrap_or_default()
                .into_values()
                .map(|c| (c.name, c.id))
                .collect(),
            None => HashMap::new(),
        };
        let mut map = HashMap::new();
        for d in &departments {
            if let Some(id) = self.channel_overrides.get(d.key.as_str()) {
                map.insert(d.channel.clone(), *id);
            }
            let extra = d.approvals_channel.iter().chain(&d.escalations_channel);
            for name in std::iter::once(&d.channel).chain(extra) {
                if map.contains_key(name) {
                    continue;
                }
                match by_name.get(name) {
                    Some(id) => {
                        map.insert(name.clone(), *id);
                    }
                    None => {
                        tracing::warn!(dept = %d.key, channel = name, "no such channel in the guild")
                    }
                }
            }
        }
        // The audit channel, where seals are posted: `[discord.channels] audit = "id"`, else
        // found by name.
        let audit = self.service.settings().seals.channel.clone();
        match self.channel_overrides.get("audit").or(by_name.get(&audit)) {
            Some(id) => {
                map.insert(audit, *id);
            }
            None => tracing::warn!(
                channel = audit,
                "no audit channel in the guild: seals cannot be posted"
            ),
        }
        *self.channels.write().await = map;
    }

    /// Starts the job runner and the outbox's sender once (they outlive reconnections).
    /// Registers every command of the catalogue, in the guild if one is configured; whether
    /// Discord took them. Bulk overwrite: commands removed from the catalogue disappear.
    async fn register_commands(&self, ctx: &Context) -> bool {
        let commands = registration::commands(grammar::builtin());
        match self.guild {
            Some(guild) => retry("register guild commands", || {
                guild.set_commands(&ctx.http, commands.clone())
            })
            .await
            .is_some(),
            None => retry("register global commands", || {
                serenity::all::Command::set_global_commands(&ctx.http, commands.clone())
            })
            .await
            .is_some(),
        }
    }

    fn start_runner(&self, ctx: &Context) {
        if self.runner_started.swap(true, Ordering::SeqCst) {
            return;
        }
        tokio::spawn(scheduler::run(
            self.service.clone(),
            self.clock.clone(),
            self.wake.clone(),
            self.outbox.clone(),
            std::future::pending(),
        ));
        tokio::spawn(sender::run(
            self.service.clone(),
            Arc::new(self.discord(ctx)),
            self.clock.clone(),
            self.outbox.clone(),
            std::future::pending(),
        ));
    }

    async fn on_command(&self, ctx: &Context, cmd: &CommandInteraction) {
        let Some((caller, note)) = self
            .interaction_caller(&cmd.user, cmd.member.as_deref(), &cmd.locale, cmd.id)
            .await
        else {
            return;
        };
        let mut handles = HashMap::new();
        for id in inbound::picked_users(&cmd.data) {
            let handle = match self.service.member_by_external_id(&id.to_string()).await {
                Ok(Some(m)) => m.handle.to_string(),
                // Not a member: their Discord name, so "no member @x" names someone known.
                _ => cmd
                    .data
                    .resolved
                    .users
                    .get(&id)
                    .map_or_else(|| id.to_string(), |u| u.name.clone()),
            };
            handles.insert(id, handle);
        }
        let inv = inbound::invocation(grammar::builtin(), &cmd.data, |id| {
            handles.get(&id).cloned().unwrap_or_else(|| id.to_string())
        });
        let work = self
            .service
            .execute_invocation(&caller, &inv, self.clock.now());
        tokio::pin!(work);
        let (outcome, deferred) = match tokio::time::timeout(ANSWER_WITHIN, &mut work).await {
            Ok(outcome) => (outcome, false),
            Err(_) => {
                let defer =
                    CreateInteractionResponse::Defer(render::response(Rendered::default(), false));
                retry("defer", || cmd.create_response(&ctx.http, defer.clone())).await;
                (work.await, true)
            }
        };
        self.wake.notify_one();
        let Outcome::Done(out) = outcome else {
            return; // a replayed interaction: already answered the first time
        };
        let limit = match usize::try_from(cmd.attachment_size_limit) {
            Ok(0) | Err(_) => REPLY_FILE_MAX,
            Ok(limit) => limit,
        };
        let out = self.large_files_by_dm(ctx, &caller, out, limit).await;
        let (replies, ephemeral) = replies(&out);
        let mut replies = replies.into_iter();
        let mut first_pages = replies.next().unwrap_or_default().into_iter();
        if let Some(first) = first_pages.next() {
            if deferred {
                let edit = render::edit_response(first);
                retry("edit deferred reply", || {
                    cmd.edit_response(&ctx.http, edit.clone())
                })
                .await;
            } else {
                let answer = CreateInteractionResponse::Message(render::response(first, ephemeral));
                retry("reply", || cmd.create_response(&ctx.http, answer.clone())).await;
            }
        }
        // The rest of the first reply shows as it began; other replies, to the actor alone.
        let rest = first_pages.map(|page| (page, ephemeral));
        // The enrolment note is rare: the reader's language is looked up only for it.
        let note = match note {
            Some(note) => Some(text(note.render(self.service.locale_of(&caller).await))),
            None => None,
        };
        let more = replies.chain(note).flatten().map(|page| (page, true));
        for (page, ephemeral) in rest.chain(more) {
            let followup = render::followup(page, ephemeral);
            retry("follow-up", || {
                cmd.create_followup(&ctx.http, followup.clone())
            })
            .await;
        }
        self.outbox.notify_one();
    }

    /// Replies with a file larger than `limit` (what the interaction's answer may carry):
    /// the file goes to the person by direct message instead, and the reply says so — or,
    /// when Discord refuses that too, says to export less.
    async fn large_files_by_dm(
        &self,
        ctx: &Context,
        caller: &Caller,
        out: Vec<Outbound>,
        limit: usize,
    ) -> Vec<Outbound> {
        let mut answered = Vec::with_capacity(out.len());
        for reply in out {
            let large = match (&reply.target, &reply.body) {
                (Target::Reply { .. }, Body::Card(card)) => card
                    .attachments
                    .iter()
                    .find(|file| file.bytes.len() > limit)
                    .map(|file| file.name.clone()),
                _ => None,
            };
            let Some(name) = large else {
                answered.push(reply);
                continue;
            };
            let sent = self.discord(ctx).dm_now(&caller.handle, &reply.body).await;
            let said = if sent {
                "file-sent-by-dm"
            } else {
                "file-too-large"
            };
            let locale = self.service.locale_of(caller).await;
            let text = Msg::new(said).arg("name", name).render(locale);
            answered.push(Outbound::new(reply.target, Body::Text(text)));
        }
        answered
    }

    async fn on_autocomplete(&self, ctx: &Context, cmd: &CommandInteraction) {
        let Some((kind, typed)) = inbound::focused(grammar::builtin(), &cmd.data) else {
            return;
        };
        let Some((caller, _)) = self
            .interaction_caller(&cmd.user, cmd.member.as_deref(), &cmd.locale, cmd.id)
            .await
        else {
            return;
        };
        let suggestions = self.service.suggest(&caller, kind, &typed).await;
        let suggestions = suggestions.unwrap_or_else(|e| {
            tracing::error!(error = ?e, "autocomplete");
            Vec::new()
        });
        let response = suggestions
            .into_iter()
            .take(SUGGESTIONS)
            .fold(CreateAutocompleteResponse::new(), |r, (value, label)| {
                r.add_string_choice(label, value)
            });
        let answer = CreateInteractionResponse::Autocomplete(response);
        retry("autocomplete", || {
            cmd.create_response(&ctx.http, answer.clone())
        })
        .await;
    }

    async fn on_button(&self, ctx: &Context, click: &ComponentInteraction) {
        let Some((caller, note)) = self
            .interaction_caller(&click.user, click.member.as_ref(), &click.locale, click.id)
            .await
        else {
            return;
        };
        let custom_id = &click.data.custom_id;
        // An action that needs text first opens a form; its submission comes back as a modal.
        if let Some(input) = CardAction::parse(custom_id).and_then(|a| a.input()) {
            let locale = self.service.locale_of(&caller).await;
            let label = input.label.render(locale);
            let field =
                CreateInputText::new(InputTextStyle::Paragraph, clip_label(&label), input.name)
                    .max_length(u16::try_from(input.max_length).unwrap_or(u16::MAX));
            let modal = CreateModal::new(custom_id, clip_label(&label))
                .components(vec![CreateActionRow::InputText(field)]);
            let answer = CreateInteractionResponse::Modal(modal);
            retry("open form", || {
                click.create_response(&ctx.http, answer.clone())
            })
            .await;
            return;
        }
        let outcome = self
            .service
            .act(&caller, custom_id, None, self.clock.now())
            .await;
        self.answer_action(ctx, click, outcome, note, &caller, Some(&click.message))
            .await;
    }

    async fn on_modal(&self, ctx: &Context, submit: &ModalInteraction) {
        let Some((caller, note)) = self
            .interaction_caller(
                &submit.user,
                submit.member.as_ref(),
                &submit.locale,
                submit.id,
            )
            .await
        else {
            return;
        };
        let typed = submit
            .data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|c| match c {
                ActionRowComponent::InputText(input) => input.value.clone(),
                _ => None,
            });
        let outcome = self
            .service
            .act(
                &caller,
                &submit.data.custom_id,
                typed.as_deref(),
                self.clock.now(),
            )
            .await;
        self.answer_action(
            ctx,
            submit,
            outcome,
            note,
            &caller,
            submit.message.as_deref(),
        )
        .await;
    }

    /// After a click or form: a refusal goes to the person alone; a success updates the card
    /// it came from for everyone, and tells the person what happened.
    async fn answer_action(
        &self,
        ctx: &Context,
        interaction: &impl Answer,
        outcome: Outcome,
        note: Option<Msg>,
        caller: &Caller,
        card_message: Option<&Message>,
    ) {
        self.wake.notify_one();
        let Outcome::Done(out) = outcome else {
            return; // a replayed click: already answered the first time
        };
        let out = &out;
        let failed = out.iter().any(Outbound::is_error);
        // The core says how the card looks now; the clicked message shows it at once.
        let clicked = card_message.and_then(card_object);
        let refreshed = out.iter().find_map(|o| match (&o.target, &o.body) {
            (Target::CardUpdate { object }, Body::Card(card))
                if clicked.as_ref() == Some(object) && !failed =>
            {
                Some(card.clone())
            }
            _ => None,
        });
        let (replies, _) = replies(out);
        let mut replies = replies.into_iter().flatten();
        match refreshed {
            Some(card) => {
                let mut rendered = render::render(&Body::Card(card));
                // Keep the line of news the card was posted with.
                rendered.content = card_message
                    .map(|m| m.content.clone())
                    .filter(|c| !c.is_empty());
                interaction
                    .respond(
                        ctx,
                        CreateInteractionResponse::UpdateMessage(render::response(rendered, false)),
                    )
                    .await;
            }
            None => {
                let first = replies.next().unwrap_or_default();
                interaction
                    .respond(
                        ctx,
                        CreateInteractionResponse::Message(render::response(first, true)),
                    )
                    .await;
            }
        }
        let locale = self.service.locale_of(caller).await;
        for more in replies.chain(note.map(|n| text(n.render(locale))).into_iter().flatten()) {
            interaction
                .follow_up(ctx, render::followup(more, true))
                .await;
        }
        self.outbox.notify_one();
    }

    async fn on_reaction(&self, ctx: &Context, reaction: &Reaction) {
        let Some(user_id) = reaction.user_id else {
            return;
        };
        // The bot's own reactions (the shortcuts it adds to cards) and other bots' are noise.
        if Some(&user_id) == self.bot.get() || reaction.member.as_ref().is_some_and(|m| m.user.bot)
        {
            return;
        }
        let ReactionType::Unicode(emoji) = &reaction.emoji else {
            return;
        };
        let Some(message) = retry("read reacted message", || {
            reaction.channel_id.message(&ctx.http, reaction.message_id)
        })
        .await
        else {
            return;
        };
        if Some(&message.author.id) != self.bot.get() {
            return;
        }
        let Some(object) = card_object(&message) else {
            return;
        };
        let user = match &reaction.member {
            Some(member) => member.user.clone(),
            None => match retry("read reacting user", || user_id.to_user(&ctx.http)).await {
                Some(user) => user,
                None => return,
            },
        };
        let roles = reaction
            .member
            .as_ref()
            .map(|m| m.roles.clone())
            .unwrap_or_default();
        // ✋ and ✋🏽 from one person on one message are one reaction.
        let key = format!(
            "rx:{}:{}:{}",
            reaction.message_id,
            user_id,
            actions::base_emoji(emoji)
        );
        let Some((caller, _)) = self.caller(&user, &roles, "", key).await else {
            return;
        };
        let outcome = self
            .service
            .react(&caller, &object, emoji, None, self.clock.now())
            .await;
        self.wake.notify_one();
        let Outcome::Done(out) = outcome else {
            return; // a replay, or an emoji that means nothing on this card
        };
        // A reaction has no reply box: a refusal goes by DM. What it changed (the card's
        // new face included) is in the outbox.
        let discord = self.discord(ctx);
        for refusal in out.iter().filter(|o| o.is_error()) {
            discord.dm_now(&caller.handle, &refusal.body).await;
        }
        self.outbox.notify_one();
    }

    /// A message in the guild: if it is in a ticket's thread, the core makes it a comment
    /// (or not: its rule). Only delivered with `[discord] read_threads`, which asks for the
    /// message intents. The bot's own posts and other bots' are not people talking.
    async fn on_message(&self, ctx: &Context, message: &Message) {
        if message.author.bot || message.guild_id.is_none() {
            return;
        }
        let outcome = self
            .service
            .thread_message(
                &message.channel_id.to_string(),
                &message.author.id.to_string(),
                format!("msg:{}", message.id),
                &message.content,
                self.clock.now(),
            )
            .await;
        let out = match outcome {
            Ok(Outcome::Done(out)) => out,
            Ok(Outcome::Replayed | Outcome::Ignored) => return,
            Err(e) => {
                tracing::error!(error = ?e, message = %message.id, "could not read a thread message");
                return;
            }
        };
        self.wake.notify_one();
        // A message has no reply box: a refusal (a closed ticket) goes by DM, like a
        // reaction's; the confirmation is the comment's own notices.
        let discord = self.discord(ctx);
        for refusal in out.iter().filter(|o| o.is_error()) {
            if let Ok(Some(member)) = self
                .service
                .member_by_external_id(&message.author.id.to_string())
                .await
            {
                discord.dm_now(&member.handle, &refusal.body).await;
            }
        }
        self.outbox.notify_one();
    }
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.bot.set(ready.user.id);
        if !self.commands_registered.load(Ordering::SeqCst) {
            let registered = self.register_commands(&ctx).await;
            self.commands_registered.store(registered, Ordering::SeqCst);
        }
        tracing::info!(shard = ?ready.shard, user = %ready.user.name, "connected to Discord");
        self.resolve_channels(&ctx).await;
        self.start_runner(&ctx);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _guard = self.in_flight.read().await;
        match &interaction {
            Interaction::Command(cmd) => self.on_command(&ctx, cmd).await,
            Interaction::Autocomplete(cmd) => self.on_autocomplete(&ctx, cmd).await,
            Interaction::Component(click) => self.on_button(&ctx, click).await,
            Interaction::Modal(submit) => self.on_modal(&ctx, submit).await,
            _ => {}
        }
    }

    async fn reaction_add(&self, ctx: Context, reaction: Reaction) {
        let _guard = self.in_flight.read().await;
        self.on_reaction(&ctx, &reaction).await;
    }

    async fn message(&self, ctx: Context, message: Message) {
        let _guard = self.in_flight.read().await;
        self.on_message(&ctx, &message).await;
    }
}

/// The interactions that come from a card (a click, or the form a click opened): both are
/// answered the same way.
trait Answer: Sync {
    async fn respond(&self, ctx: &Context, answer: CreateInteractionResponse);
    async fn follow_up(&self, ctx: &Context, message: CreateInteractionResponseFollowup);
}

/// What answering needs of a card's interaction. Discord answers a click and a form alike,
/// by the interaction's id and token, which is what serenity's `create_response` and
/// `create_followup` of either type do.
trait CardInteraction: Sync {
    /// The name of the first answer in the log.
    const ANSWER: &'static str;
    fn id_and_token(&self) -> (serenity::all::InteractionId, &str);
}

impl CardInteraction for ComponentInteraction {
    const ANSWER: &'static str = "answer click";
    fn id_and_token(&self) -> (serenity::all::InteractionId, &str) {
        (self.id, &self.token)
    }
}

impl CardInteraction for ModalInteraction {
    const ANSWER: &'static str = "answer form";
    fn id_and_token(&self) -> (serenity::all::InteractionId, &str) {
        (self.id, &self.token)
    }
}

impl<T: CardInteraction> Answer for T {
    async fn respond(&self, ctx: &Context, answer: CreateInteractionResponse) {
        let id_and_token = self.id_and_token();
        retry(T::ANSWER, || {
            serenity::builder::Builder::execute(answer.clone(), &ctx.http, id_and_token)
        })
        .await;
    }
    async fn follow_up(&self, ctx: &Context, message: CreateInteractionResponseFollowup) {
        let (_, token) = self.id_and_token();
        retry("follow-up", || {
            serenity::builder::Builder::execute(message.clone(), &ctx.http, (None, token))
        })
        .await;
    }
}

/// The object a bot card stands for, read from its buttons' ids; `None` for a message that is
/// no object's card (a digest, whose buttons sit on a list).
fn card_object(message: &Message) -> Option<ObjectId> {
    message
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|c| match c {
            ActionRowComponent::Button(b) => match &b.data {
                ButtonKind::NonLink { custom_id, .. } => CardAction::card_object(custom_id),
                _ => None,
            },
            _ => None,
        })
}

/// The replies among the core's messages, each rendered as its pages, and whether they are
/// for the actor's eyes only (an error, or a personal answer such as a list).
fn replies(out: &[Outbound]) -> (Vec<Vec<Rendered>>, bool) {
    let mut ephemeral = false;
    let rendered = out
        .iter()
        .filter_map(|o| match o.target {
            Target::Error => {
                ephemeral = true;
                Some(render::pages(&o.body))
            }
            Target::Reply { private } => {
                ephemeral |= private;
                Some(render::pages(&o.body))
            }
            _ => None,
        })
        .collect();
    (rendered, ephemeral)
}

fn text(text: String) -> Vec<Rendered> {
    render::pages(&Body::Text(text))
}

/// Modal titles and labels are limited to 45 characters.
fn clip_label(label: &str) -> String {
    label.chars().take(45).collect()
}
