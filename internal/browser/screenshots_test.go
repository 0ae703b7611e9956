package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestScreenshots writes a full-page PNG of every page kind in every view
// (390 and 1366 px, light and dark) into $HANDBOOK_SCREENSHOTS, named
// <kind>-<width>-<theme>.png, for people to look at (make screenshots);
// without the variable it is skipped.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("HANDBOOK_SCREENSHOTS")
	if dir == "" {
		t.Skip("set HANDBOOK_SCREENSHOTS to a folder (make screenshots) to write the screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	example, versioned := served(t)
	ctx := browserFor(t, 30*time.Minute)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, k := range pageKinds {
		// A subtest per page kind: -run TestScreenshots/hierarchy.
		t.Run(k.Name, func(t *testing.T) {
			for _, v := range views {
				name := fmt.Sprintf("%s-%d-%s.png", k.Name, v.Width, v.Theme)
				if err := shoot(ctx, v, k.url(example, versioned), k.Ready, filepath.Join(dir, name)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
	t.Run("panels", func(t *testing.T) { shootPanels(t, ctx, dir, example, versioned) })
	t.Logf("screenshots: in %s", dir)
}

// shoot opens a page in a view in a tab of its own and saves a full-page
// PNG of it.
func shoot(ctx context.Context, v view, url, ready, path string) error {
	ctx, cancel := tab(ctx, 2*time.Minute)
	defer cancel()
	if err := v.open(ctx, url, ready); err != nil {
		return err
	}
	return savePNG(ctx, path)
}

// savePNG writes a full-page screenshot of the tab at ctx to path.
func savePNG(ctx context.Context, path string) error {
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// shootPanels saves what only opens on a tap: the phone header's drawer
// and search results, and the version switcher open on an old version's
// page, at both widths.
func shootPanels(t *testing.T, ctx context.Context, dir, example, versioned string) {
	// The phone header's two panels: the drawer and the search results.
	for _, scheme := range []string{"light", "dark"} {
		var drawer, search []byte
		err := chromedp.Run(ctx,
			emulateColorScheme(scheme),
			chromedp.ActionFunc(func(ctx context.Context) error { return open(ctx, pageKinds[2], phone, example, versioned) }),
			chromedp.Click(`.menu-button`, chromedp.ByQuery),
			poll(hitJS+`("#sidebar .active a, #sidebar a")`),
			chromedp.CaptureScreenshot(&drawer),
			chromedp.KeyEvent("\x1b"),
			poll(`getComputedStyle(document.querySelector("#sidebar")).visibility === "hidden"`),
			chromedp.Click(`.search-button`, chromedp.ByQuery),
			poll(`document.querySelector(".search-button").getAttribute("aria-expanded") === "true"`),
			input.InsertText("restore"),
			poll(`!!document.querySelector(".search-panel .search-hit")`),
			chromedp.CaptureScreenshot(&search),
		)
		if err != nil {
			t.Fatal(err)
		}
		for name, png := range map[string][]byte{"drawer": drawer, "search": search} {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-phone-%s.png", name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// The version switcher, open, on an old version's page.
		for _, v := range []viewport{phone, desktop} {
			var png []byte
			err := chromedp.Run(ctx,
				v.emulate(),
				chromedp.Navigate(versioned+"/2025/sharepoint/restore/"),
				chromedp.WaitReady(`.theme-toggle:not([hidden])`, chromedp.ByQuery),
				chromedp.Click(`.version-switcher summary`, chromedp.ByQuery),
				chromedp.CaptureScreenshot(&png),
			)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("versions-%s-%s.png", v.Name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
