//! Issue #15, part 1: a thread per ticket, end to end through the real serenity client and
//! the fake Discord — the thread started from the card, the requester and the assignee added,
//! the ticket's notices (comments, status changes) posted in it, a private department's
//! private thread, and the fallback to the channel (noted on the card) once the thread is
//! deleted; with `[discord] read_threads`, what the requester and staff write in the thread as
//! comments; part 2: the transcript posted in the thread and sent to the requester when the
//! ticket closes.

use serde_json::{json, Value};

use opsdesk::core::domain::ids::Handle;
use opsdesk::core::outbox::Delivery;
use opsdesk::core::service::{Caller, Outcome};
use opsdesk::core::time::Clock;

use crate::discord::{
    name_of, spawn_bot, spawn_bot_with, sub, DiscordApp, ALICE, FRANK, STRANGER, VICTOR,
};
use crate::support::fake_discord::gateway::intents;
use crate::support::fake_discord::threads::FakeThread;
use crate::support::fake_discord::{payloads, Call, FakeDiscord};
use crate::support::{spawn_app, spawn_app_on_postgres, TestApp, MONDAY_10AM};

/// Frank comments on IT-1 in English.
async fn comment(app: &mut DiscordApp, user: u64, text: &str) {
    let options = sub("comment", &[("id", json!("IT-1")), ("text", json!(text))]);
    let id = app.slash(user, "en-US", "ticket", options).await;
    app.answer(id).await;
}

fn posted_text(call: &Call) -> &str {
    call.body["content"].as_str().unwrap_or_default()
}

fn id_of(message: &Value) -> u64 {
    payloads::read_snowflake(&message["id"]).unwrap()
}

/// The thread the bot started, once the fake has it.
async fn started_thread(app: &DiscordApp) -> FakeThread {
    app.fake
        .wait_for_call("thread started", |c| {
            c.method == "POST" && c.path.ends_with("/threads") && c.status == 200
        })
        .await;
    app.fake.threads().pop().expect("a thread")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_gets_a_thread_from_its_card_with_its_people_and_its_notices() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let it = app.channels["it"];
    let start = app
        .fake
        .wait_for_call("thread from the card", |c| {
            c.method == "POST"
                && c.path
                    .ends_with(&format!("/channels/{it}/messages/{}/threads", id_of(&card)))
        })
        .await;
    assert_eq!(start.body["name"], "IT-1 · Printer down");
    let thread = app.fake.threads().pop().expect("a thread");
    assert!(!thread.private && thread.parent == it);
    let frank_added = format!("/channels/{}/thread-members/{FRANK}", thread.id);
    app.fake
        .wait_for_call("the requester added", |c| {
            c.method == "PUT" && c.path.ends_with(&frank_added)
        })
        .await;

    // Unassigned, the requester's comment goes to the thread, not the channel.
    comment(&mut app, FRANK, "Still down after a restart").await;
    let in_thread = format!("/channels/{}/messages", thread.id);
    let post = app
        .fake
        .wait_for_call("comment in the thread", |c| {
            c.method == "POST" && c.path.ends_with(&in_thread)
        })
        .await;
    assert_eq!(
        posted_text(&post),
        "@frank commented on IT-1: Still down after a restart"
    );

    // Whoever takes the ticket is added to its thread.
    let id = app
        .slash(
            ALICE,
            "en-US",
            "ticket",
            sub("claim", &[("id", json!("IT-1"))]),
        )
        .await;
    app.answer(id).await;
    let alice_added = format!("/channels/{}/thread-members/{ALICE}", thread.id);
    app.fake
        .wait_for_call("the assignee added", |c| {
            c.method == "PUT" && c.path.ends_with(&alice_added)
        })
        .await;
    // The claim is one line in the thread; the card in the channel shows the new status.
    app.fake
        .wait_for_call("the status change in the thread", |c| {
            c.method == "POST"
                && c.path.ends_with(&in_thread)
                && posted_text(c) == "@alice claimed IT-1: it is in progress."
        })
        .await;
    let edited = format!("/channels/{it}/messages/{}", id_of(&card));
    app.fake
        .wait_for_call("the card edited in the channel", |c| {
            c.method == "PATCH"
                && c.path.ends_with(&edited)
                && c.body.to_string().contains("in progress")
        })
        .await;
    let channel_posts = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.method == "POST" && c.path.ends_with(&format!("/channels/{it}/messages")))
        .count();
    assert_eq!(channel_posts, 1, "the channel keeps only the card");
    let members = app.fake.threads().pop().unwrap().members;
    assert_eq!(members.into_iter().collect::<Vec<_>>(), [ALICE, FRANK]);
    assert_eq!(app.fake.threads().len(), 1, "one thread per ticket");
    app.stop().await;
}

/// Alice runs `/ticket <name>` on IT-1 with `options`, in English.
async fn alice(app: &mut DiscordApp, name: &str, options: &[(&str, Value)]) {
    let mut all = vec![("id", json!("IT-1"))];
    all.extend(options.iter().cloned());
    let id = app.slash(ALICE, "en-US", "ticket", sub(name, &all)).await;
    app.answer(id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_ticket_posts_its_transcript_in_the_thread_and_sends_it_to_the_requester() {
    let mut app = spawn_bot().await;
    app.open_it_ticket("Printer down").await;
    let thread = started_thread(&app).await;
    alice(&mut app, "claim", &[]).await;
    let note = [("text", json!("Vendor is slow")), ("internal", json!(true))];
    alice(&mut app, "comment", &note).await;
    alice(&mut app, "resolve", &[("resolution", json!("New toner"))]).await;
    alice(&mut app, "close", &[]).await;

    // Both uploads are multipart: the Markdown file and the HTML page, the requester's copy.
    let in_thread = format!("/channels/{}/messages", thread.id);
    let with_transcript = |c: &Call| {
        c.method == "POST"
            && c.files.len() == 2
            && c.files
                .iter()
                .all(|f| f.filename.starts_with("transcript-IT-1-"))
    };
    let posted = app
        .fake
        .wait_for_call("the transcript in the thread", |c| {
            with_transcript(c) && c.path.ends_with(&in_thread)
        })
        .await;
    let sent = app
        .fake
        .wait_for_call("the transcript by DM", |c| {
            with_transcript(c) && !c.path.ends_with(&in_thread)
        })
        .await;
    for call in [&posted, &sent] {
        let names: Vec<&str> = call.files.iter().map(|f| f.filename.as_str()).collect();
        assert!(names[0].ends_with("-requester.md"), "{names:?}");
        assert!(names[1].ends_with("-requester.html"), "{names:?}");
        let html = String::from_utf8(call.files[1].bytes.clone()).unwrap();
        assert!(html.contains("New toner"), "{html}");
        assert!(
            !html.contains("Vendor is slow"),
            "the requester's copy: {html}"
        );
        assert_eq!(
            call.body["content"],
            "IT-1 is closed. Its transcript, for your records:"
        );
    }
    let dms = app.fake.calls();
    assert!(
        dms.iter().any(|c| c.is("POST", "/users/@me/channels")
            && c.body["recipient_id"]
                .to_string()
                .contains(&FRANK.to_string())),
        "a DM opened to Frank"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_departments_ticket_gets_a_private_thread() {
    let mut app = spawn_bot().await;
    let options = sub(
        "open",
        &[("dept", json!("hr")), ("title", json!("Payslip"))],
    );
    let id = app.slash(FRANK, "en-US", "ticket", options).await;
    app.answer(id).await;
    let hr = app.channels["hr"];
    let start = app
        .fake
        .wait_for_call("a private thread", |c| {
            c.method == "POST" && c.path.ends_with(&format!("/channels/{hr}/threads"))
        })
        .await;
    assert_eq!(start.body["type"], 12, "{}", start.body);
    let thread = app.fake.threads().pop().expect("a thread");
    assert!(thread.private && thread.message.is_none());
    let frank_added = format!("/channels/{}/thread-members/{FRANK}", thread.id);
    app.fake
        .wait_for_call("the requester added", |c| {
            c.method == "PUT" && c.path.ends_with(&frank_added)
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_thread_deleted_notices_fall_back_to_the_channel_and_the_card_says_so() {
    let mut app = spawn_bot().await;
    let card = app.open_it_ticket("Printer down").await;
    let thread = started_thread(&app).await;
    app.fake.delete_thread(thread.id);

    comment(&mut app, FRANK, "Anyone there?").await;
    let it = app.channels["it"];
    let refused = app
        .fake
        .wait_for_call("the post the deleted thread refuses", |c| {
            c.method == "POST"
                && c.path
                    .ends_with(&format!("/channels/{}/messages", thread.id))
        })
        .await;
    assert_eq!(refused.status, 404);
    let in_channel = format!("/channels/{it}/messages");
    let post = app
        .fake
        .wait_for_call("the comment in the channel", |c| {
            c.method == "POST" && c.path.ends_with(&in_channel) && posted_text(c).contains("Anyone")
        })
        .await;
    assert_eq!(
        posted_text(&post),
        "@frank commented on IT-1: Anyone there?"
    );
    let edited = format!("/channels/{it}/messages/{}", id_of(&card));
    // The comment's own refresh of the card comes first; then the note.
    app.fake
        .wait_for_call("the card notes the thread is gone", |c| {
            c.method == "PATCH"
                && c.path.ends_with(&edited)
                && c.body.to_string().contains("This ticket's thread is gone")
        })
        .await;

    // From now on, straight to the channel.
    comment(&mut app, FRANK, "Hello?").await;
    app.fake
        .wait_for_call("the next comment in the channel", |c| {
            c.method == "POST" && c.path.ends_with(&in_channel) && posted_text(c).contains("Hello?")
        })
        .await;
    let thread_posts = app
        .fake
        .calls()
        .iter()
        .filter(|c| {
            c.path
                .ends_with(&format!("/channels/{}/messages", thread.id))
        })
        .count();
    assert_eq!(thread_posts, 1, "the gone thread is not tried again");
    app.stop().await;
}

/// `user` writes `text` in the thread, as message `id`; whether the fake delivered it (the
/// bot asked for the intents it needs).
async fn write_in(app: &DiscordApp, thread: u64, id: u64, user: u64, text: &str) -> bool {
    let event = payloads::message_create(id, thread, user, name_of(user), text);
    app.fake.dispatch("MESSAGE_CREATE", event).await
}

/// IT-1 as `/ticket show` shows it to Alice (IT staff, who sees internal notes).
async fn shown_to_alice(app: &DiscordApp) -> String {
    let alice = Caller::new(Handle::parse("alice").unwrap());
    let now = app.clock.now();
    let out = app
        .service
        .execute_line(&alice, "/ticket show IT-1", now)
        .await;
    format!("{:?}", out.messages())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_read_threads_the_requesters_and_staffs_messages_in_the_thread_are_comments() {
    let fake = FakeDiscord::start().await;
    let mut app = spawn_bot_with(fake, |config| config.discord.read_threads = true).await;
    let wanted = intents::GUILD_MESSAGES | intents::MESSAGE_CONTENT;
    assert_eq!(
        app.fake.wait_ready().await & wanted,
        wanted,
        "the privileged intent asked for"
    );
    app.open_it_ticket("Printer down").await;
    let thread = started_thread(&app).await.id;
    // The bot records where the thread is once Discord has answered.
    let ticket = "IT-1".parse().unwrap();
    for _ in 0..50 {
        if app.service.ticket_thread(&ticket).await.unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A stranger, a member who is neither requester nor IT staff, and a bot: not comments.
    assert!(write_in(&app, thread, 50_001, STRANGER, "Me too").await);
    assert!(write_in(&app, thread, 50_002, VICTOR, "Hello from accounting").await);
    let by_bot = payloads::message(
        50_003,
        thread,
        payloads::bot_user(),
        "@frank commented on IT-1: an echo",
        Value::Null,
        Value::Null,
    );
    let by_bot = payloads::in_guild(
        by_bot,
        payloads::member(FakeDiscord::BOT_USER_ID, "opsdesk", &[]),
    );
    assert!(app.fake.dispatch("MESSAGE_CREATE", by_bot).await);
    // Staff's `!note` is internal; the requester's words are a comment, delivered twice.
    assert!(write_in(&app, thread, 50_004, ALICE, "!note fuser looks worn").await);
    assert!(write_in(&app, thread, 50_005, FRANK, "Still down after a restart").await);
    assert!(write_in(&app, thread, 50_005, FRANK, "Still down after a restart").await);

    let in_thread = format!("/channels/{thread}/messages");
    let post = app
        .fake
        .wait_for_call("the requester's comment told in the thread", |c| {
            c.method == "POST" && c.path.ends_with(&in_thread)
        })
        .await;
    assert_eq!(
        posted_text(&post),
        "@frank commented on IT-1: Still down after a restart"
    );
    for _ in 0..50 {
        let shown = shown_to_alice(&app).await;
        if shown.contains("fuser looks worn") && shown.contains("Still down") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Time for the ignored ones and the replay to have done anything they would do.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let shown = shown_to_alice(&app).await;
    assert!(shown.contains("[internal] @alice"), "{shown}");
    assert!(
        shown.contains("fuser looks worn") && !shown.contains("!note"),
        "{shown}"
    );
    assert_eq!(
        shown.matches("Still down after a restart").count(),
        1,
        "{shown}"
    );
    assert!(shown.contains("2 comments"), "{shown}");
    for ignored in ["Me too", "Hello from accounting", "an echo"] {
        assert!(!shown.contains(ignored), "{ignored}: {shown}");
    }

    // On Discord, `/ticket show` lists them too — the requester sees no internal note.
    let options = sub("show", &[("id", json!("IT-1"))]);
    let id = app.slash(FRANK, "en-US", "ticket", options).await;
    let answer = app.answer(id).await.body.to_string();
    assert!(answer.contains("Still down after a restart"), "{answer}");
    assert!(!answer.contains("fuser"), "{answer}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_read_threads_messages_in_the_thread_never_reach_the_bot() {
    let mut app = spawn_bot().await;
    let intents = app.fake.wait_ready().await;
    assert_eq!(
        intents & (intents::GUILD_MESSAGES | intents::MESSAGE_CONTENT),
        0
    );
    app.open_it_ticket("Printer down").await;
    let thread = started_thread(&app).await.id;
    assert!(
        !write_in(&app, thread, 50_001, FRANK, "Still down").await,
        "Discord sends no messages to a bot without the intent"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let shown = shown_to_alice(&app).await;
    assert!(
        !shown.contains("Still down") && !shown.contains("comment"),
        "{shown}"
    );
    app.stop().await;
}

/// serenity drops what does not fit its models silently: the fake's thread must be one.
#[test]
fn a_thread_as_the_fake_returns_it_is_a_serenity_guild_channel() {
    use serenity::all::{ChannelType, GuildChannel};
    for private in [false, true] {
        let thread = FakeThread {
            id: 42,
            parent: 7,
            message: (!private).then_some(9),
            name: "IT-1 · Printer down".into(),
            private,
            members: [FRANK].into(),
        };
        let payload = crate::support::fake_discord::threads::channel(&thread);
        let channel: GuildChannel = serde_json::from_value(payload).unwrap();
        let kind = if private {
            ChannelType::PrivateThread
        } else {
            ChannelType::PublicThread
        };
        assert_eq!(channel.kind, kind);
        assert_eq!(channel.parent_id.map(|p| p.get()), Some(7));
        assert_eq!(channel.name, "IT-1 · Printer down");
        assert!(channel.thread_metadata.is_some_and(|m| !m.archived));
    }
}

/// The core's side of `read_threads` on both stores: a message in a ticket's thread is found
/// by the thread's location and made a comment once; elsewhere, nothing.
async fn a_message_in_a_threads_location_is_its_tickets_comment(app: TestApp) {
    let now = MONDAY_10AM.parse().unwrap();
    let as_member = |handle: &str| Caller::new(Handle::parse(handle).unwrap());
    let line = "/member set user:@frank discord:4242";
    app.service
        .execute_line(&as_member("admin"), line, now)
        .await;
    let line = "/ticket open dept:it title:Printer";
    app.service
        .execute_line(&as_member("frank"), line, now)
        .await;
    // Rounds of the outbox until it is empty: the thread's setup goes a round after its card.
    loop {
        let sends = app.service.claim_outbox(now).await.unwrap();
        if sends.is_empty() {
            break;
        }
        let round: Vec<_> = sends
            .into_iter()
            .map(|send| {
                let location = send.thread_of().map(|_| "777".to_string());
                (send, Some(Delivery::Sent { location }))
            })
            .collect();
        app.service.record_deliveries(&round, now).await.unwrap();
    }
    let said = |location: &'static str| {
        let service = app.service.clone();
        async move {
            let key = "msg:1".to_string();
            let said = service.thread_message(location, "4242", key, "Hello", now);
            said.await.unwrap()
        }
    };
    assert_eq!(said("999").await, Outcome::Ignored, "no ticket's thread");
    assert!(matches!(said("777").await, Outcome::Done(_)));
    assert_eq!(said("777").await, Outcome::Replayed);
    let shown = app
        .service
        .execute_line(&as_member("frank"), "/ticket show IT-1", now)
        .await;
    let shown = format!("{:?}", shown.messages());
    assert_eq!(shown.matches("Hello").count(), 1, "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_a_threads_location_is_its_tickets_comment_on_sqlite() {
    let app = spawn_app(MONDAY_10AM, "admin").await;
    a_message_in_a_threads_location_is_its_tickets_comment(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_a_threads_location_is_its_tickets_comment_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(MONDAY_10AM, "admin").await {
        a_message_in_a_threads_location_is_its_tickets_comment(app).await;
    }
}
