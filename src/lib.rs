//! katalogs: a static site generator for public-service catalogues and methodology wikis.
//!
//! The pipeline is `load → resolve → render → index → write`, one module each; the command
//! line (`main.rs`, `cli/`) and the live preview (`serve`) only configure and call it.

pub mod build;
pub mod cli;
pub mod collate;
pub mod completeness;
pub mod config;
pub mod diagnostics;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod search;
pub mod serve;
pub mod ui;
pub mod url;
pub mod write;
