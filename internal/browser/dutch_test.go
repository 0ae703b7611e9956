package browser

import (
	"io/fs"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/server"
	"github.com/handbook-dev/handbook/templates"
)

// mixedManual is an English manual with one page in Dutch (lang: nl)
// between two English ones, so the Dutch page has a pager.
var mixedManual = map[string]string{
	"content/_index.md":  "---\ntitle: Manual\n---\nThe manual.\n",
	"content/alpha.md":   "---\ntitle: Alpha\nweight: 1\n---\nText.\n",
	"content/storing.md": "---\ntitle: Storing melden\nlang: nl\nowner: servicedesk@example.com\nreviewed: 2026-10-01\naudience: [staff]\nweight: 2\n---\n## Wanneer\n\nAls iets het niet doet.\n\n## Stappen\n\nBel de Servicedesk.\n\n## Controle\n\nJe krijgt een nummer.\n",
	"content/zulu.md":    "---\ntitle: Zulu\nweight: 3\n---\nText.\n",
}

// TestDutchPageLabels checks a page's own parts (metadata, table of
// contents, pager) in Dutch, in two manuals: a page with lang: nl in an
// English manual, inside a main marked lang="nl" while the site around
// it (the search box) stays English; and a page of the example's Dutch
// site (languages: [en, nl]), Dutch from the html element down.
func TestDutchPageLabels(t *testing.T) {
	example, versioned := served(t)
	mixed := httptest.NewServer(server.Handler(buildSite(t, mixedManual)))
	defer mixed.Close()
	en, _ := render.NewTranslator([]fs.FS{templates.FS}, "en", nil)
	nl := en.For("nl")
	if nl == en {
		t.Fatal("no Dutch table")
	}
	ctx := browser(t)
	for _, tt := range []struct {
		name, url, htmlLang, mainLang, search string
	}{
		{"a Dutch page of an English manual", mixed.URL + "/storing/", "en", "nl", en.T("search_placeholder")},
		{"the example's Dutch site", kindByName(t, "dutch-page").url(example, versioned), "nl", "", nl.T("search_placeholder")},
	} {
		var got struct {
			HTMLLang, MainLang string
			Meta               []string
			TOC, Pager         string
			Search             string
		}
		err := chromedp.Run(ctx,
			chromedp.Navigate(tt.url),
			chromedp.WaitVisible("main h1"),
			chromedp.Evaluate(`({
				HTMLLang: document.documentElement.lang,
				MainLang: document.querySelector('main').lang,
				Meta: [...document.querySelectorAll('main .page-meta dt')].map(e => e.textContent),
				TOC: (document.querySelector('main .toc h2') || {}).textContent || '',
				Pager: (document.querySelector('.pager') || {}).textContent || '',
				Search: (document.querySelector('.search-input') || {}).placeholder || '',
			})`, &got),
		)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.HTMLLang != tt.htmlLang || got.MainLang != tt.mainLang {
			t.Errorf("%s: html lang %q, main lang %q; want %q and %q", tt.name, got.HTMLLang, got.MainLang, tt.htmlLang, tt.mainLang)
		}
		for _, key := range []string{"owner", "last_reviewed", "audience"} {
			if want := nl.T(key); !slices.Contains(got.Meta, want) {
				t.Errorf("%s: metadata labels %q lack %q", tt.name, got.Meta, want)
			}
		}
		if want := nl.T("on_this_page"); got.TOC != want {
			t.Errorf("%s: table of contents %q, want %q", tt.name, got.TOC, want)
		}
		if !strings.Contains(got.Pager, nl.T("previous")) && !strings.Contains(got.Pager, nl.T("next")) {
			t.Errorf("%s: pager %q has neither %q nor %q", tt.name, got.Pager, nl.T("previous"), nl.T("next"))
		}
		if got.Search != tt.search {
			t.Errorf("%s: the search box says %q, want %q", tt.name, got.Search, tt.search)
		}
	}
}
