use chrono::NaiveDate;

use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn orthodox_easter_falls_on_the_known_sundays() {
    for (year, easter) in [
        (2008, "2008-04-27"),
        (2024, "2024-05-05"),
        (2025, "2025-04-20"),
        (2026, "2026-04-12"),
        (2027, "2027-05-02"),
        (2030, "2030-04-28"),
    ] {
        assert_eq!(orthodox_easter(year), Some(date(easter)), "{year}");
    }
    assert_eq!(orthodox_easter(1000), None);
    assert_eq!(orthodox_easter(i32::MAX), None);
}

#[test]
fn romanias_holidays_of_2026_and_2027_are_the_laws_list() {
    let ro = PublicHolidays::Romania;
    let days = |year| -> Vec<String> { ro.in_year(year).iter().map(|d| d.to_string()).collect() };
    assert_eq!(
        days(2026),
        [
            "2026-01-01",
            "2026-01-02",
            "2026-01-06",
            "2026-01-07",
            "2026-01-24",
            "2026-04-10",
            "2026-04-12",
            "2026-04-13",
            "2026-05-01",
            "2026-05-31",
            "2026-06-01",
            "2026-08-15",
            "2026-11-30",
            "2026-12-01",
            "2026-12-25",
            "2026-12-26",
        ]
    );
    assert_eq!(
        days(2027),
        [
            "2027-01-01",
            "2027-01-02",
            "2027-01-06",
            "2027-01-07",
            "2027-01-24",
            "2027-04-30",
            "2027-05-01",
            "2027-05-02",
            "2027-05-03",
            "2027-06-01",
            "2027-06-20",
            "2027-06-21",
            "2027-08-15",
            "2027-11-30",
            "2027-12-01",
            "2027-12-25",
            "2027-12-26",
        ]
    );
}

#[test]
fn years_far_ahead_have_easter_and_pentecost_and_older_laws_are_kept() {
    let ro = PublicHolidays::Romania;
    // 2040: Orthodox Easter on 6 May; Good Friday, Easter Monday, Pentecost and Whit Monday follow.
    for day in [
        "2040-05-04",
        "2040-05-06",
        "2040-05-07",
        "2040-06-24",
        "2040-06-25",
    ] {
        assert!(ro.contains(date(day)), "{day}");
    }
    assert!(!ro.contains(date("2040-05-08")));
    // Epiphany became a public holiday in 2024; Good Friday in 2018.
    assert!(!ro.contains(date("2023-01-06")));
    assert!(!ro.contains(date("2017-04-14")));
    assert!(ro.contains(date("2018-04-06")));
}

#[test]
fn codes_read_and_write_the_same() {
    assert_eq!(PublicHolidays::parse(" RO "), Some(PublicHolidays::Romania));
    assert_eq!(PublicHolidays::Romania.code(), "ro");
    assert_eq!(PublicHolidays::parse("fr"), None);
}
