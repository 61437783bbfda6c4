use super::*;
use chrono::{Offset, Timelike};
use chrono_tz::Europe::Bucharest;

use crate::core::time::business_hours::WeeklyHours;
use crate::core::time::test_support::{assert_renders, backticked, date, local, office, utc};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn next(rule: &Recurrence, after: DateTime<Utc>) -> DateTime<Utc> {
    rule.next_after(after, Bucharest, &office())
}

fn parsed(text: &str) -> Recurrence {
    parse_recurrence(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
}

/// Wednesday 2026-12-02 10:00 in Bucharest.
fn now() -> DateTime<Utc> {
    local(2026, 12, 2, 10, 0)
}

// --- parsing --------------------------------------------------------------------------

#[test]
fn weekly_in_both_languages() {
    let monday_nine = Recurrence::weekly([Weekday::Mon], time(9, 0));
    for text in [
        "every monday 09:00",
        "every mon 9",
        "Each Monday at 9am",
        "every monday at 9",
        "în fiecare luni la 9",
        "in fiecare luni la 9",
        "fiecare luni la ora 9",
        "săptămânal lunea la 9",
        "saptamanal luni la 9:00",
        "weekly on monday at 9",
        "ÎN FIECARE LUNI LA 9",
    ] {
        assert_eq!(parsed(text), monday_nine, "{text:?}");
    }
}

#[test]
fn weekly_lists_are_sorted_and_unique() {
    let mon_thu = Recurrence::weekly([Weekday::Mon, Weekday::Thu], time(10, 0));
    for text in [
        "every mon, thu 10:00",
        "every thu, mon 10:00",
        "every monday and thursday at 10",
        "every mon thu 10",
        "în fiecare luni și joi la 10",
        "in fiecare joi si luni la 10",
        "every mon, thu, mon 10:00",
    ] {
        assert_eq!(parsed(text), mon_thu, "{text:?}");
    }
    assert_eq!(
        parsed("every sun, sat, fri 18:30"),
        Recurrence::Weekly {
            days: vec![Weekday::Fri, Weekday::Sat, Weekday::Sun],
            at: time(18, 30)
        }
    );
}

#[test]
fn weekdays_in_both_languages() {
    for (text, at) in [
        ("every weekday", None),
        ("every working day", None),
        ("every business day", None),
        ("weekdays at 9", Some(time(9, 0))),
        ("every weekday 09:00", Some(time(9, 0))),
        ("în fiecare zi lucrătoare", None),
        ("in fiecare zi lucratoare", None),
        ("în fiecare zi lucrătoare la 9", Some(time(9, 0))),
        ("în zilele lucrătoare la 16:30", Some(time(16, 30))),
    ] {
        assert_eq!(parsed(text), Recurrence::Weekdays { at }, "{text:?}");
    }
}

#[test]
fn daily_in_both_languages() {
    for text in [
        "every day 09:00",
        "daily at 9",
        "daily 9am",
        "zilnic la 9",
        "în fiecare zi la 9",
        "in fiecare zi la ora 9",
    ] {
        assert_eq!(
            parsed(text),
            Recurrence::Daily { at: time(9, 0) },
            "{text:?}"
        );
    }
}

#[test]
fn monthly_on_a_day_in_both_languages() {
    for (text, day, at) in [
        ("every month on 1", 1, None),
        ("every month on the 1st at 10:00", 1, Some(time(10, 0))),
        ("monthly on 15", 15, None),
        ("monthly on the 22nd 9am", 22, Some(time(9, 0))),
        ("each month on 31", 31, None),
        ("lunar pe 1", 1, None),
        ("lunar pe 15 la 10", 15, Some(time(10, 0))),
        ("în fiecare lună pe 15 la 10", 15, Some(time(10, 0))),
        ("in fiecare luna pe 15 la 10", 15, Some(time(10, 0))),
        ("lunar pe data de 31", 31, None),
        ("lunar în ziua 3", 3, None),
    ] {
        assert_eq!(
            parsed(text),
            Recurrence::MonthlyOnDay { day, at },
            "{text:?}"
        );
    }
}

#[test]
fn last_working_day_in_both_languages() {
    for (text, at) in [
        ("every last working day", None),
        ("every last working day of the month", None),
        ("last business day of each month", None),
        ("on the last working day at 16:00", Some(time(16, 0))),
        ("în ultima zi lucrătoare", None),
        ("în ultima zi lucrătoare a lunii", None),
        ("in ultima zi lucratoare a lunii la 16", Some(time(16, 0))),
        ("ultima zi lucrătoare din lună", None),
        ("lunar, în ultima zi lucrătoare", None),
    ] {
        assert_eq!(parsed(text), Recurrence::LastWorkingDay { at }, "{text:?}");
    }
}

#[test]
fn refusals() {
    let unreadable = |text: &str| RecurrenceError::Unreadable { text: text.into() };
    for text in [
        "every",
        "every blah",
        "every month",
        "every month on first",
        "every 2 weeks",
        "every mon and",
        "every mon 9 10",
        "fortnightly",
        "every monday tomorrow",
    ] {
        assert_eq!(parse_recurrence(text), Err(unreadable(text)), "{text:?}");
    }
    assert_eq!(parse_recurrence(" "), Err(RecurrenceError::Empty));
    for text in [
        "every monday",
        "în fiecare luni",
        "daily",
        "zilnic",
        "every day",
    ] {
        assert_eq!(
            parse_recurrence(text),
            Err(RecurrenceError::MissingTime { text: text.into() }),
            "{text:?}"
        );
    }
    for (text, day) in [
        ("every month on 0", "0"),
        ("lunar pe 32", "32"),
        ("every month on 99999999999", "99999999999"),
    ] {
        assert_eq!(
            parse_recurrence(text),
            Err(RecurrenceError::BadDay { day: day.into() }),
            "{text:?}"
        );
    }
    for (text, bad) in [("every mon 25:00", "25:00"), ("lunar pe 1 la 13pm", "13pm")] {
        assert_eq!(
            parse_recurrence(text),
            Err(RecurrenceError::BadTime { time: bad.into() }),
            "{text:?}"
        );
    }
    assert!(matches!(
        parse_recurrence(&"every ".repeat(40)),
        Err(RecurrenceError::Unreadable { .. })
    ));
}

#[test]
fn display_is_canonical_and_reads_back() {
    for (rule, text) in [
        (
            Recurrence::weekly([Weekday::Mon], time(9, 0)),
            "every mon 09:00",
        ),
        (
            Recurrence::weekly([Weekday::Thu, Weekday::Mon], time(10, 0)),
            "every mon, thu 10:00",
        ),
        (Recurrence::Daily { at: time(7, 5) }, "every day 07:05"),
        (Recurrence::Weekdays { at: None }, "every weekday"),
        (
            Recurrence::Weekdays {
                at: Some(time(9, 0)),
            },
            "every weekday 09:00",
        ),
        (
            Recurrence::MonthlyOnDay { day: 1, at: None },
            "every month on 1",
        ),
        (
            Recurrence::MonthlyOnDay {
                day: 1,
                at: Some(time(10, 0)),
            },
            "every month on 1 at 10:00",
        ),
        (
            Recurrence::LastWorkingDay { at: None },
            "every last working day",
        ),
        (
            Recurrence::LastWorkingDay {
                at: Some(time(16, 0)),
            },
            "every last working day at 16:00",
        ),
    ] {
        assert_eq!(rule.to_string(), text);
        assert_eq!(parse_recurrence(text), Ok(rule), "{text:?}");
    }
}

#[test]
fn weekday_lists_deserialize_from_codes_sorted_and_unique() {
    use serde::de::value::{Error, SeqDeserializer};
    let read = |names: Vec<&'static str>| {
        weekday_list::deserialize(SeqDeserializer::<_, Error>::new(names.into_iter()))
    };
    assert_eq!(
        read(vec!["thu", "MON", "mon"]),
        Ok(vec![Weekday::Mon, Weekday::Thu])
    );
    assert!(read(vec![]).is_err());
    assert!(read(vec!["monday"]).is_err());
}

// --- next_after ------------------------------------------------------------------------

#[test]
fn weekly_next_is_strictly_after() {
    let monday_nine = parsed("every mon 09:00");
    assert_eq!(next(&monday_nine, now()), local(2026, 12, 7, 9, 0));
    assert_eq!(
        next(&monday_nine, local(2026, 12, 7, 9, 0)),
        local(2026, 12, 14, 9, 0)
    );
    assert_eq!(
        next(&monday_nine, local(2026, 12, 7, 8, 59)),
        local(2026, 12, 7, 9, 0)
    );
    let mon_thu = parsed("every mon, thu 10:00");
    assert_eq!(next(&mon_thu, now()), local(2026, 12, 3, 10, 0));
    assert_eq!(
        next(&mon_thu, local(2026, 12, 3, 10, 0)),
        local(2026, 12, 7, 10, 0)
    );
    let wednesday = parsed("în fiecare miercuri la 11");
    assert_eq!(next(&wednesday, now()), local(2026, 12, 2, 11, 0));
}

#[test]
fn weekly_and_daily_keep_their_day_on_holidays() {
    // Friday 25 December is a holiday; a weekly rule with a time still fires.
    assert_eq!(
        next(&parsed("every fri 10:00"), local(2026, 12, 23, 10, 0)),
        local(2026, 12, 25, 10, 0)
    );
    assert_eq!(
        next(&parsed("daily 9:00"), local(2026, 12, 4, 10, 0)),
        local(2026, 12, 5, 9, 0)
    );
}

#[test]
fn weekdays_skip_weekends_and_holidays() {
    let end_of_day = Recurrence::Weekdays { at: None };
    assert_eq!(next(&end_of_day, now()), local(2026, 12, 2, 17, 0));
    assert_eq!(
        next(&end_of_day, local(2026, 12, 2, 17, 0)),
        local(2026, 12, 3, 17, 0)
    );
    // Monday evening: Tuesday 1 December is a holiday.
    assert_eq!(
        next(&end_of_day, local(2026, 11, 30, 18, 0)),
        local(2026, 12, 2, 17, 0)
    );
    let nine = parsed("în fiecare zi lucrătoare la 9");
    assert_eq!(
        next(&nine, local(2026, 12, 24, 10, 0)),
        local(2026, 12, 28, 9, 0)
    );
    // 1 and 2 January are holidays, the 3rd a Sunday.
    assert_eq!(
        next(&nine, local(2026, 12, 31, 10, 0)),
        local(2027, 1, 4, 9, 0)
    );
}

#[test]
fn monthly_day_clamps_to_short_months() {
    let last = parsed("every month on 31 at 10:00");
    assert_eq!(
        next(&last, local(2027, 1, 31, 10, 0)),
        local(2027, 2, 28, 10, 0)
    );
    assert_eq!(
        next(&last, local(2028, 1, 31, 10, 0)),
        local(2028, 2, 29, 10, 0)
    );
    assert_eq!(
        next(&last, local(2028, 2, 29, 10, 0)),
        local(2028, 3, 31, 10, 0)
    );
    assert_eq!(
        next(&last, local(2028, 3, 31, 10, 0)),
        local(2028, 4, 30, 10, 0)
    );
    let thirtieth = parsed("lunar pe 30 la 9");
    assert_eq!(
        next(&thirtieth, local(2027, 1, 30, 9, 0)),
        local(2027, 2, 28, 9, 0)
    );
    assert_eq!(
        next(&thirtieth, local(2027, 2, 28, 9, 0)),
        local(2027, 3, 30, 9, 0)
    );
}

#[test]
fn monthly_day_without_time_ends_on_the_working_day() {
    let fifteenth = parsed("lunar pe 15");
    assert_eq!(next(&fifteenth, now()), local(2026, 12, 15, 17, 0));
    // 15 May 2027 is a Saturday: the end of Monday the 17th, even when asked on the 16th.
    assert_eq!(
        next(&fifteenth, local(2027, 5, 1, 10, 0)),
        local(2027, 5, 17, 17, 0)
    );
    assert_eq!(
        next(&fifteenth, local(2027, 5, 16, 10, 0)),
        local(2027, 5, 17, 17, 0)
    );
    assert_eq!(
        next(&fifteenth, local(2027, 5, 17, 17, 0)),
        local(2027, 6, 15, 17, 0)
    );
    // 1 December is a holiday: Wednesday the 2nd. 1 and 2 January 2027 are holidays and
    // the 3rd a Sunday: Monday the 4th.
    let first = parsed("every month on 1");
    assert_eq!(next(&first, now()), local(2026, 12, 2, 17, 0));
    assert_eq!(
        next(&first, local(2026, 12, 2, 17, 0)),
        local(2027, 1, 4, 17, 0)
    );
}

#[test]
fn last_working_day_of_the_month() {
    let rule = parsed("în ultima zi lucrătoare a lunii");
    // December 2026 ends on a Thursday.
    assert_eq!(next(&rule, now()), local(2026, 12, 31, 17, 0));
    // January 2027 ends on a Sunday: Friday the 29th.
    assert_eq!(
        next(&rule, local(2026, 12, 31, 17, 0)),
        local(2027, 1, 29, 17, 0)
    );
    // February 2027 ends on a Sunday too: Friday the 26th.
    assert_eq!(
        next(&rule, local(2027, 1, 29, 17, 0)),
        local(2027, 2, 26, 17, 0)
    );
    let at_four = parsed("every last working day at 16:00");
    assert_eq!(
        next(&at_four, local(2026, 12, 31, 16, 30)),
        local(2027, 1, 29, 16, 0)
    );
}

#[test]
fn last_working_day_skips_a_holiday_at_month_end() {
    let calendar = BusinessCalendar::new(
        Bucharest,
        WeeklyHours::office(),
        [date(2026, 12, 31), date(2026, 12, 30)],
    );
    let rule = Recurrence::LastWorkingDay { at: None };
    assert_eq!(
        rule.next_after(now(), Bucharest, &calendar),
        local(2026, 12, 29, 17, 0)
    );
}

// --- daylight saving ---------------------------------------------------------------------

#[test]
fn a_time_in_the_spring_gap_moves_past_the_gap() {
    let rule = parsed("every sun 03:30");
    for (saturday, sunday) in [
        (local(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 0)),
        (local(2027, 3, 27, 12, 0), utc(2027, 3, 28, 1, 0)),
    ] {
        // 04:00 EEST, the first instant after the gap, is 01:00 UTC.
        assert_eq!(next(&rule, saturday), sunday);
    }
}

#[test]
fn a_time_in_the_autumn_fold_happens_once_at_the_earlier_instant() {
    let rule = parsed("every sun 03:30");
    let first = next(&rule, local(2026, 10, 24, 12, 0));
    assert_eq!(first, utc(2026, 10, 25, 0, 30));
    assert_eq!(next(&rule, first), local(2026, 11, 1, 3, 30));
    assert_eq!(
        next(&rule, local(2027, 10, 30, 12, 0)),
        utc(2027, 10, 31, 0, 30)
    );
}

#[test]
fn occurrences_across_a_change_keep_the_wall_clock_time() {
    let daily = parsed("zilnic la 9");
    let at = next(&daily, local(2026, 3, 28, 10, 0));
    assert_eq!(at, utc(2026, 3, 29, 6, 0));
    assert_eq!(
        at.with_timezone(&Bucharest)
            .offset()
            .fix()
            .local_minus_utc(),
        3 * 3600
    );
    let at = next(&daily, local(2027, 10, 30, 10, 0));
    assert_eq!(at, utc(2027, 10, 31, 7, 0));
    assert_eq!(at.with_timezone(&Bucharest).hour(), 9);
    // End of the working day after the spring change: Monday 17:00 EEST.
    let weekdays = Recurrence::Weekdays { at: None };
    assert_eq!(
        next(&weekdays, local(2026, 3, 27, 18, 0)),
        utc(2026, 3, 30, 14, 0)
    );
}

#[test]
fn nothing_to_find_returns_the_horizon() {
    let empty = Recurrence::Weekly {
        days: vec![],
        at: time(9, 0),
    };
    assert_eq!(
        next(&empty, now()),
        now() + Duration::days(i64::from(HORIZON_DAYS))
    );
}

#[test]
fn extreme_instants_do_not_panic() {
    let calendar = office();
    for rule in [
        parsed("every mon 9:00"),
        parsed("every weekday"),
        parsed("every month on 31"),
        parsed("every last working day"),
        parsed("daily 00:00"),
    ] {
        for after in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let _ = rule.next_after(after, Bucharest, &calendar);
        }
    }
}

// --- messages --------------------------------------------------------------------------

#[test]
fn every_error_message_exists_in_both_languages_with_its_arguments() {
    let text = || "x".to_owned();
    for error in [
        RecurrenceError::Empty,
        RecurrenceError::Unreadable { text: text() },
        RecurrenceError::MissingTime { text: text() },
        RecurrenceError::BadDay { day: "32".into() },
        RecurrenceError::BadTime {
            time: "25:00".into(),
        },
    ] {
        let msg = Msg::from(error);
        let (id, args) = (msg.id(), msg.text_args());
        assert!(id.starts_with("every-"), "{id}");
        assert_renders(id, &args);
    }
}

#[test]
fn the_examples_we_show_are_accepted() {
    for rendered in assert_renders("every-examples", &[]) {
        let examples = backticked(&rendered);
        assert_eq!(examples.len(), 3, "{rendered}");
        for example in examples {
            assert!(parse_recurrence(&example).is_ok(), "{example:?}");
        }
    }
    for rendered in assert_renders("every-missing-time", &[("text", "x".into())]) {
        for example in backticked(&rendered) {
            assert!(parse_recurrence(&example).is_ok(), "{example:?}");
        }
    }
}
