//! `/audit verify deep:true`: tickets, tasks, requests and decisions edited behind opsdesk's
//! back, the trail left alone (issue #12, part 5 (b)). Each edit is named by its object and
//! field.

use crate::audit_tamper::tamper;
use crate::support::{assert_line, spawn_app, TestApp, MONDAY_10AM};

/// 19 seed events (5 departments, 9 members, 5 default digest subscriptions), then IT-1 (#20
/// open, #21 claim, #22 resolve), T-1 (#23), and A-1 asked of @bob then @victor (#24),
/// approved by @bob (#25).
async fn app_with_objects() -> TestApp {
    let mut app = spawn_app(MONDAY_10AM, "alice").await;
    let out = app
        .run(
            "@frank /ticket open dept:it title:\"Printer down\"\n\
             /ticket claim id:IT-1\n\
             /ticket resolve id:IT-1 resolution:\"Fixed\"\n\
             @bob /task assign user:@alice title:\"Patch the VPN\" due:\"tomorrow 17:00\"\n\
             /approval request kind:purchase title:\"3 laptops\" amount:\"4,500 EUR\" dept:it\n\
             @bob /approval approve id:A-1\n\
             @admin /audit verify deep:true",
        )
        .await;
    assert_line(&out, "[reply]", "Audit trail intact: 25 events verified.");
    assert_line(
        &out,
        "[reply]",
        "Deep check: 3 tickets, tasks and requests agree with their history.",
    );
    app
}

async fn deep_check(app: &mut TestApp) -> Vec<String> {
    app.run("@admin /audit verify deep:true").await
}

#[tokio::test]
async fn an_edited_ticket_row_is_named_with_its_field() {
    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "UPDATE tickets SET assignee = 'bob' WHERE id = 'IT-1'",
    )
    .await;
    let out = deep_check(&mut app).await;
    assert_line(&out, "[reply]", "Audit trail intact: 25 events verified.");
    assert_line(
        &out,
        "[reply]",
        "Deep check: IT-1 differs from its history: assignee is “bob” in the data but “alice” in the trail (event #21).",
    );
}

#[tokio::test]
async fn an_edited_task_row_is_named_with_its_field() {
    let mut app = app_with_objects().await;
    tamper(&app.db, "UPDATE tasks SET assignee = 'dan' WHERE id = 1").await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: T-1 differs from its history: assignee is “dan” in the data but “alice” in the trail (event #23).",
    );
}

#[tokio::test]
async fn an_edited_approval_row_is_named_with_its_field() {
    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "UPDATE approvals SET status = 'approved' WHERE id = 1",
    )
    .await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: A-1 differs from its history: status is “approved” in the data but “pending” in the trail (event #24).",
    );
}

#[tokio::test]
async fn a_step_skipped_by_hand_is_named() {
    let mut app = app_with_objects().await;
    tamper(&app.db, "UPDATE approvals SET step = 0 WHERE id = 1").await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: A-1 differs from its history: current_step is “1” in the data but “2” in the trail (event #25).",
    );
}

#[tokio::test]
async fn an_edited_decision_row_is_named_with_its_field() {
    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "UPDATE approval_decisions SET by_member = 'victor' WHERE approval = 1",
    )
    .await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: A-1, decision 1, differs from its event #25: by is “victor” in the data but “bob” in the trail.",
    );
}

#[tokio::test]
async fn a_forged_self_approval_row_is_caught() {
    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "INSERT INTO approval_decisions (approval, step, approver, by_member, verdict, comment, content_hash, at)
         SELECT id, 1, requester, requester, 'approve', NULL, content_hash, created_at FROM approvals WHERE id = 1",
    )
    .await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: A-1 has a decision no event records (decision 2: approve by alice for alice, step 2).",
    );
}

#[tokio::test]
async fn a_deleted_row_and_a_row_added_by_hand_are_named() {
    let mut app = app_with_objects().await;
    tamper(&app.db, "DELETE FROM tasks WHERE id = 1").await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: T-1 has a history (from event #23) but is not in the data: it was deleted.",
    );

    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "INSERT INTO tickets (id, dept, number, title, priority, status, requester, created_at, updated_at)
         VALUES ('IT-9', 'it', 9, 'Forged', 'low', 'open', 'frank', 0, 0)",
    )
    .await;
    let out = deep_check(&mut app).await;
    assert_line(
        &out,
        "[reply]",
        "Deep check: IT-9 has no history: it was added behind opsdesk's back.",
    );
}

#[tokio::test]
async fn the_deep_check_speaks_romanian() {
    let mut app = app_with_objects().await;
    tamper(
        &app.db,
        "UPDATE tickets SET status = 'closed' WHERE id = 'IT-1'",
    )
    .await;
    let out = app.run("@maria /audit verifica complet:da").await;
    assert_line(
        &out,
        "[reply]",
        "Verificare completă: IT-1 diferă de istoricul său: status este „closed” în date, dar „resolved” în jurnal (evenimentul #22).",
    );
}
