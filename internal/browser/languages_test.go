package browser

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/server"
)

// languageManual is a manual in English, Dutch and French: a guest
// access procedure in all three, one on backups in English only.
var languageManual = map[string]string{
	"handbook.yaml":                    "title: Lakeside\nlanguages: [en, nl, fr]\n",
	"content/_index.md":                "---\ntitle: Lakeside\n---\nThe manual.\n",
	"content/_index.nl.md":             "---\ntitle: Lakeside\n---\nHet handboek.\n",
	"content/_index.fr.md":             "---\ntitle: Lakeside\n---\nLe manuel.\n",
	"content/teams/guest-access.md":    "---\ntitle: Guest access\n---\nGuests join a team once its owner approves them. Review the guests every quarter.\n",
	"content/teams/guest-access.nl.md": "---\ntitle: Gasttoegang\n---\nGasten komen in een team als de eigenaar ze goedkeurt. Controleer de gasten elk kwartaal.\n",
	"content/teams/guest-access.fr.md": "---\ntitle: Accès des invités\n---\nLes invités rejoignent une équipe quand son propriétaire les approuve. Revoyez les invités chaque trimestre.\n",
	"content/teams/backups.md":         "---\ntitle: Backups\n---\nThe guests' files are in the nightly backup too.\n",
}

// TestLanguageSearchAndSwitcher searches the French site for a French
// word and finds the French page, not the English one; an English word
// finds nothing there, as each language has its own index. The switcher
// on the French page leads to the Dutch translation, and on the English
// page without a translation to the French home page; at phone width it
// fits the screen.
func TestLanguageSearchAndSwitcher(t *testing.T) {
	public := buildSite(t, languageManual)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	errs := watchScriptErrors(ctx)

	var titles []string
	var empty string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/fr/search/?q=invit%C3%A9s"),
		chromedp.WaitVisible(`#search-results .search-hit`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-hit .search-title")).map(e => e.textContent)`, &titles),
		chromedp.Navigate(srv.URL+"/fr/search/?q=quarter"),
		chromedp.WaitVisible(`#search-results .search-empty`, chromedp.ByQuery),
		chromedp.Text(`#search-results .search-empty`, &empty, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The audit's pages about the pages are found too; no English page is.
	if len(titles) == 0 || titles[0] != "Accès des invités" || strings.Contains(strings.Join(titles, "|"), "Guest") {
		t.Errorf("the French site's results for invités: %q, want the French page first and no English one", titles)
	}
	if !strings.Contains(empty, "quarter") {
		t.Errorf("an English word in the French site: %q, want no results", empty)
	}

	var url, lang, backupsFR string
	var width, viewport int64
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/fr/teams/guest-access/"),
		chromedp.WaitVisible(`.language-switcher`, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
		chromedp.Evaluate(`window.innerWidth`, &viewport),
		chromedp.Click(`.language-switcher a[hreflang="nl"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Location(&url),
		chromedp.Evaluate(`document.documentElement.lang`, &lang),
		chromedp.Navigate(srv.URL+"/teams/backups/"),
		chromedp.WaitVisible(`.language-switcher`, chromedp.ByQuery),
		chromedp.AttributeValue(`.language-switcher a[hreflang="fr"]`, "href", &backupsFR, nil, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if width > viewport {
		t.Errorf("the French page at 390 px is %d px wide", width)
	}
	if !strings.HasSuffix(url, "/nl/teams/guest-access/") || lang != "nl" {
		t.Errorf("the switcher led to %s (lang %q), want the Dutch translation", url, lang)
	}
	if backupsFR != "../../fr/" {
		t.Errorf("an untranslated page's French link: %q, want the French home", backupsFR)
	}
	errs.check(t)
}

// TestLanguageSearchWidened widens a search on the French site to every
// language: an English word the French index lacks is found in the
// English site's index, linked into the English site under a heading in
// English, while the Dutch one reports no results; the checkbox sets
// ?all=1 so the widened search can be shared and reloaded.
func TestLanguageSearchWidened(t *testing.T) {
	public := buildSite(t, languageManual)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	errs := watchScriptErrors(ctx)

	var sections []map[string]string
	var url, location string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/fr/search/?q=quarter"),
		chromedp.WaitVisible(`#search-results .search-empty`, chromedp.ByQuery),
		chromedp.Click(`[data-search-all]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#search-results .search-language .search-hit`, chromedp.ByQuery),
		chromedp.Location(&url),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-language")).map(s => ({
			lang: s.lang, name: s.querySelector("h2").textContent, count: s.querySelector(".search-count").textContent,
			title: (s.querySelector(".search-title") || {}).textContent || "", href: (s.querySelector(".search-hit a") || {}).href || ""}))`, &sections),
		chromedp.Click(`#search-results .search-language .search-hit a`, chromedp.ByQuery),
		chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
		chromedp.Location(&location),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "all=1") {
		t.Errorf("the widened search's address %s lacks all=1", url)
	}
	if len(sections) != 2 || sections[0]["lang"] != "en" || sections[0]["name"] != "English" || sections[1]["lang"] != "nl" || sections[1]["name"] != "Nederlands" {
		t.Fatalf("the other languages' sections: %v, want English then Nederlands", sections)
	}
	if sections[0]["title"] != "Guest access" || !strings.HasSuffix(sections[0]["href"], "/teams/guest-access/") || strings.Contains(sections[0]["href"], "/fr/") {
		t.Errorf("the English hit: %v, want Guest access in the English site", sections[0])
	}
	if !strings.HasPrefix(sections[1]["count"], "0 ") {
		t.Errorf("the Dutch section: %v, want no results", sections[1])
	}
	if !strings.HasSuffix(location, "/teams/guest-access/") || strings.Contains(location, "/fr/") {
		t.Errorf("the English hit led to %s", location)
	}

	// Reloaded with all=1, the search is widened at once.
	var checked bool
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/nl/search/?q=invit%C3%A9s&all=1"),
		chromedp.WaitVisible(`#search-results .search-language .search-hit`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("[data-search-all]").checked`, &checked),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#search-results .search-language")).map(s => ({
			lang: s.lang, title: (s.querySelector(".search-title") || {}).textContent || ""}))`, &sections),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !checked || len(sections) != 2 || sections[1]["lang"] != "fr" || sections[1]["title"] != "Accès des invités" {
		t.Errorf("the Dutch site's widened search for invités: checked %v, %v; want the French page under fr", checked, sections)
	}
	errs.check(t)
}

// TestLanguageSwitcherAccessible runs axe-core over a translated page and
// an untranslated one, with the language switcher, in every view.
func TestLanguageSwitcherAccessible(t *testing.T) {
	axe := axeSource(t)
	public := buildSite(t, languageManual)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browserFor(t, 5*time.Minute)
	for _, path := range []string{"/nl/teams/guest-access/", "/teams/backups/", "/fr/search/?q=guests&all=1"} {
		for _, v := range views {
			vs, err := axeCheck{Name: path, URL: srv.URL + path}.run(ctx, v, axe)
			if err != nil {
				t.Errorf("%s at %s: %v", path, v, err)
			} else if len(vs) > 0 {
				t.Errorf("%s at %s: %d rules broken at serious or critical impact:%s", path, v, len(vs), report(vs))
			}
		}
	}
}
