/* katalogs: link previews. Pointing at a link in a page's text with a mouse, or reaching it
   with the keyboard, shows the linked object's kind, title and summary from the page's own
   data (#link-previews, written by the build), below the link's line so it never covers it;
   Esc closes it. Taps on touch screens only follow the link. Glossary terms keep their own
   tooltips. Every text is set with textContent. */
(function () {
  "use strict";
  var data = document.getElementById("link-previews");
  if (!data) return;
  var previews;
  try {
    previews = JSON.parse(data.textContent);
  } catch (e) {
    return;
  }
  var GAP = 6;
  var HIDE_DELAY = 250;
  var mouse = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;

  var box = document.createElement("div");
  box.className = "link-preview";
  box.id = "link-preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  document.body.appendChild(box);
  var shownFor = null;
  var dismissedFor = null;
  var hideTimer = null;

  function previewOf(link) {
    if (!link || !link.closest(".body") || link.closest(".term")) return null;
    var href = link.getAttribute("href");
    return href ? previews[href.split("#")[0]] || null : null;
  }
  function part(tag, cls, text) {
    var el = document.createElement(tag);
    el.className = cls;
    el.textContent = text;
    box.appendChild(el);
  }
  // Below the line the link ends on; above it only when there is no room below.
  function place(link) {
    var lines = link.getClientRects();
    var line = lines.length ? lines[lines.length - 1] : link.getBoundingClientRect();
    box.style.left = "0px";
    box.style.top = "0px";
    var width = document.documentElement.clientWidth;
    var left = Math.max(GAP, Math.min(line.left, width - box.offsetWidth - GAP));
    var top = line.bottom + GAP;
    if (top + box.offsetHeight > window.innerHeight && line.top - box.offsetHeight - GAP > 0) {
      top = (lines.length ? lines[0].top : line.top) - box.offsetHeight - GAP;
    }
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }
  function show(link) {
    var p = previewOf(link);
    if (!p || link === dismissedFor) return;
    clearTimeout(hideTimer);
    if (shownFor && shownFor !== link) shownFor.removeAttribute("aria-describedby");
    box.textContent = "";
    part("span", "link-preview-kind", p.kind);
    part("strong", "link-preview-title", p.title);
    if (p.summary) part("span", "link-preview-summary", p.summary);
    box.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", box.id);
    shownFor = link;
  }
  function hide() {
    clearTimeout(hideTimer);
    box.hidden = true;
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }
  function linkOf(target) {
    return target && target.closest ? target.closest("a[href]") : null;
  }
  function focusedByKeyboard(link) {
    try {
      return link.matches(":focus-visible");
    } catch (e) {
      return !("ontouchstart" in window);
    }
  }

  document.addEventListener("focusin", function (e) {
    var link = linkOf(e.target);
    if (link && focusedByKeyboard(link)) show(link);
  });
  document.addEventListener("focusout", function (e) {
    var link = linkOf(e.target);
    if (link && link === dismissedFor) dismissedFor = null;
    if (link && link === shownFor) hide();
  });
  if (mouse) {
    document.addEventListener("mouseover", function (e) {
      if (box.contains(e.target)) {
        clearTimeout(hideTimer);
        return;
      }
      var link = linkOf(e.target);
      if (link && previewOf(link)) show(link);
    });
    document.addEventListener("mouseout", function (e) {
      var link = linkOf(e.target);
      if (link && link === dismissedFor && !link.contains(e.relatedTarget)) dismissedFor = null;
      if ((link && link === shownFor) || box.contains(e.target)) {
        if (!box.contains(e.relatedTarget) && !(shownFor && shownFor.contains(e.relatedTarget))) hideSoon();
      }
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || box.hidden) return;
    dismissedFor = shownFor;
    hide();
  });
  window.addEventListener("resize", hide);
})();
