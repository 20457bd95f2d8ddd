//! Fuzz target: a search query (analysis, tantivy query, snippets, browser shard names).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    katalogs::fuzzing::search_query(data);
});
