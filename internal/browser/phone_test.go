package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// A viewport is a screen the readers' tests look at the site on.
type viewport struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

var (
	smallPhone = viewport{"phone-320", 320, 640, true}
	phone      = viewport{"phone", 390, 844, true}
	desktop    = viewport{"desktop", 1366, 768, false}
)

// emulate sets the viewport (a phone also gets touch and the mobile
// meta-viewport handling).
func (v viewport) emulate() chromedp.EmulateAction {
	if v.Mobile {
		return chromedp.EmulateViewport(v.Width, v.Height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(v.Width, v.Height)
}

// ready is the selector that says a page kind is usable.
func (k pageKind) ready() string {
	if k.Ready != "" {
		return k.Ready
	}
	return "main h1"
}

// hasNavigation says whether the page kind shows the manual's navigation:
// the print view leaves it out on purpose (it is for paper).
func (k pageKind) hasNavigation() bool { return k.Name != "print-section" }

// open loads a page kind in the tab at the viewport and waits until its
// scripts have run.
func open(ctx context.Context, k pageKind, v viewport, example, versioned string) error {
	return chromedp.Run(ctx,
		v.emulate(),
		chromedp.Navigate(k.url(example, versioned)),
		chromedp.WaitVisible(k.ready(), chromedp.ByQuery),
		chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
	)
}

// overflowJS, called with the screen's width, reports the page's width
// against it and, when wider, the innermost elements reaching past the
// right edge, so a failure names what to fix. The screen's width, not
// innerWidth: a phone zooms a too-wide page out until it fits, and then
// innerWidth is the page's width.
const overflowJS = `(w => {
  const sw = document.documentElement.scrollWidth;
  if (sw <= w) return "";
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right <= w + 0.5 || r.width === 0) continue;
    if (Array.from(el.children).some(c => c.getBoundingClientRect().right > w + 0.5)) continue;
    out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " (right " + Math.round(r.right) + ")");
    if (out.length === 5) break;
  }
  return "page " + sw + " px wide on a " + w + " px screen (inner width " + innerWidth + "): " + out.join(", ");
})`

// TestPageKindsFitTheScreen checks every page kind at 320, 390 and 1366
// px: no sideways scroll; on phones the header shows the menu and search
// buttons and the sidebar is out of the way (a closed drawer); on the
// desktop the sidebar is in view and there is no menu button.
func TestPageKindsFitTheScreen(t *testing.T) {
	example, versioned := served(t)
	ctx := browserFor(t, 3*time.Minute)
	for _, k := range pageKinds {
		t.Run(k.Name, func(t *testing.T) {
			if err := open(ctx, k, phone, example, versioned); err != nil {
				t.Fatal(err)
			}
			for _, v := range []viewport{smallPhone, phone, desktop} {
				var overflow string
				var menuShown, searchShown, sidebarInView bool
				err := chromedp.Run(ctx,
					v.emulate(),
					chromedp.Evaluate(fmt.Sprintf("%s(%d)", overflowJS, v.Width), &overflow),
					chromedp.Evaluate(`(() => { const b = document.querySelector(".menu-button"); return !!b && b.getClientRects().length > 0 })()`, &menuShown),
					chromedp.Evaluate(`(() => { const b = document.querySelector(".search-button"); return !!b && b.getClientRects().length > 0 })()`, &searchShown),
					chromedp.Evaluate(`(() => { const n = document.querySelector("#sidebar"), r = n.getBoundingClientRect();
					  return getComputedStyle(n).visibility === "visible" && r.width > 0 && r.left >= 0 && r.left < innerWidth })()`, &sidebarInView),
				)
				if err != nil {
					t.Fatal(err)
				}
				if overflow != "" {
					t.Errorf("at %s: sideways scroll: %s", v.Name, overflow)
				}
				narrow := v.Width < 992
				if !k.hasNavigation() {
					continue
				}
				if menuShown != narrow || searchShown != narrow {
					t.Errorf("at %s: menu button shown %v, search button shown %v, want %v", v.Name, menuShown, searchShown, narrow)
				}
				if sidebarInView == narrow {
					t.Errorf("at %s: sidebar in view %v, want %v", v.Name, sidebarInView, !narrow)
				}
			}
		})
	}
}

// hitJS reports whether a tap at the middle of the element found by the
// selector lands on it, i.e. it is on screen, visible and not covered.
const hitJS = `(sel => { const el = document.querySelector(sel); if (!el) return false;
  const r = el.getBoundingClientRect(); if (r.width === 0 || r.right > innerWidth || r.bottom > innerHeight || r.left < 0 || r.top < 0) return false;
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!at && (at === el || el.contains(at)) })`

// poll waits until the expression is true (the drawer slides in).
func poll(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(5*time.Second))
}

// TestPhoneNavigationDrawer opens the navigation on every page kind at
// 390 px with the menu button: the drawer's links can be tapped, focus is
// inside it, the page behind does not scroll, and Escape (or the close
// button, or the backdrop) closes it and gives focus back to the button.
func TestPhoneNavigationDrawer(t *testing.T) {
	example, versioned := served(t)
	ctx := browserFor(t, 3*time.Minute)
	closers := []struct {
		name   string
		action chromedp.Action
	}{
		{"Escape", chromedp.KeyEvent("\x1b")},
		{"close button", chromedp.Click(`.drawer-close`, chromedp.ByQuery)},
		{"backdrop", chromedp.MouseClickXY(float64(phone.Width)-10, float64(phone.Height)/2)},
	}
	for i, k := range pageKinds {
		if !k.hasNavigation() {
			continue
		}
		closer := closers[i%len(closers)]
		t.Run(k.Name, func(t *testing.T) {
			if err := open(ctx, k, phone, example, versioned); err != nil {
				t.Fatal(err)
			}
			link := `#sidebar ul:not(.drawer-links) a`
			var expanded, focusInside, scrolled, hidden, focusBack string
			err := chromedp.Run(ctx,
				chromedp.Click(`.menu-button`, chromedp.ByQuery),
				poll(hitJS+`(`+jsString(link)+`)`),
				chromedp.AttributeValue(`.menu-button`, "aria-expanded", &expanded, nil, chromedp.ByQuery),
				chromedp.Evaluate(`String(document.querySelector("#sidebar").contains(document.activeElement))`, &focusInside),
				// The reader cannot scroll the page behind, nor reach it.
				chromedp.Evaluate(`String(getComputedStyle(document.documentElement).overflowY !== "hidden" || !document.querySelector("main").inert)`, &scrolled),
			)
			if err != nil {
				t.Fatalf("opening the drawer: %v", err)
			}
			if expanded != "true" || focusInside != "true" || scrolled != "false" {
				t.Errorf("open drawer: aria-expanded %s, focus inside %s, page behind scrollable %s", expanded, focusInside, scrolled)
			}
			err = chromedp.Run(ctx,
				closer.action,
				poll(`getComputedStyle(document.querySelector("#sidebar")).visibility === "hidden"`),
				chromedp.AttributeValue(`.menu-button`, "aria-expanded", &hidden, nil, chromedp.ByQuery),
				chromedp.Evaluate(`String(document.activeElement === document.querySelector(".menu-button"))`, &focusBack),
			)
			if err != nil {
				t.Fatalf("closing the drawer with %s: %v", closer.name, err)
			}
			if hidden != "false" || focusBack != "true" {
				t.Errorf("closed with %s: aria-expanded %s, focus back on the menu button %s", closer.name, hidden, focusBack)
			}
		})
	}
	// A drawer link is a working link: it leads to its page.
	var href, loc string
	err := chromedp.Run(ctx,
		phone.emulate(),
		chromedp.Navigate(example+"/"),
		chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
		chromedp.Click(`.menu-button`, chromedp.ByQuery),
		poll(hitJS+`(".drawer-links a")`),
		chromedp.AttributeValue(`.drawer-links a`, "href", &href, nil, chromedp.ByQuery),
		chromedp.Click(`.drawer-links a`, chromedp.ByQuery),
		chromedp.WaitVisible(`.inventory-table`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/inventory/") {
		t.Errorf("the drawer's first header link (%s) led to %s", href, loc)
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string { return fmt.Sprintf("%q", s) }

// TestPhoneSearch searches on every page kind at 390 px: one tap on the
// search button opens the box across the header with the focus in it, and
// typing shows results inside the viewport that can be tapped.
func TestPhoneSearch(t *testing.T) {
	example, versioned := served(t)
	ctx := browserFor(t, 3*time.Minute)
	for _, k := range pageKinds {
		t.Run(k.Name, func(t *testing.T) {
			if err := open(ctx, k, phone, example, versioned); err != nil {
				t.Fatal(err)
			}
			var focused bool
			var width float64
			err := chromedp.Run(ctx,
				chromedp.Click(`.search-button`, chromedp.ByQuery),
				poll(`document.querySelector(".search-button").getAttribute("aria-expanded") === "true"`),
				chromedp.Evaluate(`document.activeElement === document.querySelector(".search-input")`, &focused),
				chromedp.Evaluate(`document.querySelector(".search-input").getBoundingClientRect().width`, &width),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !focused || width < float64(phone.Width)/2 {
				t.Fatalf("after one tap: search box focused %v, %.0f px wide", focused, width)
			}
			// The results go to the panel the box controls (the results
			// page's own list on the search page).
			hit := `#" + document.querySelector(".search-input").getAttribute("aria-controls") + " .search-hit a`
			var inside bool
			err = chromedp.Run(ctx,
				input.InsertText("restore"),
				poll(`!!document.querySelector("#" + document.querySelector(".search-input").getAttribute("aria-controls") + " .search-hit a")`),
				chromedp.Evaluate(`(() => { const panel = document.getElementById(document.querySelector(".search-input").getAttribute("aria-controls"));
				  const r = panel.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && document.documentElement.scrollWidth <= innerWidth })()`, &inside),
				poll(hitJS+`("`+hit+`")`),
			)
			if err != nil {
				t.Fatalf("typing in the search box: %v", err)
			}
			if !inside {
				t.Error("the search results reach outside the viewport")
			}
		})
	}
	// The search key opens the box too (a tablet with a keyboard).
	var focused bool
	err := chromedp.Run(ctx,
		phone.emulate(),
		chromedp.Navigate(example+"/"),
		chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
		chromedp.KeyEvent("/"),
		poll(`document.querySelector(".search-button").getAttribute("aria-expanded") === "true"`),
		chromedp.Evaluate(`document.activeElement === document.querySelector(".search-input") && document.activeElement.getBoundingClientRect().width > 0`, &focused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !focused {
		t.Error("at 390 px the / key does not put the focus in the search box")
	}
}

// TestThemeToggle checks the two-state theme button: aria-pressed means
// dark, it starts from the system preference, a press is remembered across
// pages, and a stored dark choice is applied by the head script alone
// (the site script blocked), so the first paint is already dark.
func TestThemeToggle(t *testing.T) {
	example, _ := served(t)
	for _, tc := range []struct {
		system      string
		wantInitial string
	}{
		{"light", "false"},
		{"dark", "true"},
	} {
		t.Run("system "+tc.system, func(t *testing.T) {
			ctx := browser(t)
			var initial, afterClick, stored, theme, again string
			err := chromedp.Run(ctx,
				emulateColorScheme(tc.system),
				chromedp.Navigate(example+"/confluence/"),
				chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
				chromedp.AttributeValue(`.theme-toggle`, "aria-pressed", &initial, nil, chromedp.ByQuery),
				chromedp.Evaluate(`window.pressedBefore = document.querySelector(".theme-toggle").getAttribute("aria-pressed")`, nil),
				chromedp.Click(`.theme-toggle`, chromedp.ByQuery),
				// The click's handler runs after the input event is sent.
				poll(`document.querySelector(".theme-toggle").getAttribute("aria-pressed") !== window.pressedBefore`),
				chromedp.AttributeValue(`.theme-toggle`, "aria-pressed", &afterClick, nil, chromedp.ByQuery),
				chromedp.Evaluate(`String(localStorage.getItem("handbook-theme"))`, &stored),
				chromedp.Navigate(example+"/tags/"),
				chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
				chromedp.Evaluate(`String(document.documentElement.getAttribute("data-theme"))`, &theme),
				chromedp.AttributeValue(`.theme-toggle`, "aria-pressed", &again, nil, chromedp.ByQuery),
			)
			if err != nil {
				t.Fatal(err)
			}
			flipped := map[string]string{"true": "false", "false": "true"}[tc.wantInitial]
			want := map[string]string{"true": "dark", "false": "light"}[flipped]
			if initial != tc.wantInitial || afterClick != flipped || stored != want || theme != want || again != flipped {
				t.Errorf("system %s: pressed %s, after a click %s (stored %s); next page theme %s, pressed %s; want %s, %s (%s)",
					tc.system, initial, afterClick, stored, theme, again, tc.wantInitial, flipped, want)
			}
		})
	}
	t.Run("stored dark before the site script", func(t *testing.T) {
		ctx := browser(t)
		var theme, background string
		err := chromedp.Run(ctx,
			emulateColorScheme("light"),
			chromedp.Navigate(example+"/tags/"),
			chromedp.Evaluate(`localStorage.setItem("handbook-theme", "dark")`, nil),
			blockURLs("*/main-*.js"),
			chromedp.Navigate(example+"/confluence/"),
			chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
			chromedp.Evaluate(`String(document.documentElement.getAttribute("data-theme"))`, &theme),
			chromedp.Evaluate(`getComputedStyle(document.body).backgroundColor`, &background),
		)
		if err != nil {
			t.Fatal(err)
		}
		var scripted bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(`!document.querySelector(".theme-toggle").hidden`, &scripted)); err != nil {
			t.Fatal(err)
		}
		if scripted {
			t.Fatal("main.js ran although blocked: the check proves nothing")
		}
		if theme != "dark" || background != "rgb(13, 17, 23)" {
			t.Errorf("stored dark, site script blocked: data-theme %s, background %s", theme, background)
		}
	})
}

// TestCopyButton copies a code block with its button, through the
// Clipboard API and through the fallback for browsers (and pages opened
// from disk) without it: the copied text is the code, the button says
// so, a polite status announces it, and the button is not printed.
func TestCopyButton(t *testing.T) {
	example, _ := served(t)
	for _, tc := range []struct {
		name, setup string
	}{
		{"clipboard API", `navigator.clipboard.writeText = text => { window.copiedText = text; return Promise.resolve() }`},
		{"fallback", `Object.defineProperty(navigator, "clipboard", { value: undefined });
		  document.execCommand = cmd => { if (cmd !== "copy") return false; window.copiedText = document.activeElement.value; return true }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browser(t)
			var name, code, copied, label, status, printed string
			err := chromedp.Run(ctx,
				chromedp.Navigate(example+"/website/runbooks/certificate-expired/"),
				chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
				chromedp.Evaluate(tc.setup, nil),
				chromedp.Evaluate(`document.querySelector(".code-block .copy-code").textContent`, &name),
				chromedp.Evaluate(`document.querySelector(".code-block pre").textContent.replace(/\n$/, "")`, &code),
				chromedp.Click(`.code-block .copy-code`, chromedp.ByQuery),
				poll(`document.querySelector('[role=status]') && document.querySelector('[role=status]').textContent !== ""`),
				chromedp.Evaluate(`String(window.copiedText)`, &copied),
				chromedp.Evaluate(`document.querySelector(".code-block .copy-code").textContent`, &label),
				chromedp.Evaluate(`document.querySelector("[role=status]").textContent`, &status),
				emulatePrint(),
				chromedp.Evaluate(`getComputedStyle(document.querySelector(".copy-code")).display`, &printed),
			)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(name) == "" || code == "" || copied != code {
				t.Errorf("button %q copied %q, want the code %q", name, copied, code)
			}
			if label != "Copied" || status != "Copied" {
				t.Errorf("after copying: button %q, status %q, want Copied", label, status)
			}
			if printed != "none" {
				t.Errorf("copy button printed (display %s)", printed)
			}
		})
	}
}

// emulateColorScheme sets the system colour scheme the page sees.
func emulateColorScheme(scheme string) chromedp.Action {
	return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}})
}

// emulatePrint applies the print stylesheet to the page on screen.
func emulatePrint() chromedp.Action {
	return emulation.SetEmulatedMedia().WithMedia("print")
}

// blockURLs makes requests matching the patterns fail.
func blockURLs(patterns ...string) chromedp.Action {
	return chromedp.Tasks{network.Enable(), network.SetBlockedURLs(patterns)}
}

// TestVersionSwitcherInHeader checks that the version switcher is drawn in
// the header's row, at 390 and 1366 px: inside the header's box, clear of
// its other controls, still there after scrolling, and its list opens in
// the viewport.
func TestVersionSwitcherInHeader(t *testing.T) {
	_, versioned := served(t)
	ctx := browserFor(t, time.Minute)
	for _, v := range []viewport{phone, desktop} {
		t.Run(v.Name, func(t *testing.T) {
			var placed, afterScroll, listInView string
			err := chromedp.Run(ctx,
				v.emulate(),
				chromedp.Navigate(versioned+"/sharepoint/restore/"),
				chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
				chromedp.Evaluate(switcherPlacementJS, &placed),
				chromedp.Evaluate(`scrollTo(0, 400)`, nil),
				chromedp.Evaluate(switcherPlacementJS, &afterScroll),
				chromedp.Click(`.version-switcher summary`, chromedp.ByQuery),
				chromedp.WaitVisible(`.version-switcher ul`, chromedp.ByQuery),
				chromedp.Evaluate(`(() => { const r = document.querySelector(".version-switcher ul").getBoundingClientRect();
				  return r.width > 0 && r.left >= 0 && r.right <= innerWidth ? "" : "list at " + r.left + "–" + r.right })()`, &listInView),
			)
			if err != nil {
				t.Fatal(err)
			}
			for what, problem := range map[string]string{"placed": placed, "after scrolling": afterScroll, "open list": listInView} {
				if problem != "" {
					t.Errorf("%s: %s", what, problem)
				}
			}
		})
	}
}

// switcherPlacementJS says what is wrong with the switcher's place: ""
// when its button is inside the header's box and overlaps none of the
// header's visible controls.
const switcherPlacementJS = `(() => {
  const h = document.querySelector(".site-header").getBoundingClientRect();
  const s = document.querySelector(".version-switcher summary").getBoundingClientRect();
  if (s.top < h.top || s.bottom > h.bottom || s.right > innerWidth || s.width === 0) return "switcher " + JSON.stringify(s) + " outside the header " + JSON.stringify(h);
  for (const c of document.querySelectorAll(".site-header > *")) {
    const r = c.getBoundingClientRect();
    if (r.width && r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) return "switcher overlaps " + c.className;
  }
  return "";
})()`

// TestPhoneWithoutJavaScript checks the header at 390 px with scripts off:
// the menu link leads to the sidebar, whose links (the header's too) can
// be tapped, and nothing scrolls sideways.
func TestPhoneWithoutJavaScript(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	var overflow string
	var linkTappable, scripted bool
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		phone.emulate(),
		chromedp.Navigate(example+"/confluence/create-a-space/"),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Evaluate(`!document.querySelector(".menu-button").hidden || document.documentElement.classList.contains("has-js")`, &scripted),
		chromedp.Evaluate(fmt.Sprintf("%s(%d)", overflowJS, phone.Width), &overflow),
		chromedp.Click(`.menu-link`, chromedp.ByQuery),
		poll(`location.hash === "#sidebar"`),
		chromedp.Evaluate(hitJS+`(".drawer-links a")`, &linkTappable),
	)
	if err != nil {
		t.Fatal(err)
	}
	if scripted {
		t.Fatal("the site's scripts ran: the check proves nothing")
	}
	if overflow != "" {
		t.Errorf("sideways scroll: %s", overflow)
	}
	if !linkTappable {
		t.Error("after the menu link, the sidebar's links are not on screen")
	}
}
