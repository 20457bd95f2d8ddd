//! katalogs: a static site generator for public-service catalogues and methodology wikis.
//!
//! The pipeline is `load → resolve → render → index → write`, one module each; the command
//! line (`main.rs`, `cli/`) and the live preview (`serve`) only configure and call it. The
//! modules are private: the binary uses [`cli`], and the few items the integration tests
//! check are re-exported below.

mod build;
pub mod cli;
mod config;
mod diagnostics;
mod export;
mod load;
mod model;
mod render;
mod resolve;
mod schema;
mod search;
mod serve;
mod text;
mod ui;
mod url;
mod write;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

pub use model::Profile;
pub use schema::{Field, Kind, Req, SERVICE, Ty, internal_keys};
pub use search::bounds::MAX_QUERY_CHARS;
pub use serve::http::MAX_EVENT_STREAMS;
pub use text::analysis::{analyze, analyze_word, normalize_prefix};
pub use write::manifest::FILE as MANIFEST_FILE;
