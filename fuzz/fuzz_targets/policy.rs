//! Policy text: any bytes through the parser and the checker. Nothing panics or overflows the
//! stack, every span lies in the source, and at most 101 diagnostics come back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let diags = recourse::check(src);
    assert!(diags.len() <= recourse::diagnostics::MAX_DIAGNOSTICS + 1);
    for d in &diags {
        assert!(src.get(d.span.start..d.span.end).is_some(), "span {:?} outside the source", d.span);
        assert!(d.text.chars().count() <= recourse::diagnostics::MAX_TEXT_CHARS + 1);
    }
    // Compiling agrees with checking: it fails exactly when there is an error.
    let has_error = diags.iter().any(|d| d.is_error());
    assert_eq!(recourse::Policy::compile(src).is_err(), has_error);
});
