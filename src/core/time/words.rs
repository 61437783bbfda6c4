//! The words the text readers share: the due dates of [`super::due`], the repeat rules of
//! [`super::recurrence`] and the budget periods of `domain::budget::period`. Here live the
//! tokenizer, phrase matching against word tables, the weekday and month names and the
//! reading of a time of day (`17:30`, `5pm`, `la ora 9`, `noon`), so that all of them accept
//! the same spellings in English and Romanian.

use chrono::{NaiveTime, Weekday};

// --- word tables ------------------------------------------------------------------------
//
// All words are written lower-case and without diacritics, as [`tokenize`] produces them.
// Multi-word rows are matched longest first, so row order does not matter. Each reader keeps
// the words only it knows beside its grammar; the ones here are shared.

/// A row: a phrase (one or more tokens) and what it means.
pub(crate) type Row<T> = (&'static [&'static str], T);

/// Weekday names, full, short and (Romanian) articulated: `vinerea viitoare`.
pub(super) const WEEKDAY_WORDS: &[Row<Weekday>] = &[
    (&["monday"], Weekday::Mon),
    (&["mon"], Weekday::Mon),
    (&["tuesday"], Weekday::Tue),
    (&["tue"], Weekday::Tue),
    (&["tues"], Weekday::Tue),
    (&["wednesday"], Weekday::Wed),
    (&["wed"], Weekday::Wed),
    (&["thursday"], Weekday::Thu),
    (&["thu"], Weekday::Thu),
    (&["thurs"], Weekday::Thu),
    (&["friday"], Weekday::Fri),
    (&["fri"], Weekday::Fri),
    (&["saturday"], Weekday::Sat),
    (&["sat"], Weekday::Sat),
    (&["sunday"], Weekday::Sun),
    (&["sun"], Weekday::Sun),
    (&["luni"], Weekday::Mon),
    (&["lunea"], Weekday::Mon),
    (&["lun"], Weekday::Mon),
    (&["marti"], Weekday::Tue),
    (&["martea"], Weekday::Tue),
    (&["mar"], Weekday::Tue),
    (&["miercuri"], Weekday::Wed),
    (&["miercurea"], Weekday::Wed),
    (&["mie"], Weekday::Wed),
    (&["joi"], Weekday::Thu),
    (&["joia"], Weekday::Thu),
    (&["vineri"], Weekday::Fri),
    (&["vinerea"], Weekday::Fri),
    (&["vin"], Weekday::Fri),
    // `sâmbătă` and the articulated `sâmbăta` fold to the same token; so do `duminică`/`duminica`.
    (&["sambata"], Weekday::Sat),
    (&["sam"], Weekday::Sat),
    (&["duminica"], Weekday::Sun),
    (&["dum"], Weekday::Sun),
];

/// Month names (1 = January), full and short, English and Romanian: `december 2026`,
/// `decembrie 2026`, `dec 2026`. `mar` is March here; as a weekday it is Tuesday, in its own
/// table.
pub(crate) const MONTH_WORDS: &[Row<u32>] = &[
    (&["january"], 1),
    (&["jan"], 1),
    (&["ianuarie"], 1),
    (&["ian"], 1),
    (&["february"], 2),
    (&["feb"], 2),
    (&["februarie"], 2),
    (&["march"], 3),
    (&["mar"], 3),
    (&["martie"], 3),
    (&["april"], 4),
    (&["apr"], 4),
    (&["aprilie"], 4),
    (&["may"], 5),
    (&["mai"], 5),
    (&["june"], 6),
    (&["jun"], 6),
    (&["iunie"], 6),
    (&["iun"], 6),
    (&["july"], 7),
    (&["jul"], 7),
    (&["iulie"], 7),
    (&["iul"], 7),
    (&["august"], 8),
    (&["aug"], 8),
    (&["september"], 9),
    (&["sep"], 9),
    (&["sept"], 9),
    (&["septembrie"], 9),
    (&["october"], 10),
    (&["oct"], 10),
    (&["octombrie"], 10),
    (&["november"], 11),
    (&["nov"], 11),
    (&["noiembrie"], 11),
    (&["noi"], 11),
    (&["december"], 12),
    (&["dec"], 12),
    (&["decembrie"], 12),
];

/// Words that may introduce a time: `at 5pm`, `la 17:30`, `la ora 9`.
const TIME_CONNECTOR_WORDS: &[&[&str]] = &[&["at"], &["la"], &["la", "ora"], &["ora"]];

/// Words for 12:00.
const NOON_WORDS: &[&[&str]] = &[&["noon"], &["midday"], &["pranz"], &["amiaza"]];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// `5pm`, `5 p.m.` (the trailing dot is dropped by the tokenizer).
const MERIDIEM_WORDS: &[Row<Meridiem>] = &[
    (&["am"], Meridiem::Am),
    (&["a.m"], Meridiem::Am),
    (&["pm"], Meridiem::Pm),
    (&["p.m"], Meridiem::Pm),
];

/// Characters that separate words besides white space (quotes, including Romanian „”).
const SEPARATOR_CHARS: &[char] = &[',', ';', '"', '\'', '„', '”', '“', '«', '»', '!', '?'];

// --- tokens and phrase matching ---------------------------------------------------------

/// Lower-cases, folds diacritics and splits into tokens; a digit next to a letter starts a
/// new token (`5pm` → `5`, `pm`), and a trailing `.` is dropped (`mâine.`).
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_diacritic)
        .collect();
    let mut tokens = Vec::new();
    for word in folded.split(|c: char| c.is_whitespace() || SEPARATOR_CHARS.contains(&c)) {
        split_digits_from_letters(word, &mut tokens);
    }
    tokens
}

/// Romanian letters (comma-below and the legacy cedilla forms) to their base letter.
fn fold_diacritic(c: char) -> char {
    match c {
        'ă' | 'â' => 'a',
        'î' => 'i',
        'ș' | 'ş' => 's',
        'ț' | 'ţ' => 't',
        other => other,
    }
}

/// Pushes the pieces of `word`, split wherever a digit meets a letter.
fn split_digits_from_letters(word: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut previous_is_digit: Option<bool> = None;
    for c in word.chars() {
        let is_digit = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        if let (Some(now), Some(before)) = (is_digit, previous_is_digit) {
            if now != before {
                push_token(std::mem::take(&mut current), out);
            }
        }
        if is_digit.is_some() {
            previous_is_digit = is_digit;
        }
        current.push(c);
    }
    push_token(current, out);
}

fn push_token(token: String, out: &mut Vec<String>) {
    let token = token.trim_end_matches('.');
    if !token.is_empty() {
        out.push(token.to_owned());
    }
}

/// Does `tokens` start with `phrase`?
fn starts_with(tokens: &[String], phrase: &[&str]) -> bool {
    tokens.len() >= phrase.len() && tokens.iter().zip(phrase).all(|(t, p)| t == p)
}

/// The longest row of `table` that starts `tokens`, with the tokens after it.
pub(crate) fn match_row<'t, T: Copy>(
    tokens: &'t [String],
    table: &[Row<T>],
) -> Option<(T, &'t [String])> {
    table
        .iter()
        .filter(|(phrase, _)| starts_with(tokens, phrase))
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(phrase, value)| (*value, &tokens[phrase.len()..]))
}

/// The tokens after the longest of `phrases` that starts `tokens`, if any does.
pub(super) fn strip_phrase<'t>(tokens: &'t [String], phrases: &[&[&str]]) -> Option<&'t [String]> {
    phrases
        .iter()
        .filter(|phrase| starts_with(tokens, phrase))
        .max_by_key(|phrase| phrase.len())
        .map(|phrase| &tokens[phrase.len()..])
}

/// Like [`strip_phrase`] for optional words: whether one was there, and what follows.
pub(crate) fn strip_optional<'t>(
    tokens: &'t [String],
    phrases: &[&[&str]],
) -> (bool, &'t [String]) {
    match strip_phrase(tokens, phrases) {
        Some(rest) => (true, rest),
        None => (false, tokens),
    }
}

// --- times ------------------------------------------------------------------------------

/// A time as written, checked later so that `25:00` gets its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawTime {
    hour: u32,
    minute: u32,
    meridiem: Option<Meridiem>,
    /// Written so that it cannot be anything but a time (`9:00`, `9am`, `noon`).
    pub(super) explicit: bool,
    /// The tokens it was read from, for error messages.
    pub(super) src: String,
}

impl RawTime {
    /// The time of day, or `None` for `24:00`, `9:75`, `13pm`, `0am`.
    pub(super) fn to_time(&self) -> Option<NaiveTime> {
        let hour = match self.meridiem {
            None => self.hour,
            Some(_) if !(1..=12).contains(&self.hour) => return None,
            Some(Meridiem::Am) => self.hour % 12,
            Some(Meridiem::Pm) => self.hour % 12 + 12,
        };
        NaiveTime::from_hms_opt(hour, self.minute, 0)
    }
}

/// `[at|la|la ora] (H | H:MM | noon) [am|pm]`: the time, whether a connector introduced it,
/// and the tokens after it.
pub(super) fn parse_time_phrase(tokens: &[String]) -> Option<(RawTime, bool, &[String])> {
    let (connected, tokens) = strip_optional(tokens, TIME_CONNECTOR_WORDS);
    if let Some(rest) = strip_phrase(tokens, NOON_WORDS) {
        let noon = RawTime {
            hour: 12,
            minute: 0,
            meridiem: None,
            explicit: true,
            src: tokens[0].clone(),
        };
        return Some((noon, connected, rest));
    }
    let (first, rest) = tokens.split_first()?;
    let (hour, minute, colon) = parse_clock(first)?;
    let (meridiem, rest) = match match_row(rest, MERIDIEM_WORDS) {
        Some((meridiem, after)) => (Some(meridiem), after),
        None => (None, rest),
    };
    let used = tokens.len() - rest.len();
    let time = RawTime {
        hour,
        minute,
        meridiem,
        explicit: colon || meridiem.is_some(),
        src: tokens[..used].join(""),
    };
    Some((time, connected, rest))
}

/// `H`, `HH`, `H:MM` or `HH:MM` (not range-checked): hour, minute, and whether a colon was used.
fn parse_clock(token: &str) -> Option<(u32, u32, bool)> {
    let (hour, minute) = match token.split_once(':') {
        Some((hour, minute)) if minute.len() == 2 && all_digits(minute) => (hour, Some(minute)),
        Some(_) => return None,
        None => (token, None),
    };
    if !(1..=2).contains(&hour.len()) || !all_digits(hour) {
        return None;
    }
    let minutes = minute.map_or(Some(0), |m| m.parse().ok())?;
    Some((hour.parse().ok()?, minutes, minute.is_some()))
}

/// Non-empty, and ASCII digits only.
pub(crate) fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}
