//! Public holidays computed for any year, so a calendar never runs out of them (the demo's
//! list used to end in 2027). Days an organisation adds on top (a bridge day, a local
//! feast) stay explicit dates in the department's calendar.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Deserializer};

/// A country's public holidays, as its law lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicHolidays {
    /// Codul muncii, art. 139: fixed days plus the Orthodox Easter cycle.
    Romania,
}

/// Romania's fixed public holidays: (month, day, first year the law lists it).
const ROMANIA_FIXED: [(u32, u32, i32); 12] = [
    (1, 1, 0),
    (1, 2, 0),
    (1, 6, 2024),  // Epiphany (Boboteaza), Law 17/2023
    (1, 7, 2024),  // Saint John (Sf. Ioan Botezătorul), Law 17/2023
    (1, 24, 2017), // Union of the Principalities
    (5, 1, 0),
    (6, 1, 2017), // Children's Day
    (8, 15, 0),
    (11, 30, 0),
    (12, 1, 0),
    (12, 25, 0),
    (12, 26, 0),
];

/// Romania's movable public holidays, in days from Orthodox Easter Sunday, and since when.
const ROMANIA_FROM_EASTER: [(i64, i32); 5] = [
    (-2, 2018), // Good Friday
    (0, 0),     // Easter Sunday
    (1, 0),     // Easter Monday
    (49, 0),    // Pentecost (Rusalii)
    (50, 0),    // Whit Monday
];

impl PublicHolidays {
    /// `ro`, as written in `opsdesk.toml` and stored.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ro" => Some(PublicHolidays::Romania),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PublicHolidays::Romania => "ro",
        }
    }

    /// Whether `date` is a public holiday.
    pub fn contains(self, date: NaiveDate) -> bool {
        match self {
            PublicHolidays::Romania => romania_contains(date),
        }
    }

    /// The public holidays of `year`, in date order.
    pub fn in_year(self, year: i32) -> Vec<NaiveDate> {
        let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return Vec::new();
        };
        first
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter(|d| self.contains(*d))
            .collect()
    }
}

impl<'de> Deserialize<'de> for PublicHolidays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        PublicHolidays::parse(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown public holidays `{code}`: write \"ro\" (Romania), or leave it out and list dates in `holidays`"
            ))
        })
    }
}

fn romania_contains(date: NaiveDate) -> bool {
    let year = date.year();
    let fixed = ROMANIA_FIXED
        .iter()
        .any(|&(m, d, since)| year >= since && (date.month(), date.day()) == (m, d));
    fixed
        || orthodox_easter(year).is_some_and(|easter| {
            ROMANIA_FROM_EASTER
                .iter()
                .any(|&(offset, since)| year >= since && easter + Duration::days(offset) == date)
        })
}

/// Orthodox Easter Sunday of `year` as a Gregorian date (Meeus's Julian computus, then the
/// Julian calendar's lag behind the Gregorian one in that century). `None` outside the
/// Gregorian calendar's years (before 1583) or chrono's range.
pub fn orthodox_easter(year: i32) -> Option<NaiveDate> {
    if !(1583..=200_000).contains(&year) {
        return None;
    }
    let (a, b, c) = (year % 4, year % 7, year % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian = NaiveDate::from_ymd_opt(year, month as u32, day as u32)?;
    // Days the Julian calendar lags: 13 in 1900–2099; one more each century not divisible by 400.
    let lag = year / 100 - year / 400 - 2;
    julian.checked_add_signed(Duration::days(i64::from(lag)))
}

#[cfg(test)]
mod tests;
