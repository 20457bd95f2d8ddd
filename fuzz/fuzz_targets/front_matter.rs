//! Fuzz target: one content file of any kind through decode, front matter, YAML and validation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    katalogs::fuzzing::front_matter(data);
});
