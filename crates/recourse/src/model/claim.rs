//! The claim: the input of one evaluation, as serde types. Amounts are read from decimal text
//! (a JSON string, or a JSON number's shortest round-trip text), never through float arithmetic.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal amount. In JSON: a string such as `"42.10"` (preferred) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub Decimal);

/// A JSON number with more significant digits than a double carries exactly (15) is most likely
/// the result of binary floating-point arithmetic (`0.1 + 0.2`); it is refused, not guessed at.
const MAX_NUMBER_DIGITS: usize = 15;

impl Amount {
    /// An amount from decimal text (`"1500.00"`), exactly; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Amount, String> {
        match crate::domain::money::parse_decimal(text.trim()) {
            Ok(d) => Ok(Amount(d)),
            Err(crate::domain::money::DecimalTextError::Shape) => {
                Err(format!("`{}` is not a decimal amount (write it like \"1234.50\")", crate::diagnostics::excerpt(text, 40)))
            }
            Err(crate::domain::money::DecimalTextError::Range) => {
                Err(format!("`{}` is out of range (at most 28 significant digits)", crate::diagnostics::excerpt(text, 40)))
            }
        }
    }

    /// Read a JSON number from its shortest round-trip decimal text.
    pub fn from_number_text(text: &str) -> Result<Amount, String> {
        let digits = text.trim_start_matches('-').chars().filter(|c| c.is_ascii_digit()).collect::<String>();
        let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
        if text.contains(['e', 'E']) || significant > MAX_NUMBER_DIGITS {
            return Err(format!(
                "the number `{text}` cannot be an exact amount (it looks like the result of floating-point arithmetic or is out of range); send amounts as decimal strings such as \"0.30\""
            ));
        }
        Amount::parse(text)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount as a string such as \"42.10\", or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                Amount::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                Ok(Amount(Decimal::from(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                amount_of_f64(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

// The only place a binary float is touched: to get its shortest decimal text.
fn amount_of_f64(v: f64) -> Result<Amount, String> {
    if !v.is_finite() {
        return Err("amounts must be finite".to_string());
    }
    if v.abs() >= 1e28 {
        return Err(format!("the number `{v:e}` is out of range (at most 28 digits)"));
    }
    Amount::from_number_text(&format!("{v}"))
}

/// A claim amount: a plain amount (`"120.00"`) is in the claim's currency, the policy's; an object
/// (`{ "amount": "120.00", "currency": "EUR", "on": "2026-03-02" }`) is in another currency and is
/// converted at one of the claim's `rates`.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimAmount {
    /// In the claim's currency.
    Settlement(Amount),
    /// In another currency.
    Foreign(ForeignAmount),
}

impl ClaimAmount {
    /// The number as the claim states it, in whichever currency.
    pub fn amount(&self) -> Decimal {
        match self {
            ClaimAmount::Settlement(a) => a.0,
            ClaimAmount::Foreign(f) => f.amount.0,
        }
    }

    /// The same amount with another number, in the same currency and on the same day.
    pub fn with_amount(&self, amount: Decimal) -> ClaimAmount {
        match self {
            ClaimAmount::Settlement(_) => ClaimAmount::Settlement(Amount(amount)),
            ClaimAmount::Foreign(f) => ClaimAmount::Foreign(ForeignAmount { amount: Amount(amount), ..f.clone() }),
        }
    }
}

impl From<Amount> for ClaimAmount {
    fn from(a: Amount) -> ClaimAmount {
        ClaimAmount::Settlement(a)
    }
}

impl fmt::Display for ClaimAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimAmount::Settlement(a) => a.fmt(f),
            ClaimAmount::Foreign(x) => write!(f, "{} {}", x.currency, x.amount),
        }
    }
}

/// An amount in another currency than the claim's, with the day it was incurred.
// Read by `ClaimAmount`'s deserializer, not a derived one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignAmount {
    /// The amount in `currency`, e.g. "120.00".
    pub amount: Amount,
    /// Its ISO 4217 code, e.g. "EUR".
    pub currency: String,
    /// The day the amount was incurred (invoiced or paid). When the buyer bears the currency risk
    /// it is converted at the rate of this day (else of `notified_on`).
    #[serde(default, deserialize_with = "optional_date", skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

impl Serialize for ClaimAmount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ClaimAmount::Settlement(a) => a.serialize(s),
            ClaimAmount::Foreign(f) => f.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ClaimAmount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClaimAmount, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ClaimAmount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount such as \"42.10\", or an object { \"amount\", \"currency\", \"on\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ClaimAmount, E> {
                Amount::parse(v).map(ClaimAmount::Settlement).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ClaimAmount, E> {
                Ok(ClaimAmount::Settlement(Amount(Decimal::from(v))))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ClaimAmount, E> {
                Ok(ClaimAmount::Settlement(Amount(Decimal::from(v))))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ClaimAmount, E> {
                amount_of_f64(v).map(ClaimAmount::Settlement).map_err(E::custom)
            }
            // By hand rather than through `ForeignAmount`'s derive over a `MapAccessDeserializer`,
            // which generated one more deserializer per way a claim is read (0.3 KB of .wasm).
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ClaimAmount, A::Error> {
                use serde::de::Error as _;
                let (mut amount, mut currency, mut on): (Option<Amount>, Option<String>, Option<Option<String>>) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "amount" if amount.is_none() => amount = Some(map.next_value()?),
                        "currency" if currency.is_none() => currency = Some(map.next_value()?),
                        "on" if on.is_none() => on = Some(map.next_value()?),
                        "amount" | "currency" | "on" => return Err(A::Error::custom(format!("`{key}` is given twice"))),
                        other => return Err(A::Error::unknown_field(other, &["amount", "currency", "on"])),
                    }
                }
                let amount = amount.ok_or_else(|| A::Error::missing_field("amount"))?;
                let currency = currency.ok_or_else(|| A::Error::missing_field("currency"))?;
                let on = match on.flatten() {
                    Some(text) => Some(
                        crate::domain::calendar::parse_date(&text)
                            .ok_or_else(|| A::Error::custom(format!("`{text}` is not a calendar date in the form YYYY-MM-DD")))?,
                    ),
                    None => None,
                };
                Ok(ClaimAmount::Foreign(ForeignAmount { amount, currency, on }))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for ClaimAmount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ClaimAmount".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let plain = generator.subschema_for::<Amount>();
        let foreign = generator.subschema_for::<ForeignAmount>();
        schemars::json_schema!({
            "description": "A claim amount: an exact decimal amount in the claim's currency, or an object with an amount in another currency.",
            "anyOf": [plain, foreign]
        })
    }
}

/// An exchange rate the claim states: how many units of the claim's currency one unit of
/// `currency` was worth on the day `on`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRate {
    /// The other currency's ISO 4217 code, e.g. "EUR".
    pub currency: String,
    /// Units of the claim's currency per unit of `currency`, e.g. "1.0850" (at most 10 places).
    pub rate: Amount,
    /// The day of the rate (on or before `as_of`).
    #[serde(deserialize_with = "date")]
    pub on: NaiveDate,
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal amount: a string such as \"42.10\" (preferred), or a JSON number with at most 15 significant digits.",
            "anyOf": [
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
                { "type": "number" }
            ]
        })
    }
}

/// A whole, non-negative quantity (units, counts, sizes), at most [`MAX_COUNT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Count(#[schemars(range(min = 0, max = 9_007_199_254_740_991u64))] pub u64);

/// The largest count a claim may give: 2^53 - 1, the largest whole number every JSON reader
/// (JavaScript's above all) holds exactly, so that a decision that repeats it stays exact.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

fn count<E: serde::de::Error>(v: u64) -> Result<Count, E> {
    if v > MAX_COUNT {
        return Err(E::custom(format!("`{v}` is too large; counts go up to {MAX_COUNT}")));
    }
    Ok(Count(v))
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole non-negative number")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Count, E> {
                count(v)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v).map_err(|_| E::custom(format!("`{v}` is negative; expected a whole non-negative number"))).and_then(count)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Count, E> {
                Err(E::custom(format!("`{v}` is not a whole number")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Count, E> {
                u64::from_str(v.trim()).map_err(|_| E::custom(format!("`{v}` is not a whole non-negative number"))).and_then(count)
            }
        }
        d.deserialize_any(V)
    }
}

/// One claim against a supplier: the order, what was found, the dates, the costs and the facts
/// the policy reads. Read from JSON by [`Claim::from_json`]; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The buyer's reference for the claim; a claim in `history` with the same id is this claim.
    pub claim_id: String,
    /// "Today" for this evaluation; the engine never reads a clock.
    #[serde(deserialize_with = "date")]
    pub as_of: NaiveDate,
    /// The supplier's name (the packet and the recurrence flags compare it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// The purchase order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub po: Option<String>,
    /// The article (stock-keeping unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The lot or delivery the defects were found in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// What the claim is about: `defect` when absent, or a kind the policy declares in its
    /// `kinds` block (`late_delivery`, `short_shipment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// ISO 4217 code; must equal the policy's currency.
    pub currency: String,
    /// The order line the claim is about.
    pub order: Order,
    /// The inspection of the lot, when one was done (for AQL sampling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<Inspection>,
    /// Units the claim is for (defective or rejected).
    pub affected_units: Count,
    /// The day the buyer found the defects.
    #[serde(deserialize_with = "date")]
    pub discovered_on: NaiveDate,
    /// The day the buyer notified the supplier.
    #[serde(deserialize_with = "date")]
    pub notified_on: NaiveDate,
    /// When the supplier answered the claim, if it has.
    #[serde(default, deserialize_with = "optional_date", skip_serializing_if = "Option::is_none")]
    pub supplier_responded_on: Option<NaiveDate>,
    /// Named costs (`costs.outbound_freight` in a policy). A cost the claim does not list is zero.
    /// A cost in another currency is an object `{ "amount", "currency", "on" }`, converted at one of
    /// `rates`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub costs: BTreeMap<String, ClaimAmount>,
    /// Values of the policy's own inputs, by input name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub facts: BTreeMap<String, serde_json::Value>,
    /// Earlier claims, for recurrence flags.
    #[serde(default)]
    pub history: Vec<PastClaim>,
    /// Evidence the claim carries (photos, traceability, a third party's report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// End customers' returns behind the claim; personal data, which never leaves the company
    /// (the supplier packet pseudonymises it).
    #[serde(default)]
    pub customer_returns: Vec<CustomerReturn>,
    /// Earlier lots of this supplier, oldest first, for ISO 2859-1 switching.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lot_history: Vec<LotRecord>,
    /// What switching to reduced inspection needs besides the lots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switching: Option<SwitchingFacts>,
    /// What the buyer has recovered from the supplier so far (for the scorecard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<Amount>,
    /// Exchange rates for the claim's amounts in other currencies, each with its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<ExchangeRate>,
    /// The moment of the evaluation, when the policy's process counts hours; its date (in its own
    /// offset) must be `as_of`. Without it, a step due at a time is overdue from the next day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_time: Option<Moment>,
    /// Dated events of the claim's lifecycle (acknowledged, approved, replacement shipped ...), of
    /// the kinds the policy's `process` names; at most [`MAX_EVENTS`], each kind once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<ClaimEvent>,
}

/// The most events a claim may carry.
pub const MAX_EVENTS: usize = 1000;

/// One event of the claim's lifecycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimEvent {
    /// An event kind the policy's `process` names (a step or an `event` line).
    pub kind: String,
    /// When it happened: a date `YYYY-MM-DD`, or a timestamp with its offset
    /// `YYYY-MM-DDTHH:MM[:SS]+HH:MM` (`Z` for UTC).
    pub at: Moment,
}

/// A date, or a timestamp with its UTC offset. In JSON: `"2026-03-05"` or
/// `"2026-03-05T16:30+08:00"`; written back in that canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A calendar date.
    Date(NaiveDate),
    /// A moment with the offset it was written in.
    Timestamp(crate::domain::timestamp::Timestamp),
}

impl Moment {
    /// Read `YYYY-MM-DD` or a timestamp; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Moment, String> {
        if !text.contains('T') {
            return crate::domain::calendar::parse_date(text).map(Moment::Date).ok_or_else(|| {
                format!(
                    "`{}` is not a date YYYY-MM-DD or a timestamp such as 2026-03-05T16:30+08:00",
                    crate::diagnostics::excerpt(text, 40)
                )
            });
        }
        crate::domain::timestamp::parse_timestamp(text).map(Moment::Timestamp).map_err(|e| e.0)
    }

    /// The canonical text.
    pub fn text(&self) -> String {
        match self {
            Moment::Date(d) => d.to_string(),
            Moment::Timestamp(t) => crate::domain::timestamp::format_timestamp(t),
        }
    }

    /// The calendar date (of a timestamp: in its own offset).
    pub fn date(&self) -> NaiveDate {
        match self {
            Moment::Date(d) => *d,
            Moment::Timestamp(t) => t.date_naive(),
        }
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Moment;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD or a timestamp such as \"2026-03-05T16:30+08:00\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Moment, E> {
                Moment::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Moment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Moment".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date `YYYY-MM-DD`, or a timestamp with its UTC offset `YYYY-MM-DDTHH:MM[:SS]+HH:MM` (`Z` for UTC).",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?$"
        })
    }
}

/// An earlier lot: either its inspection (`lot_size` and `found`), which the engine judges
/// under the plan in force at the time, or just whether it was `accepted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LotRecord {
    /// The lot's reference.
    pub lot: String,
    /// The day the lot was received.
    #[serde(deserialize_with = "date")]
    pub received_on: NaiveDate,
    /// Units in the lot (with `found`: the lot is judged under the plan in force then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_size: Option<Count>,
    /// Units sampled (for the scorecard's defect rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_size: Option<Count>,
    /// Defects found in the lot's sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<Vec<Found>>,
    /// Whether the lot was accepted, when it is not judged from its inspection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
}

/// Facts the ISO 2859-1 switching rules need besides the lot history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchingFacts {
    /// Production is at a steady rate.
    #[serde(default)]
    pub production_steady: bool,
    /// The responsible authority approves reduced inspection.
    #[serde(default)]
    pub reduced_approved: bool,
}

/// The order line: units, price and dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Units ordered.
    pub units: Count,
    /// Price of one unit, in the claim's currency.
    pub unit_price: Amount,
    /// Defaults to units x unit price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
    /// The agreed delivery date, if the contract names one.
    #[serde(default, deserialize_with = "optional_date", skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// The day the goods were delivered.
    #[serde(deserialize_with = "date")]
    pub delivered_on: NaiveDate,
}

/// An inspection of the lot: its size, the sample drawn and what was found in the sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// Units in the lot.
    pub lot_size: Count,
    /// Units sampled.
    pub sample_size: Count,
    /// Defects found in the sample, by code.
    #[serde(default)]
    pub found: Vec<Found>,
    /// Who inspected (a name, a company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspector: Option<String>,
}

/// A count of one defect code found in a sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Found {
    /// A code of the policy's defect catalogue (a defect or an exclusion).
    pub defect: String,
    /// How many units show it.
    pub count: Count,
}

/// An earlier claim, for recurrence flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PastClaim {
    /// Its reference.
    pub claim_id: String,
    /// Its article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Its supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// Its lot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The defect code it was about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defect: Option<String>,
    /// The day it was opened.
    #[serde(deserialize_with = "date")]
    pub opened_on: NaiveDate,
}

/// Evidence a claim carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Number of photos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photos: Option<Count>,
    /// Whether the defective units can be traced to the lot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_traceable: Option<bool>,
    /// A third party's inspection or survey report (its reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party_report: Option<String>,
}

/// An end customer's return behind the claim. Personal data: the packet and every export
/// replace it with pseudonyms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerReturn {
    /// The return's reference.
    pub return_id: String,
    /// The customer's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The customer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The customer's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The customer's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The customer's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The defect code the customer reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defect: Option<String>,
    /// Photo file names.
    #[serde(default)]
    pub photos: Vec<String>,
    /// The customer's or the agent's note (free text; may hold personal data of any kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A claim date: text `YYYY-MM-DD` read by [`crate::domain::calendar::parse_date`].
/// A JSON object as a map, refusing a key given twice: serde_json would keep the last value
/// silently, and a claim with two `outbound_freight` costs contradicts itself. (The claim's own
/// fields are refused twice by serde's derive already.)
fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("`{key}` is given twice")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a date written YYYY-MM-DD")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NaiveDate, E> {
            crate::domain::calendar::parse_date(v).ok_or_else(|| E::custom(format!("`{v}` is not a calendar date in the form YYYY-MM-DD")))
        }
    }
    d.deserialize_str(V)
}

fn optional_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<NaiveDate>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a date written YYYY-MM-DD, or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            date(d).map(Some)
        }
    }
    d.deserialize_option(V)
}

/// A claim that failed to deserialize: the JSON path of the field and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimError {
    /// Where in the claim, e.g. `order.unit_price`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
}

/// The largest claim text read, in bytes: room for a history of some 40 000 earlier claims. An
/// evaluation holds a few times its claim's size, so this bounds its memory too.
pub const MAX_CLAIM_BYTES: usize = 4 << 20;

impl Claim {
    /// Parse claim JSON text with the path of the offending field in the error.
    pub fn from_json(text: &str) -> Result<Claim, ClaimError> {
        if text.len() > MAX_CLAIM_BYTES {
            return Err(ClaimError {
                path: String::new(),
                message: format!("the claim is {} bytes; a claim may be at most {MAX_CLAIM_BYTES} bytes", text.len()),
            });
        }
        read_json(text)
    }

    /// A claim from parsed JSON, as [`Claim::from_json`] reads text.
    pub fn from_value(value: serde_json::Value) -> Result<Claim, ClaimError> {
        serde_path_to_error::deserialize(value).map_err(path_error)
    }
}

/// JSON text as `T`, with the path of the offending field in the error. Every claim read from text
/// goes through here (a claim alone, or inside a scorecard input), so that the claim types'
/// deserializers are generated once for text: each more deserializer type would add them again
/// to the .wasm (some 40 KB). (`Claim::from_value`, for the examples of `recourse test`, is not
/// in the .wasm.)
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ClaimError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(path_error)?;
    de.end().map_err(|e| ClaimError { path: String::new(), message: e.to_string() })?;
    Ok(value)
}

fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> ClaimError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let mut message = inner.to_string();
    // serde_json appends " at line L column C"; keep it only for syntax errors of the text itself.
    if inner.is_data()
        && let Some(i) = message.rfind(" at line ")
    {
        message.truncate(i);
    }
    // serde names the Rust type it expected ("expected struct Claim"): say what the JSON should be.
    if let Some(i) = message.find("expected struct ") {
        message.truncate(i);
        message.push_str("expected an object");
    }
    ClaimError { path: if path == "." { String::new() } else { path }, message }
}
