//! Issue #12, part 7: small defects in reading what people type, each refused clearly.

use crate::support::{assert_line, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn advancing_the_clock_absurdly_far_is_refused_not_a_panic() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    for line in [":advance 99999999999d", ":offline 99999999999999999999999d"] {
        let out = app.run(line).await;
        assert_line(
            &out,
            "[error]",
            "is too far: the clock moves at most 366 days",
        );
    }
    let out = app.run(":now").await;
    assert_line(&out, "[clock]", "2026-12-07T08:00:00Z");
}

#[tokio::test]
async fn a_megabyte_title_is_refused_with_a_short_excerpt() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let title = "a".repeat(1 << 20);
    for line in [
        format!("/ticket open dept:it title:{title}"),
        format!("/ticket open dept:it title:\"{title}\""),
        format!("/ticket open dept:it {title}:x"),
        format!("/tiket{title}"),
        format!("tiket{title}"),
    ] {
        let out = app.run(&line).await;
        let printed: usize = out.iter().map(String::len).sum();
        assert!(
            printed < 2_000,
            "{printed} bytes printed for {}",
            &line[..40]
        );
        assert!(out.iter().any(|l| l.starts_with("[error]")), "{out:?}");
    }
    let out = app.run("/ticket list").await;
    assert!(!out.iter().any(|l| l.contains("IT-1")), "{out:?}");
}

#[tokio::test]
async fn single_quotes_are_named_as_the_problem_in_both_languages() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let out = app.run("/ticket open dept:it title:'single quotes'").await;
    assert_line(
        &out,
        "[error]",
        "Option `title` is in single quotes; only double quotes group words: title:\"single quotes\".",
    );
    assert!(!out.iter().any(|l| l.contains("priority")), "{out:?}");
    let out = app
        .run("@dan /tichet deschide dept:acc titlu:'Factură'")
        .await;
    assert_line(
        &out,
        "[error]",
        "doar ghilimelele duble grupează cuvintele: titlu:\"Factură\"",
    );
}

#[tokio::test]
async fn a_refusal_never_names_an_empty_department() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    let out = app
        .run("/task assign user:@maria title:\"Sign the lease\" due:tomorrow")
        .await;
    assert_line(
        &out,
        "[error]",
        "Only a director (@maria is in no department",
    );
    assert!(!out.iter().any(|l| l.contains("of  or")), "{out:?}");
}
