//! Every example of the command catalogue — what `/help` shows — works (issue #12: the
//! Romanian expense in lei was refused). Each runs in a fresh console, as a member who may do
//! it, once what it names (`IT-1`, `T-1`, `A-1`, `E-1`) exists; none may be refused.
//! `every_catalogue_example_maps_to_a_command` in the library only checks that they parse.

use opsdesk::core::grammar;

use crate::support::{spawn_app, MONDAY_10AM};

const TICKET: &str = r#"@frank /ticket open dept:it title:"Printer down""#;
const CLAIMED: &str = "@alice /ticket claim IT-1";
const WAITING: &str = r#"@alice /ticket wait id:IT-1 reason:"Toner is on its way""#;
const RESOLVED: &str = r#"@alice /ticket resolve id:IT-1 resolution:"Replaced the toner""#;
const TASK: &str = r#"@maria /task assign user:@dan title:"Close November" due:"fri 15:00""#;
const REQUEST: &str =
    r#"@frank /approval request kind:purchase title:"Toner" amount:"100 EUR" dept:it"#;
const DELEGATED: &str = "@bob /approval delegate to:@dan until:2026-12-20";
const HOLIDAY: &str = "/dept holiday add key:it date:2026-12-24";
const COMPLAINT: &str = r#"@frank /escalate customer:"ACME SRL" dept:acc summary:"Invoiced twice""#;

/// Who runs `example` (in either language's names), and what must exist before it.
fn preparation(example: &str) -> (&'static str, Vec<&'static str>) {
    let mut words = example.split_whitespace();
    let command = words.next().unwrap_or_default();
    let sub = words.next().unwrap_or_default();
    let has = |text: &str| example.contains(text);
    match (command, sub) {
        ("/ticket" | "/tichet", "open" | "deschide") => ("frank", vec![]),
        ("/ticket", "resume") => ("alice", vec![TICKET, CLAIMED, WAITING]),
        ("/ticket", "resolve" | "wait") => ("alice", vec![TICKET, CLAIMED]),
        ("/ticket", "close") => ("alice", vec![TICKET, CLAIMED, RESOLVED]),
        ("/ticket", "reopen") => ("frank", vec![TICKET, CLAIMED, RESOLVED]),
        ("/ticket" | "/tichet", "rate" | "evalueaza") => ("frank", vec![TICKET, CLAIMED, RESOLVED]),
        ("/ticket", _) | ("/tichet", "transcriere") => ("alice", vec![TICKET]),
        ("/task" | "/sarcina", "assign" | "deleaga") => ("maria", vec![TICKET]),
        ("/task", "done") => ("dan", vec![TASK]),
        ("/task" | "/sarcina", _) => ("maria", vec![TASK]),
        ("/approval" | "/aprobare", "request" | "cere") => ("dan", vec![]),
        ("/approval", "withdraw") => ("frank", vec![REQUEST]),
        ("/approval", "delegate") if has("off") => ("bob", vec![DELEGATED]),
        ("/approval", "delegate") => ("bob", vec![]),
        ("/approval", _) => ("bob", vec![REQUEST]),
        ("/escalate", _) if has("ticket:") => ("frank", vec![TICKET]),
        ("/escalate", _) if has("task:") => ("dan", vec![TASK]),
        ("/escalate", _) if has("approval:") => ("frank", vec![REQUEST]),
        ("/escalation", _) => ("victor", vec![COMPLAINT]),
        ("/audit", "show") => ("admin", vec![TICKET]),
        ("/dept", "holiday") if has("remove") => ("admin", vec![HOLIDAY]),
        // Pausing "my digests" needs some: Bob, a manager, has his default one.
        ("/digest" | "/rezumat", "pause" | "pauza") if !has("id:") => ("bob", vec![]),
        // The accounting manager sets and sees every budget but his own department's.
        ("/budget" | "/buget", _) => ("victor", vec![]),
        _ => ("admin", vec![]),
    }
}

fn refusals(out: &[String]) -> Vec<&String> {
    out.iter().filter(|l| l.starts_with("[error]")).collect()
}

#[tokio::test]
async fn every_catalogue_example_works_for_a_suitable_member() {
    let mut count = 0;
    for example in grammar::builtin().examples() {
        let (actor, setup) = preparation(example);
        let mut app = spawn_app(MONDAY_10AM, actor).await;
        for line in &setup {
            let out = app.run(line).await;
            assert!(
                refusals(&out).is_empty(),
                "setting up `{example}`: `{line}` was refused:\n{}",
                out.join("\n")
            );
        }
        let out = app.run(example).await;
        assert!(
            refusals(&out).is_empty(),
            "`{example}` as @{actor} was refused:\n{}",
            out.join("\n")
        );
        count += 1;
    }
    assert!(count > 50, "only {count} examples");
}
