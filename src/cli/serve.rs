//! `katalogs serve`: live preview on 127.0.0.1 until Ctrl-C.

use std::path::{Path, PathBuf};

use crate::build::BuildOptions;
use crate::cli::{EXIT_IO, EXIT_OK, EXIT_USAGE, Ui, site_root};
use crate::model::Profile;
use crate::serve::{self, Message};

/// `katalogs serve`: builds, serves the preview and rebuilds on every change until Ctrl-C.
pub fn run(
    ui: &Ui,
    root: Option<&Path>,
    bind: &str,
    port: u16,
    profile: Profile,
    output: Option<PathBuf>,
) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let listener = match serve::bind(bind, port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let address = serve::address(&listener);
    let asked = format!(":{port}/");
    if port != 0 && !address.ends_with(&asked) {
        eprintln!("port {port} is in use; using the next free one");
    }
    if !matches!(bind, "127.0.0.1" | "localhost" | "::1") {
        eprintln!("warning: serving on {bind}: other machines on the network can see the preview");
    }
    let (tx, rx) = serve::channel_pair();
    let quit = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = quit.send(Message::Quit);
    }) {
        eprintln!("warning: Ctrl-C handler not installed: {e}");
    }
    eprintln!("serving {address} (Ctrl-C stops)");
    let opts = BuildOptions {
        root,
        profile,
        output,
        progress: false,
        preview: true,
    };
    match serve::run(opts, listener, rx, tx, ui.quiet) {
        Ok(()) => {
            eprintln!("stopped");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_IO
        }
    }
}
