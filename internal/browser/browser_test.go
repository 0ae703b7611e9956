// Package browser holds end-to-end tests of the built site in a real
// headless Chromium (Debian's chromium package, driven with chromedp).
// They check what only a browser can: navigation by clicking, the theme
// switch, and folder links when the site is opened from the file system.
package browser

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
)

// chromium finds the browser; CI installs Debian's chromium package.
func chromium(t *testing.T) string {
	for _, name := range []string{os.Getenv("HANDBOOK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found; .ci/run installs Debian's chromium package")
	}
	t.Skip("no Chromium found (apt-get install chromium); skipped outside CI")
	return ""
}

// copyExample copies the bundled example manual (its content, inventory,
// snapshots, assets and handbook.yaml) into dir.
func copyExample(dir string) error {
	for _, d := range []string{"content", "inventory", "data", "assets"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			return err
		}
	}
	cfg, err := os.ReadFile("../../handbook.yaml")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "handbook.yaml"), cfg, 0o644)
}

// buildExample builds the bundled example manual into a temporary folder.
func buildExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyExample(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(context.Background(), generator.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "public")
}

func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 30*time.Second)
}

// browserFor starts a Chromium that the test may use for up to limit:
// the readers' tests visit every page kind in four views, the print test
// prints many PDFs.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "handbook-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", true),
		// A laptop's screen: at headless Chromium's default 800 px the
		// sidebar is a closed drawer behind the menu button.
		chromedp.WindowSize(int(desktop.Width), int(desktop.Height)),
		chromedp.UserDataDir(profile),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		removeProfile(t, profile)
	})
	return ctx
}

// removeProfile deletes Chromium's profile folder. Chromium's helper
// processes can still write into it for a moment after the browser has
// exited, so t.TempDir's single RemoveAll sometimes fails with "directory
// not empty"; this retries for a few seconds instead.
func removeProfile(t *testing.T, dir string) {
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
	}
	t.Logf("Chromium profile %s left behind: %v", dir, err)
}

// TestFileSystemFolderLinks opens the site from disk, as from a file share,
// and follows sidebar, breadcrumb and pager links, which point at folders:
// each must land on the folder's index.html, not a directory listing.
func TestFileSystemFolderLinks(t *testing.T) {
	public := buildExample(t)
	ctx := browser(t)
	var h1, loc string
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.Join(public, "index.html")),
		chromedp.WaitVisible(`.sidebar a[href="confluence/index.html"]`, chromedp.ByQuery),
		chromedp.Click(`.sidebar a[href="confluence/index.html"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`main h1`, &h1, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/confluence/index.html") || !strings.Contains(h1, "Confluence") {
		t.Fatalf("after clicking Confluence: at %s, h1 %q", loc, h1)
	}
	// Next page, then the breadcrumb back to the section.
	err = chromedp.Run(ctx,
		chromedp.Click(`.pager-next`, chromedp.ByQuery),
		chromedp.WaitVisible(`.page-meta`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/index.html") || !strings.Contains(loc, "/confluence/") {
		t.Fatalf("next page at %s", loc)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`.breadcrumbs li:last-child a`, chromedp.ByQuery),
		chromedp.WaitVisible(`.section-pages`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/confluence/index.html") {
		t.Fatalf("breadcrumb led to %s", loc)
	}
}

// TestServedSiteNavigation serves the site over HTTP under a sub-path-free
// root and checks pretty URLs, the table of contents, the theme switch and
// the 404 page.
func TestServedSiteNavigation(t *testing.T) {
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	var loc, theme, title, tocHref string
	var current int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/sharepoint/admin/site-lifecycle/"),
		chromedp.WaitVisible(`.toc a`, chromedp.ByQuery),
		chromedp.AttributeValue(`.toc a`, "href", &tocHref, nil, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.sidebar [aria-current="page"]').length`, &current),
		chromedp.Click(`.toc a`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if current != 1 {
		t.Errorf("sidebar marks %d entries as the current page, want 1", current)
	}
	if !strings.HasPrefix(tocHref, "#") || !strings.HasSuffix(loc, tocHref) {
		t.Errorf("TOC link %q led to %s", tocHref, loc)
	}
	// The theme switch is a toggle (pressed is dark, from the system's
	// light here) and remembers the choice. TestThemeToggle checks more.
	var pressed string
	err = chromedp.Run(ctx,
		emulateColorScheme("light"),
		chromedp.WaitVisible(`.theme-toggle`, chromedp.ByQuery),
		chromedp.Click(`.theme-toggle`, chromedp.ByQuery),
		poll(`document.querySelector(".theme-toggle").getAttribute("aria-pressed") !== "false"`),
		chromedp.AttributeValue(`.theme-toggle`, "aria-pressed", &pressed, nil, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.getAttribute('data-theme')`, &theme),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if theme != "dark" || pressed != "true" {
		t.Errorf("theme after a click = %q (aria-pressed %q), want dark (true)", theme, pressed)
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.documentElement.getAttribute('data-theme')`, &theme),
		chromedp.Navigate(srv.URL+"/no/such/page/"),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Title(&title),
	)
	if err != nil {
		t.Fatal(err)
	}
	if theme != "dark" {
		t.Errorf("theme not remembered across pages: %q", theme)
	}
	if !strings.Contains(title, "Page not found") {
		t.Errorf("404 page title = %q", title)
	}
	// The 404 page's stylesheet loads although the path is three folders deep.
	var styled bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`getComputedStyle(document.querySelector('.site-header')).position === 'sticky'`, &styled)); err != nil {
		t.Fatal(err)
	}
	if !styled {
		t.Error("404 page at a deep path is unstyled: its asset links are not absolute")
	}
}

// TestInventoryTable sorts and filters the inventory table in the browser,
// with no server behind it, and folds the hierarchy.
func TestInventoryTable(t *testing.T) {
	public := buildExample(t)
	ctx := browser(t)
	var total, visible int
	var first, firstAfter, sortState string
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.Join(public, "inventory", "index.html")),
		chromedp.WaitVisible(`.table-filter input`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.inventory-table tbody tr').length`, &total),
		chromedp.SendKeys(`.table-filter input`, "tenders", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.inventory-table tbody tr')).filter(r => !r.hidden).length`, &visible),
	)
	if err != nil {
		t.Fatal(err)
	}
	if total < 60 || visible < 1 || visible >= total {
		t.Fatalf("filter 'tenders': %d of %d rows visible", visible, total)
	}
	// Clear the filter, then sort by name twice: ascending, descending.
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`(() => { const i = document.querySelector('.table-filter input'); i.value = ''; i.dispatchEvent(new Event('input')); return true })()`, nil),
		chromedp.Click(`.inventory-table thead th:first-child button`, chromedp.ByQuery),
		chromedp.Text(`.inventory-table tbody tr:first-child td:first-child`, &first, chromedp.ByQuery),
		chromedp.Click(`.inventory-table thead th:first-child button`, chromedp.ByQuery),
		chromedp.Text(`.inventory-table tbody tr:first-child td:first-child`, &firstAfter, chromedp.ByQuery),
		chromedp.AttributeValue(`.inventory-table thead th:first-child`, "aria-sort", &sortState, nil, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.inventory-table tbody tr')).filter(r => !r.hidden).length`, &visible),
	)
	if err != nil {
		t.Fatal(err)
	}
	if visible != total {
		t.Errorf("after clearing the filter %d of %d rows are visible", visible, total)
	}
	if first == firstAfter || sortState != "descending" || strings.ToLower(first) > strings.ToLower(firstAfter) {
		t.Errorf("sorting by name: first %q then %q (aria-sort %q)", first, firstAfter, sortState)
	}
	// The hierarchy folds every branch with one button.
	var open int
	err = chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.Join(public, "inventory", "hierarchy", "index.html")),
		chromedp.WaitVisible(`.tree-toggle`, chromedp.ByQuery),
		chromedp.Click(`.tree-toggle`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.hierarchy details[open]').length`, &open),
	)
	if err != nil {
		t.Fatal(err)
	}
	if open != 0 {
		t.Errorf("%d branches still open after collapse all", open)
	}
}
