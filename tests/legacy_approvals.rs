//! Requests written before migration 0009 (no approver forms, no rate, steps without their
//! basis) read as they were and keep the approvers they were planned with.

use crate::support::{assert_line, connect, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_request_from_before_the_forms_were_kept_is_decided_as_planned() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    let mut conn = connect(&app.db).await;
    let at = 1_796_630_400_i64; // 2026-12-07 08:00 UTC
    sqlx::query(
        "INSERT INTO approvals (id, kind, title, amount_minor, currency, dept, details, requester,
           status, step, steps, content_hash, step_started_at, created_at, updated_at)
         VALUES (1, 'purchase', 'Old toner', 50000, 'EUR', 'it', NULL, 'frank', 'pending', 0,
           '[{\"approvers\":[\"bob\"],\"all\":false}]', 'hash', ?, ?, ?)",
    )
    .bind(at)
    .bind(at)
    .bind(at)
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("UPDATE counters SET next = 2 WHERE name = 'approval'")
        .execute(&mut conn)
        .await
        .unwrap();
    // Without forms, an organisation change leaves its approvers alone.
    let out = app
        .run("/member set user:@carol role:manager dept:it")
        .await;
    assert!(!out.iter().any(|l| l.contains("A-1")), "{out:?}");
    let out = app.run("@bob /approval show A-1").await;
    assert_line(&out, "[reply]", "Step 1: @bob (any one)");
    assert_line(&out, "[reply]", "Amount: 500.00 EUR");
    let out = app.run("@bob /approval approve A-1").await;
    assert_line(&out, "[reply]", "You approved A-1 (step 1 of 1).");
}
