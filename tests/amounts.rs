//! Amounts are read the way their writer's language writes numbers (issue #12): the member's
//! own language, else the language the chat platform says the person uses.

use opsdesk::core::domain::ids::Handle;
use opsdesk::core::outbound::{Body, Target};
use opsdesk::core::service::Caller;
use opsdesk::i18n::Locale;

use crate::support::{spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_member_without_a_language_is_read_in_the_platforms_locale() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    app.run("/member set user:@ioana role:agent dept:hr").await;
    let now = MONDAY_10AM.parse().unwrap();
    let request = r#"/approval request kind:purchase title:"Laptops" amount:"12.500 EUR""#;
    let as_ioana = |hint| Caller {
        locale_hint: Some(hint),
        ..Caller::new(Handle::parse("ioana").unwrap())
    };
    let texts = |outcome: opsdesk::core::service::Outcome| -> Vec<(bool, String)> {
        outcome
            .into_messages()
            .into_iter()
            .filter_map(|m| match m.body {
                Body::Text(text) => Some((matches!(m.target, Target::Error), text)),
                _ => None,
            })
            .collect()
    };
    let romanian = texts(
        app.service
            .execute_line(&as_ioana(Locale::Ro), request, now)
            .await,
    );
    assert!(
        romanian
            .iter()
            .any(|(error, t)| !error && t.contains("A-1")),
        "{romanian:?}"
    );
    let english = texts(
        app.service
            .execute_line(&as_ioana(Locale::En), request, now)
            .await,
    );
    assert!(
        english
            .iter()
            .any(|(error, t)| *error && t.contains("12,500.00 EUR") && t.contains("`12.500,00`")),
        "{english:?}"
    );
}
