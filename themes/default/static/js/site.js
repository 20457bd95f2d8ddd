/* katalogs: small enhancements; every page works without this file.
   - Esc hides an open glossary tooltip (WCAG 1.4.13)
   - combinable facet filters on the catalogue page, kept in the address
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

  // Catalogue: checkboxes combine facets (values of one facet OR, facets AND). The choice
  // lives in the address, under each facet's own slug (?merkauditorija=iedzivotaji&kanals=pasts),
  // so a filtered view can be bookmarked and shared; back/forward restore it. The filters sit
  // in a <details> that starts closed (a phone sees the results first) and opens on wide screens.
  var boxes = document.querySelectorAll("input[data-facet]");
  if (boxes.length) {
    var hidden = document.querySelectorAll(".js-only");
    for (var h = 0; h < hidden.length; h++) hidden[h].hidden = false;
    var filters = document.querySelector("[data-filters]");
    var wide = window.matchMedia("(min-width: 50.01rem)").matches;
    if (filters && wide) filters.open = true;
    // On a phone the long lists (33 institutions) start folded; a chosen value unfolds its list.
    var groups = document.querySelectorAll("details.facet");
    for (var g = 0; g < groups.length; g++) {
      if (!wide && groups[g].querySelectorAll("li").length > 8) groups[g].open = false;
    }
    var items = document.querySelectorAll(".az .service-list li");
    var status = document.querySelector("[data-filter-status]");
    var activeCount = document.querySelector("[data-filters-active]");
    var clear = document.querySelector("[data-filter-clear]");
    var none = document.querySelector("[data-no-results]");
    var letters = document.querySelectorAll(".az h3.letter");
    var paramOf = function (box) { return box.closest("[data-param]").getAttribute("data-param"); };
    var params = [];
    for (var p = 0; p < boxes.length; p++) if (params.indexOf(paramOf(boxes[p])) < 0) params.push(paramOf(boxes[p]));

    var fromAddress = function () {
      var query = new URLSearchParams(window.location.search);
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = query.getAll(paramOf(boxes[i])).indexOf(boxes[i].value) >= 0;
        if (boxes[i].checked) boxes[i].closest("details.facet").open = true;
      }
    };
    var toAddress = function () {
      var query = new URLSearchParams(window.location.search);
      params.forEach(function (name) { query.delete(name); });
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) query.append(paramOf(boxes[i]), boxes[i].value);
      var search = query.toString();
      var url = window.location.href.replace(/[?#].*$/, "") + (search ? "?" + search : "");
      try { history.pushState(null, "", url); } catch (err) { /* a browser may refuse it on file:// */ }
    };

    var apply = function () {
      var chosen = {}, count = 0;
      for (var i = 0; i < boxes.length; i++) {
        if (!boxes[i].checked) continue;
        var f = boxes[i].getAttribute("data-facet");
        (chosen[f] = chosen[f] || []).push(boxes[i].value);
        count++;
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
        var visible = !!(list && list.querySelector("li:not([hidden])"));
        letters[k].hidden = !visible;
        if (list) list.hidden = !visible;
        var jump = document.querySelector('.letters a[href="#' + letters[k].id + '"]');
        if (jump) jump.parentNode.hidden = !visible;
      }
      if (status) {
        var total = status.getAttribute("data-total");
        status.textContent = count
          ? status.getAttribute("data-label-chosen") + ": " + shown + " " + status.getAttribute("data-label-of") + " " + total
          : status.getAttribute("data-label-all") + ": " + total;
      }
      if (activeCount) activeCount.textContent = count ? "(" + count + ")" : "";
      if (clear) clear.hidden = !count;
      if (none) none.hidden = shown > 0;
    };

    for (var b = 0; b < boxes.length; b++) {
      boxes[b].addEventListener("change", function () { apply(); toAddress(); });
    }
    if (clear) {
      clear.addEventListener("click", function () {
        for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
        apply();
        toAddress();
        if (filters) filters.querySelector("summary").focus();
      });
    }
    window.addEventListener("popstate", function () { fromAddress(); apply(); });
    fromAddress();
    apply();
  }
})();
