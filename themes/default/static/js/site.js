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
  // The catalogue is paginated; a filter works over all of it: the first time one is used, the
  // catalogue's filter data (atlase.js: titles, addresses and facet codes of every service) is
  // loaded with a script element (file:// allows no fetch), and the matches are listed in place
  // of the page's own list, a page's worth at a time ("show more").
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-facet]"));
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
    var section = document.querySelector("[data-catalogue-data]");
    var staticList = document.querySelector("[data-static-list]");
    var results = document.querySelector("[data-filter-results]");
    var resultList = results && results.querySelector("ul");
    var more = results && results.querySelector("[data-show-more]");
    var letterIndex = document.querySelector(".az nav.letters");
    var items = document.querySelectorAll(".az [data-static-list] .service-list li");
    var status = document.querySelector("[data-filter-status]");
    var activeCount = document.querySelector("[data-filters-active]");
    var clear = document.querySelector("[data-filter-clear]");
    var none = document.querySelector("[data-no-results]");
    var letters = document.querySelectorAll(".az h3.letter");
    var label = function (name) { return section ? section.getAttribute("data-label-" + name) || "" : ""; };
    var pageSize = section ? parseInt(section.getAttribute("data-page-size"), 10) || 100 : 100;
    var paramOf = function (box) { return box.closest("[data-param]").getAttribute("data-param"); };
    var params = [];
    for (var p = 0; p < boxes.length; p++) if (params.indexOf(paramOf(boxes[p])) < 0) params.push(paramOf(boxes[p]));

    // The filter data: null until loaded; "failed" when it cannot be (then the page's own list).
    var data = null, loading = false;
    var loadData = function () {
      if (loading || data || !section) return;
      loading = true;
      section.setAttribute("aria-busy", "true");
      var done = function () { loading = false; section.removeAttribute("aria-busy"); apply(); };
      window.katalogsCatalogueData = function (d) { data = d; done(); };
      var script = document.createElement("script");
      script.src = section.getAttribute("data-catalogue-data");
      script.onerror = function () { data = "failed"; done(); };
      document.head.appendChild(script);
    };

    // A large facet shows its most used values only; a value the address names that is not
    // among them gets a box of its own (named by its code), so a shared address filters alike.
    var onChange = function () { apply(); toAddress(); };
    var addMissing = function (query) {
      var facets = document.querySelectorAll("details.facet[data-param]");
      for (var d = 0; d < facets.length; d++) {
        var param = facets[d].getAttribute("data-param");
        var some = facets[d].querySelector("input[data-facet]");
        var list = facets[d].querySelector("ul");
        if (!some || !list) continue;
        query.getAll(param).forEach(function (value) {
          if (boxes.some(function (b) { return paramOf(b) === param && b.value === value; })) return;
          var li = document.createElement("li");
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.setAttribute("data-facet", some.getAttribute("data-facet"));
          box.value = value;
          box.addEventListener("change", onChange);
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + value));
          li.appendChild(label);
          list.insertBefore(li, list.firstChild);
          boxes.push(box);
        });
      }
    };

    var fromAddress = function () {
      var query = new URLSearchParams(window.location.search);
      addMissing(query);
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

    // One matching service of the filter data as a list entry like the page's own.
    var entry = function (s, holderFacet) {
      var li = document.createElement("li");
      // The facet codes as on the page's own entries (data-audience="iedzivotaji uznemeji" …).
      for (var f = 0; f < data.f.length; f++) {
        li.setAttribute("data-" + data.f[f], s[2][f].map(function (v) { return data.v[f][v]; }).join(" "));
      }
      var a = document.createElement("a");
      a.href = s[1];
      a.textContent = s[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      var meta = document.createElement("span");
      meta.className = "svc-meta";
      var holder = holderFacet >= 0 ? s[2][holderFacet][0] : undefined;
      meta.textContent = holder === undefined ? "" : data.h[holder];
      if (s[3]) {
        meta.appendChild(document.createTextNode(" · "));
        var badge = document.createElement("span");
        badge.className = "badge badge-e";
        badge.textContent = label("electronic");
        meta.appendChild(badge);
      }
      if (s[4]) meta.appendChild(document.createTextNode(" · " + s[4] + " " + label("variants")));
      li.appendChild(meta);
      return li;
    };
    var matches = [], shownCount = 0;
    var showMore = function () {
      var holderFacet = data.f.indexOf("holder");
      var end = Math.min(matches.length, shownCount + pageSize);
      var fragment = document.createDocumentFragment();
      for (var i = shownCount; i < end; i++) fragment.appendChild(entry(matches[i], holderFacet));
      resultList.appendChild(fragment);
      shownCount = end;
      more.hidden = shownCount >= matches.length;
    };

    var apply = function () {
      var chosen = {}, count = 0;
      for (var i = 0; i < boxes.length; i++) {
        if (!boxes[i].checked) continue;
        var f = boxes[i].getAttribute("data-facet");
        (chosen[f] = chosen[f] || []).push(boxes[i].value);
        count++;
      }
      var total = status ? status.getAttribute("data-total") : "";
      var whole = count > 0 && section && results;
      if (whole && !data) loadData();
      var useData = whole && data && data !== "failed";
      var shown = 0;
      if (useData) {
        // Per chosen facet, the indexes of its chosen values in the data.
        var wanted = [];
        for (var facet in chosen) {
          var fi = data.f.indexOf(facet);
          wanted.push([fi, chosen[facet].map(function (v) { return data.v[fi].indexOf(v); })]);
        }
        matches = data.s.filter(function (s) {
          return wanted.every(function (w) {
            return s[2][w[0]].some(function (v) { return w[1].indexOf(v) >= 0; });
          });
        });
        resultList.textContent = "";
        shownCount = 0;
        showMore();
        shown = matches.length;
      } else {
        // No filter: the page as built. A filter before (or without) the data: this page's part.
        for (var j = 0; j < items.length; j++) {
          var li = items[j], ok = true;
          for (var name in chosen) {
            var have = (li.getAttribute("data-" + name) || "").split(" ");
            var any = chosen[name].some(function (v) { return have.indexOf(v) >= 0; });
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
        }
      }
      if (staticList) staticList.hidden = !!useData;
      if (results) results.hidden = !useData;
      if (letterIndex) letterIndex.hidden = count > 0;
      var pagerNav = staticList && staticList.querySelector("[data-pager]");
      if (pagerNav) pagerNav.hidden = count > 0;
      if (status) {
        if (whole && loading) status.textContent = label("loading");
        else if (count) {
          status.textContent = status.getAttribute("data-label-chosen") + ": " + shown + " " + status.getAttribute("data-label-of") + " " + total +
            (whole && data === "failed" ? " — " + label("failed") : "");
        } else status.textContent = status.getAttribute("data-label-all") + ": " + total;
      }
      if (activeCount) activeCount.textContent = count ? "(" + count + ")" : "";
      if (clear) clear.hidden = !count;
      if (none) none.hidden = !(count && !(whole && loading) && shown === 0);
    };

    if (more) more.addEventListener("click", function () { showMore(); });
    for (var b = 0; b < boxes.length; b++) boxes[b].addEventListener("change", onChange);
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
