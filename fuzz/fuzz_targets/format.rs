//! The formatter on any policy text that parses: its output parses to the same tree (spans
//! aside), formatting it again changes nothing, and it never panics on text that does not parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recourse::syntax::tree as parse;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let Ok(out) = recourse::format(src) else { return };
    let (Ok((before, _)), Ok((after, _))) = (parse(src), parse(&out)) else {
        panic!("formatted output does not parse:\n{out}");
    };
    assert!(before == after, "the formatted output parses to a different tree:\n{src}\n---\n{out}");
    assert_eq!(recourse::format(&out).ok().as_deref(), Some(out.as_str()), "not idempotent");
});
