// handbook's site script: small, no framework, and every page works
// without it. It adds the search box, the theme switch, the print button,
// the phone header (navigation drawer, search button), copy buttons on
// code blocks, and makes folder links work when the site is opened from
// the file system. The stored theme is applied earlier, by theme.js.
import { initSearch } from "./search.js";
import { THEME_KEY } from "./theme-store.js";

(function () {
  "use strict";
  var root = document.documentElement;

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

  // initThemeToggle makes the theme button a two-state toggle: pressed
  // means dark. Until the reader presses it the system preference decides
  // (and the button follows it); a press stores the choice, which theme.js
  // applies before the first paint of every later page.
  function initThemeToggle() {
    var btn = document.querySelector(".theme-toggle");
    if (!btn) return;
    var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
    function isDark() {
      var t = root.getAttribute("data-theme");
      return t ? t === "dark" : systemDark.matches;
    }
    function sync() { btn.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    btn.hidden = false;
    sync();
    systemDark.addEventListener("change", sync);
    btn.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* storage blocked */ }
      sync();
    });
  }

  // NARROW matches where style.css draws the header collapsed and the
  // sidebar as a drawer (the "Phone header" block); keep the two equal.
  var NARROW = window.matchMedia("(max-width: 62rem)");

  // initDrawer turns the menu button into the opener of the sidebar as a
  // drawer on narrow screens. Open, the rest of the page is inert (no focus,
  // no clicks, no scrolling behind); Escape, the close button and the
  // backdrop close it and give focus back to the menu button. Without
  // JavaScript the menu link jumps to the sidebar in the page instead.
  function initDrawer() {
    var btn = document.querySelector(".menu-button"), nav = document.getElementById("sidebar");
    if (!btn || !nav) return;
    var link = document.querySelector(".menu-link"), close = nav.querySelector(".drawer-close");
    var layout = nav.parentNode, main = document.querySelector("main");
    var backdrop = document.createElement("div");
    backdrop.className = "drawer-backdrop";
    backdrop.hidden = true;
    document.body.appendChild(backdrop);
    btn.hidden = false;
    if (link) link.hidden = true;
    if (close) close.hidden = false;
    var isOpen = false;
    function behind() {
      var els = Array.prototype.filter.call(document.body.children, function (el) { return el !== layout && el !== backdrop; });
      if (main) els.push(main);
      return els;
    }
    function setOpen(open, refocus) {
      if (open === isOpen) return;
      isOpen = open;
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("drawer-open", open);
      backdrop.hidden = !open;
      if (open) (close || nav.querySelector("a") || nav).focus();
      behind().forEach(function (el) { el.inert = open; });
      if (!open && refocus) btn.focus();
    }
    btn.addEventListener("click", function () { setOpen(true); });
    if (close) close.addEventListener("click", function () { setOpen(false, true); });
    backdrop.addEventListener("click", function () { setOpen(false, true); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && isOpen) { e.preventDefault(); setOpen(false, true); }
    });
    // Widened past the breakpoint, the sidebar is a column again.
    NARROW.addEventListener("change", function () { if (!NARROW.matches) setOpen(false); });
  }

  // initSearchButton: on narrow screens the header has no room for the
  // search box; the search button opens it across the header (one tap,
  // focus in the box) and closes it again, as do Escape and a tap outside.
  function initSearchButton() {
    var header = document.querySelector(".site-header");
    var btn = header && header.querySelector(".search-button"), form = header && header.querySelector(".search-form");
    if (!btn || !form) return;
    var input = form.querySelector("input");
    if (!form.id) form.id = "site-search";
    btn.setAttribute("aria-controls", form.id);
    btn.hidden = false;
    function setOpen(open) {
      header.classList.toggle("search-open", open);
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) input.focus();
    }
    btn.addEventListener("click", function () { setOpen(!header.classList.contains("search-open")); });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && header.classList.contains("search-open")) { setOpen(false); btn.focus(); }
    });
    document.addEventListener("pointerdown", function (e) {
      if (header.classList.contains("search-open") && !header.contains(e.target)) setOpen(false);
    });
    // The search keys (search.js focuses the box) open it first.
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (NARROW.matches && ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey)))) setOpen(true);
    });
    NARROW.addEventListener("change", function () { if (!NARROW.matches) setOpen(false); });
  }

  // copyText puts text on the clipboard: with the Clipboard API where the
  // page may use it, else (an old browser, a page opened from disk where
  // the API is refused) through a selected textarea and execCommand.
  function copyText(text) {
    function legacy() {
      return new Promise(function (resolve, reject) {
        var ta = document.createElement("textarea"), focused = document.activeElement;
        ta.value = text;
        ta.setAttribute("readonly", "");
        ta.className = "copy-buffer";
        document.body.appendChild(ta);
        ta.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { /* unsupported */ }
        document.body.removeChild(ta);
        if (focused && focused.focus) focused.focus();
        if (ok) resolve(); else reject(new Error("copy refused"));
      });
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(legacy);
    }
    return legacy();
  }

  // initCopyButtons adds a copy button to every code block of the page
  // content; the button says "Copied" for a moment and a polite live
  // region announces it. When copying is refused the code is selected,
  // ready for the reader's own copy.
  function initCopyButtons() {
    var pres = document.querySelectorAll("main .content pre");
    if (!pres.length) return;
    var header = document.querySelector(".site-header");
    var label = (header && header.getAttribute("data-copy-label")) || "Copy";
    var copied = (header && header.getAttribute("data-copied-label")) || "Copied";
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    pres.forEach(function (pre) {
      var wrap = document.createElement("div");
      wrap.className = "code-block";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy-code";
      b.textContent = label;
      wrap.appendChild(b);
      var timer = 0;
      b.addEventListener("click", function () {
        copyText(pre.textContent.replace(/\n$/, "")).then(function () {
          b.textContent = copied;
          status.textContent = copied;
          clearTimeout(timer);
          timer = setTimeout(function () { b.textContent = label; status.textContent = ""; }, 2000);
        }, function () {
          window.getSelection().selectAllChildren(pre);
        });
      });
    });
  }

  ready(function () {
    initThemeToggle();
    initDrawer();
    initSearchButton();
    initCopyButtons();

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
