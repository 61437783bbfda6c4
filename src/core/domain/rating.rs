//! The requester's rating of a resolution: a score from 1 to 5 and an optional comment.
//!
//! A ticket is rated once per resolution: the resolution is named by the instant it was
//! resolved, so a ticket reopened and resolved again is a new resolution, rated anew. The
//! requester may change their rating for [`CHANGE_WINDOW_DAYS`] after the resolution; a score
//! of [`LOW_SCORE_MAX`] or less tells the department's managers.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::ids::{DeptKey, Handle, TicketId};
use super::text::Body;
use super::ticket::{Status, Ticket};
use crate::core::time::local;
use crate::i18n::Msg;

/// How long after a resolution its rating may be given or changed.
pub const CHANGE_WINDOW_DAYS: i64 = 7;
/// Scores up to this one are low: the department's managers hear of them.
pub const LOW_SCORE_MAX: u8 = 2;
/// How far back digests average the ratings of a department.
pub const DIGEST_DAYS: i64 = 14;

/// A score from 1 (bad) to 5 (very good).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u8);

impl Score {
    pub const ALL: [Score; 5] = [Score(1), Score(2), Score(3), Score(4), Score(5)];

    /// A score, or an error naming the value and what works.
    pub fn new(value: i64) -> Result<Score, Msg> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=5).contains(v))
            .map(Score)
            .ok_or_else(|| Msg::new("error-rating-score").arg("value", value.to_string()))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Low enough for the department's managers to hear of it.
    pub fn is_low(self) -> bool {
        self.0 <= LOW_SCORE_MAX
    }

    /// `★★★★☆`: the score as five stars, the same in every language.
    pub fn stars(self) -> String {
        let filled = usize::from(self.0);
        format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled))
    }
}

/// One requester's rating of one resolution of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub ticket: TicketId,
    /// When the rated resolution happened: it names the resolution.
    pub resolved_at: DateTime<Utc>,
    pub requester: Handle,
    pub score: Score,
    pub comment: Option<Body>,
    /// When it was first given.
    pub rated_at: DateTime<Utc>,
    /// When it was last changed, if it was.
    pub changed_at: Option<DateTime<Utc>>,
}

impl Rating {
    pub fn dept(&self) -> &DeptKey {
        self.ticket.dept()
    }

    /// This rating with a new score and comment given at `now`; a comment not given keeps
    /// the one there was.
    pub fn changed(&self, score: Score, comment: Option<Body>, now: DateTime<Utc>) -> Rating {
        Rating {
            score,
            comment: comment.or_else(|| self.comment.clone()),
            changed_at: Some(now),
            ..self.clone()
        }
    }
}

/// The resolution of `ticket` that may be rated at `now` (its instant), or why none may: the
/// ticket is not resolved (or closed), or the week to rate it has passed (the end shown in
/// `tz`).
pub fn rateable_resolution(
    ticket: &Ticket,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, Msg> {
    let resolved_at = match (ticket.status, ticket.resolved_at) {
        (Status::Resolved | Status::Closed, Some(at)) => at,
        (status, _) => {
            return Err(Msg::new("error-rating-not-resolved")
                .arg("id", ticket.id.to_string())
                .arg("status", status.label()))
        }
    };
    let until = window_end(resolved_at);
    if now > until {
        return Err(Msg::new("error-rating-window-passed")
            .arg("id", ticket.id.to_string())
            .arg("days", CHANGE_WINDOW_DAYS)
            .arg("until", local(until, tz)));
    }
    Ok(resolved_at)
}

/// The last instant a resolution at `resolved_at` may be rated or its rating changed.
pub fn window_end(resolved_at: DateTime<Utc>) -> DateTime<Utc> {
    resolved_at + Duration::days(CHANGE_WINDOW_DAYS)
}

/// The ratings of one department over some days: how many, and their average.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingStats {
    pub dept: DeptKey,
    pub count: u64,
    /// The sum of the scores.
    pub total: u64,
}

impl RatingStats {
    /// The average score rounded to tenths, as whole and tenths (4.3 is `(4, 3)`; each
    /// language writes its own decimal mark); `None` when there are no ratings.
    pub fn average(&self) -> Option<(u64, u64)> {
        (self.count > 0).then(|| {
            let tenths = (self.total * 10 + self.count / 2) / self.count;
            (tenths / 10, tenths % 10)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::domain::ticket::Priority;
    use crate::i18n::Locale;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn resolved(at_: &str) -> Ticket {
        let mut t = Ticket::sample(Priority::Normal, at("2026-12-07T08:00:00Z"));
        t.status = Status::Resolved;
        t.resolved_at = Some(at(at_));
        t
    }

    #[test]
    fn a_score_is_one_to_five() {
        for ok in 1..=5 {
            assert_eq!(Score::new(ok).unwrap().get() as i64, ok);
        }
        for bad in [0, 6, -1, 300, i64::MAX] {
            let err = Score::new(bad).unwrap_err();
            assert_eq!(err.id(), "error-rating-score");
            assert!(err.render(Locale::En).contains(&bad.to_string()));
        }
        assert!(Score::new(2).unwrap().is_low());
        assert!(!Score::new(3).unwrap().is_low());
        assert_eq!(Score::new(4).unwrap().stars(), "★★★★☆");
    }

    #[test]
    fn only_a_resolved_or_closed_ticket_is_rated() {
        let now = at("2026-12-08T08:00:00Z");
        let mut t = resolved("2026-12-07T10:00:00Z");
        assert_eq!(
            rateable_resolution(&t, now, Tz::UTC),
            Ok(at("2026-12-07T10:00:00Z"))
        );
        t.status = Status::Closed;
        assert!(rateable_resolution(&t, now, Tz::UTC).is_ok());
        for status in [Status::Open, Status::InProgress, Status::Waiting] {
            t.status = status;
            let err = rateable_resolution(&t, now, Tz::UTC).unwrap_err();
            assert_eq!(err.id(), "error-rating-not-resolved");
        }
    }

    #[test]
    fn a_rating_is_given_or_changed_for_seven_days_after_the_resolution() {
        let t = resolved("2026-12-07T10:00:00Z");
        assert!(rateable_resolution(&t, at("2026-12-14T10:00:00Z"), Tz::UTC).is_ok());
        let err = rateable_resolution(&t, at("2026-12-14T10:00:01Z"), Tz::UTC).unwrap_err();
        assert_eq!(err.id(), "error-rating-window-passed");
        let text = err.render(Locale::En);
        assert!(text.contains("2026-12-14 10:00 UTC"), "{text}");
    }

    #[test]
    fn a_changed_rating_keeps_its_comment_unless_given_a_new_one() {
        let first = Rating {
            ticket: "IT-1".parse().unwrap(),
            resolved_at: at("2026-12-07T10:00:00Z"),
            requester: Handle::parse("frank").unwrap(),
            score: Score::new(2).unwrap(),
            comment: Some(Body::parse("comment", "Slow").unwrap()),
            rated_at: at("2026-12-07T11:00:00Z"),
            changed_at: None,
        };
        let now = at("2026-12-08T09:00:00Z");
        let kept = first.changed(Score::new(4).unwrap(), None, now);
        assert_eq!(kept.comment, first.comment);
        assert_eq!((kept.score.get(), kept.changed_at), (4, Some(now)));
        assert_eq!(kept.rated_at, first.rated_at);
        let new = Body::parse("comment", "Fine after all").unwrap();
        let replaced = first.changed(Score::new(5).unwrap(), Some(new.clone()), now);
        assert_eq!(replaced.comment, Some(new));
    }

    #[test]
    fn the_average_has_one_rounded_decimal() {
        let stats = |count, total| RatingStats {
            dept: DeptKey::parse("it").unwrap(),
            count,
            total,
        };
        assert_eq!(stats(0, 0).average(), None);
        assert_eq!(stats(3, 13).average(), Some((4, 3)));
        assert_eq!(stats(2, 9).average(), Some((4, 5)));
        assert_eq!(stats(3, 5).average(), Some((1, 7)));
        assert_eq!(stats(1, 5).average(), Some((5, 0)));
    }
}
