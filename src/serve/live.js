// Live preview client, injected by `katalogs serve` into every HTML page it serves (never
// written to site/): reloads the page after a rebuild, swaps stylesheets after a CSS-only
// change, and shows the build errors over the last good page until they are fixed. When the
// server refuses the event stream (too many open pages), it polls the status instead.
(function () {
  "use strict";
  var base = "/__katalogs/";
  var overlayId = "katalogs-preview-errors";

  function el(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // One problem as the terminal shows it: "kļūda[K0306]: file:line:col", the field and
  // message, then expected / found / help on their own lines.
  function problem(e, t) {
    var li = el("li", "margin:0 0 .75rem");
    li.className = "katalogs-preview-error";
    var head = el("div", "font-weight:600;overflow-wrap:anywhere");
    head.append(
      el("span", "color:#b00020", (e.severity === "warning" ? t.warning : t.error) + "[" + e.code + "]"),
      document.createTextNode(": " + e.location)
    );
    li.append(head, el("div", "overflow-wrap:anywhere", e.title));
    [["expected", e.expected], ["found", e.found], ["help", e.help]].forEach(function (part) {
      if (!part[1]) return;
      var line = el("div", "padding-left:1rem;overflow-wrap:anywhere");
      line.className = "katalogs-preview-" + part[0];
      line.append(el("span", "font-style:italic", t[part[0]] + ": "), document.createTextNode(part[1]));
      li.appendChild(line);
    });
    return li;
  }

  function showErrors(status) {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
    if (!status.errors || status.errors.length === 0) return;
    var t = status.strings;
    var box = el("section",
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f5;color:#3b0000;border-top:4px solid #b00020;padding:1rem 1.25rem;" +
      "font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    // Heading and close button share a row, so the button never covers the heading.
    var top = el("div", "display:flex;align-items:flex-start;gap:.75rem;margin:0 0 .25rem");
    var h = el("h2", "flex:1 1 auto;min-width:0;margin:0;font-size:1.2rem;color:#b00020", status.heading);
    h.id = overlayId + "-title";
    var close = el("button", "flex:none;font:inherit;padding:.25rem .75rem;cursor:pointer", t.close);
    close.type = "button";
    close.addEventListener("click", function () { box.remove(); });
    top.append(h, close);
    var list = el("ol", "margin:0;padding-left:1.5rem;font-family:ui-monospace,monospace;font-size:14px");
    status.errors.forEach(function (e) { list.appendChild(problem(e, t)); });
    box.append(top, el("p", "margin:0 0 .5rem", t.kept), list);
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

  // The page says which it is: it reloads as soon as the rebuild has made it anew.
  var events = new EventSource(base + "events?page=" + encodeURIComponent(location.pathname));
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
