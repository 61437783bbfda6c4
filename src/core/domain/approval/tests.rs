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

    use super::super::rules::{
        counted_as, plan, progress, reresolve, resolve, step_satisfied, Effect,
    };
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
            member("dan", Role::Agent, Some("acc")),
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
            rate: None,
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
                    basis: Basis::Named,
                })
                .collect(),
            forms: None,
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
                "anyone, when nobody is left to ask",
                "bob",
                approval(&[(&[], false)], 0),
                Err("error-approval-nobody"),
            ),
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
                "an approver whose delegate voted for them, now standing in for another",
                "bob",
                both(),
                again,
            )
            .after(approved(0, "bob", "dora"))
            .away("bob", "dora", FRIDAY)
            .away("victor", "bob", FRIDAY),
            case(
                "an earlier step's approver through a delegate, standing in for the next",
                "bob",
                second(),
                earlier,
            )
            .after(approved(0, "bob", "dora"))
            .away("bob", "dora", FRIDAY)
            .away("victor", "bob", FRIDAY),
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
        Ok(planned.iter().map(describe).collect())
    }

    /// A step's approvers as `bob+victor`, `/all` when all must approve, `^` when it goes
    /// with the step before.
    fn describe(s: &StepApprovers) -> String {
        let names: Vec<&str> = s.approvers.iter().map(Handle::as_str).collect();
        let with_previous = if s.basis == Basis::WithPrevious {
            "^"
        } else {
            ""
        };
        let all = if s.all { "/all" } else { "" };
        format!("{}{all}{with_previous}", names.join("+"))
    }

    #[test]
    fn each_step_gets_its_approvers_when_the_request_is_made() {
        const DM: &str = "dept_manager";
        const ACC: &str = "manager:acc";
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
            // Issue #12: victor manages accounting and is the accounting manager.
            (
                "one person holding both roles decides both steps at once",
                "acc",
                "dan",
                &[DM, ACC, DIRECTORS],
                true,
                &["victor", "victor^", "maria+dora"],
            ),
            (
                "and no director is added for a step only he is named by",
                "acc",
                "dan",
                &[DM, ACC],
                true,
                &["victor", "victor^"],
            ),
            (
                "so also without distinct steps",
                "acc",
                "dan",
                &[DM, ACC],
                false,
                &["victor", "victor^"],
            ),
            (
                "another department's manager is still someone else",
                "it",
                "alice",
                &[DM, ACC, DIRECTORS],
                true,
                &["bob", "victor", "maria+dora"],
            ),
            (
                "distinct steps keep an earlier approver out where others decide",
                "it",
                "alice",
                &[DM, "@bob @victor"],
                true,
                &["bob", "victor"],
            ),
            (
                "a step the directors took is not joined by the next",
                "front",
                "frank",
                &[DM, "role:director @bob"],
                true,
                &["maria+dora", "bob"],
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
        let nobody = approval(&[(&[], true)], 0);
        let cases: Vec<(&str, &Approval, Vec<Decision>, bool)> = vec![
            ("any: none yet", &any, vec![], false),
            (
                "any: the first approval",
                &any,
                vec![approved(0, "bob", "bob")],
                true,
            ),
            (
                "all: the first approval",
                &all,
                vec![approved(0, "bob", "bob")],
                false,
            ),
            (
                "all: the last approval",
                &all,
                vec![approved(0, "bob", "bob"), approved(0, "victor", "victor")],
                true,
            ),
            (
                "all: a delegate's approval counts for the one they stand in for",
                &all,
                vec![approved(0, "bob", "dora"), approved(0, "victor", "victor")],
                true,
            ),
            (
                "all: an earlier step's approval does not count",
                &all_again,
                vec![approved(0, "victor", "victor"), approved(1, "bob", "bob")],
                false,
            ),
            (
                "all: someone no longer an approver does not count",
                &all,
                vec![approved(0, "bob", "bob"), approved(0, "maria", "maria")],
                false,
            ),
            ("all of nobody is never complete", &nobody, vec![], false),
        ];
        for (name, approval, decisions, expected) in cases {
            assert_eq!(
                step_satisfied(approval, approval.step, &decisions),
                expected,
                "{name}"
            );
        }
    }

    /// Steps as written for [`approval`], the middle one going with the first (victor holds
    /// both roles).
    fn with_previous(current: usize) -> Approval {
        let mut a = approval(
            &[
                (&["victor"], false),
                (&["victor"], false),
                (&["maria"], false),
            ],
            current,
        );
        a.steps[1].basis = Basis::WithPrevious;
        a
    }

    #[test]
    fn a_decision_moves_the_request_on() {
        let two = approval(&[(&["bob"], false), (&["victor", "dora"], true)], 0);
        let last = approval(&[(&["bob"], false), (&["victor", "dora"], true)], 1);
        let rejected = |step, who: &str| decision(step, who, who, Verdict::Reject);
        /// (what, request, decisions so far with the newest, effect)
        type Case<'a> = (&'a str, Approval, Vec<Decision>, Effect);
        let cases: Vec<Case> = vec![
            (
                "reject",
                two.clone(),
                vec![rejected(0, "bob")],
                Effect::Rejected,
            ),
            (
                "approve a step",
                two.clone(),
                vec![approved(0, "bob", "bob")],
                Effect::NextStep { to: 1 },
            ),
            (
                "approve part of an all-step",
                last.clone(),
                vec![approved(0, "bob", "bob"), approved(1, "victor", "victor")],
                Effect::StepOpen,
            ),
            (
                "complete the last step",
                last.clone(),
                vec![
                    approved(0, "bob", "bob"),
                    approved(1, "victor", "victor"),
                    approved(1, "dora", "dora"),
                ],
                Effect::Approved,
            ),
            (
                "reject part of an all-step",
                last.clone(),
                vec![
                    approved(0, "bob", "bob"),
                    approved(1, "victor", "victor"),
                    rejected(1, "dora"),
                ],
                Effect::Rejected,
            ),
            (
                "one decision for two steps held by one person",
                with_previous(0),
                vec![approved(0, "victor", "victor")],
                Effect::NextStep { to: 2 },
            ),
            (
                "a delegate's decision for them carries too",
                with_previous(0),
                vec![approved(0, "victor", "dan")],
                Effect::NextStep { to: 2 },
            ),
            (
                "then the last step",
                with_previous(2),
                vec![
                    approved(0, "victor", "victor"),
                    approved(2, "maria", "maria"),
                ],
                Effect::Approved,
            ),
            ("nothing yet", with_previous(0), vec![], Effect::StepOpen),
        ];
        for (name, approval, decisions, expected) in cases {
            assert_eq!(progress(&approval, &decisions), expected, "{name}");
        }

        let later = at("2026-12-08T10:00:00Z");
        let mut moved = with_previous(0);
        moved.apply(Effect::NextStep { to: 2 }, later);
        assert_eq!(
            (
                moved.step,
                moved.status,
                moved.step_started_at,
                moved.updated_at
            ),
            (2, ApprovalStatus::Pending, later, later)
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

    /// A pending request by @frank for IT, planned from `forms` over [`org`], at `current`.
    fn planned_request(forms: &[&str], current: usize) -> Approval {
        let policy = steps(forms);
        let policy: Vec<&Step> = policy.iter().collect();
        let mut request = approval(&[], current);
        request.requester = h("frank");
        request.steps = plan(&policy, &key("it"), &org(), &h("frank"), true).unwrap();
        request.forms = Some(policy.iter().map(|s| s.approvers.clone()).collect());
        request
    }

    /// [`org`] with these members' roles and departments changed.
    fn org_with(changes: &[(&str, Role, Option<&str>)]) -> Vec<Member> {
        let mut members = org();
        for (handle, role, dept) in changes {
            members.retain(|m| m.handle.as_str() != *handle);
            members.push(member(handle, *role, *dept));
        }
        members
    }

    /// Issue #12: approvers are those of the organisation as it is now.
    #[test]
    fn approvers_are_resolved_again_as_the_organisation_changes() {
        let bob_moved = ("bob", Role::Requester, Some("front"));
        let carol_manages = ("carol", Role::Manager, Some("it"));
        /// (what, forms, current step, decisions, changes, each step's approvers)
        type Case = (
            &'static str,
            &'static [&'static str],
            usize,
            Vec<Decision>,
            Vec<(&'static str, Role, Option<&'static str>)>,
            &'static [&'static str],
        );
        let cases: Vec<Case> = vec![
            (
                "nothing changed",
                &["dept_manager"],
                0,
                vec![],
                vec![],
                &["bob"],
            ),
            (
                "the manager moved away: the directors decide",
                &["dept_manager"],
                0,
                vec![],
                vec![bob_moved],
                &["maria+dora"],
            ),
            (
                "a new manager decides",
                &["dept_manager"],
                0,
                vec![],
                vec![bob_moved, carol_manages],
                &["carol"],
            ),
            (
                "two managers: either",
                &["dept_manager"],
                0,
                vec![],
                vec![carol_manages],
                &["bob+carol"],
            ),
            (
                "a decided step stays as it was; later ones follow",
                &["dept_manager", "manager:acc"],
                1,
                vec![approved(0, "bob", "bob")],
                vec![bob_moved, ("victor", Role::Agent, Some("acc"))],
                &["bob", "maria+dora"],
            ),
            (
                "whoever decided an earlier step, also as a delegate, stays out",
                &["dept_manager", "role:director"],
                1,
                vec![approved(0, "bob", "maria")],
                vec![],
                &["bob", "dora"],
            ),
        ];
        for (name, forms, current, decisions, changes, expected) in cases {
            let request = planned_request(forms, current);
            let got = reresolve(&request, &decisions, &org_with(&changes), true)
                .expect("a pending request with forms");
            let got: Vec<String> = got.iter().map(describe).collect();
            assert_eq!(got, *expected, "{name}");
        }
        // Requests made before forms were kept, and closed ones, keep their approvers.
        let mut old = planned_request(&["dept_manager"], 0);
        old.forms = None;
        assert_eq!(reresolve(&old, &[], &org_with(&[bob_moved]), true), None);
        let closed = with_status(
            planned_request(&["dept_manager"], 0),
            ApprovalStatus::Approved,
        );
        assert_eq!(reresolve(&closed, &[], &org(), true), None);
        // Nobody left at all: the step waits, saying so.
        let nobody: Vec<Member> = org_with(&[bob_moved])
            .into_iter()
            .filter(|m| m.role != Role::Director)
            .collect();
        let mut request = planned_request(&["dept_manager"], 0);
        request.steps = reresolve(&request, &[], &nobody, true).unwrap();
        assert!(request.steps[0].approvers.is_empty());
        assert_eq!(request.waiting_on().id(), "approval-waiting-on-nobody");
    }

    /// Issue #12: whoever lost the role loses the vote, and so does their delegate.
    #[test]
    fn a_demoted_approver_and_their_delegate_lose_the_vote() {
        let mut request = planned_request(&["dept_manager"], 0);
        let members = org_with(&[
            ("bob", Role::Requester, Some("front")),
            ("carol", Role::Manager, Some("it")),
        ]);
        request.steps = reresolve(&request, &[], &members, true).unwrap();
        let away = [delegation("bob", "alice", FRIDAY)];
        for actor in ["bob", "alice"] {
            let refused = counted_as(&h(actor), &request, &[], &away, true, today());
            assert_eq!(
                refused.map_err(|m| m.id()),
                Err("error-approval-not-yours"),
                "{actor}"
            );
        }
        assert_eq!(
            counted_as(&h("carol"), &request, &[], &away, true, today()),
            Ok(h("carol"))
        );
    }
}
