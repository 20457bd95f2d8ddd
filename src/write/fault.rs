//! Fault injection for the crash-safety tests: each file-system step of a commit is numbered,
//! and the environment can make the process die before step N (`KATALOGS_CRASH_AT=N`) or make
//! a named step fail (`KATALOGS_FAIL_AT=NAME`), so a test can stop a build at every step
//! instead of at random times. Unset (as in every ordinary run), a step costs one atomic add.

use std::io;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Steps reached so far in this process.
static REACHED: AtomicUsize = AtomicUsize::new(0);

/// What the environment asks for: die before step N, fail the step named so.
fn asked() -> &'static (Option<usize>, Option<String>) {
    static ASKED: OnceLock<(Option<usize>, Option<String>)> = OnceLock::new();
    ASKED.get_or_init(|| {
        (
            std::env::var("KATALOGS_CRASH_AT")
                .ok()
                .and_then(|n| n.parse().ok()),
            std::env::var("KATALOGS_FAIL_AT").ok(),
        )
    })
}

/// Marks the start of a file-system step called `name`: the process dies here if this is the
/// step to crash at, or the step fails if it is the one to fail.
pub(crate) fn step(name: &str) -> io::Result<()> {
    let n = REACHED.fetch_add(1, Ordering::Relaxed) + 1;
    let (crash_at, fail_at) = asked();
    if *crash_at == Some(n) {
        eprintln!("katalogs: crash injected before step {n} ({name})");
        std::process::abort();
    }
    if fail_at.as_deref() == Some(name) {
        return Err(io::Error::other(format!("failure injected at `{name}`")));
    }
    Ok(())
}
