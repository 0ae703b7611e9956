package browser

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
)

// buildCorpus builds a project of testdata/corpora (shaped like a real
// family of manuals) into a temporary folder, as it is.
func buildCorpus(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("../../testdata/corpora", name))); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Build(context.Background(), generator.Options{Dir: dir, NoCache: true})
	if err != nil {
		t.Fatalf("%s does not build: %v\n%v", name, err, res.Diagnostics)
	}
	return filepath.Join(dir, "public")
}

// TestSearchOnRealCorpora runs a real query on each corpus fixture, in the
// search box and on the results page (wherever the build put it: the
// runbooks own search/), and checks that results come and no script fails
// (sites whose pages set no platform, kind or owner broke the search).
func TestSearchOnRealCorpora(t *testing.T) {
	tests := []struct {
		corpus, query, want string
	}{
		{"learn", "storage limits", "Manage site storage limits"},
		{"runbooks", "reindex catalogue", "Reindexing the catalogue"},
		{"mkdocs", "guest accounts", "Getting started"},
		{"docusaurus", "rollback", "Roll back a release"},
	}
	for _, tt := range tests {
		t.Run(tt.corpus, func(t *testing.T) {
			public := buildCorpus(t, tt.corpus)
			srv := httptest.NewServer(server.Handler(public))
			defer srv.Close()
			ctx := browser(t)
			errs := watchScriptErrors(ctx)
			var titles []string
			var action string
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(1280, 900),
				chromedp.Navigate(srv.URL+"/"),
				chromedp.WaitVisible(`.search-input`, chromedp.ByQuery),
				chromedp.SendKeys(`.search-input`, tt.query, chromedp.ByQuery),
				chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
				chromedp.Evaluate(`Array.from(document.querySelectorAll(".search-panel .search-title")).map(e => e.textContent)`, &titles),
				chromedp.Evaluate(`document.querySelector(".search-input").form.action`, &action),
			)
			if err != nil {
				errs.check(t)
				t.Fatal(err)
			}
			if !contains(titles, tt.want) {
				t.Errorf("search box, %q: results %q, want %q among them", tt.query, titles, tt.want)
			}
			screenshot(ctx, t, "corpus-"+tt.corpus+"-box.png")

			// The results page, reached as the search form submits, at
			// desktop and at phone width.
			for _, width := range []int64{1280, 390} {
				titles = nil
				err = chromedp.Run(ctx,
					chromedp.EmulateViewport(width, 844),
					chromedp.Navigate(action+"?q="+strings.ReplaceAll(tt.query, " ", "+")),
					chromedp.WaitVisible(`#search-results .search-hit`, chromedp.ByQuery),
					chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-title")).map(e => e.textContent)`, &titles),
				)
				if err != nil {
					errs.check(t)
					t.Fatalf("results page %s at %d px: %v", action, width, err)
				}
				if !contains(titles, tt.want) {
					t.Errorf("results page %s at %d px: %q, want %q among them", action, width, titles, tt.want)
				}
			}
			screenshot(ctx, t, "corpus-"+tt.corpus+"-results-phone.png")
			errs.check(t)
		})
	}
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if strings.TrimSpace(s) == want {
			return true
		}
	}
	return false
}
