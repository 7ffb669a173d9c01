//! The calendar module's public surface beyond its own unit tests (src/calendar.rs): the text of
//! its errors, which a library user shows as is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::domain::calendar::DateError;

#[test]
fn date_errors_say_what_went_wrong() {
    assert_eq!(DateError::OutOfRange.to_string(), "date out of range");
    assert_eq!(DateError::NoBusinessDays.to_string(), "calendar has no business days");
}
