//! Money: exact decimal amounts, ISO 4217 minor units, and the policy's rounding rule.
//! Rounding happens once per cost line; totals are sums of rounded lines.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::terms::RoundingMode;

/// Decimal arithmetic that never rounds: `None` on overflow, on division by zero, and when the
/// exact sum, difference or product needs more than Decimal's 28 significant digits (rust_decimal
/// would round it silently: a cost line one cent off, `a + b > a` false for a positive `b`).
/// Division is exact only through [`divide_exact`] and rounds only through `round(...)`.
///
/// They are functions that are not inlined: rust_decimal marks `checked_*`
/// `#[inline(always)]`, so each call site carried a whole copy of the 96-bit algorithms
/// (`divide_with` alone was 19 KB of the .wasm). `crates/recourse/clippy.toml` keeps the
/// originals out of the core.
pub trait Checked: Sized {
    /// `self + other`, or `None` when the exact sum does not fit.
    fn plus(self, other: Self) -> Option<Self>;
    /// `self - other`, or `None` when the exact difference does not fit.
    fn minus(self, other: Self) -> Option<Self>;
    /// `self × other`, or `None` when the exact product does not fit.
    fn times(self, other: Self) -> Option<Self>;
    /// `self ÷ other` to 28 significant digits, or `None` for a zero divisor or overflow.
    fn divided_by(self, other: Self) -> Option<Self>;
    /// The remainder of `self ÷ other`, or `None` for a zero divisor.
    fn modulo(self, other: Self) -> Option<Self>;
}

#[allow(clippy::disallowed_methods, reason = "the one place that calls rust_decimal's checked operations")]
impl Checked for Decimal {
    #[inline(never)]
    fn plus(self, other: Decimal) -> Option<Decimal> {
        let r = self.checked_add(other)?;
        exact_sum(self, other, r).then_some(r)
    }
    #[inline(never)]
    fn minus(self, other: Decimal) -> Option<Decimal> {
        let r = self.checked_sub(other)?;
        exact_sum(self, -other, r).then_some(r)
    }
    #[inline(never)]
    fn times(self, other: Decimal) -> Option<Decimal> {
        let r = self.checked_mul(other)?;
        exact_product(self, other, r).then_some(r)
    }
    #[inline(never)]
    fn divided_by(self, other: Decimal) -> Option<Decimal> {
        self.checked_div(other)
    }
    #[inline(never)]
    fn modulo(self, other: Decimal) -> Option<Decimal> {
        self.checked_rem(other)
    }
}

/// `10^k` for `k <= 38`.
fn pow10(k: u32) -> Option<i128> {
    10i128.checked_pow(k)
}

/// `m / d` and `m % d` for a divisor `d` below `2^32`, by 32-bit limbs in u64 arithmetic: no
/// 128-bit division, which is a 1 KB routine of compiler_builtins in the .wasm.
fn div_small(m: u128, d: u64) -> (u128, u64) {
    let (mut q, mut r) = (0u128, 0u64);
    if d == 0 {
        return (q, r);
    }
    for shift in [96u32, 64, 32, 0] {
        let limb = u64::try_from((m >> shift) & 0xFFFF_FFFF).unwrap_or(0);
        let cur = (r << 32) | limb;
        q |= u128::from(cur / d) << shift;
        r = cur % d;
    }
    (q, r)
}

/// Whether `r`, rust_decimal's `a + b` correctly rounded to `r.scale()` places, is the exact sum.
/// The exact sum has `s = max(scale)` places; when `r` has fewer, the `s - r.scale()` digits cut
/// must all be zero, i.e. the exact sum's mantissa at scale `s` is a multiple of `10^k`. That is
/// decided on remainders modulo `10^k` (k <= 28, so everything fits in an i128): each term's is
/// below `10^k` in size, so their sum is a multiple of `10^k` only when it is `-10^k`, 0 or `10^k`.
fn exact_sum(a: Decimal, b: Decimal, r: Decimal) -> bool {
    let s = a.scale().max(b.scale());
    let Some(k) = s.checked_sub(r.scale()).filter(|k| *k > 0) else { return true };
    let Some(m) = pow10(k) else { return false };
    // `x`'s mantissa at scale `s`, modulo 10^k (sign kept): mantissa * 10^(s - scale).
    let term = |x: Decimal| -> Option<i128> {
        let e = s.checked_sub(x.scale())?;
        if e >= k {
            return Some(0);
        }
        // The mantissa's last `k - e` digits, one at a time.
        let (mut rest, mut low, mut place) = (x.mantissa().unsigned_abs(), 0i128, 1i128);
        for _ in 0..k.checked_sub(e)? {
            let (q, digit) = div_small(rest, 10);
            rest = q;
            low = low.checked_add(i128::from(digit).checked_mul(place)?)?;
            place = place.checked_mul(10)?;
        }
        let low = if x.mantissa() < 0 { low.checked_neg()? } else { low };
        low.checked_mul(pow10(e)?)
    };
    match (term(a), term(b)) {
        (Some(x), Some(y)) => x.checked_add(y).is_some_and(|t| t == 0 || t.unsigned_abs() == m.unsigned_abs()),
        _ => false,
    }
}

/// Whether `r`, rust_decimal's `a * b` correctly rounded to `r.scale()` places, is the exact
/// product. The exact product has `a.scale() + b.scale()` places; when `r` has `k` fewer, the
/// product of the mantissas must be a multiple of `10^k`: it has at least `k` factors of 2 and `k`
/// of 5. Zero is exact whatever the scales (`0 * 16.85`).
fn exact_product(a: Decimal, b: Decimal, r: Decimal) -> bool {
    if a.is_zero() || b.is_zero() {
        return true;
    }
    let Some(k) = a.scale().saturating_add(b.scale()).checked_sub(r.scale()).filter(|k| *k > 0) else { return true };
    let factors = |mut m: u128, p: u64| {
        let mut n = 0u32;
        while m != 0 {
            let (q, rem) = div_small(m, p);
            if rem != 0 {
                break;
            }
            m = q;
            n = n.saturating_add(1);
        }
        n
    };
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    factors(ma, 2).saturating_add(factors(mb, 2)) >= k && factors(ma, 5).saturating_add(factors(mb, 5)) >= k
}

/// Why decimal text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalTextError {
    /// Not `-`? digits, optionally `.` and digits.
    Shape,
    /// More digits than a Decimal holds exactly (28 after the point, 29 in all).
    Range,
}

/// The most digits an exact Decimal can be written with once leading zeros are gone.
const MAX_DECIMAL_DIGITS: usize = 29;

/// Reads `-`? digits (`.` digits)? exactly: the crate's one reader of decimal text, for policies,
/// claims, facts, costs and the CLI. Leading zeros are dropped and the length bounded before
/// rust_decimal's parser runs: that parser takes one stack frame per digit at opt-level "z", so
/// a few thousand leading zeros overflowed the wasm stack.
///
/// # Errors
/// `Shape` for anything else (signs other than one leading `-`, exponents, spaces, a bare `.`),
/// `Range` when the value needs more digits than Decimal keeps.
pub fn parse_decimal(text: &str) -> Result<Decimal, DecimalTextError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(DecimalTextError::Shape);
    }
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.unwrap_or("");
    if whole.len().saturating_add(fraction.len()) > MAX_DECIMAL_DIGITS {
        return Err(DecimalTextError::Range);
    }
    let mut normal = String::with_capacity(MAX_DECIMAL_DIGITS.saturating_add(3));
    if negative {
        normal.push('-');
    }
    normal.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        normal.push('.');
        normal.push_str(fraction);
    }
    Decimal::from_str_exact(&normal).map_err(|_| DecimalTextError::Range)
}

/// ISO 4217 codes with their minor units (decimal places). Codes not listed are unknown.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWL", 2),
];

/// A known ISO 4217 currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

impl Currency {
    /// The currency of an ISO 4217 code (`USD`), if it is one.
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES.iter().find(|(c, _)| *c == code).map(|(code, minor_units)| Currency { code, minor_units: *minor_units })
    }

    /// Its ISO 4217 code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Decimal places of its minor unit (2 for USD, 0 for JPY).
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }

    /// Round to this currency's minor unit by the policy's rule. Never fails: rounding to fewer
    /// places cannot overflow.
    pub fn round(self, amount: Decimal, mode: RoundingMode) -> Decimal {
        round_to(amount, self.minor_units, mode)
    }

    /// The amount as text with exactly the minor unit's places ("8930.00", "1200" for JPY).
    pub fn format(self, amount: Decimal) -> String {
        format_places(amount, self.minor_units)
    }
}

/// An amount of the policy's currency in a decision: exact inside, and on the wire the text
/// [`Currency::format`] writes ("8930.00", "1200" for JPY).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    amount: Decimal,
    places: u32,
}

impl Money {
    /// `amount`, shown with `currency`'s minor units.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, places: currency.minor_units() }
    }

    /// The exact amount.
    pub fn amount(self) -> Decimal {
        self.amount
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.amount.is_zero()
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_places(self.amount, self.places))
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// rust_decimal's strategy for a rounding mode of the language.
pub fn strategy(mode: RoundingMode) -> RoundingStrategy {
    match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
    }
}

/// `amount` rounded to `places` decimals by `mode`.
pub fn round_to(amount: Decimal, places: u32, mode: RoundingMode) -> Decimal {
    amount.round_dp_with_strategy(places, strategy(mode))
}

/// Fixed places, padded with zeros (`round_dp` alone does not pad).
pub fn format_places(amount: Decimal, places: u32) -> String {
    let mut a = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if a.scale() < places {
        // rescale pads with zeros; it can only fail to pad when the mantissa has no room, and
        // then the unpadded text is still the exact value.
        let mut padded = a;
        padded.rescale(places);
        if padded == a {
            a = padded;
        }
    }
    if a.is_zero() {
        a.set_sign_positive(true);
    }
    a.to_string()
}

/// `numerator / denominator` rounded to `places` by `mode`, computed exactly: the quotient is
/// truncated with integer arithmetic and the remainder decides the last digit, so no digit
/// beyond the 28 that `Decimal` division keeps can flip the rounding. `None` on overflow or a
/// zero denominator.
pub fn divide_rounded(numerator: Decimal, denominator: Decimal, places: u32, mode: RoundingMode) -> Option<Decimal> {
    divide_with(numerator, denominator, places, RoundRule::Nearest(mode))
}

/// How a quotient's last kept digit is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundRule {
    /// To the nearest, midpoints by the mode.
    Nearest(RoundingMode),
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceil,
}

impl RoundRule {
    /// rust_decimal's strategy for this rule.
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            RoundRule::Nearest(m) => strategy(m),
            RoundRule::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundRule::Ceil => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// `numerator / denominator` to `places` by `rule`, exactly (see `divide_rounded`).
pub fn divide_with(numerator: Decimal, denominator: Decimal, places: u32, rule: RoundRule) -> Option<Decimal> {
    if denominator.is_zero() {
        return None;
    }
    let scale = Decimal::from_i128_with_scale(10i128.checked_pow(places)?, 0);
    let x = numerator.times(scale)?;
    let approx = x.divided_by(denominator)?;
    let mut q = approx.trunc();
    let mut r = x.minus(q.times(denominator)?)?;
    // Bring the remainder to the sign of x with |r| < |d| (the truncated approximation can be
    // one off when Decimal division rounded up to an integer).
    for _ in 0..4 {
        let wrong_sign = !r.is_zero() && (r.is_sign_negative() != x.is_sign_negative());
        if wrong_sign {
            let step = if x.is_sign_negative() == denominator.is_sign_negative() { Decimal::ONE } else { Decimal::NEGATIVE_ONE };
            q = q.minus(step)?;
            r = x.minus(q.times(denominator)?)?;
        } else if r.abs() >= denominator.abs() {
            let step = if x.is_sign_negative() == denominator.is_sign_negative() { Decimal::ONE } else { Decimal::NEGATIVE_ONE };
            q = q.plus(step)?;
            r = x.minus(q.times(denominator)?)?;
        } else {
            break;
        }
    }
    let twice = r.abs().times(Decimal::TWO)?;
    let d = denominator.abs();
    let negative = x.is_sign_negative() != denominator.is_sign_negative();
    let away = match rule {
        RoundRule::Floor => negative,
        RoundRule::Ceil => !negative,
        RoundRule::Nearest(mode) => match twice.cmp(&d) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => match mode {
                RoundingMode::HalfUp => true,
                RoundingMode::HalfEven => q.modulo(Decimal::TWO) != Some(Decimal::ZERO),
            },
        },
    };
    if away && !r.is_zero() {
        q = if negative { q.minus(Decimal::ONE)? } else { q.plus(Decimal::ONE)? };
    }
    let mut out = q.divided_by(scale)?;
    out.rescale(places);
    Some(out)
}

/// `a / b` when the quotient is exact (terminates within Decimal's 28 digits); `None` otherwise.
pub fn divide_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let q = a.divided_by(b)?.normalize();
    // Exact when multiplying back, itself exactly, gives the numerator again.
    (q.times(b)? == a).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_rules() {
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(usd.round(d("2.345"), RoundingMode::HalfUp), d("2.35"));
        assert_eq!(usd.round(d("2.345"), RoundingMode::HalfEven), d("2.34"));
        assert_eq!(usd.round(d("-2.345"), RoundingMode::HalfUp), d("-2.35"));
        assert_eq!(usd.format(d("8930")), "8930.00");
        assert_eq!(usd.format(d("0.9")), "0.90");
        assert_eq!(Currency::from_code("JPY").unwrap().format(d("1200.4")), "1200");
        assert_eq!(Currency::from_code("KWD").unwrap().format(d("1.5")), "1.500");
        assert!(Currency::from_code("XYZ").is_none());
    }

    #[test]
    fn exact_rounded_division() {
        assert_eq!(divide_rounded(d("1"), d("3"), 2, RoundingMode::HalfUp).unwrap().to_string(), "0.33");
        assert_eq!(divide_rounded(d("2"), d("3"), 2, RoundingMode::HalfUp).unwrap().to_string(), "0.67");
        assert_eq!(divide_rounded(d("1"), d("8"), 2, RoundingMode::HalfUp).unwrap().to_string(), "0.13");
        assert_eq!(divide_rounded(d("1"), d("8"), 2, RoundingMode::HalfEven).unwrap().to_string(), "0.12");
        assert_eq!(divide_rounded(d("-1"), d("8"), 2, RoundingMode::HalfUp).unwrap().to_string(), "-0.13");
        assert_eq!(divide_rounded(d("3"), d("8"), 2, RoundingMode::HalfEven).unwrap().to_string(), "0.38");
        assert_eq!(divide_rounded(d("10"), d("-4"), 0, RoundingMode::HalfEven).unwrap().to_string(), "-2");
        assert_eq!(divide_rounded(d("1"), d("0"), 2, RoundingMode::HalfUp), None);
        assert_eq!(divide_with(d("-1"), d("3"), 2, RoundRule::Floor).unwrap().to_string(), "-0.34");
        assert_eq!(divide_with(d("1"), d("3"), 2, RoundRule::Ceil).unwrap().to_string(), "0.34");
        assert_eq!(divide_with(d("2"), d("3"), 0, RoundRule::Floor).unwrap().to_string(), "0");
    }

    #[test]
    fn exact_multiplication() {
        assert_eq!(Checked::times(d("0.50"), d("0.20")), Some(d("0.1000")));
        assert_eq!(Checked::times(d("1.23456789012345678901234567"), d("1.23456789012345678901")), None);
        assert_eq!(Checked::times(d("190"), d("42.00")), Some(d("7980.00")));
    }

    #[test]
    fn exact_division() {
        assert_eq!(divide_exact(d("1"), d("8")), Some(d("0.125")));
        assert_eq!(divide_exact(d("1"), d("3")), None);
        assert_eq!(divide_exact(d("1"), d("0")), None);
        assert_eq!(divide_exact(d("125"), d("3")), None);
        assert_eq!(divide_exact(d("200"), d("3")), None);
        assert_eq!(divide_exact(d("210000.00"), d("4")), Some(d("52500")));
        assert_eq!(divide_exact(d("2"), d("0.0016")), Some(d("1250")));
    }
}

/// The most decimal places an exchange rate may have: banks quote 4 to 6, and the smallest
/// currencies against the largest need about 8 (one dong in dollars is 0.0000393).
pub const MAX_RATE_PLACES: u32 = 10;

/// The largest exchange rate accepted: one unit of the strongest currency in units of the weakest
/// is some 100 000 (a dinar in rials); ten times that catches a misplaced decimal point.
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Why an exchange rate cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateError {
    /// Zero or below.
    NotPositive,
    /// More than [`MAX_RATE_PLACES`] decimal places.
    TooPrecise,
    /// Above [`MAX_RATE`].
    TooLarge,
}

/// An exchange rate a claim states, checked: above zero, at most [`MAX_RATE_PLACES`] places (after
/// trailing zeros are dropped) and at most [`MAX_RATE`], so that a conversion stays exact.
pub fn check_rate(rate: Decimal) -> Result<Decimal, RateError> {
    if rate.is_sign_negative() || rate.is_zero() {
        return Err(RateError::NotPositive);
    }
    if rate.normalize().scale() > MAX_RATE_PLACES {
        return Err(RateError::TooPrecise);
    }
    if rate > MAX_RATE {
        return Err(RateError::TooLarge);
    }
    Ok(rate)
}

/// `amount` of another currency converted at `rate` (units of `to` per unit of it): the exact
/// product, and that product rounded once to `to`'s minor unit by `mode`. `None` when the exact
/// product needs more than 28 significant digits (nothing is rounded to make it fit).
pub fn convert(amount: Decimal, rate: Decimal, to: Currency, mode: RoundingMode) -> Option<(Decimal, Decimal)> {
    let exact = amount.times(rate)?;
    Some((exact, to.round(exact, mode)))
}
