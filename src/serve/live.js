// Live preview client, injected by `katalogs serve` into every HTML page it serves (never
// written to site/): reloads the page after a rebuild, swaps stylesheets after a CSS-only
// change, and shows the build errors over the last good page until they are fixed. When the
// server refuses the event stream (too many open pages), it polls the status instead.
(function () {
  "use strict";
  var base = "/__katalogs/";
  var overlayId = "katalogs-preview-errors";

  function showErrors(status) {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
    if (!status.errors || status.errors.length === 0) return;
    var box = document.createElement("section");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    box.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f5;color:#3b0000;border-top:4px solid #b00020;padding:1rem 1.5rem;" +
      "font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
    var h = document.createElement("h2");
    h.id = overlayId + "-title";
    h.style.cssText = "margin:0 0 .25rem;font-size:1.2rem;color:#b00020";
    h.textContent = status.strings.failed + " (" + status.errors.length + " " + status.strings.errors + ")";
    var p = document.createElement("p");
    p.style.margin = "0 0 .5rem";
    p.textContent = status.strings.kept;
    var list = document.createElement("ol");
    list.style.cssText = "margin:0;padding-left:1.5rem;font-family:ui-monospace,monospace;font-size:14px";
    status.errors.forEach(function (e) {
      var li = document.createElement("li");
      li.className = "katalogs-preview-error";
      var where = e.file + (e.line ? ":" + e.line + ":" + e.column : "");
      var text = where + ": " + e.message;
      if (e.field) text += " [" + e.field + "]";
      if (e.expected) text += " — expected " + e.expected;
      if (e.found) text += ", found " + e.found;
      li.textContent = text;
      list.appendChild(li);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = status.strings.close;
    close.style.cssText = "position:absolute;top:.75rem;right:1.5rem";
    close.addEventListener("click", function () { box.remove(); });
    box.append(h, p, list, close);
    document.body.appendChild(box);
  }

  function refreshStyles(generation) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", String(generation));
      link.href = url.href;
    });
  }

  function status(then) {
    fetch(base + "status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(then)
      .catch(function () {});
  }

  var generation = null;
  var shownErrors = null;
  status(function (s) { generation = s.generation; shownErrors = JSON.stringify(s.errors); showErrors(s); });

  var events = new EventSource(base + "events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("styles", function (e) {
    var s = JSON.parse(e.data);
    generation = s.generation;
    refreshStyles(s.generation);
    showErrors(s);
  });
  events.addEventListener("status", function (e) { showErrors(JSON.parse(e.data)); });
  // After the server restarts, a page that missed rebuilds catches up.
  events.addEventListener("hello", function (e) {
    var s = JSON.parse(e.data);
    if (generation !== null && s.generation !== generation && s.errors.length === 0) location.reload();
  });
  // Too many pages open (the server refused the stream): ask for the status every few
  // seconds instead. A stream that merely dropped reconnects by itself.
  var POLL_MS = 2000;
  var polling = null;
  events.addEventListener("error", function () {
    if (events.readyState !== EventSource.CLOSED || polling !== null) return;
    polling = setInterval(function () {
      status(function (s) {
        if (generation === null) generation = s.generation;
        if (s.generation !== generation && s.generation !== generation && s.errors.length === 0) {
          location.reload();
          return;
        }
        var errors = JSON.stringify(s.errors);
        if (errors !== shownErrors) showErrors(s);
        shownErrors = errors;
      });
    }, POLL_MS);
  });
  window.katalogsPreview = { events: events, polling: function () { return polling !== null; } };
})();
