//! A digest schedule as typed in `/digest subscribe schedule:`, and its next slot after a
//! moment chosen by the input, in Bucharest.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use opsdesk::core::time::schedule::parse_schedule;

fuzz_target!(|input: (u32, &str)| {
    let (seconds, text) = input;
    let Ok(schedule) = parse_schedule(text) else {
        return;
    };
    let after = DateTime::<Utc>::from_timestamp(i64::from(seconds), 0).unwrap_or_default();
    let _ = schedule.next_after(after, chrono_tz::Europe::Bucharest);
});
