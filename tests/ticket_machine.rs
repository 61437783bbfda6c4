//! Property test (issue #12): any sequence of lifecycle commands on a ticket moves it exactly
//! as a small model of the status machine says, refuses the rest without a change, and never
//! leaves it in a status the model cannot reach.

use proptest::prelude::*;

use crate::support::{spawn_app, MONDAY_10AM};

/// Kept small so `cargo test` stays fast; `PROPTEST_CASES=500` explores more.
const DEFAULT_CASES: u32 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    Open,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Claim,
    Wait,
    Resume,
    Resolve,
    Reopen,
    Close,
}

impl Action {
    /// The command, typed by someone always allowed to ask for it: the IT agent works the
    /// ticket, its requester reopens it, the IT manager closes it.
    fn line(self) -> &'static str {
        match self {
            Action::Claim => "@alice /ticket claim id:IT-1",
            Action::Wait => "@alice /ticket wait id:IT-1 reason:\"Need the serial\"",
            Action::Resume => "@alice /ticket resume id:IT-1",
            Action::Resolve => "@alice /ticket resolve id:IT-1 resolution:\"Fixed\"",
            Action::Reopen => "@frank /ticket reopen id:IT-1",
            Action::Close => "@bob /ticket close id:IT-1",
        }
    }
}

impl Model {
    /// The allowed transitions, written out independently of the domain's table.
    fn after(self, action: Action) -> Option<Model> {
        use Action as A;
        use Model as M;
        match (self, action) {
            (M::Open, A::Claim) => Some(M::InProgress),
            (M::InProgress | M::Waiting, A::Claim) => Some(self),
            (M::InProgress, A::Wait) => Some(M::Waiting),
            (M::Waiting, A::Resume) => Some(M::InProgress),
            (M::Open | M::InProgress | M::Waiting, A::Resolve) => Some(M::Resolved),
            (M::Resolved, A::Reopen) => Some(M::Open),
            (M::Resolved, A::Close) => Some(M::Closed),
            _ => None,
        }
    }

    /// As `/ticket show` prints it.
    fn shown(self) -> &'static str {
        match self {
            Model::Open => "[reply]   Status: open",
            Model::InProgress => "[reply]   Status: in progress",
            Model::Waiting => "[reply]   Status: waiting",
            Model::Resolved => "[reply]   Status: resolved",
            Model::Closed => "[reply]   Status: closed",
        }
    }
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Claim),
        Just(Action::Wait),
        Just(Action::Resume),
        Just(Action::Resolve),
        Just(Action::Reopen),
        Just(Action::Close),
    ]
}

proptest! {
    #![proptest_config(crate::support::proptest_config(DEFAULT_CASES))]

    #[test]
    fn the_ticket_status_machine_follows_its_model(
        actions in prop::collection::vec(action(), 1..16)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut app = spawn_app(MONDAY_10AM, "frank").await;
            app.run("/ticket open dept:it title:\"Printer down\"").await;
            let mut model = Model::Open;
            for (n, &action) in actions.iter().enumerate() {
                let out = app.run(action.line()).await;
                let refused = out.iter().any(|l| l.starts_with("[error]"));
                let expected = model.after(action);
                // Claiming what one already owns changes nothing; saying so is a refusal.
                let no_op = expected == Some(model);
                prop_assert!(
                    refused == expected.is_none() || no_op,
                    "step {} {:?} from {:?}: {:?}", n, action, model, out
                );
                model = expected.unwrap_or(model);
                let shown = app.run("@bob /ticket show IT-1").await;
                prop_assert!(
                    shown.iter().any(|l| l == model.shown()),
                    "after {:?}: expected `{}` in {:?}", &actions[..=n], model.shown(), shown
                );
            }
            Ok::<(), TestCaseError>(())
        })?;
    }
}
