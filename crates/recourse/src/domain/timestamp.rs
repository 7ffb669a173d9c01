//! Timestamps with a UTC offset (`2026-03-05T16:30+08:00`): reading, writing, and exact spans
//! between two of them. Whole seconds only; no leap seconds; offsets strictly within ±24 hours;
//! years 0001 to 9999 in the timestamp's own offset. Nothing here reads a clock.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike};

pub use crate::terms::SpanCount;

/// A moment in time with the offset it was written in.
pub type Timestamp = DateTime<FixedOffset>;

/// Why a text is not a timestamp: the reason, for the diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(pub String);

/// A timestamp written `YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)`. Seconds `60` (a leap second) and
/// offsets of 24 hours or more are refused, with the reason.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, TimestampError> {
    let shape =
        || TimestampError(format!("`{}` is not a timestamp written like `2026-03-05T16:30+08:00`", crate::diagnostics::excerpt(text, 40)));
    let (date, rest) = text.split_once('T').ok_or_else(shape)?;
    let date = super::calendar::parse_date(date).ok_or_else(|| TimestampError(format!("`{date}` is not a calendar date")))?;
    let (time, offset) = match rest.find(['Z', '+', '-']) {
        Some(i) => (rest.get(..i).ok_or_else(shape)?, rest.get(i..).ok_or_else(shape)?),
        None => {
            return Err(TimestampError(format!(
                "`{}` has no offset; add one, e.g. `+08:00` or `Z`",
                crate::diagnostics::excerpt(text, 40)
            )));
        }
    };
    let two = |s: &str| if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u32>().ok() } else { None };
    let parts: Vec<&str> = time.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (two(h).ok_or_else(shape)?, two(m).ok_or_else(shape)?, 0),
        [h, m, s] => (two(h).ok_or_else(shape)?, two(m).ok_or_else(shape)?, two(s).ok_or_else(shape)?),
        _ => return Err(shape()),
    };
    if s == 60 {
        return Err(TimestampError("leap seconds (`:60`) are not supported; write the next minute's `:00`".to_string()));
    }
    let time =
        NaiveTime::from_hms_opt(h, m, s).ok_or_else(|| TimestampError(format!("`{time}` is not a time of day (00:00 to 23:59:59)")))?;
    let offset_seconds = if offset == "Z" {
        0
    } else {
        let sign: i32 = if offset.starts_with('-') { -1 } else { 1 };
        let (oh, om) = offset.get(1..).and_then(|o| o.split_once(':')).ok_or_else(shape)?;
        let (oh, om) = (two(oh).ok_or_else(shape)?, two(om).ok_or_else(shape)?);
        if oh >= 24 || om >= 60 {
            return Err(TimestampError(format!("the offset `{offset}` is out of range (less than 24 hours)")));
        }
        sign.saturating_mul(i32::try_from(oh.saturating_mul(3600).saturating_add(om.saturating_mul(60))).map_err(|_| shape())?)
    };
    let offset = FixedOffset::east_opt(offset_seconds).ok_or_else(shape)?;
    offset.from_local_datetime(&date.and_time(time)).single().ok_or_else(shape)
}

/// The canonical text: `2026-03-05T16:30+08:00`, seconds only when not zero, `+00:00` for UTC.
pub fn format_timestamp(t: &Timestamp) -> String {
    let mut out = String::with_capacity(25);
    super::calendar::push_iso_date(&mut out, t.date_naive());
    let (h, m, s) = (t.hour(), t.minute(), t.second());
    out.push_str(&format!("T{h:02}:{m:02}"));
    if s != 0 {
        out.push_str(&format!(":{s:02}"));
    }
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let abs = off.unsigned_abs();
    out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60));
    out
}

/// A timestamp whose local date lies within the years 0001 to 9999, as claims write them.
pub fn in_range(t: Timestamp) -> Option<Timestamp> {
    (1..=9999).contains(&t.year()).then_some(t)
}

/// `t` plus `seconds`, in `t`'s offset; `None` outside the years 0001 to 9999.
pub fn add_seconds(t: Timestamp, seconds: i64) -> Option<Timestamp> {
    t.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?).and_then(in_range)
}

/// The same time of day and offset on another local date.
pub fn on_date(t: Timestamp, date: NaiveDate) -> Option<Timestamp> {
    t.offset().from_local_datetime(&date.and_time(t.time())).single().and_then(in_range)
}

/// `b - a` in whole seconds. Both lie within the years 0001 to 9999, so this cannot overflow.
pub fn seconds_between(a: Timestamp, b: Timestamp) -> i64 {
    b.timestamp().saturating_sub(a.timestamp())
}

/// `seconds` counted in units of `unit_seconds` (3600 for hours, 86 400 for days).
pub fn count_units(seconds: i64, unit_seconds: i64, how: SpanCount) -> i64 {
    if unit_seconds <= 0 {
        return 0;
    }
    let abs = seconds.unsigned_abs();
    let unit = unit_seconds.unsigned_abs();
    let whole = abs / unit;
    let n = match how {
        SpanCount::Whole => whole,
        SpanCount::Started if !abs.is_multiple_of(unit) => whole.saturating_add(1),
        SpanCount::Started => whole,
    };
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    if seconds < 0 { -n } else { n }
}

/// A span written exactly in the largest unit first: `1 day 4 hours 30 minutes`, `2 hours`,
/// `45 seconds`; zero is `0 minutes`.
pub fn describe_seconds(seconds: i64, largest_days: bool) -> String {
    let mut rest = seconds.unsigned_abs();
    let mut parts: Vec<String> = Vec::new();
    let mut push = |n: u64, one: &str, many: &str| {
        if n != 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    if largest_days {
        push(rest / 86_400, "day", "days");
        rest %= 86_400;
    }
    push(rest / 3600, "hour", "hours");
    rest %= 3600;
    push(rest / 60, "minute", "minutes");
    push(rest % 60, "second", "seconds");
    if parts.is_empty() {
        return "0 minutes".to_string();
    }
    let text = parts.join(" ");
    if seconds < 0 { format!("-{text}") } else { text }
}

/// The calendar quarter (1 to 4) of a month (1 to 12).
pub fn quarter(month: u32) -> i64 {
    i64::from(month.saturating_sub(1) / 3).saturating_add(1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test stops at the line that failed")]
    use super::*;

    #[test]
    fn reads_and_writes_the_canonical_form() {
        let t = parse_timestamp("2026-03-05T16:30+08:00").unwrap();
        assert_eq!(format_timestamp(&t), "2026-03-05T16:30+08:00");
        assert_eq!(t.timestamp(), 1_772_699_400);
        assert_eq!(format_timestamp(&parse_timestamp("2026-03-05T08:30:15Z").unwrap()), "2026-03-05T08:30:15+00:00");
        assert_eq!(format_timestamp(&parse_timestamp("0001-01-01T00:00-23:59").unwrap()), "0001-01-01T00:00-23:59");
    }

    #[test]
    fn refuses_leap_seconds_big_offsets_and_other_shapes() {
        for bad in [
            "2026-03-05T16:30:60+08:00",
            "2026-03-05T16:30+24:00",
            "2026-03-05T16:30+08:60",
            "2026-03-05T24:00+08:00",
            "2026-03-05T16:30",
            "2026-02-30T16:30Z",
            "+12026-03-05T16:30Z",
            "2026-03-05T16:30:00.5Z",
            "2026-03-05T1:30Z",
            "",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert!(parse_timestamp("2026-03-05T16:30:60+08:00").unwrap_err().0.contains("leap seconds"));
        assert!(parse_timestamp("2026-03-05T16:30+24:00").unwrap_err().0.contains("less than 24 hours"));
    }

    #[test]
    fn counts_started_and_whole_units() {
        let a = parse_timestamp("2026-03-05T16:30+08:00").unwrap();
        let b = parse_timestamp("2026-03-07T09:00+01:00").unwrap();
        // 2026-03-05T08:30Z to 2026-03-07T08:00Z: 1 day 23 hours 30 minutes.
        let s = seconds_between(a, b);
        assert_eq!(s, 171_000);
        assert_eq!(count_units(s, 86_400, SpanCount::Whole), 1);
        assert_eq!(count_units(s, 86_400, SpanCount::Started), 2);
        assert_eq!(count_units(s, 3600, SpanCount::Whole), 47);
        assert_eq!(count_units(s, 3600, SpanCount::Started), 48);
        assert_eq!(count_units(-s, 3600, SpanCount::Started), -48);
        assert_eq!(count_units(7200, 3600, SpanCount::Started), 2);
        assert_eq!(describe_seconds(s, true), "1 day 23 hours 30 minutes");
        assert_eq!(describe_seconds(s, false), "47 hours 30 minutes");
        assert_eq!(describe_seconds(0, false), "0 minutes");
    }

    #[test]
    fn arithmetic_stays_in_range() {
        let t = parse_timestamp("9999-12-31T23:00+00:00").unwrap();
        assert_eq!(add_seconds(t, 3600), None);
        assert_eq!(add_seconds(t, i64::MAX), None);
        assert_eq!(format_timestamp(&add_seconds(t, 3599).unwrap()), "9999-12-31T23:59:59+00:00");
        let early = parse_timestamp("0001-01-01T00:00+00:00").unwrap();
        assert_eq!(add_seconds(early, -1), None);
        assert_eq!(quarter(1), 1);
        assert_eq!(quarter(12), 4);
    }

    use proptest::prelude::*;

    proptest! {
        /// Any text: a timestamp or a reason, never a panic.
        #[test]
        fn any_text_reads_without_panicking(text in ".{0,40}") {
            let _ = parse_timestamp(&text);
        }

        /// Every valid moment reads back from its canonical text, and arithmetic on it with any
        /// span stays in range or says so.
        #[test]
        fn moments_round_trip_and_shift_safely(
            y in 1i32..=9999, mo in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60,
            off in -86_399i32..=86_399, shift in any::<i64>(),
        ) {
            let off = off - off % 60;
            let t = FixedOffset::east_opt(off).unwrap()
                .from_local_datetime(&NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap()).single().unwrap();
            let text = format_timestamp(&t);
            let back = parse_timestamp(&text).unwrap();
            prop_assert_eq!(format_timestamp(&back), text);
            if let Some(u) = add_seconds(t, shift) {
                prop_assert!((1..=9999).contains(&u.year()));
                prop_assert_eq!(seconds_between(t, u), shift);
            }
            prop_assert!(count_units(shift, 3600, SpanCount::Started).unsigned_abs() >= count_units(shift, 3600, SpanCount::Whole).unsigned_abs());
        }
    }
}
