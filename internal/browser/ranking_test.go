package browser

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/server"
	"github.com/handbook-dev/handbook/internal/knownanswers"
)

// TestSearchRanking runs known-answer queries on the example manual
// through the results page, with the browser's own ranking code: each
// query's expected page must be among the first three results, the
// Dutch ones in the Dutch site's own index.
func TestSearchRanking(t *testing.T) {
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	for _, tt := range knownanswers.Queries {
		var hrefs []string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/"+tt.Site()+"search/?q="+url.QueryEscape(tt.Query)),
			chromedp.WaitVisible(`#search-results .search-count, #search-results .search-empty`, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-hit a")).slice(0, 3).map(a => a.getAttribute("href"))`, &hrefs),
		)
		if err != nil {
			t.Fatalf("%q: %v", tt.Query, err)
		}
		found := false
		for _, h := range hrefs {
			h = strings.TrimPrefix(h, "../")
			if i := strings.IndexByte(h, '#'); i >= 0 {
				h = h[:i]
			}
			found = found || h == tt.Want
		}
		if !found {
			t.Errorf("%q (%s): top 3 %q, want %s", tt.Query, tt.Why, hrefs, tt.Want)
		}
	}
}
