package site_test

import (
	"strings"
	"testing"

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

func TestTranslations(t *testing.T) {
	s, diags := buildSite(t, "languages: [en, nl, fr]\n", map[string]string{
		"_index.md":                "Home.\n",
		"teams/guest-access.md":    "---\ntitle: Guest access\n---\nText.\n",
		"teams/guest-access.nl.md": "---\ntitle: Gasttoegang\n---\nTekst.\n",
		"teams/gaeste.fr.md":       "---\ntitle: Accès invité\ntranslation_key: guests\n---\nTexte.\n",
		"teams/guests.md":          "---\ntitle: Guests\ntranslation_key: guests\n---\nText.\n",
		"teams/only-english.md":    "---\ntitle: Only English\n---\nText.\n",
	})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	titles := func(ps []*site.Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Language+":"+p.Title)
		}
		return strings.Join(out, " ")
	}
	nl := s.PageBySource("teams/guest-access.nl.md")
	if got := titles(s.Translations(nl)); got != "en:Guest access nl:Gasttoegang" {
		t.Errorf("translations of the Dutch page: %s", got)
	}
	if src := s.TranslationSource(nl); src == nil || src.Title != "Guest access" {
		t.Errorf("source of the Dutch page: %v", src)
	}
	fr := s.PageBySource("teams/gaeste.fr.md")
	if got := titles(s.Translations(fr)); got != "en:Guests fr:Accès invité" {
		t.Errorf("translations by translation_key: %s", got)
	}
	en := s.PageBySource("teams/only-english.md")
	if got := titles(s.Translations(en)); got != "en:Only English" || s.TranslationSource(en) != nil {
		t.Errorf("a page without translations: %s", got)
	}
}

func TestTranslationErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"two pages of one language for one key", map[string]string{
			"a.nl.md": "---\ntitle: A\n---\n", "b.md": "---\ntitle: B\ntranslation_key: a.md\n---\n", "c.nl.md": "---\ntitle: C\ntranslation_key: x\n---\n",
			"d.nl.md": "---\ntitle: D\ntranslation_key: x\n---\n"},
			"content/d.nl.md:3:1: a second nl page for translation_key x (also content/c.nl.md)"},
		{"translated_from on a source page", map[string]string{"a.md": "---\ntitle: A\ntranslated_from: 0123abc\n---\n"},
			"content/a.md:3:1: warning: translated_from: the page is in the default language (en), which translations are made from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["_index.md"] = "Home.\n"
			_, diags := buildSite(t, "languages: [en, nl]\n", tt.files)
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
