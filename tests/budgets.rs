//! Budgets (issue #13) under the configurations the transcripts do not use: the other
//! over-budget policies, budgets set after requests were made, several budgets of one
//! department, a budget kept in lei, and a request that expires. The conversations with the
//! default policy are `tests/scenarios/budgets_*.txt`.

use opsdesk::config::Config;
use opsdesk::core::domain::approval_policy::ExpiryAction;
use opsdesk::core::domain::budget::OverBudget;

use crate::support::{assert_line, spawn_app, spawn_with, TestApp, MONDAY_10AM};

const IT_Q4: &str = r#"@admin /budget set dept:it period:2026-Q4 amount:"10,000 EUR""#;

async fn with_policy(over_budget: OverBudget) -> TestApp {
    let mut config = Config::demo();
    config.budgets.over_budget = over_budget;
    spawn_with(&config, MONDAY_10AM, "alice").await
}

fn request(title: &str, amount: &str) -> String {
    format!(r#"/approval request kind:purchase title:"{title}" amount:"{amount}" dept:it"#)
}

#[tokio::test]
async fn a_request_over_budget_is_refused_with_what_is_left_when_the_policy_says_refuse() {
    let mut app = with_policy(OverBudget::Refuse).await;
    app.run(IT_Q4).await;
    let out = app.run(&request("Laptops", "8,000 EUR")).await;
    assert_line(&out, "[reply]", "A-1 requested");
    let out = app.run(&request("Monitors", "3,000 EUR")).await;
    assert_eq!(
        out,
        [
            "[error] The budget IT, 2026-Q4 has 2,000.00 EUR left, and this request asks for \
          3,000.00 EUR. Ask for less, or first for more budget: \
          `/approval request kind:budget … period:…`."
        ]
    );
    // Nothing was reserved, and no request number was used up.
    let out = app.run("@bob /budget show").await;
    assert_line(&out, "[reply]", "Committed (waiting): 8,000.00 EUR");
    let out = app.run(&request("Monitors", "2,000 EUR")).await;
    assert_line(&out, "[reply]", "A-2 requested");
    assert_line(&out, "[#it]", "after this 0.00 EUR left");
}

#[tokio::test]
async fn a_request_over_budget_only_warns_when_the_policy_says_allow() {
    let mut app = with_policy(OverBudget::Allow).await;
    app.run(IT_Q4).await;
    let out = app.run(&request("Servers", "10,500 EUR")).await;
    // Above 10,000 the policy's own director step is there; no other is added.
    assert_line(&out, "[reply]", "waits on @bob (step 1 of 3)");
    assert_line(&out, "[#it]", "Over budget: it asks for more than the budget had left; the organisation lets it through, for information");
    let out = app.run(&request("Cables", "200 EUR")).await;
    assert_line(&out, "[reply]", "waits on @bob (step 1 of 1)");
    assert_line(&out, "[#it]", "after this 700.00 EUR over budget");
}

#[tokio::test]
async fn a_large_request_over_budget_keeps_its_one_director_step() {
    let mut app = spawn_app(MONDAY_10AM, "alice").await;
    app.run(IT_Q4).await;
    let out = app.run(&request("Servers", "12,000 EUR")).await;
    assert_line(&out, "[reply]", "waits on @bob (step 1 of 3)");
    assert_line(&out, "[#it]", "a director decides it (step 3)");
    assert!(!out.iter().any(|l| l.contains("Step 4")), "{out:#?}");
}

#[tokio::test]
async fn a_budget_set_after_requests_counts_those_already_made_in_its_period() {
    let mut app = spawn_app(MONDAY_10AM, "alice").await;
    let out = app.run(&request("Headsets", "300 EUR")).await;
    assert_line(&out, "[#it]", "Budget: IT, 2026-12: no budget set");
    app.run(&request("Docking stations", "500 EUR")).await;
    app.run("@bob /approval approve A-2").await;
    app.run(&request("Chairs", "900 EUR")).await;
    app.run(r#"@bob /approval reject id:A-3 reason:"No""#).await;
    let out = app.run(IT_Q4).await;
    assert_line(
        &out,
        "[reply]",
        "committed 300.00 EUR, spent 500.00 EUR, 9,200.00 EUR left (8% used)",
    );
    let out = app.run("@bob /approval show A-1").await;
    assert_line(
        &out,
        "[reply]",
        "Budget: IT, 2026-Q4: 10,000.00 EUR — after this 9,200.00 EUR left",
    );
    let out = app.run("@admin /audit show id:budget:it:2026-Q4").await;
    assert_line(
        &out,
        "[reply]",
        "budget.reserve · amount: 300.00 EUR, approval: A-1, state: committed",
    );
    assert_line(
        &out,
        "[reply]",
        "budget.reserve · amount: 500.00 EUR, approval: A-2, state: spent",
    );
    assert!(!out.iter().any(|l| l.contains("A-3")), "{out:#?}");
}

#[tokio::test]
async fn a_month_and_its_quarter_both_count_a_request() {
    let mut app = spawn_app(MONDAY_10AM, "alice").await;
    app.run(IT_Q4).await;
    app.run(r#"@admin /budget set dept:it period:"December 2026" amount:"1,500 EUR""#)
        .await;
    app.run(r#"@admin /budget set dept:it period:2027 amount:"100,000 EUR""#)
        .await;
    let out = app.run(&request("Projector", "1,000 EUR")).await;
    assert_line(
        &out,
        "[#it]",
        "Budget: IT, 2026-12: 1,500.00 EUR — after this 500.00 EUR left",
    );
    assert_line(
        &out,
        "[#it]",
        "Budget: IT, 2026-Q4: 10,000.00 EUR — after this 9,000.00 EUR left",
    );
    assert!(!out.iter().any(|l| l.contains("2027")), "{out:#?}");
    // Over the month's budget though within the quarter's: a director decides it too.
    let out = app.run(&request("Speakers", "600 EUR")).await;
    assert_line(&out, "[reply]", "waits on @bob (step 1 of 2)");
    assert_line(
        &out,
        "[#it]",
        "Budget: IT, 2026-12: 1,500.00 EUR — after this 100.00 EUR over budget",
    );
    let out = app.run("@bob /budget list").await;
    assert_line(
        &out,
        "[reply]",
        "IT, 2026-Q4: 10,000.00 EUR · committed 1,600.00 EUR",
    );
    assert_line(
        &out,
        "[reply]",
        "IT, 2026-12: 1,500.00 EUR · committed 1,600.00 EUR",
    );
    assert!(!out.iter().any(|l| l.contains("Accounting")), "{out:#?}");
}

#[tokio::test]
async fn a_budget_request_for_a_period_without_a_budget_sets_it() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    let out = app
        .run(r#"/approval request kind:budget title:"IT in Q1" amount:"20 000 EUR" dept:it period:"Q1 2027""#)
        .await;
    assert_line(
        &out,
        "[#it]",
        "Budget: IT, 2027-Q1: no budget set — approving sets it to 20,000.00 EUR",
    );
    app.run("@victor /approval approve A-1").await;
    app.run("@maria /approval approve A-1").await;
    let out = app.run("/budget show period:2027-Q1").await;
    assert_line(&out, "[reply]", "Allocated: 20,000.00 EUR");
    assert_line(&out, "[reply]", "Raised by A-1: +20,000.00 EUR");
    let out = app.run("@admin /audit show id:budget:it:2027-Q1").await;
    assert_line(
        &out,
        "[reply]",
        "maria · budget.raise · allocated: 20,000.00 EUR",
    );
    // A rejected raise leaves the budget as it was.
    app.run(
        r#"/approval request kind:budget title:"More" amount:"5 000 EUR" dept:it period:2027-Q1"#,
    )
    .await;
    app.run(r#"@victor /approval reject id:A-2 reason:"Enough""#)
        .await;
    let out = app.run("/budget show period:2027-Q1").await;
    assert_line(&out, "[reply]", "Allocated: 20,000.00 EUR");
}

#[tokio::test]
async fn a_budget_kept_in_lei_counts_requests_in_euros_at_the_configured_rate() {
    let mut app = spawn_app(MONDAY_10AM, "alice").await;
    let out = app
        .run(r#"@admin /budget set dept:it period:2026-Q4 amount:"50,000 lei""#)
        .await;
    assert_line(&out, "[reply]", "set to 50,000.00 RON");
    let out = app.run(&request("Laptop", "1,000.01 EUR")).await;
    // 1,000.01 EUR at 1 RON = 0.20 EUR is 5,000.05 RON, exactly.
    assert_line(
        &out,
        "[#it]",
        "Budget: IT, 2026-Q4: 50,000.00 RON — after this 44,999.95 RON left",
    );
    let out = app.run(&request("Mouse", "$20")).await;
    assert_eq!(
        out,
        [
            "[error] purchase requests count in EUR, and there is no exchange rate for USD \
          (amounts may be in EUR, RON). Write it in EUR, for example `4500 EUR`."
        ]
    );
}

#[tokio::test]
async fn an_expired_request_releases_its_reservation() {
    let mut config = Config::demo();
    let purchase = config.approvals.kinds.get_mut("purchase").unwrap();
    purchase.on_expiry = ExpiryAction::Expire;
    let mut app = spawn_with(&config, MONDAY_10AM, "alice").await;
    app.run(IT_Q4).await;
    app.run(&request("Laptops", "4,000 EUR")).await;
    // Two working days to the reminder, two more to the expiry.
    let out = app.run(":advance 5d").await;
    assert_line(&out, "[dm @alice]", "A-1 (Laptops) expired");
    let out = app.run("@bob /budget show").await;
    assert_line(&out, "[reply]", "Committed (waiting): 0.00 EUR");
    let out = app.run("@admin /audit show id:budget:it:2026-Q4").await;
    assert_line(
        &out,
        "[reply]",
        "system:scheduler · budget.release · amount: 4,000.00 EUR, approval: A-1",
    );
}
