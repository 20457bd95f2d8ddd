//! The commands behind `katalogs …`: each file configures, calls the pipeline and reports.

pub mod build;
pub mod check;
pub mod new;
pub mod report;
pub mod search;
pub mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, render_human, render_json, summary};

pub const EXIT_OK: u8 = 0;
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_IO: u8 = 3;

/// How many diagnostics are shown in full by default.
pub const SHOWN_DIAGNOSTICS: usize = 20;

/// Output settings shared by every command.
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    Page,
    Service,
    Term,
    Situation,
    Course,
    Lesson,
}

/// The site root for `--root` or the current folder, or a printed error.
pub fn site_root(explicit: Option<&Path>) -> Result<PathBuf, u8> {
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current folder: {e}");
        EXIT_IO
    })?;
    crate::config::find_root(explicit, &cwd).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })
}

/// Prints diagnostics to stderr, the first few in full.
pub fn print_diagnostics(root: &Path, diags: &[Diagnostic], all: bool) {
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal();
    let limit = if all { usize::MAX } else { SHOWN_DIAGNOSTICS };
    let ui = crate::render::i18n::site_ui_or_built_in(root);
    eprint!("{}", render_human(root, diags, limit, color, &ui));
    eprintln!("{}", summary(&ui, diags));
}

pub fn print_json(diags: &[Diagnostic]) {
    println!("{}", render_json(diags));
}
