//! Fixtures shared by the tests of the time readers: a Bucharest office calendar, instants
//! written as wall-clock times, and rendering of `dates.ftl` messages in both languages.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Bucharest;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

use super::business_hours::{BusinessCalendar, WeeklyHours};

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
pub(super) fn office() -> BusinessCalendar {
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

fn bundle(lang: &str, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{lang} dates.ftl: {errors:?}"));
    let mut bundle = FluentBundle::new(vec![lang.parse().unwrap()]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap();
    bundle
}

/// Renders `id` with `args` in both languages; fails on a missing message, a missing
/// argument, or an argument the message does not show.
pub(super) fn assert_renders(id: &str, args: &[(&'static str, String)]) -> [String; 2] {
    [("en", EN_FTL), ("ro", RO_FTL)].map(|(lang, source)| {
        let bundle = bundle(lang, source);
        let message = bundle
            .get_message(id)
            .unwrap_or_else(|| panic!("{lang}: no message {id}"));
        let pattern = message.value().expect("message has a value");
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, format!("<{name}:{value}>"));
        }
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
        for (name, value) in args {
            assert!(
                text.contains(&format!("<{name}:{value}>")),
                "{lang} {id} does not show ${name}: {text}"
            );
        }
        text.into_owned()
    })
}

/// The backticked forms inside a rendered message.
pub(super) fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
