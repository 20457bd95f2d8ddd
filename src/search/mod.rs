//! Index: the Latvian analysis shared by every search path, the prebuilt tantivy index, the
//! browser index shards and the query engine behind `katalogs search` and `/api/search`.

pub mod analysis;
