//! Types and values of the policy language.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::terms::{SeverityClass, TimeUnit, TypeName};

/// The checker's type of an expression: one of the language's type names, or the type of an
/// expression that already has an error (it matches anything, so one mistake gives one
/// diagnostic). The names are [`TypeName`]'s, defined once in `terms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ty {
    Money,
    Decimal,
    Percent,
    Int,
    Bool,
    Date,
    Duration,
    Text,
    Severity,
    Remedy,
    Timestamp,
    Error,
}

impl Ty {
    pub fn from_name(t: TypeName) -> Ty {
        match t {
            TypeName::Money => Ty::Money,
            TypeName::Decimal => Ty::Decimal,
            TypeName::Percent => Ty::Percent,
            TypeName::Int => Ty::Int,
            TypeName::Bool => Ty::Bool,
            TypeName::Date => Ty::Date,
            TypeName::Duration => Ty::Duration,
            TypeName::Text => Ty::Text,
            TypeName::Severity => Ty::Severity,
            TypeName::Remedy => Ty::Remedy,
            TypeName::Timestamp => Ty::Timestamp,
        }
    }

    /// The language's name of the type; `None` for [`Ty::Error`].
    pub fn type_name(self) -> Option<TypeName> {
        use crate::terms::Keyword as _;
        TypeName::ALL.iter().copied().find(|t| Ty::from_name(*t) == self)
    }

    pub fn is_number(self) -> bool {
        matches!(self, Ty::Int | Ty::Decimal | Ty::Error)
    }

    pub fn name(self) -> &'static str {
        self.type_name().map_or("unknown", TypeName::keyword)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Severity as an ordered value: `none < minor < major < critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum SeverityValue {
    #[default]
    None,
    Minor,
    Major,
    Critical,
}

impl SeverityValue {
    pub fn from_class(c: SeverityClass) -> SeverityValue {
        match c {
            SeverityClass::Minor => SeverityValue::Minor,
            SeverityClass::Major => SeverityValue::Major,
            SeverityClass::Critical => SeverityValue::Critical,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SeverityValue::None => "none",
            SeverityValue::Minor => "minor",
            SeverityValue::Major => "major",
            SeverityValue::Critical => "critical",
        }
    }
}

/// A runtime value. Money is exact and unrounded until it lands on a cost line; the policy has
/// one currency, so a money value carries none of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Money(Decimal),
    Decimal(Decimal),
    /// The percent number: 2.5 for 2.5 %.
    Percent(Decimal),
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    Duration(i64, TimeUnit),
    Text(String),
    Severity(SeverityValue),
    /// A remedy, by index in the checked policy.
    Remedy(usize),
    /// A moment with the offset it was written in (claim events, timestamp literals).
    Timestamp(crate::domain::timestamp::Timestamp),
}

impl Value {
    pub fn ty(&self) -> Ty {
        match self {
            Value::Money(_) => Ty::Money,
            Value::Decimal(_) => Ty::Decimal,
            Value::Percent(_) => Ty::Percent,
            Value::Int(_) => Ty::Int,
            Value::Bool(_) => Ty::Bool,
            Value::Date(_) => Ty::Date,
            Value::Duration(..) => Ty::Duration,
            Value::Text(_) => Ty::Text,
            Value::Severity(_) => Ty::Severity,
            Value::Remedy(_) => Ty::Remedy,
            Value::Timestamp(_) => Ty::Timestamp,
        }
    }
}

/// The unit's word for `n` of it (`1 day`, `3 business days`).
pub fn unit_name(unit: TimeUnit, n: i64) -> &'static str {
    unit.for_count(n)
}
