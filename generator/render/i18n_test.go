package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/templates"
)

// TestTranslationTablesComplete checks that every built-in table has
// every key of the English one, and no key it lacks (a typo nothing
// reads): a missing key shows its English text on a Dutch page.
func TestTranslationTablesComplete(t *testing.T) {
	keys := func(name string) map[string]bool {
		src, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := yamlx.Mapping(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := map[string]bool{}
		for _, e := range entries {
			m[e.Key] = true
		}
		return m
	}
	en := keys("i18n/en.yaml")
	tables, _ := fs.Glob(templates.FS, "i18n/*.yaml")
	if len(tables) < 2 {
		t.Fatalf("tables %v: want en.yaml and at least one other", tables)
	}
	for _, name := range tables {
		other := keys(name)
		var missing, extra []string
		for k := range en {
			if !other[k] {
				missing = append(missing, k)
			}
		}
		for k := range other {
			if !en[k] {
				extra = append(extra, k)
			}
		}
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("%s: missing %s; not in en.yaml: %s", name, strings.Join(missing, ", "), strings.Join(extra, ", "))
		}
	}
}

// TestTranslatorForPageLanguage checks that a page's language picks its
// table (region subtags too), the site's overrides staying with the
// site's language, and an unknown language falls back to the site's.
func TestTranslatorForPageLanguage(t *testing.T) {
	tr, d := NewTranslator([]fs.FS{templates.FS}, "en", map[string]string{"owner": "Responsible"})
	if len(d) > 0 {
		t.Fatal(d)
	}
	tests := []struct{ lang, key, want string }{
		{"", "owner", "Responsible"},
		{"en", "owner", "Responsible"},
		{"nl", "owner", "Eigenaar"},
		{"nl-BE", "on_this_page", "Op deze pagina"},
		{"NL", "next", "Volgende"},
		{"de", "owner", "Verantwortlich"},
		{"fr-CA", "next", "Suivant"},
		{"sv", "owner", "Responsible"}, // no table: the site's, with its overrides
	}
	for _, tt := range tests {
		if got := tr.In(tt.lang, tt.key); got != tt.want {
			t.Errorf("In(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	nl, _ := NewTranslator([]fs.FS{templates.FS}, "nl", nil)
	if got := nl.In("en", "owner"); got != "Owner" {
		t.Errorf("an English page of a Dutch site: %q, want Owner", got)
	}
}

// TestProjectTableOverridesByKey checks that a project's own table of a
// language replaces the labels it names and keeps the built-in text of
// the others, in the site's language and in another page language.
func TestProjectTableOverridesByKey(t *testing.T) {
	project := fstest.MapFS{"i18n/nl.yaml": {Data: []byte("owner: Beheerder\n")}}
	for _, site := range []string{"nl", "en"} {
		tr, d := NewTranslator([]fs.FS{project, templates.FS}, site, nil)
		if len(d) > 0 {
			t.Fatal(d)
		}
		nl := tr.For("nl")
		if got := nl.T("owner"); got != "Beheerder" {
			t.Errorf("site %s: Dutch owner = %q, want the project's Beheerder", site, got)
		}
		if got := nl.T("search"); got != "Zoeken" {
			t.Errorf("site %s: Dutch search = %q, want the built-in Zoeken", site, got)
		}
		if got := tr.For("fr").T("owner"); got == "Beheerder" {
			t.Errorf("site %s: the Dutch override reached the French table", site)
		}
	}
}
