// The reader's theme choice, shared by the head script (theme.js) and
// the site script (main.js): "light", "dark" or null when the reader has
// not chosen and the system preference decides.
export var THEME_KEY = "handbook-theme";

export function storedTheme() {
  try {
    var t = localStorage.getItem(THEME_KEY);
    return t === "light" || t === "dark" ? t : null;
  } catch (e) {
    return null; // storage blocked
  }
}
