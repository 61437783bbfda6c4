//! The unit of work of one command or job, with what it has produced so far: audit drafts
//! and messages. Messages are rendered at once, each in its reader's language and zone.
//! At the end, the audit events and every message but the replies (which answer the actor
//! directly) are written in the same transaction as the change: the outbox.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::core::audit::seals::{Seal, SEAL_ACTION};
use crate::core::audit::{self, Draft};
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::domain::object::{Actor, ObjectId};
use crate::core::domain::org::{Department, Member};
use crate::core::outbound::{Batch, Body, Card, NoticeKind, Outbound, Target};
use crate::core::outbox;
use crate::core::store::{StoreError, UnitOfWork};
use crate::core::threads::{self, TicketNotice, Venue};
use crate::core::time::business_hours::BusinessCalendar;
use crate::i18n::{Locale, Msg};

use super::Settings;

/// Why a command produced no change.
pub(crate) enum Failure {
    /// The rules say no; the message tells the person why.
    Refused(Msg),
    /// Storage or another internal fault; logged, shown as a reference code.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Internal(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Internal(e.into())
    }
}

impl From<Msg> for Failure {
    fn from(msg: Msg) -> Self {
        Failure::Refused(msg)
    }
}

/// What a command's steps return: done, or why not.
pub(crate) type Step = Result<(), Failure>;

pub(crate) struct Work<'s> {
    pub uow: Box<dyn UnitOfWork>,
    pub now: DateTime<Utc>,
    pub settings: &'s Settings,
    actor: Actor,
    /// What caused this work (an event key, a job key), unique for ever: its outbox messages
    /// are keyed by it.
    origin: String,
    audit: Vec<Draft>,
    out: Vec<Outbound>,
}

impl<'s> Work<'s> {
    pub fn new(
        uow: Box<dyn UnitOfWork>,
        now: DateTime<Utc>,
        settings: &'s Settings,
        actor: Actor,
        origin: String,
    ) -> Self {
        Work {
            uow,
            now,
            settings,
            actor,
            origin,
            audit: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Who is doing this work: the member who acted, or the system.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn locale_of(&self, member: &Member) -> Locale {
        member.locale.unwrap_or(self.settings.default_locale)
    }

    /// Appends an audit event for `object`, in this transaction.
    pub fn record(
        &mut self,
        object: impl Into<ObjectId>,
        action: &'static str,
        change: (Map<String, Value>, Map<String, Value>),
    ) {
        self.audit.push(Draft {
            actor: self.actor.clone(),
            object: object.into(),
            action,
            before: change.0,
            after: change.1,
        });
    }

    /// The working calendar of a member: their department's, else office hours in the
    /// organisation's zone.
    pub async fn calendar_of(&mut self, member: &Member) -> anyhow::Result<BusinessCalendar> {
        if let Some(key) = &member.dept {
            if let Some(dept) = self.uow.department(key).await? {
                return Ok(dept.calendar);
            }
        }
        Ok(self.settings.office_calendar(self.settings.default_tz))
    }

    /// The language of a department's channel.
    pub fn channel_locale(&self, dept: &Department) -> Locale {
        dept.locale.unwrap_or(self.settings.default_locale)
    }

    pub fn post_body(&mut self, dept: &Department, body: Body) {
        self.out.push(Outbound::new(channel_of(dept), body));
    }

    /// Posts about a ticket where the rule of `core::threads` says: in its thread, or in
    /// its department's channel.
    pub fn post_about_ticket(
        &mut self,
        dept: &Department,
        ticket: &TicketId,
        notice: TicketNotice,
        msg: impl FnOnce(Tz) -> Msg,
    ) {
        let text = msg(dept.calendar.tz()).render(self.channel_locale(dept));
        self.post_body_about_ticket(dept, ticket, notice, Body::Text(text));
    }

    pub fn post_body_about_ticket(
        &mut self,
        dept: &Department,
        ticket: &TicketId,
        notice: TicketNotice,
        body: Body,
    ) {
        let target = ticket_target(dept, ticket, notice);
        self.out.push(Outbound::new(target, body));
    }

    /// Posts a notice about a ticket — in its thread or its department's channel, as the
    /// rule of `core::threads` says — that is merged with others of its kind when many wait
    /// there at once; `line` is how it reads in that list, `urgency` orders the list.
    pub fn post_ticket_notice(
        &mut self,
        dept: &Department,
        ticket: &TicketId,
        about: TicketNotice,
        notice: Notice<impl FnOnce(Tz) -> Msg, impl FnOnce(Tz) -> Msg>,
    ) {
        let (tz, locale) = (dept.calendar.tz(), self.channel_locale(dept));
        let target = ticket_target(dept, ticket, about);
        self.out.push(notice.render(target, tz, locale));
    }

    /// Sends a direct message, in the recipient's language and time zone.
    pub fn dm(&mut self, to: &Member, msg: impl FnOnce(Tz) -> Msg) {
        let text = msg(to.tz).render(self.locale_of(to));
        self.out.push(Outbound::new(dm_to(to), Body::Text(text)));
    }

    /// Sends a card by direct message, made in the recipient's zone and language.
    pub fn dm_card(&mut self, to: &Member, card: impl FnOnce(Tz, Locale) -> Card) {
        let card = card(to.tz, self.locale_of(to));
        self.out.push(Outbound::new(dm_to(to), Body::Card(card)));
    }

    /// Sends a notice by direct message, merged with others of its kind when many wait for
    /// the person at once (see [`Work::post_ticket_notice`]).
    pub fn dm_notice(
        &mut self,
        to: &Member,
        notice: Notice<impl FnOnce(Tz) -> Msg, impl FnOnce(Tz) -> Msg>,
    ) {
        let locale = self.locale_of(to);
        self.out.push(notice.render(dm_to(to), to.tz, locale));
    }

    /// Tells adapters that the card of `object` now looks like `card`.
    pub fn refresh_card(&mut self, object: impl Into<ObjectId>, card: Card) {
        let target = Target::CardUpdate {
            object: object.into(),
        };
        self.out.push(Outbound::new(target, Body::Card(card)));
    }

    pub fn push(&mut self, outbound: Outbound) {
        self.out.push(outbound);
    }

    /// Posts to the audit channel, in the organisation's language and zone.
    pub fn post_to_audit_channel(&mut self, msg: impl FnOnce(Tz) -> Msg) {
        let text = msg(self.settings.default_tz).render(self.settings.default_locale);
        let target = Target::Channel {
            dept: None,
            channel: self.settings.seals.channel.clone(),
        };
        self.out.push(Outbound::new(target, Body::Text(text)));
    }

    /// Seals the trail's head and records the seal; `None` when the trail is empty. The
    /// events this work recorded so far are chained first, so the seal covers them; the
    /// seal's own event is recorded after the head it seals (it cannot cover itself).
    pub async fn seal(&mut self) -> Result<Option<Seal>, StoreError> {
        self.append_drafts().await?;
        let Some(head) = self.uow.audit_head().await? else {
            return Ok(None);
        };
        let seal = Seal {
            number: self.uow.next_seal_number().await?,
            head,
            at: self.now,
        };
        self.uow.record_seal(&seal).await?;
        self.record(ObjectId::Audit, SEAL_ACTION, seal.change());
        Ok(Some(seal))
    }

    /// Chains the audit events recorded so far onto the trail.
    async fn append_drafts(&mut self) -> Result<(), StoreError> {
        if !self.audit.is_empty() {
            let head = self.uow.audit_head().await?;
            let events = audit::chain(head, self.now, std::mem::take(&mut self.audit));
            self.uow.append_audit(&events).await?;
        }
        Ok(())
    }

    /// Chains the audit events onto the trail, writes the notices to the outbox, commits,
    /// and hands back the replies — and the new faces of changed cards, which are queued for
    /// every posted copy too, so that a card clicked on can show its new face at once.
    pub async fn finish(self) -> Result<Vec<Outbound>, StoreError> {
        let (uow, replies) = self.write_out().await?;
        uow.commit().await?;
        Ok(replies)
    }

    /// What [`Work::finish`] writes, without the commit: the unit of work goes on (several
    /// jobs in one, see `digests::batch`).
    pub async fn write_out(mut self) -> Result<(Box<dyn UnitOfWork>, Vec<Outbound>), StoreError> {
        self.append_drafts().await?;
        let (mut replies, notices): (Vec<Outbound>, Vec<Outbound>) =
            self.out.into_iter().partition(|o| o.target.is_reply());
        replies.extend(
            notices
                .iter()
                .filter(|o| matches!(o.target, Target::CardUpdate { .. }))
                .cloned(),
        );
        if !notices.is_empty() {
            let messages = outbox::messages(&self.origin, notices, self.now);
            self.uow.enqueue(&messages).await?;
        }
        Ok((self.uow, replies))
    }
}

/// A notice that may be merged with others of its kind: its full text, and how it reads as
/// one line of a list, each in the reader's zone.
pub(crate) struct Notice<F, L> {
    pub kind: NoticeKind,
    /// Lower is more urgent.
    pub urgency: i64,
    pub full: F,
    pub line: L,
}

impl<F: FnOnce(Tz) -> Msg, L: FnOnce(Tz) -> Msg> Notice<F, L> {
    fn render(self, target: Target, tz: Tz, locale: Locale) -> Outbound {
        Outbound::batched(
            target,
            Body::Text((self.full)(tz).render(locale)),
            Batch {
                kind: self.kind,
                line: (self.line)(tz).render(locale),
                urgency: self.urgency,
                locale,
            },
        )
    }
}

fn channel_of(dept: &Department) -> Target {
    Target::Channel {
        dept: Some(dept.key.clone()),
        channel: dept.channel.clone(),
    }
}

/// Where a notice about a ticket goes (see `core::threads`).
fn ticket_target(dept: &Department, ticket: &TicketId, notice: TicketNotice) -> Target {
    match threads::venue(notice) {
        Venue::Channel => channel_of(dept),
        Venue::Thread => Target::Thread {
            ticket: ticket.clone(),
            dept: dept.key.clone(),
            channel: dept.channel.clone(),
        },
    }
}

fn dm_to(member: &Member) -> Target {
    Target::Dm {
        handle: member.handle.clone(),
    }
}

/// A command's context: the work plus the member acting.
pub(crate) struct Ctx<'s> {
    pub work: Work<'s>,
    pub actor: Member,
    /// The language replies are written in: the member's, else the platform's hint, else
    /// the organisation's.
    locale: Locale,
}

impl<'s> Ctx<'s> {
    pub fn new(work: Work<'s>, actor: Member, locale: Locale) -> Self {
        Ctx {
            work,
            actor,
            locale,
        }
    }

    pub fn into_work(self) -> Work<'s> {
        self.work
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.work.now
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The actor's time zone, for times shown in replies.
    pub fn tz(&self) -> Tz {
        self.actor.tz
    }

    pub fn reply(&mut self, msg: Msg) {
        self.reply_text(msg.render(self.locale()), false);
    }

    /// A reply only the actor needs to see (lists, their own record).
    pub fn reply_private(&mut self, msg: Msg) {
        self.reply_text(msg.render(self.locale()), true);
    }

    pub fn reply_text(&mut self, text: String, private: bool) {
        self.work
            .push(Outbound::new(Target::Reply { private }, Body::Text(text)));
    }

    pub fn reply_card(&mut self, card: Card, private: bool) {
        self.work
            .push(Outbound::new(Target::Reply { private }, Body::Card(card)));
    }

    /// Direct message to a member other than the actor (people are not told what they did).
    pub fn notify(&mut self, to: &Member, msg: impl FnOnce(Tz) -> Msg) {
        if to.handle != self.actor.handle {
            self.work.dm(to, msg);
        }
    }

    pub fn record(
        &mut self,
        object: impl Into<ObjectId>,
        action: &'static str,
        change: (Map<String, Value>, Map<String, Value>),
    ) {
        self.work.record(object, action, change);
    }

    /// Loads a member by handle or refuses with "no member @x".
    pub async fn member(&mut self, handle: &Handle) -> Result<Member, Failure> {
        self.work.uow.member(handle).await?.ok_or_else(|| {
            Failure::Refused(Msg::new("error-unknown-member").arg("handle", handle.as_str()))
        })
    }

    /// Loads a department by key or refuses, listing the keys that exist.
    pub async fn department(
        &mut self,
        key: &crate::core::domain::ids::DeptKey,
    ) -> Result<Department, Failure> {
        if let Some(dept) = self.work.uow.department(key).await? {
            return Ok(dept);
        }
        let known: Vec<String> = self
            .work
            .uow
            .departments()
            .await?
            .into_iter()
            .map(|d| d.key.to_string())
            .collect();
        Err(Failure::Refused(
            Msg::new("error-unknown-dept")
                .arg("key", key.as_str())
                .arg("known", known.join(", ")),
        ))
    }
}
