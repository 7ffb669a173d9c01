//! ISO 2859-1 / ANSI/ASQ Z1.4 (MIL-STD-105E) single sampling plans by attributes.
//!
//! Source of truth: `iso2859-1-tables.md` (shared reference). This module holds
//!
//! * Table I (sample size code letters) for the seven inspection levels,
//! * Table II-A (normal) and Table II-B (tightened) as **raw** grids, arrows
//!   included, exactly as transcribed; arrows are followed at lookup time
//!   (`↓` = first plan below, `↑` = first plan above; the sample size becomes the
//!   one of the row the arrow leads to),
//! * Table II-C (reduced) as **resolved** cells only (MIL-STD-105E / Z1.4
//!   version, with the Ac/Re gap; *not* the ISO 2859-1:1999 reduced table).
//!
//! Decisions on the cells the reference marks as disputed:
//!
//! * **II-A, A @ 10** — the printed cell is `↑` but there is no row above A.
//!   We resolve it as cran/AQLSchemes does (the commonest resolution): follow
//!   the column *downwards* instead, which gives **C, n = 5, Ac 1 / Re 2**. The
//!   returned [`Plan::arrow`] is then `Some(Arrow::Down)`, the direction that was
//!   actually followed. (Another possible reading, A's own 0/1 with n = 2, is
//!   not used.)
//! * **II-B, A @ 10** — `↓` (AQLSchemes + NIBS) → D, n = 8, 1/2.
//! * **II-B, R @ 0.015** — `↑` → Q, n = 1250, 0/1 (single source, unverified).
//! * **II-B gap cells right of each 0/1** — `↓` (two steps down to the 1/2 plan).
//! * **II-A, R @ 0.010 / 0.015** — `↑` → Q 1250:0/1 and P 800:0/1.
//!
//! No floating point is used anywhere; AQL values are [`Decimal`]s. Nothing in
//! the library code can panic: all table access goes through `.get()` /
//! iterators and malformed data yields `None`.

use rust_decimal::Decimal;

pub use crate::terms::{InspectionLevel, InspectionState};

/// Column of an inspection level in Table I (0 = S-1 … 6 = III).
fn column(level: InspectionLevel) -> usize {
    match level {
        InspectionLevel::S1 => 0,
        InspectionLevel::S2 => 1,
        InspectionLevel::S3 => 2,
        InspectionLevel::S4 => 3,
        InspectionLevel::I => 4,
        InspectionLevel::II => 5,
        InspectionLevel::III => 6,
    }
}

/// One of the 26 preferred AQL values of ISO 2859-1 (0.010 ... 1000), or zero tolerance.
///
/// `Preferred(i)` is the column index `i` (0 = 0.010 … 25 = 1000). Build values with
/// [`Aql::from_decimal`] or [`Aql::preferred`]; an out-of-range index is never
/// accepted by [`plan`] / [`plan_for_letter`] (they return `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aql {
    /// Zero tolerance: the Table I letter's own sample size with Ac 0 / Re 1.
    Zero,
    /// Column index 0..=25 of the preferred AQL values.
    Preferred(u8 /* column index 0..=25 */),
}

/// Number of AQL columns in Tables II-A/B/C.
pub const AQL_COLUMNS: usize = 26;

/// Preferred AQL values, with the scale used in the standard's column headings.
const PREFERRED_AQLS: [Decimal; AQL_COLUMNS] = [
    Decimal::from_parts(10, 0, 0, false, 3),   // 0.010
    Decimal::from_parts(15, 0, 0, false, 3),   // 0.015
    Decimal::from_parts(25, 0, 0, false, 3),   // 0.025
    Decimal::from_parts(40, 0, 0, false, 3),   // 0.040
    Decimal::from_parts(65, 0, 0, false, 3),   // 0.065
    Decimal::from_parts(10, 0, 0, false, 2),   // 0.10
    Decimal::from_parts(15, 0, 0, false, 2),   // 0.15
    Decimal::from_parts(25, 0, 0, false, 2),   // 0.25
    Decimal::from_parts(40, 0, 0, false, 2),   // 0.40
    Decimal::from_parts(65, 0, 0, false, 2),   // 0.65
    Decimal::from_parts(10, 0, 0, false, 1),   // 1.0
    Decimal::from_parts(15, 0, 0, false, 1),   // 1.5
    Decimal::from_parts(25, 0, 0, false, 1),   // 2.5
    Decimal::from_parts(40, 0, 0, false, 1),   // 4.0
    Decimal::from_parts(65, 0, 0, false, 1),   // 6.5
    Decimal::from_parts(10, 0, 0, false, 0),   // 10
    Decimal::from_parts(15, 0, 0, false, 0),   // 15
    Decimal::from_parts(25, 0, 0, false, 0),   // 25
    Decimal::from_parts(40, 0, 0, false, 0),   // 40
    Decimal::from_parts(65, 0, 0, false, 0),   // 65
    Decimal::from_parts(100, 0, 0, false, 0),  // 100
    Decimal::from_parts(150, 0, 0, false, 0),  // 150
    Decimal::from_parts(250, 0, 0, false, 0),  // 250
    Decimal::from_parts(400, 0, 0, false, 0),  // 400
    Decimal::from_parts(650, 0, 0, false, 0),  // 650
    Decimal::from_parts(1000, 0, 0, false, 0), // 1000
];

impl Aql {
    /// Exact (numeric, scale-insensitive) match against the preferred values;
    /// zero (any scale, either sign) is [`Aql::Zero`]. Anything else is `None`
    /// (e.g. `3`, negative values, non-preferred values such as `0.5`).
    pub fn from_decimal(d: Decimal) -> Option<Aql> {
        if d.is_zero() {
            return Some(Aql::Zero);
        }
        PREFERRED_AQLS.iter().position(|v| *v == d).and_then(|i| u8::try_from(i).ok()).map(Aql::Preferred)
    }

    /// `Preferred(index)` if `index` is a valid column (0..=25).
    pub fn preferred(index: u8) -> Option<Aql> {
        (usize::from(index) < AQL_COLUMNS).then_some(Aql::Preferred(index))
    }

    /// The AQL as a decimal (scale as printed in the standard, e.g. `0.010`, `4.0`, `10`).
    /// `Zero` gives `0`. An out-of-range `Preferred` index (not constructible through
    /// [`Aql::from_decimal`] / [`Aql::preferred`]) also gives `0`; use
    /// [`Aql::try_to_decimal`] to detect it.
    pub fn to_decimal(self) -> Decimal {
        self.try_to_decimal().unwrap_or(Decimal::ZERO)
    }

    /// Like [`Aql::to_decimal`] but `None` for an out-of-range `Preferred` index.
    pub fn try_to_decimal(self) -> Option<Decimal> {
        match self {
            Aql::Zero => Some(Decimal::ZERO),
            Aql::Preferred(i) => PREFERRED_AQLS.get(usize::from(i)).copied(),
        }
    }

    /// Column index for `Preferred`, `None` for `Zero` or an out-of-range index.
    fn column(self) -> Option<usize> {
        match self {
            Aql::Zero => None,
            Aql::Preferred(i) => {
                let i = usize::from(i);
                (i < AQL_COLUMNS).then_some(i)
            }
        }
    }
}

/// Direction of a table arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrow {
    /// `↓`: use the first sampling plan below (larger n).
    Down,
    /// `↑`: use the first sampling plan above (smaller n).
    Up,
}

/// A single sampling plan: inspect `sample_size` units, accept if the number of
/// nonconforming units d ≤ `accept`, reject if d ≥ `reject`. (For 105E/Z1.4 reduced
/// plans with `accept < d < reject` the lot is accepted but normal inspection is
/// reinstated.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Letter from Table I (or the letter passed to [`plan_for_letter`]).
    pub table_letter: char,
    /// Letter of the plan actually used (after arrows).
    pub letter: char,
    /// The arrow followed, if any. For reduced inspection (resolved cells only) this is
    /// derived: `Some(..)` only when the cell's n differs from the letter's reduced n and
    /// the row it was taken from could be identified (same cell in that row); otherwise `None`.
    pub arrow: Option<Arrow>,
    /// n of the plan used; the lot size when `hundred_percent`.
    pub sample_size: u32,
    /// Ac.
    pub accept: u32,
    /// Re.
    pub reject: u32,
    /// n ≥ lot size: 100 % inspection, `sample_size` is then the lot size.
    pub hundred_percent: bool,
}

// ---------------------------------------------------------------------------
// Table I
// ---------------------------------------------------------------------------

/// Table I: (largest lot size of the range, letters for S-1 S-2 S-3 S-4 I II III).
/// The first range starts at 2; the last one is "500001 and over".
const TABLE_I: [(u64, &str); 15] = [
    (8, "AAAAAAB"),
    (15, "AAAAABC"),
    (25, "AABBBCD"),
    (50, "ABBCCDE"),
    (90, "BBCCCEF"),
    (150, "BBCDDFG"),
    (280, "BCDEEGH"),
    (500, "BCDEFHJ"),
    (1200, "CCEFGJK"),
    (3200, "CDEGHKL"),
    (10000, "CDFGJLM"),
    (35000, "CDFHKMN"),
    (150000, "DEGJLNP"),
    (500000, "DEGJMPQ"),
    (u64::MAX, "DEHKNQR"),
];

/// Sample size code letter from Table I; `None` for `lot_size < 2`.
pub fn code_letter(lot_size: u64, level: InspectionLevel) -> Option<char> {
    if lot_size < 2 {
        return None;
    }
    TABLE_I.iter().find(|(max, _)| lot_size <= *max).and_then(|(_, letters)| letters.chars().nth(column(level)))
}

// ---------------------------------------------------------------------------
// Tables II-A / II-B (raw) and II-C (resolved)
// ---------------------------------------------------------------------------

/// Row letters of Tables II-A/B/C (Table I letters). Row S exists only in II-B.
const LETTERS: [char; 17] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S'];
/// Letters Table I can produce (A … R).
const TABLE_I_LETTERS: usize = 16;

/// Sample sizes for normal and tightened inspection per row (S = 3150: tightened only).
const SAMPLE_SIZES: [u32; 17] = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000, 3150];
/// Reduced sample sizes (Table II-C) per row A … R.
const REDUCED_SAMPLE_SIZES: [u32; 16] = [2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800];

/// Table II-A, normal inspection, raw cells (rows A … R, 26 AQL columns 0.010 … 1000).
/// `↓`/`↑` arrows, `Ac/Re` plans; `*` marks the reference's disputed cells.
const TABLE_II_A: [&str; 16] = [
    /* A n=2 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑* ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    /* B n=3 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45",
    /* C n=5 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑",
    /* D n=8 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑",
    /* E n=13 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑ ↑",
    /* F n=20 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑",
    /* G n=32 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* H n=50 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* J n=80 */
    "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* K n=125 */
    "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* L n=200 */
    "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* M n=315 */
    "↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* N n=500 */
    "↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* P n=800 */
    "↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* Q n=1250 */
    "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* R n=2000 */
    "↑ ↑ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
];

/// Table II-B, tightened inspection, raw cells (rows A … S; S only reachable via arrows).
const TABLE_II_B: [&str; 17] = [
    /* A n=2 */ "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓* ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28",
    /* B n=3 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42",
    /* C n=5 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑",
    /* D n=8 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑",
    /* E n=13 */
    "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑ ↑",
    /* F n=20 */ "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑",
    /* G n=32 */ "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* H n=50 */ "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* J n=80 */ "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* K n=125 */ "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* L n=200 */ "↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* M n=315 */ "↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* N n=500 */ "↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* P n=800 */ "↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* Q n=1250 */ "↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* R n=2000 */
    "0/1 ↑* ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    /* S n=3150 */ "↑ ↑ 1/2 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
];

/// Table II-C, reduced inspection (MIL-STD-105E / Z1.4), resolved `n:Ac/Re` cells, rows A … R.
const TABLE_II_C: [&str; 16] = [
    /* A n=2 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 2:0/1 2:0/1 2:0/2 2:0/2 2:1/2 2:2/3 2:3/4 2:5/6 2:7/8 2:10/11 2:14/15 2:21/22 2:30/31",
    /* B n=2 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 2:0/1 2:0/1 2:0/2 2:0/2 2:1/3 2:2/4 2:3/5 2:5/6 2:7/8 2:10/11 2:14/15 2:21/22 2:30/31",
    /* C n=2 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 2:0/1 3:0/2 2:0/2 2:1/3 2:1/4 2:2/5 2:3/6 2:5/8 2:7/10 2:10/13 2:14/17 2:21/24 2:30/31",
    /* D n=3 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 5:0/2 3:0/2 3:1/3 3:1/4 3:2/5 3:3/6 3:5/8 3:7/10 3:10/13 3:14/17 3:21/24 2:21/24 2:30/31",
    /* E n=5 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 8:0/2 5:0/2 5:1/3 5:1/4 5:2/5 5:3/6 5:5/8 5:7/10 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* F n=8 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 13:0/2 8:0/2 8:1/3 8:1/4 8:2/5 8:3/6 8:5/8 8:7/10 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* G n=13 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 20:0/2 13:0/2 13:1/3 13:1/4 13:2/5 13:3/6 13:5/8 13:7/10 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* H n=20 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 32:0/2 20:0/2 20:1/3 20:1/4 20:2/5 20:3/6 20:5/8 20:7/10 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* J n=32 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 50:0/2 32:0/2 32:1/3 32:1/4 32:2/5 32:3/6 32:5/8 32:7/10 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* K n=50 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 80:0/2 50:0/2 50:1/3 50:1/4 50:2/5 50:3/6 50:5/8 50:7/10 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* L n=80 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 125:0/2 80:0/2 80:1/3 80:1/4 80:2/5 80:3/6 80:5/8 80:7/10 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* M n=125 */
    "500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 200:0/2 125:0/2 125:1/3 125:1/4 125:2/5 125:3/6 125:5/8 125:7/10 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* N n=200 */
    "500:0/1 315:0/1 200:0/1 125:0/1 315:0/2 200:0/2 200:1/3 200:1/4 200:2/5 200:3/6 200:5/8 200:7/10 200:10/13 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* P n=315 */
    "500:0/1 315:0/1 200:0/1 500:0/2 315:0/2 315:1/3 315:1/4 315:2/5 315:3/6 315:5/8 315:7/10 315:10/13 200:10/13 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* Q n=500 */
    "500:0/1 315:0/1 800:0/2 500:0/2 500:1/3 500:1/4 500:2/5 500:3/6 500:5/8 500:7/10 500:10/13 315:10/13 200:10/13 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
    /* R n=800 */
    "500:0/1 315:0/1 800:0/2 800:1/3 800:1/4 800:2/5 800:3/6 800:5/8 800:7/10 800:10/13 500:10/13 315:10/13 200:10/13 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 5:14/17 5:21/24 3:21/24 2:21/24 2:30/31",
];

/// The II-A row/column of the disputed `↑` that points off the table (A @ 10).
const II_A_DISPUTED_ROW: usize = 0;
const II_A_DISPUTED_COL: usize = 15;

/// A raw cell of II-A/II-B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawCell {
    Plan { accept: u32, reject: u32 },
    Arrow(Arrow),
}

fn parse_ac_re(tok: &str) -> Option<(u32, u32)> {
    let (ac, re) = tok.split_once('/')?;
    Some((ac.parse().ok()?, re.parse().ok()?))
}

fn parse_raw_cell(tok: &str) -> Option<RawCell> {
    // `*` only marks a disputed cell in the reference; the direction is what counts.
    let tok = tok.strip_suffix('*').unwrap_or(tok);
    match tok {
        "↓" => Some(RawCell::Arrow(Arrow::Down)),
        "↑" => Some(RawCell::Arrow(Arrow::Up)),
        _ => parse_ac_re(tok).map(|(accept, reject)| RawCell::Plan { accept, reject }),
    }
}

fn raw_cell(grid: &[&str], row: usize, col: usize) -> Option<RawCell> {
    grid.get(row)?.split_whitespace().nth(col).and_then(parse_raw_cell)
}

/// First plan in column `col` over `rows` (in order), crossing only arrows pointing in
/// `dir`. An arrow pointing the other way, a malformed cell, or running off the table
/// means the table is inconsistent for this walk: `None`. Terminates after at most
/// `rows.len()` steps.
fn first_plan<I: Iterator<Item = usize>>(grid: &[&str], col: usize, rows: I, dir: Arrow) -> Option<(usize, u32, u32)> {
    for r in rows {
        match raw_cell(grid, r, col)? {
            RawCell::Plan { accept, reject } => return Some((r, accept, reject)),
            RawCell::Arrow(d) if d == dir => continue,
            RawCell::Arrow(_) => return None,
        }
    }
    None
}

fn follow(grid: &[&str], row: usize, col: usize, dir: Arrow) -> Option<(usize, u32, u32)> {
    match dir {
        Arrow::Down => first_plan(grid, col, row.saturating_add(1)..grid.len(), dir),
        Arrow::Up => first_plan(grid, col, (0..row).rev(), dir),
    }
}

/// Resolve (row, col) in a raw grid: (row used, arrow followed, Ac, Re).
fn resolve_raw(grid: &[&str], is_normal: bool, row: usize, col: usize) -> Option<(usize, Option<Arrow>, u32, u32)> {
    match raw_cell(grid, row, col)? {
        RawCell::Plan { accept, reject } => Some((row, None, accept, reject)),
        RawCell::Arrow(dir) => match follow(grid, row, col, dir) {
            Some((r, ac, re)) => Some((r, Some(dir), ac, re)),
            None => {
                // Documented policy (module docs): II-A A@10 is `↑` off the table; resolve it
                // as AQLSchemes does, by following the column downwards (→ C 5:1/2).
                let disputed = is_normal && row == II_A_DISPUTED_ROW && col == II_A_DISPUTED_COL && dir == Arrow::Up;
                if disputed { follow(grid, row, col, Arrow::Down).map(|(r, ac, re)| (r, Some(Arrow::Down), ac, re)) } else { None }
            }
        },
    }
}

/// A resolved II-C cell `n:Ac/Re`.
fn reduced_cell(row: usize, col: usize) -> Option<(u32, u32, u32)> {
    let tok = TABLE_II_C.get(row)?.split_whitespace().nth(col)?;
    let (n, rest) = tok.split_once(':')?;
    let (ac, re) = parse_ac_re(rest)?;
    Some((n.parse().ok()?, ac, re))
}

/// For a reduced cell whose n differs from the row's own reduced n, find the row the plan
/// was taken from: the nearest row in the direction of n whose reduced n equals the cell's
/// n and whose own cell in this column is the identical plan. `None` if not identifiable.
fn reduced_source(row: usize, col: usize, n: u32) -> Option<(usize, Arrow)> {
    let own_n = *REDUCED_SAMPLE_SIZES.get(row)?;
    let cell = reduced_cell(row, col)?;
    let (dir, candidate) = if n > own_n {
        let r = (row.saturating_add(1)..REDUCED_SAMPLE_SIZES.len()).find(|&r| REDUCED_SAMPLE_SIZES.get(r) == Some(&n))?;
        (Arrow::Down, r)
    } else if n < own_n {
        let r = (0..row).rev().find(|&r| REDUCED_SAMPLE_SIZES.get(r) == Some(&n))?;
        (Arrow::Up, r)
    } else {
        return None;
    };
    (reduced_cell(candidate, col)? == cell).then_some((candidate, dir))
}

/// Plan for a code letter (A … R, as produced by Table I), without the 100 % rule
/// (`hundred_percent` is always `false`). Row S (tightened only) is not a Table I letter
/// and is rejected here; it is reached only through II-B arrows.
///
/// `Aql::Zero`: the letter's own sample size (II-A/II-B n for normal/tightened, the
/// reduced n for reduced) with Ac 0 / Re 1.
pub fn plan_for_letter(letter: char, state: InspectionState, aql: Aql) -> Option<Plan> {
    let row = LETTERS.iter().take(TABLE_I_LETTERS).position(|&l| l == letter)?;
    let col = match aql {
        Aql::Zero => AQL_COLUMNS,
        other => other.column()?,
    };
    let st = match state {
        InspectionState::Normal => 0,
        InspectionState::Tightened => 1,
        InspectionState::Reduced => 2,
    };
    match PLANS.get(st).and_then(|s| s.get(col)).and_then(|c| c.get(row)) {
        Some(cell) => cell.get_or_init(|| look_up_plan(letter, state, aql)).clone(),
        None => look_up_plan(letter, state, aql),
    }
}

/// Each plan looked up once per process: a lookup reads the tables' text and follows arrows
/// (about a microsecond), and every evaluation needs a plan per severity class, twice.
/// Indexed by state (normal, tightened, reduced), AQL column (the last one is zero tolerance)
/// and Table I row.
#[allow(clippy::declare_interior_mutable_const, reason = "only to repeat `OnceLock::new()` in the array")]
static PLANS: [[[std::sync::OnceLock<Option<Plan>>; TABLE_I_LETTERS]; AQL_COLUMNS + 1]; 3] = {
    const CELL: std::sync::OnceLock<Option<Plan>> = std::sync::OnceLock::new();
    const COLUMN: [std::sync::OnceLock<Option<Plan>>; TABLE_I_LETTERS] = [CELL; TABLE_I_LETTERS];
    const STATE: [[std::sync::OnceLock<Option<Plan>>; TABLE_I_LETTERS]; AQL_COLUMNS + 1] = [COLUMN; AQL_COLUMNS + 1];
    [STATE; 3]
};

/// [`plan_for_letter`] read from the tables.
fn look_up_plan(letter: char, state: InspectionState, aql: Aql) -> Option<Plan> {
    let row = LETTERS.iter().take(TABLE_I_LETTERS).position(|&l| l == letter)?;
    let own = |sizes: &[u32]| sizes.get(row).copied();
    let make = |used_row: usize, arrow, n, accept, reject| {
        Some(Plan { table_letter: letter, letter: *LETTERS.get(used_row)?, arrow, sample_size: n, accept, reject, hundred_percent: false })
    };
    let col = match aql.column() {
        Some(c) => c,
        None => {
            // Zero tolerance (or an invalid Preferred index, which is rejected).
            if aql != Aql::Zero {
                return None;
            }
            let n = match state {
                InspectionState::Normal | InspectionState::Tightened => own(&SAMPLE_SIZES)?,
                InspectionState::Reduced => own(&REDUCED_SAMPLE_SIZES)?,
            };
            return make(row, None, n, 0, 1);
        }
    };
    match state {
        InspectionState::Normal | InspectionState::Tightened => {
            let (grid, is_normal): (&[&str], bool) = match state {
                InspectionState::Normal => (&TABLE_II_A, true),
                _ => (&TABLE_II_B, false),
            };
            let (used, arrow, ac, re) = resolve_raw(grid, is_normal, row, col)?;
            make(used, arrow, *SAMPLE_SIZES.get(used)?, ac, re)
        }
        InspectionState::Reduced => {
            let (n, ac, re) = reduced_cell(row, col)?;
            let (used, arrow) = match reduced_source(row, col, n) {
                Some((r, dir)) => (r, Some(dir)),
                None if own(&REDUCED_SAMPLE_SIZES)? == n => (row, None),
                // n differs but the source row is not identifiable: keep the cell as given,
                // attributed to the first row with that reduced n (no arrow claimed).
                None => (REDUCED_SAMPLE_SIZES.iter().position(|&s| s == n)?, None),
            };
            make(used, arrow, n, ac, re)
        }
    }
}

/// The single sampling plan for a lot: Table I letter for (`lot_size`, `level`), then the
/// cell (letter, AQL) of II-A / II-B (arrows followed) / II-C. If the plan's n ≥ lot size,
/// `hundred_percent` is set and `sample_size` becomes the lot size (Ac/Re kept).
/// `None` for `lot_size < 2` or an invalid AQL index.
pub fn plan(lot_size: u64, level: InspectionLevel, state: InspectionState, aql: Aql) -> Option<Plan> {
    let letter = code_letter(lot_size, level)?;
    let mut p = plan_for_letter(letter, state, aql)?;
    if u64::from(p.sample_size) >= lot_size {
        p.hundred_percent = true;
        // lot_size <= n <= u32::MAX here, so the conversion cannot fail.
        p.sample_size = u32::try_from(lot_size).unwrap_or(p.sample_size);
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const RESOLVED: &str = include_str!("../../tests/data/iso2859-resolved.md");

    /// Table I rows copied verbatim from the reference.
    const TABLE_I_MD: &str = "\
| 2–8 | A | A | A | A | A | A | B |
| 9–15 | A | A | A | A | A | B | C |
| 16–25 | A | A | B | B | B | C | D |
| 26–50 | A | B | B | C | C | D | E |
| 51–90 | B | B | C | C | C | E | F |
| 91–150 | B | B | C | D | D | F | G |
| 151–280 | B | C | D | E | E | G | H |
| 281–500 | B | C | D | E | F | H | J |
| 501–1200 | C | C | E | F | G | J | K |
| 1201–3200 | C | D | E | G | H | K | L |
| 3201–10000 | C | D | F | G | J | L | M |
| 10001–35000 | C | D | F | H | K | M | N |
| 35001–150000 | D | E | G | J | L | N | P |
| 150001–500000 | D | E | G | J | M | P | Q |
| 500001 and over | D | E | H | K | N | Q | R |
";

    const LEVELS: [InspectionLevel; 7] = [
        InspectionLevel::S1,
        InspectionLevel::S2,
        InspectionLevel::S3,
        InspectionLevel::S4,
        InspectionLevel::I,
        InspectionLevel::II,
        InspectionLevel::III,
    ];

    fn cells(line: &str) -> Vec<&str> {
        line.trim().trim_matches('|').split('|').map(str::trim).collect()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn n_of(letter: char, sizes: &[u32]) -> u32 {
        sizes[LETTERS.iter().position(|&l| l == letter).unwrap()]
    }

    #[test]
    fn every_resolved_cell_matches_lookup() {
        let mut state: Option<InspectionState> = None;
        let mut columns: Vec<Aql> = Vec::new();
        let mut checked = [0usize; 3];
        let mut rows_seen = [0usize; 3];
        let mut dashes = 0;
        let mut via_plan = 0;
        for line in RESOLVED.lines() {
            if line.starts_with('#') {
                state = if line.contains("II-A") {
                    Some(InspectionState::Normal)
                } else if line.contains("II-B") {
                    Some(InspectionState::Tightened)
                } else if line.contains("II-C") {
                    Some(InspectionState::Reduced)
                } else {
                    None
                };
                continue;
            }
            let Some(state) = state else { continue };
            if !line.starts_with('|') || line.starts_with("|---") {
                continue;
            }
            let c = cells(line);
            let first_aql = if state == InspectionState::Reduced { 2 } else { 1 };
            if c[0] == "CL" {
                let heads = &c[first_aql..];
                assert_eq!(heads.len(), 26, "{line}");
                columns = heads.iter().map(|h| Aql::from_decimal(dec(h)).unwrap()).collect();
                for (i, a) in columns.iter().enumerate() {
                    assert_eq!(*a, Aql::Preferred(i as u8));
                    assert_eq!(a.to_decimal().to_string(), heads[i]);
                }
                continue;
            }
            assert_eq!(columns.len(), 26);
            let letter = c[0].chars().next().unwrap();
            assert_eq!(c[0].chars().count(), 1);
            let ti = match state {
                InspectionState::Normal => 0,
                InspectionState::Tightened => 1,
                InspectionState::Reduced => 2,
            };
            rows_seen[ti] += 1;
            if state == InspectionState::Reduced {
                let n_red: u32 = c[1].parse().unwrap();
                let z = plan_for_letter(letter, state, Aql::Zero).unwrap();
                assert_eq!((z.sample_size, z.accept, z.reject), (n_red, 0, 1));
            }
            let row_cells = &c[first_aql..];
            assert_eq!(row_cells.len(), 26, "{line}");
            for (col, cell) in row_cells.iter().enumerate() {
                let aql = columns[col];
                let got = plan_for_letter(letter, state, aql).unwrap_or_else(|| panic!("{state:?} {letter}@{col}: no plan"));
                assert_eq!(got.table_letter, letter);
                assert!(!got.hundred_percent);
                let expected = if *cell == "—" {
                    // Only II-A A@10 is left unresolved by the reference; documented choice C 5:1/2.
                    assert_eq!((state, letter, col), (InspectionState::Normal, 'A', 15));
                    dashes += 1;
                    assert_eq!(got.letter, 'C');
                    assert_eq!(got.arrow, Some(Arrow::Down));
                    "5:1/2".to_string()
                } else {
                    (*cell).to_string()
                };
                let shown = format!("{}:{}/{}", got.sample_size, got.accept, got.reject);
                assert_eq!(shown, expected, "{state:?} {letter} @ {}", aql.to_decimal());
                // The used letter's own n equals the plan's n.
                let sizes: &[u32] = if state == InspectionState::Reduced { &REDUCED_SAMPLE_SIZES } else { &SAMPLE_SIZES };
                assert_eq!(n_of(got.letter, sizes), got.sample_size);
                // Arrow direction is consistent with the letter moved to.
                let from = LETTERS.iter().position(|&l| l == letter).unwrap();
                let to = LETTERS.iter().position(|&l| l == got.letter).unwrap();
                match got.arrow {
                    None => assert_eq!(from, to),
                    Some(Arrow::Down) => assert!(to > from),
                    Some(Arrow::Up) => assert!(to < from),
                }
                // Same plan through `plan` with the largest lot giving this letter in
                // Table I, whenever that lot is large enough to avoid the 100 % rule.
                let (lot, level) = largest_lot_for(letter);
                assert_eq!(code_letter(lot, level), Some(letter));
                if lot > u64::from(got.sample_size) {
                    assert_eq!(plan(lot, level, state, aql), Some(got.clone()));
                    via_plan += 1;
                }
                checked[ti] += 1;
            }
        }
        assert_eq!(rows_seen, [16, 16, 16]);
        assert_eq!(checked, [416, 416, 416]);
        assert_eq!(dashes, 1);
        assert!(via_plan > 1200, "{via_plan}");
    }

    /// The largest lot size (and a level) for which Table I gives `letter`.
    fn largest_lot_for(letter: char) -> (u64, InspectionLevel) {
        let mut best: Option<(u64, InspectionLevel)> = None;
        for (max, letters) in TABLE_I {
            for (i, l) in letters.chars().enumerate() {
                if l == letter && best.is_none_or(|(b, _)| max > b) {
                    best = Some((max, LEVELS[i]));
                }
            }
        }
        best.unwrap()
    }

    #[test]
    fn raw_grids_are_well_formed() {
        for (grid, rows) in [(&TABLE_II_A[..], 16), (&TABLE_II_B[..], 17)] {
            assert_eq!(grid.len(), rows);
            for row in grid {
                let toks: Vec<&str> = row.split_whitespace().collect();
                assert_eq!(toks.len(), AQL_COLUMNS, "{row}");
                for t in toks {
                    assert!(parse_raw_cell(t).is_some(), "{t}");
                }
            }
        }
        for row in TABLE_II_C {
            assert_eq!(row.split_whitespace().count(), AQL_COLUMNS);
        }
        for r in 0..16 {
            for c in 0..AQL_COLUMNS {
                assert!(reduced_cell(r, c).is_some());
            }
        }
    }

    #[test]
    fn table_i_all_105_cells() {
        let mut count = 0;
        let mut prev_max = 1u64;
        for line in TABLE_I_MD.lines() {
            let c = cells(line);
            let (lo, hi) = if let Some(lo) = c[0].strip_suffix(" and over") {
                (lo.parse::<u64>().unwrap(), u64::MAX)
            } else {
                let (a, b) = c[0].split_once('–').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            };
            assert_eq!(lo, prev_max + 1);
            prev_max = hi;
            for (i, level) in LEVELS.iter().enumerate() {
                let want = c[i + 1].chars().next().unwrap();
                for lot in [lo, lo + (hi - lo) / 2, hi] {
                    assert_eq!(code_letter(lot, *level), Some(want), "lot {lot} {level:?}");
                }
                count += 1;
            }
        }
        assert_eq!(count, 105);
        for level in LEVELS {
            assert_eq!(code_letter(0, level), None);
            assert_eq!(code_letter(1, level), None);
            assert_eq!(plan(1, level, InspectionState::Normal, Aql::Zero), None);
        }
    }

    #[test]
    fn hundred_percent_rule() {
        let aql065 = Aql::from_decimal(dec("0.65")).unwrap();
        // Lot 10, level II -> B; B@0.65 normal -> ↓ to F 20:0/1; 20 >= 10 -> 100 %.
        let p = plan(10, InspectionLevel::II, InspectionState::Normal, aql065).unwrap();
        assert_eq!(p.table_letter, 'B');
        assert_eq!(p.letter, 'F');
        assert_eq!(p.arrow, Some(Arrow::Down));
        assert!(p.hundred_percent);
        assert_eq!((p.sample_size, p.accept, p.reject), (10, 0, 1));
        // n == lot size exactly: lot 20, level II -> C; C@0.65 -> F 20:0/1.
        let p = plan(20, InspectionLevel::II, InspectionState::Normal, aql065).unwrap();
        assert!(p.hundred_percent);
        assert_eq!((p.sample_size, p.accept, p.reject), (20, 0, 1));
        // Lot 21, level II -> C; n 20 < 21: sampling.
        let p = plan(21, InspectionLevel::II, InspectionState::Normal, aql065).unwrap();
        assert!(!p.hundred_percent);
        assert_eq!(p.sample_size, 20);
        // Zero tolerance on the smallest lot: A, n 2 == lot 2.
        let p = plan(2, InspectionLevel::I, InspectionState::Normal, Aql::Zero).unwrap();
        assert!(p.hundred_percent);
        assert_eq!((p.sample_size, p.accept, p.reject), (2, 0, 1));
        // Tightened, large n from an arrow: lot 1000, level II -> J; J@0.010 -> 2000:0/1.
        let a = Aql::from_decimal(dec("0.010")).unwrap();
        let p = plan(1000, InspectionLevel::II, InspectionState::Tightened, a).unwrap();
        assert!(p.hundred_percent);
        assert_eq!((p.letter, p.sample_size, p.accept, p.reject), ('R', 1000, 0, 1));
        // Not 100 % on a big lot.
        let p = plan(1_000_000, InspectionLevel::III, InspectionState::Reduced, a).unwrap();
        assert!(!p.hundred_percent);
        assert_eq!(p.sample_size, 500);
    }

    #[test]
    fn aql_from_decimal() {
        assert_eq!(Aql::from_decimal(dec("2.5")), Some(Aql::Preferred(12)));
        assert_eq!(Aql::from_decimal(dec("4.0")), Some(Aql::Preferred(13)));
        assert_eq!(Aql::from_decimal(dec("4")), Some(Aql::Preferred(13)));
        assert_eq!(Aql::from_decimal(dec("0.65")), Some(Aql::Preferred(9)));
        assert_eq!(Aql::from_decimal(dec("0")), Some(Aql::Zero));
        assert_eq!(Aql::from_decimal(dec("0.000")), Some(Aql::Zero));
        assert_eq!(Aql::from_decimal(dec("0.010")), Some(Aql::Preferred(0)));
        assert_eq!(Aql::from_decimal(dec("1000")), Some(Aql::Preferred(25)));
        assert_eq!(Aql::from_decimal(dec("3")), None);
        assert_eq!(Aql::from_decimal(dec("-2.5")), None);
        assert_eq!(Aql::from_decimal(dec("0.5")), None);
        assert_eq!(Aql::from_decimal(dec("1001")), None);
        let vals = PREFERRED_AQLS;
        for (i, v) in vals.iter().enumerate() {
            let a = Aql::from_decimal(*v).unwrap();
            assert_eq!(a, Aql::Preferred(i as u8));
            assert_eq!(a.to_decimal(), *v);
            assert_eq!(Aql::preferred(i as u8), Some(a));
        }
        assert!(vals.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(vals[0].to_string(), "0.010");
        assert_eq!(vals[13].to_string(), "4.0");
        assert_eq!(Aql::Zero.to_decimal(), Decimal::ZERO);
        // Out-of-range index: no panic, rejected by lookups.
        assert_eq!(Aql::preferred(26), None);
        assert_eq!(Aql::Preferred(26).try_to_decimal(), None);
        assert_eq!(Aql::Preferred(200).to_decimal(), Decimal::ZERO);
        assert_eq!(plan_for_letter('L', InspectionState::Normal, Aql::Preferred(26)), None);
        assert_eq!(plan(5000, InspectionLevel::II, InspectionState::Reduced, Aql::Preferred(255)), None);
    }

    #[test]
    fn design_case_lot_5000_level_ii_normal() {
        assert_eq!(code_letter(5000, InspectionLevel::II), Some('L'));
        let expect = |aql: &str, n: u32, ac: u32, re: u32| {
            let a = Aql::from_decimal(dec(aql)).unwrap();
            let p = plan(5000, InspectionLevel::II, InspectionState::Normal, a).unwrap();
            assert_eq!(
                p,
                Plan { table_letter: 'L', letter: 'L', arrow: None, sample_size: n, accept: ac, reject: re, hundred_percent: false },
                "AQL {aql}"
            );
        };
        expect("0", 200, 0, 1);
        expect("2.5", 200, 10, 11);
        expect("4.0", 200, 14, 15);
    }

    #[test]
    fn disputed_cells_follow_documented_choices() {
        let col = |s: &str| Aql::from_decimal(dec(s)).unwrap();
        let get = |l, st, a: &str| {
            let p = plan_for_letter(l, st, col(a)).unwrap();
            (p.letter, p.arrow, p.sample_size, p.accept, p.reject)
        };
        use InspectionState::*;
        // II-A A@10: ↑ off the table -> AQLSchemes' C 5:1/2 (followed downwards).
        assert_eq!(get('A', Normal, "10"), ('C', Some(Arrow::Down), 5, 1, 2));
        // II-B A@10: ↓ -> D 8:1/2.
        assert_eq!(get('A', Tightened, "10"), ('D', Some(Arrow::Down), 8, 1, 2));
        // II-B R@0.015: ↑ -> Q 1250:0/1.
        assert_eq!(get('R', Tightened, "0.015"), ('Q', Some(Arrow::Up), 1250, 0, 1));
        // II-B gap cells go down two steps to the 1/2 plan.
        assert_eq!(get('L', Tightened, "0.15"), ('N', Some(Arrow::Down), 500, 1, 2));
        // II-A R@0.010 / 0.015: ↑ -> Q 1250:0/1, P 800:0/1.
        assert_eq!(get('R', Normal, "0.010"), ('Q', Some(Arrow::Up), 1250, 0, 1));
        assert_eq!(get('R', Normal, "0.015"), ('P', Some(Arrow::Up), 800, 0, 1));
        // Row S (tightened only) reached via arrows.
        assert_eq!(get('Q', Tightened, "0.025"), ('S', Some(Arrow::Down), 3150, 1, 2));
        assert_eq!(get('R', Tightened, "0.025"), ('S', Some(Arrow::Down), 3150, 1, 2));
        // S is not a Table I letter.
        assert_eq!(plan_for_letter('S', Tightened, col("0.025")), None);
        assert_eq!(plan_for_letter('S', Normal, Aql::Zero), None);
        assert_eq!(plan_for_letter('I', Normal, Aql::Zero), None);
        assert_eq!(plan_for_letter('a', Normal, Aql::Zero), None);
    }

    #[test]
    fn zero_tolerance_uses_table_letter_n() {
        for (i, &l) in LETTERS.iter().take(16).enumerate() {
            for (st, n) in [
                (InspectionState::Normal, SAMPLE_SIZES[i]),
                (InspectionState::Tightened, SAMPLE_SIZES[i]),
                (InspectionState::Reduced, REDUCED_SAMPLE_SIZES[i]),
            ] {
                let p = plan_for_letter(l, st, Aql::Zero).unwrap();
                assert_eq!((p.letter, p.arrow, p.sample_size, p.accept, p.reject), (l, None, n, 0, 1));
            }
        }
        let p = plan(5000, InspectionLevel::II, InspectionState::Reduced, Aql::Zero).unwrap();
        assert_eq!((p.letter, p.sample_size, p.accept, p.reject), ('L', 80, 0, 1));
    }

    #[test]
    fn reduced_arrows_are_identified_where_n_differs() {
        let mut arrows = 0;
        for (r, &own_n) in REDUCED_SAMPLE_SIZES.iter().enumerate() {
            for c in 0..AQL_COLUMNS {
                let (n, _, _) = reduced_cell(r, c).unwrap();
                if n != own_n {
                    assert!(reduced_source(r, c, n).is_some(), "row {r} col {c}");
                    arrows += 1;
                } else {
                    assert_eq!(reduced_source(r, c, n), None);
                }
            }
        }
        assert!(arrows > 0);
        let p = plan_for_letter('D', InspectionState::Reduced, Aql::Preferred(24)).unwrap();
        assert_eq!((p.letter, p.arrow, p.sample_size, p.accept, p.reject), ('C', Some(Arrow::Up), 2, 21, 24));
        let p = plan_for_letter('C', InspectionState::Reduced, Aql::Preferred(14)).unwrap();
        assert_eq!((p.letter, p.arrow, p.sample_size, p.accept, p.reject), ('D', Some(Arrow::Down), 3, 0, 2));
    }

    #[test]
    fn inconsistent_tables_yield_none() {
        // Opposite arrows facing each other, arrows off the table, malformed cells.
        let grid: [&str; 3] = ["↓ ↑ ↓ x", "↑ ↓ ↓ 1/2", "↓ ↑ ↓ 1/"];
        assert_eq!(resolve_raw(&grid, false, 0, 0), None); // ↓ meets ↑
        assert_eq!(resolve_raw(&grid, false, 0, 1), None); // ↑ off the top
        assert_eq!(resolve_raw(&grid, false, 0, 2), None); // ↓ off the bottom
        assert_eq!(resolve_raw(&grid, false, 0, 3), None); // malformed
        assert_eq!(resolve_raw(&grid, false, 2, 3), None); // malformed
        assert_eq!(resolve_raw(&grid, false, 0, 99), None); // no such column
        assert_eq!(resolve_raw(&grid, false, 99, 0), None); // no such row
        assert_eq!(resolve_raw(&grid, false, 1, 3), Some((1, None, 1, 2)));
        assert_eq!(resolve_raw(&grid, false, 1, 1), None); // ↓ meets ↑ one row down
        // The A@10 policy applies only to II-A's disputed cell.
        assert_eq!(resolve_raw(&TABLE_II_B, true, 0, 15).map(|r| r.0), Some(3));
    }

    /// ISO 2859-1: `↓` leads to the first plan below, `↑` to the first plan above; an arrow
    /// never leads across an arrow pointing the other way. The shipped tables never make a walk
    /// meet one, so only a made-up grid shows it: the walk stops there (the table is
    /// inconsistent) even when a plan lies beyond.
    #[test]
    fn an_arrow_never_leads_across_an_arrow_pointing_the_other_way() {
        let down_then_up: [&str; 3] = ["↓", "↑", "1/2"];
        assert_eq!(resolve_raw(&down_then_up, false, 0, 0), None);
        let up_then_down: [&str; 3] = ["1/2", "↓", "↑"];
        assert_eq!(resolve_raw(&up_then_down, false, 2, 0), None);
        // Crossing only arrows of its own direction, the walk reaches the plan.
        let down_down: [&str; 3] = ["↓", "↓", "1/2"];
        assert_eq!(resolve_raw(&down_down, false, 0, 0), Some((2, Some(Arrow::Down), 1, 2)));
    }

    /// The documented reading of II-A A @ 10 (`↑` off the table, followed downwards instead) is
    /// for that one cell of the normal table only: an `↑` off the top of II-B, or in another
    /// column, or from another row, stays unresolved (`None`), whatever lies below.
    #[test]
    fn the_a_at_10_reading_is_for_that_cell_of_table_ii_a_only() {
        let up_off_the_top = ["↑ ".repeat(AQL_COLUMNS), "1/2 ".repeat(AQL_COLUMNS)];
        let grid: Vec<&str> = up_off_the_top.iter().map(String::as_str).collect();
        // II-A, row A, column 10: followed downwards.
        assert_eq!(resolve_raw(&grid, true, II_A_DISPUTED_ROW, II_A_DISPUTED_COL), Some((1, Some(Arrow::Down), 1, 2)));
        assert_eq!(II_A_DISPUTED_COL, 15);
        // The same cell of another table (II-B): not resolved.
        assert_eq!(resolve_raw(&grid, false, 0, 15), None);
        // Another column of II-A: not resolved.
        assert_eq!(resolve_raw(&grid, true, 0, 14), None);
        assert_eq!(resolve_raw(&grid, true, 0, 16), None);
        // Another row of II-A: an `↑` from row B meeting a `↓` is not resolved either.
        let rows = ["↓ ".repeat(AQL_COLUMNS), "↑ ".repeat(AQL_COLUMNS), "1/2 ".repeat(AQL_COLUMNS)];
        let grid: Vec<&str> = rows.iter().map(String::as_str).collect();
        assert_eq!(resolve_raw(&grid, true, 1, 15), None);
    }
}
