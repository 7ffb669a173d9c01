//! Business-day calendar arithmetic for contract deadlines.
//!
//! "10 days after delivery", "5 business days after notice", "1 month after":
//! every function here is exact and total. Nothing panics; results that would
//! fall outside chrono's date range are `Err(DateError::OutOfRange)`, and
//! business-day arithmetic on a calendar that has no business day at all is
//! `Err(DateError::NoBusinessDays)`.
//!
//! Internally a date is its day number (`NaiveDate::num_days_from_ce`, as
//! `i64`). Business days are counted with a rank function
//! `C(y)` = "business days strictly before day `y`" (relative to an arbitrary
//! origin), which is evaluated in O(log H) for H merged holiday ranges:
//! whole weeks are counted arithmetically and holiday ranges through prefix
//! sums. `add_business_days` inverts `C` with a binary search over the merged
//! ranges followed by an arithmetic inversion inside the holiday-free gap, so
//! its cost does not depend on `n` or on the length of any holiday.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

/// A named closure, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// First day closed.
    pub from: NaiveDate,
    /// Last day closed (inclusive).
    pub to: NaiveDate,
    /// What the closure is, e.g. `Spring Festival`.
    pub name: String,
}

impl Holiday {
    /// Convenience constructor.
    #[must_use]
    pub fn new(from: NaiveDate, to: NaiveDate, name: impl Into<String>) -> Holiday {
        Holiday { from, to, name: name.into() }
    }

    /// Whether `d` lies in the closure (a reversed range is read as its
    /// normalised form, as `Calendar::new` does).
    #[must_use]
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.min(self.to) <= d && d <= self.from.max(self.to)
    }
}

/// Why a date could not be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// The result (or an intermediate count) lies outside chrono's date range.
    OutOfRange,
    /// The calendar has no business day anywhere in chrono's date range
    /// (weekend is all seven days, or holidays cover every working weekday).
    NoBusinessDays,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::OutOfRange => f.write_str("date out of range"),
            DateError::NoBusinessDays => f.write_str("calendar has no business days"),
        }
    }
}

impl std::error::Error for DateError {}

/// A merged, holiday-covered range of day numbers `[start, end]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Closure {
    start: i64,
    end: i64,
    /// Working weekdays (non-weekend days) covered by this closure and all earlier ones.
    cum: i64,
    /// `C(start)`: business days strictly before `start`.
    key: i64,
}

/// Weekend days plus named holiday closures.
///
/// Normalised on construction: each holiday has `from <= to` (a reversed
/// range is swapped), the named list is sorted by `(from, to, name)` with
/// exact duplicates removed, and overlapping or adjacent holidays are merged
/// into an internal range list used for the arithmetic. Two calendars built
/// from the same days and holidays in any order compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    /// Indexed by `Weekday::num_days_from_monday()`.
    weekend: [bool; 7],
    holidays: Vec<Holiday>,
    closures: Vec<Closure>,
    /// Make-up working days (a weekend day worked to bridge a closure), as sorted day numbers;
    /// only days that would otherwise not be business days.
    workdays: Vec<i64>,
}

const ALL_WEEKDAYS: [Weekday; 7] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// Monday-based weekday index of day number `7q + j`, for `j` in `0..7`.
/// Day number 1 (0001-01-01, proleptic Gregorian) is a Monday, so day `7q` is a Sunday.
const SLOT_WEEKDAY: [usize; 7] = [6, 0, 1, 2, 3, 4, 5];

/// Per-week business-day table derived from the weekend.
struct Week {
    /// `partial[j]`: business weekdays among day numbers `7q .. 7q + j`.
    partial: [i64; 8],
    /// Business weekdays per week (`partial[7]`).
    per_week: i64,
}

impl Week {
    fn new(weekend: [bool; 7]) -> Week {
        let mut partial = [0i64; 8];
        let mut acc = 0i64;
        for (slot, wd) in partial.iter_mut().skip(1).zip(SLOT_WEEKDAY) {
            if !weekend.get(wd).copied().unwrap_or(true) {
                acc = acc.saturating_add(1);
            }
            *slot = acc;
        }
        Week { partial, per_week: acc }
    }

    /// `P(y)`: business weekdays (ignoring holidays) strictly before day number
    /// `y`, relative to day number 0. Only called with `y` within a day of
    /// chrono's day-number range (|y| < 2^27), where no operation saturates.
    fn before(&self, y: i64) -> i64 {
        let q = y.div_euclid(7);
        let r = y.rem_euclid(7);
        let within = usize::try_from(r).ok().and_then(|r| self.partial.get(r)).copied().unwrap_or(0);
        q.saturating_mul(self.per_week).saturating_add(within)
    }

    /// Smallest `y` with `P(y) >= u`. `None` on overflow or an empty week.
    fn inverse(&self, u: i64) -> Option<i64> {
        let u1 = u.checked_sub(1)?;
        let q = u1.checked_div_euclid(self.per_week)?;
        let r = u1.checked_rem_euclid(self.per_week)?;
        // partial[7] == per_week > r, so a position always exists.
        let j = self.partial.iter().position(|&p| p > r)?;
        q.checked_mul(7)?.checked_add(i64::try_from(j).ok()?)
    }
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_day_number(x: i64) -> Result<NaiveDate, DateError> {
    i32::try_from(x).ok().and_then(NaiveDate::from_num_days_from_ce_opt).ok_or(DateError::OutOfRange)
}

impl Calendar {
    /// Builds a calendar. `weekend` may repeat days; `holidays` may overlap,
    /// touch, be reversed (`from > to`, swapped) or come in any order.
    /// `Calendar::default()` has no weekend and no holidays.
    #[must_use]
    pub fn new(weekend: &[Weekday], holidays: Vec<Holiday>) -> Calendar {
        let mut mask = [false; 7];
        for wd in weekend {
            let idx = usize::try_from(wd.num_days_from_monday()).unwrap_or(usize::MAX);
            if let Some(slot) = mask.get_mut(idx) {
                *slot = true;
            }
        }

        let mut holidays: Vec<Holiday> =
            holidays.into_iter().map(|h| if h.from <= h.to { h } else { Holiday { from: h.to, to: h.from, name: h.name } }).collect();
        crate::sort::sort_by(&mut holidays, |a, b| (a.from, a.to, &a.name).cmp(&(b.from, b.to, &b.name)));
        holidays.dedup();

        let mut closures: Vec<Closure> = Vec::new();
        for h in &holidays {
            let (s, e) = (day_number(h.from), day_number(h.to));
            match closures.last_mut() {
                Some(c) if s <= c.end.saturating_add(1) => {
                    c.end = c.end.max(e);
                }
                _ => closures.push(Closure { start: s, end: e, cum: 0, key: 0 }),
            }
        }

        let week = Week::new(mask);
        let mut cum = 0i64;
        for c in &mut closures {
            let at_start = week.before(c.start);
            let inside = week.before(c.end.saturating_add(1)).saturating_sub(at_start);
            c.key = at_start.saturating_sub(cum);
            cum = cum.saturating_add(inside);
            c.cum = cum;
        }

        Calendar { weekend: mask, holidays, closures, workdays: Vec::new() }
    }

    /// The same calendar with make-up working days: weekend days that are worked (China's
    /// adjusted Saturdays around Spring Festival). A day inside a holiday stays a holiday.
    #[must_use]
    pub fn with_workdays(mut self, days: &[NaiveDate]) -> Calendar {
        let mut w: Vec<i64> =
            days.iter().filter(|d| self.is_weekend(**d) && !self.in_closure(day_number(**d))).map(|d| day_number(*d)).collect();
        crate::sort::sort_dedup(&mut w);
        self.workdays = w;
        self
    }

    /// The make-up working days.
    #[must_use]
    pub fn workdays(&self) -> Vec<NaiveDate> {
        self.workdays.iter().filter_map(|x| from_day_number(*x).ok()).collect()
    }

    /// Workdays strictly before day number `y`.
    fn workdays_before(&self, y: i64) -> i64 {
        i64::try_from(self.workdays.partition_point(|w| *w < y)).unwrap_or(i64::MAX)
    }

    /// `C(y)` counting make-up working days too.
    fn rank(&self, week: &Week, y: i64) -> i64 {
        self.rank_before(week, y).saturating_add(self.workdays_before(y))
    }

    /// The business day `x` with `rank(x + 1) == t`. Without workdays this is `select`. With k
    /// workdays, the answer is either a workday or the base business day `select(t - j)` where
    /// j = workdays before it, for some j in 0..=k: take the smallest candidate that reaches t.
    fn select_with_workdays(&self, week: &Week, t: i64) -> Result<NaiveDate, DateError> {
        if self.workdays.is_empty() {
            return self.select(week, t);
        }
        let k = i64::try_from(self.workdays.len()).unwrap_or(i64::MAX);
        let mut best: Option<i64> = None;
        let mut consider = |x: i64| {
            if self.rank(week, x.saturating_add(1)) >= t && best.is_none_or(|b| x < b) {
                best = Some(x);
            }
        };
        let mut j = 0i64;
        while j <= k {
            if let Some(x) = t.checked_sub(j).and_then(|tj| self.select(week, tj).ok()) {
                consider(day_number(x));
            }
            j = j.saturating_add(1);
        }
        for w in &self.workdays {
            consider(*w);
        }
        from_day_number(best.ok_or(DateError::OutOfRange)?)
    }

    /// The weekend days, Monday first.
    #[must_use]
    pub fn weekend(&self) -> Vec<Weekday> {
        ALL_WEEKDAYS.iter().zip(self.weekend.iter()).filter(|&(_, &w)| w).map(|(&d, _)| d).collect()
    }

    /// The normalised named holidays (sorted by `(from, to, name)`).
    #[must_use]
    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }

    /// Whether `d` falls on a weekend day (holidays not considered).
    #[must_use]
    pub fn is_weekend(&self, d: NaiveDate) -> bool {
        let idx = usize::try_from(d.weekday().num_days_from_monday()).unwrap_or(usize::MAX);
        self.weekend.get(idx).copied().unwrap_or(false)
    }

    fn in_closure(&self, x: i64) -> bool {
        let i = self.closures.partition_point(|c| c.end < x);
        self.closures.get(i).is_some_and(|c| c.start <= x)
    }

    #[must_use]
    /// Whether `d` is neither a weekend day nor in a holiday.
    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        let x = day_number(d);
        (!self.is_weekend(d) && !self.in_closure(x)) || self.workdays.binary_search(&x).is_ok()
    }

    /// The holiday covering `d`, if any (also when `d` is a weekend day as
    /// well). When several holidays cover `d`, the one listed first in
    /// `holidays()` (earliest `from`) is returned.
    #[must_use]
    pub fn holiday_on(&self, d: NaiveDate) -> Option<&Holiday> {
        if !self.in_closure(day_number(d)) {
            return None;
        }
        let upto = self.holidays.partition_point(|h| h.from <= d);
        self.holidays.get(..upto)?.iter().find(|h| h.to >= d)
    }

    fn cum_before(&self, i: usize) -> i64 {
        i.checked_sub(1).and_then(|i| self.closures.get(i)).map_or(0, |c| c.cum)
    }

    /// `C(y)`: business days strictly before day number `y` (relative origin).
    fn rank_before(&self, week: &Week, y: i64) -> i64 {
        let i = self.closures.partition_point(|c| c.end < y);
        match self.closures.get(i) {
            Some(c) if c.start < y => c.key,
            _ => week.before(y).saturating_sub(self.cum_before(i)),
        }
    }

    /// The business day `x` with `C(x + 1) == t`, i.e. `x = y - 1` for the
    /// smallest `y` with `C(y) >= t`.
    fn select(&self, week: &Week, t: i64) -> Result<NaiveDate, DateError> {
        let j = self.closures.partition_point(|c| c.key < t);
        // Between closure j-1 and closure j, C(y) = P(y) - cum_before(j).
        let u = t.checked_add(self.cum_before(j)).ok_or(DateError::OutOfRange)?;
        let y = week.inverse(u).ok_or(DateError::OutOfRange)?;
        from_day_number(y.checked_sub(1).ok_or(DateError::OutOfRange)?)
    }

    fn has_business_days(&self, week: &Week) -> bool {
        if !self.workdays.is_empty() {
            return true;
        }
        if week.per_week == 0 {
            return false;
        }
        let lo = day_number(NaiveDate::MIN);
        let hi = day_number(NaiveDate::MAX).saturating_add(1);
        self.rank_before(week, hi) > self.rank_before(week, lo)
    }

    /// `n` business days after `start`: the start day itself never counts
    /// ("after" excludes the start day), so the result is the n-th business
    /// day strictly after `start`; n = 0 returns `start` unchanged.
    /// Negative n counts backwards: the |n|-th business day strictly before
    /// `start`. For n != 0 the result is always a business day, whether or
    /// not `start` is one.
    ///
    /// Errors: `NoBusinessDays` (n != 0) when the calendar has no business day
    /// in chrono's whole range; `OutOfRange` when the result would lie
    /// outside chrono's range (including "no business day left before the end").
    ///
    /// # Errors
    /// `NoBusinessDays` or `OutOfRange`, as above.
    pub fn add_business_days(&self, start: NaiveDate, n: i64) -> Result<NaiveDate, DateError> {
        if n == 0 {
            return Ok(start);
        }
        let week = Week::new(self.weekend);
        if !self.has_business_days(&week) {
            return Err(DateError::NoBusinessDays);
        }
        let s = day_number(start);
        let t = if n > 0 {
            // Business days in (start, x] == n.
            self.rank(&week, s.saturating_add(1)).checked_add(n)
        } else {
            // Business days in [x, start) == -n.
            self.rank(&week, s).checked_add(n).and_then(|t| t.checked_add(1))
        };
        self.select_with_workdays(&week, t.ok_or(DateError::OutOfRange)?)
    }

    /// Business days in the half-open interval (a, b] when a <= b; when b < a
    /// the negated count of business days in (b, a]. Never fails for valid
    /// dates (a calendar without business days gives 0); the `Result` is kept
    /// for API uniformity.
    ///
    /// # Errors
    /// `OutOfRange` only on internal overflow, which valid dates cannot cause.
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, DateError> {
        let week = Week::new(self.weekend);
        let rb = self.rank(&week, day_number(b).saturating_add(1));
        let ra = self.rank(&week, day_number(a).saturating_add(1));
        rb.checked_sub(ra).ok_or(DateError::OutOfRange)
    }
}

/// Appends `d` as `YYYY-MM-DD`, exactly what chrono's `Display` writes (years 0000-9999 in four
/// digits; any other year through `Display` itself): decisions write dates on every evaluation,
/// and the formatting machinery costs several times as much.
pub fn push_iso_date(out: &mut String, d: NaiveDate) {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match u32::try_from(y) {
        Ok(y) if y <= 9999 => {
            for (n, width) in [(y, 1000u32), (m, 10), (day, 10)] {
                if width == 10 {
                    out.push('-');
                }
                let mut w = width;
                while w > 0 {
                    out.push(char::from(b'0'.saturating_add(u8::try_from(n / w % 10).unwrap_or(0))));
                    w /= 10;
                }
            }
        }
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{d}");
        }
    }
}

/// A date written `YYYY-MM-DD` (four, two and two digits) that exists on the calendar. The
/// crate's one date reader, for policies, claims and facts alike; chrono's own parser accepts more
/// (`2026-3-4`, a sign) and was 16 KB of the npm package's .wasm.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.split_at_checked(4)?;
    let (month, day) = rest.strip_prefix('-')?.split_once('-')?;
    let number = |s: &str, len: usize| if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u32>().ok() } else { None };
    NaiveDate::from_ymd_opt(i32::try_from(number(year, 4)?).ok()?, number(month, 2)?, number(day, 2)?)
}

/// `start` plus `n` calendar days (negative n goes back).
///
/// # Errors
/// `OutOfRange` when the result is outside chrono's range.
pub fn add_days(start: NaiveDate, n: i64) -> Result<NaiveDate, DateError> {
    from_day_number(day_number(start).checked_add(n).ok_or(DateError::OutOfRange)?)
}

/// `start` plus `n` weeks of seven calendar days.
///
/// # Errors
/// `OutOfRange` when the result is outside chrono's range.
pub fn add_weeks(start: NaiveDate, n: i64) -> Result<NaiveDate, DateError> {
    add_days(start, n.checked_mul(7).ok_or(DateError::OutOfRange)?)
}

/// Calendar months; the day clamps to the target month's last day (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
///
/// # Errors
/// `OutOfRange` when the result is outside chrono's range.
pub fn add_months(start: NaiveDate, n: i64) -> Result<NaiveDate, DateError> {
    let months = i64::from(start.year())
        .checked_mul(12)
        .and_then(|m| m.checked_add(i64::from(start.month0())))
        .and_then(|m| m.checked_add(n))
        .ok_or(DateError::OutOfRange)?;
    let year = i32::try_from(months.div_euclid(12)).map_err(|_| DateError::OutOfRange)?;
    let month = u32::try_from(months.rem_euclid(12)).ok().and_then(|m| m.checked_add(1)).ok_or(DateError::OutOfRange)?;
    let mut day = start.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return Ok(d);
        }
        // Every month has a 28th; failing there means the year is out of range.
        if day <= 28 {
            return Err(DateError::OutOfRange);
        }
        day = day.checked_sub(1).ok_or(DateError::OutOfRange)?;
    }
}

/// `b - a` in days.
#[must_use]
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    // Both day numbers fit in i32, so the difference of their i64 values is exact.
    day_number(b).saturating_sub(day_number(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_dates_are_written_as_chrono_displays_them() {
        for date in [d(2026, 3, 12), d(1, 1, 1), d(9999, 12, 31), d(0, 2, 29), d(10000, 1, 1), d(-1, 7, 4), d(987, 10, 9)] {
            let mut out = String::from("x");
            push_iso_date(&mut out, date);
            assert_eq!(out, format!("x{date}"));
        }
    }

    proptest! {
        #[test]
        fn every_date_is_written_as_chrono_displays_it(days in -1_000_000i32..4_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let mut out = String::new();
            push_iso_date(&mut out, date);
            prop_assert_eq!(out, date.to_string());
        }
    }

    #[test]
    fn dates_are_read_only_as_yyyy_mm_dd_and_must_exist() {
        assert_eq!(parse_date("2026-02-28"), Some(d(2026, 2, 28)));
        assert_eq!(parse_date("2028-02-29"), Some(d(2028, 2, 29)));
        assert_eq!(parse_date("0001-01-01"), Some(d(1, 1, 1)));
        for bad in [
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-3-04",
            "2026-03-4",
            "+2026-03-04",
            " 2026-03-04",
            "2026-03-04 ",
            "20260-03-04",
            "2026/03/04",
            "2026-03-04T00",
            "",
            "2026-0é-01",
            "é026-03-04",
            "2026--3-04",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_date_reads_back_from_its_text(days in 0i64..800_000) {
            let date = d(1, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Some(date));
        }
    }

    fn cn() -> Calendar {
        Calendar::new(
            &[Sat, Sun],
            vec![
                Holiday::new(d(2026, 10, 1), d(2026, 10, 7), "National Day"),
                Holiday::new(d(2026, 2, 16), d(2026, 2, 22), "Spring Festival"),
                Holiday::new(d(2026, 5, 1), d(2026, 5, 5), "Labour Day"),
            ],
        )
    }

    // ---------- naive reference implementation ----------

    fn naive_is_bd(weekend: &[Weekday], hols: &[Holiday], x: NaiveDate) -> bool {
        !weekend.contains(&x.weekday()) && !hols.iter().any(|h| h.contains(x))
    }

    const CAP: i64 = 40_000;

    fn naive_add(weekend: &[Weekday], hols: &[Holiday], start: NaiveDate, n: i64) -> Option<NaiveDate> {
        if n == 0 {
            return Some(start);
        }
        let mut cur = start;
        let mut left = n.abs();
        for _ in 0..CAP {
            cur = if n > 0 { cur.succ_opt()? } else { cur.pred_opt()? };
            if naive_is_bd(weekend, hols, cur) {
                left -= 1;
                if left == 0 {
                    return Some(cur);
                }
            }
        }
        None
    }

    fn naive_between(weekend: &[Weekday], hols: &[Holiday], a: NaiveDate, b: NaiveDate) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut cur = lo;
        let mut count = 0;
        while cur < hi {
            cur = cur.succ_opt().unwrap();
            if naive_is_bd(weekend, hols, cur) {
                count += 1;
            }
        }
        sign * count
    }

    // ---------- exact dates ----------

    #[test]
    fn business_days_after_examples() {
        let c = cn();
        assert_eq!(c.add_business_days(d(2026, 3, 5), 5), Ok(d(2026, 3, 12)));
        assert_eq!(c.add_business_days(d(2026, 3, 12), 20), Ok(d(2026, 4, 9)));
        assert_eq!(c.add_business_days(d(2026, 2, 12), 5), Ok(d(2026, 2, 26)));
        assert_eq!(c.add_business_days(d(2026, 4, 30), 1), Ok(d(2026, 5, 6)));
        assert_eq!(c.add_business_days(d(2026, 9, 30), 1), Ok(d(2026, 10, 8)));
        // n = 0 returns the start, even on a holiday or weekend.
        assert_eq!(c.add_business_days(d(2026, 2, 18), 0), Ok(d(2026, 2, 18)));
        assert_eq!(c.add_business_days(d(2026, 3, 7), 0), Ok(d(2026, 3, 7)));
        // Start on a weekend / holiday: the first business day after it.
        assert_eq!(c.add_business_days(d(2026, 3, 7), 1), Ok(d(2026, 3, 9)));
        assert_eq!(c.add_business_days(d(2026, 2, 18), 1), Ok(d(2026, 2, 23)));
    }

    #[test]
    fn business_days_before_examples() {
        let c = cn();
        assert_eq!(c.add_business_days(d(2026, 3, 12), -5), Ok(d(2026, 3, 5)));
        assert_eq!(c.add_business_days(d(2026, 2, 26), -5), Ok(d(2026, 2, 12)));
        assert_eq!(c.add_business_days(d(2026, 5, 6), -1), Ok(d(2026, 4, 30)));
        assert_eq!(c.add_business_days(d(2026, 3, 9), -1), Ok(d(2026, 3, 6)));
        // Start on a Saturday / inside a holiday: the business day just before.
        assert_eq!(c.add_business_days(d(2026, 3, 7), -1), Ok(d(2026, 3, 6)));
        assert_eq!(c.add_business_days(d(2026, 2, 18), -1), Ok(d(2026, 2, 13)));
        assert_eq!(c.add_business_days(d(2026, 3, 8), -5), Ok(d(2026, 3, 2)));
    }

    #[test]
    fn calendar_day_arithmetic() {
        assert_eq!(add_days(d(2026, 3, 2), 10), Ok(d(2026, 3, 12)));
        assert_eq!(add_days(d(2026, 3, 2), -10), Ok(d(2026, 2, 20)));
        assert_eq!(add_days(d(2024, 2, 28), 1), Ok(d(2024, 2, 29)));
        assert_eq!(add_weeks(d(2026, 3, 2), 2), Ok(d(2026, 3, 16)));
        assert_eq!(add_weeks(d(2026, 3, 2), -1), Ok(d(2026, 2, 23)));
        assert_eq!(days_between(d(2026, 3, 2), d(2026, 3, 12)), 10);
        assert_eq!(days_between(d(2026, 3, 12), d(2026, 3, 2)), -10);
        assert_eq!(days_between(NaiveDate::MIN, NaiveDate::MAX), day_number(NaiveDate::MAX) - day_number(NaiveDate::MIN));
    }

    #[test]
    fn month_clamping() {
        assert_eq!(add_months(d(2026, 1, 31), 1), Ok(d(2026, 2, 28)));
        assert_eq!(add_months(d(2024, 1, 31), 1), Ok(d(2024, 2, 29)));
        assert_eq!(add_months(d(2026, 3, 31), -1), Ok(d(2026, 2, 28)));
        assert_eq!(add_months(d(2026, 3, 31), 1), Ok(d(2026, 4, 30)));
        assert_eq!(add_months(d(2026, 1, 15), 1), Ok(d(2026, 2, 15)));
        assert_eq!(add_months(d(2026, 11, 30), 3), Ok(d(2027, 2, 28)));
        assert_eq!(add_months(d(2026, 1, 31), -13), Ok(d(2024, 12, 31)));
        assert_eq!(add_months(d(2026, 5, 17), 0), Ok(d(2026, 5, 17)));
        assert_eq!(add_months(d(2024, 2, 29), 12), Ok(d(2025, 2, 28)));
        assert_eq!(add_months(d(2024, 2, 29), 48), Ok(d(2028, 2, 29)));
        assert_eq!(add_months(d(1900, 1, 31), 1), Ok(d(1900, 2, 28)));
        assert_eq!(add_months(d(2000, 1, 31), 1), Ok(d(2000, 2, 29)));
    }

    #[test]
    fn business_days_between_examples() {
        let c = cn();
        assert_eq!(c.business_days_between(d(2026, 3, 5), d(2026, 3, 12)), Ok(5));
        assert_eq!(c.business_days_between(d(2026, 3, 12), d(2026, 3, 5)), Ok(-5));
        assert_eq!(c.business_days_between(d(2026, 2, 12), d(2026, 2, 26)), Ok(5));
        assert_eq!(c.business_days_between(d(2026, 4, 30), d(2026, 5, 6)), Ok(1));
        assert_eq!(c.business_days_between(d(2026, 3, 5), d(2026, 3, 5)), Ok(0));
        // (Sat, Sun]: nothing.
        assert_eq!(c.business_days_between(d(2026, 3, 7), d(2026, 3, 8)), Ok(0));
        // (Fri, Mon]: Monday only.
        assert_eq!(c.business_days_between(d(2026, 3, 6), d(2026, 3, 9)), Ok(1));
        // Whole holiday inside.
        assert_eq!(c.business_days_between(d(2026, 2, 15), d(2026, 2, 22)), Ok(0));
        // 2026: 261 weekdays; (Jan 1, Dec 31] drops Thu Jan 1 -> 260; holiday
        // weekdays 5 + 3 + 5 = 13.
        assert_eq!(c.business_days_between(d(2026, 1, 1), d(2026, 12, 31)), Ok(247));
        assert_eq!(
            c.business_days_between(d(2026, 1, 1), d(2026, 12, 31)).unwrap(),
            naive_between(&[Sat, Sun], c.holidays(), d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(Calendar::default().business_days_between(d(2026, 1, 1), d(2027, 1, 1)), Ok(365));
        assert_eq!(
            Calendar::default().business_days_between(NaiveDate::MIN, NaiveDate::MAX),
            Ok(days_between(NaiveDate::MIN, NaiveDate::MAX))
        );
    }

    #[test]
    fn holiday_lookup_and_normalisation() {
        let c = cn();
        assert_eq!(c.holiday_on(d(2026, 2, 18)).map(|h| h.name.as_str()), Some("Spring Festival"));
        // A holiday on a weekend day is still reported.
        assert_eq!(c.holiday_on(d(2026, 2, 21)).map(|h| h.name.as_str()), Some("Spring Festival"));
        assert_eq!(c.holiday_on(d(2026, 3, 5)), None);
        assert_eq!(c.holiday_on(d(2026, 2, 15)), None);
        assert_eq!(c.holiday_on(d(2026, 2, 23)), None);
        assert!(!c.is_business_day(d(2026, 2, 18)));
        assert!(!c.is_business_day(d(2026, 3, 7)));
        assert!(c.is_business_day(d(2026, 3, 5)));
        assert_eq!(c.weekend(), vec![Sat, Sun]);
        let names: Vec<&str> = c.holidays().iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, vec!["Spring Festival", "Labour Day", "National Day"]);

        // Overlapping, out of order, reversed, duplicated.
        let o = Calendar::new(
            &[Sun, Sat, Sun],
            vec![
                Holiday::new(d(2026, 3, 15), d(2026, 3, 5), "B"),
                Holiday::new(d(2026, 3, 1), d(2026, 3, 10), "A"),
                Holiday::new(d(2026, 3, 1), d(2026, 3, 10), "A"),
            ],
        );
        assert_eq!(o.holidays().len(), 2);
        assert_eq!(o.holidays()[1], Holiday::new(d(2026, 3, 5), d(2026, 3, 15), "B"));
        assert_eq!(o.holiday_on(d(2026, 3, 7)).map(|h| h.name.as_str()), Some("A"));
        assert_eq!(o.holiday_on(d(2026, 3, 12)).map(|h| h.name.as_str()), Some("B"));
        assert_eq!(o.add_business_days(d(2026, 2, 27), 1), Ok(d(2026, 3, 16)));
        assert_eq!(o.business_days_between(d(2026, 2, 27), d(2026, 3, 16)), Ok(1));
        let o2 = Calendar::new(
            &[Sat, Sun],
            vec![Holiday::new(d(2026, 3, 1), d(2026, 3, 10), "A"), Holiday::new(d(2026, 3, 5), d(2026, 3, 15), "B")],
        );
        assert_eq!(o, o2);

        // A holiday on a weekend day is not counted twice.
        let w = Calendar::new(&[Sat, Sun], vec![Holiday::new(d(2026, 3, 7), d(2026, 3, 8), "weekend fair")]);
        assert_eq!(w.business_days_between(d(2026, 3, 1), d(2026, 3, 15)), Ok(10));
        assert_eq!(w.add_business_days(d(2026, 3, 6), 1), Ok(d(2026, 3, 9)));

        // Adjacent holidays merge; holiday on the only business weekday.
        let a = Calendar::new(
            &[Mon, Tue, Wed, Thu, Sat, Sun],
            vec![Holiday::new(d(2026, 3, 6), d(2026, 3, 6), "x"), Holiday::new(d(2026, 3, 7), d(2026, 3, 13), "y")],
        );
        assert_eq!(a.add_business_days(d(2026, 3, 1), 1), Ok(d(2026, 3, 20)));
        assert_eq!(a.add_business_days(d(2026, 3, 20), -1), Ok(d(2026, 2, 27)));
    }

    #[test]
    fn error_cases() {
        let all = Calendar::new(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], vec![]);
        assert_eq!(all.add_business_days(d(2026, 3, 5), 1), Err(DateError::NoBusinessDays));
        assert_eq!(all.add_business_days(d(2026, 3, 5), -1), Err(DateError::NoBusinessDays));
        assert_eq!(all.add_business_days(d(2026, 3, 5), i64::MAX), Err(DateError::NoBusinessDays));
        assert_eq!(all.add_business_days(d(2026, 3, 5), 0), Ok(d(2026, 3, 5)));
        assert_eq!(all.business_days_between(d(2026, 3, 5), d(2030, 1, 1)), Ok(0));

        // Holidays covering the whole range.
        let everything = Calendar::new(&[], vec![Holiday::new(NaiveDate::MIN, NaiveDate::MAX, "forever")]);
        assert_eq!(everything.add_business_days(d(2026, 3, 5), 3), Err(DateError::NoBusinessDays));
        assert_eq!(everything.business_days_between(NaiveDate::MIN, NaiveDate::MAX), Ok(0));

        // Holidays covering everything to the end of the range.
        let tail = Calendar::new(&[Sat, Sun], vec![Holiday::new(d(2026, 1, 1), NaiveDate::MAX, "closed")]);
        assert_eq!(tail.add_business_days(d(2026, 3, 5), 1), Err(DateError::OutOfRange));
        assert_eq!(tail.add_business_days(d(2025, 12, 31), 1), Err(DateError::OutOfRange));
        assert_eq!(tail.add_business_days(d(2025, 12, 30), 1), Ok(d(2025, 12, 31)));
        assert_eq!(tail.add_business_days(d(2026, 3, 5), -1), Ok(d(2025, 12, 31)));
        assert_eq!(tail.add_business_days(NaiveDate::MAX, -2), Ok(d(2025, 12, 30)));

        // Holidays covering everything from the start of the range.
        let head = Calendar::new(&[], vec![Holiday::new(NaiveDate::MIN, d(2026, 1, 1), "closed")]);
        assert_eq!(head.add_business_days(d(2026, 1, 1), -1), Err(DateError::OutOfRange));
        assert_eq!(head.add_business_days(d(2026, 1, 1), 1), Ok(d(2026, 1, 2)));

        // Range ends.
        let plain = Calendar::default();
        assert_eq!(plain.add_business_days(NaiveDate::MAX, 1), Err(DateError::OutOfRange));
        assert_eq!(plain.add_business_days(NaiveDate::MIN, -1), Err(DateError::OutOfRange));
        let before_max = NaiveDate::MAX.pred_opt().unwrap();
        assert_eq!(plain.add_business_days(before_max, 1), Ok(NaiveDate::MAX));
        let after_min = NaiveDate::MIN.succ_opt().unwrap();
        assert_eq!(plain.add_business_days(after_min, -1), Ok(NaiveDate::MIN));
        let span = days_between(NaiveDate::MIN, NaiveDate::MAX);
        assert_eq!(plain.add_business_days(NaiveDate::MIN, span), Ok(NaiveDate::MAX));
        assert_eq!(plain.add_business_days(NaiveDate::MIN, span + 1), Err(DateError::OutOfRange));

        // Extreme n.
        for c in [cn(), Calendar::default(), Calendar::new(&[Sun], vec![])] {
            for start in [d(2026, 3, 5), NaiveDate::MIN, NaiveDate::MAX] {
                for n in [i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1, 1 << 40, -(1 << 40)] {
                    assert_eq!(c.add_business_days(start, n), Err(DateError::OutOfRange));
                }
            }
        }
        for n in [i64::MAX, i64::MIN, 1 << 40, -(1 << 40)] {
            assert_eq!(add_days(d(2026, 3, 5), n), Err(DateError::OutOfRange));
            assert_eq!(add_weeks(d(2026, 3, 5), n), Err(DateError::OutOfRange));
            assert_eq!(add_months(d(2026, 3, 5), n), Err(DateError::OutOfRange));
        }
        assert_eq!(add_days(NaiveDate::MAX, 1), Err(DateError::OutOfRange));
        assert_eq!(add_days(NaiveDate::MIN, -1), Err(DateError::OutOfRange));
        assert_eq!(add_months(NaiveDate::MAX, 1), Err(DateError::OutOfRange));
        assert_eq!(add_months(NaiveDate::MIN, -1), Err(DateError::OutOfRange));
        assert_eq!(add_weeks(NaiveDate::MAX, 1), Err(DateError::OutOfRange));
    }

    #[test]
    fn large_n_is_fast_and_exact() {
        let c = cn();
        let start = d(2026, 3, 5);
        let r = c.add_business_days(start, 1_000_000).unwrap();
        assert!(c.is_business_day(r));
        assert_eq!(c.business_days_between(start, r), Ok(1_000_000));
        // Sat/Sun weekend, holidays only in 2026: 200_000 weeks after a Thursday.
        let plain = Calendar::new(&[Sat, Sun], vec![]);
        assert_eq!(plain.add_business_days(start, 1_000_000), add_weeks(start, 200_000));
        assert_eq!(plain.add_business_days(start, -1_000_000), add_weeks(start, -200_000));

        // Many holidays (a week every year for 20_000 years) and long holidays.
        let mut hols = Vec::new();
        for y in -10_000..10_000 {
            hols.push(Holiday::new(d(y, 2, 1), d(y, 2, 7), format!("H{y}")));
        }
        hols.push(Holiday::new(d(3000, 1, 1), d(90_000, 1, 1), "long"));
        let many = Calendar::new(&[Sat, Sun], hols);
        let t0 = std::time::Instant::now();
        let mut iterations = 0i64;
        for i in 0..10_000i64 {
            let s = add_days(start, i * 37 - 150_000).unwrap();
            let n = 1_000_000 - i * 73;
            let r = many.add_business_days(s, n).unwrap();
            assert_eq!(many.business_days_between(s, r), Ok(n));
            // Backwards: n business days in [r, s).
            let r = many.add_business_days(s, -n).unwrap();
            assert_eq!(many.business_days_between(add_days(s, -1).unwrap(), add_days(r, -1).unwrap()), Ok(-n));
            iterations += 1;
        }
        let elapsed = t0.elapsed();
        assert_eq!(iterations, 10_000);
        // ~20k add + between calls; generous bound for debug builds on a busy machine.
        assert!(elapsed.as_secs_f64() < 5.0, "too slow: {elapsed:?}");
    }

    #[test]
    fn weekday_slots_match_chrono() {
        let mut x = d(1999, 12, 20);
        for _ in 0..21 {
            let slot = SLOT_WEEKDAY[usize::try_from(day_number(x).rem_euclid(7)).unwrap()];
            assert_eq!(slot, usize::try_from(x.weekday().num_days_from_monday()).unwrap());
            x = x.succ_opt().unwrap();
        }
        for x in [NaiveDate::MIN, NaiveDate::MAX, d(1, 1, 1), d(0, 12, 31)] {
            let slot = SLOT_WEEKDAY[usize::try_from(day_number(x).rem_euclid(7)).unwrap()];
            assert_eq!(slot, usize::try_from(x.weekday().num_days_from_monday()).unwrap());
        }
    }

    // ---------- property tests ----------

    fn base() -> NaiveDate {
        d(2024, 1, 1)
    }

    prop_compose! {
        fn arb_calendar()(
            mask in 0u8..128,
            raw in prop::collection::vec((0i64..1600, 0i64..45, any::<bool>()), 0..14),
        ) -> (Vec<Weekday>, Vec<Holiday>) {
            let weekend: Vec<Weekday> = ALL_WEEKDAYS
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1u8 << i) != 0)
                .map(|(_, w)| *w)
                .collect();
            let hols = raw
                .into_iter()
                .enumerate()
                .map(|(i, (off, len, rev))| {
                    let a = add_days(base(), off).unwrap();
                    let b = add_days(a, len).unwrap();
                    if rev { Holiday::new(b, a, format!("h{i}")) } else { Holiday::new(a, b, format!("h{i}")) }
                })
                .collect();
            (weekend, hols)
        }
    }

    #[test]
    fn make_up_workdays_count_as_business_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cal = Calendar::new(&[Weekday::Sat, Weekday::Sun], vec![Holiday::new(d("2026-02-15"), d("2026-02-23"), "Spring Festival")])
            .with_workdays(&[d("2026-02-14"), d("2026-02-28"), d("2026-02-18"), d("2026-02-16")]);
        // 02-18 and 02-16 lie in the closure and 02-16 is a Monday: neither becomes a workday.
        assert_eq!(cal.workdays(), vec![d("2026-02-14"), d("2026-02-28")]);
        assert!(cal.is_business_day(d("2026-02-14")));
        assert!(!cal.is_business_day(d("2026-02-18")));
        // Thu 12, Fri 13, Sat 14 (worked), Tue 24 .. Fri 27, Sat 28 (worked), Mon 2, Tue 3.
        assert_eq!(cal.add_business_days(d("2026-02-11"), 10).unwrap(), d("2026-03-03"));
        assert_eq!(cal.business_days_between(d("2026-02-11"), d("2026-03-03")).unwrap(), 10);
        assert_eq!(cal.add_business_days(d("2026-03-03"), -10).unwrap(), d("2026-02-11"));
        assert_eq!(cal.add_business_days(d("2026-02-13"), 1).unwrap(), d("2026-02-14"));
        assert_eq!(cal.add_business_days(d("2026-02-14"), -1).unwrap(), d("2026-02-13"));
        // A calendar with only workdays still has business days.
        let only = Calendar::new(&ALL_WEEKDAYS, vec![]).with_workdays(&[d("2026-02-14")]);
        assert_eq!(only.add_business_days(d("2026-01-01"), 1).unwrap(), d("2026-02-14"));
        assert!(only.add_business_days(d("2026-01-01"), 2).is_err());
    }

    /// Day-by-day reference for calendars with workdays.
    fn naive_add_with_workdays(cal: &Calendar, start: NaiveDate, n: i64) -> Option<NaiveDate> {
        let mut d = start;
        let mut left = n.abs();
        while left > 0 {
            d = if n > 0 { d.succ_opt()? } else { d.pred_opt()? };
            if cal.is_business_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn workdays_agree_with_a_day_by_day_walk(
            start_off in 0i64..400,
            n in -120i64..120,
            sat in any::<bool>(),
            hol_off in 0i64..300,
            hol_len in 0i64..20,
            work in proptest::collection::vec(0i64..400, 0..6),
        ) {
            let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let at = |k: i64| base + chrono::Duration::days(k);
            let weekend: Vec<Weekday> = if sat { vec![Weekday::Sat, Weekday::Sun] } else { vec![Weekday::Sun] };
            let cal = Calendar::new(&weekend, vec![Holiday::new(at(hol_off), at(hol_off + hol_len), "h")])
                .with_workdays(&work.iter().map(|k| at(*k)).collect::<Vec<_>>());
            let start = at(start_off);
            let got = cal.add_business_days(start, n).unwrap();
            prop_assert_eq!(Some(got), naive_add_with_workdays(&cal, start, n));
            if n > 0 {
                prop_assert_eq!(cal.business_days_between(start, got).unwrap(), n);
            }
        }

        #[test]
        fn add_then_between_roundtrip((weekend, hols) in arb_calendar(), off in -200i64..1800, n in -2000i64..2000) {
            let c = Calendar::new(&weekend, hols);
            let start = add_days(base(), off).unwrap();
            match c.add_business_days(start, n) {
                Ok(r) => {
                    if n != 0 {
                        prop_assert!(c.is_business_day(r));
                    }
                    if n >= 0 || c.is_business_day(start) {
                        prop_assert_eq!(c.business_days_between(start, r), Ok(n));
                    }
                    // General identity: n > 0 counts (start, r]; n < 0 counts [r, start).
                    let (a, b) = if n >= 0 {
                        (start, r)
                    } else {
                        (start.pred_opt().unwrap(), r.pred_opt().unwrap())
                    };
                    prop_assert_eq!(c.business_days_between(a, b), Ok(n));
                    // r is the first such day: nothing business strictly between.
                    if n > 0 {
                        prop_assert_eq!(c.business_days_between(start, r.pred_opt().unwrap()), Ok(n - 1));
                    }
                }
                Err(e) => {
                    prop_assert_eq!(e, DateError::NoBusinessDays);
                    prop_assert_eq!(weekend.len(), 7);
                }
            }
        }

        #[test]
        fn fast_matches_naive((weekend, hols) in arb_calendar(), off in -200i64..1800, n in -2000i64..2000) {
            let c = Calendar::new(&weekend, hols.clone());
            let start = add_days(base(), off).unwrap();
            let fast = c.add_business_days(start, n);
            match naive_add(&weekend, &hols, start, n) {
                Some(x) => prop_assert_eq!(fast, Ok(x)),
                None => prop_assert!(fast.is_err()),
            }
        }

        #[test]
        fn between_matches_naive((weekend, hols) in arb_calendar(), a in -300i64..1900, b in -300i64..1900) {
            let c = Calendar::new(&weekend, hols.clone());
            let (a, b) = (add_days(base(), a).unwrap(), add_days(base(), b).unwrap());
            prop_assert_eq!(c.business_days_between(a, b), Ok(naive_between(&weekend, &hols, a, b)));
        }

        #[test]
        fn is_business_day_and_holiday_on_match_naive((weekend, hols) in arb_calendar(), off in -50i64..1700) {
            let c = Calendar::new(&weekend, hols.clone());
            let x = add_days(base(), off).unwrap();
            prop_assert_eq!(c.is_business_day(x), naive_is_bd(&weekend, &hols, x));
            prop_assert_eq!(c.holiday_on(x).is_some(), hols.iter().any(|h| h.contains(x)));
            if let Some(h) = c.holiday_on(x) {
                prop_assert!(h.contains(x));
            }
        }

        #[test]
        fn near_range_ends_match_naive(mask in 0u8..127, off in 0i64..40, n in 0i64..60, hol_len in 0i64..20) {
            let weekend: Vec<Weekday> = ALL_WEEKDAYS
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1u8 << i) != 0)
                .map(|(_, w)| *w)
                .collect();
            // Forward near MAX.
            let hols = vec![Holiday::new(add_days(NaiveDate::MAX, -hol_len - 5).unwrap(), add_days(NaiveDate::MAX, -5).unwrap(), "end")];
            let c = Calendar::new(&weekend, hols.clone());
            let start = add_days(NaiveDate::MAX, -off).unwrap();
            match naive_add(&weekend, &hols, start, n) {
                Some(x) => prop_assert_eq!(c.add_business_days(start, n), Ok(x)),
                None => prop_assert_eq!(c.add_business_days(start, n), Err(DateError::OutOfRange)),
            }
            // Backward near MIN.
            let hols = vec![Holiday::new(add_days(NaiveDate::MIN, 5).unwrap(), add_days(NaiveDate::MIN, hol_len + 5).unwrap(), "start")];
            let c = Calendar::new(&weekend, hols.clone());
            let start = add_days(NaiveDate::MIN, off).unwrap();
            match naive_add(&weekend, &hols, start, -n) {
                Some(x) => prop_assert_eq!(c.add_business_days(start, -n), Ok(x)),
                None => prop_assert_eq!(c.add_business_days(start, -n), Err(DateError::OutOfRange)),
            }
        }

        #[test]
        fn months_match_chrono(off in -200_000i64..200_000, n in -5000i64..5000) {
            let start = add_days(base(), off).unwrap();
            let expected = if n >= 0 {
                start.checked_add_months(chrono::Months::new(u32::try_from(n).unwrap()))
            } else {
                start.checked_sub_months(chrono::Months::new(u32::try_from(-n).unwrap()))
            };
            prop_assert_eq!(add_months(start, n).ok(), expected);
        }
    }
}
