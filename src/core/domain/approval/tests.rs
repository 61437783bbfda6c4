use super::*;

#[test]
fn approval_ids_read_in_any_case() {
    assert_eq!("a-5".parse::<ApprovalId>().unwrap().to_string(), "A-5");
    for bad in ["A-", "A-0", "AB-1", "5", "T-5"] {
        assert!(bad.parse::<ApprovalId>().is_err(), "{bad}");
    }
}

#[test]
fn the_content_hash_changes_with_any_field() {
    let it = DeptKey::parse("it").unwrap();
    let base = Approval::content_hash("purchase", "Laptops", None, &it, None);
    assert_ne!(
        base,
        Approval::content_hash("purchase", "Laptops!", None, &it, None)
    );
    assert_ne!(
        base,
        Approval::content_hash("expense", "Laptops", None, &it, None)
    );
    assert_ne!(
        base,
        Approval::content_hash("purchase", "Laptops", None, &it, Some("x"))
    );
    assert_eq!(base.len(), 64);
}

// --- rules --------------------------------------------------------------------------------

mod rules {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::super::rules::{counted_as, effect, plan, resolve, step_complete, Effect};
    use super::super::*;
    use crate::core::domain::approval_policy::{Approver, Quorum, Step};
    use crate::core::domain::org::{Member, Role};

    fn h(handle: &str) -> Handle {
        Handle::parse(handle).unwrap()
    }

    fn key(dept: &str) -> DeptKey {
        DeptKey::parse(dept).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn member(handle: &str, role: Role, dept: Option<&str>) -> Member {
        Member {
            handle: h(handle),
            name: None,
            role,
            dept: dept.map(key),
            tz: chrono_tz::Europe::Bucharest,
            locale: None,
            discord_id: None,
        }
    }

    /// IT has a manager and an agent, accounting a manager, front office only a requester;
    /// two directors and an admin oversee.
    fn org() -> Vec<Member> {
        vec![
            member("maria", Role::Director, None),
            member("bob", Role::Manager, Some("it")),
            member("alice", Role::Agent, Some("it")),
            member("victor", Role::Manager, Some("acc")),
            member("frank", Role::Requester, Some("front")),
            member("dora", Role::Director, None),
            member("admin", Role::Admin, None),
        ]
    }

    fn handles(names: &[&str]) -> Vec<Handle> {
        names.iter().map(|n| h(n)).collect()
    }

    fn step(forms: Vec<Approver>, quorum: Quorum) -> Step {
        Step {
            approvers: forms,
            quorum,
            above: None,
            up_to: None,
        }
    }

    /// A pending request by @alice for IT, waiting on step `current` of `steps`
    /// (approvers, all?).
    fn approval(steps: &[(&[&str], bool)], current: usize) -> Approval {
        let now = at("2026-12-07T08:00:00Z");
        Approval {
            id: ApprovalId::new(1),
            kind: "purchase".into(),
            title: "Laptops".into(),
            amount: None,
            dept: key("it"),
            details: None,
            requester: h("alice"),
            status: ApprovalStatus::Pending,
            step: current,
            steps: steps
                .iter()
                .map(|(approvers, all)| StepApprovers {
                    approvers: handles(approvers),
                    all: *all,
                })
                .collect(),
            content_hash: "hash".into(),
            step_started_at: now,
            created_at: now,
            updated_at: now,
        }
    }

    fn with_status(mut approval: Approval, status: ApprovalStatus) -> Approval {
        approval.status = status;
        approval
    }

    /// `by` decided step `step` (0-based), counted as `approver`'s vote.
    fn decision(step: usize, approver: &str, by: &str, verdict: Verdict) -> Decision {
        Decision {
            approval: ApprovalId::new(1),
            step,
            approver: h(approver),
            by: h(by),
            verdict,
            comment: None,
            content_hash: "hash".into(),
            at: at("2026-12-07T09:00:00Z"),
        }
    }

    fn approved(step: usize, approver: &str, by: &str) -> Decision {
        decision(step, approver, by, Verdict::Approve)
    }

    fn delegation(from: &str, to: &str, until: &str) -> Delegation {
        Delegation {
            from: h(from),
            to: h(to),
            until: until.parse().unwrap(),
        }
    }

    struct Case {
        name: &'static str,
        actor: &'static str,
        approval: Approval,
        decisions: Vec<Decision>,
        delegations: Vec<Delegation>,
        distinct_steps: bool,
        /// The handle the vote counts as, or the refusal's message id.
        expected: Result<&'static str, &'static str>,
    }

    #[test]
    fn segregation_of_duties_decides_who_may_vote_and_as_whom() {
        let one = || approval(&[(&["bob"], false)], 0);
        let both = || approval(&[(&["bob", "victor"], true)], 0);
        // Step 1 (bob) is done; step 2 waits on victor.
        let second = || approval(&[(&["bob"], false), (&["victor"], false)], 1);
        let bob_did_step_1 = || vec![approved(0, "bob", "bob")];
        let case = |name, actor, approval, expected| Case {
            name,
            actor,
            approval,
            decisions: vec![],
            delegations: vec![],
            distinct_steps: true,
            expected,
        };
        let cases = vec![
            // Refused.
            case("the requester", "alice", one(), Err("error-approval-own")),
            Case {
                delegations: vec![delegation("alice", "dora", "2026-12-11")],
                ..case(
                    "a delegate of the requester, where the requester is named",
                    "dora",
                    approval(&[(&["alice", "bob"], false)], 0),
                    Err("error-approval-own"),
                )
            },
            case(
                "someone not asked",
                "dora",
                one(),
                Err("error-approval-not-yours"),
            ),
            Case {
                delegations: vec![delegation("bob", "dora", "2026-12-06")],
                ..case(
                    "a delegate whose delegation ended yesterday",
                    "dora",
                    one(),
                    Err("error-approval-not-yours"),
                )
            },
            Case {
                delegations: vec![delegation("maria", "dora", "2026-12-11")],
                ..case(
                    "a delegate of someone the step does not name",
                    "dora",
                    one(),
                    Err("error-approval-not-yours"),
                )
            },
            Case {
                decisions: bob_did_step_1(),
                delegations: vec![delegation("victor", "bob", "2026-12-11")],
                ..case(
                    "an earlier step's approver standing in, with distinct steps",
                    "bob",
                    second(),
                    Err("error-approval-earlier-step"),
                )
            },
            Case {
                decisions: bob_did_step_1(),
                ..case(
                    "an earlier step's approver named again, with distinct steps",
                    "bob",
                    approval(&[(&["bob"], false), (&["bob", "victor"], false)], 1),
                    Err("error-approval-earlier-step"),
                )
            },
            Case {
                decisions: vec![approved(0, "bob", "bob")],
                ..case(
                    "the same person twice",
                    "bob",
                    both(),
                    Err("error-approval-already-decided"),
                )
            },
            Case {
                decisions: vec![approved(0, "victor", "victor")],
                delegations: vec![delegation("victor", "dora", "2026-12-11")],
                ..case(
                    "a delegate after the person they stand in for",
                    "dora",
                    both(),
                    Err("error-approval-already-decided"),
                )
            },
            Case {
                decisions: vec![approved(0, "victor", "dora")],
                delegations: vec![delegation("victor", "dora", "2026-12-11")],
                ..case(
                    "a person after their delegate",
                    "victor",
                    both(),
                    Err("error-approval-already-decided"),
                )
            },
            Case {
                decisions: vec![approved(0, "bob", "bob")],
                delegations: vec![delegation("victor", "bob", "2026-12-11")],
                ..case(
                    "an approver again, as a delegate of another",
                    "bob",
                    both(),
                    Err("error-approval-already-decided"),
                )
            },
            Case {
                decisions: vec![approved(0, "victor", "dora")],
                delegations: vec![delegation("victor", "dora", "2026-12-11")],
                ..case(
                    "a delegate who voted for one, now for themselves",
                    "dora",
                    approval(&[(&["victor", "dora"], true)], 0),
                    Err("error-approval-already-decided"),
                )
            },
            case(
                "a withdrawn request",
                "bob",
                with_status(one(), ApprovalStatus::Withdrawn),
                Err("error-approval-closed"),
            ),
            case(
                "an approved request",
                "bob",
                with_status(one(), ApprovalStatus::Approved),
                Err("error-approval-closed"),
            ),
            case(
                "a rejected request",
                "bob",
                with_status(one(), ApprovalStatus::Rejected),
                Err("error-approval-closed"),
            ),
            case(
                "an expired request",
                "bob",
                with_status(one(), ApprovalStatus::Expired),
                Err("error-approval-closed"),
            ),
            case(
                "a request past its last step",
                "bob",
                approval(&[(&["bob"], false)], 1),
                Err("error-approval-closed"),
            ),
            // Allowed.
            case("a named approver", "bob", one(), Ok("bob")),
            Case {
                delegations: vec![delegation("bob", "dora", "2026-12-11")],
                ..case("a delegate within the dates", "dora", one(), Ok("bob"))
            },
            Case {
                delegations: vec![delegation("bob", "dora", "2026-12-07")],
                ..case("a delegate on the last day", "dora", one(), Ok("bob"))
            },
            Case {
                delegations: vec![delegation("bob", "dora", "2026-12-11")],
                ..case("an approver while away", "bob", one(), Ok("bob"))
            },
            Case {
                delegations: vec![delegation("bob", "dora", "2026-12-06")],
                ..case(
                    "an approver whose delegation has ended",
                    "bob",
                    one(),
                    Ok("bob"),
                )
            },
            Case {
                decisions: vec![approved(0, "bob", "bob")],
                ..case(
                    "the other approver of an all-step",
                    "victor",
                    both(),
                    Ok("victor"),
                )
            },
            Case {
                decisions: bob_did_step_1(),
                distinct_steps: false,
                delegations: vec![delegation("victor", "bob", "2026-12-11")],
                ..case(
                    "an earlier step's approver, without distinct steps",
                    "bob",
                    second(),
                    Ok("victor"),
                )
            },
        ];
        for c in cases {
            let got = counted_as(
                &h(c.actor),
                &c.approval,
                &c.decisions,
                &c.delegations,
                c.distinct_steps,
                today(),
            );
            let got = got.as_ref().map(Handle::as_str).map_err(|m| m.id());
            assert_eq!(got, c.expected, "{}", c.name);
        }
    }

    #[test]
    fn refusals_say_which_step_and_whom_the_request_waits_on() {
        let approval = approval(&[(&["bob"], false), (&["victor"], false)], 1);
        let earlier = counted_as(
            &h("bob"),
            &approval,
            &[approved(0, "bob", "bob")],
            &[delegation("victor", "bob", "2026-12-11")],
            true,
            today(),
        )
        .unwrap_err();
        let text = earlier.render(crate::i18n::Locale::En);
        assert!(text.contains("step 1 of A-1"), "{text}");
        let stranger = counted_as(&h("dora"), &approval, &[], &[], true, today()).unwrap_err();
        let text = stranger.render(crate::i18n::Locale::En);
        assert!(text.contains("@victor (step 2 of 2)"), "{text}");
    }

    #[test]
    fn forms_name_members_once_in_order() {
        let (it, members) = (key("it"), org());
        let cases: Vec<(Vec<Approver>, &[&str], Vec<&str>)> = vec![
            (vec![Approver::DeptManager], &[], vec!["bob"]),
            (vec![Approver::ManagerOf(key("acc"))], &[], vec!["victor"]),
            (
                vec![Approver::Role(Role::Director)],
                &[],
                vec!["maria", "dora"],
            ),
            (vec![Approver::Member(h("victor"))], &[], vec!["victor"]),
            (
                vec![
                    Approver::Member(h("victor")),
                    Approver::DeptManager,
                    Approver::Role(Role::Manager),
                    Approver::Member(h("bob")),
                ],
                &[],
                vec!["victor", "bob"],
            ),
            (
                vec![Approver::Role(Role::Director)],
                &["maria"],
                vec!["dora"],
            ),
            // No fallback here: that is for the caller to choose.
            (vec![Approver::DeptManager], &["bob"], vec![]),
            (vec![Approver::ManagerOf(key("hr"))], &[], vec![]),
            (vec![Approver::Member(h("nobody"))], &[], vec![]),
        ];
        for (forms, excluded, expected) in cases {
            let got = resolve(&forms, &it, &members, &handles(excluded));
            assert_eq!(got, handles(&expected), "{forms:?} without {excluded:?}");
        }
    }

    /// Each step's approvers as handles, with `/all` for a step that needs all of them.
    fn planned(
        steps: &[Step],
        dept: &str,
        members: &[Member],
        requester: &str,
        distinct: bool,
    ) -> Result<Vec<String>, &'static str> {
        let steps: Vec<&Step> = steps.iter().collect();
        plan(&steps, &key(dept), members, &h(requester), distinct)
            .map(|planned| {
                planned
                    .iter()
                    .map(|s| {
                        let names: Vec<&str> = s.approvers.iter().map(Handle::as_str).collect();
                        format!("{}{}", names.join("+"), if s.all { "/all" } else { "" })
                    })
                    .collect()
            })
            .map_err(|m| m.id())
    }

    #[test]
    fn each_step_gets_its_approvers_when_the_request_is_made() {
        let members = org();
        let any = |forms: Vec<Approver>| step(forms, Quorum::Any);
        let dept_manager = || any(vec![Approver::DeptManager]);
        let ok = |steps: &[&str]| Ok(steps.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let cases: Vec<(&str, Vec<Step>, &str, &str, bool, Result<Vec<String>, &str>)> = vec![
            (
                "the department manager",
                vec![dept_manager()],
                "it",
                "alice",
                true,
                ok(&["bob"]),
            ),
            (
                "no department manager: the directors",
                vec![dept_manager()],
                "front",
                "frank",
                true,
                ok(&["maria+dora"]),
            ),
            (
                "the requester is the only one named: the directors",
                vec![dept_manager()],
                "it",
                "bob",
                true,
                ok(&["maria+dora"]),
            ),
            (
                "a director requesting is not among the directors",
                vec![any(vec![Approver::Role(Role::Director)])],
                "it",
                "maria",
                true,
                ok(&["dora"]),
            ),
            (
                "distinct steps leave out earlier approvers",
                vec![
                    dept_manager(),
                    step(
                        vec![Approver::Member(h("bob")), Approver::ManagerOf(key("acc"))],
                        Quorum::All,
                    ),
                ],
                "it",
                "alice",
                true,
                ok(&["bob", "victor/all"]),
            ),
            (
                "without distinct steps, a person may be asked twice",
                vec![
                    dept_manager(),
                    step(
                        vec![Approver::Member(h("bob")), Approver::ManagerOf(key("acc"))],
                        Quorum::All,
                    ),
                ],
                "it",
                "alice",
                false,
                ok(&["bob", "bob+victor/all"]),
            ),
            (
                "an earlier step's directors are not asked again",
                vec![dept_manager(), any(vec![Approver::Role(Role::Director)])],
                "front",
                "frank",
                true,
                Err("error-approval-no-approver"),
            ),
        ];
        for (name, steps, dept, requester, distinct, expected) in cases {
            assert_eq!(
                planned(&steps, dept, &members, requester, distinct),
                expected,
                "{name}"
            );
        }
        let no_directors: Vec<Member> = members
            .into_iter()
            .filter(|m| m.role != Role::Director)
            .collect();
        let err = plan(
            &[&dept_manager(), &dept_manager()],
            &key("front"),
            &no_directors,
            &h("frank"),
            true,
        )
        .unwrap_err();
        assert_eq!(
            err,
            Msg::new("error-approval-no-approver").arg("step", 1usize)
        );
    }

    #[test]
    fn a_step_is_complete_when_its_quorum_has_approved() {
        let any = approval(&[(&["bob", "victor"], false)], 0);
        let all = approval(&[(&["bob", "victor"], true)], 0);
        // Victor approved step 1; step 2 needs both again.
        let all_again = approval(&[(&["victor"], false), (&["bob", "victor"], true)], 1);
        let cases: Vec<(&str, &Approval, Vec<Decision>, &str, bool)> = vec![
            ("any: the first approval", &any, vec![], "bob", true),
            ("all: the first approval", &all, vec![], "bob", false),
            (
                "all: the last approval",
                &all,
                vec![approved(0, "bob", "bob")],
                "victor",
                true,
            ),
            (
                "all: a delegate's approval counts for the one they stand in for",
                &all,
                vec![approved(0, "bob", "dora")],
                "victor",
                true,
            ),
            (
                "all: an earlier step's approval does not count",
                &all_again,
                vec![approved(0, "victor", "victor")],
                "bob",
                false,
            ),
        ];
        for (name, approval, decisions, counted, expected) in cases {
            assert_eq!(
                step_complete(approval, &decisions, &h(counted)),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn a_decision_moves_the_request_on() {
        let two = approval(&[(&["bob"], false), (&["victor", "dora"], true)], 0);
        let last = approval(&[(&["bob"], false), (&["victor", "dora"], true)], 1);
        let earlier_votes = vec![approved(0, "bob", "bob")];
        let cases: Vec<(&str, &Approval, Vec<Decision>, &str, Verdict, Effect)> = vec![
            (
                "reject",
                &two,
                vec![],
                "bob",
                Verdict::Reject,
                Effect::Rejected,
            ),
            (
                "approve a step",
                &two,
                vec![],
                "bob",
                Verdict::Approve,
                Effect::NextStep,
            ),
            (
                "approve part of an all-step",
                &last,
                earlier_votes.clone(),
                "victor",
                Verdict::Approve,
                Effect::StepOpen,
            ),
            (
                "complete the last step",
                &last,
                vec![approved(0, "bob", "bob"), approved(1, "victor", "victor")],
                "dora",
                Verdict::Approve,
                Effect::Approved,
            ),
            (
                "reject part of an all-step",
                &last,
                earlier_votes,
                "victor",
                Verdict::Reject,
                Effect::Rejected,
            ),
        ];
        for (name, approval, decisions, counted, verdict, expected) in cases {
            assert_eq!(
                effect(approval, &decisions, &h(counted), verdict),
                expected,
                "{name}"
            );
        }

        let later = at("2026-12-08T10:00:00Z");
        let mut moved = two.clone();
        moved.apply(Effect::NextStep, later);
        assert_eq!(
            (
                moved.step,
                moved.status,
                moved.step_started_at,
                moved.updated_at
            ),
            (1, ApprovalStatus::Pending, later, later)
        );
        let mut open = last.clone();
        open.apply(Effect::StepOpen, later);
        assert_eq!((open.step, open.step_started_at), (1, last.step_started_at));
        for (effect, status) in [
            (Effect::Approved, ApprovalStatus::Approved),
            (Effect::Rejected, ApprovalStatus::Rejected),
        ] {
            let mut closed = last.clone();
            closed.apply(effect, later);
            assert_eq!((closed.step, closed.status), (1, status));
        }
    }
}
