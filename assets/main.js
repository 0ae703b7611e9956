// handbook's site script: small, no framework, and every page works
// without it. It adds the search box, the theme switch, the print button, and makes
// folder links work when the site is opened from the file system.
import { initSearch } from "./search.js";

(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "handbook-theme";

  function applyTheme(t) {
    if (t === "light" || t === "dark") root.setAttribute("data-theme", t);
    else root.removeAttribute("data-theme");
  }
  try { applyTheme(localStorage.getItem(KEY)); } catch (e) { /* storage blocked */ }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // sortable makes a table's column headings sort its rows, as text or as
  // numbers and ISO dates, toggling ascending and descending.
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, col) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "sort";
      btn.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(btn);
      th.setAttribute("aria-sort", "none");
      btn.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && /^[\d.]+$/.test(x) && /^[\d.]+$/.test(y)) ? nx - ny : x.localeCompare(y, undefined, { sensitivity: "base" });
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // filterable adds a search field that hides the rows not containing
  // every typed word, and says how many rows are left ("19 of 78 shown",
  // from data-shown-label) in a polite live region, so that a screen
  // reader hears the count after typing stops instead of every keystroke.
  function filterable(table) {
    var label = document.createElement("label");
    label.className = "table-filter";
    label.textContent = table.getAttribute("data-filter-label") + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.setAttribute("aria-describedby", "hb-filter-help");
    label.appendChild(input);
    var help = document.createElement("span");
    help.id = "hb-filter-help";
    help.className = "filter-help";
    help.textContent = table.getAttribute("data-filter-help");
    var wrap = table.parentNode;
    var shown = document.createElement("span");
    shown.className = "rows-shown";
    shown.setAttribute("aria-live", "polite");
    wrap.parentNode.insertBefore(label, wrap);
    wrap.parentNode.insertBefore(help, wrap);
    wrap.parentNode.insertBefore(shown, wrap);
    var shownLabel = table.getAttribute("data-shown-label") || "%d / %d";
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, n = 0;
      Array.prototype.forEach.call(rows, function (r) {
        var text = r.textContent.toLowerCase();
        r.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
        if (!r.hidden) n++;
      });
      var counts = [n, rows.length];
      shown.textContent = words.length ? shownLabel.replace(/%d/g, function () { return counts.shift(); }) : "";
    });
  }

  // scrollFocus gives every box of the page that scrolls sideways (a
  // long code line, a wide table) a tab stop, so that a keyboard can
  // scroll it too (WCAG 2.1.1), and takes it back when the box fits.
  function scrollFocus() {
    document.querySelectorAll("main pre, main table, main div").forEach(function (el) {
      var x = getComputedStyle(el).overflowX;
      var scrolls = (x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }

  ready(function () {
    // Theme switch: system → light → dark → system.
    var btn = document.querySelector(".theme-toggle");
    if (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var cur = root.getAttribute("data-theme");
        var next = cur === null ? "light" : cur === "light" ? "dark" : null;
        applyTheme(next);
        try {
          if (next) localStorage.setItem(KEY, next); else localStorage.removeItem(KEY);
        } catch (e) { /* storage blocked */ }
      });
    }

    document.querySelectorAll("[data-print]").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
    });

    initSearch();

    document.querySelectorAll("table[data-sortable]").forEach(sortable);
    document.querySelectorAll("table[data-filterable]").forEach(filterable);

    // Hierarchy: one button folds or unfolds every branch.
    document.querySelectorAll(".tree-toggle").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var open = b.textContent === b.getAttribute("data-expand");
        document.querySelectorAll(".hierarchy details").forEach(function (d) { d.open = open; });
        b.textContent = b.getAttribute(open ? "data-collapse" : "data-expand");
      });
    });

    scrollFocus();
    var resized = 0;
    window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(scrollFocus, 200); });

    // Opened from disk or a file share, a folder link shows a directory
    // listing; point it at the folder's index.html instead.
    if (location.protocol === "file:") {
      document.querySelectorAll("a[href]").forEach(function (a) {
        var href = a.getAttribute("href");
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#" || href.charAt(0) === "/") return;
        var m = href.match(/^([^?#]*)(.*)$/);
        var p = m[1];
        if (p === "" || p.slice(-1) === "/") a.setAttribute("href", (p === "" ? "./" : p) + "index.html" + m[2]);
      });
    }
  });
})();
