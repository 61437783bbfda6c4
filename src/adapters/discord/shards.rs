//! Which Discord shards one `opsdesk serve` process runs.
//!
//! Discord splits a bot's guilds over shards: guild `g` belongs to shard
//! `(g >> 22) % total`. Each shard is one gateway connection, and a shard may be connected
//! once at a time, so processes sharing a bot split the shard numbers between them:
//! `--shards 0-3 --shard-total 8` on one machine, `--shards 4-7 --shard-total 8` on another.
//! Without flags a process runs every shard, as many as Discord recommends.
//!
//! The flags are read as text and checked here, so that a mistake is refused in the
//! organisation's language, naming the flag and showing a range that works.

use crate::i18n::Msg;

/// The example every refusal shows.
const EXAMPLE: &str = "--shards 0-3 --shard-total 8";

/// What the flags asked for: a range of shards or all of them, of a total or as many as
/// Discord recommends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShardRequest {
    range: Option<(u32, u32)>,
    total: Option<u32>,
}

/// The shards a process runs: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shards {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl ShardRequest {
    /// Reads `--shards` (`FIRST-LAST`, or one shard `N`) and `--shard-total` (`N` ≥ 1), each
    /// absent when not given. A range past a given total is refused here; against Discord's
    /// recommended total, by [`ShardRequest::resolve`].
    pub fn parse(range: Option<&str>, total: Option<&str>) -> Result<ShardRequest, Msg> {
        let total = total.map(parse_total).transpose()?;
        let range = range.map(parse_range).transpose()?;
        let request = ShardRequest { range, total };
        if let (Some(total), Some(_)) = (total, range) {
            request.resolve(total)?;
        }
        Ok(request)
    }

    /// The shards to run, given the total Discord recommends (used when `--shard-total` was
    /// not given).
    pub fn resolve(&self, recommended: u32) -> Result<Shards, Msg> {
        let total = self.total.unwrap_or(recommended).max(1);
        let (first, last) = self.range.unwrap_or((0, total - 1));
        if last >= total {
            return Err(Msg::new("shards-beyond-total")
                .arg("given", format_range(first, last))
                .arg("last", last)
                .arg("total", total)
                .arg("highest", total - 1)
                .arg("example", EXAMPLE));
        }
        Ok(Shards { first, last, total })
    }
}

fn format_range(first: u32, last: u32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

fn parse_total(text: &str) -> Result<u32, Msg> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err(Msg::new("shards-total-zero").arg("example", EXAMPLE)),
        Ok(total) => Ok(total),
        Err(_) => Err(Msg::new("shards-total-not-number")
            .arg("given", text.to_owned())
            .arg("example", EXAMPLE)),
    }
}

fn parse_range(text: &str) -> Result<(u32, u32), Msg> {
    let number = |part: &str| part.trim().parse::<u32>().ok();
    let parsed = match text.split_once('-') {
        Some((first, last)) => number(first).zip(number(last)),
        None => number(text).map(|shard| (shard, shard)),
    };
    let Some((first, last)) = parsed else {
        return Err(Msg::new("shards-range-not-range")
            .arg("given", text.to_owned())
            .arg("example", EXAMPLE));
    };
    if first > last {
        return Err(Msg::new("shards-range-backwards")
            .arg("given", text.trim().to_owned())
            .arg("first", first)
            .arg("last", last)
            .arg("example", EXAMPLE));
    }
    Ok((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn range(shards: Shards) -> (u32, u32) {
        (shards.first, shards.last)
    }

    fn refusal(range: Option<&str>, total: Option<&str>) -> (String, String) {
        let msg = ShardRequest::parse(range, total).unwrap_err();
        (msg.render(Locale::En), msg.render(Locale::Ro))
    }

    #[test]
    fn no_flags_run_every_shard_discord_recommends() {
        let request = ShardRequest::parse(None, None).unwrap();
        let shards = request.resolve(3).unwrap();
        assert_eq!(range(shards), (0, 2));
        assert_eq!(shards.total, 3);
    }

    #[test]
    fn a_range_of_a_total_and_a_single_shard_are_read() {
        let shards = ShardRequest::parse(Some("0-3"), Some("8"))
            .unwrap()
            .resolve(1)
            .unwrap();
        assert_eq!(
            shards,
            Shards {
                first: 0,
                last: 3,
                total: 8
            }
        );
        let one = ShardRequest::parse(Some(" 5 "), Some("8")).unwrap();
        assert_eq!(range(one.resolve(1).unwrap()), (5, 5));
        let all_of_eight = ShardRequest::parse(None, Some("8")).unwrap();
        assert_eq!(range(all_of_eight.resolve(2).unwrap()), (0, 7));
    }

    #[test]
    fn a_range_without_a_total_is_checked_against_discords() {
        let request = ShardRequest::parse(Some("2-3"), None).unwrap();
        assert_eq!(range(request.resolve(4).unwrap()), (2, 3));
        let refused = request.resolve(2).unwrap_err().render(Locale::En);
        assert!(refused.contains("--shards 2-3"), "{refused}");
        assert!(refused.contains("numbered 0 to 1"), "{refused}");
    }

    #[test]
    fn bad_flags_are_refused_by_name_with_an_example_in_both_languages() {
        let cases = [
            (Some("3-1"), Some("8"), "--shards 3-1", "--shards 3-1"),
            (Some("0-8"), Some("8"), "--shards 0-8", "--shards 0-8"),
            (Some("four"), None, "--shards: `four`", "--shards: `four`"),
            (Some("1-"), None, "`1-`", "`1-`"),
            (Some("-1"), None, "`-1`", "`-1`"),
            (None, Some("0"), "--shard-total 0", "--shard-total 0"),
            (
                None,
                Some("many"),
                "--shard-total: `many`",
                "--shard-total: `many`",
            ),
            (
                Some("0-3"),
                Some("-2"),
                "--shard-total: `-2`",
                "--shard-total: `-2`",
            ),
        ];
        for (range, total, en_names, ro_names) in cases {
            let (en, ro) = refusal(range, total);
            assert!(en.contains(en_names), "{range:?} {total:?}: {en}");
            assert!(ro.contains(ro_names), "{range:?} {total:?}: {ro}");
            assert!(en.contains(EXAMPLE), "no example: {en}");
            assert!(ro.contains(EXAMPLE), "no example: {ro}");
            assert_ne!(en, ro, "not translated: {en}");
        }
    }
}
