use super::*;
use chrono_tz::Europe::Bucharest;

/// A local Bucharest time as a UTC instant; the tests only use unambiguous times.
fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Bucharest
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("test times are unambiguous")
        .with_timezone(&Utc)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

/// Office hours in Bucharest with 1 Dec and Christmas 2026 as holidays.
fn office() -> BusinessCalendar {
    BusinessCalendar::new(
        Bucharest,
        WeeklyHours::office(),
        [date(2026, 12, 1), date(2026, 12, 25), date(2026, 12, 26)],
    )
}

fn calendar(hours: &str) -> BusinessCalendar {
    BusinessCalendar::new(Bucharest, hours.parse().unwrap(), [])
}

fn hours(h: i64) -> Duration {
    Duration::hours(h)
}

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

// --- WeeklyHours -------------------------------------------------------

#[test]
fn office_hours_are_weekdays_nine_to_five() {
    let office = WeeklyHours::office();
    assert_eq!(office.on(Weekday::Mon), Some((540, 1020)));
    assert_eq!(office.on(Weekday::Fri), Some((540, 1020)));
    assert_eq!(office.on(Weekday::Sat), None);
    assert_eq!(office.on(Weekday::Sun), None);
    assert_eq!("mon-fri 09:00-17:00".parse::<WeeklyHours>(), Ok(office));
}

#[test]
fn new_rejects_open_not_before_close() {
    let mut days = [None; 7];
    days[2] = Some((600, 600));
    assert_eq!(
        WeeklyHours::new(days),
        Err(CalendarError::OpenNotBeforeClose {
            day: Weekday::Wed,
            open: 600,
            close: 600
        })
    );
}

#[test]
fn new_rejects_closing_after_midnight() {
    let mut days = [None; 7];
    days[6] = Some((600, 1441));
    assert_eq!(
        WeeklyHours::new(days),
        Err(CalendarError::CloseAfterMidnight {
            day: Weekday::Sun,
            close: 1441
        })
    );
}

#[test]
fn new_rejects_a_week_without_open_days() {
    assert_eq!(WeeklyHours::new([None; 7]), Err(CalendarError::NoOpenDay));
}

#[test]
fn new_accepts_a_full_day() {
    let mut days = [None; 7];
    days[0] = Some((0, 1440));
    assert_eq!(
        WeeklyHours::new(days).unwrap().on(Weekday::Mon),
        Some((0, 1440))
    );
}

#[test]
fn parses_several_groups_with_commas_and_semicolons() {
    let hours: WeeklyHours = "mon-thu 09:00-17:00; fri 09:00-14:00, sat 10:00-13:00"
        .parse()
        .unwrap();
    assert_eq!(hours.on(Weekday::Thu), Some((540, 1020)));
    assert_eq!(hours.on(Weekday::Fri), Some((540, 840)));
    assert_eq!(hours.on(Weekday::Sat), Some((600, 780)));
    assert_eq!(hours.on(Weekday::Sun), None);
}

#[test]
fn parses_day_names_case_insensitively_and_single_digit_hours() {
    let hours: WeeklyHours = "MON-Fri 9:00-17:30".parse().unwrap();
    assert_eq!(hours.on(Weekday::Wed), Some((540, 1050)));
}

#[test]
fn parses_24_00_as_closing_time() {
    let hours: WeeklyHours = "mon-sun 00:00-24:00".parse().unwrap();
    assert_eq!(hours.on(Weekday::Sun), Some((0, 1440)));
    assert_eq!(hours.to_string(), "mon-sun 00:00-24:00");
}

#[test]
fn display_groups_consecutive_days_with_equal_hours() {
    let hours: WeeklyHours = "mon 09:00-17:00, tue 09:00-17:00, wed 09:00-17:00, \
                              thu 09:00-12:00, sat 10:00-13:00, sun 10:00-13:00"
        .parse()
        .unwrap();
    assert_eq!(
        hours.to_string(),
        "mon-wed 09:00-17:00, thu 09:00-12:00, sat-sun 10:00-13:00"
    );
}

#[test]
fn display_round_trips_through_parse() {
    for text in [
        "mon-fri 09:00-17:00",
        "mon-thu 09:00-17:00, fri 09:00-14:00",
        "sat 10:00-13:00",
        "mon 08:15-12:45, wed 00:00-24:00, fri-sun 10:00-11:00",
    ] {
        let hours: WeeklyHours = text.parse().unwrap();
        assert_eq!(hours.to_string(), text);
        assert_eq!(hours.to_string().parse::<WeeklyHours>(), Ok(hours));
    }
}

#[test]
fn rejects_backwards_day_range() {
    assert_eq!(
        "fri-mon 09:00-17:00".parse::<WeeklyHours>(),
        Err(CalendarError::BackwardsDayRange("fri-mon".into()))
    );
}

#[test]
fn rejects_closing_before_opening() {
    assert_eq!(
        "mon 09:00-08:00".parse::<WeeklyHours>(),
        Err(CalendarError::OpenNotBeforeClose {
            day: Weekday::Mon,
            open: 540,
            close: 480
        })
    );
}

#[test]
fn rejects_times_without_minutes() {
    assert_eq!(
        "mon 9-17x".parse::<WeeklyHours>(),
        Err(CalendarError::BadTime("9".into()))
    );
}

#[test]
fn rejects_out_of_range_times() {
    for (text, bad) in [
        ("mon 09:00-25:00", "25:00"),
        ("mon 09:00-24:30", "24:30"),
        ("mon 09:60-10:00", "09:60"),
        ("mon 09:0-10:00", "09:0"),
        ("mon 123:00-10:00", "123:00"),
        ("mon +9:00-10:00", "+9:00"),
    ] {
        assert_eq!(
            text.parse::<WeeklyHours>(),
            Err(CalendarError::BadTime(bad.into())),
            "{text}"
        );
    }
}

#[test]
fn rejects_a_bare_time_range_and_missing_time() {
    for text in [
        "09:00-08:00",
        "mon",
        "",
        "mon 09:00-17:00,",
        "mon 09:00 17:00",
    ] {
        assert!(
            matches!(text.parse::<WeeklyHours>(), Err(CalendarError::Syntax(_))),
            "{text:?}"
        );
    }
}

#[test]
fn rejects_unknown_day_names() {
    assert_eq!(
        "monday 09:00-17:00".parse::<WeeklyHours>(),
        Err(CalendarError::BadDay("monday".into()))
    );
}

#[test]
fn rejects_a_day_given_twice() {
    assert_eq!(
        "mon-fri 09:00-17:00, fri 10:00-12:00".parse::<WeeklyHours>(),
        Err(CalendarError::DuplicateDay(Weekday::Fri))
    );
}

#[test]
fn error_messages_name_the_problem() {
    let err = "tue 10:00-09:30".parse::<WeeklyHours>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "tue: opening 10:00 is not before closing 09:30"
    );
}

#[test]
fn deserializes_from_the_text_form_and_reports_errors() {
    use serde::de::value::{Error, StrDeserializer};
    use serde::de::IntoDeserializer;
    let ok: StrDeserializer<Error> = "mon-fri 09:00-17:00".into_deserializer();
    assert_eq!(WeeklyHours::deserialize(ok), Ok(WeeklyHours::office()));
    let bad: StrDeserializer<Error> = "fri-mon 09:00-17:00".into_deserializer();
    assert!(WeeklyHours::deserialize(bad).is_err());
}

// --- is_open / next_open ------------------------------------------------

#[test]
fn is_open_during_hours_only() {
    let cal = office();
    assert!(cal.is_open(local(2026, 11, 30, 9, 0)));
    assert!(cal.is_open(local(2026, 11, 30, 16, 59)));
    assert!(!cal.is_open(local(2026, 11, 30, 17, 0)));
    assert!(!cal.is_open(local(2026, 11, 30, 8, 59)));
    assert!(!cal.is_open(local(2026, 11, 28, 12, 0)), "saturday");
    assert!(!cal.is_open(local(2026, 12, 1, 12, 0)), "holiday");
}

#[test]
fn is_working_day_excludes_weekends_and_holidays() {
    let cal = office();
    assert!(cal.is_working_day(date(2026, 11, 30)));
    assert!(!cal.is_working_day(date(2026, 11, 29)));
    assert!(!cal.is_working_day(date(2026, 12, 1)));
}

#[test]
fn next_open_is_the_instant_itself_when_open() {
    let at = local(2026, 11, 30, 11, 17);
    assert_eq!(office().next_open(at), at);
}

#[test]
fn next_open_at_night_is_the_next_morning_skipping_holidays() {
    let cal = office();
    assert_eq!(
        cal.next_open(local(2026, 11, 30, 17, 0)),
        local(2026, 12, 2, 9, 0)
    );
    assert_eq!(
        cal.next_open(local(2026, 11, 27, 20, 0)),
        local(2026, 11, 30, 9, 0)
    );
    assert_eq!(
        cal.next_open(local(2026, 11, 24, 6, 0)),
        local(2026, 11, 24, 9, 0)
    );
}

#[test]
fn tz_returns_the_calendar_zone() {
    assert_eq!(office().tz(), Bucharest);
}

// --- add ------------------------------------------------------------------

#[test]
fn add_within_a_day() {
    assert_eq!(
        office().add(local(2026, 11, 23, 10, 0), hours(3)),
        local(2026, 11, 23, 13, 0)
    );
}

#[test]
fn add_crosses_the_evening_into_the_next_morning() {
    assert_eq!(
        office().add(local(2026, 11, 23, 16, 0), hours(2)),
        local(2026, 11, 24, 10, 0)
    );
}

#[test]
fn add_ending_exactly_at_closing_stays_at_closing() {
    assert_eq!(
        office().add(local(2026, 11, 23, 16, 0), hours(1)),
        local(2026, 11, 23, 17, 0)
    );
}

#[test]
fn add_from_friday_afternoon_lands_on_monday() {
    assert_eq!(
        office().add(local(2026, 11, 27, 16, 0), hours(2)),
        local(2026, 11, 30, 10, 0)
    );
}

#[test]
fn add_from_saturday_starts_counting_at_monday_opening() {
    assert_eq!(
        office().add(local(2026, 11, 28, 12, 0), hours(1)),
        local(2026, 11, 30, 10, 0)
    );
}

#[test]
fn add_at_night_starts_counting_at_next_opening() {
    let cal = office();
    assert_eq!(
        cal.add(local(2026, 11, 24, 22, 0), minutes(30)),
        local(2026, 11, 25, 9, 30)
    );
    assert_eq!(
        cal.add(local(2026, 11, 24, 6, 0), minutes(30)),
        local(2026, 11, 24, 9, 30)
    );
}

#[test]
fn add_skips_a_holiday_in_the_middle() {
    assert_eq!(
        office().add(local(2026, 11, 30, 16, 0), hours(2)),
        local(2026, 12, 2, 10, 0)
    );
}

#[test]
fn add_skips_christmas_and_the_weekend() {
    assert_eq!(
        office().add(local(2026, 12, 24, 16, 0), hours(2)),
        local(2026, 12, 28, 10, 0)
    );
}

#[test]
fn add_zero_or_negative_returns_start_unchanged() {
    let cal = office();
    let saturday = local(2026, 11, 28, 12, 0);
    assert_eq!(cal.add(saturday, Duration::zero()), saturday);
    assert_eq!(cal.add(saturday, -hours(5)), saturday);
}

#[test]
fn add_ten_working_days_of_hours() {
    // 80 business hours from Monday 09:00 = two full working weeks, with no holiday.
    assert_eq!(
        office().add(local(2026, 11, 2, 9, 0), hours(80)),
        local(2026, 11, 13, 17, 0)
    );
}

#[test]
fn add_then_between_round_trips_over_many_starts() {
    let cal = office();
    let first = local(2026, 11, 26, 0, 0);
    for step in 0..(24 * 14 * 60 / 37) {
        let start = first + minutes(37 * step);
        for dur in [minutes(1), minutes(45), hours(8), hours(13), hours(41)] {
            let end = cal.add(start, dur);
            assert_eq!(cal.between(start, end), dur, "start {start}, dur {dur}");
            assert!(end > start);
        }
    }
}

// --- between ------------------------------------------------------------

#[test]
fn between_over_a_weekend_counts_only_working_time() {
    assert_eq!(
        office().between(local(2026, 11, 27, 16, 0), local(2026, 11, 30, 10, 0)),
        hours(2)
    );
}

#[test]
fn between_over_a_holiday_skips_it() {
    let cal = office();
    assert_eq!(
        cal.between(local(2026, 11, 30, 16, 0), local(2026, 12, 2, 10, 0)),
        hours(2)
    );
    assert_eq!(
        cal.between(local(2026, 12, 24, 16, 0), local(2026, 12, 28, 10, 0)),
        hours(2)
    );
}

#[test]
fn between_with_ends_outside_hours() {
    let cal = office();
    assert_eq!(
        cal.between(local(2026, 11, 28, 12, 0), local(2026, 11, 30, 10, 0)),
        hours(1)
    );
    assert_eq!(
        cal.between(local(2026, 11, 30, 7, 0), local(2026, 11, 30, 20, 0)),
        hours(8)
    );
    assert_eq!(
        cal.between(local(2026, 11, 30, 18, 0), local(2026, 11, 30, 23, 0)),
        Duration::zero()
    );
}

#[test]
fn between_is_zero_when_b_is_not_after_a() {
    let cal = office();
    let a = local(2026, 11, 30, 12, 0);
    assert_eq!(cal.between(a, a), Duration::zero());
    assert_eq!(cal.between(a, a - hours(2)), Duration::zero());
}

// --- add_working_days / end_of_working_day --------------------------------

#[test]
fn add_working_days_keeps_time_of_day_across_the_weekend() {
    assert_eq!(
        office().add_working_days(local(2026, 11, 27, 11, 0), 1),
        local(2026, 11, 30, 11, 0)
    );
}

#[test]
fn add_working_days_skips_a_holiday() {
    let cal = office();
    assert_eq!(
        cal.add_working_days(local(2026, 11, 30, 11, 0), 1),
        local(2026, 12, 2, 11, 0)
    );
    assert_eq!(
        cal.add_working_days(local(2026, 12, 23, 15, 30), 2),
        local(2026, 12, 28, 15, 30)
    );
}

#[test]
fn add_working_days_snaps_to_the_next_opening_first() {
    let cal = office();
    // Saturday snaps to Monday 09:00; the next working day is Wednesday (Tuesday is a holiday).
    assert_eq!(
        cal.add_working_days(local(2026, 11, 28, 12, 0), 1),
        local(2026, 12, 2, 9, 0)
    );
    assert_eq!(
        cal.add_working_days(local(2026, 11, 24, 19, 0), 1),
        local(2026, 11, 26, 9, 0)
    );
}

#[test]
fn add_zero_working_days_is_next_open() {
    let cal = office();
    let saturday = local(2026, 11, 28, 12, 0);
    assert_eq!(cal.add_working_days(saturday, 0), cal.next_open(saturday));
    let open = local(2026, 11, 30, 12, 0);
    assert_eq!(cal.add_working_days(open, 0), open);
}

#[test]
fn add_working_days_clamps_into_shorter_or_later_hours() {
    let cal = calendar("mon 09:00-17:00, tue 10:00-17:00, wed-thu 09:00-17:00, fri 09:00-14:00");
    // Thursday 16:00 -> Friday closes at 14:00.
    assert_eq!(
        cal.add_working_days(local(2026, 11, 26, 16, 0), 1),
        local(2026, 11, 27, 14, 0)
    );
    // Monday 09:30 -> Tuesday opens at 10:00.
    assert_eq!(
        cal.add_working_days(local(2026, 11, 23, 9, 30), 1),
        local(2026, 11, 24, 10, 0)
    );
}

#[test]
fn end_of_working_day_for_a_working_day() {
    assert_eq!(
        office().end_of_working_day(date(2026, 11, 30)),
        utc(2026, 11, 30, 15, 0)
    );
}

#[test]
fn end_of_working_day_for_a_saturday_or_holiday_is_the_next_working_day() {
    let cal = office();
    assert_eq!(
        cal.end_of_working_day(date(2026, 11, 28)),
        local(2026, 11, 30, 17, 0)
    );
    assert_eq!(
        cal.end_of_working_day(date(2026, 12, 1)),
        local(2026, 12, 2, 17, 0)
    );
}

#[test]
fn calendar_with_every_day_a_holiday_returns_the_horizon() {
    let start = date(2026, 1, 1);
    let cal = BusinessCalendar::new(
        Bucharest,
        WeeklyHours::office(),
        start.iter_days().take(2 * HORIZON_DAYS as usize),
    );
    let at = local(2026, 1, 5, 10, 0);
    let far = at + Duration::days(i64::from(HORIZON_DAYS));
    assert!(!cal.is_open(at));
    assert_eq!(cal.next_open(at), far);
    assert_eq!(cal.add(at, hours(1)), far);
    assert_eq!(cal.add_working_days(at, 3), far);
    assert_eq!(cal.between(at, far), Duration::zero());
    assert_eq!(
        cal.end_of_working_day(start),
        local(2026, 1, 1, 0, 0) + Duration::days(i64::from(HORIZON_DAYS))
    );
}

#[test]
fn extreme_instants_do_not_panic() {
    let cal = office();
    for at in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
        cal.is_open(at);
        cal.next_open(at);
        cal.add(at, Duration::MAX);
        cal.add_working_days(at, u32::MAX);
        cal.between(DateTime::<Utc>::MIN_UTC, at);
    }
    cal.end_of_working_day(NaiveDate::MAX);
    cal.end_of_working_day(NaiveDate::MIN);
}

// --- daylight saving ----------------------------------------------------

/// Asserts `add(2h)` from Friday 16:00 lands on Monday 10:00 with the right offsets.
fn assert_weekend_change(friday: NaiveDate, before_hours: i64, after_hours: i64) {
    let cal = office();
    let start = cal.at_minute(friday, 16 * 60);
    let monday = friday + Duration::days(3);
    let end = cal.add(start, hours(2));
    let start_local = start.with_timezone(&Bucharest);
    let end_local = end.with_timezone(&Bucharest);
    assert_eq!(
        start_local.offset().fix().local_minus_utc(),
        before_hours as i32 * 3600
    );
    assert_eq!(
        end_local.offset().fix().local_minus_utc(),
        after_hours as i32 * 3600
    );
    assert_eq!(
        end_local.naive_local(),
        monday.and_hms_opt(10, 0, 0).unwrap()
    );
    assert_eq!(
        end,
        utc(
            monday.year(),
            monday.month(),
            monday.day(),
            10 - after_hours as u32,
            0
        )
    );
    assert_eq!(cal.between(start, end), hours(2));
}

#[test]
fn add_across_spring_forward_2026() {
    assert_weekend_change(date(2026, 3, 27), 2, 3);
}

#[test]
fn add_across_fall_back_2026() {
    assert_weekend_change(date(2026, 10, 23), 3, 2);
}

#[test]
fn add_across_spring_forward_2027() {
    assert_weekend_change(date(2027, 3, 26), 2, 3);
}

#[test]
fn add_across_fall_back_2027() {
    assert_weekend_change(date(2027, 10, 29), 3, 2);
}

#[test]
fn round_the_clock_calendar_counts_23_and_25_hour_days() {
    let cal = calendar("mon-sun 00:00-24:00");
    let midnight = |d: NaiveDate| cal.at_minute(d, 0);
    for (day, expected) in [
        (date(2026, 3, 29), 23),
        (date(2026, 10, 25), 25),
        (date(2027, 3, 28), 23),
        (date(2027, 10, 31), 25),
        (date(2026, 6, 1), 24),
    ] {
        let next = day + Duration::days(1);
        assert_eq!(
            cal.between(midnight(day), midnight(next)),
            hours(expected),
            "{day}"
        );
        assert_eq!(
            cal.add(midnight(day), hours(expected)),
            midnight(next),
            "{day}"
        );
    }
}

#[test]
fn opening_inside_the_spring_gap_maps_to_the_end_of_the_gap() {
    let cal = calendar("sun 03:30-05:00");
    // 2026-03-29: 03:00 jumps to 04:00, so 03:30 does not exist; 04:00 EEST is 01:00 UTC.
    let saturday = local(2026, 3, 28, 12, 0);
    assert_eq!(cal.next_open(saturday), utc(2026, 3, 29, 1, 0));
    assert_eq!(cal.between(saturday, utc(2026, 3, 30, 0, 0)), hours(1));
    assert!(cal.is_open(utc(2026, 3, 29, 1, 30)));
    assert!(!cal.is_open(utc(2026, 3, 29, 0, 59)));
}

#[test]
fn opening_inside_the_autumn_fold_takes_the_earlier_instant() {
    let cal = calendar("sun 03:30-05:00");
    // 2026-10-25: 04:00 falls back to 03:00, so 03:30 happens at 00:30 and 01:30 UTC.
    assert_eq!(
        cal.next_open(local(2026, 10, 24, 12, 0)),
        utc(2026, 10, 25, 0, 30)
    );
    assert_eq!(
        cal.between(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)),
        hours(2) + minutes(30)
    );
}

#[test]
fn hours_entirely_inside_the_gap_make_the_day_closed() {
    let cal = calendar("sun 03:10-03:50, mon 09:00-10:00");
    assert_eq!(
        cal.next_open(local(2026, 3, 28, 12, 0)),
        local(2026, 3, 30, 9, 0)
    );
}

#[test]
fn the_next_working_morning_skips_weekends_and_holidays() {
    // Friday 2026-12-04 -> Monday 09:00 local.
    assert_eq!(
        office().morning_after(date(2026, 12, 4)),
        local(2026, 12, 7, 9, 0)
    );
    // Thursday 24 Dec -> Monday 28 Dec (25 and 26 are holidays, then Sunday).
    assert_eq!(
        office().morning_after(date(2026, 12, 24)),
        local(2026, 12, 28, 9, 0)
    );
}

#[test]
fn the_last_open_moment_before_a_closed_time_is_the_previous_working_afternoon() {
    let cal = office();
    let lead = Duration::minutes(30);
    // Inside hours, or exactly at the close: unchanged.
    let open = local(2026, 12, 7, 11, 0);
    assert_eq!(cal.last_open_before(open, lead), Some(open));
    let close = local(2026, 12, 7, 17, 0);
    assert_eq!(cal.last_open_before(close, lead), Some(close));
    // 08:00 on Monday: Friday afternoon.
    assert_eq!(
        cal.last_open_before(local(2026, 12, 7, 8, 0), lead),
        Some(local(2026, 12, 4, 16, 30))
    );
    // 02:30 on Sunday: Friday afternoon; Christmas Day (a Friday): Thursday afternoon.
    assert_eq!(
        cal.last_open_before(local(2026, 12, 6, 2, 30), lead),
        Some(local(2026, 12, 4, 16, 30))
    );
    assert_eq!(
        cal.last_open_before(local(2026, 12, 25, 10, 0), lead),
        Some(local(2026, 12, 24, 16, 30))
    );
    // 20:00 on a working day: that afternoon.
    assert_eq!(
        cal.last_open_before(local(2026, 12, 8, 20, 0), lead),
        Some(local(2026, 12, 8, 16, 30))
    );
}

#[test]
fn a_closed_moment_says_why() {
    let cal = office();
    assert_eq!(cal.closed_because(local(2026, 12, 7, 11, 0)), None);
    assert_eq!(cal.closed_because(local(2026, 12, 7, 17, 0)), None);
    assert_eq!(
        cal.closed_because(local(2026, 12, 7, 2, 30)),
        Some(Closed::OutsideHours)
    );
    assert_eq!(
        cal.closed_because(local(2026, 12, 6, 12, 0)),
        Some(Closed::DayOff)
    );
    assert_eq!(
        cal.closed_because(local(2026, 12, 25, 12, 0)),
        Some(Closed::Holiday)
    );
}
