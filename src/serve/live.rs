//! The preview's shared state: the outcome of the last rebuild and the event stream that
//! tells open pages to reload, restyle or show errors.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde_json::{Value, json};

use crate::diagnostics::Diagnostic;
use crate::ui::Ui;

/// What open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Content changed: reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Styles,
    /// The build failed (or errors changed): show the overlay, keep the page.
    Status,
}

impl Event {
    pub fn name(self) -> &'static str {
        match self {
            Event::Reload => "reload",
            Event::Styles => "styles",
            Event::Status => "status",
        }
    }
}

struct State {
    generation: u64,
    errors: Vec<Diagnostic>,
    subscribers: Vec<Sender<Event>>,
}

/// Build outcome and subscribers, shared by the rebuild loop and the HTTP handlers.
pub struct Live {
    state: Mutex<State>,
    strings: Value,
}

impl Live {
    pub fn new(ui: &Ui) -> Live {
        Live {
            state: Mutex::new(State {
                generation: 0,
                errors: Vec::new(),
                subscribers: Vec::new(),
            }),
            strings: ui.json().get("preview").cloned().unwrap_or(Value::Null),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new page listening for events.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        self.lock().subscribers.push(tx);
        rx
    }

    fn broadcast(state: &mut State, event: Event) {
        state.subscribers.retain(|s| s.send(event).is_ok());
    }

    /// A rebuild succeeded; `changed` says whether it wrote anything. A rebuild that changed
    /// nothing and cleared no errors tells no one.
    pub fn built(&self, styles_only: bool, changed: bool) {
        let mut s = self.lock();
        if !changed && s.errors.is_empty() {
            return;
        }
        s.generation += 1;
        s.errors.clear();
        Self::broadcast(
            &mut s,
            if styles_only {
                Event::Styles
            } else {
                Event::Reload
            },
        );
    }

    /// A rebuild failed; the last good site stays.
    pub fn failed(&self, errors: Vec<Diagnostic>) {
        let mut s = self.lock();
        s.errors = errors;
        Self::broadcast(&mut s, Event::Status);
    }

    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// What the client script shows: generation, errors and the overlay's strings.
    pub fn status(&self) -> Value {
        let s = self.lock();
        let errors: Vec<Value> = s
            .errors
            .iter()
            .map(|d| {
                json!({
                    "file": d.file, "line": d.line, "column": d.column, "message": d.message,
                    "field": d.field, "expected": d.expected, "found": d.found,
                })
            })
            .collect();
        json!({ "generation": s.generation, "errors": errors, "strings": self.strings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn subscribers_hear_rebuilds_and_failures() {
        let live = Live::new(&Ui::for_language("lv").unwrap());
        let rx = live.subscribe();
        live.failed(vec![
            Diagnostic::error("content/a.md", Pos::new(3, 7), "bad").field("title"),
        ]);
        assert_eq!(rx.recv().unwrap(), Event::Status);
        let status = live.status();
        assert_eq!(status["errors"][0]["line"], 3);
        assert_eq!(status["errors"][0]["field"], "title");
        assert!(status["strings"]["failed"].is_string());
        live.built(true, false);
        assert_eq!(
            rx.recv().unwrap(),
            Event::Styles,
            "fixing errors is news even if no file changed"
        );
        assert_eq!(live.status()["errors"].as_array().unwrap().len(), 0);
        live.built(false, false);
        live.built(false, true);
        assert_eq!(rx.recv().unwrap(), Event::Reload);
        assert!(
            rx.try_recv().is_err(),
            "a rebuild that changed nothing is not announced"
        );
        assert_eq!(live.generation(), 2);
        drop(rx);
        live.built(false, true);
        assert!(
            live.lock().subscribers.is_empty(),
            "closed pages are forgotten"
        );
    }
}
