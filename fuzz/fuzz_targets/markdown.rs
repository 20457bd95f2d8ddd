//! Fuzz target: a Markdown body with wiki links and glossary linking; the HTML must be safe.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/html_safety.rs"]
mod html_safety;

fuzz_target!(|data: &[u8]| {
    let html = katalogs::fuzzing::markdown(data);
    let problems = html_safety::problems(&html, html_safety::Scope::Fragment);
    assert!(problems.is_empty(), "unsafe HTML: {problems:?}\n{html}");
});
