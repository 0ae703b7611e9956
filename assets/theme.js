// handbook's head script: loaded without defer (and not inline, so a
// Content-Security-Policy without 'unsafe-inline' allows it), it runs
// before the body is painted. It applies the stored theme, so a reader who
// chose dark never sees a flash of the light page, and marks the page as
// scripted, so the phone layout can draw the navigation as a drawer from
// the first paint (without JavaScript the sidebar stays in the page).
import { storedTheme } from "./theme-store.js";

(function () {
  var root = document.documentElement;
  root.classList.add("has-js");
  var t = storedTheme();
  if (t) root.setAttribute("data-theme", t);
})();
