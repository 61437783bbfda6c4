use super::*;
use chrono::{Duration, Timelike};
use chrono_tz::Europe::Bucharest;

use crate::core::time::test_support::{local, utc};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn parsed(text: &str) -> Schedule {
    parse_schedule(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
}

fn days(list: &[Weekday], h: u32, m: u32) -> Schedule {
    Schedule::new(list.iter().copied(), time(h, m))
}

use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};

// --- parsing --------------------------------------------------------------------------

#[test]
fn the_forms_of_the_issue_read_in_both_languages() {
    for (text, expected) in [
        ("weekdays 08:30", days(&[Mon, Tue, Wed, Thu, Fri], 8, 30)),
        (
            "daily 9:00",
            days(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], 9, 0),
        ),
        ("every friday 16:00", days(&[Fri], 16, 0)),
        ("mon,wed,fri 8:00", days(&[Mon, Wed, Fri], 8, 0)),
        ("luni-vineri 8:30", days(&[Mon, Tue, Wed, Thu, Fri], 8, 30)),
        (
            "zilnic la 9",
            days(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], 9, 0),
        ),
        ("în fiecare vineri la 16", days(&[Fri], 16, 0)),
    ] {
        assert_eq!(parsed(text), expected, "{text:?}");
    }
}

#[test]
fn spellings_that_mean_the_same_read_the_same() {
    let weekdays = days(&[Mon, Tue, Wed, Thu, Fri], 8, 30);
    for text in [
        "weekdays at 8:30",
        "every weekday 08:30",
        "on weekdays at 8:30am",
        "mon-fri 08:30",
        "Mon - Fri 8:30",
        "monday to friday 8:30",
        "LUNI-VINERI LA 8:30",
        "luni până vineri la ora 8:30",
        "în zilele lucrătoare la 8:30",
        "in fiecare zi lucratoare la 8:30",
    ] {
        assert_eq!(parsed(text), weekdays, "{text:?}");
    }
    let mwf = days(&[Mon, Wed, Fri], 8, 0);
    for text in [
        "mon, wed, fri 8:00",
        "fri, mon, wed at 8am",
        "every monday and wednesday and friday 8:00",
        "luni, miercuri și vineri la 8",
        "în fiecare luni, miercuri, vineri la ora 8",
    ] {
        assert_eq!(parsed(text), mwf, "{text:?}");
    }
    assert_eq!(parsed("fri-mon 18:00"), days(&[Fri, Sat, Sun, Mon], 18, 0));
    assert_eq!(parsed("every day at noon"), parsed("daily 12:00"));
}

#[test]
fn the_canonical_text_reads_back() {
    for text in [
        "weekdays 08:30",
        "mon,wed,fri 8:00",
        "zilnic la 9",
        "sat 07:15",
    ] {
        let schedule = parsed(text);
        assert_eq!(parsed(&schedule.to_string()), schedule, "{schedule}");
    }
    assert_eq!(
        parsed("luni-vineri 8:30").to_string(),
        "mon,tue,wed,thu,fri 08:30"
    );
}

#[test]
fn unreadable_schedules_are_refused_saying_why() {
    assert_eq!(parse_schedule("  "), Err(ScheduleError::Empty));
    for text in [
        "sometimes 9:00",
        "every 9:00",
        "mon wed xyz 8:00",
        "weekdays 8:30 please",
        "tomorrow 9:00",
    ] {
        assert!(
            matches!(parse_schedule(text), Err(ScheduleError::Unreadable { .. })),
            "{text:?}: {:?}",
            parse_schedule(text)
        );
    }
    assert_eq!(
        parse_schedule("every friday"),
        Err(ScheduleError::MissingTime {
            text: "every friday".into()
        })
    );
    assert_eq!(
        parse_schedule("daily 25:00"),
        Err(ScheduleError::BadTime {
            time: "25:00".into()
        })
    );
    let long = format!("weekdays {} 8:30", "x".repeat(200));
    assert!(matches!(
        parse_schedule(&long),
        Err(ScheduleError::Unreadable { text }) if text.chars().count() <= MAX_ECHO_CHARS
    ));
}

#[test]
fn refusals_show_examples_in_the_readers_language() {
    let msg = Msg::from(ScheduleError::Unreadable {
        text: "sometimes".into(),
    });
    let en = msg.render(Locale::En);
    let ro = msg.render(Locale::Ro);
    assert!(
        en.contains("sometimes") && en.contains("weekdays 08:30"),
        "{en}"
    );
    assert!(
        ro.contains("sometimes") && ro.contains("luni-vineri 8:30"),
        "{ro}"
    );
    let missing = Msg::from(ScheduleError::MissingTime {
        text: "vineri".into(),
    });
    assert!(missing
        .render(Locale::Ro)
        .contains("în fiecare vineri la 16"));
    for error in [
        ScheduleError::Empty,
        ScheduleError::BadTime { time: "25".into() },
    ] {
        let msg = Msg::from(error);
        assert_ne!(msg.render(Locale::En), msg.id());
        assert_ne!(msg.render(Locale::Ro), msg.render(Locale::En));
    }
}

#[test]
fn schedules_describe_themselves_in_both_languages() {
    let weekdays = parsed("weekdays 8:30");
    assert_eq!(weekdays.describe(Locale::En), "Monday to Friday at 08:30");
    assert_eq!(weekdays.describe(Locale::Ro), "luni–vineri la 08:30");
    assert_eq!(parsed("daily 9").describe(Locale::Ro), "zilnic la 09:00");
    assert_eq!(
        parsed("mon,wed,fri 8:00").describe(Locale::En),
        "every Monday, Wednesday, Friday at 08:00"
    );
    assert_eq!(
        parsed("every friday 16:00").describe(Locale::Ro),
        "în fiecare vineri la 16:00"
    );
}

// --- occurrences --------------------------------------------------------------------------

#[test]
fn weekdays_skip_the_weekend() {
    let schedule = parsed("weekdays 08:30");
    // Friday 2026-12-11 09:00 → Monday 08:30.
    assert_eq!(
        schedule.next_after(local(2026, 12, 11, 9, 0), Bucharest),
        local(2026, 12, 14, 8, 30)
    );
    // Exactly at a slot: the next one, never the same.
    assert_eq!(
        schedule.next_after(local(2026, 12, 14, 8, 30), Bucharest),
        local(2026, 12, 15, 8, 30)
    );
    // Before today's slot: today.
    assert_eq!(
        schedule.next_after(local(2026, 12, 15, 8, 29), Bucharest),
        local(2026, 12, 15, 8, 30)
    );
}

#[test]
fn the_slot_is_read_in_the_subscriptions_zone() {
    let schedule = parsed("daily 08:30");
    let new_york = chrono_tz::America::New_York;
    // 2026-12-07 08:30 in New York is 13:30 UTC; from 12:00 UTC it is still ahead.
    assert_eq!(
        schedule.next_after(utc(2026, 12, 7, 12, 0), new_york),
        utc(2026, 12, 7, 13, 30)
    );
}

/// Every slot of `schedule` from `from` for `count` slots: none twice, and each at its
/// wall-clock time in Bucharest on consecutive days (the schedules below are daily).
fn walk(schedule: &Schedule, from: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
    let mut slots = Vec::new();
    let mut at = from;
    for _ in 0..count {
        at = schedule.next_after(at, Bucharest);
        slots.push(at);
    }
    for pair in slots.windows(2) {
        let (a, b) = (
            pair[0].with_timezone(&Bucharest),
            pair[1].with_timezone(&Bucharest),
        );
        assert_eq!(
            b.date_naive(),
            a.date_naive().succ_opt().unwrap(),
            "a day skipped or doubled between {a} and {b}"
        );
    }
    slots
}

/// A day as (year, month, day).
type Day = (i32, u32, u32);

/// The daylight-saving changes of Europe/Bucharest: (spring, autumn) Sundays.
const CHANGES: [(Day, Day); 2] = [
    ((2026, 3, 29), (2026, 10, 25)),
    ((2027, 3, 28), (2027, 10, 31)),
];

#[test]
fn a_morning_digest_keeps_its_local_time_across_the_2026_and_2027_changes() {
    let schedule = parsed("daily 08:30");
    for ((sy, sm, sd), (ay, am, ad)) in CHANGES {
        for (y, m, d) in [(sy, sm, sd), (ay, am, ad)] {
            let from = local(y, m, d - 3, 12, 0);
            for slot in walk(&schedule, from, 7) {
                let local = slot.with_timezone(&Bucharest);
                assert_eq!((local.hour(), local.minute()), (8, 30), "{local}");
            }
        }
    }
    // The UTC instants move by the hour the clocks moved.
    assert_eq!(
        schedule.next_after(local(2026, 3, 28, 12, 0), Bucharest),
        utc(2026, 3, 29, 5, 30)
    );
    assert_eq!(
        schedule.next_after(local(2026, 3, 27, 12, 0), Bucharest),
        utc(2026, 3, 28, 6, 30)
    );
}

#[test]
fn a_slot_in_the_spring_gap_is_sent_once_right_after_it() {
    // 03:30 does not exist on the spring Sundays: the clocks jump from 03:00 to 04:00.
    let schedule = parsed("daily 03:30");
    for ((y, m, d), _) in CHANGES {
        let slots = walk(&schedule, local(y, m, d - 2, 12, 0), 4);
        let on_the_day = slots[1].with_timezone(&Bucharest);
        assert_eq!(on_the_day.date_naive().day(), d);
        assert_eq!(
            (on_the_day.hour(), on_the_day.minute()),
            (4, 0),
            "{on_the_day}"
        );
        assert_eq!(
            slots[2] - slots[1],
            Duration::hours(23) + Duration::minutes(30)
        );
    }
}

#[test]
fn a_slot_in_the_autumn_fold_is_sent_once_at_the_earlier_instant() {
    // 03:30 happens twice on the autumn Sundays (03:00–04:00 is repeated).
    let schedule = parsed("daily 03:30");
    for (_, (y, m, d)) in CHANGES {
        let slots = walk(&schedule, local(y, m, d - 2, 12, 0), 4);
        let on_the_day = slots[1];
        // The earlier 03:30 is still summer time (UTC+3): 00:30 UTC.
        assert_eq!(on_the_day, utc(y, m, d, 0, 30));
        // The next slot is the following day's, not the repeated 03:30.
        assert_eq!(
            schedule.next_after(on_the_day, Bucharest) - on_the_day,
            Duration::hours(25)
        );
    }
}

#[test]
fn weekly_schedules_cross_the_changes_without_skipping_a_week() {
    let schedule = parsed("every sunday 03:30");
    for ((sy, sm, sd), (ay, am, ad)) in CHANGES {
        for (y, m, d) in [(sy, sm, sd), (ay, am, ad)] {
            let slot = schedule.next_after(local(y, m, d - 1, 12, 0), Bucharest);
            assert_eq!(slot.with_timezone(&Bucharest).date_naive().day(), d);
            let next = schedule.next_after(slot, Bucharest);
            assert_eq!(
                next.with_timezone(&Bucharest).date_naive(),
                slot.with_timezone(&Bucharest).date_naive() + Duration::days(7)
            );
        }
    }
}
