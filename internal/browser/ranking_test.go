package browser

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/server"
)

// TestSearchRanking runs known-answer queries on the example manual
// through the results page, with the browser's own ranking code: each
// query's expected page must be among the first three results.
func TestSearchRanking(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"renewing certificates", "website/webshop/ov-certificate-renewal/"},                      // stems: renewal, certificate
		{"wachtwoorden", "nl/wachtwoord-wijzigen-en-mfa/"},                                        // Dutch plural
		{"beleid", "nl/wachtwoordbeleid/"},                                                        // Dutch compound part
		{"restore a deleted site", "sharepoint/admin/restore-a-site/"},                            // stop word left out
		{"recycle bin", "sharepoint/usage/restore-files-from-recycle-bin/"},                       // phrase
		{"guests in teams", "teams/guest-access/"},                                                // plural, title
		{"cache purge", "website/cdn-cache-purge/"},                                               // title words
		{"severity", "incidents/severity-levels/"},                                                // one word
		{"retention label", "sharepoint/admin/retention-labels/"},                                 // singular of the title
		{"restroe site", "sharepoint/admin/restore-a-site/"},                                      // one typo
		{"provisio", "sharepoint/admin/site-provisioning/"},                                       // prefix of the last word
		{"HostNed requests", "website/hosting-provider-requests/"},                                // a provider's name
		{"Corporate website", "inventory/web-corporate/"},                                         // an inventory item's name
		{"sp-ops-planning-rotterdam", "inventory/sp-ops-planning-rotterdam/"},                     // an item id
		{"lakesidelogistics.sharepoint.com sites hub-operations", "inventory/sp-hub-operations/"}, // an item URL
		{"certificate expiring", "audit/web-cert-expiring/"},                                      // an audit rule
	}
	public := buildExample(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	for _, tt := range tests {
		var hrefs []string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(tt.query)),
			chromedp.WaitVisible(`#search-results .search-count, #search-results .search-empty`, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-hit a")).slice(0, 3).map(a => a.getAttribute("href"))`, &hrefs),
		)
		if err != nil {
			t.Fatalf("%q: %v", tt.query, err)
		}
		found := false
		for _, h := range hrefs {
			h = strings.TrimPrefix(h, "../")
			if i := strings.IndexByte(h, '#'); i >= 0 {
				h = h[:i]
			}
			found = found || h == tt.want
		}
		if !found {
			t.Errorf("%q: top 3 %q, want %s", tt.query, hrefs, tt.want)
		}
	}
}
