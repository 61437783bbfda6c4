//! Lists longer than one screen say how many match in all and how to narrow them (issue #12,
//! part 8); Discord pages what is shown (see `discord.rs`).

use crate::support::{spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_task_list_of_55_shows_50_says_55_and_how_to_narrow_it_in_both_languages() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    for n in 1..=55 {
        app.run(&format!(
            "/task assign user:@alice title:\"Check rack {n}\" due:\"in {n} hours\""
        ))
        .await;
    }
    let out = app.run("@alice /task list").await;
    assert_eq!(
        out[0],
        "[reply] 55 tasks match; the first 50, soonest due first:"
    );
    let rows: Vec<&String> = out
        .iter()
        .filter(|l| l.starts_with("[reply]   T-"))
        .collect();
    assert_eq!(rows.len(), 50);
    assert!(rows[0].ends_with("Check rack 1") && rows[49].ends_with("Check rack 50"));
    assert_eq!(
        out.last().unwrap(),
        "[reply] 5 more are not shown. Narrow the list with view:overdue or user:, e.g. \
         `/task list view:overdue`."
    );

    for n in 1..=52 {
        app.run(&format!(
            "@victor /sarcina deleaga utilizator:@dan titlu:\"Factura {n}\" termen:\"în {n} ore\""
        ))
        .await;
    }
    let out = app.run("@victor /sarcina lista vedere:delegate").await;
    assert_eq!(
        out[0],
        "[reply] 52 de sarcini corespund; primele 50, cele cu termenul cel mai apropiat întâi:",
        "{out:?}"
    );
    assert_eq!(
        out.last().unwrap(),
        "[reply] Încă 2 nu sunt afișate. Restrânge lista cu vedere:întârziate sau utilizator:, de \
         ex. `/sarcina lista vedere:întârziate`."
    );
}
