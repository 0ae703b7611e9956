package site_test

import (
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/site"
)

func TestLanguageOf(t *testing.T) {
	langs := []string{"en", "nl", "fr"}
	tests := []struct {
		languages       []string
		rel, lang       string
		wantLang, wantK string
	}{
		{langs, "teams/guest-access.md", "", "en", "teams/guest-access.md"},
		{langs, "teams/guest-access.nl.md", "", "nl", "teams/guest-access.md"},
		{langs, "teams/_index.FR.md", "", "fr", "teams/_index.md"},
		{langs, "teams/setup.de.md", "", "en", "teams/setup.de.md"}, // de is not a language of the manual
		{langs, "teams/v2.1.md", "", "en", "teams/v2.1.md"},
		{langs, "nl/storing.md", "nl-BE", "nl", "nl/storing.md"},
		{langs, "nl/storing.nl.md", "fr", "nl", "nl/storing.md"}, // the suffix wins over lang
		{langs, "x.md", "de", "en", "x.md"},
		{nil, "x.nl.md", "nl", "", "x.nl.md"}, // one language: nothing is a translation
	}
	for _, tt := range tests {
		lang, key := site.LanguageOf(tt.languages, tt.rel, tt.lang)
		if lang != tt.wantLang || key != tt.wantK {
			t.Errorf("LanguageOf(%v, %q, %q) = %q, %q; want %q, %q", tt.languages, tt.rel, tt.lang, lang, key, tt.wantLang, tt.wantK)
		}
	}
}

// manual is a three-language manual: a page translated into both other
// languages (one by translation_key), one into Dutch only, one not at
// all, and a Dutch home page; English is the default.
var manual = map[string]string{
	"_index.md":                "Home.\n",
	"_index.nl.md":             "---\ntitle: Thuis\n---\nWelkom.\n",
	"teams/_index.md":          "---\ntitle: Teams\n---\nTeams.\n",
	"teams/guest-access.md":    "---\ntitle: Guest access\n---\nSee [the setup](setup.md) and [restore](../restore.md#steps).\n",
	"teams/guest-access.nl.md": "---\ntitle: Gasttoegang\n---\nZie [de inrichting](setup.md) en [herstel](../restore.md#steps).\n",
	"teams/gaeste.fr.md":       "---\ntitle: Accès invité\ntranslation_key: guest-access\n---\nTexte.\n",
	"teams/setup.md":           "---\ntitle: Setup\ntranslation_key: guest-access-setup\n---\nSetup.\n",
	"teams/setup.nl.md":        "---\ntitle: Inrichting\ntranslation_key: guest-access-setup\n---\nInrichting.\n",
	"restore.md":               "---\ntitle: Restore\n---\n## Steps\n\nRestore.\n",
}

// languageSite builds manual's site of one language, as the plan's target
// under its prefix (roots are the paths to the other languages' roots).
func languageSite(t *testing.T, lang string, roots map[string]string) *site.Site {
	t.Helper()
	files := map[string]string{}
	for k, v := range manual {
		files[k] = v
	}
	// guest-access.md and gaeste.fr.md are joined by a key on both sides.
	files["teams/guest-access.md"] = "---\ntitle: Guest access\ntranslation_key: guest-access\n---\nSee [the setup](setup.md) and [restore](../restore.md#steps).\n"
	files["teams/guest-access.nl.md"] = "---\ntitle: Gasttoegang\ntranslation_key: guest-access\n---\nZie [de inrichting](setup.md) en [herstel](../restore.md#steps).\n"
	cfg := config.Default()
	cfg.Languages, cfg.Language = []string{"en", "nl", "fr"}, "en"
	s, diags := buildLinkSiteWith(t, files, cfg, site.Options{Language: lang, LanguageRoots: roots})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s
}

func TestTranslations(t *testing.T) {
	en := languageSite(t, "en", map[string]string{"nl": "nl/", "fr": "fr/"})
	nl := languageSite(t, "nl", map[string]string{"en": "../", "fr": "../fr/"})
	fr := languageSite(t, "fr", map[string]string{"en": "../", "nl": "../nl/"})
	urls := func(s *site.Site) string {
		var out []string
		for _, p := range s.Pages {
			out = append(out, p.URL+"="+p.Title)
		}
		return strings.Join(out, " ")
	}
	// Each site holds its language's pages, at their names without the
	// suffix; a folder without pages of a language is no section of it.
	if got := urls(nl); got != "=Thuis teams/=Teams teams/guest-access/=Gasttoegang teams/setup/=Inrichting" {
		t.Errorf("the Dutch site: %s", got)
	}
	if got := urls(fr); got != "=Handbook teams/=Teams teams/gaeste/=Accès invité" {
		t.Errorf("the French site: %s", got)
	}
	switcher := func(s *site.Site, rel string) string {
		var out []string
		for _, tr := range s.Translations(s.PageBySource(rel)) {
			mark := ""
			if tr.Current {
				mark = "*"
			}
			out = append(out, tr.Language+mark+"="+tr.Href)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		s         *site.Site
		rel, want string
	}{
		{en, "teams/guest-access.md", "en*=./ nl=../../nl/teams/guest-access/ fr=../../fr/teams/gaeste/"},
		{nl, "teams/guest-access.nl.md", "en=../../../teams/guest-access/ nl*=./ fr=../../../fr/teams/gaeste/"},
		{fr, "teams/gaeste.fr.md", "en=../../../teams/guest-access/ nl=../../../nl/teams/guest-access/ fr*=./"},
		{en, "restore.md", "en*=./"},
		{nl, "_index.nl.md", "en=../ nl*=./"},
	}
	for _, tt := range tests {
		if got := switcher(tt.s, tt.rel); got != tt.want {
			t.Errorf("translations of %s in the %s site: %s, want %s", tt.rel, tt.s.Language, got, tt.want)
		}
	}
	// A translation's links go to this language's translation of the
	// page they name, else to the page in the default language's site.
	from := nl.PageBySource("teams/guest-access.nl.md")
	if l := nl.ResolveLink(from, "setup.md", false); l.Page == nil || l.Page.Title != "Inrichting" || l.Href != "../../teams/setup/" {
		t.Errorf("link to a translated page: %+v", l)
	}
	if l := nl.ResolveLink(from, "../restore.md#steps", false); l.Problem != "" || l.Href != "../../../restore/#steps" {
		t.Errorf("link to a page without translation: %+v", l)
	}
	if src := nl.TranslationSource(from); src == nil || src.Rel != "teams/guest-access.md" {
		t.Errorf("source of the Dutch page: %+v", src)
	}
}

func TestTranslationErrors(t *testing.T) {
	tests := []struct {
		name, lang string
		files      map[string]string
		want       string
	}{
		{"two pages of one language for one key", "nl", map[string]string{
			"a.nl.md": "---\ntitle: A\n---\n", "b.md": "---\ntitle: B\ntranslation_key: a.md\n---\n", "c.nl.md": "---\ntitle: C\ntranslation_key: x\n---\n",
			"d.nl.md": "---\ntitle: D\ntranslation_key: x\n---\n"},
			"content/d.nl.md:3:1: a second nl page for translation_key x (also content/c.nl.md)"},
		{"translated_from on a source page", "en", map[string]string{"a.md": "---\ntitle: A\ntranslated_from: 0123abc\n---\n"},
			"content/a.md:3:1: warning: translated_from: the page is in the default language (en), which translations are made from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["_index.md"] = "Home.\n"
			cfg := config.Default()
			cfg.Languages = []string{"en", "nl"}
			_, diags := buildLinkSiteWith(t, tt.files, cfg, site.Options{Language: tt.lang})
			var all []string
			for _, d := range diags {
				all = append(all, d.String())
			}
			if text := strings.Join(all, "\n"); !strings.Contains(text, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, text)
			}
		})
	}
}
