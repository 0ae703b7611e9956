// handbook serve's live reload: injected into pages by the server, never
// part of a built site. It listens to the server's event stream, reloads
// (or opens the edited page) after a rebuild, and shows an overlay with
// the errors of a failed rebuild until a good one replaces it.
(function () {
  "use strict";
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(problems, built) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "handbook-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #c62828;padding:1rem 1.5rem;" +
      "font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)";
    var title = document.createElement("strong");
    title.textContent = built ?
      "The last edit broke the build; this is the last good version. Fix it and the page reloads." :
      "There is no build yet: the build failed. Fix these errors and the page reloads.";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.2rem";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.location + ": " + p.message;
      list.appendChild(li);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }
  var events = new EventSource("/__handbook/events");
  window.handbookLive = events; // for tests: readyState 1 once connected
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (d.navigate && d.navigate !== location.pathname) {
      location.href = d.navigate;
    } else {
      location.reload();
    }
  });
  events.addEventListener("failure", function (e) {
    var d = JSON.parse(e.data);
    show(d.problems || [], d.built !== false);
  });
  events.addEventListener("ok", hide);
})();
