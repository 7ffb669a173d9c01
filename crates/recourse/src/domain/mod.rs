//! The domain knowledge the language builds on, with no syntax in it: exact money and rounding,
//! business-day calendars, and the ISO 2859-1 sampling tables. (The switching rules replay a
//! claim's lot history through the checked policy, so they live with the evaluator.)

pub mod calendar;
pub mod money;
pub mod sampling;
pub mod timestamp;
