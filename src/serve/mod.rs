//! Live preview: builds the site, serves it on 127.0.0.1, rebuilds on every source change
//! (only what the change reaches) and tells open pages to reload, restyle or show errors.
//! A failed rebuild never replaces the last good site. Only the preview's own pages may use
//! it: other hosts and other sites' pages are refused.

pub(crate) mod guard;
pub(crate) mod http;
pub(crate) mod live;
pub(crate) mod watch;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

use crate::build::{Announce, BuildOptions, Rebuilder};
use crate::diagnostics::{Diagnostic, Severity};
use live::Live;
use watch::Change;

/// How many following ports are tried when the asked one is busy.
const PORT_TRIES: u16 = 20;

/// What the preview loop reacts to.
pub(crate) enum Message {
    Changed(Change),
    Quit,
}

/// Binds `bind:port`, or the next free port when it is busy.
pub(crate) fn bind(bind: &str, port: u16) -> Result<TcpListener, String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(PORT_TRIES) {
        let addr = format!("{bind}:{p}");
        match TcpListener::bind(&addr) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                last = format!(
                    "port {port} and the {PORT_TRIES} after it are in use; choose another with --port"
                );
            }
            Err(e) => return Err(format!("cannot listen on {addr}: {e}")),
        }
    }
    Err(last)
}

/// Reports one build outcome on the terminal and to open pages.
fn report(
    root: &std::path::Path,
    live: &Live,
    result: Result<crate::build::BuildReport, Vec<Diagnostic>>,
    styles_only: bool,
    reloaded: bool,
    started: Instant,
    quiet: bool,
) {
    match result {
        Ok(r) => {
            // Pages were announced as soon as they were written; the indexes and exports
            // that followed only need a reload if nothing was announced yet.
            live.built(styles_only, r.written > 0 && !reloaded);
            if !quiet {
                print_diagnostics(root, &r.diagnostics);
                eprintln!(
                    "rebuilt: {} pages, {} files changed, {} ms ({})",
                    r.pages,
                    r.written,
                    started.elapsed().as_millis(),
                    r.timings.summary()
                );
            }
        }
        Err(diags) => {
            print_diagnostics(root, &diags);
            eprintln!("build failed; still serving the last good build");
            live.failed(
                diags
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect(),
            );
        }
    }
}

/// How often [`nudge_connections`] knocks.
const NUDGE: std::time::Duration = std::time::Duration::from_millis(200);

/// Works around a lost wake-up in tiny_http's connection pool (0.12): when two browser
/// connections arrive at once, the second can stay queued while the pool's threads serve
/// keep-alive connections, and the page's remaining files are never answered (seen as a
/// preview page that stalls right after `serve` starts). Every new connection makes the pool
/// look at its queue again, so an empty connection to ourselves every [`NUDGE`] bounds such
/// a stall to that time; it carries no request, so nothing answers or logs it.
fn nudge_connections(own: SocketAddr) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(NUDGE);
            // The server is gone once the preview stops; so is this thread.
            if std::net::TcpStream::connect_timeout(&own, NUDGE).is_err() {
                return;
            }
        }
    });
}

/// Runs the preview until `messages` says quit. `listener` is already bound.
pub(crate) fn run(
    opts: BuildOptions,
    listener: TcpListener,
    messages: Receiver<Message>,
    watcher_tx: std::sync::mpsc::Sender<Message>,
    quiet: bool,
) -> Result<(), String> {
    // The watcher reports absolute paths, and a change is found by its path under the root:
    // a root given relative (`--root minu-vietne`) is made absolute, or no edit would count.
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let opts = BuildOptions {
        root: absolute(&opts.root),
        output: opts.output.as_deref().map(absolute),
        ..opts
    };
    let root = opts.root.clone();
    let ui = crate::render::i18n::site_ui_or_built_in(&root);
    let live = Arc::new(Live::new(&ui));
    let mut rebuilder = Rebuilder::new(opts);
    let output: PathBuf = rebuilder.output_dir();
    // Watching starts first, so nothing saved during the first build is missed.
    let start_watching = || {
        watch::watch(
            &root,
            &output,
            watch::sender(watcher_tx.clone(), Message::Changed),
        )
    };
    // Kept alive while the preview runs; dropping it stops watching.
    let mut _watcher = start_watching()?;
    let started = Instant::now();
    let first = rebuilder
        .build(
            &[],
            &mut Announce {
                open: Vec::new(),
                open_written: &mut |_| {},
                pages_written: &mut |_| {},
            },
        )
        .map_err(|f| f.diagnostics);
    report(&root, &live, first, false, false, started, quiet);
    rebuilder.prepare();

    let own = listener
        .local_addr()
        .map_err(|e| format!("cannot serve: {e}"))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| format!("cannot serve: {e}"))?;
    let server = Arc::new(server);
    nudge_connections(own);
    let handler = Arc::new(http::Handler::new(output.clone(), live.clone(), own));
    let accept = {
        let server = server.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let handler = handler.clone();
                std::thread::spawn(move || handler.handle(request));
            }
        })
    };
    while let Ok(message) = messages.recv() {
        let Message::Changed(mut change) = message else {
            break;
        };
        // Coalesce whatever else arrived meanwhile into one rebuild.
        let mut quit = false;
        while let Ok(more) = messages.try_recv() {
            match more {
                Message::Changed(c) => change.paths.extend(c.paths),
                Message::Quit => quit = true,
            }
        }
        if quit {
            break;
        }
        let started = Instant::now();
        if !quiet {
            let names: Vec<String> = change
                .paths
                .iter()
                .take(3)
                .map(|p| match p.strip_prefix(&root) {
                    Ok(rel) if rel.as_os_str().is_empty() => "everything (events were lost)".into(),
                    Ok(rel) => rel.display().to_string(),
                    Err(_) => p.display().to_string(),
                })
                .collect();
            let more = change.paths.len().saturating_sub(names.len());
            let more = if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            };
            eprintln!("changed: {}{more}", names.join(", "));
        }
        if change.touches_folders(&root) {
            // A watched folder was made (or replaced): watch what is in it now.
            match start_watching() {
                Ok(w) => _watcher = w,
                Err(e) => eprintln!("warning: {e}"),
            }
        }
        let styles_only = change.styles_only();
        let mut reloaded = false;
        // The pages open now are made first and reload as soon as they are written; every
        // other open page once all pages are.
        let result = rebuilder
            .build(
                &change.paths,
                &mut Announce {
                    open: live.open_pages(),
                    open_written: &mut |pages| live.pages_ready(pages),
                    pages_written: &mut |written| {
                        reloaded = written > 0;
                        live.built(styles_only, reloaded);
                    },
                },
            )
            .map_err(|f| f.diagnostics);
        report(&root, &live, result, styles_only, reloaded, started, quiet);
        rebuilder.prepare();
    }
    server.unblock();
    let _ = accept.join();
    Ok(())
}

/// The address pages are served from, for the terminal.
pub(crate) fn address(listener: &TcpListener) -> String {
    match listener.local_addr() {
        Ok(SocketAddr::V6(a)) => format!("http://[{}]:{}/", a.ip(), a.port()),
        Ok(a) => format!("http://{a}/"),
        Err(_) => "?".to_string(),
    }
}

/// A channel for the preview loop.
pub(crate) fn channel_pair() -> (std::sync::mpsc::Sender<Message>, Receiver<Message>) {
    channel()
}

/// Prints a rebuild's diagnostics to the terminal in the site's UI language.
fn print_diagnostics(root: &std::path::Path, diags: &[crate::diagnostics::Diagnostic]) {
    let ui = crate::render::i18n::site_ui_or_built_in(root);
    crate::diagnostics::eprint_human(root, diags, false, &ui);
}
