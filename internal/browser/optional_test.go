package browser

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
)

// scriptErrors collects the page's uncaught exceptions and console
// errors from the moment it is called, so that a test can assert that a
// page worked without a script error, not only that something showed.
type scriptErrors struct {
	mu   sync.Mutex
	list []string
}

func watchScriptErrors(ctx context.Context) *scriptErrors {
	e := &scriptErrors{}
	chromedp.ListenTarget(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg = d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			msg = fmt.Sprintf("uncaught at %s:%d: %s", d.URL, d.LineNumber+1, msg)
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.APITypeError {
				return
			}
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			msg = "console.error: " + strings.Join(args, " ")
		default:
			return
		}
		e.mu.Lock()
		e.list = append(e.list, msg)
		e.mu.Unlock()
	})
	return e
}

func (e *scriptErrors) check(t *testing.T) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, m := range e.list {
		t.Errorf("script error: %s", m)
	}
}

// buildSite writes a site project (slash paths to contents) into a
// temporary folder, builds it, and returns its output folder.
func buildSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := generator.Build(context.Background(), generator.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "public")
}

// procedureTitles is a script listing the titles of the results in box
// that are pages (the audit pages list pages too, by their findings).
func procedureTitles(box string) string {
	return `Array.from(document.querySelectorAll("` + box + ` .search-hit")).filter(h => h.querySelector(".search-kind").textContent === "Procedure").map(h => h.querySelector(".search-title").textContent)`
}

// TestSearchWithoutOptionalKeys searches a manual whose pages set none of
// the optional front-matter keys (no platform, audience, tags, owner,
// lang or kind; most pages have no front matter at all, one only a
// title, one an empty body), without inventory or audit rules of its
// own: typing a query shows results, in the search box and on the
// results page, and no script error happens. The facet tables of such
// an index are empty, which the browser code once read as null.
func TestSearchWithoutOptionalKeys(t *testing.T) {
	public := buildSite(t, map[string]string{
		"content/_index.md":           "# Runbooks\n\nThe team's runbooks.\n",
		"content/database/restore.md": "# Restore the database\n\nStop the writers, then restore the latest backup.\n",
		"content/database/backup.md":  "---\ntitle: Nightly backup\n---\n\nThe backup runs at two. Check the backup log each morning.\n",
		"content/network/firewall.md": "# Firewall changes\n\nEvery firewall change needs a ticket.\n",
		"content/network/empty.md":    "",
	})
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	errs := watchScriptErrors(ctx)

	var titles []string
	var panel string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.search-input`, chromedp.ByQuery),
		chromedp.SendKeys(`.search-input`, "backup", chromedp.ByQuery),
		// Results, or the message of an error the search code caught.
		chromedp.WaitVisible(`.search-panel:not(:empty)`, chromedp.ByQuery),
		chromedp.Text(`.search-panel`, &panel, chromedp.ByQuery),
		chromedp.Evaluate(procedureTitles(".search-panel"), &titles),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) == 0 {
		errs.check(t)
		// An error the search code caught shows in its panel.
		t.Fatalf("query backup: no results; the panel says %q", panel)
	}
	if strings.Join(titles, "|") != "Nightly backup|Restore the database" {
		t.Errorf("query backup: pages found %q, want the backup and restore pages", titles)
	}
	// The filters, which read the lists of audience, tags and owner.
	err = chromedp.Run(ctx,
		chromedp.Click(`.search-panel .search-more-filters`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`.search-panel .search-more-filters`, chromedp.ByQuery),
		chromedp.WaitVisible(`.search-panel .search-hit`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The results page, with a filter on a facet no page uses.
	titles = nil
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=firewall&platform=teams"),
		chromedp.WaitVisible(`#search-results .search-empty, #search-results .search-count`, chromedp.ByQuery),
		chromedp.Navigate(srv.URL+"/search/?q=firewall"),
		chromedp.WaitVisible(`#search-results .search-hit`, chromedp.ByQuery),
		chromedp.Evaluate(procedureTitles("#search-results"), &titles),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(titles, "|") != "Firewall changes" {
		t.Errorf("results page for firewall: %q", titles)
	}
	errs.check(t)
}

// TestScriptErrorsWatcher shows that watchScriptErrors sees an uncaught
// exception and a console error, so that its silence means something.
func TestScriptErrorsWatcher(t *testing.T) {
	ctx := browser(t)
	errs := watchScriptErrors(ctx)
	page := `<p>probe</p><script>console.error("probe one"); setTimeout(function () { throw new Error("probe two") }, 0)</script>`
	var done bool
	err := chromedp.Run(ctx,
		chromedp.Navigate("data:text/html,"+page),
		chromedp.Poll(`new Promise(r => setTimeout(() => r(true), 50))`, &done),
	)
	if err != nil {
		t.Fatal(err)
	}
	errs.mu.Lock()
	got := strings.Join(errs.list, "\n")
	errs.mu.Unlock()
	if !strings.Contains(got, "probe one") || !strings.Contains(got, "probe two") {
		t.Errorf("watched errors:\n%s\nwant the console error and the uncaught exception", got)
	}
}

// TestSearchDutchCompoundSmallSite searches a Dutch manual of three
// pages for "beleid", which no page says on its own: the page titled
// "Wachtwoordbeleid" is found, its compound split by the embedded
// lexicon.
func TestSearchDutchCompoundSmallSite(t *testing.T) {
	public := buildSite(t, map[string]string{
		"handbook.yaml":           "title: Beheer\nlanguage: nl\n",
		"content/_index.md":       "# Beheer\n\nDe handleiding van het team.\n",
		"content/wachtwoord.md":   "# Wachtwoordbeleid\n\nKies een lang wachtwoord en wissel het elk jaar.\n",
		"content/bestellingen.md": "# Bestellingen\n\nElke bestelling gaat via de servicedesk.\n",
	})
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	errs := watchScriptErrors(ctx)
	var titles []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=beleid"),
		chromedp.WaitVisible(`#search-results .search-count, #search-results .search-empty`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-title")).map(e => e.textContent)`, &titles),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) == 0 || titles[0] != "Wachtwoordbeleid" {
		t.Errorf("beleid: results %q, want Wachtwoordbeleid first", titles)
	}
	errs.check(t)
}
