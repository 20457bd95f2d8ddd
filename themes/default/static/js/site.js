/* katalogs: small enhancements; every page works without this file.
   - Esc hides an open glossary tooltip (WCAG 1.4.13)
   - combinable facet filters on the catalogue page
   - a print button on course handouts
   - the print date in the print-only masthead */
(function () {
  "use strict";

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelectorAll(".term:hover, .term:focus-within");
    for (var i = 0; i < open.length; i++) open[i].classList.add("tip-dismissed");
  });
  document.addEventListener("mouseout", function (e) {
    var term = e.target.closest && e.target.closest(".term");
    if (term) term.classList.remove("tip-dismissed");
  });
  document.addEventListener("focusout", function (e) {
    var term = e.target.closest && e.target.closest(".term");
    if (term) term.classList.remove("tip-dismissed");
  });

  // Paper: the masthead's print date, today's, set now and again just before printing.
  var printDate = document.querySelector("[data-print-date]");
  var setPrintDate = function () {
    printDate.querySelector("span").textContent = new Date().toLocaleDateString(
      document.documentElement.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    printDate.hidden = false;
  };
  if (printDate) {
    setPrintDate();
    window.addEventListener("beforeprint", setPrintDate);
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  // Catalogue: checkboxes combine facets (values of one facet OR, facets AND).
  var boxes = document.querySelectorAll("input[data-facet]");
  if (boxes.length) {
    var hidden = document.querySelectorAll(".js-only");
    for (var h = 0; h < hidden.length; h++) hidden[h].hidden = false;
    var items = document.querySelectorAll(".az .service-list li");
    var status = document.querySelector("[data-filter-status]");
    var none = document.querySelector("[data-no-results]");
    var letters = document.querySelectorAll(".az h3.letter");
    var apply = function () {
      var chosen = {};
      for (var i = 0; i < boxes.length; i++) {
        if (!boxes[i].checked) continue;
        var f = boxes[i].getAttribute("data-facet");
        (chosen[f] = chosen[f] || []).push(boxes[i].value);
      }
      var shown = 0;
      for (var j = 0; j < items.length; j++) {
        var li = items[j], ok = true;
        for (var facet in chosen) {
          var have = (li.getAttribute("data-" + facet) || "").split(" ");
          var any = chosen[facet].some(function (v) { return have.indexOf(v) >= 0; });
          if (!any) { ok = false; break; }
        }
        li.hidden = !ok;
        if (ok) shown++;
      }
      for (var k = 0; k < letters.length; k++) {
        var list = letters[k].nextElementSibling;
        var visible = list && list.querySelector("li:not([hidden])");
        letters[k].hidden = !visible;
        if (list) list.hidden = !visible;
      }
      var active = Object.keys(chosen).length > 0;
      if (status) status.textContent = active ? shown + " " + status.getAttribute("data-label") : "";
      if (none) none.hidden = shown > 0;
    };
    for (var b = 0; b < boxes.length; b++) boxes[b].addEventListener("change", apply);
  }
})();
