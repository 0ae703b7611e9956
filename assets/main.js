// handbook's site script: small, no framework, and every page works
// without it. It adds the theme switch, the print button, and makes
// folder links work when the site is opened from the file system.
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
