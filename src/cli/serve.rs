//! `katalogs serve`: live preview.

use std::path::{Path, PathBuf};

use crate::cli::{EXIT_IO, Ui};
use crate::model::Profile;

pub fn run(_ui: &Ui, _root: Option<&Path>, _bind: &str, _port: u16, _profile: Profile, _output: Option<PathBuf>) -> u8 {
    eprintln!("error: serve is not available in this build yet");
    EXIT_IO
}
