//! `katalogs search`: queries the built site's index.

use std::path::{Path, PathBuf};

use crate::cli::{EXIT_IO, Ui};

pub fn run(_ui: &Ui, _root: Option<&Path>, _query: &str, _kind: Option<&str>, _limit: usize, _json: bool, _site: Option<PathBuf>) -> u8 {
    eprintln!("error: search is not available in this build yet");
    EXIT_IO
}
