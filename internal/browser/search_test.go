package browser

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/server"
)

// artifactDir is where the search tests save their screenshots:
// $HANDBOOK_ARTIFACTS when set, else artifacts/ beside this file
// (git-ignored), so that they outlive the run.
func artifactDir(t *testing.T) string {
	d := os.Getenv("HANDBOOK_ARTIFACTS")
	if d == "" {
		d = "artifacts"
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

func screenshot(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	p := filepath.Join(artifactDir(t), name)
	if err := savePNG(ctx, p); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// TestSearch types a query into the search box of the example manual
// served on localhost, sees results as it types, narrows them with a
// facet, and opens a result, which lands on the page at the best heading.
func TestSearch(t *testing.T) {
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)

	var count, first, focused string
	var hits []*cdp.Node
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.search-input`, chromedp.ByQuery),
		chromedp.KeyEvent("/"),
		chromedp.Evaluate(`document.activeElement.className`, &focused),
		// CDP types the key's character after the keydown moved the
		// focus; a reader's browser does not (the handler prevents it).
		chromedp.Evaluate(`document.querySelector(".search-input").value = ""`, nil),
		chromedp.SendKeys(`.search-input`, "renewing certificates", chromedp.ByQuery),
		chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
		chromedp.Text(`.search-panel .search-count`, &count, chromedp.ByQuery),
		chromedp.Text(`.search-panel .search-hit .search-title`, &first, chromedp.ByQuery),
		chromedp.Nodes(`.search-panel .search-hit`, &hits, chromedp.ByQueryAll),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; first %q", count, first)
	if focused != "search-input" {
		t.Errorf("/ focused %q, not the search box", focused)
	}
	if strings.Contains(count, "close to") {
		t.Errorf("an inflection unknown to the manual was taken for a typo: %s", count)
	}
	if !strings.Contains(strings.ToLower(first), "certificate") {
		t.Errorf("first result %q, want the certificate renewal procedure", first)
	}
	var marks []*cdp.Node
	if err := chromedp.Run(ctx, chromedp.Nodes(`.search-panel .search-snippet mark`, &marks, chromedp.ByQueryAll)); err != nil || len(marks) == 0 {
		t.Errorf("no highlighted words in the snippets (%v)", err)
	}
	screenshot(ctx, t, "search-results.png")

	// Narrow to procedures with the kind facet.
	var kinds []string
	err = chromedp.Run(ctx,
		chromedp.Click(`.search-panel .search-chip[data-facet=kind][data-value=procedure]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.search-panel .search-chip[aria-pressed=true]`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".search-panel .search-kind")).map(e => e.textContent)`, &kinds),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if k != "Procedure" {
			t.Errorf("after filtering on procedures, a result of kind %q", k)
		}
	}
	screenshot(ctx, t, "search-filtered.png")

	// Enter opens the first result, at its best heading.
	var loc, h1 string
	err = chromedp.Run(ctx,
		chromedp.Focus(`.search-input`, chromedp.ByQuery),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.page-meta`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`main h1`, &h1, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ToLower(h1), "certificate") {
		t.Errorf("opened %s (%q)", loc, h1)
	}
	t.Logf("opened %s", loc)
}

// TestSearchPage opens a shared results link, /search/?q=..., with a
// filter in it.
func TestSearchPage(t *testing.T) {
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	var value string
	var titles []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/nl/search/?q=wachtwoorden"),
		chromedp.WaitVisible(`#search-results .search-hit`, chromedp.ByQuery),
		chromedp.Value(`.search-input`, &value, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-title")).map(e => e.textContent)`, &titles),
	)
	if err != nil {
		t.Fatal(err)
	}
	if value != "wachtwoorden" || len(titles) == 0 {
		t.Fatalf("search page: box %q, results %q", value, titles)
	}
	t.Logf("results: %q", titles)
	screenshot(ctx, t, "search-page.png")

	// A word found nowhere: the pages with the others, said so.
	var count string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/nl/search/?q=wachtwoorden+xyzzyq"),
		chromedp.WaitVisible(`#search-results .search-count`, chromedp.ByQuery),
		chromedp.Text(`#search-results .search-count`, &count, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(count, "een deel van") { // the Dutch site's search_partial
		t.Errorf("partial results not marked: %q", count)
	}
}

// TestSearchFromFileSystem searches a manual opened from disk, as from a
// file share: the index files load as scripts (fetch is refused there)
// and a result opens the page's index.html.
func TestSearchFromFileSystem(t *testing.T) {
	public := buildExample(t)
	ctx := browser(t)
	var loc string
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.Join(public, "nl", "index.html")),
		chromedp.WaitVisible(`.search-input`, chromedp.ByQuery),
		chromedp.SendKeys(`.search-input`, "beleid", chromedp.ByQuery),
		chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
		chromedp.Click(`.search-panel .search-hit a`, chromedp.ByQuery),
		chromedp.WaitVisible(`.page-meta`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loc, "/nl/staff/password-policy/index.html") {
		t.Errorf("opened %s", loc)
	}
}

// TestSearchWithoutJavaScript loads the results page with scripts off:
// the search box stays hidden and the page says why nothing is found.
func TestSearchWithoutJavaScript(t *testing.T) {
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	var formHidden bool
	var text string
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(srv.URL+"/search/?q=beleid"),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".search-form")).display === "none"`, &formHidden),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !formHidden {
		t.Error("the search box shows without JavaScript")
	}
	if !strings.Contains(text, "needs JavaScript") {
		t.Errorf("the results page does not explain itself without JavaScript:\n%s", text)
	}
}
