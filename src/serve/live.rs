//! The preview's shared state: the outcome of the last rebuild and the event stream that
//! tells open pages to reload, restyle or show errors.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde_json::{Value, json};

use crate::diagnostics::Diagnostic;
use crate::ui::Ui;

/// What open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// Content changed: reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Styles,
    /// The build failed (or errors changed): show the overlay, keep the page.
    Status,
}

impl Event {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Event::Reload => "reload",
            Event::Styles => "styles",
            Event::Status => "status",
        }
    }
}

/// A page listening for events.
struct Subscriber {
    events: Sender<Event>,
    /// The page it shows (a path from the site's root), when it said.
    page: Option<String>,
}

struct State {
    generation: u64,
    errors: Vec<Diagnostic>,
    subscribers: Vec<Subscriber>,
    /// Pages told to reload while the rebuild under way was still making the others: the
    /// end of the rebuild leaves them be.
    announced: rustc_hash::FxHashSet<String>,
    /// Pages told to reload early by a rebuild that then failed, and put back: a copy that
    /// was still loading when it failed reloads again as soon as it listens.
    put_back: rustc_hash::FxHashSet<String>,
}

/// Build outcome and subscribers, shared by the rebuild loop and the HTTP handlers.
pub(crate) struct Live {
    state: Mutex<State>,
    ui: Ui,
    strings: Value,
}

impl Live {
    pub(crate) fn new(ui: &Ui) -> Live {
        Live {
            state: Mutex::new(State {
                generation: 0,
                errors: Vec::new(),
                subscribers: Vec::new(),
                announced: Default::default(),
                put_back: Default::default(),
            }),
            strings: overlay_strings(ui),
            ui: ui.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new page listening for events; `page`: the page it shows, when it said.
    pub(crate) fn subscribe(&self, page: Option<String>) -> Receiver<Event> {
        let (events, rx) = channel();
        let mut s = self.lock();
        if page.as_ref().is_some_and(|p| s.put_back.remove(p)) {
            let _ = events.send(Event::Reload);
        }
        s.subscribers.push(Subscriber { events, page });
        rx
    }

    /// The pages open now (each once).
    pub(crate) fn open_pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = self
            .lock()
            .subscribers
            .iter()
            .filter_map(|s| s.page.clone())
            .collect();
        pages.sort();
        pages.dedup();
        pages
    }

    /// The rebuild under way has written these open pages anew: they reload now, and not
    /// again when it ends.
    pub(crate) fn pages_ready(&self, pages: &[String]) {
        let mut s = self.lock();
        s.announced.extend(pages.iter().cloned());
        let State {
            subscribers,
            announced,
            ..
        } = &mut *s;
        subscribers.retain(|sub| match &sub.page {
            Some(page) if announced.contains(page) => sub.events.send(Event::Reload).is_ok(),
            _ => true,
        });
    }

    /// Tells every page, but a page told to reload during this rebuild: it shows the
    /// rebuild's page already.
    fn broadcast(state: &mut State, event: Event) {
        let announced = std::mem::take(&mut state.announced);
        state.subscribers.retain(|s| match &s.page {
            Some(page) if event == Event::Reload && announced.contains(page) => true,
            _ => s.events.send(event).is_ok(),
        });
    }

    /// A rebuild succeeded; `changed` says whether it wrote anything. A rebuild that changed
    /// nothing and cleared no errors tells no one.
    pub(crate) fn built(&self, styles_only: bool, changed: bool) {
        let mut s = self.lock();
        if !changed && s.errors.is_empty() {
            s.announced.clear();
            return;
        }
        s.generation += 1;
        s.errors.clear();
        s.put_back.clear();
        Self::broadcast(
            &mut s,
            if styles_only {
                Event::Styles
            } else {
                Event::Reload
            },
        );
    }

    /// A rebuild failed; the last good site stays. A page told to reload while the rebuild
    /// was under way may show the failed rebuild's page, which it put back: it reloads
    /// again, now or as soon as it listens.
    pub(crate) fn failed(&self, errors: Vec<Diagnostic>) {
        let mut s = self.lock();
        s.errors = errors;
        let announced = std::mem::take(&mut s.announced);
        let State {
            subscribers,
            put_back,
            ..
        } = &mut *s;
        subscribers.retain(|sub| {
            let event = match &sub.page {
                Some(page) if announced.contains(page) => Event::Reload,
                _ => Event::Status,
            };
            sub.events.send(event).is_ok()
        });
        // Whether a page listening now already shows the rebuild's copy is not known, nor
        // whether a copy is still loading: both reload (once more at worst).
        put_back.extend(announced);
    }

    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// What the client script shows: generation, errors (with the same code, field, help
    /// and words as the terminal), the heading with its count, and the overlay's strings.
    pub(crate) fn status(&self) -> Value {
        let s = self.lock();
        let errors: Vec<Value> = s
            .errors
            .iter()
            .map(|d| {
                json!({
                    "severity": d.severity, "code": d.code, "file": d.file, "line": d.line,
                    "column": d.column, "location": d.location(), "title": d.title(),
                    "message": d.message, "field": d.field, "label": d.label,
                    "expected": d.expected, "found": d.found, "help": d.help,
                })
            })
            .collect();
        let errors_only = s
            .errors
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count();
        let heading = format!(
            "{} ({})",
            self.ui.get("preview.failed"),
            self.ui.count(errors_only, "errors")
        );
        json!({
            "generation": s.generation, "errors": errors, "heading": heading,
            "strings": self.strings,
        })
    }
}

/// The overlay's own words and the diagnostic labels the terminal uses.
fn overlay_strings(ui: &Ui) -> Value {
    let mut strings = ui.json().get("preview").cloned().unwrap_or(json!({}));
    if let Value::Object(map) = &mut strings {
        for key in ["error", "warning", "expected", "found", "help"] {
            map.insert(key.into(), ui.get(&format!("diagnostics.{key}")).into());
        }
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Pos};

    #[test]
    fn subscribers_hear_rebuilds_and_failures() {
        let live = Live::new(&Ui::for_language("lv").unwrap());
        let rx = live.subscribe(None);
        live.failed(vec![
            Diagnostic::new(Code::NotADate, "content/a.md", Pos::new(3, 7))
                .field("updated")
                .arg("found", "`02.12.2026`")
                .arg("suggestion", "2026-12-02"),
        ]);
        assert_eq!(rx.recv().unwrap(), Event::Status);
        let status = live.status();
        assert_eq!(status["errors"][0]["line"], 3);
        assert_eq!(status["errors"][0]["code"], "K0306");
        assert_eq!(status["errors"][0]["field"], "updated");
        assert_eq!(status["errors"][0]["help"], "vai domājāt `2026-12-02`?");
        assert_eq!(status["heading"], "Būvēšana neizdevās (1 kļūda)");
        assert_eq!(status["strings"]["help"], "padoms");
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

    #[test]
    fn an_open_page_written_early_reloads_once() {
        let live = Live::new(&Ui::for_language("lv").unwrap());
        let shown = live.subscribe(Some("pakalpojumi/a.html".into()));
        let other = live.subscribe(Some("index.html".into()));
        let unsaid = live.subscribe(None);
        assert_eq!(live.open_pages(), ["index.html", "pakalpojumi/a.html"]);
        live.pages_ready(&["pakalpojumi/a.html".to_string()]);
        assert_eq!(shown.try_recv().ok(), Some(Event::Reload));
        assert!(other.try_recv().is_err() && unsaid.try_recv().is_err());
        // The page reloaded and listens again before the rebuild ends.
        let again = live.subscribe(Some("pakalpojumi/a.html".into()));
        live.built(false, true);
        assert!(shown.try_recv().is_err(), "told once");
        assert!(
            again.try_recv().is_err(),
            "its new copy is the rebuild's page"
        );
        assert_eq!(other.try_recv().ok(), Some(Event::Reload));
        assert_eq!(unsaid.try_recv().ok(), Some(Event::Reload));
        // The next rebuild tells it again.
        live.built(false, true);
        assert_eq!(again.try_recv().ok(), Some(Event::Reload));
        assert_eq!(other.try_recv().ok(), Some(Event::Reload));
        // A rebuild that fails after the open page was told to reload: its copies listening
        // by then reload again (to the page put back), and so does a copy that listens
        // later, once; the other pages are told of the errors.
        live.pages_ready(&["pakalpojumi/a.html".to_string()]);
        assert_eq!(again.try_recv().ok(), Some(Event::Reload));
        let reloaded = live.subscribe(Some("pakalpojumi/a.html".into()));
        live.failed(Vec::new());
        assert_eq!(reloaded.try_recv().ok(), Some(Event::Reload));
        assert_eq!(again.try_recv().ok(), Some(Event::Reload));
        assert_eq!(other.try_recv().ok(), Some(Event::Status));
        let later = live.subscribe(Some("pakalpojumi/a.html".into()));
        assert_eq!(later.try_recv().ok(), Some(Event::Reload));
        assert!(
            live.subscribe(Some("pakalpojumi/a.html".into()))
                .try_recv()
                .is_err()
        );
    }
}
