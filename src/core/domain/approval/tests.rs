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
            external_id: None,
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

    /// A pending request by @alice for IT, waiting on step `current` of `steps`
    /// (approvers, all?).
    fn approval(steps: &[(&[&str], bool)], current: usize) -> Approval {
        let now = at("2026-12-07T08:00:00Z");
        Approval {
            id: ApprovalId::new(1),
            kind: "purchase".into(),
            title: crate::core::domain::text::Title::parse("title", "Laptops").unwrap(),
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

    /// Friday: delegations made for the week.
    const FRIDAY: &str = "2026-12-11";

    /// One row of the segregation-of-duties table: `actor` decides `approval`, with distinct
    /// steps unless said otherwise.
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

    fn case(
        name: &'static str,
        actor: &'static str,
        approval: Approval,
        expected: Result<&'static str, &'static str>,
    ) -> Case {
        Case {
            name,
            actor,
            approval,
            decisions: vec![],
            delegations: vec![],
            distinct_steps: true,
            expected,
        }
    }

    impl Case {
        fn after(mut self, decision: Decision) -> Case {
            self.decisions.push(decision);
            self
        }

        /// `from` has delegated to `to` through `until`.
        fn away(mut self, from: &str, to: &str, until: &str) -> Case {
            self.delegations.push(delegation(from, to, until));
            self
        }

        fn steps_may_repeat_people(mut self) -> Case {
            self.distinct_steps = false;
            self
        }
    }

    #[test]
    fn segregation_of_duties_decides_who_may_vote_and_as_whom() {
        let one = || approval(&[(&["bob"], false)], 0);
        let both = || approval(&[(&["bob", "victor"], true)], 0);
        // Step 1 (bob) is done; step 2 waits on victor.
        let second = || approval(&[(&["bob"], false), (&["victor"], false)], 1);
        let closed = |status| with_status(one(), status);
        let (own, not_yours, again) = (
            Err("error-approval-own"),
            Err("error-approval-not-yours"),
            Err("error-approval-already-decided"),
        );
        let (earlier, is_closed) = (
            Err("error-approval-earlier-step"),
            Err("error-approval-closed"),
        );
        let cases = vec![
            // Refused.
            case("the requester", "alice", one(), own),
            case(
                "a delegate of the requester, where the requester is named",
                "dora",
                approval(&[(&["alice", "bob"], false)], 0),
                own,
            )
            .away("alice", "dora", FRIDAY),
            case("someone not asked", "dora", one(), not_yours),
            case(
                "a delegate whose delegation ended",
                "dora",
                one(),
                not_yours,
            )
            .away("bob", "dora", "2026-12-06"),
            case("a delegate of someone not asked", "dora", one(), not_yours)
                .away("maria", "dora", FRIDAY),
            case(
                "an earlier step's approver standing in",
                "bob",
                second(),
                earlier,
            )
            .after(approved(0, "bob", "bob"))
            .away("victor", "bob", FRIDAY),
            case(
                "an earlier step's approver named again",
                "bob",
                approval(&[(&["bob"], false), (&["bob", "victor"], false)], 1),
                earlier,
            )
            .after(approved(0, "bob", "bob")),
            case("the same person twice", "bob", both(), again).after(approved(0, "bob", "bob")),
            case("a delegate after their principal", "dora", both(), again)
                .after(approved(0, "victor", "victor"))
                .away("victor", "dora", FRIDAY),
            case("a principal after their delegate", "victor", both(), again)
                .after(approved(0, "victor", "dora"))
                .away("victor", "dora", FRIDAY),
            case("an approver again, as a delegate", "bob", both(), again)
                .after(approved(0, "bob", "bob"))
                .away("victor", "bob", FRIDAY),
            case(
                "a delegate who voted for another, now for themselves",
                "dora",
                approval(&[(&["victor", "dora"], true)], 0),
                again,
            )
            .after(approved(0, "victor", "dora"))
            .away("victor", "dora", FRIDAY),
            case(
                "withdrawn",
                "bob",
                closed(ApprovalStatus::Withdrawn),
                is_closed,
            ),
            case(
                "approved",
                "bob",
                closed(ApprovalStatus::Approved),
                is_closed,
            ),
            case(
                "rejected",
                "bob",
                closed(ApprovalStatus::Rejected),
                is_closed,
            ),
            case("expired", "bob", closed(ApprovalStatus::Expired), is_closed),
            case(
                "past its last step",
                "bob",
                approval(&[(&["bob"], false)], 1),
                is_closed,
            ),
            // Allowed.
            case("a named approver", "bob", one(), Ok("bob")),
            case("a delegate within the dates", "dora", one(), Ok("bob"))
                .away("bob", "dora", FRIDAY),
            case("a delegate on the last day", "dora", one(), Ok("bob")).away(
                "bob",
                "dora",
                "2026-12-07",
            ),
            case("an approver while away", "bob", one(), Ok("bob")).away("bob", "dora", FRIDAY),
            case("an approver back", "bob", one(), Ok("bob")).away("bob", "dora", "2026-12-06"),
            case(
                "the other approver of an all-step",
                "victor",
                both(),
                Ok("victor"),
            )
            .after(approved(0, "bob", "bob")),
            case("an earlier step's approver", "bob", second(), Ok("victor"))
                .after(approved(0, "bob", "bob"))
                .away("victor", "bob", FRIDAY)
                .steps_may_repeat_people(),
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
            &[delegation("victor", "bob", FRIDAY)],
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

    /// Policy steps written as their approver forms, space-separated, with `/all` for a step
    /// that needs all of its approvers.
    fn steps(written: &[&str]) -> Vec<Step> {
        written
            .iter()
            .map(|w| {
                let (forms, quorum) = match w.strip_suffix("/all") {
                    Some(forms) => (forms, Quorum::All),
                    None => (*w, Quorum::Any),
                };
                Step {
                    approvers: forms
                        .split(' ')
                        .map(|f| Approver::parse(f).unwrap())
                        .collect(),
                    quorum,
                    above: None,
                    up_to: None,
                }
            })
            .collect()
    }

    /// Each planned step's approvers as `bob+victor`, with `/all` likewise.
    fn planned(
        written: &[&str],
        dept: &str,
        members: &[Member],
        requester: &str,
        distinct: bool,
    ) -> Result<Vec<String>, Msg> {
        let steps = steps(written);
        let steps: Vec<&Step> = steps.iter().collect();
        let planned = plan(&steps, &key(dept), members, &h(requester), distinct)?;
        let describe = |s: &StepApprovers| {
            let names: Vec<&str> = s.approvers.iter().map(Handle::as_str).collect();
            format!("{}{}", names.join("+"), if s.all { "/all" } else { "" })
        };
        Ok(planned.iter().map(describe).collect())
    }

    #[test]
    fn each_step_gets_its_approvers_when_the_request_is_made() {
        const DM: &str = "dept_manager";
        const DIRECTORS: &str = "role:director";
        /// (what, department, requester, steps, distinct steps, each step's approvers)
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            &'static [&'static str],
            bool,
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (
                "the department manager",
                "it",
                "alice",
                &[DM],
                true,
                &["bob"],
            ),
            (
                "no department manager",
                "front",
                "frank",
                &[DM],
                true,
                &["maria+dora"],
            ),
            (
                "only the requester named",
                "it",
                "bob",
                &[DM],
                true,
                &["maria+dora"],
            ),
            (
                "a director asking",
                "it",
                "maria",
                &[DIRECTORS],
                true,
                &["dora"],
            ),
            (
                "distinct steps leave out earlier approvers",
                "it",
                "alice",
                &[DM, "@bob manager:acc/all"],
                true,
                &["bob", "victor/all"],
            ),
            (
                "without distinct steps, a person may be asked twice",
                "it",
                "alice",
                &[DM, "@bob manager:acc/all"],
                false,
                &["bob", "bob+victor/all"],
            ),
        ];
        let members = org();
        for (name, dept, requester, written, distinct, expected) in cases {
            let got = planned(written, dept, &members, requester, *distinct);
            assert_eq!(
                got,
                Ok(expected.iter().map(|s| s.to_string()).collect()),
                "{name}"
            );
        }
        // Front office has no manager: step 1 falls to the directors, who then cannot
        // decide step 2 as well.
        let refused = planned(&[DM, DIRECTORS], "front", &members, "frank", true);
        let no_approver = |step: usize| Msg::new("error-approval-no-approver").arg("step", step);
        assert_eq!(refused, Err(no_approver(2)));
        let no_directors: Vec<Member> = members
            .into_iter()
            .filter(|m| m.role != Role::Director)
            .collect();
        let refused = planned(&[DM, DM], "front", &no_directors, "frank", true);
        assert_eq!(refused, Err(no_approver(1)));
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
        /// (what, request, earlier decisions, counted as, verdict, effect)
        type Case<'a> = (
            &'a str,
            &'a Approval,
            Vec<Decision>,
            &'a str,
            Verdict,
            Effect,
        );
        let cases: Vec<Case> = vec![
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
