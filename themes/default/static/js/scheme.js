/* katalogs: the colour scheme, light or dark. Loaded in <head>, before the page is painted:
   the reader's own choice (kept in localStorage, which works from file:// too) else the
   system's (prefers-color-scheme), set as <html data-scheme>. The header's toggle button
   (shown only with JavaScript) switches it; without storage the choice lasts for the page. */
(function () {
  "use strict";
  var KEY = "katalogs-scheme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function chosen() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === "dark" || v === "light" ? v : null;
    } catch (e) {
      return null;
    }
  }
  function remember(scheme) {
    try {
      window.localStorage.setItem(KEY, scheme);
    } catch (e) {
      /* storage unavailable (blocked, private mode): the choice lasts for this page */
    }
  }
  function preferred() {
    return chosen() || (system && system.matches ? "dark" : "light");
  }
  function apply(scheme) {
    root.setAttribute("data-scheme", scheme);
    var button = document.querySelector("[data-scheme-toggle]");
    if (button) button.setAttribute("aria-pressed", scheme === "dark" ? "true" : "false");
  }

  apply(preferred());
  if (system && system.addEventListener) {
    system.addEventListener("change", function () {
      if (!chosen()) apply(preferred());
    });
  }
  // A choice made in another tab of the site.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY) apply(preferred());
  });
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-scheme-toggle]");
    if (!button) return;
    apply(root.getAttribute("data-scheme"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = root.getAttribute("data-scheme") === "dark" ? "light" : "dark";
      remember(next);
      apply(next);
    });
  });
})();
