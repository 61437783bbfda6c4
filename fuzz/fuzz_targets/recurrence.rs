//! A repeat rule as typed in `/task assign every:`, and when it next occurs after a moment
//! chosen by the input, on an office calendar with Romania's holidays.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use opsdesk::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use opsdesk::core::time::holidays::PublicHolidays;
use opsdesk::core::time::recurrence::parse_recurrence;

fuzz_target!(|input: (u32, &str)| {
    let (seconds, text) = input;
    let Ok(rule) = parse_recurrence(text) else {
        return;
    };
    let after = DateTime::<Utc>::from_timestamp(i64::from(seconds), 0).unwrap_or_default();
    let tz = chrono_tz::Europe::Bucharest;
    let calendar = BusinessCalendar::new(tz, WeeklyHours::office(), [])
        .with_public_holidays(Some(PublicHolidays::Romania));
    let _ = rule.next_after(after, tz, &calendar);
});
