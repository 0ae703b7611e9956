package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A view is how a reader sees a page: a window width and a theme.
type view struct {
	Width int64
	// Theme is "light" or "dark": the reader's stored choice, or with
	// System the operating system's scheme, with no choice stored.
	Theme  string
	System bool
}

// views are the phone and desktop widths of issue 16, each in both themes.
var views = []view{{Width: 390, Theme: "light"}, {Width: 390, Theme: "dark"}, {Width: 1366, Theme: "light"}, {Width: 1366, Theme: "dark"}}

func (v view) String() string { return fmt.Sprintf("%d-%s", v.Width, v.Theme) }

// systemScheme is the operating system's colour scheme: the theme's own
// when it comes from the system, else the opposite one, so that a view
// shows the stored choice winning over it.
func (v view) systemScheme() string {
	if v.System == (v.Theme == "dark") {
		return "dark"
	}
	return "light"
}

// tab opens a new tab of the browser at ctx, for up to limit; cancel
// closes it.
func tab(ctx context.Context, limit time.Duration) (tabCtx context.Context, cancel func()) {
	tabCtx, cancelTab := chromedp.NewContext(ctx)
	tabCtx, cancelLimit := context.WithTimeout(tabCtx, limit)
	return tabCtx, func() { cancelLimit(); cancelTab() }
}

// open loads a page kind in a view: the window size (a phone is emulated
// as a mobile device), the theme stored the way the site's toggle stores
// it (localStorage handbook-theme, set before any script of the page
// runs) under the opposite system scheme or else the system's, and waits
// until the page is usable. It fails when the page does not show the view's theme.
func (v view) open(ctx context.Context, url, ready string) error {
	if ready == "" {
		ready = "main h1"
	}
	height := int64(900)
	var opts []chromedp.EmulateViewportOption
	if v.Width < 820 {
		height = 844
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	var dark bool
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(v.Width, height, opts...),
		emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v.systemScheme()}}),
		chromedp.ActionFunc(func(ctx context.Context) error {
			store := fmt.Sprintf(`localStorage.setItem("handbook-theme", %q)`, v.Theme)
			if v.System {
				store = `localStorage.removeItem("handbook-theme")`
			}
			_, err := page.AddScriptToEvaluateOnNewDocument(`try { ` + store + ` } catch (e) {}`).Do(ctx)
			return err
		}),
		chromedp.Navigate(url),
		chromedp.WaitVisible(ready, chromedp.ByQuery),
		chromedp.Evaluate(isDarkJS, &dark),
	)
	if err != nil {
		return err
	}
	if dark != (v.Theme == "dark") {
		return fmt.Errorf("the page shows the %s theme's background, not the stored %s theme", map[bool]string{true: "dark", false: "light"}[dark], v.Theme)
	}
	return nil
}

// isDarkJS reports whether the page's background is dark (relative
// luminance below one half), whatever mechanism applied the theme.
const isDarkJS = `(() => {
	const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).map(Number);
	return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
})()`

// axeSource returns axe-core's axe.min.js: from HANDBOOK_AXE, or the
// npm package pinned in axe/ (installed by .ci/run, or make axe). It
// skips outside CI when it is missing and fails in CI, as chromium does.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HANDBOOK_AXE")
	if path == "" {
		path = filepath.Join("axe", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err == nil {
		return string(src)
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("axe-core not found (%v); .ci/run installs it with npm ci in internal/browser/axe", err)
	}
	t.Skipf("axe-core not found (%v); install it with: make axe (npm ci in internal/browser/axe); skipped outside CI", err)
	return ""
}

// axeTags are the rule sets the accessibility test runs: WCAG 2.0, 2.1
// and 2.2 levels A and AA, and axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// An axeViolation is one rule axe-core found broken on a page, with the
// elements (CSS selectors) that break it.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct {
		Impact  string
		Target  []string
		HTML    string
		Summary string
	}
}

// runAxe injects axe-core into the loaded page and returns the rules
// broken at serious or critical impact, with only their serious or
// critical elements.
func runAxe(ctx context.Context, axe string) ([]axeViolation, error) {
	tags, _ := json.Marshal(axeTags)
	var raw string
	err := chromedp.Run(ctx,
		chromedp.Evaluate(axe, nil),
		chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
			ID: v.id, Impact: v.impact, Help: v.help, HelpURL: v.helpUrl,
			Nodes: v.nodes.map(n => ({Impact: n.impact, Target: n.target.map(s => [].concat(s).join(" >>> ")), HTML: n.html.slice(0, 120), Summary: n.failureSummary}))
		}))))`, &raw, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		return nil, err
	}
	var all []axeViolation
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		return nil, err
	}
	var bad []axeViolation
	for _, v := range all {
		nodes := v.Nodes[:0]
		for _, n := range v.Nodes {
			if n.Impact == "serious" || n.Impact == "critical" {
				nodes = append(nodes, n)
			}
		}
		if len(nodes) > 0 {
			v.Nodes = nodes
			bad = append(bad, v)
		}
	}
	return bad, nil
}

// report lists violations for a failure message: each rule with its
// impact, help and every element's selector and opening tag, and axe's explanation of the
// first element (for colour contrast it names both colours and the ratio).
func report(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s [%s] %s (%s)", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s   %s", strings.Join(n.Target, ", "), n.HTML)
		}
		fmt.Fprintf(&b, "\n    first: %s", strings.ReplaceAll(v.Nodes[0].Summary, "\n", " "))
	}
	return b.String()
}

// An axeCheck is a page in a state axe-core checks: a page kind as
// loaded, or after an action (the header search panel opened).
type axeCheck struct {
	Name, URL, Ready string
	// Act, when set, runs after the page is ready and before axe.
	Act chromedp.Action
	// DesktopOnly checks run at the desktop width only.
	DesktopOnly bool
}

// headerSearch types a query into the header's search box and waits for
// the results panel beneath it.
func headerSearch(query string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(fmt.Sprintf(`(() => { const i = document.querySelector(".search-form input"); i.focus(); i.value = %q; i.dispatchEvent(new Event("input")); })()`, query), nil),
		chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
	}
}

// TestAccessibility runs axe-core (WCAG 2 A and AA, and best practices)
// on every page kind, at phone and desktop width, in the light and the
// dark theme, and on the header's search panel showing results. It fails
// on every serious or critical violation, naming the page, the view, the
// rule and the elements.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	example, versioned := served(t)
	var checks []axeCheck
	for _, k := range pageKinds {
		checks = append(checks, axeCheck{Name: k.Name, URL: k.url(example, versioned), Ready: k.Ready})
	}
	checks = append(checks, axeCheck{Name: "header-search-panel", URL: example + "/confluence/", Act: headerSearch("guest access"), DesktopOnly: true})

	ctx := browserFor(t, 30*time.Minute)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		// A subtest per page: -run TestAccessibility/audit-dashboard.
		t.Run(c.Name, func(t *testing.T) {
			for _, v := range views {
				if c.DesktopOnly && v.Width < 820 {
					continue
				}
				where := fmt.Sprintf("%s (%s) at %d px, %s theme", c.Name, strings.TrimPrefix(strings.TrimPrefix(c.URL, example), versioned), v.Width, v.Theme)
				vs, err := c.run(ctx, v, axe)
				if err != nil {
					t.Errorf("%s: %v", where, err)
				} else if len(vs) > 0 {
					t.Errorf("%s: %d rules broken at serious or critical impact:%s", where, len(vs), report(vs))
				}
			}
		})
	}
}

// run checks the page in a view in a tab of its own.
func (c axeCheck) run(ctx context.Context, v view, axe string) ([]axeViolation, error) {
	ctx, cancel := tab(ctx, 2*time.Minute)
	defer cancel()
	if err := v.open(ctx, c.URL, c.Ready); err != nil {
		return nil, err
	}
	if c.Act != nil {
		if err := chromedp.Run(ctx, c.Act); err != nil {
			return nil, err
		}
	}
	vs, err := runAxe(ctx, axe)
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %v", err)
	}
	return vs, nil
}

// TestSearchCombobox checks the ARIA 1.2 combobox of the header's search
// box (axe-core sees one state; this walks through them): collapsed until
// there are hits, then expanded over a labelled listbox whose options are
// the result links themselves, the arrow keys moving the active option,
// Escape collapsing it; on the results page the box is a plain search
// field over plain links.
func TestSearchCombobox(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	// state describes the box and its popup in one string.
	const state = `(() => {
		const i = document.querySelector(".search-input"), l = document.getElementById(i.getAttribute("aria-controls"));
		const opts = l ? Array.from(l.querySelectorAll("[role=option]")) : [];
		return [i.getAttribute("role"), i.getAttribute("aria-expanded"), l && l.getAttribute("role"),
			l && l.getAttribute("aria-labelledby") && document.getElementById(l.getAttribute("aria-labelledby")).textContent.length > 0,
			opts.length > 0 && opts.every(o => o.tagName === "A" && o.tabIndex === -1 && !o.querySelector("a, button")),
			(document.getElementById(i.getAttribute("aria-activedescendant")) || {}).id === (opts.find(o => o.getAttribute("aria-selected") === "true") || {}).id,
			opts.findIndex(o => o.id === i.getAttribute("aria-activedescendant"))].join(" ");
	})()`
	var collapsed, expanded, down, escaped, page string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(example+"/confluence/"),
		chromedp.WaitVisible(`.search-input`, chromedp.ByQuery),
		chromedp.Evaluate(state, &collapsed),
		chromedp.SendKeys(`.search-input`, "guest access", chromedp.ByQuery),
		chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
		chromedp.Evaluate(state, &expanded),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.Evaluate(state, &down),
		chromedp.KeyEvent(kb.Escape),
		chromedp.Evaluate(state, &escaped),
		chromedp.Navigate(example+"/search/?q=guest+access"),
		chromedp.WaitVisible(`#search-results .search-hit`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const i = document.querySelector(".search-input");
			return [i.getAttribute("role"), i.hasAttribute("aria-expanded"), document.querySelectorAll("#search-results [role=listbox], #search-results [role=option], #search-results [aria-selected]").length,
				Array.from(document.querySelectorAll("#search-results .search-hit a")).every(a => a.tabIndex === 0)].join(" "); })()`, &page),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		// role, aria-expanded, popup role, popup labelled, options are links, active = selected, active index
		{"before typing", collapsed, "combobox false   false true -1"},
		{"with hits", expanded, "combobox true listbox true true true 0"},
		{"after ArrowDown", down, "combobox true listbox true true true 1"},
		{"after Escape", escaped, "combobox false listbox true true false -1"},
		// role, aria-expanded, listbox/option/selected count, links tabbable
		{"on the results page", page, " false 0 true"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
}

// coloursJS lists the text, background and border colour of every
// element of the page, one line each, named by tag and class.
const coloursJS = `Array.from(document.querySelectorAll("body *")).map(e => {
	const s = getComputedStyle(e);
	return e.tagName.toLowerCase() + "." + (e.getAttribute("class") || "") + " " + s.color + " " + s.backgroundColor + " " + s.borderTopColor + " " + s.fill;
})`

// TestSystemThemeMatchesStored checks that a theme taken from the
// system's colour scheme colours every element as the same theme chosen
// with the toggle: the stylesheets state each dark palette twice (under
// data-theme and under prefers-color-scheme), and TestAccessibility
// measures only the stored one.
func TestSystemThemeMatchesStored(t *testing.T) {
	example, versioned := served(t)
	ctx := browserFor(t, 10*time.Minute)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatal(err)
	}
	colours := func(v view, k pageKind) []string {
		tctx, cancel := tab(ctx, time.Minute)
		defer cancel()
		var cs []string
		if err := v.open(tctx, k.url(example, versioned), k.Ready); err != nil {
			t.Fatalf("%s in %+v: %v", k.Name, v, err)
		}
		if err := chromedp.Run(tctx, chromedp.Evaluate(coloursJS, &cs)); err != nil {
			t.Fatal(err)
		}
		return cs
	}
	for _, k := range pageKinds {
		switch k.Name {
		case "runbook", "audit-dashboard", "status", "search-results", "inventory-list":
		default:
			continue
		}
		for _, theme := range []string{"light", "dark"} {
			stored, system := colours(view{1366, theme, false}, k), colours(view{1366, theme, true}, k)
			if len(stored) != len(system) {
				t.Errorf("%s, %s: %d elements with the stored theme, %d with the system's", k.Name, theme, len(stored), len(system))
				continue
			}
			for i := range stored {
				if stored[i] != system[i] {
					t.Errorf("%s, %s theme: stored %s, from the system %s", k.Name, theme, stored[i], system[i])
					break
				}
			}
		}
	}
}
