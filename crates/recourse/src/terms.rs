//! The vocabulary of the language: every closed set of words (severity classes, rounding modes,
//! time units, payers, rank criteria, statuses ...) defined once, with the keyword a policy spells
//! it with. The parser reads keywords through [`Keyword::from_keyword`], the formatter and the
//! evaluator's messages write them with `keyword()`, and the serde name of each word (its JSON
//! spelling in claims and decisions) comes from the same declaration.
//!
//! This module sits below the pipeline: money, calendars, sampling, the claim and the decision
//! name these words without depending on the syntax tree.

/// A closed set of words of the language.
pub trait Keyword: Sized + Copy + 'static {
    /// Every word of the set, in declaration order.
    const ALL: &'static [Self];
    /// The word as a policy spells it.
    fn keyword(self) -> &'static str;
    /// The word a policy spelled, if it is one of the set. Runs of whitespace between the parts
    /// of a multi-word keyword (`business  days`) count as one space.
    fn from_keyword(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| text.split_whitespace().eq(w.keyword().split(' ')))
    }
}

/// Declares closed word sets: the enum (with the attributes given, e.g. its serde derive and
/// `rename_all`, so its JSON name is derived from the same variant), its keyword, its display text
/// (`Variant = "keyword" / "display text"`; the keyword when not given) and its [`Keyword`] impl.
macro_rules! words {
    (@display $keyword:literal) => { $keyword };
    (@display $keyword:literal, $display:literal) => { $display };
    ($(
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $keyword:literal $(/ $display:literal)?, )*
        }
    )*) => {$(
        $(#[$meta])*
        #[allow(missing_docs, reason = "a word's keyword is its documentation")]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl $name {
            /// The word as a policy spells it.
            pub const fn keyword(self) -> &'static str {
                match self { $( $name::$variant => $keyword, )* }
            }

            /// The word in a sentence a buyer reads (the keyword unless the set says otherwise).
            pub const fn display(self) -> &'static str {
                match self { $( $name::$variant => words!(@display $keyword $(, $display)?), )* }
            }
        }

        impl Keyword for $name {
            const ALL: &'static [$name] = &[ $( $name::$variant, )* ];
            fn keyword(self) -> &'static str {
                $name::keyword(self)
            }
        }
    )*};
}

words! {
    /// How an exact amount is rounded to the currency's minor unit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum RoundingMode {
        /// Midpoint away from zero.
        HalfUp = "half_up" / "half up",
        /// Midpoint to the even neighbour (banker's rounding).
        HalfEven = "half_even" / "half even",
    }

    /// The severity classes of ISO 2859-1 acceptance sampling, in increasing order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum SeverityClass {
        Minor = "minor",
        Major = "major",
        Critical = "critical",
    }

    /// Inspection level of ISO 2859-1 Table I (special levels S-1 … S-4, general levels I … III).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum InspectionLevel {
        S1 = "S-1",
        S2 = "S-2",
        S3 = "S-3",
        S4 = "S-4",
        I = "I",
        II = "II",
        III = "III",
    }

    /// Inspection severity (switching state).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum InspectionState {
        /// Table II-A.
        Normal = "normal",
        /// Table II-B.
        Tightened = "tightened",
        /// Table II-C (MIL-STD-105E / Z1.4 reduced plans).
        Reduced = "reduced",
    }

    /// Which edition's switching rules apply (they differ for reduced inspection).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum SwitchingRules {
        /// ISO 2859-1:1999: normal -> reduced by the switching score (>= 30).
        Iso2859_1 = "iso2859-1",
        /// ANSI/ASQ Z1.4 (MIL-STD-105E): normal -> reduced after 10 consecutive accepted lots.
        Z14 = "z1.4",
    }

    /// The type of an input, as a policy names it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum TypeName {
        Money = "money",
        Decimal = "decimal",
        Percent = "percent",
        Int = "int",
        Bool = "bool",
        Date = "date",
        Duration = "duration",
        Text = "text",
        Severity = "severity",
        Remedy = "remedy",
        /// A moment with its UTC offset: `2026-03-05T16:30+08:00`.
        Timestamp = "timestamp",
    }

    /// The unit of a duration. The keyword is the plural; [`TimeUnit::singular`] gives the word
    /// after exactly one.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum TimeUnit {
        Days = "days",
        BusinessDays = "business days",
        Weeks = "weeks",
        Months = "months",
    }

    /// Who a cost line charges, and how.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Payer {
        SupplierPays = "supplier pays",
        BuyerPays = "buyer pays",
        SupplierCredits = "supplier credits",
    }

    /// A remedy's risk to the buyer, in increasing order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Risk {
        Low = "low",
        Moderate = "moderate",
        High = "high",
    }

    /// How `recommend` ranks the available remedies after its `prefer` rules.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum RankCriterion {
        HighestBuyerNetRecovery = "highest buyer_net_recovery" / "highest buyer net recovery",
        LowestBuyerNetRecovery = "lowest buyer_net_recovery" / "lowest buyer net recovery",
        HighestSupplierTotal = "highest supplier_total" / "highest supplier total",
        LowestSupplierTotal = "lowest supplier_total" / "lowest supplier total",
        HighestBuyerPays = "highest buyer_pays" / "highest buyer cost",
        LowestBuyerPays = "lowest buyer_pays" / "lowest buyer cost",
        ShortestTime = "shortest time",
        LongestTime = "longest time",
        LowestRisk = "lowest risk",
    }

    /// What earlier claims must share with this one to count towards a recurrence.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum HistoryKey {
        Sku = "sku",
        Supplier = "supplier",
        Lot = "lot",
    }

    /// A figure of the supplier scorecard.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Metric {
        /// Defects per million sampled units.
        Ppm = "ppm",
        LotsInspected = "lots_inspected",
        LotsRejected = "lots_rejected",
        /// Lots rejected / lots inspected, percent.
        RejectionRate = "rejection_rate",
        /// Recovered / claimed, percent.
        RecoveryRate = "recovery_rate",
        /// Mean business days from notice to the supplier's response.
        MeanResponseDays = "mean_response_days",
        LateResponses = "late_responses",
        Claims = "claims",
    }

    /// A deadline's state on the decision date.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum DeadlineStatus {
        Met = "met",
        Missed = "missed",
        /// Not yet due and not yet met.
        Open = "open",
    }

    /// The state of the escalation ladder.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum EscalationStatus {
        /// A deadline that escalates was missed: the ladder is open.
        Open = "open",
        /// Such a deadline is still open: the ladder opens if it passes unanswered.
        Pending = "pending",
        /// Every deadline that escalates was met.
        NotTriggered = "not_triggered",
        /// The policy has no escalation ladder or no deadline that escalates.
        None = "none",
    }

    /// The lot's verdict.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Disposition {
        Accepted = "accepted",
        Rejected = "rejected",
        /// The policy has no sampling rule, or the claim has no inspection.
        NotInspected = "not_inspected",
    }

    /// Whose side a policy is evaluated for (`for supplier` in its header; the buyer's unless it
    /// says). The numbers are the same; the ranking reads as that party weighs the remedies.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Side {
        #[default]
        Buyer = "buyer",
        Supplier = "supplier",
    }

    /// Who pays an escalation step's fee (`paid by shared`: half each, the supplier's half rounded).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum FeePayer {
        Supplier = "supplier",
        Buyer = "buyer",
        Shared = "shared",
    }

    /// A lever the buyer holds against the supplier until the claim is settled.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum LeverKind {
        /// Withholding (part of) the payment of the supplier's invoice.
        Payment = "payment",
        /// Holding the supplier's next shipments (not releasing purchase orders or call-offs).
        Shipments = "shipments",
    }

    /// A lever's state an example can expect: `in_force` (applies, not released), `released`
    /// (its release condition holds), `not_applicable` (a `when` does not hold, not released).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum LeverState {
        InForce = "in_force",
        Released = "released",
        NotApplicable = "not_applicable",
    }

    /// A remedy total an example can expect.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Measure {
        SupplierTotal = "supplier total",
        BuyerPays = "buyer pays",
        BuyerNetRecovery = "buyer net recovery",
        Reserve = "reserve",
    }

    /// `not x`, `-x`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum UnaryOp {
        Not = "not",
        Neg = "-",
    }

    /// The binary operators, spelled as in the source.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum BinaryOp {
        Or = "or",
        And = "and",
        Eq = "=",
        Ne = "!=",
        Lt = "<",
        Le = "<=",
        Gt = ">",
        Ge = ">=",
        Add = "+",
        Sub = "-",
        Mul = "*",
        Div = "/",
        Of = "of",
    }

    /// The functions of the language other than rounding.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Func {
        Min = "min",
        Max = "max",
    }

    /// The rounding functions: `round`, `floor`, `ceil`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum RoundFunc {
        Round = "round",
        Floor = "floor",
        Ceil = "ceil",
    }

    /// A part of a date (or of a timestamp, in its own offset) an expression reads: `year(d)`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DatePart {
        Year = "year",
        /// 1 to 4.
        Quarter = "quarter",
        /// 1 to 12.
        Month = "month",
        /// ISO: 1 = Monday ... 7 = Sunday.
        Weekday = "weekday",
        /// The calendar date of a timestamp, in its own offset.
        Date = "date",
    }

    /// How a span between two moments is counted: units `started` (a part counts as one, as
    /// late-delivery penalties count days) or `whole` units completed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SpanCount {
        Started = "started",
        Whole = "whole",
    }

    /// The unit of a counted span: `started days between`, `whole hours between`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SpanUnit {
        Days = "days",
        Hours = "hours",
    }

    /// The unit of a process step's timeframe. The keyword is the plural.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum StepUnit {
        Hours = "hours",
        Days = "days",
        BusinessDays = "business days",
        Weeks = "weeks",
    }

    /// A process step's state on the decision date (or at `as_of_time`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum StepStatus {
        /// Done by the late bound.
        OnTime = "on_time" / "on time",
        /// Done after the late bound.
        Late = "late",
        /// Not done; the late bound has not passed.
        Open = "open",
        /// Not done; the late bound has passed.
        Overdue = "overdue",
        /// Not started: the event it counts from has not happened.
        Waiting = "waiting",
    }

    /// A day of a calendar's weekend.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum WeekdayWord {
        Mon = "mon",
        Tue = "tue",
        Wed = "wed",
        Thu = "thu",
        Fri = "fri",
        Sat = "sat",
        Sun = "sun",
    }
}

impl StepUnit {
    /// The word after exactly one (`1 hour`, `1 business day`).
    pub const fn singular(self) -> &'static str {
        match self {
            StepUnit::Hours => "hour",
            StepUnit::Days => "day",
            StepUnit::BusinessDays => "business day",
            StepUnit::Weeks => "week",
        }
    }

    /// The unit's word for `n` of it.
    pub const fn for_count(self, n: i64) -> &'static str {
        if n == 1 || n == -1 { self.singular() } else { self.keyword() }
    }

    /// A unit spelled singular or plural.
    pub fn from_text(text: &str) -> Option<StepUnit> {
        StepUnit::from_keyword(text).or_else(|| StepUnit::ALL.iter().copied().find(|u| text.split_whitespace().eq(u.singular().split(' '))))
    }
}

impl TimeUnit {
    /// The unit's word after exactly one (`1 business day`).
    pub const fn singular(self) -> &'static str {
        match self {
            TimeUnit::Days => "day",
            TimeUnit::BusinessDays => "business day",
            TimeUnit::Weeks => "week",
            TimeUnit::Months => "month",
        }
    }

    /// The word for `n` of the unit: singular for 1 and -1, plural otherwise.
    pub const fn for_count(self, n: i64) -> &'static str {
        if n == 1 || n == -1 { self.singular() } else { self.keyword() }
    }

    /// The unit a policy spelled, singular or plural.
    pub fn from_text(text: &str) -> Option<TimeUnit> {
        TimeUnit::from_keyword(text).or_else(|| TimeUnit::ALL.iter().copied().find(|u| text.split_whitespace().eq(u.singular().split(' '))))
    }
}

impl Side {
    /// Whether this is the buyer's side (the default, left out of the decision's JSON).
    pub fn is_buyer(&self) -> bool {
        *self == Side::Buyer
    }

    /// The ranking when the policy gives none: the buyer's highest net recovery, or the
    /// supplier's lowest cost; then the shortest time.
    pub fn default_ranking(self) -> [RankCriterion; 2] {
        match self {
            Side::Buyer => [RankCriterion::HighestBuyerNetRecovery, RankCriterion::ShortestTime],
            Side::Supplier => [RankCriterion::LowestSupplierTotal, RankCriterion::ShortestTime],
        }
    }

    /// A rank criterion in this side's words: the supplier's total is its cost, a remedy's time
    /// its exposure.
    pub const fn criterion(self, c: RankCriterion) -> &'static str {
        match (self, c) {
            (Side::Supplier, RankCriterion::HighestSupplierTotal) => "highest supplier cost",
            (Side::Supplier, RankCriterion::LowestSupplierTotal) => "lowest supplier cost",
            (Side::Supplier, RankCriterion::ShortestTime) => "shortest exposure",
            (Side::Supplier, RankCriterion::LongestTime) => "longest exposure",
            (_, c) => c.display(),
        }
    }

    /// What the supplier's total is called on this side.
    pub const fn supplier_total(self) -> &'static str {
        match self {
            Side::Buyer => "supplier total",
            Side::Supplier => "supplier cost",
        }
    }
}

impl Metric {
    /// Whether the figure is a percentage (thresholds on it are written `95%`).
    pub fn is_percent(self) -> bool {
        matches!(self, Metric::RejectionRate | Metric::RecoveryRate)
    }
}

impl BinaryOp {
    /// The operator as written in the source, e.g. `<=` or `of`.
    pub const fn symbol(self) -> &'static str {
        self.keyword()
    }
}

impl WeekdayWord {
    /// The calendar's day.
    pub const fn weekday(self) -> chrono::Weekday {
        match self {
            WeekdayWord::Mon => chrono::Weekday::Mon,
            WeekdayWord::Tue => chrono::Weekday::Tue,
            WeekdayWord::Wed => chrono::Weekday::Wed,
            WeekdayWord::Thu => chrono::Weekday::Thu,
            WeekdayWord::Fri => chrono::Weekday::Fri,
            WeekdayWord::Sat => chrono::Weekday::Sat,
            WeekdayWord::Sun => chrono::Weekday::Sun,
        }
    }

    /// The keyword of a day.
    pub const fn of(day: chrono::Weekday) -> WeekdayWord {
        match day {
            chrono::Weekday::Mon => WeekdayWord::Mon,
            chrono::Weekday::Tue => WeekdayWord::Tue,
            chrono::Weekday::Wed => WeekdayWord::Wed,
            chrono::Weekday::Thu => WeekdayWord::Thu,
            chrono::Weekday::Fri => WeekdayWord::Fri,
            chrono::Weekday::Sat => WeekdayWord::Sat,
            chrono::Weekday::Sun => WeekdayWord::Sun,
        }
    }
}

/// The words that are values rather than structure (`critical`, `half_up`, `open` ...), for the
/// editor's highlighting: generated from the sets above, so a new word is highlighted without a
/// second list.
pub fn value_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = vec!["true", "false"];
    words.extend(RoundingMode::ALL.iter().map(|w| w.keyword()));
    words.extend(SeverityClass::ALL.iter().map(|w| w.keyword()));
    words.extend(InspectionLevel::ALL.iter().map(|w| w.keyword()));
    words.extend(InspectionState::ALL.iter().map(|w| w.keyword()));
    words.extend(Risk::ALL.iter().map(|w| w.keyword()));
    words.extend(WeekdayWord::ALL.iter().map(|w| w.keyword()));
    words.extend(DeadlineStatus::ALL.iter().map(|w| w.keyword()));
    words.extend(EscalationStatus::ALL.iter().map(|w| w.keyword()));
    words.extend(Disposition::ALL.iter().map(|w| w.keyword()));
    words.extend(StepStatus::ALL.iter().map(|w| w.keyword()));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<W: Keyword + PartialEq + std::fmt::Debug>() {
        for &w in W::ALL {
            assert_eq!(W::from_keyword(w.keyword()), Some(w), "{}", w.keyword());
        }
    }

    #[test]
    fn every_keyword_reads_back_as_its_word() {
        round_trips::<RoundingMode>();
        round_trips::<SeverityClass>();
        round_trips::<InspectionLevel>();
        round_trips::<InspectionState>();
        round_trips::<SwitchingRules>();
        round_trips::<TypeName>();
        round_trips::<TimeUnit>();
        round_trips::<Payer>();
        round_trips::<Risk>();
        round_trips::<RankCriterion>();
        round_trips::<HistoryKey>();
        round_trips::<Metric>();
        round_trips::<DeadlineStatus>();
        round_trips::<EscalationStatus>();
        round_trips::<Disposition>();
        round_trips::<Side>();
        round_trips::<Measure>();
        round_trips::<UnaryOp>();
        round_trips::<BinaryOp>();
        round_trips::<Func>();
        round_trips::<RoundFunc>();
        round_trips::<WeekdayWord>();
    }

    #[test]
    fn multi_word_keywords_accept_any_whitespace_and_only_their_words() {
        assert_eq!(TimeUnit::from_text("business \t days"), Some(TimeUnit::BusinessDays));
        assert_eq!(TimeUnit::from_text("business day"), Some(TimeUnit::BusinessDays));
        assert_eq!(TimeUnit::from_text("week"), Some(TimeUnit::Weeks));
        assert_eq!(TimeUnit::from_text("business"), None);
        assert_eq!(RankCriterion::from_keyword("lowest  risk"), Some(RankCriterion::LowestRisk));
        assert_eq!(RankCriterion::from_keyword("lowest risk now"), None);
        assert_eq!(SeverityClass::from_keyword("Critical"), None);
    }

    #[test]
    fn display_text_is_the_keyword_unless_the_set_says_otherwise() {
        assert_eq!(RoundingMode::HalfEven.display(), "half even");
        assert_eq!(RankCriterion::LowestBuyerPays.display(), "lowest buyer cost");
        assert_eq!(RankCriterion::ShortestTime.display(), "shortest time");
        assert_eq!(InspectionLevel::S2.display(), "S-2");
    }

    #[test]
    fn singular_only_for_one() {
        assert_eq!(TimeUnit::BusinessDays.for_count(1), "business day");
        assert_eq!(TimeUnit::BusinessDays.for_count(-1), "business day");
        assert_eq!(TimeUnit::Months.for_count(0), "months");
        assert_eq!(TimeUnit::Days.for_count(2), "days");
    }
}
