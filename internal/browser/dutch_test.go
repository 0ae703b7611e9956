package browser

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/templates"
)

// TestDutchPageLabels checks that a page in Dutch (lang: nl) of the
// English example shows its own parts (metadata, table of contents,
// pager) with Dutch labels inside a main marked lang="nl", while the
// site around it stays English.
func TestDutchPageLabels(t *testing.T) {
	example, versioned := served(t)
	kind := kindByName(t, "dutch-page")
	var got struct {
		HTMLLang, MainLang string
		Meta               []string
		TOC, Pager         string
		Search             string
	}
	en, _ := render.NewTranslator([]fs.FS{templates.FS}, "en", nil)
	nl := en.For("nl")
	if nl == en {
		t.Fatal("no Dutch table")
	}
	ctx := browser(t)
	err := chromedp.Run(ctx,
		chromedp.Navigate(kind.url(example, versioned)),
		chromedp.WaitVisible("main h1"),
		chromedp.Evaluate(`({
			HTMLLang: document.documentElement.lang,
			MainLang: document.querySelector('main').lang,
			Meta: [...document.querySelectorAll('main .page-meta dt')].map(e => e.textContent),
			TOC: document.querySelector('main .toc h2').textContent,
			Pager: document.querySelector('.pager').textContent,
			Search: (document.querySelector('.search-input') || {}).placeholder || '',
		})`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got.HTMLLang != "en" || got.MainLang != "nl" {
		t.Errorf("html lang %q, main lang %q; want en around nl", got.HTMLLang, got.MainLang)
	}
	for _, key := range []string{"owner", "last_reviewed", "audience"} {
		if want := nl.T(key); !slices.Contains(got.Meta, want) {
			t.Errorf("metadata labels %q lack %q", got.Meta, want)
		}
	}
	if want := nl.T("on_this_page"); got.TOC != want {
		t.Errorf("table of contents %q, want %q", got.TOC, want)
	}
	if !strings.Contains(got.Pager, nl.T("previous")) && !strings.Contains(got.Pager, nl.T("next")) {
		t.Errorf("pager %q has neither %q nor %q", got.Pager, nl.T("previous"), nl.T("next"))
	}
	if got.Search != en.T("search_placeholder") {
		t.Errorf("the site's search box says %q, want the site's English", got.Search)
	}
}
