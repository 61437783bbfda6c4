use super::*;
use chrono::{Offset, Timelike};
use chrono_tz::Europe::Bucharest;

use crate::core::time::test_support::{
    assert_renders, backticked, local, office, utc, EN_FTL, RO_FTL,
};

/// Wednesday 2026-12-02 10:00 in Bucharest.
fn now() -> DateTime<Utc> {
    local(2026, 12, 2, 10, 0)
}

fn parse_at(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DueError> {
    let calendar = office();
    let ctx = DueContext {
        now,
        tz: Bucharest,
        calendar: &calendar,
    };
    parse_due(text, &ctx)
}

fn parse(text: &str) -> Result<DateTime<Utc>, DueError> {
    parse_at(text, now())
}

type Local = (i32, u32, u32, u32, u32);

/// Asserts each text parses (at `now`) to the Bucharest wall-clock time given.
fn assert_table(now: DateTime<Utc>, table: &[(&str, Local)]) {
    for &(text, (y, mo, d, h, mi)) in table {
        assert_eq!(
            parse_at(text, now),
            Ok(local(y, mo, d, h, mi)),
            "{text:?} at {now}"
        );
    }
}

fn offset_hours(at: DateTime<Utc>) -> i32 {
    at.with_timezone(&Bucharest)
        .offset()
        .fix()
        .local_minus_utc()
        / 3600
}

// --- absolute dates -----------------------------------------------------------------

#[test]
fn iso_and_romanian_dates_with_and_without_time() {
    assert_table(
        now(),
        &[
            ("2026-12-03", (2026, 12, 3, 17, 0)),
            ("2026-12-03 12:30", (2026, 12, 3, 12, 30)),
            ("2026-12-03T12:30", (2026, 12, 3, 12, 30)),
            ("2026-12-03t12:30", (2026, 12, 3, 12, 30)),
            ("2026-12-3 9", (2026, 12, 3, 9, 0)),
            ("03.12.2026", (2026, 12, 3, 17, 0)),
            ("3.12.2026", (2026, 12, 3, 17, 0)),
            ("03.12.2026 12:30", (2026, 12, 3, 12, 30)),
            ("03.12.2026 la 12:30", (2026, 12, 3, 12, 30)),
            ("2026-12-03 at 5pm", (2026, 12, 3, 17, 0)),
            ("2027-06-30", (2027, 6, 30, 17, 0)),
        ],
    );
}

#[test]
fn a_date_on_a_weekend_or_holiday_keeps_the_date_at_the_usual_closing_time() {
    assert_table(
        now(),
        &[
            ("2026-12-05", (2026, 12, 5, 17, 0)),
            ("2026-12-25", (2026, 12, 25, 17, 0)),
            ("01.01.2027", (2027, 1, 1, 17, 0)),
            ("2026-12-05 10:00", (2026, 12, 5, 10, 0)),
        ],
    );
}

#[test]
fn usual_closing_time_is_the_first_open_weekdays() {
    let calendar = BusinessCalendar::new(
        Bucharest,
        "tue-thu 08:00-16:30, fri 08:00-13:00".parse().unwrap(),
        [],
    );
    let ctx = DueContext {
        now: now(),
        tz: Bucharest,
        calendar: &calendar,
    };
    // Monday is closed: Tuesday's 16:30 is the usual closing time.
    assert_eq!(
        parse_due("2026-12-07", &ctx),
        Ok(local(2026, 12, 7, 16, 30))
    );
    // Friday is open: its own closing time.
    assert_eq!(parse_due("2026-12-04", &ctx), Ok(local(2026, 12, 4, 13, 0)));
}

#[test]
fn slash_dates_are_refused_as_ambiguous() {
    for text in ["1/12", "12/1/2026", "1/12 17:00", "due 01/12/2026"] {
        assert_eq!(
            parse(text),
            Err(DueError::SlashDate { text: text.into() }),
            "{text:?}"
        );
    }
}

#[test]
fn impossible_dates_are_bad_dates() {
    for (text, token) in [
        ("2026-02-30", "2026-02-30"),
        ("31.04.2027", "31.04.2027"),
        ("2026-13-01 10:00", "2026-13-01"),
        ("00.12.2026", "00.12.2026"),
    ] {
        assert_eq!(
            parse(text),
            Err(DueError::BadDate { text: token.into() }),
            "{text:?}"
        );
    }
}

// --- today / tomorrow / day after -----------------------------------------------------

#[test]
fn day_words_in_both_languages() {
    assert_table(
        now(),
        &[
            ("today", (2026, 12, 2, 17, 0)),
            ("azi", (2026, 12, 2, 17, 0)),
            ("astăzi", (2026, 12, 2, 17, 0)),
            ("astazi 15", (2026, 12, 2, 15, 0)),
            ("today 15:45", (2026, 12, 2, 15, 45)),
            ("tomorrow", (2026, 12, 3, 17, 0)),
            ("mâine", (2026, 12, 3, 17, 0)),
            ("maine", (2026, 12, 3, 17, 0)),
            ("tomorrow 9", (2026, 12, 3, 9, 0)),
            ("mâine la 17:30", (2026, 12, 3, 17, 30)),
            ("maine la ora 9", (2026, 12, 3, 9, 0)),
            ("tomorrow at 5pm", (2026, 12, 3, 17, 0)),
            ("day after tomorrow", (2026, 12, 4, 17, 0)),
            ("the day after tomorrow 8:15", (2026, 12, 4, 8, 15)),
            ("poimâine", (2026, 12, 4, 17, 0)),
            ("poimaine la 10", (2026, 12, 4, 10, 0)),
        ],
    );
}

#[test]
fn case_spaces_quotes_and_leading_words_are_tolerated() {
    assert_table(
        now(),
        &[
            ("  MÂINE   LA  17:30 ", (2026, 12, 3, 17, 30)),
            ("Tomorrow AT 5PM", (2026, 12, 3, 17, 0)),
            ("\"vineri, 15:00\"", (2026, 12, 4, 15, 0)),
            ("„mâine”", (2026, 12, 3, 17, 0)),
            ("by friday", (2026, 12, 4, 17, 0)),
            ("până mâine la 12", (2026, 12, 3, 12, 0)),
            ("MAINE.", (2026, 12, 3, 17, 0)),
        ],
    );
}

#[test]
fn legacy_cedilla_letters_fold_like_comma_below() {
    assert_table(
        now(),
        &[
            ("marţi", (2026, 12, 8, 17, 0)),
            ("sfârşitul săptămânii", (2026, 12, 4, 17, 0)),
            ("MARȚI", (2026, 12, 8, 17, 0)),
        ],
    );
}

#[test]
fn today_without_time_after_closing_is_past() {
    assert_eq!(
        parse_at("today", local(2026, 12, 2, 17, 30)),
        Err(DueError::InPast {
            text: "today".into(),
            at_local: "2026-12-02 17:00".into()
        })
    );
    assert_eq!(
        parse_at("azi", local(2026, 12, 2, 17, 0)),
        Err(DueError::InPast {
            text: "azi".into(),
            at_local: "2026-12-02 17:00".into()
        })
    );
}

// --- times ------------------------------------------------------------------------

#[test]
fn time_forms() {
    assert_table(
        now(),
        &[
            ("tomorrow 17:00", (2026, 12, 3, 17, 0)),
            ("tomorrow 9:30", (2026, 12, 3, 9, 30)),
            ("tomorrow 09:05", (2026, 12, 3, 9, 5)),
            ("tomorrow 5pm", (2026, 12, 3, 17, 0)),
            ("tomorrow 5 pm", (2026, 12, 3, 17, 0)),
            ("tomorrow 5:30pm", (2026, 12, 3, 17, 30)),
            ("tomorrow 5:30 p.m.", (2026, 12, 3, 17, 30)),
            ("tomorrow 11am", (2026, 12, 3, 11, 0)),
            ("tomorrow 12am", (2026, 12, 3, 0, 0)),
            ("tomorrow 12pm", (2026, 12, 3, 12, 0)),
            ("tomorrow 0:00", (2026, 12, 3, 0, 0)),
            ("tomorrow 23:59", (2026, 12, 3, 23, 59)),
            ("tomorrow at noon", (2026, 12, 3, 12, 0)),
            ("mâine la prânz", (2026, 12, 3, 12, 0)),
            ("maine la pranz", (2026, 12, 3, 12, 0)),
            ("mâine la amiază", (2026, 12, 3, 12, 0)),
            ("5pm tomorrow", (2026, 12, 3, 17, 0)),
            ("la 10 lunea viitoare", (2026, 12, 7, 10, 0)),
        ],
    );
}

#[test]
fn a_time_alone_is_today_when_it_cannot_be_anything_else() {
    assert_table(
        now(),
        &[
            ("15:00", (2026, 12, 2, 15, 0)),
            ("5pm", (2026, 12, 2, 17, 0)),
            ("at 11", (2026, 12, 2, 11, 0)),
            ("la 16", (2026, 12, 2, 16, 0)),
            ("la ora 16", (2026, 12, 2, 16, 0)),
            ("noon", (2026, 12, 2, 12, 0)),
            ("până la 16:30", (2026, 12, 2, 16, 30)),
        ],
    );
    assert_eq!(parse("9"), Err(DueError::Unreadable { text: "9".into() }));
    assert_eq!(
        parse("09:00"),
        Err(DueError::InPast {
            text: "09:00".into(),
            at_local: "2026-12-02 09:00".into()
        })
    );
}

#[test]
fn impossible_times_are_bad_times() {
    for (text, time) in [
        ("tomorrow 24:00", "24:00"),
        ("tomorrow 25", "25"),
        ("mâine la 9:75", "9:75"),
        ("tomorrow 13pm", "13pm"),
        ("tomorrow 0am", "0am"),
        ("2026-12-03 24:00", "24:00"),
        ("in 2 days at 24:00", "24:00"),
    ] {
        assert_eq!(
            parse(text),
            Err(DueError::BadTime { time: time.into() }),
            "{text:?}"
        );
    }
}

// --- weekdays -----------------------------------------------------------------------

#[test]
fn weekday_names_in_both_languages_and_short_forms() {
    // Now is Wednesday 2026-12-02 10:00.
    assert_table(
        now(),
        &[
            ("thursday", (2026, 12, 3, 17, 0)),
            ("thu", (2026, 12, 3, 17, 0)),
            ("fri", (2026, 12, 4, 17, 0)),
            ("friday", (2026, 12, 4, 17, 0)),
            ("monday", (2026, 12, 7, 17, 0)),
            ("mon", (2026, 12, 7, 17, 0)),
            ("tue", (2026, 12, 8, 17, 0)),
            ("luni", (2026, 12, 7, 17, 0)),
            ("lun", (2026, 12, 7, 17, 0)),
            ("marți", (2026, 12, 8, 17, 0)),
            ("marti", (2026, 12, 8, 17, 0)),
            ("mar", (2026, 12, 8, 17, 0)),
            ("mie 16:00", (2026, 12, 2, 16, 0)),
            ("joi", (2026, 12, 3, 17, 0)),
            ("vineri", (2026, 12, 4, 17, 0)),
            ("vin", (2026, 12, 4, 17, 0)),
            ("vineri 15:00", (2026, 12, 4, 15, 0)),
            ("fri 3pm", (2026, 12, 4, 15, 0)),
            ("vineri la 15", (2026, 12, 4, 15, 0)),
            ("sâmbătă", (2026, 12, 5, 17, 0)),
            ("sambata", (2026, 12, 5, 17, 0)),
            ("sâm", (2026, 12, 5, 17, 0)),
            ("sat 10:00", (2026, 12, 5, 10, 0)),
            ("duminică", (2026, 12, 6, 17, 0)),
            ("duminica", (2026, 12, 6, 17, 0)),
            ("dum", (2026, 12, 6, 17, 0)),
            ("sunday", (2026, 12, 6, 17, 0)),
        ],
    );
}

#[test]
fn todays_weekday_is_today_while_still_ahead_else_next_week() {
    assert_table(
        now(),
        &[
            ("wednesday", (2026, 12, 2, 17, 0)),
            ("miercuri", (2026, 12, 2, 17, 0)),
            ("wed 15:00", (2026, 12, 2, 15, 0)),
            ("miercuri 9", (2026, 12, 9, 9, 0)),
            ("wed 10:00", (2026, 12, 9, 10, 0)),
        ],
    );
    assert_table(
        local(2026, 12, 2, 17, 0),
        &[("wednesday", (2026, 12, 9, 17, 0))],
    );
}

#[test]
fn a_weekday_on_a_holiday_keeps_the_date() {
    // Friday 25 December is a holiday: still that Friday, at the usual 17:00.
    assert_table(
        local(2026, 12, 22, 10, 0),
        &[("vineri", (2026, 12, 25, 17, 0))],
    );
}

#[test]
fn next_weekday_is_in_next_week() {
    assert_table(
        now(),
        &[
            ("next monday", (2026, 12, 7, 17, 0)),
            ("next wednesday", (2026, 12, 9, 17, 0)),
            ("next friday", (2026, 12, 11, 17, 0)),
            ("next fri 3pm", (2026, 12, 11, 15, 0)),
            ("next sunday", (2026, 12, 13, 17, 0)),
            ("lunea viitoare", (2026, 12, 7, 17, 0)),
            ("lunea viitoare la 10", (2026, 12, 7, 10, 0)),
            ("luni viitoare", (2026, 12, 7, 17, 0)),
            ("vinerea viitoare", (2026, 12, 11, 17, 0)),
            ("miercurea viitoare la 9", (2026, 12, 9, 9, 0)),
            ("joia următoare", (2026, 12, 10, 17, 0)),
        ],
    );
    // On a Sunday, next week starts tomorrow.
    assert_table(
        local(2026, 12, 6, 10, 0),
        &[
            ("next monday", (2026, 12, 7, 17, 0)),
            ("monday", (2026, 12, 7, 17, 0)),
        ],
    );
}

// --- relative -----------------------------------------------------------------------

#[test]
fn relative_minutes_hours_days_weeks_in_both_languages() {
    assert_table(
        now(),
        &[
            ("in 2 hours", (2026, 12, 2, 12, 0)),
            ("in 1 hour", (2026, 12, 2, 11, 0)),
            ("in an hour", (2026, 12, 2, 11, 0)),
            ("in 2h", (2026, 12, 2, 12, 0)),
            ("peste 2 ore", (2026, 12, 2, 12, 0)),
            ("peste o oră", (2026, 12, 2, 11, 0)),
            ("peste două ore", (2026, 12, 2, 12, 0)),
            ("în 3 ore", (2026, 12, 2, 13, 0)),
            ("in 30 minutes", (2026, 12, 2, 10, 30)),
            ("in 1 minute", (2026, 12, 2, 10, 1)),
            ("in 45 min", (2026, 12, 2, 10, 45)),
            ("peste 30 de minute", (2026, 12, 2, 10, 30)),
            ("peste 30 minute", (2026, 12, 2, 10, 30)),
            ("peste un minut", (2026, 12, 2, 10, 1)),
            ("in a day", (2026, 12, 3, 10, 0)),
            ("in 1 day", (2026, 12, 3, 10, 0)),
            ("in 3 days", (2026, 12, 5, 10, 0)),
            ("peste o zi", (2026, 12, 3, 10, 0)),
            ("peste 3 zile", (2026, 12, 5, 10, 0)),
            ("peste 20 de zile", (2026, 12, 22, 10, 0)),
            ("in 1 week", (2026, 12, 9, 10, 0)),
            ("in 2 weeks", (2026, 12, 16, 10, 0)),
            ("peste o săptămână", (2026, 12, 9, 10, 0)),
            ("peste o saptamana", (2026, 12, 9, 10, 0)),
            ("peste 2 săptămâni", (2026, 12, 16, 10, 0)),
            ("in 3 days at 9", (2026, 12, 5, 9, 0)),
            ("peste 2 zile la 16:30", (2026, 12, 4, 16, 30)),
        ],
    );
}

#[test]
fn relative_hours_take_no_time_and_zero_is_unreadable() {
    for text in [
        "in 2 hours at 5pm",
        "in 0 days",
        "peste 0 ore",
        "in days",
        "in 2",
    ] {
        assert_eq!(
            parse(text),
            Err(DueError::Unreadable { text: text.into() }),
            "{text:?}"
        );
    }
}

#[test]
fn working_days_skip_weekends_and_holidays_and_end_at_closing() {
    assert_table(
        now(),
        &[
            ("in 1 working day", (2026, 12, 3, 17, 0)),
            ("in a working day", (2026, 12, 3, 17, 0)),
            ("in 2 working days", (2026, 12, 4, 17, 0)),
            ("in 3 business days", (2026, 12, 7, 17, 0)),
            ("peste o zi lucrătoare", (2026, 12, 3, 17, 0)),
            ("peste o zi lucratoare", (2026, 12, 3, 17, 0)),
            ("peste 2 zile lucrătoare", (2026, 12, 4, 17, 0)),
            ("peste 3 zile lucratoare", (2026, 12, 7, 17, 0)),
            ("peste 2 zile lucrătoare la 12", (2026, 12, 4, 12, 0)),
        ],
    );
    // From Wednesday 23 December: Thu 24 is the first; 25–27 are off; Monday 28 the second.
    assert_table(
        local(2026, 12, 23, 10, 0),
        &[
            ("in 1 working day", (2026, 12, 24, 17, 0)),
            ("in 2 working days", (2026, 12, 28, 17, 0)),
            ("peste 5 zile lucrătoare", (2026, 12, 31, 17, 0)),
            ("peste 6 zile lucrătoare", (2027, 1, 4, 17, 0)),
        ],
    );
    // From Monday 30 November the 1 December holiday is skipped.
    assert_table(
        local(2026, 11, 30, 10, 0),
        &[("in 1 working day", (2026, 12, 2, 17, 0))],
    );
}

// --- ends of periods ------------------------------------------------------------------

#[test]
fn end_of_day() {
    for text in [
        "end of day",
        "end of the day",
        "eod",
        "sfârșitul zilei",
        "sfarsitul zilei",
    ] {
        assert_eq!(parse(text), Ok(local(2026, 12, 2, 17, 0)), "{text:?}");
        // After closing: tomorrow's.
        assert_eq!(
            parse_at(text, local(2026, 12, 2, 18, 0)),
            Ok(local(2026, 12, 3, 17, 0)),
            "{text:?}"
        );
        // On a Saturday: Monday's.
        assert_eq!(
            parse_at(text, local(2026, 12, 5, 11, 0)),
            Ok(local(2026, 12, 7, 17, 0)),
            "{text:?}"
        );
    }
}

#[test]
fn end_of_week() {
    for text in [
        "end of week",
        "end of the week",
        "sfârșitul săptămânii",
        "sfarsitul saptamanii",
        "la sfârșitul săptămânii",
    ] {
        assert_eq!(parse(text), Ok(local(2026, 12, 4, 17, 0)), "{text:?}");
        // Friday after closing, and Saturday: next week's Friday.
        for now in [local(2026, 12, 4, 17, 0), local(2026, 12, 5, 9, 0)] {
            assert_eq!(
                parse_at(text, now),
                Ok(local(2026, 12, 11, 17, 0)),
                "{text:?}"
            );
        }
        // Christmas week: Friday 25 is a holiday, so Thursday 24.
        assert_eq!(
            parse_at(text, local(2026, 12, 23, 9, 0)),
            Ok(local(2026, 12, 24, 17, 0)),
            "{text:?}"
        );
    }
}

#[test]
fn end_of_month() {
    for text in [
        "end of month",
        "end of the month",
        "sfârșitul lunii",
        "sfarsitul lunii",
    ] {
        // 31 December 2026 is a Thursday.
        assert_eq!(parse(text), Ok(local(2026, 12, 31, 17, 0)), "{text:?}");
        // After it: January 2027 ends on a Sunday, so Friday 29.
        assert_eq!(
            parse_at(text, local(2026, 12, 31, 17, 30)),
            Ok(local(2027, 1, 29, 17, 0)),
            "{text:?}"
        );
        assert_eq!(
            parse_at(text, local(2027, 1, 10, 12, 0)),
            Ok(local(2027, 1, 29, 17, 0)),
            "{text:?}"
        );
    }
}

#[test]
fn period_ends_take_no_time() {
    assert_eq!(
        parse("end of week 10:00"),
        Err(DueError::Unreadable {
            text: "end of week 10:00".into()
        })
    );
}

// --- past, unreadable, too far --------------------------------------------------------

#[test]
fn past_instants_are_refused_with_the_local_time_they_meant() {
    for (text, at_local) in [
        ("today 9", "2026-12-02 09:00"),
        ("azi la 8:00", "2026-12-02 08:00"),
        ("2026-11-30", "2026-11-30 17:00"),
        ("01.12.2026 12:00", "2026-12-01 12:00"),
        ("2020-01-01 10:00", "2020-01-01 10:00"),
        ("today 10:00", "2026-12-02 10:00"),
    ] {
        assert_eq!(
            parse(text),
            Err(DueError::InPast {
                text: text.into(),
                at_local: at_local.into()
            }),
            "{text:?}"
        );
    }
}

#[test]
fn unreadable_text_is_refused() {
    for text in [
        "soon",
        "asap",
        "tomorrow tomorrow",
        "tomorrow 9 10",
        "next",
        "next tomorrow",
        "luni marți",
        "in",
        "2026-12-01T",
        "2026-12",
        "26-12-01",
        "1.12.26",
        "12:3",
        "123:00",
        "15.12",
        "x".repeat(200).as_str(),
    ] {
        assert!(
            matches!(parse(text), Err(DueError::Unreadable { .. })),
            "{text:?}: {:?}",
            parse(text)
        );
    }
    assert_eq!(parse(""), Err(DueError::Empty));
    assert_eq!(parse("   "), Err(DueError::Empty));
}

#[test]
fn long_text_is_cut_in_the_error() {
    let text = "w".repeat(200);
    let Err(DueError::Unreadable { text: echoed }) = parse(&text) else {
        panic!("expected unreadable");
    };
    assert_eq!(echoed.chars().count(), MAX_ECHO_CHARS);
    assert!(echoed.ends_with('…'));
}

#[test]
fn more_than_five_years_ahead_is_too_far() {
    for text in [
        "2032-01-01",
        "9999-12-31 10:00",
        "in 300 weeks",
        "peste 2000 de zile",
        "in 99999999999 days",
        "in 4294967295 minutes",
        "peste 4000000000 de ore",
        "in 2000 working days",
        "in 99999999999999 weeks",
    ] {
        assert_eq!(
            parse(text),
            Err(DueError::TooFar { text: text.into() }),
            "{text:?}"
        );
    }
    assert_eq!(parse("2031-12-01"), Ok(local(2031, 12, 1, 17, 0)));
}

#[test]
fn no_input_panics() {
    let calendar = office();
    let samples = [
        "",
        "in 1 week",
        "tomorrow 9",
        "next monday",
        "end of month",
        "end of week",
        "2026-12-01",
        "9999-12-31",
        "0000-01-01 00:00",
        "99.99.9999",
        "in 9 working days",
        "peste 4294967295 de zile lucrătoare",
        "ț",
        "🙂 mâine",
        "la",
        "at",
        "T",
        "t 9",
        "2026-03-29 03:30",
        "::",
        "1:",
        ":30",
        "99:99pm",
        "\u{0}",
        "pana la",
        "în",
    ];
    for now in [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        now(),
        utc(2026, 3, 29, 0, 30),
    ] {
        let ctx = DueContext {
            now,
            tz: Bucharest,
            calendar: &calendar,
        };
        for text in samples {
            let _ = parse_due(text, &ctx);
        }
    }
}

// --- daylight saving (Europe/Bucharest) ------------------------------------------------

#[test]
fn a_time_in_the_spring_gap_is_refused_naming_the_gap() {
    for (text, now, day) in [
        ("2027-03-28 03:30", now(), "2027-03-28"),
        ("28.03.2027 03:00", now(), "2027-03-28"),
        ("2026-03-29 03:59", local(2026, 3, 1, 10, 0), "2026-03-29"),
        ("tomorrow 3:30", local(2026, 3, 28, 10, 0), "2026-03-29"),
    ] {
        let Err(DueError::NoSuchLocalTime {
            date,
            tz,
            gap_from,
            gap_to,
            ..
        }) = parse_at(text, now)
        else {
            panic!("{text:?} should be in the gap: {:?}", parse_at(text, now));
        };
        assert_eq!(
            (
                date.as_str(),
                tz.as_str(),
                gap_from.as_str(),
                gap_to.as_str()
            ),
            (day, "Europe/Bucharest", "03:00", "04:00"),
            "{text:?}"
        );
    }
    assert_eq!(
        Msg::from(parse("2027-03-28 03:30").unwrap_err()).text_args()[1],
        ("time", "03:30".to_owned())
    );
}

#[test]
fn times_around_the_gap_exist() {
    assert_eq!(parse("2027-03-28 02:59"), Ok(utc(2027, 3, 28, 0, 59)));
    assert_eq!(parse("2027-03-28 04:00"), Ok(utc(2027, 3, 28, 1, 0)));
}

#[test]
fn a_time_in_the_autumn_fold_takes_the_first_occurrence() {
    // 03:30 happens at 00:30 UTC (EEST) and again at 01:30 UTC (EET).
    assert_eq!(
        parse_at("2026-10-25 03:30", local(2026, 10, 1, 10, 0)),
        Ok(utc(2026, 10, 25, 0, 30))
    );
    assert_eq!(parse("2027-10-31 03:30"), Ok(utc(2027, 10, 31, 0, 30)));
    assert_eq!(parse("31.10.2027 03:00"), Ok(utc(2027, 10, 31, 0, 0)));
}

#[test]
fn tomorrow_across_each_change_uses_the_new_offset() {
    for (today, next, before, after) in [
        ((2026, 3, 28), (2026, 3, 29), 2, 3),
        ((2026, 10, 24), (2026, 10, 25), 3, 2),
        ((2027, 3, 27), (2027, 3, 28), 2, 3),
        ((2027, 10, 30), (2027, 10, 31), 3, 2),
    ] {
        let now = local(today.0, today.1, today.2, 10, 0);
        assert_eq!(offset_hours(now), before);
        let at = parse_at("tomorrow 9", now).unwrap();
        assert_eq!(offset_hours(at), after, "{today:?}");
        assert_eq!(at, utc(next.0, next.1, next.2, 9 - after as u32, 0));
        assert_eq!(at.with_timezone(&Bucharest).hour(), 9);
    }
}

#[test]
fn hours_across_a_change_are_real_hours() {
    // 2026-03-29 02:30 EET (00:30 UTC) + 2h = 02:30 UTC = 05:30 EEST.
    let now = utc(2026, 3, 29, 0, 30);
    let at = parse_at("in 2 hours", now).unwrap();
    assert_eq!(at - now, Duration::hours(2));
    assert_eq!(at.with_timezone(&Bucharest).hour(), 5);
    // 2027-10-31 02:30 EEST (23:30 UTC the day before) + 2h = 03:30 EET (01:30 UTC).
    let now = utc(2027, 10, 30, 23, 30);
    let at = parse_at("peste 2 ore", now).unwrap();
    assert_eq!(at - now, Duration::hours(2));
    assert_eq!(at, utc(2027, 10, 31, 1, 30));
}

#[test]
fn days_across_a_change_keep_the_wall_clock_time() {
    // 23 real hours, but 10:00 both days.
    let now = local(2026, 3, 28, 10, 0);
    let at = parse_at("in 1 day", now).unwrap();
    assert_eq!(at, local(2026, 3, 29, 10, 0));
    assert_eq!(at - now, Duration::hours(23));
    let at = parse_at("peste o săptămână", local(2026, 10, 20, 10, 0)).unwrap();
    assert_eq!(at, local(2026, 10, 27, 10, 0));
}

#[test]
fn days_landing_in_the_gap_move_past_it() {
    // Now 03:30 on Saturday; the same wall time on Sunday does not exist.
    let now = local(2027, 3, 27, 3, 30);
    assert_eq!(parse_at("in 1 day", now), Ok(utc(2027, 3, 28, 1, 0)));
}

#[test]
fn another_zone_reads_the_text_in_that_zone() {
    let calendar = office();
    let ctx = DueContext {
        now: now(),
        tz: chrono_tz::Europe::London,
        calendar: &calendar,
    };
    assert_eq!(parse_due("tomorrow 9", &ctx), Ok(utc(2026, 12, 3, 9, 0)));
}

// --- messages ---------------------------------------------------------------------------

/// Message ids defined in a catalogue.
fn ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

fn every_error() -> Vec<DueError> {
    let text = || "x".to_owned();
    vec![
        DueError::Empty,
        DueError::Unreadable { text: text() },
        DueError::SlashDate { text: text() },
        DueError::BadDate { text: text() },
        DueError::BadTime { time: text() },
        DueError::InPast {
            text: text(),
            at_local: "2026-12-02 09:00".into(),
        },
        DueError::NoSuchLocalTime {
            date: "2027-03-28".into(),
            time: "03:30".into(),
            tz: "Europe/Bucharest".into(),
            gap_from: "03:00".into(),
            gap_to: "04:00".into(),
        },
        DueError::TooFar { text: text() },
    ]
}

#[test]
fn every_error_message_exists_in_both_languages_with_its_arguments() {
    for error in every_error() {
        let msg = Msg::from(error);
        let (id, args) = (msg.id(), msg.text_args());
        assert!(id.starts_with("due-"), "{id}");
        assert_renders(id, &args);
    }
}

#[test]
fn both_catalogues_define_the_same_ids() {
    assert_eq!(ids(EN_FTL), ids(RO_FTL));
    assert!(ids(EN_FTL)
        .iter()
        .all(|id| id.starts_with("due-") || id.starts_with("every-")));
}

#[test]
fn romanian_catalogue_uses_comma_below_letters() {
    assert!(!RO_FTL.contains(['ş', 'ţ', 'Ş', 'Ţ']));
    assert!(RO_FTL.contains('ș') && RO_FTL.contains('ț') && RO_FTL.contains('ă'));
}

#[test]
fn the_examples_we_show_are_accepted() {
    for rendered in assert_renders("due-examples", &[]) {
        let examples = backticked(&rendered);
        assert_eq!(examples.len(), 3, "{rendered}");
        for example in examples {
            assert!(
                parse(&example).is_ok(),
                "{example:?}: {:?}",
                parse(&example)
            );
        }
    }
}

#[test]
fn errors_display_in_english_for_logs() {
    assert_eq!(
        parse("2027-03-28 03:30").unwrap_err().to_string(),
        "2027-03-28 03:30 does not exist in Europe/Bucharest: clocks jump from 03:00 to 04:00"
    );
}
