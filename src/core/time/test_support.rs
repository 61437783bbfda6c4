//! Fixtures shared by the tests of the time readers: a Bucharest office calendar (also used
//! by the tests of SLA clocks and task reminders), instants written as wall-clock times, and
//! rendering of `dates.ftl` messages in both languages.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Bucharest;

use super::business_hours::{BusinessCalendar, WeeklyHours};
use crate::i18n::test_bundle::{bundle, render};

pub(super) const EN_FTL: &str = include_str!("../../i18n/en/dates.ftl");
pub(super) const RO_FTL: &str = include_str!("../../i18n/ro/dates.ftl");

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A Bucharest wall-clock time as an instant (test times are unambiguous).
pub(super) fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Bucharest
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("unambiguous test time")
        .with_timezone(&Utc)
}

pub(super) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Mon–Fri 09:00–17:00 in Bucharest, with 1 Dec, Christmas and New Year off.
pub(crate) fn office() -> BusinessCalendar {
    BusinessCalendar::new(
        Bucharest,
        WeeklyHours::office(),
        [
            date(2026, 12, 1),
            date(2026, 12, 25),
            date(2026, 12, 26),
            date(2027, 1, 1),
            date(2027, 1, 2),
        ],
    )
}

/// Renders `id` with `args` in both languages; fails on a missing message, a missing
/// argument, or an argument the message does not show.
pub(super) fn assert_renders(id: &str, args: &[(&'static str, String)]) -> [String; 2] {
    let marked: Vec<_> = args
        .iter()
        .map(|(name, value)| (*name, mark(name, value)))
        .collect();
    [("en", EN_FTL), ("ro", RO_FTL)].map(|(lang, source)| {
        let text = render(&bundle(lang, source), id, &marked);
        for (name, value) in args {
            assert!(
                text.contains(&mark(name, value)),
                "{lang} {id} does not show ${name}: {text}"
            );
        }
        text
    })
}

/// An argument as passed to a message, so that the rendered text shows where it went.
fn mark(name: &str, value: &str) -> String {
    format!("<{name}:{value}>")
}

/// The backticked forms inside a rendered message.
pub(super) fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
