//! Property test (issue #12): business-hours arithmetic gives a span back. Adding a working
//! span to an instant and then measuring the working time between the two yields the span,
//! and the deadline lies inside working hours — in two zones, with holidays, across the
//! daylight-saving changes of 2026 and 2027.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use opsdesk::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use proptest::prelude::*;

/// Kept small so `cargo test` stays fast; `PROPTEST_CASES=5000` explores more.
const DEFAULT_CASES: u32 = 256;

/// Bucharest changes at 03:00/04:00 local, New York at 02:00: both on a Sunday night.
const ZONES: [Tz; 2] = [Tz::Europe__Bucharest, Tz::America__New_York];

/// The days the clocks change in either zone, 2026–2027: holidays near them matter most.
const DST_DAYS: [(i32, u32, u32); 8] = [
    (2026, 3, 8),
    (2026, 3, 29),
    (2026, 10, 25),
    (2026, 11, 1),
    (2027, 3, 14),
    (2027, 3, 28),
    (2027, 10, 31),
    (2027, 11, 7),
];

/// Opening hours to try: the office week; one that is open on Sunday night right through the
/// hour that is skipped or repeated; and round-the-clock days, where a 23- or 25-hour day counts
/// as it really is.
fn hours() -> impl Strategy<Value = WeeklyHours> {
    let office = Some((9 * 60, 17 * 60));
    let night = Some((60, 5 * 60));
    let whole = Some((0, 24 * 60));
    prop_oneof![
        Just(WeeklyHours::office()),
        Just(WeeklyHours::new([office, office, office, office, office, None, night]).unwrap()),
        Just(WeeklyHours::new([whole, None, whole, office, None, whole, whole]).unwrap()),
    ]
}

/// Holidays: some days on or right after a clock change, and a few anywhere in the two years.
fn holidays() -> impl Strategy<Value = Vec<NaiveDate>> {
    let near_dst = (0..DST_DAYS.len(), 0i64..2).prop_map(|(i, after)| {
        let (y, m, d) = DST_DAYS[i];
        NaiveDate::from_ymd_opt(y, m, d).unwrap() + Duration::days(after)
    });
    let anywhere =
        (0i64..730).prop_map(|n| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n));
    (
        prop::collection::vec(near_dst, 0..4),
        prop::collection::vec(anywhere, 0..6),
    )
        .prop_map(|(mut a, b)| {
            a.extend(b);
            a
        })
}

/// Any minute in 2026–2027, with a bias towards the weeks around the clock changes.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let anywhere = (0i64..730 * 24 * 60).prop_map(move |m| start + Duration::minutes(m));
    let near_dst = (0..DST_DAYS.len(), -3 * 24 * 60i64..2 * 24 * 60).prop_map(|(i, m)| {
        let (y, mo, d) = DST_DAYS[i];
        Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).unwrap() + Duration::minutes(m)
    });
    prop_oneof![anywhere, near_dst]
}

proptest! {
    #![proptest_config(crate::support::proptest_config(DEFAULT_CASES))]

    #[test]
    fn adding_a_working_span_then_measuring_it_gives_it_back(
        zone in 0..ZONES.len(),
        hours in hours(),
        holidays in holidays(),
        start in instant(),
        // Up to three working weeks, to the second.
        seconds in 1i64..3 * 5 * 8 * 3600,
    ) {
        let calendar = BusinessCalendar::new(ZONES[zone], hours, holidays);
        let span = Duration::seconds(seconds);
        let deadline = calendar.add(start, span);
        prop_assert!(deadline > start, "{start} + {span} gave {deadline}");
        prop_assert_eq!(
            calendar.between(start, deadline),
            span,
            "{} + {} = {} in {:?}", start, span, deadline, calendar.tz()
        );
        prop_assert!(
            calendar.is_within_hours(deadline),
            "{} + {} = {} is outside hours in {:?}", start, span, deadline, calendar.tz()
        );
    }
}
