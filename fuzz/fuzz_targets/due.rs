//! A due date as typed in `/task assign due:`, read at a moment chosen by the input (any
//! instant from 1970 to 2100) in Bucharest, against an office calendar with Romania's holidays.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use opsdesk::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use opsdesk::core::time::due::{parse_due, DueContext};
use opsdesk::core::time::holidays::PublicHolidays;

fuzz_target!(|input: (u32, &str)| {
    let (seconds, text) = input;
    let now = DateTime::<Utc>::from_timestamp(i64::from(seconds), 0).unwrap_or_default();
    let tz = chrono_tz::Europe::Bucharest;
    let calendar = BusinessCalendar::new(tz, WeeklyHours::office(), [])
        .with_public_holidays(Some(PublicHolidays::Romania));
    let _ = parse_due(
        text,
        &DueContext {
            now,
            tz,
            calendar: &calendar,
        },
    );
});
